// Properties the collectors' parsers keep on any input: feeds, alert
// e-mails and pages are written by whoever publishes them. Shared by the
// fuzz target tests/fuzz/collectors_fuzz.cc (run by scripts/fuzz under
// sanitizers) and by invariants_test.cc, which checks them in every test
// run on generated and hand-picked hostile inputs.
//
// Each check returns "" when its properties hold, else what broke, with the
// input escaped so that the failure can be replayed.
#pragma once

#include <set>
#include <string>
#include <string_view>

#include "collectors/feed.h"
#include "collectors/mail.h"
#include "collectors/text.h"
#include "collectors/url.h"
#include "tests/support/escaped.h"

namespace veille::collector_invariants {

using veille::testutil::Escaped;

inline std::string In(std::string_view what, std::string_view input) {
  return std::string(what) + " on \"" + Escaped(input) + "\"";
}

inline bool HasAsciiSpaceOtherThanBlank(std::string_view s) {
  return s.find_first_of("\t\n\r\f\v") != std::string_view::npos;
}

// Collapsed text: no ASCII whitespace but single blanks, none at the ends.
inline bool Collapsed(std::string_view s) {
  return !HasAsciiSpaceOtherThanBlank(s) && s.find("  ") == std::string_view::npos &&
         (s.empty() || (s.front() != ' ' && s.back() != ' '));
}

// Text helpers: valid UTF-8 out of anything, repairs and normal forms that
// are stable when applied again, percent-encoding that round-trips.
inline std::string CheckText(std::string_view in) {
  for (InvalidUtf8 policy : {InvalidUtf8::kReplace, InvalidUtf8::kWindows1252}) {
    const std::string valid = ToValidUtf8(in, policy);
    if (!IsValidUtf8(valid)) return In("ToValidUtf8 gave invalid UTF-8", in);
    if (valid.find('\0') != std::string::npos) return In("ToValidUtf8 kept a NUL", in);
    if (ToValidUtf8(valid, policy) != valid) return In("ToValidUtf8 is not stable", in);
  }
  if (IsValidUtf8(in) && in.find('\0') == std::string_view::npos && ToValidUtf8(in) != in) {
    return In("ToValidUtf8 changed valid text", in);
  }
  const std::string text = HtmlToText(in);
  if (!IsValidUtf8(text)) return In("HtmlToText gave invalid UTF-8", in);
  if (!Collapsed(text)) return In("HtmlToText left whitespace uncollapsed: \"" + Escaped(text) + "\"", in);
  if (!Collapsed(CollapseWhitespace(in))) return In("CollapseWhitespace left whitespace", in);
  const std::string folded = FoldForMatch(in);
  if (!IsValidUtf8(folded)) return In("FoldForMatch gave invalid UTF-8", in);
  for (char c : folded) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x80 && !(u == ' ' || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9'))) {
      return In("FoldForMatch kept an ASCII byte that is no lower-case letter, digit or space: \"" +
                    Escaped(folded) + "\"",
                in);
    }
  }
  const std::string key = NormalizeForKey(in);
  if (!Collapsed(key)) return In("NormalizeForKey left whitespace", in);
  if (NormalizeForKey(key) != key) {
    return In("NormalizeForKey is not stable: \"" + Escaped(key) + "\" -> \"" + Escaped(NormalizeForKey(key)) + "\"",
              in);
  }
  const std::string encoded = PercentEncode(in);
  for (char c : encoded) {
    const auto u = static_cast<unsigned char>(c);
    const bool unreserved = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
                            u == '-' || u == '.' || u == '_' || u == '~' || u == '%';
    if (!unreserved) return In("PercentEncode kept a reserved byte", in);
  }
  if (PercentDecode(encoded) != in) return In("PercentDecode(PercentEncode(x)) != x", in);
  return "";
}

// URLs: the canonical form is empty or an http(s) URL with no byte that
// would break out of a log line or an HTML attribute, and canonicalising it
// again changes nothing (the same article keeps one dedup key).
inline std::string CheckUrl(std::string_view in) {
  const std::string canonical = CanonicalUrl(in);
  if (canonical.empty()) return "";
  if (!canonical.starts_with("http://") && !canonical.starts_with("https://")) {
    return In("CanonicalUrl gave a non-http URL \"" + Escaped(canonical) + "\"", in);
  }
  if (!IsValidUtf8(canonical)) return In("CanonicalUrl gave invalid UTF-8: \"" + Escaped(canonical) + "\"", in);
  for (char c : canonical) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F || c == '"' || c == '<' || c == '>') {
      return In("CanonicalUrl kept a control, space, quote or angle bracket: \"" + Escaped(canonical) + "\"", in);
    }
  }
  const std::string again = CanonicalUrl(canonical);
  if (again != canonical) {
    return In("CanonicalUrl is not stable: \"" + Escaped(canonical) + "\" -> \"" + Escaped(again) + "\"", in);
  }
  if (UrlHost(canonical).empty()) return In("a canonical URL without host: \"" + Escaped(canonical) + "\"", in);
  return "";
}

// Alert e-mails: every decoded field is valid UTF-8; results have canonical,
// distinct URLs.
inline std::string CheckMail(std::string_view in) {
  if (!IsValidUtf8(DecodeMimeHeader(in)) && IsValidUtf8(in)) return In("DecodeMimeHeader gave invalid UTF-8", in);
  auto mail = ParseMail(in);
  if (mail.ok()) {
    const MailMessage& m = mail.value();
    const std::pair<const char*, const std::string*> fields[] = {
        {"subject", &m.subject}, {"from", &m.from}, {"message_id", &m.message_id},
        {"html", &m.html},       {"text", &m.text}};
    for (const auto& [field, value] : fields) {
      if (!IsValidUtf8(*value)) return In(std::string("ParseMail gave invalid UTF-8 in ") + field, in);
    }
  }
  std::set<std::string> urls;
  for (const AlertResult& r : ParseGoogleAlertsHtml(in)) {
    if (r.url.empty() || CanonicalUrl(r.url) != r.url) {
      return In("alert result with a URL that is not canonical: \"" + Escaped(r.url) + "\"", in);
    }
    if (!urls.insert(r.url).second) return In("alert results repeat a URL", in);
    for (const std::string* s : {&r.title, &r.publisher, &r.snippet}) {
      if (!IsValidUtf8(*s)) return In("alert result with invalid UTF-8", in);
    }
  }
  return "";
}

// Feeds: parsed or refused with an error naming where; what is parsed is
// valid UTF-8 and dated no later than the fetch.
inline std::string CheckFeed(std::string_view in) {
  FeedParseOptions options;
  options.fetched_ms = 1'795'000'000'000;  // 2026-11-18
  options.base_url = "https://example.org/feed/";
  auto feed = ParseFeed(in, options);
  if (!feed.ok()) {
    if (feed.status().message().empty()) return In("ParseFeed failed without saying why", in);
    return "";
  }
  const Feed& f = feed.value();
  for (const std::string* s : {&f.title, &f.link, &f.lang}) {
    if (!IsValidUtf8(*s)) return In("feed field with invalid UTF-8", in);
  }
  for (const FeedItem& item : f.items) {
    for (const std::string* s : {&item.id, &item.link, &item.title, &item.summary, &item.content, &item.author,
                                 &item.publisher, &item.publisher_url, &item.lang}) {
      if (!IsValidUtf8(*s)) return In("feed item field with invalid UTF-8: \"" + Escaped(*s) + "\"", in);
    }
    for (const std::string& c : item.categories) {
      if (!IsValidUtf8(c)) return In("feed category with invalid UTF-8", in);
    }
    if (item.published_ms > options.fetched_ms) return In("feed item dated after the fetch", in);
  }
  (void)ParseFeedDate(in);
  return "";
}

}  // namespace veille::collector_invariants
