package serve

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"commonsim/scenarios"
	"commonsim/sim"
)

// TestEndpoints sends every endpoint good and bad requests: each answer has
// the status it must, and every 4xx carries a message saying what is wrong.
func TestEndpoints(t *testing.T) {
	// 1 GiB free, whatever this machine has: the size check is run's
	// (batch.CheckLimits) against Options.Available.
	s, ts := newLab(t, Options{MaxReplicates: 8, LocalOnly: true, Available: 1 << 30})
	u := ts.URL
	good := settings{Scenario: "builtin:commons", Set: small, Replicates: 2}
	big := strings.Repeat("x", maxBody+10)
	cases := []struct {
		name, method, path string
		body               any
		code               int
		want               string // in the body
	}{
		{"page", "GET", "/", nil, 200, "commonsim lab"},
		{"script", "GET", "/lab.js", nil, 200, "EventSource"},
		{"style", "GET", "/lab.css", nil, 200, "body"},
		{"uPlot", "GET", "/vendor/uPlot.iife.min.js", nil, 200, "uPlot"},
		{"uPlot css", "GET", "/vendor/uPlot.min.css", nil, 200, ".uplot"},
		{"uPlot licence", "GET", "/vendor/uPlot.LICENSE", nil, 200, "MIT"},
		{"no such page", "GET", "/nothing.html", nil, 404, ""},
		{"info", "GET", "/api/info", nil, 200, `"charts"`},
		{"info by POST", "POST", "/api/info", "{}", 405, ""},
		{"unknown API", "GET", "/api/nothing", nil, 404, "no API endpoint"},

		{"check ok", "POST", "/api/check", good, 200, `"ok":true`},
		{"check changes", "POST", "/api/check", settings{Scenario: "builtin:commons", Set: []string{"economy.capture_rate=0.5"}}, 200, "economy.capture_rate=0.5"},
		{"check GET", "GET", "/api/check", nil, 405, ""},
		{"check no body", "POST", "/api/check", "", 400, "empty"},
		{"check bad JSON", "POST", "/api/check", "{", 400, "request body"},
		{"check two values", "POST", "/api/check", `{"scenario":"builtin:commons"} {}`, 400, "more than one"},
		{"check unknown field", "POST", "/api/check", `{"scenario":"builtin:commons","sett":[]}`, 400, "sett"},
		{"check wrong type", "POST", "/api/check", `{"scenario":"builtin:commons","set":"a=b"}`, 400, "request body"},
		{"check too big", "POST", "/api/check", `{"scenario":"` + big + `"}`, 413, "larger than"},
		{"check unknown scenario", "POST", "/api/check", settings{Scenario: "../../etc/passwd"}, 400, "not one of this lab's"},
		{"check file path", "POST", "/api/check", settings{Scenario: "/etc/passwd.toml"}, 400, "not one of this lab's"},
		{"check unknown key", "POST", "/api/check", settings{Scenario: "builtin:commons", Set: []string{"economy.captur_rate=1"}}, 400, `did you mean \"economy.capture_rate\"`},
		{"check out of range", "POST", "/api/check", settings{Scenario: "builtin:commons", Set: []string{"economy.capture_rate=2"}}, 400, `"key":"economy.capture_rate","message":"economy.capture_rate = 2 is out of range`},
		{"check not a number", "POST", "/api/check", settings{Scenario: "builtin:commons", Set: []string{"run.ticks=ten"}}, 400, "not an integer"},
		{"check bad word", "POST", "/api/check", settings{Scenario: "builtin:commons", Set: []string{"roles.governance=anarchy"}}, 400, "is not allowed"},
		{"check not key=value", "POST", "/api/check", settings{Scenario: "builtin:commons", Set: []string{"economy.capture_rate"}}, 400, "expected key=value"},
		{"check twice", "POST", "/api/check", settings{Scenario: "builtin:commons", Set: []string{"run.ticks=5", "run.ticks=6"}}, 400, "set twice"},
		{"check fixed key", "POST", "/api/check", settings{Scenario: "builtin:commons", Set: []string{"name=x"}}, 400, "cannot be set in the lab"},
		{"check extends", "POST", "/api/check", settings{Scenario: "builtin:commons", Set: []string{"extends=/etc/passwd"}}, 400, "cannot be set in the lab"},
		{"check shares", "POST", "/api/check", settings{Scenario: "builtin:commons", Set: []string{"segments.volunteer.share=0.9"}}, 400, `"key":"segments.volunteer.share","message":"segments: volunteer.share`},
		{"check too many settings", "POST", "/api/check", settings{Scenario: "builtin:commons", Set: make([]string, 500)}, 400, "more than there are parameters"},
		{"check replicates", "POST", "/api/check", settings{Scenario: "builtin:commons", Replicates: 9}, 400, "replicates 9: must be 1 to 8"},
		{"check negative replicates", "POST", "/api/check", settings{Scenario: "builtin:commons", Replicates: -1}, 400, "must be 1 to 8"},
		{"check session", "POST", "/api/check", settings{Scenario: "builtin:commons", Session: "a b"}, 400, "session"},
		{"check media type", "POST", "/api/check", nil, 415, "application/json"},

		{"runs bad settings", "POST", "/api/runs", settings{Scenario: "builtin:commons", Set: []string{"run.ticks=0"}}, 400, "out of range"},
		{"runs too big", "POST", "/api/runs", settings{Scenario: "builtin:commons", Set: []string{"population.initial=100000000"}}, 400, "GiB per replicate, 5 replicates), more than the 1.0 GiB this computer has free: lower population.initial"},
		{"check too big", "POST", "/api/check", settings{Scenario: "builtin:commons", Set: []string{"population.initial=2000000"}, Replicates: 8}, 400, "8 replicates), more than the 1.0 GiB"},
		{"events of no run", "GET", "/api/runs/nope/events", nil, 404, "no such run"},
		{"control of no run", "POST", "/api/runs/nope/control", command{Action: "go"}, 404, "no such run"},
		{"control bad action", "POST", "/api/runs/nope/control", command{Action: "jump"}, 400, "must be step, go, pause or speed"},
		{"control bad speed", "POST", "/api/runs/nope/control", command{Action: "go", Speed: -1}, 400, "speed -1"},
		{"control huge speed", "POST", "/api/runs/nope/control", command{Action: "speed", Speed: 1e9}, 400, "ticks per second"},
		{"delete no run", "DELETE", "/api/runs/nope", nil, 404, "no such run"},
		{"runs by PUT", "PUT", "/api/runs", "{}", 405, ""},

		{"log", "GET", "/api/log?session=s1", nil, 200, "[]"},
		{"log bad session", "GET", "/api/log?session=../x", nil, 400, "session"},
		{"log csv", "GET", "/api/log.csv?session=s1", nil, 200, "run,time,scenario,changed_parameters"},
		{"log csv bad session", "GET", "/api/log.csv?session=%00", nil, 400, "session"},

		{"toml", "POST", "/api/export/toml", good, 200, `extends = "commons"`},
		{"toml bad", "POST", "/api/export/toml", settings{Scenario: "builtin:commons", Set: []string{"tasks.modularity=-1"}}, 400, "out of range"},
		{"batch without --export", "POST", "/api/export/batch", good, 403, "--export DIR"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var body any = c.body
			if c.name == "check media type" {
				req, _ := http.NewRequest("POST", u+c.path, strings.NewReader("a=b"))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				if res.StatusCode != c.code {
					t.Fatalf("status %d, want %d", res.StatusCode, c.code)
				}
				return
			}
			code, data, h := call(t, c.method, u+c.path, body)
			if code != c.code {
				t.Fatalf("status %d, want %d: %s", code, c.code, data)
			}
			if c.want != "" && !strings.Contains(string(data), c.want) {
				t.Errorf("body lacks %q:\n%.600s", c.want, data)
			}
			if code >= 400 && strings.HasPrefix(c.path, "/api/") {
				var e apiError
				if err := json.Unmarshal(data, &e); err != nil || e.Error == "" {
					t.Errorf("a %d without a JSON message: %s", code, data)
				}
			}
			if strings.HasPrefix(c.path, "/api/") && code == 200 && h.Get("Cache-Control") != "no-store" {
				t.Errorf("Cache-Control %q", h.Get("Cache-Control"))
			}
		})
	}
	if got := s.active(); len(got) != 0 {
		t.Errorf("runs left over: %v", got)
	}
}

// TestInfo checks what the page is built from: every settable parameter
// with its range, the six charts found in the metric registry, and the
// scenarios with their values.
func TestInfo(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "mine.toml")
	if err := os.WriteFile(file, []byte("extends = \"extractive\"\nname = \"mine\"\ndescription = \"my own\"\n[economy]\ncapture_rate = 0.5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, ts := newLab(t, Options{Scenarios: []string{file, "extractive"}})
	_, data, _ := call(t, "GET", ts.URL+"/api/info", nil)
	var info struct {
		Scenarios []struct {
			ID, Name, Origin string
			Values           map[string]string
		}
		First      string
		Controls   []control
		Charts     []chart
		Essentials []string
		Results    []metric
		Lorenz     []lorenzChart
		Survival   struct{ Title string }
	}
	mustJSON(t, data, &info)
	if info.First != "file:1" || info.Scenarios[0].Name != "mine" || info.Scenarios[0].Values["economy.capture_rate"] != "0.5" {
		t.Errorf("first %q, scenarios[0] %+v", info.First, info.Scenarios[0].ID)
	}
	if n := len(info.Scenarios); n != 1+len(scenarios.BuiltinNames()) {
		t.Errorf("%d scenarios, want the file and every built-in", n)
	}
	var metrics []string
	for _, c := range info.Charts {
		metrics = append(metrics, c.Metric)
	}
	if got := strings.Join(metrics, ","); got != "active,value,gini_contribution,truck_factor,mean_engagement,captured_share" {
		t.Errorf("charts %s", got)
	}
	// Titles, axes, units and scales are the registry's (sim.Metric).
	for _, c := range info.Charts {
		i := slices.IndexFunc(sim.TickMetrics(), func(m sim.Metric) bool { return m.Name == c.Metric })
		m := sim.TickMetrics()[i]
		if c.Title != m.Title || c.Axis != m.Axis || c.Unit != m.Unit || c.Scale != m.Scale || c.Doc != m.Doc || c.Title == "" || c.Explain == "" {
			t.Errorf("chart %s: %+v, registry %+v", c.Metric, c, m)
		}
	}
	if len(info.Lorenz) != 2 || info.Lorenz[0].Curve != "contribution" || info.Lorenz[1].Curve != "benefit" || info.Survival.Title == "" {
		t.Errorf("curve charts: Lorenz %+v, survival %+v", info.Lorenz, info.Survival)
	}
	if len(info.Controls) != len(scenarios.Params())-len(fixedKeys) {
		t.Errorf("%d controls for %d parameters", len(info.Controls), len(scenarios.Params()))
	}
	for _, c := range info.Controls {
		if c.Key == "economy.capture_rate" && (c.Widget != "slider" || *c.Min != 0 || *c.Max != 1 || c.Step != 0.01 || c.Unit != "share" || c.Doc == "") {
			t.Errorf("capture_rate control %+v", c)
		}
		if c.Key == "population.initial" && c.Widget != "number" {
			t.Errorf("population.initial: %s, want a number field", c.Widget)
		}
		if c.Key == "roles.governance" && (c.Widget != "select" || len(c.Enum) != 3) {
			t.Errorf("governance %+v", c)
		}
	}
	if len(info.Essentials) < 10 || len(info.Results) < 6 {
		t.Errorf("essentials %v, results %v", info.Essentials, info.Results)
	}
}

// TestRunLifecycle steps, plays, pauses and finishes a run, and checks the
// run log (JSON and CSV) it leaves.
func TestRunLifecycle(t *testing.T) {
	s, ts := newLab(t, Options{})
	in := settings{Scenario: "builtin:extractive", Set: append([]string{"economy.capture_rate=0.7"}, small...), Replicates: 3, Session: "s-1"}
	c := create(t, ts.URL, in)
	if len(c.Seeds) != 3 || c.Ticks != 40 {
		t.Fatalf("created %+v", c)
	}
	// A run not yet shown takes no commands.
	if code, body, _ := call(t, "POST", ts.URL+"/api/runs/"+c.ID+"/control", command{Action: "step"}); code != http.StatusConflict {
		t.Fatalf("control before the stream: %d %s", code, body)
	}
	st := openEvents(t, ts.URL, c.ID)
	defer st.Close()
	var hello struct {
		Replicates, Ticks, Every int
		Changes                  []string
	}
	mustJSON(t, st.until(t, "hello").data, &hello)
	if hello.Replicates != 3 || hello.Every != 2 || len(hello.Changes) == 0 {
		t.Errorf("hello %+v", hello)
	}
	// A second page cannot take the same run.
	req, _ := http.NewRequest("GET", ts.URL+"/api/runs/"+c.ID+"/events", nil)
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != http.StatusConflict {
		t.Fatalf("second stream: %v %v", res.StatusCode, err)
	} else {
		res.Body.Close()
	}
	sendControl(t, ts.URL, c.ID, command{Action: "step"})
	sendControl(t, ts.URL, c.ID, command{Action: "step"})
	var ticks []int
	for len(ticks) < 2 {
		var d struct{ Ticks []tickRow }
		mustJSON(t, st.until(t, "ticks").data, &d)
		for _, r := range d.Ticks {
			ticks = append(ticks, r.T)
		}
	}
	if ticks[0] != 1 || ticks[1] != 2 || len(ticks) != 2 {
		t.Fatalf("two steps showed ticks %v", ticks)
	}
	sendControl(t, ts.URL, c.ID, command{Action: "go", Speed: 0})
	var done struct {
		N       int
		Results []result
	}
	mustJSON(t, st.until(t, "done").data, &done)
	if done.N != 1 || len(done.Results) < 6 || len(done.Results[0].Values) != 3 {
		t.Fatalf("done %+v", done)
	}
	eventually(t, "the finished run frees its slot", func() bool { return len(s.active()) == 0 })

	_, data, _ := call(t, "GET", ts.URL+"/api/log?session=s-1", nil)
	var log []logEntry
	mustJSON(t, data, &log)
	if len(log) != 1 || log[0].Status != "finished" || log[0].Reached != 40 || log[0].Scenario != "extractive" ||
		!strings.Contains(strings.Join(log[0].Changes, " "), "economy.capture_rate=0.7") || len(log[0].Seeds) != 3 {
		t.Fatalf("log %+v", log)
	}
	_, csvText, h := call(t, "GET", ts.URL+"/api/log.csv?session=s-1", nil)
	lines := strings.Split(strings.TrimSpace(string(csvText)), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "final_active_mean,final_active_lo,final_active_hi") ||
		!strings.Contains(lines[1], "economy.capture_rate=0.7") || !strings.Contains(h.Get("Content-Disposition"), "attachment") {
		t.Errorf("log.csv:\n%s", csvText)
	}
	// Another session sees none of it.
	if _, data, _ := call(t, "GET", ts.URL+"/api/log?session=other", nil); strings.TrimSpace(string(data)) != "[]" {
		t.Errorf("other session's log: %s", data)
	}
}

// TestRunCancelledOnDisconnect: closing the page's stream stops the run and
// frees its slot; the log says where it stopped.
func TestRunCancelledOnDisconnect(t *testing.T) {
	s, ts := newLab(t, Options{MaxRuns: 1})
	in := settings{Scenario: "builtin:commons", Set: []string{"run.ticks=2600", "population.initial=10", "arrival.enabled=false"}, Replicates: 1, Session: "d"}
	c := create(t, ts.URL, in)
	st := openEvents(t, ts.URL, c.ID)
	st.until(t, "hello")
	sendControl(t, ts.URL, c.ID, command{Action: "go", Speed: 1})
	st.until(t, "ticks")
	st.Close()
	eventually(t, "the run stops when its page goes", func() bool { return len(s.active()) == 0 })
	// Its slot is free again: a new run can start.
	c2 := create(t, ts.URL, settings{Scenario: "builtin:commons", Set: small, Replicates: 1})
	call(t, "DELETE", ts.URL+"/api/runs/"+c2.ID, nil)
	_, data, _ := call(t, "GET", ts.URL+"/api/log?session=d", nil)
	var log []logEntry
	mustJSON(t, data, &log)
	if len(log) != 1 || log[0].Status != "stopped" || log[0].Reached < 1 {
		t.Errorf("log %+v", log)
	}
}

// TestRunLimits: at most MaxRuns at once; Reset (DELETE) frees a slot.
func TestRunLimits(t *testing.T) {
	// The page must open its stream before AttachTimeout: long here, so
	// that a slow machine never drops the run under the test's feet.
	s, ts := newLab(t, Options{MaxRuns: 1, AttachTimeout: time.Hour})
	in := settings{Scenario: "builtin:commons", Set: small, Replicates: 1}
	c := create(t, ts.URL, in)
	code, body, _ := call(t, "POST", ts.URL+"/api/runs", in)
	if code != http.StatusTooManyRequests || !strings.Contains(string(body), "--max-runs") {
		t.Fatalf("second run: %d %s", code, body)
	}
	if code, _, _ := call(t, "POST", ts.URL+"/api/export/toml", in); code != 200 {
		t.Errorf("saving as TOML needs no slot: %d", code)
	}
	// Reset of a run whose stream is open ends the stream.
	st := openEvents(t, ts.URL, c.ID)
	st.until(t, "hello")
	if code, _, _ := call(t, "DELETE", ts.URL+"/api/runs/"+c.ID, nil); code != http.StatusNoContent {
		t.Fatalf("DELETE: %d", code)
	}
	for {
		if _, ok := st.next(); !ok {
			break
		}
	}
	st.Close()
	eventually(t, "reset frees the slot", func() bool { return len(s.active()) == 0 })
	// Reset of a run whose stream was never opened frees it too.
	c = create(t, ts.URL, in)
	if code, _, _ := call(t, "DELETE", ts.URL+"/api/runs/"+c.ID, nil); code != http.StatusNoContent {
		t.Fatalf("DELETE: %d", code)
	}
	create(t, ts.URL, in)
}

// TestUnattachedRunExpires: a run whose page never opens its stream is
// dropped after AttachTimeout, and its slot is free again.
func TestUnattachedRunExpires(t *testing.T) {
	s, ts := newLab(t, Options{MaxRuns: 1, AttachTimeout: 10 * time.Millisecond})
	in := settings{Scenario: "builtin:commons", Set: small, Replicates: 1, Session: "x"}
	create(t, ts.URL, in)
	eventually(t, "an unattached run is dropped", func() bool { return len(s.active()) == 0 })
	create(t, ts.URL, in)
	_, data, _ := call(t, "GET", ts.URL+"/api/log?session=x", nil)
	var log []logEntry
	mustJSON(t, data, &log)
	if len(log) < 1 || log[0].Status != "stopped" {
		t.Errorf("log %+v", log)
	}
}

// TestExportBatch runs a lab parameter set as a batch into the export
// directory: a scenario file and a complete result set with its report.
func TestExportBatch(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "exports")
	s, ts := newLab(t, Options{ExportDir: dir})
	s.noPlots = raceEnabled // the figures take a minute under -race
	in := settings{Scenario: "builtin:extractive", Set: small, Replicates: 2}
	code, data, _ := call(t, "POST", ts.URL+"/api/export/batch", in)
	if code != 200 {
		t.Fatalf("%d %s", code, data)
	}
	var out struct {
		TOML, Dir, Report, Command string
		Runs                       int
	}
	mustJSON(t, data, &out)
	want := []string{out.TOML, filepath.Join(out.Dir, "runs.csv"), out.Report}
	if !raceEnabled {
		want = append(want, filepath.Join(out.Dir, "plots", "timeseries_active.png"))
	}
	for _, p := range want {
		if _, err := os.Stat(p); err != nil {
			t.Error(err)
		}
		if !strings.HasPrefix(p, dir) {
			t.Errorf("%s is outside the export directory", p)
		}
	}
	if out.Runs != 2 || !strings.Contains(out.Command, "commonsim run") {
		t.Errorf("%+v", out)
	}
	// A second export never replaces the first.
	s.noPlots = true
	code, data, _ = call(t, "POST", ts.URL+"/api/export/batch", in)
	var out2 struct{ TOML, Dir string }
	mustJSON(t, data, &out2)
	if code != 200 || out2.TOML == out.TOML || out2.Dir == out.Dir {
		t.Errorf("second export: %d %s", code, data)
	}
}

// TestSaveTOMLReadsBack: the saved file extends the built-in, sets only
// what differs, and parses to the lab's parameters, for every built-in and
// for a file with a sweep.
func TestSaveTOMLReadsBack(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "swept.toml")
	if err := os.WriteFile(file, []byte("name = \"swept\"\ndescription = \"has \\\"quotes\\\"\"\n[tasks]\nmodularity = 0.5\n[sweep]\n\"economy.capture_rate\" = [0, 0.5]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, ts := newLab(t, Options{Scenarios: []string{file}})
	for _, e := range s.catalog {
		in := settings{Scenario: e.ID, Set: []string{"economy.capture_rate=0.25", "roles.governance=flat", "modules.value_per_hour=3"}, Replicates: 4}
		code, text, h := call(t, "POST", ts.URL+"/api/export/toml", in)
		if code != 200 {
			t.Fatalf("%s: %d %s", e.ID, code, text)
		}
		sc, err := scenarios.Parse("saved", text, "")
		if err != nil {
			t.Fatalf("%s: %v\n%s", e.ID, err, text)
		}
		want, _, errs := configure(e, in.Set)
		if errs != nil {
			t.Fatal(errs)
		}
		want.Run.Replications = 4
		for _, p := range scenarios.Params() {
			if p.Key != "extends" && p.Get(sc) != p.Get(want) {
				t.Errorf("%s: %s = %s, want %s", e.ID, p.Key, p.Get(sc), p.Get(want))
			}
		}
		if !sc.Sweep.Empty() {
			t.Errorf("%s: the saved file has a sweep", e.ID)
		}
		if !strings.Contains(h.Get("Content-Disposition"), e.Name+"-lab.toml") {
			t.Errorf("file name %q", h.Get("Content-Disposition"))
		}
		if e.builtin && strings.Count(string(text), "\n") > 30 {
			t.Errorf("%s: a long file for three changes:\n%s", e.ID, text)
		}
	}
}

// TestRunLogDocumented: docs/OUTPUTS.md names every column of the run log's
// CSV and every key result.
func TestRunLogDocumented(t *testing.T) {
	doc, err := os.ReadFile("../docs/OUTPUTS.md")
	if err != nil {
		t.Fatal(err)
	}
	s, _ := newLab(t, Options{})
	var b strings.Builder
	if err := s.log.writeCSV(&b, "none"); err != nil {
		t.Fatal(err)
	}
	header := strings.Split(strings.TrimSpace(b.String()), ",")
	for _, col := range header {
		for _, suffix := range []string{"_mean", "_lo", "_hi"} {
			if k, ok := strings.CutSuffix(col, suffix); ok && slices.Contains(s.log.keys, k) {
				col = k
			}
		}
		if !strings.Contains(string(doc), "`"+col+"`") {
			t.Errorf("docs/OUTPUTS.md does not document the run log's column or metric `%s`", col)
		}
	}
}

// TestLocalOnly: on loopback the lab refuses a Host that is not this
// computer (a DNS name rebound to 127.0.0.1 by another site's page).
func TestLocalOnly(t *testing.T) {
	_, ts := newLab(t, Options{LocalOnly: true})
	for host, want := range map[string]int{"evil.example:80": 403, "localhost:1234": 200, "127.0.0.1": 200, "[::1]:8080": 200, "10.0.0.1:80": 403} {
		req, _ := http.NewRequest("GET", ts.URL+"/api/info", nil)
		req.Host = host
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("Host %s: %d, want %d", host, res.StatusCode, want)
		}
	}
	// Without a JSON Content-Type (a cross-site form or text), no run starts.
	for _, ct := range []string{"", "text/plain", "application/x-www-form-urlencoded"} {
		req, _ := http.NewRequest("POST", ts.URL+"/api/runs", strings.NewReader(`{"scenario":"builtin:commons"}`))
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusUnsupportedMediaType {
			t.Errorf("Content-Type %q: %d, want 415", ct, res.StatusCode)
		}
	}
}
