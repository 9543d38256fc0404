#!/usr/bin/env bash
# Builds a container image without a container engine: an OCI image layout, as a tarball, that
# any runtime (containerd, CRI-O, podman, `skopeo copy oci-archive:`) can load.
#
# No base image can be pulled here, so the image is built from scratch: a jlink'd Java runtime
# (only the modules the jar needs, per jdeps), the shared libraries that runtime links against
# (copied from this machine, found by ldd), /etc/passwd with the non-root user 65532, an empty
# /tmp, and the application jar as its own layer. There is no shell in the image.
#
# Usage: scripts/build-image.sh <name> <runnable jar> <exposed ports, e.g. "10000/udp 8080/tcp">
# Writes target/images/<name>.oci.tar and prints its size.
set -euo pipefail
cd "$(dirname "$0")/.."
name="$1"; jar="$2"; ports="$3"
out="target/images"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"
mkdir -p "$rootfs"/{app,etc,tmp,proc,dev} "$out"
chmod 1777 "$rootfs/tmp"

# --- the runtime layer ----------------------------------------------------------------------
modules="$(jdeps --ignore-missing-deps --print-module-deps --multi-release 17 "$jar")"
# Netty uses sun.misc.Unsafe (jdk.unsupported, found); BouncyCastle's DTLS needs nothing more;
# the JDK's EC provider and DNS are kept for TLS to the API server and host names; jdeps misses
# the operator's com.sun.net.httpserver (metrics), so jdk.httpserver is named, and java.net.http,
# which the Kubernetes client's HTTP layer uses behind a ServiceLoader.
modules="$modules,jdk.crypto.ec,jdk.naming.dns,java.management,jdk.httpserver,java.net.http"
# --generate-cds-archive: the class-data sharing archive the JDK ships, rebuilt for these modules
# (a faster start).
jlink --no-header-files --no-man-pages --strip-debug --compress=2 --generate-cds-archive \
  --add-modules "$modules" --output "$rootfs/opt/java"
# The libraries the runtime links against, at their paths on this (glibc, x86_64) machine, and
# those the jar's own native libraries need when they are unpacked at run time (Netty's epoll
# transport needs libdl.so.2, which the runtime does not: without it the bridge silently ran on NIO,
# without recvmmsg/sendmmsg). BridgeImageIT checks that epoll loads in the image.
# (The X11 parts of java.desktop are left without their libraries: nothing here draws.)
mkdir -p "$work/native"
jar_path="$(realpath "$jar")"
(cd "$work/native" && jar xf "$jar_path" META-INF/native)
find "$rootfs/opt/java" "$work/native" -type f \( -name java -o -name '*.so' \) | while read -r f; do
  ldd "$f" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\/.*ld-linux/ {print $1}'
done | sort -u | while read -r lib; do
  case "$lib" in "$rootfs"/*) ;; *) cp --parents -L "$lib" "$rootfs" ;; esac
done
printf 'root:x:0:0:root:/:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/:/sbin/nologin\n' > "$rootfs/etc/passwd"
printf 'root:x:0:\nnonroot:x:65532:\n' > "$rootfs/etc/group"
cp "$jar" "$rootfs/app/app.jar"

# --- layers, config, manifest ---------------------------------------------------------------
mkdir -p "$work/oci/blobs/sha256"
blob() { # file -> moves it into the layout, prints its digest
  local d; d="$(sha256sum "$1" | cut -d' ' -f1)"; mv "$1" "$work/oci/blobs/sha256/$d"; echo "$d"
}
layer() { # name, paths... -> "compressed-digest compressed-size diff-id"
  local tarfile="$work/$1.tar"; shift
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$rootfs" -cf "$tarfile" "$@"
  local diff; diff="$(sha256sum "$tarfile" | cut -d' ' -f1)"
  gzip -n -9 "$tarfile"
  local size; size="$(stat -c %s "$tarfile.gz")"
  echo "$(blob "$tarfile.gz") $size $diff"
}
runtime_paths=(opt etc tmp proc dev)
for d in lib lib64 usr; do [[ -e "$rootfs/$d" ]] && runtime_paths+=("$d"); done
read -r rt_digest rt_size rt_diff < <(layer runtime "${runtime_paths[@]}")
read -r app_digest app_size app_diff < <(layer app app)

exposed=""
for p in $ports; do exposed="$exposed\"$p\":{},"; done
exposed="{${exposed%,}}"
cat > "$work/config.json" <<JSON
{"architecture":"amd64","os":"linux",
 "config":{"User":"65532:65532","WorkingDir":"/","Env":["PATH=/opt/java/bin"],
  "Entrypoint":["/opt/java/bin/java","-XX:MaxRAMPercentage=75","-XX:+UseSerialGC","-XX:+ExitOnOutOfMemoryError","-jar","/app/app.jar"],
  "ExposedPorts":$exposed,
  "Labels":{"org.opencontainers.image.title":"$name","org.opencontainers.image.source":"octopod"}},
 "rootfs":{"type":"layers","diff_ids":["sha256:$rt_diff","sha256:$app_diff"]},
 "history":[{"created_by":"jlink runtime and its libraries"},{"created_by":"application jar"}]}
JSON
config_size="$(stat -c %s "$work/config.json")"
config_digest="$(blob "$work/config.json")"
cat > "$work/manifest.json" <<JSON
{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
 "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:$config_digest","size":$config_size},
 "layers":[
  {"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:$rt_digest","size":$rt_size},
  {"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:$app_digest","size":$app_size}]}
JSON
manifest_size="$(stat -c %s "$work/manifest.json")"
manifest_digest="$(blob "$work/manifest.json")"
cat > "$work/oci/index.json" <<JSON
{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json",
 "digest":"sha256:$manifest_digest","size":$manifest_size,
 "annotations":{"org.opencontainers.image.ref.name":"octopod/$name:0.1.0"}}]}
JSON
echo '{"imageLayoutVersion":"1.0.0"}' > "$work/oci/oci-layout"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$work/oci" -cf "$out/$name.oci.tar" .
echo "build-image: $out/$name.oci.tar $(du -h "$out/$name.oci.tar" | cut -f1) (layers: runtime $((rt_size / 1048576)) MiB, app $((app_size / 1048576)) MiB compressed)"
