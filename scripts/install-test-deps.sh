#!/usr/bin/env bash
# Installs what the test suite needs and the machine lacks, and nothing else.
# Idempotent and silent when everything is already present.
set -euo pipefail

# Debian packages the tests use: a real browser and its driver, network namespaces, packet capture.
packages=(chromium chromium-driver iproute2 tshark)

missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if ((${#missing[@]} > 0)); then
  echo "install-test-deps: installing ${missing[*]}"
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

# The local Kubernetes control plane (kube-apiserver, controller-manager, scheduler, kubectl, etcd),
# built from Go modules the first time; a no-op once the pinned versions are in place.
"$(dirname "$0")/kube-binaries.sh"

# helm, for the chart tests; built from its Go module the first time.
"$(dirname "$0")/helm-binary.sh"
