// The "imap" source: Google Alerts digests delivered by e-mail, read from one
// mailbox over IMAP with libcurl (imaps://, or imap:// upgraded with STARTTLS
// when the server offers it).
//
// Each run: EXAMINE the mailbox for its UIDVALIDITY, UID SEARCH for messages
// after the cursor's UID (first run: SINCE the lookback day) from the alerts
// sender, then fetch them oldest first by UID. libcurl's FETCH BODY[] marks a
// message \Seen and it cannot send BODY.PEEK[], so the source notes which
// messages were unread beforehand and clears \Seen on them afterwards: the
// mailbox's read/unread state is the user's, never veille's (and `veille
// preview` touches nothing). Each result of a digest (collectors/mail.h) is
// one mention.
// The cursor {"v":1,"uidvalidity":V,"uid":U} covers every message up to UID
// U; a UIDVALIDITY change (mailbox recreated) starts over from the lookback
// window, dedup absorbing repeats. A failure mid-way keeps the messages read
// before it with a cursor covering exactly them.
#include <curl/curl.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <ctime>
#include <memory>
#include <mutex>

#include "collectors/json_util.h"
#include "collectors/mail.h"
#include "collectors/source_types.h"
#include "collectors/text.h"
#include "collectors/url.h"
#include "common/log.h"

namespace veille {
namespace {

constexpr int64_t kHourMs = 3600 * 1000;
constexpr const char* kAlertsSender = "googlealerts-noreply@google.com";

size_t OnData(char* data, size_t size, size_t n, void* userp) {
  auto* t = static_cast<std::pair<std::string*, size_t>*>(userp);
  if (t->first->size() + size * n > t->second) return 0;  // over the cap: abort
  t->first->append(data, size * n);
  return size * n;
}

// One logged-in libcurl handle; the connection is kept between commands.
class ImapSession {
 public:
  ImapSession(std::string user, std::string password, int64_t timeout_ms, int64_t max_bytes)
      : user_(std::move(user)), password_(std::move(password)), timeout_ms_(timeout_ms), max_bytes_(max_bytes) {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    curl_ = curl_easy_init();
  }
  ~ImapSession() {
    if (curl_ != nullptr) curl_easy_cleanup(curl_);
  }
  ImapSession(const ImapSession&) = delete;
  ImapSession& operator=(const ImapSession&) = delete;

  // Runs `command` (empty: the URL's own FETCH) against `url`; returns what
  // the server sent back (untagged responses, or the message for a FETCH).
  Result<std::string> Run(const std::string& url, const std::string& command, const std::string& what) {
    if (curl_ == nullptr) return Status::IOError("imap: curl_easy_init failed");
    CURL* c = curl_;
    curl_easy_reset(c);
    std::string out;
    std::pair<std::string*, size_t> sink(&out, static_cast<size_t>(max_bytes_));
    char errbuf[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "imap,imaps");
    curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
    curl_easy_setopt(c, CURLOPT_USERNAME, user_.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, password_.c_str());
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_ms_));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::min<int64_t>(timeout_ms_, 10'000)));
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, OnData);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
    if (!command.empty()) curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, command.c_str());
    CURLcode rc = curl_easy_perform(c);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, nullptr);
    if (rc == CURLE_OK) return out;
    std::string detail = errbuf[0] != '\0' ? errbuf : curl_easy_strerror(rc);
    std::string msg = "imap " + what + ": " + detail;
    switch (rc) {
      case CURLE_WRITE_ERROR:
        return Status::Corruption("imap " + what + ": larger than " + std::to_string(max_bytes_) + " bytes");
      case CURLE_OPERATION_TIMEDOUT:
        return Status::Timeout(msg);
      case CURLE_LOGIN_DENIED:
        return Status::Permanent(msg + " (check username and password)");
      case CURLE_UNSUPPORTED_PROTOCOL:
      case CURLE_URL_MALFORMAT:
        return Status::InvalidArgument(msg);
      case CURLE_QUOTE_ERROR:
      case CURLE_REMOTE_ACCESS_DENIED:
      case CURLE_REMOTE_FILE_NOT_FOUND:
        return Status::Permanent(msg);
      default:
        return Status::Unavailable(msg);
    }
  }

 private:
  CURL* curl_ = nullptr;
  std::string user_;
  std::string password_;
  int64_t timeout_ms_;
  int64_t max_bytes_;
};

struct ImapCursor {
  int64_t uidvalidity = 0;
  int64_t uid = 0;
};

std::string EncodeCursor(const ImapCursor& c) {
  return "{\"v\":1,\"uidvalidity\":" + std::to_string(c.uidvalidity) + ",\"uid\":" + std::to_string(c.uid) + "}";
}

bool DecodeCursor(const std::string& text, ImapCursor* c) {
  rapidjson::Document d;
  d.Parse(text.data(), text.size());
  if (d.HasParseError() || !d.IsObject() || JsonInt(d, "v", 0) != 1) return false;
  c->uidvalidity = JsonInt(d, "uidvalidity", -1);
  c->uid = JsonInt(d, "uid", -1);
  return c->uidvalidity > 0 && c->uid >= 0;
}

// "... [UIDVALIDITY 1795436843] ..." -> 1795436843; -1 when absent.
int64_t ParseUidValidity(const std::string& response) {
  size_t p = response.find("[UIDVALIDITY ");
  if (p == std::string::npos) return -1;
  p += 13;
  int64_t v = 0;
  size_t digits = 0;
  for (; p < response.size() && response[p] >= '0' && response[p] <= '9' && digits < 12; ++p, ++digits) {
    v = v * 10 + (response[p] - '0');
  }
  return digits == 0 ? -1 : v;
}

// The numbers of every "* SEARCH n n n" line.
std::vector<int64_t> ParseSearch(const std::string& response) {
  std::vector<int64_t> uids;
  size_t pos = 0;
  while ((pos = response.find("* SEARCH", pos)) != std::string::npos) {
    pos += 8;
    size_t end = response.find('\n', pos);
    std::string line = response.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    int64_t v = 0;
    bool in = false;
    for (char ch : line + " ") {
      if (ch >= '0' && ch <= '9' && v < 1'000'000'000'000) {
        v = v * 10 + (ch - '0');
        in = true;
      } else {
        if (in) uids.push_back(v);
        v = 0;
        in = false;
      }
    }
  }
  return uids;
}

// The UIDs among the untagged answers to "UID FETCH set (FLAGS)" whose FLAGS
// lack \Seen: "* 3 FETCH (UID 7 FLAGS (\Recent))". Field order is the
// server's, so both items are looked up by name.
std::vector<int64_t> ParseUnseen(const std::string& response) {
  std::vector<int64_t> unseen;
  size_t start = 0;
  while (start < response.size()) {
    size_t end = response.find('\n', start);
    if (end == std::string::npos) end = response.size();
    std::string line = response.substr(start, end - start);
    start = end + 1;
    size_t uid_at = line.find("UID ");
    size_t flags_at = line.find("FLAGS (");
    if (line.rfind("* ", 0) != 0 || uid_at == std::string::npos || flags_at == std::string::npos) continue;
    size_t flags_end = line.find(')', flags_at);
    std::string flags = line.substr(flags_at, flags_end == std::string::npos ? std::string::npos : flags_end - flags_at);
    int64_t uid = std::strtoll(line.c_str() + uid_at + 4, nullptr, 10);
    if (uid > 0 && flags.find("\\Seen") == std::string::npos) unseen.push_back(uid);
  }
  return unseen;
}

std::string UidSet(const std::vector<int64_t>& uids) {
  std::string set;
  for (int64_t uid : uids) set += (set.empty() ? "" : ",") + std::to_string(uid);
  return set;
}

// IMAP date for SEARCH SINCE: "05-Mar-2024".
std::string ImapDate(int64_t ms) {
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d-%s-%04d", tm.tm_mday, kMonths[tm.tm_mon], tm.tm_year + 1900);
  return buf;
}

class ImapSource : public Source {
 public:
  ImapSource(const SourceConfig& config, const SourceContext& ctx, std::string password)
      : Source(config.name), ctx_(ctx) {
    const Options& o = config.options;
    std::string url = o.GetString("url");
    size_t authority = url.find("://") + 3;
    size_t slash = url.find('/', authority);
    root_ = url.substr(0, slash);
    mailbox_ = slash == std::string::npos ? "" : url.substr(slash + 1);
    while (!mailbox_.empty() && mailbox_.back() == '/') mailbox_.pop_back();
    if (mailbox_.empty()) mailbox_ = "INBOX";
    from_ = o.GetString("from", kAlertsSender);
    language_ = o.GetString("language");
    max_messages_ = static_cast<size_t>(o.GetInt("max_messages", 50));
    int64_t lookback_hours = o.GetInt("lookback_hours", 0);
    lookback_ms_ = lookback_hours > 0 ? lookback_hours * kHourMs : ctx.lookback_ms;
    session_ = std::make_unique<ImapSession>(o.GetString("username"), std::move(password),
                                             static_cast<int64_t>(o.GetDouble("timeout_seconds", 30) * 1000),
                                             o.GetInt("max_message_mb", 16) << 20);
  }

  const char* type() const override { return "imap"; }

  Status Fetch(const std::string& cursor_text, FetchResult* out) override {
    const int64_t now = ctx_.clock->NowMs();
    ImapCursor cursor;
    bool first_run = cursor_text.empty();
    if (!first_run && !DecodeCursor(cursor_text, &cursor)) {
      log::Warn("source.cursor_unreadable").Kv("source", name());
      first_run = true;
    }
    ++out->pages;
    auto examined = session_->Run(root_ + "/", "EXAMINE \"" + PercentDecode(mailbox_) + "\"", "EXAMINE " + mailbox_);
    if (!examined.ok()) return Failed(examined.status());
    int64_t validity = ParseUidValidity(*examined);
    if (validity <= 0) {
      return Failed(Status::Corruption("imap EXAMINE " + mailbox_ + ": no UIDVALIDITY in the answer"));
    }
    if (!first_run && cursor.uidvalidity != validity) {
      log::Warn("source.uidvalidity_changed")
          .Kv("source", name())
          .Kv("was", cursor.uidvalidity)
          .Kv("now", validity);
      first_run = true;
    }
    const int64_t cutoff = now - lookback_ms_;
    ImapCursor next;
    next.uidvalidity = validity;
    next.uid = first_run ? 0 : cursor.uid;

    std::string search = first_run ? "UID SEARCH SINCE " + ImapDate(cutoff)
                                   : "UID SEARCH UID " + std::to_string(next.uid + 1) + ":*";
    if (!from_.empty()) search += " FROM \"" + from_ + "\"";
    ++out->pages;
    auto found = session_->Run(MailboxUrl(), search, "SEARCH " + mailbox_);
    if (!found.ok()) return Failed(found.status());
    std::vector<int64_t> uids;
    for (int64_t uid : ParseSearch(*found)) {
      if (uid > next.uid) uids.push_back(uid);  // "N:*" always matches the last UID
    }
    std::sort(uids.begin(), uids.end());
    uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
    if (uids.size() > max_messages_) {
      log::Warn("source.truncated").Kv("source", name()).Kv("messages", uids.size()).Kv("max_messages",
                                                                                        max_messages_);
      uids.resize(max_messages_);  // the oldest first; the rest next run
    }

    // Which of them are unread now, to leave them so (see the top).
    std::vector<int64_t> unseen;
    if (!uids.empty()) {
      ++out->pages;
      auto flags = session_->Run(MailboxUrl(), "UID FETCH " + UidSet(uids) + " (FLAGS)", "FLAGS " + mailbox_);
      if (!flags.ok()) return Failed(flags.status());
      unseen = ParseUnseen(*flags);
    }
    std::vector<int64_t> read;  // fetched and unread before: \Seen to clear

    int messages = 0;
    Status st = Status::OK();
    for (int64_t uid : uids) {
      ++out->pages;
      const std::string where = "source " + name() + ": message UID " + std::to_string(uid);
      auto raw = session_->Run(MailboxUrl() + ";UIDVALIDITY=" + std::to_string(validity) + ";UID=" +
                                   std::to_string(uid),
                               "", "FETCH UID " + std::to_string(uid));
      if (std::find(unseen.begin(), unseen.end(), uid) != unseen.end()) read.push_back(uid);
      if (!raw.ok()) {
        if (raw.status().code() == Status::Code::kCorruption) {
          // Too large: refuse this one message, go on with the others.
          out->rejected.push_back(where + ": " + raw.status().message());
          next.uid = uid;
          continue;
        }
        st = raw.status();
        break;
      }
      ++messages;
      auto mail = ParseMail(*raw);
      if (!mail.ok()) {
        out->rejected.push_back(where + ": " + mail.status().message());
        next.uid = uid;
        continue;
      }
      if (!from_.empty() && mail->from != from_) {
        next.uid = uid;  // the server's FROM search is a substring match
        continue;
      }
      if (first_run && mail->date_ms >= 0 && mail->date_ms < cutoff) {
        next.uid = uid;  // SEARCH SINCE has day granularity
        continue;
      }
      AddMentions(*mail, uid, now, out);
      next.uid = uid;
    }
    if (!read.empty()) {
      // Best effort: a failure here loses nothing but the unread mark.
      auto cleared = session_->Run(MailboxUrl(), "UID STORE " + UidSet(read) + " -FLAGS.SILENT (\\Seen)",
                                   "STORE " + mailbox_);
      if (!cleared.ok()) {
        log::Warn("source.unread_not_restored")
            .Kv("source", name())
            .Kv("messages", read.size())
            .Kv("error", cleared.status().message());
      }
    }
    std::sort(out->mentions.begin(), out->mentions.end(),
              [](const Mention& a, const Mention& b) { return a.published_ms > b.published_ms; });
    out->next_cursor = EncodeCursor(next);
    log::Info("source.fetched")
        .Kv("source", name())
        .Kv("messages", messages)
        .Kv("new", out->mentions.size())
        .Kv("uid", next.uid)
        .Kv("rejected", out->rejected.size())
        .Kv("ok", st.ok());
    if (!st.ok()) return Failed(st);
    return Status::OK();
  }

 private:
  std::string MailboxUrl() const { return root_ + "/" + mailbox_; }

  Status Failed(Status st) {
    st = st.WithContext("source " + name());
    log::Error("source.fetch_failed").Kv("source", name()).Kv("error", st.message());
    return st;
  }

  void AddMentions(const MailMessage& mail, int64_t uid, int64_t now, FetchResult* out) {
    std::vector<AlertResult> results = ParseGoogleAlertsHtml(mail.html);
    if (results.empty() && mail.html.empty()) {
      out->rejected.push_back("source " + name() + ": message UID " + std::to_string(uid) + " (" + mail.subject +
                              "): no HTML part");
      return;
    }
    const std::string thread = mail.message_id.empty() ? "uid:" + std::to_string(uid) : mail.message_id;
    int index = 0;
    for (const AlertResult& r : results) {
      ++index;
      Mention m;
      m.source_type = "imap";
      m.source_name = name();
      m.seen_in = {name()};
      m.source_id = thread + "#" + std::to_string(index);
      m.id = DedupKey(r.url, "imap", r.url.empty() ? m.source_id : "", r.title, r.publisher);
      m.url = r.url;
      m.title = r.title;
      m.text = r.snippet;
      m.publisher = r.publisher;
      m.thread = thread;
      m.published_ms = mail.date_ms >= 0 ? std::min(mail.date_ms, now) : now;
      m.fetched_ms = now;
      m.lang = language_;
      out->mentions.push_back(std::move(m));
    }
  }

  SourceContext ctx_;
  std::string root_;
  std::string mailbox_;
  std::string from_;
  std::string language_;
  size_t max_messages_;
  int64_t lookback_ms_;
  std::unique_ptr<ImapSession> session_;
};

Result<std::unique_ptr<Source>> Create(const SourceConfig& config, const SourceContext& ctx) {
  const Options& o = config.options;
  std::string url = o.GetString("url");
  std::string lower = url.substr(0, 8);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  OptionChecks c(config);
  c.Require(ctx.clock != nullptr, "needs a clock")
      .Require(lower.rfind("imap://", 0) == 0 || lower.rfind("imaps://", 0) == 0,
               "option url must start with imap:// or imaps://, e.g. imaps://imap.gmail.com/INBOX")
      .Require(!o.GetString("username").empty(), "option username is required")
      .IntIn("max_messages", 50, 1, 1000)
      .IntIn("max_message_mb", 16, 1, 1024)
      .Timeout(30)
      .Lookback()
      .Require(!o.GetString("password").empty(), "option password is required (env:NAME or file:PATH)");
  if (!c.ok()) return c.status();
  auto password = OptionalSecret(config, "password");
  if (!password.ok()) return password.status();
  return std::unique_ptr<Source>(new ImapSource(config, ctx, std::move(password).value()));
}

}  // namespace

SourceType ImapSourceType() {
  SourceType t;
  t.name = "imap";
  t.description = "Google Alerts e-mails read from an IMAP mailbox (UID cursor)";
  t.options = {
      {"url", OptionType::kString, "", "mailbox URL, e.g. imaps://imap.gmail.com/INBOX", true},
      {"username", OptionType::kString, "", "IMAP login", true},
      {"password", OptionType::kSecret, "", "IMAP password or app password: env:NAME or file:PATH", true},
      {"from", OptionType::kString, kAlertsSender, "only messages from this sender (empty = all)"},
      {"lookback_hours", OptionType::kInt, "0", "first run: how far back (0 = the run's default)"},
      {"max_messages", OptionType::kInt, "50", "at most this many messages per fetch, oldest first"},
      {"max_message_mb", OptionType::kInt, "16", "refuse messages larger than this"},
      {"timeout_seconds", OptionType::kDouble, "30.0", "per-command timeout"},
      {"language", OptionType::kString, "", "ISO 639-1 language of the alerts (empty = identify later)"},
  };
  t.create = Create;
  return t;
}

}  // namespace veille
