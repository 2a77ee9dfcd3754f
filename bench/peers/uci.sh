#!/usr/bin/env bash
# English data the scorer was never tuned on: the UCI "Sentiment Labelled
# Sentences" (Kotzias et al., KDD 2015; 1,000 review sentences each from
# IMDB, Amazon and Yelp, half positive, half negative, no neutral), as the
# npm package `sentiment` ships them in its test fixtures. Writes them as
# label<TAB>text files and runs run.sh on them beside the peers:
#
#   bench/peers/uci.sh            # quality and speed, as run.sh prints them
#   OUT=dir bench/peers/uci.sh    # also keep the .tsv files in dir
#
# Nothing is copied into the project: the sentences come from the package
# run.sh installs (MIT; the dataset is CC BY 4.0 at the UCI repository).
# Every sentence is polar, so that a neutral label counts as wrong; `veille
# eval` also prints the accuracy with neutral resolved by the score's sign.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [[ ! -d $here/node_modules/sentiment ]]; then
  (cd "$here" && npm install --no-audit --no-fund >&2)
fi
out=${OUT:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dir=${out:-$work}
mkdir -p "$dir"
for set in imdb amazon yelp; do
  # "en_" first: run.sh takes a file's language from its name.
  (cd "$here" && node -e '
    const rows = require("./node_modules/sentiment/test/fixtures/" + process.argv[1] + ".json");
    const lines = [];
    for (const r of rows) {
      const text = String(r.text).replace(/[\t\r\n]+/g, " ").trim();
      if (text && (r.class === 0 || r.class === 1)) lines.push((r.class ? "pos" : "neg") + "\t" + text);
    }
    require("fs").writeFileSync(process.argv[2], lines.join("\n") + "\n");' "$set" "$dir/en_uci_$set.tsv")
done
"$here/run.sh" "$dir"/en_uci_*.tsv
