// Clock: wall time and sleeping behind an interface, so that tests of
// backoff, cursors, windows and spike detection run on a fake clock.
// RealClock is thread-safe; FakeClock is for single-threaded tests.
#pragma once

#include <cstdint>

namespace veille {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch, UTC.
  virtual int64_t NowMs() const = 0;
  virtual void SleepMs(int64_t ms) = 0;
  // The process-wide real clock; never null, never deleted.
  static Clock* Real();
};

class FakeClock : public Clock {
 public:
  explicit FakeClock(int64_t now_ms = 1'700'000'000'000) : now_ms_(now_ms) {}
  int64_t NowMs() const override { return now_ms_; }
  void SleepMs(int64_t ms) override {
    if (ms > 0) {
      now_ms_ += ms;
      slept_ms_ += ms;
    }
  }
  void AdvanceMs(int64_t ms) { now_ms_ += ms; }
  int64_t slept_ms() const { return slept_ms_; }

 private:
  int64_t now_ms_;
  int64_t slept_ms_ = 0;
};

}  // namespace veille
