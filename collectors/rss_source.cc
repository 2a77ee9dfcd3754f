#include "collectors/rss_source.h"
#include "collectors/source_types.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <unordered_set>

#include "collectors/feed.h"
#include "collectors/fetch.h"
#include "collectors/http_client.h"
#include "collectors/text.h"
#include "collectors/url.h"
#include "common/log.h"

namespace veille {
namespace {

constexpr int64_t kDefaultMaxItems = 200;
constexpr int64_t kDefaultMaxBodyMb = 16;
constexpr int64_t kHourMs = 3600 * 1000;

// charset= parameter of a Content-Type value, or "".
std::string CharsetOf(const std::string& content_type) {
  std::string lower = content_type;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  size_t p = lower.find("charset=");
  if (p == std::string::npos) return "";
  std::string v = content_type.substr(p + 8);
  size_t end = v.find(';');
  if (end != std::string::npos) v = v.substr(0, end);
  v.erase(std::remove_if(v.begin(), v.end(), [](char c) { return c == '"' || c == '\'' || c == ' '; }), v.end());
  return v;
}

std::string StripWww(std::string host) {
  if (host.rfind("www.", 0) == 0) host.erase(0, 4);
  return host;
}

class RssSource : public Source {
 public:
  RssSource(const SourceConfig& config, const SourceContext& ctx)
      : Source(config.name), ctx_(ctx), url_(config.options.GetString("url")) {
    const Options& o = config.options;
    int64_t lookback_hours = o.GetInt("lookback_hours", 0);
    lookback_ms_ = lookback_hours > 0 ? lookback_hours * kHourMs : ctx.lookback_ms;
    max_items_ = static_cast<size_t>(o.GetInt("max_items", kDefaultMaxItems));
    ReadFetchOptions(o, &timeout_ms_, &policy_);
    max_body_bytes_ = o.GetInt("max_body_mb", kDefaultMaxBodyMb) << 20;
    language_ = o.GetString("language");
    feed_host_ = UrlHost(url_);
    if (feed_host_.empty()) feed_host_ = "local";  // file:// feeds
  }

  const char* type() const override { return "rss"; }

  Status Fetch(const std::string& cursor_text, FetchResult* out) override {
    const int64_t now = ctx_.clock->NowMs();
    RssCursor cursor;
    bool first_run = cursor_text.empty();
    if (!first_run) {
      auto decoded = DecodeRssCursor(cursor_text);
      if (decoded.ok()) {
        cursor = std::move(decoded).value();
      } else {
        // A cursor we cannot read must not block the source forever: start
        // over with the lookback window; dedup absorbs any repeat.
        log::Warn("source.cursor_unreadable").Kv("source", name()).Kv("error", decoded.status().message());
        first_run = true;
      }
    }

    HttpRequest req;
    req.url = url_;
    req.timeout_ms = timeout_ms_;
    req.connect_timeout_ms = std::min<int64_t>(timeout_ms_, 10'000);
    req.max_body_bytes = max_body_bytes_;
    req.headers.emplace_back("Accept",
                             "application/rss+xml, application/atom+xml, application/rdf+xml, "
                             "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5");
    if (!ctx_.user_agent.empty()) req.headers.emplace_back("User-Agent", ctx_.user_agent);
    if (!first_run && !cursor.etag.empty()) req.headers.emplace_back("If-None-Match", cursor.etag);
    if (!first_run && !cursor.last_modified.empty()) {
      req.headers.emplace_back("If-Modified-Since", cursor.last_modified);
    }

    HttpResponse response;
    VEILLE_RETURN_IF_ERROR(SendWithRetries(ctx_, name(), req, policy_, &out->pages, &response));
    if (response.status == 304) {
      out->not_modified = true;
      log::Info("source.not_modified").Kv("source", name());
      return Status::OK();
    }

    FeedParseOptions parse;
    parse.http_charset = CharsetOf(response.Header("Content-Type"));
    parse.fetched_ms = now;
    parse.base_url = response.effective_url.empty() ? url_ : response.effective_url;
    auto feed = ParseFeed(response.body, parse);
    if (!feed.ok()) {
      Status st = feed.status().WithContext("source " + name() + ": feed");
      log::Error("source.bad_feed").Kv("source", name()).Kv("error", st.message()).Kv("bytes",
                                                                                       response.body.size());
      return st;
    }
    if (feed->repaired_encoding) {
      log::Warn("source.encoding_repaired")
          .Kv("source", name())
          .Kv("declared", parse.http_charset.empty() ? "utf-8" : parse.http_charset);
    }
    BuildMentions(*feed, cursor, first_run, now, response, out);
    return Status::OK();
  }

 private:
  void BuildMentions(const Feed& feed, const RssCursor& cursor, bool first_run, int64_t now,
                     const HttpResponse& response, FetchResult* out) {
    std::unordered_set<std::string> seen(cursor.seen.begin(), cursor.seen.end());
    const int64_t cutoff = first_run ? now - lookback_ms_ : cursor.newest_ms - lookback_ms_;
    std::vector<std::string> present;  // keys of every item in this document
    std::vector<std::pair<Mention, std::vector<std::string>>> fresh;
    std::unordered_set<std::string> in_this_fetch;
    int skipped_seen = 0, skipped_old = 0;

    for (size_t i = 0; i < feed.items.size(); ++i) {
      const FeedItem& item = feed.items[i];
      if (item.title.empty() && item.link.empty() && item.id.empty() && item.summary.empty()) {
        out->rejected.push_back("source " + name() + ": item " + std::to_string(i + 1) +
                                ": no title, link, id or text");
        continue;
      }
      Mention m;
      std::string canonical = CanonicalUrl(item.link);
      std::string host = UrlHost(canonical);
      // Google News links are opaque and change; its guid and the
      // title + publisher pair are the stable identities (SOURCES.md).
      bool google_news = host == "news.google.com";
      std::vector<std::string> keys;
      m.id = DedupKey(google_news ? "" : canonical, "rss:" + feed_host_, item.id, item.title, item.publisher);
      keys.push_back(m.id);
      if (google_news || canonical.empty()) {
        std::string tp = TitlePublisherKey(item.title, item.publisher);
        if (tp != m.id) keys.push_back(tp);
      }
      bool already = false;
      for (const std::string& k : keys) {
        present.push_back(k);
        already = already || seen.count(k) != 0 || in_this_fetch.count(k) != 0;
      }
      if (already) {
        ++skipped_seen;
        continue;
      }
      if (item.published_ms < cutoff) {
        ++skipped_old;
        continue;
      }
      for (const std::string& k : keys) in_this_fetch.insert(k);
      m.source_type = "rss";
      m.source_name = name();
      m.seen_in = {name()};
      m.source_id = item.id;
      m.url = canonical;
      m.title = item.title;
      m.text = item.content.size() > item.summary.size() ? item.content : item.summary;
      m.publisher = !item.publisher.empty() ? item.publisher : (google_news ? "" : StripWww(host));
      m.author.name = item.author;
      m.published_ms = item.published_ms;
      m.fetched_ms = now;
      m.lang = !item.lang.empty() ? item.lang : language_;
      fresh.emplace_back(std::move(m), std::move(keys));
    }

    // Newest first, then at most max_items of them.
    std::stable_sort(fresh.begin(), fresh.end(),
                     [](const auto& a, const auto& b) { return a.first.published_ms > b.first.published_ms; });
    size_t dropped = 0;
    if (fresh.size() > max_items_) {
      dropped = fresh.size() - max_items_;
      fresh.resize(max_items_);
    }

    RssCursor next;
    next.etag = response.Header("ETag");
    next.last_modified = response.Header("Last-Modified");
    next.newest_ms = cursor.newest_ms;
    std::unordered_set<std::string> emitted;
    for (auto& [m, keys] : fresh) {
      next.newest_ms = std::max(next.newest_ms, m.published_ms);
      for (const std::string& k : keys) emitted.insert(k);
      out->mentions.push_back(std::move(m));
    }
    // Seen keys: the old ones not in this document first, then this
    // document's keys that were seen or are emitted now, so that everything
    // the feed still lists stays remembered while older keys age out.
    std::unordered_set<std::string> present_set(present.begin(), present.end());
    for (const std::string& k : cursor.seen) {
      if (present_set.count(k) == 0) next.seen.push_back(k);
    }
    std::unordered_set<std::string> added;
    for (const std::string& k : present) {
      if ((seen.count(k) || emitted.count(k)) && added.insert(k).second) next.seen.push_back(k);
    }
    if (next.seen.size() > RssCursor::kMaxSeen) {
      next.seen.erase(next.seen.begin(), next.seen.end() - RssCursor::kMaxSeen);
    }
    out->next_cursor = EncodeRssCursor(next);
    log::Info("source.fetched")
        .Kv("source", name())
        .Kv("format", FeedFormatName(feed.format))
        .Kv("items", feed.items.size())
        .Kv("new", out->mentions.size())
        .Kv("seen", skipped_seen)
        .Kv("old", skipped_old)
        .Kv("over_max", dropped)
        .Kv("rejected", out->rejected.size());
  }

  SourceContext ctx_;
  std::string url_;
  std::string feed_host_;
  int64_t lookback_ms_;
  size_t max_items_;
  int64_t timeout_ms_;
  int64_t max_body_bytes_;
  FetchPolicy policy_;
  std::string language_;
};

Result<std::unique_ptr<Source>> CreateRss(const SourceConfig& config, const SourceContext& ctx) {
  std::string url = config.options.GetString("url");
  std::string lower = url.substr(0, 8);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  OptionChecks c(config);
  c.NeedsHttp(ctx)
      .Require(!url.empty(), "option url is required")
      .Require(lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0 || lower.rfind("file://", 0) == 0,
               "option url must start with http://, https:// or file://")
      .Require(config.options.GetInt("max_items", kDefaultMaxItems) > 0, "option max_items must be positive")
      .Timeout(kDefaultTimeoutSeconds)
      .IntIn("max_body_mb", kDefaultMaxBodyMb, 1, 1024)
      .IntIn("retries", kDefaultRetries, 0, 10)
      .Lookback();
  if (!c.ok()) return c.status();
  return std::unique_ptr<Source>(new RssSource(config, ctx));
}

}  // namespace

SourceType RssSourceType() {
  SourceType t;
  t.name = "rss";
  t.description = "RSS 2.0 / RSS 1.0 / Atom feed (Google Alerts, Google News, Bing News, any site)";
  t.options = {
      {"url", OptionType::kString, "", "feed URL (http, https or file)", true},
      {"lookback_hours", OptionType::kInt, "0", "first run: how far back to take items (0 = the run's default)"},
      {"max_items", OptionType::kInt, std::to_string(kDefaultMaxItems), "at most this many new items per fetch"},
      {"timeout_seconds", OptionType::kDouble, "30.0", "whole-request timeout"},
      {"max_body_mb", OptionType::kInt, std::to_string(kDefaultMaxBodyMb), "refuse feeds larger than this"},
      {"retries", OptionType::kInt, std::to_string(kDefaultRetries), "retries on 5xx and network errors"},
      {"language", OptionType::kString, "", "ISO 639-1 language for items when the feed declares none"},
  };
  t.create = CreateRss;
  return t;
}

std::string EncodeRssCursor(const RssCursor& c) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("v");
  w.Int(1);
  w.Key("etag");
  w.String(c.etag.data(), static_cast<rapidjson::SizeType>(c.etag.size()));
  w.Key("last_modified");
  w.String(c.last_modified.data(), static_cast<rapidjson::SizeType>(c.last_modified.size()));
  w.Key("newest_ms");
  w.Int64(c.newest_ms);
  w.Key("seen");
  w.StartArray();
  for (const std::string& k : c.seen) w.String(k.data(), static_cast<rapidjson::SizeType>(k.size()));
  w.EndArray();
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize());
}

Result<RssCursor> DecodeRssCursor(std::string_view text) {
  rapidjson::Document d;
  d.Parse(text.data(), text.size());
  if (d.HasParseError() || !d.IsObject()) return Status::Corruption("rss cursor: not a JSON object");
  if (!d.HasMember("v") || !d["v"].IsInt() || d["v"].GetInt() != 1) {
    return Status::Corruption("rss cursor: missing or unknown version \"v\"");
  }
  RssCursor c;
  auto str = [&](const char* key, std::string* out) -> Status {
    if (!d.HasMember(key)) return Status::OK();
    if (!d[key].IsString()) return Status::Corruption(std::string("rss cursor: \"") + key + "\" is not a string");
    *out = std::string(d[key].GetString(), d[key].GetStringLength());
    return Status::OK();
  };
  VEILLE_RETURN_IF_ERROR(str("etag", &c.etag));
  VEILLE_RETURN_IF_ERROR(str("last_modified", &c.last_modified));
  if (d.HasMember("newest_ms")) {
    if (!d["newest_ms"].IsInt64()) return Status::Corruption("rss cursor: \"newest_ms\" is not an integer");
    c.newest_ms = d["newest_ms"].GetInt64();
  }
  if (d.HasMember("seen")) {
    if (!d["seen"].IsArray()) return Status::Corruption("rss cursor: \"seen\" is not an array");
    for (const auto& v : d["seen"].GetArray()) {
      if (!v.IsString()) return Status::Corruption("rss cursor: \"seen\" holds a non-string");
      c.seen.emplace_back(v.GetString(), v.GetStringLength());
    }
  }
  return c;
}

}  // namespace veille
