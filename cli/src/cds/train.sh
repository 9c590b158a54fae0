#!/usr/bin/env bash
# Build step (cli/pom.xml, package phase, after the shaded jar): writes cli/target/bundle.jsa, a
# class-data-sharing archive of the JDK and application classes bin/bundle loads at start-up.
#
#   train.sh JAR ARCHIVE [JAVA]
#
# A few short training runs of the jar (--version, keygen, import --help, and verify and inspect
# of train.tar.zst, a three-blob bundle signed by train.pub) each record the classes they load;
# the union is dumped into one static archive (-Xshare:dump). bin/bundle uses it only while it
# is newer than the jar, and the JVM itself refuses it silently (-Xshare:auto) when the jar or
# the JVM differs from the build's. The java is the one on PATH, which bin/bundle runs.
# Never fails the build: on any problem it says so on one line and leaves no archive.
set -uo pipefail

jar=$1 archive=$2 fallback_java=${3:-}
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
java=$(command -v java || true)
[[ -z "$java" ]] && java=$fallback_java
rm -f "$archive" "$archive.tmp"
skip() {
  echo "cds: no class-data archive ($1); bin/bundle starts without one" >&2
  rm -f "$archive.tmp"
  exit 0
}
[[ "${BUNDLE_CDS:-on}" == off ]] && skip "BUNDLE_CDS=off"
[[ -n "$java" && -x "$java" ]] || skip "no java found"
[[ -f "$jar" ]] || skip "$jar is missing"

work=$(mktemp -d) || skip "no temporary directory"
trap 'rm -rf "$work"' EXIT
n=0
train() {
  n=$((n + 1))
  "$java" -Xshare:off -XX:DumpLoadedClassList="$work/classes.$n" -jar "$jar" "$@" >/dev/null 2>&1 </dev/null &
}
train --version
train keygen --out "$work/key"
train import --help
train verify "$here/train.tar.zst" --trust "$here/train.pub"
train inspect "$here/train.tar.zst" --trust "$here/train.pub"
wait
# Union, first occurrence kept (class lists are ordered: a class follows its super types).
cat "$work"/classes.* 2>/dev/null | awk '!seen[$0]++' >"$work/classes.lst"
[[ -s "$work/classes.lst" ]] || skip "the training runs recorded no classes"
if ! "$java" -Xshare:dump -XX:SharedClassListFile="$work/classes.lst" -XX:SharedArchiveFile="$archive.tmp" \
  -cp "$jar" >"$work/dump.log" 2>&1; then
  skip "java -Xshare:dump failed: $(grep -m1 -i error "$work/dump.log")"
fi
[[ -s "$archive.tmp" ]] || skip "java -Xshare:dump wrote nothing"
# The launcher's check: the archive is used only while it is newer than the jar.
mv -f "$archive.tmp" "$archive" && touch "$archive"
echo "cds: wrote $archive ($(grep -vc '^[#@]' "$work/classes.lst") classes, $(du -h "$archive" | cut -f1))" >&2
