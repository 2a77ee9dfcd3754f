// Structured logging: one line per event on stderr, logfmt or JSON.
//
//   log::Info("source.fetched").Kv("source", name).Kv("mentions", n);
//
// The line is written when the temporary Event is destroyed, in one write(2)
// so lines from several threads never interleave. Values registered with
// RegisterSecret() are replaced by "***" wherever they appear in a line, as a
// last line of defence: secrets are never passed to the logger on purpose.
// Control characters in values are escaped, so attacker-controlled text
// (a mention title) cannot forge a second log line.
// Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace veille::log {

enum class Level { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3, kOff = 4 };
enum class Format { kLogfmt, kJson };

void SetLevel(Level level);
Level GetLevel();
void SetFormat(Format format);
// Parses "debug", "info", "warn", "error", "off". Returns false otherwise.
bool ParseLevel(std::string_view text, Level* level);
bool ParseFormat(std::string_view text, Format* format);
// Masks `secret` (if at least 4 bytes long) in every later log line.
void RegisterSecret(std::string_view secret);
// Redirects output (tests). Pass nullptr to restore stderr. Not thread-safe
// against concurrent logging; call before starting threads.
void SetSinkForTesting(std::string* sink);

class Event {
 public:
  Event(Level level, std::string_view event);
  ~Event();
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;

  Event& Kv(std::string_view key, std::string_view value);
  Event& Kv(std::string_view key, const char* value) { return Kv(key, std::string_view(value)); }
  Event& Kv(std::string_view key, const std::string& value) { return Kv(key, std::string_view(value)); }
  Event& Kv(std::string_view key, int64_t value);
  Event& Kv(std::string_view key, int value) { return Kv(key, static_cast<int64_t>(value)); }
  Event& Kv(std::string_view key, long long value) { return Kv(key, static_cast<int64_t>(value)); }
  Event& Kv(std::string_view key, unsigned long value) { return Kv(key, static_cast<int64_t>(value)); }
  Event& Kv(std::string_view key, unsigned long long value) { return Kv(key, static_cast<int64_t>(value)); }
  Event& Kv(std::string_view key, unsigned value) { return Kv(key, static_cast<int64_t>(value)); }
  Event& Kv(std::string_view key, double value);
  Event& Kv(std::string_view key, bool value) { return Kv(key, std::string_view(value ? "true" : "false")); }

 private:
  void AddRaw(std::string_view key, std::string_view value, bool quote_json);
  bool enabled_;
  std::string line_;
};

inline Event Debug(std::string_view event) { return Event(Level::kDebug, event); }
inline Event Info(std::string_view event) { return Event(Level::kInfo, event); }
inline Event Warn(std::string_view event) { return Event(Level::kWarn, event); }
inline Event Error(std::string_view event) { return Event(Level::kError, event); }

}  // namespace veille::log
