#include "collectors/json_util.h"

#include <rapidjson/error/en.h>

#include <cmath>

#include "collectors/text.h"
#include "common/log.h"

namespace veille {

Status ParseJsonBody(std::string_view body, rapidjson::Document* doc, const std::string& where) {
  // JSON must be UTF-8 (RFC 8259) but services do serve stray Latin-1 bytes.
  // Invalid sequences sit inside strings (JSON syntax is ASCII), so repairing
  // the whole body before parsing keeps every field extracted valid UTF-8.
  std::string repaired;
  if (!IsValidUtf8(body)) {
    repaired = ToValidUtf8(body, InvalidUtf8::kWindows1252);  // a stray Latin-1 byte reads as itself
    body = repaired;
    log::Warn("source.encoding_repaired").Kv("where", where).Kv("bytes", body.size());
  }
  doc->Parse(body.data(), body.size());
  if (doc->HasParseError()) {
    return Status::Corruption(where + ": not JSON: " + rapidjson::GetParseError_En(doc->GetParseError()) +
                              " at offset " + std::to_string(doc->GetErrorOffset()));
  }
  return Status::OK();
}

std::string JsonString(const rapidjson::Value& obj, const char* key) {
  if (!obj.IsObject()) return "";
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd()) return "";
  const rapidjson::Value& v = it->value;
  if (v.IsString()) return std::string(v.GetString(), v.GetStringLength());
  if (v.IsInt64()) return std::to_string(v.GetInt64());
  if (v.IsUint64()) return std::to_string(v.GetUint64());
  return "";
}

int64_t JsonInt(const rapidjson::Value& obj, const char* key, int64_t fallback) {
  if (!obj.IsObject()) return fallback;
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd()) return fallback;
  const rapidjson::Value& v = it->value;
  if (v.IsInt64()) return v.GetInt64();
  if (v.IsDouble()) {
    double d = v.GetDouble();
    if (std::isfinite(d) && std::fabs(d) < 9e18) return static_cast<int64_t>(d);
    return fallback;
  }
  if (v.IsString()) {
    std::string s(v.GetString(), v.GetStringLength());
    if (s.empty() || s.size() > 18) return fallback;
    int64_t n = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return fallback;
      n = n * 10 + (c - '0');
    }
    return n;
  }
  return fallback;
}

const rapidjson::Value* JsonChild(const rapidjson::Value& obj, const char* key) {
  if (!obj.IsObject()) return nullptr;
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd()) return nullptr;
  return it->value.IsObject() || it->value.IsArray() ? &it->value : nullptr;
}

}  // namespace veille
