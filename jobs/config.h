// Config: veille.toml, loaded and validated once per run.
//
// Every section declares its keys as OptionSpecs (key, type, default,
// description); the same tables drive validation, defaults and
// `veille config schema`. Unknown keys and wrong types are refused with the
// file, line and key ("veille.toml:14: sources[1].urll: unknown key").
// Secrets are never in the file: secret keys hold "env:NAME" or
// "file:PATH", resolved when the job needs them. Relative paths (data_dir,
// file:// URLs written as file:relative/path or file://./relative/path) are
// resolved against the config file's folder, so cron can run from anywhere.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "alerting/sink.h"
#include "collectors/source.h"
#include "common/brand.h"
#include "common/options.h"
#include "common/status.h"
#include "storage/kafka.h"

namespace veille {

struct TicketsConfig {
  std::string sink = "jsonl";   // where tickets go
  Options options;              // the sink's own keys (path, url, ...)
  std::string lang = "fr";      // language of the tickets
  bool only_complaints = true;  // ticket only mentions with complaint intent
  double max_score = -0.05;     // ticket only mentions scoring at or below
  int64_t max_attempts = 8;     // deliveries before an entry is parked as failed
  int64_t retries_per_run = 3;  // quick retries within one run (each after a lookup)
  int64_t retry_budget_seconds = 60;  // waiting budget of those retries, per ticket
  // Candidate rules, cap, storm and grouping: `defaults` from [tickets]
  // (max_score, only_complaints, hourly_cap, ...), `rules` per brand from
  // [[tickets.rules]], each starting from the defaults.
  TicketRule defaults;
  std::map<std::string, TicketRule> rules;
  const TicketRule& RuleFor(const std::string& brand) const {
    auto it = rules.find(brand);
    return it == rules.end() ? defaults : it->second;
  }
};

// Another list of digest recipients, with its own language.
struct RecipientList {
  std::string name;  // ledger key suffix; unique
  std::vector<std::string> to;
  std::string lang = "fr";
};

struct EmailConfig {
  std::string from = "veille <veille@localhost>";
  std::vector<std::string> to;
  std::string lang = "fr";
  std::string digest = "run";   // "run" (what is new since the last digest), "daily", "weekly", "off"
  std::string smtp_url;         // empty: write .eml files to spool_dir
  std::string smtp_username;
  std::string smtp_password;    // a secret reference (env:/file:), resolved when sending
  bool smtp_require_tls = false;
  int64_t smtp_timeout_seconds = 30;
  std::string spool_dir;        // default <data_dir>/outbox-mail
  std::vector<RecipientList> lists;  // [[email.lists]]: more recipients, each in its language
};

// Spike alerts (alerting/spike.h explains the detector and its knobs).
struct AlertsConfig {
  bool spikes = true;               // detect spikes on every `veille alert`
  std::vector<std::string> to;      // recipients; empty = email.to
  std::string lang;                 // fr or en; empty = email.lang
  int64_t min_volume = 10;
  int64_t drop_min_baseline = 20;
  int64_t warmup_weeks = 2;
  int64_t baseline_weeks = 8;
  double warning_z = 4.0;
  double critical_z = 8.0;
  double min_ratio = 2.0;
  double drop_ratio = 0.25;
  int64_t cooldown_hours = 6;
  int64_t settle_hours = 1;         // an hour is judged this long after it ended (late mentions)
  int64_t max_catch_up_hours = 24;  // hours judged at most per run (after a pause)
  std::string webhook_url;          // secret reference (env:/file:) to a Slack or Teams incoming webhook; "" = none
  std::string webhook_format = "slack";  // "slack" or "teams"
  bool webhook_digests = false;          // also post digests there
  int64_t hourly_days = 90;         // trend counters older than this are rolled up to days; 0 = never
};

// A secret the config refers to: where ("veille.toml:12: tickets.api_token")
// and the reference ("env:NAME" or "file:PATH"), never the value.
struct SecretRef {
  std::string where;
  std::string reference;
};

struct Config {
  std::string path;  // the file it came from
  std::string dir;   // its folder, for relative paths
  std::string data_dir;
  int64_t lookback_hours = 168;
  std::vector<std::string> extra_lexicons;
  KafkaConfig kafka;
  std::vector<Brand> brands;
  std::vector<SourceConfig> sources;
  TicketsConfig tickets;
  EmailConfig email;
  AlertsConfig alerts;
  std::vector<SecretRef> secrets;  // every secret reference, in file order

  bool embedded_kafka() const { return kafka.brokers.empty(); }
  const Brand* FindBrand(const std::string& name) const;
};

// Loads and validates `path`. InvalidArgument names file, line and key.
Result<Config> LoadConfig(const std::string& path);

// The schema, as text for `veille config schema`.
std::string DescribeConfigSchema();

}  // namespace veille
