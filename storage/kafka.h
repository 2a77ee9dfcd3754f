// Kafka wrappers over librdkafka's C API: the embedded cluster, a producer
// that waits for delivery reports, and a batch consumer that drains its
// topics to partition EOF and commits offsets only when told to.
//
// Embedded default: with no brokers configured, EmbeddedKafka starts
// librdkafka's in-process mock cluster (rdkafka_mock.h), which speaks the
// real Kafka protocol on a loopback port; the producer and consumer connect
// to it exactly as to a real cluster. It lives as long as the EmbeddedKafka
// object, inside this process: data in it does not survive the process.
//
// Ownership: every rd_kafka_t lives in an RAII wrapper with copying deleted.
// The producer's delivery-report callback writes into state owned by the
// Producer and runs only inside its poll/flush calls, so it never outlives it.
// Thread-safety: a Producer may be shared (librdkafka is thread-safe, the
// report bookkeeping is locked); a Consumer is used by one thread.
// Model: librdkafka examples/producer.c, INTRODUCTION.md "At-least-once".
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"

typedef struct rd_kafka_s rd_kafka_t;
typedef struct rd_kafka_mock_cluster_s rd_kafka_mock_cluster_t;

namespace veille {

struct KafkaConfig {
  std::string brokers;  // empty: embedded cluster
  std::string topic_raw = "veille.mentions.raw";
  std::string topic_scored = "veille.mentions.scored";
  std::string group = "veille-score";
  int partitions = 3;
  // "assign": the consumer takes every partition of its topics itself and
  // commits offsets under `group` (one score instance at a time: the job
  // lock guarantees it; joins instantly). "subscribe": it joins the consumer
  // group and shares partitions with other score instances (scale-out).
  std::string consumer_mode = "assign";
  int replication = 1;
  // Passed through to librdkafka (security.protocol, sasl.*, ...). Values
  // that are secrets were resolved by the config loader.
  std::map<std::string, std::string> properties;
  int64_t timeout_ms = 30'000;  // delivery, metadata and commit timeouts
};

class EmbeddedKafka {
 public:
  // Starts a mock cluster of `brokers` brokers and creates `topics` with
  // `partitions` partitions each.
  static Result<std::unique_ptr<EmbeddedKafka>> Start(const std::vector<std::string>& topics, int partitions,
                                                      int brokers = 1);
  ~EmbeddedKafka();
  EmbeddedKafka(const EmbeddedKafka&) = delete;
  EmbeddedKafka& operator=(const EmbeddedKafka&) = delete;
  // "127.0.0.1:port,..."
  const std::string& bootstrap_servers() const { return bootstraps_; }
  rd_kafka_mock_cluster_t* mock() { return mcluster_; }

 private:
  EmbeddedKafka() = default;
  rd_kafka_t* rk_ = nullptr;  // owns the mock cluster's thread
  rd_kafka_mock_cluster_t* mcluster_ = nullptr;
  std::string bootstraps_;
};

// Creates `topics` on a real cluster if they do not exist (Admin API).
// Existing topics are left as they are. Returns the first real failure.
Status EnsureTopics(const KafkaConfig& config, const std::string& bootstrap_servers,
                    const std::vector<std::string>& topics);

struct KafkaMessage {
  std::string topic;
  int32_t partition = -1;
  int64_t offset = -1;
  std::string key;
  std::string value;
};

class Producer {
 public:
  // Idempotent producer (enable.idempotence=true, acks=all).
  static Result<std::unique_ptr<Producer>> Create(const KafkaConfig& config, const std::string& bootstrap_servers);
  ~Producer();
  Producer(const Producer&) = delete;
  Producer& operator=(const Producer&) = delete;

  struct Record {
    std::string key;
    std::string value;
  };
  // Produces every record to `topic` and blocks until each one is
  // acknowledged or failed. OK only when all were acknowledged; otherwise the
  // first error, with how many failed. Retries on a full local queue after
  // polling. The caller advances its cursor only on OK.
  Status ProduceAndWait(const std::string& topic, const std::vector<Record>& records);

  // The same in two steps, so that a caller can fetch its next batch while
  // this one is acknowledged: Produce() enqueues the records and returns the
  // batch's number (0 for none: every record failed to enqueue, or there
  // were none); Wait() blocks until every record of that batch is
  // acknowledged or failed (at most the producer's timeout from the call),
  // with ProduceAndWait's result. Each batch must be waited for once.
  struct Pending {
    uint64_t batch = 0;
    size_t records = 0;
    Status enqueue_error;  // a record that could not be enqueued: Wait() returns it
  };
  Pending Produce(const std::string& topic, const std::vector<Record>& records);
  Status Wait(const std::string& topic, const Pending& pending);
  // Serves delivery reports without blocking (between Produce() calls).
  void Poll();
  // Flushes outstanding messages; a non-empty queue after flush is an error.
  Status Flush();

 private:
  Producer() = default;
  struct Reports;
  rd_kafka_t* rk_ = nullptr;
  std::unique_ptr<Reports> reports_;
  int64_t timeout_ms_ = 30'000;
};

class Consumer {
 public:
  // Takes `topics` per config.consumer_mode (see KafkaConfig); auto commit
  // and auto offset store are off, partition EOF is on, new groups start at
  // earliest. In "assign" mode, fails when a topic does not exist.
  static Result<std::unique_ptr<Consumer>> Create(const KafkaConfig& config, const std::string& bootstrap_servers,
                                                  const std::vector<std::string>& topics);
  ~Consumer();
  Consumer(const Consumer&) = delete;
  Consumer& operator=(const Consumer&) = delete;

  // Returns up to `max` messages. Sets *at_end once every assigned partition
  // has reached its end (partition EOF with nothing after it); an empty
  // batch with *at_end false means "nothing yet, call again". Waits at most
  // `timeout_ms` for the group assignment before failing with Timeout.
  Result<std::vector<KafkaMessage>> Poll(size_t max, bool* at_end);
  // Commits, synchronously, the offsets after each message in `processed`.
  // Call only once their effects are durable.
  Status Commit(const std::vector<KafkaMessage>& processed);
  // Leaves the group cleanly.
  Status Close();

 private:
  Consumer() = default;
  Status AssignAll(const std::vector<std::string>& topics);
  rd_kafka_t* rk_ = nullptr;
  int64_t timeout_ms_ = 30'000;
  bool closed_ = false;
  int64_t started_ms_ = 0;

 public:
  // Written by the rebalance callback (which runs inside Poll), read by Poll.
  struct Assignment {
    std::map<std::pair<std::string, int32_t>, bool> eof;  // assigned partition -> at end
    int64_t assigned_at_ms = -1;
  };

 private:
  // Heap-allocated so its address, handed to librdkafka, is stable.
  std::unique_ptr<Assignment> assignment_ = std::make_unique<Assignment>();
};

}  // namespace veille
