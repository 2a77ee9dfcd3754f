#include "storage/store.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <rocksdb/compaction_filter.h>
#include <rocksdb/db.h>
#include <rocksdb/merge_operator.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "common/log.h"
#include "storage/keys.h"

namespace veille {
namespace {

enum Cf { kDefault = 0, kDedup, kCursors, kTrends, kMentions, kOutbox, kLedger, kMeta, kDeadLetter, kNumCf };
const char* const kCfNames[kNumCf] = {"default",
                                      "dedup", "cursors", "trends", "mentions", "outbox",
                                      "ledger", "meta", "deadletter"};

// uint64 counters as 8-byte little-endian values, added by merge so that an
// increment never needs a read. A corrupt operand is counted as 0 and logged:
// one bad byte must not stop the pipeline.
class UInt64AddOperator : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice& key, const rocksdb::Slice* existing, const rocksdb::Slice& value,
             std::string* new_value, rocksdb::Logger* logger) const override {
    uint64_t sum = Decode(existing) + Decode(&value);
    new_value->clear();
    keys::PutFixed64(new_value, sum);
    return true;
  }
  const char* Name() const override { return "veille.UInt64Add"; }

 private:
  static uint64_t Decode(const rocksdb::Slice* s) {
    if (s == nullptr) return 0;
    if (s->size() != 8) {
      log::Warn("store.bad_counter").Kv("size", static_cast<int64_t>(s->size()));
      return 0;
    }
    return keys::DecodeFixed64(std::string_view(s->data(), 8));
  }
};

// Drops stored mentions whose time prefix is older than the retention.
class RetentionFilter : public rocksdb::CompactionFilter {
 public:
  explicit RetentionFilter(int64_t retention_ms) : retention_ms_(retention_ms) {}
  bool Filter(int level, const rocksdb::Slice& key, const rocksdb::Slice& existing, std::string* new_value,
              bool* value_changed) const override {
    int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
    return keys::MentionKeyTime(std::string_view(key.data(), key.size())) < now - retention_ms_;
  }
  const char* Name() const override { return "veille.MentionRetention"; }

 private:
  int64_t retention_ms_;
};

Status FromRocks(const rocksdb::Status& s, const std::string& what) {
  if (s.ok()) return Status::OK();
  std::string msg = what + ": " + s.ToString();
  if (s.IsIOError() && s.ToString().find("lock") != std::string::npos) return Status::Busy(msg);
  if (s.IsCorruption()) return Status::Corruption(msg);
  if (s.IsNotFound()) return Status::NotFound(msg);
  return Status::IOError(msg);
}

std::string EncodeSeen(const SeenRecord& r) {
  std::string v;
  keys::PutFixed64(&v, static_cast<uint64_t>(r.first_seen_ms));
  for (const std::string& s : r.seen_in) {
    v.append(s);
    v.push_back('\0');
  }
  return v;
}

SeenRecord DecodeSeen(std::string_view v) {
  SeenRecord r;
  if (v.size() < 8) return r;
  r.first_seen_ms = static_cast<int64_t>(keys::DecodeFixed64(v));
  v.remove_prefix(8);
  while (!v.empty()) {
    size_t nul = v.find('\0');
    if (nul == std::string_view::npos) nul = v.size();
    r.seen_in.emplace_back(v.substr(0, nul));
    v.remove_prefix(std::min(v.size(), nul + 1));
  }
  return r;
}

}  // namespace

const char* OutboxStateName(OutboxState s) {
  switch (s) {
    case OutboxState::kPending: return "pending";
    case OutboxState::kDelivered: return "delivered";
    case OutboxState::kFailed: return "failed";
  }
  return "pending";
}

std::string ToJson(const OutboxEntry& e) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  auto str = [&w](const char* k, const std::string& v) {
    w.Key(k);
    w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
  };
  w.StartObject();
  str("id", e.id);
  str("brand", e.brand);
  w.Key("state");
  w.String(OutboxStateName(e.state));
  w.Key("attempts");
  w.Int(e.attempts);
  w.Key("created_ms");
  w.Int64(e.created_ms);
  w.Key("updated_ms");
  w.Int64(e.updated_ms);
  w.Key("next_attempt_ms");
  w.Int64(e.next_attempt_ms);
  str("last_error", e.last_error);
  str("ticket_id", e.ticket_id);
  str("ticket_url", e.ticket_url);
  w.Key("mentions");
  w.StartArray();
  for (const ScoredMention& m : e.mentions) {
    std::string j = ToJson(m);
    w.RawValue(j.data(), j.size(), rapidjson::kObjectType);
  }
  w.EndArray();
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

Result<OutboxEntry> OutboxEntryFromJson(std::string_view json) {
  rapidjson::Document d;
  d.Parse(json.data(), json.size());
  if (d.HasParseError() || !d.IsObject()) return Status::Corruption("outbox entry is not a JSON object");
  OutboxEntry e;
  auto str = [&d](const char* k, std::string* out) {
    auto it = d.FindMember(k);
    if (it != d.MemberEnd() && it->value.IsString()) out->assign(it->value.GetString(), it->value.GetStringLength());
  };
  auto i64 = [&d](const char* k, int64_t* out) {
    auto it = d.FindMember(k);
    if (it != d.MemberEnd() && it->value.IsInt64()) *out = it->value.GetInt64();
  };
  str("id", &e.id);
  if (e.id.empty()) return Status::Corruption("outbox entry has no id");
  str("brand", &e.brand);
  std::string state;
  str("state", &state);
  if (state == "pending") e.state = OutboxState::kPending;
  else if (state == "delivered") e.state = OutboxState::kDelivered;
  else if (state == "failed") e.state = OutboxState::kFailed;
  else return Status::Corruption("outbox entry " + e.id + " has unknown state \"" + state + "\"");
  int64_t attempts = 0;
  i64("attempts", &attempts);
  e.attempts = static_cast<int>(attempts);
  i64("created_ms", &e.created_ms);
  i64("updated_ms", &e.updated_ms);
  i64("next_attempt_ms", &e.next_attempt_ms);
  str("last_error", &e.last_error);
  str("ticket_id", &e.ticket_id);
  str("ticket_url", &e.ticket_url);
  auto it = d.FindMember("mentions");
  if (it != d.MemberEnd() && it->value.IsArray()) {
    for (const auto& v : it->value.GetArray()) {
      rapidjson::StringBuffer buf;
      rapidjson::Writer<rapidjson::StringBuffer> w(buf);
      v.Accept(w);
      auto m = ScoredMentionFromJson(std::string_view(buf.GetString(), buf.GetSize()));
      if (!m.ok()) return m.status().WithContext("outbox entry " + e.id);
      e.mentions.push_back(std::move(m).value());
    }
  }
  return e;
}

struct Batch::Op {
  int cf;
  bool merge;
  std::string key;
  std::string value;
};

Batch::Batch() = default;
Batch::~Batch() = default;
size_t Batch::Count() const { return ops_.size(); }

void Batch::PutSeen(const std::string& id, const SeenRecord& record) {
  ops_.push_back({kDedup, false, id, EncodeSeen(record)});
}

void Batch::AddTrend(const std::string& brand, int64_t at_ms, const std::string& dimension, uint64_t delta) {
  std::string v;
  keys::PutFixed64(&v, delta);
  ops_.push_back({kTrends, true, keys::TrendKey(brand, keys::HourOf(at_ms), dimension), std::move(v)});
}

void Batch::PutMention(const ScoredMention& m) {
  ops_.push_back({kMentions, false, keys::MentionKey(m.scored_ms, m.mention.id), ToJson(m)});
}

void Batch::PutOutbox(const OutboxEntry& e) { ops_.push_back({kOutbox, false, e.id, ToJson(e)}); }

void Batch::PutCursor(const std::string& source, const std::string& cursor) {
  ops_.push_back({kCursors, false, source, cursor});
}

void Batch::PutLedger(const std::string& key, const std::string& value) {
  ops_.push_back({kLedger, false, key, value});
}

void Batch::PutDeadLetter(const std::string& stage, const std::string& where, const std::string& error,
                          const std::string& payload, int64_t at_ms) {
  static std::atomic<uint64_t> seq{0};
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  auto str = [&w](const char* k, const std::string& v) {
    w.Key(k);
    w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
  };
  w.StartObject();
  str("stage", stage);
  str("where", where);
  str("error", error);
  // Payloads may be anything, including invalid UTF-8: keep a bounded prefix.
  str("payload", payload.substr(0, 64 * 1024));
  w.Key("at_ms");
  w.Int64(at_ms);
  w.EndObject();
  uint64_t unique = (static_cast<uint64_t>(::getpid()) << 32) | (seq++ & 0xffffffff);
  ops_.push_back({kDeadLetter, false, keys::DeadLetterKey(at_ms, unique), std::string(buf.GetString(), buf.GetSize())});
}

Result<std::unique_ptr<Store>> Store::Open(const std::string& path, const StoreOptions& options) {
  rocksdb::Options db_opts;
  db_opts.create_if_missing = true;
  db_opts.create_missing_column_families = true;
  db_opts.max_open_files = 256;
  db_opts.keep_log_file_num = 3;
  db_opts.IncreaseParallelism(2);

  std::vector<rocksdb::ColumnFamilyDescriptor> cfs;
  auto store = std::unique_ptr<Store>(new Store());
  store->path_ = path;
  // Owned by the Store and declared before db_, so it outlives the database.
  store->retention_ = std::make_unique<RetentionFilter>(options.mention_retention_ms);
  auto add = std::make_shared<UInt64AddOperator>();
  for (int i = 0; i < kNumCf; ++i) {
    rocksdb::ColumnFamilyOptions cf_opts;
    if (i == kTrends) cf_opts.merge_operator = add;
    if (i == kMentions) cf_opts.compaction_filter = store->retention_.get();
    cfs.emplace_back(kCfNames[i], cf_opts);
  }

  rocksdb::DB* raw = nullptr;
  rocksdb::Status s;
  int64_t waited = 0;
  for (;;) {
    if (options.read_only) {
      s = rocksdb::DB::OpenForReadOnly(db_opts, path, cfs, &store->handles_, &raw);
    } else {
      s = rocksdb::DB::Open(db_opts, path, cfs, &store->handles_, &raw);
    }
    bool locked = s.IsIOError() && s.ToString().find("lock") != std::string::npos;
    if (!locked || waited >= options.lock_wait_ms) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    waited += 200;
  }
  if (!s.ok()) return FromRocks(s, "opening state database " + path);
  store->db_.reset(raw);
  return store;
}

Store::~Store() {
  if (db_) {
    for (auto* h : handles_) db_->DestroyColumnFamilyHandle(h);
    db_->Close();
  }
}

Status Store::Commit(Batch& batch) {
  rocksdb::WriteBatch wb;
  for (const Batch::Op& op : batch.ops_) {
    rocksdb::Status s = op.merge ? wb.Merge(handles_[op.cf], op.key, op.value) : wb.Put(handles_[op.cf], op.key, op.value);
    if (!s.ok()) return FromRocks(s, "building write batch");
  }
  rocksdb::WriteOptions wo;
  wo.sync = true;
  VEILLE_RETURN_IF_ERROR(FromRocks(db_->Write(wo, &wb), "writing batch to " + path_));
  batch.ops_.clear();
  return Status::OK();
}

Status Store::Put(int cf, const std::string& key, const std::string& value) {
  rocksdb::WriteOptions wo;
  wo.sync = true;
  return FromRocks(db_->Put(wo, handles_[cf], key, value), std::string("writing ") + kCfNames[cf]);
}

Result<std::optional<std::string>> Store::Get(int cf, const std::string& key) const {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), handles_[cf], key, &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return FromRocks(s, std::string("reading ") + kCfNames[cf]);
  return std::optional<std::string>(std::move(value));
}

std::vector<std::pair<std::string, std::string>> Store::Scan(int cf, const std::string& prefix) const {
  std::vector<std::pair<std::string, std::string>> out;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handles_[cf]));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    out.emplace_back(it->key().ToString(), it->value().ToString());
  }
  return out;
}

Result<std::optional<SeenRecord>> Store::GetSeen(const std::string& id) const {
  auto v = Get(kDedup, id);
  if (!v.ok()) return v.status();
  if (!v->has_value()) return std::optional<SeenRecord>();
  return std::optional<SeenRecord>(DecodeSeen(**v));
}

Result<std::string> Store::GetCursor(const std::string& source) const {
  auto v = Get(kCursors, source);
  if (!v.ok()) return v.status();
  return v->value_or("");
}

Status Store::PutCursor(const std::string& source, const std::string& cursor) {
  return Put(kCursors, source, cursor);
}

std::map<std::string, std::string> Store::AllCursors() const {
  std::map<std::string, std::string> out;
  for (auto& [k, v] : Scan(kCursors, "")) out[k] = v;
  return out;
}

Result<std::vector<TrendPoint>> Store::ReadTrends(const std::string& brand, int64_t from_ms, int64_t to_ms) const {
  std::vector<TrendPoint> out;
  std::string prefix = keys::TrendPrefix(brand);
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handles_[kTrends]));
  for (it->Seek(keys::TrendKey(brand, keys::HourOf(from_ms), "")); it->Valid() && it->key().starts_with(prefix);
       it->Next()) {
    TrendPoint p;
    std::string b;
    if (!keys::ParseTrendKey(std::string_view(it->key().data(), it->key().size()), &b, &p.hour_ms, &p.dimension)) {
      continue;
    }
    if (p.hour_ms >= to_ms) break;
    if (it->value().size() != 8) continue;
    p.value = keys::DecodeFixed64(std::string_view(it->value().data(), 8));
    out.push_back(std::move(p));
  }
  if (!it->status().ok()) return FromRocks(it->status(), "reading trends");
  return out;
}

Result<std::optional<int64_t>> Store::FirstTrendHour(const std::string& brand) const {
  std::string prefix = keys::TrendPrefix(brand);
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handles_[kTrends]));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    std::string b, dim;
    int64_t hour = 0;
    if (keys::ParseTrendKey(std::string_view(it->key().data(), it->key().size()), &b, &hour, &dim) && b == brand) {
      return std::optional<int64_t>(hour);
    }
  }
  if (!it->status().ok()) return FromRocks(it->status(), "reading trends");
  return std::optional<int64_t>();
}

Result<int64_t> Store::RollupTrends(int64_t before_ms) {
  constexpr int64_t kDayMs = 24 * keys::kHourMs;
  const int64_t cutoff = before_ms - ((before_ms % kDayMs) + kDayMs) % kDayMs;
  int64_t folded = 0;
  // One brand-day at a time: its hourly keys are contiguous in key order.
  std::string cur_brand;
  int64_t cur_day = INT64_MIN;
  std::map<std::string, uint64_t> sums;  // dimension -> sum
  std::vector<std::string> doomed;
  auto flush = [&]() -> Status {
    if (doomed.empty()) return Status::OK();
    rocksdb::WriteBatch wb;
    for (const auto& [dim, sum] : sums) {
      std::string v;
      keys::PutFixed64(&v, sum);
      rocksdb::Status st = wb.Merge(handles_[kTrends], keys::TrendKey(cur_brand, cur_day, dim), v);
      if (!st.ok()) return FromRocks(st, "building roll-up batch");
    }
    for (const std::string& k : doomed) {
      rocksdb::Status st = wb.Delete(handles_[kTrends], k);
      if (!st.ok()) return FromRocks(st, "building roll-up batch");
    }
    rocksdb::WriteOptions wo;
    wo.sync = true;
    VEILLE_RETURN_IF_ERROR(FromRocks(db_->Write(wo, &wb), "rolling up trends in " + path_));
    folded += static_cast<int64_t>(doomed.size());
    sums.clear();
    doomed.clear();
    return Status::OK();
  };
  // A snapshot iterator: the batches written meanwhile do not disturb it.
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handles_[kTrends]));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    std::string brand, dim;
    int64_t hour = 0;
    if (!keys::ParseTrendKey(std::string_view(it->key().data(), it->key().size()), &brand, &hour, &dim)) continue;
    if (hour >= cutoff || it->value().size() != 8) continue;
    int64_t day = hour - ((hour % kDayMs) + kDayMs) % kDayMs;
    if (hour == day) continue;  // the midnight hour is the day's key: it stays and receives the rest
    if (brand != cur_brand || day != cur_day) {
      VEILLE_RETURN_IF_ERROR(flush());
      cur_brand = brand;
      cur_day = day;
    }
    sums[dim] += keys::DecodeFixed64(std::string_view(it->value().data(), 8));
    doomed.emplace_back(it->key().data(), it->key().size());
  }
  if (!it->status().ok()) return FromRocks(it->status(), "reading trends");
  VEILLE_RETURN_IF_ERROR(flush());
  return folded;
}

std::vector<std::string> Store::TrendBrands() const {
  std::vector<std::string> out;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handles_[kTrends]));
  it->SeekToFirst();
  while (it->Valid()) {
    std::string_view key(it->key().data(), it->key().size());
    size_t nul = key.find('\0');
    if (nul == std::string_view::npos) {
      it->Next();
      continue;
    }
    out.emplace_back(key.substr(0, nul));
    std::string next = out.back();
    next.push_back('\1');  // skip past every key of this brand
    it->Seek(next);
  }
  return out;
}

Result<std::vector<ScoredMention>> Store::ReadMentions(int64_t from_ms, int64_t to_ms) const {
  std::vector<ScoredMention> out;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handles_[kMentions]));
  for (it->Seek(keys::MentionKey(from_ms, "")); it->Valid(); it->Next()) {
    if (keys::MentionKeyTime(std::string_view(it->key().data(), it->key().size())) >= to_ms) break;
    auto m = ScoredMentionFromJson(std::string_view(it->value().data(), it->value().size()));
    if (!m.ok()) {
      log::Warn("store.bad_mention").Kv("error", m.status().ToString());
      continue;
    }
    out.push_back(std::move(m).value());
  }
  if (!it->status().ok()) return FromRocks(it->status(), "reading mentions");
  return out;
}

Result<std::optional<ScoredMention>> Store::GetMention(int64_t scored_ms, const std::string& id) const {
  auto v = Get(kMentions, keys::MentionKey(scored_ms, id));
  if (!v.ok()) return v.status();
  if (!v->has_value()) return std::optional<ScoredMention>();
  auto m = ScoredMentionFromJson(**v);
  if (!m.ok()) return m.status().WithContext("stored mention " + id);
  return std::optional<ScoredMention>(std::move(m).value());
}

Result<std::optional<OutboxEntry>> Store::GetOutbox(const std::string& id) const {
  auto v = Get(kOutbox, id);
  if (!v.ok()) return v.status();
  if (!v->has_value()) return std::optional<OutboxEntry>();
  auto e = OutboxEntryFromJson(**v);
  if (!e.ok()) return e.status();
  return std::optional<OutboxEntry>(std::move(e).value());
}

Result<std::vector<OutboxEntry>> Store::ListOutbox(OutboxState state) const {
  std::vector<OutboxEntry> out;
  for (auto& [k, v] : Scan(kOutbox, "")) {
    auto e = OutboxEntryFromJson(v);
    if (!e.ok()) {
      log::Warn("store.bad_outbox_entry").Kv("key", k).Kv("error", e.status().ToString());
      continue;
    }
    if (e->state == state) out.push_back(std::move(e).value());
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const OutboxEntry& a, const OutboxEntry& b) { return a.created_ms < b.created_ms; });
  return out;
}

Status Store::PutOutbox(const OutboxEntry& e) { return Put(kOutbox, e.id, ToJson(e)); }

std::map<std::string, int64_t> Store::OutboxCounts() const {
  std::map<std::string, int64_t> out{{"pending", 0}, {"delivered", 0}, {"failed", 0}};
  for (auto& [k, v] : Scan(kOutbox, "")) {
    auto e = OutboxEntryFromJson(v);
    if (e.ok()) ++out[OutboxStateName(e->state)];
  }
  return out;
}

Result<std::optional<std::string>> Store::GetLedger(const std::string& key) const { return Get(kLedger, key); }
Status Store::PutLedger(const std::string& key, const std::string& value) { return Put(kLedger, key, value); }
std::vector<std::pair<std::string, std::string>> Store::ListLedger(const std::string& prefix) const {
  return Scan(kLedger, prefix);
}

Status Store::PutMeta(const std::string& key, const std::string& value) { return Put(kMeta, key, value); }
Result<std::optional<std::string>> Store::GetMeta(const std::string& key) const { return Get(kMeta, key); }
std::vector<std::pair<std::string, std::string>> Store::ListMeta(const std::string& prefix) const {
  return Scan(kMeta, prefix);
}

int64_t Store::DeadLetterCount() const {
  int64_t n = 0;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handles_[kDeadLetter]));
  for (it->SeekToFirst(); it->Valid(); it->Next()) ++n;
  return n;
}

std::map<std::string, uint64_t> Store::ApproximateCounts() const {
  std::map<std::string, uint64_t> out;
  for (int i = 1; i < kNumCf; ++i) {
    uint64_t n = 0;
    db_->GetIntProperty(handles_[i], "rocksdb.estimate-num-keys", &n);
    out[kCfNames[i]] = n;
  }
  return out;
}

}  // namespace veille
