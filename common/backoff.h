// Backoff: the one retry-delay helper of veille. Capped exponential with full
// jitter (delay = random(0, min(cap, initial * 2^attempt))), a bound on the
// number of attempts and on the total time spent waiting, and respect for a
// server's Retry-After: a requested wait is honoured as a floor, and one that
// would exceed the remaining time budget ends the retries instead of sleeping
// through the run. Model: fluent-bit src/flb_scheduler.c.
// Not thread-safe: one Backoff per operation being retried.
#pragma once

#include <cstdint>
#include <random>

#include "common/clock.h"

namespace veille {

struct BackoffPolicy {
  int64_t initial_ms = 500;
  int64_t max_delay_ms = 30'000;
  int64_t max_elapsed_ms = 120'000;  // total waiting budget
  int max_attempts = 5;              // retries after the first try
};

class Backoff {
 public:
  // `clock` is not owned and must outlive this object.
  Backoff(const BackoffPolicy& policy, Clock* clock, uint64_t seed = std::random_device{}());

  // Returns the delay before the next attempt, or -1 when the caller should
  // give up (attempts or time budget exhausted, or the server asked for a
  // wait longer than the remaining budget). `retry_after_ms` < 0: none asked.
  int64_t NextDelayMs(int64_t retry_after_ms = -1);
  // NextDelayMs, then sleeps on the clock. Returns false when giving up.
  bool Wait(int64_t retry_after_ms = -1);
  int attempts() const { return attempts_; }

  // The jittered delay before retry number `attempt` (0-based), for callers
  // whose attempts are spread over several runs and persisted (the ticket
  // outbox): random(0, min(max_delay, initial * 2^attempt)).
  static int64_t DelayForAttempt(const BackoffPolicy& policy, int attempt, std::mt19937_64& rng);

 private:
  BackoffPolicy policy_;
  Clock* clock_;
  std::mt19937_64 rng_;
  int attempts_ = 0;
  int64_t waited_ms_ = 0;
};

}  // namespace veille
