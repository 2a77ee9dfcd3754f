// The digest step of `veille alert` on a real RocksDB with a fake clock and
// a recording mailer: daily and weekly periods with the change against the
// previous period, one e-mail per recipient list in its language, the
// ledger (once per period and list) and the retry of a failed list.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "alerting/email.h"
#include "common/clock.h"
#include "jobs/pipeline.h"
#include "storage/store.h"
#include "tests/support/loopback_http_server.h"

namespace veille {
namespace {

namespace fs = std::filesystem;

constexpr int64_t kHour = 3'600'000;
constexpr int64_t kDay = 24 * kHour;
constexpr int64_t k20261123 = 1'795'392'000'000;  // 2026-11-23T00:00:00Z, a Monday

class ListMailer : public Mailer {
 public:
  Status Send(const Email& email) override {
    for (const std::string& to : email.to) {
      if (to == fail_for) return Status::IOError("smtp: 451 try again later");
    }
    sent.push_back(email);
    return Status::OK();
  }
  std::string fail_for;
  std::vector<Email> sent;
};

class DigestJobTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("veille-digest-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    env_.reset();
    if (!HasFailure()) fs::remove_all(dir_);
  }

  Status Open(const std::string& email_section) {
    std::ofstream(dir_ / "veille.toml") << R"(
[veille]
data_dir = "var"

[[brands]]
name = "Velotra"
query = "velotra"
competitors = ["Cyclix"]

[[brands]]
name = "Cyclix"
query = "cyclix"
competitor = true

)" << email_section;
    auto cfg = LoadConfig((dir_ / "veille.toml").string());
    if (!cfg.ok()) return cfg.status();
    auto env = JobEnv::Open(std::move(cfg).value(), /*with_kafka=*/false);
    if (!env.ok()) return env.status();
    env_ = std::move(env).value();
    env_->clock = &clock_;
    return Status::OK();
  }

  // `n` mentions of `brand` scored on the day starting at `day`.
  void Add(const std::string& brand, int64_t day, int n, SentimentLabel label = SentimentLabel::kNeutral) {
    Batch b;
    for (int i = 0; i < n; ++i) {
      ScoredMention s;
      s.mention.id = brand + std::to_string(day) + "-" + std::to_string(i) + std::to_string(static_cast<int>(label));
      s.mention.source_type = "rss";
      s.mention.title = brand + " article " + std::to_string(i);
      s.mention.url = "https://news.example.com/" + s.mention.id;
      s.mention.published_ms = day + 10 * kHour + i * 1000;
      s.mention.brands = {brand};
      s.verdict.label = label;
      s.verdict.score = label == SentimentLabel::kNegative ? -0.6 : 0.0;
      s.scored_ms = day + 11 * kHour + i * 1000;
      b.PutMention(s);
    }
    ASSERT_TRUE(env_->store->Commit(b).ok());
  }

  fs::path dir_;
  FakeClock clock_{k20261123 + 8 * kHour};  // Monday 08:00 UTC
  std::unique_ptr<JobEnv> env_;
};

TEST_F(DigestJobTest, DailyDigestComparesWithThePreviousDay) {
  ASSERT_TRUE(Open("[email]\nto = [\"marketing@example.com\"]\nlang = \"en\"\ndigest = \"daily\"\n").ok());
  Add("Velotra", k20261123 - 2 * kDay, 3);
  Add("Velotra", k20261123 - kDay, 4);
  Add("Velotra", k20261123 - kDay, 1, SentimentLabel::kNegative);
  Add("Cyclix", k20261123 - kDay, 15);
  Add("Velotra", k20261123, 9);  // today: not in yesterday's digest
  ListMailer mailer;
  auto r = SendDigests(*env_, mailer);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->digests_sent, 1);
  const Email& e = mailer.sent[0];
  EXPECT_EQ(e.idempotency_key, "digest/Velotra/daily/2026-11-22");
  EXPECT_EQ(e.subject, "Velotra daily digest, 2026-11-22: 5 mentions (+67%), 20% negative") << e.subject;
  EXPECT_NE(e.text.find("previous period: 3, +67%"), std::string::npos) << e.text;
  EXPECT_NE(e.text.find("Cyclix"), std::string::npos) << "share of voice against the competitor";
  EXPECT_NE(e.text.find("75%"), std::string::npos) << "Cyclix has 15 of 20";

  // Cron fires twice: the ledger holds.
  r = SendDigests(*env_, mailer);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->digests_sent, 0);
  EXPECT_EQ(r->digests_skipped, 1);
  EXPECT_EQ(mailer.sent.size(), 1u);
}

TEST_F(DigestJobTest, DigestAlsoGoesToTheChatWebhookOnceRetriedAlone) {
  testing::LoopbackHttpServer server;
  ASSERT_TRUE(server.Start());
  testing::ScriptedResponse down;
  down.status = 500;
  testing::ScriptedResponse ok;
  ok.body = "1";
  server.SetSequence("/webhookb2/team/secret", {down, ok});
  ::setenv("VEILLE_TEST_DIGEST_WEBHOOK", server.Url("/webhookb2/team/secret").c_str(), 1);
  ASSERT_TRUE(Open("[email]\nto = [\"marketing@example.com\"]\nlang = \"fr\"\ndigest = \"daily\"\n"
                   "[alerts]\nwebhook_url = \"env:VEILLE_TEST_DIGEST_WEBHOOK\"\nwebhook_format = \"teams\"\n"
                   "webhook_digests = true\n")
                  .ok());
  Add("Velotra", k20261123 - kDay, 2);
  Add("Velotra", k20261123 - kDay, 1, SentimentLabel::kNegative);
  {
    // An attacker's title: no markdown link of its own may come through.
    Batch b;
    ScoredMention s;
    s.mention.id = "evil";
    s.mention.source_type = "reddit";
    s.mention.title = "Velotra [click](javascript:alert(1)) **now**";
    s.mention.url = "javascript:alert(1)";
    s.mention.published_ms = k20261123 - kDay + 12 * kHour;
    s.mention.brands = {"Velotra"};
    s.verdict.label = SentimentLabel::kNegative;
    s.verdict.score = -0.9;
    s.scored_ms = k20261123 - kDay + 12 * kHour;
    b.PutMention(s);
    ASSERT_TRUE(env_->store->Commit(b).ok());
  }
  ListMailer mailer;
  auto r = SendDigests(*env_, mailer);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->digests_sent, 1) << "the e-mail does not wait for the webhook";
  EXPECT_EQ(r->webhooks_sent, 0);
  EXPECT_EQ(r->failed, 1) << "HTTP 500 from the webhook";

  r = SendDigests(*env_, mailer);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->webhooks_sent, 1);
  EXPECT_EQ(r->digests_sent, 0);
  EXPECT_EQ(mailer.sent.size(), 1u) << "the retry posts, it does not mail again";
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  const std::string& body = requests[1].body;
  EXPECT_EQ(requests[1].Header("Content-Type"), "application/json");
  EXPECT_EQ(body.rfind("{\"text\":\"**Veille Velotra", 0), 0u) << body;
  EXPECT_NE(body.find("4 mentions"), std::string::npos) << body;
  EXPECT_NE(body.find("négatives 50"), std::string::npos) << body;
  EXPECT_NE(body.find("Les plus négatives"), std::string::npos) << body;
  EXPECT_NE(body.find("Velotra \\\\[click\\\\]\\\\(javascript:alert\\\\(1\\\\)\\\\) \\\\*\\\\*now"), std::string::npos)
      << body;
  EXPECT_EQ(body.find("](javascript"), std::string::npos) << body;

  r = SendDigests(*env_, mailer);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(server.request_count(), 2u) << "once per period";
  ::unsetenv("VEILLE_TEST_DIGEST_WEBHOOK");
}

TEST_F(DigestJobTest, WeeklyDigestCoversLastIsoWeek) {
  ASSERT_TRUE(Open("[email]\nto = [\"marketing@example.com\"]\nlang = \"fr\"\ndigest = \"weekly\"\n").ok());
  Add("Velotra", k20261123 - 14 * kDay, 10);  // 2026-11-09: the week before
  Add("Velotra", k20261123 - 7 * kDay, 4);    // 2026-11-16
  Add("Velotra", k20261123 - kDay, 4);        // 2026-11-22
  ListMailer mailer;
  auto r = SendDigests(*env_, mailer);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(mailer.sent.size(), 1u);
  const Email& e = mailer.sent[0];
  EXPECT_EQ(e.idempotency_key, "digest/Velotra/weekly/2026-W47");
  EXPECT_NE(e.subject.find("synthèse hebdomadaire de la semaine du 16/11/2026"), std::string::npos) << e.subject;
  EXPECT_NE(e.subject.find("8 mentions (\u221220\u00A0%)"), std::string::npos) << e.subject;
}

TEST_F(DigestJobTest, EachListGetsItsLanguageAndItsOwnLedger) {
  ASSERT_TRUE(Open(R"([email]
to = ["marketing@example.fr"]
lang = "fr"
digest = "daily"

[[email.lists]]
name = "uk"
to = ["uk-team@example.co.uk"]
lang = "en"
)")
                  .ok());
  Add("Velotra", k20261123 - kDay, 2);
  ListMailer mailer;
  mailer.fail_for = "uk-team@example.co.uk";
  auto r = SendDigests(*env_, mailer);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->digests_sent, 1);
  EXPECT_EQ(r->failed, 1);
  ASSERT_EQ(mailer.sent.size(), 1u);
  EXPECT_NE(mailer.sent[0].subject.find("synthèse quotidienne"), std::string::npos);

  // The next run retries the failed list only.
  mailer.fail_for.clear();
  clock_.AdvanceMs(kHour);
  r = SendDigests(*env_, mailer);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->digests_sent, 1);
  EXPECT_EQ(r->digests_skipped, 1);
  ASSERT_EQ(mailer.sent.size(), 2u);
  const Email& uk = mailer.sent[1];
  EXPECT_EQ(uk.to, std::vector<std::string>{"uk-team@example.co.uk"});
  EXPECT_NE(uk.subject.find("daily digest"), std::string::npos) << uk.subject;
  EXPECT_EQ(uk.idempotency_key, "digest/Velotra/daily/2026-11-22/uk");
  EXPECT_NE(EffectiveMessageId(uk), EffectiveMessageId(mailer.sent[0])) << "two messages, two ids";

  r = SendDigests(*env_, mailer);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->digests_sent, 0);
}

TEST_F(DigestJobTest, ListErrorsNameTheKey) {
  Status st = Open("[email]\ndigest = \"daily\"\n[[email.lists]]\nname = \"uk\"\nto = [\"a@b.c\"]\nlang = \"de\"\n");
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("email.lists[0].lang"), std::string::npos) << st.ToString();
  st = Open("[email]\n[[email.lists]]\nname = \"uk\"\nto = [\"a@b.c\"]\n[[email.lists]]\nname = \"uk\"\nto = [\"d@e.f\"]\n");
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("email.lists[1].name"), std::string::npos) << st.ToString();
  st = Open("[email]\n[[email.lists]]\nto = [\"a@b.c\"]\n");
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("name"), std::string::npos) << st.ToString();
}

}  // namespace
}  // namespace veille
