#include "storage/kafka.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <chrono>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "common/log.h"

namespace veille {
namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void LogCallback(const rd_kafka_t* rk, int level, const char* fac, const char* buf) {
  // syslog levels: 0..3 errors, 4 warning, 5..6 notice/info, 7 debug.
  if (level <= 3) {
    log::Error("kafka.log").Kv("client", rd_kafka_name(rk)).Kv("facility", fac).Kv("message", buf);
  } else if (level == 4) {
    log::Warn("kafka.log").Kv("client", rd_kafka_name(rk)).Kv("facility", fac).Kv("message", buf);
  } else {
    log::Debug("kafka.log").Kv("client", rd_kafka_name(rk)).Kv("facility", fac).Kv("message", buf);
  }
}

void ErrorCallback(rd_kafka_t* rk, int err, const char* reason, void* opaque) {
  auto code = static_cast<rd_kafka_resp_err_t>(err);
  // Transport errors are retried by librdkafka itself; only fatal ones end
  // the run (the caller sees them as failed deliveries or commits).
  if (code == RD_KAFKA_RESP_ERR__FATAL) {
    log::Error("kafka.fatal").Kv("client", rd_kafka_name(rk)).Kv("reason", reason);
  } else {
    log::Debug("kafka.error").Kv("client", rd_kafka_name(rk)).Kv("error", rd_kafka_err2name(code)).Kv("reason", reason);
  }
}

// Owns an rd_kafka_conf_t until it is handed to rd_kafka_new().
class Conf {
 public:
  Conf() : conf_(rd_kafka_conf_new()) {
    rd_kafka_conf_set_log_cb(conf_, LogCallback);
    rd_kafka_conf_set_error_cb(conf_, ErrorCallback);
  }
  ~Conf() {
    if (conf_ != nullptr) rd_kafka_conf_destroy(conf_);
  }
  Conf(const Conf&) = delete;
  Conf& operator=(const Conf&) = delete;

  Status Set(const std::string& name, const std::string& value) {
    char err[512];
    if (rd_kafka_conf_set(conf_, name.c_str(), value.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
      return Status::InvalidArgument("kafka property " + name + ": " + err);
    }
    return Status::OK();
  }
  Status SetAll(const std::map<std::string, std::string>& props) {
    for (const auto& [k, v] : props) VEILLE_RETURN_IF_ERROR(Set(k, v));
    return Status::OK();
  }
  rd_kafka_conf_t* get() { return conf_; }
  // rd_kafka_new() takes ownership only on success.
  Result<rd_kafka_t*> NewClient(rd_kafka_type_t type) {
    char err[512];
    rd_kafka_t* rk = rd_kafka_new(type, conf_, err, sizeof err);
    if (rk == nullptr) return Status::InvalidArgument(std::string("creating kafka client: ") + err);
    conf_ = nullptr;
    return rk;
  }

 private:
  rd_kafka_conf_t* conf_;
};

Status FromKafka(rd_kafka_resp_err_t err, const std::string& what) {
  if (err == RD_KAFKA_RESP_ERR_NO_ERROR) return Status::OK();
  std::string msg = what + ": " + rd_kafka_err2str(err) + " (" + rd_kafka_err2name(err) + ")";
  switch (err) {
    case RD_KAFKA_RESP_ERR__TIMED_OUT:
    case RD_KAFKA_RESP_ERR__MSG_TIMED_OUT:
    case RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT:
      return Status::Timeout(msg);
    case RD_KAFKA_RESP_ERR__TRANSPORT:
    case RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN:
    case RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION:
    case RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE:
    case RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS:
    case RD_KAFKA_RESP_ERR_COORDINATOR_NOT_AVAILABLE:
    case RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS:
      return Status::Unavailable(msg);
    default:
      return Status::IOError(msg);
  }
}

}  // namespace

// ---------------------------------------------------------------- embedded

Result<std::unique_ptr<EmbeddedKafka>> EmbeddedKafka::Start(const std::vector<std::string>& topics, int partitions,
                                                            int brokers) {
  auto ek = std::unique_ptr<EmbeddedKafka>(new EmbeddedKafka());
  Conf conf;
  VEILLE_RETURN_IF_ERROR(conf.Set("client.id", "veille-embedded-cluster"));
  auto rk = conf.NewClient(RD_KAFKA_PRODUCER);
  if (!rk.ok()) return rk.status();
  ek->rk_ = *rk;
  ek->mcluster_ = rd_kafka_mock_cluster_new(ek->rk_, brokers);
  if (ek->mcluster_ == nullptr) return Status::IOError("starting the embedded Kafka cluster failed");
  ek->bootstraps_ = rd_kafka_mock_cluster_bootstraps(ek->mcluster_);
  for (const std::string& topic : topics) {
    VEILLE_RETURN_IF_ERROR(FromKafka(rd_kafka_mock_topic_create(ek->mcluster_, topic.c_str(), partitions, 1),
                                     "creating embedded topic " + topic));
  }
  log::Info("kafka.embedded_started").Kv("bootstrap", ek->bootstraps_).Kv("partitions", partitions);
  return ek;
}

EmbeddedKafka::~EmbeddedKafka() {
  if (mcluster_ != nullptr) rd_kafka_mock_cluster_destroy(mcluster_);
  if (rk_ != nullptr) rd_kafka_destroy(rk_);
}

// ---------------------------------------------------------------- admin

Status EnsureTopics(const KafkaConfig& config, const std::string& bootstrap_servers,
                    const std::vector<std::string>& topics) {
  Conf conf;
  VEILLE_RETURN_IF_ERROR(conf.SetAll(config.properties));
  VEILLE_RETURN_IF_ERROR(conf.Set("bootstrap.servers", bootstrap_servers));
  auto rk_or = conf.NewClient(RD_KAFKA_PRODUCER);
  if (!rk_or.ok()) return rk_or.status();
  std::unique_ptr<rd_kafka_t, void (*)(rd_kafka_t*)> rk(*rk_or, rd_kafka_destroy);

  // Ask first: a production cluster often grants veille no CREATE right on
  // topics an operator made, and creating what exists is an error there.
  std::vector<std::string> missing;
  {
    const rd_kafka_metadata_t* md = nullptr;
    rd_kafka_resp_err_t e = rd_kafka_metadata(rk.get(), 1, nullptr, &md, static_cast<int>(config.timeout_ms));
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR) return FromKafka(e, "reading the topics of " + bootstrap_servers);
    for (const std::string& t : topics) {
      bool found = false;
      for (int i = 0; i < md->topic_cnt && !found; ++i) {
        found = md->topics[i].err == RD_KAFKA_RESP_ERR_NO_ERROR && t == md->topics[i].topic;
      }
      if (!found) missing.push_back(t);
    }
    rd_kafka_metadata_destroy(md);
  }
  if (missing.empty()) return Status::OK();

  std::vector<rd_kafka_NewTopic_t*> new_topics;
  for (const std::string& t : missing) {
    char err[256];
    rd_kafka_NewTopic_t* nt = rd_kafka_NewTopic_new(t.c_str(), config.partitions, config.replication, err, sizeof err);
    if (nt == nullptr) {
      rd_kafka_NewTopic_destroy_array(new_topics.data(), new_topics.size());
      return Status::InvalidArgument("topic " + t + ": " + err);
    }
    new_topics.push_back(nt);
  }
  rd_kafka_queue_t* queue = rd_kafka_queue_new(rk.get());
  rd_kafka_AdminOptions_t* opts = rd_kafka_AdminOptions_new(rk.get(), RD_KAFKA_ADMIN_OP_CREATETOPICS);
  char err[256];
  rd_kafka_AdminOptions_set_operation_timeout(opts, static_cast<int>(config.timeout_ms), err, sizeof err);
  rd_kafka_CreateTopics(rk.get(), new_topics.data(), new_topics.size(), opts, queue);
  rd_kafka_event_t* ev = rd_kafka_queue_poll(queue, static_cast<int>(config.timeout_ms) + 5000);
  Status st;
  if (ev == nullptr) {
    st = Status::Timeout("creating topics on " + bootstrap_servers + ": no answer");
  } else if (rd_kafka_event_error(ev) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    st = FromKafka(rd_kafka_event_error(ev), "creating topics on " + bootstrap_servers);
  } else {
    size_t n = 0;
    const rd_kafka_topic_result_t** results =
        rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(ev), &n);
    for (size_t i = 0; i < n && st.ok(); ++i) {
      rd_kafka_resp_err_t e = rd_kafka_topic_result_error(results[i]);
      if (e != RD_KAFKA_RESP_ERR_NO_ERROR && e != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
        st = FromKafka(e, std::string("creating topic ") + rd_kafka_topic_result_name(results[i]));
      }
    }
  }
  if (ev != nullptr) rd_kafka_event_destroy(ev);
  rd_kafka_AdminOptions_destroy(opts);
  rd_kafka_queue_destroy(queue);
  rd_kafka_NewTopic_destroy_array(new_topics.data(), new_topics.size());
  return st;
}

// ---------------------------------------------------------------- producer

// Delivery bookkeeping. The per-message opaque is a batch number, never a
// pointer, so a late report for an abandoned batch finds nothing and is
// harmless.
struct Producer::Reports {
  struct BatchState {
    size_t outstanding = 0;
    size_t failed = 0;
    rd_kafka_resp_err_t first_error = RD_KAFKA_RESP_ERR_NO_ERROR;
  };
  std::mutex mu;
  uint64_t next_batch = 1;
  std::unordered_map<uint64_t, BatchState> batches;

  static void OnDelivery(rd_kafka_t* rk, const rd_kafka_message_t* msg, void* opaque) {
    auto* self = static_cast<Reports*>(opaque);
    auto batch = reinterpret_cast<uintptr_t>(msg->_private);
    std::lock_guard<std::mutex> lock(self->mu);
    auto it = self->batches.find(batch);
    if (it == self->batches.end()) return;
    if (it->second.outstanding > 0) --it->second.outstanding;
    if (msg->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      if (it->second.failed++ == 0) it->second.first_error = msg->err;
    }
  }
};

Result<std::unique_ptr<Producer>> Producer::Create(const KafkaConfig& config, const std::string& bootstrap_servers) {
  auto p = std::unique_ptr<Producer>(new Producer());
  p->reports_ = std::make_unique<Reports>();
  p->timeout_ms_ = config.timeout_ms;
  Conf conf;
  VEILLE_RETURN_IF_ERROR(conf.Set("client.id", "veille-producer"));
  VEILLE_RETURN_IF_ERROR(conf.Set("enable.idempotence", "true"));
  VEILLE_RETURN_IF_ERROR(conf.Set("linger.ms", "5"));
  VEILLE_RETURN_IF_ERROR(conf.Set("compression.type", "lz4"));
  VEILLE_RETURN_IF_ERROR(conf.Set("message.timeout.ms", std::to_string(config.timeout_ms)));
  VEILLE_RETURN_IF_ERROR(conf.SetAll(config.properties));
  VEILLE_RETURN_IF_ERROR(conf.Set("bootstrap.servers", bootstrap_servers));
  rd_kafka_conf_set_dr_msg_cb(conf.get(), &Reports::OnDelivery);
  rd_kafka_conf_set_opaque(conf.get(), p->reports_.get());
  auto rk = conf.NewClient(RD_KAFKA_PRODUCER);
  if (!rk.ok()) return rk.status();
  p->rk_ = *rk;
  return p;
}

Producer::~Producer() {
  if (rk_ != nullptr) {
    // Whatever is still queued was already reported as failed to the caller.
    rd_kafka_flush(rk_, 2000);
    rd_kafka_destroy(rk_);
  }
}

Status Producer::ProduceAndWait(const std::string& topic, const std::vector<Record>& records) {
  return Wait(topic, Produce(topic, records));
}

Producer::Pending Producer::Produce(const std::string& topic, const std::vector<Record>& records) {
  Pending p;
  p.records = records.size();
  if (records.empty()) return p;
  {
    std::lock_guard<std::mutex> lock(reports_->mu);
    p.batch = reports_->next_batch++;
    reports_->batches[p.batch].outstanding = records.size();
  }
  int64_t deadline = NowMs() + timeout_ms_;
  for (size_t i = 0; i < records.size(); ++i) {
    const Record& r = records[i];
    for (;;) {
      rd_kafka_resp_err_t err = rd_kafka_producev(
          rk_, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_KEY(r.key.data(), r.key.size()),
          RD_KAFKA_V_VALUE(const_cast<char*>(r.value.data()), r.value.size()),
          RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_OPAQUE(reinterpret_cast<void*>(p.batch)),
          RD_KAFKA_V_END);
      if (err == RD_KAFKA_RESP_ERR_NO_ERROR) break;
      if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL && NowMs() < deadline) {
        rd_kafka_poll(rk_, 100);  // serve delivery reports to make room
        continue;
      }
      // Records i.. were never enqueued: they will get no report.
      {
        std::lock_guard<std::mutex> lock(reports_->mu);
        reports_->batches[p.batch].outstanding -= records.size() - i;
      }
      p.enqueue_error = FromKafka(err, "producing to " + topic);
      return p;
    }
    rd_kafka_poll(rk_, 0);
  }
  return p;
}

void Producer::Poll() { rd_kafka_poll(rk_, 0); }

Status Producer::Wait(const std::string& topic, const Pending& p) {
  if (p.batch == 0) return p.enqueue_error;
  auto finish = [&](Status st) {
    std::lock_guard<std::mutex> lock(reports_->mu);
    reports_->batches.erase(p.batch);
    return st;
  };
  int64_t deadline = NowMs() + timeout_ms_;
  rd_kafka_poll(rk_, 0);  // reports that arrived while the caller was busy
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(reports_->mu);
      const auto& b = reports_->batches[p.batch];
      if (b.outstanding == 0) {
        if (!p.enqueue_error.ok()) {
          reports_->batches.erase(p.batch);
          return p.enqueue_error;
        }
        if (b.failed == 0) break;
        Status st = FromKafka(b.first_error, std::to_string(b.failed) + " of " + std::to_string(p.records) +
                                                 " messages to " + topic + " were not delivered");
        reports_->batches.erase(p.batch);
        return st;
      }
    }
    if (NowMs() >= deadline) {
      return finish(Status::Timeout("waiting for delivery reports from " + topic));
    }
    rd_kafka_poll(rk_, 50);
  }
  return finish(Status::OK());
}

Status Producer::Flush() {
  rd_kafka_resp_err_t err = rd_kafka_flush(rk_, static_cast<int>(timeout_ms_));
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR || rd_kafka_outq_len(rk_) > 0) {
    return Status::Timeout(std::to_string(rd_kafka_outq_len(rk_)) + " messages still queued after flush");
  }
  return Status::OK();
}

// ---------------------------------------------------------------- consumer

namespace {

void OnRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* parts, void* opaque) {
  auto* state = static_cast<Consumer::Assignment*>(opaque);
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    for (int i = 0; i < parts->cnt; ++i) state->eof[{parts->elems[i].topic, parts->elems[i].partition}] = false;
    state->assigned_at_ms = NowMs();
    rd_kafka_assign(rk, parts);
    log::Debug("kafka.assigned").Kv("partitions", parts->cnt);
  } else {
    for (int i = 0; i < parts->cnt; ++i) state->eof.erase({parts->elems[i].topic, parts->elems[i].partition});
    rd_kafka_assign(rk, nullptr);
    log::Debug("kafka.revoked").Kv("partitions", parts->cnt);
  }
}

}  // namespace

Result<std::unique_ptr<Consumer>> Consumer::Create(const KafkaConfig& config, const std::string& bootstrap_servers,
                                                   const std::vector<std::string>& topics) {
  auto c = std::unique_ptr<Consumer>(new Consumer());
  c->timeout_ms_ = config.timeout_ms;
  c->started_ms_ = NowMs();
  Conf conf;
  VEILLE_RETURN_IF_ERROR(conf.Set("client.id", "veille-consumer"));
  VEILLE_RETURN_IF_ERROR(conf.Set("group.id", config.group));
  VEILLE_RETURN_IF_ERROR(conf.Set("enable.auto.commit", "false"));
  VEILLE_RETURN_IF_ERROR(conf.Set("enable.auto.offset.store", "false"));
  VEILLE_RETURN_IF_ERROR(conf.Set("enable.partition.eof", "true"));
  VEILLE_RETURN_IF_ERROR(conf.Set("auto.offset.reset", "earliest"));
  VEILLE_RETURN_IF_ERROR(conf.SetAll(config.properties));
  VEILLE_RETURN_IF_ERROR(conf.Set("bootstrap.servers", bootstrap_servers));
  // The Assignment lives in the Consumer, which outlives rk_.
  rd_kafka_conf_set_opaque(conf.get(), c->assignment_.get());
  rd_kafka_conf_set_rebalance_cb(conf.get(), OnRebalance);
  auto rk = conf.NewClient(RD_KAFKA_CONSUMER);
  if (!rk.ok()) return rk.status();
  c->rk_ = *rk;
  rd_kafka_poll_set_consumer(c->rk_);
  if (config.consumer_mode == "subscribe") {
    rd_kafka_topic_partition_list_t* subs = rd_kafka_topic_partition_list_new(static_cast<int>(topics.size()));
    for (const std::string& t : topics) rd_kafka_topic_partition_list_add(subs, t.c_str(), RD_KAFKA_PARTITION_UA);
    rd_kafka_resp_err_t err = rd_kafka_subscribe(c->rk_, subs);
    rd_kafka_topic_partition_list_destroy(subs);
    VEILLE_RETURN_IF_ERROR(FromKafka(err, "subscribing to topics"));
  } else if (config.consumer_mode == "assign") {
    VEILLE_RETURN_IF_ERROR(c->AssignAll(topics));
  } else {
    return Status::InvalidArgument("kafka.consumer_mode must be \"assign\" or \"subscribe\", not \"" +
                                   config.consumer_mode + "\"");
  }
  return c;
}

Status Consumer::AssignAll(const std::vector<std::string>& topics) {
  const rd_kafka_metadata_t* md = nullptr;
  rd_kafka_resp_err_t err = rd_kafka_metadata(rk_, 1, nullptr, &md, static_cast<int>(timeout_ms_));
  VEILLE_RETURN_IF_ERROR(FromKafka(err, "reading topic metadata"));
  std::unique_ptr<const rd_kafka_metadata_t, void (*)(const rd_kafka_metadata_t*)> owned(md, rd_kafka_metadata_destroy);
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(8);
  Status st;
  for (const std::string& t : topics) {
    bool found = false;
    for (int i = 0; i < md->topic_cnt; ++i) {
      if (t != md->topics[i].topic) continue;
      if (md->topics[i].err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        st = FromKafka(md->topics[i].err, "topic " + t);
        break;
      }
      found = true;
      for (int p = 0; p < md->topics[i].partition_cnt; ++p) {
        // INVALID: start from the group's committed offset, else earliest.
        rd_kafka_topic_partition_list_add(list, t.c_str(), md->topics[i].partitions[p].id)->offset =
            RD_KAFKA_OFFSET_INVALID;
        assignment_->eof[{t, md->topics[i].partitions[p].id}] = false;
      }
    }
    if (!st.ok()) break;
    if (!found) {
      st = Status::NotFound("topic " + t + " does not exist");
      break;
    }
  }
  if (st.ok()) {
    st = FromKafka(rd_kafka_assign(rk_, list), "assigning partitions");
    assignment_->assigned_at_ms = NowMs();
  }
  rd_kafka_topic_partition_list_destroy(list);
  return st;
}

Consumer::~Consumer() {
  if (rk_ != nullptr) {
    if (!closed_) (void)Close();
    rd_kafka_destroy(rk_);
  }
}

Result<std::vector<KafkaMessage>> Consumer::Poll(size_t max, bool* at_end) {
  std::vector<KafkaMessage> out;
  *at_end = false;
  int64_t slice_end = NowMs() + 1000;
  while (out.size() < max && NowMs() < slice_end) {
    rd_kafka_message_t* msg = rd_kafka_consumer_poll(rk_, 100);
    if (msg == nullptr) {
      if (assignment_->assigned_at_ms < 0 && NowMs() - started_ms_ > timeout_ms_) {
        return Status::Timeout("no partition assignment from the consumer group within " +
                               std::to_string(timeout_ms_) + " ms");
      }
    } else {
      std::unique_ptr<rd_kafka_message_t, void (*)(rd_kafka_message_t*)> owned(msg, rd_kafka_message_destroy);
      std::string topic = msg->rkt != nullptr ? rd_kafka_topic_name(msg->rkt) : "";
      if (msg->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        assignment_->eof[{topic, msg->partition}] = true;
      } else if (msg->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        Status st = FromKafka(msg->err, "consuming " + topic);
        if (!st.retryable()) return st;
        log::Warn("kafka.consume_error").Kv("error", st.ToString());
      } else {
        assignment_->eof[{topic, msg->partition}] = false;
        KafkaMessage m;
        m.topic = std::move(topic);
        m.partition = msg->partition;
        m.offset = msg->offset;
        if (msg->key != nullptr) m.key.assign(static_cast<const char*>(msg->key), msg->key_len);
        if (msg->payload != nullptr) m.value.assign(static_cast<const char*>(msg->payload), msg->len);
        out.push_back(std::move(m));
        continue;
      }
    }
    if (assignment_->assigned_at_ms >= 0 && !assignment_->eof.empty()) {
      bool all = true;
      for (const auto& [tp, at] : assignment_->eof) all = all && at;
      if (all) {
        *at_end = true;
        break;
      }
    }
  }
  return out;
}

Status Consumer::Commit(const std::vector<KafkaMessage>& processed) {
  if (processed.empty()) return Status::OK();
  std::map<std::pair<std::string, int32_t>, int64_t> next;
  for (const KafkaMessage& m : processed) {
    int64_t& n = next[{m.topic, m.partition}];
    n = std::max(n, m.offset + 1);
  }
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(static_cast<int>(next.size()));
  for (const auto& [tp, offset] : next) {
    rd_kafka_topic_partition_list_add(list, tp.first.c_str(), tp.second)->offset = offset;
  }
  rd_kafka_resp_err_t err = rd_kafka_commit(rk_, list, 0 /* synchronous */);
  Status st = FromKafka(err, "committing offsets");
  for (int i = 0; st.ok() && i < list->cnt; ++i) {
    st = FromKafka(list->elems[i].err, std::string("committing offset of ") + list->elems[i].topic);
  }
  rd_kafka_topic_partition_list_destroy(list);
  return st;
}

Status Consumer::Close() {
  closed_ = true;
  return FromKafka(rd_kafka_consumer_close(rk_), "closing consumer");
}

}  // namespace veille
