#include <cstdio>
#include <random>

#include "alerting/sink.h"
#include "common/backoff.h"
#include "common/fault.h"
#include "common/log.h"
#include "jobs/command.h"
#include "jobs/pipeline.h"

namespace veille {

Result<TicketReport> DeliverTickets(JobEnv& env, TicketSink& sink, bool retry_failed) {
  TicketReport report;
  const TicketsConfig& tc = env.config.tickets;
  auto pending = env.store->ListOutbox(OutboxState::kPending);
  if (!pending.ok()) return pending.status();
  std::vector<OutboxEntry> entries = std::move(pending).value();
  if (retry_failed) {
    auto failed = env.store->ListOutbox(OutboxState::kFailed);
    if (!failed.ok()) return failed.status();
    for (OutboxEntry& e : *failed) {
      e.state = OutboxState::kPending;
      e.next_attempt_ms = 0;
      entries.push_back(std::move(e));
    }
  }

  // Attempts are spread over runs, so the delay between them is persisted.
  BackoffPolicy policy;
  policy.initial_ms = 60'000;
  policy.max_delay_ms = 6 * 3600'000LL;
  std::mt19937_64 rng(std::random_device{}());
  // Within one run: a few quick retries, each preceded by a lookup.
  BackoffPolicy in_run;
  in_run.initial_ms = 1'000;
  in_run.max_delay_ms = 30'000;
  in_run.max_attempts = static_cast<int>(tc.retries_per_run);
  in_run.max_elapsed_ms = tc.retry_budget_seconds * 1000;

  for (OutboxEntry& e : entries) {
    int64_t now = env.clock->NowMs();
    if (e.next_attempt_ms > now) continue;
    Ticket ticket = BuildTicket(e.brand, e.mentions, tc.lang);

    // A previous attempt may have created the ticket even though we never
    // heard back (lost response, crash before recording): DeliverTicket
    // looks it up first. Write ahead: the attempt is recorded before the
    // call, so a crash during it makes the next run look the ticket up
    // instead of recreating it.
    bool look_up_first = e.attempts > 0;
    ++e.attempts;
    e.updated_ms = now;
    VEILLE_RETURN_IF_ERROR(env.store->PutOutbox(e));

    Backoff backoff(in_run, env.clock, rng());
    DeliveryTrace trace;
    auto created = DeliverTicket(sink, ticket, backoff, look_up_first, &trace);
    now = env.clock->NowMs();
    e.updated_ms = now;
    if (created.ok()) {
      e.state = OutboxState::kDelivered;
      e.ticket_id = created->id;
      e.ticket_url = created->url;
      e.last_error.clear();
      if (trace.found_existing) {
        ++report.found_existing;
      } else {
        ++report.delivered;
      }
      log::Info(trace.found_existing ? "ticket.recorded_existing" : "ticket.created")
          .Kv("mention", e.id).Kv("brand", e.brand).Kv("ticket", e.ticket_id).Kv("priority", ticket.priority);
    } else {
      const Status& st = created.status();
      e.last_error = st.ToString();
      if (st.retryable() && e.attempts < tc.max_attempts) {
        int64_t delay = Backoff::DelayForAttempt(policy, e.attempts - 1, rng);
        if (st.retry_after_ms() > delay) delay = st.retry_after_ms();
        e.next_attempt_ms = now + delay;
        ++report.retried_later;
        log::Warn("ticket.retry_later").Kv("mention", e.id).Kv("error", st.ToString()).Kv("attempt", e.attempts)
            .Kv("next_attempt_in_ms", delay);
      } else {
        e.state = OutboxState::kFailed;
        ++report.failed;
        log::Error("ticket.failed").Kv("mention", e.id).Kv("error", st.ToString()).Kv("attempts", e.attempts);
      }
    }
    VEILLE_RETURN_IF_ERROR(env.store->PutOutbox(e));
    if (!created.ok() && created.status().code() == Status::Code::kRateLimited) {
      // The helpdesk asked us to slow down: the rest waits for the next run.
      report.rate_limited = true;
      break;
    }
  }
  return report;
}

}  // namespace veille

// ---------------------------------------------------------------- command

namespace veille {
namespace {
struct TicketOptions {
  bool retry_failed = false;
};
TicketOptions g_ticket;
}  // namespace

std::string TicketSummaryJson(const TicketReport& r) {
  return "{\"delivered\":" + std::to_string(r.delivered) + ",\"found_existing\":" + std::to_string(r.found_existing) +
         ",\"retried_later\":" + std::to_string(r.retried_later) + ",\"failed\":" + std::to_string(r.failed) +
         ",\"rate_limited\":" + (r.rate_limited ? "true" : "false") + "}";
}

const Command kTicketCommand = {
    "ticket", "Deliver the ticket outbox to the configured helpdesk",
    [](CLI::App& app) {
      app.add_flag("--retry-failed", g_ticket.retry_failed, "Also retry entries parked as failed");
    },
    [](const GlobalOptions& global) {
      return RunJob(global, "ticket", /*with_kafka=*/false, [](JobEnv& env) -> Result<JobOutcome> {
        auto sink = MakeTicketSink(env.config);
        if (!sink.ok()) return sink.status();
        auto report = DeliverTickets(env, **sink, g_ticket.retry_failed);
        if (!report.ok()) return report.status();
        std::printf("ticket: %lld delivered, %lld found already made, %lld to retry, %lld failed\n",
                    static_cast<long long>(report->delivered), static_cast<long long>(report->found_existing),
                    static_cast<long long>(report->retried_later), static_cast<long long>(report->failed));
        return JobOutcome{report->failed > 0 ? kExitFailed : kExitOk, TicketSummaryJson(*report)};
      });
    }};

}  // namespace veille
