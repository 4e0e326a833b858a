package plainmatrix

import (
	"commonsim/scenarios"
	"commonsim/sim"
)

// Specs returns every run of the scenarios, in run-id order.
func Specs(scs []*scenarios.Scenario) ([]sim.RunSpec, error) {
	var specs []sim.RunSpec
	for _, sc := range scs {
		points, err := sc.Sweep.Points(uint64(sc.Run.Seed))
		if err != nil {
			return nil, err
		}
		for _, pt := range points {
			params, err := sc.At(pt)
			if err != nil {
				return nil, err
			}
			for rep := range sc.Run.Replications {
				specs = append(specs, sim.RunSpec{
					ID: len(specs), Scenario: sc.Name, Point: pt.Index, Replicate: rep,
					Seed:   sim.SeedOf(sc, pt.Index, rep),
					Assign: pt.Assign, Params: params,
				})
			}
		}
	}
	return specs, nil
}

// Varying returns the varying parameters of specs, the parameter columns
// of their runs.csv: scenarios.Varying of their parameters.
func Varying(specs []sim.RunSpec) []scenarios.Param {
	params := make([]*scenarios.Scenario, len(specs))
	for i, s := range specs {
		params[i] = s.Params
	}
	return scenarios.Varying(params...)
}
