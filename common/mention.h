// Mention: one post, article or review that names a watched brand, in the one
// schema every source normalises to, and ScoredMention, the same after the
// score stage. These are the payloads of the Kafka topics
// veille.mentions.raw and veille.mentions.scored, serialised as JSON with a
// schema version field ("v") so that consumers can refuse what they do not
// understand instead of misreading it.
//
// Plain value types; thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace veille {

struct Author {
  std::string handle;      // @user, u/user, did:plc:..., or empty
  std::string name;        // display name, or empty
  std::string url;         // profile link, or empty
  int64_t followers = -1;  // reach where the source has it, -1 unknown
};

struct Engagement {
  int64_t likes = 0;     // favourites, upvotes, points, stars
  int64_t shares = 0;    // reblogs, reposts
  int64_t replies = 0;   // comments
  int64_t rating = 0;    // App Store stars 1..5, 0 when not a review
};

struct Mention {
  static constexpr int kSchemaVersion = 1;

  std::string id;            // dedup key: canonical URL, else source id, else hash
  std::string source_type;   // "rss", "mastodon", "reddit", ...
  std::string source_name;   // the configured instance, e.g. "acme-google-alerts"
  std::vector<std::string> seen_in;  // every source_name this mention came from
  std::string source_id;     // the source's own stable id (guid, status id)
  std::string url;           // canonical URL, or empty
  std::string title;         // plain text, valid UTF-8
  std::string text;          // plain text, HTML stripped, entities decoded
  std::string publisher;     // site or outlet where the source says
  std::string thread;        // conversation / thread id where the source has one
  Author author;
  int64_t published_ms = 0;  // UTC epoch milliseconds; clamped to fetched_ms
  int64_t fetched_ms = 0;
  std::string lang;          // ISO 639-1 where known ("fr", "en"), else empty
  Engagement engagement;
  std::vector<std::string> brands;  // names of the brands whose query matched

  // Reach used for ranking and ticket priority: followers when known, plus
  // engagement.
  int64_t Reach() const;
};

enum class SentimentLabel { kNegative, kNeutral, kPositive };
const char* SentimentLabelName(SentimentLabel label);
bool ParseSentimentLabel(std::string_view text, SentimentLabel* label);

// What the score stage concluded about one mention.
struct Verdict {
  double score = 0.0;  // compound score in [-1, 1]
  SentimentLabel label = SentimentLabel::kNeutral;
  std::string lang;    // language the scorer used
  bool complaint = false;  // a customer with a problem the service team can act on
  // The service topic the text is about, whether or not it is a complaint:
  // the lexicons' name for it ("refund", "delivery", "outage", "billing",
  // "account", "cancellation", "fraud", "defect", "support"), "" when none.
  std::string service_topic;
  std::vector<std::string> reasons;            // terms and rules that moved the score
  std::vector<std::string> complaint_reasons;  // why it is (or is not) a complaint
};

struct ScoredMention {
  Mention mention;
  Verdict verdict;
  int64_t scored_ms = 0;
};

// JSON encodings (UTF-8, one object, no trailing newline).
std::string ToJson(const Mention& m);
std::string ToJson(const ScoredMention& m);
// Decoders name the field that was missing or of the wrong type.
Result<Mention> MentionFromJson(std::string_view json);
Result<ScoredMention> ScoredMentionFromJson(std::string_view json);

}  // namespace veille
