#include "collectors/mail.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <unordered_set>

#include "collectors/feed.h"
#include "collectors/text.h"
#include "collectors/url.h"

namespace veille {
namespace {

constexpr int kMaxMimeDepth = 5;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Headers (unfolded, names lower-cased, first occurrence wins) and the body.
struct Entity {
  std::map<std::string, std::string> headers;
  std::string_view body;
  bool ok = false;
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

Entity SplitEntity(std::string_view raw) {
  Entity e;
  size_t crlf = raw.find("\r\n\r\n"), lf = raw.find("\n\n");
  size_t end, skip;
  if (crlf != std::string_view::npos && (lf == std::string_view::npos || crlf < lf)) {
    end = crlf, skip = 4;
  } else if (lf != std::string_view::npos) {
    end = lf, skip = 2;
  } else {
    return e;
  }
  e.ok = true;
  e.body = raw.substr(end + skip);
  std::string_view head = raw.substr(0, end);
  std::string name, value;
  auto flush = [&] {
    if (!name.empty() && e.headers.count(name) == 0) e.headers[name] = std::string(Trim(value));
    name.clear();
    value.clear();
  };
  size_t pos = 0;
  while (pos <= head.size()) {
    size_t nl = head.find('\n', pos);
    std::string_view line = head.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      value += " ";
      value += Trim(line);
    } else {
      flush();
      size_t colon = line.find(':');
      if (colon != std::string_view::npos) {
        name = Lower(Trim(line.substr(0, colon)));
        value = std::string(line.substr(colon + 1));
      }
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  flush();
  return e;
}

// "text/html; charset="utf-8"" -> type "text/html", params {charset: utf-8}.
struct ContentType {
  std::string type = "text/plain";
  std::map<std::string, std::string> params;
};

ContentType ParseContentType(std::string_view value) {
  ContentType ct;
  size_t semi = value.find(';');
  std::string type = Lower(Trim(value.substr(0, semi)));
  if (!type.empty()) ct.type = type;
  while (semi != std::string_view::npos) {
    value = value.substr(semi + 1);
    semi = value.find(';');
    std::string_view p = Trim(value.substr(0, semi));
    size_t eq = p.find('=');
    if (eq == std::string_view::npos) continue;
    std::string v(Trim(p.substr(eq + 1)));
    if (v.size() >= 2 && v.front() == '"') {
      // A quoted value may hold ';': take it up to its closing quote.
      size_t close = value.find('"', value.find('"') + 1);
      if (close != std::string_view::npos) {
        v = std::string(value.substr(value.find('"') + 1, close - value.find('"') - 1));
        semi = value.find(';', close);
      } else {
        v = v.substr(1);
      }
    }
    ct.params[Lower(Trim(p.substr(0, eq)))] = v;
  }
  return ct;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string DecodeQuotedPrintable(std::string_view in, bool header) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (header && c == '_') {
      out += ' ';
    } else if (c == '=' && i + 1 < in.size()) {
      if (in[i + 1] == '\n') {  // soft line break
        i += 1;
      } else if (in[i + 1] == '\r' && i + 2 < in.size() && in[i + 2] == '\n') {
        i += 2;
      } else if (i + 2 < in.size() && HexValue(in[i + 1]) >= 0 && HexValue(in[i + 2]) >= 0) {
        out += static_cast<char>(HexValue(in[i + 1]) * 16 + HexValue(in[i + 2]));
        i += 2;
      } else {
        out += c;
      }
    } else {
      out += c;
    }
  }
  return out;
}

std::string DecodeBase64(std::string_view in) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int v;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '+' || c == '-') v = 62;
    else if (c == '/' || c == '_') v = 63;
    else continue;  // whitespace, '=' padding, garbage
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

// Bytes in `charset` to valid UTF-8. UTF-8 and ASCII are repaired where
// broken; the Latin charsets (ISO-8859-1/15, Windows-1252) are read as
// Windows-1252, their common superset in practice.
std::string ToUtf8(std::string_view bytes, const std::string& charset) {
  std::string cs = Lower(charset);
  if (cs.empty() || cs == "utf-8" || cs == "utf8" || cs == "us-ascii") return ToValidUtf8(bytes);
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 4);
  std::string one(1, '\0');
  for (char c : bytes) {
    if (c == '\0') continue;  // dropped, as ToValidUtf8 drops them
    if (static_cast<unsigned char>(c) < 0x80) {
      out += c;
    } else {
      one[0] = c;
      out += ToValidUtf8(one, InvalidUtf8::kWindows1252);
    }
  }
  return out;
}

std::string DecodeTransfer(std::string_view body, const std::string& encoding) {
  std::string enc = Lower(encoding);
  if (enc == "quoted-printable") return DecodeQuotedPrintable(body, false);
  if (enc == "base64") return DecodeBase64(body);
  return std::string(body);
}

// Fills msg->html / msg->text from the first parts of those types.
void CollectParts(const Entity& e, int depth, MailMessage* msg) {
  ContentType ct = ParseContentType(e.Header("content-type"));
  if (ct.type.rfind("multipart/", 0) == 0) {
    std::string boundary = ct.params["boundary"];
    if (boundary.empty() || depth >= kMaxMimeDepth) return;
    std::string delim = "--" + boundary;
    std::string_view body = e.body;
    size_t pos = body.find(delim);
    while (pos != std::string_view::npos) {
      size_t start = pos + delim.size();
      if (body.substr(start, 2) == "--") break;  // closing delimiter
      size_t line_end = body.find('\n', start);
      if (line_end == std::string_view::npos) break;
      size_t next = body.find(delim, line_end);
      std::string_view part = body.substr(line_end + 1, next == std::string_view::npos ? std::string_view::npos
                                                                                       : next - line_end - 1);
      Entity child = SplitEntity(part);
      if (child.ok) CollectParts(child, depth + 1, msg);
      pos = next;
    }
    return;
  }
  std::string* target = ct.type == "text/html" ? &msg->html : ct.type == "text/plain" ? &msg->text : nullptr;
  if (target == nullptr || !target->empty()) return;
  *target = ToUtf8(DecodeTransfer(e.body, e.Header("content-transfer-encoding")), ct.params["charset"]);
}

std::string Attr(xmlNode* n, const char* name) {
  xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  if (v == nullptr) return "";
  std::string s(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return s;
}

std::string NodeText(xmlNode* n) {
  xmlChar* v = xmlNodeGetContent(n);
  if (v == nullptr) return "";
  std::string_view text(reinterpret_cast<const char*>(v));
  // No-break spaces (U+00A0, common in alert mails) become plain spaces,
  // in one pass (string::replace in a loop also trips GCC 12's -Wrestrict).
  std::string s;
  s.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0') {
      s.push_back(' ');
      ++i;
    } else {
      s.push_back(text[i]);
    }
  }
  xmlFree(v);
  return CollapseWhitespace(s);
}

bool IsElement(xmlNode* n, const char* tag = nullptr) {
  return n->type == XML_ELEMENT_NODE &&
         (tag == nullptr || xmlStrcasecmp(n->name, reinterpret_cast<const xmlChar*>(tag)) == 0);
}

// First element under `n` (n included) with itemprop `prop`, or nullptr.
xmlNode* FindProp(xmlNode* n, const char* prop) {
  if (IsElement(n) && Attr(n, "itemprop") == prop) return n;
  for (xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (xmlNode* f = FindProp(c, prop)) return f;
  }
  return nullptr;
}

// The target of a Google redirect link to a non-Google site, canonical; "".
std::string AlertTarget(const std::string& href) {
  std::string host = UrlHost(href);
  if (host.find("google.") == std::string::npos) return "";
  std::string target = CanonicalUrl(href);
  std::string target_host = UrlHost(target);
  if (target.empty() || target_host.empty() || target_host.find("google.") != std::string::npos) return "";
  return target;
}

void WalkArticles(xmlNode* n, std::vector<AlertResult>* out) {
  for (; n != nullptr; n = n->next) {
    if (!IsElement(n)) continue;
    if (Attr(n, "itemtype").find("schema.org/Article") != std::string::npos) {
      AlertResult r;
      xmlNode* link = FindProp(n, "url");
      if (link != nullptr) {
        std::string href = Attr(link, "href");
        r.url = AlertTarget(href);
        if (r.url.empty()) r.url = CanonicalUrl(href);
        xmlNode* name = FindProp(link, "name");
        r.title = NodeText(name != nullptr ? name : link);
      }
      if (xmlNode* pub = FindProp(n, "publisher")) {
        xmlNode* name = FindProp(pub->children ? pub->children : pub, "name");
        r.publisher = NodeText(name != nullptr ? name : pub);
      }
      if (xmlNode* desc = FindProp(n, "description")) r.snippet = NodeText(desc);
      if (!r.url.empty() || !r.title.empty()) out->push_back(std::move(r));
      continue;
    }
    WalkArticles(n->children, out);
  }
}

void WalkLinks(xmlNode* n, std::vector<AlertResult>* out) {
  for (; n != nullptr; n = n->next) {
    if (!IsElement(n)) continue;
    if (IsElement(n, "a")) {
      AlertResult r;
      r.url = AlertTarget(Attr(n, "href"));
      r.title = NodeText(n);
      if (!r.url.empty() && !r.title.empty()) out->push_back(std::move(r));
      continue;
    }
    WalkLinks(n->children, out);
  }
}

// RFC 2047 encoded-word payload to UTF-8.
std::string DecodeWord(std::string_view charset, char encoding, std::string_view text) {
  std::string bytes = encoding == 'Q' || encoding == 'q' ? DecodeQuotedPrintable(text, true) : DecodeBase64(text);
  return ToUtf8(bytes, std::string(charset));
}

}  // namespace

std::string DecodeMimeHeader(std::string_view value) {
  std::string out;
  size_t pos = 0;
  bool last_was_word = false;
  while (pos < value.size()) {
    size_t start = value.find("=?", pos);
    if (start == std::string_view::npos) {
      out += value.substr(pos);
      break;
    }
    size_t q1 = value.find('?', start + 2);
    size_t q2 = q1 == std::string_view::npos ? q1 : value.find('?', q1 + 1);
    size_t end = q2 == std::string_view::npos ? q2 : value.find("?=", q2 + 1);
    if (end == std::string_view::npos || q2 != q1 + 2) {
      out += value.substr(pos, start + 2 - pos);
      pos = start + 2;
      last_was_word = false;
      continue;
    }
    std::string_view between = value.substr(pos, start - pos);
    // Whitespace between two encoded words is not part of the text.
    if (!(last_was_word && Trim(between).empty())) out += between;
    std::string_view charset = value.substr(start + 2, q1 - start - 2);
    charset = charset.substr(0, charset.find('*'));  // RFC 2231 language suffix
    out += DecodeWord(charset, value[q1 + 1], value.substr(q2 + 1, end - q2 - 1));
    pos = end + 2;
    last_was_word = true;
  }
  return ToValidUtf8(out);
}

Result<MailMessage> ParseMail(std::string_view raw) {
  Entity e = SplitEntity(raw);
  if (!e.ok) return Status::Corruption("mail: no blank line between the headers and the body");
  MailMessage msg;
  msg.subject = CollapseWhitespace(DecodeMimeHeader(e.Header("subject")));
  std::string from = e.Header("from");
  size_t lt = from.rfind('<'), gt = from.rfind('>');
  // Header bytes are whatever the sender wrote: the address and the id
  // (which become a mention's thread and source id) are repaired to UTF-8
  // like every other field.
  msg.from = ToValidUtf8(Lower(Trim(lt != std::string::npos && gt != std::string::npos && gt > lt
                                        ? from.substr(lt + 1, gt - lt - 1)
                                        : from)));
  std::string id = std::string(Trim(e.Header("message-id")));
  if (id.size() >= 2 && id.front() == '<' && id.back() == '>') id = id.substr(1, id.size() - 2);
  msg.message_id = ToValidUtf8(id);
  std::string date = e.Header("date");
  msg.date_ms = date.empty() ? -1 : ParseRfc822Date(date);
  CollectParts(e, 0, &msg);
  return msg;
}

std::vector<AlertResult> ParseGoogleAlertsHtml(std::string_view raw_html) {
  std::vector<AlertResult> found;
  if (raw_html.empty()) return found;
  // libxml2 told "UTF-8" passes some invalid bytes through to the text it
  // returns: repaired first, so that every result is valid UTF-8.
  const std::string html = ToValidUtf8(raw_html);
  htmlDocPtr doc = htmlReadMemory(html.data(), static_cast<int>(html.size()), nullptr, "UTF-8",
                                  HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
  if (doc == nullptr) return found;
  xmlNode* root = xmlDocGetRootElement(doc);
  WalkArticles(root, &found);
  if (found.empty()) WalkLinks(root, &found);
  xmlFreeDoc(doc);
  std::vector<AlertResult> out;
  std::unordered_set<std::string> seen;
  for (AlertResult& r : found) {
    if (r.url.empty() || seen.insert(r.url).second) out.push_back(std::move(r));
  }
  return out;
}

}  // namespace veille
