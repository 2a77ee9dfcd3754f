// Tickets end to end: the real `veille` binary, as cron runs it, delivering
// to a fake Zendesk on loopback (started by this test) that keeps the
// tickets it made and answers GET /api/v2/tickets.json?external_id= like the
// real one. Checks that a process killed between "ticket created" and
// "created recorded" opens no second ticket when run again, and that a
// ticket the helpdesk refuses is parked as failed with the helpdesk's answer
// (visible in `veille status`) until `veille ticket --retry-failed`.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>

#include "tests/support/loopback_http_server.h"
#include "tests/support/slurp.h"

namespace veille {
namespace {

using testutil::RunResult;
using testutil::Slurp;

namespace fs = std::filesystem;
using testing::LoopbackHttpServer;
using testing::RecordedRequest;
using testing::ScriptedResponse;

std::string Between(const std::string& s, const std::string& start, char end) {
  size_t a = s.find(start);
  if (a == std::string::npos) return "";
  a += start.size();
  return s.substr(a, s.find(end, a) - a);
}

// A minimal stateful Zendesk: POST creates (unless told to refuse), GET
// with external_id finds. Checks the API token auth on every request.
class FakeZendesk {
 public:
  FakeZendesk() {
    EXPECT_TRUE(server_.Start());
    server_.SetHandler("/api/v2/tickets.json", [this](const RecordedRequest& r) { return Handle(r); });
    // Notes: Update Ticket (PUT) and List Comments, for the first tickets.
    for (int id = 501; id < 540; ++id) {
      std::string base = "/api/v2/tickets/" + std::to_string(id);
      server_.SetHandler(base + ".json", [this, id](const RecordedRequest& r) { return Note(r, id); });
      server_.SetHandler(base + "/comments.json", [this, id](const RecordedRequest& r) { return Note(r, id); });
    }
  }
  int note_puts() const {
    std::lock_guard<std::mutex> lock(mu_);
    return note_puts_;
  }
  // note external id -> how many times it was added
  std::map<std::string, int> notes() const {
    std::lock_guard<std::mutex> lock(mu_);
    return notes_;
  }
  std::string url() const { return server_.Url(""); }
  void Refuse(bool refuse) {
    std::lock_guard<std::mutex> lock(mu_);
    refuse_ = refuse;
  }
  int posts() const {
    std::lock_guard<std::mutex> lock(mu_);
    return posts_;
  }
  // external_id -> how many tickets carry it
  std::map<std::string, int> tickets() const {
    std::lock_guard<std::mutex> lock(mu_);
    return tickets_;
  }
  std::string body(const std::string& external_id) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = bodies_.find(external_id);
    return it == bodies_.end() ? "" : it->second;
  }
  std::string errors() const {
    std::lock_guard<std::mutex> lock(mu_);
    return errors_;
  }

 private:
  ScriptedResponse Note(const RecordedRequest& r, int id) {
    std::lock_guard<std::mutex> lock(mu_);
    ScriptedResponse resp;
    resp.headers = {{"Content-Type", "application/json"}};
    resp.status = 200;
    if (r.method == "GET") {
      resp.body = "{\"comments\":[";
      for (size_t i = 0; i < on_ticket_[id].size(); ++i) {
        resp.body += (i ? "," : "") + std::string("{\"id\":") + std::to_string(i) + ",\"body\":\"… " +
                     on_ticket_[id][i] + "\",\"public\":false}";
      }
      resp.body += "]}";
      return resp;
    }
    ++note_puts_;
    if (r.method != "PUT") errors_ += "note with " + r.method + "\n";
    size_t at = r.body.find("veille-note-");
    std::string marker = at == std::string::npos ? "" : r.body.substr(at, 28);
    if (marker.size() != 28) errors_ += "note without its external id\n";
    ++notes_[marker];
    on_ticket_[id].push_back(marker);
    resp.body = "{\"ticket\":{\"id\":" + std::to_string(id) + "}}";
    return resp;
  }

  ScriptedResponse Handle(const RecordedRequest& r) {
    std::lock_guard<std::mutex> lock(mu_);
    ScriptedResponse resp;
    resp.headers = {{"Content-Type", "application/json"}};
    // base64("agent@velotra.example/token:zd-integration-token")
    if (r.Header("Authorization") != "Basic YWdlbnRAdmVsb3RyYS5leGFtcGxlL3Rva2VuOnpkLWludGVncmF0aW9uLXRva2Vu") {
      errors_ += "bad Authorization: " + r.Header("Authorization") + "\n";
      resp.status = 401;
      resp.body = "{\"error\":\"Couldn't authenticate you\"}";
      return resp;
    }
    if (r.method == "GET") {
      std::string id = Between(r.target + "&", "external_id=", '&');
      int64_t found = ids_.count(id) ? ids_[id] : 0;
      resp.status = 200;
      resp.body = found ? "{\"tickets\":[{\"id\":" + std::to_string(found) + "}],\"count\":1}"
                        : "{\"tickets\":[],\"count\":0}";
      return resp;
    }
    ++posts_;
    std::string external = Between(r.body, "\"external_id\":\"", '"');
    if (external.empty()) errors_ += "POST without external_id\n";
    if (refuse_) {
      resp.status = 422;
      resp.body = "{\"error\":\"RecordInvalid\",\"description\":\"Record validation errors\"}";
      return resp;
    }
    int64_t id = next_id_++;
    ++tickets_[external];
    bodies_[external] = r.body;
    ids_[external] = id;
    resp.status = 201;
    resp.body = "{\"ticket\":{\"id\":" + std::to_string(id) + "}}";
    return resp;
  }

  LoopbackHttpServer server_;
  mutable std::mutex mu_;
  bool refuse_ = false;
  int posts_ = 0;
  int64_t next_id_ = 501;
  std::map<std::string, int> tickets_;
  std::map<std::string, int64_t> ids_;
  std::map<std::string, std::string> bodies_;
  int note_puts_ = 0;
  std::map<std::string, int> notes_;
  std::map<int, std::vector<std::string>> on_ticket_;
  std::string errors_;
};

class TicketIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("veille-tickets-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "feeds");
    for (const char* f : {"google-alerts-velotra.xml", "google-news-velotra.xml", "bing-news-velotra.xml"}) {
      fs::copy_file(fs::path(VEILLE_SOURCE_DIR) / "examples/feeds" / f, dir_ / "feeds" / f);
    }
    WriteConfig("");
  }

  // The config: the sample feeds, the fake Zendesk, plus `extra` in
  // [tickets] (or replacing the sink when it sets one) and `sources`.
  void WriteConfig(const std::string& extra, const std::string& sources = "", bool zendesk = true) {
    std::string sink = zendesk ? R"(sink = "zendesk"
url = ")" + desk_.url() + R"("
email = "agent@velotra.example"
api_token = "env:VEILLE_TEST_ZENDESK_TOKEN"
)"
                               : std::string();
    std::ofstream(dir_ / "veille.toml") << R"(
[veille]
data_dir = "var"
lookback_hours = 87600

[[brands]]
name = "Velotra"
query = 'velotra OR "velotra city"'

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

[[sources]]
name = "extra"
type = "rss"
url = "file:feeds/extra.xml"
)" + sources + R"(
[tickets]
)" + sink + R"(max_score = 0.0
only_complaints = false
retries_per_run = 0
)" + extra + R"(
[email]
digest = "off"
to = ["marketing@velotra.example"]
)";
    if (!fs::exists(dir_ / "feeds/extra.xml")) WriteFeed("extra.xml", "");
  }

  void WriteFeed(const std::string& name, const std::string& items) {
    std::ofstream(dir_ / "feeds" / name) << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>t</title>"
        "<link>https://forum.example/</link><description>d</description>\n" << items << "</channel></rss>\n";
  }
  void TearDown() override {
    EXPECT_EQ(desk_.errors(), "");
    if (!HasFailure()) fs::remove_all(dir_);
  }

  RunResult Veille(const std::string& args, const std::string& env = "") {
    RunResult r;
    fs::path out = dir_ / "stdout.txt", err = dir_ / "stderr.txt";
    std::string cmd = "env VEILLE_TEST_ZENDESK_TOKEN=zd-integration-token " + env + " " +
                      std::string(VEILLE_BINARY) + " --config " + (dir_ / "veille.toml").string() + " " + args +
                      " >" + out.string() + " 2>" + err.string() + " </dev/null";
    int status = std::system(cmd.c_str());
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    r.out = Slurp(out);
    r.err = Slurp(err);
    return r;
  }

  FakeZendesk desk_;
  fs::path dir_;
};

TEST_F(TicketIntegrationTest, CrashBetweenCreatedAndRecordedOpensNoSecondTicket) {
  RunResult crashed = Veille("run", "VEILLE_CRASH_AT=ticket.after_create");
  ASSERT_EQ(crashed.code, 86) << "the crash point was not reached\n" << crashed.out << crashed.err;
  ASSERT_EQ(desk_.posts(), 1) << "the helpdesk made the first ticket, veille never recorded it";

  RunResult rerun = Veille("run");
  ASSERT_EQ(rerun.code, 0) << rerun.out << rerun.err;
  EXPECT_NE(rerun.err.find("event=ticket.found_existing"), std::string::npos) << rerun.err;
  auto tickets = desk_.tickets();
  ASSERT_GE(tickets.size(), 2u) << "the sample feeds hold several negative Velotra mentions";
  for (const auto& [external, n] : tickets) EXPECT_EQ(n, 1) << external << " was opened " << n << " times";
  EXPECT_EQ(desk_.posts(), static_cast<int>(tickets.size())) << "the crashed one was looked up, not re-posted";

  RunResult again = Veille("run");
  ASSERT_EQ(again.code, 0) << again.out << again.err;
  EXPECT_EQ(desk_.posts(), static_cast<int>(tickets.size())) << "a third run opens nothing";

  RunResult status = Veille("status --json");
  ASSERT_EQ(status.code, 0) << status.err;
  EXPECT_NE(status.out.find("\"delivered\": " + std::to_string(tickets.size())), std::string::npos) << status.out;
  EXPECT_EQ(status.out.find("zd-integration-token"), std::string::npos);
}

TEST_F(TicketIntegrationTest, RefusedTicketsAreParkedWithTheAnswerUntilRetryFailed) {
  desk_.Refuse(true);
  RunResult refused = Veille("run");
  EXPECT_EQ(refused.code, 1) << "failed tickets make the run fail\n" << refused.out << refused.err;
  int refused_posts = desk_.posts();
  ASSERT_GE(refused_posts, 2);
  EXPECT_TRUE(desk_.tickets().empty());

  RunResult status = Veille("status");
  ASSERT_EQ(status.code, 0) << status.err;
  EXPECT_NE(status.out.find(std::to_string(refused_posts) + " failed"), std::string::npos) << status.out;
  EXPECT_NE(status.out.find("HTTP 422: {\"error\":\"RecordInvalid\""), std::string::npos) << status.out;

  // Parked: a plain rerun does not hammer the helpdesk with the same refusal.
  RunResult plain = Veille("ticket");
  EXPECT_EQ(plain.code, 0) << plain.out << plain.err;
  EXPECT_EQ(desk_.posts(), refused_posts);

  desk_.Refuse(false);  // the helpdesk admin fixed the form
  RunResult retried = Veille("ticket --retry-failed");
  ASSERT_EQ(retried.code, 0) << retried.out << retried.err;
  auto tickets = desk_.tickets();
  EXPECT_EQ(static_cast<int>(tickets.size()), refused_posts);
  for (const auto& [external, n] : tickets) EXPECT_EQ(n, 1) << external;

  RunResult after = Veille("status --json");
  EXPECT_NE(after.out.find("\"failed_tickets\": []"), std::string::npos) << after.out;
}

int64_t JsonInt(const std::string& json, const std::string& key) {
  std::string v = Between(json, "\"" + key + "\": ", ',');
  v = v.substr(0, v.find_first_of("\n}"));
  return v.empty() ? -1 : std::stoll(v);
}

TEST_F(TicketIntegrationTest, HourlyCapHoldsTheRestBackInOneAggregatedTicket) {
  WriteConfig("hourly_cap = 1\n");
  RunResult r = Veille("run");
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  auto tickets = desk_.tickets();
  ASSERT_EQ(tickets.size(), 2u) << "one individual ticket, one aggregated";
  std::string aggregate;
  for (const auto& [external, n] : tickets) {
    EXPECT_EQ(n, 1);
    if (external.rfind("veille-agg-", 0) == 0) aggregate = external;
  }
  ASSERT_FALSE(aggregate.empty());
  EXPECT_NE(desk_.body(aggregate).find("plafond horaire de tickets atteint"), std::string::npos) << "tickets in French by default";
  EXPECT_NE(r.err.find("event=ticket.hourly_cap brand=Velotra"), std::string::npos) << r.err;

  RunResult status = Veille("status --json");
  ASSERT_EQ(status.code, 0) << status.err;
  int64_t held = JsonInt(status.out, "Velotra");
  EXPECT_GE(held, 1) << status.out;
  EXPECT_EQ(JsonInt(status.out, "delivered"), held + 1) << status.out;
  EXPECT_NE(r.out.find("tickets: 1 delivered to zendesk"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("; " + std::to_string(held) + " mentions held back in 1 aggregated"), std::string::npos) << r.out;
  RunResult text = Veille("status");
  EXPECT_NE(text.out.find("held back for Velotra (hourly cap or storm, in aggregated tickets): " +
                          std::to_string(held)),
            std::string::npos)
      << text.out;

  RunResult again = Veille("run");
  ASSERT_EQ(again.code, 0) << again.out << again.err;
  EXPECT_EQ(desk_.posts(), 2) << "nothing is sent twice";
}

TEST_F(TicketIntegrationTest, AggregatedTicketCreatedButNotRecordedIsFoundNotReopened) {
  WriteConfig("hourly_cap = 1\n");
  RunResult crashed = Veille("run", "VEILLE_CRASH_AT=ticket.after_aggregate");
  ASSERT_EQ(crashed.code, 86) << crashed.out << crashed.err;
  ASSERT_EQ(desk_.posts(), 2) << "the individual ticket and the aggregated one were made";

  RunResult rerun = Veille("run");
  ASSERT_EQ(rerun.code, 0) << rerun.out << rerun.err;
  EXPECT_EQ(desk_.posts(), 2) << "the held mentions neither reopen an aggregate nor go out one by one\n" << rerun.err;
  EXPECT_EQ(desk_.tickets().size(), 2u);
  RunResult status = Veille("status --json");
  int64_t held = JsonInt(status.out, "Velotra");
  EXPECT_GE(held, 1) << status.out;
  EXPECT_EQ(JsonInt(status.out, "delivered"), held + 1) << status.out;
  EXPECT_EQ(JsonInt(status.out, "pending"), 0) << status.out;
}

TEST_F(TicketIntegrationTest, StormBecomesOneUrgentTicket) {
  // The sample feeds hold one mention about customer service ("service
  // client injoignable") and three about other topics (a refund, a battery,
  // a delivery); a forum post adds a second about customer service. More
  // than one about a topic is a storm: one aggregated ticket for those two,
  // one ticket each for the others.
  WriteFeed("extra.xml", R"(<item><title>Velotra injoignable</title><link>https://forum.example/t/1</link>
<guid>forum-1</guid><pubDate>Sun, 22 Nov 2026 08:00:00 GMT</pubDate><dc:creator>Client 1</dc:creator>
<description>J'appelle le service client Velotra depuis une semaine, personne ne répond, c'est honteux.</description></item>
)");
  WriteConfig("storm_threshold = 1\nlang = \"en\"\n");
  RunResult r = Veille("run");
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  auto tickets = desk_.tickets();
  ASSERT_EQ(tickets.size(), 4u) << r.err;
  std::string external;
  for (const auto& [id, n] : tickets) {
    if (id.rfind("veille-agg-", 0) == 0) {
      EXPECT_TRUE(external.empty()) << "one aggregated ticket only";
      external = id;
    }
  }
  ASSERT_FALSE(external.empty());
  std::string body = desk_.body(external);
  EXPECT_NE(body.find("\"priority\":\"urgent\""), std::string::npos) << body;
  EXPECT_NE(body.find("storm of negative mentions (customer service)"), std::string::npos) << body;
  EXPECT_NE(r.err.find("level=error event=ticket.storm brand=Velotra topic=support mentions=2"), std::string::npos)
      << r.err;
  // ... and an alert to the [email] recipients, once.
  std::vector<fs::path> mails;
  for (const auto& f : fs::directory_iterator(dir_ / "var/mail")) mails.push_back(f.path());
  ASSERT_EQ(mails.size(), 1u);
  std::string mail = Slurp(mails[0]);
  EXPECT_NE(mail.find("To: marketing@velotra.example"), std::string::npos) << mail;
  // [email] lang = "fr": base64 of "[veille] Alerte Velotra : vague d" (RFC 2047).
  EXPECT_NE(mail.find("Subject: =?UTF-8?B?W3ZlaWxsZV0gQWxlcnRlIFZlbG90cmEgOiB2YWd1ZSBk"), std::string::npos) << mail;
  RunResult again = Veille("run");
  ASSERT_EQ(again.code, 0);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_ / "var/mail"), fs::directory_iterator()), 1);
  EXPECT_EQ(desk_.posts(), 4) << "nothing is sent twice";
}

TEST_F(TicketIntegrationTest, StormAboutOneTopicSparesTheOtherCustomers) {
  // Five customers without their delivery, one billed twice: the delivery
  // storm becomes one ticket, the billing customer still gets their own.
  const char* item = R"(<item><title>Velotra client %d</title><link>https://forum.example/t/%d</link>
<guid>forum-%d</guid><pubDate>Sun, 22 Nov 2026 %02d:00:00 GMT</pubDate><dc:creator>Client %d</dc:creator>
<description>%s</description></item>
)";
  const char* texts[] = {
      "Ma commande Velotra n'est jamais arrivée, colis perdu depuis 3 semaines, je suis furieux.",
      "Toujours pas reçu mon vélo Velotra commandé il y a un mois, livraison honteuse.",
      "Velotra : livraison en retard, colis introuvable, service nul.",
      "Livreur Velotra jamais venu, colis pas livré, très déçue.",
      "Commande Velotra pas reçue, aucune livraison, scandaleux.",
      "Velotra m'a facturé deux fois, je veux être remboursé immédiatement, c'est honteux.",
  };
  std::string items;
  for (int i = 0; i < 6; ++i) {
    char buf[1024];
    std::snprintf(buf, sizeof buf, item, i, i, i, 8 + i, i, texts[i]);
    items += buf;
  }
  WriteFeed("extra.xml", items);
  WriteConfig("storm_threshold = 4\nlang = \"en\"\n");
  RunResult r = Veille("run");
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_NE(r.err.find("level=error event=ticket.storm brand=Velotra topic=delivery"), std::string::npos) << r.err;

  std::string aggregate, billing;
  for (const auto& [external, n] : desk_.tickets()) {
    EXPECT_EQ(n, 1);
    std::string body = desk_.body(external);
    if (external.rfind("veille-agg-", 0) == 0) {
      EXPECT_TRUE(aggregate.empty()) << "one aggregated ticket only";
      aggregate = external;
    } else if (body.find("forum.example/t/5") != std::string::npos) {
      billing = external;
    }
  }
  ASSERT_FALSE(aggregate.empty()) << r.err;
  std::string body = desk_.body(aggregate);
  EXPECT_NE(body.find("storm of negative mentions (delivery)"), std::string::npos) << body;
  EXPECT_NE(body.find("\"topic_delivery\""), std::string::npos) << body;
  for (int i = 0; i < 5; ++i) {
    EXPECT_NE(body.find("forum.example/t/" + std::to_string(i)), std::string::npos) << "delivery mention " << i;
  }
  EXPECT_EQ(body.find("forum.example/t/5"), std::string::npos) << "the billing customer is not in the storm";
  ASSERT_FALSE(billing.empty()) << "the billing customer has a ticket of their own";
  // Billed twice: the topic is billing, which the refund asked for follows.
  EXPECT_NE(desk_.body(billing).find("\"topic_billing\""), std::string::npos) << desk_.body(billing);
}

TEST_F(TicketIntegrationTest, RulesPerBrandDecideCandidates) {
  // Velotra only wants tickets from Mastodon: the RSS mentions open none.
  WriteConfig("[[tickets.rules]]\nbrand = \"Velotra\"\nsource_types = [\"mastodon\"]\n");
  RunResult r = Veille("run");
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  EXPECT_EQ(desk_.posts(), 0);
  EXPECT_NE(r.out.find("tickets: 0 delivered"), std::string::npos) << r.out;
}

TEST_F(TicketIntegrationTest, OneCustomersMentionsBecomeOneTicket) {
  const char* item = R"(<item><title>%s</title><link>https://forum.example/t/%d</link>
<guid>forum-%d</guid><pubDate>Sun, 22 Nov 2026 %02d:00:00 GMT</pubDate><dc:creator>%s</dc:creator>
<description>%s</description></item>
)";
  std::string items;
  struct Post {
    const char* title;
    const char* author;
    const char* text;
  };
  const Post posts[] = {
      {"Velotra : vélo en panne", "Jeanne Martin", "Mon vélo Velotra est en panne, service client nul, c'est une arnaque."},
      {"Velotra toujours rien", "Jeanne Martin", "Toujours aucune réponse de Velotra, c'est honteux, je suis furieuse."},
      {"Velotra, dernier avertissement", "Jeanne Martin", "Velotra ne répond pas, horrible, je veux un remboursement."},
      {"Velotra déçoit", "Paul Durand", "Velotra : livraison ratée, vélo abîmé, très déçu, service client nul."},
  };
  int n = 0;
  for (const Post& p : posts) {
    char buf[1024];
    std::snprintf(buf, sizeof buf, item, p.title, n, n, 8 + n, p.author, p.text);
    items += buf;
    ++n;
  }
  WriteFeed("extra.xml", items);
  WriteConfig("", "", /*zendesk=*/false);
  RunResult r = Veille("run");
  ASSERT_EQ(r.code, 0) << r.out << r.err;
  std::string jsonl = Slurp(dir_ / "var/tickets.jsonl");
  int jeanne_tickets = 0, paul_tickets = 0;
  std::istringstream lines(jsonl);
  for (std::string line; std::getline(lines, line);) {
    size_t mentions = 0;
    for (size_t p = 0; (p = line.find("forum.example/t/", p)) != std::string::npos; ++p) ++mentions;
    if (line.find("Jeanne Martin") != std::string::npos) {
      ++jeanne_tickets;
      // Each grouped mention appears in the ticket's mentions (and its body).
      for (int i = 0; i < 3; ++i) {
        EXPECT_NE(line.find("forum-" + std::to_string(i)), std::string::npos) << "mention " << i << " not grouped";
      }
    }
    if (line.find("Paul Durand") != std::string::npos) ++paul_tickets;
  }
  EXPECT_EQ(jeanne_tickets, 1) << jsonl;
  EXPECT_EQ(paul_tickets, 1);
  EXPECT_NE(r.err.find("event=score.ticket_grouped"), std::string::npos) << r.err;
}

TEST_F(TicketIntegrationTest, SameCustomerInALaterRunGetsANoteNotASecondTicket) {
  const char* item = R"(<item><title>%s</title><link>https://forum.example/t/%d</link>
<guid>forum-%d</guid><pubDate>Sun, 22 Nov 2026 %02d:00:00 GMT</pubDate><dc:creator>Jeanne Martin</dc:creator>
<description>%s</description></item>
)";
  char first[1024], second[1024];
  std::snprintf(first, sizeof first, item, "Velotra : vélo en panne", 0, 0, 8,
                "Mon vélo Velotra est en panne, service client nul, c'est une arnaque.");
  std::snprintf(second, sizeof second, item, "Velotra toujours rien", 1, 1, 9,
                "Toujours aucune réponse de Velotra, c'est honteux, je suis furieuse.");
  WriteFeed("extra.xml", first);
  WriteConfig("", "", /*zendesk=*/false);
  RunResult r1 = Veille("run");
  ASSERT_EQ(r1.code, 0) << r1.out << r1.err;
  WriteFeed("extra.xml", std::string(first) + second);
  RunResult r2 = Veille("run");
  ASSERT_EQ(r2.code, 0) << r2.out << r2.err;
  RunResult r3 = Veille("run");
  ASSERT_EQ(r3.code, 0) << r3.out << r3.err;

  std::string jsonl = Slurp(dir_ / "var/tickets.jsonl");
  std::string ticket_id, note_for;
  int jeanne_lines = 0;
  std::istringstream lines(jsonl);
  for (std::string line; std::getline(lines, line);) {
    if (line.find("Jeanne Martin") == std::string::npos) continue;
    ++jeanne_lines;
    if (line.find("\"note_for\"") == std::string::npos) {
      ticket_id = Between(line, "\"id\":\"", '"');
      EXPECT_NE(line.find("forum-0"), std::string::npos);
    } else {
      note_for = Between(line, "\"note_for\":\"", '"');
      EXPECT_NE(line.find("forum-1"), std::string::npos);
      EXPECT_NE(line.find("veille-note-"), std::string::npos);
    }
  }
  EXPECT_EQ(jeanne_lines, 2) << "one ticket, one note, nothing more after a third run\n" << jsonl;
  EXPECT_FALSE(ticket_id.empty());
  EXPECT_EQ(note_for, ticket_id);
  EXPECT_NE(r2.err.find("event=ticket.note_added"), std::string::npos) << r2.err;
}

TEST_F(TicketIntegrationTest, CrashBetweenNoteAddedAndRecordedAddsNoSecondNote) {
  const char* item = R"(<item><title>%s</title><link>https://forum.example/t/%d</link>
<guid>forum-%d</guid><pubDate>Sun, 22 Nov 2026 %02d:00:00 GMT</pubDate><dc:creator>Jeanne Martin</dc:creator>
<description>%s</description></item>
)";
  char first[1024], second[1024];
  std::snprintf(first, sizeof first, item, "Velotra : vélo en panne", 0, 0, 8,
                "Mon vélo Velotra est en panne, service client nul, c'est une arnaque.");
  std::snprintf(second, sizeof second, item, "Velotra toujours rien", 1, 1, 9,
                "Toujours aucune réponse de Velotra, c'est honteux, je suis furieuse.");
  WriteFeed("extra.xml", first);
  WriteConfig("");
  RunResult r1 = Veille("run");
  ASSERT_EQ(r1.code, 0) << r1.out << r1.err;
  int posts = desk_.posts();
  WriteFeed("extra.xml", std::string(first) + second);
  RunResult crashed = Veille("run", "VEILLE_CRASH_AT=ticket.after_note");
  ASSERT_EQ(crashed.code, 86) << crashed.out << crashed.err;
  ASSERT_EQ(desk_.note_puts(), 1);
  RunResult rerun = Veille("run");
  ASSERT_EQ(rerun.code, 0) << rerun.out << rerun.err;
  EXPECT_EQ(desk_.note_puts(), 1) << "the note was found on the ticket, not added again\n" << rerun.err;
  ASSERT_EQ(desk_.notes().size(), 1u);
  EXPECT_EQ(desk_.notes().begin()->second, 1);
  EXPECT_EQ(desk_.posts(), posts) << "a note opens no ticket";
}

TEST_F(TicketIntegrationTest, SinkConfigErrorsNameTheKeyAndNeverEchoSecrets) {
  struct Case {
    const char* tickets;
    const char* expect;
  };
  const Case cases[] = {
      {"sink = \"zendsk\"\n", "unknown ticket sink \"zendsk\" (known: jsonl, zendesk, freshdesk, jsm, webhook, email)"},
      {"sink = \"zendesk\"\nurl = \"ftp://x\"\nemail = \"a@b\"\napi_token = \"env:X\"\n",
       "tickets.url: must start with http:// or https://"},
      {"sink = \"zendesk\"\nurl = \"https://acme.zendesk.com\"\nemail = \"a@b\"\n",
       "tickets.api_token: required key is missing"},
      {"sink = \"freshdesk\"\nurl = \"https://acme.freshdesk.com\"\napi_key = \"pl41n-k3y\"\n"
       "requester_email = \"s@acme.example\"\n",
       "tickets.api_key: secrets are not written in the config"},
      {"sink = \"jsm\"\nurl = \"https://acme.atlassian.net\"\nemail = \"a@b\"\napi_token = \"env:X\"\n"
       "service_desk_id = \"3\"\n",
       "tickets.request_type_id: required key is missing"},
      {"sink = \"email\"\nsmtp_url = \"http://mail\"\nto = [\"support@acme.example\"]\n",
       "tickets.smtp_url: must start with smtp:// or smtps://"},
      {"[[tickets.rules]]\nbrand = \"B\"\n", "tickets.rules[0].brand: \"B\" is not a configured [[brands]] name"},
      {"[[tickets.rules]]\nbrand = \"A\"\nlabels = [\"angry\"]\n",
       "tickets.rules[0].labels: unknown label \"angry\" (negative, neutral or positive)"},
      {"[[tickets.rules]]\nbrand = \"A\"\nmin_reach = -1\n", "must not be negative"},
      {"[[tickets.rules]]\nbrand = \"A\"\nnever_keyword = [\"x\"]\n",
       "tickets.rules[0].never_keyword: unknown key (did you mean never_keywords?)"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.tickets);
    std::ofstream(dir_ / "bad.toml") << "[[brands]]\nname = \"A\"\n[tickets]\n" << c.tickets;
    RunResult r;
    std::string cmd = std::string(VEILLE_BINARY) + " --config " + (dir_ / "bad.toml").string() + " config check >" +
                      (dir_ / "out.txt").string() + " 2>" + (dir_ / "err.txt").string();
    int status = std::system(cmd.c_str());
    EXPECT_EQ(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 2);
    std::string err = Slurp(dir_ / "err.txt");
    EXPECT_NE(err.find(c.expect), std::string::npos) << err;
    EXPECT_EQ(err.find("pl41n-k3y"), std::string::npos) << err;
  }
}

}  // namespace
}  // namespace veille
