// Preview: one fetch of a source as if it were its first run, with no stored
// cursor, for `veille preview TYPE URL [--query Q] [--key value ...]`: lets a
// user check a feed URL or a search before putting it in the config. Nothing
// is stored.
//
// URL is the full address of the first page as the service serves it, e.g.
//   rss        https://www.google.com/alerts/feeds/0123/4567
//   hackernews https://hn.algolia.com/api/v1/search_by_date?query=acme&tags=story
//   reddit     https://www.reddit.com/r/france/search.json?q=acme&sort=new
//   mastodon   https://mastodon.social/api/v2/search?q=acme&type=statuses
//              https://mastodon.social/api/v1/timelines/tag/acme
//   bluesky    https://public.api.bsky.app/xrpc/app.bsky.feed.searchPosts?q=acme&lang=fr
//   appstore   https://itunes.apple.com/fr/rss/customerreviews/page=1/id=123/sortBy=mostRecent/json
// The source's options are read off that address (OptionsFromServiceUrl),
// then --key value pairs override them. That first page is requested exactly
// as given, so a file:// URL (whose file holds the page's body) works for
// every type; the keys the address cannot give (e.g. a Mastodon instance)
// then come from --key value. A preview reads one page unless max_pages is
// passed; a file:// preview reads only that page.
// Thread-safe when each call gets its own context (the default one is).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "collectors/source.h"

namespace veille {

struct PreviewRequest {
  std::string type;  // a registered source type
  std::string url;   // the first page, http(s) or file
  // A brand query (collectors/query.h). It becomes the source's "query"
  // option when the type has one, and the mentions are re-checked against
  // it locally: only the matching ones are kept, with brands = {query}.
  std::string query;
  Options options;   // overrides of what the URL says
};

struct PreviewResult {
  FetchResult fetched;
  size_t filtered_out = 0;  // mentions the query did not match
};

// Creates a source named "preview" of `request.type`, checks the options
// against the type's schema (unknown keys and missing required keys are
// InvalidArgument naming the key), and fetches once. `ctx` may be null: a
// libcurl client and the real clock are used. NotFound for an unknown type,
// naming the known ones. A failed fetch returns its Status.
Result<PreviewResult> Preview(const PreviewRequest& request, const SourceContext* ctx = nullptr);

// Preview without a query, for callers that only want the fetch.
Result<FetchResult> PreviewSource(const std::string& type, const std::string& url, const Options& options,
                                  const SourceContext* ctx = nullptr);

// The options of `type` that `url` (the service's own address of a first
// page) determines, e.g. base_url, query and subreddit for a Reddit search
// URL. Empty for file:// URLs and for types with nothing to read off the URL;
// InvalidArgument when an http(s) URL is not an address of that service's
// API (naming the expected shape).
Result<Options> OptionsFromServiceUrl(const std::string& type, const std::string& url);

// Turns command-line "--key value" pairs into typed Options following the
// type's schema: ints, doubles, booleans (true/false), lists (comma
// separated). '-' in keys reads as '_'. InvalidArgument naming the key and
// the expected type.
Result<Options> OptionsFromText(const std::string& type, const std::vector<std::pair<std::string, std::string>>& kv);

}  // namespace veille
