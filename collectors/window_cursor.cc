#include "collectors/window_cursor.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>

#include "common/log.h"

namespace veille {

WindowCursor WindowCursor::Resume(std::string_view text, const std::string& source, int64_t start_s) {
  WindowCursor cursor;
  if (!text.empty()) {
    auto decoded = Decode(text);
    if (decoded.ok()) {
      cursor = std::move(decoded).value();
    } else {
      log::Warn("source.cursor_unreadable").Kv("source", source).Kv("error", decoded.status().message());
    }
  }
  if (cursor.since_s == 0) cursor.since_s = start_s;
  return cursor;
}

bool WindowCursor::Covers(int64_t t_s, const std::string& id) const {
  if (t_s < since_s) return true;
  return t_s == since_s && std::find(ids.begin(), ids.end(), id) != ids.end();
}

void WindowCursor::Advance(int64_t t_s, const std::string& id) {
  if (t_s > since_s) {
    since_s = t_s;
    ids.clear();
  }
  if (t_s == since_s && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
}

std::string WindowCursor::Encode() const {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("v");
  w.Int(1);
  w.Key("since");
  w.Int64(since_s);
  w.Key("ids");
  w.StartArray();
  for (const std::string& id : ids) w.String(id.data(), static_cast<rapidjson::SizeType>(id.size()));
  w.EndArray();
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

Result<WindowCursor> WindowCursor::Decode(std::string_view text) {
  rapidjson::Document d;
  d.Parse(text.data(), text.size());
  if (d.HasParseError() || !d.IsObject()) return Status::Corruption("window cursor: not a JSON object");
  if (!d.HasMember("v") || !d["v"].IsInt() || d["v"].GetInt() != 1) {
    return Status::Corruption("window cursor: missing or unknown version \"v\"");
  }
  WindowCursor c;
  if (!d.HasMember("since") || !d["since"].IsInt64()) {
    return Status::Corruption("window cursor: \"since\" is not an integer");
  }
  c.since_s = d["since"].GetInt64();
  if (d.HasMember("ids")) {
    if (!d["ids"].IsArray()) return Status::Corruption("window cursor: \"ids\" is not an array");
    for (const auto& v : d["ids"].GetArray()) {
      if (!v.IsString()) return Status::Corruption("window cursor: \"ids\" holds a non-string");
      c.ids.emplace_back(v.GetString(), v.GetStringLength());
    }
  }
  return c;
}

}  // namespace veille
