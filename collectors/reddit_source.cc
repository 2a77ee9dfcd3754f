// The "reddit" source: posts matching a query, newest first, from Reddit's
// JSON listing API:
//   GET /search.json?q=&sort=new&limit=100&raw_json=1&after=t3_...
//   GET /r/{subreddit}/search.json?q=&restrict_sr=1&sort=new&...
// A unique User-Agent is mandatory (option user_agent, else the run's).
// Paging follows data.after until a post older than the cursor window shows
// up, max_pages is reached, or X-Ratelimit-Remaining runs out (the window is
// then logged as truncated). The cursor is a created_utc window
// (window_cursor.h).
#include <rapidjson/document.h>

#include <algorithm>
#include <cmath>

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

// created_utc is a JSON float ("1709629200.0").
int64_t CreatedSeconds(const rapidjson::Value& post) {
  auto it = post.FindMember("created_utc");
  if (it == post.MemberEnd()) return -1;
  if (it->value.IsNumber()) {
    double d = it->value.GetDouble();
    return std::isfinite(d) && d > 0 && d < 1e11 ? static_cast<int64_t>(d) : -1;
  }
  return -1;
}

class RedditSource : public Source {
 public:
  RedditSource(const SourceConfig& config, const SourceContext& ctx) : Source(config.name), ctx_(ctx) {
    const Options& o = config.options;
    base_url_ = o.GetString("base_url", "https://www.reddit.com");
    while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
    // Validated by Create: the query in veille's language, as the service's
    // boolean search syntax.
    query_ = CompileSourceQuery(o.GetString("query"), SearchSyntax::kBoolean).value().front();
    subreddit_ = o.GetString("subreddit");
    limit_ = o.GetInt("limit", 100);
    max_pages_ = static_cast<int>(o.GetInt("max_pages", 5));
    int64_t lookback_hours = o.GetInt("lookback_hours", 0);
    lookback_ms_ = lookback_hours > 0 ? lookback_hours * kHourMs : ctx.lookback_ms;
    ReadFetchOptions(o, &timeout_ms_, &policy_);
    user_agent_ = o.GetString("user_agent", ctx.user_agent);
    if (user_agent_.empty()) user_agent_ = ctx.user_agent;
  }

  const char* type() const override { return "reddit"; }

  Status Fetch(const std::string& cursor_text, FetchResult* out) override {
    const int64_t now = ctx_.clock->NowMs();
    WindowCursor cursor = WindowCursor::Resume(cursor_text, name(), (now - lookback_ms_) / 1000);

    WindowCursor next = cursor;
    std::vector<Mention> mentions;
    std::string after;
    bool reached_window = false, truncated = false;
    int page = 0;
    for (; page < max_pages_; ++page) {
      HttpRequest req;
      std::string path = subreddit_.empty() ? "/search.json?" : "/r/" + PercentEncode(subreddit_) + "/search.json?restrict_sr=1&";
      req.url = base_url_ + path + "q=" + PercentEncode(query_) + "&sort=new&limit=" + std::to_string(limit_) +
                "&raw_json=1" + (after.empty() ? "" : "&after=" + PercentEncode(after));
      req.timeout_ms = timeout_ms_;
      req.headers.emplace_back("Accept", "application/json");
      req.headers.emplace_back("User-Agent", user_agent_);
      HttpResponse resp;
      // Any failure delivers nothing: pages run newest to oldest.
      VEILLE_RETURN_IF_ERROR(SendWithRetries(ctx_, name(), req, policy_, &out->pages, &resp));
      const std::string where = "source " + name() + ": page " + std::to_string(page);
      rapidjson::Document doc;
      Status parsed = ParseJsonBody(resp.body, &doc, where);
      const rapidjson::Value* data = parsed.ok() ? JsonChild(doc, "data") : nullptr;
      const rapidjson::Value* children = data ? JsonChild(*data, "children") : nullptr;
      if (parsed.ok() && (children == nullptr || !children->IsArray())) {
        parsed = Status::Corruption(where + ": not a Listing (no data.children array)");
      }
      if (!parsed.ok()) {
        log::Error("source.bad_response").Kv("source", name()).Kv("error", parsed.message());
        return parsed;
      }
      int index = 0;
      for (const rapidjson::Value& child : children->GetArray()) {
        ++index;
        const rapidjson::Value* post = JsonChild(child, "data");
        std::string id = post ? JsonString(*post, "name") : "";
        int64_t created = post ? CreatedSeconds(*post) : -1;
        if (id.empty() || created < 0 || JsonString(*post, "permalink").empty()) {
          out->rejected.push_back(where + ": child " + std::to_string(index) +
                                  ": no name, created_utc or permalink");
          continue;
        }
        created = std::min(created, now / 1000);
        if (created < cursor.since_s) reached_window = true;
        if (cursor.Covers(created, id)) continue;
        next.Advance(created, id);
        mentions.push_back(ToMention(*post, id, created, now));
      }
      after = JsonString(*data, "after");
      if (reached_window || after.empty()) break;
      std::string remaining = resp.Header("X-Ratelimit-Remaining");
      if (!remaining.empty() && std::atof(remaining.c_str()) < 1) {
        truncated = true;
        break;
      }
    }
    if (!reached_window && !after.empty()) truncated = true;
    if (truncated) {
      log::Warn("source.truncated").Kv("source", name()).Kv("pages", out->pages).Kv("max_pages", max_pages_);
    }
    std::sort(mentions.begin(), mentions.end(),
              [](const Mention& a, const Mention& b) { return a.published_ms > b.published_ms; });
    out->mentions = std::move(mentions);
    out->next_cursor = next.Encode();
    log::Info("source.fetched").Kv("source", name()).Kv("new", out->mentions.size()).Kv("pages", out->pages);
    return Status::OK();
  }

 private:
  Mention ToMention(const rapidjson::Value& post, const std::string& id, int64_t created_s, int64_t now) const {
    Mention m;
    m.url = "https://www.reddit.com" + JsonString(post, "permalink");
    m.id = CanonicalUrl(m.url);
    m.source_type = "reddit";
    m.source_name = name();
    m.seen_in = {name()};
    m.source_id = id;
    m.title = CollapseWhitespace(ToValidUtf8(JsonString(post, "title")));
    // selftext is Markdown, not HTML: kept as written, whitespace collapsed.
    m.text = CollapseWhitespace(ToValidUtf8(JsonString(post, "selftext")));
    std::string sub = JsonString(post, "subreddit");
    m.publisher = sub.empty() ? "Reddit" : "r/" + ToValidUtf8(sub);
    m.thread = id;
    std::string author = ToValidUtf8(JsonString(post, "author"));
    if (!author.empty() && author != "[deleted]") {
      m.author.handle = "u/" + author;
      m.author.url = "https://www.reddit.com/user/" + PercentEncode(author);
    }
    m.engagement.likes = JsonInt(post, "score", 0);
    m.engagement.replies = std::max<int64_t>(0, JsonInt(post, "num_comments", 0));
    m.published_ms = created_s * 1000;
    m.fetched_ms = now;
    return m;
  }

  SourceContext ctx_;
  std::string base_url_;
  std::string query_;
  std::string subreddit_;
  int64_t limit_;
  int max_pages_;
  int64_t lookback_ms_;
  int64_t timeout_ms_;
  FetchPolicy policy_;
  std::string user_agent_;
};

Result<std::unique_ptr<Source>> Create(const SourceConfig& config, const SourceContext& ctx) {
  OptionChecks c(config);
  c.NeedsHttp(ctx)
      .Query(SearchSyntax::kBoolean)
      .IntIn("limit", 100, 1, 100)
      .IntIn("max_pages", 5, 1, 50)
      .Fetch()
      .HttpUrl("base_url", "https://www.reddit.com");
  const std::string sub = config.options.GetString("subreddit");
  c.Require(std::all_of(sub.begin(), sub.end(),
                        [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_'; }),
            "option subreddit must be letters, digits and '_' (no r/ prefix)");
  if (!c.ok()) return c.status();
  return std::unique_ptr<Source>(new RedditSource(config, ctx));
}

}  // namespace

SourceType RedditSourceType() {
  SourceType t;
  t.name = "reddit";
  t.description = "Reddit posts matching a search, site-wide or in one subreddit (JSON API)";
  t.options = {
      {"query", OptionType::kString, "", "brand query, e.g. acme OR \"acme corp\" -coyote, sent in Reddit's boolean syntax", true},
      {"subreddit", OptionType::kString, "", "restrict to this subreddit (no r/ prefix); empty = all"},
      {"user_agent", OptionType::kString, "", "unique User-Agent Reddit requires (default: the run's)"},
      {"lookback_hours", OptionType::kInt, "0", "first run: how far back (0 = the run's default)"},
      {"limit", OptionType::kInt, "100", "posts per request (1..100)"},
      {"max_pages", OptionType::kInt, "5", "at most this many requests per fetch"},
      {"timeout_seconds", OptionType::kDouble, "30.0", "per-request timeout"},
      {"retries", OptionType::kInt, "2", "retries on 5xx and network errors"},
      {"base_url", OptionType::kString, "https://www.reddit.com", "API root (tests point it at a loopback server)"},
  };
  t.create = Create;
  return t;
}

}  // namespace veille
