package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeRuns(t *testing.T, body string) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "runs.csv"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Paired differences follow the replicates: b − a is exactly 10 in every
// pair although the runs vary widely, so the paired interval is [10, 10]
// while the Welch interval is wide.
func TestPairedByReplicate(t *testing.T) {
	dir := writeRuns(t, `run_id,scenario,point,replicate,seed,status,final_active
0,a,0,0,11,ok,100
1,a,0,1,12,ok,300
2,a,0,2,13,ok,500
3,b,0,0,11,ok,110
4,b,0,1,12,ok,310
5,b,0,2,13,ok,510
6,b,0,3,14,failed,NaN
`)
	rs, err := read(dir)
	if err != nil {
		t.Fatal(err)
	}
	c, err := compare(rs, "a", "b", "final_active", true)
	if err != nil {
		t.Fatal(err)
	}
	if c.n != 3 || c.diff != 10 || c.lo != 10 || c.hi != 10 || !c.significant {
		t.Errorf("paired: %+v, want n 3, diff 10 in [10, 10]", c)
	}
	w, err := compare(rs, "a", "b", "final_active", false)
	if err != nil {
		t.Fatal(err)
	}
	if w.diff != 10 || w.lo > -100 || w.significant {
		t.Errorf("Welch: %+v, want a wide interval around 10", w)
	}
}

func TestPairingNeedsCommonSeeds(t *testing.T) {
	dir := writeRuns(t, `run_id,scenario,point,replicate,seed,status,final_active
0,a,0,0,11,ok,100
1,b,0,0,99,ok,110
`)
	rs, err := read(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := compare(rs, "a", "b", "final_active", true); err == nil || !strings.Contains(err.Error(), "-unpaired") {
		t.Errorf("err = %v, want a refusal that points to -unpaired", err)
	}
}

func TestRobustness(t *testing.T) {
	sig := func(d float64) contrast { return contrast{diff: d, significant: true, valid: true} }
	ns := func(d float64) contrast { return contrast{diff: d, valid: true} }
	for _, tc := range []struct {
		cs   []contrast
		want string
	}{
		{[]contrast{sig(1), sig(2)}, "yes"},
		{[]contrast{sig(1), ns(2)}, "**fragile**"},
		{[]contrast{sig(1), sig(-2)}, "**fragile**"},
		{[]contrast{ns(1), ns(-2)}, "no effect"},
		{[]contrast{sig(1)}, ""},
	} {
		if got := robustness(tc.cs); got != tc.want {
			t.Errorf("robustness(%+v) = %q, want %q", tc.cs, got, tc.want)
		}
	}
}
