#include "alerting/email.h"

#include <algorithm>
#include <cctype>
#include <chrono>

#include "alerting/email_internal.h"
#include "alerting/text.h"

namespace veille {

using alerting_internal::AppendUtf8;
using alerting_internal::Base64;
using alerting_internal::Fnv1aHex;
using alerting_internal::Mailbox;
using alerting_internal::NextCodePoint;
using alerting_internal::ParseMailbox;
using alerting_internal::QuotedPrintable;
using alerting_internal::RepairUtf8;
using alerting_internal::Rfc5322Date;

namespace {

constexpr char kCrlf[] = "\r\n";
// Encoded words may be 75 octets: "=?UTF-8?B?" + 60 base64 chars + "?=" is 72.
constexpr size_t kEncodedWordBytes = 45;
// Fold plain headers near the recommended 78 columns; the hard limit is 998.
constexpr size_t kFoldColumn = 78;
constexpr size_t kMaxPlainWord = 900;

bool IsAsciiPrintable(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c < 0x7F; });
}

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return std::string(s.substr(b, e - b));
}

// RFC 2047 B-encoded words, split on code point boundaries, joined by
// folding white space, so every line stays far below 998 octets whatever
// the length of the text.
std::string EncodedWords(std::string_view utf8) {
  std::string out;
  std::string chunk;
  auto flush = [&]() {
    if (chunk.empty()) return;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(chunk) + "?=";
    chunk.clear();
  };
  size_t pos = 0;
  while (pos < utf8.size()) {
    size_t start = pos;
    NextCodePoint(utf8, &pos);
    std::string_view cp = utf8.substr(start, pos - start);
    if (chunk.size() + cp.size() > kEncodedWordBytes) flush();
    chunk.append(cp);
  }
  flush();
  return out;
}

// Folds an ASCII value at spaces so that lines stay near 78 columns.
std::string FoldPlain(size_t used, std::string_view value) {
  std::string out;
  size_t col = used;
  size_t pos = 0;
  bool first = true;
  while (pos <= value.size()) {
    size_t sp = value.find(' ', pos);
    std::string_view word = value.substr(pos, sp == std::string_view::npos ? std::string_view::npos : sp - pos);
    if (!first) {
      // Never fold before an empty word: a line of only blanks is not a
      // valid continuation.
      if (!word.empty() && col + 1 + word.size() > kFoldColumn && col > 1) {
        out += "\r\n";
        col = 0;
      }
      out.push_back(' ');
      ++col;
    }
    out.append(word);
    col += word.size();
    first = false;
    if (sp == std::string_view::npos) break;
    pos = sp + 1;
  }
  return out;
}

// An unstructured header (Subject, extra headers): "Name: value\r\n".
std::string UnstructuredHeader(std::string_view name, std::string_view raw_value) {
  std::string value = StripHeaderValue(raw_value);
  std::string out(name);
  out += ":";
  if (value.empty()) return out + kCrlf;
  bool plain = IsAsciiPrintable(value) && value.find("=?") == std::string::npos;
  if (plain) {
    // FoldPlain can only break before a word, so the blanks before a word
    // and the word itself must fit on one line.
    size_t longest = 0, segment = 0;
    char prev = 'x';
    for (char c : value) {
      segment = (c == ' ' && prev != ' ') ? 1 : segment + 1;
      longest = std::max(longest, segment);
      prev = c;
    }
    plain = longest <= kMaxPlainWord;
  }
  out += " ";
  out += plain ? FoldPlain(name.size() + 2, value) : EncodedWords(value);
  return out + kCrlf;
}

// A display name as an RFC 5322 phrase: a quoted string when ASCII, encoded
// words otherwise.
std::string Phrase(std::string_view name) {
  if (IsAsciiPrintable(name) && name.find("=?") == std::string_view::npos) {
    std::string out = "\"";
    for (char c : name) {
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
    return out + "\"";
  }
  return EncodedWords(name);
}

std::string MailboxText(const Mailbox& mb) {
  if (mb.name.empty()) return mb.addr;
  return Phrase(mb.name) + " <" + mb.addr + ">";
}

bool IsAtext(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) !=
                                                            std::string_view::npos;
}

bool IsMessageIdChar(char c) {
  // atext without '/', so that an id is also a safe file name in the spool.
  return c != '/' && (IsAtext(c) || c == '.' || c == '@');
}

bool ValidHeaderName(std::string_view name) {
  if (name.empty() || name.size() > 76) return false;
  return std::all_of(name.begin(), name.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; });
}

bool ReservedHeader(std::string_view name) {
  static const char* kReserved[] = {"date",         "from",        "to",     "cc",
                                    "bcc",          "subject",     "message-id",
                                    "mime-version", "content-type", "content-transfer-encoding",
                                    "sender",       "return-path"};
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return std::any_of(std::begin(kReserved), std::end(kReserved), [&](const char* r) { return lower == r; });
}

std::string SanitizeMessageId(std::string_view raw) {
  std::string id;
  for (char c : raw) {
    if (c == '<' || c == '>') continue;
    id.push_back(IsMessageIdChar(c) ? c : '-');
  }
  // A msg-id has exactly one '@'; keep the last one.
  size_t at = id.rfind('@');
  for (size_t i = 0; i < id.size(); ++i) {
    if (id[i] == '@' && i != at) id[i] = '.';
  }
  if (id.empty()) return id;
  // Keep the Message-ID line far below 998 octets and the spool file name
  // below NAME_MAX, whatever the caller passed.
  if (id.size() > 200) return "veille." + Fnv1aHex(id) + "@veille.local";
  if (at == std::string::npos) id += "@veille.local";
  if (id.front() == '@') id.insert(0, "veille");
  if (id.back() == '@') id += "veille.local";
  return id;
}

bool NeedsEscape(char c) { return c == '&' || c == '<' || c == '>' || c == '"' || c == '\'' || c == '\0'; }

}  // namespace

namespace alerting_internal {

std::optional<Mailbox> ParseMailbox(std::string_view text) {
  std::string s = Trim(StripHeaderValue(text));
  Mailbox mb;
  std::string addr = s;
  if (!s.empty() && s.back() == '>') {
    size_t lt = s.rfind('<');
    if (lt == std::string::npos) return std::nullopt;
    addr = s.substr(lt + 1, s.size() - lt - 2);
    std::string name = Trim(std::string_view(s).substr(0, lt));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      std::string unq;
      for (size_t i = 1; i + 1 < name.size(); ++i) {
        if (name[i] == '\\' && i + 2 < name.size()) ++i;
        unq.push_back(name[i]);
      }
      name = unq;
    }
    mb.name = Trim(name);
  }
  addr = Trim(addr);
  if (addr.empty() || addr.size() > 254) return std::nullopt;
  size_t at = addr.rfind('@');
  if (at == std::string::npos || at == 0 || at + 1 == addr.size() || at > 64) return std::nullopt;
  std::string_view local = std::string_view(addr).substr(0, at);
  std::string_view domain = std::string_view(addr).substr(at + 1);
  auto dots_ok = [](std::string_view part) {
    return part.front() != '.' && part.back() != '.' && part.find("..") == std::string_view::npos;
  };
  if (!dots_ok(local) || !dots_ok(domain)) return std::nullopt;
  for (char c : local) {
    if (!IsAtext(c) && c != '.') return std::nullopt;
  }
  for (char c : domain) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-') return std::nullopt;
  }
  mb.addr = addr;
  return mb;
}

Status ValidateForSending(const Email& email) {
  if (!ParseMailbox(email.from)) {
    return Status::InvalidArgument("e-mail: From \"" + StripHeaderValue(email.from) + "\" is not a valid address");
  }
  if (email.to.empty()) return Status::InvalidArgument("e-mail: no recipient (To is empty)");
  for (size_t i = 0; i < email.to.size(); ++i) {
    if (!ParseMailbox(email.to[i])) {
      return Status::InvalidArgument("e-mail: To[" + std::to_string(i) + "] \"" + StripHeaderValue(email.to[i]) +
                                     "\" is not a valid address");
    }
  }
  return Status::OK();
}

std::string SpoolFileName(std::string_view message_id) {
  bool safe = !message_id.empty() && message_id.size() <= 200 && message_id.front() != '.' &&
              std::all_of(message_id.begin(), message_id.end(), IsMessageIdChar);
  std::string base = safe ? std::string(message_id) : "id-" + Fnv1aHex(message_id);
  return base + ".eml";
}

}  // namespace alerting_internal

std::string EscapeHtml(std::string_view text) {
  std::string in = RepairUtf8(text);
  std::string out;
  out.reserve(in.size() + in.size() / 8);
  size_t pos = 0;
  while (pos < in.size()) {
    size_t special = pos;
    while (special < in.size() && !NeedsEscape(in[special])) ++special;
    out.append(in, pos, special - pos);
    if (special == in.size()) break;
    switch (in[special]) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: break;  // NUL has no business in an HTML document
    }
    pos = special + 1;
  }
  return out;
}

std::string SafeHref(std::string_view url) {
  std::string_view u = url;
  while (!u.empty() && (u.front() == ' ' || u.front() == '\t' || u.front() == '\n' || u.front() == '\r')) {
    u.remove_prefix(1);
  }
  while (!u.empty() && (u.back() == ' ' || u.back() == '\t' || u.back() == '\n' || u.back() == '\r')) {
    u.remove_suffix(1);
  }
  auto has_prefix_ci = [&](std::string_view p) {
    if (u.size() < p.size()) return false;
    for (size_t i = 0; i < p.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(u[i])) != p[i]) return false;
    }
    return true;
  };
  size_t scheme_len = has_prefix_ci("https://") ? 8 : has_prefix_ci("http://") ? 7 : 0;
  if (scheme_len == 0) return "";
  size_t auth_end = u.find_first_of("/?#", scheme_len);
  std::string_view authority = u.substr(scheme_len, auth_end == std::string_view::npos ? u.npos : auth_end - scheme_len);
  // Userinfo ("https://bank.example@evil.example/") is a phishing device,
  // never something a mention link needs.
  if (authority.empty() || authority.find('@') != std::string_view::npos) return "";
  static const char kHex[] = "0123456789ABCDEF";
  std::string clean;
  for (char ch : u) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7F) return "";
    if (c >= 0x80 || c == ' ' || c == '"' || c == '<' || c == '>' || c == '\\' || c == '`') {
      clean.push_back('%');
      clean.push_back(kHex[c >> 4]);
      clean.push_back(kHex[c & 15]);
    } else {
      clean.push_back(static_cast<char>(c));
    }
  }
  return EscapeHtml(clean);
}

std::string StripHeaderValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  size_t pos = 0;
  while (pos < value.size()) {
    char32_t cp = NextCodePoint(value, &pos);
    if (cp == '\t' || cp == 0x2028 || cp == 0x2029 || cp == 0x85) {
      out.push_back(' ');
    } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
      continue;  // CR, LF and every other control: dropped, never a new line
    } else {
      AppendUtf8(cp, &out);
    }
  }
  return out;
}

std::string EffectiveMessageId(const Email& email) {
  std::string id = SanitizeMessageId(email.message_id);
  if (!id.empty()) return id;
  std::optional<Mailbox> from = ParseMailbox(email.from);
  std::string domain = from ? from->addr.substr(from->addr.rfind('@') + 1) : "veille.local";
  std::string key = email.idempotency_key;
  if (key.empty()) {
    // No key: hash what the message says, so the same message gets the same id.
    key = email.from + "\n" + email.subject + "\n" + std::to_string(email.date_ms) + "\n" + email.text + "\n" +
          email.html;
    for (const std::string& to : email.to) key += "\n" + to;
  }
  return "veille." + Fnv1aHex(key) + "@" + domain;
}

std::string RenderMime(const Email& email) {
  std::string out;
  int64_t date_ms = email.date_ms > 0 ? email.date_ms
                                      : std::chrono::duration_cast<std::chrono::milliseconds>(
                                            std::chrono::system_clock::now().time_since_epoch())
                                            .count();
  out += "Date: " + Rfc5322Date(date_ms) + kCrlf;
  if (std::optional<Mailbox> from = ParseMailbox(email.from)) {
    out += "From: " + MailboxText(*from) + kCrlf;
  }
  std::string to_line;
  for (const std::string& to : email.to) {
    std::optional<Mailbox> mb = ParseMailbox(to);
    if (!mb) continue;
    if (!to_line.empty()) to_line += ",\r\n ";
    to_line += MailboxText(*mb);
  }
  if (!to_line.empty()) out += "To: " + to_line + kCrlf;
  out += UnstructuredHeader("Subject", email.subject);
  std::string message_id = EffectiveMessageId(email);
  out += "Message-ID: <" + message_id + ">" + kCrlf;
  out += "MIME-Version: 1.0\r\n";
  for (const auto& [name, value] : email.extra_headers) {
    if (!ValidHeaderName(name) || ReservedHeader(name)) continue;
    out += UnstructuredHeader(name, value);
  }
  std::string text_body = QuotedPrintable(RepairUtf8(email.text));
  if (email.html.empty()) {
    out += "Content-Type: text/plain; charset=UTF-8\r\n";
    out += "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
    out += text_body;
    // A message ends with a line break; add one only if the text lacks it.
    if (text_body.size() < 2 || text_body.compare(text_body.size() - 2, 2, kCrlf) != 0) out += kCrlf;
    return out;
  }
  // "=_" cannot occur in quoted-printable output ('=' is always followed by
  // two hex digits or a line break), so the boundary never collides with a
  // body whatever the text says.
  std::string boundary = "=_veille_" + Fnv1aHex(message_id);
  out += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
  out += "This is a multi-part message in MIME format.\r\n";
  out += "--" + boundary + kCrlf;
  out += "Content-Type: text/plain; charset=UTF-8\r\n";
  out += "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
  out += text_body + kCrlf;
  out += "--" + boundary + kCrlf;
  out += "Content-Type: text/html; charset=UTF-8\r\n";
  out += "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
  out += QuotedPrintable(RepairUtf8(email.html)) + kCrlf;
  out += "--" + boundary + "--\r\n";
  return out;
}

Mailer::~Mailer() = default;

}  // namespace veille
