#include "sentiment/eval.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <vector>

#include <errno.h>
#include <unistd.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// RapidJSON's own double formatting (Grisu2, shortest round-trip), which
// its Writer used for the score before the command wrote JSON by hand.
#include <rapidjson/internal/dtoa.h>

#include "sentiment/text.h"

namespace veille::sentiment {
namespace {

// The JSON strings written are mostly ASCII with a few bytes to escape ('"'
// around every quoted term of a reason), and short: they go by blocks of 16
// bytes, and a shorter rest as two overlapping loads, all in registers.
uint64_t Load8(const char* p) {
  uint64_t x;
  std::memcpy(&x, p, sizeof(x));
  return x;
}
uint32_t Load4(const char* p) {
  uint32_t x;
  std::memcpy(&x, p, sizeof(x));
  return x;
}

// Bit k set when byte k of the 16 (lo's bytes, then hi's, little-endian)
// needs a look: '"', '\\', a control character, or with `high` any byte
// >= 0x80. The 16 bytes are also stored at `copy_to`.
#if defined(__SSE2__)
unsigned SpecialBytes(__m128i x, char* copy_to, bool high) {
  _mm_storeu_si128(reinterpret_cast<__m128i*>(copy_to), x);
  // Signed: below 0x20 also takes every byte >= 0x80.
  const __m128i low = high ? _mm_cmplt_epi8(x, _mm_set1_epi8(0x20))
                           : _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x1F)), x);
  const __m128i m = _mm_or_si128(low, _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')),
                                                   _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'))));
  return static_cast<unsigned>(_mm_movemask_epi8(m));
}
unsigned SpecialBytes(uint64_t lo, uint64_t hi, char* copy_to, bool high) {
  return SpecialBytes(_mm_set_epi64x(static_cast<int64_t>(hi), static_cast<int64_t>(lo)), copy_to, high);
}
unsigned SpecialBytes16(const char* s, char* copy_to, bool high) {
  return SpecialBytes(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s)), copy_to, high);
}
#else
unsigned SpecialBytes16(const char* s, char* copy_to, bool high) {
  std::memcpy(copy_to, s, 16);
  unsigned m = 0;
  for (int k = 0; k < 16; ++k) {
    const auto c = static_cast<unsigned char>(s[k]);
    m |= unsigned{c < 0x20 || c == '"' || c == '\\' || (high && c >= 0x80)} << k;
  }
  return m;
}
unsigned SpecialBytes(uint64_t lo, uint64_t hi, char* copy_to, bool high) {
  char b[16];
  for (int k = 0; k < 8; ++k) {
    b[k] = static_cast<char>(lo >> (8 * k));
    b[8 + k] = static_cast<char>(hi >> (8 * k));
  }
  return SpecialBytes16(b, copy_to, high);
}
#endif

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
// is. Writes at most JsonRoom(s.size()) bytes, and may store garbage in the
// kJsonSlack bytes after them; returns the end. With kCheckUtf8, also checks
// in the same pass that `s` is valid UTF-8 and returns nullptr when it is not
// (bytes written at `p` are then garbage).
size_t JsonRoom(size_t n) { return 6 * n + 2; }  // every byte as \u00XX
constexpr size_t kJsonSlack = 16;

// Escapes one byte that needs it ('"', '\\' or a control character) at p;
// returns the end.
inline char* EscapeByte(unsigned char c, char* p) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  *p++ = '\\';
  // A quote is the commonest by far (reasons quote the words they name),
  // and the switch's jump is an indirect branch.
  if (c == '"') {
    *p++ = '"';
    return p;
  }
  switch (c) {
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
  return p;
}

template <bool kCheckUtf8>
inline char* WriteJsonString(std::string_view s, char* p) {
  const char* src = s.data();
  const char* const stop = src + s.size();
  *p++ = '"';
  while (src < stop) {
    // The next 16 bytes, or the r < 16 left and zeros, are stored at p, and
    // `special` marks those that need a look. Nothing is read outside the
    // string.
    const auto r = static_cast<size_t>(stop - src);
    const size_t n = std::min<size_t>(r, 16);
    alignas(16) char chunk[32];
    unsigned special;
    if (r >= 16) {
      special = SpecialBytes16(src, p, kCheckUtf8);
    } else {
      uint64_t lo, hi = 0;
      if (s.size() >= 8) {
        // The 8 bytes that end the string hold the last ones.
        const uint64_t last = Load8(stop - 8);
        if (r > 8) {
          lo = Load8(src);
          hi = last >> (8 * (16 - r));
        } else {
          lo = last >> (8 * (8 - r));
        }
      } else if (r >= 4) {
        // Overlapping halves: the bytes they share are the same.
        lo = Load4(src) | uint64_t{Load4(stop - 4)} << (8 * (r - 4));
      } else {
        lo = uint64_t{static_cast<unsigned char>(src[0])} |
             uint64_t{static_cast<unsigned char>(src[r / 2])} << (8 * (r / 2)) |
             uint64_t{static_cast<unsigned char>(stop[-1])} << (8 * (r - 1));
      }
      // The zeros past the end are control characters: not asked about.
      special = SpecialBytes(lo, hi, p, kCheckUtf8) & ((1u << r) - 1);
    }
    if (special == 0) {
      p += n;
      src += n;
      continue;
    }
    // The bytes to escape are escaped here, the chunk's bytes after each
    // copied again from `chunk` one place on: a reason's quotes cost a few
    // instructions each, with no new load of the string. A byte >= 0x80
    // ends the chunk there: UTF-8 is checked from the string itself, as a
    // character may go on past the chunk.
    std::memcpy(chunk, p, 16);
    std::memset(chunk + 16, 0, 16);
    size_t done = 0;  // of the chunk's bytes, those written
    bool utf8 = false;
    for (; special != 0; special &= special - 1) {
      const auto k = static_cast<size_t>(std::countr_zero(special));
      const auto c = static_cast<unsigned char>(chunk[k]);
      std::memcpy(p, chunk + done, 16);  // bytes done..k, and garbage rewritten later
      p += k - done;
      done = k;
      if (kCheckUtf8 && c >= 0x80) {
        utf8 = true;
        break;
      }
      p = EscapeByte(c, p);
      ++done;
    }
    if (!utf8) {
      std::memcpy(p, chunk + done, 16);
      p += n - done;
      src += n;
      continue;
    }
    src += done;
    size_t next = static_cast<size_t>(src - s.data());
    const size_t at = next;
    if (DecodeUtf8(s, &next) < 0) return nullptr;
    // 2 to 4 bytes: a loop, where memcpy of a length known only here is a
    // call at every accented letter.
    for (size_t i = 0; i < next - at; ++i) p[i] = src[i];
    p += next - at;
    src += next - at;
  }
  *p++ = '"';
  return p;
}

// Reasons quote the text, which may hold invalid UTF-8: repaired, and
// copied only then. Valid strings (nearly all) are checked while written.
// Room: JsonRoom(s.size()) still holds, as each invalid byte becomes the
// three bytes of U+FFFD, copied as they are.
[[gnu::noinline]] char* WriteRepairedCopy(std::string_view s, char* p) {
  return WriteJsonString<false>(ValidUtf8(s), p);
}

inline char* WriteRepairedJsonString(std::string_view s, char* p) {
  char* end = WriteJsonString<true>(s, p);
  return end != nullptr ? end : WriteRepairedCopy(s, p);
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

constexpr std::string_view kFields[] = {
    "{\"score\":", ",\"label\":", ",\"lang\":", ",\"complaint\":false", ",\"service_topic\":",
    ",\"reasons\":[", "],\"complaint_reasons\":[", "]}\n"};
constexpr size_t kFieldsSize = [] {
  size_t n = 0;
  for (std::string_view f : kFields) n += f.size();
  return n;
}();

// The label as a JSON string, quotes included: three strings, made once.
char* WriteLabel(SentimentLabel label, char* p) {
  static const std::array<std::string, 3> kQuoted = [] {
    std::array<std::string, 3> quoted;
    for (size_t i = 0; i < quoted.size(); ++i) {
      quoted[i].resize(JsonRoom(std::strlen(SentimentLabelName(static_cast<SentimentLabel>(i)))) + kJsonSlack);
      char* end = WriteJsonString<false>(SentimentLabelName(static_cast<SentimentLabel>(i)), quoted[i].data());
      quoted[i].resize(static_cast<size_t>(end - quoted[i].data()));
    }
    return quoted;
  }();
  const auto i = static_cast<size_t>(label);
  if (i >= kQuoted.size()) return WriteJsonString<false>(SentimentLabelName(label), p);
  return WriteLiteral(kQuoted[i], p);
}

// Room for the JSON line of `v`.
size_t LineRoom(const Verdict& v) {
  constexpr size_t kLabelRoom = 8;  // "positive", "negative", "neutral"
  size_t bytes = kLabelRoom + v.lang.size() + v.service_topic.size();
  for (const std::string& r : v.reasons) bytes += r.size();
  for (const std::string& r : v.complaint_reasons) bytes += r.size();
  const size_t strings = 3 + v.reasons.size() + v.complaint_reasons.size();
  size_t room = 32 + kJsonSlack + JsonRoom(bytes) + 3 * strings;  // 32: the score; 3: quotes and a comma
  return room + kFieldsSize;
}

// The last string written in one place of the line, and its JSON: the
// first complaint reason ("no service topic (refund, ...)", 65 bytes) is most
// often that of the line before, word for word, and is then copied, not
// escaped again. (Not the first reason: with the language identified, it
// counts words and seldom repeats; a miss costs more than escaping.)
struct Memo {
  std::string text;
  std::string json;
};

char* WriteMemoized(std::string_view s, Memo* memo, char* p) {
  if (s.size() == memo->text.size() && std::memcmp(s.data(), memo->text.data(), s.size()) == 0) {
    return WriteLiteral(memo->json, p);
  }
  char* end = WriteRepairedJsonString(s, p);
  memo->text.assign(s);
  memo->json.assign(p, end);
  return end;
}

// `memo`: of the first complaint reason.
char* WriteVerdictLine(const Verdict& v, Memo* memo, char* p) {
  p = WriteLiteral(kFields[0], p);
  p = internal::WriteScore(v.score, p);
  p = WriteLiteral(kFields[1], p);
  p = WriteLabel(v.label, p);
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
    p = i == 0 ? WriteMemoized(v.complaint_reasons[i], memo, p) : WriteRepairedJsonString(v.complaint_reasons[i], p);
  }
  return WriteLiteral(kFields[7], p);
}

// Input is read in blocks of kReadSize and split here; output lines are
// gathered in one buffer written when it holds kWriteSize bytes, and before
// each read, so that what was read is answered before the stream waits for
// more.
constexpr size_t kReadSize = 128 << 10;
constexpr size_t kWriteSize = 128 << 10;

// `read(char*, size_t)` returns the bytes read, 0 at the end, -1 on failure;
// `write(const char*, size_t)` writes them all or returns false.
template <typename Read, typename Write>
Result<int64_t> StreamLines(const Scorer& scorer, std::string_view lang, Read read, Write write) {
  int64_t lines = 0;
  int64_t lines_written = 0;
  std::vector<char> in(kReadSize);
  size_t begin = 0;    // start of the first line not scored
  size_t scanned = 0;  // [begin, scanned) has no '\n'
  size_t end = 0;      // bytes in `in`
  std::vector<char> out(kWriteSize + 4096);
  size_t out_len = 0;
  Verdict v;  // reused: its strings keep their capacity
  Memo memo;  // of the first complaint reason
  auto flush = [&]() {
    if (out_len == 0) return true;
    if (!write(out.data(), out_len)) return false;
    out_len = 0;
    lines_written = lines;
    return true;
  };
  auto write_failed = [&]() {
    return Status::IOError("sentiment stream: write failed after " + std::to_string(lines_written) + " lines");
  };
  // Scores one line (without its '\n') and gathers its JSON.
  auto score = [&](size_t from, size_t to) {
    if (to > from && in[to - 1] == '\r') --to;
    scorer.ScoreInto(std::string_view(in.data() + from, to - from), lang, &v);
    const size_t room = LineRoom(v);
    if (out.size() - out_len < room) {
      if (!flush()) return false;
      if (out.size() < room) out.resize(room);
    }
    out_len = static_cast<size_t>(WriteVerdictLine(v, &memo, out.data() + out_len) - out.data());
    ++lines;
    return out_len < kWriteSize || flush();
  };
  for (;;) {
    while (scanned < end) {
      const void* nl = std::memchr(in.data() + scanned, '\n', end - scanned);
      if (nl == nullptr) {
        scanned = end;
        break;
      }
      const size_t at = static_cast<size_t>(static_cast<const char*>(nl) - in.data());
      if (!score(begin, at)) return write_failed();
      begin = scanned = at + 1;
    }
    if (!flush()) return write_failed();
    // The partial line moves to the front; a line longer than the buffer
    // doubles it.
    if (begin > 0) {
      std::memmove(in.data(), in.data() + begin, end - begin);
      end -= begin;
      scanned -= begin;
      begin = 0;
    }
    if (in.size() - end < kReadSize / 2) in.resize(2 * in.size());
    const int64_t got = read(in.data() + end, in.size() - end);
    if (got < 0) return Status::IOError("sentiment stream: read failed after " + std::to_string(lines) + " lines");
    if (got == 0) break;
    end += static_cast<size_t>(got);
  }
  // A last line without '\n'.
  if (begin < end && !score(begin, end)) return write_failed();
  if (!flush()) return write_failed();
  return lines;
}

}  // namespace

namespace internal {

char* WriteScore(double score, char* p) {
  // Four decimals, as RapidJSON's dtoa writes round(score * 1e4) / 1e4: the
  // shortest digits that read back as that double, "0.0" for zero (with its
  // sign), ".0" after a whole number. For |r| < 1e5 those are the digits of
  // r itself, trailing zeros dropped (checked for each such r by the test);
  // larger or not finite, dtoa writes it.
  const double r = std::round(score * 10000);
  if (!(std::fabs(r) < 1e5)) return rapidjson::internal::dtoa(r / 10000, p);
  if (std::signbit(r)) *p++ = '-';
  const auto n = static_cast<uint32_t>(std::fabs(r));
  const uint32_t frac = n % 10000;
  p[0] = static_cast<char>('0' + n / 10000);  // below 10
  p[1] = '.';
  p[2] = static_cast<char>('0' + frac / 1000);
  p[3] = static_cast<char>('0' + frac / 100 % 10);
  p[4] = static_cast<char>('0' + frac / 10 % 10);
  p[5] = static_cast<char>('0' + frac % 10);
  // Trailing zeros dropped, but one digit kept after the point.
  return p + (frac % 10 != 0 ? 6 : frac % 100 != 0 ? 5 : frac % 1000 != 0 ? 4 : 3);
}

}  // namespace internal

Result<int64_t> RunSentimentStream(const Scorer& scorer, std::istream& in, std::ostream& out,
                                   std::string_view lang) {
  return StreamLines(
      scorer, lang,
      [&](char* p, size_t n) -> int64_t {
        // A short read sets eof (and fail); the next one then reads nothing.
        in.read(p, static_cast<std::streamsize>(n));
        const auto got = static_cast<int64_t>(in.gcount());
        return got == 0 && in.bad() ? -1 : got;
      },
      [&](const char* p, size_t n) { return static_cast<bool>(out.write(p, static_cast<std::streamsize>(n))); });
}

Result<int64_t> RunSentimentStream(const Scorer& scorer, int in_fd, int out_fd, std::string_view lang) {
  return StreamLines(
      scorer, lang,
      [&](char* p, size_t n) -> int64_t {
        for (;;) {
          const ssize_t got = ::read(in_fd, p, n);
          if (got >= 0 || errno != EINTR) return got;
        }
      },
      [&](const char* p, size_t n) {
        while (n > 0) {
          const ssize_t put = ::write(out_fd, p, n);
          if (put < 0 && errno == EINTR) continue;
          if (put <= 0) return false;
          p += put;
          n -= static_cast<size_t>(put);
        }
        return true;
      });
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
