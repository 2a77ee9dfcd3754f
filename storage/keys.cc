#include "storage/keys.h"

namespace veille::keys {

void PutBigEndian64(std::string* dst, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) dst->push_back(static_cast<char>((v >> shift) & 0xff));
}

uint64_t GetBigEndian64(std::string_view src) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(src[i]);
  return v;
}

void PutFixed64(std::string* dst, uint64_t v) {
  for (int i = 0; i < 8; ++i) dst->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

uint64_t DecodeFixed64(std::string_view src) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(src[i]);
  return v;
}

std::string TrendPrefix(std::string_view brand) {
  std::string k(brand);
  k.push_back('\0');
  return k;
}

std::string TrendKey(std::string_view brand, int64_t hour_ms, std::string_view dimension) {
  std::string k = TrendPrefix(brand);
  PutBigEndian64(&k, static_cast<uint64_t>(hour_ms));
  k.append(dimension);
  return k;
}

bool ParseTrendKey(std::string_view key, std::string* brand, int64_t* hour_ms, std::string* dimension) {
  size_t nul = key.find('\0');
  if (nul == std::string_view::npos || key.size() < nul + 1 + 8) return false;
  brand->assign(key.substr(0, nul));
  *hour_ms = static_cast<int64_t>(GetBigEndian64(key.substr(nul + 1)));
  dimension->assign(key.substr(nul + 9));
  return true;
}

std::string MentionKey(int64_t at_ms, std::string_view id) {
  std::string k;
  PutBigEndian64(&k, static_cast<uint64_t>(at_ms));
  k.append(id);
  return k;
}

int64_t MentionKeyTime(std::string_view key) {
  return key.size() < 8 ? 0 : static_cast<int64_t>(GetBigEndian64(key));
}

std::string DeadLetterKey(int64_t at_ms, uint64_t seq) {
  std::string k;
  PutBigEndian64(&k, static_cast<uint64_t>(at_ms));
  PutBigEndian64(&k, seq);
  return k;
}

}  // namespace veille::keys
