// Spike detection: per brand, is this hour's volume (all mentions, or only
// negative ones) far above, or far below, what that hour of the week usually
// sees?
//
// The baseline of hour H is the median of the same hour of the week (and the
// hours either side of it) over the previous weeks, so that Monday 09:00 is
// compared with Mondays around 09:00, not with Sunday night. The deviation
// is a robust z-score that two models must agree on: the MAD of those hours
// (scaled to a standard deviation) and a Poisson model of the median
// (through the Anscombe transform), which acts as a floor so that a flat,
// quiet history does not make one extra mention look like a storm. A surge must also be at least `min_ratio` times the
// baseline and at least `min_volume` mentions: two mentions at night alert
// no one. With less than `warmup_weeks` of history the detector says it is
// warming up instead of guessing.
//
// BuildSpikeAlert renders the alert e-mail: one sentence saying what
// happened, the numbers against the baseline, the mentions driving it.
// Everything here is pure and thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "alerting/digest.h"
#include "alerting/email.h"

namespace veille {

enum class SpikeKind { kNegativeSurge, kTotalSurge, kDrop };
const char* SpikeKindName(SpikeKind kind);  // "negative-surge", "total-surge", "drop"

enum class SpikeSeverity { kNone = 0, kWarning = 1, kCritical = 2 };
const char* SpikeSeverityName(SpikeSeverity s);  // "none", "warning", "critical"

struct SpikeOptions {
  int64_t min_volume = 10;          // a surge needs at least this many mentions in the hour
  int64_t drop_min_baseline = 20;   // a drop needs a baseline of at least this many
  int64_t warmup_weeks = 2;         // history needed before anything is judged
  int64_t baseline_weeks = 8;       // weeks of history the baseline looks at
  double warning_z = 4.0;           // robust z-score of a warning
  double critical_z = 8.0;          // ... and of a critical alert
  double min_ratio = 2.0;           // a surge is at least this many times the baseline
  double drop_ratio = 0.25;         // a drop is at most this fraction of the baseline
  int64_t cooldown_hours = 6;       // same brand and kind: no new alert unless it escalates
};

// Hourly counts: hour start (UTC ms) -> mentions. A missing hour is zero.
using HourlyCounts = std::map<int64_t, int64_t>;

struct SpikeCheck {
  SpikeKind kind = SpikeKind::kTotalSurge;
  SpikeSeverity severity = SpikeSeverity::kNone;
  int64_t hour_ms = 0;
  int64_t observed = 0;
  double expected = 0;  // the baseline (median)
  double spread = 0;    // the scale the z-score divides by
  double z = 0;
  int samples = 0;      // how many past hours the baseline is made of
};

struct SpikeEvaluation {
  bool warming_up = false;
  int64_t history_hours = 0;         // how much history there was
  std::vector<SpikeCheck> checks;    // one per kind, severity kNone when quiet
  std::vector<SpikeCheck> Fired() const;
};

// Judges hour `hour_ms` of one brand. `history_start_ms` is the first hour
// the brand was watched (before it, counts are unknown, not zero).
SpikeEvaluation EvaluateSpikes(const HourlyCounts& total, const HourlyCounts& negative, int64_t history_start_ms,
                               int64_t hour_ms, const SpikeOptions& options);

// Cooldown: true when `check` should be sent given the last alert of the
// same brand and kind (hour and severity; last_hour_ms < 0 = none): outside
// the cooldown, or an escalation from warning to critical.
bool PassesCooldown(const SpikeCheck& check, int64_t last_hour_ms, SpikeSeverity last_severity,
                    const SpikeOptions& options);

struct BacktestResult {
  std::vector<SpikeCheck> fired;     // in time order, cooldown applied
  int64_t warmup_hours = 0;          // hours skipped for lack of history
};

// Replays the detector on every hour in [from_ms, to_ms), with the cooldown,
// as the alert job would have run it hourly.
BacktestResult Backtest(const HourlyCounts& total, const HourlyCounts& negative, int64_t history_start_ms,
                        int64_t from_ms, int64_t to_ms, const SpikeOptions& options);

struct SpikeAlertData {
  std::string brand;
  SpikeCheck check;
  std::vector<DigestMention> mentions;  // the ones driving it, most relevant first
};

// Subject, plain text and HTML; idempotency_key =
// "spike/<brand>/<kind>/<hour_ms>", date_ms = the end of the hour.
Email BuildSpikeAlert(const SpikeAlertData& data, const DigestOptions& options);

enum class ChatFormat { kSlack, kTeams };

// The same alert for a Slack or Microsoft Teams incoming webhook: the JSON
// body {"text": ...} with the title in bold, the one-sentence summary and up
// to three driving mentions as links. Mention text is escaped for the
// format (Slack: & < >; Teams markdown: its punctuation), links are only
// ever http(s) and cannot break out of their markup.
std::string BuildSpikeChatJson(const SpikeAlertData& data, const std::string& lang, ChatFormat format);

// A digest for the same webhooks: the digest e-mail's subject in bold (its
// headline numbers), the sentiment shares and tickets opened, and up to
// three of the most negative mentions as links, escaped like spike alerts.
std::string BuildDigestChatJson(const DigestData& data, const std::string& lang, ChatFormat format);

// One line for `veille alert --backtest`.
std::string DescribeSpike(const std::string& brand, const SpikeCheck& check);

}  // namespace veille
