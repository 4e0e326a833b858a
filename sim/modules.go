package sim

import (
	"slices"

	"commonsim/internal/rng"
	"commonsim/scenarios"
)

// Mechanism 6, value and depreciation (docs/MODEL.md §3.3.6): each module
// of the commons holds a value stock V_m, a maintenance debt D_m and a
// stigmergic trace T_m. With depreciation on, a module loses a share of
// its value each tick to its maintenance debt (software rots, knowledge
// ages: sustainability is the weak spot, seed 000); accepted work first
// makes good the debt. Traces fade and are renewed by this tick's
// submissions, and the stigmergic choice table (mechanism 3) is rebuilt
// from them.

// modulesParams are mechanism 6's parameters.
type modulesParams struct {
	scenarios.Modules
	stigmergy float64 // tasks.stigmergy: weight of a module's trace in the choice table
}

func newModulesParams(sc *scenarios.Scenario) modulesParams {
	return modulesParams{Modules: sc.Modules, stigmergy: sc.Tasks.Stigmergy}
}

// commons is the read-only view of the modules that the work phase reads:
// last tick's state, so shards never see each other's writes.
type commons struct {
	difficulty []float32 // each module's difficulty in (0,1)
	choice     rng.Alias // stigmergic weights: 1 + stigmergy · T_m / mean T
	topDebt    []int32   // the quarter of modules with the largest maintenance debt
}

// initModules makes the modules at tick 0 (docs/MODEL.md §3.1): each with
// the initial value and a difficulty uniform in (0.05, 0.95), drawn from
// the initialisation stream (some parts suit newcomers, some only
// experts), no debt and no trace.
func (m *Model) initModules(n int) {
	m.value = make([]float64, n)
	m.debt = make([]float64, n)
	m.trace = make([]float64, n)
	m.weights = make([]float64, n)
	m.moduleSubs = make([]int32, n)
	m.commons.difficulty = make([]float32, n)
	m.debtOrder = make([]int32, n)
	for i := range n {
		m.value[i] = m.params.modules.InitialValue
		m.commons.difficulty[i] = float32(0.05 + 0.9*m.seq.Rand.Float64())
		m.debtOrder[i] = int32(i)
	}
	m.commons.topDebt = m.debtOrder[:max(1, n/4)]
	m.rebuildChoice()
}

// updateModules is step 4: V_m loses depreciation_rate · V_m to the debt
// D_m; traces fade and take this tick's submissions, T_m ← (1 −
// trace_decay) T_m + n_m; the choice table and the debt ranking are
// rebuilt for the next tick.
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
	m.rebuildChoice()
}

// addValue adds accepted value v to module mod; it first makes good the
// module's maintenance debt, D_m ← D_m − min(D_m, v).
func (m *Model) addValue(mod int32, v float64) {
	m.value[mod] += v
	m.debt[mod] -= min(m.debt[mod], v)
}

// rebuildChoice rebuilds the stigmergic choice table from the traces, w_m
// = 1 + stigmergy · T_m / mean(T), and ranks the modules by debt (largest
// first, ties to the lower index) for assignment.
func (m *Model) rebuildChoice() {
	var sum float64
	for _, t := range m.trace {
		sum += t
	}
	mean := sum / float64(len(m.trace))
	stigmergy := m.params.modules.stigmergy
	for i, t := range m.trace {
		w := 1.0
		if mean > 0 && stigmergy > 0 {
			w += stigmergy * t / mean
		}
		m.weights[i] = w
	}
	m.commons.choice.Build(m.weights)
	debt := m.debt
	slices.SortStableFunc(m.debtOrder, func(a, b int32) int {
		switch {
		case debt[a] > debt[b]:
			return -1
		case debt[a] < debt[b]:
			return 1
		}
		return int(a - b)
	})
}
