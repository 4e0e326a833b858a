package sim

import "commonsim/internal/rng"

// This file is the model's side of the engine: the shards of contributors
// that the parallel phases run on, and the jobs the pool runs.

// ShardSize is the number of contributors in one shard of the parallel
// phases. It is fixed, not derived from the thread count, so each shard's
// random stream, and hence the run's output, is the same for any --threads.
const ShardSize = 4096

// shard is a fixed range of contributors with its own random stream and
// output buffers. Shards' outputs are added up in shard order.
type shard struct {
	lo, hi int
	st     rng.Stream
	tasks  tasks // this tick's submissions, in contributor order
	totals workTotals
	left   []int32 // who left this tick

	// Partial sums of the economy, update and observation phases, for the
	// whole run, and per commons in perCommons.
	basicIncome, wages float64
	updated            updateTotals
	scan               scan
	perCommons         []shardCommons

	// Migration (mechanism 19): this tick's decisions of the shard's
	// contributors.
	moves []move
}

// shardCommons are a shard's partial sums for one commons.
type shardCommons struct {
	capacity                  float64 // reviewer hours (work phase)
	reviewed                  reviewCounts
	weight, recent, ownerBill float64 // economy: the rule's weights, recent work, the owner's full wage bill
	sums                      commonsSums
	core, unhappy             int // fork: active core, and the dissatisfied among them
	active, coreSize          int // observation
}

// growCommons makes room in the shard's per-commons sums for n commons.
func (s *shard) growCommons(n int) {
	for len(s.perCommons) < n {
		s.perCommons = append(s.perCommons, shardCommons{})
	}
}

// ensureShards makes one shard per ShardSize contributors, each with its
// own random stream, reusing the ones it has.
func (m *Model) ensureShards() {
	n := m.pop.Len()
	need := (n + ShardSize - 1) / ShardSize
	for len(m.shards) < need {
		m.shards = append(m.shards, shard{st: rng.NewStream()})
		m.shards[len(m.shards)-1].growCommons(len(m.cs))
	}
	for i := range need {
		m.shards[i].lo = i * ShardSize
		m.shards[i].hi = min(n, (i+1)*ShardSize)
	}
	m.shards = m.shards[:need]
	// A population of one shard runs every phase in order on the calling
	// goroutine: its jobs (the modules of tie formation, say) are too small
	// to pay for handing them out (with 2 threads they cost 10^3
	// contributors 12%).
	m.pool.SetInline(need == 1)
}

// jobs are the model's parallel jobs, bound once in New: handing a bound
// method to the pool allocates nothing, where a method value made at each
// call would allocate every tick.
type jobs struct {
	work, refreshTies, formTies, review      func(int)
	economyWeights, economyPay, update       func(int)
	forkScan, observe, resetRoles, placeCore func(int)
	migrate                                  func(int)
}

func (m *Model) bindJobs() {
	m.jobs = jobs{
		work: m.workShard, refreshTies: m.refreshTiesChunk, formTies: m.formTiesGroup, review: m.reviewShard,
		economyWeights: m.economyWeightsShard, economyPay: m.economyPayShard, update: m.updateShard,
		forkScan: m.forkScanShard, observe: m.observeShard, resetRoles: m.resetRoles, placeCore: m.placeCore,
		migrate: m.migrateShard,
	}
}

// forShards runs job for every shard, in parallel when threads > 1.
// Shards write only their own contributors and buffers.
func (m *Model) forShards(job func(int)) { m.pool.Run(len(m.shards), job) }

// forJobs runs jobs 0..n-1, in parallel when threads > 1. Jobs write
// disjoint state, so their order does not matter.
func (m *Model) forJobs(job func(int), n int) { m.pool.Run(n, job) }
