// The four stages of veille as functions over a JobEnv, so that the CLI
// (jobs/main.cc) and the integration tests run exactly the same code.
//
//   Collect  sources ──► Kafka veille.mentions.raw, cursors after the acks
//   Score    raw topic ──► dedup, brand match, sentiment ──► scored topic,
//            trends, stored mentions, ticket outbox (one synced batch),
//            then offsets
//   Tickets  outbox ──► the helpdesk sink, at least once, created at most once
//   Digests  stored mentions ──► e-mail, once per digest period (ledger)
//
// Each stage returns a report; a stage that could not finish returns a
// non-OK Status and leaves state such that a rerun completes it without
// losing or doubling anything.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "jobs/config.h"
#include "storage/kafka.h"
#include "storage/store.h"

namespace veille {

class HttpClient;
class Mailer;
class TicketSink;
namespace sentiment {
class Scorer;
}

// What every job shares: the config, the state store, Kafka.
struct JobEnv {
  Config config;
  Clock* clock = Clock::Real();
  std::unique_ptr<Store> store;
  std::unique_ptr<EmbeddedKafka> embedded;  // set when kafka.brokers is empty
  std::string bootstrap_servers;
  std::unique_ptr<Producer> producer;

  // Opens the store (waiting up to `lock_wait_ms` for another job to release
  // it) and, when `with_kafka`, the cluster (starting the embedded one and
  // its topics, or making sure the real one has them) and the producer.
  static Result<std::unique_ptr<JobEnv>> Open(Config config, bool with_kafka, int64_t lock_wait_ms = 10'000);
};

struct PendingCursor {
  std::string source;
  std::string cursor;
};

struct CollectReport {
  int sources = 0;
  int sources_failed = 0;
  int sources_rate_limited = 0;
  int64_t mentions = 0;
  int64_t rejected = 0;
  std::vector<std::string> errors;        // one line per failed source
  std::vector<PendingCursor> pending;     // cursors not yet stored (defer mode)
};

// Fetches every configured source once (or only `only`, when not empty) and
// produces their mentions. A source's cursor is stored once Kafka
// acknowledged its batch, unless `defer_cursors`, in which case the cursors
// are returned in `pending` for the caller to store after scoring (the
// embedded cluster does not outlive the process, so `veille run` only moves
// cursors once the mentions are durable in RocksDB). A failing source is
// logged and counted; the others go on.
Result<CollectReport> Collect(JobEnv& env, HttpClient& http, bool defer_cursors,
                              const std::vector<std::string>& only = {});
Status StorePendingCursors(JobEnv& env, const std::vector<PendingCursor>& pending);

struct ScoreReport {
  int64_t consumed = 0;
  int64_t scored = 0;
  int64_t duplicates = 0;
  int64_t unmatched = 0;       // no brand query matched
  int64_t filtered_lang = 0;   // brand does not want that language
  int64_t dead_letters = 0;    // undecodable records
  int64_t outbox_added = 0;
  int64_t outbox_grouped = 0;  // candidates added to a waiting ticket of the same author
  int64_t negative = 0, neutral = 0, positive = 0;
};

// Drains the raw topic to its end on every partition.
Result<ScoreReport> Score(JobEnv& env, const sentiment::Scorer& scorer);

struct TicketReport {
  int64_t delivered = 0;
  int64_t found_existing = 0;  // a retry found the ticket an earlier attempt made
  int64_t retried_later = 0;
  int64_t failed = 0;          // parked as failed this run
  int64_t held_back = 0;       // over the hourly cap or in a storm: in an aggregated ticket instead
  int64_t aggregated = 0;      // aggregated tickets opened for them
  int64_t notes = 0;           // later mentions added to an existing ticket
  bool rate_limited = false;
};

// Outbox entries whose id starts with "note:" (+ the mention id) are notes:
// a later mention of a customer whose ticket (ticket_id, set when queued) is
// already in the helpdesk, added to that ticket instead of opening another.
inline constexpr char kNotePrefix[] = "note:";
inline bool IsNoteEntry(const OutboxEntry& e) { return e.id.rfind(kNotePrefix, 0) == 0; }

// Delivers pending outbox entries (and failed ones when `retry_failed`).
Result<TicketReport> DeliverTickets(JobEnv& env, TicketSink& sink, bool retry_failed);

struct AlertReport {
  int64_t digests_sent = 0;
  int64_t webhooks_sent = 0;  // digests posted to the chat webhook
  int64_t digests_skipped = 0;  // already sent for that period, or nothing new
  int64_t failed = 0;
};

// Sends the digest of each watched (non-competitor) brand for the configured
// period, once per period and recipient list. With alerts.webhook_digests,
// also posts it to alerts.webhook_url through `http` (a libcurl client when
// null), once per period (ledger "digest/<brand>/<period>/<key>/webhook"):
// a failed post is retried next run without mailing twice.
Result<AlertReport> SendDigests(JobEnv& env, Mailer& mailer, HttpClient* http = nullptr);

// The configured ticket sink and mailer (embedded defaults: JSONL file, .eml
// spool).
Result<std::unique_ptr<TicketSink>> MakeTicketSink(const Config& config);
Result<std::unique_ptr<Mailer>> MakeMailer(const Config& config);

// Records the last run of `job` in the store's meta family.
void RecordRun(JobEnv& env, const std::string& job, int64_t started_ms, int exit_code, const std::string& summary_json);

}  // namespace veille

namespace veille {
// Summaries recorded by `veille status` (JSON objects).
std::string CollectSummaryJson(const CollectReport& r);
std::string ScoreSummaryJson(const ScoreReport& r);
std::string TicketSummaryJson(const TicketReport& r);
std::string AlertSummaryJson(const AlertReport& r);
// True (and logs why) when the config uses the embedded cluster, which a
// lone collect or score cannot use.
bool RefuseEmbeddedKafka(const JobEnv& env, const char* job);
}  // namespace veille

namespace veille {
// The scorer as configured (built-in lexicons plus veille.lexicons).
Result<std::unique_ptr<sentiment::Scorer>> MakeScorer(const Config& config);
}  // namespace veille

namespace veille {
struct JobOutcome;
// collect + score + ticket + alert, as `veille run` does it.
Result<JobOutcome> RunPipeline(JobEnv& env, HttpClient& http, bool skip_tickets, bool skip_alerts);
}  // namespace veille
