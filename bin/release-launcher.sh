#!/bin/sh
# bin/bundle of the release archive (bin/release copies this file there): runs lib/bundle.jar
# on the runtime/ next to it, never on a java from PATH or JAVA_HOME. Works from any directory
# and through symlinks (e.g. /usr/local/bin/bundle -> /opt/bundle-x/bin/bundle).
# Extra JVM options can be given in BUNDLE_JAVA_OPTS; BUNDLE_CDS=off skips the class-data archive.
set -eu

# Resolve our own location: follow symlinks one hop at a time (POSIX has no readlink -f).
self=$0
while [ -h "$self" ]; do
  link=$(ls -l "$self")
  link=${link#*" -> "}
  case $link in
    /*) self=$link ;;
    *) self=$(dirname "$self")/$link ;;
  esac
done
home=$(cd "$(dirname "$self")/.." && pwd -P)
java="$home/runtime/bin/java"
jar="$home/lib/bundle.jar"
if [ ! -x "$java" ] || [ ! -f "$jar" ]; then
  echo "bundle: the release at $home is incomplete (runtime/bin/java or lib/bundle.jar missing); unpack the archive again" >&2
  exit 1
fi

# Memory defaults, before BUNDLE_JAVA_OPTS so its -Xmx wins: the serial collector with a small
# initial heap keeps the footprint near what is live; the cap bounds it on big machines.
BUNDLE_JAVA_OPTS="-XX:+UseSerialGC -Xms32m -Xmx512m ${BUNDLE_JAVA_OPTS:-}"

# Class-data sharing. The runtime's own archive (JDK classes) works wherever it is unpacked.
# The archive of the application's classes is only accepted by Java 17 when the jar is at the
# path it was made for, so it is made on the first run at each location: in lib/ when that is
# writable (lib/bundle.jsa.path records the jar path), otherwise in the user's cache.
# A run that makes it does not replace the shell (it renames the archive after Java exits).
# Java can only add to the runtime's archive, so without that one (BUNDLE_CDS=off too) none is used.
if [ "${BUNDLE_CDS:-on}" = off ] || [ ! -f "$home/runtime/lib/server/classes.jsa" ]; then
  # shellcheck disable=SC2086 # BUNDLE_JAVA_OPTS is a list of words on purpose
  exec "$java" ${BUNDLE_JAVA_OPTS:-} -jar "$jar" "$@"
fi
if [ -w "$home/lib" ]; then
  cds="$home/lib/bundle.jsa"
else
  key=$(printf '%s' "$jar" | cksum | cut -d' ' -f1)
  cds="${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/bundle/cds-$key.jsa"
fi
quiet="-Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off"
if [ -f "$cds" ] && [ "$(cat "$cds.path" 2>/dev/null || true)" = "$jar" ] && [ ! "$jar" -nt "$cds" ]; then
  # shellcheck disable=SC2086
  exec "$java" $quiet -XX:SharedArchiveFile="$cds" ${BUNDLE_JAVA_OPTS:-} -jar "$jar" "$@"
fi
if ! mkdir -p "$(dirname "$cds")" 2>/dev/null; then
  # shellcheck disable=SC2086
  exec "$java" ${BUNDLE_JAVA_OPTS:-} -jar "$jar" "$@"
fi
partial="$cds.$$.tmp"
status=0
# shellcheck disable=SC2086
"$java" $quiet -XX:ArchiveClassesAtExit="$partial" ${BUNDLE_JAVA_OPTS:-} -jar "$jar" "$@" || status=$?
if [ -s "$partial" ] && printf '%s\n' "$jar" >"$cds.path.$$.tmp" 2>/dev/null; then
  mv -f "$partial" "$cds" && mv -f "$cds.path.$$.tmp" "$cds.path" || true
fi
rm -f "$partial" "$cds.path.$$.tmp"
exit "$status"
