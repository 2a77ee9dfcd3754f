// The HTML report, a digest and a spike alert rendered by a real browser:
// Debian's headless Chromium takes a screenshot of each page to a PNG. The
// render must succeed (exit 0, a PNG of the requested size, visibly more
// than a blank page) with no console message at all: our pages run no
// script and load nothing, so any message (a Content-Security-Policy
// violation, a blocked load) is a defect. Skipped only when no Chromium is
// installed; scripts/deps installs Debian's `chromium`, so CI runs it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "alerting/digest.h"
#include "alerting/report.h"
#include "alerting/spike.h"
#include "tests/alerting/test_util.h"

namespace veille {
namespace {

using testing::ReadFile;
using testing::RunCommand;
using testing::TempDir;
using testing::WriteFile;

constexpr int64_t kHour = 3'600'000;
constexpr int64_t kDay = 24 * kHour;
constexpr int64_t k20261116 = 1'794'787'200'000;  // 2026-11-16T00:00:00Z

std::string FindChromium() {
  int rc = 0;
  std::string path =
      RunCommand("command -v chromium || command -v chromium-browser || command -v google-chrome", &rc);
  while (!path.empty() && (path.back() == '\n' || path.back() == '\r')) path.pop_back();
  if (path.find('\n') != std::string::npos) path = path.substr(0, path.find('\n'));
  return rc == 0 ? path : "";
}

struct Render {
  int exit_code = -1;
  std::string png;
  std::string log;  // Chromium's stderr
};

Render Screenshot(const std::string& chromium, const TempDir& dir, const std::string& name, const std::string& html) {
  std::string page = dir.path() + "/" + name + ".html";
  std::string png = dir.path() + "/" + name + ".png";
  std::string log = dir.path() + "/" + name + ".log";
  WriteFile(page, html);
  // Own profile per render (tests may run in parallel); no sandbox because
  // CI containers run as root; the outer timeout only guards against a hang.
  std::string cmd = "timeout 300 " + chromium +
                    " --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run "
                    "--disable-extensions --hide-scrollbars --enable-logging=stderr --v=0 --user-data-dir=" +
                    dir.path() + "/profile-" + name + " --window-size=1000,1400 --screenshot=" + png + " file://" +
                    page + " >/dev/null 2>" + log;
  Render r;
  RunCommand(cmd, &r.exit_code);
  r.png = ReadFile(png);
  r.log = ReadFile(log);
  // To look at them: VEILLE_RENDER_OUT=/some/dir ctest -R Render
  if (const char* keep = std::getenv("VEILLE_RENDER_OUT")) WriteFile(std::string(keep) + "/" + name + ".png", r.png);
  return r;
}

uint32_t BigEndian32(const std::string& s, size_t at) {
  return (static_cast<uint32_t>(static_cast<unsigned char>(s[at])) << 24) |
         (static_cast<uint32_t>(static_cast<unsigned char>(s[at + 1])) << 16) |
         (static_cast<uint32_t>(static_cast<unsigned char>(s[at + 2])) << 8) |
         static_cast<uint32_t>(static_cast<unsigned char>(s[at + 3]));
}

// Console lines Chromium logs for the page (CSP violations, errors).
std::string ConsoleLines(const std::string& log) {
  std::string out;
  size_t start = 0;
  while (start < log.size()) {
    size_t end = log.find('\n', start);
    if (end == std::string::npos) end = log.size();
    std::string line = log.substr(start, end - start);
    if (line.find(":CONSOLE") != std::string::npos) out += line + "\n";
    start = end + 1;
  }
  return out;
}

class RenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    chromium_ = FindChromium();
    if (chromium_.empty()) GTEST_SKIP() << "no chromium installed (scripts/deps installs Debian's chromium)";
    blank_ = Screenshot(chromium_, dir_, "blank", "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head>"
                                                  "<body></body></html>");
    ASSERT_EQ(blank_.exit_code, 0) << blank_.log;
  }

  void ExpectRendered(const std::string& name, const std::string& html) {
    Render r = Screenshot(chromium_, dir_, name, html);
    EXPECT_EQ(r.exit_code, 0) << r.log;
    ASSERT_GE(r.png.size(), 24u) << "no PNG written: " << r.log;
    EXPECT_EQ(r.png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    EXPECT_EQ(r.png.substr(12, 4), "IHDR");
    EXPECT_EQ(BigEndian32(r.png, 16), 1000u);
    EXPECT_EQ(BigEndian32(r.png, 20), 1400u);
    // Text, bars and charts compress far worse than a white page.
    EXPECT_GT(r.png.size(), 4 * blank_.png.size()) << name << " looks blank";
    EXPECT_EQ(ConsoleLines(r.log), "") << name;
  }

  TempDir dir_;
  std::string chromium_;
  Render blank_;
};

TEST_F(RenderTest, ReportPage) {
  ReportData d;
  d.from_ms = k20261116;
  d.to_ms = k20261116 + 7 * kDay;
  d.bucket_ms = ReportBucketMs(d.from_ms, d.to_ms);
  ReportRow acme, rival;
  acme.brand = "Acmé <script>alert(1)</script>";
  rival.brand = "Rival";
  rival.competitor = true;
  for (int h = 0; h < 7 * 24; h += 3) {
    int64_t at = k20261116 + h * kHour;
    acme.Add(at, "total", 10 + (h % 24), d.bucket_ms);
    acme.Add(at, "label/negative", 2, d.bucket_ms);
    acme.Add(at, "label/positive", 5, d.bucket_ms);
    acme.Add(at, "label/neutral", 3 + (h % 24), d.bucket_ms);
    acme.Add(at, h % 2 ? "source/reddit" : "source/rss", 10 + (h % 24), d.bucket_ms);
    rival.Add(at, "total", 5 + (h % 7), d.bucket_ms);
    rival.Add(at, "label/neutral", 5 + (h % 7), d.bucket_ms);
    rival.Add(at, "source/mastodon", 5 + (h % 7), d.bucket_ms);
  }
  d.rows = {acme, rival};
  d.groups = {{acme.brand, {"Rival"}}};
  ExpectRendered("report-fr", RenderReportHtml(d, "fr"));
  ExpectRendered("report-en", RenderReportHtml(d, "en"));
}

TEST_F(RenderTest, DigestAndSpikeAlert) {
  DigestData d;
  d.brand = "Acmé";
  d.period = "daily";
  d.period_key = "2026-11-22";
  d.from_ms = k20261116 + 6 * kDay;
  d.to_ms = k20261116 + 7 * kDay;
  d.total = 120;
  d.positive = 40;
  d.neutral = 60;
  d.negative = 20;
  d.previous_total = 100;
  d.share_of_voice = {{"Acmé", 120}, {"Rival", 80}};
  d.by_source = {{"reddit", 70}, {"rss", 50}};
  for (int i = 0; i < 24; ++i) d.volume.push_back({d.from_ms + i * kHour, 2 + (i * 7) % 11});
  DigestMention m;
  m.title = "Acmé ouvre à Lyon <img src=x onerror=alert(1)>";
  m.text = "Belle surprise « ce matin ».";
  m.url = "https://news.example.fr/acme";
  m.author = "Le Progrès";
  m.source_type = "rss";
  m.published_ms = d.from_ms + 9 * kHour;
  m.score = 0.7;
  m.label = SentimentLabel::kPositive;
  m.reach = 54321;
  d.top_reach = {m};
  m.title = "Service client injoignable";
  m.url = "javascript:alert(2)";
  m.score = -0.8;
  m.label = SentimentLabel::kNegative;
  d.most_negative = {m};
  d.tickets_opened = 3;
  DigestOptions o;
  o.lang = "fr";
  o.from = "veille <veille@example.com>";
  o.to = {"marketing@example.com"};
  ExpectRendered("digest-fr", BuildDigest(d, o).html);
  o.lang = "en";
  ExpectRendered("digest-en", BuildDigest(d, o).html);

  SpikeAlertData a;
  a.brand = "Acmé";
  a.check.kind = SpikeKind::kNegativeSurge;
  a.check.severity = SpikeSeverity::kCritical;
  a.check.hour_ms = d.from_ms + 14 * kHour;
  a.check.observed = 84;
  a.check.expected = 6;
  a.check.spread = 2.4;
  a.check.z = 11.5;
  a.check.samples = 12;
  a.mentions = {m};
  ExpectRendered("spike-fr", BuildSpikeAlert(a, o).html);
}

}  // namespace
}  // namespace veille
