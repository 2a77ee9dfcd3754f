// Spike detection and the alert e-mail. See spike.h for the model.
#include "alerting/spike.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <string_view>

#include "alerting/text.h"

namespace veille {

using alerting_internal::Excerpt;
using alerting_internal::FormatCount;
using alerting_internal::FormatDecimal;
using alerting_internal::FormatPercent;
using alerting_internal::HumanDate;
using alerting_internal::HumanDateTime;

namespace {

constexpr int64_t kHourMs = 3'600'000;
constexpr int64_t kWeekMs = 7 * 24 * kHourMs;
constexpr size_t kMaxMentions = 10;
// MAD * 1.4826 estimates the standard deviation of a normal distribution.
constexpr double kMadToSigma = 1.4826;

int64_t CountAt(const HourlyCounts& counts, int64_t hour_ms) {
  auto it = counts.find(hour_ms);
  return it == counts.end() ? 0 : it->second;
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
  double hi = v[mid];
  if (v.size() % 2 == 1) return hi;
  double lo = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid));
  return (lo + hi) / 2;
}

SpikeCheck Judge(SpikeKind kind, const HourlyCounts& counts, int64_t history_start_ms, int64_t hour_ms,
                 const SpikeOptions& o) {
  SpikeCheck c;
  c.kind = kind;
  c.hour_ms = hour_ms;
  c.observed = CountAt(counts, hour_ms);
  std::vector<double> samples, exact;
  for (int64_t k = 1; k <= o.baseline_weeks; ++k) {
    for (int64_t j = -1; j <= 1; ++j) {
      int64_t at = hour_ms - k * kWeekMs + j * kHourMs;
      if (at < history_start_ms) continue;
      samples.push_back(static_cast<double>(CountAt(counts, at)));
      if (j == 0) exact.push_back(samples.back());
    }
  }
  c.samples = static_cast<int>(samples.size());
  if (samples.empty()) return c;
  // The hours either side make the baseline steadier, but at a step of the
  // daily cycle (17:00 busy, 18:00 quiet) they pull it towards the other
  // level. So the baseline is the more cautious of the median of the same
  // hour alone and the median with its neighbours: the higher for a surge,
  // the lower for a drop.
  double wide = Median(samples);
  double same = exact.empty() ? wide : Median(exact);
  c.expected = kind == SpikeKind::kDrop ? std::min(wide, same) : std::max(wide, same);
  std::vector<double> dev;
  dev.reserve(samples.size());
  for (double s : samples) dev.push_back(std::fabs(s - c.expected));
  const double mad_sigma = kMadToSigma * Median(dev);
  const double observed = static_cast<double>(c.observed);
  // Two opinions, and the hour is unusual only if both agree (the one
  // closer to zero wins):
  //  - Poisson: counts of rare events vary by about sqrt(mean) even when the
  //    history happens to be flat. The Anscombe transform makes a Poisson
  //    count nearly normal with unit variance, including at night's means
  //    of 0 to 5 where a plain (x - m) / sqrt(m) has far too heavy a tail.
  //  - Robust history: the MAD of the same hours, which captures real-world
  //    overdispersion (a brand that is always bursty).
  const double z_poisson = 2.0 * (std::sqrt(observed + 0.375) - std::sqrt(c.expected + 0.375));
  double z = z_poisson;
  if (mad_sigma > 0) {
    double z_mad = (observed - c.expected) / mad_sigma;
    if (std::fabs(z_mad) < std::fabs(z_poisson)) z = z_mad;
  }
  c.spread = std::max(mad_sigma, std::sqrt(std::max(c.expected, 1.0)));
  c.z = z;

  auto level = [&o](double z) {
    return z >= o.critical_z ? SpikeSeverity::kCritical : z >= o.warning_z ? SpikeSeverity::kWarning
                                                                           : SpikeSeverity::kNone;
  };
  if (kind == SpikeKind::kDrop) {
    bool big_enough = c.expected >= static_cast<double>(o.drop_min_baseline);
    bool low = static_cast<double>(c.observed) <= o.drop_ratio * c.expected;
    if (big_enough && low) c.severity = level(-c.z);
  } else {
    bool big_enough = c.observed >= o.min_volume;
    bool ratio = static_cast<double>(c.observed) >= o.min_ratio * std::max(c.expected, 1.0);
    if (big_enough && ratio) c.severity = level(c.z);
  }
  return c;
}

}  // namespace

const char* SpikeKindName(SpikeKind kind) {
  switch (kind) {
    case SpikeKind::kNegativeSurge: return "negative-surge";
    case SpikeKind::kTotalSurge: return "total-surge";
    case SpikeKind::kDrop: return "drop";
  }
  return "?";
}

const char* SpikeSeverityName(SpikeSeverity s) {
  switch (s) {
    case SpikeSeverity::kNone: return "none";
    case SpikeSeverity::kWarning: return "warning";
    case SpikeSeverity::kCritical: return "critical";
  }
  return "?";
}

std::vector<SpikeCheck> SpikeEvaluation::Fired() const {
  std::vector<SpikeCheck> out;
  for (const SpikeCheck& c : checks) {
    if (c.severity != SpikeSeverity::kNone) out.push_back(c);
  }
  return out;
}

SpikeEvaluation EvaluateSpikes(const HourlyCounts& total, const HourlyCounts& negative, int64_t history_start_ms,
                               int64_t hour_ms, const SpikeOptions& options) {
  SpikeEvaluation e;
  e.history_hours = std::max<int64_t>(0, (hour_ms - history_start_ms) / kHourMs);
  if (hour_ms - history_start_ms < options.warmup_weeks * kWeekMs) {
    e.warming_up = true;
    return e;
  }
  e.checks.push_back(Judge(SpikeKind::kNegativeSurge, negative, history_start_ms, hour_ms, options));
  e.checks.push_back(Judge(SpikeKind::kTotalSurge, total, history_start_ms, hour_ms, options));
  e.checks.push_back(Judge(SpikeKind::kDrop, total, history_start_ms, hour_ms, options));
  return e;
}

bool PassesCooldown(const SpikeCheck& check, int64_t last_hour_ms, SpikeSeverity last_severity,
                    const SpikeOptions& options) {
  if (last_hour_ms < 0) return true;
  if (check.hour_ms - last_hour_ms >= options.cooldown_hours * kHourMs) return true;
  return check.severity > last_severity;
}

BacktestResult Backtest(const HourlyCounts& total, const HourlyCounts& negative, int64_t history_start_ms,
                        int64_t from_ms, int64_t to_ms, const SpikeOptions& options) {
  BacktestResult r;
  std::map<SpikeKind, std::pair<int64_t, SpikeSeverity>> last;
  int64_t start = from_ms - ((from_ms % kHourMs) + kHourMs) % kHourMs;
  for (int64_t h = start; h < to_ms; h += kHourMs) {
    SpikeEvaluation e = EvaluateSpikes(total, negative, history_start_ms, h, options);
    if (e.warming_up) {
      ++r.warmup_hours;
      continue;
    }
    for (const SpikeCheck& c : e.Fired()) {
      auto it = last.find(c.kind);
      int64_t last_hour = it == last.end() ? -1 : it->second.first;
      SpikeSeverity last_sev = it == last.end() ? SpikeSeverity::kNone : it->second.second;
      if (!PassesCooldown(c, last_hour, last_sev, options)) continue;
      last[c.kind] = {c.hour_ms, c.severity};
      r.fired.push_back(c);
    }
  }
  return r;
}

// ------------------------------------------------------------------ e-mail

namespace {

std::string Hour(int64_t ms, bool fr) {
  int h = static_cast<int>(((ms / kHourMs) % 24 + 24) % 24);
  char buf[16];
  if (fr) {
    std::snprintf(buf, sizeof buf, "%d\u00A0h", h);
  } else {
    std::snprintf(buf, sizeof buf, "%02d:00", h);
  }
  return buf;
}

std::string Ratio(const SpikeCheck& c, bool fr) {
  double r = static_cast<double>(c.observed) / std::max(c.expected, 1.0);
  return FormatDecimal(r, r >= 10 ? 0 : 1, fr);
}

std::string Expected(const SpikeCheck& c, bool fr) {
  return FormatDecimal(c.expected, c.expected == std::floor(c.expected) ? 0 : 1, fr);
}

// The one sentence that says what happened.
std::string Summary(const SpikeAlertData& d, bool fr) {
  const SpikeCheck& c = d.check;
  std::string brand = StripHeaderValue(d.brand);
  std::string when = fr ? "entre " + Hour(c.hour_ms, true) + " et " + Hour(c.hour_ms + kHourMs, true) +
                              " (UTC) le " + HumanDate(c.hour_ms, true)
                        : "between " + Hour(c.hour_ms, false) + " and " + Hour(c.hour_ms + kHourMs, false) +
                              " UTC on " + HumanDate(c.hour_ms, false);
  std::string n = FormatCount(c.observed, fr);
  if (c.kind == SpikeKind::kDrop) {
    return fr ? brand + " n’a reçu que " + n + " mention" + (c.observed > 1 ? "s " : " ") + when + ", contre " +
                    Expected(c, true) +
                    " attendues sur ce créneau\u00A0: une source est peut-être en panne ou une requête a changé."
              : brand + " got only " + n + " mention" + (c.observed == 1 ? " " : "s ") + when + ", against " +
                    Expected(c, false) +
                    " expected for this hour of the week: a source may be down or a query may have changed.";
  }
  const bool neg = c.kind == SpikeKind::kNegativeSurge;
  if (fr) {
    return brand + " a reçu " + n + " mentions" + (neg ? " négatives " : " ") + when + ", soit " + Ratio(c, true) +
           " fois le niveau habituel de ce créneau (" + Expected(c, true) + " attendues).";
  }
  return brand + " got " + n + (neg ? " negative mentions " : " mentions ") + when + ", " + Ratio(c, false) +
         " times the usual for this hour of the week (" + Expected(c, false) + " expected).";
}

std::string Title(const SpikeAlertData& d, bool fr) {
  const SpikeCheck& c = d.check;
  const bool critical = c.severity == SpikeSeverity::kCritical;
  std::string what;
  switch (c.kind) {
    case SpikeKind::kNegativeSurge: what = fr ? "pic de mentions négatives" : "negative mention surge"; break;
    case SpikeKind::kTotalSurge: what = fr ? "pic de mentions" : "mention surge"; break;
    case SpikeKind::kDrop: what = fr ? "chute du volume de mentions" : "mention volume drop"; break;
  }
  if (fr) return std::string(critical ? "Alerte critique" : "Alerte") + "\u00A0: " + what;
  return std::string(critical ? "Critical alert" : "Alert") + ": " + what;
}

std::string MentionMeta(const DigestMention& m, bool fr) {
  std::string meta;
  if (!m.author.empty()) meta += Excerpt(m.author, 60) + " · ";
  if (!m.source_type.empty()) meta += Excerpt(m.source_type, 30) + " · ";
  if (m.published_ms > 0) meta += HumanDateTime(m.published_ms, fr) + " · ";
  meta += std::string(fr ? "audience " : "reach ") + FormatCount(m.reach, fr) + " · score " +
          FormatDecimal(m.score, 2, fr);
  return meta;
}

}  // namespace

namespace {

constexpr size_t kChatMentions = 3;

std::string SlackEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out += c;
    }
  }
  return out;
}

// Markdown punctuation that could open a link, emphasis or code.
std::string TeamsEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (std::string_view("\\`*_{}[]()<>#+!|~").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

// An http(s) URL safe inside <url|label> or [label](url): SafeHref's checks,
// un-escaped from HTML, with the delimiters of both formats percent-encoded.
std::string ChatUrl(const std::string& url) {
  if (SafeHref(url).empty()) return "";
  std::string out;
  for (char c : url) {
    switch (c) {
      case '|': out += "%7C"; break;
      case '<': out += "%3C"; break;
      case '>': out += "%3E"; break;
      case '(': out += "%28"; break;
      case ')': out += "%29"; break;
      case ' ': out += "%20"; break;
      default: out += c;
    }
  }
  return out;
}

void JsonString(const std::string& s, std::string* out) {
  *out += '"';
  for (unsigned char c : alerting_internal::RepairUtf8(s)) {
    switch (c) {
      case '"': *out += "\\\""; break;
      case '\\': *out += "\\\\"; break;
      case '\n': *out += "\\n"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          *out += buf;
        } else {
          *out += static_cast<char>(c);
        }
    }
  }
  *out += '"';
}


// {"text": ...}: `text` followed by up to kChatMentions mentions as links
// (or plain labels when their URL is not http(s)), escaped for the format.
std::string ChatJson(std::string text, const std::vector<DigestMention>& mentions, bool slack) {
  size_t n = std::min(mentions.size(), kChatMentions);
  for (size_t i = 0; i < n; ++i) {
    const DigestMention& m = mentions[i];
    std::string label = Excerpt(!m.title.empty() ? m.title : m.text, 100);
    label = slack ? SlackEscape(label) : TeamsEscape(label);
    std::string url = ChatUrl(m.url);
    text += slack ? "\n\u2022 " : "\n\n- ";
    if (url.empty()) {
      text += label;
    } else if (slack) {
      text += "<" + url + "|" + label + ">";
    } else {
      text += "[" + label + "](" + url + ")";
    }
  }
  std::string out = "{\"text\":";
  JsonString(text, &out);
  return out + "}";
}

}  // namespace

std::string BuildSpikeChatJson(const SpikeAlertData& d, const std::string& lang, ChatFormat format) {
  const bool fr = lang == "fr";
  const bool slack = format == ChatFormat::kSlack;
  auto esc = [slack](const std::string& s) { return slack ? SlackEscape(s) : TeamsEscape(s); };
  std::string text = (slack ? "*" : "**") + esc(Title(d, fr) + " \u2014 " + StripHeaderValue(d.brand)) +
                     (slack ? "*" : "**") + "\n" + esc(Summary(d, fr));
  return ChatJson(text, d.mentions, slack);
}

std::string BuildDigestChatJson(const DigestData& d, const std::string& lang, ChatFormat format) {
  const bool fr = lang == "fr";
  const bool slack = format == ChatFormat::kSlack;
  auto esc = [slack](const std::string& s) { return slack ? SlackEscape(s) : TeamsEscape(s); };
  DigestOptions options;
  options.lang = fr ? "fr" : "en";
  const std::string headline = BuildDigest(d, options).subject;
  const int64_t judged = d.positive + d.neutral + d.negative;
  const std::string colon = fr ? "\u00A0: " : ": ";
  std::string text = (slack ? "*" : "**") + esc(headline) + (slack ? "*" : "**") + "\n" +
                     esc((fr ? "Positives " : "Positive ") + FormatPercent(d.positive, judged, fr) + " \u00B7 " +
                         (fr ? "neutres " : "neutral ") + FormatPercent(d.neutral, judged, fr) + " \u00B7 " +
                         (fr ? "négatives " : "negative ") + FormatPercent(d.negative, judged, fr) + " \u00B7 " +
                         (fr ? "tickets ouverts" : "tickets opened") + colon + FormatCount(d.tickets_opened, fr));
  const std::vector<DigestMention>& list = d.most_negative.empty() ? d.top_reach : d.most_negative;
  if (!list.empty()) {
    text += (slack ? "\n" : "\n\n") +
            esc(d.most_negative.empty() ? (fr ? "Les plus lues" : "Most reached")
                                        : (fr ? "Les plus négatives" : "Most negative")) +
            (fr ? "\u00A0:" : ":");
  }
  return ChatJson(text, list, slack);
}

std::string DescribeSpike(const std::string& brand, const SpikeCheck& c) {
  char nums[160];
  std::snprintf(nums, sizeof nums, "observed=%lld expected=%.1f spread=%.1f z=%.1f samples=%d",
                static_cast<long long>(c.observed), c.expected, c.spread, c.z, c.samples);
  std::time_t secs = static_cast<std::time_t>(c.hour_ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%MZ", &tm);
  return std::string(when) + " brand=" + StripHeaderValue(brand) + " kind=" + SpikeKindName(c.kind) +
         " severity=" + SpikeSeverityName(c.severity) + " " + nums;
}

Email BuildSpikeAlert(const SpikeAlertData& d, const DigestOptions& options) {
  const bool fr = options.lang == "fr";
  const SpikeCheck& c = d.check;
  const std::string brand = StripHeaderValue(d.brand);
  const std::string colon = fr ? "\u00A0: " : ": ";
  Email e;
  e.from = options.from;
  e.to = options.to;
  e.idempotency_key = "spike/" + d.brand + "/" + SpikeKindName(c.kind) + "/" + std::to_string(c.hour_ms);
  e.date_ms = c.hour_ms + kHourMs;
  e.extra_headers.push_back({"X-Veille-Alert", e.idempotency_key});
  e.extra_headers.push_back({"X-Veille-Severity", SpikeSeverityName(c.severity)});
  if (c.severity == SpikeSeverity::kCritical) e.extra_headers.push_back({"X-Priority", "1"});
  const std::string title = Title(d, fr);
  e.subject = "[veille] " + title + " \u2014 " + brand;
  const std::string summary = Summary(d, fr);

  struct Row {
    std::string label, value;
  };
  const std::vector<Row> rows = {
      {fr ? "Observé" : "Observed", FormatCount(c.observed, fr)},
      {fr ? "Attendu (médiane du même créneau)" : "Expected (median of the same hour)",
       Expected(c, fr) + (fr ? " (sur " : " (from ") + std::to_string(c.samples) + (fr ? " heures passées)" : " past hours)")},
      {fr ? "Écart habituel" : "Usual spread", "\u00B1" + FormatDecimal(c.spread, 1, fr)},
      {fr ? "Écart (z robuste)" : "Deviation (robust z)", FormatDecimal(c.z, 1, fr)},
      {fr ? "Gravité" : "Severity",
       c.severity == SpikeSeverity::kCritical ? (fr ? "critique" : "critical") : (fr ? "avertissement" : "warning")},
  };
  const std::string mentions_title = fr ? "Mentions en cause" : "Mentions driving it";
  const size_t n = std::min(d.mentions.size(), kMaxMentions);

  std::string& x = e.text;
  x += title + " \u2014 " + brand + "\n\n" + summary + "\n\n";
  for (const Row& r : rows) x += "  " + r.label + colon + r.value + "\n";
  if (n > 0) {
    x += "\n" + mentions_title + (fr ? "\u00A0:" : ":") + "\n";
    for (size_t i = 0; i < n; ++i) {
      const DigestMention& m = d.mentions[i];
      x += "  " + std::to_string(i + 1) + ". " + Excerpt(!m.title.empty() ? m.title : m.text, 140) + "\n";
      if (!m.title.empty() && !m.text.empty()) x += "     " + Excerpt(m.text, 220) + "\n";
      x += "     " + MentionMeta(m, fr) + "\n";
      if (!m.url.empty()) x += "     " + Excerpt(m.url, 400) + "\n";
    }
  }
  x += "\n-- \n" + std::string(fr ? "Envoyé par veille. Les textes cités sont ceux des auteurs."
                                   : "Sent by veille. Quoted texts are their authors'.") + "\n";

  const char* color = c.severity == SpikeSeverity::kCritical ? "#c81e1e" : "#c27803";
  std::string& h = e.html;
  h += "<!DOCTYPE html>\n<html lang=\"" + std::string(fr ? "fr" : "en") +
       "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>" +
       EscapeHtml(e.subject) + "</title></head>\n<body style=\"margin:0;padding:0;background:#f3f4f6\">\n"
       "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
       "bgcolor=\"#f3f4f6\" style=\"background:#f3f4f6\"><tr><td align=\"center\" style=\"padding:16px 8px\">\n"
       "<table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
       "bgcolor=\"#ffffff\" style=\"width:600px;max-width:600px;background:#ffffff;"
       "font-family:Arial,Helvetica,sans-serif;color:#111827\">\n";
  h += "<tr><td bgcolor=\"" + std::string(color) + "\" style=\"background:" + color +
       ";padding:18px 24px;color:#ffffff\"><div style=\"font-size:20px;font-weight:bold\">" + EscapeHtml(title) +
       "</div><div style=\"font-size:14px\">" + EscapeHtml(brand) + "</div></td></tr>\n";
  h += "<tr><td style=\"padding:16px 24px;font-size:16px\">" + EscapeHtml(summary) + "</td></tr>\n";
  h += "<tr><td style=\"padding:0 24px\"><table role=\"presentation\" width=\"100%\" cellpadding=\"0\" "
       "cellspacing=\"0\" border=\"0\" style=\"font-size:14px\">\n";
  for (const Row& r : rows) {
    h += "<tr><td style=\"padding:4px 8px 4px 0;color:#6b7280\">" + EscapeHtml(r.label) +
         "</td><td align=\"right\" style=\"padding:4px 0;font-weight:bold\">" + EscapeHtml(r.value) + "</td></tr>\n";
  }
  h += "</table></td></tr>\n";
  if (n > 0) {
    h += "<tr><td style=\"padding:20px 24px 6px;font-size:16px;font-weight:bold\">" + EscapeHtml(mentions_title) +
         "</td></tr>\n<tr><td style=\"padding:0 24px\">\n";
    for (size_t i = 0; i < n; ++i) {
      const DigestMention& m = d.mentions[i];
      std::string t = Excerpt(!m.title.empty() ? m.title : m.text, 140);
      std::string href = SafeHref(m.url);
      h += "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
           "style=\"margin:0 0 10px\"><tr><td style=\"padding:4px 0;font-size:14px\">";
      h += href.empty() ? "<strong>" + EscapeHtml(t) + "</strong>"
                        : "<a href=\"" + href + "\" style=\"color:#1a56db;font-weight:bold;text-decoration:none\">" +
                              EscapeHtml(t) + "</a>";
      if (!m.title.empty() && !m.text.empty()) {
        h += "<br><span style=\"color:#374151\">" + EscapeHtml(Excerpt(m.text, 220)) + "</span>";
      }
      h += "<br><span style=\"color:#6b7280;font-size:12px\">" + EscapeHtml(MentionMeta(m, fr)) +
           "</span></td></tr></table>\n";
    }
    h += "</td></tr>\n";
  }
  h += "<tr><td style=\"padding:24px;font-size:11px;color:#9ca3af\">" +
       EscapeHtml(fr ? "Envoyé par veille. Les textes cités sont ceux des auteurs."
                     : "Sent by veille. Quoted texts are their authors'.") +
       "</td></tr>\n</table>\n</td></tr></table>\n</body></html>\n";
  return e;
}

}  // namespace veille
