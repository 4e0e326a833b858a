package sim

import (
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

// commons is the read-only view of the modules that the work phase reads:
// last tick's state, so shards never see each other's writes.
type commons struct {
	difficulty []float32 // each module's difficulty in (0,1)
	choice     rng.Alias // stigmergic weights w_m (mechanism 3)
	signal     []float64 // the same weights, w_m >= 1, to weigh candidates
	topNeed    []int32   // the quarter of modules with the largest need
}

// initModules makes the modules at tick 0 (docs/MODEL.md §3.1): each with
// the initial value and a difficulty uniform in (0.05, 0.95), drawn from
// the initialisation stream (some parts suit newcomers, some only
// experts), no debt and no trace.
func (m *Model) initModules(n int) {
	m.value = make([]float64, n)
	m.debt = make([]float64, n)
	m.trace = make([]float64, n)
	m.usable = make([]float64, n)
	m.need = make([]float64, n)
	m.authors = newAuthorship(n)
	m.weights = make([]float64, n)
	m.moduleSubs = make([]int32, n)
	m.commons.difficulty = make([]float32, n)
	m.needOrder = make([]int32, n)
	for i := range n {
		m.value[i] = m.params.modules.InitialValue
		m.commons.difficulty[i] = float32(0.05 + 0.9*m.seq.Rand.Float64())
		m.needOrder[i] = int32(i)
	}
	m.commons.topNeed = m.needOrder[:max(1, n/4)]
	m.updateUsable()
	m.rebuildChoice()
}

// updateModules is step 4: V_m loses depreciation_rate · V_m to the debt
// D_m; traces fade and take this tick's submissions, T_m ← (1 −
// trace_decay) T_m + n_m; usable value and need are recomputed; the choice
// table and the need ranking are rebuilt for the next tick.
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
	m.updateUsable()
	m.rebuildChoice()
}

// updateUsable recomputes each module's usable value, Ũ_m = V_m² / (V_m +
// debt_drag · D_m) (0 when V_m = 0), and its visible need, N_m = D_m +
// max(0, V̄ − V_m), V̄ the mean module value: its debt and its shortfall
// from a typical module (a missing part).
func (m *Model) updateUsable() {
	drag := m.params.modules.DebtDrag
	mean := m.Value() / float64(len(m.value))
	for i, v := range m.value {
		u := 0.0
		if v > 0 {
			u = v * v / (v + drag*m.debt[i])
		}
		m.usable[i] = u
		m.need[i] = m.debt[i] + max(0, mean-v)
	}
}

// Usable is the commons' usable value, the sum over modules.
func (m *Model) Usable() float64 {
	var v float64
	for _, x := range m.usable {
		v += x
	}
	return v
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

// rebuildChoice rebuilds the stigmergic choice table from traces and need,
//
//	w_m = 1 + stigmergy · [(1 − need_signal) · T_m / mean(T) + need_signal · N_m / mean(N)]
//
// (a term whose mean is 0 left out), and ranks the modules by need
// (largest first, ties to the lower index) for assignment.
func (m *Model) rebuildChoice() {
	var traceSum, needSum float64
	for i, t := range m.trace {
		traceSum += t
		needSum += m.need[i]
	}
	n := float64(len(m.trace))
	meanTrace, meanNeed := traceSum/n, needSum/n
	mo := &m.params.modules
	for i, t := range m.trace {
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
	m.commons.choice.Build(m.weights)
	m.commons.signal = m.weights
	need := m.need
	slices.SortStableFunc(m.needOrder, func(a, b int32) int {
		switch {
		case need[a] > need[b]:
			return -1
		case need[a] < need[b]:
			return 1
		}
		return int(a - b)
	})
}
