// Options: the validated key/value settings of one plugin instance (a source,
// a ticket sink, a mailer), and OptionSpec, the declared schema each plugin
// publishes once. The config loader (jobs/config.cc) checks every TOML key
// against the schema, refuses unknown keys and wrong types with file, line
// and key, fills defaults, and hands the plugin an Options; `veille sources`
// and `veille config --help` print the same schema.
// Model: fluent-bit's config_map[]. Plain values; thread-compatible.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace veille {

enum class OptionType { kString, kInt, kDouble, kBool, kStringList, kSecret };
const char* OptionTypeName(OptionType type);

// A secret option names where the secret lives, never the secret itself:
// "env:NAME" or "file:/path". Resolved by ResolveSecret() at run time.
struct OptionSpec {
  std::string key;
  OptionType type = OptionType::kString;
  std::string default_value;  // as TOML would write it; "" = no default
  std::string description;    // one line
  bool required = false;
};

using OptionValue = std::variant<std::string, int64_t, double, bool, std::vector<std::string>>;

class Options {
 public:
  void Set(const std::string& key, OptionValue value) { values_[key] = std::move(value); }
  bool Has(const std::string& key) const { return values_.count(key) != 0; }
  // Typed getters return `fallback` when the key is absent or of another type
  // (validation makes the latter impossible for declared keys).
  std::string GetString(const std::string& key, const std::string& fallback = "") const;
  int64_t GetInt(const std::string& key, int64_t fallback = 0) const;
  double GetDouble(const std::string& key, double fallback = 0) const;
  bool GetBool(const std::string& key, bool fallback = false) const;
  std::vector<std::string> GetList(const std::string& key) const;
  const std::map<std::string, OptionValue>& values() const { return values_; }

 private:
  std::map<std::string, OptionValue> values_;
};

}  // namespace veille
