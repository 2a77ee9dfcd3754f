// The helpdesk ticket sinks: Zendesk, Freshdesk, Jira Service Management, a
// generic HMAC-signed JSON webhook, and e-mail to a helpdesk address.
//
// Each HTTP sink sends exactly the request the helpdesk's REST API expects
// (path, Basic auth, JSON body) through an HttpClient it owns, and maps the
// answer onto the Status contract of TicketSink (alerting/sink.h):
//   2xx                      OK, with the helpdesk's ticket id (and URL)
//   408, 5xx, transport      Unavailable / Timeout (retryable)
//   429                      RateLimited, retry_after_ms from Retry-After
//   any other 4xx / 3xx      Permanent, naming the helpdesk, the HTTP status
//                            and the start of its answer (so that an operator
//                            sees "HTTP 422: {\"error\":\"RecordInvalid\"...")
// Secrets (tokens, API keys, the webhook key) arrive already resolved
// (common/secret.h registers them with the logger) and are never part of a
// Status message.
//
// External ids: Ticket::external_id ("veille-<hash of the first mention id>")
// travels with every ticket so that Find() can look it up before a retry:
//   Zendesk    ticket.external_id; GET /api/v2/tickets.json?external_id=
//   Freshdesk  a tag equal to the external id; GET /api/v2/search/tickets?
//              query="tag:'<id>'" (Freshdesk's search index lags a few
//              seconds behind creation, so a lookup right after a lost
//              answer may miss; the outbox's persisted backoff covers that)
//   JSM        the Jira label of the external id (the request type must show
//              the Labels field); GET /rest/api/3/search/jql?jql=labels="<id>"
//   webhook    X-Veille-Idempotency-Key header; GET <lookup_url>?external_id=
//              when lookup_url is set, else the receiver must deduplicate on
//              the key (Find answers "none")
//   e-mail     the Message-ID is derived from the external id, so a resend is
//              recognisable as the same message; Find answers "none"
//
// Notes (AddNote/HasNote, later mentions of the same customer): Zendesk PUT
// /api/v2/tickets/{id}.json with a private comment, GET .../comments.json;
// Freshdesk POST /api/v2/tickets/{id}/notes (private), GET .../conversations;
// JSM POST /rest/servicedeskapi/request/{key}/comment (public: false), GET
// the same with public=false&internal=true; each lookup searches the note's
// external id, which the note's footer prints (first page only). E-mail: a
// reply with In-Reply-To/References to the ticket's Message-ID.
//
// Sinks are not thread-safe (one per thread), like every TicketSink.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "alerting/sink.h"
#include "common/clock.h"

namespace veille {

class HttpClient;
class Mailer;

struct HelpdeskOptions {
  // Base URL without a trailing slash: https://acme.zendesk.com,
  // https://acme.freshdesk.com, https://acme.atlassian.net, or the webhook's
  // full URL.
  std::string url;
  std::string user;   // Zendesk / JSM: the agent's e-mail (Basic auth user)
  std::string token;  // Zendesk / JSM API token, Freshdesk API key, webhook HMAC key
  int64_t timeout_ms = 30'000;
  // Zendesk: when set, the requester {name: author, email: this}; else the
  // ticket's requester is the API user. Freshdesk: required (Freshdesk wants
  // a requester), the author's name goes with it.
  std::string requester_email;
  int64_t freshdesk_source = 2;  // 1 e-mail, 2 portal, 3 phone, 7 chat...
  int64_t freshdesk_group_id = 0;  // 0 = none
  std::string jsm_service_desk_id;
  std::string jsm_request_type_id;
  bool jsm_set_priority = false;  // send priority {name} (the request type must show it)
  std::string webhook_lookup_url;  // optional GET endpoint for Find()
  Clock* clock = Clock::Real();    // webhook timestamps
};

std::unique_ptr<TicketSink> NewZendeskTicketSink(std::unique_ptr<HttpClient> http, HelpdeskOptions options);
std::unique_ptr<TicketSink> NewFreshdeskTicketSink(std::unique_ptr<HttpClient> http, HelpdeskOptions options);
std::unique_ptr<TicketSink> NewJsmTicketSink(std::unique_ptr<HttpClient> http, HelpdeskOptions options);
// POSTs the ticket as JSON (BuildWebhookPayload) to options.url with
//   Content-Type: application/json
//   X-Veille-Timestamp: <unix seconds>
//   X-Veille-Signature: sha256=<hex HMAC-SHA256(token, timestamp + "." + body)>
//   X-Veille-Idempotency-Key: <external_id>
// and reads the ticket id from the answer's "id" (string or number), else
// uses the external id. Find() GETs <lookup_url>?external_id=<id> signed over
// timestamp + "." + id; 404 or no "id" = none. AddNote() POSTs
// {"event":"note","ticket_id":...,<the note's payload>} with X-Veille-Event:
// note, the note's external id as idempotency key.
std::unique_ptr<TicketSink> NewWebhookTicketSink(std::unique_ptr<HttpClient> http, HelpdeskOptions options);

struct EmailTicketOptions {
  std::string from;             // "veille <veille@acme.example>"
  std::vector<std::string> to;  // the helpdesk's support address(es)
};
// Sends each ticket as an e-mail (subject, text + HTML body, Message-ID
// derived from the external id, X-Veille-External-Id and X-Veille-Priority
// headers) through `mailer`. Mailer errors keep their retryable/permanent
// nature. The id is the Message-ID.
std::unique_ptr<TicketSink> NewEmailTicketSink(std::unique_ptr<Mailer> mailer, EmailTicketOptions options,
                                               Clock* clock = Clock::Real());

// Each helpdesk's own value for Ticket::priority ("low" | "normal" | "high" |
// "urgent"): Zendesk keeps the names, Freshdesk 1..4, Jira Low / Medium /
// High / Highest.
int FreshdeskPriority(const std::string& priority);
std::string JiraPriorityName(const std::string& priority);

// The webhook's JSON body: {"external_id","brand","subject","body_text",
// "body_html","priority","tags","lang","requester":{"name","handle"},
// "mentions":[...ToJson(ScoredMention)]}.
std::string BuildWebhookPayload(const Ticket& ticket);

// Lower-case hex HMAC-SHA256 (OpenSSL libcrypto).
std::string HmacSha256Hex(std::string_view key, std::string_view data);

}  // namespace veille
