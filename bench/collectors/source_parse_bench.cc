// Parse-and-normalise throughput of every source format (MB/s, mentions/s)
// next to the raw parse speed of the library underneath on the same bytes:
//  - RSS 1.0 (RDF) through ParseFeed vs raw libxml2 (RSS 2.0 and Atom are in
//    feed_parser_bench.cc);
//  - each JSON API (Hacker News, Reddit, Mastodon, Bluesky, App Store) through
//    the real Source::Fetch, fed in memory by a fake HttpClient (no network),
//    vs RapidJSON's Document::Parse of the same page;
//  - a Google Alerts e-mail digest through ParseMail + ParseGoogleAlertsHtml
//    vs libxml2's HTML parser on the decoded HTML part.
// Pages are generated from the test fixtures (tests/fixtures/feeds), their
// one or two items replicated with fresh ids up to a realistic page size.
//
//   build/bench/collectors/veille_collectors_bench --benchmark_repetitions=5
//       --benchmark_report_aggregates_only=true (one command line; add
//       --benchmark_filter='SourceFetch|RawRapidJson|Mail|rss1' for a subset)
#include <benchmark/benchmark.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <fstream>
#include <iterator>
#include <random>
#include <string>

#include "collectors/feed.h"
#include "collectors/http_client.h"
#include "collectors/mail.h"
#include "collectors/source.h"
#include "common/log.h"

namespace veille {
namespace {

constexpr int64_t kNow = 1709683200000;  // 2024-03-06T00:00:00Z, the fixtures' "today"

std::string Fixture(const std::string& name) {
  std::ifstream f(std::string(VEILLE_FEED_FIXTURES) + "/" + name, std::ios::binary);
  if (!f) std::abort();
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

void ReportRates(benchmark::State& state, size_t bytes, size_t items) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.counters["mentions/s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * static_cast<double>(items),
                         benchmark::Counter::kIsRate);
}

// ---------------------------------------------------------------- RSS 1.0

std::string MakeRdf(int items) {
  std::mt19937 rng(11);
  const char* words[] = {"Acme", "review", "rocket", "skates", "widget", "launch", "panne", "société", "générale"};
  std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/"
                  "22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/"
                  "1.1/\"><channel rdf:about=\"https://planet.example.org/\"><title>Planet</title><link>https://"
                  "planet.example.org/</link><description>Blogs</description><dc:language>en</dc:language><items>"
                  "<rdf:Seq>";
  for (int i = 0; i < items; ++i) x += "<rdf:li rdf:resource=\"https://planet.example.org/p/" + std::to_string(i) + "\"/>";
  x += "</rdf:Seq></items></channel>";
  for (int i = 0; i < items; ++i) {
    std::string n = std::to_string(i), text;
    for (int w = 0; w < 60; ++w) text += std::string(w ? " " : "") + words[rng() % 9];
    x += "<item rdf:about=\"https://planet.example.org/p/" + n + "\"><title>" + text.substr(0, 70) +
         "</title><link>https://planet.example.org/p/" + n + "?utm_campaign=rss</link><description>&lt;p&gt;" +
         text + "&lt;/p&gt;</description><dc:creator>Wile E. Coyote</dc:creator><dc:date>2024-03-04T18:30:00+01:00"
         "</dc:date></item>";
  }
  return x + "</rdf:RDF>";
}

size_t Walk(const xmlNode* n) {
  size_t count = 0;
  for (; n != nullptr; n = n->next) {
    count += n->type == XML_ELEMENT_NODE;
    count += Walk(n->children);
  }
  return count;
}

void BM_ParseFeed_rss1(benchmark::State& state) {
  static const std::string bytes = MakeRdf(100);
  FeedParseOptions options;
  options.fetched_ms = kNow;
  size_t items = 0;
  for (auto _ : state) {
    auto r = ParseFeed(bytes, options);
    if (!r.ok()) state.SkipWithError(r.status().ToString().c_str());
    items = r.ok() ? r->items.size() : 0;
    benchmark::DoNotOptimize(items);
  }
  ReportRates(state, bytes.size(), items);
}
BENCHMARK(BM_ParseFeed_rss1);

void BM_RawLibxml2_rss1(benchmark::State& state) {
  static const std::string bytes = MakeRdf(100);
  for (auto _ : state) {
    xmlDoc* doc = xmlReadMemory(bytes.data(), static_cast<int>(bytes.size()), nullptr, nullptr,
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    benchmark::DoNotOptimize(Walk(xmlDocGetRootElement(doc)));
    xmlFreeDoc(doc);
  }
  ReportRates(state, bytes.size(), 100);
}
BENCHMARK(BM_RawLibxml2_rss1);

// ---------------------------------------------------------------- JSON APIs

// Replicates the items of the array at `path` to `n` items, making the string
// field `id_key` of each copy unique (digits appended, so numeric ids stay
// numeric), and applies `tweak` to the document.
std::string Replicate(const std::string& fixture, std::vector<const char*> path, const char* id_key,
                      const char* id_sub_key, int n, void (*tweak)(rapidjson::Document&)) {
  rapidjson::Document d;
  d.Parse(fixture.data(), fixture.size());
  if (d.HasParseError()) std::abort();
  auto& alloc = d.GetAllocator();
  rapidjson::Value* array = &d;
  for (const char* p : path) array = &(*array)[p];
  if (!array->IsArray() || array->Empty()) std::abort();
  rapidjson::Value copy(*array, alloc);
  array->Clear();
  for (int i = 0; i < n; ++i) {
    rapidjson::Value item((copy)[static_cast<rapidjson::SizeType>(i % copy.Size())], alloc);
    rapidjson::Value* holder = &item;
    if (id_sub_key != nullptr && item.HasMember(id_key)) holder = &item[id_key];
    const char* key = id_sub_key != nullptr ? id_sub_key : id_key;
    if (holder->IsObject() && holder->HasMember(key)) {
      rapidjson::Value& v = (*holder)[key];
      std::string id = v.IsString() ? std::string(v.GetString()) : std::to_string(v.IsInt64() ? v.GetInt64() : 0);
      id += std::to_string(100000 + i);
      v.SetString(id.c_str(), static_cast<rapidjson::SizeType>(id.size()), alloc);
    }
    array->PushBack(item, alloc);
  }
  if (tweak != nullptr) tweak(d);
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  d.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

class PageClient : public HttpClient {
 public:
  explicit PageClient(const std::string* body) : body_(body) {}
  Result<HttpResponse> Send(const HttpRequest&) override {
    HttpResponse r;
    r.status = 200;
    r.headers = {{"Content-Type", "application/json"}};
    r.body = *body_;
    return r;
  }

 private:
  const std::string* body_;
};

struct JsonCase {
  const char* type;
  std::string page;
  Options options;
};

JsonCase MakeCase(const std::string& type) {
  JsonCase c{nullptr, "", {}};
  c.options.Set("lookback_hours", int64_t{24 * 365 * 10});
  if (type == "hackernews") {
    c.type = "hackernews";
    c.page = Replicate(Fixture("hn_search_page0.json"), {"hits"}, "objectID", nullptr, 100,
                       [](rapidjson::Document& d) { d["nbPages"].SetInt(1); });
    c.options.Set("query", std::string("acme"));
    c.options.Set("max_pages", int64_t{1});
  } else if (type == "reddit") {
    c.type = "reddit";
    c.page = Replicate(Fixture("reddit_search_page0.json"), {"data", "children"}, "data", "name", 100,
                       [](rapidjson::Document& d) { d["data"]["after"].SetNull(); });
    c.options.Set("query", std::string("acme"));
  } else if (type == "mastodon") {
    c.type = "mastodon";
    c.page = Replicate(Fixture("mastodon_search.json"), {"statuses"}, "id", nullptr, 40, nullptr);
    c.options.Set("instance", std::string("https://example.social"));
    c.options.Set("query", std::string("acme"));
  } else if (type == "bluesky") {
    c.type = "bluesky";
    c.page = Replicate(Fixture("bluesky_search_page0.json"), {"posts"}, "uri", nullptr, 100,
                       [](rapidjson::Document& d) { d.RemoveMember("cursor"); });
    c.options.Set("query", std::string("acme"));
    c.options.Set("max_pages", int64_t{1});
  } else if (type == "appstore") {
    c.type = "appstore";
    c.page = Replicate(Fixture("appstore_fr.json"), {"feed", "entry"}, "id", "label", 50, nullptr);
    c.options.Set("app_id", std::string("123456789"));
    c.options.Set("max_pages", int64_t{1});
  }
  return c;
}

void BM_SourceFetch(benchmark::State& state, const char* type) {
  static log::Level quiet = [] {
    log::SetLevel(log::Level::kError);
    return log::Level::kError;
  }();
  (void)quiet;
  JsonCase c = MakeCase(type);
  PageClient http(&c.page);
  FakeClock clock(kNow);
  SourceContext ctx;
  ctx.http = &http;
  ctx.clock = &clock;
  SourceConfig config;
  config.name = "bench";
  config.type = c.type;
  config.options = c.options;
  auto source = FindSourceType(c.type)->create(config, ctx);
  if (!source.ok()) {
    state.SkipWithError(source.status().ToString().c_str());
    return;
  }
  size_t mentions = 0;
  for (auto _ : state) {
    FetchResult out;
    Status st = (*source)->Fetch("", &out);
    if (!st.ok()) {
      state.SkipWithError(st.ToString().c_str());
      break;
    }
    mentions = out.mentions.size();
    benchmark::DoNotOptimize(out);
  }
  state.counters["mentions/page"] = static_cast<double>(mentions);
  ReportRates(state, c.page.size(), mentions);
}

void BM_RawRapidJson(benchmark::State& state, const char* type) {
  JsonCase c = MakeCase(type);
  for (auto _ : state) {
    rapidjson::Document d;
    d.Parse(c.page.data(), c.page.size());
    benchmark::DoNotOptimize(d.HasParseError());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * c.page.size()));
}

BENCHMARK_CAPTURE(BM_SourceFetch, hackernews, "hackernews");
BENCHMARK_CAPTURE(BM_RawRapidJson, hackernews, "hackernews");
BENCHMARK_CAPTURE(BM_SourceFetch, reddit, "reddit");
BENCHMARK_CAPTURE(BM_RawRapidJson, reddit, "reddit");
BENCHMARK_CAPTURE(BM_SourceFetch, mastodon, "mastodon");
BENCHMARK_CAPTURE(BM_RawRapidJson, mastodon, "mastodon");
BENCHMARK_CAPTURE(BM_SourceFetch, bluesky, "bluesky");
BENCHMARK_CAPTURE(BM_RawRapidJson, bluesky, "bluesky");
BENCHMARK_CAPTURE(BM_SourceFetch, appstore, "appstore");
BENCHMARK_CAPTURE(BM_RawRapidJson, appstore, "appstore");

// ---------------------------------------------------------------- e-mail

std::string MailDigest() {
  std::ifstream f(std::string(VEILLE_MAIL_FIXTURES) + "/google_alerts_daily_qp.eml", std::ios::binary);
  if (!f) std::abort();
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

void BM_ParseMailDigest(benchmark::State& state) {
  static const std::string raw = MailDigest();
  size_t results = 0;
  for (auto _ : state) {
    auto mail = ParseMail(raw);
    if (!mail.ok()) state.SkipWithError(mail.status().ToString().c_str());
    results = mail.ok() ? ParseGoogleAlertsHtml(mail->html).size() : 0;
    benchmark::DoNotOptimize(results);
  }
  ReportRates(state, raw.size(), results);
}
BENCHMARK(BM_ParseMailDigest);

void BM_RawLibxml2Html_Mail(benchmark::State& state) {
  static const std::string raw = MailDigest();
  static const std::string html = ParseMail(raw)->html;
  for (auto _ : state) {
    htmlDocPtr doc = htmlReadMemory(html.data(), static_cast<int>(html.size()), nullptr, "UTF-8",
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    benchmark::DoNotOptimize(Walk(xmlDocGetRootElement(doc)));
    xmlFreeDoc(doc);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * raw.size()));
}
BENCHMARK(BM_RawLibxml2Html_Mail);

}  // namespace
}  // namespace veille
