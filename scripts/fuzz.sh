#!/usr/bin/env bash
# `make fuzz`: runs each Jazzer fuzz test in fuzzing mode for its maxDuration (60 s each): the
# protocol codecs (ProtocolFuzzTest) and what the bridge does past them (BridgeFuzzTest: SRTP and
# SRTCP unprotect, the bridge channel's JSON). Findings land in the test's Inputs directory
# (src/test/resources/.../<Test>Inputs/<target>/crash-*) and then fail the normal suite until
# fixed. Pass targets to run only some: scripts/fuzz.sh rtp sdp srtp
set -euo pipefail
cd "$(dirname "$0")/.."
protocol=(rtp rtcp stun vp8 octo octoFragment octoReassembly octoAck sdp demux)
bridge=(srtp channelMessage)
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  targets=("${protocol[@]}" "${bridge[@]}")
fi
# The bridge module's tests need the protocol module installed in the local repository.
if printf '%s\n' "${targets[@]}" | grep -qxF -e srtp -e channelMessage; then
  mvn -B -q -pl bridge-image/protocol -am -DskipTests install
fi
for t in "${targets[@]}"; do
  echo "fuzz: $t"
  if printf '%s\n' "${bridge[@]}" | grep -qxF "$t"; then
    JAZZER_FUZZ=1 mvn -B -q -pl bridge-image/bridge test -Dtest="BridgeFuzzTest#$t" \
      -Dsurefire.failIfNoSpecifiedTests=false
  else
    JAZZER_FUZZ=1 mvn -B -q -pl bridge-image/protocol test -Dtest="ProtocolFuzzTest#$t" \
      -Dsurefire.failIfNoSpecifiedTests=false
  fi
done
