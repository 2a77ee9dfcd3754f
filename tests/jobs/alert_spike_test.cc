// Spike alerts as the alert job runs them, on a real RocksDB in a temp dir
// with a fake clock and a recording mailer: once per spike, cooldown,
// warm-up, retry after a failed send; the [alerts] config; the trend
// roll-up; and `veille alert --backtest` through the real binary.
#include "jobs/alert.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "alerting/email.h"
#include "common/clock.h"
#include "jobs/pipeline.h"
#include "storage/store.h"
#include "tests/support/loopback_http_server.h"
#include "tests/support/slurp.h"

namespace veille {
namespace {

using testutil::Slurp;

namespace fs = std::filesystem;

constexpr int64_t kHour = 3'600'000;
constexpr int64_t kDay = 24 * kHour;
constexpr int64_t kWeek = 7 * kDay;
constexpr int64_t k20261019 = 1'792'368'000'000;  // 2026-10-19T00:00:00Z, a Monday
// Wednesday 2026-11-11 14:00 UTC: three weeks and two days after the start.
constexpr int64_t kSurge = k20261019 + 3 * kWeek + 2 * kDay + 14 * kHour;

class RecordingMailer : public Mailer {
 public:
  Status Send(const Email& email) override {
    if (fail) return Status::IOError("smtp: connection refused");
    sent.push_back(email);
    return Status::OK();
  }
  bool fail = false;
  std::vector<Email> sent;
};

class AlertSpikeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("veille-spike-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    env_.reset();
    if (!HasFailure()) fs::remove_all(dir_);
  }

  void WriteConfig(const std::string& extra = "") {
    std::ofstream(dir_ / "veille.toml") << R"(
[veille]
data_dir = "var"

[[brands]]
name = "Velotra"
query = "velotra"

[email]
to = ["marketing@example.com"]
lang = "en"
digest = "off"
)" << extra;
  }

  void Open() {
    auto cfg = LoadConfig((dir_ / "veille.toml").string());
    ASSERT_TRUE(cfg.ok()) << cfg.status().ToString();
    auto env = JobEnv::Open(std::move(cfg).value(), /*with_kafka=*/false);
    ASSERT_TRUE(env.ok()) << env.status().ToString();
    env_ = std::move(env).value();
    env_->clock = &clock_;
  }

  // Seasonal hourly counters from `from` to `to`: weekdays 09-18h 30
  // mentions (5 negative), other hours 2 (none negative).
  void Seed(int64_t from, int64_t to) {
    Batch b;
    for (int64_t h = from; h < to; h += kHour) {
      int64_t dow = ((h - k20261019) / kDay) % 7;
      int64_t hod = (h / kHour) % 24;
      bool busy = dow < 5 && hod >= 9 && hod < 18;
      b.AddTrend("Velotra", h, "total", busy ? 30 : 2);
      if (busy) b.AddTrend("Velotra", h, "label/negative", 5);
    }
    ASSERT_TRUE(env_->store->Commit(b).ok());
  }

  // `n` negative mentions published in hour `h`, scored a bit later.
  void AddSurge(int64_t h, int n) {
    Batch b;
    b.AddTrend("Velotra", h, "total", static_cast<uint64_t>(n));
    b.AddTrend("Velotra", h, "label/negative", static_cast<uint64_t>(n));
    for (int i = 0; i < n; ++i) {
      ScoredMention s;
      s.mention.id = "m" + std::to_string(h) + "-" + std::to_string(i);
      s.mention.source_type = "reddit";
      s.mention.title = "Velotra vélo cassé n°" + std::to_string(i);
      s.mention.url = "https://www.reddit.com/r/velo/" + std::to_string(i);
      s.mention.published_ms = h + i * 1000;
      s.mention.brands = {"Velotra"};
      s.verdict.label = SentimentLabel::kNegative;
      s.verdict.score = -0.5 - i * 0.001;
      s.scored_ms = h + 30 * 60 * 1000;
      b.PutMention(s);
    }
    ASSERT_TRUE(env_->store->Commit(b).ok());
  }

  fs::path dir_;
  FakeClock clock_;
  std::unique_ptr<JobEnv> env_;
};

TEST_F(AlertSpikeTest, SendsEachSpikeOnceWithItsMentions) {
  WriteConfig();
  Open();
  Seed(k20261019, kSurge + kHour);
  AddSurge(kSurge, 60);
  // 16:05: the 14:00 hour ended more than settle_hours (1) ago; 15:00 has not.
  clock_.AdvanceMs(kSurge + 2 * kHour + 5 * 60 * 1000 - clock_.NowMs());
  RecordingMailer mailer;
  auto r = SendSpikeAlerts(*env_, mailer);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->sent, 2) << "a negative surge and a total surge";
  ASSERT_EQ(mailer.sent.size(), 2u);
  const Email& neg = mailer.sent[0];
  EXPECT_EQ(neg.idempotency_key, "spike/Velotra/negative-surge/" + std::to_string(kSurge));
  EXPECT_EQ(neg.subject, "[veille] Critical alert: negative mention surge \u2014 Velotra");
  EXPECT_EQ(neg.to, std::vector<std::string>{"marketing@example.com"});
  EXPECT_NE(neg.text.find("Velotra got 65 negative mentions between 14:00 and 15:00 UTC on 2026-11-11"),
            std::string::npos)
      << neg.text;
  // The most negative first, ten at most.
  EXPECT_NE(neg.text.find("1. Velotra vélo cassé n°59"), std::string::npos) << neg.text;
  EXPECT_EQ(neg.text.find("11. "), std::string::npos);

  // Cron fires again in the same hour: nothing new.
  r = SendSpikeAlerts(*env_, mailer);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->sent, 0);
  EXPECT_EQ(mailer.sent.size(), 2u);
}

TEST_F(AlertSpikeTest, CooldownHoldsTheSameAlertButCatchesUp) {
  WriteConfig();
  Open();
  Seed(k20261019, kSurge + 4 * kHour);
  AddSurge(kSurge, 60);
  AddSurge(kSurge + 2 * kHour, 60);
  clock_.AdvanceMs(kSurge + 5 * kHour - clock_.NowMs());
  // A first run two hours before: the watermark sits at 11:00.
  ASSERT_TRUE(env_->store->PutLedger("spike-watermark/Velotra", std::to_string(kSurge - 3 * kHour)).ok());
  RecordingMailer mailer;
  auto r = SendSpikeAlerts(*env_, mailer);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->sent, 2) << "14:00 alerts; 16:00 is the same alert within the cooldown";
  EXPECT_EQ(r->cooled_down, 2);
}

TEST_F(AlertSpikeTest, FailedSendIsRetriedNextRun) {
  WriteConfig();
  Open();
  Seed(k20261019, kSurge + 3 * kHour);
  AddSurge(kSurge, 60);
  clock_.AdvanceMs(kSurge + 2 * kHour + 60'000 - clock_.NowMs());
  RecordingMailer mailer;
  mailer.fail = true;
  auto r = SendSpikeAlerts(*env_, mailer);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->failed, 1);
  EXPECT_EQ(r->sent, 0);
  mailer.fail = false;
  clock_.AdvanceMs(kHour);  // the next hourly run
  r = SendSpikeAlerts(*env_, mailer);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->sent, 2);
  ASSERT_FALSE(mailer.sent.empty());
  EXPECT_EQ(mailer.sent[0].idempotency_key, "spike/Velotra/negative-surge/" + std::to_string(kSurge));
}

TEST_F(AlertSpikeTest, WarmUpSendsNothing) {
  WriteConfig();
  Open();
  Seed(kSurge - 10 * kDay, kSurge + kHour);  // ten days of history
  AddSurge(kSurge, 200);
  clock_.AdvanceMs(kSurge + 2 * kHour + 60'000 - clock_.NowMs());
  RecordingMailer mailer;
  auto r = SendSpikeAlerts(*env_, mailer);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->warming_up, 1);
  EXPECT_EQ(r->sent, 0);
  EXPECT_TRUE(mailer.sent.empty());
}

TEST_F(AlertSpikeTest, AlertsSectionRecipientsLanguageAndThresholds) {
  WriteConfig(R"(
[alerts]
to = ["oncall@example.com"]
lang = "fr"
min_volume = 500
)");
  Open();
  EXPECT_EQ(env_->config.alerts.min_volume, 500);
  Seed(k20261019, kSurge + kHour);
  AddSurge(kSurge, 60);
  clock_.AdvanceMs(kSurge + 2 * kHour + 60'000 - clock_.NowMs());
  RecordingMailer mailer;
  auto r = SendSpikeAlerts(*env_, mailer);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->sent, 0) << "65 mentions are below min_volume = 500";

  WriteConfig(R"(
[alerts]
to = ["oncall@example.com"]
lang = "fr"
)");
  env_.reset();
  Open();
  r = SendSpikeAlerts(*env_, mailer);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->sent, 0) << "the hour was judged already (watermark)";
  ASSERT_TRUE(env_->store->PutLedger("spike-watermark/Velotra", std::to_string(kSurge - kHour)).ok());
  r = SendSpikeAlerts(*env_, mailer);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->sent, 2);
  EXPECT_EQ(mailer.sent[0].to, std::vector<std::string>{"oncall@example.com"});
  EXPECT_EQ(mailer.sent[0].subject, "[veille] Alerte critique\u00A0: pic de mentions négatives \u2014 Velotra");
}

TEST_F(AlertSpikeTest, WebhookPostIsRetriedWithoutMailingTwice) {
  testing::LoopbackHttpServer server;
  ASSERT_TRUE(server.Start());
  testing::ScriptedResponse down;
  down.status = 503;
  testing::ScriptedResponse ok;
  ok.body = "ok";
  server.SetSequence("/services/T0/B0/secret", {down, ok});
  ::setenv("VEILLE_TEST_SPIKE_WEBHOOK", server.Url("/services/T0/B0/secret").c_str(), 1);
  WriteConfig("\n[alerts]\nwebhook_url = \"env:VEILLE_TEST_SPIKE_WEBHOOK\"\nwebhook_format = \"slack\"\n");
  Open();
  Seed(k20261019, kSurge + 3 * kHour);
  AddSurge(kSurge, 60);
  clock_.AdvanceMs(kSurge + 2 * kHour + 60'000 - clock_.NowMs());
  RecordingMailer mailer;
  auto r = SendSpikeAlerts(*env_, mailer);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->failed, 1) << "503 from the webhook";
  EXPECT_EQ(r->webhooks_sent, 0);
  EXPECT_TRUE(mailer.sent.empty()) << "the hour is judged again next run, mail included";

  clock_.AdvanceMs(kHour);
  r = SendSpikeAlerts(*env_, mailer);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->webhooks_sent, 2);
  EXPECT_EQ(r->sent, 2);
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[1].method, "POST");
  EXPECT_EQ(requests[1].Header("Content-Type"), "application/json");
  EXPECT_NE(requests[1].body.find("negative mention surge"), std::string::npos) << requests[1].body;
  EXPECT_NE(requests[1].body.find("<https://www.reddit.com/r/velo/59|"), std::string::npos) << requests[1].body;

  // Nothing twice.
  clock_.AdvanceMs(kHour);
  r = SendSpikeAlerts(*env_, mailer);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(server.request_count(), 3u);
  EXPECT_EQ(mailer.sent.size(), 2u);
  ::unsetenv("VEILLE_TEST_SPIKE_WEBHOOK");
}

TEST_F(AlertSpikeTest, AlertsConfigErrorsNameTheKey) {
  WriteConfig("\n[alerts]\nlang = \"de\"\n");
  auto cfg = LoadConfig((dir_ / "veille.toml").string());
  ASSERT_FALSE(cfg.ok());
  EXPECT_NE(cfg.status().message().find("alerts.lang"), std::string::npos) << cfg.status().ToString();
  WriteConfig("\n[alerts]\nhourly_days = 10\n");
  cfg = LoadConfig((dir_ / "veille.toml").string());
  ASSERT_FALSE(cfg.ok());
  EXPECT_NE(cfg.status().message().find("alerts.hourly_days"), std::string::npos) << cfg.status().ToString();
  WriteConfig("\n[alerts]\nwebhook_url = \"https://hooks.slack.com/services/T/B/X\"\n");
  cfg = LoadConfig((dir_ / "veille.toml").string());
  ASSERT_FALSE(cfg.ok()) << "a webhook URL is a secret: env: or file:, never in the file";
  EXPECT_NE(cfg.status().message().find("alerts.webhook_url"), std::string::npos) << cfg.status().ToString();
  WriteConfig("\n[alerts]\nwarning_zz = 3.0\n");
  cfg = LoadConfig((dir_ / "veille.toml").string());
  ASSERT_FALSE(cfg.ok());
  EXPECT_NE(cfg.status().message().find("warning_zz"), std::string::npos) << cfg.status().ToString();
}

TEST_F(AlertSpikeTest, RollupFoldsOldHoursIntoDaysWithoutChangingSums) {
  WriteConfig();
  Open();
  Seed(k20261019, k20261019 + 3 * kDay);
  auto before = env_->store->ReadTrends("Velotra", k20261019, k20261019 + 3 * kDay);
  ASSERT_TRUE(before.ok());
  auto folded = env_->store->RollupTrends(k20261019 + 2 * kDay + 5 * kHour);
  ASSERT_TRUE(folded.ok()) << folded.status().ToString();
  // Two days of 23 non-midnight hours, "total" everywhere and "label/negative"
  // in the 9 busy hours.
  EXPECT_EQ(*folded, 2 * (23 + 9));
  auto after = env_->store->ReadTrends("Velotra", k20261019, k20261019 + 3 * kDay);
  ASSERT_TRUE(after.ok());
  auto sum = [](const std::vector<TrendPoint>& pts, int64_t from, int64_t to, const std::string& dim) {
    uint64_t n = 0;
    for (const TrendPoint& p : pts) n += p.hour_ms >= from && p.hour_ms < to && p.dimension == dim ? p.value : 0;
    return n;
  };
  for (int d = 0; d < 3; ++d) {
    int64_t from = k20261019 + d * kDay, to = from + kDay;
    EXPECT_EQ(sum(*after, from, to, "total"), sum(*before, from, to, "total")) << "day " << d;
    EXPECT_EQ(sum(*after, from, to, "label/negative"), sum(*before, from, to, "label/negative")) << "day " << d;
  }
  EXPECT_EQ(sum(*after, k20261019, k20261019 + kDay, "total"), 9u * 30 + 15 * 2);
  // Folded days hold their midnight key only; the third day is untouched.
  for (const TrendPoint& p : *after) {
    if (p.hour_ms < k20261019 + 2 * kDay) {
      EXPECT_EQ(p.hour_ms % kDay, 0) << p.hour_ms;
    }
  }
  EXPECT_EQ(sum(*after, k20261019 + 2 * kDay + 10 * kHour, k20261019 + 2 * kDay + 11 * kHour, "total"), 30u);
  auto again = env_->store->RollupTrends(k20261019 + 2 * kDay + 5 * kHour);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
  auto first = env_->store->FirstTrendHour("Velotra");
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->value_or(-1), k20261019);
  auto none = env_->store->FirstTrendHour("Nobody");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
}

TEST_F(AlertSpikeTest, BacktestThroughTheBinary) {
  WriteConfig();
  Open();
  Seed(k20261019, k20261019 + 4 * kWeek);
  AddSurge(kSurge, 60);
  env_.reset();  // release the database: the binary opens it read-only anyway
  std::string out_path = (dir_ / "out").string(), err_path = (dir_ / "err").string();
  std::string cmd = std::string(VEILLE_BINARY) + " -c " + (dir_ / "veille.toml").string() +
                    " alert --backtest 2026-10-26 2026-11-16 >" + out_path + " 2>" + err_path;
  int status = std::system(cmd.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << Slurp(err_path);
  std::string out = Slurp(out_path);
  EXPECT_NE(out.find("2026-11-11T14:00Z brand=Velotra kind=negative-surge severity=critical observed=65 "
                     "expected=5.0"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("2026-11-11T14:00Z brand=Velotra kind=total-surge"), std::string::npos) << out;
  EXPECT_NE(out.find("Velotra: 2 alerts (1 critical) over 504 hours, 168 hours in warm-up"), std::string::npos)
      << out;
  EXPECT_TRUE(!fs::exists(dir_ / "var" / "mail") || fs::is_empty(dir_ / "var" / "mail")) << "nothing sent";

  cmd = std::string(VEILLE_BINARY) + " -c " + (dir_ / "veille.toml").string() + " alert --backtest 2026-11-16 nope >" +
        out_path + " 2>" + err_path;
  status = std::system(cmd.c_str());
  EXPECT_EQ(WEXITSTATUS(status), 2);
  EXPECT_NE(Slurp(err_path).find("nope"), std::string::npos);
}

}  // namespace
}  // namespace veille
