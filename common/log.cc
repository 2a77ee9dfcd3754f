#include "common/log.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <vector>

namespace veille::log {
namespace {

std::atomic<int> g_level{static_cast<int>(Level::kInfo)};
std::atomic<int> g_format{static_cast<int>(Format::kLogfmt)};
std::mutex g_mu;  // guards g_secrets and g_sink
std::vector<std::string> g_secrets;
std::string* g_sink = nullptr;

const char* LevelName(Level level) {
  switch (level) {
    case Level::kDebug: return "debug";
    case Level::kInfo: return "info";
    case Level::kWarn: return "warn";
    case Level::kError: return "error";
    case Level::kOff: return "off";
  }
  return "info";
}

std::string Timestamp() {
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms % 1000));
  return buf;
}

// Escapes for both formats: quotes, backslashes and every control character,
// so that one event is always exactly one line.
void AppendEscaped(std::string* out, std::string_view value) {
  for (unsigned char c : value) {
    switch (c) {
      case '"': *out += "\\\""; break;
      case '\\': *out += "\\\\"; break;
      case '\n': *out += "\\n"; break;
      case '\r': *out += "\\r"; break;
      case '\t': *out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          *out += buf;
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
  }
}

bool NeedsQuotes(std::string_view v) {
  if (v.empty()) return true;
  for (unsigned char c : v) {
    if (c <= ' ' || c == '"' || c == '=' || c == '\\' || c == 0x7f) return true;
  }
  return false;
}

}  // namespace

void SetLevel(Level level) { g_level = static_cast<int>(level); }
Level GetLevel() { return static_cast<Level>(g_level.load()); }
void SetFormat(Format format) { g_format = static_cast<int>(format); }

bool ParseLevel(std::string_view text, Level* level) {
  for (Level l : {Level::kDebug, Level::kInfo, Level::kWarn, Level::kError, Level::kOff}) {
    if (text == LevelName(l)) {
      *level = l;
      return true;
    }
  }
  return false;
}

bool ParseFormat(std::string_view text, Format* format) {
  if (text == "logfmt") { *format = Format::kLogfmt; return true; }
  if (text == "json") { *format = Format::kJson; return true; }
  return false;
}

void RegisterSecret(std::string_view secret) {
  if (secret.size() < 4) return;  // masking "a" everywhere would garble logs
  std::lock_guard<std::mutex> lock(g_mu);
  g_secrets.emplace_back(secret);
}

void SetSinkForTesting(std::string* sink) {
  std::lock_guard<std::mutex> lock(g_mu);
  g_sink = sink;
}

Event::Event(Level level, std::string_view event)
    : enabled_(static_cast<int>(level) >= g_level.load() && level != Level::kOff) {
  if (!enabled_) return;
  if (static_cast<Format>(g_format.load()) == Format::kJson) line_ = "{";
  AddRaw("ts", Timestamp(), true);
  AddRaw("level", LevelName(level), true);
  AddRaw("event", event, true);
}

void Event::AddRaw(std::string_view key, std::string_view value, bool quote_json) {
  if (static_cast<Format>(g_format.load()) == Format::kJson) {
    if (line_.size() > 1) line_ += ',';
    line_ += '"';
    AppendEscaped(&line_, key);
    line_ += "\":";
    if (quote_json) line_ += '"';
    AppendEscaped(&line_, value);
    if (quote_json) line_ += '"';
  } else {
    if (!line_.empty()) line_ += ' ';
    line_.append(key);
    line_ += '=';
    if (NeedsQuotes(value)) {
      line_ += '"';
      AppendEscaped(&line_, value);
      line_ += '"';
    } else {
      line_.append(value);
    }
  }
}

Event& Event::Kv(std::string_view key, std::string_view value) {
  if (enabled_) AddRaw(key, value, true);
  return *this;
}

Event& Event::Kv(std::string_view key, int64_t value) {
  if (enabled_) AddRaw(key, std::to_string(value), false);
  return *this;
}

Event& Event::Kv(std::string_view key, double value) {
  if (!enabled_) return *this;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", value);
  AddRaw(key, buf, false);
  return *this;
}

Event::~Event() {
  if (!enabled_) return;
  if (static_cast<Format>(g_format.load()) == Format::kJson) line_ += '}';
  line_ += '\n';
  std::lock_guard<std::mutex> lock(g_mu);
  for (const std::string& secret : g_secrets) {
    for (size_t pos = line_.find(secret); pos != std::string::npos; pos = line_.find(secret, pos + 3)) {
      line_.replace(pos, secret.size(), "***");
    }
  }
  if (g_sink != nullptr) {
    *g_sink += line_;
    return;
  }
  size_t off = 0;
  while (off < line_.size()) {
    ssize_t n = ::write(STDERR_FILENO, line_.data() + off, line_.size() - off);
    if (n <= 0) break;
    off += static_cast<size_t>(n);
  }
}

}  // namespace veille::log
