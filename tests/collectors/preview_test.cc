#include "collectors/preview.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "collectors/http_client.h"
#include "tests/support/loopback_http_server.h"

namespace veille {
namespace {

using ::veille::testing::LoopbackHttpServer;
using ::veille::testing::ScriptedResponse;

TEST(PreviewSourceTest, FetchesOnceLikeAFirstRun) {
  LoopbackHttpServer server;
  ASSERT_TRUE(server.Start());
  std::ifstream f(std::string(VEILLE_FEED_FIXTURES) + "/bing_news.rss", std::ios::binary);
  std::string body((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  server.SetResponse("/feed", ScriptedResponse{200, {{"Content-Type", "application/rss+xml"}}, body});
  auto http = NewCurlHttpClient();
  FakeClock clock(1709683200000);
  SourceContext ctx;
  ctx.http = http.get();
  ctx.clock = &clock;
  Options options;
  options.Set("max_items", int64_t{1});
  auto r = PreviewSource("rss", server.Url("/feed"), options, &ctx);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->mentions.size(), 1u);
  EXPECT_EQ(r->mentions[0].source_name, "preview");
  EXPECT_EQ(server.request_count(), 1u);
}

TEST(PreviewSourceTest, RefusesUnknownTypesAndOptions) {
  Options options;
  auto unknown = PreviewSource("carrier-pigeon", "https://x", options);
  ASSERT_FALSE(unknown.ok());
  EXPECT_TRUE(unknown.status().IsNotFound());
  EXPECT_NE(unknown.status().message().find("known: rss"), std::string::npos) << unknown.status().message();
  options.Set("colour", std::string("blue"));
  auto bad = PreviewSource("rss", "https://x", options);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "preview rss: unknown option 'colour'");
  auto missing = PreviewSource("rss", "", Options());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(), "preview rss: option 'url' is required");
}

}  // namespace
}  // namespace veille
