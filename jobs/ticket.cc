#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <set>

#include "alerting/email.h"
#include "alerting/sink.h"
#include "common/backoff.h"
#include "common/fault.h"
#include "common/log.h"
#include "jobs/command.h"
#include "jobs/pipeline.h"

namespace veille {

namespace {

constexpr int64_t kHourMs = 3600'000;

// What DeliverTickets shares between the individual and the aggregated path.
struct Delivery {
  JobEnv& env;
  TicketSink& sink;
  TicketReport& report;
  BackoffPolicy between_runs;  // persisted delay between runs
  BackoffPolicy in_run;        // quick retries within this run
  std::mt19937_64 rng{std::random_device{}()};
};

// Records the outcome of one delivery attempt on `entries` (one entry, or
// every entry held in an aggregated ticket). Returns the store's Status.
enum class Kind { kTicket, kHeld, kNote };

constexpr char kHeldPrefix[] = "aggregated ticket ";

Status Record(Delivery& d, std::vector<OutboxEntry*>& entries, const Result<TicketRef>& created, bool found_existing,
              Kind kind, const std::string& aggregate_id = "") {
  const bool held = kind == Kind::kHeld;
  const TicketsConfig& tc = d.env.config.tickets;
  int64_t now = d.env.clock->NowMs();
  Batch batch;  // one synced write for all the entries of an aggregate
  for (OutboxEntry* e : entries) {
    e->updated_ms = now;
    if (created.ok()) {
      e->state = OutboxState::kDelivered;
      e->ticket_id = created->id;
      e->ticket_url = created->url;
      e->last_error = held ? "held back: in aggregated ticket " + created->id : "";
    } else {
      const Status& st = created.status();
      // Held entries remember which aggregated ticket they were in, so a
      // later run can look it up before opening another.
      e->last_error = (held ? kHeldPrefix + aggregate_id + ": " : std::string()) + st.ToString();
      if (st.retryable() && e->attempts < tc.max_attempts) {
        int64_t delay = Backoff::DelayForAttempt(d.between_runs, std::max(e->attempts - 1, 0), d.rng);
        if (st.retry_after_ms() > delay) delay = st.retry_after_ms();
        e->next_attempt_ms = now + delay;
        log::Warn("ticket.retry_later").Kv("mention", e->id).Kv("error", st.ToString()).Kv("attempt", e->attempts)
            .Kv("next_attempt_in_ms", delay);
      } else {
        e->state = OutboxState::kFailed;
        log::Error("ticket.failed").Kv("mention", e->id).Kv("error", st.ToString()).Kv("attempts", e->attempts);
      }
    }
    batch.PutOutbox(*e);
  }
  VEILLE_RETURN_IF_ERROR(d.env.store->Commit(batch));
  if (created.ok()) {
    if (held) {
      ++d.report.aggregated;
      d.report.held_back += static_cast<int64_t>(entries.size());
    } else if (kind == Kind::kNote) {
      ++d.report.notes;
    } else if (found_existing) {
      ++d.report.found_existing;
    } else {
      ++d.report.delivered;
    }
  } else if (entries.front()->state == OutboxState::kFailed) {
    d.report.failed += static_cast<int64_t>(entries.size());
  } else {
    d.report.retried_later += static_cast<int64_t>(entries.size());
  }
  return Status::OK();
}

// Delivers one entry as its own ticket; *out gets the helpdesk's outcome,
// the returned Status is the store's.
Status DeliverOne(Delivery& d, OutboxEntry& e, Result<TicketRef>* out) {
  Ticket ticket = BuildTicket(e.brand, e.mentions, d.env.config.tickets.lang);
  // A previous attempt may have created the ticket even though we never
  // heard back (lost response, crash before recording): DeliverTicket looks
  // it up first. Write ahead: the attempt is recorded before the call, so a
  // crash during it makes the next run look the ticket up instead of
  // recreating it.
  bool look_up_first = e.attempts > 0;
  ++e.attempts;
  e.updated_ms = d.env.clock->NowMs();
  VEILLE_RETURN_IF_ERROR(d.env.store->PutOutbox(e));
  Backoff backoff(d.in_run, d.env.clock, d.rng());
  DeliveryTrace trace;
  auto created = DeliverTicket(d.sink, ticket, backoff, look_up_first, &trace);
  std::vector<OutboxEntry*> one = {&e};
  VEILLE_RETURN_IF_ERROR(Record(d, one, created, trace.found_existing, Kind::kTicket));
  if (created.ok()) {
    log::Info(trace.found_existing ? "ticket.recorded_existing" : "ticket.created")
        .Kv("mention", e.id).Kv("brand", e.brand).Kv("ticket", e.ticket_id).Kv("priority", ticket.priority)
        .Kv("mentions", e.mentions.size());
  }
  *out = std::move(created);
  return Status::OK();
}

// A storm is worth more than a ticket: the marketing recipients of [email]
// hear of it at once (spooled or sent like the digests, idempotent on the
// aggregated ticket). A failure is logged; the ticket is what counts.
void SendStormAlert(Delivery& d, const std::string& brand, const std::string& topic, const TicketRef& ref,
                    const Ticket& aggregate) {
  const EmailConfig& ec = d.env.config.email;
  if (ec.to.empty()) return;
  auto mailer = MakeMailer(d.env.config);
  if (!mailer.ok()) {
    log::Warn("ticket.storm_alert_failed").Kv("brand", brand).Kv("error", mailer.status().ToString());
    return;
  }
  const bool french = ec.lang == "fr";
  std::string n = std::to_string(aggregate.mentions.size());
  std::string about = topic.empty() ? "" : " (" + ServiceTopicName(topic, french) + ")";
  Email e;
  e.from = ec.from;
  e.to = ec.to;
  e.subject = french ? "[veille] Alerte " + brand + " : vague de " + n + " mentions négatives" + about
                     : "[veille] Alert " + brand + ": storm of " + n + " negative mentions" + about;
  e.text = (french ? "Vague de mentions négatives pour " + brand + about + " : " + n +
                         " mentions regroupées dans un seul ticket pour le service client (" + ref.id + ").\n"
                   : "Storm of negative mentions for " + brand + about + ": " + n +
                         " mentions grouped into one ticket for the service team (" + ref.id + ").\n") +
           (ref.url.empty() ? "" : ref.url + "\n") + "\n" + aggregate.body_text;
  e.html = "<p><strong>" + EscapeHtml(e.subject) + "</strong></p>\n" +
           (ref.url.empty() || SafeHref(ref.url).empty()
                ? std::string()
                : "<p><a href=\"" + SafeHref(ref.url) + "\">" + EscapeHtml(ref.url) + "</a></p>\n") +
           aggregate.body_html;
  e.idempotency_key = "storm/" + aggregate.external_id;
  e.date_ms = d.env.clock->NowMs();
  e.extra_headers = {{"X-Veille-Brand", brand}, {"Auto-Submitted", "auto-generated"}};
  Status st = (*mailer)->Send(e);
  if (!st.ok()) {
    log::Warn("ticket.storm_alert_failed").Kv("brand", brand).Kv("error", st.ToString());
  } else {
    log::Info("ticket.storm_alert").Kv("brand", brand).Kv("topic", topic).Kv("ticket", ref.id);
  }
}

// Adds `n` to the brand's held-back count shown by `veille status`.
void CountHeld(Delivery& d, const std::string& brand, size_t n) {
  std::string meta = "tickets/held_back/" + brand;
  auto before = d.env.store->GetMeta(meta);
  int64_t total = before.ok() && before->has_value() ? std::strtoll((*before)->c_str(), nullptr, 10) : 0;
  Status st = d.env.store->PutMeta(meta, std::to_string(total + static_cast<int64_t>(n)));
  if (!st.ok()) log::Warn("ticket.count_failed").Kv("error", st.ToString());
}

// Delivers the held entries of one brand (of one service topic, for a storm
// about one) as one aggregated ticket; *out gets the helpdesk's outcome, the
// returned Status is the store's.
Status DeliverAggregate(Delivery& d, const std::string& brand, std::vector<OutboxEntry*>& held, bool storm,
                        const std::string& topic, Result<TicketRef>* out) {
  std::vector<ScoredMention> mentions;
  for (OutboxEntry* e : held) mentions.insert(mentions.end(), e->mentions.begin(), e->mentions.end());
  Ticket ticket = BuildAggregateTicket(brand, mentions, storm, d.env.config.tickets.lang, topic);
  // Write ahead, in the ledger (the aggregate has no outbox entry of its
  // own) and on every held entry.
  std::string ledger_key = "ticket-aggregate/" + ticket.external_id;
  auto attempted = d.env.store->GetLedger(ledger_key);
  VEILLE_RETURN_IF_ERROR(attempted.status());
  bool look_up_first = attempted->has_value();
  Batch ahead;  // the ledger entry and every held entry, in one synced write
  ahead.PutLedger(ledger_key, std::to_string(d.env.clock->NowMs()));
  for (OutboxEntry* e : held) {
    ++e->attempts;
    e->updated_ms = d.env.clock->NowMs();
    e->last_error = kHeldPrefix + ticket.external_id + ": attempt in progress";
    ahead.PutOutbox(*e);
  }
  VEILLE_RETURN_IF_ERROR(d.env.store->Commit(ahead));
  if (storm) {
    log::Error("ticket.storm").Kv("brand", brand).Kv("topic", topic).Kv("mentions", mentions.size())
        .Kv("entries", held.size());
  } else {
    log::Warn("ticket.hourly_cap").Kv("brand", brand).Kv("held_back", held.size());
  }
  Backoff backoff(d.in_run, d.env.clock, d.rng());
  DeliveryTrace trace;
  auto created = DeliverTicket(d.sink, ticket, backoff, look_up_first, &trace);
  CrashPoint("ticket.after_aggregate");
  VEILLE_RETURN_IF_ERROR(Record(d, held, created, trace.found_existing, Kind::kHeld, ticket.external_id));
  if (created.ok()) {
    // Cumulative count for `veille status`: nothing is held back silently.
    CountHeld(d, brand, held.size());
    log::Info("ticket.aggregated").Kv("brand", brand).Kv("ticket", created->id).Kv("held_back", held.size())
        .Kv("storm", storm);
    if (storm) SendStormAlert(d, brand, topic, *created, ticket);
  }
  *out = std::move(created);
  return Status::OK();
}

// Adds a note entry's mention(s) to the ticket it names.
Status DeliverNoteEntry(Delivery& d, OutboxEntry& e, Result<TicketRef>* out) {
  Ticket note = BuildFollowUp(e.brand, e.mentions, d.env.config.tickets.lang);
  TicketRef parent{e.ticket_id, e.ticket_url};
  bool look_up_first = e.attempts > 0;
  ++e.attempts;
  e.updated_ms = d.env.clock->NowMs();
  VEILLE_RETURN_IF_ERROR(d.env.store->PutOutbox(e));
  Backoff backoff(d.in_run, d.env.clock, d.rng());
  DeliveryTrace trace;
  Status st = DeliverNote(d.sink, parent, note, backoff, look_up_first, &trace);
  Result<TicketRef> outcome = st.ok() ? Result<TicketRef>(parent) : Result<TicketRef>(st);
  std::vector<OutboxEntry*> one = {&e};
  VEILLE_RETURN_IF_ERROR(Record(d, one, outcome, trace.found_existing, Kind::kNote));
  if (st.ok()) {
    log::Info("ticket.note_added").Kv("mention", e.id).Kv("ticket", parent.id).Kv("found_existing",
                                                                                  trace.found_existing);
  }
  *out = std::move(outcome);
  return Status::OK();
}

// The external id of the aggregated ticket an entry was last attempted in,
// or "".
std::string PreviousAggregate(const OutboxEntry& e) {
  if (e.last_error.rfind(kHeldPrefix, 0) != 0) return "";
  size_t start = sizeof(kHeldPrefix) - 1;
  size_t colon = e.last_error.find(':', start);
  return colon == std::string::npos ? "" : e.last_error.substr(start, colon - start);
}
bool WasHeld(const OutboxEntry& e) { return !PreviousAggregate(e).empty(); }

// The service topic an entry is about: its first mention that has one.
std::string TopicOf(const OutboxEntry& e) {
  for (const ScoredMention& sm : e.mentions) {
    if (!sm.verdict.service_topic.empty()) return sm.verdict.service_topic;
  }
  return "";
}

// Held entries whose earlier aggregated ticket may exist (a lost answer, a
// crash before recording): looks each such ticket up; entries whose
// aggregate is found are recorded against it and leave `held`; entries
// whose lookup failed wait for a later run. Returns the store's Status.
Status RecoverAggregates(Delivery& d, const std::string& brand, std::vector<OutboxEntry*>* held) {
  std::map<std::string, std::vector<OutboxEntry*>> by_aggregate;
  std::vector<OutboxEntry*> rest;
  for (OutboxEntry* e : *held) {
    std::string previous = PreviousAggregate(*e);
    if (previous.empty()) {
      rest.push_back(e);
    } else {
      by_aggregate[previous].push_back(e);
    }
  }
  for (auto& [external_id, entries] : by_aggregate) {
    auto found = d.sink.Find(external_id);
    if (!found.ok()) {
      log::Warn("ticket.aggregate_lookup_failed").Kv("ticket", external_id).Kv("error", found.status().ToString());
      d.report.retried_later += static_cast<int64_t>(entries.size());
      continue;  // without the lookup a new aggregate could duplicate it
    }
    if (!found->has_value()) {
      rest.insert(rest.end(), entries.begin(), entries.end());
      continue;
    }
    log::Info("ticket.found_existing").Kv("aggregate", external_id).Kv("ticket", (*found)->id);
    VEILLE_RETURN_IF_ERROR(Record(d, entries, **found, /*found_existing=*/true, Kind::kHeld, external_id));
    CountHeld(d, brand, entries.size());
  }
  *held = std::move(rest);
  return Status::OK();
}

}  // namespace

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

  Delivery d{env, sink, report, {}, {}};
  // Attempts are spread over runs, so the delay between them is persisted.
  d.between_runs.initial_ms = 60'000;
  d.between_runs.max_delay_ms = 6 * 3600'000LL;
  // Within one run: a few quick retries, each preceded by a lookup.
  d.in_run.initial_ms = 1'000;
  d.in_run.max_delay_ms = 30'000;
  d.in_run.max_attempts = static_cast<int>(tc.retries_per_run);
  d.in_run.max_elapsed_ms = tc.retry_budget_seconds * 1000;

  // Tickets each brand opened in the last hour (an aggregated ticket counts
  // once, however many entries it holds).
  int64_t now = env.clock->NowMs();
  std::map<std::string, std::set<std::string>> recent;
  auto delivered = env.store->ListOutbox(OutboxState::kDelivered);
  if (!delivered.ok()) return delivered.status();
  for (const OutboxEntry& e : *delivered) {
    if (e.updated_ms >= now - kHourMs) recent[e.brand].insert(e.ticket_id);
  }

  // Due entries per brand, oldest first (ListOutbox order).
  std::vector<std::string> brands;
  std::map<std::string, std::vector<OutboxEntry*>> due;
  for (OutboxEntry& e : entries) {
    if (e.next_attempt_ms > now) continue;
    if (!due.count(e.brand)) brands.push_back(e.brand);
    due[e.brand].push_back(&e);
  }

  for (const std::string& brand : brands) {
    const TicketRule& rule = tc.RuleFor(brand);
    std::vector<OutboxEntry*>& list = due[brand];
    // A storm is more waiting candidates than the threshold about one service
    // topic (an outage, a delivery backlog): they become one ticket, while a
    // customer with another problem still gets a ticket of their own. Many
    // candidates spread over topics are a storm of the whole brand.
    int64_t candidates = 0;
    std::map<std::string, int64_t> per_topic;
    for (const OutboxEntry* e : list) {
      if (IsNoteEntry(*e)) continue;
      ++candidates;
      ++per_topic[TopicOf(*e)];
    }
    std::set<std::string> storm_topics;
    for (const auto& [topic, count] : per_topic) {
      if (rule.storm_threshold > 0 && count > rule.storm_threshold) storm_topics.insert(topic);
    }
    const bool brand_storm = storm_topics.empty() && rule.storm_threshold > 0 && candidates > rule.storm_threshold;
    int64_t budget = rule.hourly_cap <= 0 ? INT64_MAX
                                          : std::max<int64_t>(0, rule.hourly_cap - static_cast<int64_t>(recent[brand].size()));
    std::vector<OutboxEntry*> held;                                 // over the cap, or a brand storm
    std::map<std::string, std::vector<OutboxEntry*>> storm_held;  // by service topic
    for (OutboxEntry* e : list) {
      if (IsNoteEntry(*e) && !e->ticket_id.empty()) {
        // Notes open no ticket: no cap, never aggregated.
        Result<TicketRef> added = Status::Unavailable("not attempted");
        VEILLE_RETURN_IF_ERROR(DeliverNoteEntry(d, *e, &added));
        if (!added.ok() && added.status().code() == Status::Code::kRateLimited) {
          report.rate_limited = true;
          return report;
        }
        continue;
      }
      // An entry tried before may already be a ticket in the helpdesk: it
      // goes on alone, with a lookup, never into an aggregate.
      const std::string topic = TopicOf(*e);
      const bool in_storm = brand_storm || storm_topics.count(topic) > 0;
      bool alone = (e->attempts > 0 && !WasHeld(*e)) || (!in_storm && budget > 0);
      if (!alone) {
        if (storm_topics.count(topic) > 0) {
          storm_held[topic].push_back(e);
        } else {
          held.push_back(e);
        }
        continue;
      }
      Result<TicketRef> created = Status::Unavailable("not attempted");
      VEILLE_RETURN_IF_ERROR(DeliverOne(d, *e, &created));
      if (created.ok()) --budget;
      if (!created.ok() && created.status().code() == Status::Code::kRateLimited) {
        // The helpdesk asked us to slow down: the rest waits for the next run.
        report.rate_limited = true;
        return report;
      }
    }
    for (auto& [topic, group] : storm_held) {
      VEILLE_RETURN_IF_ERROR(RecoverAggregates(d, brand, &group));
      if (group.empty()) continue;
      Result<TicketRef> created = Status::Unavailable("not attempted");
      VEILLE_RETURN_IF_ERROR(DeliverAggregate(d, brand, group, /*storm=*/true, topic, &created));
      if (!created.ok() && created.status().code() == Status::Code::kRateLimited) {
        report.rate_limited = true;
        return report;
      }
    }
    VEILLE_RETURN_IF_ERROR(RecoverAggregates(d, brand, &held));
    if (!held.empty()) {
      Result<TicketRef> created = Status::Unavailable("not attempted");
      VEILLE_RETURN_IF_ERROR(DeliverAggregate(d, brand, held, brand_storm, "", &created));
      if (!created.ok() && created.status().code() == Status::Code::kRateLimited) {
        report.rate_limited = true;
        return report;
      }
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
         ",\"held_back\":" + std::to_string(r.held_back) + ",\"aggregated\":" + std::to_string(r.aggregated) + ",\"notes\":" + std::to_string(r.notes) +
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
        std::printf("ticket: %lld delivered, %lld found already made, %lld to retry, %lld failed, "
                    "%lld held back in %lld aggregated, %lld notes on existing tickets\n",
                    static_cast<long long>(report->delivered), static_cast<long long>(report->found_existing),
                    static_cast<long long>(report->retried_later), static_cast<long long>(report->failed),
                    static_cast<long long>(report->held_back), static_cast<long long>(report->aggregated),
                    static_cast<long long>(report->notes));
        return JobOutcome{report->failed > 0 ? kExitFailed : kExitOk, TicketSummaryJson(*report)};
      });
    }};

}  // namespace veille
