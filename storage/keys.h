// Key encodings of veille's RocksDB column families. Integers are big-endian
// so that byte order is numeric order and range scans walk time forwards.
// Strings are followed by a 0x00 separator; brand names, source names and
// dimension names never contain NUL (the config loader refuses it).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace veille::keys {

void PutBigEndian64(std::string* dst, uint64_t v);
uint64_t GetBigEndian64(std::string_view src);  // src.size() >= 8
void PutFixed64(std::string* dst, uint64_t v);  // little-endian, merge operand
uint64_t DecodeFixed64(std::string_view src);

constexpr int64_t kHourMs = 3600LL * 1000;
inline int64_t HourOf(int64_t ms) { return ms - (ms % kHourMs + kHourMs) % kHourMs; }

// trends: brand \0 hour(be64) dimension -> fixed64 counter.
// Dimensions: "total", "label/negative", "source/rss", "reach", "complaint".
std::string TrendKey(std::string_view brand, int64_t hour_ms, std::string_view dimension);
std::string TrendPrefix(std::string_view brand);
// Splits a trend key; false when it is not one.
bool ParseTrendKey(std::string_view key, std::string* brand, int64_t* hour_ms, std::string* dimension);

// mentions: scored_ms(be64) id -> ScoredMention JSON. Time-ordered so that the
// retention compaction filter and the digest read a range.
std::string MentionKey(int64_t at_ms, std::string_view id);
int64_t MentionKeyTime(std::string_view key);

// deadletter: at_ms(be64) seq(be64) -> JSON {stage, where, error, payload}.
std::string DeadLetterKey(int64_t at_ms, uint64_t seq);

}  // namespace veille::keys
