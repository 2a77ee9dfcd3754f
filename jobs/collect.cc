#include <cstdio>
#include <algorithm>
#include <set>

#include "collectors/http_client.h"
#include "collectors/source.h"
#include "common/fault.h"
#include "common/log.h"
#include "jobs/command.h"
#include "jobs/pipeline.h"

namespace veille {

Status StorePendingCursors(JobEnv& env, const std::vector<PendingCursor>& pending) {
  if (pending.empty()) return Status::OK();
  Batch batch;
  for (const PendingCursor& p : pending) batch.PutCursor(p.source, p.cursor);
  return env.store->Commit(batch);
}

namespace {

// A source whose mentions were handed to the producer and await their
// acknowledgement before its cursor may move.
struct InFlight {
  const SourceConfig* config = nullptr;
  Producer::Pending pending;
  std::string next_cursor;
  Status fetch_status;
  bool not_modified = false;
  int pages = 0;
  int64_t fetch_ms = 0;  // fetching and enqueueing
};

}  // namespace

Result<CollectReport> Collect(JobEnv& env, HttpClient& http, bool defer_cursors,
                              const std::vector<std::string>& only) {
  CollectReport report;
  SourceContext ctx;
  ctx.http = &http;
  ctx.clock = env.clock;
  ctx.brands = &env.config.brands;
  ctx.lookback_ms = env.config.lookback_hours * 3600 * 1000;
  auto fail = [&](const SourceConfig& sc, const Status& st) {
    ++report.sources_failed;
    report.errors.push_back("source " + sc.name + ": " + st.ToString());
    log::Error("source.failed").Kv("source", sc.name).Kv("type", sc.type).Kv("error", st.ToString());
  };

  // Every source is fetched and its mentions enqueued without waiting for
  // the broker: acknowledgements take a round trip (tens of milliseconds),
  // fetching the next source need not wait for it. Cursors still move only
  // for sources whose whole batch was acknowledged, below.
  std::vector<InFlight> in_flight;
  std::set<std::string> wanted(only.begin(), only.end());
  for (const SourceConfig& sc : env.config.sources) {
    if (!wanted.empty() && !wanted.count(sc.name)) continue;
    ++report.sources;
    int64_t started = env.clock->NowMs();
    const SourceType* type = FindSourceType(sc.type);
    if (type == nullptr) {
      fail(sc, Status::InvalidArgument("unknown source type " + sc.type));
      continue;
    }
    auto source = type->create(sc, ctx);
    if (!source.ok()) {
      fail(sc, source.status());
      continue;
    }
    auto cursor = env.store->GetCursor(sc.name);
    if (!cursor.ok()) {
      fail(sc, cursor.status());
      continue;
    }
    FetchResult fetched;
    Status fetch_status = (*source)->Fetch(*cursor, &fetched);
    report.rejected += static_cast<int64_t>(fetched.rejected.size());
    for (const std::string& r : fetched.rejected) {
      log::Warn("source.item_rejected").Kv("source", sc.name).Kv("reason", r);
    }

    // Whatever was fetched, even before a failure, is produced and covered
    // by the cursor the source returned for exactly those mentions.
    std::vector<Producer::Record> records;
    records.reserve(fetched.mentions.size());
    for (Mention& m : fetched.mentions) {
      if (m.source_name.empty()) m.source_name = sc.name;
      if (m.seen_in.empty()) m.seen_in = {sc.name};
      if (m.fetched_ms == 0) m.fetched_ms = started;
      records.push_back({m.id, ToJson(m)});
    }
    InFlight f;
    f.config = &sc;
    f.pending = env.producer->Produce(env.config.kafka.topic_raw, records);
    f.next_cursor = std::move(fetched.next_cursor);
    f.fetch_status = fetch_status;
    f.not_modified = fetched.not_modified;
    f.pages = fetched.pages;
    f.fetch_ms = env.clock->NowMs() - started;
    in_flight.push_back(std::move(f));
    env.producer->Poll();
  }

  for (const InFlight& f : in_flight) {
    const SourceConfig& sc = *f.config;
    Status produced = env.producer->Wait(env.config.kafka.topic_raw, f.pending);
    if (!produced.ok()) {
      // Not acknowledged: the cursor stays where it was, the next run
      // fetches the same items again.
      fail(sc, produced.WithContext("producing to " + env.config.kafka.topic_raw));
      continue;
    }
    const int64_t records = static_cast<int64_t>(f.pending.records);
    report.mentions += records;
    CrashPoint("collect.after_produce");
    if (!f.next_cursor.empty()) {
      if (defer_cursors) {
        report.pending.push_back({sc.name, f.next_cursor});
      } else {
        Status st = env.store->PutCursor(sc.name, f.next_cursor);
        if (!st.ok()) {
          fail(sc, st.WithContext("storing cursor"));
          continue;
        }
      }
    }
    if (f.fetch_status.code() == Status::Code::kRateLimited) {
      ++report.sources_rate_limited;
      log::Warn("source.rate_limited").Kv("source", sc.name).Kv("retry_after_ms", f.fetch_status.retry_after_ms())
          .Kv("mentions", records);
    } else if (!f.fetch_status.ok()) {
      fail(sc, f.fetch_status);
      continue;
    }
    log::Info("source.collected")
        .Kv("source", sc.name)
        .Kv("type", sc.type)
        .Kv("mentions", records)
        .Kv("not_modified", f.not_modified)
        .Kv("pages", f.pages)
        .Kv("duration_ms", f.fetch_ms);
  }
  return report;
}

}  // namespace veille

// ---------------------------------------------------------------- command

namespace veille {
namespace {

struct CollectOptions {
  std::vector<std::string> sources;  // empty: every configured source
};
CollectOptions g_collect;

// The embedded cluster lives inside one process: mentions produced by a lone
// `collect` would vanish with it, so the split stages need a real cluster.
bool RefuseEmbedded(const JobEnv& env, const char* job) {
  if (!env.config.embedded_kafka()) return false;
  log::Error("job.needs_kafka")
      .Kv("job", job)
      .Kv("error", std::string("kafka.brokers is not set: the embedded Kafka cluster lives inside one process, so `veille ") +
                       job + "` alone would lose its mentions; run `veille run`, or set kafka.brokers");
  return true;
}

}  // namespace

std::string CollectSummaryJson(const CollectReport& r) {
  return "{\"sources\":" + std::to_string(r.sources) + ",\"sources_failed\":" + std::to_string(r.sources_failed) +
         ",\"sources_rate_limited\":" + std::to_string(r.sources_rate_limited) +
         ",\"mentions\":" + std::to_string(r.mentions) + ",\"rejected\":" + std::to_string(r.rejected) + "}";
}

const Command kCollectCommand = {
    "collect", "Fetch every source once and produce the new mentions to Kafka",
    [](CLI::App& app) {
      app.add_option("--source", g_collect.sources, "Only these source instances (repeatable)");
    },
    [](const GlobalOptions& global) {
      return RunJob(global, "collect", /*with_kafka=*/true, [](JobEnv& env) -> Result<JobOutcome> {
        if (RefuseEmbedded(env, "collect")) return JobOutcome{kExitUsage, "{}"};
        auto http = NewCurlHttpClient();
        auto report = Collect(env, *http, /*defer_cursors=*/false, g_collect.sources);
        if (!report.ok()) return report.status();
        std::printf("collect: %lld mentions from %d sources (%d failed, %d rate-limited)\n",
                    static_cast<long long>(report->mentions), report->sources, report->sources_failed,
                    report->sources_rate_limited);
        return JobOutcome{report->sources_failed > 0 ? kExitFailed : kExitOk, CollectSummaryJson(*report)};
      });
    }};

bool RefuseEmbeddedKafka(const JobEnv& env, const char* job) { return RefuseEmbedded(env, job); }

}  // namespace veille
