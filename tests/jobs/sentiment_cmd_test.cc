// Integration: `veille sentiment` and `veille eval` (the real binary), as a
// user pipes a file through them. The scoring itself is tested in
// tests/sentiment/; these check what the command line adds.
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/slurp.h"

namespace veille {
namespace {

using testutil::RunResult;
using testutil::Slurp;

namespace fs = std::filesystem;

std::vector<std::string> Lines(const std::string& s) {
  std::vector<std::string> lines;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

class SentimentCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("veille-sentiment-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }

  // Runs the binary with `input` on stdin; no config file is needed.
  RunResult Run(const std::string& args, const std::string& input) {
    std::ofstream(dir_ / "stdin", std::ios::binary) << input;
    fs::path out = dir_ / "stdout", err = dir_ / "stderr";
    std::string cmd = std::string(VEILLE_BINARY) + " " + args + " <" + (dir_ / "stdin").string() + " >" +
                      out.string() + " 2>" + err.string();
    int status = std::system(cmd.c_str());
    RunResult r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = Slurp(out);
    r.err = Slurp(err);
    return r;
  }

  fs::path dir_;
};

TEST_F(SentimentCommandTest, ReasonsInFrenchOnRequestWithTheSameVerdicts) {
  const std::string input = "ça rame, l'appli est super lente\nI love it, great app!\n";
  RunResult en = Run("sentiment", input);
  RunResult fr = Run("sentiment --reasons-lang fr", input);
  ASSERT_EQ(en.code, 0) << en.err;
  ASSERT_EQ(fr.code, 0) << fr.err;
  auto en_lines = Lines(en.out), fr_lines = Lines(fr.out);
  ASSERT_EQ(en_lines.size(), 2u) << en.out;
  ASSERT_EQ(fr_lines.size(), 2u) << fr.out;
  for (size_t i = 0; i < 2; ++i) {
    rapidjson::Document e, f;
    ASSERT_FALSE(e.Parse(en_lines[i].c_str()).HasParseError()) << en_lines[i];
    ASSERT_FALSE(f.Parse(fr_lines[i].c_str()).HasParseError()) << fr_lines[i];
    EXPECT_EQ(e["score"].GetDouble(), f["score"].GetDouble()) << i;
    EXPECT_STREQ(e["label"].GetString(), f["label"].GetString()) << i;
    EXPECT_STREQ(e["lang"].GetString(), f["lang"].GetString()) << i;
    EXPECT_EQ(e["reasons"].Size(), f["reasons"].Size()) << i;
  }
  // French typography: no-break spaces inside the guillemets.
  EXPECT_NE(fr_lines[0].find("\"«\u00a0lente\u00a0» -1,79 (renforcé par super)\""), std::string::npos) << fr_lines[0];
  EXPECT_NE(en_lines[0].find("\"\\\"lente\\\" -1.79 (boosted by super)\""), std::string::npos) << en_lines[0];
  EXPECT_NE(fr_lines[1].find("\"langue en (identifiée"), std::string::npos) << fr_lines[1];
}

TEST_F(SentimentCommandTest, ForcedLanguageAppliesToEveryLine) {
  RunResult r = Run("sentiment --lang fr", "the app is great\nc'est nul\n");
  ASSERT_EQ(r.code, 0) << r.err;
  auto lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 2u) << r.out;
  for (const auto& line : lines) {
    rapidjson::Document d;
    ASSERT_FALSE(d.Parse(line.c_str()).HasParseError()) << line;
    EXPECT_STREQ(d["lang"].GetString(), "fr") << line;
  }
}

TEST_F(SentimentCommandTest, UnknownReasonsLanguageIsAUsageErrorThatNamesIt) {
  RunResult r = Run("sentiment --reasons-lang de", "c'est nul\n");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("reasons_lang \\\"de\\\""), std::string::npos) << r.err;
}

TEST_F(SentimentCommandTest, EvalPrintsMetricsAndNamesMalformedLines) {
  std::ofstream(dir_ / "dev.tsv", std::ios::binary) << "neg\tc'est nul, je déteste\n"
                                                       "pos\tj'adore, c'est génial\n"
                                                       "maybe\tno such label\n"
                                                       "neu\tle train part à 8 h\n";
  RunResult r = Run("eval " + (dir_ / "dev.tsv").string(), "");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("items 3  malformed 1\n", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("macro-F1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("malformed line 3: unknown label \"maybe\""), std::string::npos) << r.out;
}

TEST_F(SentimentCommandTest, EvalOfAMissingFileIsAUsageErrorThatNamesIt) {
  RunResult r = Run("eval " + (dir_ / "absent.tsv").string(), "");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("absent.tsv"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace veille
