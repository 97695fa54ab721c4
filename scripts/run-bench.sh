#!/usr/bin/env bash
# fanout run against GNU parallel and xargs, whole process (JVM start-up included), side by side:
#   1. 2,000 jobs of `true` at 8 in flight: fanout run on threads, virtual and async,
#      GNU parallel -j 8, xargs -P 8;
#   2. 200 jobs of `sleep 0.1` at 100 in flight (ideal: 2 waves of 0.1 s = 0.2 s).
# Each contender runs ROUNDS times (default 3), interleaved round by round so that a noisy
# neighbour hurts all of them alike; the median wall time of each is printed.
# Usage: scripts/run-bench.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
fanout=./fanout
command -v parallel >/dev/null || { echo "run-bench: GNU parallel is needed (apt-get install parallel)" >&2; exit 2; }
$fanout run -q true ::: warm-up >/dev/null # builds on first use, and fills the start-up archive

declare -A times
measure() { # name, command...
  local name=$1; shift
  local t0 t1
  t0=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || { echo "run-bench: $name failed: $*" >&2; exit 1; }
  t1=$(date +%s.%N)
  times[$name]+="$(echo "$t1 - $t0" | bc) "
}
median() { tr ' ' '\n' <<<"$1" | grep . | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

seq 2000 > /tmp/run-bench-2000.txt
seq 200 > /tmp/run-bench-200.txt
for r in $(seq "$rounds"); do
  measure "true: xargs -P 8"          sh -c 'xargs -P 8 -n 1 true < /tmp/run-bench-2000.txt'
  measure "true: parallel -j 8"       sh -c 'parallel -j 8 true < /tmp/run-bench-2000.txt'
  measure "true: fanout run threads"  $fanout run -q -j 8 -m threads -a /tmp/run-bench-2000.txt true
  measure "true: fanout run virtual"  $fanout run -q -j 8 -m virtual -a /tmp/run-bench-2000.txt true
  measure "true: fanout run async"    $fanout run -q -j 8 -m async -a /tmp/run-bench-2000.txt true
  # every contender runs `sh -c 'sleep 0.1' INPUT`: the input must not become sleep's argument
  measure "sleep: xargs -P 100"       sh -c "xargs -P 100 -n 1 sh -c 'sleep 0.1' < /tmp/run-bench-200.txt"
  measure "sleep: parallel -j 100"    sh -c "parallel -j 100 \"sh -c 'sleep 0.1'\" < /tmp/run-bench-200.txt"
  measure "sleep: fanout run threads" $fanout run -q -j 100 -m threads -a /tmp/run-bench-200.txt sh -c 'sleep 0.1'
  measure "sleep: fanout run virtual" $fanout run -q -j 100 -m virtual -a /tmp/run-bench-200.txt sh -c 'sleep 0.1'
  measure "sleep: fanout run async"   $fanout run -q -j 100 -m async -a /tmp/run-bench-200.txt sh -c 'sleep 0.1'
done
echo "median wall time of $rounds rounds, whole process, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg):"
for name in "true: xargs -P 8" "true: parallel -j 8" "true: fanout run threads" "true: fanout run virtual" \
  "true: fanout run async" "sleep: xargs -P 100" "sleep: parallel -j 100" "sleep: fanout run threads" \
  "sleep: fanout run virtual" "sleep: fanout run async"; do
  printf '  %-28s %6.2f s   (%s)\n' "$name" "$(median "${times[$name]}")" "${times[$name]% }"
done
echo "goals: fanout threads/virtual <= parallel -j 8 and <= 2x xargs -P 8 (true x 2000);"
echo "       sleep 0.1 x 200 at 100 in flight <= 0.7 s (the 0.2 s ideal + 0.5 s)"
