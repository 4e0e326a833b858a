package sim

import "commonsim/scenarios"

// Mechanism 14, commitment (docs/MODEL.md §3.3.14): a core that forms.
// Contributors whose work is accepted and recognised come to give more of
// their available time (legitimate peripheral participation: Lave & Wenger
// 1991; "Becoming Wikipedian", Bryant, Forte & Bruckman 2005), while
// intensity at entry is heavy-tailed (Panciera, Halfaker & Terveen 2009;
// drawn by draw, arrival.go). Commitment is the share of its free time a
// contributor gives the commons (mechanism 13).

// commitmentParams are mechanism 14's parameters.
type commitmentParams struct {
	enabled       bool
	growth, relax float64
}

func newCommitmentParams(sc *scenarios.Scenario) commitmentParams {
	c := sc.Commitment
	return commitmentParams{enabled: c.Enabled, growth: c.Growth, relax: c.Relax}
}

// commit is one tick of a contributor's commitment c: recognition r in
// [0,1] (1 − exp(−a / scale) of its recognised work a) pulls it towards 1
// at rate growth, and it relaxes towards its value on joining c0 at rate
// relax:
//
//	c ← c + growth r (1 − c) − relax (c − c0).
//
// With recognition every tick c converges to (growth + relax c0) /
// (growth + relax); without, back to c0 (tested).
func commit(c, c0, r, growth, relax float64) float64 {
	return clamp(c+growth*r*(1-c)-relax*(c-c0), 0, 1)
}
