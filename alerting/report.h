// Report: what `veille report` prints for a period, built from the trend
// counters (volume, sentiment share, share of voice against competitors, top
// sources, reach) and rendered as a terminal table, CSV, JSON or a
// self-contained HTML page.
//
// The caller feeds each brand's trend points to a ReportRow (Add), then the
// renderers are pure functions of the ReportData. The HTML page has inline
// SVG charts, inline CSS, no script and no external resource, so it opens
// from a file and renders the same offline. Brand names and source types come
// from the config and the collectors, but are escaped everywhere anyway.
// French and English. Thread-safe (no state).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace veille {

// One brand (or competitor) over the report period.
struct ReportRow {
  std::string brand;
  bool competitor = false;
  int64_t total = 0, positive = 0, neutral = 0, negative = 0;
  int64_t reach = 0, complaints = 0;
  std::map<std::string, int64_t> sources;   // source type -> mentions
  std::map<int64_t, int64_t> volume;        // bucket start (UTC) -> mentions

  // Adds one trend counter (see storage/keys.h for the dimensions) of the
  // hour starting at `hour_ms`. Volume buckets are `bucket_ms` long, aligned
  // on UTC midnight for day buckets. Unknown dimensions are ignored.
  void Add(int64_t hour_ms, const std::string& dimension, uint64_t value, int64_t bucket_ms);

  // Sources by decreasing count (ties by name), at most `n`.
  std::vector<std::pair<std::string, int64_t>> TopSources(size_t n) const;
};

// A watched brand and the competitors it is compared against.
struct ShareOfVoiceGroup {
  std::string brand;
  std::vector<std::string> competitors;
};

struct ReportData {
  int64_t from_ms = 0, to_ms = 0;  // [from, to)
  int64_t bucket_ms = 0;           // volume bucket: one hour or one day
  std::vector<ReportRow> rows;     // watched brands first, in config order
  std::vector<ShareOfVoiceGroup> groups;

  const ReportRow* Find(const std::string& brand) const;
  // The brand's share of its group's mentions in [0, 1], or -1 when the
  // group has no mentions. A competitor counts in the first group naming it;
  // a brand in no group is its own group.
  double ShareOfVoice(const std::string& brand) const;
};

// The volume bucket a report of [from, to) uses: hours up to two days, days
// beyond.
int64_t ReportBucketMs(int64_t from_ms, int64_t to_ms);

// Column-aligned table for a terminal, in `lang` ("fr" or "en").
std::string RenderReportTable(const ReportData& data, const std::string& lang);
// RFC 4180 CSV, one line per brand, locale-independent numbers (shares as
// decimals with 4 digits), header line first. Fields starting with = + - @
// are prefixed with ' so that spreadsheets do not evaluate them.
std::string RenderReportCsv(const ReportData& data);
// One JSON object: {"from","to","brands":[{...,"sources":{...},"volume":[[ms,n],...]}]}.
std::string RenderReportJson(const ReportData& data);
// A complete HTML page (UTF-8) with inline SVG charts, in `lang`.
std::string RenderReportHtml(const ReportData& data, const std::string& lang);

}  // namespace veille
