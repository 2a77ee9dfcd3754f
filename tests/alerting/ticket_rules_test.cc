// Ticket candidate rules, grouping keys and the aggregated (capped / storm)
// ticket.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "alerting/sink.h"
#include "tests/alerting/test_util.h"

namespace veille {
namespace {

ScoredMention Negative(const std::string& id, double score = -0.5) {
  ScoredMention sm;
  sm.mention.id = id;
  sm.mention.source_type = "mastodon";
  sm.mention.url = "https://mastodon.social/@jeanne/" + id;
  sm.mention.text = "Mon vélo Acme est encore en panne.";
  sm.mention.author.handle = "@jeanne@mastodon.social";
  sm.mention.author.name = "Jeanne";
  sm.mention.author.followers = 300;
  sm.mention.published_ms = 1'795'425'069'000;
  sm.verdict.score = score;
  sm.verdict.label = score < -0.05 ? SentimentLabel::kNegative : SentimentLabel::kNeutral;
  return sm;
}

TEST(TicketRuleTest, DefaultsTicketNegativeMentionsOnly) {
  TicketRule rule;
  std::string why;
  EXPECT_TRUE(IsTicketCandidate(rule, Negative("a"), &why)) << why;
  EXPECT_EQ(why, "candidate");
  ScoredMention mild = Negative("b", -0.01);
  mild.verdict.label = SentimentLabel::kNegative;
  EXPECT_FALSE(IsTicketCandidate(rule, mild, &why));
  EXPECT_EQ(why, "score -0.01 above -0.05");
  ScoredMention neutral = Negative("c", 0.0);
  EXPECT_FALSE(IsTicketCandidate(rule, neutral, &why));
  EXPECT_EQ(why, "label neutral not ticketed");
  // A neutral complaint is not a ticket by default, but can be.
  neutral.verdict.complaint = true;
  EXPECT_FALSE(IsTicketCandidate(rule, neutral));
  rule.complaints_always = true;
  EXPECT_TRUE(IsTicketCandidate(rule, neutral, &why));
  EXPECT_EQ(why, "complaint");
}

TEST(TicketRuleTest, ComplaintsSourcesAndReach) {
  TicketRule rule;
  rule.only_complaints = true;
  ScoredMention m = Negative("a");
  std::string why;
  EXPECT_FALSE(IsTicketCandidate(rule, m, &why));
  EXPECT_EQ(why, "not a complaint");
  m.verdict.complaint = true;
  EXPECT_TRUE(IsTicketCandidate(rule, m));

  rule.source_types = {"reddit", "appstore"};
  EXPECT_FALSE(IsTicketCandidate(rule, m, &why));
  EXPECT_EQ(why, "source type mastodon not ticketed");
  rule.source_types.push_back("mastodon");
  EXPECT_TRUE(IsTicketCandidate(rule, m));

  rule.min_reach = 1'000;
  EXPECT_FALSE(IsTicketCandidate(rule, m, &why));
  EXPECT_EQ(why, "reach 300 below 1000");
  m.mention.engagement.shares = 800;
  EXPECT_TRUE(IsTicketCandidate(rule, m)) << "reach counts engagement too: " << m.mention.Reach();

  rule.labels = {SentimentLabel::kNeutral};
  EXPECT_FALSE(IsTicketCandidate(rule, m, &why));
  EXPECT_EQ(why, "label negative not ticketed");
}

TEST(TicketRuleTest, AlwaysAndNeverKeywords) {
  TicketRule rule;
  rule.always_keywords = {"rappel produit", "rembours*"};
  rule.never_keywords = {"concours", "giveaway"};
  ScoredMention happy = Negative("a", 0.6);
  happy.verdict.label = SentimentLabel::kPositive;
  happy.mention.text = "Super, Acme m'a REMBOURSÉ en deux jours !";
  std::string why;
  EXPECT_TRUE(IsTicketCandidate(rule, happy, &why));
  EXPECT_EQ(why, "always keyword: rembours*");
  happy.mention.title = "Rappel produit Acme";
  happy.mention.text = "lu dans la presse";
  EXPECT_TRUE(IsTicketCandidate(rule, happy, &why));
  EXPECT_EQ(why, "always keyword: rappel produit");
  // Whole words only: "rappels" is not the phrase, "concourse" not "concours".
  happy.mention.title = "Rappels produits";
  EXPECT_FALSE(IsTicketCandidate(rule, happy));

  ScoredMention angry = Negative("b", -0.9);
  angry.mention.text = "Concours Acme truqué, je veux un remboursement";
  EXPECT_FALSE(IsTicketCandidate(rule, angry, &why)) << "never wins over always and over the score";
  EXPECT_EQ(why, "never keyword: concours");
  angry.mention.text = "Acme concourse station: broken bikes, refund please";
  EXPECT_TRUE(IsTicketCandidate(rule, angry, &why)) << why;

  // Never keywords apply before source rules; always keywords after them.
  rule.source_types = {"reddit"};
  happy.mention.text = "remboursement";
  EXPECT_FALSE(IsTicketCandidate(rule, happy));
}

TEST(GroupKeyTest, SameAuthorSameThreadSameKey) {
  ScoredMention a = Negative("a"), b = Negative("b");
  EXPECT_FALSE(GroupKey(a.mention).empty());
  EXPECT_EQ(GroupKey(a.mention), GroupKey(b.mention));
  b.mention.author.handle = "@JEANNE@mastodon.social";
  EXPECT_EQ(GroupKey(a.mention), GroupKey(b.mention)) << "handles are case-insensitive";
  b.mention.source_type = "bluesky";
  EXPECT_NE(GroupKey(a.mention), GroupKey(b.mention)) << "one handle means nothing across networks";
  b = Negative("b");
  b.mention.thread = "thread-2";
  a.mention.thread = "thread-1";
  EXPECT_NE(GroupKey(a.mention), GroupKey(b.mention));
  a.mention.author = Author{};
  EXPECT_EQ(GroupKey(a.mention), "") << "no author, no grouping";
  a.mention.author.name = "Jeanne";
  EXPECT_FALSE(GroupKey(a.mention).empty());
}

TEST(AggregateTicketTest, CountsSourcesAndListsTheWorst) {
  std::vector<ScoredMention> held;
  for (int i = 0; i < 14; ++i) {
    ScoredMention m = Negative("m" + std::to_string(i), -0.1 - i * 0.05);
    if (i % 2) m.mention.source_type = "reddit";
    m.verdict.complaint = i < 4;
    held.push_back(m);
  }
  held[3].mention.text = "<script>alert(1)</script> worst";
  Ticket storm = BuildAggregateTicket("Acme", held, /*storm=*/true, "fr");
  EXPECT_EQ(storm.priority, "urgent");
  EXPECT_EQ(storm.external_id.rfind("veille-agg-", 0), 0u);
  EXPECT_EQ(storm.external_id, BuildAggregateTicket("Acme", held, true, "en").external_id) << "stable on rerun";
  std::vector<ScoredMention> fewer(held.begin(), held.end() - 1);
  EXPECT_NE(storm.external_id, BuildAggregateTicket("Acme", fewer, true, "fr").external_id);
  EXPECT_NE(storm.subject.find("vague de mentions négatives"), std::string::npos) << storm.subject;
  EXPECT_NE(storm.subject.find("14 mentions regroupées"), std::string::npos) << storm.subject;
  EXPECT_NE(storm.body_text.find("mastodon 7, reddit 7"), std::string::npos) << storm.body_text;
  EXPECT_NE(storm.body_text.find("Réclamation\u00A0: 4"), std::string::npos) << storm.body_text;
  // The most negative (m13, -0.75) is listed, the mildest (m0) is not among the worst ten.
  EXPECT_NE(storm.body_text.find("-0,75"), std::string::npos);
  EXPECT_EQ(storm.mentions.size(), 14u);
  EXPECT_EQ(storm.body_html.find("<script>"), std::string::npos);
  EXPECT_EQ(testing::CheckHtml(storm.body_html), "");
  EXPECT_NE(std::find(storm.tags.begin(), storm.tags.end(), "veille_storm"), storm.tags.end());

  Ticket capped = BuildAggregateTicket("Acme", held, /*storm=*/false, "en");
  EXPECT_EQ(capped.priority, "high");
  EXPECT_NE(capped.subject.find("hourly ticket cap reached — 14 mentions grouped"), std::string::npos)
      << capped.subject;
  EXPECT_NE(capped.body_text.find("Most negative:"), std::string::npos) << capped.body_text;
  EXPECT_EQ(std::find(capped.tags.begin(), capped.tags.end(), "veille_storm"), capped.tags.end());

  // A storm about one service topic names it, tags it, and is another ticket.
  Ticket delivery = BuildAggregateTicket("Acme", held, /*storm=*/true, "fr", "delivery");
  EXPECT_NE(delivery.subject.find("vague de mentions négatives (livraison)"), std::string::npos) << delivery.subject;
  EXPECT_NE(delivery.body_text.find("Sujet\u00A0: livraison"), std::string::npos) << delivery.body_text;
  EXPECT_NE(std::find(delivery.tags.begin(), delivery.tags.end(), "topic_delivery"), delivery.tags.end());
  EXPECT_NE(delivery.external_id, storm.external_id);
  EXPECT_NE(BuildAggregateTicket("Acme", held, true, "en", "fraud").subject.find("storm of negative mentions (fraud)"),
            std::string::npos);
}

}  // namespace
}  // namespace veille
