#include "tests/support/loopback_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>

namespace veille::testing {
namespace {

const char* Reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    default: return "Status";
  }
}

bool SendAll(int fd, const char* data, size_t n) {
  while (n > 0) {
    // MSG_NOSIGNAL: a client that hung up must not kill the test with SIGPIPE.
    ssize_t w = ::send(fd, data, n, MSG_NOSIGNAL);
    if (w < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Reads one request (headers and Content-Length body). Returns false on EOF
// or a malformed request, or when `stopping` turns true.
bool ReadRequest(int fd, const std::atomic<bool>& stopping, RecordedRequest* req) {
  std::string buf;
  size_t header_end = std::string::npos;
  size_t content_length = 0;
  char chunk[8192];
  for (;;) {
    if (header_end == std::string::npos) {
      header_end = buf.find("\r\n\r\n");
      if (header_end != std::string::npos) {
        std::string head = buf.substr(0, header_end);
        size_t line_end = head.find("\r\n");
        std::string request_line = head.substr(0, line_end);
        size_t sp1 = request_line.find(' ');
        size_t sp2 = request_line.find(' ', sp1 + 1);
        if (sp1 == std::string::npos || sp2 == std::string::npos) return false;
        req->method = request_line.substr(0, sp1);
        req->target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);
        size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
        while (pos < head.size()) {
          size_t eol = head.find("\r\n", pos);
          if (eol == std::string::npos) eol = head.size();
          std::string line = head.substr(pos, eol - pos);
          size_t colon = line.find(':');
          if (colon != std::string::npos) {
            std::string name = line.substr(0, colon);
            size_t v = colon + 1;
            while (v < line.size() && line[v] == ' ') ++v;
            req->headers.emplace_back(name, line.substr(v));
            if (Lower(name) == "content-length") content_length = std::stoul(line.substr(v));
          }
          pos = eol + 2;
        }
      }
    }
    if (header_end != std::string::npos && buf.size() >= header_end + 4 + content_length) {
      req->body = buf.substr(header_end + 4, content_length);
      return true;
    }
    pollfd p{fd, POLLIN, 0};
    int r = ::poll(&p, 1, 100);
    if (stopping.load()) return false;
    if (r <= 0) continue;
    ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buf.append(chunk, static_cast<size_t>(n));
  }
}

}  // namespace

std::string RecordedRequest::Header(const std::string& name) const {
  for (const auto& [k, v] : headers) {
    if (strcasecmp(k.c_str(), name.c_str()) == 0) return v;
  }
  return "";
}

bool RecordedRequest::HasHeader(const std::string& name) const {
  for (const auto& [k, v] : headers) {
    if (strcasecmp(k.c_str(), name.c_str()) == 0) return true;
  }
  return false;
}

LoopbackHttpServer::~LoopbackHttpServer() { Stop(); }

bool LoopbackHttpServer::Start(uint16_t port, std::string* error) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) {
    if (error) *error = std::string("socket: ") + std::strerror(errno);
    return false;
  }
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 64) != 0) {
    if (error) *error = std::string("bind/listen: ") + std::strerror(errno);
    ::close(listen_fd_);
    listen_fd_ = -1;
    return false;
  }
  socklen_t len = sizeof addr;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { AcceptLoop(); });
  return true;
}

void LoopbackHttpServer::Stop() {
  if (stopping_.exchange(true)) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_cv_.notify_all();
  }
  if (acceptor_.joinable()) acceptor_.join();
  if (listen_fd_ >= 0) ::close(listen_fd_);
  listen_fd_ = -1;
  std::vector<std::thread> workers;
  {
    std::lock_guard<std::mutex> lock(mu_);
    workers.swap(workers_);
  }
  for (std::thread& t : workers) t.join();
}

std::string LoopbackHttpServer::Url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void LoopbackHttpServer::SetResponse(const std::string& path, ScriptedResponse response) {
  SetSequence(path, {std::move(response)});
}

void LoopbackHttpServer::SetSequence(const std::string& path, std::vector<ScriptedResponse> responses) {
  std::lock_guard<std::mutex> lock(mu_);
  scripts_[path] = std::move(responses);
  served_[path] = 0;
  handlers_.erase(path);
}

void LoopbackHttpServer::SetHandler(const std::string& path, Handler handler) {
  std::lock_guard<std::mutex> lock(mu_);
  handlers_[path] = std::move(handler);
  scripts_.erase(path);
}

void LoopbackHttpServer::SetFallback(Handler handler) {
  std::lock_guard<std::mutex> lock(mu_);
  fallback_ = std::move(handler);
}

std::vector<RecordedRequest> LoopbackHttpServer::requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

size_t LoopbackHttpServer::request_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_.size();
}

void LoopbackHttpServer::ClearRequests() {
  std::lock_guard<std::mutex> lock(mu_);
  requests_.clear();
}

void LoopbackHttpServer::AcceptLoop() {
  while (!stopping_.load()) {
    pollfd p{listen_fd_, POLLIN, 0};
    // A short poll keeps Stop() prompt without a self-pipe.
    if (::poll(&p, 1, 50) <= 0) continue;
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    std::lock_guard<std::mutex> lock(mu_);
    workers_.emplace_back([this, fd] { Serve(fd); });
  }
}

bool LoopbackHttpServer::WaitOrStop(int64_t ms) {
  std::unique_lock<std::mutex> lock(mu_);
  if (ms < 0) {
    stop_cv_.wait(lock, [this] { return stopping_.load(); });
    return false;
  }
  return !stop_cv_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stopping_.load(); });
}

ScriptedResponse LoopbackHttpServer::Respond(const RecordedRequest& request) {
  std::string path = request.target.substr(0, request.target.find('?'));
  Handler handler;
  {
    std::lock_guard<std::mutex> lock(mu_);
    requests_.push_back(request);
    auto h = handlers_.find(path);
    auto it = scripts_.find(path);
    if (h != handlers_.end()) {
      handler = h->second;
    } else if ((it == scripts_.end() || it->second.empty()) && fallback_) {
      handler = fallback_;
    } else {
      if (it == scripts_.end() || it->second.empty()) {
        ScriptedResponse not_found;
        not_found.status = 404;
        not_found.body = "no script for " + path;
        return not_found;
      }
      size_t& n = served_[path];
      size_t index = std::min(n, it->second.size() - 1);
      ++n;
      return it->second[index];
    }
  }
  return handler(request);
}

void LoopbackHttpServer::Serve(int fd) {
  RecordedRequest request;
  if (ReadRequest(fd, stopping_, &request)) {
    ScriptedResponse r = Respond(request);
    bool go_on = r.delay_ms <= 0 || WaitOrStop(r.delay_ms);
    if (go_on) {
      using B = ScriptedResponse::Behavior;
      if (r.behavior == B::kHang) {
        WaitOrStop(-1);
      } else if (r.behavior != B::kCloseWithoutReply) {
        std::string head = "HTTP/1.1 " + std::to_string(r.status) + " " + Reason(r.status) + "\r\n";
        bool has_length = false;
        for (const auto& [k, v] : r.headers) {
          head += k + ": " + v + "\r\n";
          if (Lower(k) == "content-length") has_length = true;
        }
        if (!has_length && !r.omit_content_length && r.status != 304 && r.status != 204) {
          head += "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
        }
        head += "Connection: close\r\n\r\n";
        size_t body_bytes = r.behavior == B::kCutBody ? r.body.size() / 2 : r.body.size();
        if (request.method == "HEAD") body_bytes = 0;
        if (SendAll(fd, head.data(), head.size())) SendAll(fd, r.body.data(), body_bytes);
      }
    }
  }
  ::shutdown(fd, SHUT_RDWR);
  ::close(fd);
}

}  // namespace veille::testing
