// `veille status`: what the state holds, for a person or a monitoring probe.
// Opens the store read-only, so it works while a job is running.
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <rapidjson/document.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/stringbuffer.h>

#include "common/log.h"
#include "jobs/command.h"
#include "jobs/pipeline.h"

namespace veille {
namespace {

struct StatusOptions {
  bool json = false;
};
StatusOptions g_status;

std::string Iso(int64_t ms) {
  if (ms <= 0) return "-";
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

int RunStatus(const GlobalOptions& global) {
  auto cfg = LoadConfigOrLog(global);
  if (!cfg.ok()) return kExitUsage;
  std::string path = (std::filesystem::path(cfg->data_dir) / "state").string();
  if (!std::filesystem::exists(path)) {
    std::printf("no state yet at %s: nothing has run\n", path.c_str());
    return kExitOk;
  }
  StoreOptions so;
  so.read_only = true;
  auto store = Store::Open(path, so);
  if (!store.ok()) {
    log::Error("status.open_failed").Kv("error", store.status().ToString());
    return ExitCodeFor(store.status()) == kExitUsage ? kExitFailed : ExitCodeFor(store.status());
  }
  Store& s = **store;
  auto cursors = s.AllCursors();
  auto outbox = s.OutboxCounts();
  auto counts = s.ApproximateCounts();
  auto runs = s.ListMeta("run/");
  int64_t dead = s.DeadLetterCount();
  auto failed = s.ListOutbox(OutboxState::kFailed);
  auto held_back = s.ListMeta("tickets/held_back/");  // brand -> mentions held in aggregated tickets

  rapidjson::Document doc(rapidjson::kObjectType);
  auto& a = doc.GetAllocator();
  auto str = [&a](const std::string& v) { return rapidjson::Value(v.c_str(), static_cast<rapidjson::SizeType>(v.size()), a); };
  doc.AddMember("data_dir", str(cfg->data_dir), a);
  doc.AddMember("kafka", str(cfg->embedded_kafka() ? "embedded" : cfg->kafka.brokers), a);
  rapidjson::Value cur(rapidjson::kObjectType);
  for (const auto& [k, v] : cursors) cur.AddMember(str(k), str(v), a);
  doc.AddMember("cursors", cur, a);
  rapidjson::Value ob(rapidjson::kObjectType);
  for (const auto& [k, v] : outbox) ob.AddMember(str(k), rapidjson::Value(static_cast<int64_t>(v)), a);
  doc.AddMember("outbox", ob, a);
  rapidjson::Value fl(rapidjson::kArrayType);
  if (failed.ok()) {
    for (const OutboxEntry& e : *failed) {
      rapidjson::Value f(rapidjson::kObjectType);
      f.AddMember("mention", str(e.id), a);
      f.AddMember("attempts", e.attempts, a);
      f.AddMember("error", str(e.last_error), a);
      fl.PushBack(f, a);
    }
  }
  doc.AddMember("failed_tickets", fl, a);
  rapidjson::Value hb(rapidjson::kObjectType);
  for (const auto& [k, v] : held_back) {
    hb.AddMember(str(k.substr(std::string("tickets/held_back/").size())),
                 rapidjson::Value(static_cast<int64_t>(std::strtoll(v.c_str(), nullptr, 10))), a);
  }
  doc.AddMember("tickets_held_back", hb, a);
  rapidjson::Value cn(rapidjson::kObjectType);
  for (const auto& [k, v] : counts) cn.AddMember(str(k), rapidjson::Value(static_cast<uint64_t>(v)), a);
  doc.AddMember("approximate_keys", cn, a);
  doc.AddMember("dead_letters", rapidjson::Value(dead), a);
  rapidjson::Value rn(rapidjson::kObjectType);
  for (const auto& [k, v] : runs) {
    rapidjson::Document r(&a);
    r.Parse(v.c_str());
    rapidjson::Value copy;
    if (!r.HasParseError()) copy.CopyFrom(r, a);
    rn.AddMember(str(k.substr(4)), copy, a);
  }
  doc.AddMember("last_runs", rn, a);

  if (g_status.json) {
    rapidjson::StringBuffer buf;
    rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buf);
    doc.Accept(w);
    std::printf("%s\n", buf.GetString());
    return kExitOk;
  }
  std::printf("state:   %s (kafka: %s)\n", cfg->data_dir.c_str(),
              cfg->embedded_kafka() ? "embedded" : cfg->kafka.brokers.c_str());
  std::printf("sources: %zu configured, %zu with a cursor\n", cfg->sources.size(), cursors.size());
  for (const auto& sc : cfg->sources) {
    auto it = cursors.find(sc.name);
    std::printf("  %-28s %-10s %s\n", sc.name.c_str(), sc.type.c_str(),
                it == cursors.end() ? "never collected" : "cursor stored");
  }
  std::printf("mentions: ~%llu seen, ~%llu stored\n", static_cast<unsigned long long>(counts["dedup"]),
              static_cast<unsigned long long>(counts["mentions"]));
  std::printf("tickets: %lld pending, %lld delivered, %lld failed\n", static_cast<long long>(outbox["pending"]),
              static_cast<long long>(outbox["delivered"]), static_cast<long long>(outbox["failed"]));
  if (failed.ok()) {
    for (const OutboxEntry& e : *failed) {
      std::printf("  failed %s after %d attempts: %s\n", e.id.c_str(), e.attempts, e.last_error.c_str());
    }
  }
  for (const auto& [k, v] : held_back) {
    std::printf("  held back for %s (hourly cap or storm, in aggregated tickets): %s\n",
                k.substr(std::string("tickets/held_back/").size()).c_str(), v.c_str());
  }
  std::printf("dead letters: %lld\n", static_cast<long long>(dead));
  std::printf("last runs:\n");
  for (const auto& [k, v] : runs) {
    rapidjson::Document r;
    r.Parse(v.c_str());
    if (r.HasParseError() || !r.IsObject()) continue;
    int64_t fin = r.HasMember("finished_ms") && r["finished_ms"].IsInt64() ? r["finished_ms"].GetInt64() : 0;
    int code = r.HasMember("exit_code") && r["exit_code"].IsInt() ? r["exit_code"].GetInt() : -1;
    std::printf("  %-8s finished %s exit %d\n", k.substr(4).c_str(), Iso(fin).c_str(), code);
  }
  return kExitOk;
}

}  // namespace

const Command kStatusCommand = {
    "status", "Show what the state holds: cursors, counts, outbox, last runs",
    [](CLI::App& app) { app.add_flag("--json", g_status.json, "Print JSON instead of text"); },
    RunStatus};

}  // namespace veille
