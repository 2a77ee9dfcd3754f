#!/usr/bin/env bash
# Two builds of veille compared on the same texts, in wall-clock terms:
# `veille sentiment` over FILE, A and B run in turn on one pinned core so
# that both share the machine's slow phases, and the median user CPU time
# of each printed with B's ratio to A. Steadier on a shared machine than
# two separate Google Benchmark runs; instructions.sh is the measure that
# load does not move at all.
#
#   bench/sentiment/ab.sh VEILLE_A VEILLE_B FILE [ARGS...]
#
# FILE: one text per line (label<TAB>text is read as text too: the label
# is cut off); repeat it to some 400,000 lines for a tenth of a second's
# resolution to matter little. ARGS go to `veille sentiment` (--lang en).
# RUNS= runs of each (default 9), CPU= the core (default 1).
set -euo pipefail
[[ $# -ge 3 ]] || { echo "usage: ab.sh VEILLE_A VEILLE_B FILE [ARGS...]" >&2; exit 2; }
a=$1 b=$2 file=$3
shift 3
runs=${RUNS:-9}
cpu=${CPU:-1}
for tool in /usr/bin/time taskset; do
  command -v "$tool" > /dev/null || { echo "ab.sh: needs $tool (apt-get install time util-linux)" >&2; exit 1; }
done
for v in "$a" "$b"; do
  [[ -x $v ]] || { echo "ab.sh: $v is not an executable" >&2; exit 1; }
done
[[ -r $file ]] || { echo "ab.sh: cannot read $file" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if grep -q $'\t' "$file"; then cut -f2- "$file" > "$work/texts"; else cp "$file" "$work/texts"; fi
for ((r = 0; r < runs; ++r)); do
  for which in a b; do
    v=$a
    [[ $which == b ]] && v=$b
    /usr/bin/time -f '%U' -o "$work/t" taskset -c "$cpu" "$v" sentiment "$@" < "$work/texts" > /dev/null
    cat "$work/t" >> "$work/$which"
  done
done
median() { sort -g "$1" | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
ma=$(median "$work/a")
mb=$(median "$work/b")
lines=$(wc -l < "$work/texts")
awk -v a="$ma" -v b="$mb" -v n="$lines" -v ra="$(paste -sd' ' "$work/a")" -v rb="$(paste -sd' ' "$work/b")" 'BEGIN {
  printf "A: median %.3f s user (%.0f lines/s)  runs: %s\n", a, (a > 0 ? n / a : 0), ra
  printf "B: median %.3f s user (%.0f lines/s)  runs: %s\n", b, (b > 0 ? n / b : 0), rb
  printf "B/A time: %.3f\n", (a > 0 ? b / a : 0)
}'
