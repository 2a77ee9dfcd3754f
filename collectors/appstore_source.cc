// The "appstore" source: customer reviews of one iOS app from Apple's public
// RSS-as-JSON endpoint, per storefront (no auth):
//   GET /{cc}/rss/customerreviews/page={1..10}/id={app}/sortBy=mostRecent/json
// Values sit under ".label"; feed.entry is an array, an object when there is
// exactly one entry, and missing when there is none; on page 1 an entry
// without im:rating may describe the app itself and is skipped. Pages run
// newest first and stop at the cursor window (window_cursor.h, shared by the
// storefronts) or at max_pages (Apple serves at most 10).
#include <rapidjson/document.h>

#include <algorithm>
#include <cctype>

#include "collectors/feed.h"
#include "collectors/fetch.h"
#include "collectors/json_util.h"
#include "collectors/source_types.h"
#include "collectors/text.h"
#include "collectors/url.h"
#include "collectors/window_cursor.h"
#include "common/log.h"

namespace veille {
namespace {

constexpr int64_t kHourMs = 3600 * 1000;

// obj[key].label as a string ("" when any level is missing).
std::string Label(const rapidjson::Value& obj, const char* key) {
  const rapidjson::Value* child = JsonChild(obj, key);
  return child ? JsonString(*child, "label") : "";
}

class AppStoreSource : public Source {
 public:
  AppStoreSource(const SourceConfig& config, const SourceContext& ctx) : Source(config.name), ctx_(ctx) {
    const Options& o = config.options;
    base_url_ = o.GetString("base_url", "https://itunes.apple.com");
    while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
    app_id_ = o.GetString("app_id");
    countries_ = o.GetList("countries");
    if (countries_.empty()) countries_ = {"fr"};
    max_pages_ = static_cast<int>(o.GetInt("max_pages", 3));
    int64_t lookback_hours = o.GetInt("lookback_hours", 0);
    lookback_ms_ = lookback_hours > 0 ? lookback_hours * kHourMs : ctx.lookback_ms;
    ReadFetchOptions(o, &timeout_ms_, &policy_);
  }

  const char* type() const override { return "appstore"; }

  Status Fetch(const std::string& cursor_text, FetchResult* out) override {
    const int64_t now = ctx_.clock->NowMs();
    WindowCursor cursor = WindowCursor::Resume(cursor_text, name(), (now - lookback_ms_) / 1000);
    WindowCursor next = cursor;
    std::vector<Mention> mentions;
    for (const std::string& cc : countries_) {
      for (int page = 1; page <= max_pages_; ++page) {
        HttpRequest req;
        req.url = base_url_ + "/" + cc + "/rss/customerreviews/page=" + std::to_string(page) + "/id=" + app_id_ +
                  "/sortBy=mostRecent/json";
        req.timeout_ms = timeout_ms_;
        req.headers.emplace_back("Accept", "application/json");
        if (!ctx_.user_agent.empty()) req.headers.emplace_back("User-Agent", ctx_.user_agent);
        HttpResponse resp;
        // Any failure delivers nothing: pages run newest first.
        VEILLE_RETURN_IF_ERROR(SendWithRetries(ctx_, name(), req, policy_, &out->pages, &resp));
        const std::string where = "source " + name() + ": " + cc + " page " + std::to_string(page);
        rapidjson::Document doc;
        Status parsed = ParseJsonBody(resp.body, &doc, where);
        const rapidjson::Value* feed = parsed.ok() ? JsonChild(doc, "feed") : nullptr;
        if (parsed.ok() && feed == nullptr) parsed = Status::Corruption(where + ": no \"feed\" object");
        if (!parsed.ok()) {
          log::Error("source.bad_response").Kv("source", name()).Kv("error", parsed.message());
          return parsed;
        }
        const rapidjson::Value* entries = JsonChild(*feed, "entry");
        if (entries == nullptr) break;  // no (more) reviews
        bool reached_window = false;
        int count = 0;
        auto take = [&](const rapidjson::Value& entry, int index) {
          ++count;
          if (!JsonChild(entry, "im:rating")) return;  // the app's own entry
          std::string id = Label(entry, "id");
          int64_t updated = ParseRfc3339Date(Label(entry, "updated"));
          if (id.empty() || updated < 0) {
            out->rejected.push_back(where + ": entry " + std::to_string(index) + ": no id or updated date");
            return;
          }
          int64_t created_s = std::min(updated, now) / 1000;
          if (created_s < cursor.since_s) reached_window = true;
          if (cursor.Covers(created_s, id)) return;
          next.Advance(created_s, id);
          mentions.push_back(ToMention(entry, id, cc, std::min(updated, now), now));
        };
        if (entries->IsArray()) {
          int index = 0;
          for (const rapidjson::Value& e : entries->GetArray()) take(e, ++index);
        } else {
          take(*entries, 1);  // exactly one entry comes as an object
        }
        // Apple pages hold 50 reviews; a shorter page is the last one.
        if (reached_window || count < 50) break;
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
  Mention ToMention(const rapidjson::Value& e, const std::string& id, const std::string& cc, int64_t published_ms,
                    int64_t now) const {
    Mention m;
    m.source_type = "appstore";
    m.source_name = name();
    m.seen_in = {name()};
    m.source_id = id;
    // A review has no URL of its own; the link is the app's page, shared by
    // every review, so it cannot be the dedup key.
    m.id = DedupKey("", "appstore", id, "", "");
    if (const rapidjson::Value* link = JsonChild(e, "link")) {
      if (const rapidjson::Value* attrs = JsonChild(*link, "attributes")) m.url = CanonicalUrl(JsonString(*attrs, "href"));
    }
    m.title = CollapseWhitespace(ToValidUtf8(Label(e, "title")));
    m.text = CollapseWhitespace(ToValidUtf8(Label(e, "content")));
    std::string upper = cc;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    m.publisher = "App Store " + upper;
    m.thread = app_id_;
    if (const rapidjson::Value* author = JsonChild(e, "author")) {
      m.author.name = CollapseWhitespace(ToValidUtf8(Label(*author, "name")));
      m.author.url = CanonicalUrl(Label(*author, "uri"));
    }
    const rapidjson::Value* rating = JsonChild(e, "im:rating");
    int64_t stars = rating ? JsonInt(*rating, "label", 0) : 0;
    m.engagement.rating = stars >= 1 && stars <= 5 ? stars : 0;
    const rapidjson::Value* votes = JsonChild(e, "im:voteCount");
    m.engagement.likes = votes ? std::max<int64_t>(0, JsonInt(*votes, "label", 0)) : 0;
    m.published_ms = published_ms;
    m.fetched_ms = now;
    return m;
  }

  SourceContext ctx_;
  std::string base_url_;
  std::string app_id_;
  std::vector<std::string> countries_;
  int max_pages_;
  int64_t lookback_ms_;
  int64_t timeout_ms_;
  FetchPolicy policy_;
};

Result<std::unique_ptr<Source>> Create(const SourceConfig& config, const SourceContext& ctx) {
  const Options& o = config.options;
  OptionChecks c(config);
  c.NeedsHttp(ctx);
  const std::string app = o.GetString("app_id");
  c.Require(!app.empty() && app.size() <= 15 &&
                std::all_of(app.begin(), app.end(), [](char ch) { return ch >= '0' && ch <= '9'; }),
            "option app_id must be the app's numeric id (id123456789 -> 123456789)");
  for (const std::string& cc : o.GetList("countries")) {
    c.Require(cc.size() == 2 && std::islower(static_cast<unsigned char>(cc[0])) &&
                  std::islower(static_cast<unsigned char>(cc[1])),
              "option countries: \"" + cc + "\" is not a two-letter lower-case code");
  }
  c.IntIn("max_pages", 3, 1, 10).Fetch().HttpUrl("base_url", "https://itunes.apple.com");
  if (!c.ok()) return c.status();
  return std::unique_ptr<Source>(new AppStoreSource(config, ctx));
}

}  // namespace

SourceType AppStoreSourceType() {
  SourceType t;
  t.name = "appstore";
  t.description = "Apple App Store customer reviews of one app, per storefront (public JSON feed)";
  t.options = {
      {"app_id", OptionType::kString, "", "numeric App Store id of the app", true},
      {"countries", OptionType::kStringList, "[\"fr\"]", "storefronts, e.g. [\"fr\", \"be\", \"ch\", \"ca\", \"lu\"]"},
      {"lookback_hours", OptionType::kInt, "0", "first run: how far back (0 = the run's default)"},
      {"max_pages", OptionType::kInt, "3", "pages of 50 reviews per storefront (1..10)"},
      {"timeout_seconds", OptionType::kDouble, "30.0", "per-request timeout"},
      {"retries", OptionType::kInt, "2", "retries on 5xx and network errors"},
      {"base_url", OptionType::kString, "https://itunes.apple.com", "API root (tests point it at a loopback server)"},
  };
  t.create = Create;
  return t;
}

}  // namespace veille
