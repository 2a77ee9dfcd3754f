// The "hackernews" source: stories and comments matching a query, from the
// Algolia Hacker News Search API (no auth):
//   GET /api/v1/search_by_date?query=&tags=(story,comment)
//       &numericFilters=created_at_i>=SINCE&hitsPerPage=100&page=N
// Hits come newest first; the cursor is a created_at_i window (see
// window_cursor.h). Algolia serves about 1,000 hits per query, so a window
// with more than max_pages pages is logged as truncated.
#include <rapidjson/document.h>

#include <algorithm>
#include <set>

#include "collectors/fetch.h"
#include "collectors/json_util.h"
#include "collectors/query.h"
#include "collectors/source_types.h"
#include "collectors/text.h"
#include "collectors/url.h"
#include "collectors/window_cursor.h"
#include "common/log.h"

namespace veille {
namespace {

constexpr int64_t kHourMs = 3600 * 1000;

class HackerNewsSource : public Source {
 public:
  HackerNewsSource(const SourceConfig& config, const SourceContext& ctx) : Source(config.name), ctx_(ctx) {
    const Options& o = config.options;
    base_url_ = o.GetString("base_url", "https://hn.algolia.com");
    while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
    // Algolia has no OR: one search per alternative of the query (validated
    // by Create), all over the same window; exclusions are re-checked locally.
    searches_ = CompileSourceQuery(o.GetString("query"), SearchSyntax::kAllWords).value();
    tags_ = o.GetString("tags", "(story,comment)");
    hits_per_page_ = o.GetInt("hits_per_page", 100);
    max_pages_ = static_cast<int>(o.GetInt("max_pages", 10));
    int64_t lookback_hours = o.GetInt("lookback_hours", 0);
    lookback_ms_ = lookback_hours > 0 ? lookback_hours * kHourMs : ctx.lookback_ms;
    ReadFetchOptions(o, &timeout_ms_, &policy_);
  }

  const char* type() const override { return "hackernews"; }

  Status Fetch(const std::string& cursor_text, FetchResult* out) override {
    const int64_t now = ctx_.clock->NowMs();
    WindowCursor cursor = WindowCursor::Resume(cursor_text, name(), (now - lookback_ms_) / 1000);

    WindowCursor next = cursor;
    std::vector<Mention> mentions;
    std::set<std::string> delivered;  // a hit found by two alternatives is one mention
    for (const std::string& search : searches_) {
      int64_t nb_pages = 1;
      int page = 0;
      for (; page < max_pages_ && page < nb_pages; ++page) {
        HttpRequest req;
        req.url = base_url_ + "/api/v1/search_by_date?query=" + PercentEncode(search) +
                  "&tags=" + PercentEncode(tags_) +
                  "&numericFilters=" + PercentEncode("created_at_i>=" + std::to_string(cursor.since_s)) +
                  "&hitsPerPage=" + std::to_string(hits_per_page_) + "&page=" + std::to_string(page);
        req.timeout_ms = timeout_ms_;
        req.headers.emplace_back("Accept", "application/json");
        if (!ctx_.user_agent.empty()) req.headers.emplace_back("User-Agent", ctx_.user_agent);
        HttpResponse resp;
        // A failure mid-way delivers nothing: pages run newest to oldest, so a
        // cursor over the first pages would skip the older hits never fetched.
        VEILLE_RETURN_IF_ERROR(SendWithRetries(ctx_, name(), req, policy_, &out->pages, &resp));
        rapidjson::Document doc;
        const std::string where = "source " + name() + ": page " + std::to_string(page);
        Status parsed = ParseJsonBody(resp.body, &doc, where);
        if (!parsed.ok()) {
          log::Error("source.bad_response").Kv("source", name()).Kv("error", parsed.message());
          return parsed;
        }
        const rapidjson::Value* hits = JsonChild(doc, "hits");
        if (hits == nullptr || !hits->IsArray()) {
          Status st = Status::Corruption(where + ": no \"hits\" array");
          log::Error("source.bad_response").Kv("source", name()).Kv("error", st.message());
          return st;
        }
        nb_pages = JsonInt(doc, "nbPages", 1);
        int index = 0;
        for (const rapidjson::Value& hit : hits->GetArray()) {
          ++index;
          std::string id = JsonString(hit, "objectID");
          int64_t created = JsonInt(hit, "created_at_i", -1);
          if (id.empty() || created < 0) {
            out->rejected.push_back(where + ": hit " + std::to_string(index) + ": no objectID or created_at_i");
            continue;
          }
          // A clock-skewed future date must not push the window past now.
          created = std::min(created, now / 1000);
          if (cursor.Covers(created, id) || !delivered.insert(id).second) continue;
          next.Advance(created, id);
          mentions.push_back(ToMention(hit, id, created, now));
        }
      }
      if (page < nb_pages) {
        log::Warn("source.truncated")
            .Kv("source", name())
            .Kv("pages", nb_pages)
            .Kv("max_pages", max_pages_)
            .Kv("search", search);
      }
    }
    std::sort(mentions.begin(), mentions.end(),
              [](const Mention& a, const Mention& b) { return a.published_ms > b.published_ms; });
    out->mentions = std::move(mentions);
    out->next_cursor = next.Encode();
    log::Info("source.fetched").Kv("source", name()).Kv("new", out->mentions.size()).Kv("pages", out->pages);
    return Status::OK();
  }

 private:
  Mention ToMention(const rapidjson::Value& hit, const std::string& id, int64_t created_s, int64_t now) const {
    Mention m;
    m.url = "https://news.ycombinator.com/item?id=" + id;
    m.id = CanonicalUrl(m.url);
    m.source_type = "hackernews";
    m.source_name = name();
    m.seen_in = {name()};
    m.source_id = id;
    m.publisher = "Hacker News";
    std::string title = JsonString(hit, "title");
    std::string comment = JsonString(hit, "comment_text");
    if (!comment.empty() || title.empty()) {
      std::string story_title = JsonString(hit, "story_title");
      m.title = story_title.empty() ? "" : "Re: " + HtmlToText(story_title);
      m.text = HtmlToText(comment);
    } else {
      m.title = HtmlToText(title);
      m.text = HtmlToText(JsonString(hit, "story_text"));
    }
    std::string story_id = JsonString(hit, "story_id");
    m.thread = story_id.empty() ? id : story_id;
    m.author.handle = ToValidUtf8(JsonString(hit, "author"));
    if (!m.author.handle.empty())
      m.author.url = "https://news.ycombinator.com/user?id=" + PercentEncode(m.author.handle);
    m.engagement.likes = std::max<int64_t>(0, JsonInt(hit, "points", 0));
    m.engagement.replies = std::max<int64_t>(0, JsonInt(hit, "num_comments", 0));
    m.published_ms = std::min(created_s * 1000, now);
    m.fetched_ms = now;
    return m;
  }

  SourceContext ctx_;
  std::string base_url_;
  std::vector<std::string> searches_;
  std::string tags_;
  int64_t hits_per_page_;
  int max_pages_;
  int64_t lookback_ms_;
  int64_t timeout_ms_;
  FetchPolicy policy_;
};

Result<std::unique_ptr<Source>> Create(const SourceConfig& config, const SourceContext& ctx) {
  OptionChecks c(config);
  c.NeedsHttp(ctx)
      .Query(SearchSyntax::kAllWords)
      .IntIn("hits_per_page", 100, 1, 1000)
      .IntIn("max_pages", 10, 1, 50)
      .Fetch()
      .HttpUrl("base_url", "https://hn.algolia.com");
  if (!c.ok()) return c.status();
  return std::unique_ptr<Source>(new HackerNewsSource(config, ctx));
}

}  // namespace

SourceType HackerNewsSourceType() {
  SourceType t;
  t.name = "hackernews";
  t.description = "Hacker News stories and comments (Algolia search API, no auth)";
  t.options = {
      {"query", OptionType::kString, "", "brand query (AND OR NOT, \"phrases\"); one Algolia search per OR alternative", true},
      {"tags", OptionType::kString, "(story,comment)", "Algolia tags filter"},
      {"lookback_hours", OptionType::kInt, "0", "first run: how far back (0 = the run's default)"},
      {"hits_per_page", OptionType::kInt, "100", "hits per request (1..1000)"},
      {"max_pages", OptionType::kInt, "10", "at most this many requests per fetch"},
      {"timeout_seconds", OptionType::kDouble, "30.0", "per-request timeout"},
      {"retries", OptionType::kInt, "2", "retries on 5xx and network errors"},
      {"base_url", OptionType::kString, "https://hn.algolia.com", "API root (tests point it at a loopback server)"},
  };
  t.create = Create;
  return t;
}

}  // namespace veille
