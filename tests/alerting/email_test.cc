// RenderMime and the HTML/header helpers. Rendered messages are parsed back
// with Python's email package (see test_util.h) rather than with our own code.
#include "alerting/email.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/alerting/test_util.h"

namespace veille {
namespace {

using testing::CheckWireFormat;
using testing::HeaderBlock;
using testing::ParseWithPython;

Email SampleEmail() {
  Email e;
  e.from = "Veille Équipe <veille@example.com>";
  e.to = {"marketing@example.com", "\"Zoé Dupont\" <zoe@example.org>"};
  e.subject = "Pic de mentions négatives : « Acme » déçoit à Noël !";
  e.text = "Bonjour,\n\nLe volume a augmenté de 42 % — voir le détail.\n.ligne qui commence par un point\n"
           "From the start of a line\nÉté = hiver ?\n";
  e.html = "<p>Bonjour,</p><p>Le volume a augmenté de 42 % — voir le détail.</p>";
  e.idempotency_key = "spike/Acme/2026-11-23T09";
  e.date_ms = 1'795'425'069'000;  // 2026-11-23T09:11:09Z
  return e;
}

TEST(EscapeHtmlTest, EscapesTheFiveCharacters) {
  EXPECT_EQ(EscapeHtml("<a href=\"x\" title='y'>&</a>"),
            "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  EXPECT_EQ(EscapeHtml("déjà vu"), "déjà vu");
}

TEST(EscapeHtmlTest, RepairsInvalidUtf8) {
  EXPECT_EQ(EscapeHtml("a\xff" "b"), "a\xEF\xBF\xBD" "b");
}

TEST(SafeHrefTest, KeepsHttpAndHttps) {
  EXPECT_EQ(SafeHref("https://example.com/a?b=1&c=2"), "https://example.com/a?b=1&amp;c=2");
  EXPECT_EQ(SafeHref("HTTP://Example.com/"), "HTTP://Example.com/");
  EXPECT_EQ(SafeHref("  https://example.com/x  "), "https://example.com/x");
}

TEST(SafeHrefTest, DropsEverythingElse) {
  EXPECT_EQ(SafeHref("javascript:alert(1)"), "");
  EXPECT_EQ(SafeHref("JaVaScRiPt:alert(1)"), "");
  EXPECT_EQ(SafeHref(" javascript:alert(1)"), "");
  EXPECT_EQ(SafeHref("data:text/html,<script>alert(1)</script>"), "");
  EXPECT_EQ(SafeHref("vbscript:x"), "");
  EXPECT_EQ(SafeHref("//evil.example/"), "");
  EXPECT_EQ(SafeHref("/relative"), "");
  EXPECT_EQ(SafeHref("https://"), "");
  EXPECT_EQ(SafeHref("https://bank.example@evil.example/"), "");
  EXPECT_EQ(SafeHref("https://example.com/\nx"), "");
  EXPECT_EQ(SafeHref(""), "");
}

TEST(SafeHrefTest, CannotBreakOutOfTheAttribute) {
  std::string href = SafeHref("https://example.com/\"onmouseover=\"alert(1)<b>'x'");
  EXPECT_EQ(href.find('"'), std::string::npos);
  EXPECT_EQ(href.find('<'), std::string::npos);
  EXPECT_EQ(href.find('\''), std::string::npos);
  EXPECT_EQ(href, "https://example.com/%22onmouseover=%22alert(1)%3Cb%3E&#39;x&#39;");
}

TEST(StripHeaderValueTest, RemovesLineBreaksAndControls) {
  EXPECT_EQ(StripHeaderValue("x\r\nBcc: evil@x"), "xBcc: evil@x");
  EXPECT_EQ(StripHeaderValue("a\tb\x01\x7f" "c\xc2\x85" "d"), "a bc d");
  EXPECT_EQ(StripHeaderValue("caf\xc3\xa9"), "café");
  EXPECT_EQ(StripHeaderValue("bad\xff"), "bad\xEF\xBF\xBD");
}

TEST(RenderMimeTest, ParsesBackWithPythonEmail) {
  Email e = SampleEmail();
  std::string raw = RenderMime(e);
  EXPECT_EQ(CheckWireFormat(raw), "");
  rapidjson::Document doc;
  ASSERT_TRUE(ParseWithPython(raw, &doc));
  EXPECT_STREQ(doc["subject"].GetString(), e.subject.c_str());
  EXPECT_STREQ(doc["from"].GetString(), "Veille Équipe <veille@example.com>");
  EXPECT_STREQ(doc["to"].GetString(), "marketing@example.com, Zoé Dupont <zoe@example.org>");
  EXPECT_STREQ(doc["date_iso"].GetString(), "2026-11-23T09:11:09+00:00");
  EXPECT_STREQ(doc["content_type"].GetString(), "multipart/alternative");
  EXPECT_EQ(doc["defects"].Size(), 0u);
  std::string mid = doc["message_id"].GetString();
  EXPECT_EQ(mid, "<" + EffectiveMessageId(e) + ">");
  ASSERT_EQ(doc["parts"].Size(), 2u);
  const auto& text = doc["parts"][0];
  const auto& html = doc["parts"][1];
  EXPECT_STREQ(text["type"].GetString(), "text/plain");
  EXPECT_STREQ(html["type"].GetString(), "text/html");
  EXPECT_STREQ(text["charset"].GetString(), "utf-8");
  EXPECT_EQ(text["defects"].Size(), 0u);
  EXPECT_EQ(html["defects"].Size(), 0u);
  // Python normalises line ends to \n; the content must round-trip exactly.
  EXPECT_EQ(std::string(text["content"].GetString()), e.text);
  EXPECT_EQ(std::string(html["content"].GetString()), e.html);
}

TEST(RenderMimeTest, TextOnlyWhenNoHtml) {
  Email e = SampleEmail();
  e.html.clear();
  rapidjson::Document doc;
  ASSERT_TRUE(ParseWithPython(RenderMime(e), &doc));
  EXPECT_STREQ(doc["content_type"].GetString(), "text/plain");
  ASSERT_EQ(doc["parts"].Size(), 1u);
  EXPECT_EQ(std::string(doc["parts"][0]["content"].GetString()), e.text);
}

TEST(RenderMimeTest, SubjectInjectionAddsNoHeader) {
  Email e = SampleEmail();
  e.subject = "x\r\nBcc: evil@x";
  e.from = "Eve\r\nBcc: evil@x <veille@example.com>";
  e.extra_headers = {{"X-Veille-Brand", "Acme\r\nBcc: evil@x"}, {"Bcc", "evil@x"}, {"X-Bad Name", "v"},
                     {"X-Evil\r\nBcc", "evil@x"}};
  std::string raw = RenderMime(e);
  EXPECT_EQ(CheckWireFormat(raw), "");
  std::string headers = HeaderBlock(raw);
  // No line of the header block starts a Bcc field.
  EXPECT_EQ(headers.find("\r\nBcc:"), std::string::npos) << headers;
  EXPECT_NE(headers.rfind("Bcc:", 0), 0u);
  rapidjson::Document doc;
  ASSERT_TRUE(ParseWithPython(raw, &doc));
  for (const auto& name : doc["header_names"].GetArray()) {
    EXPECT_STRCASENE(name.GetString(), "bcc");
  }
  EXPECT_STREQ(doc["subject"].GetString(), "xBcc: evil@x");
}

TEST(RenderMimeTest, LongSubjectsAndLinesStayWithinLimits) {
  Email e = SampleEmail();
  e.subject = std::string(3000, 'a');  // one unbreakable ASCII word
  e.text = std::string(5000, 'b') + "\n" + std::string(2000, '\xc3') + "\n";  // includes invalid UTF-8
  std::string long_utf8;
  for (int i = 0; i < 500; ++i) long_utf8 += "éà€😀 ";
  e.html = long_utf8;
  e.extra_headers = {{"X-Long", long_utf8}};
  std::string raw = RenderMime(e);
  EXPECT_EQ(CheckWireFormat(raw), "");
  rapidjson::Document doc;
  ASSERT_TRUE(ParseWithPython(raw, &doc));
  EXPECT_TRUE(std::string(doc["subject"].GetString()) == e.subject) << "subject did not round-trip";
  std::string html = doc["parts"][1]["content"].GetString();
  EXPECT_TRUE(html == long_utf8) << "html did not round-trip: " << html.size() << " bytes, want "
                                 << long_utf8.size();
  // The invalid bytes arrive as U+FFFD, not as raw bytes.
  std::string text = doc["parts"][0]["content"].GetString();
  EXPECT_NE(text.find("\xEF\xBF\xBD"), std::string::npos);
  EXPECT_EQ(text.find('\xc3' + std::string("\n")), std::string::npos);
}

TEST(RenderMimeTest, RunsOfSpacesDoNotFoldIntoBlankLines) {
  Email e = SampleEmail();
  for (size_t blanks : {200, 2000}) {
    e.subject = std::string(70, 'a') + std::string(blanks, ' ') + "b c";
    std::string raw = RenderMime(e);
    EXPECT_EQ(CheckWireFormat(raw), "") << blanks;
    rapidjson::Document doc;
    ASSERT_TRUE(ParseWithPython(raw, &doc));
    EXPECT_EQ(std::string(doc["subject"].GetString()), e.subject) << blanks;
  }
}

TEST(RenderMimeTest, LongUtf8SubjectDecodes) {
  Email e = SampleEmail();
  std::string subject;
  for (int i = 0; i < 60; ++i) subject += "Réclamation client n°" + std::to_string(i) + " — ";
  e.subject = subject;
  std::string raw = RenderMime(e);
  EXPECT_EQ(CheckWireFormat(raw), "");
  rapidjson::Document doc;
  ASSERT_TRUE(ParseWithPython(raw, &doc));
  EXPECT_EQ(std::string(doc["subject"].GetString()), subject);
}

TEST(RenderMimeTest, MessageIdIsDeterministic) {
  Email a = SampleEmail();
  Email b = SampleEmail();
  b.text = "different body";
  EXPECT_EQ(EffectiveMessageId(a), EffectiveMessageId(b));  // same idempotency key
  b.idempotency_key = "spike/Acme/2026-11-23T10";
  EXPECT_NE(EffectiveMessageId(a), EffectiveMessageId(b));
  EXPECT_NE(EffectiveMessageId(a).find("@example.com"), std::string::npos);
  Email c = SampleEmail();
  c.message_id = "<given/id@host>";
  EXPECT_EQ(EffectiveMessageId(c), "given-id@host");
  c.message_id = std::string(5000, 'x') + "@host";
  EXPECT_LT(EffectiveMessageId(c).size(), 100u);
  EXPECT_EQ(CheckWireFormat(RenderMime(c)), "");
  EXPECT_EQ(RenderMime(a), RenderMime(SampleEmail()));
}

TEST(RenderMimeTest, BodyCannotForgeTheBoundary) {
  Email e = SampleEmail();
  std::string raw0 = RenderMime(e);
  size_t b = raw0.find("boundary=\"");
  ASSERT_NE(b, std::string::npos);
  std::string boundary = raw0.substr(b + 10, raw0.find('"', b + 10) - b - 10);
  e.text = "--" + boundary + "\nContent-Type: text/html\n\n<script>alert(1)</script>\n";
  e.html = "<p>ok</p>";
  rapidjson::Document doc;
  ASSERT_TRUE(ParseWithPython(RenderMime(e), &doc));
  ASSERT_EQ(doc["parts"].Size(), 2u);
  EXPECT_EQ(std::string(doc["parts"][0]["content"].GetString()), e.text);
}

}  // namespace
}  // namespace veille

namespace veille {
namespace {

// Random bytes in every field (fixed seed, so a failure reproduces): the
// rendering stays on the wire format, the helpers keep their promises.
TEST(RenderMimeTest, RandomBytesNeverBreakTheWireFormat) {
  uint64_t state = 0x5eed1234abcdULL;
  auto next = [&]() {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  auto random_text = [&](size_t max_len) {
    static const char* kPieces[] = {"\r", "\n", "\r\n", "=?", "?=", "<", ">", "\"", "'", "&", "@", " ",
                                    "\t", "é", "€", "😀", "\xff", "\xc3", "\x80", ".", "From ", "--", "\0"};
    std::string s;
    size_t len = next() % max_len;
    while (s.size() < len) {
      if (next() % 40 == 0) {
        s.append(next() % 1500, ' ');  // long blank runs test header folding
      } else if (next() % 3 == 0) {
        s += kPieces[next() % (sizeof kPieces / sizeof kPieces[0])];
      } else {
        s.push_back(static_cast<char>(next() % 256));
      }
    }
    return s;
  };
  for (int i = 0; i < 300; ++i) {
    Email e;
    e.from = next() % 2 ? "Veille <veille@example.com>" : random_text(80);
    e.to = {"a@example.com", random_text(60)};
    e.subject = random_text(2000);
    e.text = random_text(3000);
    e.html = next() % 2 ? random_text(3000) : "";
    e.message_id = next() % 3 == 0 ? random_text(300) : "";
    e.idempotency_key = random_text(40);
    e.date_ms = static_cast<int64_t>(next() % 4'000'000'000'000ULL);
    e.extra_headers = {{random_text(10), random_text(500)}, {"X-Ok", random_text(1500)}};
    std::string raw = RenderMime(e);
    ASSERT_EQ(testing::CheckWireFormat(raw), "") << "iteration " << i;
    std::string headers = testing::HeaderBlock(raw);
    for (const char* forbidden : {"\r\nBcc", "\r\nbcc", "\r\nCc:"}) {
      ASSERT_EQ(headers.find(forbidden), std::string::npos) << "iteration " << i;
    }
    std::string escaped = EscapeHtml(e.text);
    ASSERT_EQ(escaped.find_first_of("<>\"'"), std::string::npos);
    std::string href = SafeHref(e.subject);
    ASSERT_EQ(href.find_first_of("<>\"' \r\n"), std::string::npos);
    std::string header = StripHeaderValue(e.subject);
    ASSERT_EQ(header.find_first_of("\r\n"), std::string::npos);
    if (i % 60 == 0) {  // and Python's parser agrees (slower, so a sample)
      rapidjson::Document doc;
      ASSERT_TRUE(testing::ParseWithPython(raw, &doc));
      ASSERT_TRUE(doc["subject"].IsString());
      EXPECT_EQ(std::string(doc["subject"].GetString()), StripHeaderValue(e.subject)) << "iteration " << i;
    }
  }
}

}  // namespace
}  // namespace veille
