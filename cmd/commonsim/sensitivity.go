package main

import (
	"fmt"
	"path/filepath"

	"commonsim/report"
	"commonsim/results"
)

type sensitivityCmd struct {
	Dir      string `arg:"" help:"A complete result set whose scenarios use the morris or saltelli sweep design."`
	NoVerify bool   `name:"no-verify" help:"Compute without first checking the data files against the manifest's checksums (commonsim verify)."`
}

func (c sensitivityCmd) Run() error {
	if !c.NoVerify {
		if err := verifyForUse(c.Dir, false); err != nil {
			return err
		}
	}
	wrote, err := report.WriteSensitivity(c.Dir)
	if err != nil {
		return err
	}
	if !wrote {
		return fmt.Errorf("result set %s has no scenario with the morris or saltelli design; sensitivity indices need one (run --design morris or --design saltelli)", c.Dir)
	}
	m, err := results.ReadManifest(c.Dir)
	if err != nil {
		return err
	}
	fmt.Printf("sensitivity: %s", filepath.Join(c.Dir, report.SensitivityFile))
	if n := len(m.SensitivitySkipped); n > 0 {
		fmt.Printf(" (%d metric(s) left out as NaN or constant; see sensitivity_skipped in the manifest)", n)
	}
	fmt.Println()
	return nil
}
