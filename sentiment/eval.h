// Batch helpers around a Scorer for the CLI and for tuning: score a stream of
// texts to JSON lines, and evaluate against a labeled file.
//
// Stateless functions; they only read the shared const Scorer, so several
// may run at once on different streams.
#pragma once

#include <array>
#include <cstdint>
#include <istream>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "sentiment/scorer.h"

namespace veille::sentiment {

// Reads one text per line, writes one JSON object per line: {"score",
// "label","lang","complaint","reasons","complaint_reasons"} (RapidJSON
// writer; invalid UTF-8 is replaced by U+FFFD). `lang`: forced language or ""
// for auto. Returns the number of lines processed, or IOError when reading or
// writing failed.
Result<int64_t> RunSentimentStream(const Scorer& scorer, std::istream& in, std::ostream& out,
                                   std::string_view lang);
// The same on file descriptors (the command's stdin and stdout), without a
// stream's buffers in between: reads what is there, answers it, then waits
// for more.
Result<int64_t> RunSentimentStream(const Scorer& scorer, int in_fd, int out_fd, std::string_view lang);

namespace internal {
// Writes the score as the stream does, round(score * 1e4) / 1e4 in RapidJSON
// dtoa's shortest form, at `p` (room: 32 bytes); returns the end. For tests.
char* WriteScore(double score, char* p);
}  // namespace internal

struct ClassStats {
  int64_t support = 0;    // gold items of this class
  int64_t predicted = 0;  // items predicted as this class
  int64_t correct = 0;
  double precision = 0;
  double recall = 0;
  double f1 = 0;
};

struct EvalReport {
  int64_t items = 0;      // well-formed lines scored
  int64_t correct = 0;
  int64_t malformed = 0;  // lines skipped
  std::vector<std::string> malformed_examples;  // "line 12: no TAB", first 20
  double accuracy = 0;
  // Indexed by SentimentLabel (negative, neutral, positive).
  std::array<ClassStats, 3> classes;
  std::array<std::array<int64_t, 3>, 3> confusion{};  // [gold][predicted]
  std::vector<SentimentLabel> labels_present;  // gold labels seen
  double macro_f1 = 0;    // over labels_present
  // For gold sets with only pos and neg: the accuracy when a neutral
  // prediction is resolved by the sign of its score (0 counts as wrong), and
  // how many predictions were neutral.
  bool binary_gold = false;
  double polarity_accuracy = 0;
  int64_t predicted_neutral = 0;
};

// Reads `label<TAB>text` lines (labels pos/neg/neu, also positive/negative/
// neutral); blank lines and lines starting with '#' are skipped silently.
// Malformed lines are counted with their line number. Fails when no line
// was usable or the stream failed.
Result<EvalReport> Evaluate(const Scorer& scorer, std::istream& tsv, std::string_view lang);

// A human-readable, multi-line report.
std::string FormatEvalReport(const EvalReport& report);

}  // namespace veille::sentiment
