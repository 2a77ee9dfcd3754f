// BuildTicket, SuggestPriority and the JSONL ticket sink.
#include <gtest/gtest.h>
#include <unistd.h>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include "alerting/sink.h"
#include "tests/alerting/test_util.h"

namespace veille {
namespace {

using testing::ReadFile;
using testing::TempDir;
using testing::WriteFile;

ScoredMention Complaint() {
  ScoredMention sm;
  Mention& m = sm.mention;
  m.id = "https://www.reddit.com/r/france/comments/abc123/";
  m.source_type = "reddit";
  m.source_name = "acme-reddit";
  m.url = "https://www.reddit.com/r/france/comments/abc123/";
  m.title = "Acme m'a facturé deux fois";
  m.text = "Ça fait 3 semaines que j'attends mon remboursement, le service client ne répond pas.";
  m.author.handle = "u/jeanne";
  m.author.name = "Jeanne";
  m.author.url = "https://www.reddit.com/user/jeanne";
  m.author.followers = 120;
  m.engagement.likes = 40;
  m.engagement.replies = 12;
  m.published_ms = 1'795'425'069'000;  // 2026-11-23 09:11 UTC
  m.lang = "fr";
  sm.verdict.score = -0.62;
  sm.verdict.label = SentimentLabel::kNegative;
  sm.verdict.lang = "fr";
  sm.verdict.complaint = true;
  sm.verdict.reasons = {"facturé deux fois", "ne répond pas"};
  sm.verdict.complaint_reasons = {"billing problem", "first person"};
  return sm;
}

ScoredMention Hostile() {
  ScoredMention sm = Complaint();
  sm.mention.id = "hostile-1";
  sm.mention.title = "<script>alert('x')</script> \"quoted\" & <b>bold</b>";
  sm.mention.text = "<img src=x onerror=alert(1)>\r\nBcc: evil@x\n\u2028line";
  sm.mention.url = "javascript:alert(document.cookie)";
  sm.mention.author.name = "\"><svg onload=alert(1)>";
  sm.mention.author.url = "data:text/html,<script>alert(1)</script>";
  sm.mention.author.handle = "evil\r\nX-Injected: 1";
  return sm;
}

TEST(SuggestPriorityTest, ScalesWithScoreComplaintReachAndUrgency) {
  EXPECT_EQ(SuggestPriority({}), "low");
  ScoredMention mild;
  mild.mention.text = "bof";
  mild.verdict.score = -0.1;
  EXPECT_EQ(SuggestPriority({mild}), "low");
  ScoredMention neg = mild;
  neg.verdict.score = -0.5;
  EXPECT_EQ(SuggestPriority({neg}), "normal");
  neg.verdict.complaint = true;
  EXPECT_EQ(SuggestPriority({neg}), "normal");  // 2 points
  neg.verdict.score = -0.8;
  EXPECT_EQ(SuggestPriority({neg}), "high");  // 3 points
  ScoredMention loud = neg;
  loud.mention.author.followers = 250'000;
  EXPECT_EQ(SuggestPriority({loud}), "urgent");
  ScoredMention scam = mild;
  scam.verdict.score = -0.5;
  scam.verdict.complaint = true;
  scam.mention.text = "This is a SCAM, I'm calling my lawyer";
  EXPECT_EQ(SuggestPriority({scam}), "high");
  ScoredMention arnaque = mild;
  arnaque.mention.text = "Une ARNAQUE pure et simple";
  EXPECT_EQ(SuggestPriority({arnaque}), "normal");  // urgency words alone: 2 points
  // Word boundaries: "issue" does not contain the word "sue".
  ScoredMention issue = mild;
  issue.mention.text = "small issue with the app";
  EXPECT_EQ(SuggestPriority({issue}), "low");
  // A customer who keeps coming back.
  EXPECT_EQ(SuggestPriority({neg, neg, neg}), "high");  // 3 points + 1 for coming back
  EXPECT_EQ(SuggestPriority({loud, neg, neg}), "urgent");
}

TEST(BuildTicketTest, FrenchTicketHasWhatAnAgentNeeds) {
  ScoredMention first = Complaint();
  ScoredMention second = Complaint();
  second.mention.id = "https://mastodon.social/@jeanne/1";
  second.mention.source_type = "mastodon";
  second.mention.url = "https://mastodon.social/@jeanne/1";
  second.mention.title.clear();
  second.mention.text = "Toujours rien de la part d'Acme.";
  Ticket t = BuildTicket("Acme", {first, second}, "fr");
  EXPECT_EQ(t.lang, "fr");
  EXPECT_EQ(t.brand, "Acme");
  EXPECT_EQ(t.mentions.size(), 2u);
  EXPECT_EQ(t.external_id.rfind("veille-", 0), 0u);
  EXPECT_EQ(t.external_id, BuildTicket("Acme", {first}, "en").external_id) << "stable, first mention only";
  EXPECT_NE(t.external_id, BuildTicket("Acme", {second}, "fr").external_id);
  EXPECT_EQ(t.subject.find('\n'), std::string::npos);
  EXPECT_NE(t.subject.find("Acme\u00A0: réclamation sur reddit par u/jeanne"), std::string::npos) << t.subject;
  EXPECT_NE(t.subject.find("«\u00A0Acme m'a facturé deux fois\u00A0»"), std::string::npos) << t.subject;
  EXPECT_EQ(t.requester_name, "Jeanne");
  EXPECT_EQ(t.requester_handle, "u/jeanne");
  EXPECT_EQ(t.priority, SuggestPriority({first, second}));
  EXPECT_EQ(t.tags, (std::vector<std::string>{"acme", "complaint", "mastodon", "reddit", "veille"}));
  for (const std::string& body : {t.body_text, t.body_html}) {
    SCOPED_TRACE(body);
    EXPECT_NE(body.find("Acme m"), std::string::npos);                       // what was said
    EXPECT_NE(body.find("mon remboursement"), std::string::npos);
    EXPECT_NE(body.find("Jeanne (u/jeanne)"), std::string::npos);            // author
    EXPECT_NE(body.find("https://www.reddit.com/user/jeanne"), std::string::npos);  // profile
    EXPECT_NE(body.find("https://www.reddit.com/r/france/comments/abc123/"), std::string::npos);  // link
    EXPECT_NE(body.find("reddit (acme-reddit)"), std::string::npos);         // source
    EXPECT_NE(body.find("23/11/2026 09:11 UTC"), std::string::npos);         // when
    EXPECT_NE(body.find("-0,62 (négatif)"), std::string::npos);              // score, label, fr decimals
    EXPECT_NE(body.find("facturé deux fois, ne répond pas"), std::string::npos);  // reasons
    EXPECT_NE(body.find("billing problem, first person"), std::string::npos);     // complaint reasons
    EXPECT_NE(body.find("172 (120 abonnés"), std::string::npos);             // reach
    EXPECT_NE(body.find("Mentions regroupées (2)"), std::string::npos);
    EXPECT_NE(body.find("https://mastodon.social/@jeanne/1"), std::string::npos);
    EXPECT_NE(body.find("Priorité suggérée\u00A0: "), std::string::npos);
    EXPECT_NE(body.find(t.external_id), std::string::npos);
  }
  EXPECT_NE(t.body_html.find("<a href=\"https://www.reddit.com/user/jeanne\""), std::string::npos);
}

TEST(BuildTicketTest, EnglishTicket) {
  Ticket t = BuildTicket("Acme", {Complaint()}, "en");
  EXPECT_EQ(t.lang, "en");
  EXPECT_NE(t.subject.find("Acme: complaint on reddit by u/jeanne"), std::string::npos) << t.subject;
  EXPECT_NE(t.body_text.find("Suggested priority: "), std::string::npos);
  EXPECT_NE(t.body_text.find("-0.62 (negative)"), std::string::npos);
  EXPECT_NE(t.body_text.find("When: 2026-11-23 09:11 UTC"), std::string::npos);
  EXPECT_EQ(t.body_text.find("Grouped mentions"), std::string::npos);  // only one
  EXPECT_EQ(BuildTicket("Acme", {Complaint()}, "de").lang, "en");
}

TEST(BuildTicketTest, HostileTextIsEscapedInHtmlAndStrippedFromSubject) {
  Ticket t = BuildTicket("Acme", {Hostile(), Hostile()}, "en");
  const std::string& h = t.body_html;
  EXPECT_EQ(h.find("<script"), std::string::npos);
  EXPECT_EQ(h.find("<img"), std::string::npos);
  EXPECT_EQ(h.find("<svg"), std::string::npos);
  // Shown as text for the agent, never as a link: every href is http(s).
  size_t links = 0;
  for (size_t p = h.find("href="); p != std::string::npos; p = h.find("href=", p + 1), ++links) {
    EXPECT_EQ(h.compare(p, 10, "href=\"http"), 0) << h.substr(p, 60);
  }
  EXPECT_EQ(links, 0u) << "no link in this mention is safe to click";
  EXPECT_NE(h.find("javascript:alert(document.cookie)"), std::string::npos);
  EXPECT_NE(h.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot;quoted&quot; &amp;"), std::string::npos);
  EXPECT_NE(h.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  EXPECT_EQ(t.subject.find('\r'), std::string::npos);
  EXPECT_EQ(t.subject.find('\n'), std::string::npos);
  EXPECT_EQ(t.requester_handle.find('\n'), std::string::npos);
}

TEST(JsonlTicketSinkTest, CreateFindRoundTrip) {
  TempDir dir;
  std::string path = dir.path() + "/tickets.jsonl";
  auto sink = NewJsonlTicketSink(path);
  EXPECT_STREQ(sink->type(), "jsonl");
  auto none = sink->Find("veille-nothing");
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_FALSE(none->has_value());

  Ticket t = BuildTicket("Acme", {Complaint()}, "fr");
  auto ref = sink->Create(t);
  ASSERT_TRUE(ref.ok()) << ref.status().ToString();
  EXPECT_EQ(ref->id, t.external_id);

  auto found = sink->Find(t.external_id);
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, t.external_id);
  // A fresh sink (another run) finds it by scanning the file.
  auto found2 = NewJsonlTicketSink(path)->Find(t.external_id);
  ASSERT_TRUE(found2.ok() && found2->has_value());

  // Creating the same ticket again does not duplicate it.
  ASSERT_TRUE(NewJsonlTicketSink(path)->Create(t).ok());
  std::string data = ReadFile(path);
  EXPECT_EQ(std::count(data.begin(), data.end(), '\n'), 1);

  // Without an external_id the id is the line number.
  Ticket anon = t;
  anon.external_id.clear();
  auto ref2 = sink->Create(anon);
  ASSERT_TRUE(ref2.ok());
  EXPECT_EQ(ref2->id, "jsonl-2");

  // Every field is there, and the mentions decode with common/mention.h.
  std::istringstream lines(ReadFile(path));
  std::string line;
  ASSERT_TRUE(std::getline(lines, line));
  rapidjson::Document doc;
  doc.Parse(line.c_str());
  ASSERT_FALSE(doc.HasParseError());
  for (const char* key : {"id", "external_id", "brand", "subject", "body_text", "body_html", "priority",
                          "requester_name", "requester_handle", "lang"}) {
    ASSERT_TRUE(doc.HasMember(key) && doc[key].IsString()) << key;
  }
  EXPECT_EQ(std::string(doc["subject"].GetString()), t.subject);
  EXPECT_EQ(std::string(doc["body_html"].GetString()), t.body_html);
  EXPECT_EQ(doc["tags"].Size(), t.tags.size());
  ASSERT_EQ(doc["mentions"].Size(), 1u);
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  doc["mentions"][0].Accept(w);
  auto decoded = ScoredMentionFromJson(std::string(buf.GetString(), buf.GetSize()));
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  EXPECT_EQ(decoded->mention.title, "Acme m'a facturé deux fois");
  EXPECT_TRUE(decoded->verdict.complaint);
}

TEST(JsonlTicketSinkTest, HostileTextKeepsTheFileValidJsonl) {
  TempDir dir;
  std::string path = dir.path() + "/tickets.jsonl";
  auto sink = NewJsonlTicketSink(path);
  ScoredMention h = Hostile();
  h.mention.text += std::string("\n\x00\x01\"}\n{\"id\":\"forged\"}\n", 22) + "\xff\xfe invalid utf-8";
  Ticket t = BuildTicket("Acme", {h}, "en");
  t.subject += "\n{\"external_id\":\"forged\"}";
  ASSERT_TRUE(sink->Create(t).ok());
  ASSERT_TRUE(sink->Create(BuildTicket("Acme", {Complaint()}, "en")).ok());
  std::string data = ReadFile(path);
  EXPECT_EQ(std::count(data.begin(), data.end(), '\n'), 2);
  std::istringstream lines(data);
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    rapidjson::Document doc;
    doc.Parse<rapidjson::kParseValidateEncodingFlag>(line.c_str(), line.size());
    EXPECT_FALSE(doc.HasParseError()) << "line " << n + 1 << " is not valid JSON/UTF-8";
    ++n;
  }
  EXPECT_EQ(n, 2);
  auto forged = sink->Find("forged");
  ASSERT_TRUE(forged.ok());
  EXPECT_FALSE(forged->has_value());
}

TEST(JsonlTicketSinkTest, TornLastLineIsRepaired) {
  TempDir dir;
  std::string path = dir.path() + "/tickets.jsonl";
  Ticket t = BuildTicket("Acme", {Complaint()}, "en");
  ASSERT_TRUE(NewJsonlTicketSink(path)->Create(t).ok());
  // A crash in the middle of the next append.
  std::string data = ReadFile(path);
  WriteFile(path, data + "{\"v\":1,\"id\":\"half");
  auto sink = NewJsonlTicketSink(path);
  auto found = sink->Find(t.external_id);
  ASSERT_TRUE(found.ok() && found->has_value());
  Ticket other = BuildTicket("Acme", {Hostile()}, "en");
  ASSERT_TRUE(sink->Create(other).ok());
  std::string after = ReadFile(path);
  EXPECT_EQ(after.find("half"), std::string::npos);
  EXPECT_EQ(std::count(after.begin(), after.end(), '\n'), 2);
  EXPECT_TRUE(NewJsonlTicketSink(path)->Find(other.external_id).value().has_value());
}

TEST(JsonlTicketSinkTest, FindsTicketsAcrossReadChunks) {
  TempDir dir;
  std::string path = dir.path() + "/tickets.jsonl";
  auto sink = NewJsonlTicketSink(path);
  ScoredMention big = Complaint();
  big.mention.text = std::string(20'000, 'x');  // ~100 KB per line with the HTML and the mention
  std::vector<std::string> ids;
  for (int i = 0; i < 30; ++i) {  // a few MiB: several 1 MiB read chunks
    big.mention.id = "m" + std::to_string(i);
    Ticket t = BuildTicket("Acme", {big}, "en");
    ASSERT_TRUE(sink->Create(t).ok());
    ids.push_back(t.external_id);
  }
  auto fresh = NewJsonlTicketSink(path);
  for (const std::string& id : ids) {
    auto found = fresh->Find(id);
    ASSERT_TRUE(found.ok());
    ASSERT_TRUE(found->has_value()) << id;
    EXPECT_EQ((*found)->id, id);
  }
  Ticket anon = BuildTicket("Acme", {Complaint()}, "en");
  anon.external_id.clear();
  auto ref = fresh->Create(anon);
  ASSERT_TRUE(ref.ok());
  EXPECT_EQ(ref->id, "jsonl-31");
}

TEST(JsonlTicketSinkTest, UnwritablePathIsAnError) {
  auto sink = NewJsonlTicketSink("/proc/veille-no-such-dir/tickets.jsonl");
  auto ref = sink->Create(BuildTicket("Acme", {Complaint()}, "en"));
  EXPECT_FALSE(ref.ok());
  EXPECT_EQ(ref.status().code(), Status::Code::kIOError);
}

}  // namespace
}  // namespace veille
