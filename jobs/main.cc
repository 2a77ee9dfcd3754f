// veille: brand monitoring for cron. See README.md.
#include <cstdio>

#include "common/log.h"
#include "jobs/command.h"

namespace {

// One line per subcommand; the order is the order of `veille --help`.
const veille::Command* const kCommands[] = {
    &veille::kRunCommand,     &veille::kCollectCommand, &veille::kScoreCommand,  &veille::kTicketCommand,
    &veille::kAlertCommand,   &veille::kStatusCommand,  &veille::kConfigCommand, &veille::kSourcesCommand,
    &veille::kSentimentCommand, &veille::kEvalCommand,    &veille::kReportCommand,  &veille::kPreviewCommand,
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"veille: brand monitoring batch pipeline (collect, score, ticket, alert)", "veille"};
  app.require_subcommand(1);
  veille::GlobalOptions global;
  app.add_option("-c,--config", global.config, "Config file")->capture_default_str();
  app.add_option("--log-level", global.log_level, "debug, info, warn, error or off")
      ->capture_default_str()
      ->check(CLI::IsMember({"debug", "info", "warn", "error", "off"}));
  app.add_option("--log-format", global.log_format, "logfmt or json")
      ->capture_default_str()
      ->check(CLI::IsMember({"logfmt", "json"}));
  app.set_version_flag("--version", "veille 0.1.0");

  const veille::Command* chosen = nullptr;
  for (const veille::Command* cmd : kCommands) {
    CLI::App* sub = app.add_subcommand(cmd->name, cmd->help);
    cmd->setup(*sub);
    sub->callback([cmd, &chosen] { chosen = cmd; });
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? veille::kExitOk : veille::kExitUsage;
  }
  veille::log::Level level;
  veille::log::ParseLevel(global.log_level, &level);
  veille::log::SetLevel(level);
  veille::log::Format format;
  veille::log::ParseFormat(global.log_format, &format);
  veille::log::SetFormat(format);
  return chosen->run(global);
}
