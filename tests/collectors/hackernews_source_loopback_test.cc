// The "hackernews" source against the loopback server replaying Algolia pages.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

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

class HackerNewsLoopbackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.Start());
    http_ = NewCurlHttpClient();
    ctx_.http = http_.get();
    ctx_.clock = &clock_;
    log::SetSinkForTesting(&log_);
  }
  void TearDown() override { log::SetSinkForTesting(nullptr); }

  void ServePages(ScriptedResponse page1_override = {}, bool override_page1 = false) {
    std::string p0 = Fixture("hn_search_page0.json"), p1 = Fixture("hn_search_page1.json");
    server_.SetHandler("/api/v1/search_by_date", [=](const RecordedRequest& r) {
      if (r.target.find("page=1") != std::string::npos) {
        return override_page1 ? page1_override : ScriptedResponse{200, {{"Content-Type", "application/json"}}, p1};
      }
      return ScriptedResponse{200, {{"Content-Type", "application/json"}}, p0};
    });
  }

  std::unique_ptr<Source> Make(std::vector<std::pair<std::string, OptionValue>> extra = {}) {
    SourceConfig config;
    config.name = "acme-hn";
    config.type = "hackernews";
    config.options.Set("query", std::string("acme corp"));
    config.options.Set("base_url", server_.Url(""));
    config.options.Set("retries", int64_t{0});
    for (auto& [k, v] : extra) config.options.Set(k, v);
    const SourceType* type = FindSourceType("hackernews");
    EXPECT_NE(type, nullptr);
    auto s = type->create(config, ctx_);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(s).value() : nullptr;
  }

  LoopbackHttpServer server_;
  std::unique_ptr<HttpClient> http_;
  FakeClock clock_{kNow};
  SourceContext ctx_;
  std::string log_;
};

TEST_F(HackerNewsLoopbackTest, FirstRunPagesAndBuildsMentions) {
  ServePages();
  FetchResult out;
  ASSERT_TRUE(Make()->Fetch("", &out).ok());
  EXPECT_EQ(out.pages, 2);
  ASSERT_EQ(out.mentions.size(), 4u);
  ASSERT_EQ(out.rejected.size(), 1u);
  EXPECT_NE(out.rejected[0].find("page 1: hit 2: no objectID"), std::string::npos) << out.rejected[0];

  const Mention& comment = out.mentions[0];
  EXPECT_EQ(comment.id, "https://news.ycombinator.com/item?id=39600123");
  EXPECT_EQ(comment.url, comment.id);
  EXPECT_EQ(comment.source_type, "hackernews");
  EXPECT_EQ(comment.title, "Re: Acme Cloud is down again");
  EXPECT_EQ(comment.text,
            "We moved off Acme Cloud after the third outage this month. Support never answered. Avoid/");
  EXPECT_EQ(comment.author.handle, "angry_dev");
  EXPECT_EQ(comment.author.url, "https://news.ycombinator.com/user?id=angry_dev");
  EXPECT_EQ(comment.thread, "39600001");
  EXPECT_EQ(comment.published_ms, 1709629200000);
  EXPECT_EQ(comment.engagement.likes, 0);

  const Mention& story = out.mentions[1];
  EXPECT_EQ(story.title, "Acme Cloud is down again");
  EXPECT_EQ(story.engagement.likes, 321);
  EXPECT_EQ(story.engagement.replies, 187);
  EXPECT_EQ(story.thread, "39600001");
  const Mention& ask = out.mentions[2];
  EXPECT_EQ(ask.engagement.likes, 12);  // points sent as a string
  EXPECT_EQ(ask.text, "I am evaluating Acme & Globex. Thoughts?");

  auto reqs = server_.requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_NE(reqs[0].target.find("query=acme%20corp&tags=%28story%2Ccomment%29"), std::string::npos)
      << reqs[0].target;
  EXPECT_NE(reqs[0].target.find("numericFilters=created_at_i%3E%3D1709078400"), std::string::npos)
      << reqs[0].target;  // now - 7 days
  EXPECT_NE(reqs[0].target.find("&page=0"), std::string::npos);
  EXPECT_NE(reqs[1].target.find("&page=1"), std::string::npos);

  auto cursor = WindowCursor::Decode(out.next_cursor);
  ASSERT_TRUE(cursor.ok());
  EXPECT_EQ(cursor->since_s, 1709629200);
  EXPECT_EQ(cursor->ids, std::vector<std::string>{"39600123"});
}

TEST_F(HackerNewsLoopbackTest, SecondRunDeliversNothingTwice) {
  ServePages();
  auto source = Make();
  FetchResult first, second;
  ASSERT_TRUE(source->Fetch("", &first).ok());
  server_.ClearRequests();
  ASSERT_TRUE(source->Fetch(first.next_cursor, &second).ok());
  EXPECT_TRUE(second.mentions.empty());
  auto reqs = server_.requests();
  ASSERT_FALSE(reqs.empty());
  EXPECT_NE(reqs[0].target.find("numericFilters=created_at_i%3E%3D1709629200"), std::string::npos)
      << reqs[0].target;
  EXPECT_EQ(WindowCursor::Decode(second.next_cursor)->since_s, 1709629200);
}

TEST_F(HackerNewsLoopbackTest, FailureOnALaterPageDeliversNothing) {
  ServePages(ScriptedResponse{500, {}, "down"}, true);
  FetchResult out;
  Status st = Make()->Fetch("", &out);
  EXPECT_EQ(st.code(), Status::Code::kUnavailable) << st.ToString();
  EXPECT_TRUE(out.mentions.empty());
  EXPECT_TRUE(out.next_cursor.empty());
}

TEST_F(HackerNewsLoopbackTest, TruncatedJsonIsCorruptionNamingPageAndOffset) {
  std::string p1 = Fixture("hn_search_page1.json");
  ServePages(ScriptedResponse{200, {}, p1.substr(0, p1.size() / 2)}, true);
  FetchResult out;
  Status st = Make()->Fetch("", &out);
  EXPECT_EQ(st.code(), Status::Code::kCorruption) << st.ToString();
  EXPECT_NE(st.message().find("source acme-hn: page 1: not JSON:"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("at offset"), std::string::npos);
  EXPECT_TRUE(out.next_cursor.empty());
  EXPECT_NE(log_.find("event=source.bad_response source=acme-hn"), std::string::npos) << log_;
}

TEST_F(HackerNewsLoopbackTest, RateLimitedAndTruncatedWindow) {
  server_.SetResponse("/api/v1/search_by_date", ScriptedResponse{429, {{"Retry-After", "30"}}, ""});
  FetchResult limited;
  Status st = Make()->Fetch("", &limited);
  EXPECT_EQ(st.code(), Status::Code::kRateLimited);
  EXPECT_EQ(st.retry_after_ms(), 30'000);

  ServePages();
  FetchResult out;
  ASSERT_TRUE(Make({{"max_pages", int64_t{1}}})->Fetch("", &out).ok());
  EXPECT_EQ(out.mentions.size(), 3u);
  EXPECT_NE(log_.find("event=source.truncated source=acme-hn pages=2 max_pages=1"), std::string::npos) << log_;
}

TEST(HackerNewsSourceTest, QueryIsRequired) {
  FakeClock clock;
  auto http = NewCurlHttpClient();
  SourceContext ctx;
  ctx.http = http.get();
  ctx.clock = &clock;
  SourceConfig config;
  config.name = "hn";
  auto r = FindSourceType("hackernews")->create(config, ctx);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "source hn: option query is required");
}

TEST(WindowCursorTest, CoversAndAdvances) {
  WindowCursor c;
  c.since_s = 100;
  c.ids = {"a"};
  EXPECT_TRUE(c.Covers(99, "z"));
  EXPECT_TRUE(c.Covers(100, "a"));
  EXPECT_FALSE(c.Covers(100, "b"));
  EXPECT_FALSE(c.Covers(101, "a"));
  c.Advance(100, "b");
  EXPECT_EQ(c.ids, (std::vector<std::string>{"a", "b"}));
  c.Advance(105, "c");
  EXPECT_EQ(c.since_s, 105);
  EXPECT_EQ(c.ids, std::vector<std::string>{"c"});
  c.Advance(90, "old");
  EXPECT_EQ(c.since_s, 105);
  auto back = WindowCursor::Decode(c.Encode());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->since_s, 105);
  EXPECT_EQ(back->ids, c.ids);
  EXPECT_FALSE(WindowCursor::Decode("{\"v\":1}").ok());
}

TEST(WindowCursorTest, ResumeStartsFromTheCursorOrTheLookBack) {
  std::string log;
  log::SetSinkForTesting(&log);
  WindowCursor stored;
  stored.since_s = 50;
  stored.ids = {"x"};
  WindowCursor c = WindowCursor::Resume(stored.Encode(), "hn", 100);
  EXPECT_EQ(c.since_s, 50);
  EXPECT_EQ(c.ids, stored.ids);
  EXPECT_EQ(WindowCursor::Resume("", "hn", 100).since_s, 100) << "first run: the look-back";
  EXPECT_EQ(log, "");
  c = WindowCursor::Resume("not a cursor", "hn", 100);
  EXPECT_EQ(c.since_s, 100);
  EXPECT_TRUE(c.ids.empty());
  EXPECT_NE(log.find("event=source.cursor_unreadable source=hn"), std::string::npos) << log;
  log::SetSinkForTesting(nullptr);
}


// Algolia has no OR: "acme OR globex" is one search per alternative over the
// same window, and a hit both searches find is delivered once.
TEST_F(HackerNewsLoopbackTest, OrQueryIsOneSearchPerAlternativeWithoutDuplicates) {
  ServePages();
  FetchResult out;
  ASSERT_TRUE(Make({{"query", std::string("acme OR \"Globex Corp\" -coyote")}})->Fetch("", &out).ok());
  std::vector<std::string> searches;
  for (const RecordedRequest& r : server_.requests()) {
    if (r.target.find("page=0") != std::string::npos) searches.push_back(r.target.substr(0, r.target.find('&')));
  }
  EXPECT_EQ(searches, (std::vector<std::string>{"/api/v1/search_by_date?query=acme",
                                                "/api/v1/search_by_date?query=%22Globex%20Corp%22"}));
  EXPECT_EQ(out.pages, 4);
  EXPECT_EQ(out.mentions.size(), 4u) << "both searches returned the same 4 hits: each is one mention";
}

TEST_F(HackerNewsLoopbackTest, QueryTheServiceCannotExpressIsAConfigError) {
  SourceConfig config;
  config.name = "acme-hn";
  config.type = "hackernews";
  config.options.Set("query", std::string("(a OR b OR c) (d OR e OR f)"));
  auto s = FindSourceType("hackernews")->create(config, ctx_);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message().rfind("source acme-hn: option query: the query needs more than 8 searches", 0), 0u)
      << s.status().message();
  config.options.Set("query", std::string("acme OR (x"));
  s = FindSourceType("hackernews")->create(config, ctx_);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("option query: column"), std::string::npos) << s.status().message();
}

}  // namespace
}  // namespace veille
