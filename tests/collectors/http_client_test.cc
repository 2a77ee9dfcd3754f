// Integration tests of the libcurl HttpClient against the loopback server.
#include "collectors/http_client.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>

#include "tests/support/loopback_http_server.h"

namespace veille {
namespace {

using ::veille::testing::LoopbackHttpServer;
using ::veille::testing::ScriptedResponse;
using B = ScriptedResponse::Behavior;

class HttpClientLoopbackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    ASSERT_TRUE(server_.Start(0, &error)) << error;
    CurlOptions options;
    options.user_agent = "veille-test/1.0";
    client_ = NewCurlHttpClient(options);
  }
  HttpRequest Get(const std::string& path) {
    HttpRequest r;
    r.url = server_.Url(path);
    r.timeout_ms = 5000;
    return r;
  }
  LoopbackHttpServer server_;
  std::unique_ptr<HttpClient> client_;
};

TEST_F(HttpClientLoopbackTest, OkCapturesStatusHeadersBodyAndSendsUserAgentAndEncoding) {
  ScriptedResponse r;
  r.headers = {{"Content-Type", "application/rss+xml; charset=utf-8"}, {"ETag", "\"v1\""}};
  r.body = "<rss/>";
  server_.SetResponse("/feed", r);
  HttpRequest req = Get("/feed?q=acme");
  req.headers = {{"X-Test", "one"}};
  auto res = client_->Send(req);
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "<rss/>");
  EXPECT_EQ(res->Header("etag"), "\"v1\"");
  EXPECT_EQ(res->Header("CONTENT-TYPE"), "application/rss+xml; charset=utf-8");
  EXPECT_EQ(res->Header("absent"), "");
  auto reqs = server_.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].method, "GET");
  EXPECT_EQ(reqs[0].target, "/feed?q=acme");
  EXPECT_EQ(reqs[0].Header("User-Agent"), "veille-test/1.0");
  EXPECT_NE(reqs[0].Header("Accept-Encoding").find("gzip"), std::string::npos);
  EXPECT_EQ(reqs[0].Header("X-Test"), "one");
}

TEST_F(HttpClientLoopbackTest, ErrorStatusesAreResponsesNotFailures) {
  ScriptedResponse r;
  r.status = 503;
  r.headers = {{"Retry-After", "120"}};
  server_.SetResponse("/busy", r);
  auto res = client_->Send(Get("/busy"));
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 503);
  EXPECT_EQ(res->Header("Retry-After"), "120");
  auto missing = client_->Send(Get("/nothing-scripted"));
  ASSERT_TRUE(missing.ok());
  EXPECT_EQ(missing->status, 404);
}

TEST_F(HttpClientLoopbackTest, PostSendsBodyAndStripsCrLfFromHeaders) {
  server_.SetResponse("/hook", ScriptedResponse{201, {}, "{}"});
  HttpRequest req = Get("/hook");
  req.method = "POST";
  req.body = R"({"a":1})";
  req.headers = {{"Content-Type", "application/json"}, {"X-Title", "evil\r\nX-Injected: yes"}};
  auto res = client_->Send(req);
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 201);
  auto reqs = server_.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].method, "POST");
  EXPECT_EQ(reqs[0].body, R"({"a":1})");
  EXPECT_FALSE(reqs[0].HasHeader("X-Injected"));
  EXPECT_EQ(reqs[0].Header("X-Title"), "evilX-Injected: yes");
}

TEST_F(HttpClientLoopbackTest, HangingServerTimesOut) {
  ScriptedResponse r;
  r.behavior = B::kHang;
  server_.SetResponse("/hang", r);
  HttpRequest req = Get("/hang");
  req.timeout_ms = 300;
  auto start = std::chrono::steady_clock::now();
  auto res = client_->Send(req);
  auto took = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.status().code(), Status::Code::kTimeout) << res.status().ToString();
  EXPECT_TRUE(res.status().retryable());
  EXPECT_LT(took, std::chrono::seconds(3));
}

TEST_F(HttpClientLoopbackTest, CutOffBodyIsCorruption) {
  ScriptedResponse r;
  r.body = std::string(10000, 'x');
  r.behavior = B::kCutBody;
  server_.SetResponse("/cut", r);
  auto res = client_->Send(Get("/cut"));
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.status().code(), Status::Code::kCorruption) << res.status().ToString();
  EXPECT_NE(res.status().message().find("truncated"), std::string::npos);
}

TEST_F(HttpClientLoopbackTest, CloseWithoutReplyIsUnavailable) {
  ScriptedResponse r;
  r.behavior = B::kCloseWithoutReply;
  server_.SetResponse("/close", r);
  auto res = client_->Send(Get("/close"));
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.status().code(), Status::Code::kUnavailable) << res.status().ToString();
}

TEST_F(HttpClientLoopbackTest, OversizeBodyAbortsWithAndWithoutContentLength) {
  ScriptedResponse r;
  r.body = std::string(50 << 20, 'a');  // 50 MB
  server_.SetResponse("/big", r);
  r.omit_content_length = true;
  server_.SetResponse("/big-stream", r);
  for (const char* path : {"/big", "/big-stream"}) {
    HttpRequest req = Get(path);
    req.max_body_bytes = 1 << 20;
    auto res = client_->Send(req);
    ASSERT_FALSE(res.ok()) << path;
    EXPECT_EQ(res.status().code(), Status::Code::kCorruption) << path << " " << res.status().ToString();
    EXPECT_NE(res.status().message().find("larger than 1048576"), std::string::npos) << res.status().message();
  }
  // The handle stays usable after an aborted transfer.
  server_.SetResponse("/small", ScriptedResponse{200, {}, "ok"});
  auto ok = client_->Send(Get("/small"));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->body, "ok");
}

std::string ReadFixture(const std::string& name) {
  std::ifstream f(std::string(VEILLE_FEED_FIXTURES) + "/" + name, std::ios::binary);
  EXPECT_TRUE(f.good()) << name;
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

TEST_F(HttpClientLoopbackTest, GzipBodiesAreDecompressedAndCappedAfterDecompression) {
  ScriptedResponse gz;
  gz.headers = {{"Content-Encoding", "gzip"}};
  gz.body = ReadFixture("google_news.rss.gz");
  server_.SetResponse("/gz", gz);
  auto res = client_->Send(Get("/gz"));
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->body, ReadFixture("google_news.rss"));

  ScriptedResponse bomb;
  bomb.headers = {{"Content-Encoding", "gzip"}};
  bomb.body = ReadFixture("gzip_bomb_50mb.gz");  // 50 KB on the wire, 50 MB inflated
  server_.SetResponse("/bomb", bomb);
  HttpRequest req = Get("/bomb");
  req.max_body_bytes = 1 << 20;
  auto boom = client_->Send(req);
  ASSERT_FALSE(boom.ok());
  EXPECT_EQ(boom.status().code(), Status::Code::kCorruption) << boom.status().ToString();
}

TEST_F(HttpClientLoopbackTest, FollowsRedirectsWithinLimit) {
  ScriptedResponse hop;
  hop.status = 302;
  hop.headers = {{"Location", "/b"}};
  server_.SetResponse("/a", hop);
  server_.SetResponse("/b", ScriptedResponse{200, {{"X-Final", "yes"}}, "final"});
  auto res = client_->Send(Get("/a"));
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "final");
  EXPECT_EQ(res->effective_url, server_.Url("/b"));
  // Only the final response's headers are kept.
  EXPECT_EQ(res->Header("Location"), "");
  EXPECT_EQ(res->Header("X-Final"), "yes");

  ScriptedResponse loop;
  loop.status = 302;
  loop.headers = {{"Location", "/loop"}};
  server_.SetResponse("/loop", loop);
  HttpRequest req = Get("/loop");
  req.max_redirects = 3;
  auto looped = client_->Send(req);
  ASSERT_FALSE(looped.ok());
  EXPECT_EQ(looped.status().code(), Status::Code::kPermanent) << looped.status().ToString();
}

TEST_F(HttpClientLoopbackTest, RedirectToLocalFileIsRefused) {
  ScriptedResponse hop;
  hop.status = 302;
  hop.headers = {{"Location", "file:///etc/passwd"}};
  server_.SetResponse("/evil", hop);
  auto res = client_->Send(Get("/evil"));
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.status().code(), Status::Code::kPermanent) << res.status().ToString();
}

TEST(HttpClientFileTest, ReadsFileUrls) {
  std::string path = ::testing::TempDir() + "/veille_http_file_test.xml";
  {
    std::ofstream f(path);
    f << "<feed/>";
  }
  auto client = NewCurlHttpClient();
  HttpRequest req;
  req.url = "file://" + path;
  auto res = client->Send(req);
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "<feed/>");
  req.url = "file://" + path + ".missing";
  auto missing = client->Send(req);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), Status::Code::kNotFound) << missing.status().ToString();
  std::remove(path.c_str());
}

TEST(HttpClientTest, ConnectionRefusedIsUnavailable) {
  // Bind then close a server to get a port nobody listens on.
  uint16_t port;
  {
    LoopbackHttpServer s;
    ASSERT_TRUE(s.Start());
    port = s.port();
  }
  auto client = NewCurlHttpClient();
  HttpRequest req;
  req.url = "http://127.0.0.1:" + std::to_string(port) + "/";
  auto res = client->Send(req);
  ASSERT_FALSE(res.ok());
  EXPECT_EQ(res.status().code(), Status::Code::kUnavailable) << res.status().ToString();

  // The error names the server, never the credentials, path or query.
  req.url = "http://feeduser:s3cret-pw@127.0.0.1:" + std::to_string(port) + "/alerts/feeds/0123/4567?token=t0k";
  res = client->Send(req);
  ASSERT_FALSE(res.ok());
  const std::string msg = res.status().ToString();
  EXPECT_NE(msg.find("http GET http://***@127.0.0.1:" + std::to_string(port) + "/…"), std::string::npos) << msg;
  for (const char* secret : {"s3cret-pw", "feeduser", "4567", "t0k"}) {
    EXPECT_EQ(msg.find(secret), std::string::npos) << secret << " in " << msg;
  }
}

TEST(ParseRetryAfterTest, SecondsAndHttpDates) {
  const int64_t now = 1'700'000'000'000;  // 2023-11-14T22:13:20Z
  EXPECT_EQ(ParseRetryAfterMs("120", now), 120'000);
  EXPECT_EQ(ParseRetryAfterMs(" 0 ", now), 0);
  EXPECT_EQ(ParseRetryAfterMs("Tue, 14 Nov 2023 22:14:20 GMT", now), 60'000);
  EXPECT_EQ(ParseRetryAfterMs("Tue, 14 Nov 2023 22:00:00 GMT", now), 0);  // past: no wait
  EXPECT_EQ(ParseRetryAfterMs("", now), -1);
  EXPECT_EQ(ParseRetryAfterMs("soon", now), -1);
  EXPECT_EQ(ParseRetryAfterMs("-5", now), -1);
  EXPECT_EQ(ParseRetryAfterMs("99999999999999", now), -1);
}

}  // namespace
}  // namespace veille
