#include "collectors/text.h"

#include <gtest/gtest.h>

#include <chrono>

#include "collectors/url.h"

namespace veille {
namespace {

TEST(HtmlToTextTest, StripsTagsAndDecodesEntities) {
  EXPECT_EQ(HtmlToText("<b>Acme</b> rachète&nbsp;<i>Globex</i> &amp; co"), "Acme rachète Globex & co");
  EXPECT_EQ(HtmlToText("l&#39;usine &#x2013; d&eacute;j&agrave; &apos;ok&apos; &euro;5 &copy;"),
            "l'usine – déjà 'ok' €5 ©");
  EXPECT_EQ(HtmlToText("<p>one</p><p>two<br/>three</p>"), "one two three");
  EXPECT_EQ(HtmlToText("  lots \n\t of   space  "), "lots of space");
  EXPECT_EQ(HtmlToText("x<script>alert('<b>')</script>y<style>p{}</style>z"), "x y z");
  EXPECT_EQ(HtmlToText("a<!-- hidden <b> -->b"), "ab");
  EXPECT_EQ(HtmlToText("<a href=\"/x?a>b\" title='q>r'>link</a>"), "link");
}

TEST(HtmlToTextTest, DecodesOnceAndKeepsLiteralText) {
  // &amp;lt; is the text "&lt;", not "<": no double decoding.
  EXPECT_EQ(HtmlToText("&amp;lt;b&amp;gt;"), "&lt;b&gt;");
  EXPECT_EQ(HtmlToText("a < b and c > d"), "a < b and c > d");
  EXPECT_EQ(HtmlToText("AT&T &unknown; & &;"), "AT&T &unknown; & &;");
  EXPECT_EQ(HtmlToText("cut <a href=\"x"), "cut");
  // Invalid numeric references become U+FFFD, C1 references read as 1252.
  EXPECT_EQ(HtmlToText("&#0;&#xD800;&#99999999999;&#150;"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xE2\x80\x93");
  EXPECT_EQ(HtmlToText("caf\xE9"), "caf\xEF\xBF\xBD");  // invalid UTF-8 repaired
}

TEST(HtmlToTextTest, HtmlBombIsLinear) {
  std::string bomb;
  for (int i = 0; i < 200000; ++i) bomb += "<div><span class=\"a\">";
  bomb += "payload";
  std::string unclosed(400000, '<');  // '<' followed by '<': literal text
  std::string quotes;
  for (int i = 0; i < 100000; ++i) quotes += "<a x=\"";
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(HtmlToText(bomb), "payload");
  EXPECT_EQ(HtmlToText(unclosed).size(), unclosed.size());
  EXPECT_EQ(HtmlToText("ok " + quotes), "ok");
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(ms, 1000) << "quadratic behaviour on hostile HTML";
}

TEST(Utf8Test, ValidatesAndRepairs) {
  EXPECT_TRUE(IsValidUtf8("Société 😀"));
  EXPECT_FALSE(IsValidUtf8("caf\xE9"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));          // truncated
  EXPECT_EQ(ToValidUtf8("caf\xE9 ok"), "caf\xEF\xBF\xBD ok");
  // A truncated 3-byte sequence is one maximal subpart: one U+FFFD.
  EXPECT_EQ(ToValidUtf8("a\xE2\x82z"), "a\xEF\xBF\xBDz");
  EXPECT_EQ(ToValidUtf8("caf\xE9 \x80", InvalidUtf8::kWindows1252), "café €");
  EXPECT_EQ(ToValidUtf8(std::string("a\0b", 3)), "ab");
  EXPECT_TRUE(IsValidUtf8(ToValidUtf8("\xFF\xFE\xC3")));
}

TEST(FoldTest, AccentsCaseAndPunctuation) {
  EXPECT_EQ(FoldForMatch("Société Générale"), "societe generale");
  EXPECT_EQ(NormalizeForKey("  L’Oréal -- PARIS! "), "l oreal paris");
  EXPECT_EQ(FoldForMatch("Straße Œuvre Æsir Øre Łódź ﬁnance"), "strasse oeuvre aesir ore lodz finance");
  EXPECT_EQ(NormalizeForKey("ÉCOLE Ça"), "ecole ca");
  EXPECT_EQ(NormalizeForKey("Ｆｕｌｌｗｉｄｔｈ"), "fullwidth");
  EXPECT_EQ(NormalizeForKey("Москва ΑΘΗΝΑ"), "москва αθηνα");
  EXPECT_EQ(NormalizeForKey("i ❤ acme 😀!"), "i acme");
  EXPECT_EQ(NormalizeForKey("caf\xE9"), "caf");
}

TEST(UrlTest, CanonicalForm) {
  EXPECT_EQ(CanonicalUrl("HTTPS://WWW.Example.COM:443/Path/A?b=2&a=1#frag"), "https://www.example.com/Path/A?a=1&b=2");
  EXPECT_EQ(CanonicalUrl("http://example.com"), "http://example.com/");
  EXPECT_EQ(CanonicalUrl("http://example.com:8080/x"), "http://example.com:8080/x");
  EXPECT_EQ(CanonicalUrl("http://user:pw@example.com./x"), "http://example.com/x");
  EXPECT_EQ(CanonicalUrl("https://example.com/a?utm_source=rss&utm_medium=feed&id=7&fbclid=X&gclid=Y&xtor=RSS-3208"
                         "&mc_cid=1&mc_eid=2&igshid=3&ref_src=twsrc"),
            "https://example.com/a?id=7");
  EXPECT_EQ(CanonicalUrl("  https://example.com/a  "), "https://example.com/a");
  EXPECT_EQ(CanonicalUrl("/relative"), "");
  EXPECT_EQ(CanonicalUrl("ftp://example.com/"), "");
  EXPECT_EQ(CanonicalUrl("javascript:alert(1)"), "");
  EXPECT_EQ(CanonicalUrl("http://example.com:80x/"), "");
  EXPECT_EQ(CanonicalUrl("http:///nohost"), "");
}

// A link as a hostile or sloppy feed writes it: one canonical form, with
// nothing in it that could break out of an attribute, a header or a log line.
TEST(UrlTest, BytesNoUrlMayHoldAreEscaped) {
  EXPECT_EQ(CanonicalUrl("https://example.com/a b?q=\"x\"<y>&k=`1`"),
            "https://example.com/a%20b?k=%601%60&q=%22x%22%3Cy%3E");
  EXPECT_EQ(CanonicalUrl("https://example.com/a%20b"), "https://example.com/a%20b");  // one key for both
  EXPECT_EQ(CanonicalUrl("https://exa\nmple.com/long/\r\n\tpath"), "https://example.com/long/path");
  EXPECT_EQ(CanonicalUrl("https://example.com/caf\xC3\xA9/\xE9t\xE9"), "https://example.com/caf\xC3\xA9/%E9t%E9");
  EXPECT_EQ(CanonicalUrl("https://example.com/\xC3\xA9 \xC3\xA9"), "https://example.com/\xC3\xA9%20\xC3\xA9");
  EXPECT_EQ(CanonicalUrl(std::string("https://example.com/a\x01\x7F\0b", 25)), "https://example.com/a%01%7F%00b");
  EXPECT_EQ(CanonicalUrl("https://ex\xE9mple.com/"), "");  // a host that is not UTF-8
  EXPECT_EQ(CanonicalUrl("https://a.fr:b.fr:/x"), "");     // a ':' in the host itself
  EXPECT_EQ(CanonicalUrl("https://[::1]:8080/x"), "https://[::1]:8080/x");
  EXPECT_EQ(CanonicalUrl("https://example.com:/x"), "https://example.com/x");
  EXPECT_EQ(CanonicalUrl("https://example.com/a b"), CanonicalUrl(CanonicalUrl("https://example.com/a b")));
}

TEST(UrlTest, UnwrapsGoogleAndBingRedirects) {
  EXPECT_EQ(CanonicalUrl("https://www.google.com/url?rct=j&sa=t&url=https://www.lemonde.fr/economie/article/"
                         "2024/acme.html%3Futm_source%3Dalerts&ct=ga&cd=CAIyGjk&usg=AOvVaw1"),
            "https://www.lemonde.fr/economie/article/2024/acme.html");
  EXPECT_EQ(CanonicalUrl("https://www.google.fr/url?q=https%3A%2F%2Fexample.com%2Fx%3Fb%3D1%26a%3D2&sa=U"),
            "https://example.com/x?a=2&b=1");
  std::string bing1 = "http://www.bing.com/news/apiclick.aspx?ref=FexRss&aid=&tid=AAA111&url=https%3a%2f%2fwww."
                      "example.fr%2fnews%2facme&c=123&mkt=fr-fr";
  std::string bing2 = "http://www.bing.com/news/apiclick.aspx?ref=FexRss&aid=&tid=BBB222&url=https%3a%2f%2fwww."
                      "example.fr%2fnews%2facme&c=456&mkt=fr-fr";
  EXPECT_EQ(CanonicalUrl(bing1), "https://www.example.fr/news/acme");
  EXPECT_EQ(CanonicalUrl(bing1), CanonicalUrl(bing2));
  // A redirect to something that is not http(s) stays wrapped.
  EXPECT_EQ(CanonicalUrl("https://www.google.com/url?url=javascript:alert(1)"),
            "https://www.google.com/url?url=javascript:alert(1)");
  // Not a redirector: untouched.
  EXPECT_EQ(CanonicalUrl("https://www.googleapis.com/url?url=https://x.org/"),
            "https://www.googleapis.com/url?url=https://x.org/");
}

TEST(UrlTest, DedupKeys) {
  EXPECT_EQ(DedupKey("https://x.org/a", "rss", "guid-1", "T", "P"), "https://x.org/a");
  EXPECT_EQ(DedupKey("", "rss", "guid-1", "T", "P"), "rss:guid-1");
  std::string k1 = DedupKey("", "rss", "", "Acme rachète Globex", "Le Monde");
  std::string k2 = DedupKey("", "rss", "", "  ACME rachete globex! ", "le monde");
  EXPECT_EQ(k1, k2);
  EXPECT_EQ(k1.size(), 18u);
  EXPECT_EQ(k1.rfind("h:", 0), 0u);
  EXPECT_NE(k1, DedupKey("", "rss", "", "Acme rachète Globex", "Le Figaro"));
  EXPECT_EQ(UrlHost("https://News.Google.com/rss/articles/CBMi?oc=5"), "news.google.com");
}

}  // namespace
}  // namespace veille
