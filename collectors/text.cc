#include "collectors/text.h"

#include <libxml/HTMLparser.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <cstring>
#include <mutex>
#include <vector>

namespace veille {
namespace {

// Windows-1252 code points for bytes 0x80..0x9F (0 = undefined there, read
// as the C1 control, which ToValidUtf8 then keeps as U+0080.. like Latin-1).
constexpr uint16_t kCp1252High[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

void AppendUtf8(std::string* out, uint32_t cp) {
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

bool IsSpaceByte(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool IsAsciiAlpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Case-insensitive search for ASCII `needle` in `hay` from `from`.
size_t FindCaseInsensitive(std::string_view hay, std::string_view needle, size_t from) {
  if (needle.empty() || hay.size() < needle.size()) return std::string_view::npos;
  for (size_t i = from; i + needle.size() <= hay.size(); ++i) {
    if (AsciiLower(hay[i]) != needle[0]) continue;
    size_t k = 1;
    while (k < needle.size() && AsciiLower(hay[i + k]) == needle[k]) ++k;
    if (k == needle.size()) return i;
  }
  return std::string_view::npos;
}

// Decodes the entity starting at s[i] == '&'. On success appends the text,
// returns the index after it; else returns i (the '&' is literal).
size_t DecodeEntity(std::string_view s, size_t i, std::string* out) {
  size_t j = i + 1;
  if (j < s.size() && s[j] == '#') {
    ++j;
    bool hex = j < s.size() && (s[j] == 'x' || s[j] == 'X');
    if (hex) ++j;
    size_t start = j;
    uint32_t cp = 0;
    bool overflow = false;
    while (j < s.size() && (hex ? std::isxdigit(static_cast<unsigned char>(s[j]))
                                : std::isdigit(static_cast<unsigned char>(s[j])))) {
      unsigned char c = static_cast<unsigned char>(s[j]);
      uint32_t d = std::isdigit(c) ? c - '0' : (AsciiLower(static_cast<char>(c)) - 'a' + 10);
      if (cp > 0x10FFFF) overflow = true; else cp = cp * (hex ? 16 : 10) + d;
      ++j;
    }
    if (j == start) return i;
    if (j < s.size() && s[j] == ';') ++j;
    if (overflow || cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      cp = 0xFFFD;
    } else if (cp >= 0x80 && cp <= 0x9F && kCp1252High[cp - 0x80] != 0) {
      cp = kCp1252High[cp - 0x80];  // what browsers do (HTML5 "numeric character reference end state")
    }
    if (cp == 0xA0) cp = ' ';
    AppendUtf8(out, cp);
    return j;
  }
  size_t start = j;
  while (j < s.size() && j - start < 32 && std::isalnum(static_cast<unsigned char>(s[j]))) ++j;
  if (j == start || j >= s.size() || s[j] != ';') return i;
  std::string name(s.substr(start, j - start));
  if (name == "apos") {
    out->push_back('\'');
    return j + 1;
  }
  const htmlEntityDesc* desc = htmlEntityLookup(reinterpret_cast<const xmlChar*>(name.c_str()));
  if (desc == nullptr) return i;
  AppendUtf8(out, desc->value == 0xA0 ? ' ' : desc->value);
  return j + 1;
}

bool IsBlockTag(std::string_view name) {
  static constexpr std::string_view kBlocks[] = {
      "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
      "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
      "pre", "section", "table", "td", "th", "tr", "ul", "img"};
  for (std::string_view b : kBlocks) {
    if (b == name) return true;
  }
  return false;
}

// The folding table for the Basic Multilingual Plane, built once with ICU:
// data_[offsets_[cp] .. offsets_[cp + 1]) is the UTF-8 fold of cp.
class FoldTable {
 public:
  static const FoldTable& Get() {
    static FoldTable* table = nullptr;
    static std::once_flag once;
    std::call_once(once, [] { table = new FoldTable(); });
    return *table;
  }
  std::string_view Fold(uint32_t cp) const {
    return std::string_view(data_).substr(offsets_[cp], offsets_[cp + 1] - offsets_[cp]);
  }

 private:
  FoldTable() {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkd = icu::Normalizer2::getNFKDInstance(status);
    offsets_.resize(0x10001);
    for (uint32_t cp = 0; cp < 0x10000; ++cp) {
      offsets_[cp] = static_cast<uint32_t>(data_.size());
      if (cp < 0x80) {
        unsigned char c = static_cast<unsigned char>(cp);
        data_.push_back(std::isalnum(c) ? AsciiLower(static_cast<char>(c)) : ' ');
        continue;
      }
      if (cp >= 0xD800 && cp <= 0xDFFF) {
        data_.push_back(' ');
        continue;
      }
      icu::UnicodeString decomposed;
      if (U_SUCCESS(status)) {
        UErrorCode s = U_ZERO_ERROR;
        decomposed = nfkd->normalize(icu::UnicodeString(static_cast<UChar32>(cp)), s);
        if (U_FAILURE(s)) decomposed = icu::UnicodeString(static_cast<UChar32>(cp));
      } else {
        decomposed = icu::UnicodeString(static_cast<UChar32>(cp));
      }
      std::string folded;
      for (int32_t i = 0; i < decomposed.length(); i = decomposed.moveIndex32(i, 1)) {
        UChar32 c = decomposed.char32At(i);
        if (u_charType(c) == U_NON_SPACING_MARK || u_charType(c) == U_ENCLOSING_MARK ||
            u_charType(c) == U_COMBINING_SPACING_MARK) {
          continue;
        }
        c = u_foldCase(c, U_FOLD_CASE_DEFAULT);
        switch (c) {
          case 0xDF: case 0x1E9E: folded += "ss"; continue;
          case 0xE6: folded += "ae"; continue;
          case 0x153: folded += "oe"; continue;
          case 0xF8: folded += "o"; continue;
          case 0x142: folded += "l"; continue;
          case 0x111: folded += "d"; continue;
          case 0xFE: folded += "th"; continue;
          case 0x131: folded += "i"; continue;
          default: break;
        }
        if (c < 0x80) {
          unsigned char a = static_cast<unsigned char>(c);
          folded.push_back(std::isalnum(a) ? AsciiLower(static_cast<char>(a)) : ' ');
        } else if (u_isalnum(c)) {
          AppendUtf8(&folded, static_cast<uint32_t>(c));
        } else {
          folded.push_back(' ');
        }
      }
      data_ += folded;
    }
    offsets_[0x10000] = static_cast<uint32_t>(data_.size());
  }

  std::vector<uint32_t> offsets_;
  std::string data_;
};

}  // namespace

int DecodeUtf8(const unsigned char* p, size_t n, uint32_t* cp) {
  unsigned char b0 = p[0];
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  }
  int len;
  uint32_t min;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
    min = 0x80;
    *cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    min = 0x800;
    *cp = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;         // overlong
    if (b0 == 0xED) hi = 0x9F;         // surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    min = 0x10000;
    *cp = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;         // overlong
    if (b0 == 0xF4) hi = 0x8F;         // above U+10FFFF
  } else {
    return -1;
  }
  for (int i = 1; i < len; ++i) {
    if (static_cast<size_t>(i) >= n) return -i;
    unsigned char b = p[i];
    unsigned char l = i == 1 ? lo : 0x80, h = i == 1 ? hi : 0xBF;
    if (b < l || b > h) return -i;
    *cp = (*cp << 6) | (b & 0x3F);
  }
  if (*cp < min) return -len;
  return len;
}

bool IsValidUtf8(std::string_view bytes) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t n = bytes.size(), i = 0;
  while (i < n) {
    if (p[i] < 0x80) {
      if (p[i] == 0) return false;
      ++i;
      continue;
    }
    uint32_t cp;
    int len = DecodeUtf8(p + i, n - i, &cp);
    if (len < 0) return false;
    i += static_cast<size_t>(len);
  }
  return true;
}

std::string ToValidUtf8(std::string_view bytes, InvalidUtf8 policy) {
  if (IsValidUtf8(bytes)) return std::string(bytes);
  std::string out;
  out.reserve(bytes.size() + 16);
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t n = bytes.size(), i = 0;
  while (i < n) {
    uint32_t cp;
    int len = DecodeUtf8(p + i, n - i, &cp);
    if (len > 0) {
      if (cp != 0) AppendUtf8(&out, cp);
      i += static_cast<size_t>(len);
      continue;
    }
    if (policy == InvalidUtf8::kWindows1252) {
      // One byte at a time: each stray byte is one Latin-1/1252 character.
      unsigned char b = p[i];
      uint32_t mapped = b;
      if (b >= 0x80 && b <= 0x9F && kCp1252High[b - 0x80] != 0) mapped = kCp1252High[b - 0x80];
      AppendUtf8(&out, mapped);
      ++i;
    } else {
      AppendUtf8(&out, 0xFFFD);
      i += static_cast<size_t>(-len);
    }
  }
  return out;
}

std::string CollapseWhitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    // U+00A0 NO-BREAK SPACE (C2 A0) counts as whitespace too.
    bool nbsp = c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0;
    if (IsSpaceByte(c) || nbsp) {
      if (nbsp) ++i;
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.push_back(static_cast<char>(c));
  }
  return out;
}

std::string HtmlToText(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  size_t i = 0, n = html.size();
  while (i < n) {
    char c = html[i];
    if (c == '&') {
      size_t next = DecodeEntity(html, i, &out);
      if (next == i) {
        out.push_back('&');
        ++i;
      } else {
        i = next;
      }
      continue;
    }
    if (c != '<' || i + 1 >= n) {
      out.push_back(c);
      ++i;
      continue;
    }
    unsigned char next = static_cast<unsigned char>(html[i + 1]);
    if (html.compare(i, 4, "<!--") == 0) {
      size_t end = html.find("-->", i + 4);
      i = end == std::string_view::npos ? n : end + 3;
      continue;
    }
    if (!IsAsciiAlpha(next) && next != '/' && next != '!' && next != '?') {
      out.push_back(c);
      ++i;
      continue;
    }
    // Find the end of the tag, honouring quoted attribute values. Each byte
    // is visited once: the scan resumes after the tag.
    size_t j = i + 1;
    char quote = 0;
    while (j < n) {
      char d = html[j];
      if (quote) {
        if (d == quote) quote = 0;
      } else if (d == '"' || d == '\'') {
        // Only a quote right after '=' opens a value; a stray one is text.
        size_t k = j;
        while (k > i && IsSpaceByte(static_cast<unsigned char>(html[k - 1]))) --k;
        if (k > i && html[k - 1] == '=') quote = d;
      } else if (d == '>') {
        break;
      }
      ++j;
    }
    if (j >= n) break;  // unterminated tag at the end: dropped
    size_t name_start = i + 1 + (next == '/' ? 1 : 0);
    size_t name_end = name_start;
    while (name_end < j && std::isalnum(static_cast<unsigned char>(html[name_end]))) ++name_end;
    std::string name;
    for (size_t k = name_start; k < name_end; ++k) name.push_back(AsciiLower(html[k]));
    i = j + 1;
    if (next != '/' && (name == "script" || name == "style" || name == "noscript" || name == "template")) {
      size_t close = FindCaseInsensitive(html, "</" + name, i);
      if (close == std::string_view::npos) {
        i = n;
      } else {
        size_t gt = html.find('>', close);
        i = gt == std::string_view::npos ? n : gt + 1;
      }
      out.push_back(' ');
      continue;
    }
    if (IsBlockTag(name)) out.push_back(' ');
  }
  return CollapseWhitespace(ToValidUtf8(out));
}

std::string FoldForMatch(std::string_view text) {
  const FoldTable& table = FoldTable::Get();
  std::string out;
  out.reserve(text.size());
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  size_t n = text.size(), i = 0;
  while (i < n) {
    unsigned char b = p[i];
    if (b < 0x80) {
      out.push_back(std::isalnum(b) ? AsciiLower(static_cast<char>(b)) : ' ');
      ++i;
      continue;
    }
    uint32_t cp;
    int len = DecodeUtf8(p + i, n - i, &cp);
    if (len < 0) {
      out.push_back(' ');
      i += static_cast<size_t>(-len);
      continue;
    }
    i += static_cast<size_t>(len);
    if (cp < 0x10000) {
      out += table.Fold(cp);
    } else if (u_isalnum(static_cast<UChar32>(cp))) {
      AppendUtf8(&out, cp);
    } else {
      out.push_back(' ');  // emoji and other symbols separate words
    }
  }
  return out;
}

std::string NormalizeForKey(std::string_view text) { return CollapseWhitespace(FoldForMatch(text)); }

uint64_t Fnv1a64(std::string_view bytes) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace veille
