// Command pairbench times two versions of the engine side by side in one
// process: both build the same model, and their ticks (or batches of small
// runs) alternate, old-new then new-old, so that both see the same load on
// a shared machine. It reports, per tick and contributor (or per batch),
// the medians of wall time and of CPU time (of the thread with one
// thread, of the process otherwise: CPU time does not count the time other
// processes held the cores) and the median and quartiles of the per-pair
// ratios new/old. run.sh builds it from two git revisions; it lives under
// testdata so that the go command ignores it.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"slices"
	"sync"
	"time"

	"golang.org/x/sys/unix"

	newscen "pairbench/new/scenarios"
	newsim "pairbench/new/sim"
	oldscen "pairbench/old/scenarios"
	oldsim "pairbench/old/sim"
)

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func main() {
	n := flag.Int("n", 100000, "contributors (model mode)")
	threads := flag.Int("threads", 1, "goroutines inside a run (model mode)")
	pairs := flag.Int("pairs", 40, "timed pairs")
	per := flag.Int("per", 1, "ticks (or batches) per timed sample")
	mode := flag.String("mode", "model", "model: BenchmarkReferenceModel's ticks; sweep: BenchmarkSweep's 32 small runs")
	workers := flag.Int("workers", 1, "runs at a time (sweep mode)")
	newFirst := flag.Bool("newfirst", false, "build the new model first (the first built runs a few per cent faster: heap placement); run both ways")
	differ := flag.Bool("differ", false, "the two revisions are different models (model version 1 against 2, say): skip the check that they agree after the warm-up")
	flag.Parse()

	var oldStep, newStep func()
	unit := 1.0
	switch *mode {
	case "model":
		// BenchmarkReferenceModel's configuration: the commons scenario,
		// a fixed population, 20 warm-up ticks.
		sets := []string{fmt.Sprintf("population.initial=%d", *n), "run.ticks=100000", "arrival.enabled=false", "exit.enabled=false", "fork.enabled=false"}
		osc, err := oldscen.LoadBuiltin("commons")
		must(err)
		must(osc.SetAll(sets))
		nsc, err := newscen.LoadBuiltin("commons")
		must(err)
		must(nsc.SetAll(sets))
		var om *oldsim.Model
		var nm *newsim.Model
		if *newFirst {
			nm = newsim.New(nsc, 1, *threads)
			om = oldsim.New(osc, 1, *threads)
		} else {
			om = oldsim.New(osc, 1, *threads)
			nm = newsim.New(nsc, 1, *threads)
		}
		defer om.Close()
		defer nm.Close()
		for range 20 {
			om.Step()
			nm.Step()
		}
		if !*differ && om.Value() != nm.Value() {
			fmt.Fprintln(os.Stderr, "the two versions' models differ after the warm-up:", om.Value(), nm.Value())
			os.Exit(1)
		}
		oldStep, newStep = om.Step, nm.Step
		unit = float64(*n) // every founder stays active: no exits, arrivals or forks
	case "sweep":
		// BenchmarkSweep's batch: 32 runs of the commons scenario with 100
		// founders and 52 ticks, on workers goroutines.
		sets := []string{"population.initial=100", "run.ticks=52"}
		osc, err := oldscen.LoadBuiltin("commons")
		must(err)
		must(osc.SetAll(sets))
		nsc, err := newscen.LoadBuiltin("commons")
		must(err)
		must(nsc.SetAll(sets))
		batch := func(run func(seed uint64)) func() {
			return func() {
				var wg sync.WaitGroup
				for w := range *workers {
					wg.Go(func() {
						for r := w; r < 32; r += *workers {
							run(uint64(r))
						}
					})
				}
				wg.Wait()
			}
		}
		oldStep = batch(func(seed uint64) { oldsim.Run(oldsim.RunSpec{Seed: seed, Params: osc}, 1) })
		newStep = batch(func(seed uint64) { newsim.Run(newsim.RunSpec{Seed: seed, Params: nsc}, 1) })
		oldStep()
		newStep()
	default:
		must(fmt.Errorf("-mode %q: want model or sweep", *mode))
	}

	runtime.LockOSThread()
	clock := int32(unix.CLOCK_THREAD_CPUTIME_ID)
	if *threads > 1 || *mode == "sweep" {
		clock = unix.CLOCK_PROCESS_CPUTIME_ID
	}
	cpuNow := func() int64 {
		var ts unix.Timespec
		must(unix.ClockGettime(clock, &ts))
		return ts.Nano()
	}
	sample := func(f func()) (wall, cpu float64) {
		start, c0 := time.Now(), cpuNow()
		for range *per {
			f()
		}
		d := float64(*per) * unit
		return float64(time.Since(start).Nanoseconds()) / d, float64(cpuNow()-c0) / d
	}
	var ow, nw, wr, oc, nc, cr []float64
	for k := range *pairs {
		var a, b, ac, bc float64
		if k%2 == 0 {
			a, ac = sample(oldStep)
			b, bc = sample(newStep)
		} else {
			b, bc = sample(newStep)
			a, ac = sample(oldStep)
		}
		ow, nw, wr = append(ow, a), append(nw, b), append(wr, b/a)
		oc, nc, cr = append(oc, ac), append(nc, bc), append(cr, bc/ac)
	}
	q := func(x []float64, p float64) float64 {
		s := slices.Clone(x)
		slices.Sort(s)
		return s[int(p*float64(len(s)-1)+0.5)]
	}
	label := fmt.Sprintf("n=%d threads=%d", *n, *threads)
	if *mode == "sweep" {
		label = fmt.Sprintf("sweep workers=%d", *workers)
	}
	if *newFirst {
		label += " newfirst"
	}
	fmt.Printf("%s | wall old %.4g new %.4g ratio %.3f [%.3f, %.3f] | cpu old %.4g new %.4g ratio %.3f [%.3f, %.3f] | pairs %d\n",
		label, q(ow, 0.5), q(nw, 0.5), q(wr, 0.5), q(wr, 0.25), q(wr, 0.75),
		q(oc, 0.5), q(nc, 0.5), q(cr, 0.5), q(cr, 0.25), q(cr, 0.75), len(cr))
}
