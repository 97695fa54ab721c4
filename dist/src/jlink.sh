#!/usr/bin/env bash
# The self-contained image: the release tarball plus a Java runtime that jlink trims to the
# modules fanout uses, in runtime/ (bin/fanout prefers it), so it runs where no Java is installed.
#   jlink.sh JDK_HOME RELEASE_TARBALL IMAGE_TARBALL      (run by: ./mvnw -DskipTests -Pjlink package)
set -euo pipefail
jdk="$1" in="$2" out="$3"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -xzf "$in" -C "$work"
home="$(echo "$work"/fanout-*)"

# What the jars need, as jdeps sees it, plus what they reach by reflection or service lookup:
# jdk.unsupported (Netty's and Hazelcast's Unsafe), jdk.management (the file-descriptor limit),
# jdk.crypto.ec (TLS), jdk.naming.dns (DNS lookups), jdk.zipfs (Hazelcast's config loading).
# The jars are modules: lib/ is also the module path, so that a module's "requires" of an automatic
# module (httpclient5, Hazelcast) resolves; the jars are still each analysed class by class.
modules="$("$jdk/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release 21 \
  --module-path "$home/lib" "$home/fanout.jar" "$home"/lib/*.jar 2>/dev/null | tail -n 1)"
case "$modules" in
  java.*|jdk.*) ;;
  *) echo "jlink: jdeps found no module list: $modules" >&2; exit 1 ;;
esac
modules="$modules,jdk.unsupported,jdk.management,jdk.crypto.ec,jdk.naming.dns,jdk.zipfs"
echo "jlink: modules $modules"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --compress zip-6 --generate-cds-archive --output "$home/runtime"
"$home/runtime/bin/java" -version 2>&1 | head -1
tar -czf "$out" -C "$work" "$(basename "$home")"
echo "jlink: wrote $out ($(du -h "$out" | cut -f1); runtime $(du -sh "$home/runtime" | cut -f1) unpacked)"
