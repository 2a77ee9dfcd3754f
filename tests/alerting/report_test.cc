// The report renderers: aggregation of trend counters, share of voice, the
// table, CSV and JSON formats, and a well-formed, script-free, escaped HTML
// page with its SVG charts.
#include "alerting/report.h"

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>

#include "tests/alerting/test_util.h"

namespace veille {
namespace {

using testing::FindPython;
using testing::RunCommand;
using testing::TempDir;
using testing::WriteFile;

// The report is a page for a browser: SVG is welcome, but nothing that runs
// or loads anything. Python's html.parser checks nesting of the structural
// and SVG elements, and refuses scripts, embeds, event handlers, links and
// external references of any kind.
const char kPageScript[] = R"PY(
import sys
from html.parser import HTMLParser
CHECKED = {'html','head','body','title','table','tr','td','th','p','span','h1','h2','h3','svg','text','g',
           'polyline','rect','line','style'}
class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors = [], []
    def handle_starttag(self, tag, attrs):
        if tag in ('script','iframe','object','embed','img','link','foreignobject','image','use','a','form','base'):
            self.errors.append('forbidden element <%s>' % tag)
        for k, v in attrs:
            if k.startswith('on') or k in ('href','src','xlink:href','action','srcset'):
                self.errors.append('forbidden attribute %s=%r' % (k, v))
        if tag in CHECKED:
            self.stack.append(tag)
    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in CHECKED:
            self.stack.pop()
    def handle_endtag(self, tag):
        if tag not in CHECKED:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append('unexpected </%s>, open: %s' % (tag, self.stack[-3:]))
        else:
            self.stack.pop()
p = P()
p.feed(open(sys.argv[1], encoding='utf-8').read())
p.close()
if p.stack:
    p.errors.append('unclosed: %s' % p.stack)
print('\n'.join(p.errors[:5]))
)PY";

std::string CheckHtml(const std::string& html) {
  std::string py = FindPython(false);
  if (py.empty()) return "no python3";
  TempDir dir;
  WriteFile(dir.path() + "/check.py", kPageScript);
  WriteFile(dir.path() + "/page.html", html);
  int rc = 0;
  std::string out = RunCommand(py + " " + dir.path() + "/check.py " + dir.path() + "/page.html", &rc);
  if (rc != 0) return "html checker failed";
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

constexpr int64_t kHour = 3'600'000;
constexpr int64_t kDay = 24 * kHour;
constexpr int64_t k20261116 = 1'794'787'200'000;  // 2026-11-16T00:00:00Z, a Monday

// Acme (watched, competitor Rival) and Rival over one week.
ReportData Sample() {
  ReportData d;
  d.from_ms = k20261116;
  d.to_ms = k20261116 + 7 * kDay;
  d.bucket_ms = ReportBucketMs(d.from_ms, d.to_ms);
  ReportRow acme;
  acme.brand = "Acme";
  // 60 mentions: 10 on each of the first six days at 09:00, one hour of them
  // split across two hours of day 2 to check that buckets add up by day.
  for (int day = 0; day < 6; ++day) {
    int64_t at = k20261116 + day * kDay + 9 * kHour;
    acme.Add(at, "total", day == 2 ? 4 : 10, d.bucket_ms);
    if (day == 2) acme.Add(at + kHour, "total", 6, d.bucket_ms);
    acme.Add(at, "label/positive", 3, d.bucket_ms);
    acme.Add(at, "label/neutral", 5, d.bucket_ms);
    acme.Add(at, "label/negative", 2, d.bucket_ms);
    acme.Add(at, "source/reddit", 7, d.bucket_ms);
    acme.Add(at, "source/rss", 3, d.bucket_ms);
    acme.Add(at, "reach", 1000, d.bucket_ms);
    acme.Add(at, "complaint", 1, d.bucket_ms);
    acme.Add(at, "something/new", 99, d.bucket_ms);  // ignored
  }
  ReportRow rival;
  rival.brand = "Rival";
  rival.competitor = true;
  rival.Add(k20261116 + 3 * kHour, "total", 40, d.bucket_ms);
  rival.Add(k20261116 + 3 * kHour, "label/negative", 40, d.bucket_ms);
  rival.Add(k20261116 + 3 * kHour, "source/mastodon", 40, d.bucket_ms);
  d.rows = {acme, rival};
  d.groups = {{"Acme", {"Rival"}}};
  return d;
}

TEST(ReportTest, RowAddsCountersByDimensionAndBucket) {
  ReportData d = Sample();
  const ReportRow& a = d.rows[0];
  EXPECT_EQ(a.total, 60);
  EXPECT_EQ(a.positive, 18);
  EXPECT_EQ(a.neutral, 30);
  EXPECT_EQ(a.negative, 12);
  EXPECT_EQ(a.reach, 6000);
  EXPECT_EQ(a.complaints, 6);
  ASSERT_EQ(a.volume.size(), 6u);
  for (const auto& [start, n] : a.volume) {
    EXPECT_EQ(start % kDay, 0) << "day buckets start at midnight UTC";
    EXPECT_EQ(n, 10);
  }
  auto top = a.TopSources(1);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].first, "reddit");
  EXPECT_EQ(top[0].second, 42);
}

TEST(ReportTest, BucketIsHourlyUpToTwoDays) {
  EXPECT_EQ(ReportBucketMs(0, 2 * kDay), kHour);
  EXPECT_EQ(ReportBucketMs(0, 2 * kDay + kHour), kDay);
}

TEST(ReportTest, ShareOfVoiceWithinTheGroup) {
  ReportData d = Sample();
  EXPECT_DOUBLE_EQ(d.ShareOfVoice("Acme"), 0.6);
  EXPECT_DOUBLE_EQ(d.ShareOfVoice("Rival"), 0.4);
  // A brand in no group is its whole group.
  ReportRow solo;
  solo.brand = "Solo";
  solo.total = 5;
  d.rows.push_back(solo);
  EXPECT_DOUBLE_EQ(d.ShareOfVoice("Solo"), 1.0);
  // No mentions at all: unknown, not 0 % and not a division by zero.
  ReportData empty;
  empty.rows.push_back(ReportRow{});
  empty.rows[0].brand = "Acme";
  empty.groups = {{"Acme", {"Rival"}}};
  EXPECT_LT(empty.ShareOfVoice("Acme"), 0);
}

TEST(ReportTest, TableInEnglishAndFrench) {
  ReportData d = Sample();
  std::string en = RenderReportTable(d, "en");
  EXPECT_NE(en.find("Share of voice"), std::string::npos) << en;
  EXPECT_NE(en.find("Rival (competitor)"), std::string::npos) << en;
  EXPECT_NE(en.find(" 60%"), std::string::npos) << en;  // Acme's share of voice
  EXPECT_NE(en.find("reddit 42, rss 18"), std::string::npos) << en;
  EXPECT_NE(en.find("2026-11-16 00:00 UTC"), std::string::npos) << en;
  std::string fr = RenderReportTable(d, "fr");
  EXPECT_NE(fr.find("Part de voix"), std::string::npos) << fr;
  EXPECT_NE(fr.find("Rival (concurrent)"), std::string::npos) << fr;
  EXPECT_NE(fr.find(" 60\u00A0%"), std::string::npos) << fr;
  EXPECT_NE(fr.find("16/11/2026"), std::string::npos) << fr;
}

TEST(ReportTest, TableStripsTerminalControlCharacters) {
  ReportData d = Sample();
  d.rows[0].brand = "Ac\x1b[31mme\r\nX";
  std::string t = RenderReportTable(d, "en");
  EXPECT_EQ(t.find('\x1b'), std::string::npos);
  EXPECT_EQ(t.find('\r'), std::string::npos);
}

TEST(ReportTest, CsvIsQuotedAndDefusesFormulas) {
  ReportData d = Sample();
  d.rows[1].brand = "=HYPERLINK(\"http://x\",\"y\")";
  d.groups[0].competitors = {d.rows[1].brand};
  std::string csv = RenderReportCsv(d);
  EXPECT_EQ(csv.substr(0, csv.find("\r\n")),
            "brand,competitor,from,to,mentions,positive,neutral,negative,share_of_voice,reach,complaints,top_sources");
  EXPECT_NE(csv.find("\r\nAcme,false,1794787200000,1795392000000,60,18,30,12,0.6000,6000,6,reddit=42;rss=18\r\n"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find("\r\n\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",true,"), std::string::npos) << csv;
}

TEST(ReportTest, JsonCarriesEveryNumber) {
  ReportData d = Sample();
  d.rows[1].brand = "Ri\"val\n";
  d.groups[0].competitors = {d.rows[1].brand};
  rapidjson::Document doc;
  std::string json = RenderReportJson(d);
  ASSERT_FALSE(doc.Parse(json.c_str()).HasParseError()) << json;
  EXPECT_EQ(doc["from"].GetInt64(), k20261116);
  const auto& brands = doc["brands"];
  ASSERT_EQ(brands.Size(), 2u);
  EXPECT_STREQ(brands[0]["brand"].GetString(), "Acme");
  EXPECT_EQ(brands[0]["mentions"].GetInt64(), 60);
  EXPECT_EQ(brands[0]["negative"].GetInt64(), 12);
  EXPECT_DOUBLE_EQ(brands[0]["share_of_voice"].GetDouble(), 0.6);
  EXPECT_EQ(brands[0]["sources"]["reddit"].GetInt64(), 42);
  ASSERT_EQ(brands[0]["volume"].Size(), 6u);
  EXPECT_EQ(brands[0]["volume"][2][1].GetInt64(), 10);
  EXPECT_STREQ(brands[1]["brand"].GetString(), "Ri\"val\n");
  EXPECT_TRUE(brands[1]["competitor"].GetBool());
}

TEST(ReportTest, HtmlIsSelfContainedWithCharts) {
  std::string html = RenderReportHtml(Sample(), "fr");
  EXPECT_EQ(CheckHtml(html), "");
  EXPECT_NE(html.find("<html lang=\"fr\">"), std::string::npos);
  EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
  EXPECT_NE(html.find("<polyline"), std::string::npos) << "volume chart";
  EXPECT_NE(html.find("Part de voix"), std::string::npos);
  // Nothing is loaded from anywhere: no src, no href, no url(), no script.
  for (const char* bad : {" src=", "href=", "url(", "<script", "@import"}) {
    EXPECT_EQ(html.find(bad), std::string::npos) << bad;
  }
  // Each brand's chart says its name.
  EXPECT_NE(html.find("<title>Part de voix Acme</title>"), std::string::npos);
  EXPECT_NE(html.find("<title>Rival</title>"), std::string::npos);
}

TEST(ReportTest, HtmlEscapesHostileNames) {
  ReportData d = Sample();
  d.rows[1].brand = "<script>alert(1)</script><img src=x onerror=alert(2)>";
  d.rows[1].sources = {{"\"><svg onload=alert(3)>", 40}};
  d.groups[0].competitors = {d.rows[1].brand};
  std::string html = RenderReportHtml(d, "en");
  EXPECT_EQ(CheckHtml(html), "");
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_EQ(html.find("<svg onload"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
}

TEST(ReportTest, EmptyPeriodSaysSo) {
  ReportData d;
  d.from_ms = k20261116;
  d.to_ms = k20261116 + kDay;
  d.bucket_ms = ReportBucketMs(d.from_ms, d.to_ms);
  ReportRow acme;
  acme.brand = "Acme";
  d.rows = {acme};
  std::string t = RenderReportTable(d, "en");
  EXPECT_NE(t.find("Acme"), std::string::npos);
  EXPECT_NE(t.find("\u2013"), std::string::npos) << "unknown share shown as a dash: " << t;
  std::string html = RenderReportHtml(d, "en");
  EXPECT_EQ(CheckHtml(html), "");
  EXPECT_EQ(RenderReportCsv(d).find("nan"), std::string::npos);
}

}  // namespace
}  // namespace veille

namespace veille {
namespace {

// The volume axis: four equal integer steps, labelled.
TEST(ReportTest, VolumeAxisHasFourEvenSteps) {
  ReportData d;
  d.from_ms = k20261116;
  d.to_ms = k20261116 + 7 * kDay;
  d.bucket_ms = ReportBucketMs(d.from_ms, d.to_ms);
  ReportRow r;
  r.brand = "Acme";
  r.Add(k20261116 + kDay, "total", 6, d.bucket_ms);
  d.rows = {r};
  std::string html = RenderReportHtml(d, "en");
  for (const char* label : {">0</text>", ">2</text>", ">4</text>", ">6</text>", ">8</text>"}) {
    EXPECT_NE(html.find(label), std::string::npos) << label;
  }
  EXPECT_EQ(html.find(">10</text>"), std::string::npos);
}

}  // namespace
}  // namespace veille
