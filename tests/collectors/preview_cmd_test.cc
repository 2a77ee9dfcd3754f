// `veille preview`: the real binary, as a user would try a source before
// adding it to the config: file:// pages, an http URL on the loopback server,
// a query re-checked locally, and the errors a user makes.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/mention.h"
#include "tests/support/loopback_http_server.h"
#include "tests/support/slurp.h"

namespace veille {
namespace {

using testutil::Slurp;

namespace fs = std::filesystem;
using ::veille::testing::LoopbackHttpServer;
using ::veille::testing::ScriptedResponse;

struct RunResult {
  int code = -1;
  std::string out;
  std::string err;
  std::vector<std::string> lines;
};

std::string Fixture(const std::string& name) { return std::string(VEILLE_FEED_FIXTURES) + "/" + name; }

// Single-quotes `s` for /bin/sh.
std::string Quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

class PreviewCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("veille-preview-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "cwd");
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }

  // Runs `veille preview <args>` from an empty working directory.
  RunResult Preview(const std::vector<std::string>& args) {
    std::string cmd = "cd " + Quote((dir_ / "cwd").string()) + " && " + Quote(VEILLE_BINARY) + " preview";
    for (const std::string& a : args) cmd += " " + Quote(a);
    cmd += " >" + Quote((dir_ / "stdout").string()) + " 2>" + Quote((dir_ / "stderr").string()) + " </dev/null";
    RunResult r;
    int status = std::system(cmd.c_str());
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = Slurp(dir_ / "stdout");
    r.err = Slurp(dir_ / "stderr");
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);) r.lines.push_back(line);
    return r;
  }

  std::vector<Mention> Mentions(const RunResult& r) {
    std::vector<Mention> out;
    for (const std::string& line : r.lines) {
      auto m = MentionFromJson(line);
      EXPECT_TRUE(m.ok()) << m.status().ToString() << "\n" << line;
      if (m.ok()) out.push_back(std::move(m).value());
    }
    return out;
  }

  fs::path dir_;
};

TEST_F(PreviewCommandTest, FileFeedPrintsJsonLinesAndStoresNothing) {
  RunResult r = Preview({"rss", "file://" + Fixture("google_alerts.atom"), "--lookback_hours", "1000000"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::vector<Mention> ms = Mentions(r);
  ASSERT_EQ(ms.size(), 3u) << r.out;
  for (const Mention& m : ms) {
    EXPECT_EQ(m.source_type, "rss");
    EXPECT_EQ(m.source_name, "preview");
    EXPECT_FALSE(m.id.empty());
  }
  EXPECT_EQ(ms[1].url, "https://www.example-news.com/business/acme-recall-toasters");
  EXPECT_NE(r.err.find("event=preview.done type=rss mentions=3"), std::string::npos) << r.err;
  // No config read, no data directory, no lock, no store: nothing written.
  EXPECT_TRUE(fs::is_empty(dir_ / "cwd"));
}

TEST_F(PreviewCommandTest, HttpUrlIsFetchedExactlyOnceAndGivesTheOptions) {
  LoopbackHttpServer server;
  ASSERT_TRUE(server.Start());
  server.SetResponse("/api/v1/search_by_date",
                     ScriptedResponse{200, {{"Content-Type", "application/json"}}, Slurp(Fixture("hn_search_page0.json"))});
  std::string url = server.Url("/api/v1/search_by_date?query=acme+corp&tags=story&hitsPerPage=20");
  RunResult r = Preview({"hackernews", url, "--lookback-hours", "1000000"});
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(Mentions(r).size(), 3u) << r.out;
  auto reqs = server.requests();
  ASSERT_EQ(reqs.size(), 1u);  // one page: the fixture says there are two
  EXPECT_EQ(reqs[0].target, "/api/v1/search_by_date?query=acme+corp&tags=story&hitsPerPage=20");
}

TEST_F(PreviewCommandTest, QueryIsReCheckedLocally) {
  // Algolia never sees the exclusion (it has no reliable NOT): the search is
  // "acme", and the local re-check drops the hit that mentions an outage.
  RunResult r = Preview({"hackernews", "file://" + Fixture("hn_search_page0.json"), "--query", "acme NOT outage",
                         "--lookback_hours=1000000"});
  ASSERT_EQ(r.code, 0) << r.err;
  std::vector<Mention> ms = Mentions(r);
  ASSERT_EQ(ms.size(), 2u) << r.out << r.err;
  for (const Mention& m : ms) {
    EXPECT_EQ(m.brands, std::vector<std::string>{"acme NOT outage"});
    EXPECT_EQ(m.text.find("outage"), std::string::npos) << m.text;
  }
  EXPECT_NE(r.err.find("filtered_out=1"), std::string::npos) << r.err;
}

TEST_F(PreviewCommandTest, FilePageCannotAnswerASecondSearch) {
  // Algolia has no OR, so this query is two searches; a file holds the answer
  // to one. The preview says so instead of showing half the results.
  RunResult r = Preview({"hackernews", "file://" + Fixture("hn_search_page0.json"), "--query", "outage OR panne",
                         "--lookback_hours=1000000"});
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.err.find("holds one page; not fetching"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("query=panne"), std::string::npos) << r.err;
  EXPECT_TRUE(Mentions(r).empty()) << r.out;
}

TEST_F(PreviewCommandTest, FilePageOfASocialSourceTakesMissingKeysFromTheCommandLine) {
  std::string page = "file://" + Fixture("mastodon_search.json");
  RunResult missing = Preview({"mastodon", page, "--query", "acme"});
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find("option 'instance' is required"), std::string::npos) << missing.err;
  RunResult ok = Preview({"mastodon", page, "--query", "acme", "--instance", "https://example.social",
                          "--lookback_hours", "1000000"});
  ASSERT_EQ(ok.code, 0) << ok.err;
  std::vector<Mention> ms = Mentions(ok);
  ASSERT_FALSE(ms.empty());
  EXPECT_EQ(ms[0].source_type, "mastodon");
}

TEST_F(PreviewCommandTest, UserErrorsAreUsageErrorsNamingTheProblem) {
  RunResult type = Preview({"carrier-pigeon", "https://example.com/"});
  EXPECT_EQ(type.code, 2);
  EXPECT_NE(type.err.find("known: rss, imap, hackernews"), std::string::npos) << type.err;
  RunResult key = Preview({"rss", "file://" + Fixture("bing_news.rss"), "--colour", "blue"});
  EXPECT_EQ(key.code, 2);
  EXPECT_NE(key.err.find("unknown option 'colour'"), std::string::npos) << key.err;
  RunResult typed = Preview({"rss", "file://" + Fixture("bing_news.rss"), "--max_items", "many"});
  EXPECT_EQ(typed.code, 2);
  EXPECT_NE(typed.err.find("option 'max_items' must be of type integer, got 'many'"), std::string::npos) << typed.err;
  RunResult shape = Preview({"reddit", "https://www.reddit.com/r/france/"});
  EXPECT_EQ(shape.code, 2);
  EXPECT_NE(shape.err.find("search.json"), std::string::npos) << shape.err;
  EXPECT_TRUE(type.out.empty() && key.out.empty() && typed.out.empty() && shape.out.empty());
}

TEST_F(PreviewCommandTest, RateLimitedFetchFailsAndSaysSo) {
  LoopbackHttpServer server;
  ASSERT_TRUE(server.Start());
  server.SetResponse("/search.json", ScriptedResponse{429, {{"Retry-After", "60"}}, ""});
  RunResult r = Preview({"reddit", server.Url("/search.json?q=acme&sort=new")});
  EXPECT_EQ(r.code, 1);
  EXPECT_TRUE(r.out.empty()) << r.out;
  EXPECT_NE(r.err.find("event=source.rate_limited source=preview status=429 retry_after_ms=60000"),
            std::string::npos) << r.err;
  EXPECT_EQ(server.request_count(), 1u);
}

}  // namespace
}  // namespace veille
