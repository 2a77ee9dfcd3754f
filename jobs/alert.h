// Spike alerts as a job step (jobs/alert.cc), beside the digests of
// jobs/pipeline.h: what `veille alert` runs after the digests, and the
// replay behind `veille alert --backtest`. Same threading rules as the other
// stages: one job at a time on a JobEnv.
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"
#include "jobs/config.h"

namespace veille {

class HttpClient;
class JobEnv;
class Mailer;
class Store;

struct SpikeReport {
  int64_t sent = 0;
  int64_t cooled_down = 0;  // fired within the cooldown of the same alert
  int64_t warming_up = 0;   // brands without enough history yet
  int64_t failed = 0;
  int64_t webhooks_sent = 0;
};

// Judges, for each watched brand, every hour that ended (settle_hours ago)
// since the last run (at most alerts.max_catch_up_hours), and sends one
// e-mail per spike that passes the cooldown, to alerts.to (else email.to) in
// alerts.lang (else email.lang). Ledger: "spike/<brand>/<kind>/<hour>" once
// sent, "spike-last/<brand>/<kind>" for the cooldown,
// "spike-watermark/<brand>" for the last hour judged. A failed send stops
// that brand before the hour, so the next run tries it again. With
// alerts.webhook_url, each alert is also posted there through `http` (a
// libcurl client when null), with its own ledger entry
// "spike-webhook/<brand>/<kind>/<hour>": a failed post is retried next run
// without mailing twice. Errors: the store's, or an unresolvable webhook
// secret.
Result<SpikeReport> SendSpikeAlerts(JobEnv& env, Mailer& mailer, HttpClient* http = nullptr);

// `veille alert --backtest`: one line per alert the detector would have sent
// in [from_ms, to_ms) (cooldown applied, nothing recorded), and a summary
// line per watched brand, including the hours spent warming up.
Result<std::string> Backtest(const Store& store, const Config& config, int64_t from_ms, int64_t to_ms);

}  // namespace veille
