// The `veille` command line: one table of subcommands {name, help, setup,
// run} in jobs/main.cc, one file per subcommand, each with an options struct
// whose members carry their defaults. Models: ClickHouse programs/main.cpp,
// CLI11 examples/subcom_in_files.
//
// Exit codes, for cron and systemd: 0 done; 1 failed, safe to rerun; 2 bad
// usage or config; 75 (EX_TEMPFAIL) another run holds the lock, nothing done.
#pragma once

#include <functional>
#include <string>

#include <CLI/CLI.hpp>

#include "common/status.h"
#include "jobs/config.h"

namespace veille {

class JobEnv;

enum ExitCode : int { kExitOk = 0, kExitFailed = 1, kExitUsage = 2, kExitLocked = 75 };

struct GlobalOptions {
  std::string config = "veille.toml";
  std::string log_level = "info";
  std::string log_format = "logfmt";
};

struct Command {
  const char* name;
  const char* help;
  void (*setup)(CLI::App& app);
  int (*run)(const GlobalOptions& global);
};

// Maps a Status to the exit code it deserves.
int ExitCodeFor(const Status& status);

// Loads the config; on failure logs it and returns nullopt-like Result.
Result<Config> LoadConfigOrLog(const GlobalOptions& global);

struct JobOutcome {
  int exit_code = kExitOk;
  std::string summary_json = "{}";  // recorded in the store, shown by `veille status`
};

// The frame every state-touching job runs in: load the config, take the
// job's lock (data_dir/locks/<job>.lock), open the store (and Kafka when
// `with_kafka`), run `body`, record the run, log run.finished. Any failure
// before `body` maps to its exit code.
int RunJob(const GlobalOptions& global, const std::string& job, bool with_kafka,
           const std::function<Result<JobOutcome>(JobEnv&)>& body);

extern const Command kCollectCommand;
extern const Command kScoreCommand;
extern const Command kTicketCommand;
extern const Command kAlertCommand;
extern const Command kRunCommand;
extern const Command kStatusCommand;
extern const Command kConfigCommand;
extern const Command kSourcesCommand;
extern const Command kSentimentCommand;
extern const Command kEvalCommand;
extern const Command kReportCommand;
extern const Command kPreviewCommand;

}  // namespace veille
