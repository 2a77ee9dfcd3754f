// Properties of the e-mails veille renders, whatever the mention text in
// them: anyone can write a mention, and its title lands in subjects and
// bodies. Shared by the fuzz target tests/fuzz/alerting_fuzz.cc (run by
// scripts/fuzz under sanitizers) and by invariants_test.cc, which checks
// them in every test run on generated and hand-picked hostile inputs.
//
// Each check returns "" when its properties hold, else what broke.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "alerting/email.h"
#include "collectors/mail.h"
#include "collectors/text.h"
#include "tests/support/escaped.h"

namespace veille::alerting_invariants {

using veille::testutil::Escaped;

// HTML escaping leaves nothing that opens a tag, an entity of the writer's
// or ends an attribute; SafeHref passes only plain absolute http(s) URLs.
inline std::string CheckHtml(std::string_view in) {
  const std::string escaped = EscapeHtml(in);
  for (size_t i = 0; i < escaped.size(); ++i) {
    const char c = escaped[i];
    if (c == '<' || c == '>' || c == '"' || c == '\'') {
      return "EscapeHtml kept a " + std::string(1, c) + " of \"" + Escaped(in) + "\"";
    }
    if (c == '&') {
      const std::string_view rest = std::string_view(escaped).substr(i);
      if (!rest.starts_with("&amp;") && !rest.starts_with("&lt;") && !rest.starts_with("&gt;") &&
          !rest.starts_with("&quot;") && !rest.starts_with("&#39;")) {
        return "EscapeHtml kept a bare & of \"" + Escaped(in) + "\"";
      }
    }
  }
  const std::string href = SafeHref(in);
  if (!href.empty()) {
    std::string scheme = href.substr(0, 8);  // schemes are case-insensitive
    for (char& c : scheme) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if (!scheme.starts_with("http://") && !scheme.starts_with("https://")) {
      return "SafeHref passed \"" + Escaped(href) + "\"";
    }
    for (char c : href) {
      const auto u = static_cast<unsigned char>(c);
      if (u <= 0x20 || u == 0x7F || c == '"' || c == '<' || c == '>' || c == '\'') {
        return "SafeHref kept a space, control, quote or angle bracket: \"" + Escaped(href) + "\"";
      }
    }
  }
  return "";
}

// A rendered message is 7-bit, CRLF-terminated lines of at most 998 octets;
// its header block holds only the fields veille writes, each once, whatever
// the subject or a header value says; and our own MIME reader gets the
// subject back.
// `msg`: RenderMime(email), or a tampered copy (to test the check itself).
inline std::string CheckRendered(const Email& email, const std::string& msg) {
  const std::string where = " rendering subject \"" + Escaped(email.subject) + "\"";
  size_t line_begin = 0;
  bool in_headers = true;
  std::set<std::string> names;
  static const std::set<std::string> kOnce = {"Date",         "From",         "To",
                                              "Subject",      "Message-ID",   "MIME-Version",
                                              "Content-Type", "Content-Transfer-Encoding"};
  std::set<std::string> allowed = kOnce;
  for (const auto& [name, value] : email.extra_headers) allowed.insert(name);
  for (size_t i = 0; i < msg.size(); ++i) {
    const auto c = static_cast<unsigned char>(msg[i]);
    if (c == 0 || c >= 0x80) return "a byte that is not 7-bit ASCII at " + std::to_string(i) + where;
    if (c == '\r' && (i + 1 >= msg.size() || msg[i + 1] != '\n')) return "a bare CR at " + std::to_string(i) + where;
    if (c == '\n' && (i == 0 || msg[i - 1] != '\r')) return "a bare LF at " + std::to_string(i) + where;
    if (c != '\n') continue;
    const std::string_view line(msg.data() + line_begin, i - 1 - line_begin);
    if (line.size() > 998) return "a line of " + std::to_string(line.size()) + " octets" + where;
    if (in_headers) {
      if (line.empty()) {
        in_headers = false;
      } else if (line[0] != ' ' && line[0] != '\t') {
        const size_t colon = line.find(':');
        if (colon == std::string_view::npos) return "a header line without a name: \"" + Escaped(line) + "\"" + where;
        const std::string name(line.substr(0, colon));
        if (!allowed.contains(name)) return "an unexpected header \"" + Escaped(name) + "\"" + where;
        if (kOnce.contains(name) && !names.insert(name).second) return "header " + name + " twice" + where;
      }
    }
    line_begin = i + 1;
  }
  if (line_begin != msg.size()) return "the message does not end with CRLF" + where;
  if (in_headers) return "no blank line after the headers" + where;
  auto parsed = ParseMail(msg);
  if (!parsed.ok()) return "our MIME reader refuses it: " + parsed.status().ToString() + where;
  const std::string subject = StripHeaderValue(email.subject);
  if (CollapseWhitespace(parsed.value().subject) != CollapseWhitespace(subject)) {
    return "the subject reads back as \"" + Escaped(parsed.value().subject) + "\", not \"" + Escaped(subject) +
           "\"" + where;
  }
  return "";
}

inline std::string CheckRender(const Email& email) { return CheckRendered(email, RenderMime(email)); }

}  // namespace veille::alerting_invariants
