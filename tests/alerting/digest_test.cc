// BuildDigest: content in both languages, French typography, the text and
// HTML parts saying the same things, well-formed HTML, hostile text.
#include "alerting/digest.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/alerting/test_util.h"

namespace veille {
namespace {

using testing::CheckHtml;
using testing::CheckWireFormat;
using testing::ParseWithPython;

constexpr int64_t kDay = 86'400'000;
constexpr int64_t k20261123 = 1'795'392'000'000;  // 2026-11-23T00:00:00Z

DigestData Sample() {
  DigestData d;
  d.brand = "Acme";
  d.period = "daily";
  d.period_key = "2026-11-23";
  d.from_ms = k20261123;
  d.to_ms = k20261123 + kDay;
  d.total = 1234;
  d.positive = 300;
  d.neutral = 700;
  d.negative = 234;
  d.previous_total = 1100;
  d.share_of_voice = {{"Acme", 1234}, {"Rival", 1000}};
  d.by_source = {{"reddit", 800}, {"rss", 434}};
  for (int i = 0; i < 24; ++i) d.volume.push_back({k20261123 + i * 3'600'000LL, 20 + i * 3});
  DigestMention top;
  top.title = "Acme ouvre une boutique à Lyon";
  top.text = "Belle surprise ce matin.";
  top.url = "https://news.example.fr/acme-lyon";
  top.author = "Le Progrès";
  top.source_type = "rss";
  top.published_ms = k20261123 + 9 * 3'600'000LL;
  top.score = 0.7;
  top.label = SentimentLabel::kPositive;
  top.reach = 54321;
  d.top_reach = {top};
  DigestMention neg;
  neg.title = "Service client Acme injoignable";
  neg.url = "https://www.reddit.com/r/france/comments/x1/";
  neg.author = "u/jeanne";
  neg.source_type = "reddit";
  neg.score = -0.85;
  neg.label = SentimentLabel::kNegative;
  neg.reach = 172;
  d.most_negative = {neg};
  d.tickets_opened = 3;
  return d;
}

DigestOptions Options(const char* lang) {
  DigestOptions o;
  o.lang = lang;
  o.from = "Veille <veille@example.com>";
  o.to = {"marketing@example.com"};
  return o;
}

// Each fact must appear in the text part as is and in the HTML escaped.
void ExpectBothParts(const Email& e, const std::vector<std::string>& facts) {
  for (const std::string& f : facts) {
    EXPECT_NE(e.text.find(f), std::string::npos) << "text lacks: " << f;
    EXPECT_NE(e.html.find(EscapeHtml(f)), std::string::npos) << "html lacks: " << f;
  }
}

TEST(DigestTest, FrenchDigest) {
  Email e = BuildDigest(Sample(), Options("fr"));
  EXPECT_EQ(e.idempotency_key, "digest/Acme/daily/2026-11-23");
  EXPECT_EQ(e.date_ms, k20261123 + kDay);
  EXPECT_EQ(e.from, "Veille <veille@example.com>");
  EXPECT_EQ(e.subject,
            "Veille Acme — synthèse quotidienne du 23/11/2026\u00A0: 1\u202F234 mentions (+12\u00A0%), "
            "19\u00A0% négatives");
  ExpectBothParts(e, {"1\u202F234", "+12\u00A0%",                  // volume and change
                      "période précédente\u00A0: 1\u202F100",       // previous
                      "positives 24,3\u00A0%", "négatives 19\u00A0%",  // sentiment share
                      "Part de voix", "55,2\u00A0%", "Rival",        // share of voice
                      "Acme ouvre une boutique à Lyon", "https://news.example.fr/acme-lyon",
                      "audience 54\u202F321", "score 0,70 (positif)", "Service client Acme injoignable",
                      "score -0,85 (négatif)", "Tickets ouverts", "23/11 09h", "Par source"});
  // French typography: no plain space before a colon, a no-break one instead.
  EXPECT_EQ(e.text.find(" :"), std::string::npos);
  EXPECT_EQ(e.subject.find(" :"), std::string::npos);
  EXPECT_NE(e.html.find("lang=\"fr\""), std::string::npos);
}

TEST(DigestTest, EnglishDigest) {
  Email e = BuildDigest(Sample(), Options("en"));
  EXPECT_EQ(e.subject, "Acme daily digest, 2026-11-23: 1,234 mentions (+12%), 19% negative");
  ExpectBothParts(e, {"1,234", "previous period: 1,100", "positive 24.3%", "Share of voice", "55.2%",
                      "reach 54,321", "score -0.85 (negative)", "Tickets opened", "11-23 09:00"});
  EXPECT_EQ(e.text.find("\u00A0"), std::string::npos);
}

TEST(DigestTest, VolumeIsATableBarChart) {
  DigestData d = Sample();
  Email e = BuildDigest(d, Options("en"));
  // The largest bucket fills its row; an empty bucket draws no coloured cell.
  EXPECT_NE(e.html.find("<td width=\"100%\" height=\"12\" bgcolor=\"#1a56db\""), std::string::npos);
  size_t bars = 0;
  for (size_t p = e.html.find("height=\"12\" bgcolor="); p != std::string::npos;
       p = e.html.find("height=\"12\" bgcolor=", p + 1)) {
    ++bars;
  }
  // 24 volume rows + 2 share-of-voice rows + 2 source rows.
  EXPECT_EQ(bars, 28u);
  EXPECT_EQ(e.html.find("<style"), std::string::npos) << "Gmail drops <style>; inline styles only";
  EXPECT_EQ(CheckHtml(e.html), "");
}

TEST(DigestTest, ChangeAgainstPreviousPeriod) {
  DigestData d = Sample();
  d.previous_total = -1;
  EXPECT_EQ(BuildDigest(d, Options("en")).subject.find('('), std::string::npos);
  EXPECT_NE(BuildDigest(d, Options("en")).text.find("no comparison available"), std::string::npos);
  d.previous_total = 2468;
  EXPECT_NE(BuildDigest(d, Options("en")).subject.find("(\u221250%)"), std::string::npos);
  d.previous_total = 0;
  EXPECT_NE(BuildDigest(d, Options("fr")).subject.find("(nouveau)"), std::string::npos);
}

TEST(DigestTest, EmptyPeriod) {
  DigestData d;
  d.brand = "Acme";
  d.period = "weekly";
  d.period_key = "2026-W48";
  d.from_ms = k20261123 - 7 * kDay;
  d.to_ms = k20261123;
  Email e = BuildDigest(d, Options("fr"));
  EXPECT_NE(e.text.find("Aucune mention sur la période."), std::string::npos);
  EXPECT_NE(e.subject.find("synthèse hebdomadaire de la semaine du 16/11/2026"), std::string::npos) << e.subject;
  EXPECT_NE(BuildDigest(d, Options("en")).subject.find("weekly digest, week of 2026-11-16"), std::string::npos);
  d.period = "run";
  d.period_key = "2026-11-23T09:11:09Z-1795425069000";
  d.from_ms = k20261123;
  d.to_ms = k20261123 + 9 * 3'600'000LL + 11 * 60'000;
  EXPECT_NE(BuildDigest(d, Options("fr")).subject.find("synthèse de l’exécution du 23/11/2026 09:11 UTC"),
            std::string::npos);
  EXPECT_EQ(BuildDigest(d, Options("fr")).subject.find("1795425069000"), std::string::npos)
      << "a machine key is not for readers";
  EXPECT_EQ(BuildDigest(d, Options("fr")).idempotency_key, "digest/Acme/run/2026-11-23T09:11:09Z-1795425069000");
  EXPECT_EQ(e.idempotency_key, "digest/Acme/weekly/2026-W48");
  EXPECT_EQ(CheckHtml(e.html), "");
}

TEST(DigestTest, HostileMentionsAreEscaped) {
  DigestData d = Sample();
  DigestMention h;
  h.title = "<script>alert('pwned')</script>\"><img src=x onerror=alert(1)>";
  h.text = "</td></tr></table><a href=\"javascript:alert(1)\">click</a> & ' \"";
  h.url = "javascript:alert(document.cookie)";
  h.author = "<b onmouseover=alert(1)>bob</b>";
  h.source_type = "<i>rss</i>";
  h.label = SentimentLabel::kNegative;
  d.most_negative = {h, h};
  DigestMention quote_url = h;
  quote_url.url = "https://example.com/\" onclick=\"alert(1)";
  d.top_reach = {quote_url};
  d.share_of_voice.push_back({"<script>x</script>", 3});
  for (const char* lang : {"fr", "en"}) {
    Email e = BuildDigest(d, Options(lang));
    EXPECT_EQ(e.html.find("<script"), std::string::npos);
    EXPECT_EQ(e.html.find("<img"), std::string::npos);
    EXPECT_EQ(e.html.find("<b onmouseover"), std::string::npos);
    EXPECT_EQ(e.html.find("href=\"javascript"), std::string::npos);
    EXPECT_NE(e.html.find("&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;"), std::string::npos);
    EXPECT_NE(e.html.find("href=\"https://example.com/%22%20onclick=%22alert(1)\""), std::string::npos);
    // The structure survives the hostile text: every element closes where it should.
    EXPECT_EQ(CheckHtml(e.html), "") << lang;
  }
}

TEST(DigestTest, RendersAsAMimeMessageBothPartsAgree) {
  Email e = BuildDigest(Sample(), Options("fr"));
  std::string raw = RenderMime(e);
  EXPECT_EQ(CheckWireFormat(raw), "");
  rapidjson::Document doc;
  ASSERT_TRUE(ParseWithPython(raw, &doc));
  EXPECT_EQ(std::string(doc["subject"].GetString()), e.subject);
  EXPECT_STREQ(doc["date_iso"].GetString(), "2026-11-24T00:00:00+00:00");
  ASSERT_EQ(doc["parts"].Size(), 2u);
  std::string text = doc["parts"][0]["content"].GetString();
  std::string html = doc["parts"][1]["content"].GetString();
  for (const std::string& fact : {std::string("1\u202F234"), std::string("Acme ouvre une boutique à Lyon"),
                                  std::string("https://www.reddit.com/r/france/comments/x1/")}) {
    EXPECT_NE(text.find(fact), std::string::npos) << fact;
    EXPECT_NE(html.find(fact), std::string::npos) << fact;
  }
  // Same Message-ID on a rerun of the same period: receivers and the spool dedupe.
  EXPECT_EQ(EffectiveMessageId(e), EffectiveMessageId(BuildDigest(Sample(), Options("fr"))));
}

}  // namespace
}  // namespace veille

namespace veille {
namespace {

// The HTML checker the tests above rely on does catch what it claims to.
TEST(CheckHtmlTest, CatchesBrokenStructureAndUnsafeMarkup) {
  using testing::CheckHtml;
  EXPECT_EQ(CheckHtml("<table><tr><td>x</td></tr></table>"), "");
  EXPECT_NE(CheckHtml("<table><tr><td>x</table>"), "");
  EXPECT_NE(CheckHtml("<div><a href=\"javascript:alert(1)\">x</a></div>"), "");
  EXPECT_NE(CheckHtml("<p onclick=\"x\">y</p>"), "");
  EXPECT_NE(CheckHtml("<script>x</script>"), "");
}

}  // namespace
}  // namespace veille

namespace veille {
namespace {

TEST(DigestTest, LongListsAreCappedLargestFirst) {
  DigestData d = Sample();
  d.by_source.clear();
  for (int i = 0; i < 50; ++i) d.by_source.push_back({"src" + std::to_string(i), i});
  Email e = BuildDigest(d, Options("en"));
  EXPECT_NE(e.text.find("src49"), std::string::npos);
  EXPECT_NE(e.text.find("src30 "), std::string::npos);
  EXPECT_EQ(e.text.find("src29 "), std::string::npos);  // 20 rows kept: 49..30
  EXPECT_EQ(e.html.find(">src29<"), std::string::npos);
  EXPECT_EQ(CheckHtml(e.html), "");
}

}  // namespace
}  // namespace veille
