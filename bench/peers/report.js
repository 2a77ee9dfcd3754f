// Formats bench/peers/run.sh's JSON lines as a Markdown table.
'use strict';
const fs = require('fs');
const rows = fs.readFileSync(process.argv[2], 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const files = [...new Set(rows.map((r) => r.file))];
const f3 = (x) => (x === undefined ? '–' : x.toFixed(3));
// Below this many texts, run.sh's rates are those of texts the CPU has learnt.
const kLearnt = 2000;
const k = (x) => (x >= 1e6 ? (x / 1e6).toFixed(2) + 'M' : Math.round(x / 1e3) + 'k');
console.log('Rates are texts per CPU-second on one pinned core (wall-clock rates in the second table).\n');
console.log('Scorer: BM_Score (a fresh Verdict a text) / BM_ScoreInto (one Verdict reused, as the command does), ' +
            'language identified per text; "given the language": BM_ScoreIntoWithHint, told the file\'s language as ' +
            'the peers are. "Fastest peer" is over all peers, including English-only ones reading French text as English; ' +
            '"fastest in the language" only over the peers that score the file\'s language.\n');
console.log('| file | ours acc | ours macro-F1 | best peer (macro-F1) | best peer acc | ours scorer texts/s | ours scorer given the language | ours command texts/s | fastest peer texts/s | fastest in the language | scorer / fastest | given the language / fastest | command / fastest | given the language / fastest in the language | scorer / AFINN in C++ |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
const both = (a, b) => (b === undefined ? a : `${a} / ${b}`);
for (const file of files) {
  const ours = rows.find((r) => r.file === file && r.peer === 'veille');
  const peers = rows.filter((r) => r.file === file && r.peer !== 'veille' && !r.reference);
  const ref = rows.find((r) => r.file === file && r.reference);
  const rated = peers.filter((r) => r.macro_f1 !== undefined).sort((a, b) => b.macro_f1 - a.macro_f1);
  const best = rated[0];
  const fastest = peers.slice().sort((a, b) => b.texts_per_s - a.texts_per_s)[0];
  const inLang = peers.filter((r) => r.lang === ours.lang).sort((a, b) => b.texts_per_s - a.texts_per_s)[0];
  const hint = ours.hint_texts_per_s;
  const ratio = (x, y) => (x && y ? (x / y.texts_per_s).toFixed(1) + 'x' : '–');
  const few = ours.distinct_texts !== undefined && ours.distinct_texts < kLearnt;
  console.log(`| ${file}${few ? ' †' : ''} | ${f3(ours.accuracy)} | ${f3(ours.macro_f1)} | ${best ? `${best.peer} ${f3(best.macro_f1)}` : '–'} | ` +
              `${best ? f3(best.accuracy) : '–'} | ${both(k(ours.texts_per_s), ours.into_texts_per_s && k(ours.into_texts_per_s))} | ` +
              `${hint ? k(hint) : '–'} | ${k(ours.command_texts_per_s)} | ${fastest.peer} ${k(fastest.texts_per_s)} | ` +
              `${inLang ? `${inLang.peer} ${k(inLang.texts_per_s)}` : '–'} | ` +
              `${both((ours.texts_per_s / fastest.texts_per_s).toFixed(1) + 'x', ours.into_texts_per_s && (ours.into_texts_per_s / fastest.texts_per_s).toFixed(1) + 'x')} | ` +
              `${ratio(hint, fastest)} | ${(ours.command_texts_per_s / fastest.texts_per_s).toFixed(1)}x | ${ratio(hint, inLang)} | ` +
              `${ref ? both((ours.texts_per_s / ref.texts_per_s).toFixed(1) + 'x', ours.into_texts_per_s && (ours.into_texts_per_s / ref.texts_per_s).toFixed(1) + 'x') : '–'} |`);
}
if (rows.some((r) => r.peer === 'veille' && r.distinct_texts < kLearnt)) {
  console.log(`\n† fewer than ${kLearnt} distinct texts: scored over and over, so few are learnt by the CPU's branch ` +
              'predictor, and our rates overstate what new texts get (up to 2x). Quote the larger files.');
}
console.log('\nAll peers (texts/s on the same core; quality only in their own languages):\n');
console.log('| file | peer | read as | accuracy | macro-F1 | texts/CPU-s | texts/wall-s |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  const wall = r.peer === 'veille' ? `${k(r.command_wall_texts_per_s)} (command)` : k(r.wall_texts_per_s);
  const cpu = r.peer === 'veille'
    ? `${both(k(r.texts_per_s), r.into_texts_per_s && k(r.into_texts_per_s))} (scorer), ` +
      `${r.hint_texts_per_s ? k(r.hint_texts_per_s) + ' (scorer given the language), ' : ''}${k(r.command_texts_per_s)} (command)`
    : k(r.texts_per_s);
  console.log(`| ${r.file} | ${r.peer} | ${r.lang} | ${f3(r.accuracy)} | ${f3(r.macro_f1)} | ${cpu} | ${wall} |`);
}
