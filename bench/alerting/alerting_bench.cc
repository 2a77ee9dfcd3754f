// What the alert and ticket stages cost per brand, on generated data:
//
//   BM_EvaluateSpikes   one hour judged against 8 weeks of hourly history
//                       (what `veille alert` does per brand and hour)
//   BM_Backtest         `veille alert --backtest` over 30 days
//   BM_BuildDigest      a daily digest e-mail (text + HTML) with 10 listed
//                       mentions and 24 volume bars
//   BM_BuildSpikeAlert  a spike alert e-mail with 10 driving mentions
//   BM_BuildTicket      a ticket for a customer with 3 grouped mentions
//
//   build/bench/alerting/veille_alerting_bench --benchmark_repetitions=5
//       --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "alerting/digest.h"
#include "alerting/sink.h"
#include "alerting/spike.h"

namespace veille {
namespace {

constexpr int64_t kHour = 3'600'000;
constexpr int64_t kWeek = 7 * 24 * kHour;
constexpr int64_t kStart = 1'790'000'000'000 / kHour * kHour;  // an hour boundary in 2026

// `weeks` of hourly counts with a daily rhythm (busy days, quiet nights)
// and Poisson noise; a tenth of them negative.
void Series(int64_t weeks, HourlyCounts* total, HourlyCounts* negative) {
  std::mt19937_64 rng(42);
  for (int64_t h = 0; h < weeks * 7 * 24; ++h) {
    int hour_of_day = static_cast<int>(h % 24);
    double mean = hour_of_day >= 8 && hour_of_day < 22 ? 30.0 : 4.0;
    int64_t n = std::poisson_distribution<int64_t>(mean)(rng);
    (*total)[kStart + h * kHour] = n;
    (*negative)[kStart + h * kHour] = std::binomial_distribution<int64_t>(n, 0.1)(rng);
  }
}

DigestMention Mention(int i) {
  DigestMention m;
  m.title = "Velotra : la batterie du modèle City lâche après " + std::to_string(i + 2) + " semaines";
  m.text = "Mon vélo Velotra ne tient plus la charge, le service client ne répond pas <b>depuis</b> dix jours.";
  m.url = "https://www.reddit.com/r/velo/comments/" + std::to_string(100000 + i);
  m.author = "cycliste_" + std::to_string(i);
  m.source_type = "reddit";
  m.published_ms = kStart + i * kHour;
  m.score = -0.5 - i * 0.03;
  m.label = SentimentLabel::kNegative;
  m.reach = 1000 - i * 10;
  return m;
}

void BM_EvaluateSpikes(benchmark::State& state) {
  HourlyCounts total, negative;
  Series(9, &total, &negative);
  SpikeOptions o;
  const int64_t hour = kStart + 9 * kWeek - kHour;
  total[hour] = 400;  // a surge, so the fired path is measured too
  for (auto _ : state) {
    SpikeEvaluation e = EvaluateSpikes(total, negative, kStart, hour, o);
    benchmark::DoNotOptimize(e);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluateSpikes);

void BM_Backtest(benchmark::State& state) {
  HourlyCounts total, negative;
  Series(13, &total, &negative);
  SpikeOptions o;
  const int64_t from = kStart + 9 * kWeek, to = from + 30 * 24 * kHour;
  for (auto _ : state) {
    BacktestResult r = Backtest(total, negative, kStart, from, to, o);
    benchmark::DoNotOptimize(r);
  }
  state.counters["hours/s"] = benchmark::Counter(30.0 * 24 * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Backtest)->Unit(benchmark::kMillisecond);

void BM_BuildDigest(benchmark::State& state) {
  DigestData d;
  d.brand = "Velotra";
  d.period = "daily";
  d.period_key = "2026-11-22";
  d.from_ms = kStart;
  d.to_ms = kStart + 24 * kHour;
  d.total = 412;
  d.positive = 150;
  d.neutral = 180;
  d.negative = 82;
  d.previous_total = 380;
  d.share_of_voice = {{"Velotra", 412}, {"Cyclix", 230}, {"Roulez", 97}};
  d.by_source = {{"rss", 120}, {"reddit", 140}, {"mastodon", 90}, {"appstore", 62}};
  for (int h = 0; h < 24; ++h) d.volume.push_back({kStart + h * kHour, 5 + h % 7 * 4});
  for (int i = 0; i < 5; ++i) d.top_reach.push_back(Mention(i));
  for (int i = 5; i < 10; ++i) d.most_negative.push_back(Mention(i));
  d.tickets_opened = 7;
  DigestOptions o;
  o.from = "veille@velotra.example";
  o.to = {"marketing@velotra.example"};
  for (auto _ : state) {
    Email e = BuildDigest(d, o);
    benchmark::DoNotOptimize(e);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BuildDigest);

void BM_BuildSpikeAlert(benchmark::State& state) {
  SpikeAlertData d;
  d.brand = "Velotra";
  d.check.kind = SpikeKind::kNegativeSurge;
  d.check.severity = SpikeSeverity::kCritical;
  d.check.hour_ms = kStart;
  d.check.observed = 65;
  d.check.expected = 5;
  d.check.spread = 2.1;
  d.check.z = 11.5;
  d.check.samples = 8;
  for (int i = 0; i < 10; ++i) d.mentions.push_back(Mention(i));
  DigestOptions o;
  o.to = {"oncall@velotra.example"};
  for (auto _ : state) {
    Email e = BuildSpikeAlert(d, o);
    benchmark::DoNotOptimize(e);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BuildSpikeAlert);

void BM_BuildTicket(benchmark::State& state) {
  std::vector<ScoredMention> mentions;
  for (int i = 0; i < 3; ++i) {
    ScoredMention s;
    DigestMention d = Mention(i);
    s.mention.id = d.url;
    s.mention.url = d.url;
    s.mention.title = d.title;
    s.mention.text = d.text;
    s.mention.source_type = "reddit";
    s.mention.author.handle = d.author;
    s.mention.author.followers = 1200;
    s.mention.published_ms = d.published_ms;
    s.verdict.score = d.score;
    s.verdict.label = SentimentLabel::kNegative;
    s.verdict.complaint = true;
    s.verdict.service_topic = "defect";
    s.verdict.reasons = {"\"lâche\" -1.50", "\"ne répond pas\" -2.00"};
    s.verdict.complaint_reasons = {"service topic (support): service client, ne répond pas", "customer voice: mon"};
    mentions.push_back(std::move(s));
  }
  for (auto _ : state) {
    Ticket t = BuildTicket("Velotra", mentions, "fr");
    benchmark::DoNotOptimize(t);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BuildTicket);

}  // namespace
}  // namespace veille

BENCHMARK_MAIN();
