#include <filesystem>

#include "common/log.h"
#include "jobs/command.h"
#include "jobs/lock.h"
#include "jobs/pipeline.h"

namespace veille {

int ExitCodeFor(const Status& status) {
  switch (status.code()) {
    case Status::Code::kOk: return kExitOk;
    case Status::Code::kInvalidArgument: return kExitUsage;
    case Status::Code::kBusy: return kExitLocked;
    default: return kExitFailed;
  }
}

Result<Config> LoadConfigOrLog(const GlobalOptions& global) {
  auto cfg = LoadConfig(global.config);
  if (!cfg.ok()) log::Error("config.invalid").Kv("error", cfg.status().message());
  return cfg;
}

int RunJob(const GlobalOptions& global, const std::string& job, bool with_kafka,
           const std::function<Result<JobOutcome>(JobEnv&)>& body) {
  int64_t started = Clock::Real()->NowMs();
  auto cfg = LoadConfigOrLog(global);
  if (!cfg.ok()) return kExitUsage;
  std::string lock_path = (std::filesystem::path(cfg->data_dir) / "locks" / (job + ".lock")).string();
  auto lock = FileLock::TryAcquire(lock_path);
  if (!lock.ok()) {
    log::Warn("job.locked").Kv("job", job).Kv("error", lock.status().message());
    return lock.status().code() == Status::Code::kBusy ? kExitLocked : kExitFailed;
  }
  log::Info("job.started").Kv("job", job).Kv("config", global.config)
      .Kv("kafka", cfg->embedded_kafka() ? std::string("embedded") : cfg->kafka.brokers);
  auto env = JobEnv::Open(std::move(cfg).value(), with_kafka);
  if (!env.ok()) {
    log::Error("job.open_failed").Kv("job", job).Kv("error", env.status().ToString());
    return ExitCodeFor(env.status()) == kExitOk ? kExitFailed : ExitCodeFor(env.status());
  }
  auto outcome = body(**env);
  int code = outcome.ok() ? outcome->exit_code : ExitCodeFor(outcome.status());
  if (!outcome.ok()) {
    log::Error("job.failed").Kv("job", job).Kv("error", outcome.status().ToString());
    if (code == kExitOk) code = kExitFailed;
  }
  RecordRun(**env, job, started, code, outcome.ok() ? outcome->summary_json : "{}");
  log::Info("job.finished").Kv("job", job).Kv("exit_code", code).Kv("duration_ms", Clock::Real()->NowMs() - started);
  return code;
}

}  // namespace veille
