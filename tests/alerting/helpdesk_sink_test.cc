// The HTTP helpdesk sinks against fake helpdesks on loopback. Each fake
// checks the request exactly as the real API expects it (method, path, Basic
// auth or HMAC signature, Content-Type, every body field) and answers like
// the real one: 201, 401, 422, 429 with Retry-After, 500, a hang, and a 201
// whose answer is lost (the ticket exists, the connection drops). It keeps
// the tickets it made, so a test can count them: never two for one mention.
#include <gtest/gtest.h>

#include <rapidjson/document.h>

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "alerting/helpdesk_sink.h"
#include "collectors/http_client.h"
#include "common/clock.h"
#include "common/log.h"
#include "tests/support/loopback_http_server.h"

namespace veille {
namespace {

using testing::LoopbackHttpServer;
using testing::RecordedRequest;
using testing::ScriptedResponse;

ScoredMention Mention1() {
  ScoredMention sm;
  Mention& m = sm.mention;
  m.id = "https://www.reddit.com/r/france/comments/abc123/";
  m.source_type = "reddit";
  m.url = "https://www.reddit.com/r/france/comments/abc123/";
  m.title = "Acme m'a facturé deux fois";
  // Hostile text: quotes, braces, CR/LF, a fake JSON continuation.
  m.text = "Remboursement ?\r\n\"}],\"priority\":\"low\",\"x\":{\" <script>alert(1)</script>";
  m.author.handle = "u/jeanne";
  m.author.name = "Jeanne \"J\" D.";
  m.author.followers = 120;
  m.published_ms = 1'795'425'069'000;
  m.lang = "fr";
  sm.verdict.score = -0.82;
  sm.verdict.label = SentimentLabel::kNegative;
  sm.verdict.complaint = true;
  sm.verdict.reasons = {"facturé deux fois"};
  return sm;
}

std::string PercentDecode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out.push_back(static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i] == '+' ? ' ' : s[i]);
    }
  }
  return out;
}

// The value of query parameter `name` in `target`, decoded; "" if absent.
std::string QueryParam(const std::string& target, const std::string& name) {
  size_t q = target.find('?');
  if (q == std::string::npos) return "";
  std::string rest = target.substr(q + 1);
  size_t pos = 0;
  while (pos <= rest.size()) {
    size_t amp = rest.find('&', pos);
    std::string pair = rest.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
    size_t eq = pair.find('=');
    if (pair.substr(0, eq) == name) return eq == std::string::npos ? "" : PercentDecode(pair.substr(eq + 1));
    if (amp == std::string::npos) break;
    pos = amp + 1;
  }
  return "";
}

std::string StringField(const rapidjson::Value& obj, const char* key) {
  if (!obj.IsObject() || !obj.HasMember(key) || !obj[key].IsString()) return "<missing " + std::string(key) + ">";
  return obj[key].GetString();
}

std::vector<std::string> StringList(const rapidjson::Value& obj, const char* key) {
  std::vector<std::string> out;
  if (!obj.IsObject() || !obj.HasMember(key) || !obj[key].IsArray()) return {"<missing " + std::string(key) + ">"};
  for (const auto& v : obj[key].GetArray()) out.push_back(v.IsString() ? v.GetString() : "<not a string>");
  return out;
}

std::set<std::string> Keys(const rapidjson::Value& obj) {
  std::set<std::string> out;
  if (!obj.IsObject()) return out;
  for (const auto& m : obj.GetObject()) out.insert(m.name.GetString());
  return out;
}

enum class Answer { kCreated, k401, k422, k429, k500, kHang, kCreatedThenDropped };

// What differs between helpdesks, for the fake and for the test.
struct HelpdeskSpec {
  std::string name;
  std::string create_path;
  std::string lookup_path;
  std::string authorization;  // expected header value; "" = HMAC signature (webhook)
  // Checks the create body against the ticket; appends problems to *errors.
  std::function<void(const rapidjson::Document&, const Ticket&, std::vector<std::string>*)> check_body;
  // The external id a lookup asks for, from the request target ("" + error when malformed).
  std::function<std::string(const std::string& target, std::vector<std::string>*)> lookup_id;
  std::function<std::string(int64_t id)> created_body;
  std::function<std::string(const std::vector<int64_t>& ids)> lookup_body;
  std::string unauthorized_body;
  std::string invalid_body;
  std::string expected_id_prefix;  // what TicketRef::id looks like: "" = the number
  // Notes on an existing ticket: where they go, how they are listed.
  std::string note_method = "POST";
  std::function<std::string(const std::string& ticket_id)> note_path;
  std::function<std::string(const std::string& ticket_id)> note_lookup_path;
  std::function<void(const rapidjson::Document&, const Ticket& note, std::vector<std::string>*)> check_note;
  std::function<std::string(const std::vector<std::string>& note_external_ids)> note_list_body;
  std::function<std::unique_ptr<TicketSink>(const std::string& base, int64_t timeout_ms)> make;
};

const char kWebhookKey[] = "whsec-test-key";

// A stateful fake helpdesk: creates tickets, remembers their external ids,
// answers lookups, and misbehaves as told for the next create requests.
class FakeHelpdesk {
 public:
  explicit FakeHelpdesk(HelpdeskSpec spec) : spec_(std::move(spec)) {
    EXPECT_TRUE(server_.Start());
    server_.SetHandler(spec_.create_path, [this](const RecordedRequest& r) { return OnCreate(r); });
    if (spec_.lookup_path != spec_.create_path) {
      server_.SetHandler(spec_.lookup_path, [this](const RecordedRequest& r) { return OnLookup(r); });
    }
  }

  std::string base() const { return server_.Url(""); }
  void Script(std::vector<Answer> answers) {
    std::lock_guard<std::mutex> lock(mu_);
    script_ = std::move(answers);
  }
  void Expect(const Ticket& t) {
    std::lock_guard<std::mutex> lock(mu_);
    expected_ = t;
  }
  void ExpectNote(const Ticket& note) {
    std::lock_guard<std::mutex> lock(mu_);
    expected_note_ = note;
  }
  // Serves the note endpoints of ticket `id` (webhook: on its usual paths).
  void EnableNotes(const std::string& id) {
    if (spec_.name == "webhook") return;
    server_.SetHandler(spec_.note_path(id), [this, id](const RecordedRequest& r) { return OnNote(r, id); });
    if (spec_.note_lookup_path(id) != spec_.note_path(id)) {
      server_.SetHandler(spec_.note_lookup_path(id), [this, id](const RecordedRequest& r) { return OnNote(r, id); });
    }
  }
  int notes(const std::string& note_external_id) const {
    std::lock_guard<std::mutex> lock(mu_);
    int n = 0;
    for (const auto& [ticket, ids] : notes_) n += static_cast<int>(std::count(ids.begin(), ids.end(), note_external_id));
    return n;
  }
  int note_posts() const {
    std::lock_guard<std::mutex> lock(mu_);
    return note_posts_;
  }
  size_t tickets() const {
    std::lock_guard<std::mutex> lock(mu_);
    return by_external_.size();
  }
  int creates() const {
    std::lock_guard<std::mutex> lock(mu_);
    return creates_;
  }
  int lookups() const {
    std::lock_guard<std::mutex> lock(mu_);
    return lookups_;
  }
  std::vector<std::string> errors() const {
    std::lock_guard<std::mutex> lock(mu_);
    return errors_;
  }
  int64_t IdOf(const std::string& external_id) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = by_external_.find(external_id);
    return it == by_external_.end() ? -1 : it->second;
  }
  void Stop() { server_.Stop(); }

 private:
  static ScriptedResponse Json(int status, std::string body) {
    ScriptedResponse r;
    r.status = status;
    r.headers = {{"Content-Type", "application/json; charset=utf-8"}};
    r.body = std::move(body);
    return r;
  }

  void CheckAuth(const RecordedRequest& r, const std::string& signed_part) {
    if (!spec_.authorization.empty()) {
      if (r.Header("Authorization") != spec_.authorization) {
        errors_.push_back("Authorization: got \"" + r.Header("Authorization") + "\"");
      }
      return;
    }
    std::string ts = r.Header("X-Veille-Timestamp");
    std::string want = "sha256=" + HmacSha256Hex(kWebhookKey, ts + "." + signed_part);
    if (ts.empty() || r.Header("X-Veille-Signature") != want) {
      errors_.push_back("X-Veille-Signature: got \"" + r.Header("X-Veille-Signature") + "\" want \"" + want + "\"");
    }
  }

  // The next scripted answer, or "created".
  Answer Next() {
    Answer a = Answer::kCreated;
    if (!script_.empty()) {
      a = script_.front();
      script_.erase(script_.begin());
    }
    return a;
  }

  // A misbehaviour, or nothing (kCreated / kCreatedThenDropped go on).
  std::optional<ScriptedResponse> Misbehave(Answer a) {
    switch (a) {
      case Answer::k401: return Json(401, spec_.unauthorized_body);
      case Answer::k422: return Json(422, spec_.invalid_body);
      case Answer::k429: {
        ScriptedResponse resp = Json(429, "{\"error\":\"TooManyRequests\"}");
        resp.headers.push_back({"Retry-After", "7"});
        return resp;
      }
      case Answer::k500: return Json(500, "<html><body>Internal Server Error</body></html>");
      case Answer::kHang: {
        ScriptedResponse resp;
        resp.behavior = ScriptedResponse::Behavior::kHang;
        return resp;
      }
      case Answer::kCreated:
      case Answer::kCreatedThenDropped: break;
    }
    return std::nullopt;
  }

  ScriptedResponse OnNote(const RecordedRequest& r, const std::string& ticket_id) {
    std::lock_guard<std::mutex> lock(mu_);
    CheckAuth(r, "");
    if (r.method == "GET") {
      if (r.target.rfind(spec_.note_lookup_path(ticket_id), 0) != 0) errors_.push_back("note lookup " + r.target);
      return Json(200, spec_.note_list_body(notes_[ticket_id]));
    }
    return StoreNote(r, ticket_id);
  }

  ScriptedResponse StoreNote(const RecordedRequest& r, const std::string& ticket_id) {
    ++note_posts_;
    if (r.method != spec_.note_method) errors_.push_back("note: method " + r.method);
    if (spec_.name != "webhook" && r.target != spec_.note_path(ticket_id)) errors_.push_back("note: target " + r.target);
    if (r.Header("Content-Type").rfind("application/json", 0) != 0) errors_.push_back("note: Content-Type");
    rapidjson::Document doc;
    doc.Parse(r.body.c_str());
    if (doc.HasParseError() || !doc.IsObject()) {
      errors_.push_back("note: body is not a JSON object: " + r.body);
      return Json(400, "{}");
    }
    spec_.check_note(doc, expected_note_, &errors_);
    Answer a = Next();
    if (auto bad = Misbehave(a)) return *bad;
    if (spec_.name == "webhook" && std::count(notes_[ticket_id].begin(), notes_[ticket_id].end(),
                                              r.Header("X-Veille-Idempotency-Key"))) {
      return Json(200, "{}");  // the receiver deduplicates on the key
    }
    notes_[ticket_id].push_back(expected_note_.external_id);
    if (a == Answer::kCreatedThenDropped) {
      ScriptedResponse resp;
      resp.behavior = ScriptedResponse::Behavior::kCloseWithoutReply;
      return resp;
    }
    return Json(201, "{\"id\":77}");
  }

  ScriptedResponse OnCreate(const RecordedRequest& r) {
    std::lock_guard<std::mutex> lock(mu_);
    if (r.method == "GET") return OnLookupLocked(r);
    if (r.Header("X-Veille-Event") == "note") {
      CheckAuth(r, r.body);
      std::string ticket = r.body.substr(0, r.body.find(",\"external_id\""));
      ticket = ticket.substr(ticket.find("\"ticket_id\":\"") + 13);
      ticket = ticket.substr(0, ticket.find('"'));
      return StoreNote(r, ticket);
    }
    ++creates_;
    if (r.method != "POST") errors_.push_back("create: method " + r.method);
    if (r.target != spec_.create_path) errors_.push_back("create: target " + r.target);
    if (r.Header("Content-Type").rfind("application/json", 0) != 0) {
      errors_.push_back("create: Content-Type " + r.Header("Content-Type"));
    }
    CheckAuth(r, r.body);
    rapidjson::Document doc;
    doc.Parse(r.body.c_str());
    if (doc.HasParseError() || !doc.IsObject()) {
      errors_.push_back("create: body is not a JSON object: " + r.body);
      return Json(400, "{}");
    }
    spec_.check_body(doc, expected_, &errors_);

    Answer a = Next();
    if (auto bad = Misbehave(a)) return *bad;
    // The webhook receiver deduplicates on its idempotency key, as its
    // contract asks; the helpdesks would happily make a second ticket.
    std::string key = r.Header("X-Veille-Idempotency-Key");
    int64_t id;
    if (spec_.name == "webhook" && by_external_.count(key)) {
      id = by_external_[key];
    } else {
      id = next_id_++;
      std::string external = expected_.external_id;
      if (by_external_.count(external)) external += "#dup" + std::to_string(id);  // a duplicate: counted
      by_external_[external] = id;
    }
    if (a == Answer::kCreatedThenDropped) {
      ScriptedResponse resp;
      resp.behavior = ScriptedResponse::Behavior::kCloseWithoutReply;
      return resp;
    }
    return Json(201, spec_.created_body(id));
  }

  ScriptedResponse OnLookup(const RecordedRequest& r) {
    std::lock_guard<std::mutex> lock(mu_);
    return OnLookupLocked(r);
  }

  ScriptedResponse OnLookupLocked(const RecordedRequest& r) {
    ++lookups_;
    if (r.method != "GET") errors_.push_back("lookup: method " + r.method);
    std::string id = spec_.lookup_id(r.target, &errors_);
    CheckAuth(r, id);
    std::vector<int64_t> ids;
    for (const auto& [external, n] : by_external_) {
      if (external == id) ids.push_back(n);
    }
    for (const auto& [ticket, notes] : notes_) {  // webhook: notes are found by their key too
      if (std::count(notes.begin(), notes.end(), id)) ids.push_back(std::stoll(ticket));
    }
    if (spec_.name == "webhook" && ids.empty()) return Json(404, "{}");
    return Json(200, spec_.lookup_body(ids));
  }

  HelpdeskSpec spec_;
  LoopbackHttpServer server_;
  mutable std::mutex mu_;
  Ticket expected_;
  std::vector<Answer> script_;
  std::map<std::string, int64_t> by_external_;
  Ticket expected_note_;
  std::map<std::string, std::vector<std::string>> notes_;  // ticket id -> note external ids
  int note_posts_ = 0;
  int64_t next_id_ = 1001;
  int creates_ = 0;
  int lookups_ = 0;
  std::vector<std::string> errors_;
};

void ExpectEq(const std::string& what, const std::string& got, const std::string& want,
              std::vector<std::string>* errors) {
  if (got != want) errors->push_back(what + ": got \"" + got + "\" want \"" + want + "\"");
}

HelpdeskSpec Zendesk() {
  HelpdeskSpec s;
  s.name = "zendesk";
  s.create_path = "/api/v2/tickets.json";
  s.lookup_path = "/api/v2/tickets.json";
  s.authorization = "Basic YWdlbnRAYWNtZS5leGFtcGxlL3Rva2VuOnpkLXRva2VuLTEyMw==";  // agent@acme.example/token:zd-token-123
  s.check_body = [](const rapidjson::Document& d, const Ticket& t, std::vector<std::string>* e) {
    if (Keys(d) != std::set<std::string>{"ticket"}) e->push_back("zendesk: top level must be {ticket}");
    if (!d.HasMember("ticket")) return;
    const auto& tk = d["ticket"];
    if (Keys(tk) != std::set<std::string>{"subject", "comment", "priority", "tags", "external_id", "requester"}) {
      e->push_back("zendesk: ticket keys");
    }
    ExpectEq("subject", StringField(tk, "subject"), t.subject, e);
    ExpectEq("priority", StringField(tk, "priority"), t.priority, e);
    ExpectEq("external_id", StringField(tk, "external_id"), t.external_id, e);
    if (StringList(tk, "tags") != t.tags) e->push_back("zendesk: tags");
    if (!tk.HasMember("comment")) return e->push_back("zendesk: no comment");
    ExpectEq("comment.body", StringField(tk["comment"], "body"), t.body_text, e);
    ExpectEq("comment.html_body", StringField(tk["comment"], "html_body"), t.body_html, e);
    if (!tk["comment"].HasMember("public") || !tk["comment"]["public"].IsFalse()) e->push_back("comment.public");
    if (!tk.HasMember("requester")) return e->push_back("zendesk: no requester");
    ExpectEq("requester.name", StringField(tk["requester"], "name"), t.requester_name, e);
    ExpectEq("requester.email", StringField(tk["requester"], "email"), "social@acme.example", e);
  };
  s.lookup_id = [](const std::string& target, std::vector<std::string>* e) {
    if (target.rfind("/api/v2/tickets.json?external_id=", 0) != 0) e->push_back("zendesk lookup target " + target);
    return QueryParam(target, "external_id");
  };
  s.created_body = [](int64_t id) {
    return "{\"ticket\":{\"url\":\"https://acme.zendesk.com/api/v2/tickets/" + std::to_string(id) +
           ".json\",\"id\":" + std::to_string(id) + ",\"status\":\"new\"}}";
  };
  s.lookup_body = [](const std::vector<int64_t>& ids) {
    std::string out = "{\"tickets\":[";
    for (size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + std::string("{\"id\":") + std::to_string(ids[i]) + "}";
    return out + "],\"next_page\":null,\"previous_page\":null,\"count\":" + std::to_string(ids.size()) + "}";
  };
  s.note_method = "PUT";
  s.note_path = [](const std::string& id) { return "/api/v2/tickets/" + id + ".json"; };
  s.note_lookup_path = [](const std::string& id) { return "/api/v2/tickets/" + id + "/comments.json"; };
  s.check_note = [](const rapidjson::Document& d, const Ticket& n, std::vector<std::string>* e) {
    if (!d.HasMember("ticket") || !d["ticket"].HasMember("comment")) return e->push_back("zendesk note: ticket.comment");
    const auto& c = d["ticket"]["comment"];
    if (Keys(d["ticket"]) != std::set<std::string>{"comment"}) e->push_back("zendesk note: only a comment");
    ExpectEq("comment.body", StringField(c, "body"), n.body_text, e);
    ExpectEq("comment.html_body", StringField(c, "html_body"), n.body_html, e);
    if (!c.HasMember("public") || !c["public"].IsFalse()) e->push_back("zendesk note: public");
  };
  s.note_list_body = [](const std::vector<std::string>& ids) {
    std::string out = "{\"comments\":[{\"id\":1,\"body\":\"first\",\"public\":false}";
    for (const std::string& id : ids) out += ",{\"id\":2,\"body\":\"... External id : " + id + "\",\"public\":false}";
    return out + "],\"count\":" + std::to_string(ids.size() + 1) + "}";
  };
  s.unauthorized_body = "{\"error\":\"Couldn't authenticate you\"}";
  s.invalid_body = "{\"error\":\"RecordInvalid\",\"description\":\"Record validation errors\",\"details\":"
                   "{\"requester\":[{\"description\":\"Requester: Email is invalid\"}]}}";
  s.make = [](const std::string& base, int64_t timeout_ms) {
    HelpdeskOptions o;
    o.url = base;
    o.user = "agent@acme.example";
    o.token = "zd-token-123";
    o.requester_email = "social@acme.example";
    o.timeout_ms = timeout_ms;
    return NewZendeskTicketSink(NewCurlHttpClient(), o);
  };
  return s;
}

HelpdeskSpec Freshdesk() {
  HelpdeskSpec s;
  s.name = "freshdesk";
  s.create_path = "/api/v2/tickets";
  s.lookup_path = "/api/v2/search/tickets";
  s.authorization = "Basic ZmQta2V5LTQ1NjpY";  // fd-key-456:X
  s.check_body = [](const rapidjson::Document& d, const Ticket& t, std::vector<std::string>* e) {
    if (Keys(d) != std::set<std::string>{"subject", "description", "email", "name", "priority", "status", "source",
                                         "tags"}) {
      e->push_back("freshdesk: keys");
    }
    ExpectEq("subject", StringField(d, "subject"), t.subject, e);
    ExpectEq("description", StringField(d, "description"), t.body_html, e);
    ExpectEq("email", StringField(d, "email"), "social@acme.example", e);
    ExpectEq("name", StringField(d, "name"), t.requester_name, e);
    int want_priority = t.priority == "urgent" ? 4 : t.priority == "high" ? 3 : t.priority == "normal" ? 2 : 1;
    if (!d.HasMember("priority") || !d["priority"].IsInt() || d["priority"].GetInt() != want_priority) {
      e->push_back("freshdesk: priority");
    }
    if (!d.HasMember("status") || !d["status"].IsInt() || d["status"].GetInt() != 2) e->push_back("status");
    if (!d.HasMember("source") || !d["source"].IsInt() || d["source"].GetInt() != 2) e->push_back("source");
    std::vector<std::string> tags = t.tags;
    tags.push_back(t.external_id);
    if (StringList(d, "tags") != tags) e->push_back("freshdesk: tags");
  };
  s.lookup_id = [](const std::string& target, std::vector<std::string>* e) {
    std::string q = QueryParam(target, "query");
    if (q.size() < 10 || q.rfind("\"tag:'", 0) != 0 || q.substr(q.size() - 2) != "'\"") {
      e->push_back("freshdesk lookup query " + q);
      return std::string();
    }
    return q.substr(6, q.size() - 8);
  };
  s.created_body = [](int64_t id) {
    return "{\"id\":" + std::to_string(id) + ",\"subject\":\"...\",\"status\":2,\"priority\":3}";
  };
  s.lookup_body = [](const std::vector<int64_t>& ids) {
    std::string out = "{\"results\":[";
    for (size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + std::string("{\"id\":") + std::to_string(ids[i]) + "}";
    return out + "],\"total\":" + std::to_string(ids.size()) + "}";
  };
  s.note_path = [](const std::string& id) { return "/api/v2/tickets/" + id + "/notes"; };
  s.note_lookup_path = [](const std::string& id) { return "/api/v2/tickets/" + id + "/conversations"; };
  s.check_note = [](const rapidjson::Document& d, const Ticket& n, std::vector<std::string>* e) {
    if (Keys(d) != std::set<std::string>{"body", "private"}) e->push_back("freshdesk note: keys");
    ExpectEq("body", StringField(d, "body"), n.body_html, e);
    if (!d.HasMember("private") || !d["private"].IsTrue()) e->push_back("freshdesk note: private");
  };
  s.note_list_body = [](const std::vector<std::string>& ids) {
    std::string out = "[";
    for (size_t i = 0; i < ids.size(); ++i) {
      out += (i ? "," : "") + std::string("{\"body\":\"<p>") + ids[i] + "</p>\",\"body_text\":\"" + ids[i] +
             "\",\"private\":true}";
    }
    return out + "]";
  };
  s.unauthorized_body =
      "{\"code\":\"invalid_credentials\",\"message\":\"You have to be logged in to perform this action.\"}";
  s.invalid_body = "{\"description\":\"Validation failed\",\"errors\":[{\"field\":\"email\",\"message\":"
                   "\"It should be a valid email address\",\"code\":\"invalid_value\"}]}";
  s.make = [](const std::string& base, int64_t timeout_ms) {
    HelpdeskOptions o;
    o.url = base;
    o.token = "fd-key-456";
    o.requester_email = "social@acme.example";
    o.timeout_ms = timeout_ms;
    return NewFreshdeskTicketSink(NewCurlHttpClient(), o);
  };
  return s;
}

HelpdeskSpec Jsm() {
  HelpdeskSpec s;
  s.name = "jsm";
  s.create_path = "/rest/servicedeskapi/request";
  s.lookup_path = "/rest/api/3/search/jql";
  s.authorization = "Basic YWdlbnRAYWNtZS5leGFtcGxlOmpzbS10b2tlbi03ODk=";  // agent@acme.example:jsm-token-789
  s.check_body = [](const rapidjson::Document& d, const Ticket& t, std::vector<std::string>* e) {
    if (Keys(d) != std::set<std::string>{"serviceDeskId", "requestTypeId", "requestFieldValues"}) {
      e->push_back("jsm: keys");
    }
    ExpectEq("serviceDeskId", StringField(d, "serviceDeskId"), "3", e);
    ExpectEq("requestTypeId", StringField(d, "requestTypeId"), "25", e);
    if (!d.HasMember("requestFieldValues")) return e->push_back("jsm: no requestFieldValues");
    const auto& f = d["requestFieldValues"];
    if (Keys(f) != std::set<std::string>{"summary", "description", "labels", "priority"}) e->push_back("jsm: fields");
    ExpectEq("summary", StringField(f, "summary"), t.subject, e);
    ExpectEq("description", StringField(f, "description"), t.body_text, e);
    std::vector<std::string> labels = t.tags;
    labels.push_back(t.external_id);
    if (StringList(f, "labels") != labels) e->push_back("jsm: labels");
    if (f.HasMember("priority")) ExpectEq("priority.name", StringField(f["priority"], "name"), "Highest", e);
  };
  s.lookup_id = [](const std::string& target, std::vector<std::string>* e) {
    std::string jql = QueryParam(target, "jql");
    const std::string prefix = "labels = \"";
    if (jql.rfind(prefix, 0) != 0 || jql.back() != '"') {
      e->push_back("jsm jql " + jql);
      return std::string();
    }
    return jql.substr(prefix.size(), jql.size() - prefix.size() - 1);
  };
  s.created_body = [](int64_t id) {
    std::string key = "SUP-" + std::to_string(id);
    return "{\"issueId\":\"" + std::to_string(10000 + id) + "\",\"issueKey\":\"" + key +
           "\",\"requestTypeId\":\"25\",\"serviceDeskId\":\"3\",\"_links\":{\"web\":"
           "\"https://acme.atlassian.net/servicedesk/customer/portal/3/" + key + "\"}}";
  };
  s.lookup_body = [](const std::vector<int64_t>& ids) {
    std::string out = "{\"issues\":[";
    for (size_t i = 0; i < ids.size(); ++i) {
      out += (i ? "," : "") + std::string("{\"id\":\"") + std::to_string(10000 + ids[i]) + "\",\"key\":\"SUP-" +
             std::to_string(ids[i]) + "\"}";
    }
    return out + "],\"isLast\":true}";
  };
  s.note_path = [](const std::string& key) { return "/rest/servicedeskapi/request/" + key + "/comment"; };
  s.note_lookup_path = s.note_path;
  s.check_note = [](const rapidjson::Document& d, const Ticket& n, std::vector<std::string>* e) {
    if (Keys(d) != std::set<std::string>{"body", "public"}) e->push_back("jsm note: keys");
    ExpectEq("body", StringField(d, "body"), n.body_text, e);
    if (!d.HasMember("public") || !d["public"].IsFalse()) e->push_back("jsm note: public");
  };
  s.note_list_body = [](const std::vector<std::string>& ids) {
    std::string out = "{\"size\":" + std::to_string(ids.size()) + ",\"values\":[";
    for (size_t i = 0; i < ids.size(); ++i) {
      out += (i ? "," : "") + std::string("{\"id\":\"") + std::to_string(i) + "\",\"body\":\"x " + ids[i] +
             "\",\"public\":false}";
    }
    return out + "]}";
  };
  s.unauthorized_body = "{\"errorMessage\":\"You are not authorized to perform this action.\",\"i18nErrorMessage\":{}}";
  s.invalid_body = "{\"errorMessage\":\"Field 'labels' cannot be set. It is not on the appropriate screen.\"}";
  s.expected_id_prefix = "SUP-";
  s.make = [](const std::string& base, int64_t timeout_ms) {
    HelpdeskOptions o;
    o.url = base;
    o.user = "agent@acme.example";
    o.token = "jsm-token-789";
    o.jsm_service_desk_id = "3";
    o.jsm_request_type_id = "25";
    o.jsm_set_priority = true;
    o.timeout_ms = timeout_ms;
    return NewJsmTicketSink(NewCurlHttpClient(), o);
  };
  return s;
}

HelpdeskSpec Webhook() {
  HelpdeskSpec s;
  s.name = "webhook";
  s.create_path = "/hooks/veille";
  s.lookup_path = "/hooks/lookup";
  s.check_body = [](const rapidjson::Document& d, const Ticket& t, std::vector<std::string>* e) {
    ExpectEq("external_id", StringField(d, "external_id"), t.external_id, e);
    ExpectEq("subject", StringField(d, "subject"), t.subject, e);
    ExpectEq("body_text", StringField(d, "body_text"), t.body_text, e);
    ExpectEq("body_html", StringField(d, "body_html"), t.body_html, e);
    ExpectEq("priority", StringField(d, "priority"), t.priority, e);
    ExpectEq("brand", StringField(d, "brand"), t.brand, e);
    if (!d.HasMember("requester")) return e->push_back("webhook: requester");
    ExpectEq("requester.handle", StringField(d["requester"], "handle"), t.requester_handle, e);
    if (!d.HasMember("mentions") || !d["mentions"].IsArray() || d["mentions"].Size() != t.mentions.size()) {
      return e->push_back("webhook: mentions");
    }
    const auto& first = d["mentions"][0];
    if (!first.IsObject() || !first.HasMember("mention")) return e->push_back("webhook: mentions[0].mention");
    ExpectEq("mentions[0].mention.text", StringField(first["mention"], "text"), t.mentions[0].mention.text, e);
  };
  s.lookup_id = [](const std::string& target, std::vector<std::string>* e) {
    if (target.rfind("/hooks/lookup?external_id=", 0) != 0) e->push_back("webhook lookup target " + target);
    return QueryParam(target, "external_id");
  };
  s.created_body = [](int64_t id) { return "{\"id\":" + std::to_string(id) + ",\"url\":\"https://desk/t/1\"}"; };
  s.lookup_body = [](const std::vector<int64_t>& ids) {
    return ids.empty() ? std::string("{}") : "{\"id\":" + std::to_string(ids[0]) + "}";
  };
  s.check_note = [](const rapidjson::Document& d, const Ticket& n, std::vector<std::string>* e) {
    ExpectEq("event", StringField(d, "event"), "note", e);
    ExpectEq("ticket_id", StringField(d, "ticket_id"), "1001", e);
    ExpectEq("external_id", StringField(d, "external_id"), n.external_id, e);
    ExpectEq("body_text", StringField(d, "body_text"), n.body_text, e);
  };
  s.unauthorized_body = "{\"error\":\"bad signature\"}";
  s.invalid_body = "{\"error\":\"unknown brand\"}";
  s.make = [](const std::string& base, int64_t timeout_ms) {
    HelpdeskOptions o;
    o.url = base + "/hooks/veille";
    o.webhook_lookup_url = base + "/hooks/lookup";
    o.token = kWebhookKey;
    o.timeout_ms = timeout_ms;
    return NewWebhookTicketSink(NewCurlHttpClient(), o);
  };
  return s;
}

HelpdeskSpec SpecFor(const std::string& name) {
  if (name == "zendesk") return Zendesk();
  if (name == "freshdesk") return Freshdesk();
  if (name == "jsm") return Jsm();
  return Webhook();
}

class HelpdeskSinkTest : public ::testing::TestWithParam<std::string> {
 protected:
  HelpdeskSinkTest() : spec_(SpecFor(GetParam())), desk_(spec_) {
    ticket_ = BuildTicket("Acme", {Mention1()}, "fr");
    desk_.Expect(ticket_);
    sink_ = spec_.make(desk_.base(), 5'000);
    policy_.initial_ms = 1'000;
    policy_.max_delay_ms = 30'000;
    policy_.max_elapsed_ms = 120'000;
    policy_.max_attempts = 3;
  }
  void TearDown() override {
    for (const std::string& e : desk_.errors()) ADD_FAILURE() << GetParam() << ": " << e;
  }
  std::string ExpectedId(int64_t n) const { return spec_.expected_id_prefix + std::to_string(n); }

  HelpdeskSpec spec_;
  FakeHelpdesk desk_;
  Ticket ticket_;
  std::unique_ptr<TicketSink> sink_;
  BackoffPolicy policy_;
  FakeClock clock_;
};

TEST_P(HelpdeskSinkTest, CreatedAnswersTheHelpdeskId) {
  ASSERT_EQ(ticket_.priority, "urgent") << "the JSM check expects Highest";
  auto ref = sink_->Create(ticket_);
  ASSERT_TRUE(ref.ok()) << ref.status().ToString();
  EXPECT_EQ(ref->id, ExpectedId(1001));
  EXPECT_EQ(desk_.tickets(), 1u);
  EXPECT_EQ(desk_.creates(), 1);
  auto found = sink_->Find(ticket_.external_id);
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, ExpectedId(1001));
  auto none = sink_->Find("veille-0000000000000000");
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_FALSE(none->has_value());
}

TEST_P(HelpdeskSinkTest, UnauthorizedIsPermanentWithTheHelpdeskAnswerAndNoSecret) {
  std::string logs;
  log::SetSinkForTesting(&logs);
  desk_.Script({Answer::k401});
  Backoff backoff(policy_, &clock_, 1);
  DeliveryTrace trace;
  auto ref = DeliverTicket(*sink_, ticket_, backoff, false, &trace);
  log::SetSinkForTesting(nullptr);
  ASSERT_FALSE(ref.ok());
  EXPECT_EQ(ref.status().code(), Status::Code::kPermanent) << ref.status().ToString();
  EXPECT_NE(ref.status().message().find("HTTP 401"), std::string::npos) << ref.status().ToString();
  EXPECT_NE(ref.status().message().find(spec_.unauthorized_body.substr(2, 12)), std::string::npos)
      << ref.status().ToString();
  EXPECT_EQ(desk_.creates(), 1) << "retrying cannot fix a 401";
  EXPECT_EQ(desk_.tickets(), 0u);
  EXPECT_EQ(clock_.slept_ms(), 0);
  for (const char* secret : {"zd-token-123", "fd-key-456", "jsm-token-789", kWebhookKey}) {
    EXPECT_EQ(ref.status().message().find(secret), std::string::npos);
    EXPECT_EQ(logs.find(secret), std::string::npos) << logs;
  }
}

TEST_P(HelpdeskSinkTest, UnprocessableIsPermanentWithTheHelpdeskAnswer) {
  desk_.Script({Answer::k422});
  Backoff backoff(policy_, &clock_, 1);
  auto ref = DeliverTicket(*sink_, ticket_, backoff, false, nullptr);
  ASSERT_FALSE(ref.ok());
  EXPECT_EQ(ref.status().code(), Status::Code::kPermanent);
  EXPECT_NE(ref.status().message().find("HTTP 422"), std::string::npos) << ref.status().ToString();
  EXPECT_NE(ref.status().message().find(spec_.invalid_body.substr(2, 12)), std::string::npos)
      << ref.status().ToString();
  EXPECT_EQ(desk_.creates(), 1);
}

TEST_P(HelpdeskSinkTest, TooManyRequestsHonoursRetryAfterThenCreatesOnce) {
  desk_.Script({Answer::k429});
  auto first = sink_->Create(ticket_);
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.status().code(), Status::Code::kRateLimited);
  EXPECT_EQ(first.status().retry_after_ms(), 7'000);

  desk_.Script({Answer::k429});
  Backoff backoff(policy_, &clock_, 1);
  DeliveryTrace trace;
  auto ref = DeliverTicket(*sink_, ticket_, backoff, false, &trace);
  ASSERT_TRUE(ref.ok()) << ref.status().ToString();
  EXPECT_GE(clock_.slept_ms(), 7'000) << "Retry-After is a floor";
  EXPECT_LE(clock_.slept_ms(), 30'000) << "and the delay is capped";
  EXPECT_EQ(trace.creates, 2);
  EXPECT_EQ(trace.lookups, 1) << "a lookup before the retry";
  EXPECT_EQ(desk_.tickets(), 1u);
}

TEST_P(HelpdeskSinkTest, ServerErrorIsRetriedWithBackoffUntilTheBudgetEnds) {
  desk_.Script({Answer::k500});
  auto first = sink_->Create(ticket_);
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.status().code(), Status::Code::kUnavailable) << first.status().ToString();
  EXPECT_NE(first.status().message().find("HTTP 500"), std::string::npos);

  desk_.Script({Answer::k500, Answer::k500});
  Backoff backoff(policy_, &clock_, 1);
  DeliveryTrace trace;
  auto ref = DeliverTicket(*sink_, ticket_, backoff, false, &trace);
  ASSERT_TRUE(ref.ok()) << ref.status().ToString();
  EXPECT_EQ(trace.creates, 3);
  EXPECT_EQ(trace.lookups, 2);
  EXPECT_EQ(desk_.tickets(), 1u);
  EXPECT_LE(clock_.slept_ms(), 1'000 + 2'000) << "full jitter under initial * 2^attempt";

  // Four 500s with three retries allowed: the caller gets the retryable error.
  Ticket other = BuildTicket("Acme", {[] { auto m = Mention1(); m.mention.id = "other"; return m; }()}, "fr");
  desk_.Expect(other);
  desk_.Script({Answer::k500, Answer::k500, Answer::k500, Answer::k500});
  Backoff short_budget(policy_, &clock_, 2);
  auto gave_up = DeliverTicket(*sink_, other, short_budget, false, nullptr);
  ASSERT_FALSE(gave_up.ok());
  EXPECT_TRUE(gave_up.status().retryable()) << gave_up.status().ToString();
  EXPECT_EQ(desk_.tickets(), 1u);
}

TEST_P(HelpdeskSinkTest, HangIsATimeout) {
  auto quick = spec_.make(desk_.base(), 300);
  desk_.Script({Answer::kHang});
  auto ref = quick->Create(ticket_);
  ASSERT_FALSE(ref.ok());
  EXPECT_EQ(ref.status().code(), Status::Code::kTimeout) << ref.status().ToString();
  EXPECT_TRUE(ref.status().retryable());
}

TEST_P(HelpdeskSinkTest, CreatedButAnswerLostIsFoundNotDuplicated) {
  desk_.Script({Answer::kCreatedThenDropped});
  Backoff backoff(policy_, &clock_, 1);
  DeliveryTrace trace;
  auto ref = DeliverTicket(*sink_, ticket_, backoff, false, &trace);
  ASSERT_TRUE(ref.ok()) << ref.status().ToString();
  EXPECT_EQ(desk_.tickets(), 1u) << "no second ticket";
  EXPECT_EQ(ref->id, ExpectedId(desk_.IdOf(ticket_.external_id)));
  EXPECT_TRUE(trace.found_existing);
  EXPECT_EQ(trace.creates, 1);
  EXPECT_EQ(desk_.creates(), 1);
}

TEST_P(HelpdeskSinkTest, RerunAfterACrashLooksUpFirst) {
  ASSERT_TRUE(sink_->Create(ticket_).ok());
  auto fresh = spec_.make(desk_.base(), 5'000);  // a new process
  Backoff backoff(policy_, &clock_, 1);
  DeliveryTrace trace;
  auto ref = DeliverTicket(*fresh, ticket_, backoff, /*look_up_first=*/true, &trace);
  ASSERT_TRUE(ref.ok()) << ref.status().ToString();
  EXPECT_TRUE(trace.found_existing);
  EXPECT_EQ(trace.creates, 0);
  EXPECT_EQ(desk_.creates(), 1);
  EXPECT_EQ(desk_.tickets(), 1u);
}

TEST_P(HelpdeskSinkTest, LookupFailureNeverCreatesBlind) {
  desk_.Stop();  // nobody answers
  Backoff backoff(policy_, &clock_, 1);
  DeliveryTrace trace;
  auto ref = DeliverTicket(*sink_, ticket_, backoff, /*look_up_first=*/true, &trace);
  ASSERT_FALSE(ref.ok());
  EXPECT_TRUE(ref.status().retryable()) << ref.status().ToString();
  EXPECT_EQ(trace.creates, 0);
}

TEST_P(HelpdeskSinkTest, NoteLandsOnTheTicketOnceEvenWhenTheAnswerIsLost) {
  auto ref = sink_->Create(ticket_);
  ASSERT_TRUE(ref.ok()) << ref.status().ToString();
  desk_.EnableNotes(ref->id);
  ScoredMention later = Mention1();
  later.mention.id = "https://www.reddit.com/r/france/comments/abc999/";
  later.mention.text = "Toujours pas remboursée \"}]";
  Ticket note = BuildFollowUp("Acme", {later}, "fr");
  ASSERT_EQ(note.external_id.rfind("veille-note-", 0), 0u);
  ASSERT_NE(note.body_text.find(note.external_id), std::string::npos) << "the note names itself for HasNote";
  desk_.ExpectNote(note);
  desk_.Script({Answer::kCreatedThenDropped});
  Backoff backoff(policy_, &clock_, 1);
  DeliveryTrace trace;
  Status st = DeliverNote(*sink_, *ref, note, backoff, false, &trace);
  ASSERT_TRUE(st.ok()) << st.ToString();
  EXPECT_TRUE(trace.found_existing);
  EXPECT_EQ(desk_.notes(note.external_id), 1) << "no second note";
  EXPECT_EQ(desk_.note_posts(), 1);
  EXPECT_EQ(desk_.tickets(), 1u) << "a note opens no ticket";

  // A rerun after a crash looks the note up first.
  DeliveryTrace rerun;
  ASSERT_TRUE(DeliverNote(*sink_, *ref, note, backoff, /*look_up_first=*/true, &rerun).ok());
  EXPECT_EQ(rerun.creates, 0);
  EXPECT_EQ(desk_.notes(note.external_id), 1);

  // Refused: permanent, with the helpdesk's answer.
  later.mention.id = "another";
  Ticket refused = BuildFollowUp("Acme", {later}, "en");
  desk_.ExpectNote(refused);
  desk_.Script({Answer::k422});
  Status bad = DeliverNote(*sink_, *ref, refused, backoff, false, nullptr);
  EXPECT_EQ(bad.code(), Status::Code::kPermanent) << bad.ToString();
  EXPECT_NE(bad.message().find("HTTP 422"), std::string::npos);
  EXPECT_EQ(desk_.notes(refused.external_id), 0);
}

INSTANTIATE_TEST_SUITE_P(Helpdesks, HelpdeskSinkTest, ::testing::Values("zendesk", "freshdesk", "jsm", "webhook"),
                         [](const auto& info) { return info.param; });

TEST(WebhookSinkTest, WithoutLookupTheReceiverDeduplicatesOnTheIdempotencyKey) {
  FakeHelpdesk desk(Webhook());
  Ticket t = BuildTicket("Acme", {Mention1()}, "en");
  desk.Expect(t);
  HelpdeskOptions o;
  o.url = desk.base() + "/hooks/veille";
  o.token = kWebhookKey;
  auto sink = NewWebhookTicketSink(NewCurlHttpClient(), o);
  desk.Script({Answer::kCreatedThenDropped});
  FakeClock clock;
  BackoffPolicy p;
  p.max_attempts = 2;
  Backoff backoff(p, &clock, 1);
  DeliveryTrace trace;
  auto ref = DeliverTicket(*sink, t, backoff, false, &trace);
  ASSERT_TRUE(ref.ok()) << ref.status().ToString();
  EXPECT_EQ(trace.creates, 2) << "no lookup endpoint: the same key is sent again";
  EXPECT_EQ(desk.tickets(), 1u);
  EXPECT_EQ(ref->id, std::to_string(desk.IdOf(t.external_id)));
  for (const std::string& e : desk.errors()) ADD_FAILURE() << e;
}

TEST(HmacTest, MatchesAKnownVector) {
  // Python: hmac.new(b"key", b"The quick brown fox jumps over the lazy dog", hashlib.sha256).hexdigest()
  EXPECT_EQ(HmacSha256Hex("key", "The quick brown fox jumps over the lazy dog"),
            "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
}

TEST(PriorityMappingTest, EachHelpdeskHasItsOwnScale) {
  EXPECT_EQ(FreshdeskPriority("low"), 1);
  EXPECT_EQ(FreshdeskPriority("normal"), 2);
  EXPECT_EQ(FreshdeskPriority("high"), 3);
  EXPECT_EQ(FreshdeskPriority("urgent"), 4);
  EXPECT_EQ(JiraPriorityName("low"), "Low");
  EXPECT_EQ(JiraPriorityName("normal"), "Medium");
  EXPECT_EQ(JiraPriorityName("high"), "High");
  EXPECT_EQ(JiraPriorityName("urgent"), "Highest");
}

}  // namespace
}  // namespace veille
