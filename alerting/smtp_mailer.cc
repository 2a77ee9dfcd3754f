// The SMTP mailer, on libcurl's SMTP client. One connection per message: the
// alert job sends a handful of mails per run, so connection reuse would buy
// nothing and cost a stale-connection failure mode.
#include <curl/curl.h>

#include <cstring>
#include <memory>
#include <mutex>
#include <string>

#include "alerting/email.h"
#include "alerting/email_internal.h"
#include "common/log.h"

namespace veille {
namespace {

struct CurlEasyDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

void GlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// Streams the rendered message to libcurl.
struct Upload {
  const std::string* data;
  size_t offset = 0;
};

size_t ReadCallback(char* buffer, size_t size, size_t nitems, void* userdata) {
  auto* up = static_cast<Upload*>(userdata);
  size_t room = size * nitems;
  size_t left = up->data->size() - up->offset;
  size_t n = left < room ? left : room;
  std::memcpy(buffer, up->data->data() + up->offset, n);
  up->offset += n;
  return n;
}

// The URL without any userinfo, for messages and logs.
std::string RedactUrl(const std::string& url) {
  size_t scheme = url.find("://");
  size_t start = scheme == std::string::npos ? 0 : scheme + 3;
  size_t end = url.find_first_of("/?#", start);
  size_t at = url.rfind('@', end == std::string::npos ? url.size() : end);
  if (at == std::string::npos || at < start) return url;
  return url.substr(0, start) + "***@" + url.substr(at + 1);
}

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

class SmtpMailer : public Mailer {
 public:
  explicit SmtpMailer(SmtpOptions options) : options_(std::move(options)) {
    GlobalInitOnce();
    if (!options_.password.empty()) log::RegisterSecret(options_.password);
  }

  Status Send(const Email& email) override {
    const std::string where = "smtp " + RedactUrl(options_.url);
    if (!StartsWith(options_.url, "smtp://") && !StartsWith(options_.url, "smtps://")) {
      return Status::InvalidArgument(where + ": the URL must start with smtp:// or smtps://");
    }
    VEILLE_RETURN_IF_ERROR(alerting_internal::ValidateForSending(email));
    std::string envelope_from;
    if (!options_.envelope_from.empty()) {
      auto mb = alerting_internal::ParseMailbox(options_.envelope_from);
      if (!mb) return Status::InvalidArgument(where + ": envelope_from is not a valid address");
      envelope_from = mb->addr;
    } else {
      envelope_from = alerting_internal::ParseMailbox(email.from)->addr;
    }

    CurlEasy curl(curl_easy_init());
    if (!curl) return Status::Unavailable(where + ": curl_easy_init failed");
    Slist rcpt;
    for (const std::string& to : email.to) {
      std::string addr = "<" + alerting_internal::ParseMailbox(to)->addr + ">";
      curl_slist* next = curl_slist_append(rcpt.get(), addr.c_str());
      if (next == nullptr) return Status::Unavailable(where + ": out of memory");
      rcpt.release();
      rcpt.reset(next);
    }
    const std::string message = RenderMime(email);
    const std::string message_id = EffectiveMessageId(email);
    Upload upload{&message};
    const std::string mail_from = "<" + envelope_from + ">";
    char errbuf[CURL_ERROR_SIZE] = {0};

    CURL* h = curl.get();
    curl_easy_setopt(h, CURLOPT_URL, options_.url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, mail_from.c_str());
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt.get());
    curl_easy_setopt(h, CURLOPT_READFUNCTION, ReadCallback);
    curl_easy_setopt(h, CURLOPT_READDATA, &upload);
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
    long timeout = options_.timeout_ms > 0 ? static_cast<long>(options_.timeout_ms) : 30000L;
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeout < 10000L ? timeout : 10000L);
    // Credentials never travel in clear text: with a username, STARTTLS is
    // mandatory on smtp:// whatever require_tls says.
    bool need_tls = options_.require_tls || !options_.username.empty();
    curl_easy_setopt(h, CURLOPT_USE_SSL, need_tls ? static_cast<long>(CURLUSESSL_ALL)
                                                  : static_cast<long>(CURLUSESSL_TRY));
    if (!options_.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options_.ca_file.c_str());
    if (!options_.username.empty()) {
      curl_easy_setopt(h, CURLOPT_USERNAME, options_.username.c_str());
      curl_easy_setopt(h, CURLOPT_PASSWORD, options_.password.c_str());
    }

    CURLcode rc = curl_easy_perform(h);
    long reply = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply);
    if (rc == CURLE_OK) {
      log::Info("mail.sent").Kv("server", RedactUrl(options_.url)).Kv("message_id", message_id)
          .Kv("rcpt", email.to.size()).Kv("bytes", message.size());
      return Status::OK();
    }
    std::string detail = errbuf[0] != '\0' ? std::string(errbuf) : std::string(curl_easy_strerror(rc));
    std::string msg = where + ": message " + message_id + ": " + detail;
    if (reply != 0) msg += " (last reply " + std::to_string(reply) + ")";
    log::Warn("mail.failed").Kv("server", RedactUrl(options_.url)).Kv("message_id", message_id)
        .Kv("curl_code", static_cast<int>(rc)).Kv("reply", static_cast<int64_t>(reply));
    // The server's reply class decides first (RFC 5321 4.2.1): 4yz is a
    // transient failure, 5yz a permanent one.
    if (reply >= 500 && reply < 600) return Status::Permanent(msg);
    if (reply >= 400 && reply < 500) return Status::Unavailable(msg);
    switch (rc) {
      case CURLE_OPERATION_TIMEDOUT:
        return Status::Timeout(msg);
      case CURLE_URL_MALFORMAT:
      case CURLE_UNSUPPORTED_PROTOCOL:
        return Status::InvalidArgument(msg);
      // Configuration problems: trying again will not change the answer.
      case CURLE_LOGIN_DENIED:
      case CURLE_USE_SSL_FAILED:  // STARTTLS required but not offered
      case CURLE_PEER_FAILED_VERIFICATION:
      case CURLE_SSL_CACERT_BADFILE:
        return Status::Permanent(msg);
      default:
        return Status::Unavailable(msg);
    }
  }

 private:
  SmtpOptions options_;
};

}  // namespace

std::unique_ptr<Mailer> NewSmtpMailer(const SmtpOptions& options) { return std::make_unique<SmtpMailer>(options); }

}  // namespace veille
