package serve

import (
	"context"
	"crypto/rand"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"commonsim/internal/webassets"
	"commonsim/scenarios"
)

//go:embed static
var static embed.FS

// Options configure a lab server. Zero values take the defaults below.
type Options struct {
	// Scenarios are the built-in names and scenario files named on the
	// command line; the files are read once, by New, and never again.
	Scenarios []string
	// ExportDir is where "run as batch" writes scenario files and result
	// sets; empty turns that button off. Nothing else is written anywhere.
	ExportDir string
	// MaxRuns bounds the runs (and batch exports) going on at once, over
	// all pages. Default 4.
	MaxRuns int
	// MaxReplicates bounds the replicates of one run. Default 20.
	MaxReplicates int
	// Available is the memory a run's size is checked against, in bytes,
	// by `commonsim run`'s check (batch.CheckLimits, with every replicate
	// in flight); 0 reads what the machine has free when the run is made,
	// as `run` does. Tests set it.
	Available uint64
	// Workers is how many replicates compute at once over the whole
	// server. Default: the number of CPUs.
	Workers int
	// AttachTimeout is how long a run made by POST /api/runs waits for its
	// page to open the event stream before it is dropped. Default 30 s.
	AttachTimeout time.Duration
	// Version is the engine version written into exported result sets.
	Version string
	// Command is the command line, written into exported manifests.
	Command []string
	// LocalOnly refuses requests whose Host is not this computer
	// (localhost, 127.0.0.1, ::1): with the server on loopback, a web page
	// elsewhere cannot reach it through a DNS name that points here.
	LocalOnly bool
}

// DefaultReplicates is how many replicates a run has unless the page asks
// for another number.
const DefaultReplicates = 5

// Server is the lab: an http.Handler for the page, its assets and its API.
type Server struct {
	opt      Options
	catalog  []*entry
	first    string
	mux      *http.ServeMux
	slots    chan struct{} // one per run or export going on
	workers  chan struct{} // one per replicate computing
	log      *runLog
	ctx      context.Context
	stop     context.CancelFunc
	exportMu sync.Mutex // one export at a time writes into ExportDir
	noPlots  bool       // tests only: exports draw no figures (gonum/plot is slow under -race)

	metrics   []metric // tick metrics
	summary   []metric // summary metrics
	charts    []chart  // the charted metrics, found in the registry
	chartCols []int    // their columns in a series row
	keyCols   []int    // the log's key results' columns in a summary

	mu   sync.Mutex
	runs map[string]*labRun
}

// New reads the scenarios named in opt and builds the lab.
func New(opt Options) (*Server, error) {
	if opt.MaxRuns <= 0 {
		opt.MaxRuns = 4
	}
	if opt.MaxReplicates <= 0 {
		opt.MaxReplicates = 20
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.NumCPU()
	}
	if opt.AttachTimeout <= 0 {
		opt.AttachTimeout = 30 * time.Second
	}
	if opt.ExportDir != "" {
		if err := os.MkdirAll(opt.ExportDir, 0o755); err != nil {
			return nil, fmt.Errorf("--export %s: %w", opt.ExportDir, err)
		}
	}
	cat, first, err := loadCatalog(opt.Scenarios)
	if err != nil {
		return nil, err
	}
	s := &Server{
		opt: opt, catalog: cat, first: first,
		slots:   make(chan struct{}, opt.MaxRuns),
		workers: make(chan struct{}, opt.Workers),
		runs:    map[string]*labRun{},
		metrics: tickMetrics(), summary: summaryMetrics(),
	}
	s.ctx, s.stop = context.WithCancel(context.Background())
	s.charts, s.chartCols = pickCharts(s.metrics)
	var keys []string
	s.keyCols, keys = pickKeys(s.summary)
	s.log = newRunLog(keys)
	s.routes()
	return s, nil
}

// Close stops every run; their streams end.
func (s *Server) Close() { s.stop() }

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// The page is served from this origin only: nothing is framed, sniffed
	// or fetched from elsewhere.
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:")
	h.Set("Referrer-Policy", "no-referrer")
	if s.opt.LocalOnly && !localHost(r.Host) {
		fail(w, http.StatusForbidden, fmt.Sprintf("Host %q: this lab answers only on this computer (localhost, 127.0.0.1)", r.Host))
		return
	}
	s.mux.ServeHTTP(w, r)
}

// localHost reports whether a Host header names this computer.
func localHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func (s *Server) routes() {
	m := http.NewServeMux()
	staticFS, _ := fs.Sub(static, "static")
	page := func(name, ctype string) http.HandlerFunc {
		data, err := fs.ReadFile(staticFS, name)
		if err != nil {
			panic("serve: embedded page lacks " + name)
		}
		return asset(data, ctype)
	}
	m.HandleFunc("GET /{$}", page("index.html", "text/html; charset=utf-8"))
	m.HandleFunc("GET /lab.js", page("lab.js", "text/javascript; charset=utf-8"))
	m.HandleFunc("GET /lab.css", page("lab.css", "text/css; charset=utf-8"))
	m.HandleFunc("GET /vendor/uPlot.iife.min.js", asset(webassets.UPlotJS(), "text/javascript; charset=utf-8"))
	m.HandleFunc("GET /vendor/uPlot.min.css", asset(webassets.UPlotCSS(), "text/css; charset=utf-8"))
	m.HandleFunc("GET /vendor/uPlot.LICENSE", asset(webassets.UPlotLicense(), "text/plain; charset=utf-8"))

	m.HandleFunc("GET /api/info", s.handleInfo)
	m.HandleFunc("POST /api/check", s.handleCheck)
	m.HandleFunc("POST /api/runs", s.handleCreate)
	m.HandleFunc("GET /api/runs/{id}/events", s.handleEvents)
	m.HandleFunc("POST /api/runs/{id}/control", s.handleControl)
	m.HandleFunc("DELETE /api/runs/{id}", s.handleDelete)
	m.HandleFunc("GET /api/log", s.handleLog)
	m.HandleFunc("GET /api/log.csv", s.handleLogCSV)
	m.HandleFunc("POST /api/export/toml", s.handleExportTOML)
	m.HandleFunc("POST /api/export/batch", s.handleExportBatch)
	m.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		// A known path asked with another method is a 405, with the
		// methods it takes; any other path a 404.
		var allow []string
		for _, method := range []string{"GET", "POST", "DELETE"} {
			probe := r.Clone(r.Context())
			probe.Method = method
			if _, pattern := m.Handler(probe); pattern != "/api/" && pattern != "" {
				allow = append(allow, method)
			}
		}
		if len(allow) > 0 {
			w.Header().Set("Allow", strings.Join(allow, ", "))
			fail(w, http.StatusMethodNotAllowed, fmt.Sprintf("%s %s: use %s", r.Method, r.URL.Path, strings.Join(allow, " or ")))
			return
		}
		fail(w, http.StatusNotFound, fmt.Sprintf("no API endpoint %s %s", r.Method, r.URL.Path))
	})
	s.mux = m
}

func asset(data []byte, ctype string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Cache-Control", "no-cache")
		_, _ = w.Write(data)
	}
}

// apiError is the body of every 4xx and 5xx answer of the API: a message
// for people, and the controls it concerns.
type apiError struct {
	Error  string       `json:"error"`
	Fields []fieldError `json:"fields,omitempty"`
}

func fail(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, apiError{Error: msg})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// maxBody bounds a request's JSON body.
const maxBody = 64 << 10

// decode reads a JSON body into v strictly: one object, no unknown fields,
// at most maxBody bytes.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	// application/json only: a page of another site can send a form or
	// plain text here without the browser asking first, but not JSON.
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		fail(w, http.StatusUnsupportedMediaType, fmt.Sprintf("request body: Content-Type %q, expected application/json", ct))
		return false
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			fail(w, http.StatusRequestEntityTooLarge, fmt.Sprintf("request body: larger than %d bytes", maxBody))
		case errors.Is(err, io.EOF):
			fail(w, http.StatusBadRequest, "request body: empty, expected a JSON object")
		default:
			fail(w, http.StatusBadRequest, "request body: "+err.Error())
		}
		return false
	}
	if dec.More() {
		fail(w, http.StatusBadRequest, "request body: more than one JSON value")
		return false
	}
	return true
}

// settings is what the page sends to check, run or export a parameter set.
type settings struct {
	Scenario   string   `json:"scenario"`
	Set        []string `json:"set"`
	Replicates int      `json:"replicates"`
	Session    string   `json:"session"`
}

var sessionRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// resolve checks settings: the scenario, every setting (by the code of
// --set), the replicates and the run's size. It writes the 4xx answer and
// returns nil when they are wrong.
func (s *Server) resolve(w http.ResponseWriter, in settings) (*entry, *resolved) {
	e := s.entry(in.Scenario)
	if e == nil {
		var ids []string
		for _, c := range s.catalog {
			ids = append(ids, c.ID)
		}
		fail(w, http.StatusBadRequest, fmt.Sprintf("scenario %q: not one of this lab's (%s)", in.Scenario, strings.Join(ids, ", ")))
		return nil, nil
	}
	if in.Session != "" && !sessionRE.MatchString(in.Session) {
		fail(w, http.StatusBadRequest, "session: 1 to 64 letters, digits, - or _")
		return nil, nil
	}
	reps := in.Replicates
	if reps == 0 {
		reps = DefaultReplicates
	}
	if reps < 1 || reps > s.opt.MaxReplicates {
		writeJSON(w, http.StatusBadRequest, apiError{
			Error:  fmt.Sprintf("replicates %d: must be 1 to %d", in.Replicates, s.opt.MaxReplicates),
			Fields: []fieldError{{Key: "replicates", Message: fmt.Sprintf("1 to %d", s.opt.MaxReplicates)}},
		})
		return nil, nil
	}
	sc, changes, errs := configure(e, in.Set)
	if errs != nil {
		msg := errs[0].Message
		if len(errs) > 1 {
			msg = fmt.Sprintf("%s (and %d more)", msg, len(errs)-1)
		}
		writeJSON(w, http.StatusBadRequest, apiError{Error: msg, Fields: errs})
		return nil, nil
	}
	sc.Run.Replications = reps
	if err := checkSize(sc, reps, s.opt.Available); err != nil {
		fail(w, http.StatusBadRequest, err.Error())
		return nil, nil
	}
	return e, &resolved{sc: sc, changes: changes, replicates: reps}
}

// readSettings decodes and resolves a request's settings; nil after a 4xx.
func (s *Server) readSettings(w http.ResponseWriter, r *http.Request) (*entry, *resolved, string) {
	var in settings
	if !decode(w, r, &in) {
		return nil, nil, ""
	}
	e, res := s.resolve(w, in)
	return e, res, in.Session
}

// takeSlot takes one of the MaxRuns slots, or answers 429.
func (s *Server) takeSlot(w http.ResponseWriter) bool {
	select {
	case s.slots <- struct{}{}:
		return true
	default:
		fail(w, http.StatusTooManyRequests, fmt.Sprintf("the lab is already running %d runs, its limit (serve --max-runs); press Reset in another tab or wait for a run to finish", s.opt.MaxRuns))
		return false
	}
}

// resolved is a checked parameter set.
type resolved struct {
	sc         *scenarios.Scenario
	changes    []string
	replicates int
}

func (s *Server) entry(id string) *entry {
	for _, e := range s.catalog {
		if e.ID == id {
			return e
		}
	}
	return nil
}

// handleInfo tells the page everything it builds itself from: the
// scenarios with their values, the controls, the charts and the limits.
func (s *Server) handleInfo(w http.ResponseWriter, r *http.Request) {
	type scenarioInfo struct {
		*entry
		Values map[string]string `json:"values"`
	}
	var scs []scenarioInfo
	for _, e := range s.catalog {
		scs = append(scs, scenarioInfo{e, values(e.sc)})
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"version":    s.opt.Version,
		"scenarios":  scs,
		"first":      s.first,
		"controls":   controls(),
		"essentials": essentials(),
		"groups":     groups(),
		"charts":     s.charts,
		"lorenz":     lorenzCharts,
		"survival":   survivalChart,
		"results":    s.keyMetrics(),
		"limits": map[string]any{
			"replicates": s.opt.MaxReplicates, "defaultReplicates": DefaultReplicates, "runs": s.opt.MaxRuns,
			"maxSpeed": maxSpeed,
		},
		"export": s.opt.ExportDir != "",
	})
}

func (s *Server) keyMetrics() []metric {
	var out []metric
	for _, k := range s.keyCols {
		out = append(out, s.summary[k])
	}
	return out
}

// handleCheck validates settings without running them: 200 with no
// problems, else 400 with each problem beside its control.
func (s *Server) handleCheck(w http.ResponseWriter, r *http.Request) {
	if _, res, _ := s.readSettings(w, r); res != nil {
		writeJSON(w, http.StatusOK, map[string]any{"ok": true, "changes": res.changes})
	}
}

// handleCreate makes a run (Setup): 201 with its id, whose event stream the
// page then opens; 400 for bad settings, 429 when the lab is full.
func (s *Server) handleCreate(w http.ResponseWriter, r *http.Request) {
	e, res, session := s.readSettings(w, r)
	if res == nil {
		return
	}
	specs, err := labSpecs(res.sc, res.replicates)
	if err != nil {
		fail(w, http.StatusBadRequest, err.Error())
		return
	}
	if !s.takeSlot(w) {
		return
	}
	reps := make([]*replicate, len(specs))
	for i, sp := range specs {
		reps[i] = &replicate{spec: sp}
	}
	r0 := &labRun{
		id: newID(), session: sessionOf(session), sc: res.sc, specs: specs, reps: reps,
		ticks: res.sc.Run.Ticks, every: chunkLength(res.sc.Run),
		ctrl: make(chan command, 16),
	}
	r0.label = e.Name
	if len(res.changes) > 0 {
		r0.label += " (" + strings.Join(res.changes, ", ") + ")"
	}
	r0.log = &logEntry{
		Time: time.Now(), Scenario: e.Name, Changes: res.changes, Seed: res.sc.Run.Seed,
		Replicates: res.replicates, Seeds: seedStrings(specs), Ticks: r0.ticks, Status: "running",
	}
	if r0.log.Changes == nil {
		r0.log.Changes = []string{}
	}
	r0.ctx, r0.cancel = context.WithCancel(s.ctx)
	var once sync.Once
	r0.done = func() {
		once.Do(func() {
			r0.cancel()
			s.mu.Lock()
			delete(s.runs, r0.id)
			s.mu.Unlock()
			<-s.slots
		})
	}
	s.log.add(r0.session, r0.log)
	s.mu.Lock()
	s.runs[r0.id] = r0
	s.mu.Unlock()
	// A page that never opens the stream must not hold a slot for good.
	r0.expiry = time.AfterFunc(s.opt.AttachTimeout, func() {
		if !r0.isAttached() {
			s.finishLog(r0, 0, "stopped", nil)
			r0.done()
		}
	})
	writeJSON(w, http.StatusCreated, map[string]any{
		"id": r0.id, "label": r0.label, "ticks": r0.ticks, "replicates": res.replicates,
		"seeds": r0.log.Seeds, "changes": r0.log.Changes, "every": r0.every,
	})
}

func sessionOf(s string) string {
	if s == "" {
		return "default"
	}
	return s
}

func newID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func (s *Server) run(w http.ResponseWriter, r *http.Request) *labRun {
	id := r.PathValue("id")
	s.mu.Lock()
	run := s.runs[id]
	s.mu.Unlock()
	if run == nil {
		fail(w, http.StatusNotFound, fmt.Sprintf("run %q: no such run (it finished, was reset, or its page closed); press Setup for a new one", id))
	}
	return run
}

// handleEvents streams a run to its page. The run lives as long as this
// stream: when the page closes or reloads, the run is cancelled.
func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request) {
	run := s.run(w, r)
	if run == nil {
		return
	}
	run.mu.Lock()
	if run.attached {
		run.mu.Unlock()
		fail(w, http.StatusConflict, "this run is already shown on another page")
		return
	}
	run.attached = true
	run.expiry.Stop()
	run.mu.Unlock()
	defer run.done()
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	stop := context.AfterFunc(run.ctx, cancel)
	defer stop()
	s.drive(ctx, run, newEventStream(w))
}

// handleControl passes step, go, pause or a new speed to a run.
func (s *Server) handleControl(w http.ResponseWriter, r *http.Request) {
	var c command
	if !decode(w, r, &c) {
		return
	}
	if err := c.check(); err != nil {
		fail(w, http.StatusBadRequest, err.Error())
		return
	}
	run := s.run(w, r)
	if run == nil {
		return
	}
	if !run.isAttached() {
		fail(w, http.StatusConflict, "open the run's event stream first (GET /api/runs/"+run.id+"/events)")
		return
	}
	select {
	case run.ctrl <- c:
		w.WriteHeader(http.StatusNoContent)
	default:
		fail(w, http.StatusTooManyRequests, "too many commands at once; wait a moment")
	}
}

// handleDelete resets a run: it stops, and its stream ends.
func (s *Server) handleDelete(w http.ResponseWriter, r *http.Request) {
	run := s.run(w, r)
	if run == nil {
		return
	}
	if !run.isAttached() {
		run.expiry.Stop()
		s.finishLog(run, 0, "stopped", nil)
		run.done()
	} else {
		run.cancel() // the stream's handler logs and frees the run
	}
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) session(w http.ResponseWriter, r *http.Request) (string, bool) {
	id := r.URL.Query().Get("session")
	if id != "" && !sessionRE.MatchString(id) {
		fail(w, http.StatusBadRequest, "session: 1 to 64 letters, digits, - or _")
		return "", false
	}
	return sessionOf(id), true
}

func (s *Server) handleLog(w http.ResponseWriter, r *http.Request) {
	id, ok := s.session(w, r)
	if !ok {
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_ = s.log.writeJSON(w, id)
}

func (s *Server) handleLogCSV(w http.ResponseWriter, r *http.Request) {
	id, ok := s.session(w, r)
	if !ok {
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="commonsim-lab-log.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	_ = s.log.writeCSV(w, id)
}

// active reports the ids of the runs going on, sorted (for tests).
func (s *Server) active() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ids []string
	for id := range s.runs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}
