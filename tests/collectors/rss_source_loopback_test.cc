// Integration tests of the "rss" source: the real libcurl client against the
// loopback HTTP server replaying the fixture feeds, on a fake clock (backoff
// sleeps advance the fake clock, so retries cost no wall time).
#include "collectors/rss_source.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "collectors/http_client.h"
#include "collectors/text.h"
#include "common/log.h"
#include "tests/support/loopback_http_server.h"

namespace veille {
namespace {

using ::veille::testing::LoopbackHttpServer;
using ::veille::testing::ScriptedResponse;
using B = ScriptedResponse::Behavior;

constexpr int64_t kFetched = 1709683200000;  // 2024-03-06T00:00:00Z
constexpr int64_t kHour = 3600 * 1000;

std::string Fixture(const std::string& name) {
  std::ifstream f(std::string(VEILLE_FEED_FIXTURES) + "/" + name, std::ios::binary);
  EXPECT_TRUE(f.good()) << name;
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

ScriptedResponse Feed200(const std::string& body, const std::string& etag = "",
                         const std::string& content_type = "application/rss+xml; charset=utf-8") {
  ScriptedResponse r;
  r.body = body;
  r.headers.emplace_back("Content-Type", content_type);
  if (!etag.empty()) r.headers.emplace_back("ETag", etag);
  r.headers.emplace_back("Last-Modified", "Tue, 05 Mar 2024 10:20:11 GMT");
  return r;
}

class RssSourceLoopbackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.Start());
    http_ = NewCurlHttpClient();
    ctx_.http = http_.get();
    ctx_.clock = &clock_;
    ctx_.lookback_ms = 7 * 24 * kHour;
    log::SetSinkForTesting(&log_);
  }
  void TearDown() override { log::SetSinkForTesting(nullptr); }

  std::unique_ptr<Source> Make(const std::string& path, std::vector<std::pair<std::string, OptionValue>> extra = {}) {
    SourceConfig config;
    config.name = "acme-feed";
    config.type = "rss";
    config.options.Set("url", server_.Url(path));
    config.options.Set("timeout_seconds", 5.0);
    for (auto& [k, v] : extra) config.options.Set(k, v);
    const SourceType* type = FindSourceType("rss");
    EXPECT_NE(type, nullptr);
    auto source = type->create(config, ctx_);
    EXPECT_TRUE(source.ok()) << source.status().ToString();
    return source.ok() ? std::move(source).value() : nullptr;
  }

  LoopbackHttpServer server_;
  std::unique_ptr<HttpClient> http_;
  FakeClock clock_{kFetched};
  SourceContext ctx_;
  std::string log_;
};

TEST_F(RssSourceLoopbackTest, GoogleAlertsFirstRunBuildsMentions) {
  server_.SetResponse("/alerts", Feed200(Fixture("google_alerts.atom"), "\"ga-1\"", "application/atom+xml"));
  auto source = Make("/alerts");
  FetchResult out;
  ASSERT_TRUE(source->Fetch("", &out).ok());
  EXPECT_EQ(out.pages, 1);
  EXPECT_FALSE(out.not_modified);
  ASSERT_EQ(out.mentions.size(), 3u);
  // Newest first: the future-dated entry was clamped to the fetch time.
  const Mention& future = out.mentions[0];
  EXPECT_EQ(future.published_ms, kFetched);
  EXPECT_EQ(future.id, "https://www.example.fr/eco/acme-sg.html");
  const Mention& m = out.mentions[1];
  EXPECT_EQ(m.id, "https://www.example-news.com/business/acme-recall-toasters");
  EXPECT_EQ(m.url, m.id);
  EXPECT_EQ(m.source_type, "rss");
  EXPECT_EQ(m.source_name, "acme-feed");
  EXPECT_EQ(m.seen_in, std::vector<std::string>{"acme-feed"});
  EXPECT_EQ(m.source_id, "tag:google.com,2013:googlealerts/feed:11473519237466931843");
  EXPECT_EQ(m.title, "Acme recalls 40,000 toasters after fire reports");
  EXPECT_EQ(m.text, "Acme Corp. said on Tuesday it would recall toasters sold since 2022 ...");
  EXPECT_EQ(m.publisher, "example-news.com");
  EXPECT_EQ(m.author.name, "");
  EXPECT_EQ(m.published_ms, 1709632692000);
  EXPECT_EQ(m.fetched_ms, kFetched);
  EXPECT_FALSE(out.next_cursor.empty());
  auto cursor = DecodeRssCursor(out.next_cursor);
  ASSERT_TRUE(cursor.ok());
  EXPECT_EQ(cursor->etag, "\"ga-1\"");
  EXPECT_EQ(cursor->newest_ms, kFetched);
  EXPECT_EQ(cursor->seen.size(), 3u);
  EXPECT_NE(log_.find("event=source.fetched source=acme-feed format=atom items=3 new=3"), std::string::npos) << log_;
  auto reqs = server_.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_FALSE(reqs[0].HasHeader("If-None-Match"));
  EXPECT_EQ(reqs[0].Header("User-Agent"), ctx_.user_agent);
}

TEST_F(RssSourceLoopbackTest, FirstRunHonoursLookback) {
  server_.SetResponse("/gn", Feed200(Fixture("google_news.rss")));
  FetchResult week;
  ASSERT_TRUE(Make("/gn")->Fetch("", &week).ok());
  EXPECT_EQ(week.mentions.size(), 2u);  // the Feb 25 item is older than 7 days
  FetchResult day;
  ASSERT_TRUE(Make("/gn", {{"lookback_hours", int64_t{24}}})->Fetch("", &day).ok());
  ASSERT_EQ(day.mentions.size(), 1u);
  EXPECT_EQ(day.mentions[0].title, "Acme rachète Globex pour 2 milliards d'euros");
  EXPECT_EQ(day.mentions[0].lang, "fr");
  EXPECT_EQ(day.mentions[0].publisher, "Le Monde");
  // Google News: keyed on guid, not on the opaque link.
  EXPECT_EQ(day.mentions[0].id.rfind("rss:127.0.0.1:CBMi", 0), 0u) << day.mentions[0].id;
}

TEST_F(RssSourceLoopbackTest, ConditionalGetAndNotModified) {
  ScriptedResponse not_modified;
  not_modified.status = 304;
  server_.SetSequence("/feed", {Feed200(Fixture("bing_news.rss"), "\"b-1\""), not_modified});
  auto source = Make("/feed");
  FetchResult first;
  ASSERT_TRUE(source->Fetch("", &first).ok());
  ASSERT_EQ(first.mentions.size(), 2u);
  FetchResult second;
  ASSERT_TRUE(source->Fetch(first.next_cursor, &second).ok());
  EXPECT_TRUE(second.not_modified);
  EXPECT_TRUE(second.mentions.empty());
  EXPECT_TRUE(second.next_cursor.empty());  // keep the stored cursor
  auto reqs = server_.requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[1].Header("If-None-Match"), "\"b-1\"");
  EXPECT_EQ(reqs[1].Header("If-Modified-Since"), "Tue, 05 Mar 2024 10:20:11 GMT");
  EXPECT_NE(log_.find("event=source.not_modified source=acme-feed"), std::string::npos) << log_;
}

TEST_F(RssSourceLoopbackTest, BingFreshTidIsNotNew) {
  std::string feed = Fixture("bing_news.rss");
  std::string refetched = feed;
  for (size_t p = 0; (p = refetched.find("tid=", p)) != std::string::npos; p += 4) refetched[p + 4] = 'Z';
  ASSERT_NE(feed, refetched);
  server_.SetSequence("/bing", {Feed200(feed), Feed200(refetched)});
  auto source = Make("/bing");
  FetchResult first, second;
  ASSERT_TRUE(source->Fetch("", &first).ok());
  EXPECT_EQ(first.mentions.size(), 2u);
  EXPECT_EQ(first.mentions[0].id, "https://www.leprogres.fr/economie/2024/03/05/acme-lyon");
  ASSERT_TRUE(source->Fetch(first.next_cursor, &second).ok());
  EXPECT_TRUE(second.mentions.empty());
  EXPECT_FALSE(second.next_cursor.empty());
}

TEST_F(RssSourceLoopbackTest, ReorderedAndRedatedItemsAreNotNewButNewOnesAre) {
  std::string v1 = Fixture("google_news.rss");
  // Next fetch: the Le Monde story is re-dated, the Le Figaro story comes back
  // under a new guid (same title and publisher), and one story is new.
  std::string v2 = v1;
  auto replace = [](std::string& s, const std::string& from, const std::string& to) {
    size_t p = s.find(from);
    ASSERT_NE(p, std::string::npos) << from;
    s.replace(p, from.size(), to);
  };
  replace(v2, "Tue, 05 Mar 2024 08:00:00 GMT", "Tue, 05 Mar 2024 11:00:00 GMT");
  replace(v2, "<guid isPermaLink=\"false\">CBMiTGh0", "<guid isPermaLink=\"false\">CBMiNEWGUID");
  replace(v2, "</channel>",
          "<item><title>Acme recrute 500 personnes - Les Echos</title><link>https://news.google.com/rss/articles/"
          "CBMiNEW?oc=5</link><guid isPermaLink=\"false\">CBMiNEW</guid><pubDate>Tue, 05 Mar 2024 12:00:00 GMT"
          "</pubDate><source url=\"https://www.lesechos.fr\">Les Echos</source></item></channel>");
  server_.SetSequence("/gn", {Feed200(v1), Feed200(v2)});
  clock_.AdvanceMs(0);
  auto source = Make("/gn");
  FetchResult first, second;
  ASSERT_TRUE(source->Fetch("", &first).ok());
  ASSERT_EQ(first.mentions.size(), 2u);
  clock_.AdvanceMs(kHour);
  ASSERT_TRUE(source->Fetch(first.next_cursor, &second).ok());
  ASSERT_EQ(second.mentions.size(), 1u);
  EXPECT_EQ(second.mentions[0].title, "Acme recrute 500 personnes");
  EXPECT_EQ(second.mentions[0].publisher, "Les Echos");
}

TEST_F(RssSourceLoopbackTest, RateLimitedWithRetryAfterStopsAtOnce) {
  ScriptedResponse r;
  r.status = 429;
  r.headers = {{"Retry-After", "120"}};
  server_.SetResponse("/limited", r);
  ScriptedResponse busy;
  busy.status = 503;
  busy.headers = {{"Retry-After", "Wed, 06 Mar 2024 00:05:00 GMT"}};
  server_.SetResponse("/busy", busy);
  FetchResult out;
  Status st = Make("/limited")->Fetch("", &out);
  EXPECT_EQ(st.code(), Status::Code::kRateLimited) << st.ToString();
  EXPECT_EQ(st.retry_after_ms(), 120'000);
  EXPECT_TRUE(out.mentions.empty());
  EXPECT_TRUE(out.next_cursor.empty());
  EXPECT_EQ(server_.request_count(), 1u);
  FetchResult out2;
  Status st2 = Make("/busy")->Fetch("", &out2);
  EXPECT_EQ(st2.code(), Status::Code::kRateLimited) << st2.ToString();
  EXPECT_EQ(st2.retry_after_ms(), 300'000);
  EXPECT_TRUE(out2.next_cursor.empty());
  EXPECT_NE(log_.find("event=source.rate_limited source=acme-feed status=429 retry_after_ms=120000"),
            std::string::npos) << log_;
}

TEST_F(RssSourceLoopbackTest, ServerErrorsAreRetriedBoundedThenUnavailable) {
  server_.SetResponse("/down", ScriptedResponse{500, {}, "oops"});
  FetchResult out;
  Status st = Make("/down", {{"retries", int64_t{2}}})->Fetch("", &out);
  EXPECT_EQ(st.code(), Status::Code::kUnavailable) << st.ToString();
  EXPECT_NE(st.message().find("HTTP 500 after 3 attempts"), std::string::npos) << st.message();
  EXPECT_EQ(server_.request_count(), 3u);
  EXPECT_EQ(out.pages, 3);
  EXPECT_TRUE(out.next_cursor.empty());
  EXPECT_GT(clock_.slept_ms(), 0);     // waited on the fake clock, not the wall
  EXPECT_LE(clock_.slept_ms(), 30'000);  // the backoff budget
}

TEST_F(RssSourceLoopbackTest, RetryThenSuccess) {
  server_.SetSequence("/flaky", {ScriptedResponse{502, {}, ""}, Feed200(Fixture("bing_news.rss"))});
  FetchResult out;
  ASSERT_TRUE(Make("/flaky")->Fetch("", &out).ok());
  EXPECT_EQ(out.mentions.size(), 2u);
  EXPECT_EQ(out.pages, 2);
  EXPECT_NE(log_.find("event=source.retry source=acme-feed status=502"), std::string::npos) << log_;
}

TEST_F(RssSourceLoopbackTest, ClientErrorIsPermanentWithoutRetry) {
  server_.SetResponse("/gone", ScriptedResponse{404, {}, "not here"});
  FetchResult out;
  Status st = Make("/gone")->Fetch("", &out);
  EXPECT_EQ(st.code(), Status::Code::kPermanent) << st.ToString();
  EXPECT_NE(st.message().find("source acme-feed: HTTP 404"), std::string::npos);
  EXPECT_EQ(server_.request_count(), 1u);
}

TEST_F(RssSourceLoopbackTest, HangingServerTimesOutAndRunDoesNotHang) {
  ScriptedResponse hang;
  hang.behavior = B::kHang;
  server_.SetResponse("/hang", hang);
  auto source = Make("/hang", {{"timeout_seconds", 0.3}, {"retries", int64_t{1}}});
  FetchResult out;
  auto start = std::chrono::steady_clock::now();
  Status st = source->Fetch("", &out);
  EXPECT_EQ(st.code(), Status::Code::kTimeout) << st.ToString();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(server_.request_count(), 2u);
  EXPECT_TRUE(out.next_cursor.empty());
  EXPECT_NE(log_.find("event=source.fetch_failed source=acme-feed"), std::string::npos) << log_;
}

TEST_F(RssSourceLoopbackTest, CutOffBodyIsCorruptionWithCursorUnchanged) {
  ScriptedResponse cut = Feed200(Fixture("google_news.rss"));
  cut.behavior = B::kCutBody;
  server_.SetResponse("/cut", cut);
  FetchResult out;
  Status st = Make("/cut", {{"retries", int64_t{0}}})->Fetch("", &out);
  EXPECT_EQ(st.code(), Status::Code::kCorruption) << st.ToString();
  EXPECT_TRUE(out.mentions.empty());
  EXPECT_TRUE(out.next_cursor.empty());
}

TEST_F(RssSourceLoopbackTest, OversizeBodyIsRefused) {
  ScriptedResponse big = Feed200(std::string(50 << 20, ' '));
  server_.SetResponse("/big", big);
  FetchResult out;
  Status st = Make("/big", {{"max_body_mb", int64_t{1}}})->Fetch("", &out);
  EXPECT_EQ(st.code(), Status::Code::kCorruption) << st.ToString();
  EXPECT_NE(st.message().find("larger than 1048576 bytes"), std::string::npos) << st.message();
  EXPECT_TRUE(out.next_cursor.empty());
  EXPECT_EQ(server_.request_count(), 1u);  // not retried: it would be as big again
}

TEST_F(RssSourceLoopbackTest, MalformedFeedIsCorruptionNamingLine) {
  server_.SetResponse("/bad", Feed200(Fixture("truncated.rss")));
  FetchResult out;
  Status st = Make("/bad")->Fetch("", &out);
  EXPECT_EQ(st.code(), Status::Code::kCorruption) << st.ToString();
  EXPECT_NE(st.message().find("source acme-feed: feed: line "), std::string::npos) << st.message();
  EXPECT_TRUE(out.next_cursor.empty());
  EXPECT_NE(log_.find("level=error event=source.bad_feed source=acme-feed"), std::string::npos) << log_;
}

TEST_F(RssSourceLoopbackTest, InvalidUtf8IsRepairedAndLogged) {
  server_.SetResponse("/latin", Feed200(Fixture("mislabelled_utf8.rss")));
  FetchResult out;
  ASSERT_TRUE(Make("/latin", {{"lookback_hours", int64_t{48}}})->Fetch("", &out).ok());
  ASSERT_EQ(out.mentions.size(), 1u);
  EXPECT_EQ(out.mentions[0].title, "Société Générale et Acme : l'été sera chaud");
  EXPECT_TRUE(IsValidUtf8(out.mentions[0].text));
  EXPECT_EQ(out.mentions[0].lang, "fr");
  EXPECT_EQ(out.mentions[0].author.name, "Rédaction");
  EXPECT_NE(log_.find("event=source.encoding_repaired source=acme-feed"), std::string::npos) << log_;
}

TEST_F(RssSourceLoopbackTest, CharsetFromContentType) {
  server_.SetResponse("/latin", Feed200(Fixture("latin1_no_prolog.rss"), "", "text/xml; charset=\"ISO-8859-1\""));
  FetchResult out;
  ASSERT_TRUE(Make("/latin")->Fetch("", &out).ok());
  ASSERT_EQ(out.mentions.size(), 1u);
  EXPECT_EQ(out.mentions[0].title, "Société Générale et Acme : l'été sera chaud");
  EXPECT_EQ(log_.find("encoding_repaired"), std::string::npos) << log_;
}

TEST_F(RssSourceLoopbackTest, Latin1WithPrologNoHttpCharset) {
  server_.SetResponse("/latin", Feed200(Fixture("latin1_prolog.rss"), "", "application/rss+xml"));
  auto source = Make("/latin");
  FetchResult out;
  ASSERT_TRUE(source->Fetch("", &out).ok());
  ASSERT_EQ(out.mentions.size(), 1u);
  EXPECT_EQ(out.mentions[0].title, "Soci\u00e9t\u00e9 G\u00e9n\u00e9rale et Acme : l'\u00e9t\u00e9 sera chaud");
  EXPECT_EQ(out.mentions[0].author.name, "R\u00e9daction");
  EXPECT_EQ(out.mentions[0].lang, "fr");
  EXPECT_EQ(log_.find("encoding_repaired"), std::string::npos) << log_;
  EXPECT_NE(log_.find("event=source.fetched source=acme-feed format=rss2 items=1 new=1"), std::string::npos) << log_;
  FetchResult again;
  ASSERT_TRUE(source->Fetch(out.next_cursor, &again).ok());
  EXPECT_TRUE(again.mentions.empty());
}

TEST_F(RssSourceLoopbackTest, HtmlTitlesEmptyAuthorsAndRelativeLinks) {
  server_.SetResponse("/forum/latest.rss", Feed200(Fixture("html_titles.rss")));
  FetchResult out;
  ASSERT_TRUE(Make("/forum/latest.rss")->Fetch("", &out).ok());
  ASSERT_EQ(out.mentions.size(), 3u);
  bool saw_html_title = false, saw_relative = false;
  for (const Mention& m : out.mentions) {
    EXPECT_EQ(m.title.find('<'), std::string::npos) << m.title;
    EXPECT_EQ(m.author.name, "") << m.title;
    EXPECT_TRUE(IsValidUtf8(m.title));
    if (m.title == "Acme support is terrible \u2014 again") {
      saw_html_title = true;
      EXPECT_EQ(m.text, "My order #4521 never arrived. Nobody answers & the chat is down.");  // the longer of the two
    }
    saw_relative = saw_relative || m.url == server_.Url("/t/125");
  }
  EXPECT_TRUE(saw_html_title);
  EXPECT_TRUE(saw_relative) << "the relative link was not resolved against the feed URL";
}

TEST_F(RssSourceLoopbackTest, MaxItemsKeepsTheNewest) {
  server_.SetResponse("/alerts", Feed200(Fixture("google_alerts.atom")));
  FetchResult out;
  ASSERT_TRUE(Make("/alerts", {{"max_items", int64_t{1}}})->Fetch("", &out).ok());
  ASSERT_EQ(out.mentions.size(), 1u);
  EXPECT_EQ(out.mentions[0].published_ms, kFetched);
  auto cursor = DecodeRssCursor(out.next_cursor);
  ASSERT_TRUE(cursor.ok());
  EXPECT_EQ(cursor->seen.size(), 1u);  // the two left out will be offered again
}

TEST_F(RssSourceLoopbackTest, UnreadableCursorStartsOverWithWarning) {
  server_.SetResponse("/feed", Feed200(Fixture("bing_news.rss")));
  FetchResult out;
  ASSERT_TRUE(Make("/feed")->Fetch("{not json", &out).ok());
  EXPECT_EQ(out.mentions.size(), 2u);
  EXPECT_NE(log_.find("event=source.cursor_unreadable source=acme-feed"), std::string::npos) << log_;
}

TEST_F(RssSourceLoopbackTest, ItemsWithNothingAreRejectedNotFatal) {
  server_.SetResponse("/feed", Feed200("<rss version=\"2.0\"><channel><item><pubDate>Tue, 05 Mar 2024 08:00:00 GMT"
                                       "</pubDate></item><item><title>ok</title></item></channel></rss>"));
  FetchResult out;
  ASSERT_TRUE(Make("/feed")->Fetch("", &out).ok());
  ASSERT_EQ(out.rejected.size(), 1u);
  EXPECT_NE(out.rejected[0].find("item 1"), std::string::npos) << out.rejected[0];
  ASSERT_EQ(out.mentions.size(), 1u);
  EXPECT_EQ(out.mentions[0].id.rfind("h:", 0), 0u);  // no link, no guid: title hash
}

TEST(RssSourceTest, RegistryAndOptionValidation) {
  const SourceType* rss = FindSourceType("rss");
  ASSERT_NE(rss, nullptr);
  EXPECT_EQ(FindSourceType("nope"), nullptr);
  bool url_required = false;
  for (const OptionSpec& spec : rss->options) url_required |= spec.key == "url" && spec.required;
  EXPECT_TRUE(url_required);

  FakeClock clock;
  auto http = NewCurlHttpClient();
  SourceContext ctx;
  ctx.http = http.get();
  ctx.clock = &clock;
  SourceConfig config;
  config.name = "x";
  config.type = "rss";
  auto missing = rss->create(config, ctx);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Status::Code::kInvalidArgument);
  EXPECT_NE(missing.status().message().find("source x: option url is required"), std::string::npos);
  config.options.Set("url", "gopher://example.com/");
  EXPECT_FALSE(rss->create(config, ctx).ok());
  config.options.Set("url", "https://example.com/feed");
  config.options.Set("max_items", int64_t{0});
  EXPECT_FALSE(rss->create(config, ctx).ok());
  config.options.Set("max_items", int64_t{10});
  EXPECT_TRUE(rss->create(config, ctx).ok());
  SourceContext no_http;
  no_http.clock = &clock;
  EXPECT_FALSE(rss->create(config, no_http).ok());
}

TEST(RssCursorTest, RoundTripAndRejectsGarbage) {
  RssCursor c;
  c.etag = "W/\"x\"";
  c.last_modified = "Tue, 05 Mar 2024 10:20:11 GMT";
  c.newest_ms = 123;
  c.seen = {"a", "h:00ff"};
  auto back = DecodeRssCursor(EncodeRssCursor(c));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->etag, c.etag);
  EXPECT_EQ(back->last_modified, c.last_modified);
  EXPECT_EQ(back->newest_ms, 123);
  EXPECT_EQ(back->seen, c.seen);
  EXPECT_FALSE(DecodeRssCursor("").ok());
  EXPECT_FALSE(DecodeRssCursor("[]").ok());
  EXPECT_FALSE(DecodeRssCursor(R"({"v":2})").ok());
  auto bad = DecodeRssCursor(R"({"v":1,"seen":[1]})");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("\"seen\""), std::string::npos);
}

}  // namespace
}  // namespace veille
