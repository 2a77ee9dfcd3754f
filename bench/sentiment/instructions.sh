#!/usr/bin/env bash
# Instructions the scorer executes a text, counted by callgrind: a measure
# of a change to the scorer that the machine's load does not move (the
# wall-clock figures of run.sh and veille_sentiment_bench move by 20-30%
# between runs on a shared machine; these do not move at all).
#
#   bench/sentiment/instructions.sh FILE... [-- VEILLE...]
#
# FILE: one text per line, or label<TAB>text (the label is cut off).
# VEILLE: binaries to compare (default build/veille), each counted on the
# same texts. For each file and binary, prints the instructions a text of
#  - ScorerImpl::ScoreInto alone, with no language hint (as
#    veille_sentiment_bench's BM_ScoreInto scores) and with --lang LANG
#    (LANG_HINT= or, by default, the file name's first two letters: en, fr);
#  - the whole `veille sentiment --lang LANG` loop a line: reading, scoring
#    and writing the JSON, start-up left out.
# Each text is scored exactly once, which Google Benchmark's own counts
# (averages over whichever texts its iterations reached) do not ensure.
# Needs valgrind (apt-get install valgrind).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
files=()
while [[ $# -gt 0 && $1 != -- ]]; do
  files+=("$1")
  shift
done
[[ $# -gt 0 ]] && shift
if [[ $# -eq 0 ]]; then set -- "$root/build/veille"; fi
[[ ${#files[@]} -gt 0 ]] || { echo "usage: instructions.sh FILE... [-- VEILLE...]" >&2; exit 2; }
command -v valgrind > /dev/null || { echo "instructions.sh: needs valgrind (apt-get install valgrind)" >&2; exit 1; }
for b in "$@"; do
  [[ -x $b ]] || { echo "instructions.sh: $b is not an executable" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# count VEILLE FUNCTION TEXTS ARGS...: instructions a text in FUNCTION.
count() {
  local veille=$1 function=$2 texts=$3
  shift 3
  valgrind --tool=callgrind --callgrind-out-file="$work/out" --toggle-collect="$function" \
    "$veille" sentiment "$@" < "$texts" > /dev/null 2> "$work/log" ||
    { cat "$work/log" >&2; return 1; }
  local total
  total=$(callgrind_annotate "$work/out" 2> /dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1; exit}')
  awk -v t="$total" -v n="$(wc -l < "$texts")" 'BEGIN {printf "%.0f", (n > 0 ? t / n : 0)}'
}

printf '| file | texts | veille | ScoreInto, no hint | ScoreInto, --lang | command a line, --lang |\n'
printf '|---|---|---|---|---|---|\n'
for f in "${files[@]}"; do
  [[ -r $f ]] || { echo "instructions.sh: cannot read $f" >&2; exit 1; }
  name=$(basename "$f")
  lang=${LANG_HINT:-${name:0:2}}
  if grep -q $'\t' "$f"; then cut -f2- "$f" > "$work/texts"; else cp "$f" "$work/texts"; fi
  for b in "$@"; do
    plain=$(count "$b" '*ScorerImpl::ScoreInto*' "$work/texts")
    hinted=$(count "$b" '*ScorerImpl::ScoreInto*' "$work/texts" --lang "$lang")
    command=$(count "$b" '*RunSentimentStream*' "$work/texts" --lang "$lang")
    printf '| %s | %s | %s | %s | %s (%s) | %s |\n' "$name" "$(wc -l < "$work/texts")" "$b" "$plain" "$hinted" "$lang" \
      "$command"
  done
done
