// The "appstore" source against the loopback server replaying review feeds.
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
using ::veille::testing::ScriptedResponse;

constexpr int64_t kNow = 1709683200000;  // 2024-03-06T00:00:00Z

std::string Fixture(const std::string& name) {
  std::ifstream f(std::string(VEILLE_FEED_FIXTURES) + "/" + name, std::ios::binary);
  EXPECT_TRUE(f.good()) << name;
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

class AppStoreLoopbackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.Start());
    http_ = NewCurlHttpClient();
    ctx_.http = http_.get();
    ctx_.clock = &clock_;
    log::SetSinkForTesting(&log_);
    auto json = [](const std::string& body) { return ScriptedResponse{200, {{"Content-Type", "application/json"}}, body}; };
    server_.SetResponse("/fr/rss/customerreviews/page=1/id=123456789/sortBy=mostRecent/json", json(Fixture("appstore_fr.json")));
    server_.SetResponse("/be/rss/customerreviews/page=1/id=123456789/sortBy=mostRecent/json",
                        json(Fixture("appstore_be_single.json")));
    server_.SetResponse("/ch/rss/customerreviews/page=1/id=123456789/sortBy=mostRecent/json",
                        json(Fixture("appstore_ch_empty.json")));
  }
  void TearDown() override { log::SetSinkForTesting(nullptr); }

  std::unique_ptr<Source> Make() {
    SourceConfig config;
    config.name = "acme-ios";
    config.type = "appstore";
    config.options.Set("app_id", std::string("123456789"));
    config.options.Set("countries", std::vector<std::string>{"fr", "be", "ch"});
    config.options.Set("base_url", server_.Url(""));
    config.options.Set("retries", int64_t{0});
    auto s = FindSourceType("appstore")->create(config, ctx_);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(s).value() : nullptr;
  }

  LoopbackHttpServer server_;
  std::unique_ptr<HttpClient> http_;
  FakeClock clock_{kNow};
  SourceContext ctx_;
  std::string log_;
};

TEST_F(AppStoreLoopbackTest, ArraySingleObjectAndMissingEntries) {
  FetchResult out;
  ASSERT_TRUE(Make()->Fetch("", &out).ok());
  EXPECT_EQ(out.pages, 3);  // one short page per storefront
  ASSERT_EQ(out.mentions.size(), 3u);  // app entry skipped, January review out of window
  ASSERT_EQ(out.rejected.size(), 1u);
  EXPECT_NE(out.rejected[0].find("fr page 1: entry 4"), std::string::npos) << out.rejected[0];
  const Mention& worst = out.mentions[0];  // 10:00-07:00 = 17:00Z
  EXPECT_EQ(worst.id, "appstore:10900000003");
  EXPECT_EQ(worst.source_type, "appstore");
  EXPECT_EQ(worst.title, "Inutilisable depuis la mise à jour");
  EXPECT_EQ(worst.text, "L'appli plante au lancement. Service client injoignable !!");
  EXPECT_EQ(worst.engagement.rating, 1);
  EXPECT_EQ(worst.engagement.likes, 4);
  EXPECT_EQ(worst.author.name, "Marie");
  EXPECT_EQ(worst.publisher, "App Store FR");
  EXPECT_EQ(worst.url, "https://apps.apple.com/fr/app/acme/id123456789?uo=2");
  EXPECT_EQ(worst.published_ms, 1709658000000);
  const Mention& be = out.mentions[1];  // 12:00+01:00 = 11:00Z
  EXPECT_EQ(be.id, "appstore:10900000004");
  EXPECT_EQ(be.publisher, "App Store BE");
  EXPECT_EQ(be.engagement.rating, 2);
  EXPECT_EQ(out.mentions[2].engagement.rating, 5);
  auto cursor = WindowCursor::Decode(out.next_cursor);
  ASSERT_TRUE(cursor.ok());
  EXPECT_EQ(cursor->since_s, 1709658000);
}

TEST_F(AppStoreLoopbackTest, SecondRunNothingNewAndCorruptPage) {
  auto source = Make();
  FetchResult first, second;
  ASSERT_TRUE(source->Fetch("", &first).ok());
  ASSERT_TRUE(source->Fetch(first.next_cursor, &second).ok());
  EXPECT_TRUE(second.mentions.empty());

  server_.SetResponse("/be/rss/customerreviews/page=1/id=123456789/sortBy=mostRecent/json",
                      ScriptedResponse{200, {}, "<html>Service Unavailable</html>"});
  FetchResult bad;
  Status st = source->Fetch("", &bad);
  EXPECT_EQ(st.code(), Status::Code::kCorruption);
  EXPECT_NE(st.message().find("source acme-ios: be page 1: not JSON"), std::string::npos) << st.message();
  EXPECT_TRUE(bad.mentions.empty());
  EXPECT_TRUE(bad.next_cursor.empty());
}

TEST(AppStoreSourceTest, ValidatesOptions) {
  FakeClock clock;
  auto http = NewCurlHttpClient();
  SourceContext ctx;
  ctx.http = http.get();
  ctx.clock = &clock;
  SourceConfig config;
  config.name = "a";
  config.options.Set("app_id", std::string("id123"));
  auto bad = FindSourceType("appstore")->create(config, ctx);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("option app_id"), std::string::npos);
  config.options.Set("app_id", std::string("123"));
  config.options.Set("countries", std::vector<std::string>{"FR"});
  EXPECT_FALSE(FindSourceType("appstore")->create(config, ctx).ok());
  config.options.Set("countries", std::vector<std::string>{"fr", "lu"});
  EXPECT_TRUE(FindSourceType("appstore")->create(config, ctx).ok());
}

}  // namespace
}  // namespace veille
