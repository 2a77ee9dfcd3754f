// The properties of invariants.h on hostile texts: hand-picked ones, then
// thousands generated from a fixed seed by mixing words, emoji, markup,
// links and raw bytes and cutting them anywhere (inside a character too).
// scripts/fuzz searches the same properties for as long as it is given.
#include "tests/sentiment/invariants.h"

#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "sentiment/lexicon.h"

namespace veille::sentiment {
namespace {

class InvariantsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto s = Scorer::Create();
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    scorer_ = std::move(s).value().release();
    for (std::string_view e : {":)", ":-)", ":(", ":/", ":'(", "<3", ":D", "xD", ";)", "^^", "o_O"}) emoticons_.Add(e);
  }
  static void TearDownTestSuite() {
    delete scorer_;
    scorer_ = nullptr;
  }
  static void Check(std::string_view text, std::string_view hint = {}, std::string_view previous = "c'est nul") {
    EXPECT_EQ(invariants::CheckTokens(text, emoticons_), "");
    EXPECT_EQ(invariants::CheckVerdict(*scorer_, text, hint, previous), "");
    EXPECT_EQ(invariants::CheckStream(*scorer_, text, hint), "");
  }
  static Scorer* scorer_;
  static EmoticonMatcher emoticons_;
};
Scorer* InvariantsTest::scorer_ = nullptr;
EmoticonMatcher InvariantsTest::emoticons_;

TEST_F(InvariantsTest, HandPickedHostileTexts) {
  const std::string_view texts[] = {
      "",
      " ",
      std::string_view("\0\0\0", 3),
      "\xC3",                          // a character cut after its first byte
      "d\xC3\xA9\xC3",                 // "dé" then a cut "é"
      "\x80\x80\xBF nul",              // stray continuation bytes
      "\xF0\x9F\x98",                  // an emoji cut short
      "\xED\xA0\x80 surrogate",        // a UTF-16 surrogate in UTF-8
      "\xC0\xAF overlong",             // an overlong '/'
      "\xF4\x90\x80\x80 beyond",       // above U+10FFFF
      "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD\xE2\x80\x8D\xE2\x99\x82\xEF\xB8\x8F super",  // emoji, skin tone, ZWJ
      "@", "#", "&", "'", "l'", "''''", "#_", "#__a__", "@.", "@user://x", "://", "http://", "www.",
      "&#;", "&#x;", "&amp", "&amp;&lt;&#39;&#9999999999;", "&verylongentityname;",
      "n'", "qu'", "jusqu'", "l' ", "aujourd'hui l'l'l'l'", "j\xE2\x80\x99" "aime pas",
      "nuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuul", "sooooooooooooooo goooooood",
      // A scored word longer than a reason quotes (40 bytes), cut inside an "é".
      "Vraiment dééééééééééééééééééééééçu",
      "#JeSuisTresTresTresContentDeCeServiceClientVraimentSuperGenialMerci",
      "#aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
      "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
      "????????????????????????????????????????????????????????????????????????????",
      "... ,,, ;;; ::: !?!? :) :( :/ :'( <3 xD ^^ o_O :-) :D :/:/:/",
      "PAS BON DU TOUT !!! REMBOURSEZ MOI", "not not not not not good", "ne ne ne pas pas jamais rien",
      "mais mais but but however pourtant", "Génial, encore une panne, encore, encore, encore",
      "Привет 你好 مرحبا",  // other scripts
      "\xEF\xBB\xBF" "BOM then text", "tab\there\nnew\rline\fform\vvertical",
      "\xE2\x80\xA6\xE2\x80\xA6\xE2\x80\xA6", "\xC2\xA0\xE2\x80\xAF\xE3\x80\x80 espaces",
      "ÆØÅ æøå ß Œuvre œuvre ǅ ǈ Ǆ", "\xC8\xBF\xC9\x80\xC9\x8F\xC9\x90",
  };
  for (std::string_view text : texts) {
    for (std::string_view hint : {"", "en", "fr", "de", "fr-FR", "und"}) Check(text, hint);
  }
}

// A long text: spans and counts stay within bounds far past a tweet.
TEST_F(InvariantsTest, LongTexts) {
  std::string text;
  for (int i = 0; i < 4000; ++i) text += i % 7 == 0 ? "nul! " : i % 5 == 0 ? "#SuperService " : "très bien l'appli ";
  Check(text);
  Check(text, "fr");
  Check(std::string(100000, 'a'));
  Check(std::string(50000, '#'));
  std::string emoji;
  for (int i = 0; i < 10000; ++i) emoji += "\xF0\x9F\x98\xA1";
  Check(emoji);
}

// Generated texts: fragments of every kind the tokenizer has a rule for,
// joined with or without spaces and cut at any byte.
TEST_F(InvariantsTest, GeneratedTexts) {
  const std::vector<std::string> fragments = {
      "pas", "ne", "n'", "l'", "j'", "qu'", "aime", "nul", "génial", "déçu", "déçue", "très", "trop", "mais",
      "not", "never", "good", "bad", "but", "so", "the", "isn't", "don't", "won't", "cannot",
      "remboursement", "livraison", "panne", "refund", "delivery", "outage", "service client", "arnaque",
      "@acme", "@", "#NotHappy", "#", "#service_client", "#iphone15", "_", "http://x.fr/a?b=c", "https://",
      "www.acme.fr", "://", "&amp;", "&lt;", "&#39;", "&", ":)", ":(", ":-/", "<3", "xD", ":'(", "!", "?", "...",
      ",", ";", ":", "\xE2\x80\xA6", "\xE2\x80\x99", "\xF0\x9F\x98\xA1", "\xF0\x9F\x98\x8D",
      "dééééééééééééééééééééçu", "\xE2\x9D\xA4\xEF\xB8\x8F",
      "\xF0\x9F\x8F\xBD", "\xE2\x80\x8D", "\xC3\xA9", "\xC3\x89", "\xC5\x93", "\xC3\x9F", "\xCE\xB1\xCE\xB2",
      "\xE4\xBD\xA0", "\xD9\x85", "NUL", "GÉNIAL", "nuuuul", "sooooo", "123", "4G", "l'appli", "aujourd'hui",
      "\xC3", "\x80", "\xFF", "\xF0\x9F", std::string("\0", 1), "\t", "\n", "\xC2\xA0",
  };
  const std::string_view hints[] = {"", "", "", "en", "fr", "fr-CA", "es", "und"};
  const std::string_view previous[] = {"", "Génial, encore une panne @sncf", "not bad :)", "\xF0\x9F\x98\xA1 ???"};
  std::mt19937 rng(20261123);
  int checked = 0;
  for (int round = 0; round < 4000; ++round) {
    std::string text;
    const int parts = 1 + static_cast<int>(rng() % 24);
    for (int p = 0; p < parts; ++p) {
      if (rng() % 8 == 0) {
        text.push_back(static_cast<char>(rng() & 0xFF));  // any byte at all
      } else {
        text += fragments[rng() % fragments.size()];
      }
      if (rng() % 4 != 0) text.push_back(' ');
    }
    if (rng() % 3 == 0 && !text.empty()) text.resize(rng() % text.size());  // cut anywhere
    const std::string_view hint = hints[rng() % std::size(hints)];
    const std::string_view prev = previous[rng() % std::size(previous)];
    const std::string tokens = invariants::CheckTokens(text, emoticons_);
    const std::string verdict = invariants::CheckVerdict(*scorer_, text, hint, prev);
    ASSERT_EQ(tokens, "") << "round " << round;
    ASSERT_EQ(verdict, "") << "round " << round;
    // Several texts as the lines of one stream, with CRLF and no final
    // newline at times: the writer's buffers carry over from line to line.
    if (round % 4 == 0) {
      const std::string input = text + (round % 8 == 0 ? "\r\n" : "\n") + std::string(prev) + "\n" + text;
      ASSERT_EQ(invariants::CheckStream(*scorer_, input, hint), "") << "round " << round;
    }
    ++checked;
  }
  EXPECT_EQ(checked, 4000);
}

// The checks themselves catch what they are for.
TEST_F(InvariantsTest, ChecksDetectBrokenProperties) {
  EXPECT_TRUE(invariants::ValidUtf8("déçu \xF0\x9F\x98\xA1"));
  EXPECT_FALSE(invariants::ValidUtf8("d\xC3"));
  EXPECT_FALSE(invariants::ValidUtf8("\xED\xA0\x80"));
  Verdict a, b;
  a.reasons = {"x"};
  b.reasons = {"y"};
  EXPECT_FALSE(invariants::SameVerdict(a, b));
  EXPECT_EQ(invariants::Escaped(std::string_view("a\0\xFF\\", 4)), "a\\x00\\xFF\\x5C");
}

// A scorer whose verdict is the same every time, with what a JSON writer
// must escape or repair in its reasons; and one whose every verdict differs
// from the one before, so that what the stream wrote is never what Score()
// returns next: CheckStream passes the first and catches the second.
class FixedScorer final : public Scorer {
 public:
  void ScoreInto(std::string_view, std::string_view, Verdict* out) const override {
    *out = Verdict();
    out->score = -0.123456;
    out->label = SentimentLabel::kNegative;
    out->lang = "fr";
    out->reasons = {"\"q\" \\ \x01\x1F\x7F \t\r\n d\xC3\xA9\xC3\xA7u \xF0\x9F\x98\xA1", "cut \xC3", std::string(300, '"')};
    out->complaint_reasons = {"x"};
  }
};
class DriftingScorer final : public Scorer {
 public:
  void ScoreInto(std::string_view, std::string_view, Verdict* out) const override {
    *out = Verdict();
    out->lang = "en";
    out->reasons = {"call " + std::to_string(++calls_)};
    out->complaint_reasons = {"x"};
  }

 private:
  mutable int calls_ = 0;
};

TEST_F(InvariantsTest, StreamCheckCatchesWhatItIsFor) {
  const FixedScorer fixed;
  EXPECT_EQ(invariants::CheckStream(fixed, "a\nb\r\n\n", ""), "");
  const DriftingScorer drifting;
  EXPECT_NE(invariants::CheckStream(drifting, "a\nb", ""), "");
}

}  // namespace
}  // namespace veille::sentiment
