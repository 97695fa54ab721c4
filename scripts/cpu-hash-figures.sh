#!/usr/bin/env bash
# The figures of issue #5, reproducibly: `fanout cpu` speed-ups over sequential, and `fanout hash`
# throughput next to sha256sum and `xargs -P2 sha256sum` on the same files. Medians of RUNS runs.
#
#   scripts/cpu-hash-figures.sh [cpu|hash|all]
#
# Environment: RUNS (3), SCALE (36: sequential takes ~4 s on a 2-core EPYC), FILES (2000 files of
# 1 MiB, generated under /tmp and deleted afterwards), MODELS (sequential threads virtual processes;
# a model not in the build is skipped). Timings are noisy on a shared machine: watch the load.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)"
fanout="$root/fanout"
what="${1:-all}"
RUNS="${RUNS:-3}"
SCALE="${SCALE:-36}"
FILES="${FILES:-2000}"
MODELS="${MODELS:-sequential threads virtual processes}"

median() { sort -g | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
now() { date +%s.%N; }
available() { "$fanout" cpu -m "$1" --count 1 --base 10 -q >/dev/null 2>&1; }

cpu_figures() {
  echo "== cpu: --scale $SCALE, 20 tasks, median wall of $RUNS batches in one JVM (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  local base=""
  for m in $MODELS; do
    if ! available "$m"; then echo "$m: not in this build, skipped"; continue; fi
    local line wall
    line=$("$fanout" cpu -m "$m" --scale "$SCALE" --repeat "$RUNS" 2>&1 >/dev/null | grep 'median wall time')
    wall=$(sed -n 's/.*: \([0-9.]*\) s (min.*/\1/p' <<<"$line")
    [ -z "$base" ] && [ "$m" = sequential ] && base="$wall"
    if [ -n "$base" ]; then
      printf '%-11s %s   speed-up vs sequential: %.2fx\n' "$m" "$line" "$(echo "$base / $wall" | bc -l)"
    else
      printf '%-11s %s\n' "$m" "$line"
    fi
  done
}

hash_figures() {
  local dir
  dir=$(mktemp -d /tmp/fanout-hash-bench.XXXXXX)
  trap 'rm -rf "$dir"' EXIT
  echo "== hash: generating $FILES files of 1 MiB under $dir ..."
  for ((i = 0; i < FILES; i++)); do
    head -c 1048576 /dev/urandom >"$dir/f$(printf %05d "$i")"
  done
  cat "$dir"/* >/dev/null # warm the page cache: every tool then reads from memory
  local mb
  mb=$(echo "$FILES * 1048576 / 1000000" | bc -l)
  echo "== hash: $FILES files, $(printf %.0f "$mb") MB, median of $RUNS runs, wall time of the whole command (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  run_tool() { # $1 label, rest: command (run in $dir)
    local label="$1" t0 t1 secs=()
    shift
    for ((r = 0; r < RUNS; r++)); do
      t0=$(now)
      (cd "$dir" && "$@") >/dev/null
      t1=$(now)
      secs+=("$(echo "$t1 - $t0" | bc -l)")
    done
    local med
    med=$(printf '%s\n' "${secs[@]}" | median)
    printf '%-34s %6.2f s  %7.1f MB/s\n' "$label" "$med" "$(echo "$mb / $med" | bc -l)"
  }
  run_tool "sha256sum" sh -c 'find . -type f -print0 | sort -z | xargs -0 sha256sum'
  run_tool "xargs -P2 sha256sum" sh -c 'find . -type f -print0 | sort -z | xargs -0 -P2 -n 100 sha256sum'
  for m in $MODELS; do
    if ! available "$m"; then echo "fanout hash -m $m: not in this build, skipped"; continue; fi
    run_tool "fanout hash -m $m" "$fanout" hash -q -m "$m" .
    [ "$m" = threads ] && run_tool "fanout hash -m threads -w 2" "$fanout" hash -q -m threads -w 2 .
  done
  # check the output once, as a user would
  (cd "$dir" && "$fanout" hash -q . >"$dir.sums" && sha256sum -c --quiet "$dir.sums" && echo "sha256sum -c: every line OK")
  rm -f "$dir.sums"
}

case "$what" in
  cpu) cpu_figures ;;
  hash) hash_figures ;;
  all) cpu_figures; hash_figures ;;
  *) echo "usage: $0 [cpu|hash|all]" >&2; exit 2 ;;
esac
