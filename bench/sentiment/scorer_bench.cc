// Throughput of Scorer::Score on short texts, one core.
//   veille_sentiment_bench                       # the tests' fixture texts
//   VEILLE_SENTIMENT_BENCH_TEXTS=texts.txt veille_sentiment_bench
// items_per_second is texts scored per second. BM_ScoreTweets scores texts
// of tweet length (about 90 bytes), made by joining two fixture texts.
// The *WithHint benchmarks give each text its language, as a source's tag
// and `veille sentiment --lang` do (and as the peers of bench/peers are
// told it): the fixture texts are tagged by their file, a
// VEILLE_SENTIMENT_BENCH_TEXTS file by VEILLE_SENTIMENT_BENCH_LANG, else by
// its name's first two letters when they are "en" or "fr".
//
// Rates depend on how many distinct texts are scored. A few hundred texts
// scored over and over are learnt by the CPU's branch predictor, and run
// up to twice as fast as texts it has not seen: the first 324 tweets of
// en_vader_tweets score at 2.3M/s, all 4,200 at 1.0M/s. The fixture texts
// (122) measure a change's direction, not the speed new mentions get:
// quote rates over 2,000 texts or more (VEILLE_SENTIMENT_BENCH_TEXTS, and
// bench/peers/run.sh on the development files).
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include <benchmark/benchmark.h>

#include "sentiment/builtin_lexicons.h"
#include "sentiment/eval.h"
#include "sentiment/lexicon.h"
#include "sentiment/scorer.h"
#include "sentiment/text.h"

namespace {

// The texts to score and, in the same order, their languages: the
// fixture texts tagged by their file, a VEILLE_SENTIMENT_BENCH_TEXTS file
// by VEILLE_SENTIMENT_BENCH_LANG or its name's "en"/"fr" prefix. `langs`
// is empty when that file's language is not known.
struct TaggedTexts {
  std::vector<std::string> texts;
  std::vector<std::string> langs;
};

TaggedTexts LoadTaggedTexts() {
  TaggedTexts t;
  auto read = [&](const std::string& path, bool tsv, const std::string& lang) {
    std::ifstream in(path);
    if (!in) {
      std::cerr << "cannot open " << path << "\n";
      std::exit(1);
    }
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      if (tsv) {
        size_t tab = line.find('\t');
        if (tab == std::string::npos) continue;
        line = line.substr(tab + 1);
      }
      t.texts.push_back(line);
      if (!lang.empty()) t.langs.push_back(lang);
    }
  };
  if (const char* env = std::getenv("VEILLE_SENTIMENT_BENCH_TEXTS")) {
    std::string lang;
    if (const char* l = std::getenv("VEILLE_SENTIMENT_BENCH_LANG")) {
      lang = l;
    } else {
      const std::string path(env);
      const std::string name = path.substr(path.find_last_of('/') + 1);
      if (name.starts_with("en") || name.starts_with("fr")) lang = name.substr(0, 2);
    }
    read(env, false, lang);
  } else {
    read(std::string(VEILLE_SENTIMENT_FIXTURES) + "/labeled_fr.tsv", true, "fr");
    read(std::string(VEILLE_SENTIMENT_FIXTURES) + "/labeled_en.tsv", true, "en");
  }
  if (t.texts.empty()) {
    std::cerr << "no texts\n";
    std::exit(1);
  }
  return t;
}

std::vector<std::string> LoadTexts() { return LoadTaggedTexts().texts; }

// Tweet-length texts: each fixture text followed by another one, so that a
// text has two or three sentences and about twice the fixtures' 44 bytes,
// like the tweets of en_vader_tweets. Deterministic.
std::vector<std::string> TweetTexts() {
  const std::vector<std::string> shorts = LoadTexts();
  std::vector<std::string> texts;
  texts.reserve(shorts.size());
  for (size_t i = 0; i < shorts.size(); ++i) {
    texts.push_back(shorts[i] + " " + shorts[(i * 7 + 3) % shorts.size()]);
  }
  return texts;
}

const veille::sentiment::Scorer& GetScorer() {
  static auto scorer = [] {
    auto s = veille::sentiment::Scorer::Create();
    if (!s.ok()) {
      std::cerr << s.status().ToString() << "\n";
      std::exit(1);
    }
    return std::move(s).value();
  }();
  return *scorer;
}

// Score() over `texts` in turn, language identified per text.
void ScoreEach(benchmark::State& state, const std::vector<std::string>& texts) {
  const auto& scorer = GetScorer();
  size_t i = 0;
  size_t bytes = 0;
  for (auto _ : state) {
    const std::string& t = texts[i];
    veille::Verdict v = scorer.Score(t);
    benchmark::DoNotOptimize(v);
    bytes += t.size();
    if (++i == texts.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

void BM_Score(benchmark::State& state) {
  static const std::vector<std::string> texts = LoadTexts();
  ScoreEach(state, texts);
  state.counters["texts"] = static_cast<double>(texts.size());
}
BENCHMARK(BM_Score);

void BM_ScoreTweets(benchmark::State& state) {
  static const std::vector<std::string> texts = TweetTexts();
  ScoreEach(state, texts);
}
BENCHMARK(BM_ScoreTweets);

// Scores `texts` in turn into one reused Verdict (ScoreInto), as `veille
// sentiment` does: no allocation per text once warm.
void ScoreEachInto(benchmark::State& state, const std::vector<std::string>& texts) {
  const auto& scorer = GetScorer();
  veille::Verdict v;
  size_t i = 0;
  for (auto _ : state) {
    scorer.ScoreInto(texts[i], {}, &v);
    benchmark::DoNotOptimize(v);
    if (++i == texts.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_ScoreTweetsInto(benchmark::State& state) {
  static const std::vector<std::string> texts = TweetTexts();
  ScoreEachInto(state, texts);
}
BENCHMARK(BM_ScoreTweetsInto);

// BM_Score into one reused Verdict: the scorer without the allocations a
// fresh Verdict's strings cost.
void BM_ScoreInto(benchmark::State& state) {
  static const std::vector<std::string> texts = LoadTexts();
  ScoreEachInto(state, texts);
}
BENCHMARK(BM_ScoreInto);

// `veille sentiment --lang en` without the process: RunSentimentStream over
// all texts, one per line, scored and written as JSON to a stream that
// discards them. items_per_second is lines per second.
void BM_StreamEn(benchmark::State& state) {
  static const std::vector<std::string> texts = LoadTexts();
  std::string all;
  for (const std::string& t : texts) all.append(t).push_back('\n');
  struct Discard : std::streambuf {
    int_type overflow(int_type c) override { return traits_type::not_eof(c); }
    std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
  } discard;
  std::ostream out(&discard);
  const auto& scorer = GetScorer();
  for (auto _ : state) {
    std::istringstream in(all);
    auto lines = veille::sentiment::RunSentimentStream(scorer, in, out, "en");
    benchmark::DoNotOptimize(lines);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(texts.size()));
}
BENCHMARK(BM_StreamEn);

// As `veille sentiment --lang en < file > /dev/null` runs it: on descriptors,
// a file of all texts read from its start at each iteration.
void BM_StreamEnFd(benchmark::State& state) {
  static const std::vector<std::string> texts = LoadTexts();
  std::string all;
  for (const std::string& t : texts) all.append(t).push_back('\n');
  FILE* in = std::tmpfile();
  const int out = ::open("/dev/null", O_WRONLY);
  if (in == nullptr || out < 0 || std::fwrite(all.data(), 1, all.size(), in) != all.size() || std::fflush(in) != 0) {
    state.SkipWithError("no temporary file or /dev/null");
    return;
  }
  const auto& scorer = GetScorer();
  for (auto _ : state) {
    ::lseek(fileno(in), 0, SEEK_SET);
    auto lines = veille::sentiment::RunSentimentStream(scorer, fileno(in), out, "en");
    benchmark::DoNotOptimize(lines);
  }
  std::fclose(in);
  ::close(out);
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(texts.size()));
}
BENCHMARK(BM_StreamEnFd);

// With each text's language, as a source's tag gives it: no
// identification. A fresh Verdict a text (as BM_Score), and one reused (as
// BM_ScoreInto, and as `veille sentiment --lang` scores each line).
template <bool kReuse>
void ScoreEachWithHint(benchmark::State& state) {
  static const TaggedTexts tagged = LoadTaggedTexts();
  const std::vector<std::string>& texts = tagged.texts;
  const std::vector<std::string>& langs = tagged.langs;
  if (langs.size() != texts.size()) {
    state.SkipWithError("no language for the texts: set VEILLE_SENTIMENT_BENCH_LANG");
    return;
  }
  const auto& scorer = GetScorer();
  veille::Verdict reused;
  size_t i = 0;
  for (auto _ : state) {
    if constexpr (kReuse) {
      scorer.ScoreInto(texts[i], langs[i], &reused);
      benchmark::DoNotOptimize(reused);
    } else {
      veille::Verdict v = scorer.Score(texts[i], langs[i]);
      benchmark::DoNotOptimize(v);
    }
    if (++i == texts.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
void BM_ScoreWithHint(benchmark::State& state) { ScoreEachWithHint<false>(state); }
BENCHMARK(BM_ScoreWithHint);
void BM_ScoreIntoWithHint(benchmark::State& state) { ScoreEachWithHint<true>(state); }
BENCHMARK(BM_ScoreIntoWithHint);

// The tokenizer alone, and the tokenizer plus one lexicon look-up per word:
// where a text's time goes.
const veille::sentiment::Lexicon& GetLexicon() {
  static auto lex = [] {
    veille::sentiment::LexiconBuilder b;
    for (size_t i = 0; i < veille::sentiment::kBuiltinLexiconCount; ++i) {
      auto st = b.Add(veille::sentiment::kBuiltinLexicons[i].name, veille::sentiment::kBuiltinLexicons[i].content);
      if (!st.ok()) std::exit(1);
    }
    auto l = b.Build();
    if (!l.ok()) std::exit(1);
    return std::move(l).value();
  }();
  return *lex;
}

void BM_Tokenize(benchmark::State& state) {
  static const std::vector<std::string> texts = LoadTexts();
  const auto& lex = GetLexicon();
  veille::sentiment::TokenBuffer buf;
  size_t i = 0;
  for (auto _ : state) {
    veille::sentiment::Tokenize(texts[i], lex.emoticons(), &buf);
    benchmark::DoNotOptimize(buf.tokens.data());
    if (++i == texts.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Tokenize);

void BM_TokenizeAndFind(benchmark::State& state) {
  static const std::vector<std::string> texts = LoadTexts();
  const auto& lex = GetLexicon();
  veille::sentiment::TokenBuffer buf;
  size_t i = 0;
  for (auto _ : state) {
    veille::sentiment::Tokenize(texts[i], lex.emoticons(), &buf);
    int32_t found = 0;
    // By the hash the tokenizer carries, as the scorer looks words up.
    for (const auto& t : buf.tokens) {
      found += lex.FindHashed(buf.Text(t), veille::sentiment::Lexicon::HashFinish(t.hash)) >= 0;
    }
    benchmark::DoNotOptimize(found);
    if (++i == texts.size()) i = 0;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TokenizeAndFind);

void BM_Create(benchmark::State& state) {
  for (auto _ : state) {
    auto s = veille::sentiment::Scorer::Create();
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(BM_Create)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
