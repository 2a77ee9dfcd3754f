// Spike detection on synthetic hourly series with weekly seasonality (busy
// weekday hours, quiet nights, slow weekends) and Poisson noise: it fires on
// the injected surges and drop and not on the seasonality; plus warm-up,
// minimum volume, cooldown and the alert e-mail.
#include "alerting/spike.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>
#include <utility>

#include "tests/alerting/test_util.h"

namespace veille {
namespace {

using testing::CheckHtml;
using testing::CheckWireFormat;
using testing::ParseWithPython;

constexpr int64_t kHour = 3'600'000;
constexpr int64_t kDay = 24 * kHour;
constexpr int64_t kWeek = 7 * kDay;
constexpr int64_t k20261012 = 1'791'763'200'000;  // 2026-10-12T00:00:00Z, a Monday

// Deterministic Poisson samples (Knuth), from a fixed-seed LCG.
class Noise {
 public:
  explicit Noise(uint64_t seed) : state_(seed) {}
  int64_t Poisson(double mean) {
    double limit = std::exp(-mean), p = 1.0;
    int64_t k = 0;
    do {
      ++k;
      p *= Uniform();
    } while (p > limit);
    return k - 1;
  }

 private:
  double Uniform() {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>((state_ >> 11) + 1) / 9007199254740993.0;
  }
  uint64_t state_;
};

// Mentions per hour by hour of the week: weekday office hours 30, evenings
// 10, nights 1; weekends 40 % of that.
double MeanAt(int64_t hour_ms) {
  int64_t days = (hour_ms - k20261012) / kDay;
  int dow = static_cast<int>(days % 7);  // 0 = Monday
  int hod = static_cast<int>((hour_ms / kHour) % 24);
  double mean = hod >= 9 && hod < 18 ? 30 : (hod >= 7 && hod < 22 ? 10 : 1);
  return dow >= 5 ? mean * 0.4 : mean;
}

struct Series {
  HourlyCounts total, negative;
  int64_t start = k20261012;
  int64_t end = k20261012 + 6 * kWeek;
};

// Six weeks of seasonal traffic, about 15 % of it negative.
Series Seasonal(uint64_t seed = 42) {
  Series s;
  Noise noise(seed);
  for (int64_t h = s.start; h < s.end; h += kHour) {
    int64_t neg = noise.Poisson(MeanAt(h) * 0.15);
    int64_t rest = noise.Poisson(MeanAt(h) * 0.85);
    s.total[h] = neg + rest;
    s.negative[h] = neg;
  }
  return s;
}

std::set<std::pair<std::string, int64_t>> Kinds(const std::vector<SpikeCheck>& fired) {
  std::set<std::pair<std::string, int64_t>> out;
  for (const SpikeCheck& c : fired) out.insert({SpikeKindName(c.kind), c.hour_ms});
  return out;
}

TEST(SpikeTest, WarmsUpWithTooLittleHistory) {
  Series s = Seasonal();
  s.negative[s.start + 10 * kDay + 14 * kHour] += 200;
  SpikeEvaluation e = EvaluateSpikes(s.total, s.negative, s.start, s.start + 10 * kDay + 14 * kHour, SpikeOptions{});
  EXPECT_TRUE(e.warming_up) << "10 days of history is less than the 2 weeks asked for";
  EXPECT_TRUE(e.Fired().empty());
  EXPECT_EQ(e.history_hours, 10 * 24 + 14);
  BacktestResult b = Backtest(s.total, s.negative, s.start, s.start, s.start + 3 * kWeek, SpikeOptions{});
  EXPECT_EQ(b.warmup_hours, 2 * 7 * 24);
  EXPECT_TRUE(b.fired.empty());
}

TEST(SpikeTest, SeasonalityAloneNeverFires) {
  // Several noise seeds: Monday mornings after quiet Sundays, weekday
  // evenings, weekend lows are all expected for their hour of the week.
  for (uint64_t seed = 1; seed <= 40; ++seed) {
    Series s = Seasonal(seed);
    BacktestResult b = Backtest(s.total, s.negative, s.start, s.start, s.end, SpikeOptions{});
    EXPECT_EQ(b.warmup_hours, 14 * 24);
    for (const SpikeCheck& c : b.fired) ADD_FAILURE() << "seed " << seed << ": " << DescribeSpike("Acme", c);
  }
}

TEST(SpikeTest, NaiveLast24HoursComparisonWouldHaveFired) {
  // What the hour-of-week baseline is for: Monday 09:00 against the previous
  // 24 hours (a quiet Sunday and a night) looks like a surge by the same
  // threshold; against past Mondays at 09:00 it is ordinary.
  Series s = Seasonal();
  int64_t monday_9 = s.start + 4 * kWeek + 9 * kHour;
  double naive = 0;
  for (int64_t j = 1; j <= 24; ++j) naive += static_cast<double>(s.total[monday_9 - j * kHour]) / 24;
  double observed = static_cast<double>(s.total[monday_9]);
  EXPECT_GE(observed, 2 * naive);
  EXPECT_GE((observed - naive) / std::sqrt(naive), SpikeOptions{}.warning_z);
  SpikeEvaluation e = EvaluateSpikes(s.total, s.negative, s.start, monday_9, SpikeOptions{});
  EXPECT_FALSE(e.warming_up);
  EXPECT_TRUE(e.Fired().empty());
}

TEST(SpikeTest, FiresOnTheSurgesAndTheDropOnly) {
  Series s = Seasonal();
  // A bad-buzz: +80 negative mentions on Wednesday of week 5 at 14:00.
  int64_t badbuzz = s.start + 4 * kWeek + 2 * kDay + 14 * kHour;
  s.negative[badbuzz] += 80;
  s.total[badbuzz] += 80;
  // A positive viral post on Saturday of week 5 at 11:00: +150 mentions, none negative.
  int64_t viral = s.start + 4 * kWeek + 5 * kDay + 11 * kHour;
  s.total[viral] += 150;
  // A collector outage on Tuesday of week 6, 10:00 to 13:00: nothing.
  int64_t outage = s.start + 5 * kWeek + kDay + 10 * kHour;
  for (int i = 0; i < 3; ++i) {
    s.total[outage + i * kHour] = 0;
    s.negative[outage + i * kHour] = 0;
  }
  BacktestResult b = Backtest(s.total, s.negative, s.start, s.start + 2 * kWeek, s.end, SpikeOptions{});
  std::set<std::pair<std::string, int64_t>> want = {
      {"negative-surge", badbuzz}, {"total-surge", badbuzz}, {"total-surge", viral}, {"drop", outage}};
  EXPECT_EQ(Kinds(b.fired), want);
  for (const SpikeCheck& c : b.fired) {
    if (c.kind == SpikeKind::kNegativeSurge) {
      EXPECT_EQ(c.severity, SpikeSeverity::kCritical) << DescribeSpike("Acme", c);
      EXPECT_GE(c.observed, 80);
      EXPECT_LE(c.expected, 10);
      EXPECT_EQ(c.samples, 3 * 4) << "four past weeks, three hours each";
    }
  }
}

TEST(SpikeTest, QuietNightNeedsTheMinimumVolume) {
  Series s = Seasonal();
  int64_t night = s.start + 4 * kWeek + 3 * kHour;  // Monday 03:00, baseline about 0
  s.negative[night] = 4;
  s.total[night] = 4;
  EXPECT_TRUE(EvaluateSpikes(s.total, s.negative, s.start, night, SpikeOptions{}).Fired().empty())
      << "4 mentions at night alert no one";
  s.negative[night] = 12;
  s.total[night] = 12;
  auto fired = EvaluateSpikes(s.total, s.negative, s.start, night, SpikeOptions{}).Fired();
  ASSERT_FALSE(fired.empty()) << "12 negative mentions at 03:00 is not normal";
  EXPECT_EQ(fired[0].kind, SpikeKind::kNegativeSurge);
  SpikeOptions strict;
  strict.min_volume = 20;
  EXPECT_TRUE(EvaluateSpikes(s.total, s.negative, s.start, night, strict).Fired().empty());
}

TEST(SpikeTest, CooldownHoldsRepeatsButLetsEscalationThrough) {
  SpikeOptions o;  // 6 hours
  SpikeCheck c;
  c.hour_ms = 10 * kHour;
  c.severity = SpikeSeverity::kWarning;
  EXPECT_TRUE(PassesCooldown(c, -1, SpikeSeverity::kNone, o));
  EXPECT_FALSE(PassesCooldown(c, 8 * kHour, SpikeSeverity::kWarning, o));
  EXPECT_TRUE(PassesCooldown(c, 4 * kHour, SpikeSeverity::kWarning, o));
  c.severity = SpikeSeverity::kCritical;
  EXPECT_TRUE(PassesCooldown(c, 8 * kHour, SpikeSeverity::kWarning, o));
  EXPECT_FALSE(PassesCooldown(c, 8 * kHour, SpikeSeverity::kCritical, o));

  // A surge lasting three hours is one alert in the backtest.
  Series s = Seasonal();
  int64_t h = s.start + 4 * kWeek + 2 * kDay + 14 * kHour;
  for (int i = 0; i < 3; ++i) {
    s.negative[h + i * kHour] += 100;
    s.total[h + i * kHour] += 100;
  }
  BacktestResult b = Backtest(s.total, s.negative, s.start, s.start + 4 * kWeek, s.end, o);
  int negative_alerts = 0;
  for (const SpikeCheck& f : b.fired) negative_alerts += f.kind == SpikeKind::kNegativeSurge;
  EXPECT_EQ(negative_alerts, 1);
}

SpikeAlertData AlertSample() {
  SpikeAlertData d;
  d.brand = "Acmé";
  d.check.kind = SpikeKind::kNegativeSurge;
  d.check.severity = SpikeSeverity::kCritical;
  d.check.hour_ms = k20261012 + 4 * kWeek + 2 * kDay + 14 * kHour;  // 2026-11-11 14:00 UTC
  d.check.observed = 84;
  d.check.expected = 6;
  d.check.spread = 2.4;
  d.check.z = 32.5;
  d.check.samples = 12;
  DigestMention m;
  m.title = "Acmé <b>rembourse</b> pas";
  m.text = "Service client injoignable depuis ce matin";
  m.url = "https://www.reddit.com/r/france/comments/x1/";
  m.author = "u/jeanne";
  m.source_type = "reddit";
  m.score = -0.8;
  m.label = SentimentLabel::kNegative;
  m.reach = 172;
  DigestMention evil;
  evil.title = "<script>alert(1)</script>";
  evil.url = "javascript:alert(2)";
  evil.author = "x\r\nBcc: victim@example.com";
  d.mentions = {m, evil};
  return d;
}

DigestOptions To(const char* lang) {
  DigestOptions o;
  o.lang = lang;
  o.from = "veille <veille@example.com>";
  o.to = {"marketing@example.com"};
  return o;
}

TEST(SpikeAlertTest, FrenchSentenceNumbersAndMentions) {
  Email e = BuildSpikeAlert(AlertSample(), To("fr"));
  EXPECT_EQ(e.idempotency_key, "spike/Acmé/negative-surge/" + std::to_string(AlertSample().check.hour_ms));
  EXPECT_EQ(e.subject, "[veille] Alerte critique\u00A0: pic de mentions négatives \u2014 Acmé");
  const std::string sentence =
      "Acmé a reçu 84 mentions négatives entre 14\u00A0h et 15\u00A0h (UTC) le 11/11/2026, soit 14 fois le niveau "
      "habituel de ce créneau (6 attendues).";
  EXPECT_NE(e.text.find(sentence), std::string::npos) << e.text;
  EXPECT_NE(e.html.find(EscapeHtml(sentence)), std::string::npos);
  EXPECT_NE(e.text.find("32,5"), std::string::npos) << "the z-score";
  EXPECT_NE(e.text.find("sur 12 heures passées"), std::string::npos);
  EXPECT_NE(e.text.find("https://www.reddit.com/r/france/comments/x1/"), std::string::npos);
  EXPECT_EQ(CheckHtml(e.html), "");
  EXPECT_EQ(e.html.find("<script"), std::string::npos);
  EXPECT_EQ(e.html.find("<b>"), std::string::npos);
  EXPECT_EQ(e.html.find("javascript:"), std::string::npos);
  EXPECT_NE(e.html.find("href=\"https://www.reddit.com/r/france/comments/x1/\""), std::string::npos);
}

TEST(SpikeAlertTest, EnglishDropAndValidMime) {
  SpikeAlertData d = AlertSample();
  d.check.kind = SpikeKind::kDrop;
  d.check.severity = SpikeSeverity::kWarning;
  d.check.observed = 0;
  d.check.expected = 40;
  d.mentions.clear();
  Email e = BuildSpikeAlert(d, To("en"));
  EXPECT_EQ(e.subject, "[veille] Alert: mention volume drop \u2014 Acmé");
  EXPECT_NE(e.text.find("Acmé got only 0 mentions between 14:00 and 15:00 UTC on 2026-11-11, against 40 expected"),
            std::string::npos)
      << e.text;
  std::string raw = RenderMime(e);
  EXPECT_EQ(CheckWireFormat(raw), "");
  rapidjson::Document doc;
  ASSERT_TRUE(ParseWithPython(raw, &doc));
  EXPECT_STREQ(doc["subject"].GetString(), "[veille] Alert: mention volume drop \u2014 Acmé");
  EXPECT_EQ(doc["defects"].Size(), 0u);
  ASSERT_EQ(doc["parts"].Size(), 2u);
  std::string text = doc["parts"][0]["content"].GetString();
  std::string html = doc["parts"][1]["content"].GetString();
  EXPECT_NE(text.find("a source may be down"), std::string::npos);
  EXPECT_NE(html.find("a source may be down"), std::string::npos);
}

TEST(SpikeAlertTest, HostileAuthorNeverReachesAHeader) {
  Email e = BuildSpikeAlert(AlertSample(), To("en"));
  std::string raw = RenderMime(e);
  std::string headers = testing::HeaderBlock(raw);
  EXPECT_EQ(headers.find("victim@example.com"), std::string::npos) << headers;
}

TEST(SpikeTest, DescribeIsOneGreppableLine) {
  SpikeCheck c = AlertSample().check;
  std::string line = DescribeSpike("Acme\nX", c);
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_EQ(line.substr(0, 17), "2026-11-11T14:00Z");
  EXPECT_NE(line.find("kind=negative-surge severity=critical observed=84 expected=6.0"), std::string::npos) << line;
}

}  // namespace
}  // namespace veille

namespace veille {
namespace {

TEST(SpikeChatTest, SlackEscapesTextAndLinksOnlyHttp) {
  SpikeAlertData d = AlertSample();
  d.mentions[0].url = "https://example.com/a|b>c";
  std::string json = BuildSpikeChatJson(d, "en", ChatFormat::kSlack);
  rapidjson::Document doc;
  ASSERT_FALSE(doc.Parse(json.c_str()).HasParseError()) << json;
  std::string text = doc["text"].GetString();
  EXPECT_EQ(text.rfind("*Critical alert: negative mention surge \u2014 Acmé*\nAcmé got 84 negative mentions", 0), 0u)
      << text;
  EXPECT_NE(text.find("<https://example.com/a%7Cb%3Ec|Acmé &lt;b&gt;rembourse&lt;/b&gt; pas>"), std::string::npos)
      << text;
  // The javascript: URL is not a link; its title is plain escaped text.
  EXPECT_NE(text.find("\u2022 &lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos) << text;
  EXPECT_EQ(text.find("javascript"), std::string::npos);
  EXPECT_EQ(text.find("<script"), std::string::npos);
}

TEST(SpikeChatTest, TeamsMarkdownCannotBeBrokenOutOf) {
  SpikeAlertData d = AlertSample();
  d.mentions[0].title = "Acmé](https://evil.example) [x";
  d.mentions[0].url = "https://example.com/p(1)";
  std::string json = BuildSpikeChatJson(d, "fr", ChatFormat::kTeams);
  rapidjson::Document doc;
  ASSERT_FALSE(doc.Parse(json.c_str()).HasParseError()) << json;
  std::string text = doc["text"].GetString();
  EXPECT_EQ(text.rfind("**Alerte critique\u00A0: pic de mentions négatives \u2014 Acmé**\n", 0), 0u) << text;
  EXPECT_NE(text.find("[Acmé\\]\\(https://evil.example\\) \\[x](https://example.com/p%281%29)"), std::string::npos)
      << text;
  EXPECT_EQ(text.find("javascript"), std::string::npos);
}

}  // namespace
}  // namespace veille
