// The "mastodon" source against the loopback server replaying API payloads.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>
#include <iterator>

#include "collectors/http_client.h"
#include "collectors/source.h"
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

ScriptedResponse Json(const std::string& body) { return ScriptedResponse{200, {{"Content-Type", "application/json"}}, body}; }

class MastodonLoopbackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.Start());
    http_ = NewCurlHttpClient();
    ctx_.http = http_.get();
    ctx_.clock = &clock_;
    log::SetSinkForTesting(&log_);
  }
  void TearDown() override { log::SetSinkForTesting(nullptr); }

  std::unique_ptr<Source> Make(std::vector<std::pair<std::string, OptionValue>> extra) {
    SourceConfig config;
    config.name = "acme-masto";
    config.type = "mastodon";
    config.options.Set("instance", server_.Url("/"));
    config.options.Set("retries", int64_t{0});
    for (auto& [k, v] : extra) config.options.Set(k, v);
    auto s = FindSourceType("mastodon")->create(config, ctx_);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(s).value() : nullptr;
  }

  LoopbackHttpServer server_;
  std::unique_ptr<HttpClient> http_;
  FakeClock clock_{kNow};
  SourceContext ctx_;
  std::string log_;
};

TEST_F(MastodonLoopbackTest, SearchFirstRunBuildsMentions) {
  server_.SetResponse("/api/v2/search", Json(Fixture("mastodon_search.json")));
  FetchResult out;
  ASSERT_TRUE(Make({{"query", std::string("acme")}})->Fetch("", &out).ok());
  ASSERT_EQ(out.mentions.size(), 2u);  // the January toot is outside the 7-day window
  ASSERT_EQ(out.rejected.size(), 1u);
  const Mention& m = out.mentions[0];
  EXPECT_EQ(m.id, "https://example.social/@alice/111990000000000003");
  EXPECT_EQ(m.source_type, "mastodon");
  EXPECT_EQ(m.source_id, "111990000000000003");
  EXPECT_EQ(m.text, "Encore une panne chez @acme 😡 #Acme");
  EXPECT_EQ(m.lang, "fr");
  EXPECT_EQ(m.author.handle, "@alice@example.social");
  EXPECT_EQ(m.author.name, "Alice :verified:");
  EXPECT_EQ(m.author.followers, 1234);
  EXPECT_EQ(m.engagement.likes, 10);
  EXPECT_EQ(m.engagement.shares, 4);
  EXPECT_EQ(m.engagement.replies, 2);
  EXPECT_EQ(m.published_ms, 1709672400000);
  EXPECT_EQ(m.publisher, "127.0.0.1");
  EXPECT_EQ(out.mentions[1].text, "CW: râlerie Réponse: pareil ici !");
  EXPECT_EQ(out.mentions[1].thread, "111990000000000001");
  EXPECT_EQ(out.next_cursor, "{\"v\":1,\"min_id\":\"111990000000000003\"}");
  ASSERT_EQ(server_.request_count(), 1u);
  EXPECT_EQ(server_.requests()[0].target, "/api/v2/search?q=acme&type=statuses&limit=40");
  EXPECT_FALSE(server_.requests()[0].HasHeader("Authorization"));
}

TEST_F(MastodonLoopbackTest, NextRunWalksForwardFromMinId) {
  std::string newer = Fixture("mastodon_tag_newer.json");
  server_.SetHandler("/api/v1/timelines/tag/acme", [newer](const RecordedRequest& r) {
    if (r.target.find("min_id=111990000000000003") != std::string::npos) return Json(newer);
    return Json("[]");
  });
  FetchResult out;
  ASSERT_TRUE(Make({{"hashtag", std::string("#acme")}})->Fetch("{\"v\":1,\"min_id\":\"111990000000000003\"}", &out).ok());
  ASSERT_EQ(out.mentions.size(), 2u);
  EXPECT_EQ(out.mentions[0].text, "acme is back up");
  EXPECT_EQ(out.mentions[1].lang, "");  // null language
  EXPECT_EQ(out.next_cursor, "{\"v\":1,\"min_id\":\"111990000000000005\"}");
  ASSERT_EQ(server_.request_count(), 1u);  // a short page ends the walk
  EXPECT_EQ(server_.requests()[0].target, "/api/v1/timelines/tag/acme?limit=40&min_id=111990000000000003");
}

TEST_F(MastodonLoopbackTest, FailureMidWalkKeepsWhatWasDeliveredAndItsCursor) {
  std::string newer = Fixture("mastodon_tag_newer.json");
  server_.SetHandler("/api/v1/timelines/tag/acme", [newer](const RecordedRequest& r) {
    if (r.target.find("min_id=111990000000000003") != std::string::npos) return Json(newer);
    return ScriptedResponse{500, {}, "boom"};
  });
  FetchResult out;
  Status st = Make({{"hashtag", std::string("acme")}, {"limit", int64_t{2}}})
                  ->Fetch("{\"v\":1,\"min_id\":\"111990000000000003\"}", &out);
  EXPECT_EQ(st.code(), Status::Code::kUnavailable) << st.ToString();
  EXPECT_EQ(server_.request_count(), 2u);  // the first page was full: it asked for more
  EXPECT_EQ(out.mentions.size(), 2u);
  EXPECT_EQ(out.next_cursor, "{\"v\":1,\"min_id\":\"111990000000000005\"}");
}

TEST_F(MastodonLoopbackTest, BearerTokenFromSecretNeverLogged) {
  ::setenv("VEILLE_TEST_MASTODON_TOKEN", "s3cr3t-token-value", 1);
  server_.SetResponse("/api/v2/search", Json("{\"statuses\":[]}"));
  FetchResult out;
  ASSERT_TRUE(Make({{"query", std::string("acme")}, {"access_token", std::string("env:VEILLE_TEST_MASTODON_TOKEN")}})
                  ->Fetch("", &out).ok());
  ASSERT_EQ(server_.request_count(), 1u);
  EXPECT_EQ(server_.requests()[0].Header("Authorization"), "Bearer s3cr3t-token-value");
  EXPECT_EQ(log_.find("s3cr3t"), std::string::npos) << log_;
  EXPECT_TRUE(out.next_cursor.empty());  // nothing seen: keep the stored cursor
}

TEST_F(MastodonLoopbackTest, RateLimitResetAndBadPayloads) {
  server_.SetResponse("/api/v2/search",
                      ScriptedResponse{429, {{"X-RateLimit-Reset", "2024-03-06T00:05:00.000Z"}}, ""});
  FetchResult limited;
  Status st = Make({{"query", std::string("acme")}})->Fetch("", &limited);
  EXPECT_EQ(st.code(), Status::Code::kRateLimited);
  EXPECT_EQ(st.retry_after_ms(), 300'000);

  server_.SetResponse("/api/v2/search", Json("{\"error\":\"nope\"}"));
  FetchResult bad;
  Status corrupt = Make({{"query", std::string("acme")}})->Fetch("", &bad);
  EXPECT_EQ(corrupt.code(), Status::Code::kCorruption);
  EXPECT_EQ(corrupt.message(), "source acme-masto: page 0: neither a status array nor a search result");
}

TEST(MastodonSourceTest, ValidatesOptions) {
  FakeClock clock;
  auto http = NewCurlHttpClient();
  SourceContext ctx;
  ctx.http = http.get();
  ctx.clock = &clock;
  SourceConfig config;
  config.name = "m";
  config.options.Set("instance", std::string("https://mastodon.social"));
  const SourceType* t = FindSourceType("mastodon");
  ASSERT_NE(t, nullptr);
  EXPECT_FALSE(t->create(config, ctx).ok());  // neither query nor hashtag
  config.options.Set("query", std::string("acme"));
  config.options.Set("hashtag", std::string("acme"));
  EXPECT_FALSE(t->create(config, ctx).ok());  // both
  config.options.Set("hashtag", std::string(""));
  EXPECT_TRUE(t->create(config, ctx).ok());
  config.options.Set("access_token", std::string("env:VEILLE_TEST_SURELY_UNSET_VAR"));
  auto missing = t->create(config, ctx);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("option access_token"), std::string::npos);
  config.options.Set("access_token", std::string(""));
  config.options.Set("instance", std::string("mastodon.social"));
  EXPECT_FALSE(t->create(config, ctx).ok());
}


// Mastodon's search has no OR: one search per alternative, each walking
// forward from the same cursor; the cursor moves to the newest id any of them
// saw, and a status both find is one mention.
TEST_F(MastodonLoopbackTest, OrQueryIsOneSearchPerAlternative) {
  std::string page = Fixture("mastodon_search.json");
  server_.SetHandler("/api/v2/search", [page](const RecordedRequest& r) {
    if (r.target.find("q=panne") != std::string::npos) return Json("{\"statuses\":[]}");
    return Json(page);
  });
  FetchResult out;
  ASSERT_TRUE(Make({{"query", std::string("Acme OR (panne -coyote)")}})->Fetch("", &out).ok());
  ASSERT_EQ(server_.request_count(), 2u);
  EXPECT_EQ(server_.requests()[0].target, "/api/v2/search?q=Acme&type=statuses&limit=40");
  EXPECT_EQ(server_.requests()[1].target, "/api/v2/search?q=panne&type=statuses&limit=40");
  EXPECT_EQ(out.mentions.size(), 2u);
  EXPECT_EQ(out.next_cursor, "{\"v\":1,\"min_id\":\"111990000000000003\"}");
}

TEST_F(MastodonLoopbackTest, ASecondSearchFailingKeepsTheOldCursor) {
  std::string page = Fixture("mastodon_search.json");
  server_.SetHandler("/api/v2/search", [page](const RecordedRequest& r) {
    if (r.target.find("q=panne") != std::string::npos) return ScriptedResponse{500, {}, "boom"};
    return Json(page);
  });
  FetchResult out;
  Status st = Make({{"query", std::string("acme OR panne")}})->Fetch("{\"v\":1,\"min_id\":\"111000000000000001\"}", &out);
  EXPECT_EQ(st.code(), Status::Code::kUnavailable) << st.ToString();
  EXPECT_EQ(out.mentions.size(), 2u) << "what the first search found is delivered";
  // The failed search never walked past the old cursor: keep it, so its
  // statuses come next run (the first search's are deduplicated downstream).
  EXPECT_EQ(out.next_cursor, "{\"v\":1,\"min_id\":\"111000000000000001\"}");
}

}  // namespace
}  // namespace veille
