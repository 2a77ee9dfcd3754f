#include "storage/store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "storage/keys.h"

namespace veille {
namespace {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("veille-store-" + std::to_string(::getpid()) + "-" +
                                                      ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::unique_ptr<Store> OpenStore(StoreOptions o = {}) {
    auto s = Store::Open(dir_.string(), o);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(s).value() : nullptr;
  }
  static ScoredMention Scored(const std::string& id, int64_t at) {
    ScoredMention m;
    m.mention.id = id;
    m.mention.source_type = "rss";
    m.mention.title = "Titre « " + id + " »";
    m.verdict.label = SentimentLabel::kNegative;
    m.verdict.score = -0.7;
    m.scored_ms = at;
    return m;
  }
  std::filesystem::path dir_;
};

TEST_F(StoreTest, BatchIsAtomicAndDurableAcrossReopen) {
  {
    auto store = OpenStore();
    Batch b;
    b.PutSeen("https://a.example/1", {1000, {"alerts", "news"}});
    b.AddTrend("Acme", keys::kHourMs * 3 + 5, "total", 1);
    b.AddTrend("Acme", keys::kHourMs * 3 + 9, "total", 2);
    b.PutMention(Scored("https://a.example/1", 5000));
    b.PutCursor("alerts", "cursor-1");
    EXPECT_EQ(b.Count(), 5u);
    ASSERT_TRUE(store->Commit(b).ok());
    EXPECT_EQ(b.Count(), 0u);
  }
  auto store = OpenStore();
  auto seen = store->GetSeen("https://a.example/1");
  ASSERT_TRUE(seen.ok());
  ASSERT_TRUE(seen->has_value());
  EXPECT_EQ((*seen)->first_seen_ms, 1000);
  EXPECT_EQ((*seen)->seen_in, (std::vector<std::string>{"alerts", "news"}));
  EXPECT_FALSE(store->GetSeen("https://other")->has_value());
  EXPECT_EQ(store->GetCursor("alerts").value(), "cursor-1");
  EXPECT_EQ(store->GetCursor("unknown").value(), "");
  auto trends = store->ReadTrends("Acme", 0, keys::kHourMs * 10);
  ASSERT_TRUE(trends.ok());
  ASSERT_EQ(trends->size(), 1u);
  EXPECT_EQ((*trends)[0].value, 3u);  // merged 1 + 2
  EXPECT_EQ((*trends)[0].hour_ms, keys::kHourMs * 3);
  auto mentions = store->ReadMentions(0, 10000);
  ASSERT_TRUE(mentions.ok());
  ASSERT_EQ(mentions->size(), 1u);
  EXPECT_EQ((*mentions)[0].mention.title, "Titre « https://a.example/1 »");
}

TEST_F(StoreTest, TrendsAreSeparatedByBrandAndRange) {
  auto store = OpenStore();
  Batch b;
  b.AddTrend("Acme", 0, "total", 1);
  b.AddTrend("Acme", keys::kHourMs, "total", 4);
  b.AddTrend("Acme Bank", keys::kHourMs, "total", 7);
  b.AddTrend("Globex", keys::kHourMs, "label/negative", 2);
  ASSERT_TRUE(store->Commit(b).ok());
  auto acme = store->ReadTrends("Acme", keys::kHourMs, keys::kHourMs * 2).value();
  ASSERT_EQ(acme.size(), 1u);
  EXPECT_EQ(acme[0].value, 4u);
  EXPECT_EQ(store->TrendBrands(), (std::vector<std::string>{"Acme", "Acme Bank", "Globex"}));
}

TEST_F(StoreTest, OutboxRoundTripsAndCountsByState) {
  auto store = OpenStore();
  OutboxEntry e;
  e.id = "veille-1";
  e.brand = "Acme";
  e.created_ms = 2;
  e.mentions.push_back(Scored("m1", 10));
  ASSERT_TRUE(store->PutOutbox(e).ok());
  OutboxEntry f = e;
  f.id = "veille-0";
  f.created_ms = 1;
  f.state = OutboxState::kFailed;
  f.last_error = "422 Unprocessable: \"subject\" too long";
  ASSERT_TRUE(store->PutOutbox(f).ok());
  auto pending = store->ListOutbox(OutboxState::kPending);
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ((*pending)[0].mentions.at(0).mention.id, "m1");
  auto failed = store->GetOutbox("veille-0").value();
  ASSERT_TRUE(failed.has_value());
  EXPECT_EQ(failed->last_error, f.last_error);
  auto counts = store->OutboxCounts();
  EXPECT_EQ(counts["pending"], 1);
  EXPECT_EQ(counts["failed"], 1);
  EXPECT_EQ(counts["delivered"], 0);
}

TEST_F(StoreTest, OutboxDecoderRefusesUnknownState) {
  auto e = OutboxEntryFromJson(R"({"id":"x","state":"lost"})");
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.status().message().find("unknown state"), std::string::npos);
}

TEST_F(StoreTest, SecondWriterIsBusyButReaderWorks) {
  auto store = OpenStore();
  ASSERT_TRUE(store->PutLedger("digest/Acme/daily/2026-11-23", "sent").ok());
  auto second = Store::Open(dir_.string());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), Status::Code::kBusy) << second.status().ToString();
  StoreOptions ro;
  ro.read_only = true;
  auto reader = Store::Open(dir_.string(), ro);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  EXPECT_EQ((*reader)->GetLedger("digest/Acme/daily/2026-11-23").value().value_or(""), "sent");
}

TEST_F(StoreTest, DeadLettersAreKept) {
  auto store = OpenStore();
  Batch b;
  b.PutDeadLetter("score", "veille.mentions.raw/0@12", "invalid JSON at offset 3", std::string("\xff\xfe{", 3), 99);
  b.PutDeadLetter("score", "veille.mentions.raw/0@13", "field id is missing", "{}", 99);
  ASSERT_TRUE(store->Commit(b).ok());
  EXPECT_EQ(store->DeadLetterCount(), 2);
}

TEST_F(StoreTest, MetaListsByPrefix) {
  auto store = OpenStore();
  ASSERT_TRUE(store->PutMeta("run/collect", "{}").ok());
  ASSERT_TRUE(store->PutMeta("run/score", "{}").ok());
  ASSERT_TRUE(store->PutMeta("other", "{}").ok());
  EXPECT_EQ(store->ListMeta("run/").size(), 2u);
}

}  // namespace
}  // namespace veille
