// `veille run`: collect, score, ticket and alert in one process, the way the
// embedded default is meant to be used from cron.
#include <cstdio>

#include "alerting/email.h"
#include "alerting/sink.h"
#include "collectors/http_client.h"
#include "common/fault.h"
#include "common/log.h"
#include "jobs/alert.h"
#include "jobs/command.h"
#include "jobs/pipeline.h"
#include "sentiment/scorer.h"
#include "storage/keys.h"

namespace veille {
namespace {

struct RunOptions {
  bool skip_tickets = false;
  bool skip_alerts = false;
};
RunOptions g_run;

}  // namespace

Result<JobOutcome> RunPipeline(JobEnv& env, HttpClient& http, bool skip_tickets, bool skip_alerts) {
  int exit_code = kExitOk;
  std::string summary = "{";

  // Built before anything is fetched: a broken lexicon must not leave
  // mentions collected and unscored.
  auto scorer = MakeScorer(env.config);
  if (!scorer.ok()) return scorer.status();

  // With the embedded cluster the mentions exist only in this process until
  // scored, so cursors move only after the score stage made them durable.
  bool defer = env.config.embedded_kafka();
  auto collected = Collect(env, http, defer);
  if (!collected.ok()) return collected.status();
  if (collected->sources_failed > 0) exit_code = kExitFailed;
  summary += "\"collect\":" + CollectSummaryJson(*collected);

  auto scored = Score(env, **scorer);
  if (!scored.ok()) {
    log::Error("run.score_failed").Kv("error", scored.status().ToString());
    exit_code = kExitFailed;
  } else {
    summary += ",\"score\":" + ScoreSummaryJson(*scored);
    CrashPoint("run.before_cursors");
    Status st = StorePendingCursors(env, collected->pending);
    if (!st.ok()) {
      log::Error("run.cursor_store_failed").Kv("error", st.ToString());
      exit_code = kExitFailed;
    }
  }

  std::string ticket_where = env.config.tickets.sink == "jsonl" ? env.config.tickets.options.GetString("path")
                                                                 : env.config.tickets.sink;
  TicketReport tickets;
  if (!skip_tickets) {
    auto sink = MakeTicketSink(env.config);
    if (!sink.ok()) return sink.status();
    auto t = DeliverTickets(env, **sink, /*retry_failed=*/false);
    if (!t.ok()) {
      log::Error("run.ticket_failed").Kv("error", t.status().ToString());
      exit_code = kExitFailed;
    } else {
      tickets = *t;
      if (tickets.failed > 0) exit_code = kExitFailed;
      summary += ",\"ticket\":" + TicketSummaryJson(tickets);
    }
  }

  std::string mail_where = env.config.email.smtp_url.empty() ? env.config.email.spool_dir : env.config.email.smtp_url;
  AlertReport alerts;
  SpikeReport spikes;
  if (!skip_alerts) {
    auto mailer = MakeMailer(env.config);
    if (!mailer.ok()) return mailer.status();
    auto a = SendDigests(env, **mailer);
    if (!a.ok()) {
      log::Error("run.alert_failed").Kv("error", a.status().ToString());
      exit_code = kExitFailed;
    } else {
      alerts = *a;
      if (alerts.failed > 0) exit_code = kExitFailed;
      summary += ",\"alert\":" + AlertSummaryJson(alerts);
    }
    // Spikes after the digests, as `veille alert` does: one cron line for the
    // embedded default runs the whole alerting side.
    auto s = SendSpikeAlerts(env, **mailer);
    if (!s.ok()) {
      log::Error("run.spikes_failed").Kv("error", s.status().ToString());
      exit_code = kExitFailed;
    } else {
      spikes = *s;
      if (spikes.failed > 0) exit_code = kExitFailed;
      summary += ",\"spikes\":{\"sent\":" + std::to_string(spikes.sent) + ",\"cooled_down\":" +
                 std::to_string(spikes.cooled_down) + ",\"failed\":" + std::to_string(spikes.failed) + "}";
    }
    if (env.config.alerts.hourly_days > 0) {
      auto rolled = env.store->RollupTrends(env.clock->NowMs() - env.config.alerts.hourly_days * 24 * keys::kHourMs);
      if (!rolled.ok()) {
        log::Error("run.rollup_failed").Kv("error", rolled.status().ToString());
        exit_code = kExitFailed;
      } else if (*rolled > 0) {
        log::Info("trends.rolled_up").Kv("hourly_counters", *rolled);
      }
    }
  }
  summary += "}";

  std::printf("veille run: %lld mentions collected from %d sources (%d failed)\n",
              static_cast<long long>(collected->mentions), collected->sources, collected->sources_failed);
  if (scored.ok()) {
    std::printf("  scored %lld (%lld negative, %lld neutral, %lld positive), %lld duplicates, %lld not about a brand\n",
                static_cast<long long>(scored->scored), static_cast<long long>(scored->negative),
                static_cast<long long>(scored->neutral), static_cast<long long>(scored->positive),
                static_cast<long long>(scored->duplicates), static_cast<long long>(scored->unmatched));
  }
  if (!skip_tickets) {
    std::printf("  tickets: %lld delivered to %s (%lld to retry, %lld failed); %lld mentions held back in %lld "
                "aggregated, %lld notes on existing tickets\n",
                static_cast<long long>(tickets.delivered), ticket_where.c_str(),
                static_cast<long long>(tickets.retried_later), static_cast<long long>(tickets.failed),
                static_cast<long long>(tickets.held_back), static_cast<long long>(tickets.aggregated),
                static_cast<long long>(tickets.notes));
  }
  if (!skip_alerts) {
    std::printf("  e-mails: %lld digests sent to %s (%lld skipped, %lld failed)%s\n",
                static_cast<long long>(alerts.digests_sent), mail_where.c_str(),
                static_cast<long long>(alerts.digests_skipped), static_cast<long long>(alerts.failed),
                env.config.alerts.webhook_digests
                    ? ("; " + std::to_string(alerts.webhooks_sent) + " posted to the webhook").c_str()
                    : "");
    std::printf("  spike alerts: %lld sent (%lld held by cooldown, %lld brands warming up, %lld failed)\n",
                static_cast<long long>(spikes.sent), static_cast<long long>(spikes.cooled_down),
                static_cast<long long>(spikes.warming_up), static_cast<long long>(spikes.failed));
  }
  std::fflush(stdout);
  return JobOutcome{exit_code, summary};
}

const Command kRunCommand = {
    "run", "collect + score + ticket + alert in one process (the embedded default)",
    [](CLI::App& app) {
      app.add_flag("--no-tickets", g_run.skip_tickets, "Do not deliver tickets this run");
      app.add_flag("--no-alerts", g_run.skip_alerts, "Do not send e-mails this run");
    },
    [](const GlobalOptions& global) {
      return RunJob(global, "run", /*with_kafka=*/true, [](JobEnv& env) -> Result<JobOutcome> {
        auto http = NewCurlHttpClient();
        return RunPipeline(env, *http, g_run.skip_tickets, g_run.skip_alerts);
      });
    }};

}  // namespace veille
