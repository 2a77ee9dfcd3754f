// The "bluesky" source: posts matching a search, from the AppView's
//   GET /xrpc/app.bsky.feed.searchPosts?q=&limit=100&sort=latest&since=&until=&lang=
// Results come newest first. The API's own cursor may not walk the whole
// result set (SOURCES.md), so paging moves `until` to the oldest post of the
// previous page instead. createdAt is set by the client and may lie: a post's
// time is min(createdAt, indexedAt, now). Some hosts refuse unauthenticated
// search (403: Permanent); an access token (secret option) is sent as a
// Bearer token when set. The cursor is a time window (window_cursor.h).
#include <rapidjson/document.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <unordered_set>

#include "collectors/feed.h"
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

std::string IsoSeconds(int64_t s) {
  std::time_t t = static_cast<std::time_t>(s);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

class BlueskySource : public Source {
 public:
  BlueskySource(const SourceConfig& config, const SourceContext& ctx, std::string token)
      : Source(config.name), ctx_(ctx), token_(std::move(token)) {
    const Options& o = config.options;
    base_url_ = o.GetString("base_url", "https://public.api.bsky.app");
    while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
    // Validated by Create: the query in veille's language, as the service's
    // boolean search syntax.
    query_ = CompileSourceQuery(o.GetString("query"), SearchSyntax::kBoolean).value().front();
    lang_ = o.GetString("lang");
    limit_ = o.GetInt("limit", 100);
    max_pages_ = static_cast<int>(o.GetInt("max_pages", 5));
    int64_t lookback_hours = o.GetInt("lookback_hours", 0);
    lookback_ms_ = lookback_hours > 0 ? lookback_hours * kHourMs : ctx.lookback_ms;
    ReadFetchOptions(o, &timeout_ms_, &policy_);
  }

  const char* type() const override { return "bluesky"; }

  Status Fetch(const std::string& cursor_text, FetchResult* out) override {
    const int64_t now = ctx_.clock->NowMs();
    WindowCursor cursor = WindowCursor::Resume(cursor_text, name(), (now - lookback_ms_) / 1000);
    WindowCursor next = cursor;
    std::vector<Mention> mentions;
    std::unordered_set<std::string> taken;  // a post repeated on both sides of `until`
    int64_t until_s = -1;  // exclusive upper bound of the next page; -1: none
    bool truncated = true;
    for (int page = 0; page < max_pages_; ++page) {
      HttpRequest req;
      req.url = base_url_ + "/xrpc/app.bsky.feed.searchPosts?q=" + PercentEncode(query_) +
                "&limit=" + std::to_string(limit_) + "&sort=latest&since=" + PercentEncode(IsoSeconds(cursor.since_s)) +
                (until_s >= 0 ? "&until=" + PercentEncode(IsoSeconds(until_s)) : "") +
                (lang_.empty() ? "" : "&lang=" + PercentEncode(lang_));
      req.timeout_ms = timeout_ms_;
      req.headers.emplace_back("Accept", "application/json");
      if (!ctx_.user_agent.empty()) req.headers.emplace_back("User-Agent", ctx_.user_agent);
      if (!token_.empty()) req.headers.emplace_back("Authorization", "Bearer " + token_);
      HttpResponse resp;
      // Any failure delivers nothing: pages run newest first.
      VEILLE_RETURN_IF_ERROR(SendWithRetries(ctx_, name(), req, policy_, &out->pages, &resp));
      const std::string where = "source " + name() + ": page " + std::to_string(page);
      rapidjson::Document doc;
      Status parsed = ParseJsonBody(resp.body, &doc, where);
      const rapidjson::Value* posts = parsed.ok() ? JsonChild(doc, "posts") : nullptr;
      if (parsed.ok() && (posts == nullptr || !posts->IsArray())) {
        parsed = Status::Corruption(where + ": no \"posts\" array");
      }
      if (!parsed.ok()) {
        log::Error("source.bad_response").Kv("source", name()).Kv("error", parsed.message());
        return parsed;
      }
      int64_t oldest_s = -1;
      int index = 0;
      for (const rapidjson::Value& post : posts->GetArray()) {
        ++index;
        std::string uri = JsonString(post, "uri");
        const rapidjson::Value* record = JsonChild(post, "record");
        int64_t created = record ? ParseRfc3339Date(JsonString(*record, "createdAt")) : -1;
        int64_t indexed = ParseRfc3339Date(JsonString(post, "indexedAt"));
        if (uri.rfind("at://", 0) != 0 || (created < 0 && indexed < 0)) {
          out->rejected.push_back(where + ": post " + std::to_string(index) + ": no at:// uri or time");
          continue;
        }
        int64_t t = now;
        if (created >= 0) t = std::min(t, created);
        if (indexed >= 0) t = std::min(t, indexed);
        int64_t t_s = t / 1000;
        if (oldest_s < 0 || t_s < oldest_s) oldest_s = t_s;
        if (cursor.Covers(t_s, uri) || !taken.insert(uri).second) continue;
        next.Advance(t_s, uri);
        mentions.push_back(ToMention(post, *record, uri, t, now));
      }
      if (index < limit_ || oldest_s < 0) {
        truncated = false;
        break;
      }
      // Posts in the same second as the page's oldest may be split across
      // pages: `until` is exclusive, so ask from that second's end; the seen
      // check above drops the repeats.
      if (until_s >= 0 && oldest_s + 1 >= until_s) {
        truncated = false;  // a whole page in one second: cannot progress
        break;
      }
      until_s = oldest_s + 1;
    }
    if (truncated) log::Warn("source.truncated").Kv("source", name()).Kv("max_pages", max_pages_);
    std::sort(mentions.begin(), mentions.end(),
              [](const Mention& a, const Mention& b) { return a.published_ms > b.published_ms; });
    out->mentions = std::move(mentions);
    out->next_cursor = next.Encode();
    log::Info("source.fetched").Kv("source", name()).Kv("new", out->mentions.size()).Kv("pages", out->pages);
    return Status::OK();
  }

 private:
  Mention ToMention(const rapidjson::Value& post, const rapidjson::Value& record, const std::string& uri,
                    int64_t published_ms, int64_t now) const {
    Mention m;
    m.source_type = "bluesky";
    m.source_name = name();
    m.seen_in = {name()};
    m.source_id = uri;
    // at://did:plc:xyz/app.bsky.feed.post/rkey -> https://bsky.app/profile/did:plc:xyz/post/rkey
    // (the DID, unlike the handle, never changes).
    std::string rest = uri.substr(5);
    size_t slash = rest.find('/');
    std::string did = rest.substr(0, slash);
    std::string rkey = rest.substr(rest.rfind('/') + 1);
    if (slash != std::string::npos && !did.empty() && !rkey.empty()) {
      m.url = CanonicalUrl("https://bsky.app/profile/" + did + "/post/" + rkey);
    }
    m.id = DedupKey(m.url, "bluesky", uri, "", "");
    m.text = CollapseWhitespace(ToValidUtf8(JsonString(record, "text")));
    // Link facets hold the full URLs the text shows truncated.
    if (const rapidjson::Value* facets = JsonChild(record, "facets"); facets && facets->IsArray()) {
      for (const rapidjson::Value& f : facets->GetArray()) {
        const rapidjson::Value* features = JsonChild(f, "features");
        if (!features || !features->IsArray()) continue;
        for (const rapidjson::Value& feat : features->GetArray()) {
          if (JsonString(feat, "$type") == "app.bsky.richtext.facet#link") {
            std::string link = ToValidUtf8(JsonString(feat, "uri"));
            if (!link.empty() && m.text.find(link) == std::string::npos) m.text += " " + link;
          }
        }
      }
    }
    if (const rapidjson::Value* langs = JsonChild(record, "langs"); langs && langs->IsArray() && !langs->Empty()) {
      const rapidjson::Value& first = (*langs)[0];
      if (first.IsString()) {
        std::string lang(first.GetString(), first.GetStringLength());
        m.lang = lang.substr(0, lang.find('-'));
      }
    }
    m.publisher = "Bluesky";
    if (const rapidjson::Value* author = JsonChild(post, "author")) {
      std::string handle = ToValidUtf8(JsonString(*author, "handle"));
      if (!handle.empty()) {
        m.author.handle = "@" + handle;
        m.author.url = "https://bsky.app/profile/" + PercentEncode(handle);
      }
      m.author.name = CollapseWhitespace(ToValidUtf8(JsonString(*author, "displayName")));
    }
    if (const rapidjson::Value* reply = JsonChild(record, "reply")) {
      if (const rapidjson::Value* root = JsonChild(*reply, "root")) m.thread = JsonString(*root, "uri");
    }
    if (m.thread.empty()) m.thread = uri;
    m.engagement.likes = std::max<int64_t>(0, JsonInt(post, "likeCount", 0));
    m.engagement.shares = std::max<int64_t>(0, JsonInt(post, "repostCount", 0));
    m.engagement.replies = std::max<int64_t>(0, JsonInt(post, "replyCount", 0));
    m.published_ms = published_ms;
    m.fetched_ms = now;
    return m;
  }

  SourceContext ctx_;
  std::string token_;
  std::string base_url_;
  std::string query_;
  std::string lang_;
  int64_t limit_;
  int max_pages_;
  int64_t lookback_ms_;
  int64_t timeout_ms_;
  FetchPolicy policy_;
};

Result<std::unique_ptr<Source>> Create(const SourceConfig& config, const SourceContext& ctx) {
  OptionChecks c(config);
  c.NeedsHttp(ctx)
      .Query(SearchSyntax::kBoolean)
      .IntIn("limit", 100, 1, 100)
      .IntIn("max_pages", 5, 1, 50)
      .Fetch()
      .HttpUrl("base_url", "https://public.api.bsky.app");
  if (!c.ok()) return c.status();
  auto token = OptionalSecret(config, "access_token");
  if (!token.ok()) return token.status();
  return std::unique_ptr<Source>(new BlueskySource(config, ctx, std::move(token).value()));
}

}  // namespace

SourceType BlueskySourceType() {
  SourceType t;
  t.name = "bluesky";
  t.description = "Bluesky posts matching a search (app.bsky.feed.searchPosts)";
  t.options = {
      {"query", OptionType::kString, "", "brand query (AND OR NOT, \"phrases\", ( ), -x), sent as Lucene-style search", true},
      {"lang", OptionType::kString, "", "only posts in this language (ISO 639-1); empty = all"},
      {"access_token", OptionType::kSecret, "", "optional Bearer token: env:NAME or file:PATH"},
      {"lookback_hours", OptionType::kInt, "0", "first run: how far back (0 = the run's default)"},
      {"limit", OptionType::kInt, "100", "posts per request (1..100)"},
      {"max_pages", OptionType::kInt, "5", "at most this many requests per fetch"},
      {"timeout_seconds", OptionType::kDouble, "30.0", "per-request timeout"},
      {"retries", OptionType::kInt, "2", "retries on 5xx and network errors"},
      {"base_url", OptionType::kString, "https://public.api.bsky.app", "AppView root (tests: a loopback server)"},
  };
  t.create = Create;
  return t;
}

}  // namespace veille
