// LoopbackHttpServer: a small HTTP/1.1 server on 127.0.0.1 for integration
// tests of anything that speaks HTTP (collectors, helpdesk sinks, webhooks).
//
// Responses are scripted per path (the part of the target before '?'): a
// status, headers and a body, or a misbehaviour (hang, cut the body off,
// close without answering). A handler function can compute the response from
// the request instead. Every request is recorded (method, target with query,
// headers, body) so a test can assert what the client sent, e.g. that an
// If-None-Match header was present.
//
// Each connection is served by its own thread and closed after one exchange
// ("Connection: close"), which keeps the server simple and deterministic.
// Start() binds an ephemeral port; the destructor stops the server, wakes
// hanging connections and joins every thread. All public methods are
// thread-safe.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace veille::testing {

struct RecordedRequest {
  std::string method;
  std::string target;  // path and query, as sent
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Case-insensitive lookup of the first header named `name`, or "".
  std::string Header(const std::string& name) const;
  bool HasHeader(const std::string& name) const;
};

struct ScriptedResponse {
  enum class Behavior {
    kNormal,             // status line, headers, Content-Length, full body
    kHang,               // read the request, then never answer (until Stop)
    kCutBody,            // announce the full Content-Length, send half, close
    kCloseWithoutReply,  // read the request, close the socket
  };
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  Behavior behavior = Behavior::kNormal;
  int64_t delay_ms = 0;  // wait before answering (interruptible by Stop)
  // Send no Content-Length: the body ends when the connection closes, so the
  // client cannot know the size in advance.
  bool omit_content_length = false;
};

using Handler = std::function<ScriptedResponse(const RecordedRequest&)>;

class LoopbackHttpServer {
 public:
  LoopbackHttpServer() = default;
  ~LoopbackHttpServer();
  LoopbackHttpServer(const LoopbackHttpServer&) = delete;
  LoopbackHttpServer& operator=(const LoopbackHttpServer&) = delete;

  // Binds 127.0.0.1 on `port` (0: ephemeral) and starts accepting. Returns
  // false (with errno-based text in *error) when the socket cannot be bound.
  bool Start(uint16_t port = 0, std::string* error = nullptr);
  // Stops accepting, wakes hanging handlers, joins all threads. Idempotent.
  void Stop();

  uint16_t port() const { return port_; }
  // "http://127.0.0.1:<port>" + path.
  std::string Url(const std::string& path) const;

  // The same response for every request on `path`, replacing earlier scripts.
  void SetResponse(const std::string& path, ScriptedResponse response);
  // Responses served in order for `path`; the last one repeats.
  void SetSequence(const std::string& path, std::vector<ScriptedResponse> responses);
  void SetHandler(const std::string& path, Handler handler);
  // Answers every request whose path has no script or handler of its own
  // (instead of 404); an empty handler restores the 404.
  void SetFallback(Handler handler);

  std::vector<RecordedRequest> requests() const;
  size_t request_count() const;
  void ClearRequests();

 private:
  void AcceptLoop();
  void Serve(int fd);
  ScriptedResponse Respond(const RecordedRequest& request);
  // Sleeps up to `ms` (forever when < 0) or until Stop(); returns false when stopped.
  bool WaitOrStop(int64_t ms);

  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;

  mutable std::mutex mu_;
  std::condition_variable stop_cv_;
  std::vector<std::thread> workers_;
  std::map<std::string, std::vector<ScriptedResponse>> scripts_;
  std::map<std::string, size_t> served_;
  std::map<std::string, Handler> handlers_;
  Handler fallback_;
  std::vector<RecordedRequest> requests_;
};

}  // namespace veille::testing
