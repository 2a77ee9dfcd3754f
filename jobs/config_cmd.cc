// `veille config check|schema` and `veille sources`.
#include <cstdio>

#include "collectors/source.h"
#include "common/log.h"
#include "common/secret.h"
#include "jobs/command.h"

namespace veille {
namespace {

struct ConfigOptions {
  std::string action = "check";
  bool no_secrets = false;
};
ConfigOptions g_config;

int RunConfig(const GlobalOptions& global) {
  if (g_config.action == "schema") {
    std::printf("%s", DescribeConfigSchema().c_str());
    return kExitOk;
  }
  auto cfg = LoadConfig(global.config);
  if (!cfg.ok()) {
    std::fprintf(stderr, "%s\n", cfg.status().message().c_str());
    return kExitUsage;
  }
  int watched = 0;
  for (const Brand& b : cfg->brands) watched += b.is_competitor ? 0 : 1;
  std::printf("%s: OK\n", global.config.c_str());
  std::printf("  %d brands (%d watched, %d competitors), %zu sources\n", static_cast<int>(cfg->brands.size()),
              watched, static_cast<int>(cfg->brands.size()) - watched, cfg->sources.size());
  std::printf("  kafka: %s\n", cfg->embedded_kafka() ? "embedded in-process cluster" : cfg->kafka.brokers.c_str());
  std::printf("  state: %s\n", cfg->data_dir.c_str());
  std::printf("  tickets: %s%s%s\n", cfg->tickets.sink.c_str(), cfg->tickets.sink == "jsonl" ? " -> " : "",
              cfg->tickets.sink == "jsonl" ? cfg->tickets.options.GetString("path").c_str() : "");
  std::printf("  e-mail: %s digest to %zu recipients via %s\n", cfg->email.digest.c_str(), cfg->email.to.size(),
              cfg->email.smtp_url.empty() ? cfg->email.spool_dir.c_str() : cfg->email.smtp_url.c_str());
  if (g_config.no_secrets) {
    std::printf("  secrets: %zu referenced, not resolved (--no-secrets)\n", cfg->secrets.size());
    return kExitOk;
  }
  // Resolved as a run would, in this environment; only the references and
  // what is wrong with them are printed, never a value.
  size_t unresolved = 0;
  for (const SecretRef& s : cfg->secrets) {
    auto value = ResolveSecret(s.reference);
    if (value.ok()) continue;
    ++unresolved;
    std::fprintf(stderr, "%s: %s\n", s.where.c_str(), value.status().message().c_str());
  }
  std::printf("  secrets: %zu referenced, %zu resolved\n", cfg->secrets.size(), cfg->secrets.size() - unresolved);
  return unresolved == 0 ? kExitOk : kExitUsage;
}

int RunSources(const GlobalOptions&) {
  for (const SourceType& t : SourceTypes()) {
    std::printf("%s: %s\n", t.name.c_str(), t.description.c_str());
    for (const OptionSpec& o : t.options) {
      std::printf("  %-18s %-32s %s%s%s\n", o.key.c_str(), OptionTypeName(o.type), o.description.c_str(),
                  o.default_value.empty() ? "" : " (default ", o.default_value.empty() ? "" : (o.default_value + ")").c_str());
    }
  }
  return kExitOk;
}

}  // namespace

const Command kConfigCommand = {
    "config", "Validate the config (check) or print every key it accepts (schema)",
    [](CLI::App& app) {
      app.add_option("action", g_config.action, "check (default) or schema")
          ->check(CLI::IsMember({"check", "schema"}));
      app.add_flag("--no-secrets", g_config.no_secrets,
                   "Do not resolve the env:/file: secret references (e.g. where the run's environment is absent)");
    },
    RunConfig};

const Command kSourcesCommand = {"sources", "List every source type and its config keys", [](CLI::App&) {},
                                 RunSources};

}  // namespace veille
