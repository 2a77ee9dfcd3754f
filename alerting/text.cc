#include "alerting/text.h"

#include <cmath>
#include <cstdio>
#include <ctime>

namespace veille::alerting_internal {

namespace {

constexpr char32_t kReplacement = 0xFFFD;

bool IsCont(unsigned char c) { return (c & 0xC0) == 0x80; }

struct Tm {
  std::tm tm{};
};

Tm UtcTm(int64_t epoch_ms) {
  // Floor division so that dates before 1970 do not round towards zero.
  int64_t secs = epoch_ms / 1000;
  if (epoch_ms % 1000 < 0) --secs;
  std::time_t t = static_cast<std::time_t>(secs);
  Tm out;
  if (gmtime_r(&t, &out.tm) == nullptr) out.tm = std::tm{};
  return out;
}

}  // namespace

char32_t NextCodePoint(std::string_view s, size_t* pos) {
  size_t i = *pos;
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) {
    *pos = i + 1;
    return c;
  }
  int len = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((c & 0xE0) == 0xC0) {
    len = 2, cp = c & 0x1F, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3, cp = c & 0x0F, min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4, cp = c & 0x07, min = 0x10000;
  } else {
    *pos = i + 1;
    return kReplacement;
  }
  if (i + len > s.size()) {
    *pos = i + 1;
    return kReplacement;
  }
  for (int k = 1; k < len; ++k) {
    unsigned char cc = static_cast<unsigned char>(s[i + k]);
    if (!IsCont(cc)) {
      *pos = i + 1;
      return kReplacement;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    *pos = i + 1;
    return kReplacement;
  }
  *pos = i + len;
  return cp;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::string RepairUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    // Runs of ASCII (most of any e-mail) are copied in one go.
    size_t ascii_end = pos;
    while (ascii_end < text.size() && static_cast<unsigned char>(text[ascii_end]) < 0x80) ++ascii_end;
    if (ascii_end > pos) {
      out.append(text.substr(pos, ascii_end - pos));
      pos = ascii_end;
      continue;
    }
    size_t start = pos;
    char32_t cp = NextCodePoint(text, &pos);
    if (cp == kReplacement && !(pos - start == 3 && text.substr(start, 3) == "\xEF\xBF\xBD")) {
      AppendUtf8(kReplacement, &out);
    } else {
      out.append(text.substr(start, pos - start));
    }
  }
  return out;
}

std::string Excerpt(std::string_view text, size_t max_chars) {
  std::string out;
  size_t chars = 0;
  bool pending_space = false;
  size_t pos = 0;
  while (pos < text.size()) {
    char32_t cp = NextCodePoint(text, &pos);
    bool space = cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
                 cp == 0x85 || cp == 0xA0 || cp == 0x2028 || cp == 0x2029;
    if (space) {
      pending_space = !out.empty();
      continue;
    }
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) continue;  // controls
    size_t need = pending_space ? 2 : 1;
    if (chars + need > max_chars) {
      out += "…";
      return out;
    }
    if (pending_space) {
      out.push_back(' ');
      ++chars;
      pending_space = false;
    }
    AppendUtf8(cp, &out);
    ++chars;
  }
  return out;
}

std::string Base64(std::string_view data) {
  static const char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    uint32_t v = (static_cast<unsigned char>(data[i]) << 16) |
                 (static_cast<unsigned char>(data[i + 1]) << 8) | static_cast<unsigned char>(data[i + 2]);
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(kAlphabet[(v >> 6) & 63]);
    out.push_back(kAlphabet[v & 63]);
  }
  size_t rest = data.size() - i;
  if (rest > 0) {
    uint32_t v = static_cast<unsigned char>(data[i]) << 16;
    if (rest == 2) v |= static_cast<unsigned char>(data[i + 1]) << 8;
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(rest == 2 ? kAlphabet[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

std::string QuotedPrintable(std::string_view text) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 11 / 10 + 16);
  size_t line_start = 0;
  while (line_start <= text.size()) {
    size_t end = text.find_first_of("\r\n", line_start);
    bool last = end == std::string_view::npos;
    std::string_view line = text.substr(line_start, last ? std::string_view::npos : end - line_start);
    size_t col = 0;
    for (size_t i = 0; i < line.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(line[i]);
      bool trailing_blank = (c == ' ' || c == '\t') && i + 1 == line.size();
      bool leading_special = i == 0 && (c == '.' || (c == 'F' && line.substr(0, 5) == "From "));
      bool encode = c == '=' || c >= 0x7F || (c < 0x20 && c != '\t') || trailing_blank || leading_special;
      size_t width = encode ? 3 : 1;
      // Keep room for the soft break "=" so that no line exceeds 76 octets.
      if (col + width > 75) {
        out += "=\r\n";
        col = 0;
      }
      if (encode) {
        out.push_back('=');
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
      } else {
        out.push_back(static_cast<char>(c));
      }
      col += width;
    }
    if (last) break;
    out += "\r\n";
    // A CRLF pair is one line break, a lone CR or LF is one too.
    line_start = end + ((text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n') ? 2 : 1);
  }
  return out;
}

std::string LowerUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    char32_t cp = NextCodePoint(text, &pos);
    if (cp >= 'A' && cp <= 'Z') {
      cp += 32;
    } else if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) {
      cp += 32;  // Latin-1 capitals: À..Þ except ×
    } else if (cp == 0x152) {
      cp = 0x153;  // Œ
    } else if (cp == 0x178) {
      cp = 0xFF;  // Ÿ
    }
    AppendUtf8(cp, &out);
  }
  return out;
}

std::string Rfc5322Date(int64_t epoch_ms) {
  static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  Tm t = UtcTm(epoch_ms);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[t.tm.tm_wday % 7], t.tm.tm_mday,
                kMonths[t.tm.tm_mon % 12], t.tm.tm_year + 1900, t.tm.tm_hour, t.tm.tm_min, t.tm.tm_sec);
  return buf;
}

std::string HumanDateTime(int64_t epoch_ms, bool french) {
  Tm t = UtcTm(epoch_ms);
  char buf[64];
  if (french) {
    std::snprintf(buf, sizeof buf, "%02d/%02d/%04d %02d:%02d UTC", t.tm.tm_mday, t.tm.tm_mon + 1,
                  t.tm.tm_year + 1900, t.tm.tm_hour, t.tm.tm_min);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d UTC", t.tm.tm_year + 1900, t.tm.tm_mon + 1,
                  t.tm.tm_mday, t.tm.tm_hour, t.tm.tm_min);
  }
  return buf;
}

std::string HumanDate(int64_t epoch_ms, bool french) {
  Tm t = UtcTm(epoch_ms);
  char buf[32];
  if (french) {
    std::snprintf(buf, sizeof buf, "%02d/%02d/%04d", t.tm.tm_mday, t.tm.tm_mon + 1, t.tm.tm_year + 1900);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", t.tm.tm_year + 1900, t.tm.tm_mon + 1, t.tm.tm_mday);
  }
  return buf;
}

std::string ShortDate(int64_t epoch_ms, bool french, bool with_hour) {
  Tm t = UtcTm(epoch_ms);
  char buf[64];
  if (french) {
    if (with_hour) {
      std::snprintf(buf, sizeof buf, "%02d/%02d %02dh", t.tm.tm_mday, t.tm.tm_mon + 1, t.tm.tm_hour);
    } else {
      std::snprintf(buf, sizeof buf, "%02d/%02d", t.tm.tm_mday, t.tm.tm_mon + 1);
    }
  } else {
    if (with_hour) {
      std::snprintf(buf, sizeof buf, "%02d-%02d %02d:00", t.tm.tm_mon + 1, t.tm.tm_mday, t.tm.tm_hour);
    } else {
      std::snprintf(buf, sizeof buf, "%02d-%02d", t.tm.tm_mon + 1, t.tm.tm_mday);
    }
  }
  return buf;
}

std::string FormatCount(int64_t n, bool french) {
  // Unsigned magnitude so that INT64_MIN does not overflow.
  unsigned long long mag = n < 0 ? 0ULL - static_cast<unsigned long long>(n) : static_cast<unsigned long long>(n);
  std::string digits = std::to_string(mag);
  std::string out;
  const char* sep = french ? "\u202F" : ",";
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0) out += sep;
    out.push_back(digits[i]);
  }
  return n < 0 ? "-" + out : out;
}

std::string FormatDecimal(double value, int decimals, bool french) {
  if (!std::isfinite(value)) value = 0;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  std::string out = buf;
  if (out == "-0" || out == "-0.0" || out == "-0.00") out.erase(0, 1);
  if (french) {
    for (char& c : out) {
      if (c == '.') c = ',';
    }
  }
  return out;
}

std::string FormatPercent(int64_t part, int64_t whole, bool french) {
  if (whole <= 0) return "–";
  // Round first, so that 18.96 reads "19", not "19.0".
  double pct = std::round(1000.0 * static_cast<double>(part) / static_cast<double>(whole)) / 10.0;
  return FormatDecimal(pct, pct == std::floor(pct) ? 0 : 1, french) + (french ? "\u00A0%" : "%");
}

std::string Fnv1aHex(std::string_view text) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace veille::alerting_internal
