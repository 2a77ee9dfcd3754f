#include "collectors/fetch.h"

#include <algorithm>

#include "collectors/feed.h"
#include "common/backoff.h"
#include "common/log.h"

namespace veille {

int64_t RetryAfterMs(const HttpResponse& response, int64_t now_ms) {
  int64_t ms = ParseRetryAfterMs(response.Header("Retry-After"), now_ms);
  if (ms >= 0) return ms;
  std::string reset = response.Header("X-RateLimit-Reset");
  if (reset.empty()) return -1;
  bool digits = reset.size() <= 12;
  for (char c : reset) digits = digits && c >= '0' && c <= '9';
  if (digits) {
    int64_t n = std::stoll(reset);
    // Reddit sends seconds until the reset, GitHub-style APIs an epoch time.
    if (n < 1'000'000'000) return n * 1000;
    return std::max<int64_t>(0, n * 1000 - now_ms);
  }
  int64_t at = ParseRfc3339Date(reset);  // Mastodon: an ISO 8601 timestamp
  return at < 0 ? -1 : std::max<int64_t>(0, at - now_ms);
}

void ReadFetchOptions(const Options& o, int64_t* timeout_ms, FetchPolicy* policy) {
  *timeout_ms = static_cast<int64_t>(o.GetDouble("timeout_seconds", kDefaultTimeoutSeconds) * 1000);
  policy->retries = static_cast<int>(o.GetInt("retries", kDefaultRetries));
}

Status SendWithRetries(const SourceContext& ctx, const std::string& source_name, const HttpRequest& request,
                       const FetchPolicy& fetch_policy, int* pages, HttpResponse* response) {
  BackoffPolicy policy;
  policy.initial_ms = 500;
  policy.max_delay_ms = 5'000;
  policy.max_elapsed_ms = fetch_policy.max_wait_ms;
  policy.max_attempts = fetch_policy.retries;
  Backoff backoff(policy, ctx.clock);
  const std::string where = "source " + source_name;
  int attempts = 0;
  for (;;) {
    ++*pages;
    ++attempts;
    auto res = ctx.http->Send(request);
    if (!res.ok()) {
      Status st = res.status().WithContext(where);
      if (st.retryable() && backoff.Wait()) {
        log::Warn("source.retry").Kv("source", source_name).Kv("error", st.message());
        continue;
      }
      log::Error("source.fetch_failed").Kv("source", source_name).Kv("error", st.message()).Kv("attempts", attempts);
      return st;
    }
    *response = std::move(res).value();
    const long code = response->status;
    if ((code >= 200 && code < 300) || code == 304) return Status::OK();
    const int64_t retry_after = RetryAfterMs(*response, ctx.clock->NowMs());
    const std::string msg = where + ": HTTP " + std::to_string(code);
    if (code == 429 || (code == 503 && retry_after >= 0)) {
      // The server said to come back later: stop this source for this run.
      log::Warn("source.rate_limited")
          .Kv("source", source_name)
          .Kv("status", static_cast<int64_t>(code))
          .Kv("retry_after_ms", retry_after);
      return Status::RateLimited(msg, retry_after);
    }
    if (code == 408 || code >= 500) {
      if (backoff.Wait()) {
        log::Warn("source.retry").Kv("source", source_name).Kv("status", static_cast<int64_t>(code));
        continue;
      }
      log::Error("source.fetch_failed")
          .Kv("source", source_name)
          .Kv("status", static_cast<int64_t>(code))
          .Kv("attempts", attempts);
      return Status::Unavailable(msg + " after " + std::to_string(attempts) + " attempts");
    }
    log::Error("source.fetch_failed").Kv("source", source_name).Kv("status", static_cast<int64_t>(code));
    return Status::Permanent(msg);
  }
}

}  // namespace veille
