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

TEST(OptionsFromServiceUrlTest, ReadsEachServiceAddress) {
  auto hn = OptionsFromServiceUrl("hackernews",
                                  "https://hn.algolia.com/api/v1/search_by_date?query=acme+corp&tags=story&hitsPerPage=50");
  ASSERT_TRUE(hn.ok()) << hn.status().ToString();
  EXPECT_EQ(hn->GetString("base_url"), "https://hn.algolia.com");
  EXPECT_EQ(hn->GetString("query"), "acme corp");
  EXPECT_EQ(hn->GetString("tags"), "story");
  EXPECT_EQ(hn->GetInt("hits_per_page"), 50);

  auto reddit = OptionsFromServiceUrl("reddit", "https://www.reddit.com/r/france/search.json?q=%22acme%20corp%22&sort=new");
  ASSERT_TRUE(reddit.ok()) << reddit.status().ToString();
  EXPECT_EQ(reddit->GetString("base_url"), "https://www.reddit.com");
  EXPECT_EQ(reddit->GetString("subreddit"), "france");
  EXPECT_EQ(reddit->GetString("query"), "\"acme corp\"");
  auto site_wide = OptionsFromServiceUrl("reddit", "https://www.reddit.com/search.json?q=acme");
  ASSERT_TRUE(site_wide.ok());
  EXPECT_FALSE(site_wide->Has("subreddit"));

  auto search = OptionsFromServiceUrl("mastodon", "https://mastodon.social/api/v2/search?q=acme&type=statuses");
  ASSERT_TRUE(search.ok()) << search.status().ToString();
  EXPECT_EQ(search->GetString("instance"), "https://mastodon.social");
  EXPECT_EQ(search->GetString("query"), "acme");
  auto tag = OptionsFromServiceUrl("mastodon", "https://piaille.fr/api/v1/timelines/tag/acme?limit=20");
  ASSERT_TRUE(tag.ok()) << tag.status().ToString();
  EXPECT_EQ(tag->GetString("instance"), "https://piaille.fr");
  EXPECT_EQ(tag->GetString("hashtag"), "acme");
  EXPECT_EQ(tag->GetInt("limit"), 20);

  auto bsky = OptionsFromServiceUrl("bluesky", "https://public.api.bsky.app/xrpc/app.bsky.feed.searchPosts?q=acme&lang=fr");
  ASSERT_TRUE(bsky.ok()) << bsky.status().ToString();
  EXPECT_EQ(bsky->GetString("base_url"), "https://public.api.bsky.app");
  EXPECT_EQ(bsky->GetString("lang"), "fr");

  auto apps = OptionsFromServiceUrl(
      "appstore", "https://itunes.apple.com/be/rss/customerreviews/page=1/id=123456789/sortBy=mostRecent/json");
  ASSERT_TRUE(apps.ok()) << apps.status().ToString();
  EXPECT_EQ(apps->GetString("base_url"), "https://itunes.apple.com");
  EXPECT_EQ(apps->GetList("countries"), std::vector<std::string>{"be"});
  EXPECT_EQ(apps->GetString("app_id"), "123456789");

  EXPECT_TRUE(OptionsFromServiceUrl("reddit", "file:///tmp/page.json")->values().empty());
  auto wrong = OptionsFromServiceUrl("bluesky", "https://bsky.app/search?q=acme");
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.status().message().find("app.bsky.feed.searchPosts"), std::string::npos) << wrong.status().message();
  EXPECT_FALSE(OptionsFromServiceUrl("hackernews", "ftp://hn.algolia.com/api/v1/search?query=x").ok());
  EXPECT_FALSE(OptionsFromServiceUrl("hackernews", "https://hn.algolia.com/api/v1/search?hitsPerPage=lots").ok());
}

TEST(OptionsFromTextTest, TypesFollowTheSchema) {
  auto o = OptionsFromText("appstore", {{"app-id", "42"}, {"countries", "fr,be,,ch"}, {"max_pages", "2"},
                                        {"timeout_seconds", "2.5"}});
  ASSERT_TRUE(o.ok()) << o.status().ToString();
  EXPECT_EQ(o->GetString("app_id"), "42");
  EXPECT_EQ(o->GetList("countries"), (std::vector<std::string>{"fr", "be", "ch"}));
  EXPECT_EQ(o->GetInt("max_pages"), 2);
  EXPECT_DOUBLE_EQ(o->GetDouble("timeout_seconds"), 2.5);
  EXPECT_FALSE(OptionsFromText("appstore", {{"max_pages", "2x"}}).ok());
  EXPECT_FALSE(OptionsFromText("appstore", {{"timeout_seconds", ""}}).ok());
  auto unknown = OptionsFromText("appstore", {{"colour", "blue"}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("known: app_id"), std::string::npos) << unknown.status().message();
  EXPECT_TRUE(OptionsFromText("nope", {}).status().IsNotFound());
}

}  // namespace
}  // namespace veille
