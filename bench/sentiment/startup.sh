#!/usr/bin/env bash
# Start-up of `veille sentiment` in fresh processes: what a cron batch pays
# before its first mention, which BM_Create (warm, in one process) hides.
# Most of it is memory touched for the first time, so page faults are
# printed beside the time.
#
#   bench/sentiment/startup.sh [VEILLE...]   # default: build/veille
#
# RUNS= processes per binary (default 20), interleaved when several
# binaries are given, so that they share the machine's slow phases; CPU=
# the core (default 1). Prints per binary the median and fastest wall
# time, and the median minor page faults, of `veille sentiment < /dev/null`,
# and the same for `veille --help` (loading the binary and its libraries).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
runs=${RUNS:-20}
cpu=${CPU:-1}
if [[ $# -eq 0 ]]; then set -- "$root/build/veille"; fi
for tool in /usr/bin/time taskset; do
  command -v "$tool" > /dev/null || { echo "startup.sh: needs $tool (apt-get install time util-linux)" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# One run: wall milliseconds (bash's clock: /usr/bin/time's is in 10 ms
# steps) and minor page faults, appended to $work/<binary index>.<what>.
run() {
  local out=$1
  shift
  local t0=$EPOCHREALTIME
  /usr/bin/time -f '%R' -o "$work/faults" taskset -c "$cpu" "$@" < /dev/null > /dev/null
  local t1=$EPOCHREALTIME
  echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN {print (b - a) * 1000}') $(cat "$work/faults")" >> "$out"
}
for ((r = 0; r < runs; ++r)); do
  for ((b = 1; b <= $#; ++b)); do
    run "$work/$b.sentiment" "${!b}" sentiment
    run "$work/$b.help" "${!b}" --help
  done
done
median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
printf '%-40s %-10s %12s %12s %14s\n' binary command "median ms" "fastest ms" "median faults"
for ((b = 1; b <= $#; ++b)); do
  for what in sentiment help; do
    f=$work/$b.$what
    printf '%-40s %-10s %12.1f %12.1f %14.0f\n' "${!b}" "$what" \
      "$(awk '{print $1}' "$f" | median)" "$(awk '{print $1}' "$f" | sort -g | head -1)" \
      "$(awk '{print $2}' "$f" | median)"
  done
done
