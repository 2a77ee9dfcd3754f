// BuildTicket and SuggestPriority: what an agent sees when veille opens a
// ticket. The text is for agents, so it favours facts in a fixed order
// (what was said, who, where, when, why flagged, how loud) over prose.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>

#include "alerting/email.h"
#include "alerting/sink.h"
#include "alerting/text.h"
#include "common/fault.h"
#include "common/log.h"

namespace veille {

using alerting_internal::Excerpt;
using alerting_internal::FormatCount;
using alerting_internal::FormatDecimal;
using alerting_internal::HumanDateTime;
using alerting_internal::LowerUtf8;
using alerting_internal::RepairUtf8;

namespace {

// Words that make a negative mention more urgent, lower case, matched as
// whole words (or word prefixes when they end with '*').
const char* const kUrgencyWords[] = {
    // en
    "urgent", "urgently", "asap", "immediately", "emergency", "lawyer*", "lawsuit*", "sue", "suing", "scam*",
    "fraud*", "stolen", "hacked", "breach", "dangerous", "injured", "injury", "police", "chargeback",
    "refund*", "cancel*", "never again",
    // fr
    "urgence", "immédiatement", "avocat*", "plainte*", "arnaque*", "escroc*", "fraude*", "volé*",
    "piraté*", "piratage", "dangereu*", "blessé*", "tribunal", "rembours*", "résili*", "inadmissible",
    "scandale*", "honteux", "honte", "60 millions", "ufc"};

bool IsWordByte(unsigned char c) { return std::isalnum(c) || c >= 0x80; }

bool ContainsWord(const std::string& hay, std::string_view word) {
  bool prefix = !word.empty() && word.back() == '*';
  if (prefix) word.remove_suffix(1);
  size_t pos = 0;
  while ((pos = hay.find(word, pos)) != std::string::npos) {
    bool start_ok = pos == 0 || !IsWordByte(static_cast<unsigned char>(hay[pos - 1]));
    size_t end = pos + word.size();
    bool end_ok = prefix || end == hay.size() || !IsWordByte(static_cast<unsigned char>(hay[end]));
    if (start_ok && end_ok) return true;
    ++pos;
  }
  return false;
}

bool HasUrgencyWord(const Mention& m) {
  std::string hay = LowerUtf8(m.title + " " + m.text);
  return std::any_of(std::begin(kUrgencyWords), std::end(kUrgencyWords),
                     [&](const char* w) { return ContainsWord(hay, w); });
}

struct Labels {
  const char* kind_complaint;
  const char* kind_negative;
  const char* on;       // "on" / "sur"
  const char* by;       // "by" / "par" ("par" never elides, unlike "de")
  const char* colon;    // ": " / " : " with a no-break space
  const char* open_q;
  const char* close_q;
  const char* headline;  // "Unhappy customer mention for"
  const char* priority;
  const char* what;
  const char* author;
  const char* profile;
  const char* source;
  const char* link;
  const char* when;
  const char* sentiment;
  const char* reasons;
  const char* complaint;
  const char* yes;
  const char* no;
  const char* reach;
  const char* followers;
  const char* likes;
  const char* shares;
  const char* replies;
  const char* rating;
  const char* grouped;
  const char* tags;
  const char* footer;
  const char* unknown;
  const char* none;
  const char* label_negative;
  const char* label_neutral;
  const char* label_positive;
  const char* prio_low;
  const char* prio_normal;
  const char* prio_high;
  const char* prio_urgent;
};

// French typography: no-break space (U+00A0) before ':' and inside « »,
// narrow no-break space (U+202F) would go before ; ! ? (none used here).
const Labels kFrench = {
    "réclamation", "mention négative", "sur", "par", "\u00A0: ", "«\u00A0", "\u00A0»",
    "Client mécontent détecté pour", "Priorité suggérée", "Texte publié", "Auteur", "profil", "Source",
    "lien", "Date", "Sentiment", "raisons", "Réclamation", "oui", "non", "Audience", "abonnés",
    "j’aime", "partages", "réponses", "note", "Mentions regroupées", "Étiquettes",
    "Ticket ouvert par veille, surveillance de marque. Identifiant externe", "inconnu", "aucune",
    "négatif", "neutre", "positif", "basse", "normale", "haute", "urgente"};

const Labels kEnglish = {
    "complaint", "negative mention", "on", "by", ": ", "“", "”",
    "Unhappy customer detected for", "Suggested priority", "What they wrote", "Author", "profile", "Source",
    "link", "When", "Sentiment", "reasons", "Complaint", "yes", "no", "Reach", "followers",
    "likes", "shares", "replies", "rating", "Grouped mentions", "Tags",
    "Ticket opened by veille, brand monitoring. External id", "unknown", "none",
    "negative", "neutral", "positive", "low", "normal", "high", "urgent"};

const char* LabelName(const Labels& l, SentimentLabel label) {
  switch (label) {
    case SentimentLabel::kNegative: return l.label_negative;
    case SentimentLabel::kNeutral: return l.label_neutral;
    case SentimentLabel::kPositive: return l.label_positive;
  }
  return l.label_neutral;
}

const char* PriorityName(const Labels& l, const std::string& p) {
  if (p == "urgent") return l.prio_urgent;
  if (p == "high") return l.prio_high;
  if (p == "normal") return l.prio_normal;
  return l.prio_low;
}

// The colon that ends a line: no trailing blank.
std::string ColonEnd(const Labels& l) {
  std::string c = l.colon;
  while (!c.empty() && c.back() == ' ') c.pop_back();
  return c;
}

std::string Join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const std::string& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

std::string AuthorLine(const Author& a, const Labels& l) {
  std::string out = a.name;
  if (!a.handle.empty()) out += out.empty() ? a.handle : " (" + a.handle + ")";
  if (out.empty()) out = l.unknown;
  return alerting_internal::Excerpt(out, 120);
}

std::string SourceLine(const Mention& m) {
  std::string out = m.source_type;
  if (!m.source_name.empty() && m.source_name != m.source_type) out += " (" + m.source_name + ")";
  if (!m.publisher.empty()) out += " — " + m.publisher;
  return out;
}

std::string ReachLine(const Mention& m, const Labels& l, bool french) {
  std::string out = FormatCount(m.Reach(), french);
  std::vector<std::string> parts;
  if (m.author.followers >= 0) parts.push_back(FormatCount(m.author.followers, french) + " " + l.followers);
  parts.push_back(FormatCount(m.engagement.likes, french) + " " + l.likes);
  parts.push_back(FormatCount(m.engagement.shares, french) + " " + l.shares);
  parts.push_back(FormatCount(m.engagement.replies, french) + " " + l.replies);
  if (m.engagement.rating > 0) parts.push_back(std::string(l.rating) + " " + std::to_string(m.engagement.rating) + "/5");
  return out + " (" + Join(parts, ", ") + ")";
}

std::string Slug(const std::string& s) {
  std::string out;
  for (unsigned char c : LowerUtf8(s)) {
    if (std::isalnum(c) || c >= 0x80 || c == '-' || c == '.') {
      out.push_back(static_cast<char>(c));
    } else if (!out.empty() && out.back() != '_') {
      out.push_back('_');
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

// A link cell: the escaped URL as the visible text, clickable only when
// SafeHref accepts it.
std::string HtmlLink(const std::string& url, const std::string& text) {
  std::string href = SafeHref(url);
  if (href.empty()) return EscapeHtml(text);
  return "<a href=\"" + href + "\" style=\"color:#1a56db\">" + EscapeHtml(text) + "</a>";
}

void HtmlRow(std::string* html, const char* label, const std::string& cell_html) {
  *html += "<tr><th align=\"left\" valign=\"top\" style=\"padding:4px 12px 4px 0;color:#555;font-weight:normal;"
           "white-space:nowrap\">";
  *html += EscapeHtml(label);
  *html += "</th><td style=\"padding:4px 0\">" + cell_html + "</td></tr>\n";
}

bool HasAnyWord(const Mention& m, const std::vector<std::string>& words, std::string* which) {
  if (words.empty()) return false;
  std::string hay = LowerUtf8(m.title + " " + m.text);
  for (const std::string& w : words) {
    if (ContainsWord(hay, LowerUtf8(w))) {
      if (which != nullptr) *which = w;
      return true;
    }
  }
  return false;
}

}  // namespace

bool IsTicketCandidate(const TicketRule& rule, const ScoredMention& sm, std::string* why) {
  std::string local;
  std::string& reason = why != nullptr ? *why : local;
  const Mention& m = sm.mention;
  std::string word;
  if (HasAnyWord(m, rule.never_keywords, &word)) {
    reason = "never keyword: " + word;
    return false;
  }
  if (!rule.source_types.empty() &&
      std::find(rule.source_types.begin(), rule.source_types.end(), m.source_type) == rule.source_types.end()) {
    reason = "source type " + m.source_type + " not ticketed";
    return false;
  }
  if (HasAnyWord(m, rule.always_keywords, &word)) {
    reason = "always keyword: " + word;
    return true;
  }
  if (m.Reach() < rule.min_reach) {
    reason = "reach " + std::to_string(m.Reach()) + " below " + std::to_string(rule.min_reach);
    return false;
  }
  if (rule.complaints_always && sm.verdict.complaint) {
    reason = "complaint";
    return true;
  }
  if (std::find(rule.labels.begin(), rule.labels.end(), sm.verdict.label) == rule.labels.end()) {
    reason = std::string("label ") + SentimentLabelName(sm.verdict.label) + " not ticketed";
    return false;
  }
  if (sm.verdict.score > rule.max_score) {
    reason = "score " + FormatDecimal(sm.verdict.score, 2, false) + " above " + FormatDecimal(rule.max_score, 2, false);
    return false;
  }
  if (rule.only_complaints && !sm.verdict.complaint) {
    reason = "not a complaint";
    return false;
  }
  reason = "candidate";
  return true;
}

std::string GroupKey(const Mention& m) {
  std::string who = !m.author.handle.empty() ? m.author.handle : m.author.name;
  if (who.empty()) return "";
  std::string key = m.source_type + "\x1f" + LowerUtf8(who);
  if (!m.thread.empty()) key += "\x1f" + m.thread;
  return key;
}

std::string ServiceTopicName(const std::string& topic, bool french) {
  static const struct {
    const char* topic;
    const char* en;
    const char* fr;
  } kNames[] = {
      {"refund", "refund", "remboursement"},
      {"delivery", "delivery", "livraison"},
      {"outage", "outage", "panne"},
      {"billing", "billing", "facturation"},
      {"account", "account access", "accès au compte"},
      {"cancellation", "cancellation", "résiliation"},
      {"fraud", "fraud", "arnaque"},
      {"defect", "faulty product", "produit défectueux"},
      {"support", "customer service", "service client"},
  };
  for (const auto& n : kNames) {
    if (topic == n.topic) return french ? n.fr : n.en;
  }
  return topic;
}

Ticket BuildAggregateTicket(const std::string& brand, const std::vector<ScoredMention>& held, bool storm,
                            const std::string& lang, const std::string& topic) {
  const bool french = lang == "fr";
  const Labels& l = french ? kFrench : kEnglish;
  Ticket t;
  t.brand = brand;
  t.lang = french ? "fr" : "en";
  t.mentions = held;
  t.priority = storm ? "urgent" : "high";
  std::string ids = "agg:" + brand + (topic.empty() ? "" : "/" + topic);
  for (const ScoredMention& sm : held) ids += "\n" + sm.mention.id;
  t.external_id = "veille-agg-" + StableHashHex(ids);
  std::set<std::string> tags = {"veille", "veille_aggregate"};
  if (storm) tags.insert("veille_storm");
  if (!Slug(brand).empty()) tags.insert(Slug(brand));
  if (!Slug(topic).empty()) tags.insert("topic_" + Slug(topic));
  t.tags.assign(tags.begin(), tags.end());
  std::string safe_brand = StripHeaderValue(brand);
  const std::string n = FormatCount(static_cast<int64_t>(held.size()), french);

  std::map<std::string, int64_t> by_source;
  int64_t complaints = 0, first_ms = 0, last_ms = 0;
  for (const ScoredMention& sm : held) {
    ++by_source[sm.mention.source_type.empty() ? l.unknown : sm.mention.source_type];
    complaints += sm.verdict.complaint ? 1 : 0;
    int64_t at = sm.mention.published_ms;
    if (at > 0 && (first_ms == 0 || at < first_ms)) first_ms = at;
    if (at > last_ms) last_ms = at;
  }
  std::vector<ScoredMention> worst = held;
  std::stable_sort(worst.begin(), worst.end(), [](const ScoredMention& a, const ScoredMention& b) {
    return a.verdict.score < b.verdict.score;
  });
  if (worst.size() > 10) worst.resize(10);
  std::vector<ScoredMention> loudest = held;
  std::stable_sort(loudest.begin(), loudest.end(), [](const ScoredMention& a, const ScoredMention& b) {
    return a.mention.Reach() > b.mention.Reach();
  });
  if (loudest.size() > 5) loudest.resize(5);

  std::string kind = storm ? (french ? "vague de mentions négatives" : "storm of negative mentions")
                           : (french ? "plafond horaire de tickets atteint" : "hourly ticket cap reached");
  const std::string topic_name = StripHeaderValue(ServiceTopicName(topic, french));
  if (storm && !topic.empty()) kind += " (" + topic_name + ")";
  t.subject = StripHeaderValue("[veille] " + safe_brand + l.colon + kind + " — " + n + " " +
                               (french ? "mentions regroupées" : "mentions grouped"));
  std::string sources;
  for (const auto& [src, count] : by_source) {
    sources += (sources.empty() ? "" : ", ") + src + " " + FormatCount(count, french);
  }
  std::string span = first_ms > 0 ? HumanDateTime(first_ms, french) + " — " + HumanDateTime(last_ms, french) : l.unknown;
  std::string intro = storm ? (french ? "Trop de mentions négatives en même temps : un seul ticket les regroupe au lieu "
                                        "d’en ouvrir un par mention."
                                      : "Too many negative mentions at once: one ticket groups them instead of one "
                                        "ticket per mention.")
                            : (french ? "Le nombre maximal de tickets par heure pour cette marque est atteint : les "
                                        "mentions suivantes sont regroupées ici."
                                      : "This brand's hourly ticket cap is reached: the following mentions are "
                                        "grouped here.");
  std::vector<std::pair<std::string, std::string>> facts = {
      {french ? "Mentions" : "Mentions", n},
      {french ? "Sujet" : "Topic", topic.empty() ? (french ? "plusieurs" : "several") : topic_name},
      {l.complaint, FormatCount(complaints, french)},
      {l.source, sources},
      {l.when, span},
      {l.priority, PriorityName(l, t.priority)},
  };
  std::string& x = t.body_text;
  std::string& h = t.body_html;
  x += intro + "\n\n";
  h += "<div style=\"font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222\">\n<p><strong>" +
       EscapeHtml(std::string(l.headline) + " " + safe_brand) + "</strong></p>\n<p>" + EscapeHtml(intro) +
       "</p>\n<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\">\n";
  for (const auto& [k, v] : facts) {
    x += k + l.colon + v + "\n";
    HtmlRow(&h, k.c_str(), EscapeHtml(v));
  }
  h += "</table>\n";
  auto list = [&](const char* title, const std::vector<ScoredMention>& items) {
    x += std::string("\n") + title + ColonEnd(l) + "\n";
    h += "<p style=\"margin:16px 0 4px\"><strong>" + EscapeHtml(title) + "</strong></p>\n<ol>\n";
    for (const ScoredMention& g : items) {
      const Mention& gm = g.mention;
      std::string line = FormatDecimal(g.verdict.score, 2, french) + " — " + gm.source_type + " — " +
                         AuthorLine(gm.author, l) + " — " + FormatCount(gm.Reach(), french) + " — " +
                         Excerpt(gm.title.empty() ? gm.text : gm.title, 140);
      x += "- " + line + (gm.url.empty() ? "" : " <" + gm.url + ">") + "\n";
      h += "<li>" + EscapeHtml(line) + (gm.url.empty() ? "" : "<br>" + HtmlLink(gm.url, gm.url)) + "</li>\n";
    }
    h += "</ol>\n";
  };
  list(french ? "Les plus négatives" : "Most negative", worst);
  list(french ? "Les plus vues" : "Loudest", loudest);
  x += std::string("\n") + l.footer + l.colon + t.external_id + "\n";
  h += "<p style=\"color:#777;font-size:12px\">" + EscapeHtml(std::string(l.footer) + l.colon + t.external_id) +
       "</p>\n</div>\n";
  return t;
}

std::string StableHashHex(std::string_view text) { return alerting_internal::Fnv1aHex(text); }

Ticket BuildFollowUp(const std::string& brand, const std::vector<ScoredMention>& mentions, const std::string& lang) {
  Ticket t = BuildTicket(brand, mentions, lang);
  const bool french = t.lang == "fr";
  std::string old_id = t.external_id;
  t.external_id =
      "veille-note-" + StableHashHex(mentions.empty() ? "brand:" + brand : mentions.front().mention.id);
  for (std::string* body : {&t.body_text, &t.body_html}) {
    size_t p = body->rfind(old_id);
    if (p != std::string::npos) body->replace(p, old_id.size(), t.external_id);
  }
  std::string intro = french ? "Le même client a écrit de nouveau :" : "The same customer wrote again:";
  t.subject = StripHeaderValue((french ? "Nouvelle mention — " : "New mention — ") + t.subject);
  t.body_text = intro + "\n\n" + t.body_text;
  t.body_html = "<p><strong>" + EscapeHtml(intro) + "</strong></p>\n" + t.body_html;
  return t;
}

Status DeliverNote(TicketSink& sink, const TicketRef& ticket, const Ticket& note, Backoff& backoff,
                   bool look_up_first, DeliveryTrace* trace) {
  DeliveryTrace local;
  if (trace == nullptr) trace = &local;
  bool look_up = look_up_first;
  while (true) {
    if (look_up) {
      ++trace->lookups;
      auto found = sink.HasNote(ticket, note.external_id);
      if (!found.ok()) return found.status().WithContext("looking up note " + note.external_id);
      if (*found) {
        trace->found_existing = true;
        return Status::OK();
      }
    }
    ++trace->creates;
    CrashPoint("ticket.before_note");
    Status st = sink.AddNote(ticket, note);
    CrashPoint("ticket.after_note");
    if (st.ok() || !st.retryable()) return st;
    if (!backoff.Wait(st.retry_after_ms())) return st;
    log::Warn("ticket.note_retry").Kv("sink", sink.type()).Kv("note", note.external_id).Kv("error", st.ToString());
    look_up = true;
  }
}

Result<TicketRef> DeliverTicket(TicketSink& sink, const Ticket& ticket, Backoff& backoff, bool look_up_first,
                                DeliveryTrace* trace) {
  DeliveryTrace local;
  if (trace == nullptr) trace = &local;
  bool look_up = look_up_first;
  while (true) {
    if (look_up) {
      ++trace->lookups;
      auto found = sink.Find(ticket.external_id);
      if (!found.ok()) return found.status().WithContext("looking up " + ticket.external_id);
      if (found->has_value()) {
        trace->found_existing = true;
        log::Info("ticket.found_existing").Kv("sink", sink.type()).Kv("external_id", ticket.external_id)
            .Kv("ticket", (*found)->id);
        return **found;
      }
    }
    ++trace->creates;
    CrashPoint("ticket.before_create");
    auto created = sink.Create(ticket);
    CrashPoint("ticket.after_create");
    if (created.ok()) return created;
    const Status& st = created.status();
    if (!st.retryable()) return st;
    if (!backoff.Wait(st.retry_after_ms())) return st;
    log::Warn("ticket.retry").Kv("sink", sink.type()).Kv("external_id", ticket.external_id)
        .Kv("error", st.ToString()).Kv("attempt", backoff.attempts());
    look_up = true;
  }
}

std::string SuggestPriority(const std::vector<ScoredMention>& mentions) {
  if (mentions.empty()) return "low";
  double min_score = 1.0;
  bool complaint = false, urgency = false;
  int64_t max_reach = 0;
  for (const ScoredMention& sm : mentions) {
    min_score = std::min(min_score, sm.verdict.score);
    complaint = complaint || sm.verdict.complaint;
    max_reach = std::max(max_reach, sm.mention.Reach());
    urgency = urgency || HasUrgencyWord(sm.mention);
  }
  int points = 0;
  if (min_score <= -0.75) {
    points += 2;
  } else if (min_score <= -0.4) {
    points += 1;
  }
  if (complaint) points += 1;
  // Reach: a complaint seen by a large audience costs more than a private one.
  if (max_reach >= 100'000) {
    points += 2;
  } else if (max_reach >= 5'000) {
    points += 1;
  }
  if (urgency) points += 2;
  if (mentions.size() >= 3) points += 1;  // the customer keeps coming back
  if (points >= 5) return "urgent";
  if (points >= 3) return "high";
  if (points >= 1) return "normal";
  return "low";
}

Ticket BuildTicket(const std::string& brand, const std::vector<ScoredMention>& mentions, const std::string& lang) {
  const bool french = lang == "fr";
  const Labels& l = french ? kFrench : kEnglish;
  Ticket t;
  t.brand = brand;
  t.lang = french ? "fr" : "en";
  t.mentions = mentions;
  t.priority = SuggestPriority(mentions);
  t.external_id = "veille-" + StableHashHex(mentions.empty() ? "brand:" + brand : mentions.front().mention.id);

  std::set<std::string> tags = {"veille"};
  if (!Slug(brand).empty()) tags.insert(Slug(brand));
  bool any_complaint = false;
  for (const ScoredMention& sm : mentions) {
    if (!Slug(sm.mention.source_type).empty()) tags.insert(Slug(sm.mention.source_type));
    any_complaint = any_complaint || sm.verdict.complaint;
  }
  if (any_complaint) tags.insert("complaint");
  for (const ScoredMention& sm : mentions) {
    if (!Slug(sm.verdict.service_topic).empty()) tags.insert("topic_" + Slug(sm.verdict.service_topic));
  }
  t.tags.assign(tags.begin(), tags.end());
  std::string tag_text = Join(t.tags, ", ");
  std::string safe_brand = StripHeaderValue(brand);

  if (mentions.empty()) {
    t.subject = std::string("[veille] ") + safe_brand;
    t.body_text = std::string(l.headline) + " " + safe_brand + "\n";
    t.body_html = "<p>" + EscapeHtml(t.body_text) + "</p>";
    return t;
  }

  const ScoredMention& first = mentions.front();
  const Mention& m = first.mention;
  t.requester_name = StripHeaderValue(m.author.name.empty() ? m.author.handle : m.author.name);
  t.requester_handle = StripHeaderValue(m.author.handle);

  // Subject: one line, brand, kind, source, author, and the start of what was said.
  std::string said = !m.title.empty() ? m.title : m.text;
  std::string who = !m.author.handle.empty() ? m.author.handle : m.author.name;
  std::string subject = "[veille] " + safe_brand + l.colon + (any_complaint ? l.kind_complaint : l.kind_negative);
  if (!m.source_type.empty()) subject += std::string(" ") + l.on + " " + m.source_type;
  if (!who.empty()) subject += std::string(" ") + l.by + " " + Excerpt(who, 40);
  if (!said.empty()) subject += std::string(" — ") + l.open_q + Excerpt(said, 80) + l.close_q;
  t.subject = StripHeaderValue(subject);

  const std::string priority_name = PriorityName(l, t.priority);
  const std::string when = m.published_ms > 0 ? HumanDateTime(m.published_ms, french) : l.unknown;
  const std::string sentiment = FormatDecimal(first.verdict.score, 2, french) + " (" +
                                LabelName(l, first.verdict.label) + ")";
  const std::string reasons = first.verdict.reasons.empty() ? l.none : Join(first.verdict.reasons, ", ");
  const std::string complaint_reasons =
      first.verdict.complaint_reasons.empty() ? l.none : Join(first.verdict.complaint_reasons, ", ");
  const std::string complaint = std::string(first.verdict.complaint ? l.yes : l.no) + " — " + l.reasons + l.colon +
                                complaint_reasons;
  const std::string author = AuthorLine(m.author, l);
  const std::string source = SourceLine(m);
  const std::string reach = ReachLine(m, l, french);

  // Plain text.
  std::string& x = t.body_text;
  x += std::string(l.headline) + " " + safe_brand + " — " + l.priority + l.colon + priority_name + "\n\n";
  x += std::string(l.what) + ColonEnd(l) + "\n";
  if (!m.title.empty()) x += "  " + RepairUtf8(m.title) + "\n";
  if (!m.text.empty()) x += "  " + RepairUtf8(m.text) + "\n";
  x += "\n";
  x += std::string(l.author) + l.colon + author;
  if (!m.author.url.empty()) x += std::string(" — ") + l.profile + l.colon + m.author.url;
  x += "\n";
  x += std::string(l.source) + l.colon + source;
  if (!m.url.empty()) x += std::string(" — ") + l.link + l.colon + m.url;
  x += "\n";
  x += std::string(l.when) + l.colon + when + "\n";
  x += std::string(l.sentiment) + l.colon + sentiment + " — " + l.reasons + l.colon + reasons + "\n";
  x += std::string(l.complaint) + l.colon + complaint + "\n";
  x += std::string(l.reach) + l.colon + reach + "\n";
  if (mentions.size() > 1) {
    x += "\n" + std::string(l.grouped) + " (" + std::to_string(mentions.size()) + ")" + ColonEnd(l) + "\n";
    for (size_t i = 0; i < mentions.size(); ++i) {
      const Mention& g = mentions[i].mention;
      x += "  " + std::to_string(i + 1) + ". " + (g.published_ms > 0 ? HumanDateTime(g.published_ms, french) : l.unknown) +
           " — " + g.source_type + " — " + AuthorLine(g.author, l) + " — " +
           FormatDecimal(mentions[i].verdict.score, 2, french) + " — " +
           Excerpt(g.title.empty() ? g.text : g.title, 140);
      if (!g.url.empty()) x += " — " + g.url;
      x += "\n";
    }
  }
  x += "\n" + std::string(l.tags) + l.colon + tag_text + "\n";
  x += std::string(l.footer) + l.colon + t.external_id + "\n";

  // HTML: every mention-derived string escaped, links through SafeHref.
  std::string& h = t.body_html;
  h += "<div style=\"font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222\">\n";
  h += "<p style=\"margin:0 0 12px\"><strong>" + EscapeHtml(std::string(l.headline) + " " + safe_brand) +
       "</strong> — " + EscapeHtml(std::string(l.priority) + l.colon) + "<strong>" + EscapeHtml(priority_name) +
       "</strong></p>\n";
  h += "<blockquote style=\"margin:0 0 12px;padding:8px 12px;border-left:4px solid #c81e1e;background:#fdf2f2\">";
  if (!m.title.empty()) h += "<strong>" + EscapeHtml(m.title) + "</strong><br>";
  std::string text_html = EscapeHtml(m.text);
  for (size_t p = 0; (p = text_html.find('\n', p)) != std::string::npos;) {
    text_html.replace(p, 1, "<br>");
    p += 4;
  }
  h += text_html + "</blockquote>\n";
  h += "<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
       "style=\"border-collapse:collapse;font-size:14px\">\n";
  std::string author_html = EscapeHtml(author);
  if (!m.author.url.empty()) author_html += " — " + HtmlLink(m.author.url, l.profile);
  HtmlRow(&h, l.author, author_html);
  std::string source_html = EscapeHtml(source);
  if (!m.url.empty()) source_html += " — " + HtmlLink(m.url, m.url);
  HtmlRow(&h, l.source, source_html);
  HtmlRow(&h, l.when, EscapeHtml(when));
  HtmlRow(&h, l.sentiment, EscapeHtml(sentiment + " — " + l.reasons + l.colon + reasons));
  HtmlRow(&h, l.complaint, EscapeHtml(complaint));
  HtmlRow(&h, l.reach, EscapeHtml(reach));
  HtmlRow(&h, l.tags, EscapeHtml(tag_text));
  h += "</table>\n";
  if (mentions.size() > 1) {
    h += "<p style=\"margin:16px 0 4px\"><strong>" +
         EscapeHtml(std::string(l.grouped) + " (" + std::to_string(mentions.size()) + ")") + "</strong></p>\n";
    h += "<ol style=\"margin:0;padding-left:20px\">\n";
    for (const ScoredMention& g : mentions) {
      const Mention& gm = g.mention;
      h += "<li style=\"margin:0 0 6px\">" +
           EscapeHtml((gm.published_ms > 0 ? HumanDateTime(gm.published_ms, french) : std::string(l.unknown)) +
                      " — " + gm.source_type + " — " + AuthorLine(gm.author, l) + " — " +
                      FormatDecimal(g.verdict.score, 2, french)) +
           "<br>" + HtmlLink(gm.url, Excerpt(gm.title.empty() ? gm.text : gm.title, 140)) + "</li>\n";
    }
    h += "</ol>\n";
  }
  h += "<p style=\"margin:16px 0 0;color:#777;font-size:12px\">" +
       EscapeHtml(std::string(l.footer) + l.colon + t.external_id) + "</p>\n</div>\n";
  return t;
}

}  // namespace veille
