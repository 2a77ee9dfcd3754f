// Store: veille's state in one RocksDB database, one column family per concern.
//
//   dedup      mention id -> first-seen time + every source it came from
//   cursors    source name -> the source's opaque cursor
//   trends     brand, hour, dimension -> uint64 counter (merge operator: add)
//   mentions   scored time, id -> ScoredMention JSON (retention by compaction filter)
//   outbox     mention id -> OutboxEntry JSON (tickets to deliver)
//   ledger     idempotency key -> when it was sent (digests, alerts)
//   meta       "run/<job>" -> the last run's summary JSON
//   deadletter time, seq -> bad input record JSON
//
// Everything one scored batch changes (dedup keys, trend increments, stored
// mentions, outbox entries, dead letters) goes through one Batch and lands in
// one synced WriteBatch: durable and atomic together, or not at all. That is
// what lets the score stage commit Kafka offsets only afterwards.
//
// A Store owns its rocksdb::DB. Thread-safe (RocksDB is); a Batch is not.
// Models: rocksdb examples/column_families_example.cc,
// utilities/merge_operators/uint64add.cc.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/mention.h"
#include "common/status.h"

namespace rocksdb {
class CompactionFilter;
class DB;
class ColumnFamilyHandle;
class WriteBatch;
}  // namespace rocksdb

namespace veille {

struct StoreOptions {
  bool read_only = false;
  // Stored scored mentions older than this are dropped at compaction.
  int64_t mention_retention_ms = 90LL * 24 * 3600 * 1000;
  // How long Open() waits for another process to release the database.
  int64_t lock_wait_ms = 0;
};

struct SeenRecord {
  int64_t first_seen_ms = 0;
  std::vector<std::string> seen_in;  // source instance names
};

enum class OutboxState { kPending, kDelivered, kFailed };
const char* OutboxStateName(OutboxState s);

struct OutboxEntry {
  std::string id;        // the key: derived from the first mention's id
  std::string brand;
  OutboxState state = OutboxState::kPending;
  std::vector<ScoredMention> mentions;  // first = the one that opened it
  int attempts = 0;
  int64_t created_ms = 0;
  int64_t updated_ms = 0;
  int64_t next_attempt_ms = 0;  // do not retry before
  std::string last_error;
  std::string ticket_id;        // the helpdesk's id once delivered
  std::string ticket_url;
};
std::string ToJson(const OutboxEntry& e);
Result<OutboxEntry> OutboxEntryFromJson(std::string_view json);

struct TrendPoint {
  int64_t hour_ms = 0;
  std::string dimension;
  uint64_t value = 0;
};

class Store;

// Changes that must land together. Build it, then Store::Commit().
class Batch {
 public:
  Batch();
  ~Batch();
  Batch(const Batch&) = delete;
  Batch& operator=(const Batch&) = delete;

  void PutSeen(const std::string& id, const SeenRecord& record);
  void AddTrend(const std::string& brand, int64_t at_ms, const std::string& dimension, uint64_t delta);
  void PutMention(const ScoredMention& m);
  void PutOutbox(const OutboxEntry& e);
  void PutCursor(const std::string& source, const std::string& cursor);
  void PutLedger(const std::string& key, const std::string& value);
  void PutDeadLetter(const std::string& stage, const std::string& where, const std::string& error,
                     const std::string& payload, int64_t at_ms);
  size_t Count() const;

 private:
  friend class Store;
  struct Op;
  std::vector<Op> ops_;
};

class Store {
 public:
  // Opens (creating if needed) the database at `path`. Busy when another
  // process holds it for writing (after waiting options.lock_wait_ms),
  // IOError or Corruption otherwise, naming the path.
  static Result<std::unique_ptr<Store>> Open(const std::string& path, const StoreOptions& options = {});
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Applies the batch atomically with fsync of the WAL.
  Status Commit(Batch& batch);

  Result<std::optional<SeenRecord>> GetSeen(const std::string& id) const;
  Result<std::string> GetCursor(const std::string& source) const;  // "" if none
  Status PutCursor(const std::string& source, const std::string& cursor);
  std::map<std::string, std::string> AllCursors() const;

  // Trend points of `brand` with hour in [from_ms, to_ms).
  Result<std::vector<TrendPoint>> ReadTrends(const std::string& brand, int64_t from_ms, int64_t to_ms) const;
  // Brands that have any trend.
  std::vector<std::string> TrendBrands() const;
  // The first hour `brand` has any trend counter for; nullopt when none.
  Result<std::optional<int64_t>> FirstTrendHour(const std::string& brand) const;
  // Folds every hourly trend counter of an hour before the UTC day of
  // `before_ms` into one counter per brand, UTC day and dimension, keyed at
  // the day's midnight hour (so ReadTrends over whole days still sums
  // right; within such a day the hours are gone). Each day's fold is one
  // synced WriteBatch (merge of the sum, deletes of the hours): a crash
  // leaves every day either folded or not, never counted twice. Returns the
  // number of hourly counters folded away.
  Result<int64_t> RollupTrends(int64_t before_ms);

  // Stored scored mentions with scored time in [from_ms, to_ms).
  Result<std::vector<ScoredMention>> ReadMentions(int64_t from_ms, int64_t to_ms) const;
  // The mention `id` stored as scored at `scored_ms`; nullopt when it was
  // never stored (not about a brand) or is past the retention.
  Result<std::optional<ScoredMention>> GetMention(int64_t scored_ms, const std::string& id) const;

  Result<std::optional<OutboxEntry>> GetOutbox(const std::string& id) const;
  // Entries in `state`, oldest first (by created_ms).
  Result<std::vector<OutboxEntry>> ListOutbox(OutboxState state) const;
  Status PutOutbox(const OutboxEntry& e);  // synced
  std::map<std::string, int64_t> OutboxCounts() const;  // state name -> count

  Result<std::optional<std::string>> GetLedger(const std::string& key) const;
  Status PutLedger(const std::string& key, const std::string& value);  // synced
  std::vector<std::pair<std::string, std::string>> ListLedger(const std::string& prefix) const;

  Status PutMeta(const std::string& key, const std::string& value);
  Result<std::optional<std::string>> GetMeta(const std::string& key) const;
  std::vector<std::pair<std::string, std::string>> ListMeta(const std::string& prefix) const;

  int64_t DeadLetterCount() const;
  // Approximate number of keys per column family, for `veille status`.
  std::map<std::string, uint64_t> ApproximateCounts() const;

  const std::string& path() const { return path_; }

 private:
  Store() = default;
  Status Put(int cf, const std::string& key, const std::string& value);
  Result<std::optional<std::string>> Get(int cf, const std::string& key) const;
  std::vector<std::pair<std::string, std::string>> Scan(int cf, const std::string& prefix) const;

  std::string path_;
  std::unique_ptr<rocksdb::CompactionFilter> retention_;  // must outlive db_
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // owned; destroyed before db_
};

}  // namespace veille
