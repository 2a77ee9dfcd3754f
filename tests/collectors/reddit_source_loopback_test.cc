// The "reddit" source against the loopback server replaying Listing pages.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "collectors/fetch.h"
#include "collectors/http_client.h"
#include "collectors/source.h"
#include "collectors/window_cursor.h"
#include "common/log.h"
#include "tests/support/loopback_http_server.h"

namespace veille {
namespace {

using ::veille::testing::LoopbackHttpServer;
using ::veille::testing::RecordedRequest;
using ::veille::testing::ScriptedResponse;

constexpr int64_t kNow = 1709683200000;  // 2024-03-06T00:00:00Z

std::string Fixture(const std::string& name) {
  std::ifstream f(std::string(VEILLE_FEED_FIXTURES) + "/" + name, std::ios::binary);
  EXPECT_TRUE(f.good()) << name;
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

class RedditLoopbackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.Start());
    http_ = NewCurlHttpClient();
    ctx_.http = http_.get();
    ctx_.clock = &clock_;
    log::SetSinkForTesting(&log_);
    std::string p0 = Fixture("reddit_search_page0.json"), p1 = Fixture("reddit_search_page1.json");
    handler_ = [p0, p1](const RecordedRequest& r) {
      bool second = r.target.find("after=t3_1b6c003") != std::string::npos;
      return ScriptedResponse{200, {{"Content-Type", "application/json"}, {"X-Ratelimit-Remaining", "98.0"}},
                              second ? p1 : p0};
    };
  }
  void TearDown() override { log::SetSinkForTesting(nullptr); }

  std::unique_ptr<Source> Make(std::vector<std::pair<std::string, OptionValue>> extra = {}) {
    SourceConfig config;
    config.name = "acme-reddit";
    config.type = "reddit";
    config.options.Set("query", std::string("acme OR \"acme corp\""));
    config.options.Set("base_url", server_.Url(""));
    config.options.Set("user_agent", std::string("linux:veille-test:0.1 (by /u/veille)"));
    config.options.Set("retries", int64_t{0});
    for (auto& [k, v] : extra) config.options.Set(k, v);
    auto s = FindSourceType("reddit")->create(config, ctx_);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(s).value() : nullptr;
  }

  LoopbackHttpServer server_;
  std::unique_ptr<HttpClient> http_;
  FakeClock clock_{kNow};
  SourceContext ctx_;
  std::string log_;
  ::veille::testing::Handler handler_;
};

TEST_F(RedditLoopbackTest, PagesUntilTheWindowAndBuildsMentions) {
  server_.SetHandler("/search.json", handler_);
  FetchResult out;
  ASSERT_TRUE(Make()->Fetch("", &out).ok());
  EXPECT_EQ(out.pages, 2);
  ASSERT_EQ(out.mentions.size(), 3u);  // page 1's post is older than 7 days
  ASSERT_EQ(out.rejected.size(), 1u);
  EXPECT_NE(out.rejected[0].find("page 0: child 3"), std::string::npos) << out.rejected[0];
  const Mention& m = out.mentions[0];
  EXPECT_EQ(m.id, "https://www.reddit.com/r/france/comments/1b6c001/slug/");
  EXPECT_EQ(m.source_type, "reddit");
  EXPECT_EQ(m.source_id, "t3_1b6c001");
  EXPECT_EQ(m.title, "Acme ate my order, support ghosting me");
  EXPECT_EQ(m.text, "Ordered on Feb 20, still nothing. Ticket #4521 closed without answer. <3 to whoever can help & thanks");
  EXPECT_EQ(m.publisher, "r/france");
  EXPECT_EQ(m.author.handle, "u/frustrated_buyer");
  EXPECT_EQ(m.engagement.likes, 42);
  EXPECT_EQ(m.engagement.replies, 17);
  EXPECT_EQ(m.published_ms, 1709629200000);
  EXPECT_EQ(out.mentions[1].author.handle, "");  // [deleted]
  EXPECT_EQ(out.mentions[1].engagement.likes, 7);

  auto reqs = server_.requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[0].Header("User-Agent"), "linux:veille-test:0.1 (by /u/veille)");
  EXPECT_NE(reqs[0].target.find("q=acme%20OR%20%22acme%20corp%22&sort=new&limit=100&raw_json=1"),
            std::string::npos) << reqs[0].target;
  EXPECT_NE(reqs[1].target.find("&after=t3_1b6c003"), std::string::npos) << reqs[1].target;
  auto cursor = WindowCursor::Decode(out.next_cursor);
  ASSERT_TRUE(cursor.ok());
  EXPECT_EQ(cursor->since_s, 1709629200);
}

TEST_F(RedditLoopbackTest, SecondRunStopsAtTheWindowWithNothingNew) {
  server_.SetHandler("/search.json", handler_);
  auto source = Make();
  FetchResult first, second;
  ASSERT_TRUE(source->Fetch("", &first).ok());
  server_.ClearRequests();
  ASSERT_TRUE(source->Fetch(first.next_cursor, &second).ok());
  EXPECT_TRUE(second.mentions.empty());
  EXPECT_EQ(server_.request_count(), 1u);  // the first page already reaches the window
}

TEST_F(RedditLoopbackTest, SubredditPathAndRateLimitReset) {
  server_.SetHandler("/r/france/search.json", handler_);
  FetchResult out;
  ASSERT_TRUE(Make({{"subreddit", std::string("france")}, {"max_pages", int64_t{1}}})->Fetch("", &out).ok());
  ASSERT_FALSE(server_.requests().empty());
  EXPECT_NE(server_.requests()[0].target.find("/r/france/search.json?restrict_sr=1&q="), std::string::npos);
  EXPECT_NE(log_.find("event=source.truncated source=acme-reddit"), std::string::npos) << log_;

  // Reddit says when the window resets in X-Ratelimit-Reset, not Retry-After.
  server_.SetResponse("/search.json", ScriptedResponse{429, {{"X-Ratelimit-Reset", "42"}}, ""});
  FetchResult limited;
  Status st = Make()->Fetch("", &limited);
  EXPECT_EQ(st.code(), Status::Code::kRateLimited) << st.ToString();
  EXPECT_EQ(st.retry_after_ms(), 42'000);
  EXPECT_TRUE(limited.next_cursor.empty());
}

TEST_F(RedditLoopbackTest, NotAListingIsCorruption) {
  server_.SetResponse("/search.json", ScriptedResponse{200, {}, R"({"error": 403, "message": "Blocked"})"});
  FetchResult out;
  Status st = Make()->Fetch("", &out);
  EXPECT_EQ(st.code(), Status::Code::kCorruption);
  EXPECT_EQ(st.message(), "source acme-reddit: page 0: not a Listing (no data.children array)");
  server_.SetResponse("/search.json", ScriptedResponse{403, {}, "<html>blocked</html>"});
  Status forbidden = Make()->Fetch("", &out);
  EXPECT_EQ(forbidden.code(), Status::Code::kPermanent) << forbidden.ToString();
}

TEST(RetryAfterMsTest, HeadersInOrderOfPreference) {
  HttpResponse r;
  const int64_t now = 1'700'000'000'000;
  EXPECT_EQ(RetryAfterMs(r, now), -1);
  r.headers = {{"X-RateLimit-Reset", "2023-11-14T22:14:20Z"}};  // Mastodon
  EXPECT_EQ(RetryAfterMs(r, now), 60'000);
  r.headers = {{"X-RateLimit-Reset", "1700000030"}};  // epoch seconds
  EXPECT_EQ(RetryAfterMs(r, now), 30'000);
  r.headers.emplace_back("Retry-After", "5");
  EXPECT_EQ(RetryAfterMs(r, now), 5'000);
}

TEST(RedditSourceTest, ValidatesOptions) {
  FakeClock clock;
  auto http = NewCurlHttpClient();
  SourceContext ctx;
  ctx.http = http.get();
  ctx.clock = &clock;
  SourceConfig config;
  config.name = "r";
  config.options.Set("query", std::string("acme"));
  config.options.Set("subreddit", std::string("r/france"));
  auto bad = FindSourceType("reddit")->create(config, ctx);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("option subreddit"), std::string::npos);
  config.options.Set("subreddit", std::string("france"));
  EXPECT_TRUE(FindSourceType("reddit")->create(config, ctx).ok());
}

}  // namespace
}  // namespace veille
