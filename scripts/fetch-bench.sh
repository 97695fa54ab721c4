#!/usr/bin/env bash
# Benchmarks of `fanout fetch` against `fanout serve` on this machine (figures for issue 4).
# Not a test: timings depend on the machine and its load. Prints every run and the medians.
#
#   scripts/fetch-bench.sh [article|seed|c1000|rss|all] [RUNS]
#
#   article  the article's 160 downloads on async (and virtual) against the article's asyncio +
#            aiohttp program, whole process, interleaved run by run (issue 18's goal); with
#            FANOUT_OTHER=path/to/fanout also another build's async (e.g. from before a change)
#   seed   the seed's workload (serve --print-urls 160: 80 x 10 KiB + 80 x 300 B, 100 ms each) on
#          every model available, plus the asyncio+aiohttp yardstick if python3-aiohttp is installed
#   c1000  10,000 URLs x 100 ms x 10 KiB, --concurrency 1000, async and virtual: wall vs the 1.0 s
#          ideal, client CPU (user+sys) per URL, whole process and marginal (minus a 10-URL run),
#          next to curl --parallel --parallel-max 300 on the same list in the same run
#   rss    peak RSS of the fetch process for 20,000 and 200,000 URLs at 0 ms (async)
#   ctrlc  time from SIGINT to exit of a running fetch, and its exit code
#   cluster 2,000 URLs x 100 ms on 2 external members (./fanout member, separate JVMs on loopback,
#          warmed by WARMUPS runs, default 3, that are shown but not counted):
#          --concurrency 1000 (in flight across the members; ideal 0.2 s) and without -c (each
#          member runs --workers at a time, the behaviour before issue 14; NO_C=0 skips it), and
#          processes -c 1000 and virtual -c 1000 beside
#
# "process" times are whole ./fanout runs (launcher, JDK discovery, start-up cache, JVM).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
what="${1:-all}"
runs="${2:-3}"
work="$(mktemp -d /tmp/fanout-fetch-bench.XXXXXX)"
fanout="$root/fanout"

"$fanout" --version >/dev/null # build once (and make the start-up cache), outside any measurement
. "$root/scripts/find-jdk.sh"
cli=("$fanout") # whole process, as a user runs it: launcher, JDK discovery, start-up cache
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), JDK $JAVA_HOME"

"${cli[@]}" serve --port 0 --print-urls 160 >"$work/seed.txt" 2>"$work/serve.log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 300); do [ "$(wc -l <"$work/seed.txt")" -ge 160 ] && break; sleep 0.1; done
port="$(head -1 "$work/seed.txt" | sed -E 's|http://127.0.0.1:([0-9]+)/.*|\1|')"
echo "server: $(cat "$work/serve.log")"

list() { # list N MS SIZE > file
  awk -v n="$1" -v ms="$2" -v size="$3" -v port="$port" \
    'BEGIN { for (i = 0; i < n; i++) printf "http://127.0.0.1:%d/p/%d?ms=%d&size=%d\n", port, i, ms, size }'
}

median() { python3 -c 'import sys,statistics; v=[float(x) for x in sys.argv[1:]]; print(f"{statistics.median(v):.3f}")' "$@"; }

# run LABEL CMD...: runs CMD $runs times; prints the run time the command reports (fanout's
# summary or the Python script's line), the whole-process wall, user+sys CPU and peak RSS
run() {
  local label="$1"; shift
  local inner=() wall=() cpu=() rss=() e u s m
  for i in $(seq "$runs"); do
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || true
    read -r e u s m <"$work/time"
    local t
    t="$(grep -oE 'in [0-9.]+ s' "$work/err" | grep -oE '[0-9.]+' | tail -1 || echo 0)"
    grep -E '^(fetched|Downloaded)' "$work/err" | sed "s|^|  $label run $i: |" ||
      { echo "  $label run $i failed:"; tail -3 "$work/err"; }
    inner+=("$t"); wall+=("$e"); cpu+=("$(python3 -c "print($u+$s)")"); rss+=("$m")
  done
  printf '%-34s run %6s s | process %6s s | cpu %6s s | peak RSS %7s KiB  (medians of %d)\n' \
    "$label" "$(median "${inner[@]}")" "$(median "${wall[@]}")" "$(median "${cpu[@]}")" \
    "$(median "${rss[@]}")" "$runs"
  last_cpu="$(median "${cpu[@]}")"
}

available() { # a model is available when fetch does not say so
  local said
  said="$("${cli[@]}" fetch -m "$1" "$work/one.txt" 2>&1 || true)"
  [[ "$said" != *"not available"* ]]
}

list 1 0 10 >"$work/one.txt"

if [ "$what" = article ]; then
  echo "== the article's 160 downloads (80 x 10 KiB, 80 x 300 B), 100 ms each, whole process =="
  if ! /usr/bin/python3 -c 'import aiohttp' 2>/dev/null; then
    echo "python3 asyncio+aiohttp: not installed (apt-get install python3-aiohttp)" >&2
    exit 2
  fi
  # async-all: every URL in flight at once (fetch's default is 100, as aiohttp's connector limit)
  programs=(async async-all virtual python)
  # FANOUT_OTHER: another build's launcher (e.g. a checkout from before a change), in the same run
  [ -z "${FANOUT_OTHER:-}" ] || { "$FANOUT_OTHER" --version >/dev/null; programs+=(other); }
  for r in $(seq "$runs"); do # interleaved, so load changes hit every program alike
    for p in "${programs[@]}"; do
      case $p in
        python) cmd=(/usr/bin/python3 "$root/scripts/fetch_aiohttp.py" "$work/seed.txt") ;;
        other) cmd=("$FANOUT_OTHER" fetch -m async "$work/seed.txt") ;;
        async-all) cmd=("${cli[@]}" fetch -m async -c 160 "$work/seed.txt") ;;
        *) cmd=("${cli[@]}" fetch -m "$p" "$work/seed.txt") ;;
      esac
      /usr/bin/time -f "%e %U %S" -o "$work/time" "${cmd[@]}" >/dev/null 2>"$work/err" || true
      read -r e u s <"$work/time"
      echo "$p $e $(python3 -c "print($u+$s)")" >>"$work/article"
      echo "  run $r $p: process $e s, cpu $(python3 -c "print(round($u+$s, 2))") s; $(grep -E '^(fetched|Downloaded)' "$work/err")"
    done
  done
  for p in "${programs[@]}"; do
    case $p in
      python) name="python3 asyncio+aiohttp" ;;
      other) name="FANOUT_OTHER fetch -m async" ;;
      async-all) name="fanout fetch -m async -c 160" ;;
      *) name="fanout fetch -m $p" ;;
    esac
    printf '%-30s process median %s s | cpu median %s s  (%d runs)\n' "$name" \
      "$(median $(awk -v p=$p '$1 == p { print $2 }' "$work/article"))" \
      "$(median $(awk -v p=$p '$1 == p { print $3 }' "$work/article"))" "$runs"
  done
fi

if [ "$what" = seed ] || [ "$what" = all ]; then
  echo "== seed workload: 160 URLs (80 x 10 KiB, 80 x 300 B), 100 ms each =="
  for m in sequential threads virtual async processes cluster; do
    if available "$m"; then run "$m" "${cli[@]}" fetch -m "$m" "$work/seed.txt"; else echo "$m: not in this build"; fi
  done
  run "async --concurrency 160" "${cli[@]}" fetch -m async -c 160 "$work/seed.txt"
  run "virtual --concurrency 160" "${cli[@]}" fetch -m virtual -c 160 "$work/seed.txt"
  if /usr/bin/python3 -c 'import aiohttp' 2>/dev/null; then
    run "python3 asyncio+aiohttp" /usr/bin/python3 "$root/scripts/fetch_aiohttp.py" "$work/seed.txt"
  else
    echo "python3 asyncio+aiohttp: not installed (apt-get install python3-aiohttp)"
  fi
fi

if [ "$what" = c1000 ] || [ "$what" = all ]; then
  echo "== 10,000 URLs x 100 ms x 10 KiB, --concurrency 1000 (ideal 1.0 s), curl in the same run =="
  list 10000 100 10240 >"$work/10k.txt"
  list 10 100 10240 >"$work/10.txt"
  for model in async virtual; do
    run "$model -c 1000" "${cli[@]}" fetch -m "$model" -c 1000 "$work/10k.txt"
    big="$last_cpu"
    run "$model -c 1000, 10 URLs" "${cli[@]}" fetch -m "$model" -c 1000 "$work/10.txt"
    python3 -c "print(f'  $model: client CPU per URL {$big/10000*1e6:.0f} us whole process, {($big-$last_cpu)/9990*1e6:.0f} us marginal')"
  done
  # curl, the peer named by issue 12: --parallel-max 300 is curl's own cap on transfers at once
  awk '{ printf "url = \"%s\"\noutput = \"/dev/null\"\n", $0 }' "$work/10k.txt" >"$work/10k.curl"
  awk '{ printf "url = \"%s\"\noutput = \"/dev/null\"\n", $0 }' "$work/10.txt" >"$work/10.curl"
  for list in 10k 10; do
    wall=() cpu=()
    for i in $(seq "$runs"); do
      /usr/bin/time -f "%e %U %S %M" -o "$work/time" curl -s --parallel --parallel-max 300 \
        -K "$work/$list.curl" 2>/dev/null || echo "  curl run $i failed"
      read -r e u s m <"$work/time"
      wall+=("$e"); cpu+=("$(python3 -c "print($u+$s)")")
    done
    printf '%-34s process %6s s | cpu %6s s  (medians of %d)\n' "curl --parallel-max 300 ($list)" \
      "$(median "${wall[@]}")" "$(median "${cpu[@]}")" "$runs"
    [ "$list" = 10k ] && curl_big="$(median "${cpu[@]}")" || curl_small="$(median "${cpu[@]}")"
  done
  python3 -c "print(f'  curl: client CPU per URL {$curl_big/10000*1e6:.0f} us whole process, {($curl_big-$curl_small)/9990*1e6:.0f} us marginal')"
fi

if [ "$what" = rss ] || [ "$what" = all ]; then
  echo "== peak RSS, URLs at 0 ms (300 B), async =="
  list 20000 0 300 >"$work/20k.txt"
  list 200000 0 300 >"$work/200k.txt"
  run "async 20,000 URLs" "${cli[@]}" fetch -m async "$work/20k.txt"
  run "async 200,000 URLs" "${cli[@]}" fetch -m async "$work/200k.txt"
fi

if [ "$what" = cluster ] || [ "$what" = all ]; then
  echo "== 2,000 URLs x 100 ms x 10 KiB on 2 external members, --concurrency 1000 (ideal 0.2 s) =="
  list 2000 100 10240 >"$work/2k.txt"
  name="bench-$$"
  ports=()
  for _ in 1 2; do
    ports+=("$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')")
  done
  members="127.0.0.1:${ports[0]},127.0.0.1:${ports[1]}"
  for p in "${ports[@]}"; do
    "${cli[@]}" member --port "$p" --members "$members" --cluster-name "$name" \
      >"$work/member-$p.log" 2>&1 &
    echo $! >>"$work/members.pid"
  done
  trap 'kill $server $(cat "$work/members.pid") 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
  for p in "${ports[@]}"; do
    for _ in $(seq 600); do grep -q "ready" "$work/member-$p.log" && break; sleep 0.1; done
    echo "  $(grep -m1 ready "$work/member-$p.log")"
  done
  sleep 6 # members started together may form two clusters first; Hazelcast merges them in 5 s
  c=("${cli[@]}" fetch -m cluster --members "$members" --cluster-name "$name")
  # members are long-lived servers: their first runs (class loading, JIT of the HTTP path; about
  # 3,000 fetches each until the times settle) are shown, not counted. WARMUPS=0 counts from cold.
  for i in $(seq "${WARMUPS:-3}"); do
    "${c[@]}" -c 1000 "$work/2k.txt" >/dev/null 2>"$work/err" || true
    echo "  members' warm-up run $i (not counted): $(grep -E '^fetched' "$work/err" || tail -1 "$work/err")"
  done
  run "cluster 2 members -c 1000" "${c[@]}" -c 1000 "$work/2k.txt"
  if [ "${NO_C:-1}" != 0 ]; then
    run "cluster 2 members, no -c" "${c[@]}" "$work/2k.txt"
  fi
  run "processes -c 1000" "${cli[@]}" fetch -m processes -c 1000 "$work/2k.txt"
  run "virtual -c 1000" "${cli[@]}" fetch -m virtual -c 1000 "$work/2k.txt"
  echo "machine: load average $(cut -d' ' -f1-3 /proc/loadavg) after the cluster runs"
fi

if [ "$what" = ctrlc ] || [ "$what" = all ]; then
  echo "== Ctrl-C: SIGINT 3 s into a long fetch (threads, --out) =="
  list 2000 500 10240 >"$work/long.txt"
  for i in $(seq "$runs"); do
    rm -rf "$work/bodies"
    # a background job ignores SIGINT; python restores the default so the JVM sees Ctrl-C
    /usr/bin/python3 -c 'import os,signal,sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])' \
      "${cli[@]}" fetch -m threads -w 8 --out "$work/bodies" "$work/long.txt" 2>"$work/err" &
    pid=$!
    sleep 3
    t0=$(date +%s.%N); kill -INT "$pid"; code=0; wait "$pid" || code=$?; t1=$(date +%s.%N)
    echo "  run $i: exit $code after $(python3 -c "print(f'{$t1-$t0:.3f}')") s;" \
      "journal $(wc -l <"$work/bodies/.fanout-journal") lines; $(tail -1 "$work/err")"
  done
fi
