// veille_sentiment_eval: runs Evaluate() on labeled files, for tuning the
// lexicons and rules before (and besides) the veille CLI.
//   veille_sentiment_eval [--lang fr] [--lexicon extra.lex]... [--pos 0.05] [--neg -0.05] file.tsv...
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <unistd.h>

#include "sentiment/eval.h"
#include "sentiment/scorer.h"

int main(int argc, char** argv) {
  veille::sentiment::ScorerOptions options;
  std::string lang;
  std::vector<std::string> files;
  bool stream = false;  // --stream: RunSentimentStream on stdin instead
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << a << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--lang") {
      lang = next();
    } else if (a == "--lexicon") {
      options.extra_lexicons.push_back(next());
    } else if (a == "--pos") {
      options.positive_threshold = std::atof(next().c_str());
    } else if (a == "--neg") {
      options.negative_threshold = std::atof(next().c_str());
    } else if (a == "--stream") {
      stream = true;
    } else if (a == "-h" || a == "--help") {
      std::cout << "usage: veille_sentiment_eval [--lang CODE] [--lexicon FILE]... [--pos X] [--neg X] FILE.tsv...\n"
                   "       veille_sentiment_eval --stream [--lang CODE] < texts.txt\n";
      return 0;
    } else {
      files.push_back(a);
    }
  }
  if (stream) {
    auto scorer = veille::sentiment::Scorer::Create(options);
    if (!scorer.ok()) {
      std::cerr << scorer.status().ToString() << "\n";
      return 1;
    }
    // On the descriptors, as `veille sentiment` runs it: each line read is
    // answered before the stream waits for more.
    auto n = veille::sentiment::RunSentimentStream(**scorer, STDIN_FILENO, STDOUT_FILENO, lang);
    if (!n.ok()) {
      std::cerr << n.status().ToString() << "\n";
      return 1;
    }
    return 0;
  }
  if (files.empty()) {
    std::cerr << "usage: veille_sentiment_eval [--lang CODE] [--lexicon FILE]... FILE.tsv...\n";
    return 2;
  }
  auto scorer = veille::sentiment::Scorer::Create(options);
  if (!scorer.ok()) {
    std::cerr << scorer.status().ToString() << "\n";
    return 1;
  }
  int rc = 0;
  for (const std::string& f : files) {
    std::ifstream in(f);
    if (!in) {
      std::cerr << f << ": cannot open\n";
      rc = 1;
      continue;
    }
    auto report = veille::sentiment::Evaluate(**scorer, in, lang);
    if (!report.ok()) {
      std::cerr << f << ": " << report.status().ToString() << "\n";
      rc = 1;
      continue;
    }
    std::cout << "== " << f << "\n" << veille::sentiment::FormatEvalReport(*report);
  }
  return rc;
}
