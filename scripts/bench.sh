#!/usr/bin/env bash
# `make bench`: builds the JMH jar and runs the benchmarks with the GC profiler (B/op).
# Pass JMH options through BENCH_ARGS, e.g. BENCH_ARGS='Rtp -f 1' make bench.
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -DskipTests -pl bridge-image/benchmarks -am package
mkdir -p target/bench
out=target/bench/jmh-$(date +%Y%m%d-%H%M%S).json
# shellcheck disable=SC2086
java -jar bridge-image/benchmarks/target/benchmarks.jar -prof gc -rf json -rff "$out" ${BENCH_ARGS:-}
echo "bench: results in $out"
