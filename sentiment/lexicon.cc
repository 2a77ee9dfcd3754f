#include "sentiment/lexicon.h"

#include <algorithm>
#include <bit>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

namespace veille::sentiment {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// A number as strtod reads it. Plain decimals ("-1.5", "+2", "0.25") go
// through from_chars, which needs no NUL-terminated copy and no locale, and
// rounds to the same double, so to the same float; anything else strtod
// accepts (hex, leading spaces) takes strtod's own path.
bool ParseFloat(std::string_view s, float* out) {
  if (s.empty()) return false;
  std::string_view digits = s;
  if (digits.front() == '+') digits.remove_prefix(1);  // from_chars takes no '+'
  double v = 0;
  const auto r = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  const bool plain = r.ec == std::errc() && r.ptr == digits.data() + digits.size() &&
                     !(s.front() == '+' && digits.front() == '-');  // "+-2" is no number
  if (!plain) {
    std::string tmp(s);
    char* end = nullptr;
    v = std::strtod(tmp.c_str(), &end);
    if (end != tmp.c_str() + tmp.size()) return false;
  }
  if (!std::isfinite(v)) return false;
  *out = static_cast<float>(v);
  return true;
}

bool ValidLang(std::string_view lang) {
  if (lang == "*") return true;
  if (lang.size() < 2 || lang.size() > 3) return false;
  for (char c : lang) {
    if (c < 'a' || c > 'z') return false;
  }
  return lang != "und";
}

}  // namespace

int32_t Lexicon::FindHashedProbe(std::string_view key, uint64_t h) const {
  const uint32_t tag = TagOf(h);
  const size_t mask = bucket_mask_;
  const Bucket* const buckets = buckets_.data();
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    const Bucket& b = buckets[i];
    for (unsigned m = TagMatches(b, tag); m != 0; m &= m - 1) {
      const int32_t rec = b.record[std::countr_zero(m)];
      const std::string_view k = records_[rec].Key(long_keys_);
      if (k.size() == key.size() && SameBytes(k.data(), key.data(), key.size())) return rec;
    }
    if (b.record[kBucketSlots - 1] < 0) return -1;
  }
}

void Lexicon::Place(uint64_t h, int32_t record) {
  const size_t mask = buckets_.size() - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    Bucket& b = buckets_[i];
    if (b.record[kBucketSlots - 1] >= 0) continue;  // full
    int k = 0;
    while (b.record[k] >= 0) ++k;
    b.tag[k] = TagOf(h);
    b.record[k] = record;
    return;
  }
}

void Lexicon::Rehash(size_t records) {
  size_t n = 256;
  while (records * 2 > n * kBucketSlots) n *= 2;
  if (n <= buckets_.size()) return;
  buckets_.assign(n, Bucket{});
  bucket_mask_ = n - 1;
  for (size_t r = 0; r < records_.size(); ++r) Place(Hash(Key(static_cast<int32_t>(r))), static_cast<int32_t>(r));
}

void Lexicon::AddRecord(std::string_view key) {
  Record& r = records_.emplace_back();
  r.size = static_cast<uint32_t>(key.size());
  if (key.size() <= kInlineKey) {
    std::memcpy(r.key, key.data(), key.size());
    return;
  }
  const auto offset = static_cast<uint32_t>(long_keys_.size());
  std::memcpy(r.key, &offset, sizeof(offset));
  long_keys_.append(key);
}

void Lexicon::Restride(size_t stride) {
  std::vector<TermInfo> wider(columns_.size() * stride);
  for (size_t c = 0; c < columns_.size(); ++c) {
    std::copy_n(infos_.begin() + c * stride_, stride_, wider.begin() + c * stride);
  }
  infos_ = std::move(wider);
  stride_ = stride;
}

int32_t Lexicon::Insert(std::string_view key) {
  int32_t found = Find(key);
  if (found >= 0) return found;
  auto record = static_cast<int32_t>(records_.size());
  AddRecord(key);
  // At most half the slots used: a look-up rarely reads a second bucket.
  if (records_.size() * 2 > buckets_.size() * kBucketSlots) {
    Rehash(records_.size() * 2);  // places every record, this one too
    return record;
  }
  Place(Hash(key), record);
  return record;
}

int Lexicon::Column(std::string_view lang) const {
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i] == lang) return static_cast<int>(i);
  }
  return -1;
}

Status LexiconBuilder::AddFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidArgument("lexicon " + path + ": cannot open file");
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return Status::IOError("lexicon " + path + ": read failed");
  return Add(path, ss.str());
}

namespace {

// The index of `name` in `names`, appended when new.
size_t Intern(std::vector<std::string>* names, std::string_view name) {
  auto it = std::find(names->begin(), names->end(), name);
  if (it == names->end()) it = names->insert(names->end(), std::string(name));
  return static_cast<size_t>(it - names->begin());
}

}  // namespace

Status LexiconBuilder::Add(std::string_view name, std::string_view content) {
  std::string lang;
  uint16_t lang_index = 0;  // of `lang` in langs_
  Section section = Section::kNone;
  size_t line_no = 0;
  size_t pos = 0;
  const std::string file(name);
  const auto file_index = static_cast<uint32_t>(files_.size());
  files_.push_back(file);
  while (pos <= content.size()) {
    size_t eol = content.find('\n', pos);
    if (eol == std::string_view::npos) eol = content.size();
    std::string_view line = content.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    auto error = [&](std::string_view what) {
      return Status::InvalidArgument(file + ":" + std::to_string(line_no) + ": " + std::string(what));
    };
    if (line_no == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);  // BOM
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view trimmed = Trim(line);
    if (trimmed.empty() || trimmed.front() == '#') {
      if (eol == content.size()) break;
      continue;
    }
    const bool has_tab = line.find('\t') != std::string_view::npos;
    if (trimmed.front() == '@' && !has_tab) {
      if (trimmed.starts_with("@thresholds ")) {
        // "@thresholds <positive> <negative>" for the current language.
        if (lang.empty() || lang == "*") return error("@thresholds needs a language block (@lang <code>) first");
        std::string_view rest = Trim(trimmed.substr(12));
        size_t sp = rest.find_first_of(" \t");
        float pos_t = 0, neg_t = 0;
        if (sp == std::string_view::npos || !ParseFloat(Trim(rest.substr(0, sp)), &pos_t) ||
            !ParseFloat(Trim(rest.substr(sp)), &neg_t)) {
          return error("expected \"@thresholds <positive> <negative>\", two numbers");
        }
        if (!(neg_t < pos_t) || pos_t > 1 || neg_t < -1) {
          return error("thresholds must satisfy -1 <= negative < positive <= 1");
        }
        thresholds_.push_back(Thresholds{lang, pos_t, neg_t});
        continue;
      }
      if (!trimmed.starts_with("@lang ")) return error("unknown directive (expected \"@lang <code>\")");
      std::string_view code = Trim(trimmed.substr(6));
      if (!ValidLang(code)) return error("bad language code \"" + std::string(code) + "\" (two or three lower-case letters, or *)");
      lang = std::string(code);
      // At most 26^3 + 26^2 codes pass ValidLang: an index fits.
      lang_index = static_cast<uint16_t>(Intern(&langs_, lang));
      section = Section::kNone;
    } else if (trimmed.front() == '[' && trimmed.back() == ']' && !has_tab) {
      std::string_view s = trimmed.substr(1, trimmed.size() - 2);
      static const std::pair<std::string_view, Section> kSections[] = {
          {"valence", Section::kValence},   {"booster", Section::kBooster},
          {"negation", Section::kNegation}, {"negation_post", Section::kNegationPost},
          {"subject", Section::kSubject},   {"contrast", Section::kContrast},
          {"complaint", Section::kComplaint}, {"customer", Section::kCustomer},
          {"news", Section::kNews},         {"irony", Section::kIrony},
          {"thanks", Section::kThanks},     {"langid", Section::kLangId}};
      section = Section::kNone;
      for (const auto& [n, sec] : kSections) {
        if (s == n) section = sec;
      }
      if (section == Section::kNone) return error("unknown section [" + std::string(s) + "]");
      if (lang.empty()) return error("section before any @lang line");
    } else {
      if (lang.empty()) return error("entry before any @lang line");
      if (section == Section::kNone) return error("entry before any [section] line");
      size_t tab = line.find('\t');
      std::string_view term = Trim(tab == std::string_view::npos ? line : line.substr(0, tab));
      std::string_view value_text = tab == std::string_view::npos ? std::string_view() : Trim(line.substr(tab + 1));
      // A third column names a [complaint] term's service topic; elsewhere it
      // is free for notes (a source, a sense) and ignored.
      std::string_view third;
      size_t tab2 = value_text.find('\t');
      if (tab2 != std::string_view::npos) {
        third = Trim(value_text.substr(tab2 + 1));
        value_text = Trim(value_text.substr(0, tab2));
      }
      if (term.empty()) return error("empty term");
      float value = 0;
      bool needs_value = section == Section::kValence || section == Section::kBooster || section == Section::kComplaint;
      if (needs_value) {
        if (value_text.empty()) return error("missing value after a TAB for \"" + std::string(term) + "\"");
        if (!ParseFloat(value_text, &value)) return error("value \"" + std::string(value_text) + "\" is not a number");
        float limit = section == Section::kValence ? 4.0f : section == Section::kBooster ? 2.0f : 4.0f;
        if (value < -limit || value > limit) {
          return error("value " + std::string(value_text) + " out of range [-" + std::to_string(int(limit)) + ", " +
                       std::to_string(int(limit)) + "]");
        }
      } else if (!value_text.empty()) {
        return error("this section takes no value, found \"" + std::string(value_text) + "\"");
      }
      if (lang == "*" && section == Section::kLangId) return error("[langid] needs a real language, not @lang *");
      size_t topic = 0;
      if (section == Section::kComplaint && !third.empty()) {
        bool ok = third.size() <= 32 && third[0] >= 'a' && third[0] <= 'z';
        for (char ch : third) ok = ok && ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_' || ch == '-');
        if (!ok) {
          return error("topic \"" + std::string(third) + "\" is not a lower-case name (a-z, 0-9, _ and -, at most 32)");
        }
        topic = Intern(&topics_, third);
        // TermInfo::topic is a byte: 255 topics and none.
        if (topics_.size() > 256) return error("more than 255 service topics");
      }
      entries_.push_back(Entry{std::string(term), value, file_index, static_cast<uint32_t>(line_no), lang_index,
                               static_cast<uint16_t>(topic), section});
    }
    if (eol == content.size()) break;
  }
  return Status::OK();
}

std::string LexiconBuilder::Where(const Entry& e) const {
  return files_[e.file] + ":" + std::to_string(e.line);
}

Result<std::unique_ptr<Lexicon>> LexiconBuilder::Build() {
  auto lex = std::make_unique<Lexicon>();
  lex->columns_.push_back("und");
  // By language index (langs_), its column, or -1 for "*" (every column)
  // and for a language with no entry (none is made for it).
  std::vector<int> column_of(langs_.size(), -1);
  for (const Entry& e : entries_) {
    if (column_of[e.lang] >= 0 || Lang(e) == "*") continue;
    column_of[e.lang] = static_cast<int>(lex->columns_.size());
    lex->columns_.push_back(Lang(e));
  }
  if (lex->columns_.size() > 32) return Status::InvalidArgument("lexicons: more than 31 languages");
  const size_t ncol = lex->columns_.size();
  // The builder's topics, interned by Add as entries name them: an
  // entry's topic index is the lexicon's.
  lex->topics_ = topics_;
  lex->scorable_.assign(ncol, false);
  lex->pos_threshold_.assign(ncol, 0.05);
  lex->neg_threshold_.assign(ncol, -0.05);
  for (const Thresholds& t : thresholds_) {
    int c = lex->Column(t.lang);
    if (c < 0) continue;  // a language with no entries at all
    lex->pos_threshold_[c] = t.positive;
    lex->neg_threshold_[c] = t.negative;
  }
  // Emoticons first: folding a term needs to know them.
  auto is_emoticon = [](const std::string& term) {
    unsigned char c = static_cast<unsigned char>(term[0]);
    if (c >= 0x80 || std::isalnum(c) || term.find(' ') != std::string::npos) return false;
    // "#fail" and "@user" are a hashtag and a handle, not emoticons.
    if ((c == '#' || c == '@') && term.size() > 1 && std::isalnum(static_cast<unsigned char>(term[1]))) return false;
    return true;
  };
  for (const Entry& e : entries_) {
    if (is_emoticon(e.term)) lex->emoticons_.Add(e.term);
  }
  // An entry adds its key and, for a phrase, its first word: the table,
  // records and infos are sized once rather than grown insert by insert
  // (fewer page faults at start-up). A term can fold into a phrase
  // ("n'importe" -> "n' importe"): then the infos are widened (Restride).
  size_t most = 0;
  for (const Entry& e : entries_) most += 1 + (e.term.find(' ') != std::string::npos);
  lex->Rehash(most);
  lex->records_.reserve(most);
  lex->stride_ = most + 1;
  lex->infos_.assign(ncol * lex->stride_, TermInfo());
  TokenBuffer fold_buf;  // FoldTerm's, reused from term to term
  std::string key;
  for (const Entry& e : entries_) {
    if (is_emoticon(e.term)) {
      key = e.term;
    } else {
      FoldTerm(e.term, lex->emoticons_, &fold_buf, &key);
    }
    if (key.empty()) return Status::InvalidArgument(Where(e) + ": term \"" + e.term + "\" has no word in it");
    int words = 1 + static_cast<int>(std::count(key.begin(), key.end(), ' '));
    if (words > Lexicon::kMaxPhraseWords) {
      return Status::InvalidArgument(Where(e) + ": phrase \"" + e.term + "\" is longer than 4 words");
    }
    int32_t rec = lex->Insert(key);
    int32_t head = -1;
    if (words > 1) {
      const size_t space = key.find(' ');
      const std::string_view first = std::string_view(key).substr(0, space);
      const std::string_view second = std::string_view(key).substr(space + 1, key.find(' ', space + 1) - space - 1);
      head = lex->Insert(first);
      const uint64_t h = Lexicon::PairHash(FoldHash(first), FoldHash(second));
      lex->bigrams_[(h >> 6) & (Lexicon::kBigramWords - 1)] |= uint64_t{1} << (h & 63);
    }
    if (lex->records_.size() >= lex->stride_) lex->Restride(2 * lex->stride_);
    const bool every_language = column_of[e.lang] < 0;
    int first = 0, last = static_cast<int>(ncol) - 1;
    if (!every_language) first = last = column_of[e.lang];
    for (int c = first; c <= last; ++c) {
      TermInfo& t = lex->MutableInfo(rec, c);
      if (e.section != Section::kLangId) t.flags |= kTermDefined;
      switch (e.section) {
        case Section::kValence:
          t.valence = e.value;
          if (e.value == 0) {
            t.flags &= ~(kTermValence | kTermSpecific);
          } else {
            t.flags |= kTermValence;
            if (!every_language) t.flags |= kTermSpecific;
          }
          break;
        case Section::kBooster:
          t.booster = e.value;
          if (e.value == 0) t.flags &= ~kTermBooster; else t.flags |= kTermBooster;
          break;
        case Section::kNegation: t.flags |= kTermNegation; break;
        case Section::kNegationPost: t.flags |= kTermNegationPost; break;
        case Section::kSubject: t.flags |= kTermSubject; break;
        case Section::kContrast: t.flags |= kTermContrast; break;
        case Section::kComplaint: {
          t.complaint = e.value;
          if (e.value == 0) t.flags &= ~kTermComplaint; else t.flags |= kTermComplaint;
          t.topic = static_cast<uint8_t>(e.topic);  // below 256: Add refuses more topics
          break;
        }
        case Section::kCustomer: t.flags |= kTermCustomer; break;
        case Section::kNews: t.flags |= kTermNews; break;
        case Section::kIrony: t.flags |= kTermIrony; break;
        case Section::kThanks: t.flags |= kTermThanks; break;
        case Section::kLangId: lex->records_[rec].langid |= 1u << c; break;
        case Section::kNone: break;
      }
      if (head >= 0) {
        TermInfo& h = lex->MutableInfo(head, c);
        h.flags |= kTermPhraseHead;
        h.phrase_words = static_cast<uint8_t>(std::max<int>(h.phrase_words, words));
      }
    }
    if (e.section == Section::kValence && !every_language && e.value != 0) lex->scorable_[first] = true;
  }
  for (size_t r = 0; r < lex->records_.size(); ++r) {
    for (size_t c = 1; c < ncol; ++c) {
      if (lex->Info(static_cast<int32_t>(r), static_cast<int>(c)).flags & kTermSpecific) {
        lex->records_[r].specific |= 1u << c;
      }
    }
  }
  return lex;
}

}  // namespace veille::sentiment
