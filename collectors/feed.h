// Feed parsing: RSS 2.0, RSS 1.0 (RDF) and Atom documents into plain items,
// with the quirks of the feeds veille reads most (Google Alerts' escaped
// HTML titles, Google News' "Headline - Publisher" titles and <source>,
// Bing News' apiclick links, which url.h unwraps later).
//
// Parsing is done by libxml2 with network access off (XML_PARSE_NONET), no
// external DTD or entity loading, no entity substitution, and its default
// size limits (XML_PARSE_HUGE off), so a hostile feed can neither reach the
// network nor blow up memory. Bytes that are not valid in the encoding the
// document claims are repaired, never passed on: every string in a Feed is
// valid UTF-8 plain text.
//
// Pure functions of their input; thread-safe (libxml2 parser contexts are
// per call; xmlInitParser runs once).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace veille {

enum class FeedFormat { kRss2, kRss1, kAtom };
const char* FeedFormatName(FeedFormat format);

struct FeedItem {
  std::string id;             // <guid>, atom <id>, rdf:about; "" when absent
  std::string link;           // as written (absolute when resolvable), not canonical
  std::string title;          // plain text
  std::string summary;        // plain text of <description> / <summary>
  std::string content;        // plain text of <content:encoded> / <content>
  std::string author;         // name, or "" (Google Alerts leaves it empty)
  std::string publisher;      // Google News <source>, dc:publisher, or ""
  std::string publisher_url;  // <source url="...">
  std::string lang;           // ISO 639 code from xml:lang / dc:language, or ""
  std::vector<std::string> categories;
  // UTC epoch milliseconds. Missing or unparseable dates are the fetch time
  // (date_missing = true); dates after the fetch time are clamped to it.
  int64_t published_ms = 0;
  bool date_missing = false;
};

struct Feed {
  FeedFormat format = FeedFormat::kRss2;
  std::string title;
  std::string link;
  std::string lang;  // channel <language> / feed xml:lang, "fr-FR" -> "fr"
  std::vector<FeedItem> items;
  // True when invalid bytes had to be repaired (a feed declared, or assumed,
  // UTF-8 that was not): worth a log line.
  bool repaired_encoding = false;
};

struct FeedParseOptions {
  // charset= from the HTTP Content-Type, used when the document itself
  // declares no encoding ("" = none).
  std::string http_charset;
  // The fetch time; item dates are clamped to it and default to it.
  int64_t fetched_ms = 0;
  // Base for relative links (the feed's URL), or "".
  std::string base_url;
  // Items beyond this many are ignored (the document is still validated).
  size_t max_items = 10'000;
};

// Parses a feed. Malformed, truncated or non-XML input, and XML that is not
// a feed, give Status::Corruption naming the line ("line 12: Opening and
// ending tag mismatch: item and channel").
Result<Feed> ParseFeed(std::string_view bytes, const FeedParseOptions& options = {});

// Dates as feeds write them, to UTC epoch milliseconds, or -1.
// RFC 822 / 1123 ("Mon, 23 Nov 2026 09:12:04 +0100", "GMT", "EST", 2-digit
// years, weekday optional, seconds optional) and RFC 3339 / ISO 8601
// ("2026-11-23T09:12:04.5+01:00", "Z", date only).
int64_t ParseRfc822Date(std::string_view text);
int64_t ParseRfc3339Date(std::string_view text);
// Tries RFC 3339, then RFC 822.
int64_t ParseFeedDate(std::string_view text);

}  // namespace veille
