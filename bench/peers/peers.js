// Runs the peer sentiment packages on label<TAB>text files and prints, per
// file and peer, one JSON object a line: accuracy, macro-F1 (over the labels
// present in the file) and texts/s scored, by CPU time (user + system, so
// that other load on the machine does not count against the peer) and by
// wall time.
//   node peers.js FILE.tsv...   (bench/peers/run.sh installs and calls it)
// Language: a file whose name starts with "fr" is French, else English.
// Labels follow each peer's own sign: score >= its positive threshold is
// pos, <= its negative threshold is neg, else neu.
'use strict';
const fs = require('fs');
const path = require('path');

const MIN_SECONDS = Number(process.env.PEERS_MIN_SECONDS || 1.0);

function readTsv(file) {
  const items = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const tab = line.indexOf('\t');
    if (tab < 0) continue;
    const label = line.slice(0, tab);
    if (label !== 'pos' && label !== 'neg' && label !== 'neu') continue;
    items.push({ label, text: line.slice(tab + 1) });
  }
  return items;
}

function metrics(gold, pred) {
  const labels = ['neg', 'neu', 'pos'].filter((l) => gold.includes(l));
  let correct = 0;
  for (let i = 0; i < gold.length; ++i) if (gold[i] === pred[i]) ++correct;
  let f1sum = 0;
  for (const l of labels) {
    let tp = 0, pp = 0, gp = 0;
    for (let i = 0; i < gold.length; ++i) {
      if (pred[i] === l) ++pp;
      if (gold[i] === l) ++gp;
      if (pred[i] === l && gold[i] === l) ++tp;
    }
    const p = pp ? tp / pp : 0, r = gp ? tp / gp : 0;
    f1sum += p + r ? (2 * p * r) / (p + r) : 0;
  }
  return { accuracy: correct / gold.length, macro_f1: f1sum / labels.length };
}

const bySign = (pos, neg) => (s) => (s >= pos ? 'pos' : s <= neg ? 'neg' : 'neu');

async function makePeers() {
  const vader = require('vader-sentiment');
  const Sentiment = require('sentiment');
  const afinn = new Sentiment();
  const wink = require('wink-sentiment');
  const natural = require('natural');
  const naturalEn = new natural.SentimentAnalyzer('English', natural.PorterStemmer, 'afinn');
  const naturalFr = new natural.SentimentAnalyzer('French', natural.PorterStemmerFr, 'pattern');
  const wordTok = new natural.WordTokenizer();
  const frTok = new natural.AggressiveTokenizerFr();
  const { containerBootstrap } = require('@nlpjs/core');
  const { SentimentAnalyzer } = require('@nlpjs/sentiment');
  const { LangEn } = require('@nlpjs/lang-en');
  const { LangFr } = require('@nlpjs/lang-fr');
  const container = await containerBootstrap();
  container.use(LangEn);
  container.use(LangFr);
  const nlpjs = new SentimentAnalyzer({ container });
  const tokensOrOne = (t) => (t.length ? t : ['']);
  return [
    { name: 'vader-sentiment', langs: ['en'], label: bySign(0.05, -0.05),
      score: (t) => vader.SentimentIntensityAnalyzer.polarity_scores(t).compound },
    { name: 'sentiment (AFINN)', langs: ['en'], label: bySign(1e-9, -1e-9), score: (t) => afinn.analyze(t).score },
    { name: 'wink-sentiment', langs: ['en'], label: bySign(1e-9, -1e-9), score: (t) => wink(t).normalizedScore },
    { name: 'natural', langs: ['en', 'fr'], label: bySign(1e-9, -1e-9),
      score: (t, lang) => lang === 'fr' ? naturalFr.getSentiment(tokensOrOne(frTok.tokenize(t)))
                                        : naturalEn.getSentiment(tokensOrOne(wordTok.tokenize(t))) },
    { name: '@nlpjs/sentiment', langs: ['en', 'fr'], label: bySign(1e-9, -1e-9), async: true,
      score: async (t, lang) => (await nlpjs.process({ locale: lang, text: t })).sentiment.score },
  ];
}

async function scoreAll(peer, texts, lang) {
  const out = new Array(texts.length);
  if (peer.async) {
    for (let i = 0; i < texts.length; ++i) out[i] = await peer.score(texts[i], lang);
  } else {
    for (let i = 0; i < texts.length; ++i) out[i] = peer.score(texts[i], lang);
  }
  return out;
}

async function main() {
  const files = process.argv.slice(2);
  if (!files.length) {
    console.error('usage: node peers.js FILE.tsv...');
    process.exit(2);
  }
  const peers = await makePeers();
  for (const file of files) {
    const items = readTsv(file);
    if (!items.length) {
      console.error(`${file}: no label<TAB>text lines`);
      process.exit(1);
    }
    const lang = path.basename(file).startsWith('fr') ? 'fr' : 'en';
    const texts = items.map((x) => x.text);
    const gold = items.map((x) => x.label);
    for (const peer of peers) {
      // Quality on the peer's own languages; speed on every file (the same
      // texts for everyone), the peer reading it as English when it has no
      // French.
      const peerLang = peer.langs.includes(lang) ? lang : 'en';
      const scores = await scoreAll(peer, texts, peerLang);
      let passes = 0;
      const t0 = process.hrtime.bigint();
      const c0 = process.cpuUsage();
      let elapsed = 0;
      do {
        await scoreAll(peer, texts, peerLang);
        ++passes;
        elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
      } while (elapsed < MIN_SECONDS);
      const cpu = process.cpuUsage(c0);
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      const row = { file: path.basename(file), peer: peer.name, lang: peerLang,
                    texts_per_s: Math.round((passes * texts.length) / cpuSeconds),
                    wall_texts_per_s: Math.round((passes * texts.length) / elapsed) };
      if (peer.langs.includes(lang)) Object.assign(row, metrics(gold, scores.map(peer.label)));
      console.log(JSON.stringify(row));
    }
  }
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
