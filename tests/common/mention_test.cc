#include "common/mention.h"

#include <gtest/gtest.h>

namespace veille {
namespace {

Mention Sample() {
  Mention m;
  m.id = "https://example.fr/article";
  m.source_type = "rss";
  m.source_name = "acme-alerts";
  m.seen_in = {"acme-alerts", "acme-news"};
  m.title = "Acme \"rate\" la livraison\n<b>encore</b>";
  m.text = "Texte avec \xe2\x80\x99 apostrophe et \\ antislash";
  m.author.handle = "@client";
  m.author.followers = 1200;
  m.published_ms = 1700000000000;
  m.lang = "fr";
  m.engagement.likes = 3;
  m.brands = {"Acme"};
  return m;
}

TEST(MentionTest, JsonRoundTripKeepsEveryField) {
  Mention m = Sample();
  auto back = MentionFromJson(ToJson(m));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->id, m.id);
  EXPECT_EQ(back->seen_in, m.seen_in);
  EXPECT_EQ(back->title, m.title);
  EXPECT_EQ(back->text, m.text);
  EXPECT_EQ(back->author.followers, 1200);
  EXPECT_EQ(back->published_ms, m.published_ms);
  EXPECT_EQ(back->engagement.likes, 3);
  EXPECT_EQ(back->brands, m.brands);
}

TEST(MentionTest, ScoredRoundTrip) {
  ScoredMention s;
  s.mention = Sample();
  s.verdict.score = -0.625;
  s.verdict.label = SentimentLabel::kNegative;
  s.verdict.complaint = true;
  s.verdict.reasons = {"nul (-2.0)", "negation: pas"};
  s.verdict.complaint_reasons = {"livraison"};
  s.verdict.service_topic = "delivery";
  s.scored_ms = 5;
  auto back = ScoredMentionFromJson(ToJson(s));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_DOUBLE_EQ(back->verdict.score, -0.625);
  EXPECT_EQ(back->verdict.label, SentimentLabel::kNegative);
  EXPECT_TRUE(back->verdict.complaint);
  EXPECT_EQ(back->verdict.reasons, s.verdict.reasons);
  EXPECT_EQ(back->verdict.service_topic, "delivery");
  EXPECT_EQ(back->mention.title, s.mention.title);
}

TEST(MentionTest, DecoderNamesTheBadField) {
  auto r = MentionFromJson(R"({"v":1,"id":"x","source_type":"rss","author":{"followers":"many"}})");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("author.followers"), std::string::npos) << r.status().ToString();
  auto missing = MentionFromJson(R"({"v":1,"source_type":"rss"})");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("id is missing"), std::string::npos);
}

TEST(MentionTest, DecoderRefusesOtherSchemaVersionsAndGarbage) {
  EXPECT_FALSE(MentionFromJson(R"({"v":2,"id":"x","source_type":"rss"})").ok());
  EXPECT_FALSE(MentionFromJson("{\"v\":1,\"id\":\"x\"").ok());  // truncated
  EXPECT_FALSE(MentionFromJson("[1,2]").ok());
  EXPECT_FALSE(MentionFromJson("").ok());
}

TEST(MentionTest, ReachAddsFollowersAndEngagement) {
  Mention m;
  EXPECT_EQ(m.Reach(), 0);
  m.author.followers = 100;
  m.engagement.likes = 5;
  m.engagement.shares = 2;
  EXPECT_EQ(m.Reach(), 109);
}

}  // namespace
}  // namespace veille
