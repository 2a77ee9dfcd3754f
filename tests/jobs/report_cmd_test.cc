// Integration: `veille report` (the real binary) over a real RocksDB whose
// trend counters the test wrote through Store, as the score stage would.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "storage/store.h"
#include "tests/support/slurp.h"

namespace veille {
namespace {

using testutil::RunResult;
using testutil::Slurp;

namespace fs = std::filesystem;

constexpr int64_t kHour = 3'600'000;
constexpr int64_t kDay = 24 * kHour;
constexpr int64_t k20261116 = 1'794'787'200'000;  // 2026-11-16T00:00:00Z

class ReportCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("veille-report-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    std::ofstream(dir_ / "veille.toml") << R"(
[veille]
data_dir = "var"

[[brands]]
name = "Velotra"
query = "velotra"
competitors = ["Cyclix"]

[[brands]]
name = "Cyclix"
query = "cyclix"
competitor = true

[email]
lang = "en"
)";
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }

  // Velotra: 3 mentions a day at 10:00 on 2026-11-16..22 (2 negative, 1
  // positive, from reddit), plus 5 on 2026-11-23 outside a one-week report.
  // Cyclix: 7 on 2026-11-17.
  void Seed() {
    fs::create_directories(dir_ / "var");
    auto store = Store::Open((dir_ / "var" / "state").string());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    Batch b;
    for (int day = 0; day < 7; ++day) {
      int64_t at = k20261116 + day * kDay + 10 * kHour;
      b.AddTrend("Velotra", at, "total", 3);
      b.AddTrend("Velotra", at, "label/negative", 2);
      b.AddTrend("Velotra", at, "label/positive", 1);
      b.AddTrend("Velotra", at, "source/reddit", 3);
      b.AddTrend("Velotra", at, "reach", 100);
    }
    b.AddTrend("Velotra", k20261116 + 7 * kDay + kHour, "total", 5);
    b.AddTrend("Cyclix", k20261116 + kDay + 5 * kHour, "total", 7);
    b.AddTrend("Cyclix", k20261116 + kDay + 5 * kHour, "label/neutral", 7);
    b.AddTrend("Cyclix", k20261116 + kDay + 5 * kHour, "source/rss", 7);
    ASSERT_TRUE((*store)->Commit(b).ok());
  }

  RunResult Run(const std::string& args) {
    RunResult r;
    fs::path out = dir_ / "stdout", err = dir_ / "stderr";
    std::string cmd = std::string(VEILLE_BINARY) + " -c " + (dir_ / "veille.toml").string() + " " + args + " >" +
                      out.string() + " 2>" + err.string() + " </dev/null";
    int status = std::system(cmd.c_str());
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = Slurp(out);
    r.err = Slurp(err);
    return r;
  }

  fs::path dir_;
};

TEST_F(ReportCommandTest, JsonOverAWeek) {
  Seed();
  RunResult r = Run("report --from 2026-11-16 --to 2026-11-23 --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  rapidjson::Document doc;
  ASSERT_FALSE(doc.Parse(r.out.c_str()).HasParseError()) << r.out;
  const auto& brands = doc["brands"];
  ASSERT_EQ(brands.Size(), 2u);
  EXPECT_STREQ(brands[0]["brand"].GetString(), "Velotra");
  EXPECT_EQ(brands[0]["mentions"].GetInt64(), 21) << "the 5 mentions of 2026-11-23 are outside the period";
  EXPECT_EQ(brands[0]["negative"].GetInt64(), 14);
  EXPECT_EQ(brands[0]["reach"].GetInt64(), 700);
  EXPECT_EQ(brands[0]["sources"]["reddit"].GetInt64(), 21);
  EXPECT_EQ(brands[0]["volume"].Size(), 7u) << "one bucket per day";
  EXPECT_DOUBLE_EQ(brands[0]["share_of_voice"].GetDouble(), 0.75);
  EXPECT_STREQ(brands[1]["brand"].GetString(), "Cyclix");
  EXPECT_TRUE(brands[1]["competitor"].GetBool());
  EXPECT_DOUBLE_EQ(brands[1]["share_of_voice"].GetDouble(), 0.25);
}

TEST_F(ReportCommandTest, TableCsvAndHtml) {
  Seed();
  fs::path html = dir_ / "report.html";
  RunResult r = Run("report --from 2026-11-16 --to 2026-11-24 --html " + html.string());
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("Share of voice"), std::string::npos) << r.out;  // email.lang = en
  size_t row = r.out.find("\nVelotra ");
  ASSERT_NE(row, std::string::npos) << r.out;
  std::string line = r.out.substr(row + 1, r.out.find('\n', row + 1) - row - 1);
  EXPECT_NE(line.find(" 26 "), std::string::npos) << "26 mentions up to 2026-11-24: " << line;
  std::string page = Slurp(html);
  EXPECT_NE(page.find("<svg"), std::string::npos);
  EXPECT_EQ(page.find("<script"), std::string::npos);
  EXPECT_FALSE(fs::exists(html.string() + ".tmp"));

  r = Run("report --from 2026-11-16 --to 2026-11-23 --format csv --lang fr");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("\r\nVelotra,false,1794787200000,1795392000000,21,7,0,14,0.7500,700,0,reddit=21\r\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\r\nCyclix,true,"), std::string::npos) << r.out;

  r = Run("report --from 2026-11-16T10:00:00Z --to 2026-11-16T11:00:00Z --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  rapidjson::Document doc;
  ASSERT_FALSE(doc.Parse(r.out.c_str()).HasParseError()) << r.out;
  EXPECT_EQ(doc["brands"][0]["mentions"].GetInt64(), 3);
  EXPECT_EQ(doc["bucket_ms"].GetInt64(), kHour);
}

TEST_F(ReportCommandTest, BadDatesAreUsageErrors) {
  RunResult r = Run("report --from yesterday");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--from"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("yesterday"), std::string::npos) << r.err;
  r = Run("report --from 2026-11-23 --to 2026-11-16");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("before"), std::string::npos) << r.err;
  r = Run("report --format xml");
  EXPECT_EQ(r.code, 2);
}

TEST_F(ReportCommandTest, NoStateYetIsAnEmptyReport) {
  RunResult r = Run("report --from 2026-11-16 --to 2026-11-23 --format json");
  ASSERT_EQ(r.code, 0) << r.err;
  rapidjson::Document doc;
  ASSERT_FALSE(doc.Parse(r.out.c_str()).HasParseError()) << r.out;
  EXPECT_EQ(doc["brands"][0]["mentions"].GetInt64(), 0);
  EXPECT_TRUE(doc["brands"][0]["share_of_voice"].IsNull());
  EXPECT_FALSE(fs::exists(dir_ / "var" / "state")) << "a report writes nothing";
}

}  // namespace
}  // namespace veille
