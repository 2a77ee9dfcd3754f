#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <algorithm>
#include <ctime>
#include <map>
#include <optional>

#include "alerting/digest.h"
#include "alerting/email.h"
#include "alerting/spike.h"
#include "collectors/feed.h"
#include "collectors/http_client.h"
#include "common/secret.h"
#include "common/fault.h"
#include "common/log.h"
#include "jobs/alert.h"
#include "jobs/command.h"
#include "jobs/pipeline.h"
#include "storage/keys.h"

namespace veille {
namespace {

constexpr int64_t kDayMs = 24 * keys::kHourMs;
constexpr size_t kTopMentions = 5;

// The [alerts] Slack or Teams incoming webhook, when one is configured.
class ChatWebhook {
 public:
  // Resolves webhook_url (a secret: its path carries the token) when
  // `wanted`; posts through `http`, or a libcurl client of its own when null.
  static Result<ChatWebhook> Open(const AlertsConfig& ac, bool wanted, HttpClient* http) {
    ChatWebhook hook;
    if (!wanted || ac.webhook_url.empty()) return hook;
    auto url = ResolveSecret(ac.webhook_url);
    if (!url.ok()) return url.status().WithContext("alerts.webhook_url");
    if (url->rfind("https://", 0) != 0 && url->rfind("http://", 0) != 0) {
      return Status::InvalidArgument("alerts.webhook_url: the secret is not an http(s) URL");
    }
    hook.url_ = std::move(url).value();
    hook.format_ = ac.webhook_format == "teams" ? ChatFormat::kTeams : ChatFormat::kSlack;
    if (http == nullptr) {
      hook.own_http_ = NewCurlHttpClient();
      http = hook.own_http_.get();
    }
    hook.http_ = http;
    return hook;
  }

  bool enabled() const { return !url_.empty(); }
  ChatFormat format() const { return format_; }

  // POSTs a chat message. Transport errors quote the URL, a secret, so a
  // failure says only its kind, or the HTTP status.
  Status Post(std::string body) const {
    HttpRequest req;
    req.method = "POST";
    req.url = url_;
    req.headers = {{"Content-Type", "application/json"}};
    req.body = std::move(body);
    req.timeout_ms = 30'000;
    req.max_redirects = 0;
    auto resp = http_->Send(req);
    if (!resp.ok()) return Status::IOError(std::string("webhook: ") + Status::CodeName(resp.status().code()));
    if (resp->status / 100 != 2) return Status::IOError("webhook answered HTTP " + std::to_string(resp->status));
    return Status::OK();
  }

 private:
  std::string url_;
  ChatFormat format_ = ChatFormat::kSlack;
  HttpClient* http_ = nullptr;
  std::unique_ptr<HttpClient> own_http_;
};

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

namespace {

struct Recipients {
  std::string name;  // "" for email.to itself
  std::vector<std::string> to;
  std::string lang;
};

// email.to (in email.lang) and every [[email.lists]] entry.
std::vector<Recipients> RecipientLists(const EmailConfig& ec) {
  std::vector<Recipients> out;
  if (!ec.to.empty()) out.push_back({"", ec.to, ec.lang});
  for (const RecipientList& l : ec.lists) out.push_back({l.name, l.to, l.lang});
  return out;
}

int64_t CountBrand(const std::vector<ScoredMention>& all, const std::string& brand) {
  int64_t n = 0;
  for (const ScoredMention& s : all) n += HasBrand(s, brand) ? 1 : 0;
  return n;
}

}  // namespace

Result<AlertReport> SendDigests(JobEnv& env, Mailer& mailer, HttpClient* http) {
  AlertReport report;
  const EmailConfig& ec = env.config.email;
  const AlertsConfig& ac = env.config.alerts;
  if (ec.digest == "off") return report;
  auto opened = ChatWebhook::Open(ac, ac.webhook_digests, http);
  if (!opened.ok()) return opened.status();
  const ChatWebhook& webhook = *opened;
  const std::string webhook_lang = ac.lang.empty() ? ec.lang : ac.lang;
  const std::vector<Recipients> lists = RecipientLists(ec);
  if (lists.empty() && !webhook.enabled()) {
    log::Warn("digest.no_recipients").Kv("hint", "set email.to or [[email.lists]] to receive digests");
    return report;
  }
  int64_t now = env.clock->NowMs();

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
    const std::string base_key = "digest/" + brand.name + "/" + ec.digest + "/" + period.key;
    std::optional<DigestData> data;  // built once, when some list still needs it
    auto ensure_data = [&]() -> Status {
      if (data.has_value()) return Status::OK();
      data = BuildData(env, brand, *mentions, period.from_ms, period.to_ms);
      data->period = ec.digest;
      data->period_key = period.key;
      if (ec.digest == "run") {
        data->from_ms = oldest;  // not the watermark's epoch on a first run
        return Status::OK();
      }
      // The same span just before, for the change line.
      int64_t span = period.to_ms - period.from_ms;
      auto previous = env.store->ReadMentions(period.from_ms - span, period.from_ms);
      if (!previous.ok()) return previous.status();
      data->previous_total = CountBrand(*previous, brand.name);
      return Status::OK();
    };
    bool all_sent = true;
    if (webhook.enabled()) {
      // Its own ledger entry: a failed post is retried without mailing twice.
      const std::string hook_key = base_key + "/webhook";
      auto posted = env.store->GetLedger(hook_key);
      if (!posted.ok()) return posted.status();
      if (!posted->has_value()) {
        VEILLE_RETURN_IF_ERROR(ensure_data());
        Status hs = webhook.Post(BuildDigestChatJson(*data, webhook_lang, webhook.format()));
        if (hs.ok()) {
          VEILLE_RETURN_IF_ERROR(env.store->PutLedger(hook_key, std::to_string(now)));
          ++report.webhooks_sent;
          log::Info("digest.posted").Kv("brand", brand.name).Kv("period", ec.digest).Kv("key", period.key);
        } else {
          ++report.failed;
          all_sent = false;
          log::Error("digest.webhook_failed").Kv("brand", brand.name).Kv("period", period.key)
              .Kv("error", hs.message());
        }
      }
    }
    for (const Recipients& list : lists) {
      // One ledger entry (and one Message-ID) per list, so that a list whose
      // send failed is retried without resending to the others. email.to
      // keeps the plain key.
      const std::string ledger_key = list.name.empty() ? base_key : base_key + "/" + list.name;
      auto sent = env.store->GetLedger(ledger_key);
      if (!sent.ok()) return sent.status();
      if (sent->has_value()) {
        ++report.digests_skipped;
        continue;
      }
      VEILLE_RETURN_IF_ERROR(ensure_data());
      DigestOptions opts;
      opts.lang = list.lang;
      opts.from = ec.from;
      opts.to = list.to;
      Email email = BuildDigest(*data, opts);
      if (!list.name.empty()) email.idempotency_key = ledger_key;
      Status st = mailer.Send(email);
      CrashPoint("alert.after_send");
      if (!st.ok()) {
        // Not recorded: the next run tries the same period again.
        ++report.failed;
        all_sent = false;
        log::Error("digest.send_failed").Kv("brand", brand.name).Kv("period", period.key).Kv("list", list.name)
            .Kv("error", st.ToString());
        continue;
      }
      Batch batch;
      batch.PutLedger(ledger_key, std::to_string(now));
      VEILLE_RETURN_IF_ERROR(env.store->Commit(batch));
      ++report.digests_sent;
      log::Info("digest.sent").Kv("brand", brand.name).Kv("period", ec.digest).Kv("key", period.key)
          .Kv("list", list.name).Kv("lang", list.lang).Kv("mentions", data->total)
          .Kv("message_id", EffectiveMessageId(email));
    }
    if (ec.digest == "run" && all_sent) {
      VEILLE_RETURN_IF_ERROR(env.store->PutLedger(watermark_key, std::to_string(period.to_ms)));
    }
  }
  return report;
}

}  // namespace veille

// ---------------------------------------------------------------- spikes

namespace veille {

namespace {

constexpr int64_t kWeekMs = 7 * kDayMs;
constexpr size_t kDrivingMentions = 10;

SpikeOptions SpikeOptionsFrom(const AlertsConfig& a) {
  SpikeOptions o;
  o.min_volume = a.min_volume;
  o.drop_min_baseline = a.drop_min_baseline;
  o.warmup_weeks = a.warmup_weeks;
  o.baseline_weeks = a.baseline_weeks;
  o.warning_z = a.warning_z;
  o.critical_z = a.critical_z;
  o.min_ratio = a.min_ratio;
  o.drop_ratio = a.drop_ratio;
  o.cooldown_hours = a.cooldown_hours;
  return o;
}

struct BrandSeries {
  HourlyCounts total, negative;
  int64_t history_start_ms = -1;  // -1: no trend at all yet
};

// The hourly counts the detector needs to judge hours in [from_ms, to_ms).
Result<BrandSeries> ReadSeries(const Store& store, const std::string& brand, int64_t from_ms, int64_t to_ms,
                               const SpikeOptions& o) {
  BrandSeries s;
  auto first = store.FirstTrendHour(brand);
  if (!first.ok()) return first.status();
  if (!first->has_value()) return s;
  s.history_start_ms = **first;
  auto points = store.ReadTrends(brand, from_ms - o.baseline_weeks * kWeekMs - keys::kHourMs, to_ms + keys::kHourMs);
  if (!points.ok()) return points.status();
  for (const TrendPoint& p : *points) {
    if (p.dimension == "total") s.total[p.hour_ms] += static_cast<int64_t>(p.value);
    if (p.dimension == "label/negative") s.negative[p.hour_ms] += static_cast<int64_t>(p.value);
  }
  return s;
}

// The mentions of `brand` published (or scored, when undated) in the hour of
// `check`: the most negative first for a negative surge, the most reached
// first otherwise. Mentions are stored by scoring time, which is at or after
// publication, so the scan starts at the hour and ends now.
Result<std::vector<DigestMention>> DrivingMentions(const Store& store, const std::string& brand,
                                                   const SpikeCheck& check, int64_t now) {
  std::vector<DigestMention> out;
  if (check.kind == SpikeKind::kDrop) return out;
  auto all = store.ReadMentions(check.hour_ms, now + 1);
  if (!all.ok()) return all.status();
  std::vector<const ScoredMention*> mine;
  for (const ScoredMention& s : *all) {
    int64_t at = s.mention.published_ms > 0 ? s.mention.published_ms : s.scored_ms;
    if (at < check.hour_ms || at >= check.hour_ms + keys::kHourMs || !HasBrand(s, brand)) continue;
    if (check.kind == SpikeKind::kNegativeSurge && s.verdict.label != SentimentLabel::kNegative) continue;
    mine.push_back(&s);
  }
  if (check.kind == SpikeKind::kNegativeSurge) {
    std::stable_sort(mine.begin(), mine.end(), [](auto* a, auto* b) { return a->verdict.score < b->verdict.score; });
  } else {
    std::stable_sort(mine.begin(), mine.end(),
                     [](auto* a, auto* b) { return a->mention.Reach() > b->mention.Reach(); });
  }
  for (size_t i = 0; i < mine.size() && i < kDrivingMentions; ++i) out.push_back(ToDigestMention(*mine[i]));
  return out;
}

// Ledger value of the last alert of a brand and kind: "<hour_ms> <severity>".
void ParseLast(const std::optional<std::string>& v, int64_t* hour, SpikeSeverity* severity) {
  *hour = -1;
  *severity = SpikeSeverity::kNone;
  if (!v.has_value()) return;
  long long h = 0;
  int sev = 0;
  if (std::sscanf(v->c_str(), "%lld %d", &h, &sev) == 2) {
    *hour = h;
    *severity = static_cast<SpikeSeverity>(std::clamp(sev, 0, 2));
  }
}

}  // namespace

Result<SpikeReport> SendSpikeAlerts(JobEnv& env, Mailer& mailer, HttpClient* http) {
  SpikeReport report;
  const AlertsConfig& ac = env.config.alerts;
  if (!ac.spikes) return report;
  auto opened = ChatWebhook::Open(ac, /*wanted=*/true, http);
  if (!opened.ok()) return opened.status();
  const ChatWebhook& webhook = *opened;
  DigestOptions opts;
  opts.lang = ac.lang.empty() ? env.config.email.lang : ac.lang;
  opts.from = env.config.email.from;
  opts.to = ac.to.empty() ? env.config.email.to : ac.to;
  if (opts.to.empty()) {
    log::Warn("spike.no_recipients").Kv("hint", "set alerts.to or email.to to receive spike alerts");
    return report;
  }
  const SpikeOptions so = SpikeOptionsFrom(ac);
  const int64_t now = env.clock->NowMs();
  // The newest hour that ended at least settle_hours ago.
  const int64_t newest = keys::HourOf(now - ac.settle_hours * keys::kHourMs) - keys::kHourMs;

  for (const Brand& brand : env.config.brands) {
    if (brand.is_competitor) continue;
    const std::string watermark_key = "spike-watermark/" + brand.name;
    auto mark = env.store->GetLedger(watermark_key);
    if (!mark.ok()) return mark.status();
    int64_t first = newest;  // a first run judges the last hour only
    if (mark->has_value()) {
      char* end = nullptr;
      long long v = std::strtoll((*mark)->c_str(), &end, 10);
      if (end == (*mark)->c_str() || *end != '\0') {
        return Status::Corruption("ledger " + watermark_key + ": not an hour: \"" + **mark + "\"");
      }
      first = v + keys::kHourMs;
    }
    first = std::max(first, newest - (ac.max_catch_up_hours - 1) * keys::kHourMs);
    if (first > newest) continue;
    auto series = ReadSeries(*env.store, brand.name, first, newest + keys::kHourMs, so);
    if (!series.ok()) return series.status();

    int64_t judged_up_to = first - keys::kHourMs;
    bool warned = false;
    for (int64_t h = first; h <= newest; h += keys::kHourMs) {
      if (series->history_start_ms < 0) {
        judged_up_to = h;
        continue;
      }
      SpikeEvaluation e = EvaluateSpikes(series->total, series->negative, series->history_start_ms, h, so);
      if (e.warming_up) {
        if (!warned) {
          ++report.warming_up;
          log::Info("spike.warming_up").Kv("brand", brand.name).Kv("history_hours", e.history_hours)
              .Kv("needed_hours", so.warmup_weeks * 7 * 24)
              .Kv("hint", "spike alerts start once there is enough history to know a normal week");
          warned = true;
        }
        judged_up_to = h;
        continue;
      }
      bool failed = false;
      for (const SpikeCheck& c : e.Fired()) {
        const std::string last_key = std::string("spike-last/") + brand.name + "/" + SpikeKindName(c.kind);
        const std::string sent_key =
            std::string("spike/") + brand.name + "/" + SpikeKindName(c.kind) + "/" + std::to_string(c.hour_ms);
        const std::string hook_key = std::string("spike-webhook/") + brand.name + "/" + SpikeKindName(c.kind) + "/" +
                                     std::to_string(c.hour_ms);
        auto sent = env.store->GetLedger(sent_key);
        if (!sent.ok()) return sent.status();
        auto hooked = env.store->GetLedger(hook_key);
        if (!hooked.ok()) return hooked.status();
        const bool mail_due = !sent->has_value();
        const bool hook_due = webhook.enabled() && !hooked->has_value();
        if (!mail_due && !hook_due) continue;  // a retried run: already out
        auto last = env.store->GetLedger(last_key);
        if (!last.ok()) return last.status();
        int64_t last_hour;
        SpikeSeverity last_severity;
        ParseLast(*last, &last_hour, &last_severity);
        if (mail_due && !PassesCooldown(c, last_hour, last_severity, so)) {
          ++report.cooled_down;
          log::Info("spike.cooldown").Kv("brand", brand.name).Kv("kind", SpikeKindName(c.kind))
              .Kv("hour", FormatUtc(c.hour_ms, "%Y-%m-%dT%H:%MZ"));
          continue;
        }
        SpikeAlertData data;
        data.brand = brand.name;
        data.check = c;
        auto driving = DrivingMentions(*env.store, brand.name, c, now);
        if (!driving.ok()) return driving.status();
        data.mentions = std::move(driving).value();
        if (hook_due) {
          Status hs = webhook.Post(BuildSpikeChatJson(data, opts.lang, webhook.format()));
          if (!hs.ok()) {
            ++report.failed;
            failed = true;
            log::Error("spike.webhook_failed").Kv("brand", brand.name).Kv("kind", SpikeKindName(c.kind))
                .Kv("error", hs.message());
            break;
          }
          VEILLE_RETURN_IF_ERROR(env.store->PutLedger(hook_key, std::to_string(now)));
          ++report.webhooks_sent;
        }
        if (!mail_due) continue;
        Email email = BuildSpikeAlert(data, opts);
        Status st = mailer.Send(email);
        if (!st.ok()) {
          // Not recorded, and the watermark stays before this hour: the next
          // run judges it again and retries.
          ++report.failed;
          failed = true;
          log::Error("spike.send_failed").Kv("brand", brand.name).Kv("kind", SpikeKindName(c.kind))
              .Kv("error", st.ToString());
          break;
        }
        Batch batch;
        batch.PutLedger(sent_key, std::to_string(now));
        batch.PutLedger(last_key, std::to_string(c.hour_ms) + " " + std::to_string(static_cast<int>(c.severity)));
        VEILLE_RETURN_IF_ERROR(env.store->Commit(batch));
        ++report.sent;
        log::Warn("spike.alert_sent").Kv("brand", brand.name).Kv("kind", SpikeKindName(c.kind))
            .Kv("severity", SpikeSeverityName(c.severity)).Kv("observed", c.observed).Kv("expected", c.expected)
            .Kv("z", c.z).Kv("message_id", EffectiveMessageId(email));
      }
      if (failed) break;
      judged_up_to = h;
    }
    // Written even when nothing was judged (a failed send on the first
    // hour): the next run then starts at that hour, not at its own newest.
    VEILLE_RETURN_IF_ERROR(env.store->PutLedger(watermark_key, std::to_string(judged_up_to)));
  }
  return report;
}

Result<std::string> Backtest(const Store& store, const Config& config, int64_t from_ms, int64_t to_ms) {
  const SpikeOptions so = SpikeOptionsFrom(config.alerts);
  std::string out;
  for (const Brand& brand : config.brands) {
    if (brand.is_competitor) continue;
    auto series = ReadSeries(store, brand.name, from_ms, to_ms, so);
    if (!series.ok()) return series.status();
    if (series->history_start_ms < 0) {
      out += brand.name + ": no trend counters yet, nothing to replay\n";
      continue;
    }
    BacktestResult r =
        veille::Backtest(series->total, series->negative, series->history_start_ms, from_ms, to_ms, so);
    int64_t critical = 0;
    for (const SpikeCheck& c : r.fired) {
      out += DescribeSpike(brand.name, c) + "\n";
      critical += c.severity == SpikeSeverity::kCritical;
    }
    int64_t hours = (to_ms - from_ms + keys::kHourMs - 1) / keys::kHourMs;
    out += brand.name + ": " + std::to_string(r.fired.size()) + " alerts (" + std::to_string(critical) +
           " critical) over " + std::to_string(hours) + " hours";
    if (r.warmup_hours > 0) {
      out += ", " + std::to_string(r.warmup_hours) + " hours in warm-up (history starts " +
             FormatUtc(series->history_start_ms, "%Y-%m-%dT%H:%MZ") + ", " + std::to_string(so.warmup_weeks) +
             " weeks needed)";
    }
    out += "\n";
  }
  return out;
}

}  // namespace veille

// ---------------------------------------------------------------- command

namespace veille {

std::string AlertSummaryJson(const AlertReport& r) {
  return "{\"digests_sent\":" + std::to_string(r.digests_sent) + ",\"webhooks_sent\":" +
         std::to_string(r.webhooks_sent) + ",\"digests_skipped\":" +
         std::to_string(r.digests_skipped) + ",\"failed\":" + std::to_string(r.failed) + "}";
}

struct AlertOptions {
  std::vector<std::string> backtest;  // FROM TO
  bool no_spikes = false;
  bool no_digests = false;
};
AlertOptions g_alert;

int RunBacktest(const GlobalOptions& global) {
  auto cfg = LoadConfigOrLog(global);
  if (!cfg.ok()) return kExitUsage;
  int64_t bounds[2];
  for (int i = 0; i < 2; ++i) {
    bounds[i] = ParseRfc3339Date(g_alert.backtest[i]);
    if (bounds[i] < 0) {
      log::Error("alert.bad_option").Kv("error", "--backtest " + std::string(i == 0 ? "FROM" : "TO") + ": \"" +
                                                     g_alert.backtest[i] +
                                                     "\" is not a date (expected 2026-11-23 or 2026-11-23T10:00:00Z)");
      return kExitUsage;
    }
  }
  if (bounds[0] >= bounds[1]) {
    log::Error("alert.bad_option").Kv("error", "--backtest: FROM must be before TO");
    return kExitUsage;
  }
  std::string path = (std::filesystem::path(cfg->data_dir) / "state").string();
  if (!std::filesystem::exists(path)) {
    std::printf("no state yet at %s: nothing to replay\n", path.c_str());
    return kExitOk;
  }
  StoreOptions so;
  so.read_only = true;  // a replay changes nothing and may run beside a job
  auto store = Store::Open(path, so);
  if (!store.ok()) {
    log::Error("alert.open_failed").Kv("error", store.status().ToString());
    return kExitFailed;
  }
  auto out = Backtest(**store, *cfg, bounds[0], bounds[1]);
  if (!out.ok()) {
    log::Error("alert.backtest_failed").Kv("error", out.status().ToString());
    return kExitFailed;
  }
  std::fwrite(out->data(), 1, out->size(), stdout);
  return kExitOk;
}

const Command kAlertCommand = {
    "alert", "Send the digest e-mails that are due and the spike alerts; --backtest replays the detector",
    [](CLI::App& app) {
      app.add_option("--backtest", g_alert.backtest,
                     "FROM TO (UTC dates or date-times): print when spike alerts would have fired, send nothing")
          ->expected(2);
      app.add_flag("--no-spikes", g_alert.no_spikes, "Do not run spike detection this time");
      app.add_flag("--no-digests", g_alert.no_digests, "Do not send digests this time");
    },
    [](const GlobalOptions& global) {
      if (!g_alert.backtest.empty()) return RunBacktest(global);
      return RunJob(global, "alert", /*with_kafka=*/false, [](JobEnv& env) -> Result<JobOutcome> {
        auto mailer = MakeMailer(env.config);
        if (!mailer.ok()) return mailer.status();
        AlertReport report;
        if (!g_alert.no_digests) {
          auto digests = SendDigests(env, **mailer);
          if (!digests.ok()) return digests.status();
          report = *digests;
        }
        SpikeReport spikes;
        if (!g_alert.no_spikes) {
          auto sent = SendSpikeAlerts(env, **mailer);
          if (!sent.ok()) return sent.status();
          spikes = *sent;
        }
        int64_t rolled = 0;
        if (env.config.alerts.hourly_days > 0) {
          auto r = env.store->RollupTrends(env.clock->NowMs() - env.config.alerts.hourly_days * kDayMs);
          if (!r.ok()) return r.status();
          rolled = *r;
          if (rolled > 0) log::Info("trends.rolled_up").Kv("hourly_counters", rolled);
        }
        std::printf("alert: %lld digests sent, %lld skipped, %lld failed; %lld spike alerts sent, %lld held by "
                    "cooldown, %lld failed\n",
                    static_cast<long long>(report.digests_sent), static_cast<long long>(report.digests_skipped),
                    static_cast<long long>(report.failed), static_cast<long long>(spikes.sent),
                    static_cast<long long>(spikes.cooled_down), static_cast<long long>(spikes.failed));
        std::string summary = AlertSummaryJson(report);
        summary.pop_back();
        summary += ",\"spikes_sent\":" + std::to_string(spikes.sent) + ",\"spikes_cooled_down\":" +
                   std::to_string(spikes.cooled_down) + ",\"spikes_failed\":" + std::to_string(spikes.failed) +
                   ",\"trends_rolled_up\":" + std::to_string(rolled) + "}";
        bool failed = report.failed > 0 || spikes.failed > 0;
        return JobOutcome{failed ? kExitFailed : kExitOk, summary};
      });
    }};

}  // namespace veille
