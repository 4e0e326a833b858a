package results_test

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"commonsim/batch"
	"commonsim/report"
	"commonsim/results"
	"commonsim/scenarios"
	"commonsim/sim"
)

// outputsDoc is the user documentation of a result set, relative to this
// package.
const outputsDoc = "../docs/OUTPUTS.md"

// updateEnv, set to 1, makes TestOutputsDocMetricTables rewrite the
// generated tables of docs/OUTPUTS.md from the metric registries instead of
// failing when they differ.
const updateEnv = "COMMONSIM_UPDATE_OUTPUTS_DOC"

func readDoc(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(outputsDoc)
	if err != nil {
		t.Fatalf("docs/OUTPUTS.md: %v", err)
	}
	return string(b)
}

// docResultSets builds small real result sets as the engine writes them:
// two scenarios that differ in parameters (so runs.csv has parameter
// columns) with a factorial sweep (so point varies), with the report's
// files; and a Morris sweep, whose report adds sensitivity.csv.
func docResultSets(t *testing.T) []string {
	t.Helper()
	run := func(name string, cfg batch.Config) string {
		cfg.Out = filepath.Join(t.TempDir(), name)
		cfg.Workers, cfg.Threads, cfg.Command = 2, 1, []string{"outputs_doc_test"}
		dir, err := batch.Run(context.Background(), cfg, "test")
		if err != nil {
			t.Fatal(err)
		}
		// The report step writes sensitivity.csv, summary.csv and
		// comparison.csv.
		if _, err := report.Build(dir, report.Options{}); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	small := []string{"run.ticks=20", "run.replications=2", "population.initial=20"}
	factorial := run("factorial", batch.Config{
		Scenarios: []string{"commons", "extractive"},
		Sets:      small,
		Sweeps:    []string{"review.strictness=0:0.2:0.2"},
	})
	morris := run("morris", batch.Config{
		Scenarios: []string{"commons"},
		Sets:      append(small[:1:1], "run.replications=1", "population.initial=20"),
		Sweeps:    []string{"economy.capture_rate=0..0.8", "review.strictness=0..0.5"},
		Design:    "morris",
		Samples:   2,
	})
	return []string{factorial, morris}
}

// TestOutputsDocListsEveryColumn fails when a column the engine writes into
// a result set is not documented in docs/OUTPUTS.md as `name`.
// paramFiles are the files with runs.csv's parameter columns.
var paramFiles = map[string]bool{results.RunsFile: true, results.TimeseriesFile: true, report.SummaryFile: true, report.SummaryTimeseriesFile: true}

func TestOutputsDocListsEveryColumn(t *testing.T) {
	doc := readDoc(t)
	sawParam := false
	seen := map[string]bool{}
	for _, dir := range docResultSets(t) {
		files, err := filepath.Glob(filepath.Join(dir, "*.csv"))
		if err != nil {
			t.Fatal(err)
		}
		m, err := results.ReadManifest(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			name := filepath.Base(f)
			seen[name] = true
			if !strings.Contains(doc, "`"+name+"`") {
				t.Errorf("docs/OUTPUTS.md does not document the file `%s`", name)
			}
			header := readHeader(t, f)
			if cols, ok := m.Columns[name]; ok && !slices.Equal(cols, header) {
				t.Errorf("%s: manifest.json columns %v differ from the header %v", name, cols, header)
			}
			for _, col := range header {
				if paramFiles[name] && strings.Contains(col, ".") {
					// A parameter column: described generically.
					if _, ok := scenarios.Lookup(col); !ok {
						t.Errorf("runs.csv column %s looks like a parameter but is not one", col)
					}
					sawParam = true
					continue
				}
				if !strings.Contains(doc, "`"+col+"`") {
					t.Errorf("docs/OUTPUTS.md does not document column `%s` of %s", col, name)
				}
			}
		}
	}
	for _, want := range append(slices.Clone(results.DataFiles), report.SummaryFile, report.SummaryTimeseriesFile, report.ComparisonFile, report.SensitivityFile) {
		if !seen[want] {
			t.Errorf("the test result sets lack %s", want)
		}
	}
	if !sawParam {
		t.Error("the test result set has no parameter column; make its scenarios differ")
	}
	if !regexp.MustCompile(`(?m)^#+ Parameter columns`).MatchString(doc) {
		t.Error("docs/OUTPUTS.md has no \"Parameter columns\" section describing runs.csv's parameter columns")
	}
	for _, name := range []string{results.ManifestFile, report.ReportFile, report.PlotsDir + "/"} {
		if !strings.Contains(doc, "`"+name+"`") {
			t.Errorf("docs/OUTPUTS.md does not document `%s`", name)
		}
	}
	// The manifest's fields, at every level.
	for field, where := range jsonFields(reflect.TypeFor[results.Manifest](), "manifest.json") {
		if !strings.Contains(doc, "`"+field+"`") {
			t.Errorf("docs/OUTPUTS.md does not document the field `%s` (%s)", field, where)
		}
	}
	for _, s := range []string{results.StatusRunning, results.StatusComplete, results.StatusInterrupted, "ok", "failed"} {
		if !strings.Contains(doc, "`"+s+"`") {
			t.Errorf("docs/OUTPUTS.md does not document the status `%s`", s)
		}
	}
}

// TestOutputsDocSchemaVersion checks that the doc describes the schema
// version the engine writes.
func TestOutputsDocSchemaVersion(t *testing.T) {
	doc := readDoc(t)
	m := regexp.MustCompile(`Schema version: (\d+)`).FindStringSubmatch(doc)
	if m == nil {
		t.Fatal(`docs/OUTPUTS.md does not state "Schema version: N"`)
	}
	if v, _ := strconv.Atoi(m[1]); v != results.SchemaVersion {
		t.Errorf("docs/OUTPUTS.md describes schema version %d, the engine writes %d (results.SchemaVersion)", v, results.SchemaVersion)
	}
}

// TestOutputsDocMetricTables checks that the metric tables of
// docs/OUTPUTS.md are those the registries generate: same names, order,
// units and meanings. With COMMONSIM_UPDATE_OUTPUTS_DOC=1 it rewrites them.
func TestOutputsDocMetricTables(t *testing.T) {
	doc := readDoc(t)
	blocks := map[string]string{
		"timeseries-metrics": metricTable(sim.TickMetrics()),
		"runs-metrics":       metricTable(sim.SummaryMetrics()),
		"commons-metrics":    metricTable(sim.CommonsMetrics()),
	}
	updated := doc
	for _, name := range []string{"timeseries-metrics", "runs-metrics", "commons-metrics"} {
		re := regexp.MustCompile(`(?s)(<!-- begin generated ` + name + ` [^\n]*-->\n)(.*?)(<!-- end generated ` + name + ` -->)`)
		m := re.FindStringSubmatchIndex(updated)
		if m == nil {
			t.Errorf("docs/OUTPUTS.md lacks the generated block %q (<!-- begin generated %s ... --> ... <!-- end generated %s -->)", name, name, name)
			continue
		}
		if got := updated[m[4]:m[5]]; got != blocks[name] {
			updated = updated[:m[4]] + blocks[name] + updated[m[5]:]
			if os.Getenv(updateEnv) != "1" {
				t.Errorf("docs/OUTPUTS.md: the %s table differs from sim's metric registry; regenerate it with\n  %s=1 go test ./results -run TestOutputsDocMetricTables\nwant:\n%s", name, updateEnv, blocks[name])
			}
		}
	}
	if os.Getenv(updateEnv) == "1" && updated != doc {
		if err := os.WriteFile(outputsDoc, []byte(updated), 0o644); err != nil {
			t.Fatal(err)
		}
		t.Log("rewrote the generated tables of docs/OUTPUTS.md")
	}
}

// jsonFields returns the JSON field names of a struct type and of the
// structs it holds, with where each is.
func jsonFields(typ reflect.Type, where string) map[string]string {
	out := map[string]string{}
	var walk func(typ reflect.Type, where string)
	walk = func(typ reflect.Type, where string) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Array || typ.Kind() == reflect.Map {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct {
			return
		}
		for i := range typ.NumField() {
			f := typ.Field(i)
			if !f.IsExported() {
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if _, ok := out[name]; !ok {
				out[name] = where + " " + typ.Name() + "." + f.Name
			}
			walk(f.Type, where)
		}
	}
	walk(typ, where)
	return out
}

// metricTable is the Markdown table of a metric registry.
func metricTable(ms []sim.Metric) string {
	var b strings.Builder
	b.WriteString("| column | unit | meaning |\n|---|---|---|\n")
	esc := strings.NewReplacer("|", `\|`)
	for _, m := range ms {
		unit := m.Unit
		if unit == "" {
			unit = "—"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", m.Name, esc.Replace(unit), esc.Replace(m.Doc))
	}
	return b.String()
}

func readHeader(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h, err := csv.NewReader(f).Read()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return h
}
