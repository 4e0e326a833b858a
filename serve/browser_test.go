package serve

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"commonsim/analysis"
	"commonsim/internal/browsertest"
	"commonsim/results"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestBrowser drives the page in a real browser as a student would: load,
// move a slider, Go, wait until the charts have drawn ticks, pin the run,
// change the scenario, Go again, check that both runs are drawn (the Lorenz
// curves of work and of benefit, and survival, too), and save a screenshot
// (into COMMONSIM_SCREENSHOT_DIR when set, else the test's temporary
// directory). Then it downloads the run log and the scenario file and runs
// the file as `commonsim run` does, presses "Run as batch" and verifies the
// result set as `commonsim verify` does, and reloads the page: the pin is
// still there. It fails on any JavaScript exception.
//
// The runs are short (52 weeks of a smaller community) so that the test is
// quick even under -race; COMMONSIM_LAB_FULL=1 runs the built-in scenarios
// at their full length instead, for the README's screenshot.
func TestBrowser(t *testing.T) {
	exe := browsertest.Find(t)
	full := os.Getenv("COMMONSIM_LAB_FULL") == "1"
	var args []string
	first, second := "builtin:commons", "builtin:extractive"
	if !full {
		dir := t.TempDir()
		for _, name := range []string{"commons", "extractive"} {
			// Forks found nothing here: a fork of the platform would
			// found a commons that returns revenue, and the benefit chart
			// is checked on a run that returned none.
			text := fmt.Sprintf("extends = %q\nname = %q\ndescription = \"%s, one year of a smaller community (for the browser test)\"\n[run]\nticks = 52\n[population]\ninitial = 30\n[fork]\nfound = false\n", name, name, name)
			p := filepath.Join(dir, name+".toml")
			if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			args = append(args, p)
		}
		first, second = "file:1", "file:2"
	}
	exports := t.TempDir()
	lab, ts := newLab(t, Options{Scenarios: args, Version: "browser-test", ExportDir: exports})
	lab.noPlots = raceEnabled // the report's figures take a minute under -race

	// The full run's window is tall enough for the README's picture to show
	// the two Lorenz charts below the six time series.
	height := 1000
	if full {
		height = 1540
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), browsertest.Options(exe, 1440, height)...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 4*time.Minute) // a bound on a hang, not a speed target
	defer cancel()

	var mu sync.Mutex
	var jsErrors []string
	if err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*runtime.EventExceptionThrown); ok {
			mu.Lock()
			d := e.ExceptionDetails
			msg := fmt.Sprintf("%s (%s:%d:%d)", d.Text, d.URL, d.LineNumber+1, d.ColumnNumber+1)
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			jsErrors = append(jsErrors, msg)
			mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	eval := func(expr string) string {
		t.Helper()
		return browsertest.Eval(ctx, t, expr)
	}
	wait := func(what, expr string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(3*time.Minute))); err != nil {
			t.Fatalf("waiting until %s: %v (run state %s)", what, err, eval(`JSON.stringify(window.commonsimLab && commonsimLab.state())`))
		}
	}

	do("load the page", chromedp.Navigate(ts.URL), chromedp.WaitVisible(chromedp.CSS("#charts figure")))
	wait("the scenario is picked", fmt.Sprintf(`document.querySelector("#scenario").value === %q`, first))

	// A value out of range is marked beside its control, with what is allowed.
	field := chromedp.CSS(`.param[data-key="economy.capture_rate"] .num`)
	do("type a bad value", chromedp.Focus(field), chromedp.KeyEvent(kb.End+"5"))
	wait("the error is shown beside the control", `(() => { const e = document.querySelector('.param[data-key="economy.capture_rate"] .error'); return !e.hidden && e.textContent.includes("out of range (allowed: 0 to 1"); })()`)
	errShot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	do("put it back", chromedp.Evaluate[chromedp.Void](`(() => { const f = document.querySelector('.param[data-key="economy.capture_rate"] .num'); f.value = "0"; f.dispatchEvent(new Event("input")); })()`))
	wait("the error is gone", `document.querySelector('.param[data-key="economy.capture_rate"] .error').hidden`)

	// Move the capture-rate slider with the keyboard, as a student would.
	slider := chromedp.CSS(`.param[data-key="economy.capture_rate"] input[type=range]`)
	do("move a slider", chromedp.Focus(slider), chromedp.KeyEvent(strings.Repeat(kb.ArrowRight, 10)))
	if v := eval(`document.querySelector('.param[data-key="economy.capture_rate"] .num').value`); v != "0.1" {
		t.Fatalf("after moving the slider the field shows %q, want 0.1", v)
	}
	if eval(`String(document.querySelector('.param[data-key="economy.capture_rate"]').classList.contains("changed"))`) != "true" {
		t.Error("the moved control is not marked changed")
	}

	pinName := "commons, 10% captured"
	if full {
		// The README's picture compares the built-in scenarios as they are:
		// the slider goes back.
		do("move the slider back", chromedp.Focus(slider), chromedp.KeyEvent(strings.Repeat(kb.ArrowLeft, 10)))
		pinName = "commons"
	}
	do("press Go", chromedp.Click(chromedp.CSS("#go")))
	wait("the chart has drawn ticks", `commonsimLab.drawn()[0].length === 1 && commonsimLab.drawn()[0][0] > 3`)
	wait("the run has finished", `commonsimLab.state() && commonsimLab.state().done`)
	if s := eval(`JSON.stringify(commonsimLab.state())`); strings.Contains(s, `"failed":"`) && !strings.Contains(s, `"failed":""`) {
		t.Fatalf("the run failed: %s", s)
	}
	firstRun := eval(`commonsimLab.state().id`)
	do("name and pin the run",
		chromedp.SendKeys(chromedp.CSS("#pin-name"), pinName),
		chromedp.Click(chromedp.CSS("#pin")))
	wait("the pin is listed", `commonsimLab.pins() === 1 && document.querySelectorAll("#pins li").length === 1`)

	do("change the scenario",
		chromedp.SetValue(chromedp.CSS("#scenario"), second),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("#scenario").dispatchEvent(new Event("change"))`))
	wait("the extractive values are shown", `document.querySelector('.param[data-key="economy.capture_rate"] .num').value === "0.9"`)
	do("press Go again", chromedp.Click(chromedp.CSS("#go")))
	wait("the second run has finished", fmt.Sprintf(`commonsimLab.state() && commonsimLab.state().id !== %q && commonsimLab.state().done`, firstRun))
	if s := eval(`commonsimLab.state().label`); s != "extractive" {
		t.Errorf("second run %q, want extractive", s)
	}
	wait("both series are drawn on every chart", `commonsimLab.drawn().every(c => c.length === 2 && c[0] > 3 && c[1] > 3)`)

	legend := eval(`document.querySelector("#legend").textContent`)
	if !strings.Contains(legend, pinName) || !strings.Contains(legend, "this run: extractive") {
		t.Errorf("legend %q", legend)
	}
	if n := eval(`String(document.querySelectorAll("#log tbody tr").length)`); n != "2" {
		t.Errorf("the run log shows %s rows, want 2", n)
	}
	// The Lorenz charts have drawn both runs' curves and say when. The
	// benefit curve shows the capture: the commons returned revenue to
	// its contributors, the extractive platform (capture 0.9, nothing
	// redistributed) none, which the chart says.
	for i, want := range []string{"Who did the work", "Who got the money back"} {
		if title := eval(fmt.Sprintf(`document.querySelectorAll("figure.chart h3")[%d].textContent`, 6+i)); !strings.Contains(title, want) || !strings.Contains(title, "at week") {
			t.Errorf("Lorenz chart %d's title %q, want %q and the week", i, title, want)
		}
	}
	wait("the survival curves are drawn", `commonsimLab.curves()[2].length === 2 && commonsimLab.curves()[2].every(n => n > 3)`)
	curves := eval(`JSON.stringify(commonsimLab.curves())`)
	if want := `[[101,101],[101,0],`; !strings.HasPrefix(curves, want) {
		t.Errorf("points drawn per run on the Lorenz charts (work, benefit), survival: %s, want %s...", curves, want)
	}
	if note := eval(`document.querySelector('figure.chart[data-curve="benefit"] .note').textContent`); !strings.Contains(note, "No curve for this run: nothing was returned") {
		t.Errorf("the benefit chart's note %q does not say the extractive run returned nothing", note)
	}

	shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	dir := os.Getenv("COMMONSIM_SCREENSHOT_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.WriteFile(filepath.Join(dir, "lab-error.png"), errShot, 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "lab.png")
	if err := os.WriteFile(path, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	page, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	whole := filepath.Join(dir, "lab-page.png")
	if err := os.WriteFile(whole, page, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s: lab.png (the window at the end), lab-page.png (the whole page), lab-error.png (a value out of range)", dir)
	// Download the run log and the extractive scenario as a student would,
	// then run the file as `commonsim run` does: the numbers are the log's.
	downloads := browsertest.Downloads(ctx, t)
	do("save as TOML", chromedp.Click(chromedp.CSS("#save-toml")))
	do("download the run log", chromedp.Click(chromedp.CSS("#download-log")))
	tomlPath, logPath := filepath.Join(downloads, "extractive-lab.toml"), filepath.Join(downloads, "commonsim-lab-log.csv")
	eventually(t, "both files are downloaded", func() bool {
		_, e1 := os.Stat(tomlPath)
		_, e2 := os.Stat(logPath)
		return e1 == nil && e2 == nil
	})
	checkDownloads(t, tomlPath, logPath)

	// Run as batch: a result set in the export directory that verifies,
	// with its report.
	do("run as batch", chromedp.Click(chromedp.CSS("#run-batch")))
	wait("the batch is written", `document.querySelector("#export-status").textContent.startsWith("Wrote the result set")`)
	status := eval(`document.querySelector("#export-status").textContent`)
	sets, err := filepath.Glob(filepath.Join(exports, "extractive-lab-*"))
	if err != nil {
		t.Fatal(err)
	}
	var set string
	for _, p := range sets {
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			set = p
		}
	}
	if set == "" || !strings.Contains(status, set) {
		t.Fatalf("no result set in %s (%v); the page says %q", exports, sets, status)
	}
	if err := results.Verify(set); err != nil {
		t.Errorf("commonsim verify %s: %v", set, err)
	}
	if _, err := os.Stat(filepath.Join(set, "report.md")); err != nil {
		t.Errorf("the batch has no report: %v", err)
	}
	runs, err := results.ReadTable(set, results.RunsFile)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs.Rows) != DefaultReplicates {
		t.Errorf("the batch has %d runs, want the lab's %d replicates", len(runs.Rows), DefaultReplicates)
	}

	// A reload keeps the pin (localStorage), drawn on every chart.
	do("reload the page", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("#charts figure")))
	wait("the pin is back after the reload", fmt.Sprintf(`commonsimLab.pins() === 1 && document.querySelector("#pins li input").value === %q`, pinName))
	wait("the pin is drawn on every chart", `commonsimLab.drawn().every(c => c.length === 1 && c[0] > 3) && commonsimLab.curves()[0][0] === 101 && commonsimLab.curves()[2][0] > 3`)

	mu.Lock()
	defer mu.Unlock()
	if len(jsErrors) > 0 {
		t.Errorf("JavaScript exceptions:\n%s", strings.Join(jsErrors, "\n"))
	}
}

// checkDownloads reads the run log a page downloaded (two finished runs,
// commons then extractive) and runs the scenario file it saved as `commonsim
// run` does: the batch's key results equal the log's, to the last digit.
func checkDownloads(t *testing.T, tomlPath, logPath string) {
	f, err := os.Open(logPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("the run log has %d rows, want a header and 2 runs", len(rows))
	}
	col := func(name string) int {
		for i, h := range rows[0] {
			if h == name {
				return i
			}
		}
		t.Fatalf("the run log has no column %s", name)
		return -1
	}
	last := rows[2]
	if last[col("scenario")] != "extractive" || last[col("status")] != "finished" || rows[1][col("scenario")] != "commons" {
		t.Fatalf("run log rows %v", rows[1:])
	}
	runs, err := results.ReadTable(runFile(t, tomlPath), results.RunsFile)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(func() []string {
		var s []string
		for _, r := range runs.Rows {
			s = append(s, r[runs.Col("seed")])
		}
		return s
	}(), " "); got != last[col("replicate_seeds")] {
		t.Errorf("seeds: run %s, lab %s", got, last[col("replicate_seeds")])
	}
	for _, m := range []string{"final_active", "final_value", "gini_contribution"} {
		x, err := runs.Floats(m)
		if err != nil {
			t.Fatal(err)
		}
		mean, _, _ := analysis.MeanCI(x, level)
		if got, want := results.FormatFloat(mean), last[col(m+"_mean")]; got != want {
			t.Errorf("%s: commonsim run of the saved file gives %s, the lab's log %s", m, got, want)
		}
	}
}
