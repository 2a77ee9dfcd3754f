#include <cstdio>
#include <algorithm>
#include <unordered_map>

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
  if (brand.languages.empty() || lang.empty()) return true;
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
        }
        continue;
      }
      SeenRecord record{now, m.seen_in};
      fresh[m.id] = record;
      batch.PutSeen(m.id, record);

      std::vector<std::string> brands = matcher->Match(m);
      std::vector<const Brand*> wanted;
      for (const std::string& name : brands) {
        const Brand* b = cfg.FindBrand(name);
        if (b != nullptr && WantsLanguage(*b, m.lang)) wanted.push_back(b);
      }
      if (brands.empty()) {
        ++report.unmatched;
        log::Debug("score.unmatched").Kv("id", m.id);
        continue;
      }
      if (wanted.empty()) {
        ++report.filtered_lang;
        continue;
      }
      m.brands.clear();
      for (const Brand* b : wanted) m.brands.push_back(b->name);

      ScoredMention s;
      std::string text = m.title.empty() ? m.text : (m.text.empty() ? m.title : m.title + ".\n" + m.text);
      s.verdict = scorer.Score(text, m.lang);
      if (m.lang.empty()) m.lang = s.verdict.lang;
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

      // The first watched (non-competitor) brand owns the ticket.
      const Brand* owner = nullptr;
      for (const Brand* b : wanted) {
        if (!b->is_competitor) {
          owner = b;
          break;
        }
      }
      bool ticket = owner != nullptr && s.verdict.label == SentimentLabel::kNegative &&
                    s.verdict.score <= cfg.tickets.max_score && (!cfg.tickets.only_complaints || s.verdict.complaint);
      if (ticket) {
        OutboxEntry e;
        e.id = s.mention.id;
        e.brand = owner->name;
        e.created_ms = now;
        e.updated_ms = now;
        e.mentions.push_back(s);
        batch.PutOutbox(e);
        ++report.outbox_added;
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
         std::to_string(r.dead_letters) + ",\"outbox_added\":" + std::to_string(r.outbox_added) +
         ",\"negative\":" + std::to_string(r.negative) + ",\"neutral\":" + std::to_string(r.neutral) +
         ",\"positive\":" + std::to_string(r.positive) + "}";
}

Result<std::unique_ptr<sentiment::Scorer>> MakeScorer(const Config& config) {
  sentiment::ScorerOptions o;
  o.extra_lexicons = config.extra_lexicons;
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
