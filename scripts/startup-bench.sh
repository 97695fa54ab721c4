#!/usr/bin/env bash
# Start-up figures (issue 18), whole process, side by side in one run, interleaved:
#   curl fetching one URL  vs  `fanout --version`  vs  `fanout fetch` of that one URL,
# the JVM with no archive, with a dynamic CDS archive (-XX:ArchiveClassesAtExit), with JDK 25's AOT
# cache (-XX:AOTCache) and with a static CDS archive (-Xshare:dump, what the launchers use but for
# fetch), all made from the launchers' training run of the commands, and for fetch also with the
# AOT cache of fetch's own training (what the launchers use for fetch on JDK 25+), all run with the
# launchers' JVM flags, then through
# ./fanout itself (launcher, JDK discovery, staleness check, cache check), and through OTHER (the
# launcher of another checkout or release, e.g. one built before a change) when given.
# Not a test: timings depend on the machine and its load. Prints the median and minimum of RUNS,
# of wall time and of CPU time (user+sys, which a busy machine disturbs less).
#
#   scripts/startup-bench.sh [RUNS] [OTHER]     (default 15 runs)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-15}"
other="${2:-}"
work="$(mktemp -d /tmp/fanout-startup-bench.XXXXXX)"

"$root/fanout" --version >/dev/null # build once, outside any measurement
[ -z "$other" ] || "$other" --version >/dev/null
. "$root/scripts/find-jdk.sh"
java="$JAVA_HOME/bin/java"
cp="$root/cli/target/fanout-cli.jar:$root/cli/target/lib/*"
. "$root/scripts/startup-cache.sh" # the launchers' flags and their static archive
fanout_jvm_flags "$FANOUT_JAVA_MAJOR"
flags=("${FANOUT_JVM_FLAGS[@]}")
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), JDK $JAVA_HOME"

"$java" -cp "$cp" dev.fanout.cli.Main serve --port 0 --print-urls 2 >"$work/urls.txt" 2>"$work/serve.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 300); do grep -q listening "$work/serve.log" 2>/dev/null && break; sleep 0.1; done
url="$(head -1 "$work/urls.txt")"          # 100 ms, 10 KiB: the article's page
echo "$url" >"$work/one.txt"
echo "URL: $url"

# the archives, made outside the measurement by the launchers' training run (dev.fanout.cli.Training)
"$java" "${flags[@]}" -XX:ArchiveClassesAtExit="$work/cli.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
  -cp "$cp" dev.fanout.cli.Training >/dev/null 2>&1
"$java" "${flags[@]}" -XX:AOTCacheOutput="$work/cli.aot" -Xlog:aot=off -Xlog:cds=off \
  -cp "$cp" dev.fanout.cli.Training >/dev/null 2>&1
fanout_startup_cache "$work/static" "$java" "$FANOUT_JAVA_MAJOR" "$cp" \
  "$root/cli/target/fanout-cli.jar" "" "${flags[@]}"
static=("$work"/static/cli*.jsa)
# and fetch's AOT cache on async, as the launchers make it on JDK 25+ (Training fetch-async)
fanout_startup_cache "$work/static" "$java" "$FANOUT_JAVA_MAJOR" "$cp" \
  "$root/cli/target/fanout-cli.jar" fetch-async "${flags[@]}"
fetchaot=("$work"/static/fetch-async*.aot)
ls -l "$work/cli.jsa" "$work/cli.aot" "${static[0]}" "${fetchaot[0]}" 2>/dev/null |
  awk '{print "archive: " $NF ", " $5 " bytes"}'

declare -A label cmd
i=0
add() { label[$i]="$1"; shift; cmd[$i]="$*"; i=$((i + 1)); }
none="$java ${flags[*]} -cp $cp dev.fanout.cli.Main"
cds="$java ${flags[*]} -XX:SharedArchiveFile=$work/cli.jsa -Xlog:cds=off -Xlog:cds+dynamic=off -cp $cp dev.fanout.cli.Main"
aot="$java ${flags[*]} -XX:AOTCache=$work/cli.aot -Xlog:aot=off -Xlog:cds=off -cp $cp dev.fanout.cli.Main"
scds="$java ${flags[*]} -XX:SharedArchiveFile=${static[0]} -Xlog:cds=off -cp $cp dev.fanout.cli.Main"
add "curl, one URL" curl -s -o /dev/null "$url"
add "--version, no archive" "$none" --version
add "--version, dynamic CDS" "$cds" --version
add "--version, AOT cache" "$aot" --version
add "--version, static CDS" "$scds" --version
add "--version, ./fanout" "$root/fanout" --version
[ -z "$other" ] || add "--version, OTHER" "$other" --version
add "fetch one URL, no archive" "$none" fetch -m async "$work/one.txt"
add "fetch one URL, dynamic CDS" "$cds" fetch -m async "$work/one.txt"
add "fetch one URL, AOT cache" "$aot" fetch -m async "$work/one.txt"
add "fetch one URL, static CDS" "$scds" fetch -m async "$work/one.txt"
[ ! -s "${fetchaot[0]}" ] || add "fetch one URL, fetch's AOT cache" \
  "$java ${flags[*]} -XX:AOTCache=${fetchaot[0]} -Xlog:aot=off -Xlog:cds=off -cp $cp dev.fanout.cli.Main" \
  fetch -m async "$work/one.txt"
add "fetch one URL, ./fanout" "$root/fanout" fetch -m async "$work/one.txt"
[ -z "$other" ] || add "fetch one URL, OTHER" "$other" fetch -m async "$work/one.txt"
add "fetch one URL -m threads, ./fanout" "$root/fanout" fetch -m threads "$work/one.txt"
[ -z "$other" ] || add "fetch one URL -m threads, OTHER" "$other" fetch -m threads "$work/one.txt"

for r in $(seq "$runs"); do
  for k in $(seq 0 $((i - 1))); do
    # shellcheck disable=SC2086
    /usr/bin/time -f "%e %U %S" -o "$work/t" ${cmd[$k]} >/dev/null 2>&1 || echo "run failed: ${label[$k]}" >&2
    read -r e u s <"$work/t"
    echo "$k $e $(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')" >>"$work/times"
  done
done
med() { sort -n | awk '{ v[NR] = $1 } END { printf "%7.0f", 1000 * (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
low() { sort -n | awk 'NR == 1 { printf "%7.0f", 1000 * $1 }'; }
printf '%-36s %s\n' "" "wall median (min) | CPU user+sys median (min), ms"
for k in $(seq 0 $((i - 1))); do
  printf '%-36s %s (%s) | %s (%s)   %d runs\n' "${label[$k]}" \
    "$(awk -v k="$k" '$1 == k { print $2 }' "$work/times" | med)" \
    "$(awk -v k="$k" '$1 == k { print $2 }' "$work/times" | low)" \
    "$(awk -v k="$k" '$1 == k { print $3 }' "$work/times" | med)" \
    "$(awk -v k="$k" '$1 == k { print $3 }' "$work/times" | low)" "$runs"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
