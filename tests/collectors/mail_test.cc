// MIME parsing and Google Alerts digest extraction (collectors/mail.h), on
// the e-mail fixtures the Dovecot test delivers.
#include "collectors/mail.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "collectors/text.h"

namespace veille {
namespace {

std::string MailFixture(const std::string& name) {
  std::ifstream f(std::string(VEILLE_MAIL_FIXTURES) + "/" + name, std::ios::binary);
  EXPECT_TRUE(f.good()) << name;
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

TEST(MimeHeaderTest, EncodedWords) {
  EXPECT_EQ(DecodeMimeHeader("=?UTF-8?Q?Alerte_Google_=E2=80=93_acme?="), "Alerte Google \xE2\x80\x93 acme");
  EXPECT_EQ(DecodeMimeHeader("=?ISO-8859-1?B?bWlzZSDgIGpvdXI=?="), "mise \xC3\xA0 jour");
  EXPECT_EQ(DecodeMimeHeader("=?utf-8?q?a?= =?utf-8?q?b?= c"), "ab c");  // space between words dropped
  EXPECT_EQ(DecodeMimeHeader("plain =?broken"), "plain =?broken");
  EXPECT_TRUE(IsValidUtf8(DecodeMimeHeader("=?UTF-8?Q?=FF=FE?=")));
}

TEST(ParseMailTest, MultipartQuotedPrintableUtf8) {
  auto mail = ParseMail(MailFixture("google_alerts_daily_qp.eml"));
  ASSERT_TRUE(mail.ok()) << mail.status().ToString();
  EXPECT_EQ(mail->subject, "Alerte Google \xE2\x80\x93 acme");
  EXPECT_EQ(mail->from, "googlealerts-noreply@google.com");
  EXPECT_EQ(mail->message_id, "000000000000b1c2d3e4f5a6b7c8@google.com");
  EXPECT_EQ(mail->date_ms, 1709658753000);  // 09:12:33 -0800 = 17:12:33Z
  EXPECT_NE(mail->html.find("itemtype=\"http://schema.org/Article\""), std::string::npos);
  EXPECT_NE(mail->text.find("ACTUALIT\xC3\x89S"), std::string::npos) << mail->text;
  EXPECT_TRUE(IsValidUtf8(mail->html));
}

TEST(ParseMailTest, Base64Latin1AndFoldedContentType) {
  auto mail = ParseMail(MailFixture("google_alerts_latin1_base64.eml"));
  ASSERT_TRUE(mail.ok()) << mail.status().ToString();
  EXPECT_EQ(mail->subject, "Alerte Google : acme (mise \xC3\xA0 jour)");
  EXPECT_NE(mail->html.find("Le Progr\xC3\xA8s"), std::string::npos);
  EXPECT_TRUE(mail->text.empty());
}

TEST(ParseMailTest, NoBodySeparatorIsCorruption) {
  auto bad = ParseMail("Subject: x\r\nFrom: y");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), Status::Code::kCorruption);
}

TEST(GoogleAlertsHtmlTest, MicrodataResultsUnwrappedAndDeduplicated) {
  auto mail = ParseMail(MailFixture("google_alerts_daily_qp.eml"));
  ASSERT_TRUE(mail.ok());
  std::vector<AlertResult> rs = ParseGoogleAlertsHtml(mail->html);
  ASSERT_EQ(rs.size(), 2u);  // the third result is the first one again, utm_* aside
  EXPECT_EQ(rs[0].url, "https://www.lesechos.fr/industrie-services/acme-rachete-globex-2087654");
  EXPECT_EQ(rs[0].title, "Acme rach\xC3\xA8te Globex pour 2 milliards d'euros");
  EXPECT_EQ(rs[0].publisher, "Les Echos");
  EXPECT_EQ(rs[0].snippet, "Le groupe Acme a annonc\xC3\xA9 mardi le rachat de son concurrent Globex ...");
  EXPECT_EQ(rs[1].url, "https://www.20minutes.fr/tech/acme-panne-geante");
  EXPECT_EQ(rs[1].publisher, "20 Minutes");
}

TEST(GoogleAlertsHtmlTest, WithoutMicrodataRedirectLinksAreResults) {
  std::string html =
      "<p><a href=\"https://www.google.com/url?rct=j&amp;sa=t&amp;url=https://example.com/a%3Futm_source%3Dx\">"
      "<b>Acme</b> news</a> <a href=\"https://www.google.com/alerts/remove?x=1\">Unsubscribe</a>"
      " <a href=\"https://www.google.com/url?url=https://www.google.com/alerts\">Alerts</a></p>";
  std::vector<AlertResult> rs = ParseGoogleAlertsHtml(html);
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].url, "https://example.com/a");
  EXPECT_EQ(rs[0].title, "Acme news");
  EXPECT_TRUE(ParseGoogleAlertsHtml("").empty());
  EXPECT_TRUE(ParseGoogleAlertsHtml("<<<>>>&&&").empty());
}

TEST(GoogleAlertsHtmlTest, NoBreakSpacesBecomePlainSpaces) {
  std::string html =
      "<p><a href=\"https://www.google.com/url?url=https://example.com/b\">"
      "Acme\xC2\xA0:  prix\xC2\xA0\xC2\xA0" "en hausse\xC2\xA0</a></p>";
  std::vector<AlertResult> rs = ParseGoogleAlertsHtml(html);
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].title, "Acme : prix en hausse");
}

std::string RawMail(std::string_view from, std::string_view content_type, std::string_view body) {
  return "MIME-Version: 1.0\r\nDate: Tue, 05 Mar 2024 12:00:00 +0000\r\nMessage-ID: <n\xE9-1@example.com>\r\n"
         "Subject: Our newsletter about acme\r\nFrom: " +
         std::string(from) + "\r\nTo: alerts@veille.test\r\nContent-Type: " + std::string(content_type) +
         "\r\n\r\n" + std::string(body);
}

// Found by fuzzing: header bytes that are not UTF-8 reached the
// address and the Message-ID (a mention's thread and source id).
TEST(MailRepairTest, MailHeadersAreRepairedToUtf8) {
  const std::string raw = RawMail("News <ne\x89\x95@example.com>", "text/plain; charset=utf-8", "hello\r\n");
  auto mail = ParseMail(raw);
  ASSERT_TRUE(mail.ok());
  EXPECT_EQ(mail->from, "ne\xEF\xBF\xBD\xEF\xBF\xBD@example.com");
  EXPECT_EQ(mail->message_id, "n\xEF\xBF\xBD-1@example.com");
}

// Found by fuzzing: a body in an unknown charset kept its NUL bytes,
// which every other decoder drops.
TEST(MailRepairTest, UnknownCharsetDropsNul) {
  const std::string raw = RawMail("a@b.c", "text/html; charset=utf-1", std::string("<p>a\0b\x81</p>\r\n", 14));
  auto mail = ParseMail(raw);
  ASSERT_TRUE(mail.ok());
  EXPECT_EQ(mail->html.find('\0'), std::string::npos);
  EXPECT_NE(mail->html.find("<p>ab"), std::string::npos) << mail->html;
}

// Found by fuzzing: libxml2 told the HTML is UTF-8 passes invalid
// bytes through to the text of a result.
TEST(MailRepairTest, AlertResultsAreValidUtf8) {
  const std::string html =
      "<p><a href=\"https://www.google.com/url?q=https://spam.example/acme\">Acme de\x99\x93s \xE4\xE4</a></p>";
  const auto results = ParseGoogleAlertsHtml(html);
  ASSERT_EQ(results.size(), 1u);
  EXPECT_TRUE(IsValidUtf8(results[0].title)) << results[0].title;
  EXPECT_NE(results[0].title.find("Acme de"), std::string::npos);
}

}  // namespace
}  // namespace veille
