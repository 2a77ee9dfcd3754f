// Feed parser throughput (MB/s, items/s) on generated, realistic feeds, against
// the floor of raw libxml2 (xmlReadMemory + a walk over every node) on the
// same bytes, plus the text utilities the parser leans on.
//
//   build-*/bench/collectors/veille_collectors_bench --benchmark_min_time=1
#include <benchmark/benchmark.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <random>
#include <string>

#include "collectors/feed.h"
#include "collectors/query.h"
#include "collectors/text.h"
#include "collectors/url.h"

namespace veille {
namespace {

const char* kWords[] = {"Acme", "annonce", "une", "panne", "géante", "clients", "service", "Société",
                        "Générale", "résultats", "trimestre", "l'usine", "grève", "support", "order",
                        "never", "arrived", "customers", "angry", "price", "new", "product", "launch"};

std::string Sentence(std::mt19937& rng, int words) {
  std::string s;
  for (int i = 0; i < words; ++i) {
    if (i) s += ' ';
    s += kWords[rng() % (sizeof kWords / sizeof *kWords)];
  }
  return s;
}

// A Google News-like RSS 2.0 feed with an HTML description per item.
std::string MakeRss(int items) {
  std::mt19937 rng(42);
  std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\" "
                  "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>Bench</title>"
                  "<link>https://example.com/</link><language>fr</language>";
  for (int i = 0; i < items; ++i) {
    std::string n = std::to_string(i);
    x += "<item><title>" + Sentence(rng, 10) + " - Le Journal</title><link>https://www.example.com/article/" + n +
         "?utm_source=rss&amp;id=" + n + "</link><guid isPermaLink=\"false\">guid-" + n +
         "</guid><pubDate>Tue, 05 Mar 2024 08:00:00 GMT</pubDate><dc:creator>Jean Dupont</dc:creator>"
         "<description>&lt;p&gt;" + Sentence(rng, 60) + "&amp;nbsp;&lt;b&gt;" + Sentence(rng, 5) +
         "&lt;/b&gt; &amp;#39;ok&amp;#39;&lt;/p&gt;</description><source url=\"https://journal.example\">"
         "Le Journal</source></item>";
  }
  return x + "</channel></rss>";
}

// A Google Alerts-like Atom feed.
std::string MakeAtom(int items) {
  std::mt19937 rng(7);
  std::string x = "<?xml version=\"1.0\" encoding=\"utf-8\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">"
                  "<title>Google Alert - acme</title><updated>2024-03-05T10:15:03Z</updated>";
  for (int i = 0; i < items; ++i) {
    std::string n = std::to_string(i);
    x += "<entry><id>tag:google.com,2013:googlealerts/feed:" + n + "</id><title type=\"html\">&lt;b&gt;Acme&lt;/b&gt; " +
         Sentence(rng, 9) + "</title><link href=\"https://www.google.com/url?rct=j&amp;sa=t&amp;url=https://news."
         "example.org/" + n + "&amp;ct=ga&amp;cd=CAIyGjE2&amp;usg=AOvVaw\"></link><published>2024-03-05T09:58:12Z"
         "</published><updated>2024-03-05T09:58:12Z</updated><content type=\"html\">" + Sentence(rng, 40) +
         " &lt;b&gt;Acme&lt;/b&gt;&amp;nbsp;...</content><author><name></name></author></entry>";
  }
  return x + "</feed>";
}

const std::string& Rss() {
  static const std::string s = MakeRss(100);
  return s;
}
const std::string& Atom() {
  static const std::string s = MakeAtom(100);
  return s;
}

void ReportRates(benchmark::State& state, size_t bytes, int items) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.counters["items/s"] = benchmark::Counter(static_cast<double>(state.iterations()) * items,
                                                 benchmark::Counter::kIsRate);
}

void BM_ParseFeed(benchmark::State& state, const std::string& (*feed)()) {
  const std::string& bytes = feed();
  FeedParseOptions options;
  options.fetched_ms = 1709683200000;
  size_t items = 0;
  for (auto _ : state) {
    auto r = ParseFeed(bytes, options);
    if (!r.ok()) state.SkipWithError(r.status().ToString().c_str());
    items = r.ok() ? r->items.size() : 0;
    benchmark::DoNotOptimize(items);
  }
  ReportRates(state, bytes.size(), static_cast<int>(items));
}

size_t Walk(const xmlNode* n) {
  size_t count = 0;
  for (; n != nullptr; n = n->next) {
    if (n->type == XML_TEXT_NODE && n->content) count += xmlStrlen(n->content) > 0;
    count += n->type == XML_ELEMENT_NODE;
    count += Walk(n->children);
  }
  return count;
}

void BM_RawLibxml2(benchmark::State& state, const std::string& (*feed)(), int items) {
  const std::string& bytes = feed();
  for (auto _ : state) {
    xmlDoc* doc = xmlReadMemory(bytes.data(), static_cast<int>(bytes.size()), nullptr, nullptr,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    benchmark::DoNotOptimize(Walk(xmlDocGetRootElement(doc)));
    xmlFreeDoc(doc);
  }
  ReportRates(state, bytes.size(), items);
}

BENCHMARK_CAPTURE(BM_ParseFeed, rss_100_items, &Rss);
BENCHMARK_CAPTURE(BM_RawLibxml2, rss_100_items, &Rss, 100);
BENCHMARK_CAPTURE(BM_ParseFeed, atom_100_items, &Atom);
BENCHMARK_CAPTURE(BM_RawLibxml2, atom_100_items, &Atom, 100);

void BM_HtmlToText(benchmark::State& state) {
  std::mt19937 rng(1);
  std::string html;
  for (int i = 0; i < 200; ++i) html += "<p class=\"x\">" + Sentence(rng, 12) + "&nbsp;<b>Acme</b> &#39;ok&#39;</p>";
  for (auto _ : state) benchmark::DoNotOptimize(HtmlToText(html));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * html.size()));
}
BENCHMARK(BM_HtmlToText);

void BM_FoldForMatch(benchmark::State& state) {
  std::mt19937 rng(2);
  std::string text = Sentence(rng, 2000);
  for (auto _ : state) benchmark::DoNotOptimize(FoldForMatch(text));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_FoldForMatch);

void BM_BrandMatcher(benchmark::State& state) {
  std::vector<Brand> brands(20);
  for (int i = 0; i < 20; ++i) {
    brands[i].name = "Brand" + std::to_string(i);
    brands[i].query = "(brand" + std::to_string(i) + " OR \"société générale\") -coyote";
  }
  auto matcher = BrandMatcher::Create(brands);
  std::mt19937 rng(3);
  Mention m;
  m.title = Sentence(rng, 12);
  m.text = Sentence(rng, 80);
  for (auto _ : state) benchmark::DoNotOptimize(matcher->Match(m));
  state.counters["mentions/s"] = benchmark::Counter(static_cast<double>(state.iterations()),
                                                    benchmark::Counter::kIsRate);
}
BENCHMARK(BM_BrandMatcher);

void BM_CanonicalUrl(benchmark::State& state) {
  std::string url = "https://www.google.com/url?rct=j&sa=t&url=https://www.example-news.com/business/"
                    "acme-recall%3Futm_source%3Dgoogle%26id%3D7&ct=ga&cd=CAIyGjE2&usg=AOvVaw";
  for (auto _ : state) benchmark::DoNotOptimize(CanonicalUrl(url));
}
BENCHMARK(BM_CanonicalUrl);

}  // namespace
}  // namespace veille

BENCHMARK_MAIN();
