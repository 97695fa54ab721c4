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

median() { sort -g | awk 'NF {v[++n] = $1} END {print v[int((n + 1) / 2)]}'; }
now() { date +%s.%N; }
available() { "$fanout" cpu -m "$1" --count 1 --base 10 -q >/dev/null 2>&1; }

# Runs are interleaved (round 1: every model, round 2: every model, ...) and each speed-up is the
# median of per-round ratios, so a change in the machine's load hits every model alike.
cpu_figures() {
  echo "== cpu: --scale $SCALE, 20 tasks, $RUNS interleaved rounds, wall time of the batch (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  local models=() m r
  for m in $MODELS; do
    if available "$m"; then models+=("$m"); else echo "$m: not in this build, skipped"; fi
  done
  declare -A wall cpu
  for ((r = 1; r <= RUNS; r++)); do
    for m in "${models[@]}"; do
      local line
      line=$("$fanout" cpu -m "$m" --scale "$SCALE" 2>&1 >/dev/null | grep "^cpu: 20 tasks")
      wall[$m,$r]=$(sed -n 's/.* in \([0-9.]*\) s wall.*/\1/p' <<<"$line")
      cpu[$m,$r]=$(sed -n 's/.*wall, \([0-9.]*\) s CPU.*/\1/p' <<<"$line")
      echo "round $r: $line"
    done
  done
  echo "-- medians (load now: $(cut -d' ' -f1-3 /proc/loadavg))"
  for m in "${models[@]}"; do
    local walls="" ratios="" cpus=""
    for ((r = 1; r <= RUNS; r++)); do
      walls+="${wall[$m,$r]}"$'\n'
      cpus+="${cpu[$m,$r]:-}"$'\n'
      if [ -n "${wall[sequential,$r]:-}" ]; then
        ratios+="$(echo "${wall[sequential,$r]} / ${wall[$m,$r]}" | bc -l)"$'\n'
      fi
    done
    local c
    c=$(printf %s "$cpus" | median)
    printf '%-11s wall %6.2f s   CPU %6s s   speed-up vs sequential %s\n' "$m" \
      "$(printf %s "$walls" | median)" "${c:-n/a}" \
      "$( [ -n "$ratios" ] && printf '%.2fx' "$(printf %s "$ratios" | median)" || echo n/a)"
  done
}

hash_figures() {
  dir=$(mktemp -d /tmp/fanout-hash-bench.XXXXXX)
  trap 'rm -rf "$dir" "$dir.sums"' EXIT
  echo "== hash: generating $FILES files of 1 MiB under $dir ..."
  for ((i = 0; i < FILES; i++)); do
    head -c 1048576 /dev/urandom >"$dir/f$(printf %05d "$i")"
  done
  cat "$dir"/* >/dev/null # warm the page cache: every tool then reads from memory
  local mb
  mb=$(echo "$FILES * 1048576 / 1000000" | bc -l)
  local labels=() cmds=()
  labels+=("sha256sum"); cmds+=("find . -type f -print0 | sort -z | xargs -0 sha256sum")
  labels+=("xargs -P2 sha256sum"); cmds+=("find . -type f -print0 | sort -z | xargs -0 -P2 -n 100 sha256sum")
  for m in $MODELS; do
    if ! available "$m"; then echo "fanout hash -m $m: not in this build, skipped"; continue; fi
    labels+=("fanout hash -m $m"); cmds+=("'$fanout' hash -q -m $m .")
    if [ "$m" = threads ]; then
      labels+=("fanout hash -m threads -w 2"); cmds+=("'$fanout' hash -q -m threads -w 2 .")
    fi
  done
  echo "== hash: $FILES files, $(printf %.0f "$mb") MB, $RUNS interleaved rounds, wall time of the whole command (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  declare -A secs
  local r i t0 t1
  for ((r = 1; r <= RUNS; r++)); do
    for i in "${!cmds[@]}"; do
      t0=$(now)
      (cd "$dir" && sh -c "${cmds[$i]}") >/dev/null
      t1=$(now)
      secs[$i,$r]=$(echo "$t1 - $t0" | bc -l)
    done
  done
  echo "-- medians (load now: $(cut -d' ' -f1-3 /proc/loadavg))"
  for i in "${!cmds[@]}"; do
    local all="" med
    for ((r = 1; r <= RUNS; r++)); do all+="${secs[$i,$r]}"$'\n'; done
    med=$(printf %s "$all" | median)
    printf '%-30s %6.2f s  %7.1f MB/s   (runs: %s)\n' "${labels[$i]}" "$med" "$(echo "$mb / $med" | bc -l)" \
      "$(printf %s "$all" | xargs printf '%.2f ')"
  done
  # check the output once, as a user would
  (cd "$dir" && "$fanout" hash -q . >"$dir.sums" && sha256sum -c --quiet "$dir.sums" && echo "sha256sum -c: every line OK")
}

case "$what" in
  cpu) cpu_figures ;;
  hash) hash_figures ;;
  all) cpu_figures; hash_figures ;;
  *) echo "usage: $0 [cpu|hash|all]" >&2; exit 2 ;;
esac
