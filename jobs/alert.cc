#include <cstdio>
#include <algorithm>
#include <ctime>
#include <map>

#include "alerting/digest.h"
#include "alerting/email.h"
#include "common/fault.h"
#include "common/log.h"
#include "jobs/command.h"
#include "jobs/pipeline.h"
#include "storage/keys.h"

namespace veille {
namespace {

constexpr int64_t kDayMs = 24 * keys::kHourMs;
constexpr size_t kTopMentions = 5;

std::string FormatUtc(int64_t ms, const char* fmt) {
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, fmt, &tm);
  return buf;
}

struct Period {
  std::string key;
  int64_t from_ms = 0;
  int64_t to_ms = 0;
};

// The last closed period before `now` (UTC days; ISO weeks start Monday).
Period LastClosedPeriod(const std::string& kind, int64_t now) {
  Period p;
  int64_t today = now - (now % kDayMs);
  if (kind == "daily") {
    p.from_ms = today - kDayMs;
    p.to_ms = today;
    p.key = FormatUtc(p.from_ms, "%Y-%m-%d");
  } else {
    // 1970-01-01 was a Thursday: days since the last Monday.
    int64_t days = today / kDayMs;
    int64_t monday = today - ((days + 3) % 7) * kDayMs;
    p.from_ms = monday - 7 * kDayMs;
    p.to_ms = monday;
    p.key = FormatUtc(p.from_ms, "%G-W%V");
  }
  return p;
}

DigestMention ToDigestMention(const ScoredMention& s) {
  DigestMention d;
  d.title = s.mention.title;
  d.text = s.mention.text;
  d.url = s.mention.url;
  d.author = !s.mention.author.name.empty() ? s.mention.author.name : s.mention.author.handle;
  d.source_type = s.mention.source_type;
  d.published_ms = s.mention.published_ms;
  d.score = s.verdict.score;
  d.label = s.verdict.label;
  d.reach = s.mention.Reach();
  return d;
}

bool HasBrand(const ScoredMention& s, const std::string& brand) {
  return std::find(s.mention.brands.begin(), s.mention.brands.end(), brand) != s.mention.brands.end();
}

// Everything the digest of `brand` says about `mentions` (already limited to
// the period).
DigestData BuildData(JobEnv& env, const Brand& brand, const std::vector<ScoredMention>& all, int64_t from_ms,
                     int64_t to_ms) {
  DigestData d;
  d.brand = brand.name;
  d.from_ms = from_ms;
  d.to_ms = to_ms;
  std::vector<const ScoredMention*> mine;
  std::map<std::string, int64_t> by_source;
  std::map<int64_t, int64_t> volume;
  for (const ScoredMention& s : all) {
    if (!HasBrand(s, brand.name)) continue;
    mine.push_back(&s);
    ++d.total;
    switch (s.verdict.label) {
      case SentimentLabel::kNegative: ++d.negative; break;
      case SentimentLabel::kNeutral: ++d.neutral; break;
      case SentimentLabel::kPositive: ++d.positive; break;
    }
    ++by_source[s.mention.source_type];
    int64_t at = s.mention.published_ms > 0 ? s.mention.published_ms : s.scored_ms;
    int64_t bucket = (to_ms - from_ms) > 2 * kDayMs ? at - at % kDayMs : keys::HourOf(at);
    ++volume[bucket];
  }
  d.by_source.assign(by_source.begin(), by_source.end());
  std::sort(d.by_source.begin(), d.by_source.end(), [](auto& a, auto& b) { return a.second > b.second; });
  d.volume.assign(volume.begin(), volume.end());

  d.share_of_voice.emplace_back(brand.name, d.total);
  for (const std::string& c : brand.competitors) {
    int64_t n = 0;
    for (const ScoredMention& s : all) n += HasBrand(s, c) ? 1 : 0;
    d.share_of_voice.emplace_back(c, n);
  }

  std::vector<const ScoredMention*> by_reach = mine;
  std::sort(by_reach.begin(), by_reach.end(),
            [](auto* a, auto* b) { return a->mention.Reach() > b->mention.Reach(); });
  for (size_t i = 0; i < by_reach.size() && i < kTopMentions; ++i) d.top_reach.push_back(ToDigestMention(*by_reach[i]));
  std::vector<const ScoredMention*> negative;
  for (auto* s : mine) {
    if (s->verdict.label == SentimentLabel::kNegative) negative.push_back(s);
  }
  std::sort(negative.begin(), negative.end(), [](auto* a, auto* b) { return a->verdict.score < b->verdict.score; });
  for (size_t i = 0; i < negative.size() && i < kTopMentions; ++i) {
    d.most_negative.push_back(ToDigestMention(*negative[i]));
  }

  auto delivered = env.store->ListOutbox(OutboxState::kDelivered);
  if (delivered.ok()) {
    for (const OutboxEntry& e : *delivered) {
      if (e.brand == brand.name && e.created_ms >= from_ms && e.created_ms < to_ms) ++d.tickets_opened;
    }
  }
  return d;
}

}  // namespace

Result<AlertReport> SendDigests(JobEnv& env, Mailer& mailer) {
  AlertReport report;
  const EmailConfig& ec = env.config.email;
  if (ec.digest == "off") return report;
  if (ec.to.empty()) {
    log::Warn("digest.no_recipients").Kv("hint", "set email.to to receive digests");
    return report;
  }
  int64_t now = env.clock->NowMs();
  DigestOptions opts;
  opts.lang = ec.lang;
  opts.from = ec.from;
  opts.to = ec.to;

  for (const Brand& brand : env.config.brands) {
    if (brand.is_competitor) continue;
    Period period;
    std::string watermark_key = "digest-watermark/" + brand.name;
    if (ec.digest == "run") {
      // What was scored since the last digest that went out.
      auto mark = env.store->GetLedger(watermark_key);
      if (!mark.ok()) return mark.status();
      period.from_ms = mark->has_value() ? std::stoll(**mark) : 0;
      period.to_ms = now + 1;
    } else {
      period = LastClosedPeriod(ec.digest, now);
    }
    auto mentions = env.store->ReadMentions(period.from_ms, period.to_ms);
    if (!mentions.ok()) return mentions.status();
    int64_t newest = -1, oldest = -1;
    for (const ScoredMention& s : *mentions) {
      if (!HasBrand(s, brand.name)) continue;
      newest = std::max(newest, s.scored_ms);
      oldest = oldest < 0 ? s.scored_ms : std::min(oldest, s.scored_ms);
    }
    if (ec.digest == "run") {
      if (newest < 0) {
        ++report.digests_skipped;  // nothing new: no e-mail
        continue;
      }
      period.to_ms = newest + 1;
      period.key = FormatUtc(newest, "%Y-%m-%dT%H:%M:%SZ") + "-" + std::to_string(newest);
    }
    std::string ledger_key = "digest/" + brand.name + "/" + ec.digest + "/" + period.key;
    auto sent = env.store->GetLedger(ledger_key);
    if (!sent.ok()) return sent.status();
    if (sent->has_value()) {
      ++report.digests_skipped;
      continue;
    }
    DigestData data = BuildData(env, brand, *mentions, period.from_ms, period.to_ms);
    data.period = ec.digest;
    data.period_key = period.key;
    if (ec.digest == "run") data.from_ms = oldest;  // not the watermark's epoch on a first run
    Email email = BuildDigest(data, opts);
    Status st = mailer.Send(email);
    CrashPoint("alert.after_send");
    if (!st.ok()) {
      // Not recorded: the next run tries the same period again.
      ++report.failed;
      log::Error("digest.send_failed").Kv("brand", brand.name).Kv("period", period.key).Kv("error", st.ToString());
      continue;
    }
    Batch batch;
    batch.PutLedger(ledger_key, std::to_string(now));
    if (ec.digest == "run") batch.PutLedger(watermark_key, std::to_string(period.to_ms));
    VEILLE_RETURN_IF_ERROR(env.store->Commit(batch));
    ++report.digests_sent;
    log::Info("digest.sent").Kv("brand", brand.name).Kv("period", ec.digest).Kv("key", period.key)
        .Kv("mentions", data.total).Kv("message_id", EffectiveMessageId(email));
  }
  return report;
}

}  // namespace veille

// ---------------------------------------------------------------- command

namespace veille {

std::string AlertSummaryJson(const AlertReport& r) {
  return "{\"digests_sent\":" + std::to_string(r.digests_sent) + ",\"digests_skipped\":" +
         std::to_string(r.digests_skipped) + ",\"failed\":" + std::to_string(r.failed) + "}";
}

const Command kAlertCommand = {
    "alert", "Send the digest e-mails that are due",
    [](CLI::App&) {},
    [](const GlobalOptions& global) {
      return RunJob(global, "alert", /*with_kafka=*/false, [](JobEnv& env) -> Result<JobOutcome> {
        auto mailer = MakeMailer(env.config);
        if (!mailer.ok()) return mailer.status();
        auto report = SendDigests(env, **mailer);
        if (!report.ok()) return report.status();
        std::printf("alert: %lld digests sent, %lld skipped, %lld failed\n",
                    static_cast<long long>(report->digests_sent), static_cast<long long>(report->digests_skipped),
                    static_cast<long long>(report->failed));
        return JobOutcome{report->failed > 0 ? kExitFailed : kExitOk, AlertSummaryJson(*report)};
      });
    }};

}  // namespace veille
