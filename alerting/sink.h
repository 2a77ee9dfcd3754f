// TicketSink: where veille opens support tickets for unhappy customers
// (Zendesk, Freshdesk, Jira Service Management, a webhook, e-mail, or the
// embedded JSONL file), and BuildTicket(), which turns a group of scored
// mentions into a ticket an agent can act on without opening five tabs.
//
// A sink blocks until the helpdesk acknowledged and says whether a failure is
// worth retrying (5xx, 408, 429, timeouts) or not (other 4xx, bad payloads).
// Before any retry that might duplicate a ticket, the caller asks Find() with
// the ticket's external_id. Models: fluent-bit plugins/out_http, Benthos
// BatchError.
//
// Sinks are not thread-safe: one per thread. They do not keep references to
// the Ticket passed in.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/backoff.h"
#include "common/mention.h"
#include "common/status.h"

namespace veille {

struct Ticket {
  std::string external_id;  // "veille-<hash>", stable across reruns
  std::string brand;
  std::string subject;      // plain text, one line
  std::string body_text;    // plain text
  std::string body_html;    // HTML, every mention-derived string escaped
  std::string priority;     // "low" | "normal" | "high" | "urgent"
  std::vector<std::string> tags;
  std::string requester_name;    // the mention's author display name
  std::string requester_handle;  // the mention's author handle
  std::string lang;              // "fr" | "en"
  std::vector<ScoredMention> mentions;  // first = the one that opened the ticket
};

struct TicketRef {
  std::string id;   // the helpdesk's ticket id
  std::string url;  // where an agent opens it, or empty
};

class TicketSink {
 public:
  virtual ~TicketSink();
  // Short plugin name ("jsonl", "zendesk", ...).
  virtual const char* type() const = 0;
  // Blocks until the helpdesk acknowledged. Retryable Status for
  // 5xx/408/429/timeouts (retry_after_ms from Retry-After), Permanent with the
  // helpdesk's answer for other 4xx.
  virtual Result<TicketRef> Create(const Ticket& ticket) = 0;
  // Finds a ticket made earlier with this external_id (used before any retry
  // that might duplicate). OK(nullopt) = none; Status on failure.
  virtual Result<std::optional<TicketRef>> Find(const std::string& external_id) = 0;

  // Adds `note` (later mentions of the same customer, BuildFollowUp) to the
  // existing ticket as an internal note, not visible to the requester. Same
  // Status contract as Create. The base class refuses (Permanent).
  virtual Status AddNote(const TicketRef& ticket, const Ticket& note);
  // Whether a note with this external id is already on the ticket (asked
  // before any retry that might duplicate it). The base class answers false.
  virtual Result<bool> HasNote(const TicketRef& ticket, const std::string& note_external_id);
};

// The embedded default sink: appends one JSON object per ticket per line to
// `path` (every Ticket field, mentions encoded with common/mention.h ToJson),
// then fsyncs. The id is the external_id when set, else "jsonl-<n>" (n = the
// line number). Create() with an external_id already in the file returns the
// existing ticket instead of appending a duplicate. Find() scans the file
// (incrementally: only what was appended since the last call). Hostile text
// cannot break the JSONL framing: strings are repaired to valid UTF-8 and the
// JSON writer escapes every control character. A torn last line (a crash
// mid-append, never acknowledged) is ignored by Find and truncated by the
// next Create. Appends take flock(2), so two processes may share the file.
// AddNote appends one more line with "note_for": <ticket id>, idempotent on
// the note's external id; HasNote finds it.
// Errors: IOError naming the path.
std::unique_ptr<TicketSink> NewJsonlTicketSink(std::string path);

// Builds the ticket for a group of scored mentions (first = the one that
// opened it) in "fr" or "en" (anything else falls back to "en"): subject,
// body text and HTML with the mention text, author and profile link, source
// and link, when, sentiment score/label and reasons, complaint reasons, reach,
// the grouped mentions, the suggested priority and tags (brand, source type,
// "veille"). external_id = "veille-" + stable hash of the first mention id.
// An empty `mentions` yields a ticket with no mention and priority "low".
Ticket BuildTicket(const std::string& brand, const std::vector<ScoredMention>& mentions,
                   const std::string& lang);

// The note added to an existing ticket when the same customer writes again
// within the grouping window: the full facts of the new mention(s) under a
// "same customer again" headline. external_id = "veille-note-" + stable hash
// of the first mention id; the body names it, so HasNote can search for it.
Ticket BuildFollowUp(const std::string& brand, const std::vector<ScoredMention>& mentions, const std::string& lang);

// "low" | "normal" | "high" | "urgent", from the most negative score, whether
// any mention is a complaint, the largest reach, and urgency words ("urgent",
// "scam", "lawyer", "arnaque", "remboursement", ...).
std::string SuggestPriority(const std::vector<ScoredMention>& mentions);

// When a brand's mention becomes a ticket, and how many tickets a brand may
// open. The defaults are what a service team accepts on day one: negative
// mentions at or below -0.05, any source, no reach floor, at most 20
// tickets an hour per brand, a storm (more than 50 candidates waiting for
// one brand) becomes one aggregated ticket. Configured per brand in
// [[tickets.rules]] (jobs/config.h).
struct TicketRule {
  std::vector<SentimentLabel> labels = {SentimentLabel::kNegative};  // labels that qualify
  double max_score = -0.05;      // ... at or below this score
  bool only_complaints = false;  // ... and only with complaint intent
  bool complaints_always = false;  // complaint intent qualifies whatever the label/score
  std::vector<std::string> source_types;  // empty = every source type
  int64_t min_reach = 0;                  // Mention::Reach() at least this
  // Lower-case words or phrases ("*" suffix = prefix), matched as whole
  // words in the title and text. never_keywords win over everything,
  // always_keywords over the other rules.
  std::vector<std::string> always_keywords;
  std::vector<std::string> never_keywords;
  int64_t hourly_cap = 20;        // individual tickets per brand per hour; 0 = no cap
  int64_t storm_threshold = 50;   // more waiting candidates than this = one aggregated ticket; 0 = off
  int64_t group_window_minutes = 1440;  // same author (and thread) within this: one ticket
};

// Whether `m` qualifies under `rule`. `why` (optional) gets a short reason
// ("never keyword: concours", "score -0.02 above -0.05", "candidate", ...).
bool IsTicketCandidate(const TicketRule& rule, const ScoredMention& m, std::string* why = nullptr);

// The key that groups one customer's mentions into one ticket: source type,
// author (handle, else name) and thread where the source has one; "" when
// the author is unknown (such mentions are never grouped).
std::string GroupKey(const Mention& m);

// One ticket standing for many held-back mentions of `brand` (the hourly cap
// was reached, or a storm): counts by source and label, the most negative and
// the loudest mentions, the time span, in "fr" or "en". Priority "urgent"
// for a storm, "high" otherwise. `topic` is the storm's service topic
// (Verdict::service_topic; "" for a storm across topics, and for the cap):
// it is named in the subject and tagged. external_id = "veille-agg-" + hash
// of the brand, the topic and the mention ids, so a rerun with the same held
// set finds it.
Ticket BuildAggregateTicket(const std::string& brand, const std::vector<ScoredMention>& held, bool storm,
                            const std::string& lang, const std::string& topic = "");

// A service topic's name for people: "delivery" -> "livraison" in French.
// Topics the built-in lexicons do not name are shown as they are.
std::string ServiceTopicName(const std::string& topic, bool french);

// DeliverTicket for a note on an existing ticket: HasNote() first with
// `look_up_first`, then AddNote(), retried like DeliverTicket with a HasNote()
// before every new AddNote(). Returns OK once the note is on the ticket.
Status DeliverNote(TicketSink& sink, const TicketRef& ticket, const Ticket& note, Backoff& backoff,
                   bool look_up_first, struct DeliveryTrace* trace);

struct DeliveryTrace {
  int creates = 0;              // Create() calls made
  int lookups = 0;              // Find() calls made
  bool found_existing = false;  // the ticket was found, not created
};

// Delivers `ticket` at most once as far as the sink can tell: with
// `look_up_first` (an earlier attempt may have created it), Find() first;
// then Create(), and on a retryable failure waits as `backoff` says (capped
// exponential with full jitter, Retry-After honoured as a floor, giving up
// when the attempts or the time budget run out) and Find()s again before
// every new Create(), since a lost answer or a timeout may hide a created
// ticket. A failed Find() ends the attempt with its Status (creating blind
// could duplicate). Returns the ticket, or the last Status (retryable or
// not: the caller persists the entry accordingly). Crash points
// "ticket.before_create" and "ticket.after_create" surround each Create().
Result<TicketRef> DeliverTicket(TicketSink& sink, const Ticket& ticket, Backoff& backoff, bool look_up_first,
                                DeliveryTrace* trace);

// Stable hash (FNV-1a 64, hex) used for external ids and derived Message-IDs.
std::string StableHashHex(std::string_view text);

}  // namespace veille
