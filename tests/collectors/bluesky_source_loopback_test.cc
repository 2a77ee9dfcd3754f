// The "bluesky" source against the loopback server replaying searchPosts pages.
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

class BlueskyLoopbackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.Start());
    http_ = NewCurlHttpClient();
    ctx_.http = http_.get();
    ctx_.clock = &clock_;
    log::SetSinkForTesting(&log_);
    std::string p0 = Fixture("bluesky_search_page0.json"), p1 = Fixture("bluesky_search_page1.json");
    server_.SetHandler("/xrpc/app.bsky.feed.searchPosts", [p0, p1](const RecordedRequest& r) {
      bool paged = r.target.find("until=") != std::string::npos;
      return ScriptedResponse{200, {{"Content-Type", "application/json"}}, paged ? p1 : p0};
    });
  }
  void TearDown() override { log::SetSinkForTesting(nullptr); }

  std::unique_ptr<Source> Make(int64_t limit) {
    SourceConfig config;
    config.name = "acme-bsky";
    config.type = "bluesky";
    config.options.Set("query", std::string("acme"));
    config.options.Set("lang", std::string("fr"));
    config.options.Set("limit", limit);
    config.options.Set("base_url", server_.Url(""));
    config.options.Set("retries", int64_t{0});
    auto s = FindSourceType("bluesky")->create(config, ctx_);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(s).value() : nullptr;
  }

  LoopbackHttpServer server_;
  std::unique_ptr<HttpClient> http_;
  FakeClock clock_{kNow};
  SourceContext ctx_;
  std::string log_;
};

TEST_F(BlueskyLoopbackTest, PagesByUntilClampsCreatedAtAndReadsFacets) {
  FetchResult out;
  ASSERT_TRUE(Make(2)->Fetch("", &out).ok());  // a full first page asks for the next
  EXPECT_EQ(out.pages, 2);
  ASSERT_EQ(out.mentions.size(), 2u);  // the repeat on page 1 is dropped
  ASSERT_EQ(out.rejected.size(), 1u);
  const Mention& m = out.mentions[0];
  EXPECT_EQ(m.id, "https://bsky.app/profile/did:plc:aaa/post/3kmz1");
  EXPECT_EQ(m.source_id, "at://did:plc:aaa/app.bsky.feed.post/3kmz1");
  EXPECT_EQ(m.text, "Trois jours sans réseau chez Acme. Ils se moquent de nous. lemonde.fr/economie/acme... "
                    "https://www.lemonde.fr/economie/acme-panne.html");
  EXPECT_EQ(m.author.handle, "@claire.bsky.social");
  EXPECT_EQ(m.lang, "fr");
  EXPECT_EQ(m.engagement.likes, 12);
  EXPECT_EQ(m.published_ms, 1709668800000);  // createdAt, earlier than indexedAt
  const Mention& liar = out.mentions[1];
  EXPECT_EQ(liar.published_ms, 1709665200000);  // 2030 createdAt clamped to indexedAt
  EXPECT_EQ(liar.lang, "en");
  EXPECT_EQ(liar.thread, "at://did:plc:aaa/app.bsky.feed.post/3kmz1");

  auto reqs = server_.requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_NE(reqs[0].target.find("q=acme&limit=2&sort=latest&since=2024-02-28T00%3A00%3A00Z&lang=fr"),
            std::string::npos) << reqs[0].target;
  EXPECT_NE(reqs[1].target.find("&until=2024-03-05T19%3A00%3A01Z"), std::string::npos) << reqs[1].target;
  auto cursor = WindowCursor::Decode(out.next_cursor);
  ASSERT_TRUE(cursor.ok());
  EXPECT_EQ(cursor->since_s, 1709668800);
}

TEST_F(BlueskyLoopbackTest, SecondRunNothingNewAndForbiddenIsPermanent) {
  auto source = Make(100);
  FetchResult first, second;
  ASSERT_TRUE(source->Fetch("", &first).ok());
  EXPECT_EQ(first.pages, 1);  // a short page is the last
  ASSERT_TRUE(source->Fetch(first.next_cursor, &second).ok());
  EXPECT_TRUE(second.mentions.empty());

  server_.SetResponse("/xrpc/app.bsky.feed.searchPosts",
                      ScriptedResponse{403, {}, R"({"error":"Forbidden","message":"auth required"})"});
  FetchResult forbidden;
  Status st = source->Fetch("", &forbidden);
  EXPECT_EQ(st.code(), Status::Code::kPermanent) << st.ToString();
  EXPECT_NE(st.message().find("HTTP 403"), std::string::npos);
}

}  // namespace
}  // namespace veille
