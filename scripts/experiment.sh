#!/usr/bin/env bash
# `make experiment`: the cascade-versus-star experiment (docs/experiments/cascade-vs-star.md).
# Real bridges and headless Chromium on loopback; about 8 minutes with the defaults.
# Results: target/experiment/{results.json,summary.csv,summary.md,cascade-vs-star.png}.
# Knobs (environment): EXPERIMENT_REPETITIONS (3), EXPERIMENT_SECONDS (30, measured per run),
# EXPERIMENT_DELAY_MS (80, one way), EXPERIMENT_LOSS (0.02, each way), EXPERIMENT_OUT.
set -euo pipefail
cd "$(dirname "$0")/.."

out=${EXPERIMENT_OUT:-$PWD/target/experiment}
mkdir -p "$out"
started=$(date -u +%FT%TZ)
# Only this class: it is named *Experiment so that `make test` (surefire/failsafe defaults) skips it.
mvn -B -pl bridge-image/bridge -am test \
  -Dtest=CascadeVsStarExperiment -Dsurefire.failIfNoSpecifiedTests=false \
  -Doctopod.experiment.repetitions="${EXPERIMENT_REPETITIONS:-3}" \
  -Doctopod.experiment.seconds="${EXPERIMENT_SECONDS:-30}" \
  -Doctopod.experiment.delayMillis="${EXPERIMENT_DELAY_MS:-80}" \
  -Doctopod.experiment.loss="${EXPERIMENT_LOSS:-0.02}" \
  -Doctopod.experiment.out="$out"
echo "experiment: started $started, finished $(date -u +%FT%TZ) on $(nproc) cores; results in $out"
cat "$out/summary.md"
