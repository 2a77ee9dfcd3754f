#include "common/backoff.h"

#include <gtest/gtest.h>

namespace veille {
namespace {

TEST(BackoffTest, FullJitterStaysUnderTheExponentialCap) {
  FakeClock clock;
  BackoffPolicy p;
  p.initial_ms = 100;
  p.max_delay_ms = 1000;
  p.max_attempts = 10;
  p.max_elapsed_ms = 1'000'000;
  Backoff b(p, &clock, 42);
  int64_t caps[] = {100, 200, 400, 800, 1000, 1000};
  for (int64_t cap : caps) {
    int64_t d = b.NextDelayMs();
    EXPECT_GE(d, 0);
    EXPECT_LE(d, cap);
  }
}

TEST(BackoffTest, GivesUpAfterMaxAttempts) {
  FakeClock clock;
  BackoffPolicy p;
  p.max_attempts = 2;
  Backoff b(p, &clock, 1);
  EXPECT_TRUE(b.Wait());
  EXPECT_TRUE(b.Wait());
  EXPECT_FALSE(b.Wait());
  EXPECT_EQ(b.attempts(), 2);
}

TEST(BackoffTest, HonoursRetryAfterAsAFloor) {
  FakeClock clock;
  BackoffPolicy p;
  p.initial_ms = 10;
  p.max_elapsed_ms = 60'000;
  Backoff b(p, &clock, 7);
  EXPECT_EQ(b.NextDelayMs(5000), 5000);
}

TEST(BackoffTest, RetryAfterBeyondBudgetGivesUp) {
  FakeClock clock;
  BackoffPolicy p;
  p.max_elapsed_ms = 10'000;
  Backoff b(p, &clock, 7);
  EXPECT_EQ(b.NextDelayMs(3'600'000), -1);
}

TEST(BackoffTest, TotalWaitIsBounded) {
  FakeClock clock;
  BackoffPolicy p;
  p.initial_ms = 1000;
  p.max_delay_ms = 1000;
  p.max_attempts = 100;
  p.max_elapsed_ms = 2500;
  Backoff b(p, &clock, 3);
  while (b.Wait(900)) {
  }
  EXPECT_LE(clock.slept_ms(), 2500);
  EXPECT_GE(clock.slept_ms(), 1800);
}

}  // namespace
}  // namespace veille
