#!/usr/bin/env bash
# Two builds of veille compared on the same texts: `veille sentiment` over
# FILE, A and B run in turn on one pinned core so that both share the
# machine's slow phases (A first in even rounds, B first in odd ones), and
# the median CPU time (user + system, to the millisecond) of each printed
# with B's ratio to A. Steadier on a shared machine than two separate
# Google Benchmark runs; instructions.sh is the measure that load does not
# move at all.
#
#   bench/sentiment/ab.sh VEILLE_A VEILLE_B FILE [ARGS...]
#
# FILE: one text per line (label<TAB>text is read as text too: the label
# is cut off); repeat it to some 400,000 lines, so that a run takes some
# 0.4 s and the millisecond resolution matters little. ARGS go to
# `veille sentiment` (--lang en).
# RUNS= runs of each (default 9), CPU= the core (default 1).
set -euo pipefail
[[ $# -ge 3 ]] || { echo "usage: ab.sh VEILLE_A VEILLE_B FILE [ARGS...]" >&2; exit 2; }
a=$1 b=$2 file=$3
shift 3
runs=${RUNS:-9}
cpu=${CPU:-1}
command -v taskset > /dev/null || { echo "ab.sh: needs taskset (apt-get install util-linux)" >&2; exit 1; }
for v in "$a" "$b"; do
  [[ -x $v ]] || { echo "ab.sh: $v is not an executable" >&2; exit 1; }
done
[[ -r $file ]] || { echo "ab.sh: cannot read $file" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if grep -q $'\t' "$file"; then cut -f2- "$file" > "$work/texts"; else cp "$file" "$work/texts"; fi
# bash's own `time`: milliseconds, where /usr/bin/time gives hundredths.
TIMEFORMAT='%3U %3S'
for ((r = 0; r < runs; ++r)); do
  order="a b"
  (( r % 2 )) && order="b a"
  for which in $order; do
    v=$a
    [[ $which == b ]] && v=$b
    if ! { time taskset -c "$cpu" "$v" sentiment "$@" < "$work/texts" > /dev/null 2> "$work/err"; } 2> "$work/t"; then
      echo "ab.sh: $v sentiment $* failed:" >&2
      cat "$work/err" >&2
      exit 1
    fi
    awk '{print $1 + $2}' "$work/t" >> "$work/$which"
  done
done
median() { sort -g "$1" | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
ma=$(median "$work/a")
mb=$(median "$work/b")
lines=$(wc -l < "$work/texts")
awk -v a="$ma" -v b="$mb" -v n="$lines" -v ra="$(paste -sd' ' "$work/a")" -v rb="$(paste -sd' ' "$work/b")" 'BEGIN {
  printf "A: median %.3f s CPU (%.0f lines/s)  runs: %s\n", a, (a > 0 ? n / a : 0), ra
  printf "B: median %.3f s CPU (%.0f lines/s)  runs: %s\n", b, (b > 0 ? n / b : 0), rb
  printf "B/A time: %.3f\n", (a > 0 ? b / a : 0)
}'
