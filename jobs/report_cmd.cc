// `veille report`: volume, sentiment share, share of voice and top sources of
// every configured brand over a period, from the trend counters. Opens the
// store read-only (like `veille status`), so it runs while a job is running
// and changes nothing.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "alerting/report.h"
#include "collectors/feed.h"
#include "common/clock.h"
#include "common/log.h"
#include "jobs/command.h"
#include "storage/keys.h"
#include "storage/store.h"

namespace veille {
namespace {

constexpr int64_t kDayMs = 24 * keys::kHourMs;

struct ReportOptions {
  std::string from;            // ISO 8601 date or date-time; default: `to` minus 7 days
  std::string to;              // default: the end of the current hour
  std::string format = "table";
  std::string html;            // also write the HTML page there
  std::string lang;            // default: email.lang
};
ReportOptions g_report;

// "2026-11-23" or "2026-11-23T10:00:00Z"; a date alone means its midnight UTC.
Result<int64_t> ParseWhen(const std::string& text, const char* what) {
  int64_t ms = ParseRfc3339Date(text);
  if (ms < 0) {
    return Status::InvalidArgument(std::string(what) + ": \"" + text +
                                   "\" is not a date (expected 2026-11-23 or 2026-11-23T10:00:00Z)");
  }
  return ms;
}

Status WriteFileAtomically(const std::string& path, const std::string& data) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::IOError("cannot write " + tmp);
    out << data;
    out.flush();
    if (!out) return Status::IOError("cannot write " + tmp);
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Status::IOError("cannot rename " + tmp + " to " + path + ": " + ec.message());
  return Status::OK();
}

// Every configured brand, watched ones first; `store` null = no state yet.
Result<ReportData> ReadReport(const Store* store, const Config& cfg, int64_t from_ms, int64_t to_ms) {
  ReportData d;
  d.from_ms = from_ms;
  d.to_ms = to_ms;
  d.bucket_ms = ReportBucketMs(from_ms, to_ms);
  std::vector<const Brand*> ordered;
  for (const Brand& b : cfg.brands) {
    if (!b.is_competitor) ordered.push_back(&b);
  }
  for (const Brand& b : cfg.brands) {
    if (b.is_competitor) ordered.push_back(&b);
  }
  for (const Brand* b : ordered) {
    ReportRow row;
    row.brand = b->name;
    row.competitor = b->is_competitor;
    if (store != nullptr) {
      auto points = store->ReadTrends(b->name, from_ms, to_ms);
      if (!points.ok()) return points.status();
      for (const TrendPoint& p : *points) row.Add(p.hour_ms, p.dimension, p.value, d.bucket_ms);
    }
    d.rows.push_back(std::move(row));
    if (!b->is_competitor) d.groups.push_back({b->name, b->competitors});
  }
  return d;
}

int RunReport(const GlobalOptions& global) {
  auto cfg = LoadConfigOrLog(global);
  if (!cfg.ok()) return kExitUsage;
  const ReportOptions& o = g_report;
  int64_t now = Clock::Real()->NowMs();
  int64_t to_ms = keys::HourOf(now) + keys::kHourMs;
  if (!o.to.empty()) {
    auto t = ParseWhen(o.to, "--to");
    if (!t.ok()) {
      log::Error("report.bad_option").Kv("error", t.status().message());
      return kExitUsage;
    }
    to_ms = *t;
  }
  int64_t from_ms = to_ms - 7 * kDayMs;
  if (!o.from.empty()) {
    auto f = ParseWhen(o.from, "--from");
    if (!f.ok()) {
      log::Error("report.bad_option").Kv("error", f.status().message());
      return kExitUsage;
    }
    from_ms = *f;
  }
  if (from_ms >= to_ms) {
    log::Error("report.bad_option").Kv("error", "--from must be before --to");
    return kExitUsage;
  }
  std::string lang = o.lang.empty() ? cfg->email.lang : o.lang;

  std::string path = (std::filesystem::path(cfg->data_dir) / "state").string();
  ReportData data;
  if (std::filesystem::exists(path)) {
    StoreOptions so;
    so.read_only = true;
    auto store = Store::Open(path, so);
    if (!store.ok()) {
      log::Error("report.open_failed").Kv("error", store.status().ToString());
      return kExitFailed;
    }
    auto collected = ReadReport(store->get(), *cfg, from_ms, to_ms);
    if (!collected.ok()) {
      log::Error("report.read_failed").Kv("error", collected.status().ToString());
      return kExitFailed;
    }
    data = std::move(collected).value();
  } else {
    // Nothing has run yet: an empty report of every brand says so honestly.
    auto empty = ReadReport(nullptr, *cfg, from_ms, to_ms);
    data = std::move(empty).value();
  }

  if (!o.html.empty()) {
    Status st = WriteFileAtomically(o.html, RenderReportHtml(data, lang));
    if (!st.ok()) {
      log::Error("report.write_failed").Kv("error", st.ToString());
      return kExitFailed;
    }
    log::Info("report.html_written").Kv("path", o.html);
  }
  std::string out;
  if (o.format == "csv") {
    out = RenderReportCsv(data);
  } else if (o.format == "json") {
    out = RenderReportJson(data);
  } else {
    out = RenderReportTable(data, lang);
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return std::fflush(stdout) == 0 ? kExitOk : kExitFailed;
}

}  // namespace

const Command kReportCommand = {
    "report", "Print volume, sentiment, share of voice and top sources for a period (table, CSV, JSON, HTML)",
    [](CLI::App& app) {
      app.add_option("--from", g_report.from, "Start (UTC), e.g. 2026-11-16 or 2026-11-16T08:00:00Z; default: --to minus 7 days");
      app.add_option("--to", g_report.to, "End, exclusive (UTC); default: the end of the current hour");
      app.add_option("--format", g_report.format, "table, csv or json")
          ->capture_default_str()
          ->check(CLI::IsMember({"table", "csv", "json"}));
      app.add_option("--html", g_report.html, "Also write a self-contained HTML page with charts to this file");
      app.add_option("--lang", g_report.lang, "fr or en; default: email.lang")->check(CLI::IsMember({"fr", "en"}));
    },
    RunReport};

}  // namespace veille
