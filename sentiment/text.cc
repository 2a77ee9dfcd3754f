#include "sentiment/text.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <cstddef>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace veille::sentiment {
namespace {

// Folding of U+00C0..U+024F: the ASCII letters a Latin letter reduces to
// once lower-cased and stripped of its accents, and whether it was upper
// case. Generated from Unicode's NFD decompositions; "" marks a code point
// that is not a letter (U+00D7, U+00F7) or has no ASCII base.
struct Fold {
  const char* ascii;
  bool upper;
};
constexpr Fold kLatinFold[] = {{"a",1}, {"a",1}, {"a",1}, {"a",1}, {"a",1}, {"a",1}, {"ae",1}, {"c",1}, {"e",1}, {"e",1}, {"e",1}, {"e",1}, {"i",1}, {"i",1}, {"i",1}, {"i",1}, {"d",1}, {"n",1}, {"o",1}, {"o",1}, {"o",1}, {"o",1}, {"o",1}, {"",0}, {"o",1}, {"u",1}, {"u",1}, {"u",1}, {"u",1}, {"y",1}, {"th",1}, {"ss",0}, {"a",0}, {"a",0}, {"a",0}, {"a",0}, {"a",0}, {"a",0}, {"ae",0}, {"c",0}, {"e",0}, {"e",0}, {"e",0}, {"e",0}, {"i",0}, {"i",0}, {"i",0}, {"i",0}, {"d",0}, {"n",0}, {"o",0}, {"o",0}, {"o",0}, {"o",0}, {"o",0}, {"",0}, {"o",0}, {"u",0}, {"u",0}, {"u",0}, {"u",0}, {"y",0}, {"th",0}, {"y",0}, {"a",1}, {"a",0}, {"a",1}, {"a",0}, {"a",1}, {"a",0}, {"c",1}, {"c",0}, {"c",1}, {"c",0}, {"c",1}, {"c",0}, {"c",1}, {"c",0}, {"d",1}, {"d",0}, {"d",1}, {"d",0}, {"e",1}, {"e",0}, {"e",1}, {"e",0}, {"e",1}, {"e",0}, {"e",1}, {"e",0}, {"e",1}, {"e",0}, {"g",1}, {"g",0}, {"g",1}, {"g",0}, {"g",1}, {"g",0}, {"g",1}, {"g",0}, {"h",1}, {"h",0}, {"h",1}, {"h",0}, {"i",1}, {"i",0}, {"i",1}, {"i",0}, {"i",1}, {"i",0}, {"i",1}, {"i",0}, {"i",1}, {"i",0}, {"",1}, {"",0}, {"j",1}, {"j",0}, {"k",1}, {"k",0}, {"k",0}, {"l",1}, {"l",0}, {"l",1}, {"l",0}, {"l",1}, {"l",0}, {"l",1}, {"l",0}, {"l",1}, {"l",0}, {"n",1}, {"n",0}, {"n",1}, {"n",0}, {"n",1}, {"n",0}, {"",0}, {"n",1}, {"n",0}, {"o",1}, {"o",0}, {"o",1}, {"o",0}, {"o",1}, {"o",0}, {"oe",1}, {"oe",0}, {"r",1}, {"r",0}, {"r",1}, {"r",0}, {"r",1}, {"r",0}, {"s",1}, {"s",0}, {"s",1}, {"s",0}, {"s",1}, {"s",0}, {"s",1}, {"s",0}, {"t",1}, {"t",0}, {"t",1}, {"t",0}, {"t",1}, {"t",0}, {"u",1}, {"u",0}, {"u",1}, {"u",0}, {"u",1}, {"u",0}, {"u",1}, {"u",0}, {"u",1}, {"u",0}, {"u",1}, {"u",0}, {"w",1}, {"w",0}, {"y",1}, {"y",0}, {"y",1}, {"z",1}, {"z",0}, {"z",1}, {"z",0}, {"z",1}, {"z",0}, {"s",0}, {"",0}, {"",1}, {"",1}, {"",0}, {"",1}, {"",0}, {"",1}, {"",1}, {"",0}, {"",1}, {"",1}, {"",1}, {"",0}, {"",0}, {"",1}, {"",1}, {"",1}, {"",1}, {"",0}, {"",1}, {"",1}, {"",0}, {"",1}, {"",1}, {"",1}, {"",0}, {"",0}, {"",0}, {"",1}, {"",1}, {"",0}, {"",1}, {"o",1}, {"o",0}, {"",1}, {"",0}, {"",1}, {"",0}, {"",1}, {"",1}, {"",0}, {"",1}, {"",0}, {"",0}, {"",1}, {"",0}, {"",1}, {"u",1}, {"u",0}, {"",1}, {"",1}, {"",1}, {"",0}, {"",1}, {"",0}, {"",1}, {"",1}, {"",0}, {"",0}, {"",0}, {"",1}, {"",0}, {"",0}, {"",0}, {"",0}, {"",0}, {"",0}, {"",0}, {"",1}, {"",0}, {"",0}, {"",1}, {"",0}, {"",0}, {"",1}, {"",0}, {"",0}, {"a",1}, {"a",0}, {"i",1}, {"i",0}, {"o",1}, {"o",0}, {"u",1}, {"u",0}, {"u",1}, {"u",0}, {"u",1}, {"u",0}, {"u",1}, {"u",0}, {"u",1}, {"u",0}, {"",0}, {"a",1}, {"a",0}, {"a",1}, {"a",0}, {"",1}, {"",0}, {"",1}, {"",0}, {"g",1}, {"g",0}, {"k",1}, {"k",0}, {"o",1}, {"o",0}, {"o",1}, {"o",0}, {"",1}, {"",0}, {"j",0}, {"",1}, {"",0}, {"",0}, {"g",1}, {"g",0}, {"",1}, {"",1}, {"n",1}, {"n",0}, {"a",1}, {"a",0}, {"",1}, {"",0}, {"",1}, {"",0}, {"a",1}, {"a",0}, {"a",1}, {"a",0}, {"e",1}, {"e",0}, {"e",1}, {"e",0}, {"i",1}, {"i",0}, {"i",1}, {"i",0}, {"o",1}, {"o",0}, {"o",1}, {"o",0}, {"r",1}, {"r",0}, {"r",1}, {"r",0}, {"u",1}, {"u",0}, {"u",1}, {"u",0}, {"s",1}, {"s",0}, {"t",1}, {"t",0}, {"",1}, {"",0}, {"h",1}, {"h",0}, {"",1}, {"",0}, {"",1}, {"",0}, {"",1}, {"",0}, {"a",1}, {"a",0}, {"e",1}, {"e",0}, {"o",1}, {"o",0}, {"o",1}, {"o",0}, {"o",1}, {"o",0}, {"o",1}, {"o",0}, {"y",1}, {"y",0}, {"",0}, {"",0}, {"",0}, {"",0}, {"",0}, {"",0}, {"",1}, {"",1}, {"",0}, {"",1}, {"",1}, {"",0}, {"",0}, {"",1}, {"",0}, {"",1}, {"",1}, {"",1}, {"",1}, {"",0}, {"",1}, {"",0}, {"",1}, {"",0}, {"",1}, {"",0}, {"",1}, {"",0}};
constexpr int32_t kLatinFoldFirst = 0xC0;

// ASCII letters and digits, by byte.
constexpr auto kAsciiAlnum = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  return t;
}();

// ASCII bytes that only end the open word and may start an emoticon or be
// punctuation: not letters, digits, spaces or controls, nor the bytes with
// rules of their own ('@' handles, '#' hashtags, '&' entities, '_' in
// hashtags, '\'' elision). Tokenize takes a short path for them.
constexpr auto kAsciiSymbol = [] {
  std::array<bool, 256> t{};
  for (int c = 0x21; c < 0x7F; ++c) t[c] = !kAsciiAlnum[c] && c != '@' && c != '#' && c != '&' && c != '_' && c != '\'';
  return t;
}();
constexpr int32_t kLatinFoldLast = 0x24F;

// kLatinFold of the letters Tokenize's fast path folds: those of two bytes
// with a lead byte C3..C8 (U+00C0..U+023F), indexed by code point - 0xC0,
// their folded bytes in one load (the second 0 for a single one, the first
// 0 for a letter with no ASCII folding).
struct LatinLetter {
  char first, second;
  bool upper;
};
constexpr auto kLatinLetter = [] {
  std::array<LatinLetter, 0x240 - kLatinFoldFirst> t{};
  for (size_t i = 0; i < t.size(); ++i) {
    const Fold& f = kLatinFold[i];
    t[i] = {f.ascii[0], f.ascii[0] != '\0' ? f.ascii[1] : '\0', f.upper};
  }
  return t;
}();
// The two-byte Latin letter at s (a lead byte C3..C8 and a continuation
// byte), or null; two bytes are readable at s.
inline const LatinLetter* LatinLetterAt(const unsigned char* s) {
  if (s[0] < 0xC3 || s[0] > 0xC8 || (s[1] & 0xC0) != 0x80) return nullptr;
  return &kLatinLetter[(((s[0] & 0x1F) << 6) | (s[1] & 0x3F)) - kLatinFoldFirst];
}

// Bytes that end a word with no rule of their own: spaces and kAsciiSymbol.
// A word the fast path meets any other byte in (an apostrophe, '#', '_',
// UTF-8) goes on in FoldWord or is the general path's.
constexpr auto kAsciiWordEnd = [] {
  std::array<bool, 256> t = kAsciiSymbol;
  for (char c : {' ', '\t', '\n', '\r', '\f', '\v'}) t[static_cast<unsigned char>(c)] = true;
  return t;
}();

// Bytes that may follow '@' or '#' in a handle or hashtag: ASCII letters
// and digits, '_', and the lead bytes of letters beyond ASCII.
constexpr auto kWordByte = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = kAsciiAlnum[c] || c >= 0xC0 || c == '_';
  return t;
}();

// The ASCII bytes of an @handle's name: letters, digits, '_' and '.'.
constexpr auto kHandleAscii = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x80; ++c) t[c] = kAsciiAlnum[c] || c == '_' || c == '.';
  return t;
}();

// What Tokenize's fast path does with a byte, in one load.
enum FastClass : uint8_t {
  kFastOther,   // the general path's
  kFastSpace,   // ' ', '\t', '\n', '\v', '\f', '\r'
  kFastSymbol,  // kAsciiSymbol
  kFastAt,      // '@': an @handle, or the general path's
  kFastHash,    // '#': a hashtag (FoldHashtag), or the general path's
  // Last, so that one comparison finds a word:
  kFastWord,    // a letter or digit, or the lead byte of a two-byte Latin letter (FoldWord)
  kFastUrl,     // 'h', 'w', 'H', 'W': a word, or a URL (UrlEnd)
};
constexpr auto kFastClass = [] {
  std::array<FastClass, 256> t{};
  for (int c = 0; c < 256; ++c) {
    if (c == ' ' || (c >= '\t' && c <= '\r')) {
      t[c] = kFastSpace;
    } else if (kAsciiSymbol[c]) {
      t[c] = kFastSymbol;
    } else if (kAsciiAlnum[c] || (c >= 0xC3 && c <= 0xC8)) {
      t[c] = kFastWord;
    }
  }
  t['@'] = kFastAt;
  t['#'] = kFastHash;
  for (char c : {'h', 'w', 'H', 'W'}) t[static_cast<unsigned char>(c)] = kFastUrl;
  return t;
}();

// The '!' and '?' tokens, counted with one addition each: 1 for '!' and
// 1 << 32 for '?' (a text has fewer than 2^32 bytes).
constexpr auto kMarkCount = [] {
  std::array<uint64_t, 256> t{};
  t['!'] = 1;
  t['?'] = uint64_t{1} << 32;
  return t;
}();

bool IsEmoji(int32_t cp) {
  return (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF) ||
         (cp >= 0x2B00 && cp <= 0x2BFF) || cp == 0x203C || cp == 0x2049 || cp == 0x2122 ||
         cp == 0x2139 || (cp >= 0x2194 && cp <= 0x21AA) || cp == 0x231A || cp == 0x231B ||
         cp == 0x2328 || cp == 0x23CF || (cp >= 0x23E9 && cp <= 0x23FA) || cp == 0x3030 ||
         cp == 0x303D || cp == 0x3297 || cp == 0x3299;
}

// Parts of an emoji sequence that carry no meaning of their own.
bool IsEmojiModifier(int32_t cp) {
  return cp == 0x200D || cp == 0xFE0F || cp == 0xFE0E || (cp >= 0x1F3FB && cp <= 0x1F3FF) ||
         cp == 0x20E3 || (cp >= 0xE0020 && cp <= 0xE007F);
}

bool IsSpace(int32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
         cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200B) || cp == 0x202F || cp == 0x205F ||
         cp == 0x3000 || cp == 0xFEFF;
}

bool IsApostrophe(int32_t cp) { return cp == '\'' || cp == 0x2019 || cp == 0x02BC || cp == 0x2018; }

// A letter outside Latin: Greek and everything above General Punctuation
// that is not punctuation, symbol or emoji. Approximate on purpose: it only
// has to tell "some other script" from "Latin" for language identification.
bool IsForeignLetter(int32_t cp) {
  if (cp < 0x370) return false;
  if (cp >= 0x2000 && cp <= 0x2BFF) return false;  // punctuation, symbols, arrows
  if (cp >= 0x3000 && cp <= 0x303F) return false;  // CJK punctuation
  if (cp >= 0xFE00 && cp <= 0xFE0F) return false;
  if (cp >= 0xFF00 && cp <= 0xFF0F) return false;
  if (cp >= 0xE000 && cp <= 0xF8FF) return false;  // private use
  if (IsEmoji(cp) || IsEmojiModifier(cp)) return false;
  return true;
}

// l' j' n' d' c' s' m' t' qu' jusqu' lorsqu' puisqu' quoiqu', by length
// first: it is asked at every apostrophe, English ones included.
bool IsElisionPrefix(std::string_view w) {
  switch (w.size()) {
    case 1:
      return w[0] == 'l' || w[0] == 'j' || w[0] == 'n' || w[0] == 'd' || w[0] == 'c' || w[0] == 's' ||
             w[0] == 'm' || w[0] == 't';
    case 2:
      return w == "qu";
    case 5:
      return w == "jusqu";
    case 6:
      return w == "lorsqu" || w == "puisqu" || w == "quoiqu";
    default:
      return false;
  }
}

// Writes cp in UTF-8 at out; returns the end.
char* AppendUtf8(int32_t cp, char* out) {
  if (cp < 0x80) {
    *out++ = static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out++ = static_cast<char>(0xC0 | (cp >> 6));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out++ = static_cast<char>(0xE0 | (cp >> 12));
    *out++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out++ = static_cast<char>(0xF0 | (cp >> 18));
    *out++ = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out++ = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out++ = static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

// Where Tokenize writes: the folded text and the tokens, through pointers
// into buffers sized once per text for the worst case. Neither can
// overflow: the folded text is never longer than the source (a folded
// character takes at most the bytes of its source character: "æ" and "ß"
// are two bytes and fold to two, an emoji or emoticon is copied, and
// apostrophes become one byte), and each token covers at least one source
// byte of its own.
struct Sink {
  char* fold = nullptr;
  uint32_t flen = 0;
  Token* tok = nullptr;
  uint32_t ntok = 0;
  uint64_t marks = 0;  // kMarkCount of the punctuation tokens made

  // A token whose folded text starts at the current end.
  Token& Emit(uint16_t flags, size_t src_begin, size_t src_len) {
    Token& t = tok[ntok++];
    t.begin = flen;
    t.len = 0;
    t.src_begin = static_cast<uint32_t>(src_begin);
    t.src_len = static_cast<uint32_t>(src_len);
    t.flags = flags;
    t.punct = 0;
    t.hash = 0;
    return t;
  }
};

// Builds the current word; flushes it as a token.
class WordBuilder {
 public:
  explicit WordBuilder(Sink* out) : out_(out) {}

  bool empty() const { return !open_; }
  std::string_view Folded() const { return std::string_view(out_->fold + begin_, out_->flen - begin_); }

  void Start(size_t src_pos, uint16_t extra_flags) {
    open_ = true;
    begin_ = out_->flen;
    src_begin_ = static_cast<uint32_t>(src_pos);
    upper_ = lower_ = letters_ = digits_ = 0;
    foreign_ = false;
    run_ = 0;
    last_ = 0;
    elongated_ = false;
    extra_ = extra_flags;
  }

  // Appends folded bytes of one source character.
  void Add(std::string_view folded, bool is_letter, bool is_upper, bool is_foreign) {
    for (char c : folded) {
      out_->fold[out_->flen++] = c;
      if (c == last_ && is_letter) {
        if (++run_ >= 3) elongated_ = true;
      } else {
        last_ = c;
        run_ = 1;
      }
    }
    if (is_letter) {
      ++letters_;
      if (is_upper) {
        ++upper_;
      } else if (!is_foreign) {
        ++lower_;
      }
    } else if (!folded.empty() && folded[0] >= '0' && folded[0] <= '9') {
      ++digits_;
    }
    foreign_ |= is_foreign;
  }

  // Fast path for the common case: a run of ASCII letters and digits.
  // Returns the position after the run.
  size_t AddAsciiRun(std::string_view text, size_t pos) {
    const size_t n = text.size();
    size_t end = pos;
    while (end < n && kAsciiAlnum[static_cast<unsigned char>(text[end])]) ++end;
    char* dst = out_->fold + out_->flen;
    // Branch-free: letters and digits mix unpredictably in real text. The
    // counters live in locals: stores through `dst` (a char*) could alias
    // the members, which would be reloaded and stored at every byte.
    int lower = 0, upper = 0, letters = 0;
    char last = last_;
    int run = run_;
    bool elongated = false;
    const size_t len = end - pos;
    out_->flen += static_cast<uint32_t>(len);
    const char* src = text.data() + pos;
    for (size_t k = 0; k < len; ++k) {
      char c = src[k];
      const bool is_lower = static_cast<unsigned char>(c - 'a') < 26;
      const bool is_upper = static_cast<unsigned char>(c - 'A') < 26;
      const bool letter = is_lower | is_upper;
      c = static_cast<char>(c | (is_upper << 5));  // 'A'..'Z' -> 'a'..'z'
      lower += is_lower;
      upper += is_upper;
      letters += letter;
      dst[k] = c;
      // A run of one letter ("nuuul"); a digit never extends a run.
      run = ((c == last) & letter) ? run + 1 : 1;
      elongated |= run >= 3;
      last = c;
    }
    lower_ += lower;
    upper_ += upper;
    letters_ += letters;
    digits_ += static_cast<int>(len) - letters;
    last_ = last;
    run_ = run;
    elongated_ |= elongated;
    return end;
  }

  void AddRaw(char c) {
    out_->fold[out_->flen++] = c;
    last_ = c;
    run_ = 1;
  }

  void Flush(size_t src_end, uint16_t more_flags = 0) {
    if (!open_) return;
    open_ = false;
    // Trailing apostrophes ("les gens' ") are quotes, not part of the word;
    // an elided word keeps its own ("l'").
    if (!(more_flags & kTokElision)) {
      while (out_->flen > begin_ && out_->fold[out_->flen - 1] == '\'') --out_->flen;
    }
    if (out_->flen == begin_) return;
    const uint32_t len = out_->flen - begin_;
    out_->flen = begin_;  // Emit starts the token here
    Token& t = out_->Emit(kTokWord | extra_ | more_flags, src_begin_, src_end - src_begin_);
    out_->flen = begin_ + len;
    t.len = len;
    t.hash = FoldHash(std::string_view(out_->fold + begin_, len));
    if (letters_ >= 2 && lower_ == 0 && upper_ >= 2) t.flags |= kTokAllCaps;
    if (elongated_) t.flags |= kTokElongated;
    if (foreign_) t.flags |= kTokForeign;
    if (letters_ == 0 && digits_ > 0) t.flags |= kTokNumber;
  }

 private:
  Sink* out_;
  bool open_ = false;
  uint32_t begin_ = 0;
  uint32_t src_begin_ = 0;
  int upper_ = 0, lower_ = 0, letters_ = 0, digits_ = 0;
  bool foreign_ = false;
  char last_ = 0;
  int run_ = 0;
  bool elongated_ = false;
  uint16_t extra_ = 0;
};

// Classifies one code point of a word: its folded bytes, whether it is a
// letter, upper case, outside Latin. Returns false when it is not a word
// character at all.
bool WordChar(int32_t cp, std::string_view* folded, char* scratch, bool* letter, bool* upper, bool* foreign) {
  *foreign = false;
  if (cp < 0x80) {
    char c = static_cast<char>(cp);
    if (c >= 'a' && c <= 'z') {
      scratch[0] = c;
      *letter = true;
      *upper = false;
    } else if (c >= 'A' && c <= 'Z') {
      scratch[0] = static_cast<char>(c - 'A' + 'a');
      *letter = true;
      *upper = true;
    } else if (c >= '0' && c <= '9') {
      scratch[0] = c;
      *letter = false;
      *upper = false;
    } else {
      return false;
    }
    *folded = std::string_view(scratch, 1);
    return true;
  }
  if (cp >= kLatinFoldFirst && cp <= kLatinFoldLast) {
    const Fold& f = kLatinFold[cp - kLatinFoldFirst];
    if (f.ascii[0] == '\0') {
      if (cp == 0xD7 || cp == 0xF7) return false;  // multiplication, division signs
      *folded = std::string_view();
      *letter = true;
      *upper = false;
      *foreign = true;
      return true;
    }
    *folded = f.ascii;
    *letter = true;
    *upper = f.upper;
    return true;
  }
  if (IsForeignLetter(cp)) {
    *letter = true;
    *upper = false;
    *foreign = true;
    *folded = std::string_view();  // filled by the caller with the raw bytes
    return true;
  }
  return false;
}

bool IsPunctToken(char c) {
  return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?';
}

}  // namespace

int32_t DecodeUtf8(std::string_view text, size_t* pos) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  size_t i = *pos;
  size_t n = text.size();
  unsigned char c = s[i];
  if (c < 0x80) {
    *pos = i + 1;
    return c;
  }
  int len;
  int32_t cp;
  if ((c & 0xE0) == 0xC0) {
    len = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4;
    cp = c & 0x07;
  } else {
    *pos = i + 1;
    return -1;
  }
  if (i + len > n) {
    *pos = i + 1;
    return -1;
  }
  for (int k = 1; k < len; ++k) {
    unsigned char cc = s[i + k];
    if ((cc & 0xC0) != 0x80) {
      *pos = i + 1;
      return -1;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  // Overlong forms, surrogates and out-of-range values are invalid.
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
      (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    *pos = i + 1;
    return -1;
  }
  *pos = i + len;
  return cp;
}

uint64_t EmoticonMatcher::Pack(std::string_view s) {
  uint64_t p = 0;
  std::memcpy(&p, s.data(), std::min(s.size(), sizeof(p)));
  return p;
}

void EmoticonMatcher::Insert(uint64_t key) {
  if (Contains(key)) return;
  if ((count_ + 1) * 4 > table_.size()) {
    // Doubled (from 64 slots), every key placed again.
    std::vector<uint64_t> old;
    old.swap(table_);
    table_.assign(std::max<size_t>(64, old.size() * 2), 0);
    shift_ = 64 - std::countr_zero(table_.size());
    count_ = 0;
    for (uint64_t k : old) {
      if (k != 0) Insert(k);
    }
  }
  size_t i = Slot(key);
  while (table_[i] != 0) i = (i + 1) & (table_.size() - 1);
  table_[i] = key;
  ++count_;
}

void EmoticonMatcher::Add(std::string_view emoticon) {
  if (emoticon.empty() || emoticon.size() > kMaxLength) return;
  const auto first = static_cast<unsigned char>(emoticon[0]);
  first_[first] = true;
  if (emoticon.size() == 1) single_[first] = true;
  max_len_[first] = std::max<uint8_t>(max_len_[first], static_cast<uint8_t>(emoticon.size()));
  if (emoticon.size() >= 2) {
    const unsigned pair = first << 8 | static_cast<unsigned char>(emoticon[1]);
    pairs_[pair / 64] |= uint64_t{1} << (pair % 64);
  }
  Insert(Key(Pack(emoticon), emoticon.size()));
}

size_t EmoticonMatcher::MatchFrom(std::string_view text, size_t pos) const {
  const unsigned char first = static_cast<unsigned char>(text[pos]);
  // A closing bracket right after a word closes it ("[Florida]:"), it does
  // not start an emoticon.
  if ((first == ']' || first == ')' || first == '}' || first == '>') && pos > 0 && text[pos - 1] != ' ' &&
      text[pos - 1] != '\t' && text[pos - 1] != '\n') {
    return 0;
  }
  // Longest first; no emoticon starting with `first` is longer than max_len_,
  // and none of two bytes or more unless pairs_ knows its first two.
  size_t longest = std::min<size_t>(max_len_[first], text.size() - pos);
  if (longest >= 2) {
    const unsigned pair = first << 8 | static_cast<unsigned char>(text[pos + 1]);
    if (!((pairs_[pair / 64] >> (pair % 64)) & 1)) longest = 1;
  }
  if (longest == 1 && !single_[first]) return 0;
  // The candidates' bytes in one load when eight are readable (Pack's
  // memcpy of a variable length is a call).
  uint64_t head = 0;
  const bool loaded = text.size() - pos >= sizeof(head);
  if (loaded) std::memcpy(&head, text.data() + pos, sizeof(head));
  for (size_t len = longest; len >= 1; --len) {
    size_t end = pos + len;
    if (end < text.size()) {
      unsigned char next = static_cast<unsigned char>(text[end]);
      bool alnum = (next >= '0' && next <= '9') || (next >= 'a' && next <= 'z') || (next >= 'A' && next <= 'Z') ||
                   next >= 0xC0;
      if (alnum) continue;  // ":p" in "ex:prix" is no emoticon
    }
    // len <= 7: the mask keeps the candidate's bytes, as Pack zero pads.
    const uint64_t packed = loaded ? head & ((uint64_t{1} << (8 * len)) - 1) : Pack(text.substr(pos, len));
    if (Contains(Key(packed, len))) return len;
  }
  return 0;
}

namespace {

// The end of the letter at text[p] (of any script, as WordChar says), or p
// when none starts there: how a handle, a URL and a word after an
// apostrophe go on beyond ASCII.
size_t LetterEnd(std::string_view text, size_t p) {
  size_t next = p;
  const int32_t cp = DecodeUtf8(text, &next);
  std::string_view folded;
  char scratch[4];
  bool letter = false, upper, foreign;
  return cp >= 0 && WordChar(cp, &folded, scratch, &letter, &upper, &foreign) && letter ? next : p;
}

// The end of the @handle whose '@' is text[at]: its name is ASCII letters,
// digits, '_' and '.', and letters beyond ASCII, each a whole UTF-8
// character ("@joséphine"); dots at its end are punctuation, not the
// name's ("Merci @acme."). `at` + 1 when no name follows. `text` is the
// padded copy (Tokenize): the space after it ends the name, with no test of
// the length at every byte.
size_t HandleEnd(std::string_view text, size_t at) {
  const auto* const s = reinterpret_cast<const unsigned char*>(text.data());
  size_t q = at + 1;
  if (s[q] == '.') return q;  // a name starts with no dot
  while (true) {
    const unsigned char c = s[q];
    if (kHandleAscii[c]) {
      ++q;
      continue;
    }
    if (c < 0x80) break;
    const size_t next = LetterEnd(text, q);
    if (next == q) break;
    q = next;
  }
  while (s[q - 1] == '.') --q;  // the name's first byte is no dot
  return q;
}

// An ASCII word as Tokenize's fast path reads it: 16 bytes, returned in
// registers.
struct AsciiWord {
  uint64_t hash;   // FoldHash of the folded word
  uint32_t len;
  uint16_t flags;  // the token's
};

// A word token's flags from what its scan found. Most words have a
// lower-case letter and no elongation: plain words, with one test each.
inline uint16_t AsciiWordFlags(bool lower, bool upper_two, bool letter, bool elongated) {
  if (lower && !elongated) return kTokWord;
  return static_cast<uint16_t>(kTokWord | (!lower && upper_two ? kTokAllCaps : 0) | (elongated ? kTokElongated : 0) |
                               (letter ? 0 : kTokNumber));
}

constexpr uint64_t kOnes = 0x0101010101010101ull;
constexpr uint64_t kHigh = 0x8080808080808080ull;
constexpr uint64_t kLow7 = 0x7F7F7F7F7F7F7F7Full;
// High bit of each nonzero byte of z, exactly.
inline uint64_t NonzeroBytes(uint64_t z) { return (((z & kLow7) + kLow7) | z) & kHigh; }

// Stores x at d, its low byte first, as FoldHashLoad loads.
inline void StoreLittle(char* d, uint64_t x) {
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(d, &x, 8);
  } else {
    for (int i = 0; i < 8; ++i) d[i] = static_cast<char>(x >> (8 * i));
  }
}

// The low `k` bytes of a word, 0 to 8, by k: one load rather than three
// instructions to shift.
constexpr auto kLowBytes = [] {
  std::array<uint64_t, 9> t{};
  for (int k = 1; k <= 8; ++k) t[k] = ~uint64_t{0} >> (64 - 8 * k);
  return t;
}();

// Folds, hashes and flags a word of `len` bytes, 1 to 16, all ASCII
// letters or digits, from p, 16 bytes being readable at p and writable at
// d. The bytes are folded and hashed eight at a time, with no loop (whose
// exit would be mispredicted at most words), and classified by two bits:
// of a letter or digit, only a letter has bit 6 set, and of a letter,
// only a lower-case one bit 5 too.
[[gnu::always_inline]] inline AsciiWord FoldAsciiWord(const unsigned char* p, uint32_t len, char* d) {
  constexpr uint64_t kBit6 = kOnes * 0x40;
  if (len <= 8) {
    const uint64_t x = FoldHashLoad(reinterpret_cast<const char*>(p), 8) & kLowBytes[len];
    const uint64_t letters = x & kBit6;
    const uint64_t upper = letters & ~(x << 1);  // bit 5 (lower case) shifted to bit 6
    const uint64_t f = x | (upper >> 1);         // 0x40 >> 1 is 0x20: upper to lower case
    StoreLittle(d, f);                           // the bytes past the word are rewritten later
    // A letter equal to the byte before it, which equals the one before.
    const uint64_t same = ~NonzeroBytes(f ^ (f << 8));
    return AsciiWord{FoldHashChunk(kFoldHashSeed ^ len, f), len,
                     AsciiWordFlags((letters & (x << 1)) != 0, (upper & (upper - 1)) != 0, letters != 0,
                                    (same & (same << 8) & (letters << 1)) != 0)};
  }
  const uint64_t x = FoldHashLoad(reinterpret_cast<const char*>(p), 8);
  const uint64_t x1 = FoldHashLoad(reinterpret_cast<const char*>(p) + 8, 8) & kLowBytes[len - 8];
  const uint64_t letters = x & kBit6, letters1 = x1 & kBit6;
  const uint64_t upper = letters & ~(x << 1), upper1 = letters1 & ~(x1 << 1);
  const uint64_t f = x | (upper >> 1), f1 = x1 | (upper1 >> 1);
  StoreLittle(d, f);
  StoreLittle(d + 8, f1);
  // FoldHash's chunks: the first eight, then the rest.
  const uint64_t hash = FoldHashChunk(FoldHashChunk(kFoldHashSeed ^ len, f), f1);
  // The second eight compare their first byte with the last of the first.
  const uint64_t same = ~NonzeroBytes(f ^ (f << 8));
  const uint64_t same1 = ~NonzeroBytes(f1 ^ ((f1 << 8) | (f >> 56)));
  const bool upper_two = ((upper & (upper - 1)) | (upper1 & (upper1 - 1))) != 0 || (upper != 0 && upper1 != 0);
  return AsciiWord{
      hash, len,
      AsciiWordFlags(((letters & (x << 1)) | (letters1 & (x1 << 1))) != 0, upper_two, (letters | letters1) != 0,
                     ((same & (same << 8) & (letters << 1)) | (same1 & ((same1 << 8) | (same >> 56)) & (letters1 << 1))) !=
                         0)};
}

// Tokenize's fast path finds word ends and the bytes after spaces in bit
// masks over the text, one bit a byte (byte k of the text is bit k % 8 of
// mask byte k / 8): ASCII letters and digits, and the bytes that are no
// space. They are made 16 bytes at a time from the padded copy of the text,
// for its first `blocks` blocks.
inline void MaskText(const unsigned char* text, size_t blocks, uint16_t* word, uint16_t* solid) {
  for (size_t i = 0; i < blocks; ++i) {
#if defined(__SSE2__)
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text + 16 * i));
    // Unsigned range tests as signed ones: c - lo + 0x80 < hi - lo + 0x80.
    auto in_range = [](__m128i c, char lo, int count) {
      return _mm_cmplt_epi8(_mm_add_epi8(c, _mm_set1_epi8(static_cast<char>(0x80 - lo))),
                            _mm_set1_epi8(static_cast<char>(0x80 + count)));
    };
    // With bit 5 set, both cases of a letter fall in 'a'..'z', and no other byte does.
    const __m128i alnum = _mm_or_si128(in_range(_mm_or_si128(x, _mm_set1_epi8(0x20)), 'a', 26), in_range(x, '0', 10));
    const __m128i space = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(' ')), in_range(x, '\t', 5));  // \t \n \v \f \r
    word[i] = static_cast<uint16_t>(_mm_movemask_epi8(alnum));
    solid[i] = static_cast<uint16_t>(~_mm_movemask_epi8(space));
#else
    unsigned w = 0, sp = 0;
    for (int k = 0; k < 16; ++k) {
      const unsigned char c = text[16 * i + k];
      w |= unsigned{kAsciiAlnum[c]} << k;
      sp |= unsigned{c == ' ' || (c >= '\t' && c <= '\r')} << k;
    }
    // Stored as bytes, the low one first, whatever the machine's byte order.
    const unsigned char wb[2] = {static_cast<unsigned char>(w), static_cast<unsigned char>(w >> 8)};
    const unsigned char sb[2] = {static_cast<unsigned char>(~sp), static_cast<unsigned char>(~sp >> 8)};
    std::memcpy(word + i, wb, 2);
    std::memcpy(solid + i, sb, 2);
#endif
  }
}

// Bits p to p + 56 at least of a mask, bit p the lowest.
inline uint64_t MaskFrom(const uint16_t* mask, size_t p) {
  return FoldHashLoad(reinterpret_cast<const char*>(mask) + (p >> 3), 8) >> (p & 7);
}

constexpr size_t kNotFast = ~size_t{0};

// FoldHash of a folded word and whether it has a letter three times in a
// row ("nuuul"; of its bytes, letters, digits and apostrophes, only
// letters have bit 6 set), in one pass of eight bytes at a time: 8 bytes
// are readable at its end (the folded text's slack), so that a chunk is one
// load and a mask, with none of FoldHashLoad's tests of the length.
struct HashedWord {
  uint64_t hash;
  bool elongated;
};
inline HashedWord HashElongated(const char* w, size_t len) {
  uint64_t h = kFoldHashSeed ^ len;
  uint64_t prev = 0, prev_same = 0, elongated = 0;
  for (size_t i = 0; i < len; i += 8) {
    const uint64_t f = FoldHashLoad(w + i, 8) & kLowBytes[std::min<size_t>(len - i, 8)];
    h = FoldHashChunk(h, f);
    const uint64_t same = ~NonzeroBytes(f ^ ((f << 8) | (prev >> 56)));
    elongated |= same & ((same << 8) | (prev_same >> 56)) & ((f & (kOnes * 0x40)) << 1);
    prev = f;
    prev_same = same;
  }
  return {h, elongated != 0};
}

// The length of the apostrophe at s (IsApostrophe's: ASCII, U+2019, U+2018
// or U+02BC), or 0; three bytes are readable at s.
inline size_t ApostropheAt(const unsigned char* s) {
  if (s[0] == '\'') return 1;
  if (s[0] == 0xE2 && s[1] == 0x80 && (s[2] == 0x99 || s[2] == 0x98)) return 3;
  if (s[0] == 0xCA && s[1] == 0xBC) return 2;
  return 0;
}

// Tokenize's fast path for a word that is more than a short run of ASCII
// letters and digits before a space or symbol: it may have two-byte Latin
// letters ("été") and apostrophes ("don't", "l'", "l’"), folded as WordBuilder
// folds them, with the general path's rules for apostrophes. From text[p],
// a letter or digit or the lead byte of one, in the padded copy of the text
// (a space follows it). Writes the token at *tok and its folded text at
// fold + flen, and returns where the text goes on and the folded length.
// Returns kNotFast, having written nothing that counts, at anything else: a
// letter with no ASCII folding, a word going on with '#', '_', '&' or
// UTF-8... Not inline: FastPath's loop keeps its registers for the commoner
// words.
struct FoldedWord {
  size_t next;
  uint32_t len;
};
[[gnu::noinline]] FoldedWord FoldWord(std::string_view text, const uint16_t* word_mask, size_t p, char* fold,
                                      uint32_t flen, Token* tok) {
  constexpr uint64_t kBit6 = kOnes * 0x40;
  const auto* const src = reinterpret_cast<const unsigned char*>(text.data());
  char* const d = fold + flen;
  char* o = d;
  size_t q = p;
  bool lower = false, letter = false;
  uint16_t elision = 0;
  size_t next;
  while (true) {
    // ASCII letters and digits, eight at a time, classified as FoldAsciiWord does.
    for (size_t run = std::countr_zero(~MaskFrom(word_mask, q)); run > 0;) {
      const size_t k = std::min<size_t>(run, 8);
      const uint64_t x = FoldHashLoad(reinterpret_cast<const char*>(src + q), 8) & kLowBytes[k];
      const uint64_t letters = x & kBit6;
      const uint64_t up = letters & ~(x << 1);
      StoreLittle(o, x | (up >> 1));
      lower |= (letters & (x << 1)) != 0;
      letter |= letters != 0;
      q += k;
      o += k;
      run -= k;
    }
    const unsigned char c = src[q];
    if (const LatinLetter* const latin = LatinLetterAt(src + q)) {
      const LatinLetter& l = *latin;
      if (l.first == '\0') return {kNotFast, 0};  // folded to its own bytes, and foreign
      o[0] = l.first;
      o[1] = l.second;
      o += 1 + (l.second != '\0');
      lower |= !l.upper;
      letter = true;
      q += 2;
      continue;
    }
    if (const size_t apostrophe = ApostropheAt(src + q); apostrophe != 0) {
      // The general path's rules: an elided word keeps its apostrophe and
      // ends; any other word takes it when a letter follows, and ends
      // before it, which is dropped, when none does.
      if (IsElisionPrefix(std::string_view(d, static_cast<size_t>(o - d)))) {
        *o++ = '\'';
        elision = kTokElision;
        next = q += apostrophe;
        break;
      }
      const unsigned char c2 = src[q + apostrophe];  // the text's space when the apostrophe ends it
      bool letter_follows = static_cast<unsigned char>((c2 | 0x20) - 'a') < 26;
      if (c2 >= 0x80) letter_follows = LetterEnd(text, q + apostrophe) != q + apostrophe;
      if (letter_follows) {
        *o++ = '\'';
        q += apostrophe;
        continue;
      }
      next = q + apostrophe;
      break;
    }
    if (!kAsciiWordEnd[c]) return {kNotFast, 0};  // the space after the text is one
    next = q;
    break;
  }
  const auto len = static_cast<uint32_t>(o - d);
  // With no lower-case letter, every letter is a capital: the word is in
  // capitals when it has two letters or more, rarely asked, so counted here
  // rather than in the loop. Of its bytes, letters, digits and apostrophes,
  // a letter is an ASCII one or a lead byte C3..C8.
  bool caps = false;
  if (!lower) {
    int letters = 0;
    for (size_t i = p; i < q; ++i) letters += (kAsciiAlnum[src[i]] && src[i] > '9') || (src[i] >= 0xC3 && src[i] <= 0xC8);
    caps = letters >= 2;
  }
  const HashedWord h = HashElongated(d, len);
  *tok = Token{flen,
                len,
                static_cast<uint32_t>(p),
                static_cast<uint32_t>(q - p),
                static_cast<uint16_t>(kTokWord | elision | (caps ? kTokAllCaps : 0) |
                                      (h.elongated ? kTokElongated : 0) | (letter ? 0 : kTokNumber)),
                0,
                h.hash};
  return {next, len};
}

// Writes a token in four stores, of which two are of two fields each: an
// aggregate's fields are put together in vector registers first, at a cost
// of as many instructions again. The padding after `punct` is zeroed.
inline void PutToken(Token* t, uint32_t begin, uint32_t len, size_t src_begin, size_t src_len, uint16_t flags,
                     char punct, uint64_t hash) {
  if constexpr (std::endian::native == std::endian::little) {
    static_assert(offsetof(Token, len) == 4 && offsetof(Token, src_begin) == 8 && offsetof(Token, src_len) == 12 &&
                  offsetof(Token, flags) == 16 && offsetof(Token, punct) == 18 && offsetof(Token, hash) == 24);
    auto* const b = reinterpret_cast<unsigned char*>(t);
    const uint64_t span = begin | uint64_t{len} << 32;
    const uint64_t src = static_cast<uint32_t>(src_begin) | uint64_t{static_cast<uint32_t>(src_len)} << 32;
    const uint32_t marks = flags | uint32_t{static_cast<unsigned char>(punct)} << 16;
    std::memcpy(b, &span, 8);
    std::memcpy(b + 8, &src, 8);
    std::memcpy(b + 16, &marks, 4);
    std::memcpy(b + 24, &hash, 8);
  } else {
    *t = Token{begin, len, static_cast<uint32_t>(src_begin), static_cast<uint32_t>(src_len), flags, punct, hash};
  }
}

// Tokenize's fast path for a hashtag: its pieces ("#NotHappy2" -> "not",
// "happy", "2"), split and folded as the general path does, for a hashtag
// of ASCII letters and digits, two-byte Latin letters (as in FoldWord) and
// underscores, up to a space or symbol. From text[p], the '#', in the
// padded copy of the text. Writes the tokens from *tok and their folded
// text at fold + flen; returns where the text goes on, the tokens written
// and the folded text's new length, or kNotFast, having written nothing
// that counts, for any other hashtag.
struct FoldedHashtag {
  size_t next;
  uint32_t tokens;
  uint32_t flen;
};
[[gnu::noinline]] FoldedHashtag FoldHashtag(std::string_view text, size_t p, char* fold, uint32_t flen, Token* tok) {
  const auto* const src = reinterpret_cast<const unsigned char*>(text.data());
  Token* t = tok;
  // The piece being read, as WordBuilder counts it.
  size_t begin = p + 1;
  uint32_t fbegin = flen;
  int upper = 0, lower = 0, digits = 0;
  char last = 0;
  int run = 0;
  bool elongated = false;
  // Inline, as the loop's other code is: a call would keep the piece's
  // counters in memory, reloaded after every byte stored through `fold`.
  auto flush = [&](size_t end) __attribute__((always_inline)) {
    if (flen == fbegin) return;
    const uint32_t len = flen - fbegin;
    const int letters = upper + lower;
    PutToken(t++, fbegin, len, begin, end - begin,
             static_cast<uint16_t>(kTokWord | kTokHashtag | (letters >= 2 && lower == 0 && upper >= 2 ? kTokAllCaps : 0) |
                                   (elongated ? kTokElongated : 0) | (letters == 0 && digits > 0 ? kTokNumber : 0)),
             0, FoldHash(std::string_view(fold + fbegin, len)));
  };
  auto start = [&](size_t at) {
    begin = at;
    fbegin = flen;
    upper = lower = digits = 0;
    last = 0;
    run = 0;
    elongated = false;
  };
  bool prev_lower = false;
  size_t q = p + 1;
  // `last` is the piece's last folded byte (fold[flen - 1]) when it has one.
  while (true) {
    const unsigned char c = src[q];
    if (kAsciiAlnum[c]) {
      // Most bytes: one folded byte, counted with no branch on its kind.
      const bool letter = c > '9';
      const bool up = letter & (c < 'a');
      const char f = static_cast<char>(letter ? c | 0x20 : c);
      // A case change after a lower-case letter, or between letters and
      // digits, starts a piece.
      if (flen != fbegin && ((up & prev_lower) | (!letter != (last <= '9')))) {
        flush(q);
        start(q);
      }
      fold[flen++] = f;
      if (f == last && letter) {
        elongated |= ++run >= 3;
      } else {
        last = f;
        run = 1;
      }
      upper += up;
      lower += letter & !up;
      digits += !letter;
      prev_lower = letter & !up;
      ++q;
      continue;
    }
    if (const LatinLetter* const latin = LatinLetterAt(src + q)) {
      const LatinLetter& l = *latin;
      if (l.first == '\0') return {kNotFast, 0, 0};
      // A letter, as above.
      if (flen != fbegin && ((l.upper && prev_lower) || last <= '9')) {
        flush(q);
        start(q);
      }
      const char folded[2] = {l.first, l.second};
      for (size_t k = 0; k < (l.second != '\0' ? 2u : 1u); ++k) {
        const char f = folded[k];
        fold[flen++] = f;
        if (f == last) {
          elongated |= ++run >= 3;
        } else {
          last = f;
          run = 1;
        }
      }
      ++(l.upper ? upper : lower);
      prev_lower = !l.upper;
      q += 2;
      continue;
    }
    if (c == '_') {
      flush(q);
      start(++q);
      continue;
    }
    if (kAsciiWordEnd[c]) {  // the space after the text is one
      flush(q);
      return {q, static_cast<uint32_t>(t - tok), flen};
    }
    return {kNotFast, 0, 0};
  }
}

// The ASCII bytes a URL holds: printable ones but '"', '<' and '>', which
// RFC 3986 leaves out and text puts around links.
[[maybe_unused]] constexpr auto kUrlAscii = [] {
  std::array<bool, 256> t{};
  for (int c = 0x21; c < 0x7F; ++c) t[c] = c != '"' && c != '<' && c != '>';
  return t;
}();

// URLs carry no sentiment: the end of one whose first byte is text[p], in
// the padded copy of the text (a space follows it). A URL goes on over the
// bytes kUrlAscii holds and the letters beyond ASCII (an IRI's "é"), up to
// anything else: a space, ASCII or not (the no-break spaces of French
// typography), or a character no link holds, as an emoji or a typographic
// quote ("https://t.co/x😡" keeps its emoji). The punctuation that ends
// it is the sentence's, as linkifiers read it ("voir https://x.fr/a. Nul",
// "https://x.fr/a!"): . , ; : ! ? and quotes, and a closing bracket
// with no opening one in the URL ("(https://x.fr/a)", but not
// ".../Paris_(France)").
size_t UrlRest(std::string_view text, size_t p) {
  const auto* const s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t start = p;
  while (true) {
#if defined(__SSE2__)
    // Sixteen bytes at a time, readable from any byte up to the space
    // after the text (Tokenize): the first that kUrlAscii does not hold.
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + p));
    // Signed: below '!' also takes every byte >= 0x80.
    const __m128i other = _mm_or_si128(
        _mm_or_si128(_mm_cmplt_epi8(x, _mm_set1_epi8('!')), _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7F))),
        _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')),
                     _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('<')), _mm_cmpeq_epi8(x, _mm_set1_epi8('>')))));
    if (const auto m = static_cast<unsigned>(_mm_movemask_epi8(other)); m == 0) {
      p += 16;
      continue;
    } else {
      p += static_cast<size_t>(std::countr_zero(m));
    }
#else
    if (kUrlAscii[s[p]]) {
      ++p;
      continue;
    }
#endif
    if (s[p] < 0x80) break;  // the space after the text is none of them
    const size_t next = LetterEnd(text, p);
    if (next == p) break;
    p = next;
  }
  // Past "://" at least, when the URL starts there (SchemeSeparator...).
  const size_t keep = std::min(p, start + 3);
  while (p > keep) {
    const unsigned char c = s[p - 1];
    if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\'') {
      --p;
      continue;
    }
    const unsigned char open = c == ')' ? '(' : c == ']' ? '[' : c == '}' ? '{' : 0;
    if (open == 0) break;
    const auto url = std::string_view(text.data() + start, p - start);
    if (std::count(url.begin(), url.end(), static_cast<char>(open)) >=
        std::count(url.begin(), url.end(), static_cast<char>(c))) {
      break;
    }
    --p;
  }
  return p;
}

// The end of a URL starting at text[p], the padded copy of the text, or p
// when there is none there: one starts at a word start. A bare "http" is
// one too, of its own length.
size_t UrlEnd(std::string_view text, size_t p) {
  const auto* const s = reinterpret_cast<const unsigned char*>(text.data());
  // Most words starting with 'h' or 'w' are no URL: the second byte says so.
  const unsigned char second = p + 1 < text.size() ? s[p + 1] | 0x20 : 0;
  if (second != 't' && second != 'w') return p;
  if (p > 0) {
    const unsigned char c = s[p - 1];
    if (!(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '(' || c == '"' || c == '\'' || c == '<' ||
          c == '[' || c >= 0x80 || c == ',' || c == '.' || c == ':' || c == ';' || c == '!' || c == '?')) {
      return p;
    }
  }
  std::string_view rest = text.substr(p, 8);
  if (rest.starts_with("http://") || rest.starts_with("https://") || rest.starts_with("www.") ||
      rest.starts_with("HTTP://") || rest.starts_with("HTTPS://")) {
    return UrlRest(text, p);
  }
  // A link anonymised to its scheme, as datasets of posts have them ("...
  // photos et vidéo pour @user http"): the word "http" or "https" alone,
  // before a space, the text's end (the copy's space) or punctuation that
  // no URL has after its scheme (not ':' or '/', which "Http:x" has).
  for (std::string_view scheme : {"https", "http", "HTTPS", "HTTP"}) {
    if (!rest.starts_with(scheme)) continue;
    const unsigned char after = s[p + scheme.size()];
    const bool alone = after == ' ' || (after >= '\t' && after <= '\r') || after == '.' || after == ',' ||
                       after == ';' || after == '!' || after == '?' || after == ')' || after == ']' ||
                       after == '"' || after == '\'';
    return alone ? p + scheme.size() : p;
  }
  return p;
}

// The emoticon of `len` bytes (7 at most) at text[p], the padded copy of
// the text, as the token at *t, its text at fold + flen.
inline void PutEmoticon(Token* t, std::string_view text, size_t p, size_t len, char* fold, uint32_t flen) {
  std::memcpy(fold + flen, text.data() + p, 8);  // the bytes past it are rewritten later
  PutToken(t, flen, static_cast<uint32_t>(len), p, len, kTokEmoticon, 0, FoldHash(text.substr(p, len)));
}

// Where Tokenize's fast path is and what it has written: the text's next
// byte, the folded text's length, the next token, the punctuation's
// kMarkCount and the URLs skipped.
struct FastPos {
  size_t p;
  uint32_t flen;
  Token* tok;
  uint64_t marks;
  int links;
};

// Tokenize's fast path, between words: spaces, ASCII punctuation,
// emoticons, URLs, @handles, and words and hashtags folded by
// FoldAsciiWord, FoldWord and FoldHashtag with no WordBuilder, from
// the padded copy of the text (Tokenize) and its masks. It stops at a byte
// for the general path, which takes it at once (a word FoldWord gives up,
// from its start), or past the text's end: the copy's first zero byte stops
// it, with no test of the length at every token. Not inline, so that its
// loop has the registers to itself.
[[gnu::noinline]] FastPos FastPath(std::string_view text, const uint16_t* word_mask, const uint16_t* solid_mask,
                                   const EmoticonMatcher& emoticons, char* fold, FastPos at) {
  const auto* const src = reinterpret_cast<const unsigned char*>(text.data());
  size_t p = at.p;
  uint32_t flen = at.flen;
  Token* t = at.tok;
  uint64_t marks = at.marks;
  int links = at.links;
  while (true) {
    const unsigned char b = src[p];
    const FastClass cls = kFastClass[b];
    if (cls >= kFastWord) {
      // A URL starts "http", "HTTP" or "www" (UrlEnd): the first byte rules
      // out most words, the second most of the rest.
      uint16_t two;  // the first byte low
      std::memcpy(&two, src + p, 2);
      if constexpr (std::endian::native == std::endian::big) two = static_cast<uint16_t>(two >> 8 | two << 8);
      if (cls == kFastUrl && (((two | 0x2020) == ('h' | 't' << 8)) | (two == ('w' | 'w' << 8)))) {
        if (const size_t e = UrlEnd(text, p); e != p) {
          ++links;
          p = e;
          continue;
        }
      }
      // Most words: ASCII letters and digits up to a space or symbol.
      const auto len = static_cast<uint32_t>(std::countr_zero(~MaskFrom(word_mask, p)));
      if (len - 1 < 16 && kAsciiWordEnd[src[p + len]]) {  // the space after the text is one
        const AsciiWord w = FoldAsciiWord(src + p, len, fold + flen);
        PutToken(t++, flen, len, p, len, w.flags, 0, w.hash);
        flen += len;
        p += len;
        // The space after a word, with no trip round the loop.
        p += src[p] == ' ';
        continue;
      }
      const FoldedWord w = FoldWord(text, word_mask, p, fold, flen, t);
      if (w.next == kNotFast) break;
      ++t;
      flen += w.len;
      p = w.next;
      continue;
    }
    if (cls == kFastSpace) {
      // Past the spaces (the mask's bits of 57 bytes or more at a time).
      uint64_t solid;
      while ((solid = MaskFrom(solid_mask, p)) == 0) p += 56;
      p += std::countr_zero(solid);
      continue;
    }
    if (cls == kFastSymbol) {
      // ascii_symbol's work.
      if (b == ':' && src[p + 1] == '/' && src[p + 2] == '/') {  // the text's space and zero are no '/'
        p = UrlRest(text, p);
        ++links;
        continue;
      }
      if (const size_t len = emoticons.Match(text, p); len > 0) {
        PutEmoticon(t++, text, p, len, fold, flen);
        flen += static_cast<uint32_t>(len);
        p += len;
        continue;
      }
      if (IsPunctToken(static_cast<char>(b))) {
        PutToken(t++, flen, 0, p, 1, kTokPunct, static_cast<char>(b), 0);
        marks += kMarkCount[b];
      }
      ++p;
      continue;
    }
    if (cls == kFastHash && kWordByte[src[p + 1]]) {  // the space after the text is none
      const FoldedHashtag h = FoldHashtag(text, p, fold, flen, t);
      if (h.next == kNotFast) break;
      t += h.tokens;
      flen = h.flen;
      p = h.next;
      continue;
    }
    if (cls == kFastAt) {
      const size_t e = HandleEnd(text, p);
      if (e == p + 1) break;  // no name: the general path's
      PutToken(t++, flen, 0, p, e - p, kTokHandle, 0, 0);
      p = e;
      continue;
    }
    break;  // a byte for the general path, or the zero after the text
  }
  return FastPos{p, flen, t, marks, links};
}

}  // namespace

void Tokenize(std::string_view text, const EmoticonMatcher& emoticons, TokenBuffer* out) {
  const size_t n = text.size();
  out->links = 0;
  // Sized for the worst case (Sink), plus the 16 bytes FoldAsciiWord may
  // write past a word; never cut (TokenBuffer::fold_store).
  if (out->fold_store.size() < n + 16) out->fold_store.resize(n + 16);
  if (out->tokens.store_.size() < n + 1) out->tokens.store_.resize(n + 1);
  // The fast path reads the text from a copy followed by a space and zeros,
  // 16 bytes at a time anywhere in it with no end check, and its masks
  // (MaskText) up to the byte after that space, which is no space: a word
  // ends at the text's end, and a run of spaces stops past it.
  const size_t full = n & ~size_t{15};
  if (out->scratch_text.size() < full + 32) out->scratch_text.resize(full + 32);
  auto* const copy = reinterpret_cast<unsigned char*>(out->scratch_text.data());
  std::memset(copy + full, 0, 32);
  if (n > 0) std::memcpy(copy, text.data(), n);  // data() may be null when n is 0
  copy[n] = ' ';
  const size_t blocks = (n + 1) / 16 + 1;
  // MaskFrom reads eight bytes of mask from any byte of the text.
  if (out->scratch_masks.size() < 2 * (blocks + 4)) out->scratch_masks.resize(2 * (blocks + 4));
  uint16_t* const word_mask = out->scratch_masks.data();
  uint16_t* const solid_mask = word_mask + blocks + 4;
  MaskText(copy, blocks, word_mask, solid_mask);
  Sink sink;
  sink.fold = out->fold_store.data();
  sink.tok = out->tokens.store_.data();
  WordBuilder word(&sink);
  bool hashtag = false;  // the open word is a hashtag, split on case changes
  bool prev_lower = false;
  char scratch[4];
  size_t pos = 0;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  auto is_word_byte = [&](size_t p) { return p < n && kWordByte[s[p]]; };
  // The general path reads the text itself, and the copy where the fast
  // path's helpers need its padding.
  const std::string_view padded(reinterpret_cast<const char*>(copy), n);
  // An ASCII byte that is no word character at text[p], once the open word
  // is flushed: an emoticon, a punctuation token or nothing. Returns the
  // position after it.
  auto ascii_symbol = [&](size_t p) {
    // "://" is a URL whose scheme was a word ("ftp://"), or was replaced
    // ("@user://twitter.com/..." in anonymised posts): skipped whole, as
    // URLs are, not read as the ":/" emoticon.
    if (s[p] == ':' && p + 2 < n && s[p + 1] == '/' && s[p + 2] == '/') {
      ++out->links;
      return UrlRest(padded, p);
    }
    if (const size_t len = emoticons.Match(text, p); len > 0) {
      PutEmoticon(sink.tok + sink.ntok++, padded, p, len, sink.fold, sink.flen);
      sink.flen += static_cast<uint32_t>(len);
      return p + len;
    }
    char c = text[p];
    if (IsPunctToken(c)) {
      sink.Emit(kTokPunct, p, 1).punct = c;
      sink.marks += kMarkCount[static_cast<unsigned char>(c)];
    }
    return p + 1;
  };
  // The end of a URL at text[p], or p when there is none there.
  auto url_end = [&](size_t p) {
    const size_t e = UrlEnd(padded, p);
    out->links += e != p;
    return e;
  };
  while (pos < n) {
    if (word.empty() && !hashtag) {
      const FastPos at = FastPath(padded, word_mask, solid_mask, emoticons, sink.fold,
                                  FastPos{pos, sink.flen, sink.tok + sink.ntok, sink.marks, out->links});
      pos = at.p;
      sink.flen = at.flen;
      sink.ntok = static_cast<uint32_t>(at.tok - sink.tok);
      sink.marks = at.marks;
      out->links = at.links;
      if (pos >= n) break;
    }
    // The general path.
    size_t start = pos;
    unsigned char b = s[pos];
    if (kAsciiAlnum[b] && !hashtag && !(word.empty() && (b == 'h' || b == 'w' || b == 'H' || b == 'W'))) {
      if (word.empty()) word.Start(pos, 0);
      pos = word.AddAsciiRun(text, pos);
      continue;
    }
    // A two-byte Latin letter outside a hashtag (é, è, à, ç, ô...), as
    // DecodeUtf8 and WordChar below would take it (LatinLetterAt, in the
    // padded copy: a lead byte C3..C8 and a continuation byte make a valid
    // code point in U+00C0..U+023F, all in kLatinFold). Letters with no
    // ASCII folding (and x, ÷) go on below.
    if (const LatinLetter* const l = hashtag ? nullptr : LatinLetterAt(copy + pos); l != nullptr && l->first != '\0') {
      if (word.empty()) word.Start(start, 0);
      const char folded[2] = {l->first, l->second};
      word.Add(std::string_view(folded, l->second != '\0' ? 2 : 1), /*is_letter=*/true, l->upper, /*is_foreign=*/false);
      prev_lower = !l->upper;
      pos += 2;
      continue;
    }
    // Short paths for the commonest bytes between words; they do what the
    // general path below would do with them.
    if (b == ' ') {
      word.Flush(pos);
      hashtag = false;
      ++pos;
      continue;
    }
    if (kAsciiSymbol[b]) {
      word.Flush(pos);
      hashtag = false;
      pos = ascii_symbol(pos);
      continue;
    }
    // URLs and @handles carry no sentiment; skip them whole.
    if ((b == 'h' || b == 'w' || b == 'H' || b == 'W') && word.empty()) {
      const size_t e = url_end(pos);
      if (e != pos) {
        pos = e;
        continue;
      }
    }
    if (b == '@' && word.empty()) {
      if (const size_t e = HandleEnd(padded, pos); e > pos + 1) {
        sink.Emit(kTokHandle, start, e - start);
        pos = e;
        continue;
      }
    }
    // Leftover HTML entities ("&gt;", "&#39;") are markup, not words.
    if (b == '&' && pos + 2 < n) {
      size_t e = pos + 1;
      if (text[e] == '#') ++e;
      size_t name = e;
      while (e < n && e - name < 8 && std::isalnum(static_cast<unsigned char>(text[e]))) ++e;
      if (e > name && e < n && text[e] == ';') {
        word.Flush(start);
        hashtag = false;
        pos = e + 1;
        continue;
      }
    }
    if (b == '#' && word.empty() && is_word_byte(pos + 1)) {
      ++pos;
      hashtag = true;
      prev_lower = false;
      word.Start(pos, kTokHashtag);
      continue;
    }
    size_t after = pos;  // through a copy: `pos` stays out of memory
    int32_t cp = DecodeUtf8(text, &after);
    pos = after;
    if (cp < 0) {
      word.Flush(start);
      hashtag = false;
      continue;
    }
    std::string_view folded;
    bool letter = false, upper = false, foreign = false;
    if (WordChar(cp, &folded, scratch, &letter, &upper, &foreign)) {
      if (foreign && folded.empty()) folded = text.substr(start, pos - start);
      if (hashtag && !word.empty()) {
        // "#NotHappy" -> "not" "happy"; "#iphone15" -> "iphone" "15".
        std::string_view cur = word.Folded();
        bool digit = !letter;
        bool prev_digit = !cur.empty() && cur.back() >= '0' && cur.back() <= '9';
        if (!cur.empty() && ((upper && prev_lower) || (digit != prev_digit))) {
          word.Flush(start);
          word.Start(start, kTokHashtag);
        }
      }
      if (word.empty()) word.Start(start, hashtag ? kTokHashtag : 0);
      word.Add(folded, letter, upper, foreign);
      prev_lower = letter && !upper;
      continue;
    }
    if (cp == '_' && hashtag) {
      word.Flush(start);
      word.Start(pos, kTokHashtag);
      continue;
    }
    if (IsApostrophe(cp) && !word.empty() && !hashtag) {
      // An apostrophe between letters: French elision splits ("l'amour"),
      // anything else stays inside the word ("don't", "aujourd'hui").
      const bool letter_follows = pos < n && LetterEnd(text, pos) != pos;
      if (letter_follows && IsElisionPrefix(word.Folded())) {
        word.AddRaw('\'');
        word.Flush(pos, kTokElision);
        continue;
      }
      if (letter_follows) {
        word.AddRaw('\'');
        continue;
      }
      if (IsElisionPrefix(word.Folded())) {
        // "j' aime", or a lexicon term written "n'" on its own.
        word.AddRaw('\'');
        word.Flush(pos, kTokElision);
        continue;
      }
      word.Flush(start);
      continue;
    }
    // Anything else ends the open word.
    word.Flush(start);
    hashtag = false;
    if (IsSpace(cp)) continue;
    if (IsEmojiModifier(cp)) continue;
    if (IsEmoji(cp)) {
      Token& t = sink.Emit(kTokEmoji, start, pos - start);
      char* end = AppendUtf8(cp, sink.fold + sink.flen);
      t.len = static_cast<uint32_t>(end - (sink.fold + sink.flen));
      t.hash = FoldHash(std::string_view(sink.fold + sink.flen, t.len));
      sink.flen += t.len;
      continue;
    }
    if (cp < 0x80) {
      pos = ascii_symbol(start);
    } else if (cp == 0x2026) {  // horizontal ellipsis
      sink.Emit(kTokPunct, start, pos - start).punct = '.';
    }
  }
  word.Flush(n);
  out->folded_size = sink.flen;
  out->tokens.size_ = sink.ntok;
  out->exclamations = static_cast<int>(sink.marks & 0xFFFFFFFF);
  out->questions = static_cast<int>(sink.marks >> 32);
}

std::string FoldTerm(std::string_view term, const EmoticonMatcher& emoticons) {
  TokenBuffer buf;
  std::string key;
  FoldTerm(term, emoticons, &buf, &key);
  return key;
}

void FoldTerm(std::string_view term, const EmoticonMatcher& emoticons, TokenBuffer* buf, std::string* key) {
  Tokenize(term, emoticons, buf);
  key->clear();
  for (const Token& t : buf->tokens) {
    std::string_view s;
    if (t.flags & kTokPunct) {
      s = std::string_view(&t.punct, 1);
    } else {
      s = buf->Text(t);
    }
    if (s.empty()) continue;
    if (!key->empty()) key->push_back(' ');
    key->append(s);
  }
}

}  // namespace veille::sentiment
