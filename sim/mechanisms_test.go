package sim

import (
	"math"
	"slices"
	"testing"

	"commonsim/agents"
	"commonsim/analysis"
)

// small keeps mechanism tests fast: a modest founding population, no
// growth unless a case asks for it.
var small = []string{"population.initial=300", "run.ticks=60", "arrival.conversion_rate=0.0001"}

// average runs the scenario with several seeds and averages f over them, so
// that a test compares mechanisms, not one lucky draw.
func average(t *testing.T, sets []string, f func(*Result) float64) float64 {
	t.Helper()
	sc := scenario(t, append(slices.Clone(small), sets...)...)
	var sum float64
	const seeds = 4
	for s := range seeds {
		sum += f(run(t, sc, uint64(100+s)))
	}
	return sum / seeds
}

func col(name string, agg func([]float64) float64) func(*Result) float64 {
	return func(r *Result) float64 { return agg(r.Series.Column(name)) }
}

func sum(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		if !math.IsNaN(v) {
			s += v
		}
	}
	return s
}

func mean(x []float64) float64 {
	s, n := 0.0, 0
	for _, v := range x {
		if !math.IsNaN(v) {
			s += v
			n++
		}
	}
	return s / float64(n)
}

func lastOf(x []float64) float64 { return x[len(x)-1] }

func summ(name string) func(*Result) float64 {
	return func(r *Result) float64 { return summary(r, name) }
}

// Each mechanism, switched on or strengthened, moves its observable in the
// direction docs/MODEL.md claims.
func TestMechanismEffects(t *testing.T) {
	cases := []struct {
		name      string
		on, off   []string
		measure   func(*Result) float64
		onGreater bool
	}{
		{"1 arrival brings newcomers", []string{"arrival.conversion_rate=0.001"}, []string{"arrival.enabled=false"}, summ("total_arrivals"), true},
		{"1 entry barrier turns applicants away", []string{"arrival.conversion_rate=0.001", "arrival.entry_barrier=0.5"}, []string{"arrival.conversion_rate=0.001"}, summ("total_turned_away"), true},
		{"2 activation: not everyone works every tick", []string{}, []string{"activation.enabled=false"}, func(r *Result) float64 {
			return sum(r.Series.Column("workers")) / sum(r.Series.Column("active"))
		}, false},
		{"3 self-selection raises acceptance (fit)", []string{"tasks.fit_weight=2"}, []string{"tasks.fit_weight=2", "tasks.self_selection=false", "ties.enabled=false"}, summ("acceptance_rate"), true},
		{"3 holoptism raises acceptance (fit)", []string{"tasks.fit_weight=2", "tasks.holoptism=1"}, []string{"tasks.fit_weight=2", "tasks.holoptism=0"}, summ("acceptance_rate"), true},
		{"3 assignment lowers engagement (autonomy)", []string{"tasks.assigned_share=1"}, []string{"tasks.assigned_share=0"}, col("mean_engagement", mean), false},
		{"4 coarse tasks shut out the long tail", []string{"tasks.task_size_mean=20"}, []string{"tasks.task_size_mean=2"}, summ("contributed_share"), false},
		{"5 review off accepts everything", []string{}, []string{"review.enabled=false"}, summ("acceptance_rate"), false},
		{"5 low modularity lowers acceptance (conflicts)", []string{"tasks.modularity=0.1"}, []string{"tasks.modularity=0.9"}, summ("acceptance_rate"), false},
		{"5 low modularity overloads review", []string{"tasks.modularity=0.1"}, []string{"tasks.modularity=0.9"}, col("review_overload", mean), true},
		{"5 infrastructure relieves review", []string{"tasks.modularity=0.3", "economy.infrastructure=0.5"}, []string{"tasks.modularity=0.3"}, col("review_overload", mean), false},
		{"5 review is work: reviewers' hours are recorded", []string{}, []string{"review.enabled=false"}, summ("review_share"), true},
		{"5 calcifying rules reject newcomers", []string{"review.newcomer_strictness_growth=2"}, []string{"review.newcomer_strictness_growth=0"}, col("newcomer_acceptance_rate", mean), false},
		{"6 depreciation creates maintenance debt", []string{}, []string{"modules.depreciation=false"}, col("maintenance_debt", lastOf), true},
		{"7 capture lowers what reaches contributors", []string{"economy.capture_rate=0.9"}, []string{"economy.capture_rate=0"}, summ("returned_share"), false},
		{"1 reach brings users", []string{"economy.reach=1"}, []string{"economy.reach=0"}, col("users", lastOf), true},
		{"6 debt drag lowers usable value", []string{"modules.debt_drag=5"}, []string{"modules.debt_drag=0"}, func(r *Result) float64 {
			return sum(r.Series.Column("usable_value")) / sum(r.Series.Column("value"))
		}, false},
		{"3 need draws work where debt is", []string{"tasks.need_signal=1", "tasks.stigmergy=5", "ties.enabled=false"}, []string{"tasks.need_signal=0", "tasks.stigmergy=5", "ties.enabled=false"}, func(r *Result) float64 {
			return sum(r.Series.Column("maintenance_debt")) / sum(r.Series.Column("value"))
		}, false},
		{"13 basic income buys hours", []string{"economy.basic_income=400"}, []string{"economy.basic_income=0"}, func(r *Result) float64 {
			return sum(r.Series.Column("hours")) / sum(r.Series.Column("workers"))
		}, true},
		{"13 returned revenue buys hours (material channel)", []string{"economy.capture_rate=0", "fairness.enabled=false", "segments.volunteer.flexibility=1"}, []string{"economy.capture_rate=1", "fairness.enabled=false", "segments.volunteer.flexibility=1"}, col("outside_hours_volunteer", mean), false},
		{"13 time budget off: income buys no time", []string{"budget.enabled=true", "economy.basic_income=400"}, []string{"budget.enabled=false", "economy.basic_income=400"}, col("outside_hours", mean), false},
		{"14 commitment grows with recognition", []string{}, []string{"commitment.enabled=false"}, col("mean_commitment", mean), true},
		{"15 familiarity draws people back to their modules", []string{}, []string{"familiarity.enabled=false"}, summ("top10_active_share_52"), true},
		{"16 burnout strains an overloaded core", []string{"review.review_share=0.05"}, []string{"review.review_share=0.05", "burnout.enabled=false"}, col("mean_strain", mean), true},
		{"16 strain costs reviewers' hours", []string{"review.review_share=0.05", "burnout.hours_loss=1"}, []string{"review.review_share=0.05", "burnout.enabled=false"}, col("review_hours", sum), false},
		{"17 capture is felt: engagement falls", []string{"economy.capture_rate=0.9", "budget.enabled=false"}, []string{"economy.capture_rate=0.9", "budget.enabled=false", "fairness.enabled=false"}, col("mean_engagement", mean), false},
		{"18 the owner employs part of the core", []string{"owner.core_share=0.8", "economy.capture_rate=0.5"}, []string{"owner.core_share=0", "economy.capture_rate=0.5"}, col("owner_core_share", lastOf), true},
		{"18 relicensing lowers what reaches contributors", []string{"owner.relicense_tick=20"}, []string{"owner.relicense_tick=0"}, summ("returned_share"), false},
		{"8 rejection lowers engagement", []string{"motivation.rejection_penalty=0.2", "review.strictness=0.5"}, []string{"motivation.rejection_penalty=0", "review.strictness=0.5"}, col("mean_engagement", mean), false},
		{"9 exit: contributors leave", []string{}, []string{"exit.enabled=false"}, summ("total_exits"), true},
		{"10 ties form among co-workers", []string{}, []string{"ties.enabled=false"}, col("mean_ties", mean), true},
		{"10 ties keep contributors", []string{"exit.tie_protection=2", "ties.form_prob=0.8"}, []string{"ties.enabled=false"}, summ("total_exits"), false},
		{"11 meritocracy makes maintainers", []string{"roles.governance=meritocratic"}, []string{"roles.governance=flat", "roles.maintainer_share=0"}, col("maintainers", mean), true},
		{"11 hierarchy makes managers", []string{"roles.governance=hierarchical"}, []string{"roles.governance=meritocratic"}, col("managers", mean), true},
		{"12 a dissatisfied core forks", []string{"economy.capture_rate=1", "fairness.weight=2", "fork.patience=2", "fork.probability=1"}, []string{"economy.capture_rate=1", "fairness.weight=2", "fork.enabled=false"}, summ("forks"), true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			on := average(t, c.on, c.measure)
			off := average(t, c.off, c.measure)
			t.Logf("on %.4g, off %.4g", on, off)
			if c.onGreater && !(on > off) || !c.onGreater && !(on < off) {
				t.Errorf("on %.4g, off %.4g: want on %s off", on, off, map[bool]string{true: ">", false: "<"}[c.onGreater])
			}
		})
	}
}

// Stigmergy draws work towards active modules: submissions concentrate
// (the activity part of the signal alone; need spreads work instead).
func TestStigmergyConcentratesWork(t *testing.T) {
	herfindahl := func(stig string) float64 {
		sc := scenario(t, append(slices.Clone(small), "tasks.stigmergy="+stig, "tasks.need_signal=0", "ties.enabled=false", "familiarity.enabled=false", "tasks.holoptism=0")...)
		m := New(sc, 9, 1)
		defer m.Close()
		h := 0.0
		for range 60 {
			m.Step()
			h += analysis.Herfindahl(m.trace)
		}
		return h
	}
	if on, off := herfindahl("5"), herfindahl("0"); !(on > off) {
		t.Errorf("Herfindahl of module traces with stigmergy %.4f, without %.4f", on, off)
	}
}

// Crowding out: pay erodes intrinsic motivation, and when sponsors stop
// paying it does not come back.
func TestCrowdingOutDoesNotRecover(t *testing.T) {
	sc := scenario(t, "population.initial=200", "arrival.enabled=false", "exit.enabled=false", "fork.enabled=false",
		"segments.volunteer.share=0", "segments.student.share=0", "segments.employee.share=1",
		"motivation.crowding_out=0.05", "economy.sponsorship_ends=20", "run.ticks=40")
	m := New(sc, 4, 1)
	defer m.Close()
	meanIntrinsic := func() float64 {
		s, n := 0.0, 0
		for i := range m.pop.Len() {
			if m.pop.Flags[i]&agents.Paid != 0 {
				s += float64(m.pop.Intrinsic[i])
				n++
			}
		}
		return s / float64(n)
	}
	start := meanIntrinsic()
	for range 20 {
		m.Step()
	}
	paid := meanIntrinsic()
	for range 20 {
		m.Step()
	}
	after := meanIntrinsic()
	if !(paid < 0.6*start) || after != paid {
		t.Errorf("intrinsic motivation: start %.3f, after 20 paid ticks %.3f, 20 ticks after pay stopped %.3f", start, paid, after)
	}
}

// A run's output does not depend on the number of threads, also when the
// population spans many shards.
// The population is above 2*radix.Chunk so that the chunked sorts and copies
// of the metrics run in parallel too; the second case starves reviewers so
// that the sequential pass over reviewer hours decides who waits.
func TestThreadsDoNotChangeResults(t *testing.T) {
	for _, c := range []struct {
		name string
		sets []string
	}{
		{"default review", nil},
		{"overloaded review", []string{"review.review_share=0.02"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			sc := scenario(t, append([]string{"population.initial=140000", "run.ticks=4", "arrival.conversion_rate=0.01"}, c.sets...)...)
			a := Run(RunSpec{Seed: 11, Params: sc}, 1)
			b := Run(RunSpec{Seed: 11, Params: sc}, 4)
			if a.Err != nil || b.Err != nil {
				t.Fatal(a.Err, b.Err)
			}
			for i := range a.Series.Len() {
				ra, rb := a.Series.Row(i), b.Series.Row(i)
				for k := range ra {
					if ra[k] != rb[k] && !(math.IsNaN(ra[k]) && math.IsNaN(rb[k])) {
						t.Fatalf("tick %d, %s: threads=1 gives %v, threads=4 gives %v", a.Series.Ticks[i], TickMetrics()[k].Name, ra[k], rb[k])
					}
				}
			}
			for k := range a.Summary {
				if a.Summary[k] != b.Summary[k] && !(math.IsNaN(a.Summary[k]) && math.IsNaN(b.Summary[k])) {
					t.Errorf("%s differs: %v vs %v", SummaryMetrics()[k].Name, a.Summary[k], b.Summary[k])
				}
			}
			if c.sets != nil && a.Series.Column("abandoned")[a.Series.Len()-1]+a.Series.Column("queue_length")[a.Series.Len()-1] == 0 {
				t.Errorf("overloaded review case: nothing waited, so the sequential pass was not exercised")
			}
		})
	}
}

// Wilkinson (2008): a constant exit hazard gives geometric contribution
// counts (coefficient of variation about 1, a thin tail); a hazard that
// falls with past contributions gives a heavy tail (CV well above 1).
func TestFallingHazardGivesHeavyTail(t *testing.T) {
	cv := func(power string) (float64, float64) {
		sc := scenario(t, append(slices.Clone(minimal), "population.initial=0", "arrival.enabled=true", "arrival.user_growth=0",
			"arrival.initial_users=10000", "arrival.conversion_rate=0.002", "run.ticks=300",
			"exit.enabled=true", "exit.base_hazard=0.1", "exit.threshold=0", "exit.experience_scale=1", "exit.experience_power="+power)...)
		m := New(sc, 21, 1)
		defer m.Close()
		for range 300 {
			m.Step()
		}
		var counts []float64
		for i := range m.pop.Len() {
			if m.pop.Left[i] >= 0 { // completed careers only
				counts = append(counts, float64(m.pop.Accepted[i]))
			}
		}
		mu, sd := analysis.MeanSD(counts)
		return sd / mu, slices.Max(counts) / mu
	}
	cvConst, maxConst := cv("0")
	cvFall, maxFall := cv("1.5")
	t.Logf("constant hazard: CV %.2f, max/mean %.1f; falling hazard: CV %.2f, max/mean %.1f", cvConst, maxConst, cvFall, maxFall)
	if math.Abs(cvConst-1) > 0.1 {
		t.Errorf("constant hazard: CV of counts %.3f, want about 1 (geometric)", cvConst)
	}
	// Careers still running at the end are censored and left out, which
	// trims the longest ones; the heavy tail shows all the same.
	if cvFall < 1.5 || maxFall < 2*maxConst {
		t.Errorf("falling hazard: CV %.2f (want > 1.5), max/mean %.1f (want > 2x the constant case's %.1f)", cvFall, maxFall, maxConst)
	}
}
