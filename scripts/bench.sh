#!/usr/bin/env bash
# `make bench`: whole-bridge load (real ICE/DTLS/SRTP endpoints from bridge-image/loadgen) in four
# scenarios with a saturation search each, the kernel's own UDP forwarding limit on the same Netty
# socket, then a short JMH subset of the hot paths. The bridge runs on CPU 0, the load generator on
# CPU 1 (taskset). Results: target/bench/ (result-*.json, report-*.md, throughput.png, latency.png,
# jmh-*.json); a run is compared with the previous one (target/bench/latest.json) when there is one.
#
# BENCH_SCENARIOS=webinar,octo   only these scenarios
# BENCH_ARGS='Rtp -f 1'          JMH arguments instead of the default subset (BENCH_ARGS=skip: none)
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

mvn -B -q -DskipTests -pl bridge-image/bridge,bridge-image/loadgen,bridge-image/benchmarks -am package
mkdir -p target/bench

pin() { # taskset when the machine has the CPU, else unpinned
  if command -v taskset >/dev/null && taskset -c "$1" true 2>/dev/null; then echo "taskset -c $1"; fi
}
previous=()
if [[ -f target/bench/latest.json ]]; then
  previous=(--previous target/bench/latest.json)
fi
scenarios=()
if [[ -n "${BENCH_SCENARIOS:-}" ]]; then
  scenarios=(--scenarios "$BENCH_SCENARIOS")
fi
bridge_cpus=()
if [[ -n "$(pin 0)" ]]; then
  bridge_cpus=(--bridge-cpus 0)
fi

# The load generator stops its bridges itself (shutdown hook, SIGTERM then SIGKILL); if it is
# killed outright, the trap stops what it started.
loadgen_pid=
stop_children() {
  if [[ -n "$loadgen_pid" ]]; then
    pkill -TERM -P "$loadgen_pid" 2>/dev/null || true
    kill "$loadgen_pid" 2>/dev/null || true
  fi
}
trap stop_children EXIT INT TERM
# shellcheck disable=SC2046
$(pin 1) java -Doctopod.loadgen.cpus="$([[ -n "$(pin 1)" ]] && echo 1 || echo unpinned)" \
  -jar bridge-image/loadgen/target/loadgen.jar bench \
  --bridge-jar bridge-image/bridge/target/octopod-bridge.jar "${bridge_cpus[@]}" \
  --out target/bench "${scenarios[@]}" "${previous[@]}" &
loadgen_pid=$!
wait "$loadgen_pid"
loadgen_pid=

if [[ "${BENCH_ARGS:-}" != skip ]]; then
  out=target/bench/jmh-$(date +%Y%m%d-%H%M%S).json
  # shellcheck disable=SC2086
  $(pin 0) java -jar bridge-image/benchmarks/target/benchmarks.jar -prof gc -rf json -rff "$out" \
    ${BENCH_ARGS:-'ForwardingBenchmark|SrtpBenchmark\.(protect|rawJceBaseline)' -f 1 -wi 2 -w 1s -i 3 -r 1s}
  echo "bench: JMH results in $out"
fi
echo "bench: done in $(( $(date +%s) - start )) s; report in target/bench/report-*.md"
