package scenarios

// Scenario is one fully resolved scenario: every parameter of the reference
// model (docs/MODEL.md) plus how to run it. Each leaf field carries, in its
// struct tags, the TOML key, the unit, the allowed range (or the allowed
// words) and a one-line meaning. Those tags are the single registry that
// validation, --set, sweeps, `commonsim params` and the parameter table of
// docs/MODEL.md all read, so a parameter is added in one place.
type Scenario struct {
	Name        string `toml:"name" doc:"short name of the scenario, used in file names and plots"`
	Description string `toml:"description" doc:"one line saying what the scenario is for"`
	// Extends names a built-in scenario (or a file path relative to this
	// file) whose values this file starts from. Keys a file leaves out take
	// the values of the scenario it extends, and of the built-in commons
	// scenario when it extends none.
	Extends string `toml:"extends" doc:"built-in scenario or file this one starts from"`

	Run        Run        `toml:"run"`
	Population Population `toml:"population"`
	Segments   Segments   `toml:"segments"`
	Arrival    Arrival    `toml:"arrival"`
	Activation Activation `toml:"activation"`
	Tasks      Tasks      `toml:"tasks"`
	Review     Review     `toml:"review"`
	Modules    Modules    `toml:"modules"`
	Economy    Economy    `toml:"economy"`
	Motivation Motivation `toml:"motivation"`
	Exit       Exit       `toml:"exit"`
	Ties       Ties       `toml:"ties"`
	Roles      Roles      `toml:"roles"`
	Fork       Fork       `toml:"fork"`

	Budget      Budget      `toml:"budget"`
	Commitment  Commitment  `toml:"commitment"`
	Familiarity Familiarity `toml:"familiarity"`
	Burnout     Burnout     `toml:"burnout"`
	Fairness    Fairness    `toml:"fairness"`
	Owner       Owner       `toml:"owner"`
	Ecosystem   Ecosystem   `toml:"ecosystem"`
	Rival       Rival       `toml:"rival"`

	// Sweep is the [sweep] table: the parameters a batch varies and the
	// design that picks their values. It is expanded into run points by
	// Expand and is not part of a single run's parameters.
	Sweep Sweep `toml:"-"`
}

// Run says how long and how often a scenario is run and how it is observed.
type Run struct {
	Ticks              int     `toml:"ticks" unit:"ticks" range:"1,100000" doc:"length of a run; a tick is one week"`
	Replications       int     `toml:"replications" unit:"runs" range:"1,100000" doc:"independent runs per sweep point, each with its own derived seed"`
	Seed               int64   `toml:"seed" unit:"" range:"0,9223372036854775807" doc:"base seed; every run's seed is derived from it and the run's identity"`
	RecordEvery        int     `toml:"record_every" unit:"ticks" range:"1,100000" doc:"a timeseries.csv row every this many ticks (and at the last tick)"`
	CollapseActive     int     `toml:"collapse_active" unit:"contributors" range:"0,100000000" doc:"the commons has collapsed when active contributors stay below this for collapse_window ticks"`
	CollapseValueShare float64 `toml:"collapse_value_share" unit:"share" range:"0,1" doc:"... or when value stays below this share of its peak for collapse_window ticks"`
	CollapseWindow     int     `toml:"collapse_window" unit:"ticks" range:"1,100000" doc:"how long the commons must stay below a collapse threshold"`
	InequalityEvery    int     `toml:"inequality_every" unit:"ticks" range:"1,100000" doc:"recompute the sorted inequality metrics (Gini, top shares, bus factor, truck factor) every this many recorded ticks; other rows repeat the last value"`
	// CommonRandomNumbers derives every run's seed from the base seed and
	// the replicate alone, so that replicate r of every scenario and sweep
	// point of a batch shares its seed and comparisons are paired.
	CommonRandomNumbers bool `toml:"common_random_numbers" doc:"replicate r of every scenario and sweep point of a batch uses the same seed, derived from the base seed and r alone, so that comparisons are paired; false: each run's seed also depends on its scenario and sweep point (independent runs)"`
}

// Population sets the starting community and the size of the commons.
type Population struct {
	Initial  int `toml:"initial" unit:"contributors" range:"0,100000000" doc:"contributors at tick 0, drawn from the segments by their shares"`
	Capacity int `toml:"capacity" unit:"contributors" range:"0,100000000" doc:"storage to reserve for contributors ever joined (0: grow as needed); a hint, not a cap"`
}

// Segments are the population segments contributors come from. The three
// are fixed so that every key can be set from the command line.
type Segments struct {
	Volunteer Segment `toml:"volunteer" doc:"unpaid contributors driven by enjoyment and mission"`
	Student   Segment `toml:"student" doc:"unpaid contributors who come to learn"`
	Employee  Segment `toml:"employee" doc:"contributors paid by a sponsor to work on the commons"`
}

// Segment is one population segment's share, the distributions its
// members' traits are drawn from, and its material circumstances: the time
// budget, living cost, outside wage and flexibility of mechanism 13.
type Segment struct {
	Share     float64 `toml:"share" unit:"share" range:"0,1" doc:"share of newcomers drawn from this segment (the three shares sum to 1)"`
	Intrinsic float64 `toml:"intrinsic" unit:"weight" range:"0,1" doc:"mean intrinsic motivation (enjoyment, mission); individual values are Beta distributed around it"`
	Social    float64 `toml:"social" unit:"weight" range:"0,1" doc:"mean social motivation (recognition, reputation)"`
	Extrinsic float64 `toml:"extrinsic" unit:"weight" range:"0,1" doc:"mean extrinsic motivation (pay)"`
	Skill     float64 `toml:"skill" unit:"" range:"0.01,0.99" doc:"mean initial skill in (0,1) (Beta distributed)"`
	PaidShare float64 `toml:"paid_share" unit:"share" range:"0,1" doc:"share of this segment's members paid by a sponsor for sponsored_hours of commons work"`

	BudgetHours    float64 `toml:"budget_hours" unit:"hours/tick" range:"0,168" doc:"time budget: hours a week it could give to work of any kind, outside or on the commons"`
	LivingCost     float64 `toml:"living_cost" unit:"money/tick" range:"0,1e9" doc:"living cost it must cover each tick, by outside work or commons income"`
	OutsideWage    float64 `toml:"outside_wage" unit:"money/hour" range:"0.000001,1e6" doc:"wage of its outside work; sponsors pay sponsored hours at this rate"`
	Flexibility    float64 `toml:"flexibility" unit:"share" range:"0,1" doc:"share of a change in needed outside hours it can make (0: a rigid job; 1: fully flexible)"`
	SponsoredHours float64 `toml:"sponsored_hours" unit:"hours/tick" range:"0,168" doc:"commons hours a sponsor pays its paid members for"`

	Commitment      float64 `toml:"commitment" unit:"share" range:"0,1" doc:"median commitment on joining: share of its free time it gives the commons (lognormal, capped at 1)"`
	CommitmentSigma float64 `toml:"commitment_sigma" unit:"" range:"0,5" doc:"log standard deviation of commitment on joining (heavy-tailed intensity from day one)"`
}

// Arrival is mechanism 1: users drawn by the commons' value, and newcomers
// who start to contribute, filtered by an optional entry barrier.
type Arrival struct {
	Enabled        bool    `toml:"enabled" doc:"mechanism 1 on: users grow with value and some start to contribute"`
	InitialUsers   float64 `toml:"initial_users" unit:"users" range:"0,1e10" doc:"users of the commons at tick 0"`
	PotentialUsers float64 `toml:"potential_users" unit:"users" range:"0,1e10" doc:"users the commons would have at unbounded value (saturation)"`
	ValueHalf      float64 `toml:"value_half" unit:"value" range:"0.000001,1e15" doc:"commons value at which the user base reaches half of potential_users"`
	UserGrowth     float64 `toml:"user_growth" unit:"1/tick" range:"0,1" doc:"rate at which the user base moves towards its value-driven capacity"`
	ConversionRate float64 `toml:"conversion_rate" unit:"1/tick" range:"0,1" doc:"per-user, per-tick probability that a user applies to contribute (mean of the Poisson stream)"`
	EntryBarrier   float64 `toml:"entry_barrier" unit:"skill" range:"0,1" doc:"a-priori credential filter: applicants with skill below it are turned away (0: open)"`
}

// Activation is mechanism 2: whether an active contributor works this tick.
type Activation struct {
	Enabled bool    `toml:"enabled" doc:"mechanism 2 on: work with a probability driven by engagement; off: every active contributor works every tick"`
	Scale   float64 `toml:"scale" unit:"" range:"0,10" doc:"probability of working per tick is scale * engagement (capped at 1)"`
}

// Tasks are mechanisms 3 and 4: which module a contributor works on, and how
// the work is cut into tasks.
type Tasks struct {
	SelfSelection bool    `toml:"self_selection" doc:"mechanism 3 on: contributors choose modules by stigmergy, fit and familiarity; off: uniformly at random (blind work)"`
	AssignedShare float64 `toml:"assigned_share" unit:"share" range:"0,1" doc:"share of tasks a manager assigns (to a module of the quarter with the largest need): 0 pure peer production, 1 a managed firm"`
	Stigmergy     float64 `toml:"stigmergy" unit:"" range:"0,100" doc:"weight of a module's stigmergic signal (recent activity and visible need) in self-selection"`
	NeedSignal    float64 `toml:"need_signal" unit:"share" range:"0,1" doc:"share of the stigmergic signal that is a module's visible need (debt and missing value) rather than its recent activity"`
	Holoptism     float64 `toml:"holoptism" unit:"share" range:"0,1" doc:"share of modules a contributor can see when choosing (1: the whole; at least 2 are seen)"`
	TieAttraction float64 `toml:"tie_attraction" unit:"probability" range:"0,1" doc:"probability a contributor with ties works where a random tie last worked"`

	Granularity    bool    `toml:"granularity" doc:"mechanism 4 on: work comes in tasks of random size; off: each worker does one task of exactly its hours"`
	TaskSizeMean   float64 `toml:"task_size_mean" unit:"hours" range:"0.01,1000" doc:"mean task size: the granularity knob (Benkler)"`
	TaskSizeSigma  float64 `toml:"task_size_sigma" unit:"" range:"0,3" doc:"log standard deviation of the lognormal task size"`
	ShortfallPower float64 `toml:"shortfall_power" unit:"" range:"0,20" doc:"a task larger than the hours left is finished with probability (hours_left/size)^shortfall_power"`
	MaxTasks       int     `toml:"max_tasks" unit:"tasks/tick" range:"1,64" doc:"most tasks one contributor submits in a tick"`
	FitWeight      float64 `toml:"fit_weight" unit:"quality" range:"0,10" doc:"quality lost per unit of mismatch between a contributor's skill and a module's difficulty; self-selection looks for fit, assignment ignores it"`
	Modularity     float64 `toml:"modularity" unit:"share" range:"0,1" doc:"how independent modules are: low modularity raises review cost and conflicts (Benkler)"`
}

// Review is mechanism 5: the review queue, reviewers, integration cost,
// conflicts and strictness.
type Review struct {
	Enabled                  bool    `toml:"enabled" doc:"mechanism 5 on: submissions queue for review; off: every submission is accepted at once"`
	HoursPerReview           float64 `toml:"hours_per_review" unit:"hours" range:"0,100" doc:"fixed reviewer hours per submission (overhead), at full modularity"`
	ReviewPerHour            float64 `toml:"review_per_hour" unit:"hours/hour" range:"0,10" doc:"reviewer hours per hour of submitted work, at full modularity"`
	IntegrationCost          float64 `toml:"integration_cost" unit:"" range:"0,100" doc:"extra review cost at zero modularity: cost = (hours_per_review + review_per_hour*size) * (1 + integration_cost*(1-modularity))"`
	ReviewShare              float64 `toml:"review_share" unit:"share" range:"0,1" doc:"share of a reviewer's hours spent reviewing"`
	Stretch                  float64 `toml:"stretch" unit:"share" range:"0,1" doc:"share of the rest of their hours reviewers turn to review at full overload (last tick's): review share = review_share + stretch * (1 - review_share) * overload"`
	PeerExperience           int     `toml:"peer_experience" unit:"accepted tasks" range:"0,1000000" doc:"in flat governance, accepted tasks a peer needs before reviewing"`
	MaxWait                  int     `toml:"max_wait" unit:"ticks" range:"1,10000" doc:"a submission waiting longer is abandoned"`
	Strictness               float64 `toml:"strictness" unit:"quality" range:"-5,5" doc:"quality bar: accepted when skill + noise exceeds strictness + conflict + newcomer strictness"`
	QualityNoise             float64 `toml:"quality_noise" unit:"quality" range:"0,5" doc:"standard deviation of the normal noise on a submission's quality"`
	Conflict                 float64 `toml:"conflict" unit:"quality" range:"0,10" doc:"conflict term weight: conflict * (1-modularity) * ln(submissions on the same module this tick)"`
	NewcomerStrictness       float64 `toml:"newcomer_strictness" unit:"quality" range:"0,5" doc:"extra bar for newcomers at tick 0"`
	NewcomerStrictnessGrowth float64 `toml:"newcomer_strictness_growth" unit:"quality/year" range:"0,5" doc:"growth of the newcomer bar per 52 ticks (calcified rules, Halfaker et al. 2013)"`
	NewcomerTasks            int     `toml:"newcomer_tasks" unit:"accepted tasks" range:"0,1000000" doc:"a contributor is a newcomer until this many tasks are accepted"`
}

// Modules is mechanism 6: value, depreciation and stigmergic traces.
type Modules struct {
	Count            int     `toml:"count" unit:"modules" range:"1,1000000" doc:"modules of the commons"`
	InitialValue     float64 `toml:"initial_value" unit:"value" range:"0,1e15" doc:"value of each module at tick 0"`
	ValuePerHour     float64 `toml:"value_per_hour" unit:"value/hour" range:"0,1e6" doc:"value one hour of accepted work adds"`
	Depreciation     bool    `toml:"depreciation" doc:"mechanism 6 on: modules lose value each tick, which becomes maintenance debt"`
	DepreciationRate float64 `toml:"depreciation_rate" unit:"1/tick" range:"0,1" doc:"share of a module's value lost per tick"`
	DebtDrag         float64 `toml:"debt_drag" unit:"" range:"0,100" doc:"how much debt lowers usable value: usable = value^2 / (value + debt_drag * debt) (0: debt is bookkeeping only)"`
	TraceDecay       float64 `toml:"trace_decay" unit:"1/tick" range:"0,1" doc:"share of a module's activity trace that fades each tick"`
}

// Economy is mechanism 7: revenue from users and usable value, capture,
// redistribution, basic income, sponsors, and the platform's side of the
// bargain (reach, infrastructure).
type Economy struct {
	Enabled         bool    `toml:"enabled" doc:"mechanism 7 on: users and usable value yield revenue, captured and redistributed; wages and basic income paid"`
	RevenuePerUser  float64 `toml:"revenue_per_user" unit:"money/user/tick" range:"0,1e6" doc:"revenue each user brings per tick when the whole commons is usable: revenue = revenue_per_user * users * usable value / value"`
	CaptureRate     float64 `toml:"capture_rate" unit:"share" range:"0,1" doc:"share of revenue the platform owner keeps (netarchical capture)"`
	Reinvest        float64 `toml:"reinvest" unit:"share" range:"0,1" doc:"share of captured revenue the platform pays back to contributors by the redistribution rule (transvestment; a platform co-op)"`
	Redistribution  string  `toml:"redistribution" enum:"none,equal,proportional,basic_income" doc:"rule returning the uncaptured revenue: none (pure gift), equal, proportional to recent work (contributive accounting), basic_income (equal to all active contributors)"`
	BasicIncome     float64 `toml:"basic_income" unit:"money/tick" range:"0,1e9" doc:"basic income paid from outside to every active contributor; it buys time through the time budget"`
	SponsorshipEnds int     `toml:"sponsorship_ends" unit:"tick" range:"0,100000" doc:"tick at which sponsors (the owner included) stop paying wages (0: never); shows crowding out"`
	Reach           float64 `toml:"reach" unit:"" range:"0,100" doc:"the platform's reach: potential users x (1 + reach)"`
	Infrastructure  float64 `toml:"infrastructure" unit:"share" range:"0,1" doc:"the platform's infrastructure: review cost x (1 - infrastructure)"`
}

// Motivation is mechanism 8: engagement moving towards a utility built from
// motives, and crowding out.
type Motivation struct {
	Enabled                 bool    `toml:"enabled" doc:"mechanism 8 on: engagement adapts to utility; off: engagement stays at its initial value"`
	InitialEngagement       float64 `toml:"initial_engagement" unit:"" range:"0,1" doc:"engagement of a newcomer"`
	Adaptation              float64 `toml:"adaptation" unit:"1/tick" range:"0,1" doc:"speed at which engagement moves towards utility"`
	Enjoyment               float64 `toml:"enjoyment" unit:"" range:"0,10" doc:"utility weight of intrinsic motivation times autonomy"`
	AutonomyLoss            float64 `toml:"autonomy_loss" unit:"share" range:"0,1" doc:"enjoyment lost when a task is assigned rather than chosen"`
	Learning                float64 `toml:"learning" unit:"" range:"0,10" doc:"utility weight of skill gained"`
	Recognition             float64 `toml:"recognition" unit:"" range:"0,10" doc:"utility weight of social motivation times reputation gained"`
	Income                  float64 `toml:"income" unit:"" range:"0,10" doc:"utility weight of extrinsic motivation times income / living cost (capped at 1)"`
	EffortCost              float64 `toml:"effort_cost" unit:"" range:"0,10" doc:"utility cost per unit of the share of hours actually worked"`
	RejectionPenalty        float64 `toml:"rejection_penalty" unit:"engagement" range:"0,1" doc:"engagement lost per rejected submission"`
	NewcomerRejectionFactor float64 `toml:"newcomer_rejection_factor" unit:"" range:"0,100" doc:"rejection hurts newcomers this many times more"`
	AbandonPenalty          float64 `toml:"abandon_penalty" unit:"engagement" range:"0,1" doc:"engagement lost per submission abandoned in the queue"`
	CrowdingOut             float64 `toml:"crowding_out" unit:"1/tick" range:"0,1" doc:"share of intrinsic motivation a paid contributor loses per tick (Frey; Deci); not regained when pay stops"`
	CrowdingFloor           float64 `toml:"crowding_floor" unit:"share" range:"0,1" doc:"intrinsic motivation never falls below this share of its initial value"`
	LearningRate            float64 `toml:"learning_rate" unit:"1/hour" range:"0,1" doc:"skill gained per hour of work: skill += rate*hours*(1-skill)"`
}

// Exit is mechanism 9: leaving at low engagement and by a hazard that falls
// with past contributions and ties.
type Exit struct {
	Enabled         bool    `toml:"enabled" doc:"mechanism 9 on: contributors leave; off: nobody leaves"`
	Threshold       float64 `toml:"threshold" unit:"engagement" range:"0,1" doc:"a contributor whose engagement falls below it leaves"`
	BaseHazard      float64 `toml:"base_hazard" unit:"1/tick" range:"0,1" doc:"per-tick probability of leaving for life events, for a contributor with no accepted work and no ties"`
	ExperienceScale float64 `toml:"experience_scale" unit:"accepted tasks" range:"0.000001,1e9" doc:"hazard = base_hazard * (1 + accepted/experience_scale)^-experience_power / (1 + tie_protection*ties)"`
	ExperiencePower float64 `toml:"experience_power" unit:"" range:"0,10" doc:"how fast the hazard falls with accepted work (0: constant hazard, geometric tenure; Wilkinson 2008)"`
	TieProtection   float64 `toml:"tie_protection" unit:"1/tie" range:"0,100" doc:"how much each social tie lowers the hazard"`
}

// Ties is mechanism 10: social ties formed by working on the same module.
type Ties struct {
	Enabled       bool    `toml:"enabled" doc:"mechanism 10 on: co-workers form ties that raise activity and lower exit"`
	Max           int     `toml:"max" unit:"ties" range:"1,32" doc:"most ties a contributor keeps (a bounded list; the stalest is replaced)"`
	FormProb      float64 `toml:"form_prob" unit:"probability" range:"0,1" doc:"per tick, probability that a worker ties with a random co-worker on the same module"`
	FadeTicks     int     `toml:"fade_ticks" unit:"ticks" range:"1,30000" doc:"a tie unused for this long is dropped"`
	ActivityBoost float64 `toml:"activity_boost" unit:"1/tie" range:"0,10" doc:"working probability is multiplied by 1 + activity_boost * ties"`
}

// Roles is mechanism 11: governance, maintainers and managers.
type Roles struct {
	Governance        string  `toml:"governance" enum:"flat,meritocratic,hierarchical" doc:"who reviews: experienced peers (flat), maintainers chosen by reputation (meritocratic), managers (hierarchical)"`
	MaintainerShare   float64 `toml:"maintainer_share" unit:"share" range:"0,1" doc:"meritocratic: the top share of active contributors by reputation who become maintainers"`
	RecomputeEvery    int     `toml:"recompute_every" unit:"ticks" range:"1,100000" doc:"roles are recomputed every this many ticks"`
	ManagerShare      float64 `toml:"manager_share" unit:"share" range:"0,1" doc:"hierarchical: share of active contributors who are managers"`
	CoordinationHours float64 `toml:"coordination_hours" unit:"hours/member/tick" range:"0,100" doc:"hierarchical: hours a manager spends coordinating per team member"`
	ReputationDecay   float64 `toml:"reputation_decay" unit:"1/tick" range:"0,1" doc:"share of reputation that fades each tick"`
}

// Fork is mechanism 12: a dissatisfied core forks and founds a rival
// commons (or, with found = false, leaves together, as in version 2).
type Fork struct {
	Enabled      bool    `toml:"enabled" doc:"mechanism 12 on: a dissatisfied core may fork"`
	UtilityBelow float64 `toml:"utility_below" unit:"utility" range:"0,1" doc:"a core member whose utility is below this is dissatisfied"`
	Threshold    float64 `toml:"threshold" unit:"share" range:"0,1" doc:"share of the core (maintainers, or the top maintainer_share by reputation) that must be dissatisfied"`
	Patience     int     `toml:"patience" unit:"ticks" range:"1,100000" doc:"ticks dissatisfaction must last before a fork"`
	LeaveShare   float64 `toml:"leave_share" unit:"share" range:"0,1" doc:"found = false: share of all dissatisfied active contributors who leave the run with a fork"`
	Probability  float64 `toml:"probability" unit:"1/tick" range:"0,1" doc:"per-tick probability of a fork once patience has run out"`
	Found        bool    `toml:"found" doc:"a fork founds a rival commons: the dissatisfied core and those tied to them move to it with a copy of the value (false: the dissatisfied leave the run, as in version 2)"`
	FollowShare  float64 `toml:"follow_share" unit:"share" range:"0,1" doc:"share of the active contributors with a live tie to a founder who follow it into the fork (the owner's employees stay)"`
	MergeBack    bool    `toml:"merge_back" doc:"a fork that has at most merge_share of its parent's active contributors for patience ticks, while the parent's core is content, merges back into it"`
	MergeShare   float64 `toml:"merge_share" unit:"share" range:"0,1" doc:"merge_back: the fork's active contributors as a share of its parent's, at or below which it merges back"`
	// The institutions of the commons a fork founds.
	Institutions
}

// Institutions are what differs between the commons of a run: who reviews,
// who captures the revenue and how the rest is returned, the platform's
// side of the bargain, and the share of the core an owner employs. The
// [fork] table gives those of a commons a fork founds, the [rival] table
// those of the rivals a run starts with; commons 0 has the scenario's own
// ([roles], [economy], [owner]).
type Institutions struct {
	Governance     string  `toml:"governance" enum:"flat,meritocratic,hierarchical" doc:"who reviews in these commons: experienced peers (flat), maintainers chosen by reputation (meritocratic), managers (hierarchical)"`
	CaptureRate    float64 `toml:"capture_rate" unit:"share" range:"0,1" doc:"share of these commons' revenue a platform keeps"`
	Reinvest       float64 `toml:"reinvest" unit:"share" range:"0,1" doc:"share of the captured revenue paid back to contributors"`
	Redistribution string  `toml:"redistribution" enum:"none,equal,proportional,basic_income" doc:"rule returning these commons' uncaptured revenue (as economy.redistribution)"`
	Reach          float64 `toml:"reach" unit:"" range:"0,100" doc:"a platform's reach: these commons' potential users x (1 + reach)"`
	Infrastructure float64 `toml:"infrastructure" unit:"share" range:"0,1" doc:"a platform's infrastructure: these commons' review cost x (1 - infrastructure)"`
	OwnerCoreShare float64 `toml:"owner_core_share" unit:"share" range:"0,1" doc:"share of these commons' core an owner employs (as owner.core_share; no relicensing)"`
}

// Rival holds the institutions of the commons a run starts with besides
// its own (commons 1 to ecosystem.commons - 1).
type Rival struct {
	Institutions
}

// Ecosystem is mechanism 19: several commons in one run, competing for one
// pool of users and newcomers, with contributors who may migrate.
type Ecosystem struct {
	Commons           int     `toml:"commons" unit:"commons" range:"1,64" doc:"commons at tick 0, each with population.initial founders and arrival.initial_users users; commons 1 and up have the [rival] institutions"`
	MaxCommons        int     `toml:"max_commons" unit:"commons" range:"1,64" doc:"most commons a run may hold, those it starts with and those forks found; a fork beyond it cannot be founded"`
	ValueWeight       float64 `toml:"value_weight" unit:"" range:"0,100" doc:"weight of a commons' share of usable value in its attractiveness to users and newcomers"`
	ActivityWeight    float64 `toml:"activity_weight" unit:"" range:"0,100" doc:"weight of its share of activity (accepted submissions, decaying over about 26 ticks)"`
	TiesWeight        float64 `toml:"ties_weight" unit:"" range:"0,100" doc:"weight of its share of the live ties among active contributors"`
	Migration         bool    `toml:"migration" doc:"mechanism 19's migration on: contributors may move to a commons that offers clearly more; off: nobody moves but a fork's founding group"`
	MigrationRate     float64 `toml:"migration_rate" unit:"1/tick" range:"0,1" doc:"per tick, probability that an active contributor reconsiders its commons"`
	SwitchingCost     float64 `toml:"switching_cost" unit:"utility" range:"0,10" doc:"a move must gain more than this: mean utility there - own utility + tie_pull * share of its ties there"`
	TiePull           float64 `toml:"tie_pull" unit:"utility" range:"0,10" doc:"gain of a move to a commons where all of one's live ties are"`
	DiscontinuedAfter int     `toml:"discontinued_after" unit:"ticks" range:"1,100000" doc:"a commons that accepted no work for this many ticks is discontinued (fork outcomes)"`
}

// Budget is mechanism 13, the material channel: commons income replaces
// outside work and so buys time. Its parameters are the segments'.
type Budget struct {
	Enabled bool `toml:"enabled" doc:"mechanism 13 on (the material channel): commons income (wages, returned revenue, basic income) replaces outside work and buys time; off: outside hours are those needed on the sponsor's wage alone"`
}

// Commitment is mechanism 14: the share of its free time a contributor
// gives grows with recognised work and relaxes back without it.
type Commitment struct {
	Enabled bool    `toml:"enabled" doc:"mechanism 14 on: commitment grows with recognised work and relaxes back without it; off: it stays at its value on joining"`
	Growth  float64 `toml:"growth" unit:"1/tick" range:"0,1" doc:"growth of commitment towards 1 per tick of full recognition"`
	Relax   float64 `toml:"relax" unit:"1/tick" range:"0,1" doc:"per tick, share of the gap to its commitment on joining that closes"`
}

// Familiarity is mechanism 15: a bounded list per contributor of the modules
// it delivered to; familiar modules fit better and draw it back.
type Familiarity struct {
	Enabled bool    `toml:"enabled" doc:"mechanism 15 on: contributors return to modules they know, which fit them better; off: the lists are kept but change no choice"`
	Max     int     `toml:"max" unit:"modules" range:"1,8" doc:"most modules one contributor's familiarity list holds"`
	Fit     float64 `toml:"fit" unit:"quality" range:"0,1" doc:"misfit removed at full familiarity"`
	Half    float64 `toml:"half" unit:"deliveries" range:"0.01,1e6" doc:"accepted deliveries to a module that give half of full familiarity"`
}

// Burnout is mechanism 16: reviewers accumulate strain from review overload,
// which costs hours, utility and tenure.
type Burnout struct {
	Enabled   bool    `toml:"enabled" doc:"mechanism 16 on: reviewers accumulate strain from review overload; off: no strain"`
	Rate      float64 `toml:"rate" unit:"1/tick" range:"0,1" doc:"speed at which strain follows a reviewer's overload (and fades without it)"`
	Utility   float64 `toml:"utility" unit:"" range:"0,10" doc:"utility lost at full strain"`
	HoursLoss float64 `toml:"hours_loss" unit:"share" range:"0,1" doc:"share of commons hours lost at full strain"`
	Exit      float64 `toml:"exit" unit:"" range:"0,100" doc:"exit hazard x (1 + exit * strain)"`
}

// Fairness is mechanism 17: felt unfairness, a channel of its own, apart
// from the material effect of capture.
type Fairness struct {
	Enabled bool    `toml:"enabled" doc:"mechanism 17 on: contributors resent the platform's capture and a gap between their share of work and of returned revenue; off: no felt unfairness"`
	Weight  float64 `toml:"weight" unit:"" range:"0,10" doc:"utility weight of felt unfairness"`
}

// Owner is mechanism 18: an owner that employs part of the core and may
// relicense the commons to capture more of its revenue.
type Owner struct {
	CoreShare     float64 `toml:"core_share" unit:"share" range:"0,1" doc:"share of the core the owner employs (each core member's fixed draw below it)"`
	Sponsors      bool    `toml:"sponsors" doc:"the owner is the sponsor of every paid contributor (a firm): all of them are its employees"`
	Hours         float64 `toml:"hours" unit:"hours/tick" range:"0,168" doc:"commons hours the owner pays its employees for, at their outside wage"`
	RelicenseTick int     `toml:"relicense_tick" unit:"tick" range:"0,100000" doc:"tick at which the owner relicenses the commons and raises its capture (0: never)"`
	CaptureAfter  float64 `toml:"capture_after" unit:"share" range:"0,1" doc:"capture rate from the relicensing tick on"`
}
