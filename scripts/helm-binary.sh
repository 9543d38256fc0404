#!/usr/bin/env bash
# Builds the pinned `helm` from its Go module into ~/.cache/octopod/bin/helm, for the chart tests
# and scripts/render-manifests.sh. A second run only checks the binary (well under a second).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=kube-version.env
source "$here/kube-version.env"

bin_dir="${OCTOPOD_BIN_DIR:-$HOME/.cache/octopod/bin}"
helm="$bin_dir/helm"
stamp="$bin_dir/helm.version"
if [[ -x "$helm" && "$(cat "$stamp" 2>/dev/null)" == "$HELM_VERSION" ]]; then
  exit 0
fi
if ! command -v go >/dev/null; then
  echo "helm-binary: Go is not installed; the chart tests need helm $HELM_VERSION" >&2
  exit 1
fi
echo "helm-binary: building helm v$HELM_VERSION into $helm (first time only)"
start=$(date +%s)
mkdir -p "$bin_dir"
GOFLAGS="-mod=mod -buildvcs=false" CGO_ENABLED=0 \
  GOCACHE="${OCTOPOD_KUBE_BUILD_DIR:-$HOME/.cache/octopod/kube-build}/gocache" \
  GOBIN="$bin_dir" go install "helm.sh/helm/v3/cmd/helm@v$HELM_VERSION"
echo "$HELM_VERSION" > "$stamp"
echo "helm-binary: done in $(( $(date +%s) - start )) s"
