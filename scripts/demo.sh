#!/usr/bin/env bash
# `make demo`: builds the bridge if needed and runs one bridge on its default ports.
# Ctrl-C stops it. Later work grows this into the full local multi-region Octopod.
set -euo pipefail
cd "$(dirname "$0")/.."

jar=bridge-image/bridge/target/octopod-bridge.jar
if [[ ! -f $jar ]] || [[ -n $(find bridge-image -name '*.java' -newer "$jar" -print -quit) ]]; then
  echo "demo: building the bridge (mvn package)..."
  mvn -B -q -DskipTests -pl bridge-image/bridge -am package
fi

# The local control plane the demo grows into; built once (see README), a no-op afterwards.
scripts/kube-binaries.sh

echo "demo: starting one Octopod bridge; Ctrl-C stops it."
export OCTOPOD_BIND_ADDRESS=${OCTOPOD_BIND_ADDRESS:-127.0.0.1}
export OCTOPOD_REGION=${OCTOPOD_REGION:-local}
exec java -jar "$jar"
