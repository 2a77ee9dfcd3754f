#include "collectors/feed.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "collectors/text.h"
#include "collectors/url.h"

namespace veille {
namespace {

constexpr int64_t kFetched = 1709683200000;  // 2024-03-06T00:00:00Z

std::string Fixture(const std::string& name) {
  std::ifstream f(std::string(VEILLE_FEED_FIXTURES) + "/" + name, std::ios::binary);
  EXPECT_TRUE(f.good()) << name;
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

Feed MustParse(const std::string& bytes, FeedParseOptions options = {}) {
  if (options.fetched_ms == 0) options.fetched_ms = kFetched;
  auto r = ParseFeed(bytes, options);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : Feed{};
}

void ExpectAllValidUtf8(const Feed& feed) {
  for (const FeedItem& i : feed.items) {
    for (const std::string* s : {&i.id, &i.link, &i.title, &i.summary, &i.content, &i.author, &i.publisher}) {
      EXPECT_TRUE(IsValidUtf8(*s)) << *s;
    }
  }
}

TEST(FeedDateTest, Rfc822AndRfc3339) {
  EXPECT_EQ(ParseFeedDate("Tue, 05 Mar 2024 08:00:00 GMT"), 1709625600000);
  EXPECT_EQ(ParseFeedDate("05 Mar 2024 09:00:00 +0100"), 1709625600000);
  EXPECT_EQ(ParseFeedDate("Tue, 5 Mar 24 03:00 EST"), 1709625600000);
  EXPECT_EQ(ParseFeedDate("Tue, 05 Mar 2024 08:00:00"), 1709625600000);  // no zone: UTC
  EXPECT_EQ(ParseFeedDate("2024-03-05T08:00:00Z"), 1709625600000);
  EXPECT_EQ(ParseFeedDate("2024-03-05T09:00:00.250+01:00"), 1709625600250);
  EXPECT_EQ(ParseFeedDate(" 2024-03-05t08:00:00-00:00 "), 1709625600000);
  EXPECT_EQ(ParseFeedDate("2024-03-05"), 1709596800000);
  EXPECT_EQ(ParseFeedDate(""), -1);
  EXPECT_EQ(ParseFeedDate("yesterday"), -1);
  EXPECT_EQ(ParseFeedDate("2024-13-05T08:00:00Z"), -1);
  EXPECT_EQ(ParseFeedDate("Tue, 05 Foo 2024 08:00:00 GMT"), -1);
  EXPECT_EQ(ParseFeedDate("2024-03-05T25:00:00Z"), -1);
}

TEST(FeedParserTest, GoogleAlertsAtom) {
  Feed feed = MustParse(Fixture("google_alerts.atom"));
  EXPECT_EQ(feed.format, FeedFormat::kAtom);
  EXPECT_EQ(feed.title, "Google Alert - acme");
  ASSERT_EQ(feed.items.size(), 3u);
  const FeedItem& a = feed.items[0];
  EXPECT_EQ(a.id, "tag:google.com,2013:googlealerts/feed:11473519237466931843");
  EXPECT_EQ(a.title, "Acme recalls 40,000 toasters after fire reports");
  EXPECT_EQ(a.summary, "");
  EXPECT_EQ(a.content, "Acme Corp. said on Tuesday it would recall toasters sold since 2022 ...");
  EXPECT_EQ(a.author, "");
  EXPECT_EQ(a.published_ms, 1709632692000);
  EXPECT_FALSE(a.date_missing);
  EXPECT_EQ(CanonicalUrl(a.link), "https://www.example-news.com/business/acme-recall-toasters");
  EXPECT_EQ(feed.items[1].title, "Why customers can't stand Acme's new support line");
  EXPECT_EQ(feed.items[1].content, "I waited 3 hours on hold with Acme & nobody answered ...");
  EXPECT_EQ(CanonicalUrl(feed.items[1].link), "https://blog.example.org/2024/03/acme-support");
  // Dated 2030: clamped to the fetch time.
  EXPECT_EQ(feed.items[2].published_ms, kFetched);
  EXPECT_EQ(feed.items[2].content, "Le partenariat entre Acme et la Société Générale ...");
  ExpectAllValidUtf8(feed);
}

TEST(FeedParserTest, GoogleNewsRss) {
  Feed feed = MustParse(Fixture("google_news.rss"));
  EXPECT_EQ(feed.format, FeedFormat::kRss2);
  EXPECT_EQ(feed.lang, "fr");
  ASSERT_EQ(feed.items.size(), 3u);
  const FeedItem& a = feed.items[0];
  EXPECT_EQ(a.title, "Acme rachète Globex pour 2 milliards d'euros");
  EXPECT_EQ(a.publisher, "Le Monde");
  EXPECT_EQ(a.publisher_url, "https://www.lemonde.fr");
  EXPECT_EQ(a.lang, "fr");
  EXPECT_EQ(a.id, "CBMiWmh0dHBzOi8vd3d3LmxlbW9uZGUuZnIvZWNvbm9taWUvYXJ0aWNsZS8yMDI0LzAzLzA1L2FjbWUtZ2xvYmV4XzYyMTAwMDBfMzIzNC5odG1s0gEA");
  EXPECT_EQ(a.summary, "Acme rachète Globex pour 2 milliards d'euros Le Monde");
  EXPECT_EQ(a.published_ms, 1709625600000);
  EXPECT_EQ(UrlHost(a.link), "news.google.com");
  // Only one " - Publisher" suffix is removed.
  EXPECT_EQ(feed.items[2].title, "Les clients d'Acme se plaignent - Ouest-France");
}

TEST(FeedParserTest, BingNewsRss) {
  Feed feed = MustParse(Fixture("bing_news.rss"));
  ASSERT_EQ(feed.items.size(), 2u);
  EXPECT_EQ(feed.items[0].title, "Acme ouvre un centre à Lyon");
  EXPECT_EQ(feed.items[0].publisher, "Le Progrès");
  EXPECT_EQ(CanonicalUrl(feed.items[0].link), "https://www.leprogres.fr/economie/2024/03/05/acme-lyon");
  EXPECT_EQ(CanonicalUrl(feed.items[1].link), "https://www.20minutes.fr/tech/acme-panne");
}

TEST(FeedParserTest, Rss1Rdf) {
  Feed feed = MustParse(Fixture("rss1.rdf"));
  EXPECT_EQ(feed.format, FeedFormat::kRss1);
  EXPECT_EQ(feed.title, "Planet Example");
  EXPECT_EQ(feed.lang, "en");
  ASSERT_EQ(feed.items.size(), 2u);
  EXPECT_EQ(feed.items[0].id, "https://planet.example.org/acme-review");
  EXPECT_EQ(feed.items[0].author, "Wile E. Coyote");
  EXPECT_EQ(feed.items[0].summary, "They work. Mostly.");
  EXPECT_EQ(feed.items[0].published_ms, 1709573400000);  // 17:30Z
  EXPECT_EQ(feed.items[0].lang, "en");
  EXPECT_EQ(feed.items[1].lang, "fr");
}

TEST(FeedParserTest, Latin1DeclaredInProlog) {
  Feed feed = MustParse(Fixture("latin1_prolog.rss"));
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].title, "Société Générale et Acme : l'été sera chaud");
  EXPECT_EQ(feed.items[0].author, "Rédaction");
  EXPECT_EQ(feed.lang, "fr");
  EXPECT_FALSE(feed.repaired_encoding);
}

TEST(FeedParserTest, Latin1DeclaredOnlyInHttpHeader) {
  FeedParseOptions options;
  options.http_charset = "ISO-8859-1";
  Feed feed = MustParse(Fixture("latin1_no_prolog.rss"), options);
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].title, "Société Générale et Acme : l'été sera chaud");
  EXPECT_FALSE(feed.repaired_encoding);
  // Without the header the bytes are read as mislabelled and still repaired.
  Feed guessed = MustParse(Fixture("latin1_no_prolog.rss"));
  ASSERT_EQ(guessed.items.size(), 1u);
  EXPECT_EQ(guessed.items[0].title, "Société Générale et Acme : l'été sera chaud");
  EXPECT_TRUE(guessed.repaired_encoding);
}

TEST(FeedParserTest, MislabelledUtf8IsRepaired) {
  Feed feed = MustParse(Fixture("mislabelled_utf8.rss"));
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_TRUE(feed.repaired_encoding);
  EXPECT_EQ(feed.items[0].summary, "Les négociations reprennent à la rentrée.");
  ExpectAllValidUtf8(feed);
}

TEST(FeedParserTest, HtmlTitlesEmptyAuthorsMissingDatesRelativeLinks) {
  FeedParseOptions options;
  options.base_url = "https://forum.example.com/latest.rss";
  Feed feed = MustParse(Fixture("html_titles.rss"), options);
  EXPECT_EQ(feed.title, "Forum & Co");
  ASSERT_EQ(feed.items.size(), 3u);
  const FeedItem& a = feed.items[0];
  EXPECT_EQ(a.title, "Acme support is terrible — again");
  EXPECT_EQ(a.summary, "My order #4521 never arrived. Nobody answers & the chat is down.");
  EXPECT_EQ(a.content, "Full text: @bob says hi.");
  EXPECT_EQ(a.author, "");
  EXPECT_EQ(feed.items[1].id, "forum-124");
  EXPECT_EQ(feed.items[1].link, "");
  EXPECT_TRUE(feed.items[1].date_missing);
  EXPECT_EQ(feed.items[1].published_ms, kFetched);
  EXPECT_EQ(feed.items[1].summary, "plain text < with a less-than");
  EXPECT_EQ(feed.items[2].link, "https://forum.example.com/t/125");
  EXPECT_EQ(feed.items[2].published_ms, 1709643600000);  // 08:00 EST = 13:00Z
}

TEST(FeedParserTest, MaxItems) {
  FeedParseOptions options;
  options.max_items = 2;
  EXPECT_EQ(MustParse(Fixture("google_news.rss"), options).items.size(), 2u);
}

TEST(FeedParserTest, BadInputIsCorruptionNamingTheLine) {
  auto truncated = ParseFeed(Fixture("truncated.rss"));
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.status().code(), Status::Code::kCorruption);
  EXPECT_NE(truncated.status().message().find("line 1"), std::string::npos) << truncated.status().message();

  auto html = ParseFeed(Fixture("not_a_feed.html"));
  ASSERT_FALSE(html.ok());
  EXPECT_EQ(html.status().code(), Status::Code::kCorruption);
  // The unclosed <br> is only noticed at the end of the document, line 3.
  EXPECT_EQ(html.status().message().rfind("line 3: Premature end of data", 0), 0u) << html.status().message();

  auto xhtml = ParseFeed(Fixture("xhtml_page.xml"));
  ASSERT_FALSE(xhtml.ok());
  EXPECT_NE(xhtml.status().message().find("not a feed: root element <html>"), std::string::npos)
      << xhtml.status().message();

  for (std::string bad : {std::string(""), std::string("   \n"), std::string("{\"json\": true}"),
                          std::string("<rss version=\"2.0\"></rss>"), std::string("\xFF\xFE\x00<", 4)}) {
    auto r = ParseFeed(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), Status::Code::kCorruption) << r.status().ToString();
    EXPECT_EQ(r.status().message().rfind("line ", 0), 0u) << r.status().message();
  }
}

TEST(FeedParserTest, NoNetworkNoExternalEntitiesNoBillionLaughs) {
  std::string xxe = R"(<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY net SYSTEM "http://127.0.0.1:1/x">]>
<rss version="2.0"><channel><item><title>a&xxe;&net;b</title></item></channel></rss>)";
  auto r = ParseFeed(xxe);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->items.size(), 1u);
  EXPECT_EQ(r->items[0].title, "ab");  // nothing read from disk or network
  std::string lol = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">";
  for (int i = 1; i < 10; ++i) {
    lol += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) lol += i == 1 ? "&lol;" : "&lol" + std::to_string(i - 1) + ";";
    lol += "\">";
  }
  lol += "]><rss version=\"2.0\"><channel><item><title>&lol9;</title></item></channel></rss>";
  auto bomb = ParseFeed(lol);
  ASSERT_FALSE(bomb.ok());
  EXPECT_EQ(bomb.status().code(), Status::Code::kCorruption) << bomb.status().ToString();
}

}  // namespace
}  // namespace veille
