#!/usr/bin/env bash
# Golden outputs: re-runs a fixed set of batches and compares the SHA-256 of
# every CSV file they write with testdata/golden/sha256.txt, so that a change
# meant to leave behaviour alone (a refactoring, a speed-up) can show that
# the outputs are byte-identical.
#
#   testdata/golden/check.sh            build bin/commonsim, run, compare
#   testdata/golden/check.sh --update   run and rewrite sha256.txt (only when
#                                        a change of outputs is intended)
#   COMMONSIM_BIN=path check.sh         use that binary instead of building
#
# The batches: the ten built-in scenarios, 3 replications each; a run of
# 200,000 contributors on 2 threads; a factorial, an LHS, a Morris and a
# Saltelli sweep (small). About half a minute on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/../.."
here=testdata/golden
bin="${COMMONSIM_BIN:-}"
if [ -z "$bin" ]; then
  go build -o bin/commonsim ./cmd/commonsim
  bin=bin/commonsim
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

small=(--set run.ticks=52 --set population.initial=100 -r 2)
sweep=(--sweep economy.capture_rate=0..0.9 --sweep tasks.task_size_mean=1..8)
run() { local name=$1; shift; "$bin" run "$@" --no-plots -q -o "$out/$name" >/dev/null; }

run builtin commons extractive managed-firm platform-coop basic-income coarse-grained low-modularity relicensing relicensing-employed ecosystem -r 3
run large commons --set population.initial=200000 --set run.ticks=52 -r 1 --threads 2 -w 1
run factorial commons "${small[@]}" --sweep economy.capture_rate=0,0.5,0.9 --sweep tasks.task_size_mean=1:4:3
run lhs commons "${small[@]}" "${sweep[@]}" --design lhs --samples 6
run morris commons "${small[@]}" "${sweep[@]}" --design morris --samples 4
run saltelli commons "${small[@]}" "${sweep[@]}" --design saltelli --samples 4

(cd "$out" && find . -name '*.csv' | LC_ALL=C sort | xargs sha256sum) > "$out/sha256.txt"
if [ "${1:-}" = "--update" ]; then
  cp "$out/sha256.txt" "$here/sha256.txt"
  echo "golden: wrote $here/sha256.txt ($(wc -l < "$here/sha256.txt") files)"
  exit 0
fi
if ! diff -u "$here/sha256.txt" "$out/sha256.txt"; then
  echo "golden: the CSV files above differ from $here/sha256.txt (- expected, + got)" >&2
  exit 1
fi
echo "golden: $(wc -l < "$here/sha256.txt") CSV files byte-identical"
