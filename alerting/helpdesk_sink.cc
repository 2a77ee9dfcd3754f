// The HTTP helpdesk sinks (Zendesk, Freshdesk, JSM, webhook) and the e-mail
// sink. One small class per helpdesk: the request it builds and where it
// finds the ticket id in the answer; the status mapping is shared.
#include "alerting/helpdesk_sink.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <string_view>
#include <optional>
#include <string>

#include "alerting/email.h"
#include "alerting/text.h"
#include "collectors/http_client.h"
#include "common/log.h"

namespace veille {
namespace {

using alerting_internal::Excerpt;
using alerting_internal::RepairUtf8;
using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void Str(Writer& w, const std::string& value) {
  std::string clean = RepairUtf8(value);
  w.String(clean.data(), static_cast<rapidjson::SizeType>(clean.size()));
}
void KeyStr(Writer& w, const char* key, const std::string& value) {
  w.Key(key);
  Str(w, value);
}
void Tags(Writer& w, const char* key, const std::vector<std::string>& tags) {
  w.Key(key);
  w.StartArray();
  for (const std::string& t : tags) Str(w, t);
  w.EndArray();
}

// RFC 3986 unreserved characters stay, everything else is %XX.
std::string QueryEscape(std::string_view s) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

// Maps an HTTP exchange onto the TicketSink Status contract.
Status Classify(const char* helpdesk, const char* what, const Result<HttpResponse>& r, int64_t now_ms) {
  std::string where = std::string(helpdesk) + " " + what;
  if (!r.ok()) {
    const Status& st = r.status();
    if (st.code() == Status::Code::kTimeout) return Status::Timeout(where + ": " + st.message());
    if (st.code() == Status::Code::kInvalidArgument) return Status::InvalidArgument(where + ": " + st.message());
    // Reset, refused, truncated answer: the helpdesk may or may not have
    // acted, the caller looks the ticket up before trying again.
    return Status::Unavailable(where + ": " + st.message());
  }
  long code = r->status;
  if (code >= 200 && code < 300) return Status::OK();
  std::string answer = Excerpt(RepairUtf8(r->body), 300);
  std::string msg = where + ": HTTP " + std::to_string(code) + (answer.empty() ? "" : ": " + answer);
  if (code == 429) return Status::RateLimited(msg, ParseRetryAfterMs(r->Header("Retry-After"), now_ms));
  if (code == 408 || code >= 500) return Status::Unavailable(msg);
  return Status::Permanent(msg);
}

Result<rapidjson::Document> ParseJson(const char* helpdesk, const std::string& body) {
  rapidjson::Document doc;
  doc.Parse(body.data(), body.size());
  if (doc.HasParseError() || !doc.IsObject()) {
    return Status::Corruption(std::string(helpdesk) + ": answer is not a JSON object: " +
                              Excerpt(RepairUtf8(body), 120));
  }
  return doc;
}

// A JSON id (number or string) as text; "" when absent.
std::string IdText(const rapidjson::Value& obj, const char* key) {
  if (!obj.IsObject()) return "";
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd()) return "";
  if (it->value.IsString()) return std::string(it->value.GetString(), it->value.GetStringLength());
  if (it->value.IsInt64()) return std::to_string(it->value.GetInt64());
  if (it->value.IsUint64()) return std::to_string(it->value.GetUint64());
  return "";
}

// Whether any object of `list` has a string member among `fields` that
// contains `marker` (a note's external id, printed in its footer).
bool AnyContains(const rapidjson::Value& list, std::initializer_list<const char*> fields, const std::string& marker) {
  if (!list.IsArray()) return false;
  for (const auto& item : list.GetArray()) {
    if (!item.IsObject()) continue;
    for (const char* f : fields) {
      auto it = item.FindMember(f);
      if (it != item.MemberEnd() && it->value.IsString() &&
          std::string_view(it->value.GetString(), it->value.GetStringLength()).find(marker) != std::string_view::npos) {
        return true;
      }
    }
  }
  return false;
}

// Shared plumbing of the HTTP sinks.
class HttpSink : public TicketSink {
 public:
  HttpSink(std::unique_ptr<HttpClient> http, HelpdeskOptions o) : http_(std::move(http)), o_(std::move(o)) {
    while (!o_.url.empty() && o_.url.back() == '/') o_.url.pop_back();
  }

 protected:
  HttpRequest Request(const std::string& method, const std::string& url) const {
    HttpRequest req;
    req.method = method;
    req.url = url;
    req.timeout_ms = o_.timeout_ms;
    req.connect_timeout_ms = std::min<int64_t>(o_.timeout_ms, 10'000);
    req.max_redirects = 0;  // a redirected POST could create twice
    req.headers.push_back({"Accept", "application/json"});
    if (method == "POST" || method == "PUT") req.headers.push_back({"Content-Type", "application/json"});
    return req;
  }

  // Sends and classifies; on success returns the parsed JSON answer (an
  // empty object when the body is empty).
  Result<rapidjson::Document> Exchange(const char* what, const HttpRequest& req) {
    auto r = http_->Send(req);
    Status st = Classify(type(), what, r, o_.clock->NowMs());
    if (!st.ok()) {
      log::Warn("ticket.http_failed").Kv("sink", type()).Kv("what", what).Kv("error", st.ToString());
      return st;
    }
    if (r->body.empty()) return rapidjson::Document(rapidjson::kObjectType);
    return ParseJson(type(), r->body);
  }

  std::unique_ptr<HttpClient> http_;
  HelpdeskOptions o_;
};

// ---------------------------------------------------------------- Zendesk

class ZendeskSink : public HttpSink {
 public:
  using HttpSink::HttpSink;
  const char* type() const override { return "zendesk"; }

  Result<TicketRef> Create(const Ticket& t) override {
    rapidjson::StringBuffer buf;
    Writer w(buf);
    w.StartObject();
    w.Key("ticket");
    w.StartObject();
    KeyStr(w, "subject", t.subject);
    w.Key("comment");
    w.StartObject();
    KeyStr(w, "body", t.body_text);
    KeyStr(w, "html_body", t.body_html);
    w.Key("public");
    w.Bool(false);  // an internal note: the requester is not the customer
    w.EndObject();
    KeyStr(w, "priority", t.priority);
    Tags(w, "tags", t.tags);
    KeyStr(w, "external_id", t.external_id);
    if (!o_.requester_email.empty()) {
      w.Key("requester");
      w.StartObject();
      KeyStr(w, "name", t.requester_name.empty() ? t.requester_handle : t.requester_name);
      KeyStr(w, "email", o_.requester_email);
      w.EndObject();
    }
    w.EndObject();
    w.EndObject();
    HttpRequest req = Auth(Request("POST", o_.url + "/api/v2/tickets.json"));
    req.body.assign(buf.GetString(), buf.GetSize());
    auto doc = Exchange("create", req);
    if (!doc.ok()) return doc.status();
    auto it = doc->FindMember("ticket");
    std::string id = it == doc->MemberEnd() ? "" : IdText(it->value, "id");
    if (id.empty()) return Status::Corruption("zendesk create: no ticket.id in the answer");
    return TicketRef{id, o_.url + "/agent/tickets/" + id};
  }

  Result<std::optional<TicketRef>> Find(const std::string& external_id) override {
    auto doc = Exchange("lookup", Auth(Request("GET", o_.url + "/api/v2/tickets.json?external_id=" +
                                                          QueryEscape(external_id))));
    if (!doc.ok()) return doc.status();
    auto it = doc->FindMember("tickets");
    if (it == doc->MemberEnd() || !it->value.IsArray() || it->value.Empty()) return std::optional<TicketRef>();
    std::string id = IdText(it->value[0], "id");
    if (id.empty()) return Status::Corruption("zendesk lookup: a ticket without id");
    return std::optional<TicketRef>(TicketRef{id, o_.url + "/agent/tickets/" + id});
  }

  // Update Ticket with a private comment.
  Status AddNote(const TicketRef& ticket, const Ticket& note) override {
    rapidjson::StringBuffer buf;
    Writer w(buf);
    w.StartObject();
    w.Key("ticket");
    w.StartObject();
    w.Key("comment");
    w.StartObject();
    KeyStr(w, "body", note.body_text);
    KeyStr(w, "html_body", note.body_html);
    w.Key("public");
    w.Bool(false);
    w.EndObject();
    w.EndObject();
    w.EndObject();
    HttpRequest req = Auth(Request("PUT", o_.url + "/api/v2/tickets/" + QueryEscape(ticket.id) + ".json"));
    req.body.assign(buf.GetString(), buf.GetSize());
    return Exchange("note", req).status();
  }

  Result<bool> HasNote(const TicketRef& ticket, const std::string& note_external_id) override {
    auto doc = Exchange("note lookup",
                        Auth(Request("GET", o_.url + "/api/v2/tickets/" + QueryEscape(ticket.id) + "/comments.json")));
    if (!doc.ok()) return doc.status();
    auto it = doc->FindMember("comments");
    return it != doc->MemberEnd() && AnyContains(it->value, {"body", "html_body", "plain_body"}, note_external_id);
  }

 private:
  HttpRequest Auth(HttpRequest req) const {
    req.basic_auth = o_.user + "/token:" + o_.token;
    return req;
  }
};

// ---------------------------------------------------------------- Freshdesk

class FreshdeskSink : public HttpSink {
 public:
  using HttpSink::HttpSink;
  const char* type() const override { return "freshdesk"; }

  Result<TicketRef> Create(const Ticket& t) override {
    rapidjson::StringBuffer buf;
    Writer w(buf);
    w.StartObject();
    KeyStr(w, "subject", t.subject);
    KeyStr(w, "description", t.body_html);
    KeyStr(w, "email", o_.requester_email);
    std::string name = t.requester_name.empty() ? t.requester_handle : t.requester_name;
    if (!name.empty()) KeyStr(w, "name", name);
    w.Key("priority");
    w.Int(FreshdeskPriority(t.priority));
    w.Key("status");
    w.Int(2);  // open
    w.Key("source");
    w.Int64(o_.freshdesk_source);
    if (o_.freshdesk_group_id > 0) {
      w.Key("group_id");
      w.Int64(o_.freshdesk_group_id);
    }
    std::vector<std::string> tags = t.tags;
    tags.push_back(t.external_id);  // what Find() searches for
    Tags(w, "tags", tags);
    w.EndObject();
    HttpRequest req = Auth(Request("POST", o_.url + "/api/v2/tickets"));
    req.body.assign(buf.GetString(), buf.GetSize());
    auto doc = Exchange("create", req);
    if (!doc.ok()) return doc.status();
    std::string id = IdText(*doc, "id");
    if (id.empty()) return Status::Corruption("freshdesk create: no id in the answer");
    return TicketRef{id, o_.url + "/a/tickets/" + id};
  }

  Result<std::optional<TicketRef>> Find(const std::string& external_id) override {
    // The query value is wrapped in double quotes, string values in single ones.
    std::string query = "\"tag:'" + external_id + "'\"";
    auto doc = Exchange("lookup", Auth(Request("GET", o_.url + "/api/v2/search/tickets?query=" + QueryEscape(query))));
    if (!doc.ok()) return doc.status();
    auto it = doc->FindMember("results");
    if (it == doc->MemberEnd() || !it->value.IsArray() || it->value.Empty()) return std::optional<TicketRef>();
    std::string id = IdText(it->value[0], "id");
    if (id.empty()) return Status::Corruption("freshdesk lookup: a ticket without id");
    return std::optional<TicketRef>(TicketRef{id, o_.url + "/a/tickets/" + id});
  }

  // Create a Note, private.
  Status AddNote(const TicketRef& ticket, const Ticket& note) override {
    rapidjson::StringBuffer buf;
    Writer w(buf);
    w.StartObject();
    KeyStr(w, "body", note.body_html);
    w.Key("private");
    w.Bool(true);
    w.EndObject();
    HttpRequest req = Auth(Request("POST", o_.url + "/api/v2/tickets/" + QueryEscape(ticket.id) + "/notes"));
    req.body.assign(buf.GetString(), buf.GetSize());
    return Exchange("note", req).status();
  }

  Result<bool> HasNote(const TicketRef& ticket, const std::string& note_external_id) override {
    // The conversations list is a JSON array, not an object.
    HttpRequest req = Auth(Request("GET", o_.url + "/api/v2/tickets/" + QueryEscape(ticket.id) + "/conversations"));
    auto r = http_->Send(req);
    VEILLE_RETURN_IF_ERROR(Classify(type(), "note lookup", r, o_.clock->NowMs()));
    rapidjson::Document doc;
    doc.Parse(r->body.data(), r->body.size());
    if (doc.HasParseError() || !doc.IsArray()) return Status::Corruption("freshdesk note lookup: not a JSON array");
    return AnyContains(doc, {"body", "body_text"}, note_external_id);
  }

 private:
  HttpRequest Auth(HttpRequest req) const {
    req.basic_auth = o_.token + ":X";  // the API key as user, any password
    return req;
  }
};

// ---------------------------------------------------------------- JSM

class JsmSink : public HttpSink {
 public:
  using HttpSink::HttpSink;
  const char* type() const override { return "jsm"; }

  Result<TicketRef> Create(const Ticket& t) override {
    rapidjson::StringBuffer buf;
    Writer w(buf);
    w.StartObject();
    KeyStr(w, "serviceDeskId", o_.jsm_service_desk_id);
    KeyStr(w, "requestTypeId", o_.jsm_request_type_id);
    w.Key("requestFieldValues");
    w.StartObject();
    // Jira's summary holds 255 characters.
    KeyStr(w, "summary", t.subject.size() <= 255 ? t.subject : Excerpt(t.subject, 250));
    KeyStr(w, "description", t.body_text);
    std::vector<std::string> labels;
    for (const std::string& tag : t.tags) labels.push_back(tag);
    labels.push_back(t.external_id);  // what Find() searches for
    Tags(w, "labels", labels);
    if (o_.jsm_set_priority) {
      w.Key("priority");
      w.StartObject();
      KeyStr(w, "name", JiraPriorityName(t.priority));
      w.EndObject();
    }
    w.EndObject();
    w.EndObject();
    HttpRequest req = Auth(Request("POST", o_.url + "/rest/servicedeskapi/request"));
    req.body.assign(buf.GetString(), buf.GetSize());
    auto doc = Exchange("create", req);
    if (!doc.ok()) return doc.status();
    std::string key = IdText(*doc, "issueKey");
    if (key.empty()) return Status::Corruption("jsm create: no issueKey in the answer");
    std::string url;
    auto links = doc->FindMember("_links");
    if (links != doc->MemberEnd()) url = IdText(links->value, "web");
    if (url.empty()) url = o_.url + "/browse/" + key;
    return TicketRef{key, url};
  }

  Result<std::optional<TicketRef>> Find(const std::string& external_id) override {
    std::string jql = "labels = \"" + external_id + "\"";
    auto doc = Exchange("lookup", Auth(Request("GET", o_.url + "/rest/api/3/search/jql?jql=" + QueryEscape(jql) +
                                                          "&fields=key&maxResults=1")));
    if (!doc.ok()) return doc.status();
    auto it = doc->FindMember("issues");
    if (it == doc->MemberEnd() || !it->value.IsArray() || it->value.Empty()) return std::optional<TicketRef>();
    std::string key = IdText(it->value[0], "key");
    if (key.empty()) return Status::Corruption("jsm lookup: an issue without key");
    return std::optional<TicketRef>(TicketRef{key, o_.url + "/browse/" + key});
  }

  // Create request comment, internal (public: false).
  Status AddNote(const TicketRef& ticket, const Ticket& note) override {
    rapidjson::StringBuffer buf;
    Writer w(buf);
    w.StartObject();
    KeyStr(w, "body", note.body_text);
    w.Key("public");
    w.Bool(false);
    w.EndObject();
    HttpRequest req =
        Auth(Request("POST", o_.url + "/rest/servicedeskapi/request/" + QueryEscape(ticket.id) + "/comment"));
    req.body.assign(buf.GetString(), buf.GetSize());
    return Exchange("note", req).status();
  }

  Result<bool> HasNote(const TicketRef& ticket, const std::string& note_external_id) override {
    auto doc = Exchange("note lookup", Auth(Request("GET", o_.url + "/rest/servicedeskapi/request/" +
                                                               QueryEscape(ticket.id) +
                                                               "/comment?public=false&internal=true&limit=100")));
    if (!doc.ok()) return doc.status();
    auto it = doc->FindMember("values");
    return it != doc->MemberEnd() && AnyContains(it->value, {"body"}, note_external_id);
  }

 private:
  HttpRequest Auth(HttpRequest req) const {
    req.basic_auth = o_.user + ":" + o_.token;
    return req;
  }
};

// ---------------------------------------------------------------- webhook

class WebhookSink : public HttpSink {
 public:
  using HttpSink::HttpSink;
  const char* type() const override { return "webhook"; }

  Result<TicketRef> Create(const Ticket& t) override {
    HttpRequest req = Request("POST", o_.url);
    req.body = BuildWebhookPayload(t);
    std::string ts = std::to_string(o_.clock->NowMs() / 1000);
    req.headers.push_back({"X-Veille-Timestamp", ts});
    req.headers.push_back({"X-Veille-Signature", "sha256=" + HmacSha256Hex(o_.token, ts + "." + req.body)});
    req.headers.push_back({"X-Veille-Idempotency-Key", StripHeaderValue(t.external_id)});
    auto doc = Exchange("create", req);
    if (!doc.ok()) {
      // A receiver answering 2xx with a non-JSON body still took the ticket.
      if (doc.status().code() != Status::Code::kCorruption) return doc.status();
      return TicketRef{t.external_id, ""};
    }
    std::string id = IdText(*doc, "id");
    return TicketRef{id.empty() ? t.external_id : id, IdText(*doc, "url")};
  }

  // The same POST with {"event":"note","ticket_id":...} and
  // X-Veille-Event: note; the note's external id is the idempotency key.
  Status AddNote(const TicketRef& ticket, const Ticket& note) override {
    HttpRequest req = Request("POST", o_.url);
    req.body = BuildWebhookPayload(note);
    // {"external_id":...} -> {"event":"note","ticket_id":"<id>","external_id":...}
    std::string prefix = "{\"event\":\"note\",\"ticket_id\":";
    rapidjson::StringBuffer idbuf;
    Writer iw(idbuf);
    Str(iw, ticket.id);
    req.body = prefix + std::string(idbuf.GetString(), idbuf.GetSize()) + "," + req.body.substr(1);
    std::string ts = std::to_string(o_.clock->NowMs() / 1000);
    req.headers.push_back({"X-Veille-Event", "note"});
    req.headers.push_back({"X-Veille-Timestamp", ts});
    req.headers.push_back({"X-Veille-Signature", "sha256=" + HmacSha256Hex(o_.token, ts + "." + req.body)});
    req.headers.push_back({"X-Veille-Idempotency-Key", StripHeaderValue(note.external_id)});
    auto r = http_->Send(req);
    return Classify(type(), "note", r, o_.clock->NowMs());
  }

  Result<bool> HasNote(const TicketRef&, const std::string& note_external_id) override {
    auto found = Find(note_external_id);
    if (!found.ok()) return found.status();
    return found->has_value();
  }

  Result<std::optional<TicketRef>> Find(const std::string& external_id) override {
    if (o_.webhook_lookup_url.empty()) return std::optional<TicketRef>();
    std::string url = o_.webhook_lookup_url;
    url += (url.find('?') == std::string::npos ? "?" : "&");
    url += "external_id=" + QueryEscape(external_id);
    HttpRequest req = Request("GET", url);
    std::string ts = std::to_string(o_.clock->NowMs() / 1000);
    req.headers.push_back({"X-Veille-Timestamp", ts});
    req.headers.push_back({"X-Veille-Signature", "sha256=" + HmacSha256Hex(o_.token, ts + "." + external_id)});
    auto r = http_->Send(req);
    if (r.ok() && r->status == 404) return std::optional<TicketRef>();
    Status st = Classify(type(), "lookup", r, o_.clock->NowMs());
    if (!st.ok()) return st;
    auto doc = ParseJson(type(), r->body);
    if (!doc.ok()) return doc.status();
    std::string id = IdText(*doc, "id");
    if (id.empty()) return std::optional<TicketRef>();
    return std::optional<TicketRef>(TicketRef{id, IdText(*doc, "url")});
  }
};

// ---------------------------------------------------------------- e-mail

class EmailTicketSink : public TicketSink {
 public:
  EmailTicketSink(std::unique_ptr<Mailer> mailer, EmailTicketOptions o, Clock* clock)
      : mailer_(std::move(mailer)), o_(std::move(o)), clock_(clock) {}
  const char* type() const override { return "email"; }

  Result<TicketRef> Create(const Ticket& t) override {
    Email e;
    e.from = o_.from;
    e.to = o_.to;
    e.subject = t.subject;
    e.text = t.body_text;
    e.html = t.body_html;
    e.idempotency_key = "ticket/" + t.external_id;
    e.date_ms = clock_->NowMs();
    e.extra_headers = {{"X-Veille-External-Id", t.external_id},
                       {"X-Veille-Priority", t.priority},
                       {"X-Veille-Brand", t.brand},
                       {"Auto-Submitted", "auto-generated"}};
    Status st = mailer_->Send(e);
    if (!st.ok()) return st.WithContext("email ticket");
    return TicketRef{EffectiveMessageId(e), ""};
  }

  Result<std::optional<TicketRef>> Find(const std::string&) override { return std::optional<TicketRef>(); }

  // A reply to the ticket's message: helpdesks thread it into the ticket.
  Status AddNote(const TicketRef& ticket, const Ticket& note) override {
    Email e;
    e.from = o_.from;
    e.to = o_.to;
    e.subject = note.subject;
    e.text = note.body_text;
    e.html = note.body_html;
    e.idempotency_key = "ticket-note/" + note.external_id;
    e.date_ms = clock_->NowMs();
    std::string parent = "<" + StripHeaderValue(ticket.id) + ">";
    e.extra_headers = {{"In-Reply-To", parent},
                       {"References", parent},
                       {"X-Veille-External-Id", note.external_id},
                       {"X-Veille-Brand", note.brand},
                       {"Auto-Submitted", "auto-generated"}};
    Status st = mailer_->Send(e);
    return st.ok() ? st : st.WithContext("email note");
  }

 private:
  std::unique_ptr<Mailer> mailer_;
  EmailTicketOptions o_;
  Clock* clock_;
};

}  // namespace

int FreshdeskPriority(const std::string& p) {
  if (p == "urgent") return 4;
  if (p == "high") return 3;
  if (p == "normal") return 2;
  return 1;
}

std::string JiraPriorityName(const std::string& p) {
  if (p == "urgent") return "Highest";
  if (p == "high") return "High";
  if (p == "normal") return "Medium";
  return "Low";
}

std::string BuildWebhookPayload(const Ticket& t) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  KeyStr(w, "external_id", t.external_id);
  KeyStr(w, "brand", t.brand);
  KeyStr(w, "subject", t.subject);
  KeyStr(w, "body_text", t.body_text);
  KeyStr(w, "body_html", t.body_html);
  KeyStr(w, "priority", t.priority);
  Tags(w, "tags", t.tags);
  KeyStr(w, "lang", t.lang);
  w.Key("requester");
  w.StartObject();
  KeyStr(w, "name", t.requester_name);
  KeyStr(w, "handle", t.requester_handle);
  w.EndObject();
  w.Key("mentions");
  w.StartArray();
  for (const ScoredMention& m : t.mentions) {
    std::string json = RepairUtf8(ToJson(m));
    w.RawValue(json.data(), json.size(), rapidjson::kObjectType);
  }
  w.EndArray();
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

std::string HmacSha256Hex(std::string_view key, std::string_view data) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), mac, &len);
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(kHex[mac[i] >> 4]);
    out.push_back(kHex[mac[i] & 15]);
  }
  return out;
}

std::unique_ptr<TicketSink> NewZendeskTicketSink(std::unique_ptr<HttpClient> http, HelpdeskOptions o) {
  return std::make_unique<ZendeskSink>(std::move(http), std::move(o));
}
std::unique_ptr<TicketSink> NewFreshdeskTicketSink(std::unique_ptr<HttpClient> http, HelpdeskOptions o) {
  return std::make_unique<FreshdeskSink>(std::move(http), std::move(o));
}
std::unique_ptr<TicketSink> NewJsmTicketSink(std::unique_ptr<HttpClient> http, HelpdeskOptions o) {
  return std::make_unique<JsmSink>(std::move(http), std::move(o));
}
std::unique_ptr<TicketSink> NewWebhookTicketSink(std::unique_ptr<HttpClient> http, HelpdeskOptions o) {
  return std::make_unique<WebhookSink>(std::move(http), std::move(o));
}
std::unique_ptr<TicketSink> NewEmailTicketSink(std::unique_ptr<Mailer> mailer, EmailTicketOptions o, Clock* clock) {
  return std::make_unique<EmailTicketSink>(std::move(mailer), std::move(o), clock);
}

}  // namespace veille
