// The "imap" source against a real Dovecot (Debian's dovecot-imapd) that the
// test starts on 127.0.0.1 with a throwaway config (tests/support).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "collectors/preview.h"
#include "collectors/source.h"
#include "collectors/text.h"
#include "common/log.h"
#include "tests/support/dovecot_server.h"
#include "tests/support/loopback_http_server.h"

namespace veille {
namespace {

using ::veille::testing::DovecotServer;

constexpr int64_t kNow = 1709769600000;  // 2024-03-07T00:00:00Z

std::string MailFixture(const std::string& name) {
  std::ifstream f(std::string(VEILLE_MAIL_FIXTURES) + "/" + name, std::ios::binary);
  EXPECT_TRUE(f.good()) << name;
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

class ImapDovecotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    ASSERT_TRUE(dovecot_.Start("alerts", "s3cret-imap", &error)) << error;
    ::setenv("VEILLE_TEST_IMAP_PASSWORD", "s3cret-imap", 1);
    ::setenv("VEILLE_TEST_IMAP_WRONG", "not-the-password", 1);
    ctx_.clock = &clock_;
    ctx_.lookback_ms = 7LL * 24 * 3600 * 1000;
    log::SetSinkForTesting(&log_);
  }
  void TearDown() override {
    log::SetSinkForTesting(nullptr);
    if (HasFailure()) std::fprintf(stderr, "dovecot log:\n%s\n", dovecot_.Log().c_str());
  }

  std::unique_ptr<Source> Make(const std::string& password_env = "VEILLE_TEST_IMAP_PASSWORD",
                               std::vector<std::pair<std::string, OptionValue>> extra = {}) {
    SourceConfig config;
    config.name = "acme-mail";
    config.type = "imap";
    config.options.Set("url", dovecot_.Url("INBOX"));
    config.options.Set("username", std::string("alerts"));
    config.options.Set("password", "env:" + password_env);
    config.options.Set("timeout_seconds", 10.0);
    for (auto& [k, v] : extra) config.options.Set(k, v);
    auto s = FindSourceType("imap")->create(config, ctx_);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(s).value() : nullptr;
  }

  DovecotServer dovecot_;
  FakeClock clock_{kNow};
  SourceContext ctx_;
  std::string log_;
};

TEST_F(ImapDovecotTest, ReadsDigestsOnceByUid) {
  ASSERT_TRUE(dovecot_.Deliver(MailFixture("google_alerts_daily_qp.eml")));
  ASSERT_TRUE(dovecot_.Deliver(MailFixture("other_sender.eml")));
  auto source = Make();
  ASSERT_NE(source, nullptr);
  FetchResult first;
  Status st = source->Fetch("", &first);
  ASSERT_TRUE(st.ok()) << st.ToString() << "\n" << log_;
  ASSERT_EQ(first.mentions.size(), 2u) << log_;
  const Mention& m = first.mentions[0];
  EXPECT_EQ(m.source_type, "imap");
  EXPECT_EQ(m.source_name, "acme-mail");
  EXPECT_EQ(m.id, "https://www.lesechos.fr/industrie-services/acme-rachete-globex-2087654");
  EXPECT_EQ(m.url, m.id);
  EXPECT_EQ(m.title, "Acme rach\xC3\xA8te Globex pour 2 milliards d'euros");
  EXPECT_EQ(m.publisher, "Les Echos");
  EXPECT_EQ(m.thread, "000000000000b1c2d3e4f5a6b7c8@google.com");
  EXPECT_EQ(m.published_ms, 1709658753000);
  EXPECT_EQ(m.fetched_ms, kNow);
  for (const Mention& x : first.mentions) EXPECT_EQ(x.url.find("spam.example"), std::string::npos);
  // The newsletter (UID 2) is not from the alerts sender: never fetched.
  EXPECT_NE(first.next_cursor.find("\"uid\":1}"), std::string::npos) << first.next_cursor;
  EXPECT_NE(log_.find("event=source.fetched source=acme-mail messages=1 new=2 uid=1"), std::string::npos) << log_;
  // Reading the digest left it unread in the user's mailbox.
  EXPECT_EQ(dovecot_.SeenCount(), 0);

  // Nothing new: nothing delivered twice, the cursor stays.
  FetchResult second;
  ASSERT_TRUE(source->Fetch(first.next_cursor, &second).ok());
  EXPECT_TRUE(second.mentions.empty());
  EXPECT_EQ(second.next_cursor, first.next_cursor);

  // A new digest: only its results.
  ASSERT_TRUE(dovecot_.Deliver(MailFixture("google_alerts_latin1_base64.eml")));
  FetchResult third;
  ASSERT_TRUE(source->Fetch(first.next_cursor, &third).ok()) << log_;
  ASSERT_EQ(third.mentions.size(), 1u);
  EXPECT_EQ(third.mentions[0].title, "Acme ouvre un centre \xC3\xA0 Lyon");
  EXPECT_EQ(third.mentions[0].publisher, "Le Progr\xC3\xA8s");
  EXPECT_EQ(third.mentions[0].url, "https://www.leprogres.fr/economie/2024/03/06/acme-lyon");
  EXPECT_EQ(third.mentions[0].published_ms, 1709704800000);  // 07:00 +0100
  EXPECT_NE(third.next_cursor.find("\"uid\":3"), std::string::npos) << third.next_cursor;
}

TEST_F(ImapDovecotTest, UidValidityChangeStartsOverAndGarbageCursorToo) {
  ASSERT_TRUE(dovecot_.Deliver(MailFixture("google_alerts_daily_qp.eml")));
  auto source = Make();
  FetchResult out;
  ASSERT_TRUE(source->Fetch("{\"v\":1,\"uidvalidity\":1,\"uid\":99}", &out).ok()) << log_;
  EXPECT_EQ(out.mentions.size(), 2u);
  EXPECT_NE(log_.find("event=source.uidvalidity_changed source=acme-mail was=1"), std::string::npos) << log_;
  FetchResult again;
  ASSERT_TRUE(source->Fetch("not a cursor", &again).ok());
  EXPECT_EQ(again.mentions.size(), 2u);
  EXPECT_NE(log_.find("event=source.cursor_unreadable source=acme-mail"), std::string::npos) << log_;
}

TEST_F(ImapDovecotTest, WrongPasswordIsPermanentWithCursorIntactAndNeverLogged) {
  auto source = Make("VEILLE_TEST_IMAP_WRONG");
  FetchResult out;
  Status st = source->Fetch("{\"v\":1,\"uidvalidity\":1,\"uid\":5}", &out);
  EXPECT_EQ(st.code(), Status::Code::kPermanent) << st.ToString();
  EXPECT_NE(st.message().find("source acme-mail"), std::string::npos) << st.message();
  EXPECT_TRUE(out.next_cursor.empty());
  EXPECT_NE(log_.find("level=error event=source.fetch_failed source=acme-mail"), std::string::npos) << log_;
  EXPECT_EQ(log_.find("not-the-password"), std::string::npos);
}

TEST_F(ImapDovecotTest, ServerDownIsUnavailableWithCursorIntact) {
  auto source = Make();
  dovecot_.Stop();
  FetchResult out;
  Status st = source->Fetch("{\"v\":1,\"uidvalidity\":1,\"uid\":5}", &out);
  EXPECT_EQ(st.code(), Status::Code::kUnavailable) << st.ToString();
  EXPECT_TRUE(out.next_cursor.empty());
  EXPECT_TRUE(out.mentions.empty());
  EXPECT_NE(log_.find("event=source.fetch_failed source=acme-mail"), std::string::npos) << log_;
}

TEST_F(ImapDovecotTest, OversizeMessageIsRejectedAndTheOthersRead) {
  std::string big = MailFixture("google_alerts_daily_qp.eml");
  big.insert(big.find("Message-ID:"), "X-Padding: " + std::string(3 << 20, 'x') + "\r\n");
  ASSERT_TRUE(dovecot_.Deliver(big));
  ASSERT_TRUE(dovecot_.Deliver(MailFixture("google_alerts_latin1_base64.eml")));
  auto source = Make("VEILLE_TEST_IMAP_PASSWORD", {{"max_message_mb", int64_t{1}}});
  FetchResult out;
  Status st = source->Fetch("", &out);
  ASSERT_TRUE(st.ok()) << st.ToString() << "\n" << log_;
  ASSERT_EQ(out.rejected.size(), 1u);
  EXPECT_NE(out.rejected[0].find("message UID 1: imap FETCH UID 1: larger than 1048576 bytes"), std::string::npos)
      << out.rejected[0];
  ASSERT_EQ(out.mentions.size(), 1u);
  EXPECT_EQ(out.mentions[0].publisher, "Le Progr\xC3\xA8s");
  EXPECT_NE(out.next_cursor.find("\"uid\":2}"), std::string::npos) << out.next_cursor;
}

TEST_F(ImapDovecotTest, PreviewReadsTheMailbox) {
  ASSERT_TRUE(dovecot_.Deliver(MailFixture("google_alerts_daily_qp.eml")));
  PreviewRequest request;
  request.type = "imap";
  request.url = dovecot_.Url("INBOX");
  request.query = "globex";
  request.options.Set("username", std::string("alerts"));
  request.options.Set("password", std::string("env:VEILLE_TEST_IMAP_PASSWORD"));
  request.options.Set("lookback_hours", int64_t{24 * 365 * 10});
  auto r = Preview(request);
  ASSERT_TRUE(r.ok()) << r.status().ToString() << "\n" << log_;
  ASSERT_EQ(r->fetched.mentions.size(), 1u);
  EXPECT_EQ(r->filtered_out, 1u);
  EXPECT_EQ(r->fetched.mentions[0].brands, std::vector<std::string>{"globex"});
  EXPECT_EQ(dovecot_.SeenCount(), 0);  // a preview touches nothing, the mailbox included
}

TEST_F(ImapDovecotTest, ReadAndUnreadMessagesKeepTheirState) {
  ASSERT_TRUE(dovecot_.Deliver(MailFixture("google_alerts_daily_qp.eml"), /*seen=*/true));
  ASSERT_TRUE(dovecot_.Deliver(MailFixture("google_alerts_latin1_base64.eml")));
  ASSERT_EQ(dovecot_.SeenCount(), 1);
  auto source = Make();
  FetchResult out;
  ASSERT_TRUE(source->Fetch("", &out).ok()) << log_;
  EXPECT_EQ(out.mentions.size(), 3u);
  EXPECT_EQ(dovecot_.SeenCount(), 1);  // the one the user had read, and only it
  EXPECT_EQ(log_.find("source.unread_not_restored"), std::string::npos) << log_;
}

TEST(ImapSourceTest, SilentServerTimesOutWithCursorIntact) {
  // A server that accepts the connection and never greets.
  ::veille::testing::LoopbackHttpServer server;
  ASSERT_TRUE(server.Start());
  ::veille::testing::ScriptedResponse hang;
  hang.behavior = ::veille::testing::ScriptedResponse::Behavior::kHang;
  server.SetFallback([hang](const ::veille::testing::RecordedRequest&) { return hang; });
  ::setenv("VEILLE_TEST_IMAP_PASSWORD", "s3cret-imap", 1);
  std::string log;
  log::SetSinkForTesting(&log);
  FakeClock clock(kNow);
  SourceContext ctx;
  ctx.clock = &clock;
  SourceConfig config;
  config.name = "acme-mail";
  config.type = "imap";
  config.options.Set("url", "imap://127.0.0.1:" + std::to_string(server.port()) + "/INBOX");
  config.options.Set("username", std::string("alerts"));
  config.options.Set("password", std::string("env:VEILLE_TEST_IMAP_PASSWORD"));
  config.options.Set("timeout_seconds", 0.5);
  auto source = FindSourceType("imap")->create(config, ctx);
  ASSERT_TRUE(source.ok()) << source.status().ToString();
  FetchResult out;
  Status st = (*source)->Fetch("{\"v\":1,\"uidvalidity\":7,\"uid\":5}", &out);
  log::SetSinkForTesting(nullptr);
  EXPECT_EQ(st.code(), Status::Code::kTimeout) << st.ToString();
  EXPECT_TRUE(out.next_cursor.empty());
  EXPECT_NE(log.find("event=source.fetch_failed source=acme-mail"), std::string::npos) << log;
}

TEST(ImapSourceTest, ValidatesOptions) {
  FakeClock clock;
  SourceContext ctx;
  ctx.clock = &clock;
  SourceConfig config;
  config.name = "m";
  config.type = "imap";
  config.options.Set("url", std::string("https://imap.example.com/INBOX"));
  config.options.Set("username", std::string("u"));
  config.options.Set("password", std::string("env:VEILLE_TEST_SURELY_UNSET_VAR"));
  auto bad_url = FindSourceType("imap")->create(config, ctx);
  ASSERT_FALSE(bad_url.ok());
  EXPECT_NE(bad_url.status().message().find("imap:// or imaps://"), std::string::npos);
  config.options.Set("url", std::string("imaps://imap.example.com/INBOX"));
  auto unset = FindSourceType("imap")->create(config, ctx);
  ASSERT_FALSE(unset.ok());
  EXPECT_NE(unset.status().message().find("option password"), std::string::npos) << unset.status().message();
}

}  // namespace
}  // namespace veille
