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

#include <cstdint>
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

// FNV-1a over folded bytes. Tokenize computes it while it folds a word
// (Token::hash), and the lexicon keys its table by it (Lexicon::HashFinish
// mixes it), so a plain word is hashed once. It extends a byte at a time
// and, the prime being odd, also shrinks one (FoldHashPop): the hash of a
// word's stem comes from the word's own.
inline constexpr uint64_t kFoldHashSeed = 1469598103934665603ull;
inline constexpr uint64_t kFoldHashPrime = 1099511628211ull;
inline constexpr uint64_t kFoldHashPrimeInverse = [] {
  uint64_t x = kFoldHashPrime;  // Newton's iteration: x = p^-1 mod 2^64
  for (int i = 0; i < 6; ++i) x *= 2 - kFoldHashPrime * x;
  return x;
}();
static_assert(kFoldHashPrime * kFoldHashPrimeInverse == 1);
inline uint64_t FoldHashByte(uint64_t h, unsigned char c) { return (h ^ c) * kFoldHashPrime; }
inline uint64_t FoldHashBytes(uint64_t h, std::string_view s) {
  for (unsigned char c : s) h = FoldHashByte(h, c);
  return h;
}
// The hash before FoldHashByte(h, c).
inline uint64_t FoldHashPop(uint64_t h, unsigned char c) { return (h * kFoldHashPrimeInverse) ^ c; }

struct Token {
  uint32_t begin = 0;      // folded text in TokenBuffer::folded
  uint32_t len = 0;
  uint32_t src_begin = 0;  // original bytes in the tokenized text
  uint32_t src_len = 0;
  uint16_t flags = 0;
  char punct = 0;
  // Words, emoji and emoticons: FoldHashBytes(kFoldHashSeed, folded text).
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
  std::string folded;
  TokenList tokens;
  int links = 0;  // URLs skipped (they leave no token)
  // Punctuation tokens '!' and '?', counted as they are made: the scorer's
  // emphasis needs them, and a pass over the tokens would cost more.
  int exclamations = 0;
  int questions = 0;

  // A token is always inside `folded`: no range check (substr would test and throw).
  std::string_view Text(const Token& t) const { return std::string_view(folded.data() + t.begin, t.len); }
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
  std::vector<uint64_t> by_length_[8];  // index = length, up to 7 bytes; sorted Pack()s
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
