#!/usr/bin/env bash
# Paired timing of two revisions of the engine in one process (see
# main.go). Usage, from the repository root:
#
#   testdata/pairbench/run.sh OLD NEW [pairbench flags...]
#   testdata/pairbench/run.sh 65e2de2 HEAD -n 100000 -threads 2 -pairs 60
#   testdata/pairbench/run.sh 763bd1b WORKTREE -differ -n 10000 -per 5
#
# WORKTREE stands for the working tree's tracked files, committed or not
# (git stash create; HEAD when nothing is changed).
# It copies the two revisions' packages into a temporary module (import
# paths rewritten to pairbench/old/... and pairbench/new/...), builds
# main.go against them and runs it. Both revisions must have
# scenarios.LoadBuiltin, Scenario.SetAll, sim.New, Model.Step, Model.Value,
# Model.Close, sim.Run and sim.RunSpec.
set -euo pipefail
cd "$(dirname "$0")/../.."
old=$1 new=$2
shift 2
worktree() { if [ "$1" = WORKTREE ]; then s=$(git stash create); echo "${s:-HEAD}"; else echo "$1"; fi; }
old=$(worktree "$old") new=$(worktree "$new")
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for v in old new; do
  rev=$old
  [ $v = new ] && rev=$new
  mkdir -p "$work/$v"
  git archive "$rev" | tar -x -C "$work/$v" --exclude='cmd' --exclude='examples' --exclude='testdata' --exclude='*_test.go'
  rm -f "$work/$v/go.mod" "$work/$v/go.sum"
  grep -rl '"commonsim/' "$work/$v" --include='*.go' | xargs sed -i "s#\"commonsim/#\"pairbench/$v/#g"
done
sed 's/^module commonsim$/module pairbench/' go.mod > "$work/go.mod"
cp go.sum "$work/go.sum"
mkdir -p "$work/cmd/pairbench"
cp testdata/pairbench/main.go "$work/cmd/pairbench/"
(cd "$work" && go build -o pairbench ./cmd/pairbench)
"$work/pairbench" "$@"
