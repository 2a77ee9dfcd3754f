#!/usr/bin/env bash
# Runs veille's scorer and the peer npm packages side by side on the same
# label<TAB>text files, on one pinned core, and prints one table: quality
# (accuracy, macro-F1) and speed (texts/s) of ours and of the peers.
#
#   bench/peers/run.sh [FILE.tsv...]
#
# Default files: ../shared/data/sentiment/*.tsv beside the checkout. Needs a
# build (build/veille, build/bench/sentiment/veille_sentiment_bench; BUILD=
# to use another dir), node and npm; the peers are npm-installed into
# bench/peers/node_modules (gitignored) on first run. CPU= picks the core
# (default 1), REPS= the runs per speed figure (default 5, median kept).
#
# Speed figures:
#  - scorer: Google Benchmark on the file's texts, median items_per_second
#    over REPS repetitions, language identified per text: BM_Score (a fresh
#    Verdict a text, as a caller scoring one mention gets it) and
#    BM_ScoreInto (one Verdict reused, as `veille sentiment` and any caller
#    scoring a batch do: no allocation once warm), and BM_ScoreIntoWithHint,
#    BM_ScoreInto given the file's language as the peers are (and as a
#    source's tag and `veille sentiment --lang` give it);
#  - command: `veille sentiment --lang xx < texts` on the file's texts
#    repeated to at least 200,000 lines, median over REPS runs, start-up and
#    JSON output included;
#  - peers: each package scoring the same texts in a loop for >= 1 s;
#  - a file of fewer than 2,000 texts gets a † and a note: scored over and
#    over, a few hundred texts are learnt by the CPU's branch predictor, and
#    ours then runs up to twice as fast as on texts it has not seen (324
#    texts of fr_xlmt_val: 2.0M/s; 1,839 of fr_xlmt_train: 0.96M/s, the same
#    kind of text). Quote the figures of the large files;
#  - reference: afinn_ref.cc, the algorithm of the fastest peer (AFINN, npm
#    `sentiment`) ported to C++ with the standard library, scored the same
#    way: how much of a peer ratio is the language rather than the work.
# All rates are per second of CPU time (user + system) on the pinned core,
# Google Benchmark's default, so that other load on a shared machine does
# not count against anyone; wall-clock rates are printed beside them.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${BUILD:-$root/build}
cpu=${CPU:-1}
reps=${REPS:-5}
veille=$build/veille
bench=$build/bench/sentiment/veille_sentiment_bench
# Not in scripts/deps (the build and tests need none of them): Debian
# packages nodejs, npm, time and g++.
for tool in node npm c++ /usr/bin/time taskset; do
  command -v "$tool" > /dev/null || { echo "run.sh: needs $tool (apt-get install nodejs npm time util-linux g++)" >&2; exit 1; }
done
for b in "$veille" "$bench"; do
  [[ -x $b ]] || { echo "run.sh: $b not built (cmake --build build --target veille veille_sentiment_bench)" >&2; exit 1; }
done
if [[ $# -eq 0 ]]; then
  set -- "$root"/../shared/data/sentiment/*.tsv
fi
files=()
for f in "$@"; do
  [[ -r $f ]] || { echo "run.sh: cannot read $f" >&2; exit 1; }
  # Absolute: the peers run from this directory, not the caller's.
  files+=("$(realpath "$f")")
done
set -- "${files[@]}"
if [[ ! -d $here/node_modules/vader-sentiment ]]; then
  (cd "$here" && npm install --no-audit --no-fund >&2)
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The C++ reference, built from the package's own AFINN labels and negators.
c++ -O2 -std=c++20 -o "$work/afinn_ref" "$here/afinn_ref.cc"
(cd "$here" && node -e '
  const en = "node_modules/sentiment/languages/en/";
  const labels = require("./" + en + "labels.json"), negators = require("./" + en + "negators.json");
  const fs = require("fs");
  fs.writeFileSync(process.argv[1], Object.entries(labels).filter(([w]) => !/[\t\n]/.test(w)).map(([w, s]) => w + "\t" + s + "\n").join(""));
  fs.writeFileSync(process.argv[2], Object.keys(negators).join("\n") + "\n");' "$work/afinn_labels.tsv" "$work/afinn_negators.txt")
pin=(taskset -c "$cpu")
median() { sort -g | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

results=$work/results.jsonl
: > "$results"
for f in "$@"; do
  name=$(basename "$f")
  lang=en
  [[ $name == fr* ]] && lang=fr
  echo "== $name" >&2
  cut -f2- "$f" > "$work/texts"
  lines=$(wc -l < "$work/texts")

  # Quality: veille eval.
  "$veille" eval "$f" > "$work/eval"
  acc=$(awk '/^accuracy/ {print $2}' "$work/eval")
  f1=$(awk '/^accuracy/ {print $4}' "$work/eval")

  # Scorer alone: Google Benchmark.
  VEILLE_SENTIMENT_BENCH_TEXTS=$work/texts VEILLE_SENTIMENT_BENCH_LANG=$lang "${pin[@]}" "$bench" \
    --benchmark_filter='BM_Score$|BM_ScoreInto$|BM_ScoreIntoWithHint$' \
    --benchmark_repetitions="$reps" --benchmark_format=json > "$work/gbench.json" 2> /dev/null
  gmedian() {
    node -e '
      const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
      const v = r.benchmarks.filter((b) => b.run_type === "iteration" && b.run_name === process.argv[2])
                  .map((b) => b.items_per_second).sort((a, b) => a - b);
      const m = v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
      console.log(Math.round(m));' "$work/gbench.json" "$1"
  }
  scorer=$(gmedian BM_Score)
  scorer_into=$(gmedian BM_ScoreInto)
  scorer_hint=$(gmedian BM_ScoreIntoWithHint)

  # Whole command on a large input.
  : > "$work/big"
  n=0
  while (( n < 200000 )); do cat "$work/texts" >> "$work/big"; n=$((n + lines)); done
  : > "$work/cmd_cpu"
  : > "$work/cmd_wall"
  for ((i = 0; i < reps; ++i)); do
    /usr/bin/time -f '%e %U %S' -o "$work/time" "${pin[@]}" "$veille" sentiment --lang "$lang" < "$work/big" > /dev/null
    awk '{print $2 + $3 >> "'"$work/cmd_cpu"'"; print $1 >> "'"$work/cmd_wall"'"}' "$work/time"
  done
  command=$(median < "$work/cmd_cpu" | awk -v n="$n" '{printf "%d", n / $1}')
  command_wall=$(median < "$work/cmd_wall" | awk -v n="$n" '{printf "%d", n / $1}')

  printf '{"file":"%s","peer":"veille","lang":"%s","accuracy":%s,"macro_f1":%s,"texts_per_s":%s,"into_texts_per_s":%s,"hint_texts_per_s":%s,"command_texts_per_s":%s,"command_wall_texts_per_s":%s,"command_lines":%s,"distinct_texts":%s}\n' \
    "$name" "$lang" "$acc" "$f1" "$scorer" "$scorer_into" "$scorer_hint" "$command" "$command_wall" "$n" "$lines" >> "$results"
  # Peers, same core.
  (cd "$here" && "${pin[@]}" node peers.js "$f") >> "$results"
  "${pin[@]}" "$work/afinn_ref" "$work/afinn_labels.tsv" "$work/afinn_negators.txt" "$f" >> "$results"
done
node "$here/report.js" "$results"
