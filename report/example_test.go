package report_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"

	"commonsim/report"
)

// Build reads a result set (here a tiny hand-made one: scenarios alpha and
// beta, three runs each) and writes summary.csv, comparison.csv and
// report.md; the report is also written to Out.
func ExampleBuild() {
	tmp, err := os.MkdirTemp("", "report-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	dir := writeSyntheticIn(logFatal{}, filepath.Join(tmp, "rs"))

	var text strings.Builder
	var r *report.Report
	r, err = report.Build(dir, report.Options{Plots: false, Out: &text})
	if err != nil {
		log.Fatal(err)
	}
	for _, g := range r.Groups {
		fmt.Printf("%s: %d runs, %d failed\n", g.Label, g.Runs, g.Failed)
	}
	// The differences between the groups, in words.
	lines := strings.Split(text.String(), "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "## beta compared with alpha") {
			fmt.Println(strings.Join(lines[i:i+7], "\n"))
		}
	}
	// Output:
	// alpha: 3 runs, 1 failed
	// beta: 3 runs, 0 failed
	// ## beta compared with alpha
	//
	// Clear differences (the 95% confidence interval of the difference beta − alpha excludes 0):
	//
	// - beta has a lower commons value at the end than alpha: 2.0 vs 11.0, difference -9.0 [-11.3, -6.7], Cliff's delta -1.00.
	//
	// No clear difference (the interval includes 0: these runs cannot tell the two apart):
}

// logFatal stops an example on a helper's error.
type logFatal struct{}

func (logFatal) Helper()           {}
func (logFatal) Fatal(args ...any) { log.Fatal(args...) }
