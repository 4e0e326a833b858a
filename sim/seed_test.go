package sim

import "testing"

func TestRunSeed(t *testing.T) {
	a := RunSeed(1, "commons", 0, 0)
	if a != RunSeed(1, "commons", 0, 0) {
		t.Fatal("RunSeed is not a function of its arguments")
	}
	others := []uint64{RunSeed(2, "commons", 0, 0), RunSeed(1, "extractive", 0, 0), RunSeed(1, "commons", 1, 0), RunSeed(1, "commons", 0, 1)}
	for i, o := range others {
		if o == a {
			t.Errorf("case %d: seed did not change with the run identity", i)
		}
		if o >= 1<<63 {
			t.Errorf("seed %d does not fit in int64", o)
		}
	}
	// Scenario names are delimited: ("ab", point) never collides with ("a", ...).
	if RunSeed(1, "ab", 0, 0) == RunSeed(1, "a", 0, 0) {
		t.Error("collision")
	}
}
