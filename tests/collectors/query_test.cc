#include "collectors/query.h"

#include <gtest/gtest.h>

#include "collectors/text.h"

namespace veille {
namespace {

bool M(const std::string& query, const std::string& text) {
  auto q = BrandQuery::Parse(query);
  EXPECT_TRUE(q.ok()) << query << ": " << q.status().ToString();
  return q.ok() && q->Matches(FoldForMatch(text));
}

std::string Error(const std::string& query) {
  auto q = BrandQuery::Parse(query);
  EXPECT_FALSE(q.ok()) << query << " parsed as " << (q.ok() ? q->DebugString() : "");
  if (!q.ok()) {
    EXPECT_EQ(q.status().code(), Status::Code::kInvalidArgument);
  }
  return q.ok() ? "" : q.status().message();
}

TEST(BrandQueryTest, WordsAreWholeWordsCaseAndAccentInsensitive) {
  EXPECT_TRUE(M("acme", "I love ACME products"));
  EXPECT_TRUE(M("acme", "Acme's support"));  // apostrophe is a boundary
  EXPECT_FALSE(M("acme", "acmeology is a science"));
  EXPECT_FALSE(M("acme", "the pacmen"));
  EXPECT_TRUE(M("\"Société Générale\"", "la SOCIETE-GENERALE annonce"));
  EXPECT_TRUE(M("\"societe generale\"", "Société Générale"));
  EXPECT_FALSE(M("\"societe generale\"", "société très générale"));
  EXPECT_TRUE(M("acme*", "acmeology"));
  EXPECT_FALSE(M("acme*", "pacme"));
  EXPECT_TRUE(M("AT&T", "Service AT&T down"));
  EXPECT_TRUE(M("l'oréal", "L’Oréal Paris"));
}

TEST(BrandQueryTest, BooleanOperators) {
  EXPECT_TRUE(M("acme bank", "the bank of acme"));            // implicit AND
  EXPECT_FALSE(M("acme bank", "acme only"));
  EXPECT_TRUE(M("acme AND bank", "bank acme"));
  EXPECT_TRUE(M("acme OR globex", "globex rocks"));
  EXPECT_FALSE(M("acme OR globex", "initech"));
  EXPECT_TRUE(M("acme NOT coyote", "acme anvils"));
  EXPECT_FALSE(M("acme NOT coyote", "acme anvils for the coyote"));
  EXPECT_FALSE(M("acme -coyote", "coyote buys acme"));
  EXPECT_FALSE(M("acme -\"road runner\"", "acme and the road runner"));
  EXPECT_TRUE(M("acme -\"road runner\"", "acme: the road is long for a runner"));
  EXPECT_TRUE(M("(acme OR globex) AND (panne OR outage)", "Globex: panne géante"));
  EXPECT_FALSE(M("(acme OR globex) AND (panne OR outage)", "Globex: tout va bien"));
  // AND binds tighter than OR.
  EXPECT_TRUE(M("a b OR c", "c"));
  EXPECT_FALSE(M("a b OR c", "a"));
  EXPECT_TRUE(M("acme -(wile OR coyote)", "acme"));
  EXPECT_FALSE(M("acme -(wile OR coyote)", "acme wile"));
  // Lower-case operators are words.
  EXPECT_FALSE(M("acme or globex", "globex"));
  EXPECT_TRUE(M("e-mail", "send an e mail"));
}

TEST(BrandQueryTest, DebugString) {
  auto q = BrandQuery::Parse("Acme -\"Road Runner\" OR globex*");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->DebugString(), "(OR (AND acme (NOT \"road runner\")) globex*)");
}

TEST(BrandQueryTest, ErrorsNameTheColumn) {
  EXPECT_EQ(Error(""), "column 1: empty query");
  EXPECT_EQ(Error("   "), "column 1: empty query");
  EXPECT_EQ(Error("acme \"bank"), "column 6: unterminated quote");
  EXPECT_EQ(Error("(acme OR globex"), "column 16: missing ')' for '(' at column 1");
  EXPECT_EQ(Error("acme)"), "column 5: ')' without '('");
  EXPECT_EQ(Error("acme OR"), "column 8: expected a word, a phrase or '(' but found the end of the query");
  EXPECT_EQ(Error("OR acme"), "column 1: expected a word, a phrase or '(' but found OR");
  EXPECT_EQ(Error("acme AND OR b"), "column 10: expected a word, a phrase or '(' but found OR");
  EXPECT_EQ(Error("acme ()"), "column 6: empty parentheses");
  EXPECT_EQ(Error("acme \"!!\""), "column 6: phrase has no letter or digit");
  EXPECT_NE(Error("-acme").find("only exclusions"), std::string::npos);
  EXPECT_NE(Error("NOT acme").find("only exclusions"), std::string::npos);
  std::string deep(200, '(');
  EXPECT_NE(Error(deep + "a").find("nesting deeper than"), std::string::npos);
  EXPECT_NE(Error(std::string(5000, 'a')).find("longer than"), std::string::npos);
}

TEST(BrandMatcherTest, MatchesBrandsWithExclusionsAndLanguages) {
  std::vector<Brand> brands(4);
  brands[0].name = "Acme";
  brands[0].query = "acme OR \"acme corp\"";
  brands[0].exclude = {"\"acme anvil\"", "looney tunes"};
  brands[1].name = "Société Générale";  // empty query: the name as a phrase
  brands[2].name = "Globex";
  brands[2].query = "globex";
  brands[2].languages = {"FR"};
  brands[3].name = "Initech";
  brands[3].query = "initech";
  auto matcher = BrandMatcher::Create(brands);
  ASSERT_TRUE(matcher.ok()) << matcher.status().ToString();
  EXPECT_EQ(matcher->size(), 4u);

  Mention m;
  m.title = "ACME et la SOCIETE GENERALE";
  m.text = "Globex aussi.";
  m.lang = "fr";
  EXPECT_EQ(matcher->Match(m), (std::vector<std::string>{"Acme", "Société Générale", "Globex"}));
  m.lang = "en";
  EXPECT_EQ(matcher->Match(m), (std::vector<std::string>{"Acme", "Société Générale"}));
  m.lang = "";  // unknown language: not filtered
  EXPECT_EQ(matcher->Match(m), (std::vector<std::string>{"Acme", "Société Générale", "Globex"}));
  m.title = "Acme Anvil review";
  m.text = "";
  EXPECT_TRUE(matcher->Match(m).empty());
  m.title = "Acme";
  m.text = "a Looney Tunes classic";
  EXPECT_TRUE(matcher->Match(m).empty());
  m.text = "a Looney Tunes classic, initech too";
  EXPECT_EQ(matcher->Match(m), (std::vector<std::string>{"Initech"}));  // exclusion is per brand
}

TEST(BrandMatcherTest, BadQueryNamesBrandAndColumn) {
  std::vector<Brand> brands(1);
  brands[0].name = "Acme";
  brands[0].query = "acme OR (x";
  auto matcher = BrandMatcher::Create(brands);
  ASSERT_FALSE(matcher.ok());
  EXPECT_EQ(matcher.status().message(), "brand Acme: query: column 11: missing ')' for '(' at column 9");
  brands[0].query = "acme";
  brands[0].exclude = {"!!!"};
  EXPECT_FALSE(BrandMatcher::Create(brands).ok());
}


std::vector<std::string> Search(const std::string& query, SearchSyntax syntax) {
  auto q = BrandQuery::Parse(query);
  EXPECT_TRUE(q.ok()) << query << ": " << q.status().ToString();
  if (!q.ok()) return {};
  auto s = q->ToSearch(syntax);
  EXPECT_TRUE(s.ok()) << query << ": " << s.status().ToString();
  return s.ok() ? *s : std::vector<std::string>{};
}

TEST(BrandQuerySearchTest, BooleanServicesGetTheWholeQuery) {
  using V = std::vector<std::string>;
  EXPECT_EQ(Search("acme", SearchSyntax::kBoolean), V{"acme"});
  EXPECT_EQ(Search("Acme OR \"Acme Corp\"", SearchSyntax::kBoolean), V{"Acme OR \"Acme Corp\""});
  EXPECT_EQ(Search("(acme OR globex) panne -coyote", SearchSyntax::kBoolean),
            V{"(acme OR globex) AND panne AND NOT coyote"});
  EXPECT_EQ(Search("acme* -\"road runner\"", SearchSyntax::kBoolean), V{"acme* AND NOT \"road runner\""});
  // The user's spelling is what the service sees: it folds accents itself.
  EXPECT_EQ(Search("\"Société Générale\"", SearchSyntax::kBoolean), V{"\"Société Générale\""});
  // An operator written as a phrase stays a word.
  EXPECT_EQ(Search("acme \"OR\"", SearchSyntax::kBoolean), V{"acme AND \"OR\""});
}

TEST(BrandQuerySearchTest, ServicesWithoutOrGetOneSearchPerAlternative) {
  using V = std::vector<std::string>;
  EXPECT_EQ(Search("acme", SearchSyntax::kAllWords), V{"acme"});
  EXPECT_EQ(Search("acme OR \"acme corp\"", SearchSyntax::kAllWords), (V{"acme", "\"acme corp\""}));
  EXPECT_EQ(Search("(acme OR globex) AND (panne OR outage) -coyote", SearchSyntax::kAllWords),
            (V{"acme panne", "acme outage", "globex panne", "globex outage"}));
  // Exclusions and prefixes are widened, then re-checked locally.
  EXPECT_EQ(Search("velotra* NOT velotrain", SearchSyntax::kAllWords), V{"velotra"});
  // Repeated alternatives collapse.
  EXPECT_EQ(Search("acme OR acme OR (acme acme)", SearchSyntax::kAllWords), V{"acme"});
}

TEST(BrandQuerySearchTest, QueriesAServiceCannotExpressAreRefused) {
  auto q = BrandQuery::Parse("(a OR b OR c) (d OR e OR f)");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->ToSearch(SearchSyntax::kAllWords, 9).value().size(), 9u);
  auto too_many = q->ToSearch(SearchSyntax::kAllWords);
  ASSERT_FALSE(too_many.ok());
  EXPECT_NE(too_many.status().message().find("more than 8 searches"), std::string::npos)
      << too_many.status().message();
  // The same query is one search where the service has OR.
  EXPECT_EQ(q->ToSearch(SearchSyntax::kBoolean).value(),
            std::vector<std::string>{"(a OR b OR c) AND (d OR e OR f)"});
}

}  // namespace
}  // namespace veille
