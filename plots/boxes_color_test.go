package plots

import "testing"

// A group with an explicit Color keeps that palette colour whatever its
// position, so a scenario looks the same in every figure.
func TestGroupColor(t *testing.T) {
	if got, want := groupColor(0, Group{Color: 2}), seriesNRGBA(1); got != want {
		t.Errorf("Color 2 at position 0: %v, want %v", got, want)
	}
	if got, want := groupColor(3, Group{}), seriesNRGBA(3); got != want {
		t.Errorf("no Color at position 3: %v, want %v", got, want)
	}
	if seriesNRGBA(0) == seriesNRGBA(1) {
		t.Error("palette colours 0 and 1 are equal; the test proves nothing")
	}
	if _, err := Boxes(Axes{Title: "t", X: "x", Y: "y"}, []Group{{Label: "a", Values: []float64{1, 2}, Color: 2}}); err != nil {
		t.Fatal(err)
	}
}
