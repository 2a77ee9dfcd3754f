// Reading Google Alerts e-mails: just enough MIME (RFC 2045-2047) to find
// the HTML body of a digest, and the extraction of its results.
//
// A digest is multipart/alternative (text/plain + text/html), quoted-printable
// or base64, UTF-8 or a Latin charset. Each result of the HTML part is
// schema.org microdata: an element itemtype=".../Article" holding
// <a itemprop="url" href="https://www.google.com/url?...&url=REAL&..."> with
// an itemprop="name" title (with <b> highlights), an itemprop="publisher"
// block with its own itemprop="name", and an itemprop="description" snippet.
// Without microdata, every Google redirect link to a non-Google site is a
// result titled by its anchor text. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace veille {

// Every field is valid UTF-8, whatever bytes the message holds.
struct MailMessage {
  std::string subject;     // RFC 2047 decoded, UTF-8
  std::string from;        // the address in From:, lower-cased
  std::string message_id;  // without <>
  int64_t date_ms = -1;    // Date:, -1 when missing or unparseable
  std::string html;        // the text/html part, decoded to UTF-8 ("" when none)
  std::string text;        // the text/plain part, decoded to UTF-8 ("" when none)
};

// Corruption naming what is wrong when `raw` has no header/body separator.
Result<MailMessage> ParseMail(std::string_view raw);

// "=?UTF-8?Q?...?=" and "=?ISO-8859-1?B?...?=" words decoded; other text kept.
std::string DecodeMimeHeader(std::string_view value);

struct AlertResult {
  std::string url;        // the redirect unwrapped and canonicalised
  std::string title;      // plain text
  std::string publisher;  // plain text, may be empty
  std::string snippet;    // plain text, may be empty
};

// The results of a Google Alerts digest's HTML body, in document order, with
// repeats of the same URL dropped.
std::vector<AlertResult> ParseGoogleAlertsHtml(std::string_view html);

}  // namespace veille
