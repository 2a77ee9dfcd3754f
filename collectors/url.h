// URL canonicalisation and dedup keys.
//
// The same article reaches veille through Google Alerts (wrapped in a
// google.com/url redirect), Bing News (wrapped in apiclick.aspx with a fresh
// tid on every fetch) and the publisher's own feed (with utm_* tags). The
// canonical form makes those one URL, and the dedup key built from it makes
// them one mention. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace veille {

// Returns the canonical form of an absolute http(s) URL, or "" when `url` is
// not one (relative, another scheme, unparseable host or port):
//  - Google (`google.<tld>/url?...url=` or `q=`) and Bing
//    (`bing.com/news/apiclick.aspx?...url=`) redirects are unwrapped first;
//  - scheme and host lower-cased, user info and a trailing dot in the host
//    dropped, default port (80/443) dropped, empty path made "/";
//  - fragment dropped; tracking parameters (utm_*, fbclid, gclid, dclid,
//    msclkid, mc_cid, mc_eid, igshid, ref_src, ref_url, xtor, yclid, _hsenc,
//    _hsmi, mkt_tok, ...) dropped; the remaining parameters sorted.
// The path keeps its case and its percent-encoding; tabs and line breaks are
// dropped, and the bytes no URL may hold (controls, space, '"', '<', '>',
// '`', bytes that are not UTF-8) are percent-encoded, as browsers do. The
// result is valid UTF-8 and canonical already: CanonicalUrl(CanonicalUrl(u))
// == CanonicalUrl(u).
std::string CanonicalUrl(std::string_view url);

// Percent-decodes `s` ("%2F" -> "/"); malformed escapes are kept as they are.
// '+' is kept (it means space only in form bodies).
std::string PercentDecode(std::string_view s);

// Percent-encodes everything but RFC 3986 unreserved characters, for query
// parameter values ("acme corp" -> "acme%20corp").
std::string PercentEncode(std::string_view s);

// The host of an absolute URL, lower-cased, or "".
std::string UrlHost(std::string_view url);

// "h:" + 16 hex digits of the hash of NormalizeForKey(title) + '\x1f' +
// NormalizeForKey(publisher): the key of an item with no usable URL or id.
std::string TitlePublisherKey(std::string_view title, std::string_view publisher);

// The dedup key (Mention::id): the canonical URL when there is one, else
// "<source_type>:<stable_id>" when the source has a stable id, else
// TitlePublisherKey(title, publisher).
std::string DedupKey(std::string_view canonical_url, std::string_view source_type, std::string_view stable_id,
                     std::string_view title, std::string_view publisher);

}  // namespace veille
