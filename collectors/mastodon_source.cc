// The "mastodon" source: public statuses of one instance that match a search
// or carry a hashtag:
//   GET /api/v2/search?q=&type=statuses&limit=40&min_id=ID
//   GET /api/v1/timelines/tag/:tag?limit=40&min_id=ID
// Status ids are snowflakes that sort by time, so the cursor is the newest id
// delivered and paging walks forward with min_id (each page is the block of
// statuses just after min_id): a run cut short leaves no gap, the next run
// resumes where this one stopped. The first run takes the newest page(s)
// within the lookback window. An access token (secret option) is sent as a
// Bearer token when set; most instances serve these endpoints without one.
#include <rapidjson/document.h>

#include <algorithm>
#include <set>

#include "collectors/feed.h"
#include "collectors/fetch.h"
#include "collectors/json_util.h"
#include "collectors/query.h"
#include "collectors/source_types.h"
#include "collectors/text.h"
#include "collectors/url.h"
#include "common/log.h"

namespace veille {
namespace {

constexpr int64_t kHourMs = 3600 * 1000;

// Snowflake ids are decimal strings: compare numerically without overflow.
bool IdLess(const std::string& a, const std::string& b) {
  return a.size() != b.size() ? a.size() < b.size() : a < b;
}

bool IsDecimalId(const std::string& s) {
  if (s.empty() || s.size() > 30) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

class MastodonSource : public Source {
 public:
  MastodonSource(const SourceConfig& config, const SourceContext& ctx, std::string token)
      : Source(config.name), ctx_(ctx), token_(std::move(token)) {
    const Options& o = config.options;
    instance_ = o.GetString("instance");
    while (!instance_.empty() && instance_.back() == '/') instance_.pop_back();
    host_ = UrlHost(instance_);
    // Mastodon's search has no OR: one search per alternative of the query
    // (validated by Create); exclusions are re-checked locally.
    if (!o.GetString("query").empty()) {
      searches_ = CompileSourceQuery(o.GetString("query"), SearchSyntax::kAllWords).value();
    }
    hashtag_ = o.GetString("hashtag");
    if (!hashtag_.empty() && hashtag_[0] == '#') hashtag_.erase(0, 1);
    limit_ = o.GetInt("limit", 40);
    max_pages_ = static_cast<int>(o.GetInt("max_pages", 5));
    int64_t lookback_hours = o.GetInt("lookback_hours", 0);
    lookback_ms_ = lookback_hours > 0 ? lookback_hours * kHourMs : ctx.lookback_ms;
    ReadFetchOptions(o, &timeout_ms_, &policy_);
  }

  const char* type() const override { return "mastodon"; }

  Status Fetch(const std::string& cursor_text, FetchResult* out) override {
    const std::string start = DecodeCursor(cursor_text);
    std::string newest = start;
    std::set<std::string> delivered;  // a status found by two searches is one mention
    const std::vector<std::string> searches = hashtag_.empty() ? searches_ : std::vector<std::string>{""};
    for (const std::string& search : searches) {
      std::string reached = start;
      Status st = Walk(search, start, &reached, &delivered, out);
      if (!reached.empty() && (newest.empty() || IdLess(newest, reached))) newest = reached;
      // One search walks forward in time, so what it delivered before a
      // failure is covered exactly by its cursor. With several searches the
      // others may have walked further: keep the old cursor (the next run
      // delivers those again and the score stage's dedup drops them).
      if (!st.ok()) return Finish(st, searches.size() == 1 ? newest : start, out);
    }
    return Finish(Status::OK(), newest, out);
  }

 private:
  // Pages one search (or the hashtag timeline, when `search` is empty)
  // forward from `start`; `reached` is the newest id it saw.
  Status Walk(const std::string& search, const std::string& start, std::string* reached,
              std::set<std::string>* delivered, FetchResult* out) {
    const int64_t now = ctx_.clock->NowMs();
    std::string min_id = start;
    const bool first_run = min_id.empty();
    const int64_t cutoff = now - lookback_ms_;
    for (int page = 0; page < max_pages_; ++page) {
      HttpRequest req;
      std::string params = "limit=" + std::to_string(limit_) + (min_id.empty() ? "" : "&min_id=" + min_id);
      req.url = hashtag_.empty()
                    ? instance_ + "/api/v2/search?q=" + PercentEncode(search) + "&type=statuses&" + params
                    : instance_ + "/api/v1/timelines/tag/" + PercentEncode(hashtag_) + "?" + params;
      req.timeout_ms = timeout_ms_;
      req.headers.emplace_back("Accept", "application/json");
      if (!ctx_.user_agent.empty()) req.headers.emplace_back("User-Agent", ctx_.user_agent);
      if (!token_.empty()) req.headers.emplace_back("Authorization", "Bearer " + token_);
      HttpResponse resp;
      VEILLE_RETURN_IF_ERROR(SendWithRetries(ctx_, name(), req, policy_, &out->pages, &resp));
      const std::string where = "source " + name() + ": page " + std::to_string(page);
      rapidjson::Document doc;
      Status parsed = ParseJsonBody(resp.body, &doc, where);
      const rapidjson::Value* statuses = nullptr;
      if (parsed.ok()) {
        statuses = doc.IsArray() ? &doc : JsonChild(doc, "statuses");
        if (statuses == nullptr || !statuses->IsArray()) {
          parsed = Status::Corruption(where + ": neither a status array nor a search result");
        }
      }
      if (!parsed.ok()) {
        log::Error("source.bad_response").Kv("source", name()).Kv("error", parsed.message());
        return parsed;
      }
      std::string page_max;
      int index = 0;
      for (const rapidjson::Value& status : statuses->GetArray()) {
        ++index;
        std::string id = JsonString(status, "id");
        int64_t created = ParseRfc3339Date(JsonString(status, "created_at"));
        if (!IsDecimalId(id) || created < 0) {
          out->rejected.push_back(where + ": status " + std::to_string(index) + ": no numeric id or created_at");
          continue;
        }
        if (page_max.empty() || IdLess(page_max, id)) page_max = id;
        if (!min_id.empty() && !IdLess(min_id, id)) continue;  // a server ignoring min_id
        if (first_run && created < cutoff) continue;
        if (!delivered->insert(id).second) continue;
        out->mentions.push_back(ToMention(status, id, std::min(created, now), now));
      }
      if (!page_max.empty() && (reached->empty() || IdLess(*reached, page_max))) *reached = page_max;
      // The first run reads only the newest page: without min_id, later pages
      // would be the same page again. Afterwards, walk forward until a short page.
      if (first_run || index < limit_ || page_max.empty() || !IdLess(min_id, page_max)) break;
      min_id = page_max;
    }
    return Status::OK();
  }

  Status Finish(Status st, const std::string& newest, FetchResult* out) {
    std::sort(out->mentions.begin(), out->mentions.end(),
              [](const Mention& a, const Mention& b) { return a.published_ms > b.published_ms; });
    if (!newest.empty()) out->next_cursor = "{\"v\":1,\"min_id\":\"" + newest + "\"}";
    log::Info("source.fetched")
        .Kv("source", name())
        .Kv("new", out->mentions.size())
        .Kv("pages", out->pages)
        .Kv("ok", st.ok());
    return st;
  }

  std::string DecodeCursor(const std::string& text) const {
    if (text.empty()) return "";
    rapidjson::Document d;
    d.Parse(text.data(), text.size());
    std::string id = d.HasParseError() ? "" : JsonString(d, "min_id");
    if (!IsDecimalId(id) || JsonInt(d, "v", 0) != 1) {
      log::Warn("source.cursor_unreadable").Kv("source", name());
      return "";
    }
    return id;
  }

  Mention ToMention(const rapidjson::Value& status, const std::string& id, int64_t created_ms, int64_t now) const {
    Mention m;
    m.source_type = "mastodon";
    m.source_name = name();
    m.seen_in = {name()};
    m.source_id = id;
    std::string url = JsonString(status, "url");
    if (url.empty()) url = JsonString(status, "uri");
    m.url = CanonicalUrl(url);
    // The origin's URL is the same whichever instance we read the status on.
    m.id = DedupKey(m.url, "mastodon:" + host_, id, "", "");
    std::string spoiler = HtmlToText(JsonString(status, "spoiler_text"));
    std::string content = HtmlToText(JsonString(status, "content"));
    m.text = spoiler.empty() ? content : spoiler + " " + content;
    m.publisher = host_;
    std::string reply_to = JsonString(status, "in_reply_to_id");
    m.thread = reply_to.empty() ? id : reply_to;
    std::string lang = JsonString(status, "language");
    if (lang.size() >= 2 && lang.size() <= 3) m.lang = lang;
    if (const rapidjson::Value* account = JsonChild(status, "account")) {
      std::string acct = ToValidUtf8(JsonString(*account, "acct"));
      if (!acct.empty()) m.author.handle = "@" + acct;
      m.author.name = CollapseWhitespace(ToValidUtf8(JsonString(*account, "display_name")));
      m.author.url = CanonicalUrl(JsonString(*account, "url"));
      m.author.followers = JsonInt(*account, "followers_count", -1);
    }
    m.engagement.likes = std::max<int64_t>(0, JsonInt(status, "favourites_count", 0));
    m.engagement.shares = std::max<int64_t>(0, JsonInt(status, "reblogs_count", 0));
    m.engagement.replies = std::max<int64_t>(0, JsonInt(status, "replies_count", 0));
    m.published_ms = created_ms;
    m.fetched_ms = now;
    return m;
  }

  SourceContext ctx_;
  std::string token_;
  std::string instance_;
  std::string host_;
  std::vector<std::string> searches_;
  std::string hashtag_;
  int64_t limit_;
  int max_pages_;
  int64_t lookback_ms_;
  int64_t timeout_ms_;
  FetchPolicy policy_;
};

Result<std::unique_ptr<Source>> Create(const SourceConfig& config, const SourceContext& ctx) {
  const Options& o = config.options;
  OptionChecks c(config);
  c.NeedsHttp(ctx)
      .Require(!UrlHost(o.GetString("instance")).empty(),
               "option instance must be an http(s) URL, e.g. https://mastodon.social")
      .Require(o.GetString("query").empty() != o.GetString("hashtag").empty(),
               "set exactly one of the options query and hashtag")
      .Query(SearchSyntax::kAllWords, /*required=*/false)
      .IntIn("limit", 40, 1, 40)
      .IntIn("max_pages", 5, 1, 50)
      .Fetch();
  if (!c.ok()) return c.status();
  auto token = OptionalSecret(config, "access_token");
  if (!token.ok()) return token.status();
  return std::unique_ptr<Source>(new MastodonSource(config, ctx, std::move(token).value()));
}

}  // namespace

SourceType MastodonSourceType() {
  SourceType t;
  t.name = "mastodon";
  t.description = "Mastodon statuses of one instance matching a search or a hashtag";
  t.options = {
      {"instance", OptionType::kString, "", "instance root URL, e.g. https://mastodon.social", true},
      {"query", OptionType::kString, "", "brand query (AND OR NOT, \"phrases\"); one search per OR alternative (set this or hashtag)"},
      {"hashtag", OptionType::kString, "", "hashtag timeline, without or with '#' (set this or query)"},
      {"access_token", OptionType::kSecret, "", "optional Bearer token: env:NAME or file:PATH"},
      {"lookback_hours", OptionType::kInt, "0", "first run: how far back (0 = the run's default)"},
      {"limit", OptionType::kInt, "40", "statuses per request (1..40)"},
      {"max_pages", OptionType::kInt, "5", "at most this many requests per fetch"},
      {"timeout_seconds", OptionType::kDouble, "30.0", "per-request timeout"},
      {"retries", OptionType::kInt, "2", "retries on 5xx and network errors"},
  };
  t.create = Create;
  return t;
}

}  // namespace veille
