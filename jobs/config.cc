#include "jobs/config.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#define TOML_EXCEPTIONS 1
#include <toml++/toml.h>

#include "common/secret.h"

namespace veille {
namespace {

namespace fs = std::filesystem;

using Specs = std::vector<OptionSpec>;

const Specs& VeilleSpecs() {
  static const Specs specs = {
      {"data_dir", OptionType::kString, "\"var\"", "folder of the state database, spools and locks"},
      {"lookback_hours", OptionType::kInt, "168", "how far back a source's first run reaches"},
      {"lexicons", OptionType::kStringList, "[]", "extra sentiment lexicon files (see sentiment/lexicons/README.md)"},
  };
  return specs;
}

const Specs& KafkaSpecs() {
  static const Specs specs = {
      {"brokers", OptionType::kString, "\"\"", "bootstrap servers; empty = the embedded in-process cluster"},
      {"topic_raw", OptionType::kString, "\"veille.mentions.raw\"", "topic of collected mentions"},
      {"topic_scored", OptionType::kString, "\"veille.mentions.scored\"", "topic of scored mentions"},
      {"group", OptionType::kString, "\"veille-score\"", "consumer group of the score stage"},
      {"consumer_mode", OptionType::kString, "\"assign\"",
       "\"assign\" (one score instance) or \"subscribe\" (share partitions in the group)"},
      {"partitions", OptionType::kInt, "3", "partitions of topics veille creates"},
      {"replication", OptionType::kInt, "1", "replication factor of topics veille creates"},
      {"timeout_seconds", OptionType::kInt, "30", "delivery, metadata and commit timeout"},
      {"properties", OptionType::kString, "", "table of librdkafka properties; env:/file: values are secrets"},
  };
  return specs;
}

const Specs& BrandSpecs() {
  static const Specs specs = {
      {"name", OptionType::kString, "", "brand name, as shown in e-mails and tickets", true},
      {"query", OptionType::kString, "\"<name>\"", "boolean query: words, \"phrases\", AND OR NOT, ( ), -exclusion"},
      {"exclude", OptionType::kStringList, "[]", "terms or phrases that disqualify a mention"},
      {"languages", OptionType::kStringList, "[]", "ISO 639-1 codes to keep; empty = all"},
      {"competitors", OptionType::kStringList, "[]", "names of other [[brands]] to compare against"},
      {"competitor", OptionType::kBool, "false", "a competitor: collected and counted, never ticketed"},
  };
  return specs;
}

const Specs& SourceCommonSpecs() {
  static const Specs specs = {
      {"name", OptionType::kString, "", "unique instance name (cursor key, logs)", true},
      {"type", OptionType::kString, "", "source type; `veille sources` lists them", true},
      {"enabled", OptionType::kBool, "true", "set false to skip without deleting"},
  };
  return specs;
}

const Specs& TicketSpecs() {
  static const Specs specs = {
      {"sink", OptionType::kString, "\"jsonl\"", "where tickets go: jsonl, zendesk, freshdesk, jsm, webhook or email"},
      {"lang", OptionType::kString, "\"fr\"", "language of tickets: fr or en"},
      {"only_complaints", OptionType::kBool, "true", "ticket only mentions with complaint intent (negative press is not a customer to call back)"},
      {"max_score", OptionType::kDouble, "-0.05", "ticket only negative mentions scoring at or below this"},
      {"max_attempts", OptionType::kInt, "8", "deliveries before an entry is parked as failed"},
      {"retries_per_run", OptionType::kInt, "3",
       "quick retries within one run on 5xx, 408, 429 or timeouts (each after a lookup by external id)"},
      {"retry_budget_seconds", OptionType::kInt, "60", "time one ticket may spend waiting between those retries"},
      {"hourly_cap", OptionType::kInt, "20", "individual tickets per brand per hour; beyond, one aggregated ticket"},
      {"storm_threshold", OptionType::kInt, "50",
       "more candidates than this waiting for one brand: one aggregated ticket (0 = off)"},
      {"group_window_minutes", OptionType::kInt, "1440",
       "mentions of one author (and thread) within this window go into one ticket"},
  };
  return specs;
}

// [[tickets.rules]]: one brand's candidate rules; unset keys come from [tickets].
const Specs& TicketRuleSpecs() {
  static const Specs specs = {
      {"brand", OptionType::kString, "", "the [[brands]] name these rules apply to", true},
      {"labels", OptionType::kStringList, "[\"negative\"]", "sentiment labels that qualify"},
      {"max_score", OptionType::kDouble, "<tickets.max_score>", "qualify only at or below this score"},
      {"only_complaints", OptionType::kBool, "<tickets.only_complaints>", "qualify only with complaint intent"},
      {"complaints_always", OptionType::kBool, "false", "complaint intent qualifies whatever the label and score"},
      {"source_types", OptionType::kStringList, "[]", "source types that may open tickets; empty = all"},
      {"min_reach", OptionType::kInt, "0", "minimum reach (followers + engagement)"},
      {"always_keywords", OptionType::kStringList, "[]", "words or phrases that always qualify (\"refund*\" = prefix)"},
      {"never_keywords", OptionType::kStringList, "[]", "words or phrases that never qualify (win over all)"},
      {"hourly_cap", OptionType::kInt, "<tickets.hourly_cap>", "individual tickets per hour for this brand"},
      {"storm_threshold", OptionType::kInt, "<tickets.storm_threshold>", "storm size for this brand"},
      {"group_window_minutes", OptionType::kInt, "<tickets.group_window_minutes>", "grouping window"},
  };
  return specs;
}

// Each sink's own keys, beside [tickets]' common ones.
const std::map<std::string, Specs>& SinkSpecs() {
  static const std::map<std::string, Specs> specs = {
      {"jsonl", {{"path", OptionType::kString, "\"<data_dir>/tickets.jsonl\"", "JSON-lines file of tickets"}}},
      {"zendesk",
       {{"url", OptionType::kString, "", "https://<subdomain>.zendesk.com", true},
        {"email", OptionType::kString, "", "the agent's e-mail (API token auth)", true},
        {"api_token", OptionType::kSecret, "", "Zendesk API token: env:NAME or file:PATH", true},
        {"requester_email", OptionType::kString, "\"\"", "requester of the tickets; empty = the API user"},
        {"timeout_seconds", OptionType::kInt, "30", "HTTP timeout"}}},
      {"freshdesk",
       {{"url", OptionType::kString, "", "https://<domain>.freshdesk.com", true},
        {"api_key", OptionType::kSecret, "", "Freshdesk API key: env:NAME or file:PATH", true},
        {"requester_email", OptionType::kString, "", "requester of the tickets (Freshdesk needs one)", true},
        {"source", OptionType::kInt, "2", "Freshdesk source: 1 e-mail, 2 portal, 3 phone, 7 chat, 9 widget"},
        {"group_id", OptionType::kInt, "0", "group the tickets go to; 0 = none"},
        {"timeout_seconds", OptionType::kInt, "30", "HTTP timeout"}}},
      {"jsm",
       {{"url", OptionType::kString, "", "https://<site>.atlassian.net", true},
        {"email", OptionType::kString, "", "the agent's e-mail (API token auth)", true},
        {"api_token", OptionType::kSecret, "", "Atlassian API token: env:NAME or file:PATH", true},
        {"service_desk_id", OptionType::kString, "", "serviceDeskId", true},
        {"request_type_id", OptionType::kString, "", "requestTypeId (its form must show Labels)", true},
        {"set_priority", OptionType::kBool, "false", "send priority (the request type must show it)"},
        {"timeout_seconds", OptionType::kInt, "30", "HTTP timeout"}}},
      {"webhook",
       {{"url", OptionType::kString, "", "where the JSON tickets are POSTed", true},
        {"secret", OptionType::kSecret, "", "HMAC-SHA256 key of X-Veille-Signature: env:NAME or file:PATH", true},
        {"lookup_url", OptionType::kString, "\"\"",
         "GET <lookup_url>?external_id= finds an earlier ticket; empty = the receiver deduplicates"},
        {"timeout_seconds", OptionType::kInt, "30", "HTTP timeout"}}},
      {"email",
       {{"smtp_url", OptionType::kString, "", "smtp://host:587 or smtps://host:465", true},
        {"to", OptionType::kStringList, "", "the helpdesk's support address(es)", true},
        {"from", OptionType::kString, "\"veille <veille@localhost>\"", "From: of the ticket e-mails"},
        {"smtp_username", OptionType::kString, "\"\"", "SMTP AUTH user"},
        {"smtp_password", OptionType::kSecret, "", "SMTP AUTH password: env:NAME or file:PATH"},
        {"smtp_require_tls", OptionType::kBool, "false", "refuse to send unless STARTTLS succeeds"},
        {"smtp_timeout_seconds", OptionType::kInt, "30", "SMTP timeout"}}},
  };
  return specs;
}

const Specs& EmailSpecs() {
  static const Specs specs = {
      {"from", OptionType::kString, "\"veille <veille@localhost>\"", "From: of alert and digest e-mails"},
      {"to", OptionType::kStringList, "[]", "recipients of alerts and digests"},
      {"lang", OptionType::kString, "\"fr\"", "language of e-mails: fr or en"},
      {"digest", OptionType::kString, "\"run\"",
       "\"run\" (what is new since the last digest), \"daily\", \"weekly\" or \"off\""},
      {"smtp_url", OptionType::kString, "\"\"", "smtp://host:587 or smtps://host:465; empty = .eml spool"},
      {"smtp_username", OptionType::kString, "\"\"", "SMTP AUTH user"},
      {"smtp_password", OptionType::kSecret, "", "SMTP AUTH password: env:NAME or file:PATH"},
      {"smtp_require_tls", OptionType::kBool, "false", "refuse to send unless STARTTLS succeeds"},
      {"smtp_timeout_seconds", OptionType::kInt, "30", "SMTP timeout"},
      {"spool_dir", OptionType::kString, "\"<data_dir>/mail\"", "where .eml files go without SMTP"},
  };
  return specs;
}

const Specs& AlertsSpecs() {
  static const Specs specs = {
      {"spikes", OptionType::kBool, "true", "detect volume spikes and drops on every `veille alert`"},
      {"to", OptionType::kStringList, "[]", "recipients of spike alerts; empty = email.to"},
      {"lang", OptionType::kString, "\"\"", "language of spike alerts: fr or en; empty = email.lang"},
      {"min_volume", OptionType::kInt, "10", "a surge needs at least this many mentions in the hour"},
      {"drop_min_baseline", OptionType::kInt, "20", "a drop needs a baseline of at least this many mentions"},
      {"warmup_weeks", OptionType::kInt, "2", "weeks of history before anything is judged"},
      {"baseline_weeks", OptionType::kInt, "8", "weeks of history the hour-of-week baseline uses"},
      {"warning_z", OptionType::kDouble, "4.0", "robust z-score of a warning"},
      {"critical_z", OptionType::kDouble, "8.0", "robust z-score of a critical alert"},
      {"min_ratio", OptionType::kDouble, "2.0", "a surge is at least this many times the baseline"},
      {"drop_ratio", OptionType::kDouble, "0.25", "a drop is at most this fraction of the baseline"},
      {"cooldown_hours", OptionType::kInt, "6", "no repeat of the same alert within this, unless it escalates"},
      {"settle_hours", OptionType::kInt, "1", "judge an hour only this long after it ended"},
      {"max_catch_up_hours", OptionType::kInt, "24", "hours judged at most per run"},
      {"webhook_url", OptionType::kSecret, "",
       "also post spike alerts to this Slack or Teams incoming webhook: env:NAME or file:PATH (the URL is a secret)"},
      {"webhook_format", OptionType::kString, "\"slack\"", "slack or teams"},
      {"webhook_digests", OptionType::kBool, "false", "also post each brand's digest to webhook_url"},
      {"hourly_days", OptionType::kInt, "90",
       "trend counters older than this many days are rolled up to days (0 = never); must cover baseline_weeks"},
  };
  return specs;
}

const Specs& RecipientListSpecs() {
  static const Specs specs = {
      {"name", OptionType::kString, "", "a short unique name for this list (e.g. \"uk-team\")", true},
      {"to", OptionType::kStringList, "", "recipients of the digests", true},
      {"lang", OptionType::kString, "\"fr\"", "language of this list's digests: fr or en"},
  };
  return specs;
}

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

class Loader {
 public:
  explicit Loader(std::string file) : file_(std::move(file)) {}

  Status Error(const toml::node* node, const std::string& where, const std::string& what) const {
    return Status::InvalidArgument(Where(node, where) + ": " + what);
  }
  std::string Where(const toml::node* node, const std::string& where) const {
    std::string loc = file_;
    if (node != nullptr && node->source().begin.line > 0) loc += ":" + std::to_string(node->source().begin.line);
    return loc + ": " + where;
  }
  // The secret references met so far (for `veille config check`).
  const std::vector<SecretRef>& secrets() const { return secrets_; }

  // Checks every key of `table` against `specs` (plus `extra`), converts the
  // values and fills defaults. `skip` keys are handled by the caller.
  Status Table(const toml::table& table, const std::string& where, const Specs& specs, Options* out,
               const Specs* extra = nullptr, const std::set<std::string>& skip = {}) const {
    std::map<std::string, const OptionSpec*> by_key;
    for (const auto& s : specs) by_key[s.key] = &s;
    if (extra != nullptr) {
      for (const auto& s : *extra) by_key[s.key] = &s;
    }
    for (auto&& [k, v] : table) {
      std::string key(k.str());
      std::string path = where.empty() ? key : where + "." + key;
      if (key.find('\0') != std::string::npos) return Error(&v, path, "key contains a NUL byte");
      if (skip.count(key)) continue;
      auto it = by_key.find(key);
      if (it == by_key.end()) {
        std::string best;
        size_t best_d = 3;
        for (const auto& [name, spec] : by_key) {
          size_t d = EditDistance(key, name);
          if (d < best_d) best_d = d, best = name;
        }
        return Error(&v, path, "unknown key" + (best.empty() ? std::string() : " (did you mean " + best + "?)"));
      }
      OptionValue value;
      VEILLE_RETURN_IF_ERROR(Convert(v, path, *it->second, &value));
      out->Set(key, std::move(value));
    }
    for (const auto& [name, spec] : by_key) {
      if (spec->required && !out->Has(name)) {
        return Error(&table, where.empty() ? name : where + "." + name, "required key is missing");
      }
    }
    return Status::OK();
  }

 private:
  Status Convert(const toml::node& v, const std::string& path, const OptionSpec& spec, OptionValue* out) const {
    auto want = [&](const char* type) {
      return Error(&v, path, std::string("expected ") + type + ", got " + TypeName(v));
    };
    switch (spec.type) {
      case OptionType::kString:
      case OptionType::kSecret:
        if (!v.is_string()) return want(spec.type == OptionType::kSecret ? "a secret reference string" : "a string");
        *out = *v.value<std::string>();
        if (std::get<std::string>(*out).find('\0') != std::string::npos) return Error(&v, path, "contains a NUL byte");
        if (spec.type == OptionType::kSecret && !std::get<std::string>(*out).empty() &&
            !IsSecretReference(std::get<std::string>(*out))) {
          return Error(&v, path, "secrets are not written in the config: use \"env:NAME\" or \"file:/path\"");
        }
        if (spec.type == OptionType::kSecret && !std::get<std::string>(*out).empty()) {
          secrets_.push_back(SecretRef{Where(&v, path), std::get<std::string>(*out)});
        }
        return Status::OK();
      case OptionType::kInt:
        if (!v.is_integer()) return want("an integer");
        *out = *v.value<int64_t>();
        return Status::OK();
      case OptionType::kDouble:
        if (!v.is_number()) return want("a number");
        *out = *v.value<double>();
        return Status::OK();
      case OptionType::kBool:
        if (!v.is_boolean()) return want("true or false");
        *out = *v.value<bool>();
        return Status::OK();
      case OptionType::kStringList: {
        if (v.is_string()) {  // a single string is a one-element list
          *out = std::vector<std::string>{*v.value<std::string>()};
          return Status::OK();
        }
        if (!v.is_array()) return want("an array of strings");
        std::vector<std::string> list;
        for (const toml::node& e : *v.as_array()) {
          if (!e.is_string()) return Error(&e, path, "expected an array of strings, found " + TypeName(e));
          list.push_back(*e.value<std::string>());
        }
        *out = std::move(list);
        return Status::OK();
      }
    }
    return Status::OK();
  }

  static std::string TypeName(const toml::node& v) {
    switch (v.type()) {
      case toml::node_type::string: return "a string";
      case toml::node_type::integer: return "an integer";
      case toml::node_type::floating_point: return "a float";
      case toml::node_type::boolean: return "a boolean";
      case toml::node_type::array: return "an array";
      case toml::node_type::table: return "a table";
      default: return "a date/time";
    }
  }

  std::string file_;
  mutable std::vector<SecretRef> secrets_;  // Convert() is const: it only records
};

std::string ResolvePath(const std::string& dir, const std::string& p) {
  if (p.empty() || fs::path(p).is_absolute()) return p;
  return (fs::path(dir) / p).lexically_normal().string();
}

// file:relative and file://./relative are relative to the config's folder;
// file:///absolute is left alone.
std::string ResolveUrl(const std::string& dir, const std::string& url) {
  std::string rest;
  if (url.rfind("file://./", 0) == 0) {
    rest = url.substr(9);
  } else if (url.rfind("file:", 0) == 0 && url.rfind("file://", 0) != 0) {
    rest = url.substr(5);
  } else {
    return url;
  }
  return "file://" + ResolvePath(dir, rest);
}

const toml::table* SubTable(const toml::table& root, const char* name, const Loader& loader, Status* st) {
  const toml::node* n = root.get(name);
  if (n == nullptr) return nullptr;
  if (!n->is_table()) {
    *st = loader.Error(n, name, "expected a table [" + std::string(name) + "]");
    return nullptr;
  }
  return n->as_table();
}

}  // namespace

const Brand* Config::FindBrand(const std::string& name) const {
  for (const Brand& b : brands) {
    if (b.name == name) return &b;
  }
  return nullptr;
}

Result<Config> LoadConfig(const std::string& path) {
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << path;
    if (e.source().begin.line > 0) msg << ":" << e.source().begin.line << ":" << e.source().begin.column;
    msg << ": " << e.description();
    return Status::InvalidArgument(msg.str());
  } catch (const std::exception& e) {
    return Status::InvalidArgument(path + ": " + e.what());
  }

  Config cfg;
  cfg.path = path;
  cfg.dir = fs::absolute(path).parent_path().string();
  Loader loader(path);

  static const std::set<std::string> kSections = {"veille", "kafka", "brands", "sources", "tickets", "email",
                                                             "alerts"};
  for (auto&& [k, v] : root) {
    if (!kSections.count(std::string(k.str()))) {
      return loader.Error(&v, std::string(k.str()),
                          "unknown section (expected veille, kafka, brands, sources, tickets, email or alerts)");
    }
  }

  Status st;
  Options veille_opts;
  if (const toml::table* t = SubTable(root, "veille", loader, &st)) {
    VEILLE_RETURN_IF_ERROR(loader.Table(*t, "veille", VeilleSpecs(), &veille_opts));
  }
  VEILLE_RETURN_IF_ERROR(st);
  cfg.data_dir = ResolvePath(cfg.dir, veille_opts.GetString("data_dir", "var"));
  cfg.lookback_hours = veille_opts.GetInt("lookback_hours", 168);
  if (cfg.lookback_hours <= 0) return loader.Error(root.get("veille"), "veille.lookback_hours", "must be positive");
  for (const std::string& l : veille_opts.GetList("lexicons")) cfg.extra_lexicons.push_back(ResolvePath(cfg.dir, l));

  if (const toml::table* t = SubTable(root, "kafka", loader, &st)) {
    Options o;
    VEILLE_RETURN_IF_ERROR(loader.Table(*t, "kafka", KafkaSpecs(), &o, nullptr, {"properties"}));
    cfg.kafka.brokers = o.GetString("brokers", "");
    cfg.kafka.topic_raw = o.GetString("topic_raw", cfg.kafka.topic_raw);
    cfg.kafka.topic_scored = o.GetString("topic_scored", cfg.kafka.topic_scored);
    cfg.kafka.group = o.GetString("group", cfg.kafka.group);
    cfg.kafka.consumer_mode = o.GetString("consumer_mode", cfg.kafka.consumer_mode);
    if (cfg.kafka.consumer_mode != "assign" && cfg.kafka.consumer_mode != "subscribe") {
      return loader.Error(t->get("consumer_mode"), "kafka.consumer_mode", "must be \"assign\" or \"subscribe\"");
    }
    cfg.kafka.partitions = static_cast<int>(o.GetInt("partitions", 3));
    cfg.kafka.replication = static_cast<int>(o.GetInt("replication", 1));
    if (cfg.kafka.partitions < 1 || cfg.kafka.partitions > 1000) {
      return loader.Error(t->get("partitions"), "kafka.partitions", "must be between 1 and 1000");
    }
    cfg.kafka.timeout_ms = o.GetInt("timeout_seconds", 30) * 1000;
    if (const toml::node* p = t->get("properties")) {
      if (!p->is_table()) return loader.Error(p, "kafka.properties", "expected a table");
      for (auto&& [pk, pv] : *p->as_table()) {
        std::string key(pk.str());
        if (!pv.is_string() && !pv.is_integer() && !pv.is_boolean()) {
          return loader.Error(&pv, "kafka.properties." + key, "expected a string, integer or boolean");
        }
        std::string value = pv.is_string()    ? *pv.value<std::string>()
                            : pv.is_integer() ? std::to_string(*pv.value<int64_t>())
                                              : (*pv.value<bool>() ? "true" : "false");
        if (IsSecretReference(value)) {
          auto secret = ResolveSecret(value);
          if (!secret.ok()) return loader.Error(&pv, "kafka.properties." + key, secret.status().message());
          value = *secret;
        }
        cfg.kafka.properties[key] = value;
      }
    }
  }
  VEILLE_RETURN_IF_ERROR(st);

  if (const toml::node* b = root.get("brands")) {
    if (!b->is_array_of_tables()) return loader.Error(b, "brands", "expected [[brands]] tables");
    int i = 0;
    for (const toml::node& bn : *b->as_array()) {
      std::string where = "brands[" + std::to_string(i++) + "]";
      Options o;
      VEILLE_RETURN_IF_ERROR(loader.Table(*bn.as_table(), where, BrandSpecs(), &o));
      Brand brand;
      brand.name = o.GetString("name");
      if (brand.name.empty()) return loader.Error(&bn, where + ".name", "must not be empty");
      if (cfg.FindBrand(brand.name) != nullptr) return loader.Error(&bn, where + ".name", "duplicate brand " + brand.name);
      brand.query = o.GetString("query", "\"" + brand.name + "\"");
      brand.exclude = o.GetList("exclude");
      brand.languages = o.GetList("languages");
      brand.competitors = o.GetList("competitors");
      brand.is_competitor = o.GetBool("competitor", false);
      cfg.brands.push_back(std::move(brand));
    }
  }
  if (cfg.brands.empty()) return Status::InvalidArgument(path + ": no [[brands]]: veille needs at least one brand");
  for (const Brand& b : cfg.brands) {
    for (const std::string& c : b.competitors) {
      if (cfg.FindBrand(c) == nullptr) {
        return Status::InvalidArgument(path + ": brand " + b.name + ": competitor \"" + c +
                                       "\" is not a configured [[brands]] entry");
      }
    }
  }

  if (const toml::node* s = root.get("sources")) {
    if (!s->is_array_of_tables()) return loader.Error(s, "sources", "expected [[sources]] tables");
    int i = 0;
    std::set<std::string> names;
    for (const toml::node& sn : *s->as_array()) {
      std::string where = "sources[" + std::to_string(i++) + "]";
      const toml::table& tbl = *sn.as_table();
      const toml::node* type_node = tbl.get("type");
      if (type_node == nullptr || !type_node->is_string()) {
        return loader.Error(&sn, where + ".type", "required key is missing (a string; `veille sources` lists types)");
      }
      std::string type = *type_node->value<std::string>();
      const SourceType* st_type = FindSourceType(type);
      if (st_type == nullptr) {
        std::string known;
        for (const SourceType& t : SourceTypes()) known += (known.empty() ? "" : ", ") + t.name;
        return loader.Error(type_node, where + ".type", "unknown source type \"" + type + "\" (known: " + known + ")");
      }
      Options o;
      VEILLE_RETURN_IF_ERROR(loader.Table(tbl, where, SourceCommonSpecs(), &o, &st_type->options));
      if (!o.GetBool("enabled", true)) continue;
      SourceConfig sc;
      sc.name = o.GetString("name");
      sc.type = type;
      if (sc.name.empty()) return loader.Error(&sn, where + ".name", "must not be empty");
      if (!names.insert(sc.name).second) return loader.Error(&sn, where + ".name", "duplicate source " + sc.name);
      for (const auto& [k, v] : o.values()) {
        if (k == "name" || k == "type" || k == "enabled") continue;
        if (k == "url" && std::holds_alternative<std::string>(v)) {
          sc.options.Set(k, ResolveUrl(cfg.dir, std::get<std::string>(v)));
        } else {
          sc.options.Set(k, v);
        }
      }
      cfg.sources.push_back(std::move(sc));
    }
  }

  if (const toml::table* t = SubTable(root, "tickets", loader, &st)) {
    const toml::node* sink_node = t->get("sink");
    std::string sink = sink_node != nullptr && sink_node->is_string() ? *sink_node->value<std::string>() : "jsonl";
    auto sink_specs = SinkSpecs().find(sink);
    if (sink_specs == SinkSpecs().end()) {
      return loader.Error(sink_node, "tickets.sink", "unknown ticket sink \"" + sink +
                                                         "\" (known: jsonl, zendesk, freshdesk, jsm, webhook, email)");
    }
    Options o;
    VEILLE_RETURN_IF_ERROR(loader.Table(*t, "tickets", TicketSpecs(), &o, &sink_specs->second, {"rules"}));
    cfg.tickets.sink = sink;
    cfg.tickets.lang = o.GetString("lang", "fr");
    cfg.tickets.only_complaints = o.GetBool("only_complaints", true);
    cfg.tickets.max_score = o.GetDouble("max_score", -0.05);
    cfg.tickets.max_attempts = o.GetInt("max_attempts", 8);
    cfg.tickets.retries_per_run = o.GetInt("retries_per_run", 3);
    TicketRule& d = cfg.tickets.defaults;
    d.max_score = cfg.tickets.max_score;
    d.only_complaints = cfg.tickets.only_complaints;
    d.hourly_cap = o.GetInt("hourly_cap", 20);
    d.storm_threshold = o.GetInt("storm_threshold", 50);
    d.group_window_minutes = o.GetInt("group_window_minutes", 1440);
    if (d.hourly_cap < 0 || d.storm_threshold < 0 || d.group_window_minutes < 0) {
      return loader.Error(t, "tickets", "hourly_cap, storm_threshold and group_window_minutes must not be negative");
    }
    if (const toml::node* rules = t->get("rules")) {
      if (!rules->is_array_of_tables()) return loader.Error(rules, "tickets.rules", "expected [[tickets.rules]] tables");
      int i = 0;
      for (const toml::node& rn : *rules->as_array()) {
        std::string where = "tickets.rules[" + std::to_string(i++) + "]";
        Options ro;
        VEILLE_RETURN_IF_ERROR(loader.Table(*rn.as_table(), where, TicketRuleSpecs(), &ro));
        std::string brand = ro.GetString("brand");
        if (cfg.FindBrand(brand) == nullptr) {
          return loader.Error(&rn, where + ".brand", "\"" + brand + "\" is not a configured [[brands]] name");
        }
        if (cfg.tickets.rules.count(brand)) return loader.Error(&rn, where + ".brand", "second rules for " + brand);
        TicketRule r = d;
        if (ro.Has("labels")) {
          r.labels.clear();
          for (const std::string& name : ro.GetList("labels")) {
            SentimentLabel label;
            if (!ParseSentimentLabel(name, &label)) {
              return loader.Error(rn.as_table()->get("labels"), where + ".labels",
                                  "unknown label \"" + name + "\" (negative, neutral or positive)");
            }
            r.labels.push_back(label);
          }
        }
        r.max_score = ro.GetDouble("max_score", d.max_score);
        r.only_complaints = ro.GetBool("only_complaints", d.only_complaints);
        r.complaints_always = ro.GetBool("complaints_always", false);
        r.source_types = ro.GetList("source_types");
        r.min_reach = ro.GetInt("min_reach", 0);
        r.always_keywords = ro.GetList("always_keywords");
        r.never_keywords = ro.GetList("never_keywords");
        r.hourly_cap = ro.GetInt("hourly_cap", d.hourly_cap);
        r.storm_threshold = ro.GetInt("storm_threshold", d.storm_threshold);
        r.group_window_minutes = ro.GetInt("group_window_minutes", d.group_window_minutes);
        if (r.min_reach < 0 || r.hourly_cap < 0 || r.storm_threshold < 0 || r.group_window_minutes < 0) {
          return loader.Error(&rn, where, "min_reach, hourly_cap, storm_threshold and group_window_minutes must not "
                                          "be negative");
        }
        cfg.tickets.rules[brand] = std::move(r);
      }
    }
    cfg.tickets.retry_budget_seconds = o.GetInt("retry_budget_seconds", 60);
    if (cfg.tickets.max_attempts < 1) return loader.Error(t->get("max_attempts"), "tickets.max_attempts", "must be at least 1");
    if (cfg.tickets.retries_per_run < 0 || cfg.tickets.retry_budget_seconds < 0) {
      return loader.Error(t, "tickets", "retries_per_run and retry_budget_seconds must not be negative");
    }
    for (const char* key : {"url", "lookup_url"}) {
      std::string u = o.GetString(key);
      if (sink != "jsonl" && !u.empty() && u.rfind("http://", 0) != 0 && u.rfind("https://", 0) != 0) {
        return loader.Error(t->get(key), std::string("tickets.") + key, "must start with http:// or https://");
      }
    }
    if (sink == "email") {
      std::string u = o.GetString("smtp_url");
      if (u.rfind("smtp://", 0) != 0 && u.rfind("smtps://", 0) != 0) {
        return loader.Error(t->get("smtp_url"), "tickets.smtp_url", "must start with smtp:// or smtps://");
      }
      if (o.GetList("to").empty()) return loader.Error(t->get("to"), "tickets.to", "needs at least one address");
    }
    for (const auto& spec : sink_specs->second) {
      if (o.Has(spec.key)) cfg.tickets.options.Set(spec.key, o.values().at(spec.key));
    }
  }
  VEILLE_RETURN_IF_ERROR(st);
  if (cfg.tickets.lang != "fr" && cfg.tickets.lang != "en") {
    return Status::InvalidArgument(path + ": tickets.lang must be \"fr\" or \"en\"");
  }
  if (cfg.tickets.sink == "jsonl") {
    cfg.tickets.options.Set("path", ResolvePath(cfg.dir, cfg.tickets.options.GetString(
                                                             "path", (fs::path(cfg.data_dir) / "tickets.jsonl").string())));
  }

  if (const toml::table* t = SubTable(root, "email", loader, &st)) {
    Options o;
    VEILLE_RETURN_IF_ERROR(loader.Table(*t, "email", EmailSpecs(), &o, nullptr, {"lists"}));
    if (const toml::node* ln = t->get("lists")) {
      if (!ln->is_array_of_tables()) return loader.Error(ln, "email.lists", "expected [[email.lists]] tables");
      int i = 0;
      std::set<std::string> names;
      for (const toml::node& item : *ln->as_array()) {
        std::string where = "email.lists[" + std::to_string(i++) + "]";
        Options lo;
        VEILLE_RETURN_IF_ERROR(loader.Table(*item.as_table(), where, RecipientListSpecs(), &lo));
        RecipientList l;
        l.name = lo.GetString("name");
        l.to = lo.GetList("to");
        l.lang = lo.GetString("lang", "fr");
        if (l.lang != "fr" && l.lang != "en") {
          return loader.Error(item.as_table()->get("lang"), where + ".lang", "must be \"fr\" or \"en\"");
        }
        if (l.name.empty() || l.name.find('/') != std::string::npos || !names.insert(l.name).second) {
          return loader.Error(item.as_table()->get("name"), where + ".name",
                              "must be non-empty, without '/', and unique among [[email.lists]]");
        }
        if (l.to.empty()) return loader.Error(item.as_table()->get("to"), where + ".to", "must not be empty");
        cfg.email.lists.push_back(std::move(l));
      }
    }
    cfg.email.from = o.GetString("from", cfg.email.from);
    cfg.email.to = o.GetList("to");
    cfg.email.lang = o.GetString("lang", "fr");
    cfg.email.digest = o.GetString("digest", "run");
    cfg.email.smtp_url = o.GetString("smtp_url");
    cfg.email.smtp_username = o.GetString("smtp_username");
    cfg.email.smtp_password = o.GetString("smtp_password");
    cfg.email.smtp_require_tls = o.GetBool("smtp_require_tls", false);
    cfg.email.smtp_timeout_seconds = o.GetInt("smtp_timeout_seconds", 30);
    cfg.email.spool_dir = ResolvePath(cfg.dir, o.GetString("spool_dir"));
    static const std::set<std::string> kDigests = {"run", "daily", "weekly", "off"};
    if (!kDigests.count(cfg.email.digest)) {
      return loader.Error(t->get("digest"), "email.digest", "must be \"run\", \"daily\", \"weekly\" or \"off\"");
    }
    if (cfg.email.lang != "fr" && cfg.email.lang != "en") {
      return loader.Error(t->get("lang"), "email.lang", "must be \"fr\" or \"en\"");
    }
    if (!cfg.email.smtp_url.empty() && cfg.email.smtp_url.rfind("smtp://", 0) != 0 &&
        cfg.email.smtp_url.rfind("smtps://", 0) != 0) {
      return loader.Error(t->get("smtp_url"), "email.smtp_url", "must start with smtp:// or smtps://");
    }
  }
  VEILLE_RETURN_IF_ERROR(st);
  if (const toml::table* t = SubTable(root, "alerts", loader, &st)) {
    Options o;
    VEILLE_RETURN_IF_ERROR(loader.Table(*t, "alerts", AlertsSpecs(), &o));
    AlertsConfig& a = cfg.alerts;
    a.spikes = o.GetBool("spikes", true);
    a.to = o.GetList("to");
    a.lang = o.GetString("lang");
    a.min_volume = o.GetInt("min_volume", a.min_volume);
    a.drop_min_baseline = o.GetInt("drop_min_baseline", a.drop_min_baseline);
    a.warmup_weeks = o.GetInt("warmup_weeks", a.warmup_weeks);
    a.baseline_weeks = o.GetInt("baseline_weeks", a.baseline_weeks);
    a.warning_z = o.GetDouble("warning_z", a.warning_z);
    a.critical_z = o.GetDouble("critical_z", a.critical_z);
    a.min_ratio = o.GetDouble("min_ratio", a.min_ratio);
    a.drop_ratio = o.GetDouble("drop_ratio", a.drop_ratio);
    a.cooldown_hours = o.GetInt("cooldown_hours", a.cooldown_hours);
    a.settle_hours = o.GetInt("settle_hours", a.settle_hours);
    a.max_catch_up_hours = o.GetInt("max_catch_up_hours", a.max_catch_up_hours);
    a.hourly_days = o.GetInt("hourly_days", a.hourly_days);
    a.webhook_url = o.GetString("webhook_url");
    a.webhook_format = o.GetString("webhook_format", "slack");
    a.webhook_digests = o.GetBool("webhook_digests", false);
    if (a.webhook_digests && a.webhook_url.empty()) {
      return loader.Error(t->get("webhook_digests"), "alerts.webhook_digests", "needs alerts.webhook_url");
    }
    if (a.webhook_format != "slack" && a.webhook_format != "teams") {
      return loader.Error(t->get("webhook_format"), "alerts.webhook_format", "must be \"slack\" or \"teams\"");
    }
    if (!a.lang.empty() && a.lang != "fr" && a.lang != "en") {
      return loader.Error(t->get("lang"), "alerts.lang", "must be \"fr\" or \"en\"");
    }
    for (const char* key : {"min_volume", "warmup_weeks", "baseline_weeks", "max_catch_up_hours"}) {
      if (o.GetInt(key, 1) < 1) return loader.Error(t->get(key), std::string("alerts.") + key, "must be at least 1");
    }
    for (const char* key : {"drop_min_baseline", "cooldown_hours", "settle_hours"}) {
      if (o.GetInt(key, 0) < 0) return loader.Error(t->get(key), std::string("alerts.") + key, "must not be negative");
    }
    if (a.warning_z <= 0 || a.critical_z < a.warning_z) {
      return loader.Error(t->get("critical_z"), "alerts.critical_z", "must be at least warning_z, which must be positive");
    }
    if (a.hourly_days != 0 && a.hourly_days < (a.baseline_weeks + 1) * 7) {
      return loader.Error(t->get("hourly_days"), "alerts.hourly_days",
                          "must be 0 or at least (baseline_weeks + 1) * 7 = " +
                              std::to_string((a.baseline_weeks + 1) * 7) + ": the spike baseline reads hourly counters");
    }
    if (a.min_ratio < 1) return loader.Error(t->get("min_ratio"), "alerts.min_ratio", "must be at least 1");
    if (a.drop_ratio < 0 || a.drop_ratio >= 1) {
      return loader.Error(t->get("drop_ratio"), "alerts.drop_ratio", "must be in [0, 1)");
    }
  }
  VEILLE_RETURN_IF_ERROR(st);
  if (cfg.email.spool_dir.empty()) cfg.email.spool_dir = (fs::path(cfg.data_dir) / "mail").string();
  cfg.secrets = loader.secrets();
  return cfg;
}

std::string DescribeConfigSchema() {
  std::ostringstream out;
  auto section = [&out](const std::string& title, const Specs& specs) {
    out << title << "\n";
    for (const OptionSpec& s : specs) {
      out << "  " << s.key << " (" << OptionTypeName(s.type) << (s.required ? ", required" : "") << ")";
      if (!s.default_value.empty()) out << " = " << s.default_value;
      out << "\n      " << s.description << "\n";
    }
    out << "\n";
  };
  section("[veille]", VeilleSpecs());
  section("[kafka]", KafkaSpecs());
  section("[[brands]]", BrandSpecs());
  section("[[sources]] (every type)", SourceCommonSpecs());
  for (const SourceType& t : SourceTypes()) section("[[sources]] type = \"" + t.name + "\": " + t.description, t.options);
  section("[tickets]", TicketSpecs());
  section("[[tickets.rules]]", TicketRuleSpecs());
  for (const auto& [name, specs] : SinkSpecs()) section("[tickets] sink = \"" + name + "\"", specs);
  section("[email]", EmailSpecs());
  section("[[email.lists]]", RecipientListSpecs());
  section("[alerts]", AlertsSpecs());
  return out.str();
}

}  // namespace veille
