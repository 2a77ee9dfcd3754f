// Text utilities every collector needs: HTML to plain text, forcing bytes
// into valid UTF-8, and the accent- and case-insensitive folding that brand
// matching and dedup keys are computed on.
//
// All functions are pure, bounded (linear in their input, whatever the
// input: an "HTML bomb" of nested tags costs one pass) and thread-safe. The
// folding table is built once, on first use, under std::call_once.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace veille {

// What to do with a byte that does not start a valid UTF-8 sequence.
enum class InvalidUtf8 {
  kReplace,      // U+FFFD, one per maximal invalid subsequence
  kWindows1252,  // read the byte as Windows-1252 (a mislabelled Latin-1 feed)
};

bool IsValidUtf8(std::string_view bytes);
// Decodes one UTF-8 sequence at p[0..n), n >= 1. Returns the number of bytes
// used (> 0) and sets *cp, or returns -k where k >= 1 is the length of the
// maximal invalid subpart to skip (Unicode's "substitution of maximal
// subparts"). Overlong forms, surrogates and values above U+10FFFF are
// invalid; NUL decodes like any ASCII byte.
int DecodeUtf8(const unsigned char* p, size_t n, uint32_t* cp);
// Returns `bytes` unchanged when valid, else a repaired copy. Overlong forms,
// surrogates and code points above U+10FFFF are invalid; NUL bytes are
// dropped (no consumer wants them and some C APIs truncate on them).
std::string ToValidUtf8(std::string_view bytes, InvalidUtf8 policy = InvalidUtf8::kReplace);

// Converts an HTML fragment to plain text: tags removed (script, style and
// comments with their content), block tags turned into spaces, every HTML 4
// named entity plus &apos; and all numeric references decoded once (no
// double decoding), &nbsp; and all whitespace collapsed to single spaces,
// ends trimmed. Text without markup passes through with only whitespace
// collapsed; a '<' not followed by a letter, '/', '!' or '?' is kept as text.
// An unterminated tag at the very end is dropped. Output is valid UTF-8.
std::string HtmlToText(std::string_view html);

// Collapses runs of whitespace to one space and trims the ends.
std::string CollapseWhitespace(std::string_view text);

// Folds UTF-8 text for matching: compatibility-decomposed (NFKD), combining
// marks removed, case-folded, a few letters NFKD keeps whole spelled out
// (ß->ss, æ->ae, œ->oe, ø->o, ł->l, đ->d, þ->th), and every character that
// is neither a letter nor a digit turned into a space, so that words are the
// maximal runs of non-space bytes. "Société Générale!" -> "societe generale ".
// Invalid UTF-8 bytes become spaces.
std::string FoldForMatch(std::string_view text);

// FoldForMatch, then whitespace collapsed: the normalised form used in
// dedup keys ("  L'Oréal -- Paris " -> "l oreal paris").
std::string NormalizeForKey(std::string_view text);

// 64-bit FNV-1a; stable across runs and machines (used in dedup keys).
uint64_t Fnv1a64(std::string_view bytes);

}  // namespace veille
