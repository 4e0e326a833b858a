package serve

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"commonsim/results"
	"commonsim/scenarios"
)

// scenarioTOML writes a lab parameter set as a scenario file that `commonsim
// run` accepts and runs with the same numbers: it extends the built-in the
// lab started from (commons for a file), sets every parameter that differs
// from it, and keeps the scenario's name, on which the runs' seeds depend.
// The text is read back before it is returned; should it not give the same
// parameters, the fully resolved form is written instead.
func scenarioTOML(e *entry, res *resolved, version string, now time.Time) (string, error) {
	base := scenarios.DefaultName
	if e.builtin {
		base = e.Name
	}
	baseSc, err := scenarios.LoadBuiltin(base)
	if err != nil {
		return "", err
	}
	sc := res.sc
	var b strings.Builder
	fmt.Fprintf(&b, "# Saved from the commonsim lab (commonsim %s) on %s.\n", version, now.UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(&b, "# Scenario %s", e.Name)
	if !e.builtin {
		fmt.Fprintf(&b, " (from %s)", filepath.Base(e.Origin))
	}
	if len(res.changes) == 0 {
		b.WriteString(" as it is, with the lab's replicates.\n")
	} else {
		fmt.Fprintf(&b, " with the changes made in the lab: %s.\n", strings.Join(res.changes, ", "))
	}
	fmt.Fprintf(&b, "# `commonsim run FILE` runs the same %d replicates with the same seeds, so the same numbers.\n", sc.Run.Replications)
	b.WriteString("# Keep the name: every run's seed is derived from it.\n\n")
	fmt.Fprintf(&b, "extends = %s\nname = %s\ndescription = %s\n", tomlString(base), tomlString(sc.Name), tomlString(sc.Description))

	table := ""
	for _, p := range scenarios.Params() {
		if topLevel(p.Key) {
			continue
		}
		v := p.Get(sc)
		always := p.Key == "run.replications" || p.Key == "run.seed"
		if v == p.Get(baseSc) && !always {
			continue
		}
		t, key := p.Key[:strings.LastIndexByte(p.Key, '.')], p.Key[strings.LastIndexByte(p.Key, '.')+1:]
		if t != table {
			fmt.Fprintf(&b, "\n[%s]\n", t)
			table = t
		}
		fmt.Fprintf(&b, "%s = %s\n", key, tomlValue(p, v))
	}
	text := b.String()
	if same(text, sc) {
		return text, nil
	}
	// The short form did not read back as the lab's parameters (a rule of
	// extends this code does not know): write every parameter.
	full, err := sc.Encode()
	if err != nil {
		return "", err
	}
	text = fmt.Sprintf("# Saved from the commonsim lab (commonsim %s) on %s: scenario %s, every parameter.\n\n%s",
		version, now.UTC().Format("2006-01-02 15:04 MST"), sc.Name, full)
	if !same(text, sc) {
		return "", errors.New("saving as TOML: the file does not read back as the lab's parameters (a bug: please report it)")
	}
	return text, nil
}

// topLevel reports the top-level keys, written above the tables.
func topLevel(key string) bool { return !strings.Contains(key, ".") }

// same reports whether text parses to the parameters of sc.
func same(text string, sc *scenarios.Scenario) bool {
	got, err := scenarios.Parse("lab export", []byte(text), "")
	if err != nil {
		return false
	}
	for _, p := range scenarios.Params() {
		if p.Key != "extends" && p.Get(got) != p.Get(sc) { // extends says where values came from, not what they are
			return false
		}
	}
	return true
}

// tomlValue writes a parameter's value (as Param.Get gives it) in TOML.
func tomlValue(p scenarios.Param, v string) string {
	switch p.Kind {
	case scenarios.String:
		return tomlString(v)
	case scenarios.Float:
		if !strings.ContainsAny(v, ".eEn") { // a whole number reads as an integer in TOML
			v += ".0"
		}
	}
	return v
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// fileStem is a scenario name made safe for a file name.
func fileStem(name string) string {
	s := strings.Trim(unsafeName.ReplaceAllString(name, "-"), "-.")
	if s == "" {
		s = "scenario"
	}
	return s + "-lab"
}

// handleExportTOML answers the page's "Save as TOML" with the scenario file
// as a download. Nothing is written on the server.
func (s *Server) handleExportTOML(w http.ResponseWriter, r *http.Request) {
	e, res, _ := s.readSettings(w, r)
	if res == nil {
		return
	}
	text, err := scenarioTOML(e, res, s.opt.Version, time.Now())
	if err != nil {
		fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/toml; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.toml"`, fileStem(res.sc.Name)))
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write([]byte(text))
}

// handleExportBatch answers "Run as batch": it writes the scenario file into
// the export directory given on the command line and runs it there as
// `commonsim run` would, into a new result set with its report. 403 when no
// export directory was given.
func (s *Server) handleExportBatch(w http.ResponseWriter, r *http.Request) {
	if s.opt.ExportDir == "" {
		fail(w, http.StatusForbidden, "this lab writes no files: start it with `commonsim serve --export DIR` to run batches into DIR")
		return
	}
	e, res, _ := s.readSettings(w, r)
	if res == nil {
		return
	}
	if !s.takeSlot(w) {
		return
	}
	defer func() { <-s.slots }()
	s.exportMu.Lock()
	defer s.exportMu.Unlock()
	now := time.Now()
	text, err := scenarioTOML(e, res, s.opt.Version, now)
	if err != nil {
		fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	path, dir, err := s.exportNames(fileStem(res.sc.Name)+"-"+now.Format("20060102-150405"), text)
	if err != nil {
		fail(w, http.StatusInternalServerError, err.Error())
		return
	}
	rep, err := exportBatch(r.Context(), path, dir, s.opt.Version, s.opt.Workers, s.opt.Command, !s.noPlots)
	if err != nil {
		code := http.StatusInternalServerError
		if r.Context().Err() != nil {
			code = http.StatusServiceUnavailable
		}
		fail(w, code, fmt.Sprintf("run as batch: %v (the scenario file is %s)", err, path))
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"toml": path, "dir": dir, "report": filepath.Join(dir, "report.md"),
		"command": "commonsim run " + strconv.Quote(path), "runs": res.replicates, "text": rep,
	})
}

// exportNames writes the scenario file under a new name in the export
// directory (never replacing a file) and picks a result-set directory that
// does not exist.
func (s *Server) exportNames(stem, text string) (path, dir string, err error) {
	for i := 1; i < 1000; i++ {
		name := stem
		if i > 1 {
			name = fmt.Sprintf("%s-%d", stem, i)
		}
		path = filepath.Join(s.opt.ExportDir, name+".toml")
		dir = filepath.Join(s.opt.ExportDir, name)
		if _, err := os.Lstat(dir); !errors.Is(err, fs.ErrNotExist) {
			continue
		}
		// The name is taken with O_EXCL (never an existing file, never
		// through a link), then the text written over it as every file of
		// commonsim is (results.WriteAtomic): whole or not at all.
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", "", fmt.Errorf("export directory: %w", err)
		}
		f.Close()
		if err := results.WriteAtomic(s.opt.ExportDir, name+".toml", []byte(text)); err != nil {
			os.Remove(path)
			return "", "", fmt.Errorf("export directory: %w", err)
		}
		return path, dir, nil
	}
	return "", "", fmt.Errorf("export directory %s: no free name for %s", s.opt.ExportDir, stem)
}
