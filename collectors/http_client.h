// HttpClient: the one HTTP client of veille (libcurl underneath), used by the
// collectors and by the helpdesk sinks. An interface so that unit tests inject
// a fake; integration tests use the real one against loopback servers.
//
// Transport failures (DNS, refused, reset, timeout, body over the size cap,
// truncated body) are a non-OK Status; any HTTP response, 4xx and 5xx
// included, is an OK Result carrying its status code: the caller decides.
// file:// URLs are read by libcurl like http (status 200 when readable).
// Thread-safety: one HttpClient per thread (curl easy handles are reused).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"

namespace veille {

struct HttpRequest {
  std::string method = "GET";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;  // never CR/LF in values
  std::string body;
  int64_t timeout_ms = 30'000;          // whole transfer
  int64_t connect_timeout_ms = 10'000;
  int64_t max_body_bytes = 16 << 20;    // larger bodies fail with Corruption
  int max_redirects = 5;
  // Basic auth "user:password"; never logged.
  std::string basic_auth;
};

struct HttpResponse {
  long status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // in order received
  std::string body;                                          // decompressed
  std::string effective_url;                                 // after redirects
  // Case-insensitive lookup of the last header named `name`, or "".
  std::string Header(const std::string& name) const;
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  virtual Result<HttpResponse> Send(const HttpRequest& request) = 0;
};

struct CurlOptions {
  std::string user_agent = "veille/0.1";
  bool verbose = false;
};

// The libcurl client: gzip/deflate accepted, redirects followed up to the
// request's limit, TLS verified.
std::unique_ptr<HttpClient> NewCurlHttpClient(const CurlOptions& options = {});

// Parses a Retry-After value (delta-seconds or HTTP-date) into milliseconds
// from `now_ms`; -1 when absent or unparseable.
int64_t ParseRetryAfterMs(const std::string& value, int64_t now_ms);

}  // namespace veille
