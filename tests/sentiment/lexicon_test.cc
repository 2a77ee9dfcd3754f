#include "sentiment/lexicon.h"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace veille::sentiment {
namespace {

TEST(LexiconTest, ParsesSectionsAndFoldsTerms) {
  LexiconBuilder b;
  ASSERT_TRUE(b.Add("t.lex",
                    "# comment\n@lang fr\n[valence]\nGénial\t3\nservice client\t-0.5\n[negation]\npas\n"
                    "[langid]\nle\n@lang *\n[valence]\n:)\t2\n")
                  .ok());
  auto lex = b.Build();
  ASSERT_TRUE(lex.ok()) << lex.status().ToString();
  int fr = (*lex)->Column("fr");
  ASSERT_GT(fr, 0);
  EXPECT_TRUE((*lex)->Scorable(fr));
  EXPECT_FALSE((*lex)->Scorable(Lexicon::kUnd));
  int32_t r = (*lex)->Find("genial");
  ASSERT_GE(r, 0);
  EXPECT_FLOAT_EQ((*lex)->Info(r, fr).valence, 3.0f);
  EXPECT_TRUE((*lex)->Info(r, fr).flags & kTermSpecific);
  int32_t head = (*lex)->Find("service");
  ASSERT_GE(head, 0);
  EXPECT_TRUE((*lex)->Info(head, fr).flags & kTermPhraseHead);
  EXPECT_EQ((*lex)->Info(head, fr).phrase_words, 2);
  EXPECT_GE((*lex)->Find("service client"), 0);
  EXPECT_TRUE((*lex)->Info((*lex)->Find("pas"), fr).flags & kTermNegation);
  EXPECT_EQ((*lex)->LangIdMask((*lex)->Find("le")), 1u << fr);
  // @lang * reaches every column, "und" included.
  int32_t smile = (*lex)->Find(":)");
  ASSERT_GE(smile, 0);
  EXPECT_FLOAT_EQ((*lex)->Info(smile, Lexicon::kUnd).valence, 2.0f);
  EXPECT_FLOAT_EQ((*lex)->Info(smile, fr).valence, 2.0f);
}

// Values are read as strtod reads them: signs, exponents and hex floats,
// each to the float strtod's double rounds to; "+-2" and "1.5x" are no
// numbers. The errors name the file and line of each entry.
// The builder sizes the infos for a record an entry, two a phrase; a term
// written as one word can fold into a phrase and make two ("n'importe" ->
// "n' importe" and its head "n'"). Each of these does, each with a head of
// its own, so that the records outgrow the first sizing.
TEST(LexiconTest, TermsFoldingIntoPhrasesKeepEveryInfo) {
  LexiconBuilder b;
  const std::vector<std::string> terms = {"j'adore", "l'arnaque", "d'accord", "m'enerve", "t'inquiete",
                                          "s'ameliore", "c'est", "qu'importe", "n'importe"};
  std::string content = "@lang fr\n[valence]\n";
  for (size_t i = 0; i < terms.size(); ++i) content += terms[i] + "\t" + std::to_string(i % 4 + 1) + "\n";
  content += "[negation]\nn'\n";
  ASSERT_TRUE(b.Add("t.lex", content).ok());
  auto lex = b.Build();
  ASSERT_TRUE(lex.ok()) << lex.status().ToString();
  const int fr = (*lex)->Column("fr");
  ASSERT_GT(fr, 0);
  for (size_t i = 0; i < terms.size(); ++i) {
    std::string phrase = terms[i];
    phrase.insert(phrase.find('\'') + 1, " ");
    const int32_t r = (*lex)->Find(phrase);
    ASSERT_GE(r, 0) << phrase;
    EXPECT_FLOAT_EQ((*lex)->Info(r, fr).valence, static_cast<float>(i % 4 + 1)) << phrase;
    const int32_t head = (*lex)->Find(phrase.substr(0, phrase.find(' ')));
    ASSERT_GE(head, 0) << phrase;
    EXPECT_TRUE((*lex)->Info(head, fr).flags & kTermPhraseHead) << phrase;
    EXPECT_EQ((*lex)->Info(head, fr).phrase_words, 2) << phrase;
  }
  EXPECT_TRUE((*lex)->Info((*lex)->Find("n'"), fr).flags & kTermNegation);
  // Record -1 stays empty in every column.
  for (int c = 0; c < (*lex)->columns(); ++c) {
    const TermInfo& none = (*lex)->Info(-1, c);
    EXPECT_EQ(none.flags, 0) << c;
    EXPECT_EQ(none.valence, 0) << c;
    EXPECT_EQ(none.phrase_words, 0) << c;
  }
}

TEST(LexiconTest, ValuesAreReadAsStrtodReadsThem) {
  const std::pair<std::string, float> kValues[] = {
      {"2", 2.0f},        {"+2", 2.0f},         {"-1.5", -1.5f},         {".25", 0.25f},
      {"1e0", 1.0f},      {"-2.5E-1", -0.25f},  {"0x1p1", 2.0f},         {"0.1", static_cast<float>(0.1)},
      {"3.3000001", static_cast<float>(3.3000001)}, {"-0", -0.0f}};
  std::string content = "@lang en\n[valence]\n";
  for (size_t i = 0; i < std::size(kValues); ++i) content += "w" + std::to_string(i) + "\t" + kValues[i].first + "\n";
  LexiconBuilder b;
  ASSERT_TRUE(b.Add("v.lex", content).ok());
  auto lex = b.Build();
  ASSERT_TRUE(lex.ok()) << lex.status().ToString();
  const int en = (*lex)->Column("en");
  for (size_t i = 0; i < std::size(kValues); ++i) {
    const int32_t r = (*lex)->Find("w" + std::to_string(i));
    ASSERT_GE(r, 0) << kValues[i].first;
    EXPECT_EQ((*lex)->Info(r, en).valence, kValues[i].second) << kValues[i].first;
  }
  for (const char* bad : {"+-2", "1.5x", "+", "-", "inf", "nan", "1e999", "--1"}) {
    LexiconBuilder bb;
    const Status st = bb.Add("bad.lex", std::string("@lang en\n\n[valence]\nword\t") + bad + "\n");
    EXPECT_TRUE(st.IsInvalidArgument()) << bad;
    EXPECT_EQ(st.message(), "bad.lex:4: value \"" + std::string(bad) + "\" is not a number") << bad;
  }
}

// Keys are compared in pieces chosen by length (1-3, 4-7, 8, longer) and
// stored inline up to 20 bytes, apart beyond: every length finds its own
// key, in two parts too, and not its neighbours; the entry of "no record"
// (-1) is empty in every column.
TEST(LexiconTest, FindsKeysOfEveryLengthAndRecordMinusOneIsEmpty) {
  std::string content = "@lang en\n[valence]\n";
  std::vector<std::string> keys;
  for (int len = 1; len <= 40; ++len) {
    std::string k;
    for (int i = 0; i < len; ++i) k.push_back(static_cast<char>('a' + (i * 7 + len) % 26));
    keys.push_back(k);
    content += k + "\t1\n";
  }
  LexiconBuilder b;
  ASSERT_TRUE(b.Add("len.lex", content).ok());
  auto lex = b.Build();
  ASSERT_TRUE(lex.ok()) << lex.status().ToString();
  std::vector<int32_t> recs;
  for (const std::string& k : keys) {
    const int32_t r = (*lex)->Find(k);
    ASSERT_GE(r, 0) << k;
    EXPECT_EQ((*lex)->Key(r), k);
    EXPECT_EQ((*lex)->FindHashed(k, Lexicon::HashFinish(FoldHash(k))), r) << k;
    recs.push_back(r);
    std::string other = k;
    other.back() = other.back() == 'z' ? 'a' : static_cast<char>(other.back() + 1);
    if (std::find(keys.begin(), keys.end(), other) == keys.end()) {
      EXPECT_LT((*lex)->Find(other), 0) << other;
    }
  }
  std::sort(recs.begin(), recs.end());
  EXPECT_EQ(std::unique(recs.begin(), recs.end()), recs.end());
  // All zero, field by field: the scorer gives a word with no record a
  // zero entry of its own (kNoTerm) in place of its column's.
  for (int c = 0; c < (*lex)->columns(); ++c) {
    const TermInfo& none = (*lex)->Info(-1, c);
    EXPECT_EQ(none.flags, 0);
    EXPECT_EQ(none.valence, 0);
    EXPECT_EQ(none.booster, 0);
    EXPECT_EQ(none.complaint, 0);
    EXPECT_EQ(none.phrase_words, 0);
    EXPECT_EQ(none.topic, 0);
  }
  EXPECT_FLOAT_EQ((*lex)->Info(recs[0], (*lex)->Column("en")).valence, 1.0f);
}

// A lexicon never built has no record, and a look-up needs no table for
// that.
TEST(LexiconTest, AnEmptyLexiconFindsNothing) {
  const Lexicon lex;
  EXPECT_EQ(lex.size(), 0u);
  EXPECT_LT(lex.Find("word"), 0);
  EXPECT_LT(lex.Find(""), 0);
}

// With 20,000 keys the hash table grows several times and probes run long
// past collisions: every key must still be found, as itself, and no other.
TEST(LexiconTest, FindsEveryKeyOfALargeLexicon) {
  std::string content = "@lang en\n[valence]\n";
  auto key = [](int i, char first) {
    std::string k(1, first);
    for (int v = i; v > 0; v /= 26) k.push_back(static_cast<char>('a' + v % 26));
    return k;
  };
  constexpr int kKeys = 20000;
  for (int i = 0; i < kKeys; ++i) content += key(i, 'k') + "\t1\n";
  LexiconBuilder b;
  ASSERT_TRUE(b.Add("big.lex", content).ok());
  auto lex = b.Build();
  ASSERT_TRUE(lex.ok()) << lex.status().ToString();
  std::vector<int32_t> recs;
  for (int i = 0; i < kKeys; ++i) {
    const std::string k = key(i, 'k');
    const int32_t r = (*lex)->Find(k);
    ASSERT_GE(r, 0) << k;
    ASSERT_EQ((*lex)->Key(r), k);
    recs.push_back(r);
    ASSERT_LT((*lex)->Find(key(i, 'q')), 0) << key(i, 'q');
  }
  std::sort(recs.begin(), recs.end());
  EXPECT_EQ(std::unique(recs.begin(), recs.end()), recs.end());
}

TEST(LexiconTest, LaterEntriesOverrideAndZeroRemoves) {
  LexiconBuilder b;
  ASSERT_TRUE(b.Add("a.lex", "@lang en\n[valence]\ngood\t2\nfine\t1\n").ok());
  ASSERT_TRUE(b.Add("b.lex", "@lang en\n[valence]\ngood\t-1\nfine\t0\n").ok());
  auto lex = b.Build();
  ASSERT_TRUE(lex.ok());
  int en = (*lex)->Column("en");
  EXPECT_FLOAT_EQ((*lex)->Info((*lex)->Find("good"), en).valence, -1.0f);
  EXPECT_FALSE((*lex)->Info((*lex)->Find("fine"), en).flags & kTermValence);
}

struct BadCase {
  const char* content;
  const char* expected;  // substring of the error
};

class LexiconErrorTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(LexiconErrorTest, NamesFileAndLine) {
  LexiconBuilder b;
  Status s = b.Add("brand.lex", GetParam().content);
  if (s.ok()) {
    auto lex = b.Build();
    ASSERT_FALSE(lex.ok()) << "accepted: " << GetParam().content;
    s = lex.status();
  }
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(s.message().find(GetParam().expected), std::string::npos) << s.message();
}

INSTANTIATE_TEST_SUITE_P(
    Malformed, LexiconErrorTest,
    ::testing::Values(BadCase{"@lang fr\n[valence]\nbon\n", "brand.lex:3: missing value"},
                      BadCase{"@lang fr\n[valence]\nbon\tabc\n", "brand.lex:3: value \"abc\" is not a number"},
                      BadCase{"@lang fr\n[valence]\nbon\t9\n", "brand.lex:3: value 9 out of range"},
                      BadCase{"[valence]\nbon\t1\n", "brand.lex:1: section before any @lang"},
                      BadCase{"@lang fr\nbon\t1\n", "brand.lex:2: entry before any [section]"},
                      BadCase{"@lang fr\n[feelings]\n", "brand.lex:2: unknown section [feelings]"},
                      BadCase{"@lang FRENCH\n", "brand.lex:1: bad language code"},
                      BadCase{"@language fr\n", "brand.lex:1: unknown directive"},
                      BadCase{"@lang fr\n[negation]\npas\t1\n", "brand.lex:3: this section takes no value"},
                      BadCase{"\n\n@lang fr\n[valence]\n\xE2\x80\x99\t1\n", "brand.lex:5: term \"\xE2\x80\x99\" has no word"},
                      BadCase{"@lang fr\n[valence]\nun deux trois quatre cinq\t1\n", "brand.lex:3: phrase"},
                      BadCase{"@lang fr\n[complaint]\ncolis\t1\tLivraison!\n",
                              "brand.lex:3: topic \"Livraison!\" is not a lower-case name"}));

// TermInfo::topic is a byte: 255 topics and "none". The 256th is an error
// naming its line; the same topic again is not a new one.
TEST(LexiconTest, AtMost255ServiceTopics) {
  std::string content = "@lang fr\n[complaint]\n";
  for (int i = 0; i < 255; ++i) {
    content += "mot" + std::to_string(i) + "\t1\tt" + std::to_string(i) + "\n";
    content += "autre" + std::to_string(i) + "\t1\tt" + std::to_string(i) + "\n";
  }
  {
    LexiconBuilder b;
    ASSERT_TRUE(b.Add("brand.lex", content).ok());
    auto lex = b.Build();
    ASSERT_TRUE(lex.ok()) << lex.status().ToString();
    const int fr = (*lex)->Column("fr");
    EXPECT_EQ((*lex)->Topic((*lex)->Info((*lex)->Find("autre254"), fr).topic), "t254");
  }
  LexiconBuilder b;
  Status s = b.Add("brand.lex", content + "mot255\t1\tt255\n");
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(s.message().find("brand.lex:513: more than 255 service topics"), std::string::npos) << s.message();
}

TEST(LexiconTest, MissingFileIsAnError) {
  LexiconBuilder b;
  Status s = b.AddFile("/nonexistent/veille/brand.lex");
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(s.message().find("/nonexistent/veille/brand.lex"), std::string::npos);
}

TEST(LexiconTest, CrlfAndBomAreAccepted) {
  LexiconBuilder b;
  ASSERT_TRUE(b.Add("w.lex", "\xEF\xBB\xBF@lang fr\r\n[valence]\r\nbon\t2\r\n").ok());
  auto lex = b.Build();
  ASSERT_TRUE(lex.ok());
  EXPECT_FLOAT_EQ((*lex)->Info((*lex)->Find("bon"), (*lex)->Column("fr")).valence, 2.0f);
}

}  // namespace
}  // namespace veille::sentiment
