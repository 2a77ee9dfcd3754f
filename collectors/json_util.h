// Small helpers for the JSON APIs the social sources read (rapidjson): lenient
// typed getters, since the services return null, numbers as strings or
// missing keys for the same field, and a parse that names the offset.
// Pure functions; thread-safe.
#pragma once

#include <rapidjson/document.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace veille {

// Parses `body` into *doc. Corruption "<where>: not JSON: <reason> at offset N".
Status ParseJsonBody(std::string_view body, rapidjson::Document* doc, const std::string& where);

// obj[key] as a string; "" when missing, null or not a string (numbers are
// written in decimal). `obj` that is not an object gives "".
std::string JsonString(const rapidjson::Value& obj, const char* key);
// obj[key] as an integer (number, or a string of digits); `fallback` otherwise.
int64_t JsonInt(const rapidjson::Value& obj, const char* key, int64_t fallback = 0);
// obj[key] when it is an object or an array, else nullptr.
const rapidjson::Value* JsonChild(const rapidjson::Value& obj, const char* key);

}  // namespace veille
