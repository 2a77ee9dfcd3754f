// The scorer: VADER's rules (Hutto & Gilbert 2014) generalised to French.
//
// Each known term contributes its valence (-4..+4), adjusted by the rules
// that apply to it: boosters and dampeners before it, negation before it (or
// after it in informal French, "j'aime pas"), capitals, letter elongation and
// a contrast word ("but", "mais") that halves what precedes and weighs up
// what follows. The sum, plus emphasis from "!" and "??", is squashed to
// [-1, 1] by x / sqrt(x^2 + 15) as VADER does.
#include "sentiment/scorer.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>
#include <unordered_map>
#include <utility>

#include "sentiment/builtin_lexicons.h"
#include "sentiment/lexicon.h"
#include "sentiment/text.h"

namespace veille::sentiment {
namespace {

// VADER's empirically derived constants.
constexpr float kBoosterDecay[] = {1.0f, 0.95f, 0.9f};
constexpr float kNegationScalar = -0.74f;
constexpr float kCapsIncrement = 0.733f;
constexpr float kElongationIncrement = 0.3f;
constexpr float kBeforeContrast = 0.5f;
constexpr float kAfterContrast = 1.5f;
constexpr float kExclamation = 0.292f;
constexpr int kMaxExclamations = 4;
constexpr float kQuestion = 0.18f;
// A question asks more than it asserts: "anyone interested?".
constexpr float kQuestionSentence = 0.7f;
constexpr float kIronicPraise = 1.5f;  // the least valence of a word said in irony
constexpr float kSolvedPraise = 1.0f;  // the least valence of a complaint term saying a problem is solved
constexpr float kClosingEmoji = 1.5f;
// A post that shares a link mostly relays what it links to (a headline, an
// offer, a video): its words describe the content more than the writer's
// own feeling.
constexpr float kSharesLink = 0.8f;
constexpr float kAlpha = 15.0f;
constexpr int kWindow = 3;            // words a booster or negation reaches
constexpr size_t kMaxTermReasons = 12;
constexpr size_t kMaxHashtagSegment = 40;

// The entry of a word with no record, in any column: all zero, as record
// -1's entry of every column is (Lexicon::Info).
constexpr TermInfo kNoTerm{};

// A token (its folded text, source bytes, flags and hash) and what the
// scorer learns of it. Built from the token by one copy of it.
struct Item : Token {
  explicit Item(const Token& t) : Token(t) {}
  // rec's entry in the chosen column, set once phrases are matched; never
  // null: a word with no record keeps kNoTerm, which is what record -1's
  // entry holds in every column, so that only the items with a record
  // need a pass once the column is known (MatchPhrases).
  const TermInfo* info = &kNoTerm;
  int32_t rec = -1;
  uint8_t span = 1;      // words a matched phrase covers
  // A phrase with its own negation ("jamais reçu"), or the second half of
  // one ("fonctionne plus" after "ne"): not negated again.
  bool self_negated = false;
  // A phrase holding a customer's voice ("fixed my issue", "lost my
  // luggage"): the word that said it is consumed, the voice is the head's.
  bool voice_inside = false;
  bool consumed = false;  // inside a phrase started earlier
  // Set by MarkSentences: its sentence ends with '?'; it is a positive
  // opener said in irony; it comes before the contrast word ruling it.
  bool question = false;
  bool ironic = false;
  bool contrast_before = false;
  int32_t contrast = -1;  // the contrast word ruling it, or -1
};

// Language cues of a text, counted once its items are built (CountCues):
// the words in Latin and in other scripts (0 and 0 when none is in another
// script), and the cue class of each word that has one. A class is the
// pair of masks (stop words of which languages, valence from which
// languages' own files) that records share: a lexicon has tens of them for
// thousands of records, so that an item costs one store, and the columns'
// tallies come from the classes a text has (TallyCues).
struct LangCues {
  int latin = 0;
  int foreign = 0;
  // The classes of the known items' words, in order. A class is stored
  // whatever it is and kept when it is not 0 (no mask): no branch on it. A
  // slot per known item and one more.
  std::vector<uint16_t> seen;
  size_t nseen = 0;
};

// What ColumnFromCues weighs, by column: the words that are stop words of
// its language, and those with a valence from its own files. Zeroed whole
// (TallyCues): 256 bytes are a few vector stores, where zeroing only the
// lexicon's columns was two calls to memset.
struct CueTally {
  int stop[32];
  int lexical[32];
};

// A source tag of up to 8 bytes, its first byte low (FoldHashLoad), or 0
// for a longer one or none: tags are "en", "fr-FR".
[[gnu::always_inline]] inline uint64_t PackTag(std::string_view s) {
  return s.empty() || s.size() > 8 ? 0 : FoldHashLoad(s.data(), s.size());
}

// The outcome of ColumnFromHint for the last source tag it decided on.
struct TagMemo {
  uint64_t scorer = 0;  // ScorerImpl::id_; 0 = none
  std::string hint;
  uint64_t packed = 0;       // PackTag(hint)
  uint64_t lang_packed = 0;  // PackTag(lang)
  std::string lang;
  std::string reason;
  int col = -1;
};

struct Scratch {
  TokenBuffer buf;
  std::vector<Item> items;
  // The items ScoreInto's main loop acts on, in order (MatchPhrases).
  std::vector<int> acting;
  size_t nacting = 0;
  // The items with a record, and the handles, in order (BuildItems): the
  // only ones that may act, head a phrase or have flags in a column. About
  // half a text's items.
  std::vector<int> known;
  size_t nknown = 0;
  // The token flags of all the items, or'ed (BuildItems).
  uint16_t token_flags = 0;
  std::string key;
  std::vector<int> seg_best;
  std::vector<int> seg_from;
  std::vector<int32_t> seg_rec;
  std::vector<std::string> spare_reasons;  // ReasonWriter's
  LangCues cues;
  mutable TagMemo tag_memo;
};

std::string_view Clip(std::string_view s, size_t max);

// An item's source bytes as a reason quotes them: at most 40, cut at a
// character. Always inside `text` (the item's token was read from it), so
// taken with no range check, which substr makes.
// Inline as far as the cut, which only a long source needs.
inline std::string_view SourceText(std::string_view text, const Item& it) {
  const std::string_view s(text.data() + it.src_begin, it.src_len);
  return s.size() <= 40 ? s : Clip(s, 40);
}

// An item's folded text, inside sc.buf.folded().
std::string_view FoldedText(const Scratch& sc, const Item& it) {
  return std::string_view(sc.buf.fold_store.data() + it.begin, it.len);
}

// Up to eight item indices, kept without allocating.
class TermList {
 public:
  void Add(int i) {
    if (n_ < kMax) idx_[n_++] = i;
  }
  // Appends the items' source text, comma separated.
  template <typename ScratchT>
  void AppendTo(std::string_view text, const ScratchT& sc, std::string* out) const {
    for (int k = 0; k < n_; ++k) {
      if (k > 0) out->append(", ");
      const auto& it = sc.items[idx_[k]];
      out->append(SourceText(text, it));
    }
  }

 private:
  static constexpr int kMax = 8;
  int idx_[kMax] = {};
  int n_ = 0;
};

// The weight of complaint terms per service topic, for the topic a text is
// most about; the first topic seen wins a tie.
class TopicTally {
 public:
  void Add(uint8_t topic, float weight) {
    if (topic == 0) return;
    for (int k = 0; k < n_; ++k) {
      if (topic_[k] == topic) {
        weight_[k] += weight;
        return;
      }
    }
    if (n_ < kMax) {
      topic_[n_] = topic;
      weight_[n_++] = weight;
    }
  }
  uint8_t Top() const {
    int best = -1;
    for (int k = 0; k < n_; ++k) {
      if (best < 0 || weight_[k] > weight_[best]) best = k;
    }
    return best < 0 ? 0 : topic_[best];
  }

 private:
  static constexpr int kMax = 8;
  uint8_t topic_[kMax] = {};
  float weight_[kMax] = {};
  int n_ = 0;
};

// The words of the reasons, in the language of the tickets that quote them
// (ScorerOptions::reasons_lang). Each piece is a constant: ScoreInto is
// built once per language (ScoreIn), so that a piece's length is known
// where it is copied. French typography: a no-break space (U+00A0) before
// ':' and inside « », a narrow one (U+202F) before ';', '!' and '?'.
struct ReasonWords {
  bool french;
  char point;  // decimal separator
  // A term: open_quote, its source text, close_quote, its weight, then its
  // notes in brackets, each after note_sep (the first's cut off).
  std::string_view open_quote, close_quote, note_sep;
  std::string_view caps, elongated, boosted_by, dampened_by, negated_by, closing, ironic, in_question, before, after;
  std::string_view shares_link, emphasis, exclamations, questions, emoji_only;
  // The language.
  std::string_view lang, source_tag, no_lexicon, no_lexicon_tag, no_lexicon_identified, non_latin, no_cue, identified,
      function_word, function_words, lexicon_word, lexicon_words;
  // Complaint intent.
  std::string_view not_assessed, no_topic, topic, topic_open, topic_close, solved, news, no_voice_credit, no_voice,
      positive, voice, handle;

  size_t note_skip() const { return note_sep.size(); }
  // A count of n takes the plural: from 2 in French, other than 1 in English.
  bool Plural(int n) const { return french ? n > 1 : n != 1; }
};

constexpr ReasonWords kEnglishReasons = {
    .french = false,
    .point = '.',
    .open_quote = "\"",
    .close_quote = "\" ",
    .note_sep = " ",
    .caps = " caps",
    .elongated = " elongated",
    .boosted_by = " boosted by ",
    .dampened_by = " dampened by ",
    .negated_by = " negated by ",
    .closing = " closing",
    .ironic = " ironic",
    .in_question = " in a question",
    .before = " before ",
    .after = " after ",
    .shares_link = "shares a link x0.80",
    .emphasis = "emphasis ",
    .exclamations = " !, ",
    .questions = " ?)",
    .emoji_only = "tone from emoji or emoticons only",
    .lang = "lang ",
    .source_tag = " (source tag)",
    .no_lexicon = "no lexicon for language '",
    .no_lexicon_tag = "' (source tag): not scored",
    .no_lexicon_identified = "' (identified): not scored",
    .non_latin = "no supported language identified (non-Latin script): not scored",
    .no_cue = "lang und (no language cue; emoji, emoticons and shared slang only)",
    .identified = " (identified: ",
    .function_word = " function word, ",
    .function_words = " function words, ",
    .lexicon_word = " lexicon word)",
    .lexicon_words = " lexicon words)",
    .not_assessed = "not assessed: language without lexicon",
    .no_topic = "no service topic (refund, delivery, outage, billing, account...)",
    .topic = "service topic: ",
    .topic_open = "service topic (",
    .topic_close = "): ",
    .solved = "a problem solved, not a complaint",
    .news = "reads as news about the company: ",
    .no_voice_credit = "no customer voice: the @handles credit a source or a shared link (via, cc, RT)",
    .no_voice = "no customer voice (first person, addressing the brand)",
    .positive = "positive overall: praise or a solved problem",
    .voice = "customer voice: ",
    .handle = "addresses an account (@handle)",
};

constexpr ReasonWords kFrenchReasons = {
    .french = true,
    .point = ',',
    .open_quote = "«\u00A0",
    .close_quote = "\u00A0» ",
    .note_sep = ", ",
    .caps = ", majuscules",
    .elongated = ", lettres répétées",
    .boosted_by = ", renforcé par ",
    .dampened_by = ", atténué par ",
    .negated_by = ", nié par ",
    .closing = ", en fin de texte",
    .ironic = ", ironique",
    .in_question = ", dans une question",
    .before = ", avant ",
    .after = ", après ",
    .shares_link = "partage un lien ×0,80",
    .emphasis = "emphase ",
    .exclamations = "\u202F!, ",
    .questions = "\u202F?)",
    .emoji_only = "ton donné par les émojis ou émoticônes seuls",
    .lang = "langue ",
    .source_tag = " (étiquette de la source)",
    .no_lexicon = "pas de lexique pour la langue «\u00A0",
    .no_lexicon_tag = "\u00A0» (étiquette de la source)\u00A0: non évalué",
    .no_lexicon_identified = "\u00A0» (identifiée)\u00A0: non évalué",
    .non_latin = "aucune langue prise en charge identifiée (écriture non latine)\u00A0: non évalué",
    .no_cue = "langue und (aucun indice de langue\u202F; seuls les émojis, émoticônes et l’argot commun comptent)",
    .identified = " (identifiée\u00A0: ",
    .function_word = " mot-outil, ",
    .function_words = " mots-outils, ",
    .lexicon_word = " mot du lexique)",
    .lexicon_words = " mots du lexique)",
    .not_assessed = "non évalué\u00A0: langue sans lexique",
    .no_topic = "aucun sujet de service (remboursement, livraison, panne, facturation, compte...)",
    .topic = "sujet de service\u00A0: ",
    .topic_open = "sujet de service (",
    .topic_close = ")\u00A0: ",
    .solved = "un problème résolu, pas une réclamation",
    .news = "se lit comme une actualité sur l’entreprise\u00A0: ",
    .no_voice_credit =
        "pas de voix de client\u00A0: les @comptes citent une source ou un lien partagé (via, cc, RT)",
    .no_voice = "pas de voix de client (première personne, adresse à la marque)",
    .positive = "positif dans l’ensemble\u00A0: un éloge ou un problème résolu",
    .voice = "voix de client\u00A0: ",
    .handle = "s’adresse à un compte (@compte)",
};

// A service topic's name (the lexicons' English one: Lexicon::Topic) as a
// French reason says it; a brand's own topic stays as its lexicon names it.
std::string_view FrenchTopic(std::string_view topic) {
  static constexpr std::pair<std::string_view, std::string_view> kNames[] = {
      {"refund", "remboursement"}, {"delivery", "livraison"},  {"outage", "panne"},
      {"billing", "facturation"},  {"account", "compte"},      {"cancellation", "résiliation"},
      {"fraud", "fraude"},         {"defect", "défaut"},       {"support", "service client"},
  };
  for (const auto& [en, fr] : kNames) {
    if (topic == en) return fr;
  }
  return topic;
}

// Writes a list of reasons over the strings already in a vector, reusing
// their capacity; the vector is cut to what was written when the writer
// goes out of scope. The strings cut off are kept in `spare`, not freed,
// and taken back when a later list is longer: the number of reasons
// changes from text to text, and each string freed was allocated again.
class ReasonWriter {
 public:
  ReasonWriter(std::vector<std::string>* v, std::vector<std::string>* spare) : v_(v), spare_(spare) {}
  ReasonWriter(const ReasonWriter&) = delete;
  ReasonWriter& operator=(const ReasonWriter&) = delete;
  // Inline as far as a list as long as the last: mostly, the same
  // number of reasons as the text before.
  ~ReasonWriter() {
    if (v_->size() != n_) Cut();
  }

  // An empty string to write the next reason into. Inline as far as the
  // reuse of a string the verdict still holds (a reason no further down
  // the list than the last text's): a call at each reason cost some 100
  // instructions a tweet.
  [[gnu::always_inline]] std::string& Next() {
    if (n_ < v_->size()) [[likely]] {
      std::string& s = (*v_)[n_++];
      s.clear();
      return s;
    }
    return Grow();
  }
  // Appended to the cleared string, not assigned: assign takes the general
  // replace, with its overlap tests, at some 100 instructions a reason.
  [[gnu::always_inline]] void Add(std::string_view reason) { Next().append(reason); }

 private:
  [[gnu::noinline]] void Cut() {
    // At most a verdict's worth kept: a caller's own verdict may hold more.
    while (v_->size() > n_ && spare_->size() < kMaxSpare) {
      spare_->push_back(std::move(v_->back()));
      v_->pop_back();
    }
    v_->resize(n_);
  }
  [[gnu::noinline]] std::string& Grow() {
    ++n_;
    if (spare_->empty()) return v_->emplace_back();
    std::string& s = v_->emplace_back(std::move(spare_->back()));
    spare_->pop_back();
    s.clear();
    return s;
  }
  static constexpr size_t kMaxSpare = 2 * kMaxTermReasons + 8;
  std::vector<std::string>* v_;
  std::vector<std::string>* spare_;
  size_t n_ = 0;
};

Scratch& ThreadScratch() {
  thread_local Scratch scratch;
  return scratch;
}

bool IsBoundary(const Item& it) {
  return ((it.flags & kTokPunct) != 0) & (it.punct != ',');  // one branch for the caller, not two
}

// A reason under construction, in a buffer on the stack: written with
// plain copies and stored in the verdict's string with one append, where
// appending piece by piece cost a capacity check and a library call at
// each piece (some 200 instructions a tweet in all). Put clips at the
// capacity, which no reason reaches: its pieces are fixed texts and source
// texts clipped at 40 bytes (SourceText), a dozen at most.
class ReasonText {
 public:
  static constexpr size_t kCapacity = 640;
  // The copy's length is the piece's own when it fits, as it always does:
  // a literal's, known where Put is inlined, so that the copy is a few
  // moves rather than a call to memcpy.
  [[gnu::always_inline]] void Put(std::string_view s) {
    if (s.size() <= kCapacity - n_) [[likely]] {
      std::memcpy(buf_ + n_, s.data(), s.size());
      n_ += s.size();
      return;
    }
    const size_t k = kCapacity - n_;
    std::memcpy(buf_ + n_, s.data(), k);
    n_ += k;
  }
  [[gnu::always_inline]] void Put(char c) {
    if (n_ < kCapacity) buf_[n_++] = c;
  }
  // An item's source bytes (SourceText), read instead at the same offset
  // of `padded`, a copy of `text` with 16 bytes readable past any of its
  // bytes (Tokenize's, TokenBuffer::scratch_text): copied 16 bytes at a
  // time, with no call to memcpy, whose dispatch on the length was
  // mispredicted at words of changing length.
  [[gnu::always_inline]] void PutSource(std::string_view text, const char* padded, const Item& it) {
    const std::string_view s = SourceText(text, it);
    const size_t len = s.size();
    if (len + 15 > kCapacity - n_) [[unlikely]] {
      Put(s);
      return;
    }
    const char* const from = padded + (s.data() - text.data());
    for (size_t i = 0; i < len; i += 16) std::memcpy(buf_ + n_ + i, from + i, 16);
    n_ += len;
  }
  // v with a sign and two decimals ("+1.25", "-0.40"; `point` is the
  // decimal separator, ',' in French), as to_chars(fixed,
  // 2) prints it with a '+' before non-negative values, but with integer
  // arithmetic: to_chars on a float costs some 500 instructions. |v| * 100
  // is exact in a double (24 + 7 significant bits) and is rounded half to
  // even like to_chars (checked equal on every float in [-100, 100]; this
  // version checked equal to the one using std::nearbyint on every float
  // with |v| <= 1e6). -0.0 prints "+-0.00", as before.
  [[gnu::always_inline]] void PutNumber(float v, char point) {
    const double x = std::fabs(static_cast<double>(v)) * 100.0;
    // Every score below 100 (all of them): written in place with no loop
    // and no branch on the sign, which changes from term to term, each
    // character stored and counted only when it belongs (NaN fails the
    // test). Checked equal to the general path below on every float in
    // [-200, 200] and on 10^8 others.
    if (x < 9999.5 && n_ + 7 <= kCapacity) {
      const auto h = static_cast<uint32_t>((x + 0x1p52) - 0x1p52);  // as below: at most 9999
      const uint32_t units = h / 100, cents = h % 100;
      char* const d = buf_ + n_;
      size_t k = 0;
      d[k] = '+';
      k += v >= 0;
      d[k] = '-';
      k += std::signbit(v);
      d[k] = static_cast<char>('0' + units / 10);
      k += units >= 10;
      d[k++] = static_cast<char>('0' + units % 10);
      d[k++] = point;
      d[k++] = static_cast<char>('0' + cents / 10);
      d[k++] = static_cast<char>('0' + cents % 10);
      n_ += k;
      return;
    }
    PutNumberSlow(v, x, point);
  }

  void PutInt(int v) {
    char buf[16];
    Put(std::string_view(buf, std::to_chars(buf, buf + sizeof(buf), v).ptr - buf));
  }
  bool empty() const { return n_ == 0; }
  std::string_view view() const { return std::string_view(buf_, n_); }
  // Without its first `skip` bytes: a note's pieces each start with a
  // separator (ReasonWords::note_skip).
  std::string_view tail(size_t skip) const { return n_ <= skip ? std::string_view() : view().substr(skip); }
  void clear() { n_ = 0; }

 private:
  // PutNumber for 100 and above, NaN and infinities; x is |v| * 100.
  [[gnu::noinline]] void PutNumberSlow(float v, double x, char point) {
    char buf[32];
    char* const end = buf + sizeof(buf);
    char* p = end;
    if (!(x < 1e15)) {  // never in practice: the old, general path
      auto r = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::fixed, 2);
      std::replace(buf, r.ptr, '.', point);
      if (v >= 0) Put('+');
      Put(std::string_view(buf, r.ptr - buf));
      return;
    }
    // Rounded half to even as std::nearbyint does in the default rounding
    // mode, without its library call: x + 2^52 has no bits below the units
    // (x < 2^52), so the sum rounds x, and subtracting 2^52 is exact.
    const auto h = static_cast<uint64_t>((x + 0x1p52) - 0x1p52);
    *--p = static_cast<char>('0' + h % 10);
    *--p = static_cast<char>('0' + h / 10 % 10);
    *--p = point;
    uint64_t units = h / 100;
    do {
      *--p = static_cast<char>('0' + units % 10);
      units /= 10;
    } while (units != 0);
    if (std::signbit(v)) *--p = '-';
    if (v >= 0) *--p = '+';
    Put(std::string_view(p, end - p));
  }

  char buf_[kCapacity];
  size_t n_ = 0;
};

std::string_view Clip(std::string_view s, size_t max) {
  if (s.size() <= max) return s;
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut);
}

std::string NormalizeLang(std::string_view hint) {
  std::string out;
  for (char c : hint) {
    if (c == '-' || c == '_' || c == '.') break;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    out.push_back(c);
  }
  return out;
}

class ScorerImpl final : public Scorer {
 public:
  ScorerImpl(std::unique_ptr<Lexicon> lex, const ScorerOptions& options)
      : lex_(std::move(lex)),
        options_(options),
        words_(options.reasons_lang == "fr" ? &kFrenchReasons : &kEnglishReasons) {
    const int en = lex_->Column("en");
    const int fr = lex_->Column("fr");
    en_mask_ = en > 0 ? 1u << en : 0;
    fr_mask_ = fr > 0 ? 1u << fr : 0;
    BuildInflectionFilter();
    InheritInflections();
    BuildSegmentFilter();
  }
  // Fails when the lexicons need more cue classes than an id can name.
  Status Init() { return BuildCueClasses(); }

  void ScoreInto(std::string_view text, std::string_view lang_hint, Verdict* out) const override {
    if (words_->french) {
      ScoreIn<kFrenchReasons>(text, lang_hint, out);
    } else {
      ScoreIn<kEnglishReasons>(text, lang_hint, out);
    }
  }

 private:
  // The record of a token the lexicon lacks as written, or -1: tries its
  // inflections (Inflected) and elongation repairs ("nuuul" -> "nuul" ->
  // "nul"). `hash` is FoldHash(folded) (Token::hash).
  int32_t Repaired(std::string_view folded, uint64_t hash, bool elongated, bool inflect, Scratch* sc) const;
  // An unknown word that is an inflection of a scored word takes its
  // valence: plurals ("arnaques", "disasters"), English comparatives,
  // superlatives, adverbs, past participles and dropped g's ("coolest",
  // "happier", "happily", "hated", "lovin"), French feminines ("décevante",
  // "heureuse", "déçue"). A form counts only when its base is scored in that
  // language, so a function word or another language's word is never
  // reached this way. Capitalised words are not inflected: they are mostly
  // names inside a sentence ("in France", "Time Warner").
  // `hash` is FoldHash(w).
  // A word no rule can turn into a scored word stops at MaybeInflected: a
  // rule added or changed here must be added to BuildInflectionFilter too,
  // or it never fires. That test is inline: most unknown words stop
  // there, and the call alone cost more than the test.
  int32_t Inflected(std::string_view w, uint64_t hash) const {
    return w.size() >= 5 && MaybeInflected(hash) ? InflectedByRules(w) : -1;
  }
  // Inflected past its filter: the rules themselves.
  int32_t InflectedByRules(std::string_view w) const;
  // `base` + `tail` when it is a scored word of a language in `mask`.
  int32_t TryBase(std::string_view base, std::string_view tail, uint32_t mask) const;
  // Fills inflection_filter_: a Bloom filter of every form Inflected can
  // map to a word, built from the words by running its rules backwards.
  void BuildInflectionFilter();
  // A word the lexicon holds in one language only is never an unknown
  // word, so that the inflection rules (Repaired) never reach it in
  // another: folded, the French plurals "talents", "dangers", "abusés"
  // are English words, and the English "idiots" a French one. Each record
  // of one word ending in 's' or 'e' with no entry in a column (and not a
  // function word there) takes the entry its base has there, when the
  // rules make it an inflection of a word scored there. Once, at start-up;
  // the rules' other condition, that a capitalised word inside a sentence
  // is a name, is not asked of these.
  void InheritInflections();
  bool MaybeInflected(uint64_t hash) const {
    uint64_t a, b;
    InflectionBits(Lexicon::HashFinish(hash), &a, &b);
    const uint64_t* line = inflection_filter_[a / 512].words;  // b's line too
    return ((line[a % 512 / 64] >> (a % 64)) & (line[b % 512 / 64] >> (b % 64)) & 1) != 0;
  }
  // The filter's two bits for a finished hash, in one 64-byte line: most
  // words looked up are unknown and reach the filter, and two lines of a
  // 256 KB table were two cache misses for each of them.
  static void InflectionBits(uint64_t h, uint64_t* a, uint64_t* b) {
    const uint64_t line = ((h >> 18) & (kInflectionBits / 512 - 1)) * 512;
    *a = line + (h & 511);
    *b = line + ((h >> 9) & 511);
  }
  static constexpr uint64_t kInflectionBits = uint64_t{1} << 21;  // 256 KB
  // Splits a hashtag written in one piece ("#jadorelesfrites") into known
  // words with the fewest pieces; false when it cannot be split whole.
  bool SegmentHashtag(std::string_view s, Scratch* sc) const;
  // Tokenizes `text` into sc->items, each looked up; with `count_cues`,
  // also counts the language cues of the items into sc->cues.
  void BuildItems(std::string_view text, bool count_cues, Scratch* sc) const;
  // BuildItems' count of the cues, from its items.
  void CountCues(Scratch& sc) const;
  // Gives each record its cue class (cue_class_, class_masks_).
  Status BuildCueClasses();
  // The columns' tallies from the classes `cues` has seen.
  CueTally TallyCues(const LangCues& cues) const;
  // The language column, picked from the source tag `hint` (ColumnFromHint)
  // or, when the tag says nothing (none, "und", "mul", "zxx"), from the
  // text's cues (ColumnFromCues): -1 with a reason when the text is in a
  // language without lexicon. Both append the reason to `*reason`.
  static constexpr int kUndecided = -2;  // ColumnFromHint: the tag says nothing
  // A batch mostly has one source tag: its outcome is kept per thread
  // (TagMemo), and a text with the tag decided last is decided here,
  // inline, the tags compared as packed bytes: the library's compare and
  // assignment and the call cost some 100 instructions a text.
  int ColumnFromHint(std::string_view hint, const Scratch& sc, std::string* lang, std::string* reason) const {
    if (hint.empty()) return kUndecided;
    const TagMemo& memo = sc.tag_memo;
    const uint64_t packed = PackTag(hint);
    if (packed != 0 && packed == memo.packed && hint.size() == memo.hint.size() && memo.scorer == id_) [[likely]] {
      // A verdict reused from text to text holds the language already.
      if (memo.lang_packed == 0 || lang->size() != memo.lang.size() || PackTag(*lang) != memo.lang_packed) {
        *lang = memo.lang;
      }
      reason->append(memo.reason);
      return memo.col;
    }
    return DecideFromHint(hint, sc, lang, reason);
  }
  // ColumnFromHint for a tag other than the last one, or longer than 8
  // bytes.
  [[gnu::noinline]] int DecideFromHint(std::string_view hint, const Scratch& sc, std::string* lang,
                                       std::string* reason) const;
  template <const ReasonWords& W>
  int ColumnFromCues(const LangCues& cues, std::string* lang, std::string* reason) const;
  // ScoreInto with the reasons in W's language.
  template <const ReasonWords& W>
  void ScoreIn(std::string_view text, std::string_view lang_hint, Verdict* out) const;
  // What the scorer counts over the items not inside a phrase.
  struct Counts {
    // Words in capitals, and words: counted only in a text with a word in
    // capitals, both 0 in any other (where capitals stress nothing).
    int caps = 0;
    int words = 0;
    int exclamations = 0;
    int questions = 0;
    uint16_t term_flags = 0;  // the TermInfo flags of all the items, or'ed
  };
  // Sets the entry in column `col` of each item with a record (the others
  // keep kNoTerm), matches phrases (a phrase's head takes the phrase's
  // record and entry, the words after it are consumed), counts, and lists
  // in sc->acting the items that are not consumed and are handles or have
  // a valence, a service topic, a customer's voice or news (Acts): the only
  // ones ScoreInto's main loop does anything with.
  Counts MatchPhrases(int col, Scratch* sc) const;
  // Marks, sentence by sentence: the items of questions (a sentence that
  // ends with '?'), the first contrast word and the items it damps (before
  // it) and stresses (after it, to the end of the sentence), a sentence that
  // opens with one ("Mais ...") contrasting with the one before it; and
  // ironic openers (IronicOpener). Needs each item's info.
  void MarkSentences(std::string_view text, Scratch* sc) const;
  // The index of a sentence's ironic opener, or -1: a praise word (valence
  // 1.5 or more: not "yeah", "ok") that opens the sentence and stands alone
  // before a comma, or with whom it addresses ("Merci la SNCF", "Thanks
  // @acme": names, handles, function words), when the rest of the
  // sentence is negative and says the let-down happens again (an [irony]
  // term): "Génial, encore une panne", "Great, another delay". An
  // interjection before it opens nothing ("Oh great, another outage", "ah
  // génial"). `o` is the sentence's first word (not consumed), or -1; `end`
  // its end.
  int IronicOpener(std::string_view text, const Scratch& sc, int o, int end) const;
  // True when items[i], a thank or congratulation, is for a let-down.
  bool ThanksForALetDown(std::string_view text, const Scratch& sc, int i) const;
  // True when `it` is capitalised (a name) or a function word of some
  // language: what a praise word may address, or pass over on its way to
  // what it is for, without praising a thing.
  bool NameOrFunctionWord(std::string_view text, const Item& it) const {
    const char first = text[it.src_begin];
    return (first >= 'A' && first <= 'Z') || (it.rec >= 0 && lex_->LangIdMask(it.rec) != 0);
  }
  // Index of the negating word for items[i], or -1.
  int Negator(const Scratch& sc, int i) const;
  // True when items[k], a booster, raises or lowers the words after it.
  // Not before a subject pronoun: it is then a conjunction ("si vous
  // aimez": if you like), not the "si" of "si bon". A booster that is also a
  // sentiment word ("truly", "super", "bien") boosts only a sentiment word
  // right after it ("truly awful", "super lent", "bien mauvais"); elsewhere
  // it scores as itself ("it truly helps", "c'est super").
  bool ActsAsBooster(const Scratch& sc, int k) const {
    const bool has_valence = sc.items[k].info->flags & kTermValence;
    const int next = k + sc.items[k].span;
    if (next >= static_cast<int>(sc.items.size())) return !has_valence;
    const uint16_t after = sc.items[next].info->flags;
    if (after & kTermSubject) return false;
    if (!has_valence) return true;
    return (after & kTermValence) && (sc.items[next].flags & kTokWord);
  }
  // True when items[i] scores its own valence: it has one and, when it is
  // also a booster, does not act as one here.
  bool ScoresItself(const Scratch& sc, int i) const {
    const uint16_t f = sc.items[i].info->flags;
    return (f & kTermValence) && !((f & kTermBooster) && ActsAsBooster(sc, i));
  }
  // French puts the degree word after the verb: "j'adore trop", "j'aime
  // beaucoup", "ça craint grave". The index of a pure booster right after
  // the word items[i] that has no sentiment word after it to boost (up to
  // the sentence's end or three words), or -1.
  int PostBooster(const Scratch& sc, int i) const {
    const auto& items = sc.items;
    const int n = static_cast<int>(items.size());
    const int k = i + items[i].span;
    if (!(items[i].flags & kTokWord) || k >= n || !(items[k].flags & kTokWord)) return -1;
    const TermInfo* info = items[k].info;
    if (!(info->flags & kTermBooster) || (info->flags & kTermValence)) return -1;
    int seen = 0;
    for (int j = k + items[k].span; j < n && seen < kWindow; ++j) {
      if (items[j].consumed) continue;
      if (IsBoundary(items[j])) break;
      if (items[j].flags & kTokPunct) continue;
      if (items[j].info->flags & kTermValence) return -1;
      ++seen;
    }
    return k;
  }

  std::unique_ptr<Lexicon> lex_;
  ScorerOptions options_;
  const ReasonWords* words_;  // options_.reasons_lang's
  // Unique per scorer for the process's life (addresses can be reused):
  // the key of the per-thread TagMemo.
  const uint64_t id_ = NextId();
  static uint64_t NextId() {
    static std::atomic<uint64_t> next{1};
    return next.fetch_add(1, std::memory_order_relaxed);
  }
  uint32_t en_mask_ = 0;  // SpecificMask bit of English, of French
  uint32_t fr_mask_ = 0;
  struct alignas(64) FilterLine {
    uint64_t words[8] = {};
  };
  std::vector<FilterLine> inflection_filter_;
  // One bit by segment hash (kSegmentSeed, then SegmentHashAdd of each
  // byte) of every key with no space: SegmentHashtag looks up a piece only
  // when its bit is set. Most pieces it tries are no word (13,011 look-ups
  // for 850 words over fr_xlmt_train's hashtags), and the hash grows by one
  // byte a piece, where each look-up hashed its piece anew. A key's bit is
  // always set, so no word is missed.
  static constexpr int kSegmentBits = 18;  // 32 KB, about 5% set by the built-in lexicons
  static constexpr uint64_t kSegmentSeed = 0x9e3779b97f4a7c15ull;
  static constexpr uint64_t kSegmentMul = 0xff51afd7ed558ccdull;
  // The hash of the bytes so far, `h`, and one byte more.
  static uint64_t SegmentHashAdd(uint64_t h, unsigned char c) { return (h + c) * kSegmentMul; }
  static size_t SegmentBit(uint64_t h) { return static_cast<size_t>((h ^ (h >> 31)) >> (64 - kSegmentBits)); }
  bool MaybeSegment(uint64_t h) const {
    const size_t b = SegmentBit(h);
    return (segment_filter_[b / 64] >> (b % 64)) & 1;
  }
  void BuildSegmentFilter();
  std::vector<uint64_t> segment_filter_;
  // By record + 1 (index 0: no record), its cue class; by class, its
  // LangIdMask and SpecificMask. Class 0 has neither.
  std::vector<uint16_t> cue_class_;
  std::vector<std::pair<uint32_t, uint32_t>> class_masks_;
  // By class, its two masks as counters to add: 16 bits a column, four
  // columns a word, for lexicons of up to kLaneColumns columns (the
  // built-in ones have six). Adding a class's lanes has no branch; going
  // through its masks' bits had one at each bit and one at each class,
  // mispredicted at most words of a text whose language is identified.
  static constexpr int kLaneColumns = 8;
  struct CueLanes {
    uint64_t stop[kLaneColumns / 4] = {};
    uint64_t lexical[kLaneColumns / 4] = {};
  };
  std::vector<CueLanes> class_lanes_;
};

int32_t ScorerImpl::TryBase(std::string_view base, std::string_view tail, uint32_t mask) const {
  if (mask == 0 || base.size() < 2) return -1;
  // The candidate is put together to be hashed; on the stack but for a
  // word longer than any a lexicon is likely to hold.
  char buf[64];
  std::string long_key;
  std::string_view key = base;
  if (!tail.empty()) {
    if (base.size() + tail.size() <= sizeof(buf)) {
      std::memcpy(buf, base.data(), base.size());
      std::memcpy(buf + base.size(), tail.data(), tail.size());
      key = std::string_view(buf, base.size() + tail.size());
    } else {
      long_key.assign(base).append(tail);
      key = long_key;
    }
  }
  const int32_t r = lex_->Find(key);
  return r >= 0 && (lex_->SpecificMask(r) & mask) != 0 ? r : -1;
}

void ScorerImpl::BuildInflectionFilter() {
  inflection_filter_.assign(kInflectionBits / 512, FilterLine());
  auto set = [&](std::string_view form) {
    uint64_t a, b;
    InflectionBits(Lexicon::HashFinish(FoldHash(form)), &a, &b);
    uint64_t* line = inflection_filter_[a / 512].words;  // b's line too
    line[a % 512 / 64] |= uint64_t{1} << (a % 64);
    line[b % 512 / 64] |= uint64_t{1} << (b % 64);
  };
  // Every base Inflected can reach (a word with a language's own valence,
  // whatever the language: a superset is safe) and every form its rules
  // turn into that base, plural or not. Kept in step with Inflected.
  // A form is the first `m` bytes of the base and a suffix: the base is
  // copied once into `form`, each suffix written over its end and then
  // undone (thirty forms a word; building each as a string of its own
  // doubled start-up).
  std::string form;
  for (int32_t r = 0; r < static_cast<int32_t>(lex_->size()); ++r) {
    if (lex_->SpecificMask(r) == 0) continue;
    const std::string_view k = lex_->Key(r);
    if (k.empty()) continue;
    const size_t len = k.size();
    form.assign(k).append(8, '\0');  // room for a suffix and a plural 's'
    // Sets the bits of k[0, m) + `suffix`, and of its plural.
    auto add = [&](size_t m, std::string_view suffix) {
      char* const p = form.data();
      for (size_t i = 0; i < suffix.size(); ++i) p[m + i] = suffix[i];
      p[m + suffix.size()] = 's';
      set(std::string_view(p, m + suffix.size()));
      set(std::string_view(p, m + suffix.size() + 1));
      for (size_t i = m; i < len; ++i) p[i] = k[i];
    };
    const char last = k.back();
    const char doubled[2][4] = {{last, 'e', 's', 't'}, {last, 'e', 'd'}};
    add(len, "");  // plural, of a word of any language
    // A language's rules reach only the words scored in it (TryBase's
    // mask): the forms of the other's rules would only fill the filter.
    if (lex_->SpecificMask(r) & en_mask_) {
      if (last == 'g') add(len - 1, "");  // lovin
      if (last == 'y') {
        for (std::string_view suf : {"iest", "ier", "ily"}) add(len - 1, suf);  // happiest
      }
      for (std::string_view suf : {"est", "ed", "ly"}) add(len, suf);  // coolest
      if (last == 'e') {
        for (std::string_view suf : {"est", "ed"}) add(len - 1, suf);  // nicest, hated
      }
      add(len, std::string_view(doubled[0], 4));  // biggest
      add(len, std::string_view(doubled[1], 3));
    }
    if (lex_->SpecificMask(r) & fr_mask_) {
      if (len >= 3 && k.ends_with("eux")) add(len - 3, "euse");        // heureuse
      if (len >= 2 && k.ends_with("if")) add(len - 2, "ive");          // agressive
      for (std::string_view tail : {"le", "ne", "e"}) add(len, tail);  // cruelle, ancienne, décevante
    }
  }
}

void ScorerImpl::InheritInflections() {
  const int ncol = lex_->columns();
  for (int32_t r = 0; r < static_cast<int32_t>(lex_->size()); ++r) {
    const std::string_view key = lex_->Key(r);
    if (key.size() < 5 || (key.back() != 's' && key.back() != 'e') || key.find(' ') != std::string_view::npos) {
      continue;
    }
    const uint32_t langid = lex_->LangIdMask(r);
    auto lacks = [&](int c) { return lex_->Info(r, c).flags == 0 && !((langid >> c) & 1); };
    bool any = false;
    for (int c = Lexicon::kUnd + 1; c < ncol && !any; ++c) any = lacks(c) && lex_->Scorable(c);
    if (!any) continue;
    const int32_t base = Inflected(key, FoldHash(key));
    if (base < 0 || base == r) continue;
    for (int c = Lexicon::kUnd + 1; c < ncol; ++c) {
      if (lacks(c) && (lex_->Info(base, c).flags & kTermValence)) lex_->InheritInfo(r, base, c);
    }
  }
}

int32_t ScorerImpl::InflectedByRules(std::string_view w) const {
  int32_t r;
  if (w.back() == 's') {
    // Plural of a feminine or of an inflected form below.
    w.remove_suffix(1);
    r = lex_->Find(w);
    if (r >= 0 && lex_->SpecificMask(r) != 0) return r;
  }
  // Every suffix below ends in one of these letters: most unknown words
  // stop here.
  const char last = w.back();
  if (last != 'e' && last != 'd' && last != 'n' && last != 'r' && last != 't' && last != 'y') return -1;
  const size_t m = w.size();
  auto ends = [&](std::string_view suffix) { return m > suffix.size() + 2 && w.ends_with(suffix); };
  auto base = [&](size_t k) { return w.substr(0, m - k); };
  // The English suffixes never end in 'e', the French ones always do.
  if (en_mask_ != 0 && last != 'e') {
    if (ends("in") && (r = TryBase(w, "g", en_mask_)) >= 0) return r;  // lovin
    for (std::string_view suf : {"iest", "ier", "ily"}) {  // happiest, happily
      const size_t k = suf.size();
      if (ends(suf) && (r = TryBase(base(k), "y", en_mask_)) >= 0) return r;
    }
    // Not "-er" ("career", "stranger", "Warner") nor "-ing" ("shooting",
    // "cleaning"): too many of those are nouns of their own.
    for (std::string_view suf : {"est", "ed", "ly"}) {
      if (!ends(suf)) continue;
      const size_t k = suf.size();
      if ((r = TryBase(base(k), {}, en_mask_)) >= 0) return r;           // coolest
      if (suf != "ly") {
        if ((r = TryBase(base(k), "e", en_mask_)) >= 0) return r;        // nicer, hated
        // A doubled final consonant: "biggest" -> "big".
        std::string_view d = m - k >= 3 && w[m - k - 1] == w[m - k - 2] ? w.substr(0, m - k - 1)
                                                                         : std::string_view();
        if (!d.empty() && (r = TryBase(d, {}, en_mask_)) >= 0) return r;  // biggest
      }
      break;
    }
  }
  if (fr_mask_ != 0 && last == 'e') {
    if (ends("euse") && (r = TryBase(base(4), "eux", fr_mask_)) >= 0) return r;  // heureuse
    if (ends("ive") && (r = TryBase(base(3), "if", fr_mask_)) >= 0) return r;    // agressive
    if (ends("elle") && (r = TryBase(base(2), {}, fr_mask_)) >= 0) return r;     // cruelle
    if (ends("enne") && (r = TryBase(base(2), {}, fr_mask_)) >= 0) return r;     // ancienne
    // Feminine participles and adjectives only: "France" is not "franc".
    for (std::string_view suf : {"ante", "ente", "ee", "ue", "ie", "ise", "ite"}) {
      if (ends(suf) && (r = TryBase(base(1), {}, fr_mask_)) >= 0) return r;  // décevante, déçue
    }
  }
  return -1;
}

int32_t ScorerImpl::Repaired(std::string_view folded, uint64_t hash, bool elongated, bool inflect,
                             Scratch* sc) const {
  if (!inflect) {
    // A plural stays a plural, even capitalised ("Disasters").
    if (folded.size() >= 5 && folded.back() == 's') {
      const int32_t rec = lex_->Find(folded.substr(0, folded.size() - 1));
      if (rec >= 0 && lex_->SpecificMask(rec) != 0) return rec;
    }
    return -1;
  }
  int32_t rec = Inflected(folded, hash);
  if (rec >= 0 || !elongated) return rec;
  std::string* key = &sc->key;
  for (int keep : {2, 1}) {
    key->clear();
    char last = 0;
    int run = 0;
    for (char c : folded) {
      if (c == last) {
        if (++run > keep) continue;
      } else {
        last = c;
        run = 1;
      }
      key->push_back(c);
    }
    const uint64_t key_hash = FoldHash(*key);
    rec = lex_->FindHashed(*key, Lexicon::HashFinish(key_hash));
    if (rec >= 0) return rec;
    rec = Inflected(*key, key_hash);
    if (rec >= 0) return rec;
  }
  return -1;
}

void ScorerImpl::BuildSegmentFilter() {
  segment_filter_.assign((size_t{1} << kSegmentBits) / 64, 0);
  for (int32_t r = 0; r < static_cast<int32_t>(lex_->size()); ++r) {
    const std::string_view k = lex_->Key(r);
    if (k.find(' ') != std::string_view::npos) continue;  // a piece of a hashtag has no space
    uint64_t h = kSegmentSeed;
    for (char c : k) h = SegmentHashAdd(h, static_cast<unsigned char>(c));
    const size_t b = SegmentBit(h);
    segment_filter_[b / 64] |= uint64_t{1} << (b % 64);
  }
}

bool ScorerImpl::SegmentHashtag(std::string_view s, Scratch* sc) const {
  const int n = static_cast<int>(s.size());
  if (n < 4 || s.size() > kMaxHashtagSegment) return false;
  constexpr int kUnreached = 1 << 20;
  sc->seg_best.assign(n + 1, kUnreached);
  sc->seg_from.assign(n + 1, -1);
  sc->seg_rec.assign(n + 1, -1);
  sc->seg_best[0] = 0;
  // Forward over reachable starts.
  for (int begin = 0; begin < n; ++begin) {
    const int pieces = sc->seg_best[begin];
    if (pieces >= kUnreached) continue;
    uint64_t h = kSegmentSeed;  // the segment hash of s[begin, end)
    for (int end = begin + 1; end <= std::min(n, begin + 20); ++end) {
      h = SegmentHashAdd(h, static_cast<unsigned char>(s[end - 1]));
      // Single letters are too easy to match; only elided forms are kept.
      if (end - begin < 2 || pieces + 1 >= sc->seg_best[end] || !MaybeSegment(h)) continue;
      int32_t rec = lex_->Find(s.substr(begin, end - begin));
      if (rec < 0) continue;
      sc->seg_best[end] = pieces + 1;
      sc->seg_from[end] = begin;
      sc->seg_rec[end] = rec;
    }
  }
  return sc->seg_best[n] < kUnreached && sc->seg_best[n] > 1;
}

Status ScorerImpl::BuildCueClasses() {
  class_masks_.assign(1, {0, 0});
  cue_class_.assign(lex_->size() + 1, 0);
  std::unordered_map<uint64_t, uint16_t> ids;
  for (int32_t r = 0; r < static_cast<int32_t>(lex_->size()); ++r) {
    const std::pair<uint32_t, uint32_t> masks{lex_->LangIdMask(r), lex_->SpecificMask(r)};
    if (masks.first == 0 && masks.second == 0) continue;
    auto [it, added] = ids.try_emplace(uint64_t{masks.first} << 32 | masks.second,
                                     static_cast<uint16_t>(class_masks_.size()));
    if (added) {
      // The built-in lexicons have tens; 2^16 would take a lexicon giving
      // tens of thousands of words each its own set of languages.
      if (class_masks_.size() > 65535) {
        return Status::InvalidArgument("lexicons: more than 65535 combinations of languages per term");
      }
      class_masks_.push_back(masks);
    }
    cue_class_[r + 1] = it->second;
  }
  class_lanes_.assign(lex_->columns() <= kLaneColumns ? class_masks_.size() : 0, CueLanes{});
  for (size_t k = 0; k < class_lanes_.size(); ++k) {
    for (int c = 0; c < lex_->columns(); ++c) {
      const uint64_t one = uint64_t{1} << (16 * (c % 4));
      if ((class_masks_[k].first >> c) & 1) class_lanes_[k].stop[c / 4] |= one;
      if ((class_masks_[k].second >> c) & 1) class_lanes_[k].lexical[c / 4] |= one;
    }
  }
  return Status::OK();
}

CueTally ScorerImpl::TallyCues(const LangCues& cues) const {
  CueTally t{};  // all 32 columns: 16 vector stores, not two calls to memset
  // A lane counts to 65535: a text of more known words (a line of a
  // hundred thousand words) goes through the masks.
  if (!class_lanes_.empty() && cues.nseen < 65536) {
    CueLanes sum;
    for (size_t k = 0; k < cues.nseen; ++k) {
      const CueLanes& add = class_lanes_[cues.seen[k]];
      for (int w = 0; w < kLaneColumns / 4; ++w) {
        sum.stop[w] += add.stop[w];
        sum.lexical[w] += add.lexical[w];
      }
    }
    for (int c = 0; c < kLaneColumns; ++c) {
      t.stop[c] = static_cast<int>((sum.stop[c / 4] >> (16 * (c % 4))) & 0xFFFF);
      t.lexical[c] = static_cast<int>((sum.lexical[c / 4] >> (16 * (c % 4))) & 0xFFFF);
    }
    return t;
  }
  for (size_t k = 0; k < cues.nseen; ++k) {
    const auto [stop, lexical] = class_masks_[cues.seen[k]];
    for (uint32_t m = stop; m != 0; m &= m - 1) ++t.stop[std::countr_zero(m)];
    for (uint32_t m = lexical; m != 0; m &= m - 1) ++t.lexical[std::countr_zero(m)];
  }
  return t;
}

void ScorerImpl::BuildItems(std::string_view text, bool count_cues, Scratch* sc) const {
  // Through a local: the stores of each item could alias the pointer.
  const Lexicon& lex = *lex_;
  Tokenize(text, lex.emoticons(), &sc->buf);
  sc->items.clear();
  const auto& tokens = sc->buf.tokens;
  // The items with a record and the handles (Scratch::known), written
  // with no branch as the cues are, and the flags of all the tokens.
  auto known_room = [sc](size_t items) {
    if (sc->known.size() < items + 1) sc->known.resize(items + 1);
    return sc->known.data();
  };
  int* known = known_room(tokens.size());
  size_t nknown = 0;
  unsigned token_flags = 0;
  // From the item's record and flags, which the main loop has in
  // registers.
  auto note = [&](int32_t rec, uint16_t flags, size_t index) {
    known[nknown] = static_cast<int>(index);
    nknown += (rec >= 0) | ((flags & kTokHandle) != 0);
    token_flags |= flags;
  };
  size_t index = 0;  // the item's, in a local: the items' size is in memory
  for (size_t ti = 0; ti < tokens.size(); ++ti, ++index) {
    const Token& t = tokens[ti];
    Item& it = sc->items.emplace_back(t);  // built in place, from its token
    const uint16_t flags = t.flags;  // read once: stores through `known` could alias the token
    int32_t rec = -1;  // it.rec, in a register
    if (flags & (kTokWord | kTokEmoji | kTokEmoticon)) {
      std::string_view folded = sc->buf.Text(t);
      rec = lex.FindFolded(folded, Lexicon::HashFinish(t.hash));
      if (rec < 0) {
        // A capital inside a sentence marks a name; at its start it says
        // nothing. Only the repairs need to know: not asked of known words.
        const char first = text[t.src_begin];
        const bool capitalised = first >= 'A' && first <= 'Z' && !(t.flags & kTokAllCaps) && ti > 0 &&
                                 (tokens[ti - 1].flags & (kTokWord | kTokHandle));
        rec = Repaired(folded, t.hash, t.flags & kTokElongated, !capitalised, sc);
      }
      it.rec = rec;
      if (rec < 0 && (t.flags & kTokHashtag) && SegmentHashtag(folded, sc)) {
        // The pieces replace the hashtag, in order. Each has its own source
        // bytes when folding kept the hashtag's length (ASCII: "#Godwins"
        // quotes "God" and "wins"); otherwise they share the hashtag's.
        const Item whole = it;
        const bool same_length = whole.len == whole.src_len;
        sc->items.pop_back();
        size_t first = sc->items.size();
        for (int end = static_cast<int>(folded.size()); end > 0; end = sc->seg_from[end]) {
          Item piece = whole;
          piece.rec = sc->seg_rec[end];
          piece.begin = t.begin + sc->seg_from[end];
          piece.len = end - sc->seg_from[end];
          if (same_length) {
            piece.src_begin = whole.src_begin + sc->seg_from[end];
            piece.src_len = piece.len;
          }
          piece.hash = FoldHash(FoldedText(*sc, piece));
          sc->items.push_back(piece);
        }
        std::reverse(sc->items.begin() + first, sc->items.end());
        known = known_room(sc->items.size() + (tokens.size() - ti));
        for (size_t k = first; k < sc->items.size(); ++k) note(sc->items[k].rec, sc->items[k].flags, k);
        index = sc->items.size() - 1;  // the last piece's
        continue;
      }
    }
    note(rec, flags, index);
  }
  sc->nknown = nknown;
  sc->token_flags = static_cast<uint16_t>(token_flags);
  if (count_cues) CountCues(*sc);
}

void ScorerImpl::CountCues(Scratch& sc) const {
  LangCues& cues = sc.cues;
  // Only a word with a record has a cue class: the known items are all the
  // text can have, and the class is stored whatever it is, kept when it is
  // not 0, with no branch on it.
  const Item* const item = sc.items.data();
  const int* const known = sc.known.data();
  const uint16_t* const cue_class = cue_class_.data();
  if (cues.seen.size() < sc.nknown + 1) cues.seen.resize(sc.nknown + 1);
  uint16_t* const seen = cues.seen.data();
  size_t nseen = 0;
  for (size_t q = 0; q < sc.nknown; ++q) {
    const Item& it = item[known[q]];
    const uint16_t cls = cue_class[(it.flags & kTokWord) ? it.rec + 1 : 0];
    seen[nseen] = cls;
    nseen += cls != 0;
  }
  cues.nseen = nseen;
  // Words in other scripts and in Latin, which ColumnFromCues compares:
  // only a text with a word of another script can have more of them.
  int latin = 0, foreign = 0;
  if (sc.token_flags & kTokForeign) {
    for (size_t i = 0; i < sc.items.size(); ++i) {
      const uint16_t f = item[i].flags;
      const bool word = (f & kTokWord) != 0;
      const bool is_foreign = (f & kTokForeign) != 0;
      foreign += word & is_foreign;
      latin += word & !is_foreign & !(f & kTokNumber);
    }
  }
  cues.latin = latin;
  cues.foreign = foreign;
}

int ScorerImpl::DecideFromHint(std::string_view hint, const Scratch& sc, std::string* lang,
                               std::string* reason) const {
  TagMemo& memo = sc.tag_memo;
  if (memo.scorer == id_ && memo.hint == hint) {
    *lang = memo.lang;
    reason->append(memo.reason);
    return memo.col;
  }
  std::string norm = NormalizeLang(hint);
  if (norm.empty() || norm == "und" || norm == "mul" || norm == "zxx") return kUndecided;
  const size_t reason_begin = reason->size();
  int col = lex_->Column(norm);
  *lang = norm;
  if (col > 0 && lex_->Scorable(col)) {
    reason->append(words_->lang).append(norm).append(words_->source_tag);
  } else {
    reason->append(words_->no_lexicon).append(Clip(norm, 12)).append(words_->no_lexicon_tag);
    col = -1;
  }
  memo.scorer = id_;
  memo.hint.assign(hint);
  memo.packed = PackTag(hint);
  memo.lang = *lang;
  memo.lang_packed = PackTag(memo.lang);
  memo.reason.assign(*reason, reason_begin);
  memo.col = col;
  return col;
}

template <const ReasonWords& W>
int ScorerImpl::ColumnFromCues(const LangCues& cues, std::string* lang, std::string* reason) const {
  const int ncol = lex_->columns();
  const CueTally tally = TallyCues(cues);
  int best = -1;
  int best_score = 0;
  for (int c = 1; c < ncol; ++c) {
    // Stop words are the strong cue; lexicon hits break ties and decide texts
    // too short to have stop words ("Trop nul").
    int score = 4 * tally.stop[c] + tally.lexical[c];
    if (score > best_score || (score == best_score && best >= 0 && tally.stop[c] > tally.stop[best])) {
      best = c;
      best_score = score;
    }
  }
  if (cues.foreign > cues.latin) {
    *lang = "und";
    reason->append(W.non_latin);
    return -1;
  }
  if (best < 0) {
    // No language cue at all: score only what needs no language (emoji,
    // emoticons, shared slang) rather than guess one.
    *lang = "und";
    reason->append(W.no_cue);
    return Lexicon::kUnd;
  }
  *lang = lex_->ColumnName(best);
  if (!lex_->Scorable(best)) {
    reason->append(W.no_lexicon).append(*lang).append(W.no_lexicon_identified);
    return -1;
  }
  // Written into a buffer and appended once: it is the first reason of
  // nearly every text (135 instructions a tweet fewer than five appends).
  char buf[128];
  char* p = buf;
  auto put = [&p](std::string_view s) {
    std::memcpy(p, s.data(), s.size());
    p += s.size();
  };
  // A count below 100 (nearly all) in two stores and no branch: to_chars
  // branched on its digits, mispredicted at about every other text.
  auto count = [&p](int n) {
    if (n >= 100) [[unlikely]] {
      p = std::to_chars(p, p + 11, n).ptr;
      return;
    }
    const int tens = n >= 10;
    p[0] = static_cast<char>('0' + (tens ? n / 10 : n));
    p[tens] = static_cast<char>('0' + n % 10);
    p += 1 + tens;
  };
  put(W.lang);
  put(std::string_view(*lang).substr(0, 8));  // a column name is 2 or 3 letters (ValidLang)
  put(W.identified);
  count(tally.stop[best]);
  put(W.Plural(tally.stop[best]) ? W.function_words : W.function_word);
  count(tally.lexical[best]);
  put(W.Plural(tally.lexical[best]) ? W.lexicon_words : W.lexicon_word);
  reason->append(buf, p);
  return best;
}

// Whether ScoreInto's main loop does anything with an item that is not
// consumed: count it, or weigh it for sentiment or complaint.
inline bool Acts(const Item& it, const TermInfo& info) {
  return ((info.flags & (kTermValence | kTermComplaint | kTermCustomer | kTermNews)) != 0) |
         ((it.flags & kTokHandle) != 0);
}

ScorerImpl::Counts ScorerImpl::MatchPhrases(int col, Scratch* sc) const {
  auto& items = sc->items;
  const int n = static_cast<int>(items.size());
  // Written with no branch, a slot for each item, kept when the item acts.
  if (sc->acting.size() < items.size()) sc->acting.resize(items.size());
  int* const acting = sc->acting.data();
  size_t nacting = 0;
  std::string& key = sc->key;
  // Key length after each word of the candidate phrase: the key is built
  // once, then looked up longest first.
  size_t key_len[Lexicon::kMaxPhraseWords + 1];
  // The flags are or'ed in a local, and the column's entries (from record
  // -1's) read through one: the stores of each item's `info` (a pointer)
  // could alias the returned Counts, which is the caller's memory, and the
  // lexicon's own pointers, which would be loaded and stored again at
  // every item.
  unsigned term_flags = 0;
  const TermInfo* const column = &lex_->Info(-1, col);
  Item* const item = items.data();
  // Only the items with a record, and the handles (BuildItems): every
  // other item keeps kNoTerm, its entry in any column.
  const int* const known = sc->known.data();
  const size_t nknown = sc->nknown;
  for (size_t q = 0; q < nknown; ++q) {
    const int i = known[q];
    Item& it = item[i];
    // A phrase head's is replaced below by the phrase's. Items consumed by
    // an earlier phrase are already marked, and take theirs too.
    it.info = column + (it.rec + 1);
    // One test, mostly false, rather than two that alternate from word to
    // word (known, unknown).
    const TermInfo& info = *it.info;  // a handle's: all zero
    term_flags |= info.flags;
    acting[nacting] = i;
    nacting += !it.consumed & Acts(it, info);
    if (it.consumed || !(info.flags & kTermPhraseHead)) continue;
    const int max_words = std::min<int>(info.phrase_words, n - i);
    if (max_words < 2) continue;
    // Most heads start no phrase with the word after them: the two words'
    // own hashes say so, and only those that may are hashed as a key.
    const Item& second = items[i + 1];
    if (!(second.flags & (kTokWord | kTokEmoji | kTokEmoticon)) || second.len == 0 ||
        !lex_->MaybePhrase(it.hash, second.hash)) {
      continue;
    }
    auto word_at = [&](int k) { return FoldedText(*sc, items[k]); };
    int words = 0;
    size_t len = 0;
    for (int k = i; k < i + max_words; ++k) {
      const Item& p = items[k];
      if (!(p.flags & (kTokWord | kTokEmoji | kTokEmoticon)) || p.len == 0) break;
      len += (k > i) + p.len;  // the space before it, then it
      ++words;
      key_len[words] = len;
    }
    if (words < 2) continue;
    key.clear();
    for (int k = i; k < i + words; ++k) {
      if (k > i) key.push_back(' ');
      key.append(word_at(k));
    }
    for (int w = words; w >= 2; --w) {
      int32_t rec = lex_->Find(std::string_view(key).substr(0, key_len[w]));
      if (rec < 0) continue;
      const TermInfo& pi = lex_->Info(rec, col);
      if (!(pi.flags & kTermDefined)) continue;
      for (int k = i; k < i + w; ++k) {
        const Item& p = items[k];
        if (p.rec < 0) continue;
        const uint16_t word_flags = lex_->Info(p.rec, col).flags;
        if (word_flags & (kTermNegation | kTermNegationPost)) it.self_negated = true;
        if (word_flags & kTermCustomer) it.voice_inside = true;
      }
      // The head acts as its phrase does, not as its own word did.
      const bool listed = nacting > 0 && acting[nacting - 1] == i;
      if (listed && !Acts(it, pi)) --nacting;
      if (!listed && Acts(it, pi)) acting[nacting++] = i;
      it.rec = rec;
      it.info = &pi;
      term_flags |= pi.flags;
      it.span = static_cast<uint8_t>(w);
      const Item& last = items[i + w - 1];
      it.src_len = last.src_begin + last.src_len - it.src_begin;
      for (int k = i + 1; k < i + w; ++k) items[k].consumed = true;
      break;
    }
  }
  Counts c;
  // Words in capitals are rare: only a text with one counts its words.
  if (sc->token_flags & kTokAllCaps) {
    for (int i = 0; i < n; ++i) {
      const Item& it = item[i];
      const bool word = !it.consumed & ((it.flags & kTokWord) != 0);
      c.words += word;
      c.caps += word & ((it.flags & kTokAllCaps) != 0);
    }
  }
  c.term_flags = static_cast<uint16_t>(term_flags);
  // No phrase holds punctuation: the tokenizer's counts are the items'.
  c.exclamations = sc->buf.exclamations;
  c.questions = sc->buf.questions;
  sc->nacting = nacting;
  return c;
}

void ScorerImpl::MarkSentences(std::string_view text, Scratch* sc) const {
  auto& items = sc->items;  // fresh from BuildItems: nothing marked yet
  const int n = static_cast<int>(items.size());
  int prev_begin = -1, prev_end = -1;  // previous sentence
  // The first sentence starts at the first item that is no boundary: a
  // text opening with punctuation ("... Mais", "!! But") has no empty
  // sentence before it for a contrast word to rule.
  int begin = 0;
  while (begin < n && IsBoundary(items[begin])) ++begin;
  while (begin < n) {
    // One scan finds the sentence's end, its first contrast word (and
    // whether a word comes before it) and its first word; the tests that
    // alternate from item to item are computed, not branched on.
    int end = begin;
    int c = -1;
    int o = -1;
    bool first_word = true;
    bool opens = false;
    for (; end < n && !IsBoundary(items[end]); ++end) {
      const Item& it = items[end];
      const bool live = !it.consumed;
      const bool term = live & ((it.flags & (kTokWord | kTokEmoji | kTokEmoticon)) != 0);
      if (term & (c < 0) & ((it.info->flags & kTermContrast) != 0)) {  // it.info: never null here
        c = end;
        opens = first_word;
      }
      first_word &= !term;
      o = ((o < 0) & live & ((it.flags & kTokWord) != 0)) ? end : o;
    }
    // The boundary that ends the sentence is its first: "?!" asks.
    if (end < n && items[end].punct == '?') {
      for (int k = begin; k < end; ++k) items[k].question = true;
    }
    if (c >= 0) {
      int before_begin = opens ? prev_begin : begin;
      int before_end = opens ? prev_end : c;
      if (before_begin >= 0) {
        for (int k = before_begin; k < before_end; ++k) {
          if (items[k].contrast >= 0) continue;  // ruled by its own sentence's word
          items[k].contrast = c;
          items[k].contrast_before = true;
        }
        for (int k = c + 1; k < end; ++k) items[k].contrast = c;
      }
    }
    if (c < 0) {
      const int ironic = IronicOpener(text, *sc, o, end);
      if (ironic >= 0) items[ironic].ironic = true;
    }
    prev_begin = begin;
    prev_end = end;
    begin = end;
    while (begin < n && IsBoundary(items[begin])) ++begin;
  }
}

// An interjection that may come before an ironic opener: "oh", "ah",
// "eh", "ohh", "ahh", "ooh", "bah", "ben", "well", as folded. Asked of
// many sentences' first word: compared packed, as FoldHashLoad loads
// them, with no loop over the list.
static bool IsInterjection(std::string_view w) {
  if (w.size() < 2 || w.size() > 4) return false;
  constexpr auto pack = [](std::string_view s) {
    uint64_t x = 0;
    for (size_t i = 0; i < s.size(); ++i) x |= uint64_t{static_cast<unsigned char>(s[i])} << (8 * i);
    return x;
  };
  const uint64_t x = FoldHashLoad(w.data(), w.size());
  switch (w.size()) {
    case 2: return x == pack("oh") || x == pack("ah") || x == pack("eh");
    case 3: return x == pack("ohh") || x == pack("ahh") || x == pack("ooh") || x == pack("bah") || x == pack("ben");
    default: return x == pack("well");
  }
}

int ScorerImpl::IronicOpener(std::string_view text, const Scratch& sc, int o, int end) const {
  const auto& items = sc.items;
  if (o < 0) return -1;
  // Every interjection has 2 to 4 letters: most first words stop at that test.
  if (items[o].len - 2u <= 2u && !(items[o].info->flags & kTermValence) && IsInterjection(FoldedText(sc, items[o]))) {
    // The opener is the next word, past a comma ("Oh, great, ...").
    int k = o + items[o].span;
    while (k < end && (items[k].consumed || (items[k].flags & kTokPunct))) ++k;
    if (k >= end || !(items[k].flags & kTokWord)) return -1;
    o = k;
  }
  if (items[o].info->valence < kIronicPraise || !ScoresItself(sc, o)) return -1;
  int k = o + items[o].span;
  for (int words = 0; k < end; ++k) {
    const Item& it = items[k];
    if (it.consumed) continue;
    if (it.flags & kTokPunct) break;  // a comma: boundaries end the sentence
    if ((it.info->flags & kTermValence) || ++words > 3) return -1;
    const bool addressee = (it.flags & kTokHandle) || NameOrFunctionWord(text, it);
    if (!addressee) return -1;  // "excellente série, ...": praise of a thing
  }
  // A sentence of its own ("Thanks! I'm so excited it's ridiculous") is
  // sincere more often than not.
  if (k >= end) return -1;
  float rest = 0;
  bool again = false;
  for (int j = k + 1; j < end; ++j) {
    const Item& it = items[j];
    if (it.consumed) continue;
    const TermInfo* w = it.info;
    if (w->flags & kTermContrast) return -1;  // "Great, but ...": contrast, not irony
    again |= (w->flags & kTermIrony) != 0;
    if (!ScoresItself(sc, j)) continue;
    rest += (it.flags & kTokWord) && Negator(sc, j) >= 0 ? -w->valence : w->valence;
  }
  return again && rest < 0 ? o : -1;
}

// "thanks for ruining my day", "Thanks @airline for the 3h delay", "merci
// Free pour cette panne": what a thank is for is the first word after it
// that is none of a function word, a degree word, a repetition cue, a
// name, a number or a handle ("for", "the", "another", "Free", "3h",
// "@airline"), or, when that word has no sentiment, the word right after
// it (French puts the adjective after its noun: "pour ce colis abîmé").
// When it is a let-down, and not negated ("thanks for not giving up"), the
// thanks is irony. Sincere thanks name a good thing or a neutral one
// ("thanks for the quick reply", "merci pour votre retour") and stay
// praise; past the word after a neutral one the search ends ("thanks for
// fixing the bad bug").
bool ScorerImpl::ThanksForALetDown(std::string_view text, const Scratch& sc, int i) const {
  const auto& items = sc.items;
  const int n = static_cast<int>(items.size());
  int skipped = 0;
  bool neutral_noun = false;  // the word before was a word with no sentiment
  for (int k = i + items[i].span; k < n && skipped < 5; k += items[k].span) {
    const Item& it = items[k];
    if (it.consumed) continue;
    if ((it.flags & kTokHandle) && !neutral_noun) {
      ++skipped;
      continue;
    }
    if (!(it.flags & kTokWord)) return false;  // punctuation, emoji: the thanks stands alone
    const TermInfo* w = it.info;
    if (w->flags & kTermValence) {
      if (!ScoresItself(sc, k) && !neutral_noun) {
        ++skipped;  // a degree word that is also a sentiment word ("so", "super")
        continue;
      }
      return w->valence < 0 && Negator(sc, k) < 0;
    }
    if (neutral_noun) return false;
    const char first = text[it.src_begin];
    const bool number = first >= '0' && first <= '9';
    neutral_noun = !(NameOrFunctionWord(text, it) || number || (w->flags & (kTermBooster | kTermIrony)));
    ++skipped;
  }
  return false;
}

// "never been so happy", "jamais été aussi content": "never" before a
// degree word (which boosts on its own) praises, it does not negate
// (VADER's rule, extended to French).
static bool NeverSo(const Scratch& sc, std::string_view negation, int k, int i) {
  if (negation != "never" && negation != "jamais") return false;
  for (int j = k + 1; j < i; ++j) {
    const Item& p = sc.items[j];
    std::string_view w = FoldedText(sc, p);
    if (w == "so" || w == "this" || w == "such" || w == "aussi" || w == "si" || w == "autant" ||
        w == "tellement") {
      return true;
    }
  }
  return false;
}

// Laughter is an aside, like an emoji: "no way lol", "je suis pas prêt
// mdr" do not laugh less. Written laughs: lol, lmao, rofl, mdr, ptdr, xd
// and runs of ha/he/hi/ah ("hahaha", "héhé" folds to "hehe").
[[gnu::always_inline]] inline bool IsLaughter(std::string_view w) {
  static constexpr std::string_view kLaughs[] = {"lol",  "lool", "lolz", "lmao", "lmfao", "rofl",
                                                 "mdr",  "ptdr", "xd",   "mdrr", "ptdrr"};
  for (std::string_view l : kLaughs) {
    if (w == l) return true;
  }
  if (w.size() < 4 || w.size() % 2 != 0) return false;
  const char a = w[0], b = w[1];
  const bool syllable = (a == 'h' && (b == 'a' || b == 'e' || b == 'i')) || (a == 'a' && b == 'h');
  if (!syllable) return false;
  for (size_t k = 2; k < w.size(); k += 2) {
    if (w[k] != a || w[k + 1] != b) return false;
  }
  return true;
}

// True when items[i], an @handle, addresses someone, as a customer writing
// to a brand does ("@acme my order never came"). A handle that credits a
// source ("via @user", "cc @user", "RT @user") or quotes one ("@user: ...")
// addresses no one; nor do the handles of a post that shares a link, but
// for one opening it (a reply): they credit where the link came from.
[[gnu::always_inline]] inline bool AddressesSomeone(const Scratch& sc, int i) {
  const auto& items = sc.items;
  const int n = static_cast<int>(items.size());
  if (i + 1 < n && (items[i + 1].flags & kTokPunct) && items[i + 1].punct == ':') return false;
  if (i > 0 && (items[i - 1].flags & kTokWord)) {
    static constexpr std::string_view kCredits[] = {"via", "cc", "rt", "mt", "ht"};
    const std::string_view w = FoldedText(sc, items[i - 1]);
    for (std::string_view c : kCredits) {
      if (w == c) return false;
    }
  }
  return i == 0 || sc.buf.links == 0;
}

// French "ne" that negates nothing: "n'importe quel" (any) and the
// restrictive "ne ... que" (only): "je ne peux que recommander" recommends,
// "n'importe quel imbécile" insults. `k` is the "ne" or "n'" before item i.
static bool NotANegation(const Scratch& sc, std::string_view negation, int k, int i) {
  if (negation != "ne" && negation != "n'") return false;
  for (int j = k + 1; j < i; ++j) {
    std::string_view w = FoldedText(sc, sc.items[j]);
    if ((j == k + 1 && w == "importe") || w == "que" || w == "qu'") return true;
  }
  return false;
}

// can, could; pouvoir in the present, imperfect, future and conditional.
static bool IsPossibilityModal(std::string_view m) {
  static constexpr std::string_view kModals[] = {
      "can", "could", "can't", "couldn't", "cannot", "cant", "couldnt", "peux", "peut", "peuvent",
      "pouvons", "pouvez", "pouvais", "pouvait", "pouvions", "pouviez", "pouvaient", "pourrai", "pourras",
      "pourra", "pourrons", "pourrez", "pourront", "pourrais", "pourrait", "pourrions", "pourriez", "pourraient"};
  for (std::string_view k : kModals) {
    if (m == k) return true;
  }
  return false;
}

// "couldn't be happier", "could not be better", "on ne peut pas faire
// mieux": a negated possibility before a comparative is a superlative, the
// word keeps its sign ("can't get any worse" stays bad). `k` is the
// negation before item i. The modal is the negation ("can't"), or next to
// it; a negation that is itself a counterfactual ("could have been
// better") is not a negated possibility.
static bool CannotBeMore(const Scratch& sc, int k, int i) {
  std::string_view w = FoldedText(sc, sc.items[i]);
  const bool comparative = (w.size() > 4 && w.ends_with("ier")) || w == "better" || w == "more" ||
                           w == "greater" || w == "prouder" || w == "worse" || w == "mieux" ||
                           w == "meilleur" || w == "meilleure" || w == "meilleurs" || w == "meilleures" ||
                           w == "pire" || w == "pires";
  if (!comparative) return false;
  std::string_view negation = FoldedText(sc, sc.items[k]);
  if (negation == "cannot" || negation == "cant" || negation.ends_with("n't") || negation.ends_with("nt")) {
    return IsPossibilityModal(negation);
  }
  for (int j = std::max(0, k - 1); j < i; ++j) {
    if (j != k && IsPossibilityModal(FoldedText(sc, sc.items[j]))) return true;
  }
  return false;
}

int ScorerImpl::Negator(const Scratch& sc, int i) const {
  const auto& items = sc.items;
  if (items[i].self_negated) return -1;
  int seen = 0;
  for (int k = i - 1; k >= 0 && seen < kWindow; --k) {
    const Item& p = items[k];
    if (p.consumed) continue;
    // Unlike boosters, a negation does not cross a comma: "No, it's good".
    if (p.flags & kTokPunct) break;
    ++seen;
    const uint16_t f = p.info->flags;
    if (f & kTermContrast) break;
    std::string_view w = FoldedText(sc, p);
    if (f & kTermNegation) {
      if (NotANegation(sc, w, k, i)) continue;
      return NeverSo(sc, w, k, i) || CannotBeMore(sc, k, i) ? -1 : k;
    }
    if (w.size() > 3 && w.ends_with("n't")) return CannotBeMore(sc, k, i) ? -1 : k;
  }
  // Informal French drops "ne": "j'aime pas", "c'est nul jamais" is rare, so
  // only a subject right before the word licenses a negation right after it,
  // or after a degree word ("j'aime vraiment pas").
  int next = i + items[i].span;
  const int n = static_cast<int>(items.size());
  if (next < n && i > 0 && (items[i - 1].info->flags & kTermSubject)) {
    if (next + 1 < n && (items[next].info->flags & kTermBooster)) ++next;
    if (items[next].info->flags & kTermNegationPost) return next;
  }
  return -1;
}

template <const ReasonWords& W>
void ScorerImpl::ScoreIn(std::string_view text, std::string_view lang_hint, Verdict* out) const {
  Verdict& v = *out;
  v.score = 0;
  v.label = SentimentLabel::kNeutral;
  v.complaint = false;
  v.service_topic.clear();
  Scratch& sc = ThreadScratch();
  ReasonWriter reasons(&v.reasons, &sc.spare_reasons);
  ReasonWriter complaint_reasons(&v.complaint_reasons, &sc.spare_reasons);
  std::string& lang_reason = reasons.Next();  // read only before the next Next()
  int col = ColumnFromHint(lang_hint, sc, &v.lang, &lang_reason);
  if (col == kUndecided) {
    BuildItems(text, /*count_cues=*/true, &sc);
    col = ColumnFromCues<W>(sc.cues, &v.lang, &lang_reason);
  } else if (col >= 0) {
    BuildItems(text, /*count_cues=*/false, &sc);
  }
  if (col < 0) {
    complaint_reasons.Add(W.not_assessed);
    return;
  }
  const Counts counts = MatchPhrases(col, &sc);
  auto& items = sc.items;
  const int n = static_cast<int>(items.size());
  // Sentences mark questions, contrast and ironic openers, which need a
  // '?', a contrast word and a word saying the let-down happens again (an
  // [irony] term: IronicOpener). A text with none of them is spared the
  // pass over its items, as most are.
  if (sc.buf.questions > 0 || (counts.term_flags & (kTermContrast | kTermIrony))) MarkSentences(text, &sc);
  // Negator finds a negation word, a word ending in "n't" (as folded:
  // every apostrophe is '\''), or a negation after the word: a text with none
  // of them negates nothing, and most are spared its look-back at every
  // sentiment word.
  const bool negations = (counts.term_flags & (kTermNegation | kTermNegationPost)) ||
                         std::memchr(sc.buf.fold_store.data(), '\'', sc.buf.folded_size) != nullptr;
  // Boosters and dampeners, before a word or after it (PostBooster): a
  // text with none is spared the look around every sentiment word.
  const bool boosters = (counts.term_flags & kTermBooster) != 0;
  // Capitals stress a word only against a mostly lower-case text: a
  // headline or a post written in capitals throughout stresses nothing.
  const bool caps_emphasis = counts.caps > 0 && counts.caps * 2 < counts.words;

  float sum = 0;
  float complaint = 0;
  float solved_weight = 0;  // of the complaint terms saying a problem is solved
  int customer = 0, news = 0, handles = 0, handles_seen = 0;
  // Item indices for the complaint reasons, formatted only when needed.
  TermList complaint_terms, customer_terms, news_terms;
  TopicTally topics;
  size_t term_reasons = 0;
  bool word_valence = false;  // a word, not only emoji or emoticons, moved the score
  ReasonText note;
  const char* const padded = sc.buf.scratch_text.data();  // PutSource's
  // Only the items that act (MatchPhrases): most words and all
  // punctuation do nothing here, and skipping them one by one cost a
  // mispredicted branch or more at each.
  for (size_t a = 0; a < sc.nacting; ++a) {
    const int i = sc.acting[a];
    const Item& it = items[i];
    if (it.flags & kTokHandle) {
      ++handles_seen;
      handles += AddressesSomeone(sc, i);
    }
    const TermInfo* info = it.info;
    const uint16_t f = info->flags;
    if ((f & kTermCustomer) || it.voice_inside) {
      ++customer;
      customer_terms.Add(i);
    }
    if (f & kTermNews) {
      ++news;
      news_terms.Add(i);
    }
    int neg = -1;
    // Only words are negated: "Nope :-)" is not a sad face.
    if ((f & (kTermComplaint | kTermValence)) && (it.flags & kTokWord) && negations) {
      neg = Negator(sc, i);
      if (neg >= 0 && IsLaughter(FoldedText(sc, it))) neg = -1;
    }
    // A negated problem word is no problem ("aucun souci", "sans bug"); a
    // negated service topic still is one ("toujours pas de remboursement").
    // A problem solved ("fixed my issue", "été remboursé": a complaint term
    // of clear praise), not negated, names its topic but is no evidence of
    // a complaint; negated, it is the complaint again.
    const bool problem_word = (f & kTermValence) && info->valence < 0;
    const bool solved = (f & kTermValence) && info->valence >= kSolvedPraise && neg < 0;
    if ((f & kTermComplaint) && (neg < 0 || !problem_word)) {
      (solved ? solved_weight : complaint) += info->complaint;
      complaint_terms.Add(i);
      topics.Add(info->topic, info->complaint);
    }
    if (!ScoresItself(sc, i)) continue;
    // A lone letter is an initial or a typo ("D.C."), not a word to score.
    if (it.len == 1 && it.span == 1 && (it.flags & kTokWord)) continue;
    if ((f & kTermNegation) && i + it.span < n) {
      // "no" before a sentiment word negates it rather than scoring itself.
      if (items[i + it.span].info->flags & kTermValence) continue;
    }
    float val = info->valence;
    const float sign = val > 0 ? 1.0f : -1.0f;
    note.clear();
    if (caps_emphasis && (it.flags & kTokAllCaps)) {
      val += sign * kCapsIncrement;
      note.Put(W.caps);
    }
    if (it.flags & kTokElongated) {
      val += sign * kElongationIncrement;
      note.Put(W.elongated);
    }
    for (int k = i - 1, seen = 0; boosters && k >= 0 && seen < kWindow; --k) {
      const Item& p = items[k];
      if (p.consumed) continue;
      if (IsBoundary(p)) break;
      if (p.flags & kTokPunct) continue;
      const TermInfo* pi = p.info;
      if ((pi->flags & kTermBooster) && ActsAsBooster(sc, k)) {
        float b = pi->booster;
        if (caps_emphasis && (p.flags & kTokAllCaps)) b += (b > 0 ? kCapsIncrement : -kCapsIncrement);
        val += sign * b * kBoosterDecay[seen];
        note.Put(b > 0 ? W.boosted_by : W.dampened_by);
        note.PutSource(text, padded, items[k]);
      }
      ++seen;
    }
    if (const int k = boosters ? PostBooster(sc, i) : -1; k >= 0) {
      const float b = items[k].info->booster;
      val += sign * b;
      note.Put(b > 0 ? W.boosted_by : W.dampened_by);
      note.PutSource(text, padded, items[k]);
    }
    if (neg >= 0) {
      val *= kNegationScalar;
      note.Put(W.negated_by);
      note.PutSource(text, padded, items[neg]);
    }
    if (it.flags & (kTokEmoji | kTokEmoticon)) {
      // A closing emoji or emoticon sets the tone of what came before.
      bool last = true;
      for (int k = i + 1; k < n && last; ++k) last = !(items[k].flags & kTokWord);
      if (last) {
        val *= kClosingEmoji;
        note.Put(W.closing);
      }
    }
    if (it.ironic || ((f & kTermThanks) && ThanksForALetDown(text, sc, i))) {
      val *= kNegationScalar;
      note.Put(W.ironic);
    }
    if (it.question) {
      val *= kQuestionSentence;
      note.Put(W.in_question);
    }
    if (it.contrast >= 0) {
      const bool before = it.contrast_before;
      val *= before ? kBeforeContrast : kAfterContrast;
      note.Put(before ? W.before : W.after);
      note.PutSource(text, padded, items[it.contrast]);
    }
    sum += val;
    word_valence |= (it.flags & kTokWord) != 0;
    if (term_reasons < kMaxTermReasons) {
      ++term_reasons;
      ReasonText r;
      r.Put(W.open_quote);
      r.PutSource(text, padded, it);
      r.Put(W.close_quote);
      r.PutNumber(val, W.point);
      if (!note.empty()) {
        r.Put(" (");
        r.Put(note.tail(W.note_skip()));
        r.Put(')');
      }
      reasons.Add(r.view());
    }
  }
  if (sum != 0 && sc.buf.links > 0) {
    sum *= kSharesLink;
    reasons.Add(W.shares_link);
  }
  if (sum != 0) {
    float emphasis = std::min(counts.exclamations, kMaxExclamations) * kExclamation;
    if (counts.questions > 1) emphasis += counts.questions <= 3 ? counts.questions * kQuestion : 0.96f;
    if (emphasis > 0) {
      sum += sum > 0 ? emphasis : -emphasis;
      ReasonText r;
      r.Put(W.emphasis);
      r.PutNumber(sum > 0 ? emphasis : -emphasis, W.point);
      r.Put(" (");
      r.PutInt(counts.exclamations);
      r.Put(W.exclamations);
      r.PutInt(counts.questions);
      r.Put(W.questions);
      reasons.Add(r.view());
    }
  }
  double compound = sum / std::sqrt(double(sum) * sum + kAlpha);
  compound = std::clamp(compound, -1.0, 1.0);
  v.score = compound;
  // A language's thresholds weigh its words (a dense lexicon of mild words
  // wants a higher bar). When only emoji and emoticons carry the tone
  // ("hang in there ;)"), they are read as in any language: with the shared
  // column's thresholds.
  const int threshold_col = word_valence ? col : Lexicon::kUnd;
  if (sum != 0 && !word_valence && col != Lexicon::kUnd) reasons.Add(W.emoji_only);
  const double pos_t = std::isnan(options_.positive_threshold) ? lex_->PositiveThreshold(threshold_col)
                                                               : options_.positive_threshold;
  const double neg_t = std::isnan(options_.negative_threshold) ? lex_->NegativeThreshold(threshold_col)
                                                               : options_.negative_threshold;
  if (compound >= pos_t) {
    v.label = SentimentLabel::kPositive;
  } else if (compound <= neg_t) {
    v.label = SentimentLabel::kNegative;
  } else {
    v.label = SentimentLabel::kNeutral;
  }

  // Complaint intent: a service topic, voiced by a customer (first person or
  // addressing the brand), not a report about the company, not praise.
  if (complaint + solved_weight < 1.0f) {
    complaint_reasons.Add(W.no_topic);
    return;
  }
  v.service_topic = lex_->Topic(topics.Top());
  {
    std::string& r = complaint_reasons.Next();
    if (v.service_topic.empty()) {
      r += W.topic;
    } else {
      r.append(W.topic_open).append(W.french ? FrenchTopic(v.service_topic) : v.service_topic).append(W.topic_close);
    }
    complaint_terms.AppendTo(text, sc, &r);
  }
  if (complaint < 1.0f) {
    complaint_reasons.Add(W.solved);
    return;
  }
  const int voice = customer + handles;
  if (news > voice) {
    std::string& r = complaint_reasons.Next();
    r += W.news;
    news_terms.AppendTo(text, sc, &r);
    return;
  }
  if (voice == 0) {
    complaint_reasons.Add(handles_seen > 0 ? W.no_voice_credit : W.no_voice);
    return;
  }
  if ((compound >= 0.5 || v.label == SentimentLabel::kPositive) && complaint < 2.0f) {
    complaint_reasons.Add(W.positive);
    return;
  }
  if (customer > 0) {
    std::string& r = complaint_reasons.Next();
    r += W.voice;
    customer_terms.AppendTo(text, sc, &r);
  }
  if (handles > 0) complaint_reasons.Add(W.handle);
  v.complaint = true;
}

}  // namespace

Result<std::unique_ptr<Scorer>> Scorer::Create(const ScorerOptions& options) {
  // Both set or both unset (NaN); when set, -1 <= negative < positive <= 1.
  if (std::isnan(options.positive_threshold) != std::isnan(options.negative_threshold) ||
      (!std::isnan(options.positive_threshold) &&
       (!(options.negative_threshold < options.positive_threshold) || options.positive_threshold > 1 ||
        options.negative_threshold < -1))) {
    return Status::InvalidArgument("sentiment: thresholds must both be set, with -1 <= negative < positive <= 1");
  }
  ScorerOptions opts = options;
  opts.reasons_lang = NormalizeLang(options.reasons_lang);
  if (opts.reasons_lang.empty()) opts.reasons_lang = "en";
  if (opts.reasons_lang != "en" && opts.reasons_lang != "fr") {
    return Status::InvalidArgument("sentiment: reasons_lang \"" + std::string(Clip(options.reasons_lang, 20)) +
                                   "\": reasons are written in en or fr");
  }
  LexiconBuilder builder;
  if (options.builtin_lexicons) {
    size_t lines = 0;
    for (size_t i = 0; i < kBuiltinLexiconCount; ++i) {
      const std::string_view c = kBuiltinLexicons[i].content;
      lines += static_cast<size_t>(std::count(c.begin(), c.end(), '\n')) + 1;
    }
    builder.Reserve(lines);
    for (size_t i = 0; i < kBuiltinLexiconCount; ++i) {
      VEILLE_RETURN_IF_ERROR(builder.Add(kBuiltinLexicons[i].name, kBuiltinLexicons[i].content));
    }
  }
  for (const std::string& path : options.extra_lexicons) {
    VEILLE_RETURN_IF_ERROR(builder.AddFile(path));
  }
  auto lex = builder.Build();
  if (!lex.ok()) return lex.status();
  auto scorer = std::make_unique<ScorerImpl>(std::move(lex).value(), opts);
  VEILLE_RETURN_IF_ERROR(scorer->Init());
  return std::unique_ptr<Scorer>(std::move(scorer));
}

}  // namespace veille::sentiment
