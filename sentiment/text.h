// Tokenizer for short informal French and English text (tweets, reviews,
// posts): the one place that knows about UTF-8, case, accents, elision,
// hashtags, handles, URLs, emoji and emoticons.
//
// Words are folded: lower-cased, accents removed ("Très" -> "tres",
// "Œuvre" -> "oeuvre"), typographic apostrophes made ASCII, so that lexicon
// keys and text meet whatever the writer's keyboard. French elided articles
// and pronouns become their own token with the apostrophe kept ("l'", "n'",
// "qu'"). Hashtags are split on case changes, digits and underscores
// ("#NotHappy" -> "not", "happy"); URLs are dropped (TokenBuffer::links
// counts them) and an @handle leaves an empty marker token. Each emoji
// is one token (skin tones, joiners and variation selectors dropped); an
// emoticon is one token when the caller's matcher knows it. Invalid UTF-8
// bytes are separators, never an error.
//
// TokenBuffer owns the folded text and the tokens; it is reused from call to
// call so that tokenizing allocates nothing once warm. Not thread-safe: one
// buffer per thread.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace veille::sentiment {

enum TokenFlag : uint16_t {
  kTokWord = 1 << 0,       // letters and digits (and inner apostrophes)
  kTokEmoji = 1 << 1,
  kTokEmoticon = 1 << 2,
  kTokPunct = 1 << 3,      // one of . , ; : ! ? (Token::punct says which)
  kTokHashtag = 1 << 4,    // a piece of a hashtag
  kTokAllCaps = 1 << 5,    // at least two letters, none lower-case
  kTokElongated = 1 << 6,  // a letter repeated three times or more ("nuuul")
  kTokForeign = 1 << 7,    // has letters outside the Latin script
  kTokNumber = 1 << 8,     // digits only
  kTokElision = 1 << 9,    // French elided word with its apostrophe ("l'")
  kTokHandle = 1 << 10,    // an @handle (kept as a marker, text is empty)
};

// The hash of folded bytes, eight at a time: Tokenize computes it from the
// word it has just folded, in registers (Token::hash), and the lexicon keys
// its table by it (Lexicon::HashFinish mixes it further), so that a plain
// word is hashed once, in a few instructions whatever its length up to 8
// bytes. The length is mixed in first: keys never hold a NUL byte, but the
// zero padding of a short chunk must not make "ab" the hash of "ab\0".
inline constexpr uint64_t kFoldHashSeed = 0x243f6a8885a308d3ull;
inline constexpr uint64_t kFoldHashMul = 0x9e3779b97f4a7c15ull;
inline uint64_t FoldHashChunk(uint64_t h, uint64_t chunk) {
  h = (h ^ chunk) * kFoldHashMul;
  return h ^ (h >> 32);
}
// Up to eight bytes at p, little-endian, zero padded: what a chunk of the
// hash is, whatever the machine's byte order.
[[gnu::always_inline]] inline uint64_t FoldHashLoad(const char* p, size_t n) {
  const auto* b = reinterpret_cast<const unsigned char*>(p);
  if constexpr (std::endian::native == std::endian::little) {
    // Two loads that overlap, with no loop: the bytes both read are the
    // same, so that or-ing them changes nothing.
    if (n >= 4) {
      uint32_t lo, hi;
      std::memcpy(&lo, b, 4);
      std::memcpy(&hi, b + n - 4, 4);
      // n == 8 is the general case too, but tested on its own: the
      // variable shift it saves weighs about 30 instructions a tweet.
      return n == 8 ? (uint64_t{hi} << 32 | lo) : (uint64_t{lo} | uint64_t{hi} << (8 * (n - 4)));
    }
    if (n == 0) return 0;
    return uint64_t{b[0]} | uint64_t{b[n / 2]} << (8 * (n / 2)) | uint64_t{b[n - 1]} << (8 * (n - 1));
  }
  uint64_t x = 0;
  for (size_t i = 0; i < n; ++i) x |= uint64_t{b[i]} << (8 * i);
  return x;
}
inline uint64_t FoldHash(std::string_view s) {
  uint64_t h = kFoldHashSeed ^ s.size();
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) h = FoldHashChunk(h, FoldHashLoad(s.data() + i, 8));
  if (i < s.size()) h = FoldHashChunk(h, FoldHashLoad(s.data() + i, s.size() - i));
  return h;
}

struct Token {
  uint32_t begin = 0;      // folded text in TokenBuffer::folded
  uint32_t len = 0;
  uint32_t src_begin = 0;  // original bytes in the tokenized text
  uint32_t src_len = 0;
  uint16_t flags = 0;
  char punct = 0;
  // Words, emoji and emoticons: FoldHash(folded text).
  uint64_t hash = 0;
};

class EmoticonMatcher;
struct TokenBuffer;

// The tokens of one text. Its storage only grows, so that Tokenize writes
// tokens through a pointer, with no capacity check per token.
class TokenList {
 public:
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const Token& operator[](size_t i) const { return store_[i]; }
  const Token* data() const { return store_.data(); }
  const Token* begin() const { return store_.data(); }
  const Token* end() const { return store_.data() + size_; }

 private:
  friend void Tokenize(std::string_view, const EmoticonMatcher&, TokenBuffer*);
  std::vector<Token> store_;
  size_t size_ = 0;
};

struct TokenBuffer {
  // The folded text of the last text tokenized; tokens point into it.
  std::string_view folded() const { return std::string_view(fold_store.data(), folded_size); }
  TokenList tokens;
  int links = 0;  // URLs skipped (they leave no token)
  // Punctuation tokens '!' and '?', counted as they are made: the scorer's
  // emphasis needs them, and a pass over the tokens would cost more.
  int exclamations = 0;
  int questions = 0;
  // Tokenize's scratch, kept from text to text: a padded copy of the text
  // and bit masks over it.
  std::string scratch_text;
  std::vector<uint16_t> scratch_masks;
  // The folded text's buffer, which only grows: its first folded_size
  // bytes are the folded text, and 16 bytes at least follow them (the
  // slack the tokenizer writes words through). Never cut to the text's
  // size, so that each text does not zero-fill it anew.
  std::string fold_store;
  size_t folded_size = 0;

  // A token is always inside the folded text: no range check (substr would test and throw).
  std::string_view Text(const Token& t) const { return std::string_view(fold_store.data() + t.begin, t.len); }
};

// Knows the emoticons of the loaded lexicons (":)", ":-(", "<3").
class EmoticonMatcher {
 public:
  void Add(std::string_view emoticon);
  // Length in bytes of the longest emoticon starting at text[pos] and ending
  // at a boundary (end, space or punctuation), or 0.
  size_t Match(std::string_view text, size_t pos) const {
    // Inline: most bytes tried start no emoticon at all ("!", "?"), or none
    // with the byte after them and are none alone (". ", ", ").
    const auto first = static_cast<unsigned char>(text[pos]);
    if (!first_[first]) return 0;
    if (!single_[first]) {
      if (pos + 1 >= text.size()) return 0;
      const unsigned pair = first << 8 | static_cast<unsigned char>(text[pos + 1]);
      if (!((pairs_[pair / 64] >> (pair % 64)) & 1)) return 0;
    }
    return MatchFrom(text, pos);
  }

 private:
  size_t MatchFrom(std::string_view text, size_t pos) const;

  // An emoticon's bytes packed into an integer (memcpy, zero padded): a
  // candidate is compared in one instruction rather than with memcmp.
  static uint64_t Pack(std::string_view s);

  bool first_[256] = {};
  bool single_[256] = {};  // one-byte emoticons
  uint8_t max_len_[256] = {};  // by first byte: the longest emoticon
  // Bit (first byte << 8 | second byte) is set when an emoticon of two
  // bytes or more starts with those two: after "." or "!" followed by a
  // space, only one-byte emoticons are tried.
  uint64_t pairs_[65536 / 64] = {};
  // Every emoticon's Key(): its Pack() with its length, up to 7, in the
  // top byte, in an open-addressed table at most a quarter full (0 is a
  // free slot; no key is 0). MatchFrom looks up a length or two at most
  // candidates, and a binary search of a sorted list by length cost some
  // 40 instructions each.
  static constexpr size_t kMaxLength = 7;
  static uint64_t Key(uint64_t packed, size_t len) { return packed | uint64_t{len} << 56; }
  size_t Slot(uint64_t key) const { return static_cast<size_t>((key * kFoldHashMul) >> shift_); }
  bool Contains(uint64_t key) const {
    if (table_.empty()) return false;
    for (size_t i = Slot(key);; i = (i + 1) & (table_.size() - 1)) {
      if (table_[i] == key) return true;
      if (table_[i] == 0) return false;
    }
  }
  void Insert(uint64_t key);
  std::vector<uint64_t> table_;
  size_t count_ = 0;
  int shift_ = 64;  // 64 - log2(table_.size())
};

// Appends the tokens of `text` to `out` after clearing it.
void Tokenize(std::string_view text, const EmoticonMatcher& emoticons, TokenBuffer* out);

// Folds one word or phrase the way Tokenize folds text, joining its tokens
// with single spaces: the key a lexicon term is stored under. Empty when the
// term has no token.
std::string FoldTerm(std::string_view term, const EmoticonMatcher& emoticons);
// The same into `*key`, with `*buf` as the tokenizer's buffer: a caller
// folding many terms (a lexicon's thousands) reuses both, and allocates
// nothing once they are warm.
void FoldTerm(std::string_view term, const EmoticonMatcher& emoticons, TokenBuffer* buf, std::string* key);

// Decodes one UTF-8 code point at text[*pos], advancing *pos. Returns -1 for
// an invalid or truncated sequence (and advances by one byte).
int32_t DecodeUtf8(std::string_view text, size_t* pos);

}  // namespace veille::sentiment
