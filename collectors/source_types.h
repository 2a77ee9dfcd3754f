// Registration records of the source types that live in one .cc file each
// with no public API beyond their registration (the social and search APIs),
// and the option checks their Create() functions share.
// collectors/registry.cc lists them; nothing else should need this header.
#pragma once

#include <string>

#include "collectors/query.h"
#include "collectors/source.h"

namespace veille {

SourceType HackerNewsSourceType();  // "hackernews": Hacker News search (Algolia API)
SourceType RedditSourceType();      // "reddit": Reddit search (JSON listing API)
SourceType MastodonSourceType();    // "mastodon": one instance's search or hashtag timeline
SourceType BlueskySourceType();     // "bluesky": searchPosts on an AppView
SourceType AppStoreSourceType();    // "appstore": Apple App Store customer reviews
SourceType ImapSourceType();        // "imap": Google Alerts e-mails over IMAP

// The checks a source's Create() makes on its options, chained; the first
// failure is kept as InvalidArgument("source NAME: option KEY ..."), and
// later checks are skipped:
//
//   OptionChecks c(config);
//   c.NeedsHttp(ctx).Query(SearchSyntax::kBoolean).IntIn("max_pages", 5, 1, 50).Timeout(30);
//   if (!c.ok()) return c.status();
class OptionChecks {
 public:
  explicit OptionChecks(const SourceConfig& config);

  // ctx has an HTTP client and a clock.
  OptionChecks& NeedsHttp(const SourceContext& ctx);
  // Option `query` is set (unless !required and empty) and compiles to
  // `syntax`.
  OptionChecks& Query(SearchSyntax syntax, bool required = true);
  // Integer option `key` (default `fallback`) is in lo..hi.
  OptionChecks& IntIn(const char* key, int64_t fallback, int64_t lo, int64_t hi);
  // timeout_seconds (default `fallback`) is in (0, 600].
  OptionChecks& Timeout(double fallback);
  // The HTTP request options (collectors/fetch.h): timeout_seconds, with
  // its default, is in (0, 600] and retries in 0..10.
  OptionChecks& Fetch();
  // String option `key` (default `fallback`) is an http(s) URL.
  OptionChecks& HttpUrl(const char* key, const char* fallback);
  // Integer option lookback_hours is not negative.
  OptionChecks& Lookback();
  // Any other check: fails with `message` (after "source NAME: ") when !ok.
  OptionChecks& Require(bool ok, const std::string& message);

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }
  // "source NAME: ", to prefix other errors the same way.
  const std::string& where() const { return where_; }

 private:
  const SourceConfig& config_;
  std::string where_;
  Status status_;
};

// The secret option `key` resolved (env:NAME or file:PATH), or "" when the
// option is unset; an unresolvable reference is an error naming the option.
Result<std::string> OptionalSecret(const SourceConfig& config, const char* key);

}  // namespace veille
