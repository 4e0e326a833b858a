package serve

import (
	"bufio"
	"encoding/json"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"commonsim/results"
)

// num is a float that JSON writes as null when it is not finite (JSON has
// no NaN), and otherwise in the shortest form that reads back exactly.
type num float64

func (n num) MarshalJSON() ([]byte, error) {
	f := float64(n)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

// UnmarshalJSON reads null back as NaN.
func (n *num) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*n = num(math.NaN())
		return nil
	}
	f, err := strconv.ParseFloat(string(b), 64)
	*n = num(f)
	return err
}

// result is one key result of a run: the mean over its replicates with the
// 95% confidence interval, and each replicate's value.
type result struct {
	Name   string `json:"name"`
	Unit   string `json:"unit"`
	Mean   num    `json:"mean"`
	Lo     num    `json:"lo"`
	Hi     num    `json:"hi"`
	Values []num  `json:"values"`
}

// logEntry is one row of the run log: what a student would write down.
type logEntry struct {
	N          int       `json:"n"`
	Time       time.Time `json:"time"`
	Scenario   string    `json:"scenario"`
	Changes    []string  `json:"changes"`
	Seed       int64     `json:"seed"`
	Replicates int       `json:"replicates"`
	Seeds      []string  `json:"seeds"` // the replicates' derived seeds, as text (JavaScript loses digits beyond 2^53)
	Ticks      int       `json:"ticks"`
	Reached    int       `json:"reached"`
	Status     string    `json:"status"` // running, finished, stopped, failed
	Results    []result  `json:"results"`
}

// Bounds on what the log keeps, so that a long-lived server's memory stays
// bounded: entries per page session, and sessions.
const (
	maxLogEntries  = 1000
	maxLogSessions = 256
)

// runLog keeps each page session's run log. A session is a random token
// the page makes and keeps for its tab, so two students on one server keep
// their own logs.
type runLog struct {
	mu       sync.Mutex
	sessions map[string]*sessionLog
	keys     []string // the results' metric names: the CSV's columns
	used     int64    // a clock for evicting the least recently used session
}

type sessionLog struct {
	entries []*logEntry
	next    int
	used    int64
}

func newRunLog(keys []string) *runLog {
	return &runLog{sessions: map[string]*sessionLog{}, keys: keys}
}

func (l *runLog) session(id string) *sessionLog {
	l.used++
	s := l.sessions[id]
	if s == nil {
		if len(l.sessions) >= maxLogSessions {
			oldest, at := "", int64(math.MaxInt64)
			for k, v := range l.sessions {
				if v.used < at || (v.used == at && k < oldest) {
					oldest, at = k, v.used
				}
			}
			delete(l.sessions, oldest)
		}
		s = &sessionLog{}
		l.sessions[id] = s
	}
	s.used = l.used
	return s
}

// add appends e to the session's log, numbering it, and returns it.
func (l *runLog) add(session string, e *logEntry) {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.session(session)
	s.next++
	e.N = s.next
	s.entries = append(s.entries, e)
	if len(s.entries) > maxLogEntries {
		s.entries = slices.Delete(s.entries, 0, len(s.entries)-maxLogEntries)
	}
}

// update changes an entry under the log's lock.
func (l *runLog) update(fn func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	fn()
}

// list returns a copy of the session's entries, oldest first.
func (l *runLog) list(session string) []logEntry {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []logEntry
	if s := l.sessions[session]; s != nil {
		for _, e := range s.entries {
			out = append(out, *e)
		}
	}
	return out
}

// writeJSON writes the session's entries as a JSON array.
func (l *runLog) writeJSON(w io.Writer, session string) error {
	entries := l.list(session)
	if entries == nil {
		entries = []logEntry{}
	}
	return json.NewEncoder(w).Encode(entries)
}

// writeCSV writes the session's log as CSV: one row per run, the settings
// first, then the mean and 95% interval of each key result. Text is quoted
// and numbers written as in a result set's files (results.AppendRecord,
// results.FormatFloat).
func (l *runLog) writeCSV(w io.Writer, session string) error {
	bw := bufio.NewWriter(w)
	header := []string{"run", "time", "scenario", "changed_parameters", "base_seed", "replicates", "replicate_seeds", "ticks", "ticks_run", "status"}
	for _, k := range l.keys {
		header = append(header, k+"_mean", k+"_lo", k+"_hi")
	}
	line := results.AppendRecord(nil, header)
	bw.Write(line)
	for _, e := range l.list(session) {
		rec := []string{
			strconv.Itoa(e.N), e.Time.UTC().Format(time.RFC3339), e.Scenario, strings.Join(e.Changes, "; "),
			strconv.FormatInt(e.Seed, 10), strconv.Itoa(e.Replicates), strings.Join(e.Seeds, " "),
			strconv.Itoa(e.Ticks), strconv.Itoa(e.Reached), e.Status,
		}
		for _, k := range l.keys {
			i := slices.IndexFunc(e.Results, func(r result) bool { return r.Name == k })
			if i < 0 {
				rec = append(rec, "", "", "")
				continue
			}
			r := e.Results[i]
			rec = append(rec, results.FormatFloat(float64(r.Mean)), results.FormatFloat(float64(r.Lo)), results.FormatFloat(float64(r.Hi)))
		}
		line = results.AppendRecord(line[:0], rec)
		bw.Write(line)
	}
	return bw.Flush() // the first write error, if any
}
