package report_test

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"commonsim/analysis"
	"commonsim/batch"
	"commonsim/internal/browsertest"
	"commonsim/report"
)

// pageData returns the data embedded in report.html of dir.
func pageData(t *testing.T, dir string) (page string, data map[string]any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, report.HTMLFile))
	if err != nil {
		t.Fatal(err)
	}
	page = string(b)
	m := regexp.MustCompile(`(?s)<script type="application/json" id="report-data">(.*?)</script>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("report.html has no data")
	}
	if err := json.Unmarshal([]byte(m[1]), &data); err != nil {
		t.Fatalf("report.html's data: %v", err)
	}
	return page, data
}

// report.html is one file that needs nothing from outside: no script,
// style sheet or image is loaded from anywhere, and its numbers are those
// of the statistics (the synthetic result set's, computed by hand in
// TestSummaryKnownValues): alpha's final_active 4 [4 - 2·t2/√3·..., ...].
func TestHTMLSelfContained(t *testing.T) {
	dir := writeSynthetic(t)
	build(t, dir, false)
	page, data := pageData(t, dir)
	for _, bad := range []string{"<script src", "<link", "<img", "@import", "url(http", "fetch("} {
		if strings.Contains(page, bad) {
			t.Errorf("report.html contains %q: it must not load anything", bad)
		}
	}
	if !strings.Contains(page, "uPlot") || !strings.Contains(page, "commonsimReport") {
		t.Error("report.html lacks its scripts")
	}
	var fa map[string]any
	for _, m := range data["key"].([]any) {
		if mm := m.(map[string]any); mm["name"] == "final_active" {
			fa = mm
		}
	}
	if fa == nil {
		t.Fatal("no final_active among the key metrics")
	}
	cells := fa["cells"].([]any)
	alpha := cells[0].(map[string]any)
	mean, lo, hi := analysis.MeanCI([]float64{2, 4, 6}, 0.95)
	for k, want := range map[string]float64{"n": 3, "mean": mean, "lo": lo, "hi": hi} {
		if got := alpha[k].(float64); math.Abs(got-want) > 1e-4*math.Max(1, math.Abs(want)) {
			t.Errorf("alpha final_active %s = %v, want %v", k, got, want)
		}
	}
	// beta's median tenure: 20, 22 and one undefined run.
	for _, m := range data["key"].([]any) {
		if mm := m.(map[string]any); mm["name"] == "median_tenure" {
			beta := mm["cells"].([]any)[1].(map[string]any)
			if beta["n"].(float64) != 2 || beta["nan"].(float64) != 1 || beta["mean"].(float64) != 21 {
				t.Errorf("beta median_tenure cell %v, want n 2, mean 21, 1 undefined", beta)
			}
			alpha := mm["cells"].([]any)[0].(map[string]any)
			if alpha["n"].(float64) != 0 || alpha["inf"].(float64) != 3 || alpha["mean"] != nil {
				t.Errorf("alpha median_tenure cell %v, want n 0, 3 infinite, mean null", alpha)
			}
		}
	}
	// The comparison is beta − alpha: final_active 3 − 4 = −1.
	for _, c := range data["compare"].([]any) {
		cc := c.(map[string]any)
		if data["key"].([]any)[int(cc["metric"].(float64))].(map[string]any)["name"] == "final_active" && cc["diff"].(float64) != -1 {
			t.Errorf("final_active comparison %v, want diff −1 (beta − alpha)", cc)
		}
	}
	// The time series of active at tick 2: alpha 2, 4, 6; beta 1, NaN, 3.
	series := data["series"].(map[string]any)
	var col int
	for i, m := range series["metrics"].([]any) {
		if m.(map[string]any)["name"] == "active" {
			col = i
		}
	}
	b := series["data"].([]any)[col].([]any)[1].(map[string]any)
	if fmt.Sprint(b["t"], b["m"]) != "[1 2] [5 2]" {
		t.Errorf("beta's active over time: ticks %v, means %v, want [1 2] [5 2]", b["t"], b["m"])
	}
	if md, _ := os.ReadFile(filepath.Join(dir, report.ReportFile)); data["report_md"] != string(md) {
		t.Error("the page does not carry report.md")
	}
}

// TestHTMLBrowser opens report.html from file:// in a real browser for the
// two-scenario default, a factorial sweep, an LHS, a Morris and a Saltelli
// design: the
// page loads without an error in the console; in the default, a metric is
// switched and a group toggled and the chart changes, and a view's CSV is
// downloaded; in the sweeps, the sweep view draws lines per level, a
// scatter, the Morris and the Sobol indices. Screenshots of the whole pages go to
// COMMONSIM_SCREENSHOT_DIR when set (else the test's temporary directory).
// COMMONSIM_REPORT_FULL=1 runs the default at full size, as `make run`
// does, for the screenshot.
func TestHTMLBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("runs batches and a browser")
	}
	exe := browsertest.Find(t)
	base := t.TempDir()
	shots := os.Getenv("COMMONSIM_SCREENSHOT_DIR")
	if shots == "" {
		shots = t.TempDir()
	}
	small := []string{"run.ticks=40", "population.initial=40"}
	defaults := batch.Config{Scenarios: []string{"commons", "extractive"}, Sets: small, Replications: 4}
	if os.Getenv("COMMONSIM_REPORT_FULL") == "1" {
		defaults = batch.Config{Scenarios: []string{"commons", "extractive"}}
	}
	sets := map[string]string{}
	for name, cfg := range map[string]batch.Config{
		"default":   defaults,
		"factorial": {Scenarios: []string{"commons"}, Sets: small, Replications: 3, Sweeps: []string{"economy.capture_rate=0,0.5,0.9", "tasks.task_size_mean=1,4", "roles.governance=flat,meritocratic"}},
		"lhs":       {Scenarios: []string{"commons"}, Sets: small, Replications: 1, Sweeps: []string{"economy.capture_rate=0..0.9", "tasks.task_size_mean=1..8"}, Design: "lhs", Samples: 30},
		"morris":    {Scenarios: []string{"commons"}, Sets: small, Replications: 1, Sweeps: []string{"economy.capture_rate=0..0.9", "tasks.task_size_mean=1..8"}, Design: "morris", Samples: 4},
		"saltelli":  {Scenarios: []string{"commons"}, Sets: small, Replications: 1, Sweeps: []string{"economy.capture_rate=0..0.9", "tasks.task_size_mean=1..8"}, Design: "saltelli", Samples: 8},
	} {
		cfg.Out, cfg.Workers, cfg.Threads = filepath.Join(base, name), 2, 1
		sets[name] = runBatch(t, cfg)
		build(t, sets[name], false)
	}

	actx, cancel := chromedp.NewExecAllocator(context.Background(), browsertest.Options(exe, 1280, 900)...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 3*time.Minute) // a bound on a hang, not a speed target
	defer cancel()
	errs := browsertest.Listen(ctx)

	eval := func(expr string) string {
		t.Helper()
		return browsertest.Eval(ctx, t, expr)
	}
	chart := func(id string) string {
		return eval(`JSON.stringify(commonsimReport.chart(` + fmt.Sprintf("%q", id) + `))`)
	}
	open := func(name string) {
		t.Helper()
		url := "file://" + filepath.Join(sets[name], report.HTMLFile)
		if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
			t.Fatalf("open %s: %v", url, err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Poll[chromedp.Void](`window.commonsimReport && commonsimReport.ready`, chromedp.WithPollingTimeout(time.Minute))); err != nil {
			t.Fatalf("%s: the page did not draw: %v (errors: %v)", name, err, errs.List())
		}
	}
	setSelect := func(id, value string) {
		t.Helper()
		eval(fmt.Sprintf(`(() => { const s = document.getElementById(%q); s.value = %q; s.dispatchEvent(new Event("change")); return s.value; })()`, id, value))
	}
	shot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(shots, "report-"+name+".png")
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot %s", path)
	}
	// part saves a screenshot of one section of the page.
	part := func(name, section string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS("#"+section)))
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(shots, "report-"+name+"-"+section+".png")
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot %s", path)
	}
	var info struct {
		Metric string   `json:"metric"`
		Groups []string `json:"groups"`
		Series int      `json:"series"`
		Data   []string `json:"data"`
		View   string   `json:"view"`
		Lines  int      `json:"lines"`
		Points int      `json:"points"`
		Design string   `json:"design"`
	}
	read := func(id string) {
		t.Helper()
		info.Groups, info.Data = nil, nil
		if err := json.Unmarshal([]byte(chart(id)), &info); err != nil {
			t.Fatalf("chart %s: %v", id, err)
		}
	}

	// The default: commons and extractive.
	open("default")
	read("ts")
	if info.Metric != "active" || strings.Join(info.Groups, ",") != "commons,extractive" || info.Series != 7 {
		t.Errorf("the time series at first: %s, want active, commons and extractive, 7 series (x, 2 × mean, low, high)", chart("ts"))
	}
	before := fmt.Sprint(info.Data)
	setSelect("ts-metric", eval(`String(Array.from(document.querySelectorAll("#ts-metric option")).findIndex(o => o.textContent.endsWith("(value)")))`))
	read("ts")
	if info.Metric != "value" {
		t.Errorf("after choosing value the chart shows %q", info.Metric)
	}
	if _, err := chromedp.Run(ctx, chromedp.Click(chromedp.CSS(`#group-1`))); err != nil {
		t.Fatal(err)
	}
	read("ts")
	if strings.Join(info.Groups, ",") != "commons" || info.Series != 4 {
		t.Errorf("after switching extractive off: %s, want commons alone, 4 series", chart("ts"))
	}
	read("lorenz")
	if strings.Join(info.Groups, ",") != "commons" {
		t.Errorf("the Lorenz chart after switching extractive off: %s", chart("lorenz"))
	}
	eval(`(() => { document.getElementById("ts-band").click(); return ""; })()`)
	read("ts")
	if info.Series != 2 {
		t.Errorf("without the band: %s, want 2 series", chart("ts"))
	}
	eval(`(() => { document.getElementById("group-1").click(); document.getElementById("ts-band").click(); return ""; })()`)
	read("ts")
	if info.Series != 7 || fmt.Sprint(info.Data) == before {
		t.Errorf("both groups again, metric value: %s (active was %s)", chart("ts"), before)
	}
	if r := eval(`commonsimReport.hover("ts", 0.5)`); !regexp.MustCompile(`^week \d+ · commons: [\d,.]+ \[[\d,.]+, [\d,.]+\] · extractive: `).MatchString(r) {
		t.Errorf("hovering the time series reads %q, want the week and each group's mean [low, high]", r)
	}
	if r := eval(`commonsimReport.hover("survival", 0.1)`); !strings.Contains(r, "weeks · commons: ") {
		t.Errorf("hovering the survival chart reads %q", r)
	}
	if n := eval(`String(document.querySelectorAll("#key-table tr").length)`); n != "11" {
		t.Errorf("the key metrics table has %s rows, want a header and 10 metrics", n)
	}
	if s := eval(`document.getElementById("compare-table").textContent`); !strings.Contains(s, "extractive − commons") {
		t.Errorf("the comparison table does not say extractive − commons: %.200s", s)
	}
	if s := eval(`document.getElementById("param-table").textContent`); !strings.Contains(s, "economy.capture_rate") {
		t.Errorf("the parameter table lacks economy.capture_rate: %.300s", s)
	}
	// The CSV behind the time-series view.
	downloads := browsertest.Downloads(ctx, t)
	eval(`(() => { document.querySelector('button[data-csv="timeseries-mean.csv"]').click(); return ""; })()`)
	csvPath := filepath.Join(downloads, "timeseries-mean.csv")
	var got []byte
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(20 * time.Millisecond) {
		if b, err := os.ReadFile(csvPath); err == nil && len(b) > 0 {
			got = b
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the CSV was not downloaded")
		}
	}
	lines := strings.Split(strings.TrimSpace(string(got)), "\n")
	if lines[0] != "scenario,point,group,metric,tick,mean,ci95_low,ci95_high" || !strings.HasPrefix(lines[1], "commons,0,commons,value,") || !strings.Contains(string(got), "\nextractive,0,extractive,value,") {
		t.Errorf("the downloaded CSV: %.300s", got)
	}
	eval(`window.scrollTo(0, 0), ""`)
	shot("default")
	part("default", "scenarios")
	part("default", "key")
	part("default", "compare")
	part("default", "over-time")
	part("default", "curves")

	// A factorial sweep: a line per value of another factor, a word
	// (governance) or a number (task_size_mean), or pooled.
	open("factorial")
	read("sweep")
	legend := eval(`document.querySelector("#sweep .legend").textContent`)
	if info.View != "lines" || info.Lines != 2 || !strings.Contains(legend, "governance=flat") || !strings.Contains(legend, "governance=meritocratic") {
		t.Errorf("the factorial sweep view: %s, legend %q; want 2 lines, one per governance", chart("sweep"), legend)
	}
	setSelect("sweep-by", "2")
	read("sweep")
	if legend := eval(`document.querySelector("#sweep .legend").textContent`); info.Lines != 2 || !strings.Contains(legend, "task_size_mean=4") {
		t.Errorf("a line per task_size_mean: %s, legend %q", chart("sweep"), legend)
	}
	setSelect("sweep-by", "-1")
	read("sweep")
	if info.Lines != 1 {
		t.Errorf("pooled: %s, want one line", chart("sweep"))
	}
	setSelect("sweep-by", "2")
	shot("factorial")
	part("factorial", "sweep")

	// LHS: a scatter of the design points.
	open("lhs")
	read("sweep")
	if info.View != "scatter" || info.Points != 30 {
		t.Errorf("the LHS sweep view: %s, want a scatter of 30 points", chart("sweep"))
	}
	shot("lhs")
	part("lhs", "sweep")

	// Morris: the indices of sensitivity.csv.
	open("morris")
	read("sensitivity")
	if info.Design != "morris" {
		t.Errorf("the sensitivity view: %s", chart("sensitivity"))
	}
	if n := eval(`String(document.querySelectorAll("#sens-chart circle").length)`); n != "2" {
		t.Errorf("the Morris chart draws %s points, want 2 factors", n)
	}
	shot("morris")
	part("morris", "sensitivity")

	// Saltelli: bars of the first-order and total indices.
	open("saltelli")
	read("sensitivity")
	if info.Design != "saltelli" {
		t.Errorf("the sensitivity view: %s", chart("sensitivity"))
	}
	if n := eval(`String(document.querySelectorAll("#sens-chart rect").length)`); n != "6" {
		t.Errorf("the Sobol chart draws %s rectangles, want 2 factors × 2 indices and the legend's 2", n)
	}
	shot("saltelli")
	part("saltelli", "sensitivity")

	if e := errs.List(); len(e) > 0 {
		t.Errorf("console errors:\n%s", strings.Join(e, "\n"))
	}
}

// A sampled design of 20 points: the page carries the curves of the first
// 12 groups only, no pairwise comparisons (more than 8 groups), every run
// for the sweep view, and marks the swept parameters.
func TestHTMLSampledDesign(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a batch")
	}
	dir := runDesign(t, t.TempDir(), "lhs", "", []string{"commons"}, []string{"economy.capture_rate=0..0.9", "tasks.task_size_mean=1..8"}, "lhs", 20)
	build(t, dir, false)
	_, data := pageData(t, dir)
	if n := len(data["series"].(map[string]any)["groups"].([]any)); n != 12 {
		t.Errorf("the time series of %d groups, want 12", n)
	}
	if n := len(data["lorenz"].(map[string]any)["groups"].([]any)); n != 12 {
		t.Errorf("the Lorenz curves of %d groups, want 12", n)
	}
	if data["compare"] != nil {
		t.Errorf("20 groups compared pairwise: %v", data["compare"])
	}
	sw := data["sweep"].(map[string]any)
	if fmt.Sprint(sw["designs"], sw["factors"]) != "[lhs] [economy.capture_rate tasks.task_size_mean]" || len(sw["run_group"].([]any)) != 40 {
		t.Errorf("the sweep view: designs %v, factors %v, %d runs (want lhs, 2 factors, 40 runs)", sw["designs"], sw["factors"], len(sw["run_group"].([]any)))
	}
	params := fmt.Sprint(data["params"])
	if !strings.Contains(params, "economy.capture_rate") || !strings.Contains(params, "swept") {
		t.Errorf("the parameters do not say what is swept: %s", params)
	}
	if len(data["groups"].([]any)) != 20 || len(data["key"].([]any)[0].(map[string]any)["cells"].([]any)) != 20 {
		t.Error("the key metrics do not cover the 20 groups")
	}
}
