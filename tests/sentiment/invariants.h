// Properties the tokenizer and the scorer keep on any input, whatever its
// bytes: a mention is written by anyone. Shared by the fuzz targets
// (tests/fuzz/, run by scripts/fuzz under sanitizers) and by
// invariants_test.cc, which checks them in every test run on generated and
// hand-picked hostile texts.
//
// Each check returns "" when the property holds, else what broke, with the
// text it broke on escaped, so that a failure can be replayed.
#pragma once

#include <cmath>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "common/mention.h"
#include "tests/support/escaped.h"
#include "sentiment/eval.h"
#include "sentiment/scorer.h"
#include "sentiment/text.h"

namespace veille::sentiment::invariants {

using veille::testutil::Escaped;

inline bool ValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    if (DecodeUtf8(s, &i) < 0) return false;
  }
  return true;
}

// Tokens lie in order inside the text and inside the folded text, a word's
// folded form has no upper-case ASCII letter, and a token's hash is that of
// its folded text (the lexicon finds words by it).
inline std::string CheckTokens(std::string_view text, const EmoticonMatcher& emoticons) {
  TokenBuffer buf;
  Tokenize(text, emoticons, &buf);
  const std::string where = " in \"" + Escaped(text) + "\"";
  if (buf.folded().size() > text.size()) return "folded text longer than the text" + where;
  uint64_t src_end = 0;
  int exclamations = 0, questions = 0;
  for (size_t i = 0; i < buf.tokens.size(); ++i) {
    const Token& t = buf.tokens[i];
    const std::string at = "token " + std::to_string(i) + where;
    if (uint64_t{t.src_begin} + t.src_len > text.size()) return "source span past the end: " + at;
    if (t.src_begin < src_end) return "source span overlaps the one before: " + at;
    src_end = uint64_t{t.src_begin} + t.src_len;
    if (t.src_len == 0) return "empty source span: " + at;
    if (uint64_t{t.begin} + t.len > buf.folded().size()) return "folded span past the end: " + at;
    const std::string_view folded = buf.Text(t);
    if (t.flags & kTokPunct) {
      if (std::string_view(".,;:!?").find(t.punct) == std::string_view::npos) return "unknown punctuation: " + at;
      exclamations += t.punct == '!';
      questions += t.punct == '?';
      continue;
    }
    if (t.flags & kTokHandle) continue;
    if (folded.empty()) return "empty token: " + at;
    if (t.hash != FoldHash(folded)) return "hash is not that of the folded text: " + at;
    if (t.flags & kTokWord) {
      for (char c : folded) {
        if (c >= 'A' && c <= 'Z') return "upper case in a folded word: " + at;
      }
    }
  }
  if (buf.links < 0) return "negative link count" + where;
  if (buf.exclamations != exclamations) return "'!' count is not that of the '!' tokens" + where;
  if (buf.questions != questions) return "'?' count is not that of the '?' tokens" + where;
  return "";
}

inline bool SameVerdict(const Verdict& a, const Verdict& b) {
  return a.score == b.score && a.label == b.label && a.lang == b.lang && a.complaint == b.complaint &&
         a.service_topic == b.service_topic && a.reasons == b.reasons && a.complaint_reasons == b.complaint_reasons;
}

inline std::string Describe(const Verdict& v) {
  std::string out = "score " + std::to_string(v.score) + " label " + std::to_string(static_cast<int>(v.label)) +
                    " lang " + v.lang + (v.complaint ? " complaint" : "") + " topic " + v.service_topic +
                    " reasons [";
  for (const auto& r : v.reasons) out += Escaped(r) + "; ";
  out += "] complaint_reasons [";
  for (const auto& r : v.complaint_reasons) out += Escaped(r) + "; ";
  return out + "]";
}

// A verdict is in range and consistent, explains itself, and quotes only
// whole characters of a valid text. `previous` is scored first on the same
// thread: what the scorer keeps per thread (its scratch, the last source
// tag's outcome) must not leak from one text into the next.
inline std::string CheckVerdict(const Scorer& scorer, std::string_view text, std::string_view hint,
                                std::string_view previous) {
  const std::string where = " for \"" + Escaped(text) + "\" (hint \"" + Escaped(hint) + "\")";
  const Verdict v = scorer.Score(text, hint);
  if (!std::isfinite(v.score) || v.score < -1 || v.score > 1) return "score out of [-1, 1]" + where;
  if (v.label == SentimentLabel::kPositive && !(v.score > 0)) return "positive label on a score <= 0" + where;
  if (v.label == SentimentLabel::kNegative && !(v.score < 0)) return "negative label on a score >= 0" + where;
  if (v.lang.empty()) return "no language" + where;
  // A source's own tag decides the language ("fr-FR" -> "fr"), unless it
  // says "undetermined", "multiple" or "no language".
  std::string tag;
  for (char c : hint) {
    if (c == '-' || c == '_' || c == '.') break;
    tag.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  if (!tag.empty() && tag != "und" && tag != "mul" && tag != "zxx" && v.lang != tag) {
    return "language " + Escaped(v.lang) + " despite the source's tag" + where;
  }
  if (v.reasons.empty()) return "no reason" + where;
  if (v.complaint_reasons.empty()) return "no complaint reason" + where;
  if (v.complaint && v.complaint_reasons.size() < 2) return "complaint without its topic and voice" + where;
  if (ValidUtf8(text) && ValidUtf8(hint)) {
    for (const auto& r : v.reasons) {
      if (!ValidUtf8(r)) return "reason cuts a character: \"" + Escaped(r) + "\"" + where;
    }
    for (const auto& r : v.complaint_reasons) {
      if (!ValidUtf8(r)) return "complaint reason cuts a character: \"" + Escaped(r) + "\"" + where;
    }
  }
  // The same text, after another one, into a Verdict that held another.
  Verdict reused = scorer.Score(previous, hint);
  (void)scorer.Score(previous, hint == "fr" ? "en" : "fr");  // another source tag last
  scorer.ScoreInto(text, hint, &reused);
  if (!SameVerdict(v, reused)) {
    return "verdict depends on the text scored before (\"" + Escaped(previous) + "\")" + where + ": first " +
           Describe(v) + ", then " + Describe(reused);
  }
  return "";
}


// `veille sentiment` on `input` (any bytes, any line breaks) writes one line
// per input line as getline splits them, each a JSON object RapidJSON reads
// with its UTF-8 validated, holding the scorer's own verdict of that line
// (with `lang` forced, or identified when empty): its score to four
// decimals, label, language, complaint flag and reasons, each reason as
// written when it is valid UTF-8.
inline std::string CheckStream(const Scorer& scorer, std::string_view input, std::string_view lang) {
  const std::string where = " for \"" + Escaped(input) + "\" (lang \"" + Escaped(lang) + "\")";
  std::istringstream in{std::string(input)};
  std::ostringstream out;
  auto n = RunSentimentStream(scorer, in, out, lang);
  if (!n.ok()) return "stream failed: " + n.status().ToString() + where;
  std::vector<std::string> lines;
  for (size_t pos = 0; pos < input.size();) {
    size_t eol = input.find('\n', pos);
    if (eol == std::string_view::npos) eol = input.size();
    std::string line(input.substr(pos, eol - pos));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
    pos = eol + 1;
  }
  if (*n != static_cast<int64_t>(lines.size())) {
    return "stream counted " + std::to_string(*n) + " lines, not " + std::to_string(lines.size()) + where;
  }
  const std::string written = out.str();
  size_t pos = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    const size_t eol = written.find('\n', pos);
    const std::string at = "output line " + std::to_string(i + 1) + where;
    if (eol == std::string::npos) return "missing " + at;
    const std::string json = written.substr(pos, eol - pos);
    pos = eol + 1;
    rapidjson::Document d;
    d.Parse<rapidjson::kParseValidateEncodingFlag>(json.data(), json.size());
    if (d.HasParseError() || !d.IsObject()) return "not a JSON object: \"" + Escaped(json) + "\" at " + at;
    const Verdict v = scorer.Score(lines[i], lang);
    auto string_field = [&](const char* name, std::string* value) {
      if (!d.HasMember(name) || !d[name].IsString()) return false;
      value->assign(d[name].GetString(), d[name].GetStringLength());
      return true;
    };
    std::string label, json_lang, topic;
    if (!d.HasMember("score") || !d["score"].IsNumber() ||
        std::fabs(d["score"].GetDouble() - std::round(v.score * 10000) / 10000) > 1e-9) {
      return "score differs from the scorer's " + std::to_string(v.score) + " in \"" + Escaped(json) + "\" at " + at;
    }
    if (!string_field("label", &label) || label != SentimentLabelName(v.label)) return "label differs at " + at;
    if (!string_field("lang", &json_lang) || (ValidUtf8(v.lang) && json_lang != v.lang)) return "lang differs at " + at;
    if (!string_field("service_topic", &topic) || topic != v.service_topic) return "topic differs at " + at;
    if (!d.HasMember("complaint") || !d["complaint"].IsBool() || d["complaint"].GetBool() != v.complaint) {
      return "complaint differs at " + at;
    }
    for (const auto& [name, want] : {std::pair<const char*, const std::vector<std::string>*>{"reasons", &v.reasons},
                                     {"complaint_reasons", &v.complaint_reasons}}) {
      if (!d.HasMember(name) || !d[name].IsArray() || d[name].Size() != want->size()) {
        return std::string(name) + " differ in number at " + at;
      }
      for (rapidjson::SizeType k = 0; k < d[name].Size(); ++k) {
        const auto& r = d[name][k];
        if (!r.IsString()) return std::string(name) + " holds a non-string at " + at;
        if (ValidUtf8((*want)[k]) && std::string_view(r.GetString(), r.GetStringLength()) != (*want)[k]) {
          return std::string(name) + " " + std::to_string(k) + " differs: \"" + Escaped((*want)[k]) + "\" at " + at;
        }
      }
    }
  }
  if (pos != written.size()) return "output after the last line" + where;
  return "";
}

}  // namespace veille::sentiment::invariants
