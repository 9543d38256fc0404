#!/usr/bin/env bash
# Builds the Kubernetes control-plane binaries the tests and the demo run, from Go modules, into
# the directory io.fabric8:kube-api-test reads: ~/.kubeapitest/k8s/<version>-linux-amd64/
#   kube-apiserver kube-controller-manager kube-scheduler kubectl   (from k8s.io/kubernetes)
#   etcd                                                             (from go.etcd.io/etcd/server/v3)
# There is no container engine here, so these are plain processes. A second run only checks that
# each binary exists and reports the pinned version, and takes a second or two.
#
# Usage: scripts/kube-binaries.sh [--check]   (--check: exit 1 when a build is needed, build nothing)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=kube-version.env
source "$here/kube-version.env"

target_dir="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/${KUBE_VERSION}-linux-amd64"
work="${OCTOPOD_KUBE_BUILD_DIR:-$HOME/.cache/octopod/kube-build}"
minor="${KUBE_VERSION#*.}"; minor="${minor%%.*}"

up_to_date() {
  [[ -x "$target_dir/etcd" ]] || return 1
  for b in kube-apiserver kube-controller-manager kube-scheduler; do
    [[ -x "$target_dir/$b" ]] || return 1
    "$target_dir/$b" --version 2>/dev/null | grep -qx "Kubernetes v${KUBE_VERSION}" || return 1
  done
  [[ -x "$target_dir/kubectl" ]] || return 1
  "$target_dir/etcd" --version 2>/dev/null | grep -q "etcd Version: ${ETCD_VERSION}" || return 1
}

if up_to_date; then
  exit 0
fi
if [[ "${1:-}" == "--check" ]]; then
  exit 1
fi
if ! command -v go >/dev/null; then
  echo "kube-binaries: Go is not installed; io.fabric8:kube-api-test will try to download its own binaries" >&2
  exit 0
fi

echo "kube-binaries: building Kubernetes v${KUBE_VERSION} and etcd v${ETCD_VERSION} into $target_dir (first time only; see README)"
start=$(date +%s)
mkdir -p "$target_dir" "$work/k8s" "$work/etcd"
export GOFLAGS="-mod=mod -buildvcs=false"
export CGO_ENABLED=0
# Let the build use its own cache beside the work dir, so that `go clean -cache` elsewhere does
# not cost a rebuild and the disk use is easy to find.
export GOCACHE="$work/gocache"

# --- Kubernetes -----------------------------------------------------------------------------
# k8s.io/kubernetes replaces its staging modules (k8s.io/api, k8s.io/client-go, ...) with local
# paths, which a module that requires it can't follow. The wrapper module below replaces each of
# them with its published version v0.<minor>.<patch>, read from k8s.io/kubernetes' own go.mod.
cd "$work/k8s"
gomod_file="$(go mod download -json "k8s.io/kubernetes@v${KUBE_VERSION}" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')"
{
  echo "module octopod.local/kube-build"
  echo
  echo "go $(go env GOVERSION | sed 's/^go//; s/\([0-9]*\.[0-9]*\).*/\1/')"
  echo
  echo "require k8s.io/kubernetes v${KUBE_VERSION}"
  echo
  sed -n 's#^\s*\(k8s\.io/[a-z0-9-]*\) => \./staging/src/k8s\.io/[a-z0-9-]*$#\1#p' "$gomod_file" \
    | sort -u | while read -r staging; do
        echo "replace ${staging} => ${staging} v0.${KUBE_VERSION#*.}"
      done
} > go.mod
if ! grep -q '^replace k8s.io/api ' go.mod; then
  echo "kube-binaries: found no staging replaces in $gomod_file; the go.mod layout changed" >&2
  exit 1
fi
cat > tools.go <<'GO'
//go:build tools

package tools
GO
commit="$(go mod download -json "k8s.io/kubernetes@v${KUBE_VERSION}" | sed -n 's/.*"Hash": "\(.*\)".*/\1/p' | head -1)"
build_date="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
ldflags=""
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X ${pkg}.gitVersion=v${KUBE_VERSION} -X ${pkg}.gitMajor=1 -X ${pkg}.gitMinor=${minor}"
  ldflags+=" -X ${pkg}.gitTreeState=clean -X ${pkg}.buildDate=${build_date} -X ${pkg}.gitCommit=${commit:-unknown}"
done
go get "k8s.io/kubernetes@v${KUBE_VERSION}" >/dev/null 2>&1 || go get "k8s.io/kubernetes@v${KUBE_VERSION}"
for cmd in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
  echo "kube-binaries: go build $cmd"
  go build -trimpath -ldflags "-s -w ${ldflags}" -o "$target_dir/$cmd.tmp" "k8s.io/kubernetes/cmd/$cmd"
  mv "$target_dir/$cmd.tmp" "$target_dir/$cmd"
done

# --- etcd -------------------------------------------------------------------------------------
# `go install go.etcd.io/etcd/server/v3@v3.x` refuses because of etcd's replace directives; a
# wrapper main that calls etcdmain does not.
cd "$work/etcd"
cat > go.mod <<GOMOD
module octopod.local/etcd-build

go $(go env GOVERSION | sed 's/^go//; s/\([0-9]*\.[0-9]*\).*/\1/')

require go.etcd.io/etcd/server/v3 v${ETCD_VERSION}
GOMOD
cat > main.go <<'GO'
// Command etcd is the etcd server, built from go.etcd.io/etcd/server/v3 for the local control
// plane.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
GO
go get "go.etcd.io/etcd/server/v3@v${ETCD_VERSION}" >/dev/null 2>&1 || go get "go.etcd.io/etcd/server/v3@v${ETCD_VERSION}"
echo "kube-binaries: go build etcd"
go build -trimpath -ldflags "-s -w" -o "$target_dir/etcd.tmp" .
mv "$target_dir/etcd.tmp" "$target_dir/etcd"

if ! up_to_date; then
  echo "kube-binaries: built, but a binary does not report the pinned version:" >&2
  "$target_dir/kube-apiserver" --version >&2 || true
  "$target_dir/etcd" --version >&2 || true
  exit 1
fi
echo "kube-binaries: done in $(( $(date +%s) - start )) s; binaries $(du -sh "$target_dir" | cut -f1), build cache $(du -sh "$work" | cut -f1) ($work)"
