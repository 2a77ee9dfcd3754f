// The spool mailer on a real directory, and the SMTP mailer against a real
// SMTP server on loopback: Debian's python3-aiosmtpd, started as a child
// process with the Mailbox handler (a Maildir) or a handler that refuses
// chosen recipients with 4xx / 5xx replies.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "alerting/email.h"
#include "alerting/helpdesk_sink.h"
#include "common/log.h"
#include "tests/alerting/test_util.h"

namespace veille {
namespace {

using testing::FindPython;
using testing::ListDir;
using testing::ParseWithPython;
using testing::ReadFile;
using testing::TempDir;
using testing::WriteFile;

Email TestEmail(const std::string& key) {
  Email e;
  e.from = "Veille <veille@example.com>";
  e.to = {"marketing@example.com"};
  e.subject = "Alerte : pic négatif « Acme »";
  e.text = "Texte de l'alerte, accentué.\n";
  e.html = "<p>Texte de l&#39;alerte, accentu&eacute;.</p>";
  e.idempotency_key = key;
  e.date_ms = 1'795'425'069'000;
  return e;
}

TEST(SpoolMailerTest, WritesOneFileAndIsIdempotent) {
  TempDir dir;
  std::string spool = dir.path() + "/out/spool";  // created on demand
  auto mailer = NewSpoolMailer(spool);
  Email e = TestEmail("digest/Acme/daily/2026-11-23");
  ASSERT_TRUE(mailer->Send(e).ok());
  auto files = ListDir(spool);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0], EffectiveMessageId(e) + ".eml");
  std::string first = ReadFile(spool + "/" + files[0]);
  EXPECT_EQ(first, RenderMime(e));

  // Same Message-ID again (a rerun), even with a changed body: still one file, unchanged.
  Email again = e;
  again.text = "changed";
  ASSERT_TRUE(mailer->Send(again).ok());
  ASSERT_TRUE(NewSpoolMailer(spool)->Send(again).ok());
  files = ListDir(spool);
  ASSERT_EQ(files.size(), 1u) << "no temporary file may be left behind either";
  EXPECT_EQ(ReadFile(spool + "/" + files[0]), first);

  // Another key: another file.
  ASSERT_TRUE(mailer->Send(TestEmail("digest/Acme/daily/2026-11-24")).ok());
  EXPECT_EQ(ListDir(spool).size(), 2u);
}

TEST(SpoolMailerTest, SpooledFileParses) {
  TempDir dir;
  Email e = TestEmail("k");
  ASSERT_TRUE(NewSpoolMailer(dir.path())->Send(e).ok());
  rapidjson::Document doc;
  ASSERT_TRUE(ParseWithPython(ReadFile(dir.path() + "/" + ListDir(dir.path())[0]), &doc));
  EXPECT_STREQ(doc["subject"].GetString(), e.subject.c_str());
}

TEST(SpoolMailerTest, HostileMessageIdStaysInTheDirectory) {
  TempDir dir;
  std::string spool = dir.path() + "/spool";
  Email e = TestEmail("k");
  e.message_id = "../../etc/passwd";
  ASSERT_TRUE(NewSpoolMailer(spool)->Send(e).ok());
  auto files = ListDir(spool);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].find('/'), std::string::npos);
  EXPECT_EQ(ListDir(dir.path()).size(), 1u);  // only "spool"
}

TEST(SpoolMailerTest, RejectsInvalidAddresses) {
  TempDir dir;
  Email e = TestEmail("k");
  e.to = {"not an address"};
  Status s = NewSpoolMailer(dir.path())->Send(e);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_NE(s.message().find("To[0]"), std::string::npos) << s.ToString();
  e.to.clear();
  EXPECT_TRUE(NewSpoolMailer(dir.path())->Send(e).IsInvalidArgument());
  EXPECT_TRUE(ListDir(dir.path()).empty());
}

TEST(SpoolMailerTest, UnwritableDirectoryIsAnError) {
  Status s = NewSpoolMailer("/proc/veille-no-such-dir")->Send(TestEmail("k"));
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), Status::Code::kIOError) << s.ToString();
}

// A port that was free a moment ago.
int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

bool CanConnect(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

// A handler that behaves like a real MTA's recipient checks: 550 for
// "unknown@", 451 (greylisting) for "later@", Maildir delivery otherwise.
const char kHandler[] = R"PY(
from aiosmtpd.handlers import Mailbox

class VeilleTestMailbox(Mailbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith('unknown@'):
            return '550 5.1.1 No such user here'
        if address.startswith('later@'):
            return '451 4.7.1 Greylisted, try again later'
        envelope.rcpt_tos.append(address)
        return '250 OK'
)PY";

// The real SMTP server, one per test, killed at teardown.
class SmtpIntegrationTest : public ::testing::Test {
 protected:
  // Extra aiosmtpd arguments (TLS); set before SetUp by subclasses.
  virtual std::vector<std::string> ServerArgs() const { return {}; }

  void SetUp() override {
    python_ = FindPython(/*need_aiosmtpd=*/true);
    if (python_.empty()) GTEST_SKIP() << "python3-aiosmtpd is not installed (scripts/deps installs it)";
    maildir_ = dir_.path() + "/maildir";
    WriteFile(dir_.path() + "/veille_test_handler.py", kHandler);
    port_ = FreePort();
    std::string listen = "127.0.0.1:" + std::to_string(port_);
    std::vector<std::string> args = {python_, "-m", "aiosmtpd", "-n", "-l", listen};
    for (const std::string& a : ServerArgs()) args.push_back(a);
    for (const char* a : {"-c", "veille_test_handler.VeilleTestMailbox"}) args.push_back(a);
    args.push_back(maildir_);
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_ = ::fork();
    ASSERT_GE(pid_, 0);
    if (pid_ == 0) {
      ::setenv("PYTHONPATH", dir_.path().c_str(), 1);
      ::execv(python_.c_str(), argv.data());
      ::_exit(127);
    }
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
    while (!CanConnect(port_)) {
      int status = 0;
      ASSERT_EQ(::waitpid(pid_, &status, WNOHANG), 0) << "aiosmtpd exited early";
      ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "aiosmtpd did not listen on " << listen;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }

  void TearDown() override {
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      int status = 0;
      ::waitpid(pid_, &status, 0);
    }
  }

  SmtpOptions Options() const {
    SmtpOptions o;
    o.url = "smtp://127.0.0.1:" + std::to_string(port_);
    o.timeout_ms = 10'000;
    return o;
  }

  std::vector<std::string> Delivered() const { return ListDir(maildir_ + "/new"); }

  TempDir dir_;
  std::string python_;
  std::string maildir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

TEST_F(SmtpIntegrationTest, RealServerReceivesAndParses) {
  auto mailer = NewSmtpMailer(Options());
  Email e = TestEmail("spike/Acme/2026-11-23T09");
  e.subject = "x\r\nBcc: evil@x — Réclamation « urgente »";
  e.text = "Ligne 1\n.\nUne ligne avec un seul point au-dessus.\n";
  e.to = {"marketing@example.com", "Zoé <zoe@example.org>"};
  Status s = mailer->Send(e);
  ASSERT_TRUE(s.ok()) << s.ToString();
  auto files = Delivered();
  ASSERT_EQ(files.size(), 1u);
  std::string raw = ReadFile(maildir_ + "/new/" + files[0]);
  rapidjson::Document doc;
  ASSERT_TRUE(ParseWithPython(raw, &doc));
  EXPECT_STREQ(doc["subject"].GetString(), "xBcc: evil@x — Réclamation « urgente »");
  EXPECT_STREQ(doc["message_id"].GetString(), ("<" + EffectiveMessageId(e) + ">").c_str());
  for (const auto& name : doc["header_names"].GetArray()) EXPECT_STRCASENE(name.GetString(), "bcc");
  ASSERT_EQ(doc["parts"].Size(), 2u);
  // The lone "." line survived SMTP's end-of-data marker.
  EXPECT_EQ(std::string(doc["parts"][0]["content"].GetString()), e.text);
  // aiosmtpd's Message handler records the envelope.
  EXPECT_NE(raw.find("X-RcptTo: marketing@example.com, zoe@example.org"), std::string::npos);
  EXPECT_NE(raw.find("X-MailFrom: veille@example.com"), std::string::npos);
}

TEST_F(SmtpIntegrationTest, EnvelopeFromOverridesFrom) {
  SmtpOptions o = Options();
  o.envelope_from = "bounces@example.com";
  ASSERT_TRUE(NewSmtpMailer(o)->Send(TestEmail("k")).ok());
  auto files = Delivered();
  ASSERT_EQ(files.size(), 1u);
  EXPECT_NE(ReadFile(maildir_ + "/new/" + files[0]).find("X-MailFrom: bounces@example.com"), std::string::npos);
}

TEST_F(SmtpIntegrationTest, FiveHundredReplyIsPermanent) {
  Email e = TestEmail("k");
  e.to = {"unknown@example.com"};
  Status s = NewSmtpMailer(Options())->Send(e);
  EXPECT_EQ(s.code(), Status::Code::kPermanent) << s.ToString();
  EXPECT_FALSE(s.retryable());
  EXPECT_NE(s.message().find("550"), std::string::npos) << s.ToString();
  EXPECT_TRUE(Delivered().empty());
}

TEST_F(SmtpIntegrationTest, FourHundredReplyIsRetryable) {
  Email e = TestEmail("k");
  e.to = {"later@example.com"};
  Status s = NewSmtpMailer(Options())->Send(e);
  EXPECT_TRUE(s.retryable()) << s.ToString();
  EXPECT_NE(s.message().find("451"), std::string::npos) << s.ToString();
  EXPECT_TRUE(Delivered().empty());
}

TEST_F(SmtpIntegrationTest, RequiredTlsNotOfferedIsPermanentAndPasswordNeverLogged) {
  std::string logs;
  log::SetSinkForTesting(&logs);
  SmtpOptions o = Options();
  o.username = "veille";
  o.password = "s3cret-password-value";
  Status s = NewSmtpMailer(o)->Send(TestEmail("k"));
  log::SetSinkForTesting(nullptr);
  // aiosmtpd runs without a certificate here, so it offers no STARTTLS, and
  // with a username veille refuses to send credentials in clear text.
  EXPECT_EQ(s.code(), Status::Code::kPermanent) << s.ToString();
  EXPECT_EQ(s.message().find(o.password), std::string::npos);
  EXPECT_EQ(logs.find(o.password), std::string::npos) << logs;
  EXPECT_TRUE(Delivered().empty());
}

// The e-mail-to-helpdesk ticket sink through the real SMTP server: one
// message per ticket, the hostile mention cannot add a header, the HTML part
// has it escaped, and the Message-ID is derived from the external id.
TEST_F(SmtpIntegrationTest, EmailTicketSinkDeliversOneParsableMessage) {
  ScoredMention sm;
  sm.mention.id = "https://x.example/post/1";
  sm.mention.source_type = "mastodon";
  sm.mention.url = "https://x.example/post/1";
  sm.mention.title = "Facture\r\nBcc: evil@x.example";
  sm.mention.text = "<script>alert(1)</script> jamais remboursé";
  sm.mention.author.handle = "@jeanne\r\nX-Injected: 1";
  sm.verdict.score = -0.7;
  sm.verdict.label = SentimentLabel::kNegative;
  sm.verdict.complaint = true;
  Ticket t = BuildTicket("Acme", {sm}, "fr");
  EmailTicketOptions eo;
  eo.from = "veille <veille@acme.example>";
  eo.to = {"support@acme.example"};
  FakeClock clock(1'795'425'069'000);
  auto sink = NewEmailTicketSink(NewSmtpMailer(Options()), eo, &clock);
  EXPECT_STREQ(sink->type(), "email");
  auto ref = sink->Create(t);
  ASSERT_TRUE(ref.ok()) << ref.status().ToString();
  auto found = sink->Find(t.external_id);
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value()) << "SMTP cannot look a ticket up";

  auto files = Delivered();
  ASSERT_EQ(files.size(), 1u);
  std::string raw = ReadFile(maildir_ + "/new/" + files[0]);
  rapidjson::Document doc;
  ASSERT_TRUE(ParseWithPython(raw, &doc));
  EXPECT_EQ(std::string(doc["subject"].GetString()), t.subject);
  EXPECT_EQ(std::string(doc["message_id"].GetString()), "<" + ref->id + ">");
  for (const auto& name : doc["header_names"].GetArray()) {
    EXPECT_STRCASENE(name.GetString(), "bcc");
    EXPECT_STRCASENE(name.GetString(), "x-injected");
  }
  EXPECT_NE(raw.find("X-Veille-External-Id: " + t.external_id), std::string::npos);
  EXPECT_NE(raw.find("X-Veille-Priority: " + t.priority), std::string::npos);
  EXPECT_NE(raw.find("X-RcptTo: support@acme.example"), std::string::npos);
  ASSERT_EQ(doc["parts"].Size(), 2u);
  std::string html = doc["parts"][1]["content"].GetString();
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);

  // The same ticket again (a retry) carries the same Message-ID.
  ASSERT_TRUE(sink->Create(t).ok());
  files = Delivered();
  ASSERT_EQ(files.size(), 2u);
  for (const std::string& f : files) {
    EXPECT_NE(ReadFile(maildir_ + "/new/" + f).find("Message-ID: <" + ref->id + ">"), std::string::npos);
  }
}

TEST_F(SmtpIntegrationTest, EmailTicketSinkNoteRepliesToTheTicketMessage) {
  ScoredMention sm;
  sm.mention.id = "https://x.example/post/2";
  sm.mention.text = "Toujours rien";
  sm.verdict.score = -0.5;
  Ticket note = BuildFollowUp("Acme", {sm}, "fr");
  EmailTicketOptions eo;
  eo.from = "veille@acme.example";
  eo.to = {"support@acme.example"};
  auto sink = NewEmailTicketSink(NewSmtpMailer(Options()), eo);
  TicketRef parent{"ticket-abc.veille@acme.example", ""};
  Status st = sink->AddNote(parent, note);
  ASSERT_TRUE(st.ok()) << st.ToString();
  auto files = Delivered();
  ASSERT_EQ(files.size(), 1u);
  std::string raw = ReadFile(maildir_ + "/new/" + files[0]);
  EXPECT_NE(raw.find("In-Reply-To: <ticket-abc.veille@acme.example>"), std::string::npos) << raw;
  EXPECT_NE(raw.find("References: <ticket-abc.veille@acme.example>"), std::string::npos);
  EXPECT_NE(raw.find("X-Veille-External-Id: " + note.external_id), std::string::npos);
  auto has = sink->HasNote(parent, note.external_id);
  ASSERT_TRUE(has.ok());
  EXPECT_FALSE(*has);
}

TEST_F(SmtpIntegrationTest, EmailTicketSinkKeepsPermanentAndRetryableApart) {
  Ticket t = BuildTicket("Acme", {}, "en");
  EmailTicketOptions eo;
  eo.from = "veille@acme.example";
  eo.to = {"unknown@acme.example"};
  auto refused = NewEmailTicketSink(NewSmtpMailer(Options()), eo)->Create(t);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), Status::Code::kPermanent) << refused.status().ToString();
  eo.to = {"later@acme.example"};
  auto later = NewEmailTicketSink(NewSmtpMailer(Options()), eo)->Create(t);
  ASSERT_FALSE(later.ok());
  EXPECT_TRUE(later.status().retryable()) << later.status().ToString();
  EXPECT_TRUE(Delivered().empty());
}

// aiosmtpd with STARTTLS (and, by default, TLS required before MAIL FROM).
class SmtpTlsIntegrationTest : public SmtpIntegrationTest {
 protected:
  std::vector<std::string> ServerArgs() const override {
    return {"--tlscert", std::string(VEILLE_ALERTING_TESTDATA) + "/smtp-test-cert.pem", "--tlskey",
            std::string(VEILLE_ALERTING_TESTDATA) + "/smtp-test-key.pem"};
  }
  static std::string Ca() { return std::string(VEILLE_ALERTING_TESTDATA) + "/smtp-test-cert.pem"; }
};

TEST_F(SmtpTlsIntegrationTest, StartTlsRequiredAndVerified) {
  SmtpOptions o = Options();
  o.require_tls = true;
  o.ca_file = Ca();
  Email e = TestEmail("tls");
  Status s = NewSmtpMailer(o)->Send(e);
  ASSERT_TRUE(s.ok()) << s.ToString();
  auto files = Delivered();
  ASSERT_EQ(files.size(), 1u);
  rapidjson::Document doc;
  ASSERT_TRUE(ParseWithPython(ReadFile(maildir_ + "/new/" + files[0]), &doc));
  EXPECT_STREQ(doc["subject"].GetString(), e.subject.c_str());
}

TEST_F(SmtpTlsIntegrationTest, OpportunisticTlsIsUsedWhenOffered) {
  // require_tls=false still upgrades when the server offers STARTTLS; this
  // server refuses MAIL FROM in clear text, so delivery proves the upgrade.
  SmtpOptions o = Options();
  o.ca_file = Ca();
  ASSERT_TRUE(NewSmtpMailer(o)->Send(TestEmail("tls")).ok());
  EXPECT_EQ(Delivered().size(), 1u);
}

TEST_F(SmtpTlsIntegrationTest, UntrustedCertificateIsPermanent) {
  SmtpOptions o = Options();
  o.require_tls = true;  // the system store does not know this self-signed certificate
  Status s = NewSmtpMailer(o)->Send(TestEmail("tls"));
  EXPECT_EQ(s.code(), Status::Code::kPermanent) << s.ToString();
  EXPECT_TRUE(Delivered().empty());
}

TEST(SmtpMailerTest, ServerDownIsRetryable) {
  SmtpOptions o;
  o.url = "smtp://127.0.0.1:" + std::to_string(FreePort());
  o.timeout_ms = 5000;
  Status s = NewSmtpMailer(o)->Send(TestEmail("k"));
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(s.retryable()) << s.ToString();
  EXPECT_EQ(s.code(), Status::Code::kUnavailable) << s.ToString();
}

TEST(SmtpMailerTest, SilentServerTimesOut) {
  // Accepts TCP connections (the kernel backlog) but never sends a greeting.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(fd, 4), 0);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  SmtpOptions o;
  o.url = "smtp://127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  o.timeout_ms = 300;
  auto start = std::chrono::steady_clock::now();
  Status s = NewSmtpMailer(o)->Send(TestEmail("k"));
  auto elapsed = std::chrono::steady_clock::now() - start;
  ::close(fd);
  EXPECT_EQ(s.code(), Status::Code::kTimeout) << s.ToString();
  EXPECT_TRUE(s.retryable());
  EXPECT_LT(elapsed, std::chrono::seconds(5));
}

TEST(SmtpMailerTest, BadUrlAndAddressesAreInvalidArgument) {
  SmtpOptions o;
  o.url = "http://127.0.0.1:25";
  EXPECT_TRUE(NewSmtpMailer(o)->Send(TestEmail("k")).IsInvalidArgument());
  o.url = "smtp://user:pw@127.0.0.1:1";
  Email e = TestEmail("k");
  e.from = "nobody";
  Status s = NewSmtpMailer(o)->Send(e);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
}

}  // namespace
}  // namespace veille
