package scenarios

import (
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

//go:embed builtin/*.toml
var builtinFS embed.FS

// DefaultName is the built-in scenario every other one starts from.
const DefaultName = "commons"

// maxExtendsDepth bounds chains of extends, which would otherwise loop
// forever on a file that extends itself.
const maxExtendsDepth = 8

// Builtin describes one scenario of the built-in library.
type Builtin struct {
	Name        string
	Description string
	Source      []byte // the commented TOML file
}

// Builtins lists the built-in scenarios in name order.
func Builtins() ([]Builtin, error) {
	entries, err := fs.ReadDir(builtinFS, "builtin")
	if err != nil {
		return nil, fmt.Errorf("built-in scenarios: %w", err)
	}
	var out []Builtin
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".toml")
		src, err := builtinFS.ReadFile("builtin/" + e.Name())
		if err != nil {
			return nil, fmt.Errorf("built-in scenario %s: %w", name, err)
		}
		s, err := parse(name, src, "", true, 0)
		if err != nil {
			return nil, err
		}
		out = append(out, Builtin{Name: name, Description: s.Description, Source: src})
	}
	// By name, not by file name: "relicensing" before "relicensing-employed".
	slices.SortFunc(out, func(a, b Builtin) int { return strings.Compare(a.Name, b.Name) })
	return out, nil
}

// BuiltinNames returns the names of the built-in scenarios, sorted.
func BuiltinNames() []string {
	entries, _ := fs.ReadDir(builtinFS, "builtin")
	var names []string
	for _, e := range entries {
		names = append(names, strings.TrimSuffix(e.Name(), ".toml"))
	}
	slices.Sort(names) // by name, not by file name (see Builtins)
	return names
}

// BuiltinSource returns the TOML text of a built-in scenario.
func BuiltinSource(name string) ([]byte, error) {
	src, err := builtinFS.ReadFile("builtin/" + name + ".toml")
	if err != nil {
		return nil, unknownBuiltin(name)
	}
	return src, nil
}

func unknownBuiltin(name string) error {
	names := BuiltinNames()
	msg := fmt.Sprintf("no built-in scenario %q and no such file (built-in: %s)", name, strings.Join(names, ", "))
	if s := Suggest(name, names); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	return errors.New(msg)
}

// Resolve loads a scenario named on the command line: a path to a TOML file
// if one exists there (or the name ends in .toml), else a built-in name.
func Resolve(nameOrPath string) (*Scenario, error) {
	if strings.HasSuffix(nameOrPath, ".toml") || strings.ContainsRune(nameOrPath, os.PathSeparator) {
		return Load(nameOrPath)
	}
	if _, err := os.Stat(nameOrPath); err == nil {
		return Load(nameOrPath)
	}
	return LoadBuiltin(nameOrPath)
}

// LoadBuiltin loads and validates a built-in scenario.
func LoadBuiltin(name string) (*Scenario, error) {
	src, err := BuiltinSource(name)
	if err != nil {
		return nil, err
	}
	return parse(name, src, "", true, 0)
}

// Load reads, decodes and validates the scenario file at path.
func Load(path string) (*Scenario, error) {
	s, err := load(path, 0)
	return s, oneLine(err)
}

func load(path string, depth int) (*Scenario, error) {
	info, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("scenario file %s: does not exist", path)
		}
		return nil, fmt.Errorf("scenario file %s: %w", path, err)
	}
	if info.IsDir() {
		return nil, fmt.Errorf("scenario file %s: is a directory, not a TOML file", path)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("scenario file %s: is not a regular file (a FIFO or a device?); give a TOML file", path)
	}
	if info.Size() > MaxFileBytes {
		return nil, fmt.Errorf("scenario file %s: is %d MiB; the most commonsim reads is %d MiB (a scenario is a few kilobytes)", path, info.Size()>>20, MaxFileBytes>>20)
	}
	src, err := readFileLimit(path, MaxFileBytes)
	if err != nil {
		return nil, fmt.Errorf("scenario file %s: %w", path, err)
	}
	if len(strings.TrimSpace(string(src))) == 0 {
		return nil, fmt.Errorf("scenario file %s: is empty (start from `commonsim show commons`)", path)
	}
	s, err := parse(path, src, filepath.Dir(path), false, depth)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// MaxFileBytes bounds a scenario file (16 MiB).
const MaxFileBytes = 16 << 20

// readFileLimit reads at most limit bytes of path, failing if there are
// more (a file that grew after it was checked, or a device).
func readFileLimit(path string, limit int64) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscallNonBlock, 0)
	if err != nil {
		return nil, unwrapPath(err)
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return nil, errors.New("is not a regular file (a FIFO or a device?); give a TOML file")
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, unwrapPath(err)
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("is larger than %d MiB, the most commonsim reads", limit>>20)
	}
	return data, nil
}

// unwrapPath drops the operation and path of a *fs.PathError, which the
// message names already.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ParseResolved decodes a resolved scenario: the complete TOML text that
// Encode writes and a result set's manifest keeps. Every parameter is in
// it, so nothing is inherited: extends, which it records, is kept as text
// and never followed, and no other file is read. A key that is not a
// parameter (a [sweep] table included) is an error.
func ParseResolved(where string, src []byte) (*Scenario, error) {
	s := &Scenario{}
	md, err := toml.Decode(string(src), s)
	if err != nil {
		return nil, tomlError(where, src, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		return nil, oneLine(unknownKey(where, src, und[0]))
	}
	if s.Name == "" {
		return nil, fmt.Errorf("scenario %s: the resolved parameters have no name", where)
	}
	if err := s.Validate(); err != nil {
		return nil, oneLine(fmt.Errorf("scenario %s: %w", where, err))
	}
	return s, nil
}

// Parse decodes and validates a scenario from TOML text. where names the
// source in messages; relative extends paths are resolved against baseDir.
func Parse(where string, src []byte, baseDir string) (*Scenario, error) {
	s, err := parse(where, src, baseDir, false, 0)
	return s, oneLine(err)
}

// oneLine keeps an error to one line of plain text: a key, value or name
// quoted from the input may hold a line break or another control
// character, which is shown escaped (\n, \t, \x00).
func oneLine(err error) error {
	if err == nil || strings.IndexFunc(err.Error(), unicode.IsControl) < 0 {
		return err
	}
	var b strings.Builder
	for _, r := range err.Error() {
		if !unicode.IsControl(r) {
			b.WriteRune(r)
			continue
		}
		q := strconv.QuoteRune(r)
		b.WriteString(q[1 : len(q)-1])
	}
	return &lineError{b.String(), err}
}

type lineError struct {
	msg string
	err error
}

func (e *lineError) Error() string { return e.msg }
func (e *lineError) Unwrap() error { return e.err }

func parse(where string, src []byte, baseDir string, builtin bool, depth int) (*Scenario, error) {
	if depth > maxExtendsDepth {
		return nil, extendsLoopError(fmt.Sprintf("scenario %s: extends is nested more than %d deep (a loop?)", where, maxExtendsDepth))
	}
	// First pass: only the extends key, to know what to start from.
	var head struct {
		Extends string `toml:"extends"`
	}
	if _, err := toml.Decode(string(src), &head); err != nil {
		return nil, tomlError(where, src, err)
	}
	var s *Scenario
	var err error
	switch {
	case head.Extends != "":
		s, err = resolveBase(where, head.Extends, baseDir, depth)
	case builtin && strings.TrimSuffix(filepath.Base(where), ".toml") == DefaultName:
		s = &Scenario{}
	default:
		s, err = parse(DefaultName, mustBuiltin(DefaultName), "", true, depth+1)
	}
	if err != nil {
		return nil, err
	}
	// The base's sweep is not inherited: a sweep belongs to its own file.
	s.Sweep = Sweep{}
	s.Name, s.Description, s.Extends = "", "", ""

	md, err := toml.Decode(string(src), s)
	if err != nil {
		return nil, tomlError(where, src, err)
	}
	var sweepKeys []toml.Key
	for _, k := range md.Undecoded() {
		if k[0] == "sweep" {
			sweepKeys = append(sweepKeys, k)
			continue
		}
		return nil, unknownKey(where, src, k)
	}
	if len(sweepKeys) > 0 {
		if s.Sweep, err = decodeSweep(where, src); err != nil {
			return nil, err
		}
	}
	if s.Name == "" {
		s.Name = strings.TrimSuffix(filepath.Base(where), ".toml")
	}
	if err := s.Validate(); err != nil {
		return nil, fmt.Errorf("scenario %s: %w", where, err)
	}
	return s, nil
}

func resolveBase(where, extends, baseDir string, depth int) (*Scenario, error) {
	if !strings.HasSuffix(extends, ".toml") {
		// A file named without .toml is not taken for a built-in name that
		// does not exist ("no such file" of a file that is there).
		isFile := false
		if baseDir != "" {
			st, err := os.Stat(filepath.Join(baseDir, extends))
			isFile = err == nil && st.Mode().IsRegular()
		}
		if isFile || strings.ContainsAny(extends, `/\`) {
			return nil, fmt.Errorf("scenario %s: extends = %q: names a file, but scenario files end in .toml; give a .toml file or a built-in scenario (%s)", where, extends, strings.Join(BuiltinNames(), ", "))
		}
	}
	if strings.HasSuffix(extends, ".toml") {
		p := extends
		if !filepath.IsAbs(p) && baseDir != "" {
			p = filepath.Join(baseDir, p)
		}
		s, err := load(p, depth+1)
		var loop extendsLoopError
		if errors.As(err, &loop) {
			return nil, err // not wrapped once per level of the loop
		}
		if err != nil {
			return nil, fmt.Errorf("scenario %s, extends: %w", where, err)
		}
		return s, nil
	}
	src, err := BuiltinSource(extends)
	if err != nil {
		return nil, fmt.Errorf("scenario %s, extends: %w", where, err)
	}
	return parse(extends, src, "", true, depth+1)
}

// extendsLoopError is the error of a chain of extends too deep.
type extendsLoopError string

func (e extendsLoopError) Error() string { return string(e) }

func mustBuiltin(name string) []byte {
	src, err := BuiltinSource(name)
	if err != nil {
		panic("scenarios: the built-in library lacks " + name)
	}
	return src
}

// tomlError turns a decoder error into one line naming the file, line and,
// where there is one, the key.
func tomlError(where string, src []byte, err error) error {
	return DecodeError("scenario", where, err)
}

// DecodeError turns an error of BurntSushi/toml's Decode into the one-line
// message scenario files get: "<what> <where>:<line>:<col>: key <key>:
// <what is wrong>". Other strict TOML files of commonsim (the targets of
// `commonsim calibrate`) use it so that their messages read the same.
func DecodeError(what, where string, err error) error {
	// The decoder quotes the offending text, raw: it may hold a line break.
	return oneLine(decoderError(what, where, err))
}

func decoderError(what, where string, err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		msg := pe.Message
		if pe.LastKey != "" && strings.Contains(err.Error(), "incompatible types") {
			msg = typeMessage(pe.LastKey, err.Error())
		}
		if pe.LastKey != "" {
			return fmt.Errorf("%s %s:%d:%d: key %s: %s", what, where, pe.Position.Line, pe.Position.Col, pe.LastKey, msg)
		}
		return fmt.Errorf("%s %s:%d:%d: malformed TOML: %s", what, where, pe.Position.Line, pe.Position.Col, msg)
	}
	// Type mismatches come as plain errors that begin "toml: line N (last key "k")".
	text := strings.TrimPrefix(err.Error(), "toml: ")
	var line int
	var key string
	if n, _ := fmt.Sscanf(text, "line %d (last key %q)", &line, &key); n == 2 {
		return fmt.Errorf("%s %s:%d: key %s: %s", what, where, line, key, typeMessage(key, text))
	}
	return fmt.Errorf("%s %s: %s", what, where, text)
}

// typeMessage rewrites the decoder's "incompatible types" text into what the
// key expects.
func typeMessage(key, text string) string {
	if p, ok := Lookup(key); ok {
		got := ""
		if i := strings.Index(text, "TOML value has type "); i >= 0 {
			got = strings.SplitN(text[i+len("TOML value has type "):], ";", 2)[0]
		}
		return fmt.Sprintf("wrong type: expected %s (%s), got %s", p.Kind, p.Range(), tomlTypeWords(got))
	}
	if i := strings.Index(text, "incompatible types"); i >= 0 {
		return text[i:]
	}
	return text
}

// tomlTypeWords names, in TOML's words, the Go type the decoder reports a
// value as ("[]any" is a list).
func tomlTypeWords(goType string) string {
	t := strings.TrimSpace(goType)
	switch {
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case strings.HasPrefix(t, "map["):
		return "a table"
	case t == "string":
		return "a string"
	case strings.HasPrefix(t, "int") || strings.HasPrefix(t, "uint"):
		return "an integer"
	case strings.HasPrefix(t, "float"):
		return "a number with a fraction"
	case t == "bool":
		return "a boolean"
	case strings.Contains(t, "Time") || strings.Contains(t, "Date"):
		return "a date or time"
	case t == "":
		return "another type"
	}
	return t
}

// unknownKey reports a key the schema does not have, with its line and the
// nearest valid key.
func unknownKey(where string, src []byte, k toml.Key) error {
	key := k.String()
	line := keyLine(src, k)
	if len(k) == 1 && !slices.Contains(Keys(), key) {
		msg := fmt.Sprintf("scenario %s:%d: unknown table or key %q", where, line, key)
		if s := Suggest(key, append(tableNames(), Keys()...)); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		return errors.New(msg)
	}
	msg := fmt.Sprintf("scenario %s:%d: unknown key %q", where, line, key)
	if s := Suggest(key, Keys()); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	} else if s := Suggest(k[0], tableNames()); s != "" && len(k) > 1 {
		msg += fmt.Sprintf("; did you mean table [%s]?", s)
	}
	return errors.New(msg)
}

func tableNames() []string {
	var names []string
	for _, p := range allParams {
		if i := strings.IndexByte(p.Key, '.'); i > 0 && !slices.Contains(names, p.Key[:i]) {
			names = append(names, p.Key[:i])
		}
	}
	return names
}

// KeyLine returns the line (from 1) of the dotted key k in TOML text, or 0
// when it cannot tell: BurntSushi/toml reports undecoded keys without their
// positions. Keys inside [[array]] tables are found at their first
// occurrence.
func KeyLine(src []byte, k toml.Key) int { return keyLine(src, k) }

// keyLine finds the line of a dotted key in TOML text. BurntSushi/toml
// reports undecoded keys without positions, so this scans the text: it
// follows [table] headers and matches "key =" (bare or quoted, possibly
// dotted) within the right table. It returns 0 when it cannot tell.
func keyLine(src []byte, k toml.Key) int {
	table := ""
	for i, raw := range strings.Split(string(src), "\n") {
		line := strings.TrimSpace(raw)
		if line == "" || line[0] == '#' {
			continue
		}
		if line[0] == '[' {
			end := strings.IndexByte(line, ']')
			if end < 0 {
				continue
			}
			table = normaliseKey(strings.Trim(line[:end], "[ "))
			if table == k.String() {
				return i + 1
			}
			continue
		}
		eq := strings.IndexByte(line, '=')
		if eq < 0 {
			continue
		}
		name := normaliseKey(line[:eq])
		full := name
		if table != "" {
			full = table + "." + name
		}
		if full == k.String() || strings.HasPrefix(k.String(), full+".") {
			return i + 1
		}
	}
	return 0
}

func normaliseKey(s string) string {
	parts := strings.Split(s, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}

// Validate checks every parameter against its range and the cross-parameter
// rules (segment shares sum to 1). The error names the key, the value and
// what is allowed.
func (s *Scenario) Validate() error {
	var errs []error
	for _, p := range allParams {
		if err := p.check(s); err != nil {
			errs = append(errs, err)
		}
	}
	sum := s.Segments.Volunteer.Share + s.Segments.Student.Share + s.Segments.Employee.Share
	if math.Abs(sum-1) > 1e-9 {
		errs = append(errs, fmt.Errorf("segments: volunteer.share + student.share + employee.share = %g, must sum to 1", sum))
	}
	// skill += learning_rate * hours worked * (1 - skill) approaches 1 only
	// while learning_rate * hours worked <= 1; above that skill overshoots
	// 1, above 2 it diverges and the run fails. A contributor works at most
	// its time budget in a tick, at most 168 hours.
	if most := 168.0; s.Motivation.LearningRate*most > 1 {
		errs = append(errs, fmt.Errorf("motivation.learning_rate = %g is too high: times the most hours worked in a tick (168) it must be at most 1, so that skill stays between 0 and 1 (use at most %.4g)",
			s.Motivation.LearningRate, math.Floor(1/most*1e6)/1e6))
	}
	if s.Ecosystem.Commons > s.Ecosystem.MaxCommons {
		errs = append(errs, fmt.Errorf("ecosystem.commons = %d is more than ecosystem.max_commons = %d: raise max_commons or start with fewer commons", s.Ecosystem.Commons, s.Ecosystem.MaxCommons))
	}
	if n := s.Ecosystem.MaxCommons * s.Modules.Count; n > MaxModuleNumbers {
		errs = append(errs, fmt.Errorf("ecosystem.max_commons = %d times modules.count = %d is %d modules, more than the %d a run can number (familiarity lists hold 20-bit module numbers): lower max_commons to %d or modules.count to %d",
			s.Ecosystem.MaxCommons, s.Modules.Count, n, MaxModuleNumbers, max(1, MaxModuleNumbers/s.Modules.Count), MaxModuleNumbers/s.Ecosystem.MaxCommons))
	}
	if err := checkName(s.Name); err != nil {
		errs = append(errs, err)
	}
	if i := strings.IndexFunc(s.Description, unicode.IsControl); i >= 0 {
		errs = append(errs, fmt.Errorf("description = %q: must be one line of text, without control characters such as %q", s.Description, s.Description[i:i+1]))
	}
	if err := s.Sweep.validate(); err != nil {
		errs = append(errs, err)
	}
	if len(errs) == 0 {
		return nil
	}
	return errorList(errs)
}

// MaxModuleNumbers is the most modules a run can hold, over all its
// commons: the familiarity lists number modules in 20 bits
// (agents.MaxFamiliarModules; a test in sim holds the two equal).
const MaxModuleNumbers = 1 << 20

// MaxNameBytes bounds a scenario's name: it is a column of every CSV row and
// part of file names.
const MaxNameBytes = 128

// checkName checks a scenario name: it names the scenario in every CSV row,
// in file names and in figures, so it must be a short line of visible text.
func checkName(name string) error {
	switch {
	case name == "":
		return nil // the file name is used
	case strings.TrimSpace(name) == "":
		return fmt.Errorf("name = %q: is blank; give the scenario a name of letters, digits or punctuation", name)
	case strings.TrimSpace(name) != name:
		return fmt.Errorf("name = %q: must not begin or end with a space", name)
	case len(name) > MaxNameBytes:
		return fmt.Errorf("name = %q: is %d bytes long; the most is %d", name, len(name), MaxNameBytes)
	case !utf8.ValidString(name):
		return fmt.Errorf("name = %q: is not valid UTF-8 text", name)
	case strings.ContainsAny(name, `/\,"`):
		return fmt.Errorf("name = %q: must not contain / \\ , or \"", name)
	}
	if i := strings.IndexFunc(name, unicode.IsControl); i >= 0 {
		r, _ := utf8.DecodeRuneInString(name[i:])
		return fmt.Errorf("name = %q: must not contain control characters (it holds %q); use letters, digits, spaces and punctuation", name, r)
	}
	return nil
}

// errorList is several validation errors as one line, "a; b", so that a
// message stays one line on the command line; errors.Is and errors.As see
// each of them.
type errorList []error

func (l errorList) Error() string {
	parts := make([]string, len(l))
	for i, e := range l {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "; ")
}

func (l errorList) Unwrap() []error { return l }

// SetAll applies command-line overrides of the form key=value, in order.
// Each is validated as if it had been in the file, and the whole scenario is
// validated again afterwards.
func (s *Scenario) SetAll(assignments []string) error {
	return oneLine(s.setAll(assignments))
}

func (s *Scenario) setAll(assignments []string) error {
	for _, a := range assignments {
		key, value, ok := strings.Cut(a, "=")
		if !ok {
			return fmt.Errorf("--set %q: expected key=value", a)
		}
		key = strings.TrimSpace(key)
		if key == "extends" {
			return fmt.Errorf("--set %s: extends cannot be set on the command line: it picks the scenario a file starts from, before the file's own values; name the scenario to run instead (e.g. `commonsim run %s`), or write extends in a scenario file", a, strings.TrimSpace(value))
		}
		p, ok := Lookup(key)
		if !ok {
			msg := fmt.Sprintf("--set %s: unknown key %q", a, key)
			if sug := Suggest(key, Keys()); sug != "" {
				msg += fmt.Sprintf("; did you mean %q?", sug)
			}
			return errors.New(msg)
		}
		if err := p.Set(s, value); err != nil {
			return fmt.Errorf("--set: %w", err)
		}
	}
	if err := s.Validate(); err != nil {
		return fmt.Errorf("scenario %s after --set: %w", s.Name, err)
	}
	return nil
}

// Clone returns a deep copy of s.
func (s *Scenario) Clone() *Scenario {
	c := *s
	c.Sweep.Factors = slices.Clone(s.Sweep.Factors)
	for i := range c.Sweep.Factors {
		c.Sweep.Factors[i].Values = slices.Clone(s.Sweep.Factors[i].Values)
	}
	return &c
}
