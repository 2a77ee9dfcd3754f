#include "collectors/preview.h"

#include "collectors/http_client.h"

namespace veille {

Result<FetchResult> PreviewSource(const std::string& type, const std::string& url, const Options& options,
                                  const SourceContext* ctx) {
  const SourceType* st = FindSourceType(type);
  if (st == nullptr) {
    std::string known;
    for (const SourceType& t : SourceTypes()) known += (known.empty() ? "" : ", ") + t.name;
    return Status::NotFound("unknown source type '" + type + "' (known: " + known + ")");
  }
  SourceConfig config;
  config.name = "preview";
  config.type = type;
  config.options = options;
  if (!url.empty()) config.options.Set("url", url);
  // The config loader does this for configured sources; a preview bypasses it.
  for (const auto& [key, value] : config.options.values()) {
    bool declared = false;
    for (const OptionSpec& spec : st->options) declared = declared || spec.key == key;
    if (!declared) return Status::InvalidArgument("preview " + type + ": unknown option '" + key + "'");
  }
  for (const OptionSpec& spec : st->options) {
    if (spec.required && !config.options.Has(spec.key)) {
      return Status::InvalidArgument("preview " + type + ": option '" + spec.key + "' is required");
    }
  }
  std::unique_ptr<HttpClient> own_http;
  SourceContext local;
  if (ctx == nullptr) {
    own_http = NewCurlHttpClient();
    local.http = own_http.get();
    local.clock = Clock::Real();
    ctx = &local;
  }
  auto source = st->create(config, *ctx);
  if (!source.ok()) return source.status();
  FetchResult out;
  Status fetched = (*source)->Fetch("", &out);
  if (!fetched.ok()) return fetched;
  return out;
}

}  // namespace veille
