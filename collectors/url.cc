#include "collectors/url.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <vector>

#include "collectors/text.h"

namespace veille {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string LowerCopy(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

// Appends c as "%XX".
void AppendPercentEscaped(unsigned char c, std::string* out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out->push_back('%');
  out->push_back(kHex[c >> 4]);
  out->push_back(kHex[c & 15]);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsTrackingParam(std::string_view key) {
  std::string k = LowerCopy(key);
  if (k.rfind("utm_", 0) == 0) return true;
  static constexpr std::string_view kTracking[] = {
      "fbclid", "gclid",  "gclsrc",  "dclid",   "msclkid",    "mc_cid",     "mc_eid",   "igshid",
      "ref_src", "ref_url", "xtor",  "yclid",   "_hsenc",     "_hsmi",      "mkt_tok",  "oly_anon_id",
      "oly_enc_id", "vero_id", "wickedid", "twclid", "s_cid", "ncid", "_ga", "_gl", "spm", "cmpid"};
  return std::find(std::begin(kTracking), std::end(kTracking), k) != std::end(kTracking);
}

struct ParsedUrl {
  std::string scheme;  // lower-cased
  std::string host;    // lower-cased, no port
  std::string port;    // digits or ""
  std::string path;
  std::vector<std::pair<std::string, std::string>> params;  // raw key, raw value ("" key never)
  std::vector<bool> has_eq;
};

// A path, key or value as a URL may carry it: the bytes no URL may hold
// (controls, space, '"', '<', '>', '`', DEL, and bytes that are not UTF-8)
// percent-encoded, as browsers do; valid UTF-8 letters are kept. Applied
// again, it changes nothing.
std::string EscapeUrlPart(std::string_view part) {
  auto bad_ascii = [](unsigned char c) {
    return c <= ' ' || c == '"' || c == '<' || c == '>' || c == '`' || c == 0x7F;
  };
  bool clean = IsValidUtf8(part);
  for (size_t i = 0; clean && i < part.size(); ++i) clean = !bad_ascii(static_cast<unsigned char>(part[i]));
  if (clean) return std::string(part);
  std::string out;
  const auto* p = reinterpret_cast<const unsigned char*>(part.data());
  for (size_t i = 0; i < part.size();) {
    const unsigned char c = p[i];
    uint32_t cp;
    const int len = c >= 0x80 ? DecodeUtf8(p + i, part.size() - i, &cp) : 1;
    if (len > 1) {  // one valid character, kept as it is
      out.append(part.substr(i, static_cast<size_t>(len)));
      i += static_cast<size_t>(len);
      continue;
    }
    if (c >= 0x80 || bad_ascii(c)) {
      AppendPercentEscaped(c, &out);
    } else {
      out.push_back(static_cast<char>(c));
    }
    ++i;
  }
  return out;
}

bool Parse(std::string_view written, ParsedUrl* out) {
  // Tabs and line breaks inside a URL are layout (a feed wrapping a long
  // link), dropped as browsers drop them.
  std::string unwrapped;
  if (written.find_first_of("\t\r\n") != std::string_view::npos) {
    for (char c : written) {
      if (c != '\t' && c != '\r' && c != '\n') unwrapped.push_back(c);
    }
    written = unwrapped;
  }
  std::string_view url = written;
  // Trim spaces a feed may leave around a link.
  while (!url.empty() && static_cast<unsigned char>(url.front()) <= ' ') url.remove_prefix(1);
  while (!url.empty() && static_cast<unsigned char>(url.back()) <= ' ') url.remove_suffix(1);
  size_t colon = url.find("://");
  if (colon == std::string_view::npos) return false;
  out->scheme = LowerCopy(url.substr(0, colon));
  if (out->scheme != "http" && out->scheme != "https") return false;
  std::string_view rest = url.substr(colon + 3);
  size_t auth_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, auth_end);
  rest = auth_end == std::string_view::npos ? std::string_view() : rest.substr(auth_end);
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority = authority.substr(at + 1);
  std::string_view host = authority, port;
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return false;
    host = authority.substr(0, close + 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return false;
      port = after.substr(1);
    }
  } else {
    size_t pc = authority.rfind(':');
    if (pc != std::string_view::npos) {
      host = authority.substr(0, pc);
      port = authority.substr(pc + 1);
    }
  }
  while (!host.empty() && host.back() == '.') host.remove_suffix(1);
  if (host.empty()) return false;
  for (char c : host) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= ' ' || u == 0x7F || c == '<' || c == '>' || c == '"' || c == '\\' || c == '`') return false;
    // Only a bracketed IPv6 literal holds ':' ("a:b:80" is no host and port).
    if ((c == ':' || c == '[' || c == ']') && host.front() != '[') return false;
  }
  if (!IsValidUtf8(host)) return false;
  for (char c : port) {
    if (c < '0' || c > '9') return false;
  }
  if (port.size() > 5) return false;
  out->host = LowerCopy(host);
  out->port = std::string(port);
  if ((out->scheme == "http" && port == "80") || (out->scheme == "https" && port == "443")) out->port.clear();

  size_t hash = rest.find('#');
  if (hash != std::string_view::npos) rest = rest.substr(0, hash);
  size_t q = rest.find('?');
  out->path = EscapeUrlPart(rest.substr(0, q));
  if (out->path.empty()) out->path = "/";
  if (q != std::string_view::npos) {
    std::string_view query = rest.substr(q + 1);
    size_t pos = 0;
    while (pos <= query.size()) {
      size_t amp = query.find('&', pos);
      if (amp == std::string_view::npos) amp = query.size();
      std::string_view param = query.substr(pos, amp - pos);
      if (!param.empty()) {
        size_t eq = param.find('=');
        out->params.emplace_back(EscapeUrlPart(param.substr(0, eq)),
                                 eq == std::string_view::npos ? "" : EscapeUrlPart(param.substr(eq + 1)));
        out->has_eq.push_back(eq != std::string_view::npos);
      }
      pos = amp + 1;
    }
  }
  return true;
}

const std::string* Param(const ParsedUrl& u, std::string_view key) {
  for (const auto& [k, v] : u.params) {
    if (k == key) return &v;
  }
  return nullptr;
}

bool IsGoogleHost(const std::string& host) {
  std::string_view h = host;
  if (h.rfind("www.", 0) == 0) h.remove_prefix(4);
  if (h.rfind("google.", 0) != 0) return false;
  // google.com, google.fr, google.co.uk, google.com.au: one or two labels.
  std::string_view tld = h.substr(7);
  return !tld.empty() && std::count(tld.begin(), tld.end(), '.') <= 1;
}

// The wrapped target of a known redirector, or "".
std::string RedirectTarget(const ParsedUrl& u) {
  const std::string* target = nullptr;
  if (IsGoogleHost(u.host) && u.path == "/url") {
    target = Param(u, "url");
    if (target == nullptr || target->empty()) target = Param(u, "q");
  } else if ((u.host == "bing.com" || u.host == "www.bing.com") && LowerCopy(u.path) == "/news/apiclick.aspx") {
    target = Param(u, "url");
  }
  if (target == nullptr) return "";
  std::string decoded = PercentDecode(*target);
  std::string lower = LowerCopy(decoded.substr(0, 8));
  if (lower.rfind("http://", 0) != 0 && lower.rfind("https://", 0) != 0) return "";
  return decoded;
}

std::string Canonical(std::string_view url, int depth) {
  ParsedUrl u;
  if (!Parse(url, &u)) return "";
  if (depth < 3) {
    std::string target = RedirectTarget(u);
    if (!target.empty()) {
      std::string inner = Canonical(target, depth + 1);
      if (!inner.empty()) return inner;
    }
  }
  std::vector<std::string> kept;
  for (size_t i = 0; i < u.params.size(); ++i) {
    if (IsTrackingParam(u.params[i].first)) continue;
    kept.push_back(u.has_eq[i] ? u.params[i].first + "=" + u.params[i].second : u.params[i].first);
  }
  // Parameter order carries no meaning for the servers we see; sorting makes
  // "?a=1&b=2" and "?b=2&a=1" one key. stable_sort keeps repeated keys in order.
  std::stable_sort(kept.begin(), kept.end(), [](const std::string& a, const std::string& b) {
    return a.substr(0, a.find('=')) < b.substr(0, b.find('='));
  });
  std::string out = u.scheme + "://" + u.host;
  if (!u.port.empty()) out += ":" + u.port;
  out += u.path;
  for (size_t i = 0; i < kept.size(); ++i) {
    out += i == 0 ? '?' : '&';
    out += kept[i];
  }
  return out;
}

}  // namespace

std::string PercentDecode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::string PercentEncode(std::string_view s) {
  std::string out;
  out.reserve(s.size() * 3);
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      AppendPercentEscaped(c, &out);
    }
  }
  return out;
}

std::string CanonicalUrl(std::string_view url) { return Canonical(url, 0); }

std::string UrlHost(std::string_view url) {
  ParsedUrl u;
  return Parse(url, &u) ? u.host : "";
}

std::string TitlePublisherKey(std::string_view title, std::string_view publisher) {
  std::string material = NormalizeForKey(title) + '\x1f' + NormalizeForKey(publisher);
  char buf[24];
  std::snprintf(buf, sizeof buf, "h:%016llx", static_cast<unsigned long long>(Fnv1a64(material)));
  return buf;
}

std::string DedupKey(std::string_view canonical_url, std::string_view source_type, std::string_view stable_id,
                     std::string_view title, std::string_view publisher) {
  if (!canonical_url.empty()) return std::string(canonical_url);
  if (!stable_id.empty()) return std::string(source_type) + ":" + std::string(stable_id);
  return TitlePublisherKey(title, publisher);
}

}  // namespace veille
