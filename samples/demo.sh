#!/usr/bin/env bash
# The local demo, end to end on this machine: starts a throwaway registry on 127.0.0.1,
# pushes two releases of small images into it with skopeo, then runs the connected side:
# `bundle keygen`, `bundle export --release 1.x`, `bundle verify` and `bundle inspect`, and
# shows that tar, openssl and skopeo read the bundle without this tool.
#
# Needs Java 17, Maven, docker-registry and skopeo; as root it installs the last two.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"

need=()
command -v docker-registry >/dev/null 2>&1 || need+=(docker-registry)
command -v skopeo >/dev/null 2>&1 || need+=(skopeo)
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
  echo "demo: building bundle (mvn -B -q -Dmaven.test.skip=true package)" >&2
  mvn -B -q -Dmaven.test.skip=true package
fi

work="$(mktemp -d)"
registry_pid=""
cleanup() {
  [[ -n "$registry_pid" ]] && kill "$registry_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# A free loopback port: one that refuses a connection right now.
port=""
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 20000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
    port=$candidate
    break
  fi
done
[[ -n "$port" ]] || { echo "demo: found no free port on 127.0.0.1" >&2; exit 1; }
host="127.0.0.1:$port"

cat >"$work/registry.yml" <<YAML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $work/storage
  delete:
    enabled: true
http:
  addr: $host
YAML
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
registry_pid=$!
for _ in $(seq 1 100); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  sleep 0.1
done
echo "demo: registry running at $host"

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
make_image() { # tag layer-lines... -> pushes to $host/demo/<tag>
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
  skopeo copy -q --preserve-digests --dest-tls-verify=false "oci:$layout" "docker://$host/demo/$ref"
  echo "demo: pushed $host/demo/$ref (sha256:$manifest)"
}
base=$(make_layer base "shared base layer")
make_image hello:1.0 "$base" "$(make_layer hello10 'hello 1.0')"
make_image hello:1.1 "$base" "$(make_layer hello11 'hello 1.1')"
make_image tools:2.0 "$(make_layer tools 'tools 2.0')"

cat >"$work/releases.yaml" <<YAML
releases:
  - version: 1.0.0
    images:
      hello: $host/demo/hello:1.0
      tools: $host/demo/tools:2.0
  - version: 1.1.0
    images:
      hello: $host/demo/hello:1.1
      tools: $host/demo/tools:2.0
YAML
cat >"$work/registries.json" <<JSON
{ "registries": { "$host": { "plain-http": true } } }
JSON

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
skopeo inspect --raw "oci:extracted:$host/demo/hello:1.1" | sha256sum | sed 's/^/  hello:1.1 manifest sha256:/; s/  -$//'

echo
echo "demo: OK: exported two releases (shared layers stored once), signed, verified offline,"
echo "      and unpacked with tar into an OCI layout. \`bundle import\` arrives with the importer."
