#include "collectors/source_types.h"
#include "collectors/fetch.h"
#include "common/secret.h"

namespace veille {

OptionChecks::OptionChecks(const SourceConfig& config) : config_(config), where_("source " + config.name + ": ") {}

OptionChecks& OptionChecks::Require(bool ok, const std::string& message) {
  if (status_.ok() && !ok) status_ = Status::InvalidArgument(where_ + message);
  return *this;
}

OptionChecks& OptionChecks::NeedsHttp(const SourceContext& ctx) {
  return Require(ctx.http != nullptr && ctx.clock != nullptr, "needs an HTTP client and a clock");
}

OptionChecks& OptionChecks::Query(SearchSyntax syntax, bool required) {
  const std::string query = config_.options.GetString("query");
  if (!status_.ok() || (query.empty() && !required)) return *this;
  Require(!query.empty(), "option query is required");
  if (!status_.ok()) return *this;
  auto searches = CompileSourceQuery(query, syntax);
  if (!searches.ok()) status_ = searches.status().WithContext(where_.substr(0, where_.size() - 2));
  return *this;
}

OptionChecks& OptionChecks::IntIn(const char* key, int64_t fallback, int64_t lo, int64_t hi) {
  int64_t v = config_.options.GetInt(key, fallback);
  return Require(v >= lo && v <= hi, std::string("option ") + key + " must be in " + std::to_string(lo) + ".." +
                                         std::to_string(hi));
}

OptionChecks& OptionChecks::Timeout(double fallback) {
  double t = config_.options.GetDouble("timeout_seconds", fallback);
  return Require(t > 0 && t <= 600, "option timeout_seconds must be in (0, 600]");
}

OptionChecks& OptionChecks::Fetch() { return Timeout(kDefaultTimeoutSeconds).IntIn("retries", kDefaultRetries, 0, 10); }

OptionChecks& OptionChecks::HttpUrl(const char* key, const char* fallback) {
  std::string url = config_.options.GetString(key, fallback);
  return Require(url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0,
                 std::string("option ") + key + " must be an http(s) URL");
}

OptionChecks& OptionChecks::Lookback() {
  return Require(config_.options.GetInt("lookback_hours", 0) >= 0, "option lookback_hours must not be negative");
}

Result<std::string> OptionalSecret(const SourceConfig& config, const char* key) {
  std::string ref = config.options.GetString(key);
  if (ref.empty()) return std::string();
  auto resolved = ResolveSecret(ref);
  if (!resolved.ok()) return resolved.status().WithContext("source " + config.name + ": option " + key);
  return resolved;
}

}  // namespace veille
