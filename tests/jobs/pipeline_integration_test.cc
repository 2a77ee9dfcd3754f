// Integration: the real `veille` binary, as cron runs it, on the embedded
// Kafka cluster, a real RocksDB in a temp dir, file:// feeds, the JSON-lines
// ticket sink and the .eml spool.
#include <gtest/gtest.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "storage/kafka.h"
#include "storage/store.h"
#include "tests/support/slurp.h"

namespace veille {
namespace {

using testutil::RunResult;
using testutil::Slurp;

namespace fs = std::filesystem;

size_t CountLines(const fs::path& p) {
  std::string s = Slurp(p);
  return static_cast<size_t>(std::count(s.begin(), s.end(), '\n'));
}

size_t CountFiles(const fs::path& dir, const std::string& ext) {
  size_t n = 0;
  if (!fs::exists(dir)) return 0;
  for (const auto& e : fs::directory_iterator(dir)) n += e.path().extension() == ext ? 1 : 0;
  return n;
}

class PipelineIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("veille-pipeline-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "feeds");
    for (const char* f : {"google-alerts-velotra.xml", "google-news-velotra.xml", "bing-news-velotra.xml"}) {
      fs::copy_file(fs::path(VEILLE_SOURCE_DIR) / "examples/feeds" / f, dir_ / "feeds" / f);
    }
  }
  void TearDown() override {
    if (!HasFailure()) fs::remove_all(dir_);
  }

  std::string Config(const std::string& extra_sources = "") {
    std::string text = R"(
[veille]
data_dir = "var"
lookback_hours = 87600

[[brands]]
name = "Velotra"
query = 'velotra OR "velotra city"'
languages = ["fr", "en"]
competitors = ["Cyclix"]

[[brands]]
name = "Cyclix"
query = "cyclix"
competitor = true

[[sources]]
name = "alerts"
type = "rss"
url = "file:feeds/google-alerts-velotra.xml"

[[sources]]
name = "news"
type = "rss"
url = "file:feeds/google-news-velotra.xml"

[[sources]]
name = "bing"
type = "rss"
url = "file:feeds/bing-news-velotra.xml"
)" + extra_sources + R"(
[tickets]
max_score = 0.0         # every negative mention becomes a ticket,
only_complaints = false # negative press included

[email]
to = ["marketing@velotra.example"]
lang = "fr"
)";
    std::string path = (dir_ / "veille.toml").string();
    std::ofstream(path) << text;
    return path;
  }

  RunResult Veille(const std::string& args, const std::string& env = "") {
    RunResult r;
    fs::path out = dir_ / "stdout.txt", err = dir_ / "stderr.txt";
    std::string cmd = (env.empty() ? "" : "env " + env + " ") + std::string(VEILLE_BINARY) + " " + args + " >" + out.string() + " 2>" + err.string() + " </dev/null";
    int status = std::system(cmd.c_str());
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = Slurp(out);
    r.err = Slurp(err);
    return r;
  }

  // Sum of every trend counter of `brand`, read from the store.
  uint64_t TrendTotal(const std::string& brand, const std::string& dimension) {
    StoreOptions o;
    o.read_only = true;
    auto store = Store::Open((dir_ / "var/state").string(), o);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    if (!store.ok()) return 0;
    uint64_t sum = 0;
    for (const TrendPoint& p : (*store)->ReadTrends(brand, 0, INT64_MAX).value()) {
      if (p.dimension == dimension) sum += p.value;
    }
    return sum;
  }

  // The stored mentions' source lists, sorted, one per mention.
  std::vector<std::vector<std::string>> StoredSources() {
    StoreOptions o;
    o.read_only = true;
    auto store = Store::Open((dir_ / "var/state").string(), o);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    std::vector<std::vector<std::string>> out;
    if (!store.ok()) return out;
    auto mentions = (*store)->ReadMentions(0, INT64_MAX);
    EXPECT_TRUE(mentions.ok()) << mentions.status().ToString();
    if (!mentions.ok()) return out;
    for (const ScoredMention& m : *mentions) {
      std::vector<std::string> seen = m.mention.seen_in;
      std::sort(seen.begin(), seen.end());
      out.push_back(seen);
    }
    return out;
  }

  fs::path dir_;
};

TEST_F(PipelineIntegrationTest, RunTwiceCreatesNothingTwice) {
  std::string cfg = Config();
  RunResult first = Veille("--config " + cfg + " run");
  ASSERT_EQ(first.code, 0) << first.out << first.err;
  EXPECT_NE(first.out.find("veille run:"), std::string::npos) << first.out;
  // `veille run` judges spikes too; two hours of sample data is a warm-up.
  EXPECT_NE(first.out.find("spike alerts: 0 sent (0 held by cooldown, 1 brands warming up, 0 failed)"),
            std::string::npos)
      << first.out;

  fs::path tickets = dir_ / "var/tickets.jsonl";
  fs::path mail = dir_ / "var/mail";
  size_t ticket_count = CountLines(tickets);
  size_t mail_count = CountFiles(mail, ".eml");
  uint64_t total = TrendTotal("Velotra", "total");
  uint64_t negative = TrendTotal("Velotra", "label/negative");
  // The sample feeds hold 8 Velotra items, one article twice (Google Alerts
  // and Bing, same canonical URL once redirects, tracking and fragment are
  // gone): 7 mentions, complaints among them.
  EXPECT_EQ(total, 7u);
  EXPECT_GE(negative, 2u);
  EXPECT_GE(ticket_count, 2u);
  EXPECT_EQ(mail_count, 1u);
  EXPECT_GE(TrendTotal("Cyclix", "total"), 2u);
  // The article carried by Google Alerts and Bing is one stored mention that
  // remembers both sources.
  std::vector<std::vector<std::string>> sources = StoredSources();
  EXPECT_EQ(std::count(sources.begin(), sources.end(), std::vector<std::string>{"alerts", "bing"}), 1)
      << "every stored mention's sources: " << ::testing::PrintToString(sources);

  RunResult second = Veille("--config " + cfg + " run");
  ASSERT_EQ(second.code, 0) << second.out << second.err;
  EXPECT_EQ(CountLines(tickets), ticket_count) << "a rerun must not open a second ticket";
  EXPECT_EQ(CountFiles(mail, ".eml"), mail_count) << "a rerun must not send a second digest";
  EXPECT_EQ(TrendTotal("Velotra", "total"), total) << "a rerun must not count twice";
  EXPECT_EQ(TrendTotal("Velotra", "label/negative"), negative);

  RunResult status = Veille("--config " + cfg + " status --json");
  ASSERT_EQ(status.code, 0) << status.err;
  EXPECT_NE(status.out.find("\"delivered\": " + std::to_string(ticket_count)), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("\"alerts\""), std::string::npos) << "cursors are listed: " << status.out;
}

// Out of the box, negative press is not a ticket: only customers with a
// problem the service team can act on are.
TEST_F(PipelineIntegrationTest, DefaultRulesTicketComplaintsNotNegativePress) {
  std::string cfg_path = Config();
  std::string text = Slurp(cfg_path);
  const std::string every = "max_score = 0.0         # every negative mention becomes a ticket,\n"
                            "only_complaints = false # negative press included\n";
  ASSERT_NE(text.find(every), std::string::npos);
  text.erase(text.find(every), every.size());
  std::ofstream(cfg_path) << text;
  RunResult r = Veille("--config " + cfg_path + " run");
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  std::string tickets = Slurp(dir_ / "var/tickets.jsonl");
  size_t n = static_cast<size_t>(std::count(tickets.begin(), tickets.end(), '\n'));
  EXPECT_GE(n, 1u) << "the sample feeds hold customers with a refund or a dead battery";
  EXPECT_LT(n, TrendTotal("Velotra", "label/negative")) << "negative press became tickets:\n" << tickets;
  EXPECT_EQ(tickets.find("une arnaque"), std::string::npos) << tickets;
}

// The tickets are French (tickets.lang's default), and so are the reasons
// they quote: the score stage writes them in the tickets' language.
TEST_F(PipelineIntegrationTest, FrenchTicketsQuoteFrenchReasons) {
  RunResult r = Veille("--config " + Config() + " run");
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  std::string tickets = Slurp(dir_ / "var/tickets.jsonl");
  ASSERT_FALSE(tickets.empty());
  EXPECT_NE(tickets.find("langue fr ("), std::string::npos) << tickets;
  EXPECT_NE(tickets.find("sujet de service ("), std::string::npos) << tickets;
  for (const char* english : {"lang fr (", "lang en (", "service topic", "negated by", "boosted by", "customer voice"}) {
    EXPECT_EQ(tickets.find(english), std::string::npos) << english << " in\n" << tickets;
  }
}

// Killed at each crash point (like kill -9: no flush, no close), then run
// again: the end state is exactly the one of an uninterrupted run.
class CrashRecoveryIntegrationTest : public PipelineIntegrationTest,
                                     public ::testing::WithParamInterface<const char*> {};

TEST_P(CrashRecoveryIntegrationTest, KilledRunThenRerunEqualsOneCleanRun) {
  std::string cfg = Config();
  RunResult crashed = Veille("--config " + cfg + " run", std::string("VEILLE_CRASH_AT=") + GetParam());
  ASSERT_EQ(crashed.code, 86) << "the crash point was not reached\n" << crashed.out << crashed.err;
  RunResult rerun = Veille("--config " + cfg + " run");
  ASSERT_EQ(rerun.code, 0) << rerun.out << rerun.err;
  RunResult again = Veille("--config " + cfg + " run");
  ASSERT_EQ(again.code, 0) << again.out << again.err;

  EXPECT_EQ(TrendTotal("Velotra", "total"), 7u) << "no mention lost, none counted twice";
  EXPECT_EQ(TrendTotal("Cyclix", "total"), 2u);
  // Every negative Velotra mention has exactly one ticket.
  std::string tickets = Slurp(dir_ / "var/tickets.jsonl");
  EXPECT_EQ(static_cast<uint64_t>(std::count(tickets.begin(), tickets.end(), '\n')),
            TrendTotal("Velotra", "label/negative"))
      << tickets;
  EXPECT_EQ(CountFiles(dir_ / "var/mail", ".eml"), 1u);
}

INSTANTIATE_TEST_SUITE_P(EveryCrashPoint, CrashRecoveryIntegrationTest,
                         ::testing::Values("collect.after_produce", "score.after_produce", "score.after_commit",
                                           "run.before_cursors", "ticket.before_create", "ticket.after_create",
                                           "alert.after_send"),
                         [](const auto& info) {
                           std::string n = info.param;
                           std::replace(n.begin(), n.end(), '.', '_');
                           return n;
                         });

TEST_F(PipelineIntegrationTest, BadSourcesAreNamedAndTheOthersStillRun) {
  std::ofstream(dir_ / "feeds/not-xml.xml") << "<html><body>this is not a feed";
  std::string alerts = Slurp(dir_ / "feeds/google-alerts-velotra.xml");
  std::ofstream(dir_ / "feeds/truncated.xml") << alerts.substr(0, alerts.size() / 3);
  std::string cfg = Config(R"(
[[sources]]
name = "broken-html"
type = "rss"
url = "file:feeds/not-xml.xml"

[[sources]]
name = "cut-off"
type = "rss"
url = "file:feeds/truncated.xml"

[[sources]]
name = "nobody-home"
type = "rss"
url = "http://127.0.0.1:1/feed.xml"
)");
  RunResult r = Veille("--config " + cfg + " run");
  EXPECT_EQ(r.code, 1) << "a failed source makes the run fail (safe to rerun)\n" << r.out << r.err;
  for (const char* name : {"broken-html", "cut-off", "nobody-home"}) {
    EXPECT_NE(r.err.find("event=source.failed source=" + std::string(name)), std::string::npos) << name << "\n" << r.err;
  }
  EXPECT_NE(r.out.find("(3 failed)"), std::string::npos) << r.out;
  // The good sources went all the way through.
  EXPECT_EQ(TrendTotal("Velotra", "total"), 7u);
  EXPECT_GE(CountLines(dir_ / "var/tickets.jsonl"), 2u);
}

TEST_F(PipelineIntegrationTest, LanguageFilterUsesTheIdentifiedLanguage) {
  // A feed that names no language: Velotra wants fr and en, so the German
  // article is left out once identified, the French one is kept.
  std::ofstream(dir_ / "feeds/mixed.xml")
      << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>t</title>"
         "<link>https://blog.example/</link><description>d</description>\n"
         "<item><title>Velotra: das neue Fahrrad ist nicht gut</title><link>https://blog.example/de</link>"
         "<description>Ich habe das Fahrrad von Velotra gekauft und es ist leider nicht so gut, wie ich dachte. "
         "Die Bremsen sind schlecht und der Akku ist schwach.</description>"
         "<pubDate>Sun, 22 Nov 2026 08:00:00 GMT</pubDate></item>\n"
         "<item><title>Velotra : le nouveau vélo est une réussite</title><link>https://blog.example/fr</link>"
         "<description>J'ai acheté le vélo de Velotra et il est vraiment très bien, je le recommande à tous les "
         "cyclistes de la ville.</description><pubDate>Sun, 22 Nov 2026 09:00:00 GMT</pubDate></item>\n"
         "</channel></rss>\n";
  std::string cfg = Config("[[sources]]\nname = \"mixed\"\ntype = \"rss\"\nurl = \"file:feeds/mixed.xml\"\n");
  RunResult r = Veille("--config " + cfg + " --log-level debug run");
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.err.find("event=score.filtered_lang id=https://blog.example/de lang=de"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("event=score.filtered_lang id=https://blog.example/fr"), std::string::npos) << r.err;
  EXPECT_EQ(TrendTotal("Velotra", "total"), 8u) << "the 7 sample mentions and the French article";
}

TEST_F(PipelineIntegrationTest, ConfigTypoExitsTwoNamingLineAndKey) {
  std::string cfg = Config("[[sources]]\nname = \"typo\"\ntype = \"rss\"\nurl = \"file:x\"\ntimeout_secnds = 3\n");
  RunResult r = Veille("--config " + cfg + " run");
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find("timeout_secnds: unknown key"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "var/state")) << "a bad config must not touch the state";
  RunResult check = Veille("--config " + cfg + " config check");
  EXPECT_EQ(check.code, 2);
  EXPECT_NE(check.err.find("veille.toml:"), std::string::npos) << check.err;
}

TEST_F(PipelineIntegrationTest, ConfigCheckResolvesSecretsWithoutPrintingThem) {
  std::ofstream(dir_ / "imap-password") << "hunter2-imap\n";
  std::string cfg = Config(R"(
[[sources]]
name = "mail"
type = "imap"
url = "imap://127.0.0.1:1/INBOX"
username = "alerts"
password = "file:)" + (dir_ / "imap-password").string() + R"("

[[sources]]
name = "toots"
type = "mastodon"
instance = "https://mastodon.example"
query = "velotra"
access_token = "env:VEILLE_TEST_SURELY_UNSET_TOKEN"
)");
  RunResult check = Veille("--config " + cfg + " config check");
  EXPECT_EQ(check.code, 2) << check.out << check.err;
  EXPECT_NE(check.err.find("sources[4].access_token: environment variable VEILLE_TEST_SURELY_UNSET_TOKEN is not set"),
            std::string::npos)
      << check.err;
  EXPECT_NE(check.out.find("secrets: 2 referenced, 1 resolved"), std::string::npos) << check.out;
  EXPECT_EQ((check.out + check.err).find("hunter2"), std::string::npos) << "a secret's value is never printed";

  RunResult set = Veille("--config " + cfg + " config check", "VEILLE_TEST_SURELY_UNSET_TOKEN=tok-123");
  EXPECT_EQ(set.code, 0) << set.out << set.err;
  EXPECT_NE(set.out.find("secrets: 2 referenced, 2 resolved"), std::string::npos) << set.out;
  EXPECT_EQ((set.out + set.err).find("tok-123"), std::string::npos);

  RunResult skipped = Veille("--config " + cfg + " config check --no-secrets");
  EXPECT_EQ(skipped.code, 0) << skipped.err;
}

TEST_F(PipelineIntegrationTest, HeldLockExitsSeventyFiveWithoutDoingAnything) {
  std::string cfg = Config();
  fs::create_directories(dir_ / "var/locks");
  int fd = ::open((dir_ / "var/locks/run.lock").c_str(), O_RDWR | O_CREAT, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
  RunResult r = Veille("--config " + cfg + " run");
  ::close(fd);
  EXPECT_EQ(r.code, 75) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "var/tickets.jsonl"));
}

TEST_F(PipelineIntegrationTest, SplitStagesRefuseTheEmbeddedCluster) {
  std::string cfg = Config();
  RunResult r = Veille("--config " + cfg + " collect");
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find("veille run"), std::string::npos) << r.err;
}

// With `kafka.brokers` set, the four stages run as separate cron jobs against
// that cluster, and nothing else changes. The cluster here is librdkafka's
// mock cluster started by the test process: to the `veille` processes it is
// a broker on 127.0.0.1 like any other, reached over the Kafka protocol.
TEST_F(PipelineIntegrationTest, SplitStagesAgainstAnExternalClusterEqualOneRun) {
  // The operator made the topics (the mock cluster does not implement
  // CreateTopics); veille finds them and creates nothing.
  auto cluster = EmbeddedKafka::Start({"veille.mentions.raw", "veille.mentions.scored"}, 2);
  ASSERT_TRUE(cluster.ok()) << cluster.status().ToString();
  std::string cfg = Config("\n[kafka]\nbrokers = \"" + (*cluster)->bootstrap_servers() + "\"\n");

  // Collect twice before scoring: the second fetch finds nothing new or the
  // same items again, and dedup keeps the counts exact either way.
  for (const char* stage : {"collect", "collect", "score", "ticket", "alert"}) {
    RunResult r = Veille("--config " + cfg + " " + stage);
    ASSERT_EQ(r.code, 0) << stage << "\n" << r.out << r.err;
  }
  EXPECT_EQ(TrendTotal("Velotra", "total"), 7u);
  EXPECT_EQ(TrendTotal("Cyclix", "total"), 2u);
  uint64_t negative = TrendTotal("Velotra", "label/negative");
  EXPECT_GE(negative, 2u);
  EXPECT_EQ(CountLines(dir_ / "var/tickets.jsonl"), negative);
  EXPECT_EQ(CountFiles(dir_ / "var/mail", ".eml"), 1u);

  // Cron fires every stage again: nothing new, nothing twice.
  for (const char* stage : {"collect", "score", "ticket", "alert"}) {
    RunResult r = Veille("--config " + cfg + " " + stage);
    ASSERT_EQ(r.code, 0) << stage << "\n" << r.out << r.err;
  }
  EXPECT_EQ(TrendTotal("Velotra", "total"), 7u);
  EXPECT_EQ(CountLines(dir_ / "var/tickets.jsonl"), negative);
  EXPECT_EQ(CountFiles(dir_ / "var/mail", ".eml"), 1u);

  RunResult status = Veille("--config " + cfg + " status");
  ASSERT_EQ(status.code, 0) << status.err;
  EXPECT_NE(status.out.find((*cluster)->bootstrap_servers()), std::string::npos) << status.out;
}

TEST_F(PipelineIntegrationTest, UsageErrorsExitTwo) {
  EXPECT_EQ(Veille("no-such-command").code, 2);
  EXPECT_EQ(Veille("run --no-such-flag").code, 2);
  EXPECT_EQ(Veille("--help").code, 0);
}

}  // namespace
}  // namespace veille
