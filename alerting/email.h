// Email: one message veille sends (a spike alert, a digest, a mail to a
// helpdesk), its RFC 5322 / MIME rendering, and the Mailer interface that
// delivers it.
//
// RenderMime() produces a complete message with CRLF line endings: UTF-8
// bodies in quoted-printable (a multipart/alternative with the text part first
// and the HTML part second when `html` is set), an RFC 2047 encoded subject,
// a valid Date and Message-ID. Every header value is stripped of CR, LF and
// other control characters first, so attacker-controlled text (a mention
// title in a subject) can never add a header. No line exceeds 998 octets.
//
// The HTML helpers (EscapeHtml, SafeHref) are what every HTML template of
// veille must pass attacker-controlled text through.
//
// Mailers block until the message was accepted (by the SMTP server, or by
// the file system for the spool). A Mailer is not thread-safe: use one per
// thread. Mailers own nothing the caller passed them; the caller keeps
// ownership of the Email.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace veille {

struct Email {
  std::string from;             // "Name <addr>" or "addr"; the name may be UTF-8
  std::vector<std::string> to;  // same forms as `from`
  std::string subject;          // UTF-8, any text: encoded and sanitised on render
  std::string text;             // plain-text body, UTF-8 (required)
  std::string html;             // HTML body, UTF-8; empty = text only
  // Message-ID without the angle brackets. If empty, derived
  // deterministically from idempotency_key (so a rerun produces the same id
  // and the spool and the receiving side can recognise a duplicate).
  std::string message_id;
  std::string idempotency_key;  // e.g. "digest/Acme/daily/2026-11-23"
  int64_t date_ms = 0;          // Date header, UTC epoch milliseconds
  // Extra headers (name, value), e.g. {"X-Veille-Brand", "Acme"}. Names that
  // are not RFC 5322 field names are dropped; values are sanitised.
  std::vector<std::pair<std::string, std::string>> extra_headers;
};

// The Message-ID (no angle brackets) that RenderMime and the mailers use:
// email.message_id when set (sanitised), else one derived from the
// idempotency key, else from the content.
std::string EffectiveMessageId(const Email& email);

// Renders the full message, CRLF line endings, ready for SMTP DATA or a .eml.
std::string RenderMime(const Email& email);

// Escapes & < > " ' for HTML text and attribute values.
std::string EscapeHtml(std::string_view text);
// Returns the URL HTML-escaped for an href="" attribute if it is an absolute
// http:// or https:// URL without control characters or whitespace; returns ""
// for anything else (javascript:, data:, relative, malformed).
std::string SafeHref(std::string_view url);
// Removes CR, LF and every other C0/C1 control character (tab becomes a
// space) and invalid UTF-8, so the result can sit in one header line.
std::string StripHeaderValue(std::string_view value);

class Mailer {
 public:
  virtual ~Mailer();
  // Blocks until the message was accepted. OK = accepted; a retryable Status
  // when trying again later can help (network, timeout, 4xx reply); a
  // Permanent / InvalidArgument Status otherwise (5xx reply, bad address).
  virtual Status Send(const Email& email) = 0;
};

// Writes each message to `<dir>/<message-id>.eml` atomically: a temporary
// file in the same directory, fsync, then link(2) to the final name (which
// never replaces an existing file; rename(2) on file systems without hard
// links), then fsync of the directory. Sending a message whose Message-ID
// was already spooled writes nothing and returns OK (idempotent), even when
// two processes race. Ids that are not safe file names (too long, leading
// dot) are spooled as `id-<hash>.eml`. The directory is created if missing.
// Errors: InvalidArgument for bad addresses, IOError for the file system.
std::unique_ptr<Mailer> NewSpoolMailer(std::string dir);

struct SmtpOptions {
  std::string url;            // smtp://host:port (STARTTLS optional) or smtps://host:port
  std::string username;       // empty = no AUTH; when set, TLS is required
                              // (credentials never travel in clear text)
  std::string password;       // never logged (registered with log::RegisterSecret)
  bool require_tls = false;   // STARTTLS required on smtp:// (fail if refused)
  int64_t timeout_ms = 30000; // whole transaction
  std::string envelope_from;  // MAIL FROM; empty = the address in Email::from
  std::string ca_file;        // PEM file of CAs to trust; empty = the system store
};

// Delivers through libcurl's SMTP client, one connection per Send. Transport
// errors, timeouts and 4xx replies are retryable; 5xx replies, refused logins
// and a required STARTTLS the server does not offer are Permanent; a bad URL
// or address is InvalidArgument.
std::unique_ptr<Mailer> NewSmtpMailer(const SmtpOptions& options);

}  // namespace veille
