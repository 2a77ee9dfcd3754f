// Integration: the Kafka wrappers against the embedded (mock) cluster, which
// speaks the real protocol on a loopback port.
#include <gtest/gtest.h>

#include <set>

#include "storage/kafka.h"

namespace veille {
namespace {

std::vector<KafkaMessage> Drain(Consumer& c, bool* reached_end) {
  std::vector<KafkaMessage> all;
  *reached_end = false;
  for (int i = 0; i < 60 && !*reached_end; ++i) {
    auto batch = c.Poll(100, reached_end);
    EXPECT_TRUE(batch.ok()) << batch.status().ToString();
    if (!batch.ok()) break;
    for (auto& m : *batch) all.push_back(std::move(m));
  }
  return all;
}

TEST(KafkaEmbeddedIntegrationTest, ProduceDrainCommitAndResume) {
  auto cluster = EmbeddedKafka::Start({"t.raw"}, 3);
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  KafkaConfig cfg;
  cfg.group = "g1";
  cfg.timeout_ms = 20000;
  const std::string bs = (*cluster)->bootstrap_servers();

  auto producer = Producer::Create(cfg, bs);
  ASSERT_TRUE(producer.ok()) << producer.status().ToString();
  std::vector<Producer::Record> recs;
  for (int i = 0; i < 25; ++i) recs.push_back({"key-" + std::to_string(i), "value-" + std::to_string(i)});
  ASSERT_TRUE((*producer)->ProduceAndWait("t.raw", recs).ok());

  {
    auto consumer = Consumer::Create(cfg, bs, {"t.raw"});
    ASSERT_TRUE(consumer.ok()) << consumer.status().ToString();
    bool end = false;
    auto got = Drain(**consumer, &end);
    EXPECT_TRUE(end);
    ASSERT_EQ(got.size(), 25u);
    std::set<std::string> keys;
    for (const auto& m : got) keys.insert(m.key);
    EXPECT_EQ(keys.size(), 25u);
    ASSERT_TRUE((*consumer)->Commit(got).ok());
    ASSERT_TRUE((*consumer)->Close().ok());
  }
  ASSERT_TRUE((*producer)->ProduceAndWait("t.raw", {{"key-new", "value-new"}}).ok());
  {
    // Same group: only what came after the commit.
    auto consumer = Consumer::Create(cfg, bs, {"t.raw"});
    ASSERT_TRUE(consumer.ok());
    bool end = false;
    auto got = Drain(**consumer, &end);
    EXPECT_TRUE(end);
    ASSERT_EQ(got.size(), 1u);
    EXPECT_EQ(got[0].value, "value-new");
    // Not committed: a third consumer sees it again (at-least-once).
  }
  {
    auto consumer = Consumer::Create(cfg, bs, {"t.raw"});
    ASSERT_TRUE(consumer.ok());
    bool end = false;
    auto got = Drain(**consumer, &end);
    EXPECT_EQ(got.size(), 1u);
  }
}

TEST(KafkaEmbeddedIntegrationTest, BatchesInFlightTogetherAreEachAcknowledged) {
  auto cluster = EmbeddedKafka::Start({"t.pipe"}, 3);
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  KafkaConfig cfg;
  cfg.group = "g-pipe";
  cfg.timeout_ms = 20000;
  const std::string bs = (*cluster)->bootstrap_servers();
  auto producer = Producer::Create(cfg, bs);
  ASSERT_TRUE(producer.ok()) << producer.status().ToString();
  // Three sources' batches enqueued before any is waited for, as Collect does.
  std::vector<Producer::Pending> pending;
  for (int b = 0; b < 3; ++b) {
    std::vector<Producer::Record> recs;
    for (int i = 0; i < 10; ++i) recs.push_back({"b" + std::to_string(b) + "-" + std::to_string(i), "v"});
    pending.push_back((*producer)->Produce("t.pipe", recs));
    EXPECT_NE(pending.back().batch, 0u);
    (*producer)->Poll();
  }
  Producer::Pending none = (*producer)->Produce("t.pipe", {});
  EXPECT_EQ(none.batch, 0u);
  EXPECT_TRUE((*producer)->Wait("t.pipe", none).ok()) << "an empty batch has nothing to wait for";
  for (const auto& p : pending) {
    Status st = (*producer)->Wait("t.pipe", p);
    EXPECT_TRUE(st.ok()) << st.ToString();
    EXPECT_EQ(p.records, 10u);
  }
  auto consumer = Consumer::Create(cfg, bs, {"t.pipe"});
  ASSERT_TRUE(consumer.ok());
  bool end = false;
  auto got = Drain(**consumer, &end);
  std::set<std::string> keys;
  for (const auto& m : got) keys.insert(m.key);
  EXPECT_EQ(keys.size(), 30u);
}

TEST(KafkaEmbeddedIntegrationTest, BatchesInFlightToAnUnreachableBrokerEachFail) {
  KafkaConfig cfg;
  cfg.timeout_ms = 1500;
  auto producer = Producer::Create(cfg, "127.0.0.1:1");  // nothing listens on port 1
  ASSERT_TRUE(producer.ok());
  Producer::Pending a = (*producer)->Produce("t", {{"k1", "v"}});
  Producer::Pending b = (*producer)->Produce("t", {{"k2", "v"}, {"k3", "v"}});
  EXPECT_FALSE((*producer)->Wait("t", a).ok());
  Status st = (*producer)->Wait("t", b);
  EXPECT_FALSE(st.ok());
}

TEST(KafkaEmbeddedIntegrationTest, SubscribeModeJoinsTheGroupAndDrains) {
  auto cluster = EmbeddedKafka::Start({"t.sub"}, 2);
  ASSERT_TRUE(cluster.ok());
  KafkaConfig cfg;
  cfg.group = "g-sub";
  cfg.consumer_mode = "subscribe";
  auto producer = Producer::Create(cfg, (*cluster)->bootstrap_servers());
  ASSERT_TRUE(producer.ok());
  ASSERT_TRUE((*producer)->ProduceAndWait("t.sub", {{"a", "1"}, {"b", "2"}, {"c", "3"}}).ok());
  auto consumer = Consumer::Create(cfg, (*cluster)->bootstrap_servers(), {"t.sub"});
  ASSERT_TRUE(consumer.ok()) << consumer.status().ToString();
  bool end = false;
  auto got = Drain(**consumer, &end);
  EXPECT_TRUE(end);
  EXPECT_EQ(got.size(), 3u);
  EXPECT_TRUE((*consumer)->Commit(got).ok());
}

TEST(KafkaEmbeddedIntegrationTest, AssignModeRefusesAMissingTopic) {
  auto cluster = EmbeddedKafka::Start({"t.exists"}, 1);
  ASSERT_TRUE(cluster.ok());
  KafkaConfig cfg;
  cfg.timeout_ms = 5000;
  auto consumer = Consumer::Create(cfg, (*cluster)->bootstrap_servers(), {"t.missing"});
  EXPECT_FALSE(consumer.ok());
}

TEST(KafkaEmbeddedIntegrationTest, UnknownConsumerModeIsRefused) {
  KafkaConfig cfg;
  cfg.consumer_mode = "magic";
  auto consumer = Consumer::Create(cfg, "127.0.0.1:1", {"t"});
  ASSERT_FALSE(consumer.ok());
  EXPECT_NE(consumer.status().message().find("consumer_mode"), std::string::npos);
}

TEST(KafkaEmbeddedIntegrationTest, EmptyTopicReachesEndAtOnce) {
  auto cluster = EmbeddedKafka::Start({"t.empty"}, 2);
  ASSERT_TRUE(cluster.ok());
  KafkaConfig cfg;
  cfg.group = "g-empty";
  auto consumer = Consumer::Create(cfg, (*cluster)->bootstrap_servers(), {"t.empty"});
  ASSERT_TRUE(consumer.ok());
  bool end = false;
  auto got = Drain(**consumer, &end);
  EXPECT_TRUE(end);
  EXPECT_TRUE(got.empty());
}

TEST(KafkaEmbeddedIntegrationTest, BadPropertyIsNamed) {
  KafkaConfig cfg;
  cfg.properties["no.such.property"] = "1";
  auto producer = Producer::Create(cfg, "127.0.0.1:1");
  ASSERT_FALSE(producer.ok());
  EXPECT_NE(producer.status().message().find("no.such.property"), std::string::npos);
}

TEST(KafkaEmbeddedIntegrationTest, UnreachableBrokerFailsDeliveryInsteadOfHanging) {
  KafkaConfig cfg;
  cfg.timeout_ms = 1500;
  auto producer = Producer::Create(cfg, "127.0.0.1:1");  // nothing listens on port 1
  ASSERT_TRUE(producer.ok());
  Status st = (*producer)->ProduceAndWait("t", {{"k", "v"}});
  EXPECT_FALSE(st.ok());
}

}  // namespace
}  // namespace veille
