// libFuzzer target: the tokenizer, the scorer and the `veille sentiment`
// stream (the text's lines in, JSON lines out) on arbitrary bytes, with
// the properties of tests/sentiment/invariants.h. Built and run by
// scripts/fuzz (clang, AddressSanitizer, UndefinedBehaviorSanitizer).
//
// Input: the first byte picks the source's language tag, the text scored
// before this one and, from 128 on, the scorer that writes its reasons in
// French; the rest is the text.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "sentiment/scorer.h"
#include "tests/sentiment/invariants.h"

namespace {

using namespace veille::sentiment;

std::unique_ptr<Scorer> MakeScorer(const char* reasons_lang) {
  ScorerOptions o;
  o.reasons_lang = reasons_lang;
  auto s = Scorer::Create(o);
  if (!s.ok()) {
    std::fprintf(stderr, "%s\n", s.status().ToString().c_str());
    std::abort();
  }
  return std::move(s).value();
}

const Scorer& GetScorer(bool french) {
  static const std::unique_ptr<Scorer> en = MakeScorer("en");
  static const std::unique_ptr<Scorer> fr = MakeScorer("fr");
  return french ? *fr : *en;
}

const EmoticonMatcher& Emoticons() {
  static const EmoticonMatcher matcher = [] {
    EmoticonMatcher m;
    for (std::string_view e : {":)", ":-)", ":(", ":-(", ":/", ":'(", "<3", ":D", "xD", ";)", ":p", "^^", "o_O"}) {
      m.Add(e);
    }
    return m;
  }();
  return matcher;
}

constexpr std::string_view kHints[] = {"", "en", "fr", "fr-FR", "EN_us", "de", "und", "x", "-", "fr.utf8"};
constexpr std::string_view kPrevious[] = {
    "", "Génial, encore une panne #SNCF @sncf", "not bad at all!!! :)", "#NotHappy with @acme http://x.y/z",
    "\xF0\x9F\x98\xA1\xF0\x9F\x98\xA1 remboursement ???"};

void Fail(const std::string& what) {
  std::fprintf(stderr, "invariant broken: %s\n", what.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t pick = data[0];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  const std::string_view hint = kHints[pick % std::size(kHints)];
  const std::string_view previous = kPrevious[(pick / std::size(kHints)) % std::size(kPrevious)];
  if (std::string e = invariants::CheckTokens(text, Emoticons()); !e.empty()) Fail(e);
  const Scorer& scorer = GetScorer(pick >= 128);
  if (std::string e = invariants::CheckVerdict(scorer, text, hint, previous); !e.empty()) Fail(e);
  if (std::string e = invariants::CheckStream(scorer, text, hint); !e.empty()) Fail(e);
  return 0;
}
