#include "collectors/preview.h"

#include <cerrno>
#include <cstdlib>

#include "collectors/http_client.h"
#include "collectors/query.h"
#include "collectors/url.h"
#include "common/brand.h"
#include "common/log.h"

namespace veille {
namespace {

bool StartsWithNoCase(const std::string& s, const char* prefix) {
  size_t n = std::char_traits<char>::length(prefix);
  if (s.size() < n) return false;
  for (size_t i = 0; i < n; ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

bool IsFileUrl(const std::string& url) { return StartsWithNoCase(url, "file:"); }

// An http(s) URL split into what the sources are configured with.
struct ServiceUrl {
  std::string root;  // scheme://host[:port], as written
  std::string path;  // from the first '/' to '?' or '#'
  std::vector<std::pair<std::string, std::string>> params;  // decoded, in order

  std::string Param(const std::string& name) const {
    for (const auto& [k, v] : params) {
      if (k == name) return v;
    }
    return "";
  }
};

bool SplitServiceUrl(const std::string& url, ServiceUrl* out) {
  if (!StartsWithNoCase(url, "http://") && !StartsWithNoCase(url, "https://")) return false;
  size_t authority = url.find("://") + 3;
  size_t path = url.find_first_of("/?#", authority);
  if (path == authority) return false;
  out->root = url.substr(0, path);
  if (path == std::string::npos) {
    out->path = "/";
    return true;
  }
  size_t query = url.find_first_of("?#", path);
  out->path = url.substr(path, query == std::string::npos ? std::string::npos : query - path);
  if (out->path.empty()) out->path = "/";
  if (query == std::string::npos || url[query] == '#') return true;
  size_t end = url.find('#', query);
  std::string qs = url.substr(query + 1, end == std::string::npos ? std::string::npos : end - query - 1);
  size_t start = 0;
  while (start <= qs.size()) {
    size_t amp = qs.find('&', start);
    std::string pair = qs.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      std::string k = pair.substr(0, eq), v = eq == std::string::npos ? "" : pair.substr(eq + 1);
      for (char& c : v) c = c == '+' ? ' ' : c;  // a query string's '+' is a space
      out->params.emplace_back(PercentDecode(k), PercentDecode(v));
    }
    if (amp == std::string::npos) break;
    start = amp + 1;
  }
  return true;
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Sets `key` from URL parameter `param` when the URL has it.
void CopyParam(const ServiceUrl& u, const char* param, const char* key, Options* o) {
  std::string v = u.Param(param);
  if (!v.empty()) o->Set(key, v);
}

Status CopyIntParam(const ServiceUrl& u, const char* param, const char* key, Options* o) {
  std::string v = u.Param(param);
  if (v.empty()) return Status::OK();
  char* end = nullptr;
  errno = 0;
  long long n = std::strtoll(v.c_str(), &end, 10);
  if (errno != 0 || end == v.c_str() || *end != '\0') {
    return Status::InvalidArgument(std::string("URL parameter ") + param + "=" + v + " is not an integer");
  }
  o->Set(key, static_cast<int64_t>(n));
  return Status::OK();
}

// A URL that does not have the shape of `type`'s API.
Status NotTheApi(const std::string& type, const std::string& url, const char* shape) {
  return Status::InvalidArgument("preview " + type + ": " + url + " is not a " + type + " address; expected " + shape);
}

// The HttpClient of a preview: the source's first request goes to the URL
// the user gave, exactly (file:// included); later pages of a file:// URL
// are refused, the file holding one page.
class FirstPageHttpClient : public HttpClient {
 public:
  FirstPageHttpClient(HttpClient* inner, std::string url) : inner_(inner), url_(std::move(url)) {}

  Result<HttpResponse> Send(const HttpRequest& request) override {
    if (first_.empty()) first_ = request.url;
    if (request.url == first_) {  // the first page, or a retry of it
      HttpRequest r = request;
      r.url = url_;
      return inner_->Send(r);
    }
    if (IsFileUrl(url_)) {
      return Status::InvalidArgument("preview: " + url_ + " holds one page; not fetching " + request.url);
    }
    return inner_->Send(request);
  }

 private:
  HttpClient* inner_;
  std::string url_;
  std::string first_;
};

bool Declares(const SourceType& t, const std::string& key) {
  for (const OptionSpec& spec : t.options) {
    if (spec.key == key) return true;
  }
  return false;
}

std::string KnownTypes() {
  std::string known;
  for (const SourceType& t : SourceTypes()) known += (known.empty() ? "" : ", ") + t.name;
  return known;
}

}  // namespace

Result<Options> OptionsFromServiceUrl(const std::string& type, const std::string& url) {
  Options o;
  const SourceType* st = FindSourceType(type);
  // rss, imap: the URL is itself the source's "url" option.
  if (IsFileUrl(url) || (st != nullptr && Declares(*st, "url"))) return o;
  ServiceUrl u;
  if (!SplitServiceUrl(url, &u)) {
    return Status::InvalidArgument("preview " + type + ": URL must be http://, https:// or file://, got '" + url + "'");
  }
  if (type == "hackernews") {
    size_t api = u.path.find("/api/v1/search");
    if (api == std::string::npos || !(EndsWith(u.path, "/search_by_date") || EndsWith(u.path, "/search"))) {
      return NotTheApi(type, url, "https://hn.algolia.com/api/v1/search_by_date?query=...");
    }
    o.Set("base_url", u.root + u.path.substr(0, api));
    CopyParam(u, "query", "query", &o);
    CopyParam(u, "tags", "tags", &o);
    VEILLE_RETURN_IF_ERROR(CopyIntParam(u, "hitsPerPage", "hits_per_page", &o));
  } else if (type == "reddit") {
    if (!EndsWith(u.path, "/search.json")) {
      return NotTheApi(type, url, "https://www.reddit.com[/r/SUB]/search.json?q=...");
    }
    std::string prefix = u.path.substr(0, u.path.size() - std::string("/search.json").size());
    size_t r = prefix.rfind("/r/");
    if (r != std::string::npos) {
      o.Set("subreddit", prefix.substr(r + 3));
      prefix.erase(r);
    }
    o.Set("base_url", u.root + prefix);
    CopyParam(u, "q", "query", &o);
    VEILLE_RETURN_IF_ERROR(CopyIntParam(u, "limit", "limit", &o));
  } else if (type == "mastodon") {
    size_t search = u.path.find("/api/v2/search");
    size_t tag = u.path.find("/api/v1/timelines/tag/");
    if (search != std::string::npos && EndsWith(u.path, "/api/v2/search")) {
      o.Set("instance", u.root + u.path.substr(0, search));
      CopyParam(u, "q", "query", &o);
    } else if (tag != std::string::npos && u.path.size() > tag + 22) {
      o.Set("instance", u.root + u.path.substr(0, tag));
      o.Set("hashtag", PercentDecode(u.path.substr(tag + 22)));
    } else {
      return NotTheApi(type, url, "https://INSTANCE/api/v2/search?q=... or https://INSTANCE/api/v1/timelines/tag/TAG");
    }
    VEILLE_RETURN_IF_ERROR(CopyIntParam(u, "limit", "limit", &o));
  } else if (type == "bluesky") {
    const std::string method = "/xrpc/app.bsky.feed.searchPosts";
    if (!EndsWith(u.path, method)) {
      return NotTheApi(type, url, "https://public.api.bsky.app/xrpc/app.bsky.feed.searchPosts?q=...");
    }
    o.Set("base_url", u.root + u.path.substr(0, u.path.size() - method.size()));
    CopyParam(u, "q", "query", &o);
    CopyParam(u, "lang", "lang", &o);
    VEILLE_RETURN_IF_ERROR(CopyIntParam(u, "limit", "limit", &o));
  } else if (type == "appstore") {
    // /{cc}/rss/customerreviews/page=N/id=APP/sortBy=mostRecent/json
    size_t rss = u.path.find("/rss/customerreviews/");
    size_t id = u.path.find("/id=");
    if (rss == std::string::npos || rss == 0 || id == std::string::npos) {
      return NotTheApi(type, url, "https://itunes.apple.com/CC/rss/customerreviews/page=1/id=APP/sortBy=mostRecent/json");
    }
    size_t cc = u.path.rfind('/', rss - 1);
    o.Set("base_url", u.root + u.path.substr(0, cc));
    o.Set("countries", std::vector<std::string>{u.path.substr(cc + 1, rss - cc - 1)});
    std::string app = u.path.substr(id + 4);
    o.Set("app_id", app.substr(0, app.find('/')));
  }
  return o;
}

Result<Options> OptionsFromText(const std::string& type, const std::vector<std::pair<std::string, std::string>>& kv) {
  const SourceType* st = FindSourceType(type);
  if (st == nullptr) return Status::NotFound("unknown source type '" + type + "' (known: " + KnownTypes() + ")");
  Options o;
  for (const auto& entry : kv) {
    // Plain variables, not structured bindings: `bad` below captures them,
    // which clang accepts only from version 16 (the fuzz build uses 14).
    std::string key = entry.first;
    const std::string& text = entry.second;
    for (char& c : key) c = c == '-' ? '_' : c;
    const OptionSpec* spec = nullptr;
    for (const OptionSpec& s : st->options) {
      if (s.key == key) spec = &s;
    }
    if (spec == nullptr) {
      std::string keys;
      for (const OptionSpec& s : st->options) keys += (keys.empty() ? "" : ", ") + s.key;
      return Status::InvalidArgument("preview " + type + ": unknown option '" + key + "' (known: " + keys + ")");
    }
    auto bad = [&] {
      return Status::InvalidArgument("preview " + type + ": option '" + key + "' must be of type " +
                                     OptionTypeName(spec->type) + ", got '" + text + "'");
    };
    char* end = nullptr;
    errno = 0;
    switch (spec->type) {
      case OptionType::kString:
      case OptionType::kSecret:
        o.Set(key, text);
        break;
      case OptionType::kInt: {
        long long n = std::strtoll(text.c_str(), &end, 10);
        if (text.empty() || errno != 0 || *end != '\0') return bad();
        o.Set(key, static_cast<int64_t>(n));
        break;
      }
      case OptionType::kDouble: {
        double d = std::strtod(text.c_str(), &end);
        if (text.empty() || errno != 0 || *end != '\0') return bad();
        o.Set(key, d);
        break;
      }
      case OptionType::kBool:
        if (text != "true" && text != "false") return bad();
        o.Set(key, text == "true");
        break;
      case OptionType::kStringList: {
        std::vector<std::string> items;
        size_t start = 0;
        while (start <= text.size()) {
          size_t comma = text.find(',', start);
          std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
          if (!item.empty()) items.push_back(item);
          if (comma == std::string::npos) break;
          start = comma + 1;
        }
        o.Set(key, items);
        break;
      }
    }
  }
  return o;
}

Result<PreviewResult> Preview(const PreviewRequest& request, const SourceContext* ctx) {
  const std::string& type = request.type;
  const SourceType* st = FindSourceType(type);
  if (st == nullptr) return Status::NotFound("unknown source type '" + type + "' (known: " + KnownTypes() + ")");

  SourceConfig config;
  config.name = "preview";
  config.type = type;
  if (!request.url.empty()) {
    auto from_url = OptionsFromServiceUrl(type, request.url);
    if (!from_url.ok()) return from_url.status();
    config.options = std::move(from_url).value();
    if (Declares(*st, "url")) config.options.Set("url", request.url);
  }
  if (!request.query.empty() && Declares(*st, "query")) config.options.Set("query", request.query);
  for (const auto& [key, value] : request.options.values()) config.options.Set(key, value);
  if (Declares(*st, "max_pages") && !request.options.Has("max_pages")) config.options.Set("max_pages", int64_t{1});

  // The config loader does this for configured sources; a preview bypasses it.
  for (const auto& [key, value] : config.options.values()) {
    if (!Declares(*st, key)) return Status::InvalidArgument("preview " + type + ": unknown option '" + key + "'");
  }
  for (const OptionSpec& spec : st->options) {
    if (spec.required && !config.options.Has(spec.key)) {
      return Status::InvalidArgument("preview " + type + ": option '" + spec.key + "' is required");
    }
  }

  std::unique_ptr<BrandMatcher> matcher;
  if (!request.query.empty()) {
    Brand brand;
    brand.name = request.query;
    brand.query = request.query;
    auto m = BrandMatcher::Create({brand});
    if (!m.ok()) return m.status().WithContext("preview --query");
    matcher = std::make_unique<BrandMatcher>(std::move(m).value());
  }

  std::unique_ptr<HttpClient> own_http;
  SourceContext local;
  if (ctx != nullptr) local = *ctx;
  if (local.http == nullptr) {
    own_http = NewCurlHttpClient();
    local.http = own_http.get();
  }
  if (local.clock == nullptr) local.clock = Clock::Real();
  std::unique_ptr<FirstPageHttpClient> first_page;
  if (!request.url.empty()) {
    first_page = std::make_unique<FirstPageHttpClient>(local.http, request.url);
    local.http = first_page.get();
  }
  auto source = st->create(config, local);
  if (!source.ok()) return source.status();
  PreviewResult result;
  VEILLE_RETURN_IF_ERROR((*source)->Fetch("", &result.fetched));
  if (matcher != nullptr) {
    std::vector<Mention> kept;
    for (Mention& m : result.fetched.mentions) {
      m.brands = matcher->Match(m);
      if (m.brands.empty()) {
        ++result.filtered_out;
      } else {
        kept.push_back(std::move(m));
      }
    }
    result.fetched.mentions = std::move(kept);
  }
  return result;
}

Result<FetchResult> PreviewSource(const std::string& type, const std::string& url, const Options& options,
                                  const SourceContext* ctx) {
  PreviewRequest request;
  request.type = type;
  request.url = url;
  request.options = options;
  auto r = Preview(request, ctx);
  if (!r.ok()) return r.status();
  return std::move(r->fetched);
}

}  // namespace veille
