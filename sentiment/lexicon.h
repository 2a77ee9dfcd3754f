// Lexicon: the words, phrases, emoji and rules the scorer knows, per
// language, loaded once from lexicon files (format: sentiment/lexicons/
// README.md) and then read-only.
//
// Every term is folded the way the tokenizer folds text (text.h) and stored
// once in an open-addressing hash table; its per-language entries sit in one
// flat array (record x column). Column 0 is "und", the language-independent
// entries (emoji, emoticons, @lang * files), used when no language could be
// identified. Later files override earlier ones, entry by entry, so a
// brand's own file can re-weight or neutralise a built-in word.
//
// Built by LexiconBuilder, then immutable: concurrent reads are safe.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "common/status.h"
#include "sentiment/text.h"

namespace veille::sentiment {

enum TermFlag : uint16_t {
  kTermValence = 1 << 0,
  kTermBooster = 1 << 1,
  kTermNegation = 1 << 2,      // negates the next words ("not", "pas", "n'")
  kTermNegationPost = 1 << 3,  // negates the word before it after a subject ("j'aime pas")
  kTermSubject = 1 << 4,       // subject pronoun or clitic ("j'", "je", "c'")
  kTermContrast = 1 << 5,      // "but", "mais": what follows weighs more
  kTermComplaint = 1 << 6,     // a problem the service team can act on
  kTermCustomer = 1 << 7,      // a customer's own voice ("my", "mon", "vous")
  kTermNews = 1 << 8,          // reporting about the company ("annonce", "selon")
  kTermPhraseHead = 1 << 9,    // first word of a phrase in this column
  kTermSpecific = 1 << 10,     // valence from a language's own file, not @lang *
  kTermDefined = 1 << 11,      // an entry of its own (a phrase with valence 0 still blocks its words)
  kTermIrony = 1 << 12,        // a let-down happening again ("encore", "another"): a cue of irony
  kTermThanks = 1 << 13,       // a thank or congratulation: ironic when what it is for is a let-down
};

struct TermInfo {
  float valence = 0;
  float booster = 0;
  float complaint = 0;
  uint16_t flags = 0;
  uint8_t phrase_words = 0;  // longest phrase starting here, in words
  uint8_t topic = 0;         // complaint terms: index into Lexicon::Topic(), 0 = none
};

class Lexicon {
 public:
  static constexpr int kUnd = 0;
  static constexpr int kMaxPhraseWords = 4;

  // Record index of a folded term, or -1.
  int32_t Find(std::string_view key) const { return FindHashed(key, Hash(key)); }
  // The same, for a key hashed by the caller as Token::hash is (text.h:
  // FoldHash), then passed through HashFinish.
  static uint64_t HashFinish(uint64_t h) {
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    return h ^ (h >> 32);
  }
  // Inline up to a key compare in the first bucket, where most look-ups end
  // (no match in a bucket with a free slot, or one match that is the key);
  // the rest takes the full probe. At each of the scorer's calls this saves
  // the call and the registers the full probe saves and restores. Forced:
  // GCC kept it a call in BuildItems, the look-up of every word (some 130
  // instructions a tweet).
  [[gnu::always_inline]] int32_t FindHashed(std::string_view key, uint64_t hash) const {
    const Bucket& b = buckets_.data()[hash & bucket_mask_];
    const unsigned m = TagMatches(b, TagOf(hash));
    if (m == 0) {
      if (b.record[kBucketSlots - 1] < 0) return -1;
    } else if ((m & (m - 1)) == 0) {
      const int32_t rec = b.record[std::countr_zero(m)];
      const Record& r = records_[rec];
      if (r.size == key.size() && key.size() <= kInlineKey && SameBytes(r.key, key.data(), key.size())) return rec;
    }
    return FindHashedProbe(key, hash);
  }
  // The same, for a key with 8 bytes readable at key.data() whatever its
  // size (a word in the tokenizer's folded text, which has that slack): a
  // key of up to 8 bytes, nearly every word, is compared in one load of
  // each side, with no branch on its length, mispredicted at every few
  // words of a text as SameBytes' is.
  [[gnu::always_inline]] int32_t FindFolded(std::string_view key, uint64_t hash) const {
    // The mask below keeps a key's first bytes on a little-endian machine.
    if constexpr (std::endian::native != std::endian::little) return FindHashed(key, hash);
    const Bucket& b = buckets_.data()[hash & bucket_mask_];
    const unsigned m = TagMatches(b, TagOf(hash));
    if (m == 0) {
      if (b.record[kBucketSlots - 1] < 0) return -1;
    } else if ((m & (m - 1)) == 0 && key.size() <= 8) {
      const int32_t rec = b.record[std::countr_zero(m)];
      const Record& r = records_[rec];
      // A record's key is zero past its size; a key of size 0 has a mask of 0.
      const uint64_t mask = key.size() == 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * key.size())) - 1;
      if ((r.size == key.size()) & (Load<uint64_t>(r.key) == (Load<uint64_t>(key.data()) & mask))) return rec;
    }
    return FindHashedProbe(key, hash);
  }
  // Record -1 (not found) has an all-zero entry in every column, so that a
  // caller needs no branch on whether a word was found.
  const TermInfo& Info(int32_t record, int column) const {
    return infos_[size_t(column) * stride_ + size_t(record + 1)];
  }
  // Gives `record`, which has no entry in `column`, the entry there of
  // `base`, a word it inflects (the scorer's start-up: folded, a French
  // plural may be an English word, "talents", whose record keeps the text's
  // word from the scorer's inflection rules). The phrases `base` starts
  // are its own: not the record's.
  void InheritInfo(int32_t record, int32_t base, int column) {
    TermInfo info = Info(base, column);
    info.flags &= static_cast<uint16_t>(~kTermPhraseHead);
    info.phrase_words = 0;
    MutableInfo(record, column) = info;
  }
  // The folded term of a record.
  std::string_view Key(int32_t record) const { return records_[record].Key(long_keys_); }
  uint32_t LangIdMask(int32_t record) const { return records_[record].langid; }
  // Columns where the record has a valence from a language's own file.
  uint32_t SpecificMask(int32_t record) const { return records_[record].specific; }
  // False when no phrase starts with the two words whose folded texts hash
  // (FoldHash, as Token::hash) to `first` and `second`; true means one
  // may. Lets the scorer skip phrase look-ups after most words, from the
  // hashes it has, with no pass over their bytes.
  bool MaybePhrase(uint64_t first, uint64_t second) const {
    const uint64_t h = PairHash(first, second);
    return (bigrams_[(h >> 6) & (kBigramWords - 1)] >> (h & 63)) & 1;
  }

  int columns() const { return static_cast<int>(columns_.size()); }
  const std::string& ColumnName(int column) const { return columns_[column]; }
  // Column of a language code ("fr"), or -1.
  int Column(std::string_view lang) const;
  // True when the column has valence entries of its own.
  bool Scorable(int column) const { return scorable_[column]; }
  const EmoticonMatcher& emoticons() const { return emoticons_; }
  // Label thresholds of a column (defaults +/-0.05).
  double PositiveThreshold(int column) const { return pos_threshold_[column]; }
  double NegativeThreshold(int column) const { return neg_threshold_[column]; }
  size_t size() const { return records_.size(); }
  // Name of a service topic index from TermInfo::topic ("" for 0).
  const std::string& Topic(uint8_t index) const { return topics_[index]; }

 private:
  friend class LexiconBuilder;
  // One cache line of eight slots. `tag` is the hash's high half, made odd
  // (its low bits pick the bucket); keys are compared on a tag match. A free
  // slot's tag is 0, which matches no key: its record need not be tested.
  // A bucket's slots fill in order and nothing is removed, so a look-up that
  // meets a bucket with a free slot (record[7] < 0) and no match is done:
  // all eight tags are compared at once, with no branch per slot.
  static constexpr int kBucketSlots = 8;
  struct alignas(64) Bucket {
    uint32_t tag[kBucketSlots] = {};
    int32_t record[kBucketSlots] = {-1, -1, -1, -1, -1, -1, -1, -1};
  };
  static uint64_t Hash(std::string_view key) { return HashFinish(FoldHash(key)); }
  static uint64_t PairHash(uint64_t first, uint64_t second) {
    return HashFinish((first * 0x9e3779b97f4a7c15ull) ^ second);
  }
  int32_t Insert(std::string_view key);
  // Sizes the table for `records` records at most half full, placing
  // those already there; Build calls it once so that no insert rehashes.
  void Rehash(size_t records);
  // Puts `record`, whose key hashes to `h`, in the first free slot from
  // its bucket on.
  void Place(uint64_t h, int32_t record);
  static uint32_t TagOf(uint64_t hash) { return static_cast<uint32_t>(hash >> 32) | 1; }
  // Slots of `b` whose tag is `tag` (a TagOf), one bit per slot.
  static unsigned TagMatches(const Bucket& b, uint32_t tag) {
#if defined(__SSE2__)
    const __m128i t = _mm_set1_epi32(static_cast<int>(tag));
    const __m128i lo = _mm_cmpeq_epi32(_mm_load_si128(reinterpret_cast<const __m128i*>(b.tag)), t);
    const __m128i hi = _mm_cmpeq_epi32(_mm_load_si128(reinterpret_cast<const __m128i*>(b.tag + 4)), t);
    return static_cast<unsigned>(_mm_movemask_ps(_mm_castsi128_ps(lo))) |
           (static_cast<unsigned>(_mm_movemask_ps(_mm_castsi128_ps(hi))) << 4);
#else
    unsigned m = 0;
    for (int k = 0; k < kBucketSlots; ++k) m |= static_cast<unsigned>(b.tag[k] == tag) << k;
    return m;
#endif
  }
  template <typename T>
  static T Load(const char* p) {
    T v;
    std::memcpy(&v, p, sizeof(v));
    return v;
  }
  // Keys are short words: comparing them inline costs less than a call to
  // memcmp. No loop over a word's bytes, whose exit would be mispredicted
  // at nearly every word: two overlapping loads cover 4 to 8 bytes (or 2 to
  // 3 with single bytes); only keys of more than 8 bytes loop, in 8-byte
  // steps. Nothing is read outside [a, a + n) and [b, b + n).
  static bool SameBytes(const char* a, const char* b, size_t n) {
    if (n >= 8) {
      for (size_t i = 0; i + 8 < n; i += 8) {
        if (Load<uint64_t>(a + i) != Load<uint64_t>(b + i)) return false;
      }
      return Load<uint64_t>(a + n - 8) == Load<uint64_t>(b + n - 8);
    }
    if (n >= 4) {
      return ((Load<uint32_t>(a) ^ Load<uint32_t>(b)) | (Load<uint32_t>(a + n - 4) ^ Load<uint32_t>(b + n - 4))) == 0;
    }
    if (n == 0) return true;
    return ((a[0] ^ b[0]) | (a[n / 2] ^ b[n / 2]) | (a[n - 1] ^ b[n - 1])) == 0;
  }
  // FindHashed's full probe, from the first bucket: linear, bucket by
  // bucket, up to a match or a bucket with a free slot.
  int32_t FindHashedProbe(std::string_view key, uint64_t hash) const;

  // A record's key and language masks side by side: the cache line a
  // look-up reads to compare the key also brings what inflection reads
  // next (SpecificMask). 32 bytes, two to a cache line
  // and never across two: keys up to kInlineKey bytes (all words, most
  // phrases) are stored inline; a longer one is in long_keys_, at the offset
  // stored in place of its bytes.
  static constexpr size_t kInlineKey = 20;
  struct alignas(32) Record {
    uint32_t langid = 0;    // columns whose stop words include it
    uint32_t specific = 0;  // columns with a kTermSpecific valence
    uint32_t size = 0;      // of the key
    char key[kInlineKey] = {};
    std::string_view Key(const std::string& long_keys) const {
      if (size <= kInlineKey) [[likely]] return std::string_view(key, size);
      uint32_t offset;
      std::memcpy(&offset, key, sizeof(offset));
      return std::string_view(long_keys.data() + offset, size);
    }
  };
  static_assert(sizeof(Record) == 32);
  void AddRecord(std::string_view key);
  static constexpr size_t kBigramWords = 1024;  // 64 Kbit, 8 KB

  // A power of two of them; one free bucket before Build, so that a probe
  // needs no test for an empty table.
  std::vector<Bucket> buckets_ = std::vector<Bucket>(1);
  size_t bucket_mask_ = 0;  // buckets_.size() - 1
  std::vector<Record> records_;
  std::string long_keys_;  // the keys longer than kInlineKey, one after the other
  // Column-major (column x (1 + record), the first entry of a column being
  // record -1's): scoring reads one language's column, a few hundred KB,
  // instead of touching every record's whole row. Sized by LexiconBuilder
  // before the records are known, for the most its entries can make
  // (`stride_` entries a column), and filled in place: filled by record,
  // then turned, it made start-up touch 1.5 MB more memory.
  size_t stride_ = 1;
  std::vector<TermInfo> infos_;
  TermInfo& MutableInfo(int32_t record, int column) {
    return infos_[size_t(column) * stride_ + size_t(record + 1)];
  }
  // Widens each column to `stride` entries, keeping what they hold: when
  // folding made more records than the builder sized for ("n'importe"
  // folds to a phrase, "n' importe", and adds its head "n'").
  void Restride(size_t stride);
  // Bloom filter (one hash, PairHash) of the first two words of every phrase.
  std::vector<uint64_t> bigrams_ = std::vector<uint64_t>(kBigramWords);
  std::vector<std::string> columns_;
  std::vector<bool> scorable_;
  std::vector<double> pos_threshold_;
  std::vector<double> neg_threshold_;
  std::vector<std::string> topics_{""};  // service topics, [0] = none
  EmoticonMatcher emoticons_;
};

// Parses lexicon files and builds a Lexicon from them, in order.
class LexiconBuilder {
 public:
  // `name` appears in errors ("fr_core.lex:12: ..."). Fails with
  // InvalidArgument naming the file and line of the first malformed entry.
  Status Add(std::string_view name, std::string_view content);
  Status AddFile(const std::string& path);
  // Room for `lines` more lines of lexicon files (an entry is a line), to be
  // added. Optional; a caller that knows its files' sizes saves start-up
  // time: entries grown a doubling at a time are moved, each time into
  // fresh memory, and fresh memory is most of what Scorer::Create costs.
  void Reserve(size_t lines) { entries_.reserve(entries_.size() + lines); }
  Result<std::unique_ptr<Lexicon>> Build();

 private:
  enum class Section : uint8_t { kNone, kValence, kBooster, kNegation, kNegationPost, kSubject, kContrast,
                       kComplaint, kCustomer, kNews, kIrony, kThanks, kLangId };
  // Languages and topics are indices into langs_ and topics_, not strings
  // of their own: the built-in lexicons make 12,000 entries, and start-up
  // pays for each page of fresh memory they fill (56 bytes an entry, not
  // 120).
  struct Entry {
    std::string term;  // as written
    float value;
    uint32_t file;  // index into files_
    uint32_t line;
    uint16_t lang;   // index into langs_; "*" for every language
    uint16_t topic;  // index into topics_; [complaint]: the service topic, "" = none
    Section section;
  };
  const std::string& Lang(const Entry& e) const { return langs_[e.lang]; }
  std::vector<std::string> langs_;        // each @lang code once, in order of first sight
  std::vector<std::string> topics_{""};  // each topic name once; [0] = none
  // "file:line" of an entry, for errors.
  std::string Where(const Entry& e) const;
  std::vector<std::string> files_;  // names given to Add, in order
  std::vector<Entry> entries_;
  struct Thresholds {
    std::string lang;
    double positive;
    double negative;
  };
  std::vector<Thresholds> thresholds_;  // in file order, later wins
};

}  // namespace veille::sentiment
