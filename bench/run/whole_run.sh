#!/usr/bin/env bash
# Whole-run measurement: `veille run` end to end on the embedded default
# (in-process Kafka mock cluster, RocksDB, JSONL tickets, .eml spool) over
# generated feeds, first on a fresh state (everything new) and then again
# (nothing new: conditional fetch, dedup). Prints the median wall time of
# REPS fresh runs and mentions per second.
#
#   bench/run/whole_run.sh [MENTIONS]      (default 20000; REPS=3)
#
# The feeds: MENTIONS/100 RSS sources of 100 items each (real feeds list
# 10 to 100), French and English texts about a brand and its competitor
# (praise, news, complaints), one item in ten also present in the previous
# source (a cross-source duplicate).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
veille=${BUILD:-$root/build}/veille
n=${1:-20000}
reps=${REPS:-3}
[[ -x $veille ]] || { echo "whole_run.sh: $veille not built (scripts/build)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" "$n" <<'PY'
import os, random, sys, time
from email.utils import formatdate
from xml.sax.saxutils import escape
work, n = sys.argv[1], int(sys.argv[2])
random.seed(7)
texts = [
    ("Velotra : toujours pas reçu mon vélo commandé il y a un mois, je veux être remboursé", "fr"),
    ("Velotra ouvre un nouvel atelier de réparation à Lyon et recrute vingt techniciens", "fr"),
    ("J'adore mon Velotra City, la batterie tient toute la semaine, merci !", "fr"),
    ("Panne de l'application Velotra depuis ce matin, impossible de déverrouiller mon vélo", "fr"),
    ("Cyclix et Velotra comparés : lequel choisir pour aller au travail ?", "fr"),
    ("My Velotra battery died after two weeks and support keeps ignoring me", "en"),
    ("Velotra raises 40 million euros to expand in Germany, according to the company", "en"),
    ("Loving the new Velotra City, smooth ride and great brakes", "en"),
    ("Velotra charged me twice for the same order, still no refund", "en"),
    ("Cyclix announces a cheaper e-bike to compete with Velotra", "en"),
]
os.makedirs(os.path.join(work, "feeds"))
per = 100
sources = max(1, n // per)
now = time.time()
for s in range(sources):
    items = []
    for i in range(per):
        k = s * per + i
        # One item in ten repeats an item of the previous source (the next
        # one there, which is an original).
        ident = (k - per + 1) if (s > 0 and i % 10 == 0) else k
        text, _ = texts[ident % len(texts)]
        items.append(
            "<item><title>%s (%d)</title><link>https://news.example.com/a/%d</link>"
            "<guid>https://news.example.com/a/%d</guid><pubDate>%s</pubDate>"
            "<description>%s, article %d.</description><dc:creator>Auteur %d</dc:creator></item>"
            % (escape(text), ident, ident, ident, formatdate(now - (ident % 10000) * 30, usegmt=True),
               escape(text), ident, ident % 997))
    with open(os.path.join(work, "feeds", "s%d.xml" % s), "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
                'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>bench</title>'
                '<link>https://news.example.com/</link><description>bench</description>\n')
        f.write("\n".join(items))
        f.write("\n</channel></rss>\n")
with open(os.path.join(work, "veille.toml"), "w") as f:
    f.write('[veille]\ndata_dir = "var"\nlookback_hours = 87600\n\n'
            '[[brands]]\nname = "Velotra"\nquery = \'velotra OR "velotra city"\'\ncompetitors = ["Cyclix"]\n\n'
            '[[brands]]\nname = "Cyclix"\nquery = "cyclix"\ncompetitor = true\n\n')
    for s in range(sources):
        f.write('[[sources]]\nname = "s%d"\ntype = "rss"\nurl = "file:feeds/s%d.xml"\nmax_items = %d\n\n' % (s, s, per))
    f.write('[tickets]\nlang = "fr"\n\n[email]\nto = ["marketing@example.com"]\ndigest = "run"\n')
PY

run() {  # prints wall seconds; the run's summary goes to $work/$1.txt
  local t0 t1
  t0=$(date +%s.%N)
  "$veille" --config "$work/veille.toml" --log-level error run > "$work/$1.txt" 2> "$work/err.txt" || {
    echo "whole_run.sh: veille run failed:" >&2; cat "$work/err.txt" >&2; exit 1; }
  t1=$(date +%s.%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }'
}
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

fresh=()
again=()
for ((r = 0; r < reps; r++)); do
  rm -rf "$work/var"
  fresh+=("$(run fresh)")
  again+=("$(run again)")
done
echo "the last fresh run:"
sed 's/^/  /' "$work/fresh.txt"
echo "the last rerun:"
sed 's/^/  /' "$work/again.txt"
f=$(printf '%s\n' "${fresh[@]}" | median)
a=$(printf '%s\n' "${again[@]}" | median)
printf 'whole run, %d mentions offered (%d sources of 100, 1 in 10 a cross-source duplicate), median of %d:\n' \
  "$n" "$((n / 100))" "$reps"
printf '  fresh state: %.2f s wall, %.0f mentions/s   (runs: %s)\n' "$f" "$(awk -v n="$n" -v t="$f" 'BEGIN { print n / t }')" "${fresh[*]}"
printf '  rerun, nothing new: %.2f s wall   (runs: %s)\n' "$a" "${again[*]}"
