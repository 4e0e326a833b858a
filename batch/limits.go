package batch

import (
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"commonsim/scenarios"
	"commonsim/sim"
)

// Limits of a batch. CheckLimits checks every one before anything large is
// allocated; a batch beyond one is refused with a one-line error that names
// the limit. They are hard limits: --force lifts only the memory check. The
// limits of one scenario's sweep are those of package scenarios
// (scenarios.MaxPoints, scenarios.MaxSweepValues, scenarios.MaxSamples).
const (
	// MaxWorkers bounds the runs at a time (--workers).
	MaxWorkers = 1024
	// MaxThreads bounds the goroutines inside one run (--threads): more
	// than a run has shards of contributors only cost memory.
	MaxThreads = 1024
	// MaxRuns bounds the runs of one batch (all scenarios, sweep points and
	// replications).
	MaxRuns = 1_000_000_000
)

// Sizes of the memory model of EstimateMemory, in bytes. They are upper
// bounds measured on the engine's data structures (see README, "Memory and
// scale").
const (
	threadBytes     = 16 << 10 // a goroutine of a run: its stack, its padded random source
	pointBytes      = 128      // a sweep point held by the run matrix
	pointValueBytes = 256      // a swept value of a point: in memory, while the design is made, and in the manifest's JSON
	specBytes       = 2 << 10  // a run spec of the chunk in hand, with its point's resolved parameters
	resultSlack     = 4 << 10  // a result's fixed part (Lorenz curves, summary metrics)
	reportRunBytes  = 512      // a run read by the report step
	reportPoint     = 2 << 10  // a group (sweep point) of the report step
	baseBytes       = 64 << 20 // the program, the Go runtime, I/O buffers
	// gcFactor: Go's collector lets the heap grow to twice the live data
	// before it collects (GOGC=100), so the memory a process takes is up to
	// twice what it holds.
	gcFactor = 2
	// runMargin scales sim.EstimateBytes, which counts the model's
	// contributors, modules and series but not every buffer: measured peak
	// RSS of runs of 10^5 to 3*10^5 contributors was up to 1.2 times
	// (twice, for the collector) what it gives (README, "Limits").
	runMargin = 1.25
)

// LimitOptions says how a batch is to run, for CheckLimits.
type LimitOptions struct {
	Workers int // runs at a time, 1 to MaxWorkers
	Threads int // goroutines inside one run, 1 to MaxThreads
	// Runs is the number of runs this process executes (a shard's slice);
	// 0 means the whole matrix.
	Runs int
	// Report says the report step follows the runs (a run without
	// --shard, or a merge): its memory counts too.
	Report bool
	// Force skips the comparison with the memory available (the other
	// limits still apply).
	Force bool
	// Available is the memory available in bytes; 0 reads it from the
	// machine (MemAvailable, and the cgroup's limit where there is one).
	Available uint64
}

// Estimate is the memory a batch is expected to need at its peak, by part.
type Estimate struct {
	Runs     int    // runs this process executes
	Points   int    // sweep points of all the scenarios
	InFlight int    // runs at a time: min(workers, runs)
	PerRun   uint64 // the largest run over the sweeps' ranges, with its threads
	Scenario string // the scenario of that run
	// RunsBytes is the runs in flight plus the results waiting for their
	// turn to be written and the run specs in hand; PointsBytes the sweep
	// points and the manifest that lists them; ReportBytes the report step
	// (after the runs, so it counts instead of RunsBytes when larger).
	RunsBytes, PointsBytes, ReportBytes uint64
	Total                               uint64
	Available                           uint64 // 0 when unknown
}

// String describes the estimate in one line.
func (e Estimate) String() string {
	s := fmt.Sprintf("%s (%s per run x %d in flight", HumanBytes(e.Total), HumanBytes(e.PerRun), e.InFlight)
	if e.Points > 1 {
		s += fmt.Sprintf(", %s for %s sweep points", HumanBytes(e.PointsBytes), scenarios.Count(float64(e.Points)))
	}
	if e.ReportBytes > e.RunsBytes {
		s += fmt.Sprintf(", %s for the report of %s runs", HumanBytes(e.ReportBytes), scenarios.Count(float64(e.Runs)))
	}
	return s + ")"
}

// CheckLimits is the one check of a batch's sizes, for every caller (run,
// --resume, check, slurm, and any service that runs batches): scs are the
// batch's scenarios with their sweeps applied, opt how it is to run. It
// refuses workers or threads out of range, a sweep beyond the limits of
// package scenarios, more than MaxRuns runs, and, unless opt.Force, a batch
// whose estimated memory (EstimateMemory) exceeds the memory available. It
// makes no sweep point, so it is cheap whatever the sizes; it returns the
// estimate.
func CheckLimits(scs []*scenarios.Scenario, opt LimitOptions) (Estimate, error) {
	switch {
	case opt.Workers < 1 || opt.Workers > MaxWorkers:
		return Estimate{}, fmt.Errorf("--workers %d: runs at a time must be from 1 to %d", opt.Workers, MaxWorkers)
	case opt.Threads < 1 || opt.Threads > MaxThreads:
		return Estimate{}, fmt.Errorf("--threads %d: goroutines inside a run must be from 1 to %d", opt.Threads, MaxThreads)
	}
	e, err := EstimateMemory(scs, opt)
	if err != nil {
		return e, err
	}
	have := opt.Available
	if have == 0 {
		have = availableMemory()
	}
	e.Available = have
	if !opt.Force && have > 0 && e.Total > have {
		where := ""
		if e.Scenario != "" {
			where = "scenario " + e.Scenario + ": "
		}
		return e, fmt.Errorf("%sestimated memory %s exceeds the %s available; lower population or ticks, use fewer --workers or --threads, sweep fewer points, or pass --force to run anyway",
			where, e, HumanBytes(have))
	}
	return e, nil
}

// EstimateMemory bounds the memory of a batch at its peak, without making
// its sweep points: the largest run (sim.EstimateBytes of each scenario at
// the corner of its sweep's range that needs the most: population,
// arrivals, ticks) with opt.Threads goroutines, times the runs in flight;
// the results waiting to be written (up to four per worker) and the run
// specs in hand; every sweep point and the manifest that lists it; and the
// report step when opt.Report; all of it twice over for the garbage
// collector's headroom (gcFactor). Sizes beyond the sweep limits or MaxRuns
// are errors.
func EstimateMemory(scs []*scenarios.Scenario, opt LimitOptions) (Estimate, error) {
	var e Estimate
	runs := 0.0
	var worstResult uint64
	for _, sc := range scs {
		n, err := sc.Sweep.Size()
		if err != nil {
			return e, fmt.Errorf("scenario %s: %w", sc.Name, err)
		}
		e.Points += n
		runs += float64(n) * float64(max(1, sc.Run.Replications))
		if runs > MaxRuns {
			return e, fmt.Errorf("the batch has %s runs or more; the most is %s: use fewer sweep points or replications, or split the batch", scenarios.Count(runs), scenarios.Count(MaxRuns))
		}
		k := uint64(len(sc.Sweep.Factors))
		e.PointsBytes += uint64(n) * (pointBytes + k*pointValueBytes)
		worst := worstRun(sc)
		if b := uint64(runMargin*float64(sim.EstimateBytes(worst))) + uint64(max(1, opt.Threads))*threadBytes; b > e.PerRun {
			e.PerRun, e.Scenario = b, sc.Name
		}
		worstResult = max(worstResult, resultBytes(worst))
	}
	e.Runs = int(runs)
	if opt.Runs > 0 {
		e.Runs = min(e.Runs, opt.Runs)
	}
	workers := max(1, opt.Workers)
	e.InFlight = min(workers, e.Runs)
	waiting := uint64(min(4*workers, e.Runs))
	chunk := uint64(min(max(chunkRuns, chunkPerWorker*workers), e.Runs))
	e.RunsBytes = uint64(e.InFlight)*e.PerRun + waiting*worstResult + chunk*specBytes
	if opt.Report {
		e.ReportBytes = uint64(e.Runs)*reportRunBytes + uint64(e.Points)*reportPoint
	}
	e.Total = baseBytes + gcFactor*(e.PointsBytes+max(e.RunsBytes, e.ReportBytes))
	return e, nil
}

// resultBytes bounds one run's result waiting to be written: its time
// series, survival steps and fixed part.
func resultBytes(sc *scenarios.Scenario) uint64 {
	rows := uint64(sc.Run.Ticks/max(1, sc.Run.RecordEvery) + 2)
	return rows*uint64(len(sim.TickMetrics())+1)*8 + uint64(sc.Run.Ticks+1)*4*8 + resultSlack
}

// worstRun returns the scenario's parameters at the corner of its sweep's
// range that sim.EstimateBytes values most. EstimateBytes is monotone in
// each parameter it reads (population, capacity, arrivals, ticks, ties,
// modules; record_every downwards), so taking, factor by factor, the end of
// the factor's range (or the value of a list) that gives the larger
// estimate finds the largest run of any point of the sweep, or a bound
// above it, without making the points.
func worstRun(sc *scenarios.Scenario) *scenarios.Scenario {
	c := sc.Clone()
	c.Sweep = scenarios.Sweep{}
	for _, f := range sc.Sweep.Factors {
		p, ok := scenarios.Lookup(f.Key)
		if !ok {
			continue
		}
		best, bestVal := sim.EstimateBytes(c), ""
		for _, v := range candidates(p, f) {
			t := c.Clone()
			if p.Set(t, v) != nil {
				continue
			}
			if b := sim.EstimateBytes(t); b > best {
				best, bestVal = b, v
			}
		}
		if bestVal != "" {
			_ = p.Set(c, bestVal) // it was set above without error
		}
	}
	return c
}

// candidates are the values of a factor worstRun tries: the two ends of a
// numeric factor's range, or every distinct value of another (at most 64:
// a list of words or booleans).
func candidates(p scenarios.Param, f scenarios.Factor) []string {
	num := p.Kind == scenarios.Int || p.Kind == scenarios.Float
	if f.Continuous {
		if p.Kind == scenarios.Int {
			return []string{strconv.FormatFloat(math.Round(f.Min), 'f', -1, 64), strconv.FormatFloat(math.Round(f.Max), 'f', -1, 64)}
		}
		return []string{strconv.FormatFloat(f.Min, 'g', -1, 64), strconv.FormatFloat(f.Max, 'g', -1, 64)}
	}
	if !num {
		var out []string
		for _, v := range f.Values {
			if !slices.Contains(out, v) && len(out) < 64 {
				out = append(out, v)
			}
		}
		return out
	}
	lo, hi := "", ""
	loV, hiV := math.Inf(1), math.Inf(-1)
	for _, v := range f.Values {
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			continue
		}
		if x < loV {
			lo, loV = v, x
		}
		if x > hiV {
			hi, hiV = v, x
		}
	}
	if lo == "" {
		return nil
	}
	return []string{lo, hi}
}

// HumanBytes writes a size in binary units, e.g. 1.5 MiB.
func HumanBytes(b uint64) string {
	const unit = 1024
	if b < unit {
		return fmt.Sprintf("%d B", b)
	}
	div, exp := uint64(unit), 0
	for n := b / unit; n >= unit; n /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(b)/float64(div), "KMGTPE"[exp])
}

// availableMemory is the memory this process can still use: MemAvailable
// of /proc/meminfo, and at most what the cgroup (a container, a Slurm job)
// allows beyond what it uses; 0 when unknown.
func availableMemory() uint64 {
	have := uint64(0)
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			var kb uint64
			if n, _ := fmt.Sscanf(line, "MemAvailable: %d kB", &kb); n == 1 {
				have = kb * 1024
			}
		}
	}
	limit, err1 := readUint("/sys/fs/cgroup/memory.max")
	used, err2 := readUint("/sys/fs/cgroup/memory.current")
	if err1 == nil && err2 == nil && limit > used {
		if left := limit - used; have == 0 || left < have {
			have = left
		}
	}
	return have
}

// readUint reads a file holding one unsigned number ("max" is an error).
func readUint(path string) (uint64, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	return strconv.ParseUint(strings.TrimSpace(string(data)), 10, 64)
}
