// Digest: the daily / weekly (or per-run) e-mail marketing reads, built from
// trend counters and the mentions worth reading.
//
// BuildDigest() is pure: it renders subject, plain text and HTML from a
// DigestData the alert job filled. The HTML uses tables and inline styles
// only, which is what Gmail and Outlook render; volume is a table-based bar
// chart. Every attacker-controlled string (titles, texts, authors, URLs) goes
// through EscapeHtml / SafeHref. French and English templates; French uses
// proper typography (accents, « », non-breaking spaces before : ; ! ?).
// Thread-safe (no state).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "alerting/email.h"
#include "common/mention.h"

namespace veille {

struct DigestMention {
  std::string title, text, url, author, source_type;
  int64_t published_ms = 0;
  double score = 0.0;
  SentimentLabel label = SentimentLabel::kNeutral;
  int64_t reach = 0;
};

struct DigestData {
  std::string brand;
  std::string period;      // "daily" | "weekly" | "run"
  std::string period_key;  // e.g. "2026-11-23" or "2026-W48"
  int64_t from_ms = 0, to_ms = 0;
  int64_t total = 0, positive = 0, neutral = 0, negative = 0;
  int64_t previous_total = -1;  // -1 unknown
  std::vector<std::pair<std::string, int64_t>> share_of_voice;  // brand name, count
  std::vector<std::pair<std::string, int64_t>> by_source;       // source type, count
  std::vector<std::pair<int64_t, int64_t>> volume;              // bucket start ms, count
  std::vector<DigestMention> top_reach, most_negative;
  int64_t tickets_opened = 0;
};

struct DigestOptions {
  std::string lang = "fr";  // "fr" | "en" (anything else: "en")
  std::string from;
  std::vector<std::string> to;
};

// Subject + text + HTML; idempotency_key = "digest/<brand>/<period>/<period_key>",
// date_ms = to_ms, message_id derived from the idempotency key.
Email BuildDigest(const DigestData& data, const DigestOptions& options);

}  // namespace veille
