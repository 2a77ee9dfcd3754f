#include "common/mention.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace veille {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void Str(Writer& w, const char* key, const std::string& value) {
  w.Key(key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void StrList(Writer& w, const char* key, const std::vector<std::string>& values) {
  w.Key(key);
  w.StartArray();
  for (const std::string& v : values) w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
  w.EndArray();
}

void WriteMention(Writer& w, const Mention& m) {
  w.StartObject();
  w.Key("v");
  w.Int(Mention::kSchemaVersion);
  Str(w, "id", m.id);
  Str(w, "source_type", m.source_type);
  Str(w, "source_name", m.source_name);
  StrList(w, "seen_in", m.seen_in);
  Str(w, "source_id", m.source_id);
  Str(w, "url", m.url);
  Str(w, "title", m.title);
  Str(w, "text", m.text);
  Str(w, "publisher", m.publisher);
  Str(w, "thread", m.thread);
  w.Key("author");
  w.StartObject();
  Str(w, "handle", m.author.handle);
  Str(w, "name", m.author.name);
  Str(w, "url", m.author.url);
  w.Key("followers");
  w.Int64(m.author.followers);
  w.EndObject();
  w.Key("published_ms");
  w.Int64(m.published_ms);
  w.Key("fetched_ms");
  w.Int64(m.fetched_ms);
  Str(w, "lang", m.lang);
  w.Key("engagement");
  w.StartObject();
  w.Key("likes");
  w.Int64(m.engagement.likes);
  w.Key("shares");
  w.Int64(m.engagement.shares);
  w.Key("replies");
  w.Int64(m.engagement.replies);
  w.Key("rating");
  w.Int64(m.engagement.rating);
  w.EndObject();
  StrList(w, "brands", m.brands);
  w.EndObject();
}

// Field readers: absent optional fields keep their defaults; a field of the
// wrong type is an error that names it.
class Reader {
 public:
  explicit Reader(const rapidjson::Value& obj, std::string path) : obj_(obj), path_(std::move(path)) {}

  Status Str(const char* key, std::string* out, bool required = false) {
    auto it = obj_.FindMember(key);
    if (it == obj_.MemberEnd()) return required ? Missing(key) : Status::OK();
    if (!it->value.IsString()) return Wrong(key, "a string");
    out->assign(it->value.GetString(), it->value.GetStringLength());
    return Status::OK();
  }
  Status Int(const char* key, int64_t* out) {
    auto it = obj_.FindMember(key);
    if (it == obj_.MemberEnd()) return Status::OK();
    if (!it->value.IsInt64()) return Wrong(key, "an integer");
    *out = it->value.GetInt64();
    return Status::OK();
  }
  Status Num(const char* key, double* out) {
    auto it = obj_.FindMember(key);
    if (it == obj_.MemberEnd()) return Status::OK();
    if (!it->value.IsNumber()) return Wrong(key, "a number");
    *out = it->value.GetDouble();
    return Status::OK();
  }
  Status Bool(const char* key, bool* out) {
    auto it = obj_.FindMember(key);
    if (it == obj_.MemberEnd()) return Status::OK();
    if (!it->value.IsBool()) return Wrong(key, "a boolean");
    *out = it->value.GetBool();
    return Status::OK();
  }
  Status StrList(const char* key, std::vector<std::string>* out) {
    auto it = obj_.FindMember(key);
    if (it == obj_.MemberEnd()) return Status::OK();
    if (!it->value.IsArray()) return Wrong(key, "an array of strings");
    out->clear();
    for (const auto& v : it->value.GetArray()) {
      if (!v.IsString()) return Wrong(key, "an array of strings");
      out->emplace_back(v.GetString(), v.GetStringLength());
    }
    return Status::OK();
  }
  const rapidjson::Value* Obj(const char* key, Status* st) {
    auto it = obj_.FindMember(key);
    if (it == obj_.MemberEnd()) return nullptr;
    if (!it->value.IsObject()) {
      *st = Wrong(key, "an object");
      return nullptr;
    }
    return &it->value;
  }
  const std::string& path() const { return path_; }

 private:
  Status Missing(const char* key) const {
    return Status::Corruption("field " + path_ + key + " is missing");
  }
  Status Wrong(const char* key, const char* what) const {
    return Status::Corruption("field " + path_ + key + " is not " + what);
  }
  const rapidjson::Value& obj_;
  std::string path_;
};

Status ParseObject(std::string_view json, rapidjson::Document* doc) {
  doc->Parse(json.data(), json.size());
  if (doc->HasParseError()) {
    return Status::Corruption(std::string("invalid JSON at offset ") + std::to_string(doc->GetErrorOffset()) +
                              ": " + rapidjson::GetParseError_En(doc->GetParseError()));
  }
  if (!doc->IsObject()) return Status::Corruption("JSON is not an object");
  return Status::OK();
}

Status ReadMention(const rapidjson::Value& obj, const std::string& path, Mention* m) {
  Reader r(obj, path);
  int64_t version = 0;
  VEILLE_RETURN_IF_ERROR(r.Int("v", &version));
  if (version != Mention::kSchemaVersion) {
    return Status::Corruption("unsupported mention schema version " + std::to_string(version) + " (expected " +
                              std::to_string(Mention::kSchemaVersion) + ")");
  }
  VEILLE_RETURN_IF_ERROR(r.Str("id", &m->id, /*required=*/true));
  if (m->id.empty()) return Status::Corruption("field " + path + "id is empty");
  VEILLE_RETURN_IF_ERROR(r.Str("source_type", &m->source_type, true));
  VEILLE_RETURN_IF_ERROR(r.Str("source_name", &m->source_name));
  VEILLE_RETURN_IF_ERROR(r.StrList("seen_in", &m->seen_in));
  VEILLE_RETURN_IF_ERROR(r.Str("source_id", &m->source_id));
  VEILLE_RETURN_IF_ERROR(r.Str("url", &m->url));
  VEILLE_RETURN_IF_ERROR(r.Str("title", &m->title));
  VEILLE_RETURN_IF_ERROR(r.Str("text", &m->text));
  VEILLE_RETURN_IF_ERROR(r.Str("publisher", &m->publisher));
  VEILLE_RETURN_IF_ERROR(r.Str("thread", &m->thread));
  Status st;
  if (const rapidjson::Value* a = r.Obj("author", &st)) {
    Reader ar(*a, path + "author.");
    VEILLE_RETURN_IF_ERROR(ar.Str("handle", &m->author.handle));
    VEILLE_RETURN_IF_ERROR(ar.Str("name", &m->author.name));
    VEILLE_RETURN_IF_ERROR(ar.Str("url", &m->author.url));
    VEILLE_RETURN_IF_ERROR(ar.Int("followers", &m->author.followers));
  }
  VEILLE_RETURN_IF_ERROR(st);
  VEILLE_RETURN_IF_ERROR(r.Int("published_ms", &m->published_ms));
  VEILLE_RETURN_IF_ERROR(r.Int("fetched_ms", &m->fetched_ms));
  VEILLE_RETURN_IF_ERROR(r.Str("lang", &m->lang));
  if (const rapidjson::Value* e = r.Obj("engagement", &st)) {
    Reader er(*e, path + "engagement.");
    VEILLE_RETURN_IF_ERROR(er.Int("likes", &m->engagement.likes));
    VEILLE_RETURN_IF_ERROR(er.Int("shares", &m->engagement.shares));
    VEILLE_RETURN_IF_ERROR(er.Int("replies", &m->engagement.replies));
    VEILLE_RETURN_IF_ERROR(er.Int("rating", &m->engagement.rating));
  }
  VEILLE_RETURN_IF_ERROR(st);
  VEILLE_RETURN_IF_ERROR(r.StrList("brands", &m->brands));
  return Status::OK();
}

}  // namespace

int64_t Mention::Reach() const {
  int64_t reach = author.followers > 0 ? author.followers : 0;
  return reach + engagement.likes + 2 * engagement.shares + engagement.replies;
}

const char* SentimentLabelName(SentimentLabel label) {
  switch (label) {
    case SentimentLabel::kNegative: return "negative";
    case SentimentLabel::kNeutral: return "neutral";
    case SentimentLabel::kPositive: return "positive";
  }
  return "neutral";
}

bool ParseSentimentLabel(std::string_view text, SentimentLabel* label) {
  for (SentimentLabel l : {SentimentLabel::kNegative, SentimentLabel::kNeutral, SentimentLabel::kPositive}) {
    if (text == SentimentLabelName(l)) {
      *label = l;
      return true;
    }
  }
  return false;
}

std::string ToJson(const Mention& m) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  WriteMention(w, m);
  return std::string(buf.GetString(), buf.GetSize());
}

std::string ToJson(const ScoredMention& s) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  w.StartObject();
  w.Key("v");
  w.Int(Mention::kSchemaVersion);
  w.Key("mention");
  WriteMention(w, s.mention);
  w.Key("verdict");
  w.StartObject();
  w.Key("score");
  w.Double(s.verdict.score);
  w.Key("label");
  w.String(SentimentLabelName(s.verdict.label));
  Str(w, "lang", s.verdict.lang);
  w.Key("complaint");
  w.Bool(s.verdict.complaint);
  Str(w, "service_topic", s.verdict.service_topic);
  StrList(w, "reasons", s.verdict.reasons);
  StrList(w, "complaint_reasons", s.verdict.complaint_reasons);
  w.EndObject();
  w.Key("scored_ms");
  w.Int64(s.scored_ms);
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

Result<Mention> MentionFromJson(std::string_view json) {
  rapidjson::Document doc;
  VEILLE_RETURN_IF_ERROR(ParseObject(json, &doc));
  Mention m;
  VEILLE_RETURN_IF_ERROR(ReadMention(doc, "", &m));
  return m;
}

Result<ScoredMention> ScoredMentionFromJson(std::string_view json) {
  rapidjson::Document doc;
  VEILLE_RETURN_IF_ERROR(ParseObject(json, &doc));
  ScoredMention s;
  auto it = doc.FindMember("mention");
  if (it == doc.MemberEnd() || !it->value.IsObject()) return Status::Corruption("field mention is missing");
  VEILLE_RETURN_IF_ERROR(ReadMention(it->value, "mention.", &s.mention));
  auto vit = doc.FindMember("verdict");
  if (vit == doc.MemberEnd() || !vit->value.IsObject()) return Status::Corruption("field verdict is missing");
  Reader vr(vit->value, "verdict.");
  VEILLE_RETURN_IF_ERROR(vr.Num("score", &s.verdict.score));
  std::string label;
  VEILLE_RETURN_IF_ERROR(vr.Str("label", &label, true));
  if (!ParseSentimentLabel(label, &s.verdict.label)) {
    return Status::Corruption("field verdict.label has unknown value \"" + label + "\"");
  }
  VEILLE_RETURN_IF_ERROR(vr.Str("lang", &s.verdict.lang));
  VEILLE_RETURN_IF_ERROR(vr.Bool("complaint", &s.verdict.complaint));
  VEILLE_RETURN_IF_ERROR(vr.Str("service_topic", &s.verdict.service_topic));
  VEILLE_RETURN_IF_ERROR(vr.StrList("reasons", &s.verdict.reasons));
  VEILLE_RETURN_IF_ERROR(vr.StrList("complaint_reasons", &s.verdict.complaint_reasons));
  Reader r(doc, "");
  VEILLE_RETURN_IF_ERROR(r.Int("scored_ms", &s.scored_ms));
  return s;
}

}  // namespace veille
