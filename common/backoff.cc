#include "common/backoff.h"

#include <algorithm>

namespace veille {

Backoff::Backoff(const BackoffPolicy& policy, Clock* clock, uint64_t seed)
    : policy_(policy), clock_(clock), rng_(seed) {}

int64_t Backoff::DelayForAttempt(const BackoffPolicy& policy, int attempt, std::mt19937_64& rng) {
  // initial * 2^attempt, computed without overflow.
  int64_t ceiling = policy.initial_ms;
  for (int i = 0; i < attempt && ceiling < policy.max_delay_ms; ++i) ceiling *= 2;
  ceiling = std::min(ceiling, policy.max_delay_ms);
  std::uniform_int_distribution<int64_t> dist(0, std::max<int64_t>(ceiling, 0));
  return dist(rng);
}

int64_t Backoff::NextDelayMs(int64_t retry_after_ms) {
  if (attempts_ >= policy_.max_attempts) return -1;
  int64_t remaining = policy_.max_elapsed_ms - waited_ms_;
  if (remaining <= 0) return -1;
  int64_t delay = DelayForAttempt(policy_, attempts_, rng_);
  if (retry_after_ms >= 0) {
    if (retry_after_ms > remaining) return -1;
    delay = std::max(delay, retry_after_ms);
  }
  delay = std::min(delay, remaining);
  ++attempts_;
  waited_ms_ += delay;
  return delay;
}

bool Backoff::Wait(int64_t retry_after_ms) {
  int64_t delay = NextDelayMs(retry_after_ms);
  if (delay < 0) return false;
  clock_->SleepMs(delay);
  return true;
}

}  // namespace veille
