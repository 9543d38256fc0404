#!/usr/bin/env bash
# `make fuzz`: runs each Jazzer fuzz test of the protocol codecs in fuzzing mode for its
# maxDuration (60 s each). Findings land in
# bridge-image/protocol/src/test/resources/.../ProtocolFuzzTestInputs/<target>/crash-* and then
# fail the normal suite until fixed. Pass targets to run only some: scripts/fuzz.sh rtp sdp
set -euo pipefail
cd "$(dirname "$0")/.."
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  targets=(rtp rtcp stun vp8 octo octoFragment octoReassembly octoAck sdp demux)
fi
for t in "${targets[@]}"; do
  echo "fuzz: $t"
  JAZZER_FUZZ=1 mvn -B -q -pl bridge-image/protocol test -Dtest="ProtocolFuzzTest#$t" \
    -Dsurefire.failIfNoSpecifiedTests=false
done
