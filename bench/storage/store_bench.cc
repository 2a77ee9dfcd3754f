// The state store on a real RocksDB (temp dir, synced commits as the score
// stage makes them):
//
//   BM_CommitScoredBatch/N  one score-stage batch of N mentions: dedup key,
//                           stored mention, 4 trend increments (merge
//                           operator) each, an outbox entry for one in ten
//   BM_ReadTrends           a brand's 30 days of hourly counters (report,
//                           spikes)
//   BM_ReadMentions         a day of stored mentions (digest)
//
//   build/bench/storage/veille_storage_bench --benchmark_repetitions=5
//       --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "storage/store.h"

namespace veille {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kHour = 3'600'000;
constexpr int64_t kStart = 1'790'000'000'000 / kHour * kHour;

class TempStore {
 public:
  TempStore() {
    dir_ = fs::temp_directory_path() / ("veille-store-bench-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    auto s = Store::Open(dir_.string());
    if (s.ok()) store_ = std::move(s).value();
  }
  ~TempStore() {
    store_.reset();
    fs::remove_all(dir_);
  }
  Store* get() { return store_.get(); }

 private:
  fs::path dir_;
  std::unique_ptr<Store> store_;
};

ScoredMention Sample(int64_t n) {
  ScoredMention s;
  s.mention.id = "https://www.example.fr/actualites/velotra-" + std::to_string(n);
  s.mention.source_type = "rss";
  s.mention.source_name = "velotra-google-alerts";
  s.mention.seen_in = {"velotra-google-alerts"};
  s.mention.url = s.mention.id;
  s.mention.title = "Velotra ouvre un atelier de réparation à Lyon";
  s.mention.text = "La marque de vélos électriques Velotra annonce l'ouverture d'un atelier de réparation "
                   "et d'un service client sur place, avec des délais de livraison raccourcis.";
  s.mention.publisher = "Le Progrès";
  s.mention.published_ms = kStart + n * 60'000;
  s.mention.fetched_ms = s.mention.published_ms + 5'000;
  s.mention.lang = "fr";
  s.mention.brands = {"Velotra"};
  s.verdict.score = n % 3 == 0 ? -0.42 : 0.31;
  s.verdict.label = n % 3 == 0 ? SentimentLabel::kNegative : SentimentLabel::kPositive;
  s.verdict.lang = "fr";
  s.verdict.reasons = {"lang fr (source)", "\"raccourcis\" +0.80"};
  s.verdict.complaint_reasons = {"service topic (delivery): livraison"};
  s.verdict.service_topic = "delivery";
  s.scored_ms = s.mention.fetched_ms + 1'000;
  return s;
}

void BM_CommitScoredBatch(benchmark::State& state) {
  TempStore store;
  if (store.get() == nullptr) {
    state.SkipWithError("cannot open the store");
    return;
  }
  const int64_t n = state.range(0);
  int64_t next = 0;
  for (auto _ : state) {
    Batch b;
    for (int64_t i = 0; i < n; ++i, ++next) {
      ScoredMention s = Sample(next);
      b.PutSeen(s.mention.id, SeenRecord{s.scored_ms, s.mention.seen_in});
      b.AddTrend("Velotra", s.mention.published_ms, "total", 1);
      b.AddTrend("Velotra", s.mention.published_ms, std::string("label/") + SentimentLabelName(s.verdict.label), 1);
      b.AddTrend("Velotra", s.mention.published_ms, "source/rss", 1);
      b.AddTrend("Velotra", s.mention.published_ms, "reach", 100);
      if (next % 10 == 0) {
        OutboxEntry e;
        e.id = s.mention.id;
        e.brand = "Velotra";
        e.mentions = {s};
        b.PutOutbox(e);
      }
      b.PutMention(s);
    }
    Status st = store.get()->Commit(b);
    if (!st.ok()) {
      state.SkipWithError(st.ToString().c_str());
      return;
    }
  }
  state.counters["mentions/s"] = benchmark::Counter(static_cast<double>(n * state.iterations()),
                                                    benchmark::Counter::kIsRate);
}
BENCHMARK(BM_CommitScoredBatch)->Arg(1)->Arg(100)->Arg(1000)->Unit(benchmark::kMicrosecond);

// 30 days, about 40 mentions an hour, 4 dimensions: ~115k merge operands.
// False (the benchmark skipped with the reason) when the store failed.
bool FillMonth(benchmark::State& state, Store* store) {
  if (store == nullptr) {
    state.SkipWithError("cannot open the store");
    return false;
  }
  for (int64_t day = 0; day < 30; ++day) {
    Batch b;
    for (int64_t h = 0; h < 24; ++h) {
      for (int k = 0; k < 40; ++k) {
        int64_t at = kStart + (day * 24 + h) * kHour + k * 60'000;
        b.AddTrend("Velotra", at, "total", 1);
        b.AddTrend("Velotra", at, k % 3 == 0 ? "label/negative" : "label/positive", 1);
        b.AddTrend("Velotra", at, "source/rss", 1);
        b.AddTrend("Cyclix", at, "total", 1);
      }
    }
    for (int k = 0; k < 200; ++k) b.PutMention(Sample(day * 1440 + k * 7));
    Status st = store->Commit(b);
    if (!st.ok()) {
      state.SkipWithError(st.ToString().c_str());
      return false;
    }
  }
  return true;
}

void BM_ReadTrends(benchmark::State& state) {
  TempStore store;
  if (!FillMonth(state, store.get())) return;
  for (auto _ : state) {
    auto points = store.get()->ReadTrends("Velotra", kStart, kStart + 30 * 24 * kHour);
    benchmark::DoNotOptimize(points);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ReadTrends)->Unit(benchmark::kMillisecond);

void BM_ReadMentions(benchmark::State& state) {
  TempStore store;
  if (!FillMonth(state, store.get())) return;
  for (auto _ : state) {
    auto day = store.get()->ReadMentions(kStart + 10 * 24 * kHour, kStart + 11 * 24 * kHour);
    benchmark::DoNotOptimize(day);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ReadMentions)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace veille

BENCHMARK_MAIN();
