// Every source type against every way a real server misbehaves, on loopback:
// 429 with Retry-After, 429 with only X-RateLimit-* headers, 500, a
// connection that hangs, a body cut off, a 50 MB body, invalid UTF-8. Each
// case must end in a clear log line naming the source, no crash, and an
// intact cursor: the cursor from a previous good run is either left alone
// (empty next_cursor) or handed back unchanged, with no mention delivered.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "collectors/http_client.h"
#include "collectors/source.h"
#include "collectors/text.h"
#include "common/log.h"
#include "tests/support/loopback_http_server.h"

namespace veille {
namespace {

using ::veille::testing::LoopbackHttpServer;
using ::veille::testing::RecordedRequest;
using ::veille::testing::ScriptedResponse;
using B = ScriptedResponse::Behavior;

constexpr int64_t kNow = 1709683200000;  // 2024-03-06T00:00:00Z, the fixtures' "today"

std::string Fixture(const std::string& name) {
  std::ifstream f(std::string(VEILLE_FEED_FIXTURES) + "/" + name, std::ios::binary);
  EXPECT_TRUE(f.good()) << name;
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

// One source type as the tests configure it: every request of the instance
// lands on the loopback server, which serves `fixture` for any path.
struct Kind {
  const char* type;
  const char* fixture;
  const char* content_type;
  // Text inside a field that becomes a mention's title or text; the invalid
  // UTF-8 case appends a Latin-1 byte after it.
  const char* marker;
};

const Kind kKinds[] = {
    {"rss", "bing_news.rss", "application/rss+xml; charset=utf-8", "Des milliers"},
    {"hackernews", "hn_search_page0.json", "application/json", "third outage"},
    {"reddit", "reddit_search_page0.json", "application/json; charset=UTF-8", "support ghosting me"},
    {"mastodon", "mastodon_search.json", "application/json; charset=utf-8", "Encore une panne"},
    {"bluesky", "bluesky_search_page0.json", "application/json", "Trois jours"},
    {"appstore", "appstore_fr.json", "text/javascript; charset=utf-8", "plante au lancement"},
};

enum class Fault { kRetryAfter429, kRateLimitHeaders429, kServerError, kHang, kCutBody, kHugeBody, kInvalidUtf8 };

const char* FaultName(Fault f) {
  switch (f) {
    case Fault::kRetryAfter429: return "RetryAfter429";
    case Fault::kRateLimitHeaders429: return "RateLimitHeaders429";
    case Fault::kServerError: return "ServerError500";
    case Fault::kHang: return "Hang";
    case Fault::kCutBody: return "CutBody";
    case Fault::kHugeBody: return "Body50MB";
    case Fault::kInvalidUtf8: return "InvalidUtf8";
  }
  return "?";
}

class SourceFaultTest : public ::testing::TestWithParam<std::tuple<int, Fault>> {
 protected:
  void SetUp() override {
    kind_ = kKinds[std::get<0>(GetParam())];
    fault_ = std::get<1>(GetParam());
    ASSERT_TRUE(server_.Start());
    http_ = NewCurlHttpClient();
    ctx_.http = http_.get();
    ctx_.clock = &clock_;
    ctx_.lookback_ms = 7LL * 24 * 3600 * 1000;
    log::SetSinkForTesting(&log_);
    good_ = Fixture(kind_.fixture);
    name_ = std::string("acme-") + kind_.type;
  }
  void TearDown() override { log::SetSinkForTesting(nullptr); }

  void Serve(ScriptedResponse r) {
    server_.SetFallback([r](const RecordedRequest&) { return r; });
  }
  ScriptedResponse Ok(std::string body) const {
    return ScriptedResponse{200, {{"Content-Type", kind_.content_type}}, std::move(body)};
  }

  std::unique_ptr<Source> Make() {
    SourceConfig config;
    config.name = name_;
    config.type = kind_.type;
    Options& o = config.options;
    const std::string type = kind_.type;
    if (type == "rss") {
      o.Set("url", server_.Url("/feed"));
    } else if (type == "mastodon") {
      o.Set("instance", server_.Url(""));
      o.Set("query", std::string("acme"));
    } else if (type == "appstore") {
      o.Set("base_url", server_.Url(""));
      o.Set("app_id", std::string("123456789"));
      o.Set("countries", std::vector<std::string>{"fr"});
    } else {
      o.Set("base_url", server_.Url(""));
      o.Set("query", std::string("acme"));
    }
    if (type != "rss") o.Set("max_pages", int64_t{1});
    o.Set("retries", int64_t{1});
    // Short only where the timeout is the point: 50 MB on loopback may take
    // longer than half a second on a loaded machine.
    o.Set("timeout_seconds", fault_ == Fault::kHang ? 0.5 : 60.0);
    const SourceType* st = FindSourceType(kind_.type);
    EXPECT_NE(st, nullptr) << kind_.type;
    if (st == nullptr) return nullptr;
    auto s = st->create(config, ctx_);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(s).value() : nullptr;
  }

  bool Logged(const std::string& needle) const { return log_.find(needle) != std::string::npos; }

  Kind kind_{};
  Fault fault_{};
  LoopbackHttpServer server_;
  std::unique_ptr<HttpClient> http_;
  FakeClock clock_{kNow};
  SourceContext ctx_;
  std::string log_;
  std::string good_;
  std::string name_;
};

TEST_P(SourceFaultTest, ClearLogLineAndIntactCursor) {
  auto source = Make();
  ASSERT_NE(source, nullptr);

  if (fault_ == Fault::kInvalidUtf8) {
    // A stray Latin-1 byte in an otherwise UTF-8 body: the run succeeds,
    // every string is valid UTF-8, the byte reads as itself, and a warning
    // names the source.
    std::string body = good_;
    size_t at = body.find(kind_.marker);
    ASSERT_NE(at, std::string::npos) << kind_.marker;
    body.insert(at + std::string(kind_.marker).size(), " caf\xE9");
    ASSERT_FALSE(IsValidUtf8(body));
    Serve(Ok(body));
    FetchResult out;
    Status st = source->Fetch("", &out);
    ASSERT_TRUE(st.ok()) << st.ToString();
    EXPECT_FALSE(out.next_cursor.empty());
    bool repaired = false;
    for (const Mention& m : out.mentions) {
      for (const std::string* s : {&m.title, &m.text, &m.author.name, &m.author.handle, &m.publisher, &m.url}) {
        EXPECT_TRUE(IsValidUtf8(*s)) << *s;
      }
      repaired = repaired || m.text.find("caf\xC3\xA9") != std::string::npos ||
                 m.title.find("caf\xC3\xA9") != std::string::npos;
    }
    EXPECT_TRUE(repaired) << "no mention carries the repaired text";
    EXPECT_TRUE(Logged("event=source.encoding_repaired")) << log_;
    EXPECT_TRUE(Logged(name_)) << log_;
    return;
  }

  // A good first run gives the cursor the failing run must leave intact.
  Serve(Ok(good_));
  FetchResult first;
  Status good = source->Fetch("", &first);
  ASSERT_TRUE(good.ok()) << good.ToString();
  ASSERT_FALSE(first.next_cursor.empty());
  const std::string cursor = first.next_cursor;
  server_.ClearRequests();
  log_.clear();

  ScriptedResponse r;
  Status::Code want = Status::Code::kOk;
  std::string want_log;
  size_t want_requests = 1;
  switch (fault_) {
    case Fault::kRetryAfter429:
      r.status = 429;
      r.headers = {{"Retry-After", "30"}};
      want = Status::Code::kRateLimited;
      want_log = "event=source.rate_limited source=" + name_ + " status=429 retry_after_ms=30000";
      break;
    case Fault::kRateLimitHeaders429:
      // Reddit's shape: no Retry-After, the reset in seconds.
      r.status = 429;
      r.headers = {{"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Used", "100"}, {"X-RateLimit-Reset", "42"}};
      want = Status::Code::kRateLimited;
      want_log = "event=source.rate_limited source=" + name_ + " status=429 retry_after_ms=42000";
      break;
    case Fault::kServerError:
      r.status = 500;
      r.body = "<html>Internal Server Error</html>";
      want = Status::Code::kUnavailable;
      want_log = "event=source.fetch_failed source=" + name_ + " status=500 attempts=2";
      want_requests = 2;
      break;
    case Fault::kHang:
      r.behavior = B::kHang;
      want = Status::Code::kTimeout;
      want_log = "event=source.fetch_failed source=" + name_;
      want_requests = 2;  // a timeout is retried once (retries = 1)
      break;
    case Fault::kCutBody:
      r = Ok(good_);
      r.behavior = B::kCutBody;
      want = Status::Code::kCorruption;
      want_log = "event=source.fetch_failed source=" + name_;
      break;
    case Fault::kHugeBody:
      r = Ok(std::string(50 << 20, ' '));
      want = Status::Code::kCorruption;
      want_log = "event=source.fetch_failed source=" + name_;
      break;
    case Fault::kInvalidUtf8:
      break;
  }
  Serve(r);
  FetchResult out;
  Status st = source->Fetch(cursor, &out);
  EXPECT_EQ(st.code(), want) << st.ToString();
  EXPECT_NE(st.message().find("source " + name_), std::string::npos) << st.message();
  if (want == Status::Code::kRateLimited) {
    EXPECT_GE(st.retry_after_ms(), 30'000);
  }
  if (fault_ == Fault::kHugeBody) {
    EXPECT_NE(st.message().find("larger than 16777216 bytes"), std::string::npos) << st.message();
  }
  EXPECT_TRUE(Logged(want_log)) << want_log << "\n" << log_;
  EXPECT_EQ(server_.request_count(), want_requests);
  EXPECT_TRUE(out.mentions.empty());
  EXPECT_TRUE(out.next_cursor.empty() || out.next_cursor == cursor) << out.next_cursor << " vs " << cursor;

  // And the source recovers on the next run with the cursor it kept.
  Serve(Ok(good_));
  FetchResult again;
  Status recovered = source->Fetch(out.next_cursor.empty() ? cursor : out.next_cursor, &again);
  EXPECT_TRUE(recovered.ok()) << recovered.ToString();
  EXPECT_TRUE(again.mentions.empty()) << "the good run's mentions came back twice";
}

INSTANTIATE_TEST_SUITE_P(
    AllSources, SourceFaultTest,
    ::testing::Combine(::testing::Range(0, static_cast<int>(std::size(kKinds))),
                       ::testing::Values(Fault::kRetryAfter429, Fault::kRateLimitHeaders429, Fault::kServerError,
                                         Fault::kHang, Fault::kCutBody, Fault::kHugeBody, Fault::kInvalidUtf8)),
    [](const ::testing::TestParamInfo<std::tuple<int, Fault>>& info) {
      return std::string(kKinds[std::get<0>(info.param)].type) + "_" + FaultName(std::get<1>(info.param));
    });

}  // namespace
}  // namespace veille
