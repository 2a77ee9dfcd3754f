// BuildDigest: the daily / weekly e-mail marketing reads. HTML e-mail is
// its own dialect: Outlook renders with Word's engine and Gmail strips
// <style>, so the layout is nested tables with inline styles and bgcolor
// attributes, bars are table cells of computed width, and nothing needs
// images or scripts. The plain-text part says the same things.
#include <algorithm>
#include <cmath>
#include <string>

#include "alerting/digest.h"
#include "alerting/text.h"

namespace veille {

using alerting_internal::Excerpt;
using alerting_internal::FormatCount;
using alerting_internal::FormatDecimal;
using alerting_internal::FormatPercent;
using alerting_internal::HumanDateTime;
using alerting_internal::ShortDate;

namespace {

constexpr size_t kMaxVolumeBars = 48;
constexpr size_t kMaxListed = 10;
constexpr size_t kMaxBarRows = 20;  // share of voice, sources
constexpr const char* kBlue = "#1a56db";
constexpr const char* kGreen = "#057a55";
constexpr const char* kGrey = "#9ca3af";
constexpr const char* kRed = "#c81e1e";

struct Words {
  const char* lang;
  const char* colon;  // ": " or "\u00A0: "
  const char* daily;
  const char* weekly;
  const char* run;
  const char* digest_of;  // "du" / ""
  const char* mentions;
  const char* negative_share;
  const char* period;
  const char* previous;
  const char* unknown_previous;
  const char* new_volume;
  const char* sentiment;
  const char* positive;
  const char* neutral;
  const char* negative;
  const char* one_positive;  // the label of one mention
  const char* one_neutral;
  const char* one_negative;
  const char* tickets;
  const char* share_of_voice;
  const char* by_source;
  const char* volume;
  const char* top_reach;
  const char* most_negative;
  const char* reach;
  const char* score;
  const char* by;
  const char* none;
  const char* footer;
  const char* change_vs;
};

const Words kFr = {
    "fr", "\u00A0: ", "synthèse quotidienne", "synthèse hebdomadaire", "synthèse de l’exécution", "du",
    "mentions", "négatives", "Période", "période précédente", "pas de comparaison possible",
    "nouveau", "Sentiment", "positives", "neutres", "négatives", "positif", "neutre", "négatif", "Tickets ouverts",
    "Part de voix", "Par source", "Volume", "Mentions les plus vues", "Mentions les plus négatives",
    "audience", "score", "par", "Aucune mention sur la période.",
    "Envoyé par veille, votre surveillance de marque. Les textes cités sont ceux des auteurs.",
    "par rapport à la période précédente"};

const Words kEn = {
    "en", ": ", "daily digest", "weekly digest", "run digest", "for",
    "mentions", "negative", "Period", "previous period", "no comparison available",
    "new", "Sentiment", "positive", "neutral", "negative", "positive", "neutral", "negative", "Tickets opened",
    "Share of voice", "By source", "Volume", "Top mentions by reach", "Most negative mentions",
    "reach", "score", "by", "No mention in this period.",
    "Sent by veille, your brand monitoring. Quoted texts are their authors'.",
    "against the previous period"};

const char* PeriodName(const Words& w, const std::string& period) {
  if (period == "daily") return w.daily;
  if (period == "weekly") return w.weekly;
  return w.run;
}

// "synthèse quotidienne du 23/11/2026" / "daily digest, 2026-11-23": dates
// from the period bounds, in the reader's format (the period key is a
// machine key, e.g. a run's watermark, not something to read).
std::string PeriodPhrase(const DigestData& d, const Words& w, bool fr) {
  std::string name = PeriodName(w, d.period);
  if (d.from_ms <= 0 && d.to_ms <= 0) {
    std::string key = StripHeaderValue(d.period_key);
    return key.empty() ? name : name + (fr ? " " : ", ") + key;
  }
  if (d.period == "daily") return name + (fr ? " du " : ", ") + alerting_internal::HumanDate(d.from_ms, fr);
  if (d.period == "weekly") {
    return name + (fr ? " de la semaine du " : ", week of ") + alerting_internal::HumanDate(d.from_ms, fr);
  }
  return name + (fr ? " du " : ", ") + HumanDateTime(d.to_ms, fr);
}

// "+12 %" / "−5,3 %" (fr) or "+12%" / "−5.3%" (en); empty when unknown.
std::string Change(int64_t now, int64_t previous, const Words& w, bool fr) {
  if (previous < 0) return "";
  if (previous == 0) return now > 0 ? w.new_volume : "=";
  double pct = 100.0 * static_cast<double>(now - previous) / static_cast<double>(previous);
  std::string num = FormatDecimal(std::fabs(pct), std::fabs(pct) >= 10 ? 0 : 1, fr);
  std::string sign = pct > 0 ? "+" : (pct < 0 ? "\u2212" : "");
  return sign + num + (fr ? "\u00A0%" : "%");
}

std::string Pad(const std::string& s, size_t width) {
  // Counts code points, which is close enough for the column layout of a
  // plain-text mail read in a proportional font anyway.
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n >= width ? s : s + std::string(width - n, ' ');
}

int Percent(int64_t part, int64_t whole) {
  if (whole <= 0 || part <= 0) return 0;
  return static_cast<int>(std::lround(100.0 * static_cast<double>(part) / static_cast<double>(whole)));
}

// A horizontal bar: a one-row table whose first cell is `pct` % wide.
std::string HtmlBar(int pct, const char* color) {
  pct = std::clamp(pct, 0, 100);
  std::string out =
      "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr>";
  if (pct > 0) {
    out += "<td width=\"" + std::to_string(pct) + "%\" height=\"12\" bgcolor=\"" + color +
           "\" style=\"background:" + color + ";height:12px;font-size:0;line-height:0\">&nbsp;</td>";
  }
  if (pct < 100) {
    out += "<td width=\"" + std::to_string(100 - pct) + "%\" height=\"12\" style=\"height:12px;font-size:0;"
           "line-height:0\">&nbsp;</td>";
  }
  return out + "</tr></table>";
}

std::string SectionTitle(const std::string& title) {
  return "<tr><td style=\"padding:20px 24px 6px;font-size:16px;font-weight:bold;color:#111\">" + EscapeHtml(title) +
         "</td></tr>\n";
}

// A table of label / bar / count rows.
std::string HtmlBars(const std::vector<std::pair<std::string, int64_t>>& rows, int64_t whole, const char* color,
                     bool fr) {
  int64_t max = 0;
  for (const auto& r : rows) max = std::max(max, r.second);
  std::string out =
      "<tr><td style=\"padding:0 24px\"><table role=\"presentation\" width=\"100%\" cellpadding=\"0\" "
      "cellspacing=\"0\" border=\"0\" style=\"font-size:13px\">\n";
  for (const auto& [label, count] : rows) {
    out += "<tr><td width=\"28%\" style=\"padding:3px 8px 3px 0;white-space:nowrap\">" +
           EscapeHtml(Excerpt(label, 40)) + "</td><td width=\"52%\" style=\"padding:3px 0\">" +
           HtmlBar(max > 0 ? Percent(count, max) : 0, color) +
           "</td><td width=\"20%\" align=\"right\" style=\"padding:3px 0 3px 8px;white-space:nowrap\">" +
           EscapeHtml(FormatCount(count, fr));
    if (whole > 0) out += " <span style=\"color:#6b7280\">(" + EscapeHtml(FormatPercent(count, whole, fr)) + ")</span>";
    out += "</td></tr>\n";
  }
  return out + "</table></td></tr>\n";
}

std::string ScoreText(const DigestMention& m, const Words& w, bool fr) {
  const char* label = m.label == SentimentLabel::kNegative   ? w.one_negative
                      : m.label == SentimentLabel::kPositive ? w.one_positive
                                                             : w.one_neutral;
  return FormatDecimal(m.score, 2, fr) + " (" + label + ")";
}

std::string MentionMeta(const DigestMention& m, const Words& w, bool fr) {
  std::string meta;
  if (!m.author.empty()) meta += Excerpt(m.author, 60) + " · ";
  if (!m.source_type.empty()) meta += Excerpt(m.source_type, 30) + " · ";
  if (m.published_ms > 0) meta += HumanDateTime(m.published_ms, fr) + " · ";
  meta += std::string(w.reach) + " " + FormatCount(m.reach, fr) + " · " + w.score + " " + ScoreText(m, w, fr);
  return meta;
}

std::string HtmlMentions(const std::vector<DigestMention>& list, const Words& w, bool fr) {
  std::string out = "<tr><td style=\"padding:0 24px\">\n";
  size_t n = std::min(list.size(), kMaxListed);
  for (size_t i = 0; i < n; ++i) {
    const DigestMention& m = list[i];
    std::string title = Excerpt(!m.title.empty() ? m.title : m.text, 140);
    std::string href = SafeHref(m.url);
    const char* color = m.label == SentimentLabel::kNegative   ? kRed
                        : m.label == SentimentLabel::kPositive ? kGreen
                                                               : kGrey;
    out += "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
           "style=\"margin:0 0 10px\"><tr><td width=\"4\" bgcolor=\"" +
           std::string(color) + "\" style=\"background:" + color +
           ";width:4px\">&nbsp;</td><td style=\"padding:4px 0 4px 10px;font-size:14px\">";
    if (!href.empty()) {
      out += "<a href=\"" + href + "\" style=\"color:" + kBlue + ";font-weight:bold;text-decoration:none\">" +
             EscapeHtml(title) + "</a>";
    } else {
      out += "<strong>" + EscapeHtml(title) + "</strong>";
    }
    if (!m.title.empty() && !m.text.empty()) {
      out += "<br><span style=\"color:#374151\">" + EscapeHtml(Excerpt(m.text, 220)) + "</span>";
    }
    out += "<br><span style=\"color:#6b7280;font-size:12px\">" + EscapeHtml(MentionMeta(m, w, fr)) +
           "</span></td></tr></table>\n";
  }
  return out + "</td></tr>\n";
}

void TextMentions(std::string* x, const std::vector<DigestMention>& list, const Words& w, bool fr) {
  size_t n = std::min(list.size(), kMaxListed);
  for (size_t i = 0; i < n; ++i) {
    const DigestMention& m = list[i];
    *x += "  " + std::to_string(i + 1) + ". " + Excerpt(!m.title.empty() ? m.title : m.text, 140) + "\n";
    if (!m.title.empty() && !m.text.empty()) *x += "     " + Excerpt(m.text, 220) + "\n";
    *x += "     " + MentionMeta(m, w, fr) + "\n";
    if (!m.url.empty()) *x += "     " + Excerpt(m.url, 400) + "\n";
  }
}

}  // namespace

Email BuildDigest(const DigestData& d, const DigestOptions& options) {
  const bool fr = options.lang == "fr";
  const Words& w = fr ? kFr : kEn;
  // The colon that ends a line (section titles): no trailing blank.
  const std::string colon_end = fr ? "\u00A0:" : ":";
  const std::string brand = StripHeaderValue(d.brand);
  const std::string period_phrase = PeriodPhrase(d, w, fr);
  const std::string change = Change(d.total, d.previous_total, w, fr);
  const int64_t judged = d.positive + d.neutral + d.negative;
  const std::string neg_share = FormatPercent(d.negative, judged, fr);

  Email e;
  e.from = options.from;
  e.to = options.to;
  e.idempotency_key = "digest/" + d.brand + "/" + d.period + "/" + d.period_key;
  e.date_ms = d.to_ms;
  e.extra_headers.push_back({"X-Veille-Digest", e.idempotency_key});

  // Subject: the headline numbers, so the inbox list alone tells the story.
  std::string subject = (fr ? "Veille " + brand + " — " + period_phrase : brand + " " + period_phrase) +
                        w.colon + FormatCount(d.total, fr) + " " + w.mentions;
  if (!change.empty()) subject += " (" + change + ")";
  if (judged > 0) subject += ", " + neg_share + " " + w.negative;
  e.subject = subject;

  const std::string period_line =
      HumanDateTime(d.from_ms, fr) + " \u2192 " + HumanDateTime(d.to_ms, fr);
  std::string previous_line;
  if (d.previous_total >= 0) {
    previous_line = std::string(w.previous) + w.colon + FormatCount(d.previous_total, fr);
    if (!change.empty()) previous_line += ", " + change;
  } else {
    previous_line = w.unknown_previous;
  }
  const std::string sentiment_line = std::string(w.positive) + " " + FormatPercent(d.positive, judged, fr) + " · " +
                                     w.neutral + " " + FormatPercent(d.neutral, judged, fr) + " · " + w.negative +
                                     " " + FormatPercent(d.negative, judged, fr);
  int64_t sov_total = 0;
  for (const auto& s : d.share_of_voice) sov_total += s.second;
  // Only the largest rows: a digest is read, not searched.
  auto top_rows = [](std::vector<std::pair<std::string, int64_t>> rows) {
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    if (rows.size() > kMaxBarRows) rows.resize(kMaxBarRows);
    return rows;
  };
  const auto share_of_voice = top_rows(d.share_of_voice);
  const auto by_source = top_rows(d.by_source);

  // Volume buckets: the most recent kMaxVolumeBars; hourly labels when the
  // buckets are shorter than a day.
  std::vector<std::pair<int64_t, int64_t>> volume = d.volume;
  if (volume.size() > kMaxVolumeBars) volume.erase(volume.begin(), volume.end() - kMaxVolumeBars);
  bool hourly = volume.size() >= 2 && volume[1].first - volume[0].first < 86'400'000;
  std::vector<std::pair<std::string, int64_t>> volume_rows;
  for (const auto& [start, count] : volume) volume_rows.push_back({ShortDate(start, fr, hourly), count});

  // Plain text.
  std::string& x = e.text;
  x += brand + " — " + period_phrase + "\n";
  x += std::string(w.period) + w.colon + period_line + "\n\n";
  x += std::string("Mentions") + w.colon + FormatCount(d.total, fr) + " (" + previous_line + ")\n";
  x += std::string(w.sentiment) + w.colon + sentiment_line + "\n";
  x += std::string(w.tickets) + w.colon + FormatCount(d.tickets_opened, fr) + "\n";
  if (!share_of_voice.empty()) {
    x += "\n" + std::string(w.share_of_voice) + colon_end + "\n";
    for (const auto& [name, count] : share_of_voice) {
      x += "  " + Pad(Excerpt(name, 40), 24) + " " + FormatCount(count, fr) + " (" +
           FormatPercent(count, sov_total, fr) + ")\n";
    }
  }
  if (!by_source.empty()) {
    x += "\n" + std::string(w.by_source) + colon_end + "\n";
    for (const auto& [name, count] : by_source) {
      x += "  " + Pad(Excerpt(name, 40), 24) + " " + FormatCount(count, fr) + "\n";
    }
  }
  if (!volume_rows.empty()) {
    int64_t max = 0;
    for (const auto& r : volume_rows) max = std::max(max, r.second);
    x += "\n" + std::string(w.volume) + colon_end + "\n";
    for (const auto& [label, count] : volume_rows) {
      int len = max > 0 ? static_cast<int>(std::lround(30.0 * static_cast<double>(count) / static_cast<double>(max)))
                        : 0;
      x += "  " + Pad(label, 12) + " " + Pad(std::string(static_cast<size_t>(len), '#'), 30) + " " +
           FormatCount(count, fr) + "\n";
    }
  }
  if (!d.top_reach.empty()) {
    x += "\n" + std::string(w.top_reach) + colon_end + "\n";
    TextMentions(&x, d.top_reach, w, fr);
  }
  if (!d.most_negative.empty()) {
    x += "\n" + std::string(w.most_negative) + colon_end + "\n";
    TextMentions(&x, d.most_negative, w, fr);
  }
  if (d.total == 0) x += "\n" + std::string(w.none) + "\n";
  x += "\n-- \n" + std::string(w.footer) + "\n";

  // HTML.
  std::string& h = e.html;
  h += "<!DOCTYPE html>\n<html lang=\"" + std::string(w.lang) +
       "\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
       "<title>" + EscapeHtml(e.subject) + "</title></head>\n"
       "<body style=\"margin:0;padding:0;background:#f3f4f6\">\n"
       "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
       "bgcolor=\"#f3f4f6\" style=\"background:#f3f4f6\"><tr><td align=\"center\" style=\"padding:16px 8px\">\n"
       "<table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
       "bgcolor=\"#ffffff\" style=\"width:600px;max-width:600px;background:#ffffff;"
       "font-family:Arial,Helvetica,sans-serif;color:#111827\">\n";
  h += "<tr><td bgcolor=\"" + std::string(kBlue) + "\" style=\"background:" + kBlue +
       ";padding:18px 24px;color:#ffffff\"><div style=\"font-size:20px;font-weight:bold\">" + EscapeHtml(brand) +
       "</div><div style=\"font-size:14px\">" + EscapeHtml(period_phrase) +
       "<br>" + EscapeHtml(period_line) + "</div></td></tr>\n";

  // Headline numbers.
  auto cell = [&](const std::string& big, const std::string& small, const char* color) {
    return "<td width=\"33%\" align=\"center\" valign=\"top\" style=\"padding:12px 4px\"><div style=\"font-size:26px;"
           "font-weight:bold;color:" + std::string(color) + "\">" + EscapeHtml(big) +
           "</div><div style=\"font-size:12px;color:#6b7280\">" + EscapeHtml(small) + "</div></td>";
  };
  h += "<tr><td style=\"padding:8px 16px 0\"><table role=\"presentation\" width=\"100%\" cellpadding=\"0\" "
       "cellspacing=\"0\" border=\"0\"><tr>";
  h += cell(FormatCount(d.total, fr), std::string(w.mentions) + (change.empty() ? "" : " · " + change),
            "#111827");
  h += cell(neg_share, w.negative, kRed);
  h += cell(FormatCount(d.tickets_opened, fr), w.tickets, "#111827");
  h += "</tr></table></td></tr>\n";
  h += "<tr><td style=\"padding:0 24px;font-size:12px;color:#6b7280\">" + EscapeHtml(previous_line) + "</td></tr>\n";

  // Sentiment share: one stacked bar.
  h += SectionTitle(w.sentiment);
  h += "<tr><td style=\"padding:0 24px\"><table role=\"presentation\" width=\"100%\" cellpadding=\"0\" "
       "cellspacing=\"0\" border=\"0\"><tr>";
  if (judged > 0) {
    int pos = Percent(d.positive, judged), neg = Percent(d.negative, judged);
    int neu = std::max(0, 100 - pos - neg);
    for (auto [pct, color] : {std::pair<int, const char*>{pos, kGreen}, {neu, kGrey}, {neg, kRed}}) {
      if (pct <= 0) continue;
      h += "<td width=\"" + std::to_string(pct) + "%\" height=\"14\" bgcolor=\"" + color + "\" style=\"background:" +
           color + ";height:14px;font-size:0;line-height:0\">&nbsp;</td>";
    }
  } else {
    h += "<td height=\"14\" bgcolor=\"#e5e7eb\" style=\"background:#e5e7eb;height:14px;font-size:0\">&nbsp;</td>";
  }
  h += "</tr></table><div style=\"font-size:13px;padding:6px 0 0\">" + EscapeHtml(sentiment_line) +
       "</div></td></tr>\n";

  if (!share_of_voice.empty()) {
    h += SectionTitle(w.share_of_voice);
    h += HtmlBars(share_of_voice, sov_total, kBlue, fr);
  }
  if (!volume_rows.empty()) {
    h += SectionTitle(w.volume);
    h += HtmlBars(volume_rows, 0, kBlue, fr);
  }
  if (!by_source.empty()) {
    h += SectionTitle(w.by_source);
    h += HtmlBars(by_source, d.total, kGrey, fr);
  }
  if (!d.top_reach.empty()) {
    h += SectionTitle(w.top_reach);
    h += HtmlMentions(d.top_reach, w, fr);
  }
  if (!d.most_negative.empty()) {
    h += SectionTitle(w.most_negative);
    h += HtmlMentions(d.most_negative, w, fr);
  }
  if (d.total == 0) {
    h += "<tr><td style=\"padding:12px 24px\">" + EscapeHtml(w.none) + "</td></tr>\n";
  }
  h += "<tr><td style=\"padding:24px;font-size:11px;color:#9ca3af\">" + EscapeHtml(w.footer) + "</td></tr>\n";
  h += "</table>\n</td></tr></table>\n</body></html>\n";
  return e;
}

}  // namespace veille
