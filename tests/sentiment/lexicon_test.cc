#include "sentiment/lexicon.h"

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
