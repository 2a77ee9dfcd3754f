#include "collectors/http_client.h"

#include <curl/curl.h>
#include <strings.h>

#include <cctype>
#include <cstring>
#include <mutex>

namespace veille {
namespace {

// curl_global_init is not thread-safe and must run once before any handle.
void GlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct EasyDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;

// Owns a curl_slist; appends copy the string, so temporaries are fine.
class HeaderList {
 public:
  HeaderList() = default;
  HeaderList(const HeaderList&) = delete;
  HeaderList& operator=(const HeaderList&) = delete;
  ~HeaderList() { curl_slist_free_all(list_); }
  bool Append(const std::string& line) {
    curl_slist* next = curl_slist_append(list_, line.c_str());
    if (next == nullptr) return false;
    list_ = next;
    return true;
  }
  curl_slist* get() const { return list_; }

 private:
  curl_slist* list_ = nullptr;
};

std::string StripCrLf(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c != '\r' && c != '\n' && c != '\0') out.push_back(c);
  }
  return out;
}

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n')) --e;
  return std::string(s.substr(b, e - b));
}

// State shared with the libcurl callbacks of one transfer.
struct Transfer {
  HttpResponse* response;
  int64_t max_body_bytes;
  bool oversize = false;
};

size_t OnBody(char* data, size_t size, size_t nmemb, void* userdata) {
  auto* t = static_cast<Transfer*>(userdata);
  size_t n = size * nmemb;
  // The cap applies to the decompressed bytes, so a gzip bomb is stopped too.
  if (static_cast<int64_t>(t->response->body.size() + n) > t->max_body_bytes) {
    t->oversize = true;
    return 0;  // makes libcurl abort with CURLE_WRITE_ERROR
  }
  t->response->body.append(data, n);
  return n;
}

size_t OnHeader(char* data, size_t size, size_t nmemb, void* userdata) {
  auto* t = static_cast<Transfer*>(userdata);
  size_t n = size * nmemb;
  std::string_view line(data, n);
  if (line.substr(0, 5) == "HTTP/") {
    // A new response starts (redirect hop or 100 Continue): keep only the
    // headers of the final one.
    t->response->headers.clear();
    return n;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  t->response->headers.emplace_back(Trim(line.substr(0, colon)), Trim(line.substr(colon + 1)));
  return n;
}

class CurlHttpClient : public HttpClient {
 public:
  explicit CurlHttpClient(const CurlOptions& options) : options_(options) {
    GlobalInitOnce();
    easy_.reset(curl_easy_init());
  }

  Result<HttpResponse> Send(const HttpRequest& request) override {
    if (!easy_) return Status::Unavailable("http: curl_easy_init failed");
    CURL* c = easy_.get();
    // Reset options but keep the handle's connection cache and DNS cache.
    curl_easy_reset(c);

    HttpResponse response;
    Transfer transfer{&response, request.max_body_bytes};
    char errbuf[CURL_ERROR_SIZE] = {0};

    HeaderList headers;
    for (const auto& [name, value] : request.headers) {
      if (!headers.Append(StripCrLf(name) + ": " + StripCrLf(value))) {
        return Status::Unavailable("http: out of memory building headers");
      }
    }

    curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    // Signals are unsafe in a multi-threaded process; timeouts still work
    // with the threaded resolver.
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https,file");
    // A remote server must never redirect us onto the local disk.
    curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, request.max_redirects > 0 ? 1L : 0L);
    curl_easy_setopt(c, CURLOPT_MAXREDIRS, static_cast<long>(request.max_redirects));
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout_ms));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.connect_timeout_ms));
    curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // every encoding libcurl supports
    curl_easy_setopt(c, CURLOPT_USERAGENT, StripCrLf(options_.user_agent).c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnBody);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, OnHeader);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &transfer);
    // Refuses early when Content-Length already announces too much.
    curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(request.max_body_bytes));
    if (options_.verbose) curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);
    if (!request.basic_auth.empty()) {
      curl_easy_setopt(c, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
      curl_easy_setopt(c, CURLOPT_USERPWD, request.basic_auth.c_str());
    }

    if (request.method == "GET") {
      curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    } else if (request.method == "HEAD") {
      curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    } else {
      if (request.method != "POST") curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, request.method.c_str());
      curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
      curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.data());
    }

    CURLcode rc = curl_easy_perform(c);
    // Never keep a pointer to the stack-allocated error buffer or headers.
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, nullptr);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, nullptr);

    std::string where = "http " + request.method + " " + RedactUrl(request.url);
    std::string detail = errbuf[0] ? errbuf : curl_easy_strerror(rc);
    if (rc != CURLE_OK) {
      if (transfer.oversize || rc == CURLE_FILESIZE_EXCEEDED) {
        return Status::Corruption(where + ": body larger than " + std::to_string(request.max_body_bytes) +
                                  " bytes");
      }
      switch (rc) {
        case CURLE_OPERATION_TIMEDOUT:
          return Status::Timeout(where + ": " + detail);
        case CURLE_PARTIAL_FILE:
        case CURLE_BAD_CONTENT_ENCODING:
          return Status::Corruption(where + ": truncated or undecodable body: " + detail);
        case CURLE_UNSUPPORTED_PROTOCOL:
        case CURLE_URL_MALFORMAT:
        case CURLE_TOO_MANY_REDIRECTS:
          return Status::Permanent(where + ": " + detail);
        case CURLE_FILE_COULDNT_READ_FILE:
          return Status::NotFound(where + ": " + detail);
        default:
          return Status::Unavailable(where + ": " + detail);
      }
    }
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    char* effective = nullptr;
    curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &effective);
    if (effective != nullptr) response.effective_url = effective;
    // file:// has no status line; a successful read is a 200.
    if (code == 0 && request.url.compare(0, 7, "file://") == 0) code = 200;
    response.status = code;
    return response;
  }

 private:
  // Keeps scheme, host and port only: feed URLs such as Google Alerts' carry
  // their secret in the path, API URLs carry tokens in the query, and a URL
  // may carry user:password before the host.
  static std::string RedactUrl(const std::string& url) {
    if (url.compare(0, 7, "file://") == 0) return url;
    size_t scheme = url.find("://");
    if (scheme == std::string::npos) return "<url>";
    size_t host = scheme + 3;
    size_t path = url.find_first_of("/?#", host);
    size_t at = url.rfind('@', path == std::string::npos ? url.size() : path);
    std::string out = url.substr(0, host);
    if (at != std::string::npos && at >= host) {
      out += "***@";
      host = at + 1;
    }
    out += url.substr(host, path == std::string::npos ? std::string::npos : path - host);
    return path == std::string::npos ? out : out + "/…";
  }

  CurlOptions options_;
  EasyHandle easy_;
};

}  // namespace

std::string HttpResponse::Header(const std::string& name) const {
  for (auto it = headers.rbegin(); it != headers.rend(); ++it) {
    if (it->first.size() == name.size() && strncasecmp(it->first.c_str(), name.c_str(), name.size()) == 0) {
      return it->second;
    }
  }
  return "";
}

std::unique_ptr<HttpClient> NewCurlHttpClient(const CurlOptions& options) {
  return std::make_unique<CurlHttpClient>(options);
}

int64_t ParseRetryAfterMs(const std::string& value, int64_t now_ms) {
  std::string v = Trim(value);
  if (v.empty()) return -1;
  bool digits = true;
  for (char ch : v) digits = digits && std::isdigit(static_cast<unsigned char>(ch));
  if (digits) {
    if (v.size() > 9) return -1;  // more than 30 years: nonsense
    return std::stoll(v) * 1000;
  }
  time_t t = curl_getdate(v.c_str(), nullptr);
  if (t < 0) return -1;
  int64_t delta = static_cast<int64_t>(t) * 1000 - now_ms;
  return delta < 0 ? 0 : delta;
}

}  // namespace veille
