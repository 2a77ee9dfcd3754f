#include "sentiment/eval.h"

#include <cmath>
#include <cstdio>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "sentiment/text.h"

namespace veille::sentiment {
namespace {

// Copies `s`, replacing each invalid UTF-8 byte by U+FFFD, so that the JSON
// written is always valid whatever the input.
bool IsValidUtf8(std::string_view s) {
  size_t pos = 0;
  while (pos < s.size()) {
    if (static_cast<unsigned char>(s[pos]) < 0x80) {
      ++pos;
    } else if (DecodeUtf8(s, &pos) < 0) {
      return false;
    }
  }
  return true;
}

std::string ValidUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t pos = 0;
  while (pos < s.size()) {
    size_t start = pos;
    if (DecodeUtf8(s, &pos) < 0) {
      out += "\xEF\xBF\xBD";
    } else {
      out.append(s, start, pos - start);
    }
  }
  return out;
}

bool ParseGold(std::string_view text, SentimentLabel* label) {
  if (text == "pos" || text == "positive") {
    *label = SentimentLabel::kPositive;
  } else if (text == "neg" || text == "negative") {
    *label = SentimentLabel::kNegative;
  } else if (text == "neu" || text == "neutral") {
    *label = SentimentLabel::kNeutral;
  } else {
    return false;
  }
  return true;
}

}  // namespace

Result<int64_t> RunSentimentStream(const Scorer& scorer, std::istream& in, std::ostream& out,
                                   std::string_view lang) {
  int64_t lines = 0;
  std::string line;
  rapidjson::StringBuffer buf;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    Verdict v = scorer.Score(line, lang);
    buf.Clear();
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    w.StartObject();
    w.Key("score");
    w.Double(std::round(v.score * 10000) / 10000);
    w.Key("label");
    w.String(SentimentLabelName(v.label));
    // Reasons quote the text, which may hold invalid UTF-8: repaired, and
    // copied only then.
    auto put = [&w](const std::string& str) {
      if (IsValidUtf8(str)) {
        w.String(str.data(), static_cast<rapidjson::SizeType>(str.size()));
      } else {
        std::string fixed = ValidUtf8(str);
        w.String(fixed.data(), static_cast<rapidjson::SizeType>(fixed.size()));
      }
    };
    w.Key("lang");
    put(v.lang);
    w.Key("complaint");
    w.Bool(v.complaint);
    w.Key("service_topic");
    put(v.service_topic);
    for (const auto& [key, list] : {std::pair<const char*, const std::vector<std::string>*>{"reasons", &v.reasons},
                                    {"complaint_reasons", &v.complaint_reasons}}) {
      w.Key(key);
      w.StartArray();
      for (const std::string& r : *list) put(r);
      w.EndArray();
    }
    w.EndObject();
    out.write(buf.GetString(), static_cast<std::streamsize>(buf.GetSize()));
    out.put('\n');
    if (!out) return Status::IOError("sentiment stream: write failed after " + std::to_string(lines) + " lines");
    ++lines;
  }
  if (in.bad()) return Status::IOError("sentiment stream: read failed after " + std::to_string(lines) + " lines");
  return lines;
}

Result<EvalReport> Evaluate(const Scorer& scorer, std::istream& tsv, std::string_view lang) {
  EvalReport r;
  std::string line;
  int64_t line_no = 0;
  bool seen[3] = {};
  int64_t polarity_correct = 0;
  while (std::getline(tsv, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    size_t tab = line.find('\t');
    SentimentLabel gold = SentimentLabel::kNeutral;
    std::string problem;
    if (tab == std::string::npos) {
      problem = "no TAB between label and text";
    } else if (!ParseGold(std::string_view(line).substr(0, tab), &gold)) {
      problem = "unknown label \"" + ValidUtf8(line.substr(0, std::min<size_t>(tab, 20))) + "\" (pos, neg or neu)";
    } else if (tab + 1 >= line.size()) {
      problem = "empty text";
    }
    if (!problem.empty()) {
      ++r.malformed;
      if (r.malformed_examples.size() < 20) {
        r.malformed_examples.push_back("line " + std::to_string(line_no) + ": " + problem);
      }
      continue;
    }
    Verdict v = scorer.Score(std::string_view(line).substr(tab + 1), lang);
    int g = static_cast<int>(gold);
    int p = static_cast<int>(v.label);
    seen[g] = true;
    ++r.items;
    ++r.confusion[g][p];
    if (g == p) ++r.correct;
    if (v.label == SentimentLabel::kNeutral) ++r.predicted_neutral;
    SentimentLabel polar = v.label;
    if (polar == SentimentLabel::kNeutral && v.score != 0) {
      polar = v.score > 0 ? SentimentLabel::kPositive : SentimentLabel::kNegative;
    }
    if (polar == gold) ++polarity_correct;
  }
  if (tsv.bad()) return Status::IOError("evaluate: read failed at line " + std::to_string(line_no));
  if (r.items == 0) {
    std::string msg = "evaluate: no labeled line found (" + std::to_string(r.malformed) + " malformed)";
    if (!r.malformed_examples.empty()) msg += "; first: " + r.malformed_examples[0];
    return Status::InvalidArgument(msg);
  }
  r.accuracy = double(r.correct) / double(r.items);
  double f1_sum = 0;
  for (int c = 0; c < 3; ++c) {
    ClassStats& s = r.classes[c];
    for (int k = 0; k < 3; ++k) {
      s.support += r.confusion[c][k];
      s.predicted += r.confusion[k][c];
    }
    s.correct = r.confusion[c][c];
    s.precision = s.predicted ? double(s.correct) / double(s.predicted) : 0;
    s.recall = s.support ? double(s.correct) / double(s.support) : 0;
    s.f1 = s.precision + s.recall > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0;
    if (seen[c]) {
      r.labels_present.push_back(static_cast<SentimentLabel>(c));
      f1_sum += s.f1;
    }
  }
  r.macro_f1 = f1_sum / double(r.labels_present.size());
  r.binary_gold = !seen[static_cast<int>(SentimentLabel::kNeutral)];
  r.polarity_accuracy = double(polarity_correct) / double(r.items);
  return r;
}

std::string FormatEvalReport(const EvalReport& r) {
  std::string out;
  char line[256];
  std::snprintf(line, sizeof(line), "items %lld  malformed %lld\naccuracy %.4f  macro-F1 %.4f (over %zu labels)\n",
                static_cast<long long>(r.items), static_cast<long long>(r.malformed), r.accuracy, r.macro_f1,
                r.labels_present.size());
  out += line;
  for (int c = 0; c < 3; ++c) {
    const ClassStats& s = r.classes[c];
    std::snprintf(line, sizeof(line), "  %-8s support %6lld  predicted %6lld  P %.4f  R %.4f  F1 %.4f\n",
                  SentimentLabelName(static_cast<SentimentLabel>(c)), static_cast<long long>(s.support),
                  static_cast<long long>(s.predicted), s.precision, s.recall, s.f1);
    out += line;
  }
  out += "confusion (rows gold neg/neu/pos, columns predicted neg/neu/pos):\n";
  for (int g = 0; g < 3; ++g) {
    std::snprintf(line, sizeof(line), "  %6lld %6lld %6lld\n", static_cast<long long>(r.confusion[g][0]),
                  static_cast<long long>(r.confusion[g][1]), static_cast<long long>(r.confusion[g][2]));
    out += line;
  }
  if (r.binary_gold) {
    std::snprintf(line, sizeof(line),
                  "gold has no neutral: %lld predictions were neutral (counted wrong above);\n"
                  "  resolving neutral by the sign of the score: accuracy %.4f\n",
                  static_cast<long long>(r.predicted_neutral), r.polarity_accuracy);
    out += line;
  }
  for (const std::string& m : r.malformed_examples) out += "malformed " + m + "\n";
  return out;
}

}  // namespace veille::sentiment
