// The properties of invariants.h on hostile mention text: hand-picked
// attempts to add a header, break a line or open a tag, then thousands of
// e-mails generated from a fixed seed. scripts/fuzz searches the same
// properties for as long as it is given.
#include "tests/alerting/invariants.h"

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace veille {
namespace {

namespace ai = alerting_invariants;

Email BaseEmail(std::string subject) {
  Email e;
  e.from = "veille <veille@example.org>";
  e.to = {"Marketing <marketing@example.com>"};
  e.subject = std::move(subject);
  e.text = "Bonjour,\nune alerte.\n";
  e.html = "<p>Bonjour</p>";
  e.idempotency_key = "spike/acme/2026-11-23T10";
  e.date_ms = 1'795'000'000'000;
  return e;
}

TEST(AlertingInvariantsTest, HostileSubjects) {
  const std::vector<std::string> subjects = {
      "Pic de mentions : Acme\r\nBcc: victim@example.net",
      "Acme\nX-Injected: 1",
      "Acme\r\n\r\n<html>body</html>",
      "=?UTF-8?B?QmNjOiB2aWN0aW1AZXhhbXBsZS5uZXQ=?=",  // an encoded word written by the attacker
      "=?utf-8?q?=0D=0ABcc:_x@y.z?=",
      std::string("NUL\0inside", 10),
      "C1 controls \xC2\x85\xC2\x9B end",
      "Invalid \xFF\xFE bytes \xC3",
      std::string(3000, 'x'),                       // one word longer than a line may be
      std::string(1500, ' ') + "spaces",
      "Tr\xC3\xA8s " + std::string(600, '\xC3') + "\xA9",
      "\xF0\x9F\x98\xA1\xF0\x9F\x98\xA1 Acme \xE2\x80\x94 \xC2\xAB panne \xC2\xBB",
      "Subject: fake",
      "",
  };
  for (const std::string& s : subjects) {
    Email e = BaseEmail(s);
    EXPECT_EQ(ai::CheckRender(e), "");
    e.html.clear();  // text only
    EXPECT_EQ(ai::CheckRender(e), "");
    EXPECT_EQ(ai::CheckHtml(s), "");
  }
}

TEST(AlertingInvariantsTest, HostileHeadersAndBodies) {
  Email e = BaseEmail("Acme");
  e.extra_headers = {{"X-Veille-Brand", "Acme\r\nBcc: victim@example.net"},
                     {"Bcc:\r\nX", "value"},
                     {"Subject", "a second subject"},
                     {"X-Long", std::string(2000, 'y')}};
  e.message_id = "id\r\nBcc: x@y.z";
  e.text = ".\r\nFrom evil\r\n.\n\nQUIT\r\n" + std::string(5000, '=') + "\rCR alone\xFF";
  e.html = "<a href=\"javascript:alert(1)\">x</a>\n--=_veille_boundary\n";
  EXPECT_EQ(ai::CheckRender(e), "");
}

TEST(AlertingInvariantsTest, HtmlHelpers) {
  for (const char* s : {"<script>alert(1)</script>", "\"onmouseover=\"x", "'single'", "&amp;&lt;&#39;&",
                        "javascript:alert(1)", "https://example.com/\"><script>", "https://example.com/a b",
                        "https://example.com/ok?x=1&y=2", "HTTPS://EXAMPLE.COM/", "http://a\x01.com/",
                        "data:text/html;base64,PHNjcmlwdD4=", "//example.com/", "https:example.com"}) {
    EXPECT_EQ(ai::CheckHtml(s), "");
  }
  EXPECT_EQ(SafeHref("javascript:alert(1)"), "");
  EXPECT_EQ(SafeHref("https://example.com/ok?x=1&y=2"), "https://example.com/ok?x=1&amp;y=2");
}

TEST(AlertingInvariantsTest, GeneratedEmails) {
  const std::vector<std::string> pieces = {
      "Acme", "panne", "\r\n", "\n", "\r", "\t", " ", "  ", ":", "Bcc: x@y.z", "=?", "?=", "=?UTF-8?Q?", "=",
      "=0D=0A", ".", "..", "From ", "--", "<", ">", "\"", "'", "&", "\xC3\xA9", "\xC3", "\xFF", "\xE2\x80\x94",
      "\xF0\x9F\x98\xA1", std::string("\0", 1), "\xC2\x85", std::string(90, 'w'), std::string(80, '\xE2'),
  };
  std::mt19937 rng(20261123);
  auto text = [&](int max_pieces) {
    std::string s;
    const int n = static_cast<int>(rng() % (max_pieces + 1));
    for (int i = 0; i < n; ++i) s += pieces[rng() % pieces.size()];
    return s;
  };
  int checked = 0;
  for (int round = 0; round < 1500; ++round) {
    Email e = BaseEmail(text(30));
    e.from = text(3) + " <veille@example.org>";
    e.to = {text(3) + " <marketing@example.com>", text(4)};
    e.message_id = rng() % 2 ? text(5) : "";
    e.idempotency_key = text(5);
    e.extra_headers = {{"X-Veille-Brand", text(8)}, {text(2), text(4)}};
    e.text = text(60);
    e.html = rng() % 2 ? text(60) : "";
    const std::string render = ai::CheckRender(e);
    const std::string html = ai::CheckHtml(e.subject);
    ASSERT_EQ(render, "") << "round " << round;
    ASSERT_EQ(html, "") << "round " << round;
    ++checked;
  }
  EXPECT_EQ(checked, 1500);
}

// The render check itself catches what it is for.
TEST(AlertingInvariantsTest, RenderCheckDetectsTampering) {
  Email e = BaseEmail("Acme");
  e.extra_headers = {{"X-Veille-Brand", "Acme"}};
  const std::string good = RenderMime(e);
  ASSERT_EQ(ai::CheckRendered(e, good), "");
  const size_t first_line = good.find("\r\n") + 2;
  EXPECT_NE(ai::CheckRendered(e, good.substr(0, first_line) + "Bcc: victim@example.net\r\n" + good.substr(first_line)),
            "");
  EXPECT_NE(ai::CheckRendered(e, good.substr(0, first_line) + "Subject: again\r\n" + good.substr(first_line)), "");
  EXPECT_NE(ai::CheckRendered(e, good.substr(0, first_line) + "X: bare LF\n" + good.substr(first_line)), "");
  EXPECT_NE(ai::CheckRendered(e, good + std::string(999, 'x') + "\r\n"), "");
  EXPECT_NE(ai::CheckRendered(e, good + "\xC3\xA9\r\n"), "");
  std::string other_subject = good;
  other_subject.replace(other_subject.find("Subject: Acme"), 13, "Subject: Acne");
  EXPECT_NE(ai::CheckRendered(e, other_subject), "");
}

}  // namespace
}  // namespace veille
