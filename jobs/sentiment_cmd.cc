// `veille sentiment` and `veille eval`: the scorer on its own, for trying it
// on text and measuring it on labeled data.
#include <cstdio>
#include <fstream>
#include <iostream>

#include <unistd.h>

#include "common/log.h"
#include "jobs/command.h"
#include "jobs/pipeline.h"
#include "sentiment/eval.h"
#include "sentiment/scorer.h"

namespace veille {
namespace {

struct SentimentOptions {
  std::string lang;  // empty: identify per text
  std::string reasons_lang = "en";
  std::vector<std::string> lexicons;
};
SentimentOptions g_sentiment;

struct EvalOptions {
  std::string file;
  std::string lang;
  std::vector<std::string> lexicons;
};
EvalOptions g_eval;

// These commands need no config file; extra lexicons come from --lexicon.
Result<std::unique_ptr<sentiment::Scorer>> ScorerFor(const std::vector<std::string>& lexicons,
                                                     const std::string& reasons_lang = "en") {
  sentiment::ScorerOptions o;
  o.extra_lexicons = lexicons;
  o.reasons_lang = reasons_lang;
  return sentiment::Scorer::Create(o);
}

int RunSentiment(const GlobalOptions&) {
  auto scorer = ScorerFor(g_sentiment.lexicons, g_sentiment.reasons_lang);
  if (!scorer.ok()) {
    log::Error("sentiment.load_failed").Kv("error", scorer.status().ToString());
    return kExitUsage;
  }
  // Straight on the descriptors: large reads and writes, no stream buffer
  // copying every byte in and out. Nothing else reads stdin; anything the
  // process wrote to std::cout goes out first.
  std::cout.flush();
  auto n = sentiment::RunSentimentStream(**scorer, STDIN_FILENO, STDOUT_FILENO, g_sentiment.lang);
  if (!n.ok()) {
    log::Error("sentiment.failed").Kv("error", n.status().ToString());
    return kExitFailed;
  }
  return kExitOk;
}

int RunEval(const GlobalOptions&) {
  auto scorer = ScorerFor(g_eval.lexicons);
  if (!scorer.ok()) {
    log::Error("eval.load_failed").Kv("error", scorer.status().ToString());
    return kExitUsage;
  }
  std::ifstream in(g_eval.file, std::ios::binary);
  if (!in) {
    log::Error("eval.open_failed").Kv("file", g_eval.file);
    return kExitUsage;
  }
  auto report = sentiment::Evaluate(**scorer, in, g_eval.lang);
  if (!report.ok()) {
    log::Error("eval.failed").Kv("file", g_eval.file).Kv("error", report.status().ToString());
    return kExitFailed;
  }
  std::printf("%s", sentiment::FormatEvalReport(*report).c_str());
  return kExitOk;
}

}  // namespace

const Command kSentimentCommand = {
    "sentiment", "Score one text per line of stdin; one JSON object per line on stdout",
    [](CLI::App& app) {
      app.add_option("--lang", g_sentiment.lang, "Force the language (fr, en); default: identify per text");
      app.add_option("--lexicon", g_sentiment.lexicons, "Extra lexicon file (repeatable)");
      app.add_option("--reasons-lang", g_sentiment.reasons_lang,
                     "Language of the reasons: en (default) or fr, as the tickets' (tickets.lang)");
    },
    RunSentiment};

const Command kEvalCommand = {
    "eval", "Measure the scorer on a label<TAB>text file (labels pos, neg, neu)",
    [](CLI::App& app) {
      app.add_option("file", g_eval.file, "TSV file")->required();
      app.add_option("--lang", g_eval.lang, "Force the language (fr, en)");
      app.add_option("--lexicon", g_eval.lexicons, "Extra lexicon file (repeatable)");
    },
    RunEval};

}  // namespace veille
