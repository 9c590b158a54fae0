#!/usr/bin/env bash
# The benchmark: `bundle` against skopeo and against raw HTTP bounds, on loopback registries.
#
#   bench/run.sh [--shape all|shared|nothing|many1000|many3000[,...]] [--quick] [--rounds N] ...
#
#   --shape S      corpus shapes, comma-separated (default all): shared (shared base layers, two
#                  releases), nothing (shared-nothing: ~490 MB, 6 images, one 256 MiB incompressible
#                  layer), many1000 / many3000 (tiny images, one shared base layer)
#   --size-gb N    shared: gzip layer bytes in the corpus, in GiB (default 1; --quick: 0.0625)
#   --images N     shared: images per release (default 20; --quick: 8); release 1.1.0 changes three
#   --rounds N     measured rounds; the tools alternate, the order rotates per round (default 5 for
#                  shared, 3 for the others; --quick: 1)
#   --quick        a smoke run with small corpora (many-image shapes keep their image counts, without
#                  skopeo); results go to bench/results/quick/
#   --no-skopeo    leave out the skopeo rows (per-image skopeo takes minutes on the many-image shapes,
#                  which run it in the first round only)
#   --skip-extras  shared: leave out the delta and the -Xmx256m memory check
#   --work-dir DIR corpus cache and scratch space (default: $BENCH_WORK_DIR, else ~/.cache/bundle-bench)
#   --results DIR  where latest.json and latest.txt go (default: bench/results)
#   --source-roots A:B  file trees the layers are made of (default /usr)
#   --bundle PATH  the `bundle` command to measure (default: this clone's bin/bundle), e.g. another
#                  clone's bin/bundle to compare a change; use with --results
#   --prepare      only build (or find) the cached corpus
#   --serve        start the upstream registry and an empty target, print the commands to run the
#                  tool by hand (e.g. under a profiler), and wait for Ctrl-C
#
# What it does, per shape: builds the jar if it is missing; builds the corpus once (layers are
# tars of real files under /usr, gzip-compressed; see bench/README.md for each shape) and caches
# it as a registry storage directory under the work dir; starts an upstream registry on it and a
# fresh empty target registry for every import; measures, per round,
#   export: bundle export | skopeo copy docker:// dir: per image + tar | zstd
#           | curl --parallel GET of every manifest and blob (the raw bound; also to files)
#   import: bundle import (then again: the no-op re-import) | zstd -d | tar -x + skopeo copy dir:
#           docker:// per image | lib/pushpool.py: every blob POST + PUT ?digest= once, mounts and
#           manifests per image, 4 connections (the raw bound)
# then, for the shared shape, the delta size and an export + import with -Xmx256m.
# Wall time, user+sys CPU (and the registry's CPU), peak RSS (largest single process, from
# /usr/bin/time -v), per-image milliseconds and bytes go to a table on stdout and
# RESULTS/<shape>.{txt,json}; RESULTS/latest.{txt,json} sums up every shape's newest result with
# PASS/FAIL against the targets of issue 11 (shared.txt also has those of issue 7).
#
# Registries and scratch data are removed on exit, however it exits; the corpus cache stays
# (delete the work dir to drop it). Needs Java 17, Maven, python3, docker-registry, skopeo, zstd,
# curl and GNU time; as root it installs the missing Debian packages.
set -euo pipefail

here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
root="$(cd "$here/.." && pwd)"
original_args="$*"

bundle_cmd="" mode="" size_gb="" images="" rounds="" quick="" results="" source_roots="/usr" shape="all"
no_skopeo="" skip_extras=""
work="${BENCH_WORK_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/bundle-bench}"
usage() { sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; }
while (($#)); do
  case "$1" in
    --size-gb) size_gb="$2"; shift 2 ;;
    --images) images="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --quick) quick=1; shift ;;
    --shape) shape="$2"; shift 2 ;;
    --no-skopeo) no_skopeo=1; shift ;;
    --skip-extras) skip_extras=1; shift ;;
    --work-dir) work="$2"; shift 2 ;;
    --results) results="$2"; shift 2 ;;
    --source-roots) source_roots="$2"; shift 2 ;;
    --prepare|--serve) mode="$1"; shift ;;
    --bundle) bundle_cmd="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
if [[ -z "$results" ]]; then
  results="$here/results"
  [[ -n "$quick" ]] && results="$here/results/quick"
fi

# Tools (Debian package names).
need=()
for pair in docker-registry:docker-registry skopeo:skopeo zstd:zstd curl:curl python3:python3 java:openjdk-17-jdk-headless mvn:maven; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || need+=("${pair#*:}")
done
[[ -x /usr/bin/time ]] || need+=(time)
if ((${#need[@]} > 0)); then
  if [[ "$(id -u)" -eq 0 ]]; then
    echo "bench: installing ${need[*]}" >&2
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"
  else
    echo "bench: missing ${need[*]}; install with: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
fi
command -v pigz >/dev/null 2>&1 || echo "bench: pigz not installed; building the corpus with gzip (slower)" >&2

if [[ -z "$bundle_cmd" && ! -f "$root/cli/target/bundle.jar" ]]; then
  echo "bench: building bundle (mvn -B -q -DskipTests package)" >&2
  (cd "$root" && mvn -B -q -DskipTests package)
fi

mkdir -p "$work"
run="$(mktemp -d "$work/run.XXXXXX")"
py=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  if [[ -n "$py" ]] && kill -0 "$py" 2>/dev/null; then
    kill -TERM "$py" 2>/dev/null || true
    wait "$py" 2>/dev/null || true
  fi
  # Registries the driver started (it stops them itself; this is the safety net).
  if [[ -f "$run/pids" ]]; then
    while read -r pid; do
      kill "$pid" 2>/dev/null || true
    done <"$run/pids"
  fi
  rm -rf "$run" "$work"/corpus-*.tmp
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

args=(--work-dir "$work" --run-dir "$run" --results-dir "$results" --source-roots "$source_roots"
  "--original-args=$original_args")
[[ -n "$size_gb" ]] && args+=(--size-gb "$size_gb")
[[ -n "$images" ]] && args+=(--images "$images")
[[ -n "$rounds" ]] && args+=(--rounds "$rounds")
[[ -n "$quick" ]] && args+=(--quick)
[[ -n "$no_skopeo" ]] && args+=(--no-skopeo)
[[ -n "$skip_extras" ]] && args+=(--skip-extras)
args+=(--shape "$shape")
[[ -n "$mode" ]] && args+=("$mode")
[[ -n "$bundle_cmd" ]] && args+=(--bundle "$(readlink -f "$bundle_cmd")")
echo "bench: df $(df -h --output=avail "$work" | tail -1 | tr -d ' ') free under $work" >&2

python3 "$here/lib/bench.py" "${args[@]}" &
py=$!
set +e
wait "$py"
rc=$?
set -e
py=""
exit "$rc"
