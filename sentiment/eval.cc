#include "sentiment/eval.h"

#include <cmath>
#include <algorithm>
#include <cstdio>
#include <cstring>

// RapidJSON's own double formatting (Grisu2, shortest round-trip), which
// its Writer used for the score before the command wrote JSON by hand.
#include <rapidjson/internal/dtoa.h>

#include "sentiment/text.h"

namespace veille::sentiment {
namespace {

// Eight bytes at a time: the JSON strings written are mostly ASCII.
uint64_t Load8(const char* p) {
  uint64_t x;
  std::memcpy(&x, p, sizeof(x));
  return x;
}
constexpr uint64_t kOnes = 0x0101010101010101ull;
constexpr uint64_t kHighBits = 0x8080808080808080ull;
// True when one of the eight bytes is below n (n <= 0x80); exact, as in
// "Bit Twiddling Hacks" (haszero / hasless).
bool AnyByteBelow(uint64_t x, uint8_t n) { return ((x - kOnes * n) & ~x & kHighBits) != 0; }
bool AnyByteEquals(uint64_t x, uint8_t c) { return AnyByteBelow(x ^ (kOnes * c), 1); }

// Copies `s`, replacing each invalid UTF-8 byte by U+FFFD, so that the JSON
// written is always valid whatever the input.
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

// Writes `s` at `p` as a JSON string exactly as RapidJSON's Writer writes
// it (the command's output was written with it): '"' and '\\' escaped,
// control characters as \b \t \n \f \r or \u00XX, every other byte as it
// is. Writes at most JsonRoom(s.size()) bytes and returns the end. With
// `check_utf8`, also checks in the same pass that `s` is valid UTF-8 and
// returns nullptr when it is not (bytes written at `p` are then garbage).
size_t JsonRoom(size_t n) { return 6 * n + 2; }  // every byte as \u00XX

char* WriteJsonString(std::string_view s, char* p, bool check_utf8 = false) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  const size_t n = s.size();
  *p++ = '"';
  // Blocks with a byte >= 0x80 go to the byte loop when UTF-8 is checked.
  const uint64_t high = check_utf8 ? kHighBits : 0;
  size_t i = 0;
  while (i < n) {
    // Eight bytes that need no escape are copied at once; a block that has
    // one is copied byte by byte.
    if (i + 8 <= n) {
      const uint64_t x = Load8(s.data() + i);
      if (!AnyByteBelow(x, 0x20) && !AnyByteEquals(x, '"') && !AnyByteEquals(x, '\\') && !(x & high)) {
        std::memcpy(p, &x, 8);
        p += 8;
        i += 8;
        continue;
      }
    }
    // A multi-byte character may run past `stop`; the next block starts
    // after it.
    for (const size_t stop = std::min(n, i + 8); i < stop;) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c >= 0x80 && check_utf8) {
        size_t next = i;
        if (DecodeUtf8(s, &next) < 0) return nullptr;
        std::memcpy(p, s.data() + i, next - i);
        p += next - i;
        i = next;
        continue;
      }
      ++i;
      if (c >= 0x20 && c != '"' && c != '\\') {
        *p++ = static_cast<char>(c);
        continue;
      }
      *p++ = '\\';
      switch (c) {
        case '"': *p++ = '"'; break;
        case '\\': *p++ = '\\'; break;
        case '\b': *p++ = 'b'; break;
        case '\t': *p++ = 't'; break;
        case '\n': *p++ = 'n'; break;
        case '\f': *p++ = 'f'; break;
        case '\r': *p++ = 'r'; break;
        default:
          *p++ = 'u';
          *p++ = '0';
          *p++ = '0';
          *p++ = kHex[c >> 4];
          *p++ = kHex[c & 0xF];
      }
    }
  }
  *p++ = '"';
  return p;
}

// Reasons quote the text, which may hold invalid UTF-8: repaired, and
// copied only then. Valid strings (nearly all) are checked while written.
// Room: JsonRoom(s.size()) still holds, as each invalid byte becomes the
// three bytes of U+FFFD, copied as they are.
char* WriteRepairedJsonString(std::string_view s, char* p) {
  char* end = WriteJsonString(s, p, /*check_utf8=*/true);
  return end != nullptr ? end : WriteJsonString(ValidUtf8(s), p);
}

char* WriteLiteral(std::string_view s, char* p) {
  std::memcpy(p, s.data(), s.size());
  return p + s.size();
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
  std::string json;  // one output line, reused
  Verdict v;         // reused: its strings keep their capacity
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    scorer.ScoreInto(line, lang, &v);
    // The line is written through a pointer into `json`, sized once for the
    // worst case; `json` keeps that size from line to line, so it is
    // neither zero-filled nor grown again once warm.
    constexpr std::string_view kFields[] = {
        "{\"score\":", ",\"label\":", ",\"lang\":", ",\"complaint\":false", ",\"service_topic\":",
        ",\"reasons\":[", "],\"complaint_reasons\":[", "]}\n"};
    const std::string_view label = SentimentLabelName(v.label);
    size_t room = 32 + JsonRoom(label.size()) + JsonRoom(v.lang.size()) + JsonRoom(v.service_topic.size());
    for (std::string_view f : kFields) room += f.size();
    for (const std::string& r : v.reasons) room += 1 + JsonRoom(r.size());
    for (const std::string& r : v.complaint_reasons) room += 1 + JsonRoom(r.size());
    if (json.size() < room) json.resize(room);
    char* p = json.data();
    p = WriteLiteral(kFields[0], p);
    p = rapidjson::internal::dtoa(std::round(v.score * 10000) / 10000, p);
    p = WriteLiteral(kFields[1], p);
    p = WriteJsonString(label, p);
    p = WriteLiteral(kFields[2], p);
    p = WriteRepairedJsonString(v.lang, p);
    p = WriteLiteral(v.complaint ? ",\"complaint\":true" : kFields[3], p);
    p = WriteLiteral(kFields[4], p);
    p = WriteRepairedJsonString(v.service_topic, p);
    p = WriteLiteral(kFields[5], p);
    for (size_t i = 0; i < v.reasons.size(); ++i) {
      if (i > 0) *p++ = ',';
      p = WriteRepairedJsonString(v.reasons[i], p);
    }
    p = WriteLiteral(kFields[6], p);
    for (size_t i = 0; i < v.complaint_reasons.size(); ++i) {
      if (i > 0) *p++ = ',';
      p = WriteRepairedJsonString(v.complaint_reasons[i], p);
    }
    p = WriteLiteral(kFields[7], p);
    out.write(json.data(), static_cast<std::streamsize>(p - json.data()));
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
