# commonsim: `make run` builds and runs the commons-vs-extractive comparison;
# `make test` runs every test. Both need only Go (modules come from the proxy).
GO      ?= go
BIN     := bin/commonsim
RUNARGS ?=

.PHONY: all build run serve test race bench lint contrasts ablations calibration forks clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/commonsim

# The main job on the built-in default: commons vs extractive, figures and report.
run: build
	./$(BIN) run commons extractive $(RUNARGS)

# The browser lab (README, "For students"); SERVEARGS=--open opens a browser.
SERVEARGS ?=
serve: build
	./$(BIN) serve $(SERVEARGS)

test:
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 25m ./...

race:
	$(GO) test -race -count=1 ./...

# Speed and memory targets are checked here, never in timed unit tests:
# BenchmarkReferenceModel (ns/agent-step, allocs/tick, B/agent, metrics-%
# at 1e3, 1e4, 1e5, 1e6 contributors, threads 1 and 2) and BenchmarkSweep
# (runs/s on 1 and 2 workers); raw results in bench.txt, then benchstat's
# table of medians. Compare two versions with `benchstat old.txt bench.txt`.
BENCHCOUNT ?= 6
bench:
	$(GO) test -run '^$$' -bench 'ReferenceModel|Sweep|BareLoop' -benchtime 5x -count $(BENCHCOUNT) -timeout 30m ./sim ./batch | tee bench.txt
	$(GO) run golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da bench.txt

lint:
	@test -z "$$(gofmt -l .)" || (gofmt -l . && echo "gofmt: files above need formatting" && exit 1)
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...

clean:
	rm -rf bin

# The calibration and contrast tables of docs/MODEL.md (§5, §6): every
# built-in scenario and the channel experiments of experiments/channels,
# 40 replications each, paired by common random numbers, under two base
# seeds; then the paired differences from commons, with "fragile" where the
# two seeds disagree (tools/paired). Takes about 10 minutes on 2 cores.
CONTRAST_REPS ?= 40
BUILTINS := commons extractive managed-firm platform-coop basic-income coarse-grained low-modularity relicensing
CONTRAST_METRICS := final_active,final_value,truck_factor,mean_engagement,returned_share,contributed_share,review_share
contrasts: build
	@set -e; out=out/contrasts-$$(date +%Y%m%d-%H%M%S); \
	for seed in 1 2; do \
		./$(BIN) run $(BUILTINS) experiments/channels/*.toml -r $(CONTRAST_REPS) --set run.seed=$$seed --no-plots -q -o $$out/seed$$seed >/dev/null; \
	done; \
	$(GO) run ./tools/paired -ref commons -scenarios $$(echo $(BUILTINS) | tr ' ' ',') -metrics $(CONTRAST_METRICS) $$out/seed1 $$out/seed2 | tee $$out/contrasts.md; \
	echo "result sets and contrasts.md in $$out"

# The ablation table of docs/MODEL.md §7: commons with each mechanism off
# alone (experiments/ablations), 40 replications, two base seeds, paired
# differences from commons. Takes about 20 minutes on 2 cores.
ablations: build
	@set -e; out=out/ablations-$$(date +%Y%m%d-%H%M%S); \
	for seed in 1 2; do \
		./$(BIN) run commons experiments/ablations/*.toml -r $(CONTRAST_REPS) --set run.seed=$$seed --no-plots -q -o $$out/seed$$seed >/dev/null; \
	done; \
	$(GO) run ./tools/paired -ref commons -metrics final_active,final_value,truck_factor $$out/seed1 $$out/seed2 | tee $$out/ablations.md; \
	echo "result sets and ablations.md in $$out"

# The forks and ecosystem tables of docs/MODEL.md §6.4: relicensing with
# the core outside the owner, in between and employed by it, extractive,
# managed-firm and ecosystem, with the variants of experiments/forks (forks
# that found nothing, the commons' bar of dissatisfaction, no migration),
# 40 replications under two base seeds; then what the forks did
# (tools/forks) and the paired effect of founding (tools/paired). About
# 10 minutes on 2 cores.
forks: build
	@set -e; out=out/forks-$$(date +%Y%m%d-%H%M%S); \
	for seed in 1 2; do \
		./$(BIN) run relicensing relicensing-employed extractive managed-firm ecosystem experiments/forks/*.toml -r $(CONTRAST_REPS) --set run.seed=$$seed --no-plots -q -o $$out/seed$$seed >/dev/null; \
	done; \
	$(GO) run ./tools/forks $$out/seed1 $$out/seed2 | tee $$out/forks.md; \
	for s in relicensing-outside relicensing relicensing-employed extractive managed-firm; do \
		$(GO) run ./tools/paired -ref $$s-leave -scenarios $$s -metrics final_active,final_value,largest_active_share $$out/seed1 $$out/seed2 | tee -a $$out/forks.md; \
	done; \
	echo "result sets and forks.md in $$out"

# The calibration runs of docs/MODEL.md §5 beyond `commons` itself: the
# commons at a typical project's size (about 60 and 160 active
# contributors; the truck factor), 40 replications under two base seeds; a
# Wikipedia-like scale (the top 1%'s share), 5 replications; and the
# relicensing scenario over the share of the core the owner employs.
# Statistics are in each result set's summary.csv. About 30 minutes on 2
# cores.
calibration: build
	@set -e; out=out/calibration-$$(date +%Y%m%d-%H%M%S); \
	for seed in 1 2; do \
		./$(BIN) run experiments/calibration/typical-60.toml experiments/calibration/typical-160.toml -r $(CONTRAST_REPS) --set run.seed=$$seed --no-plots -q -o $$out/typical-seed$$seed >/dev/null; \
		./$(BIN) run relicensing --sweep owner.core_share=0,0.3,0.6,0.9 -r $(CONTRAST_REPS) --set run.seed=$$seed --no-plots -q -o $$out/relicensing-seed$$seed >/dev/null; \
	done; \
	./$(BIN) run experiments/calibration/wikipedia.toml -r 5 --no-plots -q -o $$out/wikipedia >/dev/null; \
	echo "result sets in $$out"
