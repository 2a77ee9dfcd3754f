#include <cstdio>
#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <unordered_map>

#include "alerting/sink.h"

#include "collectors/query.h"
#include "common/fault.h"
#include "common/log.h"
#include "jobs/command.h"
#include "jobs/pipeline.h"
#include "sentiment/scorer.h"

namespace veille {
namespace {

constexpr size_t kBatchSize = 500;

void MergeSeenIn(std::vector<std::string>* into, const std::vector<std::string>& from) {
  for (const std::string& s : from) {
    if (std::find(into->begin(), into->end(), s) == into->end()) into->push_back(s);
  }
}

bool WantsLanguage(const Brand& brand, const std::string& lang) {
  if (brand.languages.empty() || lang.empty() || lang == "und") return true;  // unknown: kept
  std::string primary = lang.substr(0, 2);
  return std::find(brand.languages.begin(), brand.languages.end(), primary) != brand.languages.end();
}

}  // namespace

Result<ScoreReport> Score(JobEnv& env, const sentiment::Scorer& scorer) {
  ScoreReport report;
  const Config& cfg = env.config;
  auto matcher = BrandMatcher::Create(cfg.brands);
  if (!matcher.ok()) return matcher.status().WithContext("compiling brand queries");
  auto consumer = Consumer::Create(cfg.kafka, env.bootstrap_servers, {cfg.kafka.topic_raw});
  if (!consumer.ok()) return consumer.status();

  bool at_end = false;
  while (!at_end) {
    auto polled = (*consumer)->Poll(kBatchSize, &at_end);
    if (!polled.ok()) return polled.status();
    const std::vector<KafkaMessage>& msgs = *polled;
    if (msgs.empty()) continue;
    report.consumed += static_cast<int64_t>(msgs.size());

    int64_t now = env.clock->NowMs();
    Batch batch;
    std::vector<Producer::Record> scored_records;
    // Mentions first seen in this very batch: a duplicate later in the batch
    // must see them even though the batch is not committed yet.
    std::unordered_map<std::string, SeenRecord> fresh;
    std::unordered_map<std::string, ScoredMention> fresh_scored;  // stored by this batch
    // Ticket groups and outbox entries written in this batch, for the same reason.
    std::map<std::string, std::string> fresh_groups;
    std::map<std::string, OutboxEntry> fresh_outbox;

    for (const KafkaMessage& msg : msgs) {
      std::string where = msg.topic + "/" + std::to_string(msg.partition) + "@" + std::to_string(msg.offset);
      auto decoded = MentionFromJson(msg.value);
      if (!decoded.ok()) {
        ++report.dead_letters;
        log::Warn("score.bad_record").Kv("where", where).Kv("error", decoded.status().ToString());
        batch.PutDeadLetter("score", where, decoded.status().ToString(), msg.value, now);
        continue;
      }
      Mention m = std::move(decoded).value();

      // Dedup: a mention already seen only adds the sources it came from.
      auto fresh_it = fresh.find(m.id);
      std::optional<SeenRecord> seen;
      if (fresh_it != fresh.end()) {
        seen = fresh_it->second;
      } else {
        auto stored = env.store->GetSeen(m.id);
        if (!stored.ok()) return stored.status();
        seen = *stored;
      }
      if (seen.has_value()) {
        ++report.duplicates;
        size_t before = seen->seen_in.size();
        MergeSeenIn(&seen->seen_in, m.seen_in);
        if (seen->seen_in.size() != before) {
          batch.PutSeen(m.id, *seen);
          fresh[m.id] = *seen;
          // The stored mention remembers every source that carried it (the
          // same article from Google Alerts and Google News is one mention).
          std::optional<ScoredMention> stored;
          if (auto it = fresh_scored.find(m.id); it != fresh_scored.end()) {
            stored = it->second;
          } else {
            auto got = env.store->GetMention(seen->first_seen_ms, m.id);
            if (!got.ok()) return got.status();
            stored = std::move(got).value();
          }
          if (stored.has_value()) {
            stored->mention.seen_in = seen->seen_in;
            batch.PutMention(*stored);
            fresh_scored[m.id] = std::move(*stored);
          }
        }
        continue;
      }
      SeenRecord record{now, m.seen_in};
      fresh[m.id] = record;
      batch.PutSeen(m.id, record);

      std::vector<std::string> brands = matcher->Match(m);
      if (brands.empty()) {
        ++report.unmatched;
        log::Debug("score.unmatched").Kv("id", m.id);
        continue;
      }
      // Scored before the brands' language filters, so that a mention whose
      // source gave no language is filtered by the one identified here.
      ScoredMention s;
      std::string text = m.title.empty() ? m.text : (m.text.empty() ? m.title : m.title + ".\n" + m.text);
      s.verdict = scorer.Score(text, m.lang);
      if (m.lang.empty()) m.lang = s.verdict.lang;
      std::vector<const Brand*> wanted;
      for (const std::string& name : brands) {
        const Brand* b = cfg.FindBrand(name);
        if (b != nullptr && WantsLanguage(*b, m.lang)) wanted.push_back(b);
      }
      if (wanted.empty()) {
        ++report.filtered_lang;
        log::Debug("score.filtered_lang").Kv("id", m.id).Kv("lang", m.lang);
        continue;
      }
      m.brands.clear();
      for (const Brand* b : wanted) m.brands.push_back(b->name);
      s.scored_ms = now;
      s.mention = std::move(m);
      ++report.scored;
      switch (s.verdict.label) {
        case SentimentLabel::kNegative: ++report.negative; break;
        case SentimentLabel::kNeutral: ++report.neutral; break;
        case SentimentLabel::kPositive: ++report.positive; break;
      }

      int64_t at = s.mention.published_ms > 0 ? s.mention.published_ms : now;
      int64_t reach = s.mention.Reach();
      for (const Brand* b : wanted) {
        batch.AddTrend(b->name, at, "total", 1);
        batch.AddTrend(b->name, at, std::string("label/") + SentimentLabelName(s.verdict.label), 1);
        batch.AddTrend(b->name, at, "source/" + s.mention.source_type, 1);
        if (reach > 0) batch.AddTrend(b->name, at, "reach", static_cast<uint64_t>(reach));
        if (s.verdict.complaint) batch.AddTrend(b->name, at, "complaint", 1);
      }
      batch.PutMention(s);
      fresh_scored[s.mention.id] = s;

      // The first watched (non-competitor) brand owns the ticket.
      const Brand* owner = nullptr;
      for (const Brand* b : wanted) {
        if (!b->is_competitor) {
          owner = b;
          break;
        }
      }
      std::string why;
      bool ticket = owner != nullptr && IsTicketCandidate(cfg.tickets.RuleFor(owner->name), s, &why);
      if (owner != nullptr && !ticket && s.verdict.label == SentimentLabel::kNegative) {
        log::Debug("score.not_ticketed").Kv("id", s.mention.id).Kv("brand", owner->name).Kv("why", why);
      }
      if (ticket) {
        // One customer, one ticket: a later mention of the same author (and
        // thread) within the window joins the entry still waiting for
        // delivery instead of opening a new ticket.
        const TicketRule& rule = cfg.tickets.RuleFor(owner->name);
        std::string key = GroupKey(s.mention);
        std::string ledger_key = "ticket-group/" + owner->name + "/" + key;
        bool grouped = false;
        if (!key.empty() && rule.group_window_minutes > 0) {
          std::string group_value;
          auto fresh_group = fresh_groups.find(ledger_key);
          if (fresh_group != fresh_groups.end()) {
            group_value = fresh_group->second;
          } else {
            auto stored = env.store->GetLedger(ledger_key);
            if (!stored.ok()) return stored.status();
            if (stored->has_value()) group_value = **stored;
          }
          // "<last_ms> <outbox id>"
          size_t sp = group_value.find(' ');
          if (sp != std::string::npos) {
            int64_t last_ms = std::strtoll(group_value.c_str(), nullptr, 10);
            std::string entry_id = group_value.substr(sp + 1);
            int64_t window_ms = rule.group_window_minutes * 60'000;
            if (at - last_ms <= window_ms && last_ms - at <= window_ms) {
              std::optional<OutboxEntry> entry;
              auto fresh_entry = fresh_outbox.find(entry_id);
              if (fresh_entry != fresh_outbox.end()) {
                entry = fresh_entry->second;
              } else {
                auto stored = env.store->GetOutbox(entry_id);
                if (!stored.ok()) return stored.status();
                entry = *stored;
              }
              if (entry.has_value() && entry->state == OutboxState::kPending && !IsNoteEntry(*entry)) {
                entry->mentions.push_back(s);
                entry->updated_ms = now;
                batch.PutOutbox(*entry);
                fresh_outbox[entry_id] = *entry;
                ++report.outbox_grouped;
                grouped = true;
              } else if (entry.has_value() && entry->state == OutboxState::kDelivered && !entry->ticket_id.empty()) {
                // Already in the helpdesk: the new mention becomes a note on
                // that ticket (ticket_id set from the start = a note entry).
                OutboxEntry note;
                note.id = std::string(kNotePrefix) + s.mention.id;
                note.brand = owner->name;
                note.created_ms = now;
                note.updated_ms = now;
                note.ticket_id = entry->ticket_id;
                note.ticket_url = entry->ticket_url;
                note.mentions.push_back(s);
                batch.PutOutbox(note);
                fresh_outbox[note.id] = note;
                ++report.outbox_grouped;
                grouped = true;
              }
              if (grouped) {
                // The window slides with the customer's latest mention.
                std::string value = std::to_string(std::max(at, last_ms)) + " " + entry_id;
                batch.PutLedger(ledger_key, value);
                fresh_groups[ledger_key] = value;
                log::Info("score.ticket_grouped").Kv("id", s.mention.id).Kv("into", entry_id)
                    .Kv("ticket", entry->ticket_id).Kv("state", OutboxStateName(entry->state));
              }
            }
          }
        }
        if (!grouped) {
          OutboxEntry e;
          e.id = s.mention.id;
          e.brand = owner->name;
          e.created_ms = now;
          e.updated_ms = now;
          e.mentions.push_back(s);
          batch.PutOutbox(e);
          fresh_outbox[e.id] = e;
          ++report.outbox_added;
          if (!key.empty()) {
            std::string value = std::to_string(at) + " " + e.id;
            batch.PutLedger(ledger_key, value);
            fresh_groups[ledger_key] = value;
          }
        }
      }
      scored_records.push_back({s.mention.id, ToJson(s)});
    }

    // Order matters for "nothing lost": scored topic acknowledged, then the
    // state batch durable, then the offsets. A crash in between replays the
    // batch; dedup keys make the replay a no-op for trends and the outbox.
    VEILLE_RETURN_IF_ERROR(env.producer->ProduceAndWait(cfg.kafka.topic_scored, scored_records));
    CrashPoint("score.after_produce");
    VEILLE_RETURN_IF_ERROR(env.store->Commit(batch));
    CrashPoint("score.after_commit");
    VEILLE_RETURN_IF_ERROR((*consumer)->Commit(msgs));
    log::Debug("score.batch").Kv("messages", static_cast<int64_t>(msgs.size()));
  }
  Status closed = (*consumer)->Close();
  if (!closed.ok()) log::Warn("score.close_failed").Kv("error", closed.ToString());
  return report;
}

}  // namespace veille

// ---------------------------------------------------------------- command

namespace veille {

std::string ScoreSummaryJson(const ScoreReport& r) {
  return "{\"consumed\":" + std::to_string(r.consumed) + ",\"scored\":" + std::to_string(r.scored) +
         ",\"duplicates\":" + std::to_string(r.duplicates) + ",\"unmatched\":" + std::to_string(r.unmatched) +
         ",\"filtered_lang\":" + std::to_string(r.filtered_lang) + ",\"dead_letters\":" +
         std::to_string(r.dead_letters) + ",\"outbox_added\":" + std::to_string(r.outbox_added) + ",\"outbox_grouped\":" + std::to_string(r.outbox_grouped) +
         ",\"negative\":" + std::to_string(r.negative) + ",\"neutral\":" + std::to_string(r.neutral) +
         ",\"positive\":" + std::to_string(r.positive) + "}";
}

Result<std::unique_ptr<sentiment::Scorer>> MakeScorer(const Config& config) {
  sentiment::ScorerOptions o;
  o.extra_lexicons = config.extra_lexicons;
  // The reasons are read in the tickets that quote them.
  o.reasons_lang = config.tickets.lang;
  return sentiment::Scorer::Create(o);
}

const Command kScoreCommand = {
    "score", "Drain the raw topic: dedup, brand match, sentiment, trends, ticket outbox",
    [](CLI::App&) {},
    [](const GlobalOptions& global) {
      return RunJob(global, "score", /*with_kafka=*/true, [](JobEnv& env) -> Result<JobOutcome> {
        if (RefuseEmbeddedKafka(env, "score")) return JobOutcome{kExitUsage, "{}"};
        auto scorer = MakeScorer(env.config);
        if (!scorer.ok()) return scorer.status();
        auto report = Score(env, **scorer);
        if (!report.ok()) return report.status();
        std::printf("score: %lld scored (%lld negative), %lld duplicates, %lld tickets queued\n",
                    static_cast<long long>(report->scored), static_cast<long long>(report->negative),
                    static_cast<long long>(report->duplicates), static_cast<long long>(report->outbox_added));
        return JobOutcome{kExitOk, ScoreSummaryJson(*report)};
      });
    }};

}  // namespace veille
