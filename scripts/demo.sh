#!/usr/bin/env bash
# `make demo`: the local multi-region Octopod. The local control plane with a node per region, the
# Helm chart installed into it, the operator and a bridge per region running as pods, the example
# Conference; then it prints the meeting URL. Ctrl-C stops everything.
#   make demo                                  # us-east and ap-southeast, nobody joined
#   make demo BOTS=3 REGIONS=us-east,ap-southeast,eu-west
set -euo pipefail
cd "$(dirname "$0")/.."

jar=e2e/local/target/octopod-local.jar
stale() { [[ ! -f $1 ]] || [[ -n $(find bridge-image operator e2e helm -newer "$1" \( -name '*.java' -o -name 'pom.xml' -o -name '*.html' \) -print -quit) ]]; }
if stale "$jar" || stale bridge-image/bridge/target/octopod-bridge.jar || stale operator/operator/target/octopod-operator.jar; then
  echo "demo: building the bridge, the operator and the demo (mvn package, about a minute)..."
  mvn -B -q -DskipTests -Dspotless.check.skip=true install -pl e2e/local -am
fi

# Built once (see README), a no-op afterwards: the control-plane binaries and helm.
scripts/kube-binaries.sh
scripts/helm-binary.sh
if [[ ${BOTS:-0} -gt 0 ]] && ! command -v chromium > /dev/null; then
  scripts/install-test-deps.sh
fi

export REGIONS=${REGIONS:-us-east,ap-southeast} BOTS=${BOTS:-0}
exec java -Xmx512m -Doctopod.repo.dir="$PWD" -jar "$jar"
