// The "rss" source: any RSS 2.0, RSS 1.0 or Atom feed, Google Alerts, Google
// News and Bing News feeds included, fetched with a conditional GET.
//
// Its cursor (an opaque JSON string to everyone else) remembers the ETag and
// Last-Modified validators, the newest publication time seen and a bounded
// set of recently seen item keys, because feeds re-order and re-date their
// items: an item is new when its key has not been seen and it is not older
// than the lookback window before the newest item seen (the first run: before
// now). A Source object is used by one thread at a time.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "collectors/source.h"

namespace veille {

// The registration record (name "rss", option schema, factory).
SourceType RssSourceType();

struct RssCursor {
  static constexpr size_t kMaxSeen = 2000;
  std::string etag;
  std::string last_modified;
  int64_t newest_ms = 0;
  std::vector<std::string> seen;  // oldest first; at most kMaxSeen
};

std::string EncodeRssCursor(const RssCursor& cursor);
// Corruption when `text` is not a cursor this version wrote.
Result<RssCursor> DecodeRssCursor(std::string_view text);

}  // namespace veille
