#include "jobs/config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace veille {
namespace {

namespace fs = std::filesystem;

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("veille-config-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& text) {
    std::string path = (dir_ / "veille.toml").string();
    std::ofstream(path) << text;
    return path;
  }
  fs::path dir_;
};

constexpr const char* kMinimal = R"(
[[brands]]
name = "Acme"
query = "acme"

[[sources]]
name = "alerts"
type = "rss"
url = "file:feeds/a.xml"
)";

TEST_F(ConfigTest, MinimalConfigGetsDefaults) {
  auto cfg = LoadConfig(Write(kMinimal));
  ASSERT_TRUE(cfg.ok()) << cfg.status().ToString();
  EXPECT_TRUE(cfg->embedded_kafka());
  EXPECT_EQ(cfg->kafka.topic_raw, "veille.mentions.raw");
  EXPECT_EQ(cfg->data_dir, (dir_ / "var").string());
  ASSERT_EQ(cfg->sources.size(), 1u);
  // file: URLs are relative to the config's folder.
  EXPECT_EQ(cfg->sources[0].options.GetString("url"), "file://" + (dir_ / "feeds/a.xml").string());
  EXPECT_EQ(cfg->tickets.sink, "jsonl");
  EXPECT_EQ(cfg->tickets.options.GetString("path"), (dir_ / "var/tickets.jsonl").string());
  EXPECT_EQ(cfg->email.spool_dir, (dir_ / "var/mail").string());
}

TEST_F(ConfigTest, UnknownKeyNamesFileLineAndKeyWithASuggestion) {
  auto cfg = LoadConfig(Write(std::string(kMinimal) + "urll = \"x\"\n"));
  ASSERT_FALSE(cfg.ok());
  EXPECT_TRUE(cfg.status().IsInvalidArgument());
  const std::string& msg = cfg.status().message();
  EXPECT_NE(msg.find("veille.toml:10: sources[0].urll: unknown key (did you mean url?)"), std::string::npos) << msg;
}

TEST_F(ConfigTest, WrongTypeIsRefused) {
  auto cfg = LoadConfig(Write("[veille]\nlookback_hours = \"a week\"\n" + std::string(kMinimal)));
  ASSERT_FALSE(cfg.ok());
  EXPECT_NE(cfg.status().message().find(":2: veille.lookback_hours: expected an integer, got a string"),
            std::string::npos)
      << cfg.status().message();
}

TEST_F(ConfigTest, InlineSecretsAreRefused) {
  auto cfg = LoadConfig(Write(std::string(kMinimal) + "[email]\nsmtp_password = \"hunter2\"\n"));
  ASSERT_FALSE(cfg.ok());
  EXPECT_NE(cfg.status().message().find("env:NAME"), std::string::npos);
  EXPECT_EQ(cfg.status().message().find("hunter2"), std::string::npos) << "a secret must not be echoed";
}

TEST_F(ConfigTest, KafkaPropertySecretsResolveFromTheEnvironment) {
  ::setenv("VEILLE_TEST_KAFKA_PW", "pa55word-from-env", 1);
  auto cfg = LoadConfig(Write(std::string("[kafka]\nbrokers = \"k:9092\"\n[kafka.properties]\n"
                                          "\"sasl.password\" = \"env:VEILLE_TEST_KAFKA_PW\"\n\"linger.ms\" = 10\n") +
                              kMinimal));
  ASSERT_TRUE(cfg.ok()) << cfg.status().ToString();
  EXPECT_FALSE(cfg->embedded_kafka());
  EXPECT_EQ(cfg->kafka.properties.at("sasl.password"), "pa55word-from-env");
  EXPECT_EQ(cfg->kafka.properties.at("linger.ms"), "10");
  ::unsetenv("VEILLE_TEST_KAFKA_PW");
  auto missing = LoadConfig(Write(std::string("[kafka]\n[kafka.properties]\n\"sasl.password\" = \"env:VEILLE_NOPE\"\n") +
                                  kMinimal));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("VEILLE_NOPE is not set"), std::string::npos);
}

TEST_F(ConfigTest, UnknownSourceTypeListsTheKnownOnes) {
  auto cfg = LoadConfig(Write("[[brands]]\nname = \"A\"\n[[sources]]\nname = \"x\"\ntype = \"myspace\"\n"));
  ASSERT_FALSE(cfg.ok());
  EXPECT_NE(cfg.status().message().find("unknown source type \"myspace\" (known: rss"), std::string::npos)
      << cfg.status().message();
}

TEST_F(ConfigTest, BrandsAreRequiredAndCompetitorsMustExist) {
  EXPECT_FALSE(LoadConfig(Write("[veille]\n")).ok());
  auto cfg = LoadConfig(Write("[[brands]]\nname = \"A\"\ncompetitors = [\"B\"]\n"));
  ASSERT_FALSE(cfg.ok());
  EXPECT_NE(cfg.status().message().find("competitor \"B\""), std::string::npos);
  auto dup = LoadConfig(Write("[[brands]]\nname = \"A\"\n[[brands]]\nname = \"A\"\n"));
  EXPECT_FALSE(dup.ok());
}

TEST_F(ConfigTest, SyntaxErrorsNameLineAndColumn) {
  auto cfg = LoadConfig(Write("[[brands]]\nname = \"A\nquery = 1\n"));
  ASSERT_FALSE(cfg.ok());
  EXPECT_NE(cfg.status().message().find("veille.toml:2:"), std::string::npos) << cfg.status().message();
}

TEST_F(ConfigTest, UnknownSectionIsRefused) {
  auto cfg = LoadConfig(Write(std::string(kMinimal) + "[emails]\nto = []\n"));
  ASSERT_FALSE(cfg.ok());
  EXPECT_NE(cfg.status().message().find("emails: unknown section"), std::string::npos) << cfg.status().message();
}

TEST_F(ConfigTest, DisabledSourcesAreSkipped) {
  auto cfg = LoadConfig(Write(std::string(kMinimal) + "enabled = false\n"));
  ASSERT_TRUE(cfg.ok()) << cfg.status().ToString();
  EXPECT_TRUE(cfg->sources.empty());
}

TEST(ConfigSchemaTest, DescribesEverySection) {
  std::string schema = DescribeConfigSchema();
  for (const char* s : {"[veille]", "[kafka]", "[[brands]]", "[[sources]] type = \"rss\"", "[tickets]", "[email]"}) {
    EXPECT_NE(schema.find(s), std::string::npos) << s;
  }
}

}  // namespace
}  // namespace veille
