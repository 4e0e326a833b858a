# commonsim: `make run` builds and runs the commons-vs-extractive comparison;
# `make test` runs every test. Both need only Go (modules come from the proxy).
GO      ?= go
BIN     := bin/commonsim
RUNARGS ?=

.PHONY: all build run serve test race bench lint contrasts clean

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
	$(GO) test -count=1 ./...

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

# The calibration and contrast tables of docs/MODEL.md: 20 replications of
# every built-in scenario (about a minute on 2 cores).
contrasts: build
	./$(BIN) run commons extractive managed-firm platform-coop basic-income coarse-grained low-modularity -r 20 -o out/contrasts-$$(date +%Y%m%d-%H%M%S)
