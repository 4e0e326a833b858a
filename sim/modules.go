package sim

import (
	"math"
	"slices"

	"commonsim/internal/rng"
	"commonsim/scenarios"
)

// Mechanism 6, value, depreciation, debt and need (docs/MODEL.md §3.3.6):
// each module of the commons holds a value stock V_m, a maintenance debt
// D_m and a stigmergic trace T_m. With depreciation on, a module loses a
// share of its value each tick to its maintenance debt (software rots,
// knowledge ages: sustainability is the weak spot, seed 000); accepted work
// first repays the debt. Debt is real: a module's usable value, V²/(V +
// debt_drag · D), is what draws users and earns revenue (technical debt,
// Cunningham 1992). A module's need, its debt plus its shortfall from a
// typical module, is visible to contributors. Traces fade and are renewed
// by this tick's submissions, and the stigmergic choice table (mechanism 3)
// is rebuilt from traces and need.

// modulesParams are mechanism 6's parameters.
type modulesParams struct {
	scenarios.Modules
	stigmergy  float64 // tasks.stigmergy: weight of a module's signal in the choice table
	needSignal float64 // tasks.need_signal: need's share of the signal
}

func newModulesParams(sc *scenarios.Scenario) modulesParams {
	return modulesParams{Modules: sc.Modules, stigmergy: sc.Tasks.Stigmergy, needSignal: sc.Tasks.NeedSignal}
}

// commons is the read-only view of one commons' modules that the work
// phase reads: last tick's state, so shards never see each other's
// writes. Modules are the run's numbers: difficulty and signal are the
// run's slices, the choice table draws among the commons' own (add its
// base).
type commons struct {
	count      int       // its modules
	difficulty []float32 // each module's difficulty in (0,1) (the run's)
	choice     rng.Alias // stigmergic weights w_m of its modules (mechanism 3)
	signal     []float64 // the same weights, w_m >= 1, to weigh candidates (the run's)
	topNeed    []int32   // the quarter of its modules with the largest need
}

// initModules makes commons c's modules at tick 0 (docs/MODEL.md §3.1):
// each with the initial value and a difficulty uniform in (0.05, 0.95),
// drawn from the initialisation stream (some parts suit newcomers, some
// only experts), no debt and no trace.
func (m *Model) initModules(c *commonsState) {
	lo, hi := m.modules(c)
	c.view.count = hi - lo
	c.needOrder = make([]int32, hi-lo)
	for i := lo; i < hi; i++ {
		m.value[i] = m.params.modules.InitialValue
		m.difficulty[i] = float32(0.05 + 0.9*m.seq.Rand.Float64())
		c.needOrder[i-lo] = int32(i)
	}
	c.view.topNeed = c.needOrder[:max(1, (hi-lo)/4)]
	c.view.difficulty, c.view.signal = m.difficulty, m.weights
	m.updateUsable(c)
	m.rebuildChoice(c)
}

// copyModules makes commons c's modules a copy of commons from's (a fork,
// docs/MODEL.md §3.3.12): value, debt, difficulty and its record of
// authors (deliveries, first author, heaviest authors), as the licence allows: a commons whose owner relicensed it is
// copied at its last open state, aged by depreciation to the present.
// Traces start at 0.
func (m *Model) copyModules(c, from *commonsState) {
	lo, hi := m.modules(c)
	flo, _ := m.modules(from)
	c.view.count = hi - lo
	c.needOrder = make([]int32, hi-lo)
	mo := &m.params.modules
	for k := range hi - lo {
		i, j := lo+k, flo+k
		m.value[i], m.debt[i] = m.value[j], m.debt[j]
		if from.openValue != nil {
			// The last open state, aged: V (1 − δ)^Δt; what it lost is debt.
			v, d := from.openValue[k], from.openDebt[k]
			if mo.Depreciation {
				aged := v * math.Pow(1-mo.DepreciationRate, float64(m.tick-from.relicensedAt))
				d += v - aged
				v = aged
			}
			m.value[i], m.debt[i] = v, d
		}
		m.difficulty[i] = m.difficulty[j]
		m.authors.copyModule(i, j)
		c.needOrder[k] = int32(i)
	}
	c.view.topNeed = c.needOrder[:max(1, (hi-lo)/4)]
	c.view.difficulty, c.view.signal = m.difficulty, m.weights
	m.updateUsable(c)
	m.rebuildChoice(c)
}

// updateModules is step 4: V_m loses depreciation_rate · V_m to the debt
// D_m; traces fade and take this tick's submissions, T_m ← (1 −
// trace_decay) T_m + n_m; each commons' usable value and need are
// recomputed, and its choice table and need ranking are rebuilt for the
// next tick.
func (m *Model) updateModules() {
	mo := &m.params.modules
	for i := range m.value {
		if mo.Depreciation {
			loss := mo.DepreciationRate * m.value[i]
			m.value[i] -= loss
			m.debt[i] += loss
		}
		m.trace[i] = (1-mo.TraceDecay)*m.trace[i] + float64(m.moduleSubs[i])
	}
	for k := range m.cs {
		m.updateUsable(&m.cs[k])
		m.rebuildChoice(&m.cs[k])
	}
}

// updateUsable recomputes commons c's modules' usable value, Ũ_m = V_m² /
// (V_m + debt_drag · D_m) (0 when V_m = 0), and their visible need, N_m =
// D_m + max(0, V̄ − V_m), V̄ the mean value of c's modules: its debt and
// its shortfall from a typical module (a missing part).
func (m *Model) updateUsable(c *commonsState) {
	drag := m.params.modules.DebtDrag
	lo, hi := m.modules(c)
	mean := sumOf(m.value[lo:hi]) / float64(hi-lo)
	for i := lo; i < hi; i++ {
		v := m.value[i]
		u := 0.0
		if v > 0 {
			u = v * v / (v + drag*m.debt[i])
		}
		m.usable[i] = u
		m.need[i] = m.debt[i] + max(0, mean-v)
	}
}

func sumOf(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += v
	}
	return s
}

// Usable is the run's usable value, the sum over the modules of all its
// commons.
func (m *Model) Usable() float64 { return sumOf(m.usable) }

// usableOf is commons c's usable value.
func (m *Model) usableOf(c *commonsState) float64 {
	lo, hi := m.modules(c)
	return sumOf(m.usable[lo:hi])
}

// valueOf is commons c's value.
func (m *Model) valueOf(c *commonsState) float64 {
	lo, hi := m.modules(c)
	return sumOf(m.value[lo:hi])
}

// addValue adds an accepted submission to its module: its value v = size
// · value_per_hour first repays the module's maintenance debt, D_m ← D_m −
// min(D_m, v), and adds to its value; the delivery is counted for the truck
// factor, and its author becomes the module's first author if it has none.
func (m *Model) addValue(s submission, valuePerHour float64) {
	mod := s.Module
	v := float64(s.Size) * valuePerHour
	m.value[mod] += v
	m.debt[mod] -= min(m.debt[mod], v)
	m.authors.record(mod, s.Author, 1)
}

// rebuildChoice rebuilds commons c's stigmergic choice table from traces
// and need,
//
//	w_m = 1 + stigmergy · [(1 − need_signal) · T_m / mean(T) + need_signal · N_m / mean(N)]
//
// (means over c's modules; a term whose mean is 0 left out), and ranks
// its modules by need (largest first, ties to the lower index) for
// assignment.
func (m *Model) rebuildChoice(c *commonsState) {
	lo, hi := m.modules(c)
	var traceSum, needSum float64
	for i := lo; i < hi; i++ {
		traceSum += m.trace[i]
		needSum += m.need[i]
	}
	n := float64(hi - lo)
	meanTrace, meanNeed := traceSum/n, needSum/n
	mo := &m.params.modules
	for i := lo; i < hi; i++ {
		t := m.trace[i]
		w := 1.0
		if mo.stigmergy > 0 {
			if meanTrace > 0 {
				w += mo.stigmergy * (1 - mo.needSignal) * t / meanTrace
			}
			if meanNeed > 0 {
				w += mo.stigmergy * mo.needSignal * m.need[i] / meanNeed
			}
		}
		m.weights[i] = w
	}
	c.view.choice.Build(m.weights[lo:hi])
	need := m.need
	slices.SortStableFunc(c.needOrder, func(a, b int32) int {
		switch {
		case need[a] > need[b]:
			return -1
		case need[a] < need[b]:
			return 1
		}
		return int(a - b)
	})
}
