#include "common/log.h"

#include <gtest/gtest.h>

namespace veille {
namespace {

class LogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    log::SetSinkForTesting(&out_);
    log::SetLevel(log::Level::kInfo);
    log::SetFormat(log::Format::kLogfmt);
  }
  void TearDown() override { log::SetSinkForTesting(nullptr); }
  std::string out_;
};

TEST_F(LogTest, LogfmtOneLinePerEvent) {
  log::Info("source.fetched").Kv("source", "acme alerts").Kv("mentions", 3);
  EXPECT_NE(out_.find("level=info event=source.fetched source=\"acme alerts\" mentions=3\n"), std::string::npos)
      << out_;
}

TEST_F(LogTest, HostileValuesCannotForgeALine) {
  log::Warn("x").Kv("title", "evil\nts=0 level=error event=forged");
  EXPECT_EQ(std::count(out_.begin(), out_.end(), '\n'), 1) << out_;
  EXPECT_NE(out_.find("\\n"), std::string::npos);
}

TEST_F(LogTest, LevelFilters) {
  log::Debug("hidden");
  EXPECT_TRUE(out_.empty());
  log::SetLevel(log::Level::kDebug);
  log::Debug("shown");
  EXPECT_NE(out_.find("shown"), std::string::npos);
}

TEST_F(LogTest, JsonFormat) {
  log::SetFormat(log::Format::kJson);
  log::Error("e").Kv("k", "v\"q").Kv("n", 2);
  EXPECT_NE(out_.find(R"("event":"e","k":"v\"q","n":2})"), std::string::npos) << out_;
}

TEST_F(LogTest, SecretsAreMasked) {
  log::RegisterSecret("s3cr3t-token-value");
  log::Info("oops").Kv("url", "https://x/?token=s3cr3t-token-value");
  EXPECT_EQ(out_.find("s3cr3t"), std::string::npos) << out_;
  EXPECT_NE(out_.find("***"), std::string::npos);
}

TEST(LogParseTest, Levels) {
  log::Level l;
  EXPECT_TRUE(log::ParseLevel("warn", &l));
  EXPECT_EQ(l, log::Level::kWarn);
  EXPECT_FALSE(log::ParseLevel("loud", &l));
}

}  // namespace
}  // namespace veille
