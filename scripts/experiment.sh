#!/usr/bin/env bash
# `make experiment`: the cascade-versus-star experiment (docs/experiments/cascade-vs-star.md).
# Real bridges and headless Chromium on loopback; about 9 minutes with the defaults.
# Results: target/experiment/{results.json,summary.csv,summary.md,cascade-vs-star.png}.
# Knobs (environment): EXPERIMENT_REPETITIONS (3), EXPERIMENT_SECONDS (30, measured per run),
# EXPERIMENT_DELAY_MS (80, long link, one way), EXPERIMENT_LOSS (0.02, long link, each way),
# EXPERIMENT_LAST_MILE_DELAY_MS (0) and EXPERIMENT_LAST_MILE_LOSS (0): every browser's own path
# to its bridge (or to the long link), EXPERIMENT_OUT (target/experiment).
set -euo pipefail
cd "$(dirname "$0")/.."

out=${EXPERIMENT_OUT:-$PWD/target/experiment}
mkdir -p "$out"
# The run takes minutes and others may rebuild the module meanwhile: it runs from a private copy
# of the compiled classes, not from bridge-image/bridge/target.
snapshot=$(mktemp -d /tmp/octopod-experiment.XXXXXX)
trap 'rm -rf "$snapshot"' EXIT
mvn -B -q -pl bridge-image/bridge -am test-compile \
  org.apache.maven.plugins:maven-dependency-plugin:3.6.1:build-classpath \
  -Dmdep.outputFile="$snapshot/dependencies.txt" -Dmdep.includeScope=test
cp -r bridge-image/bridge/target/test-classes "$snapshot/test-classes"
cp -r bridge-image/bridge/target/classes "$snapshot/classes"
classpath="$snapshot/test-classes:$snapshot/classes"
IFS=: read -ra entries < "$snapshot/dependencies.txt" || true # no final newline
for entry in "${entries[@]}"; do
  if [[ -d $entry ]]; then # a reactor module's classes (the protocol codecs)
    copy="$snapshot/module-$(basename "$(dirname "$(dirname "$entry")")")"
    cp -r "$entry" "$copy"
    entry=$copy
  fi
  classpath="$classpath:$entry"
done

started=$(date -u +%FT%TZ)
cd "$snapshot" # the bridges' logs go to its target/
java -cp "$classpath" \
  -Doctopod.experiment.repetitions="${EXPERIMENT_REPETITIONS:-3}" \
  -Doctopod.experiment.seconds="${EXPERIMENT_SECONDS:-30}" \
  -Doctopod.experiment.delayMillis="${EXPERIMENT_DELAY_MS:-80}" \
  -Doctopod.experiment.loss="${EXPERIMENT_LOSS:-0.02}" \
  -Doctopod.experiment.lastMileDelayMillis="${EXPERIMENT_LAST_MILE_DELAY_MS:-0}" \
  -Doctopod.experiment.lastMileLoss="${EXPERIMENT_LAST_MILE_LOSS:-0}" \
  -Doctopod.experiment.out="$out" \
  io.octopod.bridge.browser.CascadeVsStarExperiment
echo "experiment: started $started, finished $(date -u +%FT%TZ) on $(nproc) cores; results in $out"
