// Internal text helpers shared by the e-mail renderer, the ticket builder and
// the digest: UTF-8 repair and walking, base64 and quoted-printable encoders,
// date and number formatting in French and English. Not part of the library's
// interface (jobs should not include it). Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace veille::alerting_internal {

// Returns `text` with every invalid UTF-8 sequence (overlong forms,
// surrogates, truncated sequences, stray continuation bytes) replaced by
// U+FFFD, so that JSON writers and MIME encoders only ever see valid UTF-8.
std::string RepairUtf8(std::string_view text);

// Decodes the code point at text[*pos] and advances *pos; invalid sequences
// decode as U+FFFD and advance one byte.
char32_t NextCodePoint(std::string_view text, size_t* pos);
void AppendUtf8(char32_t cp, std::string* out);

// The longest prefix of `text` of at most `max_chars` code points, with "…"
// appended when something was cut. Whitespace runs (including newlines) are
// collapsed to one space first, so the result fits on one line.
std::string Excerpt(std::string_view text, size_t max_chars);

std::string Base64(std::string_view data);
// Quoted-printable body (RFC 2045 6.7): any line ending normalised to CRLF,
// lines of at most 76 octets with soft breaks, '=' and non-ASCII encoded,
// trailing blanks, a leading '.' and a leading "From " encoded too so that
// naive transports cannot alter the text.
std::string QuotedPrintable(std::string_view text);

// ASCII lower case plus the Latin-1 capitals French uses (É -> é, À -> à...).
std::string LowerUtf8(std::string_view text);

// "Mon, 23 Nov 2026 09:11:09 +0000" (RFC 5322 date-time, UTC).
std::string Rfc5322Date(int64_t epoch_ms);
// Human date in UTC: "23/11/2026 09:11 UTC" (fr), "2026-11-23 09:11 UTC" (en).
std::string HumanDateTime(int64_t epoch_ms, bool french);
// Date only, UTC: "23/11/2026" (fr), "2026-11-23" (en).
std::string HumanDate(int64_t epoch_ms, bool french);
// "23/11" (fr) or "11-23" (en), for chart labels. With `with_hour`, adds " 09h"
// (fr) or " 09:00" (en).
std::string ShortDate(int64_t epoch_ms, bool french, bool with_hour);

// Grouped integers: "12 345" with a narrow no-break space (fr), "12,345" (en).
std::string FormatCount(int64_t n, bool french);
// One decimal: "12,5" (fr) or "12.5" (en).
std::string FormatDecimal(double value, int decimals, bool french);
// A percentage of `part` in `whole` with the unit: "12,5 %" with a no-break
// space (fr), "12.5%" (en); "–" when whole is 0.
std::string FormatPercent(int64_t part, int64_t whole, bool french);

// FNV-1a 64-bit, 16 lower-case hex digits. Stable across platforms and runs.
std::string Fnv1aHex(std::string_view text);

}  // namespace veille::alerting_internal
