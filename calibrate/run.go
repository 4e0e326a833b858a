package calibrate

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
)

// Settings of a calibration.
type Settings struct {
	Waves     int     // at most this many waves of history matching (>= 1)
	Points    int     // points per wave of history matching (>= 1)
	ABCPoints int     // points of the final ABC wave (0: Points)
	Cutoff    float64 // implausibility cut-off of history matching (3)
	Tolerance float64 // ABC tolerance on a point's largest implausibility, 0 < Tolerance <= Cutoff (2)
	// MinShrink stops the waves once one shrinks the box's volume by less
	// than this share (0.1: by less than 10%); 0 runs every wave.
	MinShrink float64
}

// DefaultSettings are the defaults of `commonsim calibrate`.
var DefaultSettings = Settings{Waves: 4, Points: 100, Cutoff: 3, Tolerance: 2, MinShrink: 0.1}

// abcPoints is the size of the ABC wave.
func (s Settings) abcPoints() int {
	if s.ABCPoints > 0 {
		return s.ABCPoints
	}
	return s.Points
}

// Validate checks the settings; its messages name the command-line flags.
func (s Settings) Validate() error {
	switch {
	case s.Waves < 1:
		return fmt.Errorf("--waves %d: need at least 1", s.Waves)
	case s.Points < 1:
		return fmt.Errorf("--samples %d: need at least 1 point per wave", s.Points)
	case s.ABCPoints < 0:
		return fmt.Errorf("--abc-samples %d: need at least 1 point (0: as many as --samples)", s.ABCPoints)
	case !(s.Cutoff > 0) || math.IsInf(s.Cutoff, 0):
		return fmt.Errorf("--cutoff %g: need a finite number > 0 (3 is the usual three-sigma rule)", s.Cutoff)
	case !(s.Tolerance > 0) || s.Tolerance > s.Cutoff:
		return fmt.Errorf("--tolerance %g: need 0 < tolerance <= the cut-off %g (ABC accepts within the plausible region)", s.Tolerance, s.Cutoff)
	case !(s.MinShrink >= 0) || s.MinShrink >= 1:
		return fmt.Errorf("--min-shrink %g: need a share from 0 (run every wave) to below 1", s.MinShrink)
	}
	return nil
}

// WaveSpec is what an Evaluator needs to run one wave.
type WaveSpec struct {
	Wave   int   // from 1
	Box    Box   // the region the wave's points are drawn in
	Points int   // how many points it draws
	Seed   int64 // the wave's seed, for its design and its runs
	ABC    bool  // the final wave, whose points ABC accepts or rejects
}

// An Evaluator runs the waves of a calibration. Wave draws the wave's
// w.Points points inside w.Box from w.Seed, runs each with its replicates and calls visit
// with each point, in order; an error from visit stops it and is returned.
// Called again for the same wave it must give the same points and the same
// statistics: Run reads every wave a second time to write its results.
type Evaluator interface {
	Wave(ctx context.Context, w WaveSpec, visit func(Point) error) error
}

// A WaveWatcher is told about each wave once its points have been
// assessed, before the next wave starts: an Evaluator that implements it
// can report progress or record the waves as they go.
type WaveWatcher interface {
	WaveDone(WaveResult)
}

// DeriveSeed returns a seed in [0, 2^63) derived from base, a label and a
// number by SHA-256, so that every wave (and the predictive check, the
// truth of a recovery) gets its own fresh, reproducible seed.
func DeriveSeed(base int64, label string, n int) int64 {
	h := sha256.New()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(base))
	h.Write(b[:])
	h.Write([]byte(label))
	binary.LittleEndian.PutUint64(b[:], uint64(n))
	h.Write(b[:])
	return int64(binary.LittleEndian.Uint64(h.Sum(nil)) >> 1)
}

// WaveSeed is the seed of wave w of a calibration with base seed base.
func WaveSeed(base int64, w int) int64 { return DeriveSeed(base, "calibrate wave", w) }

// WaveResult is one wave: of history matching, or the final ABC wave.
type WaveResult struct {
	WaveSpec
	Tally *Tally
	// Next is the box of the kept points, widened (Refocus): the next
	// wave's region. For the ABC wave, the box of its kept points.
	Next Box
	// Shrink is 1 - Next's volume / Box's volume.
	Shrink float64
}

// Why the waves stopped.
const (
	StopWaves     = "waves"     // the set number of waves ran
	StopConverged = "converged" // the region stopped shrinking
	StopEmpty     = "empty"     // a wave kept no point (Run returns an *EmptyRegionError)
)

// Result is a finished calibration.
type Result struct {
	Prior    Box
	Settings Settings
	// Waves are the waves of history matching, then the ABC wave (absent
	// when a wave of history matching kept no point).
	Waves    []WaveResult
	Stop     string    // why history matching stopped: StopWaves, StopConverged or StopEmpty
	Accepted int       // points of the ABC wave in the ABC sample
	Summary  []Summary // per parameter, the posterior of the accepted points
}

// Last is the last wave: the ABC wave once Run has finished.
func (r *Result) Last() WaveResult { return r.Waves[len(r.Waves)-1] }

// Matching returns the waves of history matching: all but the ABC wave.
func (r *Result) Matching() []WaveResult {
	if n := len(r.Waves); n > 0 && r.Waves[n-1].ABC {
		return r.Waves[:n-1]
	}
	return r.Waves
}

// Run calibrates: waves of history matching from the prior box, each
// sampling the box of the points the wave before kept, until s.Waves waves
// ran or a wave shrank the box by less than s.MinShrink; then one more
// wave, of s.ABCPoints points drawn in the region the last one left (the
// non-implausible region as ABC's uniform prior, McCulloch et al. 2022),
// whose points within the tolerance rejection ABC accepts. An Evaluator
// that is a WaveWatcher hears of each wave as it ends. Run then reads every
// wave again and calls each with every evaluated point, in wave and point
// order, with its implausibilities and whether ABC accepted it. It returns an *EmptyRegionError when a wave keeps
// no point (after handing each every point evaluated so far, and with the
// Result of the waves so far), and an error when a target's metric has no
// finite value at any point of a wave or when no point of the last wave is
// within the tolerance.
func Run(ctx context.Context, prior Box, targets []Target, s Settings, seed int64, ev Evaluator, each func(Assessed) error) (*Result, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if len(targets) == 0 {
		return nil, errors.New("calibrate: no targets")
	}
	if len(prior.Lo) == 0 || len(prior.Lo) != len(prior.Hi) {
		return nil, errors.New("calibrate: the prior box has no parameter")
	}
	for i := range prior.Lo {
		if !(prior.Lo[i] <= prior.Hi[i]) {
			return nil, fmt.Errorf("calibrate: prior range %d is [%g, %g]", i, prior.Lo[i], prior.Hi[i])
		}
	}
	res := &Result{Prior: prior.Clone(), Settings: s}
	box := prior.Clone()
	for w := 1; ; w++ {
		spec := WaveSpec{Wave: w, Box: box, Points: s.Points, Seed: WaveSeed(seed, w), ABC: res.Stop != ""}
		if spec.ABC {
			spec.Points = s.abcPoints()
		}
		tally := NewTally(len(prior.Lo), len(targets))
		err := ev.Wave(ctx, spec, func(p Point) error {
			tally.Add(Assess(targets, p, s.Cutoff))
			return nil
		})
		if err != nil {
			return res, err
		}
		if err := checkValues(targets, w, tally); err != nil {
			return res, err
		}
		if tally.Kept == 0 && !spec.ABC {
			// Every evaluated point still goes to each, to show where the
			// targets part.
			res.Waves = append(res.Waves, WaveResult{WaveSpec: spec, Tally: tally, Next: box})
			res.Stop = StopEmpty
			if err := res.replay(ctx, targets, ev, each); err != nil {
				return res, err
			}
			return res, &EmptyRegionError{Wave: w, Points: tally.Points, Cutoff: s.Cutoff, Targets: targets, Tally: tally}
		}
		next := box
		if tally.Kept > 0 {
			next = Refocus(box, tally.KeptLo, tally.KeptHi, tally.Kept, tally.Points)
		}
		wr := WaveResult{WaveSpec: spec, Tally: tally, Next: next, Shrink: 1 - next.Fraction(box)}
		res.Waves = append(res.Waves, wr)
		if ww, ok := ev.(WaveWatcher); ok {
			ww.WaveDone(wr)
		}
		switch {
		case spec.ABC:
		case w >= s.Waves:
			res.Stop = StopWaves
			box = next
			continue
		case wr.Shrink < s.MinShrink:
			res.Stop = StopConverged
			box = next
			continue
		default:
			box = next
			continue
		}
		break
	}
	if err := res.finish(ctx, targets, ev, each); err != nil {
		return res, err
	}
	return res, nil
}

// checkValues refuses a target whose metric has no finite value at any
// point of a wave: it is undefined for the scenario, and no wave can fit it.
func checkValues(targets []Target, w int, t *Tally) error {
	for i, tg := range targets {
		if t.Points > 0 && t.NoValue[i] == t.Points {
			return fmt.Errorf("targets %s: target %q: metric %s is NaN in every run of wave %d (%d points): it is undefined for this scenario (docs/OUTPUTS.md says when a metric is NaN); choose another metric",
				tg.Where, tg.Name, tg.Metric, w, t.Points)
		}
	}
	return nil
}

// replay reads every wave again and hands its points to each, none
// accepted.
func (res *Result) replay(ctx context.Context, targets []Target, ev Evaluator, each func(Assessed) error) error {
	for _, wr := range res.Waves {
		err := ev.Wave(ctx, wr.WaveSpec, func(p Point) error {
			a := Assess(targets, p, res.Settings.Cutoff)
			a.Wave = wr.Wave
			if each != nil {
				return each(a)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// finish reads every wave again, accepts the ABC wave's points within the
// tolerance and summarises the posterior.
func (res *Result) finish(ctx context.Context, targets []Target, ev Evaluator, each func(Assessed) error) error {
	s := res.Settings
	last := len(res.Waves)
	k := len(res.Prior.Lo)
	accepted := make([][]float64, k)
	bestAbove := math.Inf(1)
	for _, wr := range res.Waves {
		kept := 0
		err := ev.Wave(ctx, wr.WaveSpec, func(p Point) error {
			a := Assess(targets, p, s.Cutoff)
			a.Wave = wr.Wave
			if a.Kept {
				kept++
			}
			if wr.Wave == last {
				if a.Accepted = a.Kept && a.Max <= s.Tolerance; a.Accepted {
					for i, x := range a.Params {
						accepted[i] = append(accepted[i], x)
					}
				} else {
					bestAbove = math.Min(bestAbove, a.Max)
				}
			}
			if each != nil {
				return each(a)
			}
			return nil
		})
		if err != nil {
			return err
		}
		if kept != wr.Tally.Kept {
			return fmt.Errorf("wave %d read back differently (%d points kept, then %d): were its files changed during the calibration?", wr.Wave, wr.Tally.Kept, kept)
		}
	}
	if len(accepted[0]) == 0 {
		return fmt.Errorf("wave %d (ABC): no point is within the ABC tolerance %g (the closest has largest implausibility %.3g, %d points were kept at the cut-off %g): raise --tolerance (at most the cut-off) or --abc-samples",
			last, s.Tolerance, bestAbove, res.Last().Tally.Kept, s.Cutoff)
	}
	res.Accepted = len(accepted[0])
	for i := range k {
		res.Summary = append(res.Summary, Summarize(accepted[i], res.Prior.Lo[i], res.Prior.Hi[i]))
	}
	return nil
}
