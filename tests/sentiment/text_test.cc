#include "sentiment/text.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace veille::sentiment {
namespace {

std::vector<std::string> Words(std::string_view text, const EmoticonMatcher& em = {}) {
  TokenBuffer buf;
  Tokenize(text, em, &buf);
  std::vector<std::string> out;
  for (const Token& t : buf.tokens) {
    if (t.flags & kTokPunct) {
      out.emplace_back(1, t.punct);
    } else if (t.flags & kTokHandle) {
      out.emplace_back("@");
    } else {
      out.emplace_back(buf.Text(t));
    }
  }
  return out;
}

using V = std::vector<std::string>;

TEST(TokenizeTest, FoldsCaseAndAccents) {
  EXPECT_EQ(Words("Très GÉNIAL Œuvre"), (V{"tres", "genial", "oeuvre"}));
}

TEST(TokenizeTest, SplitsFrenchElisionAndKeepsEnglishContractions) {
  EXPECT_EQ(Words("l'appli n’est qu'un don't aujourd'hui"),
            (V{"l'", "appli", "n'", "est", "qu'", "un", "don't", "aujourd'hui"}));
}

TEST(TokenizeTest, SplitsHashtagsOnCaseAndDigits) {
  EXPECT_EQ(Words("#NotHappy #iphone15 #service_client"), (V{"not", "happy", "iphone", "15", "service", "client"}));
}

TEST(TokenizeTest, DropsUrlsAndKeepsHandleMarker) {
  EXPECT_EQ(Words("@acme voir https://x.example/a?b=1 et www.acme.fr ok"), (V{"@", "voir", "et", "ok"}));
}

TEST(TokenizeTest, EmojiAreTokensWithoutModifiers) {
  TokenBuffer buf;
  Tokenize("bien👍🏽❤️!", EmoticonMatcher{}, &buf);
  ASSERT_EQ(buf.tokens.size(), 4u);
  EXPECT_EQ(buf.Text(buf.tokens[1]), "👍");
  EXPECT_TRUE(buf.tokens[1].flags & kTokEmoji);
  EXPECT_EQ(buf.Text(buf.tokens[2]), "❤");
  EXPECT_EQ(buf.tokens[3].punct, '!');
}

TEST(TokenizeTest, EmoticonsNeedTheMatcherAndABoundary) {
  EmoticonMatcher em;
  em.Add(":)");
  em.Add(":p");
  em.Add("]:");
  EXPECT_EQ(Words("super:) ex:prix [Paris]:", em), (V{"super", ":)", "ex", ":", "prix", "paris", ":"}));
}

TEST(TokenizeTest, FlagsCapsAndElongation) {
  TokenBuffer buf;
  Tokenize("NUL nuuul Ok", EmoticonMatcher{}, &buf);
  ASSERT_EQ(buf.tokens.size(), 3u);
  EXPECT_TRUE(buf.tokens[0].flags & kTokAllCaps);
  EXPECT_FALSE(buf.tokens[0].flags & kTokElongated);
  EXPECT_TRUE(buf.tokens[1].flags & kTokElongated);
  EXPECT_FALSE(buf.tokens[2].flags & kTokAllCaps);
}

TEST(TokenizeTest, HtmlEntitiesAreNotWords) {
  EXPECT_EQ(Words("a &gt; b &amp; c &#39;"), (V{"a", "b", "c"}));
}

TEST(TokenizeTest, InvalidUtf8IsASeparatorNotACrash) {
  EXPECT_EQ(Words(std::string("bon\xff\xfe" "jour \xc3")), (V{"bon", "jour"}));
  std::string all_bytes;
  for (int i = 0; i < 256; ++i) all_bytes.push_back(static_cast<char>(i));
  TokenBuffer buf;
  Tokenize(all_bytes, EmoticonMatcher{}, &buf);  // must not crash
  SUCCEED();
}

TEST(TokenizeTest, ForeignScriptIsFlagged) {
  TokenBuffer buf;
  Tokenize("привет", EmoticonMatcher{}, &buf);
  ASSERT_EQ(buf.tokens.size(), 1u);
  EXPECT_TRUE(buf.tokens[0].flags & kTokForeign);
}

TEST(FoldTermTest, JoinsPhraseWords) {
  EXPECT_EQ(FoldTerm("  Service   Client ", EmoticonMatcher{}), "service client");
  EXPECT_EQ(FoldTerm("n'importe quoi", EmoticonMatcher{}), "n' importe quoi");
  EXPECT_EQ(FoldTerm("...", EmoticonMatcher{}), ". . .");
}

}  // namespace
}  // namespace veille::sentiment
