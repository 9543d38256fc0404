#!/usr/bin/env bash
# `make experiment`: the cascade-versus-star experiment (docs/experiments/cascade-vs-star.md).
# Real bridges and headless Chromium on loopback; about 8 minutes with the defaults.
# Results: target/experiment/{results.json,summary.csv,summary.md,cascade-vs-star.png}.
# Knobs (environment): EXPERIMENT_REPETITIONS (3), EXPERIMENT_SECONDS (30, measured per run),
# EXPERIMENT_DELAY_MS (80, long link, one way), EXPERIMENT_LOSS (0.02, long link, each way),
# EXPERIMENT_LAST_MILE_DELAY_MS (0) and EXPERIMENT_LAST_MILE_LOSS (0): every browser's own path
# to its bridge (or to the long link), EXPERIMENT_OUT (target/experiment).
set -euo pipefail
cd "$(dirname "$0")/.."

out=${EXPERIMENT_OUT:-$PWD/target/experiment}
mkdir -p "$out"
# It measures the committed code (HEAD), built in a copy of its own: the figures then belong to
# a commit, and work in progress in this tree, or a rebuild of its target/ during the minutes
# the runs take, can't change them.
commit=$(git rev-parse HEAD)
tree=$(mktemp -d /tmp/octopod-experiment.XXXXXX)
# The bridges' logs outlive the tree, for a run that went wrong.
trap 'mkdir -p "$out/logs"; cp "$tree"/bridge-image/bridge/target/*.log "$out/logs/" 2>/dev/null; rm -rf "$tree"' EXIT
git archive "$commit" | tar -x -C "$tree"
(cd "$tree" && mvn -B -q -pl bridge-image/bridge -am test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.6.1:build-classpath \
  -Dmdep.outputFile="$tree/dependencies.txt" -Dmdep.includeScope=test)
bridge="$tree/bridge-image/bridge"
classpath="$bridge/target/test-classes:$bridge/target/classes:$(cat "$tree/dependencies.txt")"

started=$(date -u +%FT%TZ)
cd "$bridge" # the bridges' logs go to its target/
java -cp "$classpath" \
  -Doctopod.experiment.commit="$commit" \
  -Doctopod.experiment.repetitions="${EXPERIMENT_REPETITIONS:-3}" \
  -Doctopod.experiment.seconds="${EXPERIMENT_SECONDS:-30}" \
  -Doctopod.experiment.delayMillis="${EXPERIMENT_DELAY_MS:-80}" \
  -Doctopod.experiment.loss="${EXPERIMENT_LOSS:-0.02}" \
  -Doctopod.experiment.lastMileDelayMillis="${EXPERIMENT_LAST_MILE_DELAY_MS:-0}" \
  -Doctopod.experiment.lastMileLoss="${EXPERIMENT_LAST_MILE_LOSS:-0}" \
  -Doctopod.experiment.out="$out" \
  io.octopod.bridge.browser.CascadeVsStarExperiment
echo "experiment: commit $commit, started $started, finished $(date -u +%FT%TZ) on $(nproc) cores;" \
  "results in $out"
