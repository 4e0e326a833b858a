package serve

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"commonsim/batch"
)

// small are settings that make a run quick, for tests: a short run of a
// small community.
var small = []string{"run.ticks=40", "population.initial=20", "arrival.potential_users=20000"}

func newLab(t testing.TB, opt Options) (*Server, *httptest.Server) {
	t.Helper()
	if opt.Version == "" {
		opt.Version = "test"
	}
	if opt.AttachTimeout == 0 {
		// A test opens the stream at once, but a loaded machine may take
		// its time: no run is dropped for being slow to attach.
		opt.AttachTimeout = time.Hour
	}
	s, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s)
	t.Cleanup(func() {
		s.Close()
		ts.Close()
	})
	return s, ts
}

// call sends a request with a JSON body (unless body is nil) and returns
// the status and the body.
func call(t testing.TB, method, url string, body any) (int, []byte, http.Header) {
	t.Helper()
	var r io.Reader
	if body != nil {
		switch b := body.(type) {
		case string:
			r = strings.NewReader(b)
		default:
			data, err := json.Marshal(b)
			if err != nil {
				t.Fatal(err)
			}
			r = bytes.NewReader(data)
		}
	}
	req, err := http.NewRequest(method, url, r)
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, data, res.Header
}

// event is one server-sent event.
type event struct {
	name string
	data []byte
}

// stream reads the events of a run. Close ends the request.
type stream struct {
	res    *http.Response
	sc     *bufio.Scanner
	cancel context.CancelFunc
}

func openEvents(t testing.TB, base, id string) *stream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/api/runs/"+id+"/events", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		cancel()
		t.Fatalf("events: %s", res.Status)
	}
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	return &stream{res: res, sc: sc, cancel: cancel}
}

func (s *stream) Close() {
	s.cancel()
	s.res.Body.Close()
}

// next returns the next event, or ok false at the end of the stream.
func (s *stream) next() (ev event, ok bool) {
	for s.sc.Scan() {
		line := s.sc.Text()
		switch {
		case line == "":
			if ev.name != "" {
				return ev, true
			}
		case strings.HasPrefix(line, "event: "):
			ev.name = line[len("event: "):]
		case strings.HasPrefix(line, "data: "):
			ev.data = []byte(line[len("data: "):])
		}
	}
	return ev, false
}

// until reads events until one named name, which it returns.
func (s *stream) until(t testing.TB, name string) event {
	t.Helper()
	for {
		ev, ok := s.next()
		if !ok {
			t.Fatalf("stream ended before event %q", name)
		}
		if ev.name == name {
			return ev
		}
		if ev.name == "failed" {
			t.Fatalf("run failed: %s", ev.data)
		}
	}
}

// created is the answer of POST /api/runs.
type created struct {
	ID    string   `json:"id"`
	Seeds []string `json:"seeds"`
	Ticks int      `json:"ticks"`
}

func create(t testing.TB, base string, in settings) created {
	t.Helper()
	code, body, _ := call(t, "POST", base+"/api/runs", in)
	if code != http.StatusCreated {
		t.Fatalf("POST /api/runs: %d %s", code, body)
	}
	var c created
	if err := json.Unmarshal(body, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

func sendControl(t testing.TB, base, id string, c command) {
	t.Helper()
	if code, body, _ := call(t, "POST", base+"/api/runs/"+id+"/control", c); code != http.StatusNoContent {
		t.Fatalf("control %v: %d %s", c, code, body)
	}
}

// labRunResult is what a page receives from a whole run.
type labRunResult struct {
	id       string
	seeds    []string
	rows     []tickRow
	lorenz   []lorenzFrame
	survival *survivalFrame
	results  []result
}

// runAll makes a run, plays it as fast as possible and collects its events.
func runAll(t testing.TB, base string, in settings) labRunResult {
	t.Helper()
	c := create(t, base, in)
	st := openEvents(t, base, c.ID)
	defer st.Close()
	st.until(t, "hello")
	sendControl(t, base, c.ID, command{Action: "go", Speed: 0})
	out := labRunResult{id: c.ID, seeds: c.Seeds}
	for {
		ev, ok := st.next()
		if !ok {
			t.Fatal("stream ended before done")
		}
		switch ev.name {
		case "ticks":
			var d struct{ Ticks []tickRow }
			mustJSON(t, ev.data, &d)
			out.rows = append(out.rows, d.Ticks...)
		case "lorenz":
			var f lorenzFrame
			mustJSON(t, ev.data, &f)
			out.lorenz = append(out.lorenz, f)
		case "survival":
			out.survival = &survivalFrame{}
			mustJSON(t, ev.data, out.survival)
		case "failed":
			t.Fatalf("run failed: %s", ev.data)
		case "done":
			var d struct{ Results []result }
			mustJSON(t, ev.data, &d)
			out.results = d.Results
			return out
		}
	}
}

func mustJSON(t testing.TB, data []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%v: %s", err, data)
	}
}

// eventually polls cond until it holds; it fails the test only when it has
// not held after 5 minutes, a bound on a hang, not a timing assertion.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after 5 minutes: %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// runFile runs a scenario file as `commonsim run FILE` does (batch.Prepare
// and Execute, 2 workers, 1 thread) into a new result set, and returns its
// directory.
func runFile(t testing.TB, path string) string {
	t.Helper()
	plan, err := batch.Prepare(batch.Config{Scenarios: []string{path}, Out: filepath.Join(t.TempDir(), "out"), Workers: 2, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	out, err := plan.Execute(context.Background(), "test")
	if err != nil {
		t.Fatal(err)
	}
	return out
}
