#!/usr/bin/env bash
# The local demo, end to end on this machine: starts two throwaway registries on 127.0.0.1,
# "upstream" and "quay-lab", seeds upstream with the images of three platform releases
# (samples/demo/releases.yaml.in) using skopeo, then runs `bundle keygen`,
# `bundle export --release 1.x`, `bundle verify`, `bundle inspect` and
# `bundle import --target quay-lab`, shows that tar, openssl and skopeo read the bundle
# without this tool, and prints the rewritten references.
#
# Needs Java 17, Maven, docker-registry, skopeo, zstd and openssl; as root it installs the last four.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"

need=()
command -v docker-registry >/dev/null 2>&1 || need+=(docker-registry)
command -v skopeo >/dev/null 2>&1 || need+=(skopeo)
command -v zstd >/dev/null 2>&1 || need+=(zstd)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
if ((${#need[@]} > 0)); then
  if [[ "$(id -u)" -eq 0 ]]; then
    echo "demo: installing ${need[*]}" >&2
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"
  else
    echo "demo: missing ${need[*]}; install with: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
fi

if [[ ! -f cli/target/bundle.jar ]]; then
  echo "demo: building bundle (mvn -B -q -DskipTests package)" >&2
  mvn -B -q -DskipTests package
fi

work="$(mktemp -d)"
cleanup() {
  for pid in "${registry_pids[@]:-}"; do
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

# A free loopback port: one that refuses a connection right now.
free_port() {
  local candidate
  for _ in $(seq 1 50); do
    candidate=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
      echo "$candidate"
      return
    fi
  done
  echo "demo: found no free port on 127.0.0.1" >&2
  exit 1
}
registry_pids=()
start_registry() { # name port
  mkdir -p "$work/$1"
  cat >"$work/$1/registry.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $work/$1/storage
  delete:
    enabled: true
http:
  addr: 127.0.0.1:$2
YAML
  docker-registry serve "$work/$1/registry.yml" >"$work/$1/registry.log" 2>&1 &
  registry_pids+=($!)
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null; then break; fi
    sleep 0.1
  done
  echo "demo: registry \"$1\" running at 127.0.0.1:$2"
}
host="127.0.0.1:$(free_port)"
start_registry upstream "${host#*:}"
target_port=$(free_port)
while [[ "$target_port" == "${host#*:}" ]]; do target_port=$(free_port); done
target="127.0.0.1:$target_port"
start_registry quay-lab "$target_port"

# Small OCI images built from plain files, so nothing is downloaded: two releases of "hello"
# share a base layer, and a "tools" image ships in both.
layout="$work/layout"
mkdir -p "$layout/blobs/sha256"
echo '{"imageLayoutVersion":"1.0.0"}' >"$layout/oci-layout"
put_blob() { # file -> prints sha256 hex after storing the blob
  local hex
  hex=$(sha256sum "$1" | cut -d' ' -f1)
  cp "$1" "$layout/blobs/sha256/$hex"
  echo "$hex"
}
make_layer() { # name text -> prints "hex size diffid"
  local dir="$work/rootfs-$1"
  mkdir -p "$dir/etc"
  echo "$2" >"$dir/etc/$1.txt"
  head -c 300000 /dev/urandom | base64 >"$dir/etc/$1.data"
  tar --sort=name --mtime='2026-01-01' --owner=0 --group=0 -C "$dir" -cf "$work/$1.tar" .
  gzip -n -c "$work/$1.tar" >"$work/$1.tar.gz"
  echo "$(put_blob "$work/$1.tar.gz") $(stat -c%s "$work/$1.tar.gz") $(sha256sum "$work/$1.tar" | cut -d' ' -f1)"
}
make_image() { # repo:tag layer-lines... -> pushes to $host/<repo:tag>
  local ref=$1; shift
  local layers="" diffids="" sep=""
  for l in "$@"; do
    read -r hex size diff <<<"$l"
    layers+="$sep{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:$hex\",\"size\":$size}"
    diffids+="$sep\"sha256:$diff\""
    sep=","
  done
  printf '{"architecture":"amd64","os":"linux","config":{"Labels":{"demo":"%s"}},"rootfs":{"type":"layers","diff_ids":[%s]}}' "$ref" "$diffids" >"$work/config.json"
  local config
  config=$(put_blob "$work/config.json")
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%d},"layers":[%s]}' \
    "$config" "$(stat -c%s "$work/config.json")" "$layers" >"$work/manifest.json"
  local manifest
  manifest=$(put_blob "$work/manifest.json")
  printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%d}]}' \
    "$manifest" "$(stat -c%s "$work/manifest.json")" >"$layout/index.json"
  skopeo copy -q --preserve-digests --dest-tls-verify=false "oci:$layout" "docker://$host/$ref"
  echo "demo: pushed $host/$ref (sha256:$manifest)"
}
base=$(make_layer base "shared base layer")
for image in coreos/etcd:v3.1.6 coreos/etcd:v3.1.8 coreos/node-agent:1.0.0 coreos/node-agent:1.1.0 \
  coreos/node-agent:1.1.1 coreos/prometheus-operator:v0.9.0 coreos/prometheus-operator:v0.10.0 \
  prometheus/node-exporter:v0.14.0; do
  make_image "$image" "$base" "$(make_layer "$(echo "$image" | tr '/:' '__')" "$image")"
done
sed "s/@UPSTREAM@/$host/g" "$root/samples/demo/releases.yaml.in" >"$work/releases.yaml"
sed "s/@UPSTREAM@/$host/g; s/@TARGET@/$target/g" "$root/samples/demo/registries.json.in" >"$work/registries.json"

step() { echo; echo "\$ $*"; "$@"; }
cd "$work"
step "$root/bin/bundle" keygen --out "$work/demo"
step "$root/bin/bundle" export --release 1.x --catalog releases.yaml --config registries.json \
  --output release-1.x.tar.zst --sign-key demo.key --cache cache
step "$root/bin/bundle" verify release-1.x.tar.zst --trust demo.pub
step "$root/bin/bundle" inspect release-1.x.tar.zst --trust demo.pub

echo
echo "demo: standard tools read the bundle too:"
mkdir extracted
tar --zstd -xf release-1.x.tar.zst -C extracted
(cd extracted && openssl dgst -sha256 -verify ../demo.pub -signature <(base64 -d bundle.json.sig) bundle.json)
skopeo inspect --raw "oci:extracted:$host/coreos/etcd:v3.1.8" | sha256sum | sed 's/^/  etcd:v3.1.8 manifest sha256:/; s/  -$//'

echo
echo "demo: across the gap, into the \"quay-lab\" registry at $target:"
step "$root/bin/bundle" import release-1.x.tar.zst --target quay-lab --config registries.json --trust demo.pub \
  --output-dir out --tfvars-variable tectonic_container_images
echo
echo "\$ cat out/images.auto.tfvars"
cat out/images.auto.tfvars
echo
echo "demo: a second import finds everything in place and pushes nothing:"
step "$root/bin/bundle" import release-1.x.tar.zst --target quay-lab --config registries.json --trust demo.pub --output-dir out

echo
echo "demo: an upgrade by delta. A site on 1.1.0 only needs what 1.1.1 changed; its receipt says what it holds."
step "$root/bin/bundle" export --release 1.1.0 --catalog releases.yaml --config registries.json \
  --output release-1.1.0.tar.zst --sign-key demo.key --cache cache
step "$root/bin/bundle" import release-1.1.0.tar.zst --target site-b --config registries.json --trust demo.pub --output-dir site-b
step "$root/bin/bundle" export --release 1.1.1 --catalog releases.yaml --config registries.json \
  --since site-b/receipt.json --output release-1.1.1-delta.tar.zst --sign-key demo.key --cache cache
step "$root/bin/bundle" export --release 1.1.1 --catalog releases.yaml --config registries.json \
  --output release-1.1.1-full.tar.zst --sign-key demo.key --cache cache
echo
echo "demo: 1.1.1 delta $(stat -c%s release-1.1.1-delta.tar.zst) bytes vs full $(stat -c%s release-1.1.1-full.tar.zst) bytes"
step "$root/bin/bundle" import release-1.1.1-delta.tar.zst --target site-b --config registries.json --trust demo.pub \
  --output-dir site-b --prune
step "$root/bin/bundle" status --target site-b --config registries.json
pulled=$(skopeo inspect --raw --tls-verify=false "docker://$target/tectonic-mirror/coreos/etcd:v3.1.8" | sha256sum | cut -d' ' -f1)
source=$(skopeo inspect --raw --tls-verify=false "docker://$host/coreos/etcd:v3.1.8" | sha256sum | cut -d' ' -f1)
if [[ "$pulled" != "$source" ]]; then
  echo "demo: FAILED: etcd:v3.1.8 differs between upstream and quay-lab" >&2
  exit 1
fi
echo
echo "demo: OK: three releases' images exported once (shared layers stored once), signed, verified"
echo "      offline, imported byte-exact into quay-lab (sha256:$pulled for etcd:v3.1.8), references written;"
echo "      site-b upgraded from 1.1.0 to 1.1.1 with a delta, old tags pruned, status clean."
