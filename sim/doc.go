// Package sim is the reference model of commons-based peer production
// (docs/MODEL.md): its state (Model), the schedule of a tick (Step), one
// file per mechanism, and the metrics a run records. A run is a pure
// function of a resolved scenario and a seed (Run); the model knows
// nothing of files, plots or the command line.
//
// # Where things are
//
// The schedule of a tick, docs/MODEL.md §1.3, is Step in step.go, with the
// two per-contributor loops that call the mechanisms in order (workShard,
// updateShard). Each mechanism of §3.3 is one file with its parameters
// (a struct made once from the scenario), its logic and its sources:
//
//	§       mechanism                    file            functions
//	3.3.1   users and arrival            arrival.go      arrive, draw
//	3.3.2   activation                   activation.go   activationParams.probability
//	3.3.3   task choice                  taskchoice.go   hoursAvailable, reviewHours, chooseModule, bestFit
//	3.3.4   granularity and work         work.go         completeTasks
//	3.3.5   review and integration       review.go       review, decide, credit, reviewerHoursUsed
//	3.3.6   value, debt and need         modules.go      updateModules, updateUsable, addValue, rebuildChoice
//	3.3.7   economy                      economy.go      settleEconomy, platformTake, redistributionWeight
//	3.3.8   motivation and engagement    motivation.go   motivate
//	3.3.9   exit                         exit.go         leaves, exitParams.baseHazard
//	3.3.10  social ties                  ties.go         liveTies, formTies, refreshTiesChunk, formTiesOn
//	3.3.11  merit and roles              roles.go        recomputeRoles (rolesByRanking is its definition)
//	3.3.12  forking                      fork.go         fork
//	3.3.13  time budget                  budget.go       commonsHours, budgetHours
//	3.3.14  commitment                   commitment.go   commit
//	3.3.15  familiarity                  familiarity.go  effectiveMisfit, familiarCandidate
//	3.3.16  burnout                      burnout.go      strain
//	3.3.17  felt unfairness              fairness.go     feltUnfairness
//	3.3.18  the owner, relicensing       owner.go        captureRate, hireCore, ownerWages
//
// The truck factor of §3.5 is truck.go: the modules' record of their
// authors (authorship, written by review as it credits deliveries, apart
// from the familiarity lists) and truckFactor, tested against the plain
// definition, analysis.Authors and analysis.TruckFactor.
//
// The initialisation (§3.1) is New (model.go) with initModules and draw.
// The contributors' state is agents.Population (§1.2).
//
// Observation is a layer of its own: observe.go counts events and builds,
// at each recorded tick, a read-only view of the model; metrics.go
// (TickMetrics, the columns of timeseries.csv) and summary.go
// (SummaryMetrics, runs.csv) are the registries of named reporters over
// that view and over the end-of-run slices. A metric is added there, in
// one place. run.go runs one run (Run) and series.go holds its time series.
// live.go is for showing a run as it goes: step a Model and read the row
// just recorded (LastRow), the Lorenz curves so far and, at the end, the
// same Result as Run's.
//
// The engine's machinery is not here: internal/parallel runs the parallel
// phases' jobs, internal/radix sorts and selects, internal/rng and
// internal/fastmath are the random streams and numeric kernels. shards.go
// is the model's side of it: the shards of contributors and the jobs,
// bound once.
//
// # Parameters
//
// A mechanism reads its parameters only from its own struct in
// Model.params (arrivalParams, activationParams, ...), made once per run
// by its constructor from the scenario, including the keys of other
// tables it uses (activation's ties.activity_boost, say). To add a
// parameter, add it to the scenario's struct (scenarios/scenario.go: the
// registry of keys, ranges and docs) and to the mechanism's struct and
// constructor. Values shared by later phases of a tick (the felt capture,
// reviewers' overload) are in Model.now, written by the phase that makes
// them.
//
// # Random streams
//
// Every draw comes from a stream derived from the run's seed, so that the
// same scenario and seed give the same bytes for any number of threads,
// workers, shards or machines:
//
//   - A stream is identified by (run seed, phase, tick, index) and
//     reseeded from that identity before a phase draws from it
//     (rng.Stream.Reseed): the phases are the stream* constants of
//     seed.go; the index is the shard of contributors (work, update), the
//     module (tie formation) or 0 (the sequential phases).
//   - A draw tied to an identity rather than a moment (whether the owner
//     hires a contributor) is rng.Uniform(run seed, phase, contributor id).
//   - A run's seed itself is SeedOf: under common random numbers (the
//     default) replicate r of every scenario and sweep point of a batch
//     shares it, so that comparisons are paired (docs/MODEL.md §3.4).
//   - A phase draws only from its own streams, never from another's, and
//     a shard or module only from its own: what it draws never depends on
//     the goroutine that runs it or on what ran before.
//   - Shards are fixed ranges of ShardSize contributors, whatever the
//     number of threads; their outputs (sums, submissions, departures)
//     are combined in shard order.
//   - Nothing reaching an output, an error or a choice iterates over a map.
//   - A new draw in a mechanism shifts every later draw of its stream and
//     so changes outputs: that is a change of the model (docs/MODEL.md's
//     figures are measured again, testdata/golden/check.sh --update). A new
//     phase gets a new stream constant, appended.
package sim
