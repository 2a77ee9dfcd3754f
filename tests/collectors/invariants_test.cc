// The properties of invariants.h on hostile inputs: hand-picked URLs, and
// the feed and mail fixtures damaged thousands of ways from a fixed seed
// (bytes flipped, inserted, deleted, cut). What scripts/fuzz found is kept
// as regressions beside the code's own tests (mail_test.cc, text_test.cc).
#include "tests/collectors/invariants.h"

#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace veille {
namespace {

namespace ci = collector_invariants;

std::string ReadFile(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  EXPECT_TRUE(f.good()) << path;
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

TEST(CollectorInvariantsTest, HandPickedUrls) {
  const char* urls[] = {
      "", "http://", "https://", "http:///", "http://a", "HTTP://EXAMPLE.COM:80", "https://example.com:443/",
      "https://example.com:99999/", "https://user:pw@example.com/a?b=1#c", "https://example.com./",
      "https://example.com/a b", "https://example.com/\"onmouseover=\"x", "https://example.com/<script>",
      "javascript:alert(1)", "data:text/html,x", "//example.com/a", "https://exa\nmple.com/",
      "https://example.com/?utm_source=x&b=2&a=1&fbclid=y#frag",
      "https://www.google.com/url?sa=t&url=https://news.example.fr/a?utm_medium=x&ct=ga",
      "https://www.google.com/url?url=https://www.google.com/url?url=https://www.google.com/url?url=https://a.fr/",
      "https://www.google.fr/url?q=javascript:alert(1)",
      "https://www.bing.com/news/apiclick.aspx?ref=FexRss&url=https%3a%2f%2fa.fr%2fb%3fc%3d1&tid=X",
      "https://www.bing.com/news/apiclick.aspx?url=https%3a%2f%2fwww.google.com%2furl%3furl%3dhttps%3a%2f%2fa.fr",
      "https://example.com/%zz%2F%2f%", "https://[::1]:8080/x", "https://\xC3\xA9xample.com/\xC3\xA9",
      "https://example.com/a\x01\x7F", "https://example.com?=&&=&a", "https://example.com/?a=%26&a=%3D",
  };
  for (const char* url : urls) EXPECT_EQ(ci::CheckUrl(url), "");
}

// Every fixture, damaged: what parses is valid, what does not is refused
// with a reason, nothing crashes.
TEST(CollectorInvariantsTest, DamagedFixtures) {
  std::vector<std::string> inputs;
  for (const char* name : {"google_alerts.atom", "google_news.rss", "bing_news.rss", "html_titles.rss",
                           "latin1_no_prolog.rss", "latin1_prolog.rss", "mislabelled_utf8.rss", "rss1.rdf",
                           "truncated.rss", "xhtml_page.xml", "not_a_feed.html"}) {
    inputs.push_back(ReadFile(std::string(VEILLE_FEED_FIXTURES) + "/" + name));
  }
  for (const char* name : {"google_alerts_daily_qp.eml", "google_alerts_latin1_base64.eml", "other_sender.eml"}) {
    inputs.push_back(ReadFile(std::string(VEILLE_MAIL_FIXTURES) + "/" + name));
  }
  std::mt19937 rng(20261123);
  int checked = 0;
  for (int round = 0; round < 1500; ++round) {
    std::string in = inputs[rng() % inputs.size()];
    const int edits = 1 + static_cast<int>(rng() % 8);
    for (int e = 0; e < edits && !in.empty(); ++e) {
      const size_t at = rng() % in.size();
      switch (rng() % 5) {
        case 0: in[at] = static_cast<char>(rng() & 0xFF); break;
        case 1: in.insert(at, 1, static_cast<char>(rng() & 0xFF)); break;
        case 2: in.erase(at, 1 + rng() % 64); break;
        case 3: in.insert(at, in.substr(rng() % in.size(), rng() % 200)); break;  // a piece repeated
        default: in.resize(at); break;
      }
    }
    for (const std::string& broken : {ci::CheckFeed(in), ci::CheckMail(in), ci::CheckText(in.substr(0, 2000)),
                                      ci::CheckUrl(in.substr(rng() % (in.size() + 1), 120))}) {
      ASSERT_EQ(broken, "") << "round " << round;
    }
    ++checked;
  }
  EXPECT_EQ(checked, 1500);
}

}  // namespace
}  // namespace veille
