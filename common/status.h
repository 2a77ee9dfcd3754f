// Status and Result<T>: the one error type of veille.
//
// A Status is either OK or carries a code and a message that names what went
// wrong and where ("feed acme-alerts: line 3: not well-formed XML"). Codes say
// whether trying again can help: Unavailable, Timeout and RateLimited are
// retryable; InvalidArgument, Corruption, NotFound and Permanent are not. No
// exception crosses a module boundary; functions that can fail return Status
// or Result<T>. Both are cheap to move and are marked [[nodiscard]].
// Thread-safety: plain values, as safe as any std::string.
// Model: leveldb include/leveldb/status.h.
#pragma once

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace veille {

class [[nodiscard]] Status {
 public:
  enum class Code {
    kOk = 0,
    kInvalidArgument,  // bad input or config: fix it, do not retry
    kNotFound,
    kCorruption,       // stored or received data that cannot be decoded
    kIOError,          // local disk or OS failure
    kUnavailable,      // remote down, 5xx, connection refused: retryable
    kTimeout,          // retryable
    kRateLimited,      // 429 and friends: retryable after retry_after_ms()
    kPermanent,        // remote refused for good (4xx other than 408/429)
    kBusy,             // a lock is held by another run
  };

  Status() = default;
  static Status OK() { return Status(); }
  static Status InvalidArgument(std::string msg) { return Status(Code::kInvalidArgument, std::move(msg)); }
  static Status NotFound(std::string msg) { return Status(Code::kNotFound, std::move(msg)); }
  static Status Corruption(std::string msg) { return Status(Code::kCorruption, std::move(msg)); }
  static Status IOError(std::string msg) { return Status(Code::kIOError, std::move(msg)); }
  static Status Unavailable(std::string msg) { return Status(Code::kUnavailable, std::move(msg)); }
  static Status Timeout(std::string msg) { return Status(Code::kTimeout, std::move(msg)); }
  static Status RateLimited(std::string msg, long long retry_after_ms = -1) {
    Status s(Code::kRateLimited, std::move(msg));
    s.retry_after_ms_ = retry_after_ms;
    return s;
  }
  static Status Permanent(std::string msg) { return Status(Code::kPermanent, std::move(msg)); }
  static Status Busy(std::string msg) { return Status(Code::kBusy, std::move(msg)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  bool IsNotFound() const { return code_ == Code::kNotFound; }
  bool IsInvalidArgument() const { return code_ == Code::kInvalidArgument; }
  // True where the same call may succeed later (network, 5xx, 408, 429).
  bool retryable() const {
    return code_ == Code::kUnavailable || code_ == Code::kTimeout || code_ == Code::kRateLimited;
  }
  // Milliseconds the remote asked us to wait (Retry-After), or -1.
  long long retry_after_ms() const { return retry_after_ms_; }

  // "OK" or "<code name>: <message>".
  std::string ToString() const;
  static const char* CodeName(Code code);

  // Returns a copy whose message is "<context>: <message>".
  Status WithContext(std::string_view context) const;

 private:
  Status(Code code, std::string msg) : code_(code), message_(std::move(msg)) {}
  Code code_ = Code::kOk;
  std::string message_;
  long long retry_after_ms_ = -1;
};

// Either a value or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(v_).ok() && "Result needs a value or an error");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  // By value, not T&&: `for (x : F().value())` would otherwise iterate a
  // destroyed temporary (range-for keeps only the last temporary alive).
  T value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace veille

// Returns early from the enclosing function with a non-OK status.
#define VEILLE_RETURN_IF_ERROR(expr)          \
  do {                                        \
    ::veille::Status _st = (expr);            \
    if (!_st.ok()) return _st;                \
  } while (0)
