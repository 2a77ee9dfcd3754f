// The HTTP exchange every source makes: a GET with bounded retries through
// common/backoff.h, and the mapping of HTTP outcomes to Status that the
// Source contract expects (429, or 503 with Retry-After: RateLimited with the
// wait; 408 and 5xx: retried, then Unavailable; other 4xx: Permanent;
// transport timeouts and resets: retried, then their own Status).
// Stateless; thread-safe as far as the HttpClient and Clock passed are.
#pragma once

#include <string>

#include "collectors/http_client.h"
#include "collectors/source.h"

namespace veille {

// The request options every HTTP source takes, with their defaults:
// timeout_seconds and retries (OptionChecks::Fetch checks their range,
// ReadFetchOptions reads them).
inline constexpr double kDefaultTimeoutSeconds = 30;
inline constexpr int kDefaultRetries = 2;

struct FetchPolicy {
  int retries = kDefaultRetries;  // retries after the first attempt
  int64_t max_wait_ms = 30'000;   // total backoff budget
};

// Options timeout_seconds (as milliseconds) and retries, with the defaults
// above.
void ReadFetchOptions(const Options& o, int64_t* timeout_ms, FetchPolicy* policy);

// The wait a rate-limited response asks for: Retry-After (seconds or
// HTTP-date), else X-RateLimit-Reset (seconds until reset as Reddit sends it,
// an epoch time, or Mastodon's ISO 8601 time). -1 when none is usable.
int64_t RetryAfterMs(const HttpResponse& response, int64_t now_ms);

// Sends `request` (retrying as above) and returns OK with a 2xx or 304
// response in *response. Every attempt increments *pages. Each outcome is
// logged with the source's name. Errors carry "source <name>: " context.
Status SendWithRetries(const SourceContext& ctx, const std::string& source_name, const HttpRequest& request,
                       const FetchPolicy& policy, int* pages, HttpResponse* response);

}  // namespace veille
