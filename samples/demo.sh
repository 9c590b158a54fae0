#!/usr/bin/env bash
# The local demo, end to end on this machine: starts a throwaway registry on 127.0.0.1,
# puts a small image into it with skopeo, and looks at it with `bundle inspect`.
# It grows with the exporter and importer into export -> verify -> import.
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

# A tiny OCI image built from plain files, so nothing is downloaded.
layout="$work/layout"
mkdir -p "$layout/blobs/sha256" "$work/rootfs/etc"
echo "hello from the connected side" >"$work/rootfs/etc/motd"
tar --sort=name --mtime='2026-01-01' --owner=0 --group=0 -C "$work/rootfs" -cf "$work/layer.tar" .
gzip -n -c "$work/layer.tar" >"$work/layer.tar.gz"
put_blob() { # file -> prints sha256 hex after storing the blob
  local hex
  hex=$(sha256sum "$1" | cut -d' ' -f1)
  cp "$1" "$layout/blobs/sha256/$hex"
  echo "$hex"
}
diff_id=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
layer=$(put_blob "$work/layer.tar.gz")
printf '{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
  "$diff_id" >"$work/config.json"
config=$(put_blob "$work/config.json")
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%d},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%d}]}' \
  "$config" "$(stat -c%s "$work/config.json")" "$layer" "$(stat -c%s "$work/layer.tar.gz")" >"$work/manifest.json"
manifest=$(put_blob "$work/manifest.json")
echo '{"imageLayoutVersion":"1.0.0"}' >"$layout/oci-layout"
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%d,"annotations":{"org.opencontainers.image.ref.name":"1.0"}}]}' \
  "$manifest" "$(stat -c%s "$work/manifest.json")" >"$layout/index.json"

skopeo copy -q --preserve-digests --dest-tls-verify=false "oci:$layout:1.0" "docker://$host/demo/hello:1.0"
echo "demo: pushed $host/demo/hello:1.0 (sha256:$manifest) with skopeo"
echo
echo "\$ bin/bundle inspect --plain-http $host/demo/hello:1.0"
bin/bundle inspect --plain-http "$host/demo/hello:1.0"
echo
echo "\$ bin/bundle inspect --plain-http --json $host/demo/hello:1.0"
bin/bundle inspect --plain-http --json "$host/demo/hello:1.0"
echo
digest=$(bin/bundle inspect --plain-http --json "$host/demo/hello:1.0" | sed -n 's/.*"digest" *: *"\(sha256:[0-9a-f]*\)".*/\1/p' | head -1)
if [[ "$digest" == "sha256:$manifest" ]]; then
  echo "demo: OK: bundle saw the same digest skopeo pushed"
else
  echo "demo: FAILED: bundle saw '$digest', skopeo pushed sha256:$manifest" >&2
  exit 1
fi
