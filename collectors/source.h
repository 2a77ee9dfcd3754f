// Source: one place mentions come from (a feed, a mailbox, a social search),
// configured as a named instance in veille.toml. Model: Benthos
// public/service/input.go, Kafka Connect SourceTask.
//
// A source is asked once per cron run to fetch what is new since an opaque
// cursor, and yields normalised mentions plus the cursor that covers them.
// The caller stores that cursor only after Kafka acknowledged every mention of
// the batch, so a run killed at any point fetches the same items again next
// time (the score stage's dedup absorbs the repeat).
//
// Adding a source type is one file and one registration line in
// collectors/registry.cc; its config keys are declared once as OptionSpecs.
// A Source is used by one thread at a time.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/brand.h"
#include "common/clock.h"
#include "common/mention.h"
#include "common/options.h"
#include "common/status.h"

namespace veille {

class HttpClient;

struct SourceConfig {
  std::string name;     // instance name, unique in the config ("acme-alerts")
  std::string type;     // registered type ("rss", "mastodon", ...)
  Options options;      // validated against the type's OptionSpecs
};

// What a source needs from its surroundings. Pointers are not owned and must
// outlive the source.
struct SourceContext {
  HttpClient* http = nullptr;
  Clock* clock = nullptr;
  const std::vector<Brand>* brands = nullptr;  // for compiling search queries
  int64_t lookback_ms = 7LL * 24 * 3600 * 1000;  // first run: how far back
  std::string user_agent = "veille/0.1 (+https://github.com/veille)";
};

struct FetchResult {
  std::vector<Mention> mentions;
  // Cursor covering exactly `mentions` (and anything skipped as old). Empty
  // means "leave the stored cursor as it is".
  std::string next_cursor;
  int pages = 0;             // requests made
  bool not_modified = false; // 304: nothing new
  // Items refused as bad input (log line + dead letter), not fatal.
  std::vector<std::string> rejected;
};

class Source {
 public:
  virtual ~Source() = default;
  const std::string& name() const { return name_; }
  virtual const char* type() const = 0;

  // Fetches what is new since `cursor` ("" on the first run). Returns OK and
  // fills `out`, or a non-OK Status naming the cause; even then `out` may hold
  // the mentions fetched before the failure, with a cursor covering exactly
  // them. RateLimited means "stop this source for this run".
  virtual Status Fetch(const std::string& cursor, FetchResult* out) = 0;

 protected:
  explicit Source(std::string name) : name_(std::move(name)) {}

 private:
  std::string name_;
};

using SourceFactory =
    std::function<Result<std::unique_ptr<Source>>(const SourceConfig&, const SourceContext&)>;

struct SourceType {
  std::string name;         // "rss"
  std::string description;  // one line for `veille sources`
  std::vector<OptionSpec> options;
  SourceFactory create;
};

// Every registered source type, in a stable order.
const std::vector<SourceType>& SourceTypes();
// The type named `name`, or nullptr.
const SourceType* FindSourceType(const std::string& name);

}  // namespace veille
