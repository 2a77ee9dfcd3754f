// `veille preview TYPE URL [--query Q] [--key value ...]`: fetches one page
// of a source as a first run would, touches no state (no config file, no
// store, no Kafka), and prints the normalised mentions as JSON lines on
// stdout; logs go to stderr. See collectors/preview.h for the URL shapes.
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "collectors/preview.h"
#include "common/log.h"
#include "common/mention.h"
#include "jobs/command.h"

namespace veille {
namespace {

struct PreviewOptions {
  std::string type;
  std::string url;
  std::string query;
  CLI::App* app = nullptr;  // for the --key value pairs CLI11 leaves over
};
PreviewOptions g_preview;

// "--key value" and "--key=value" pairs, in order; a lone word is an error.
Result<std::vector<std::pair<std::string, std::string>>> KeyValues(const std::vector<std::string>& args) {
  std::vector<std::pair<std::string, std::string>> kv;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.size() < 3 || a.compare(0, 2, "--") != 0) {
      return Status::InvalidArgument("preview: unexpected argument '" + a + "' (options are --key value)");
    }
    size_t eq = a.find('=');
    if (eq != std::string::npos) {
      kv.emplace_back(a.substr(2, eq - 2), a.substr(eq + 1));
    } else if (i + 1 < args.size()) {
      kv.emplace_back(a.substr(2), args[++i]);
    } else {
      return Status::InvalidArgument("preview: option '" + a + "' needs a value");
    }
  }
  return kv;
}

int Fail(const Status& st) {
  log::Error("preview.failed").Kv("error", st.ToString());
  std::fprintf(stderr, "veille preview: %s\n", st.message().c_str());
  if (st.code() == Status::Code::kNotFound) return kExitUsage;  // unknown type
  return ExitCodeFor(st);
}

int RunPreview(const GlobalOptions&) {
  auto kv = KeyValues(g_preview.app->remaining());
  if (!kv.ok()) return Fail(kv.status());
  auto options = OptionsFromText(g_preview.type, *kv);
  if (!options.ok()) return Fail(options.status());
  PreviewRequest request;
  request.type = g_preview.type;
  request.url = g_preview.url;
  request.query = g_preview.query;
  request.options = std::move(options).value();
  auto result = Preview(request);
  if (!result.ok()) return Fail(result.status());
  for (const std::string& r : result->fetched.rejected) log::Warn("preview.item_rejected").Kv("reason", r);
  for (const Mention& m : result->fetched.mentions) {
    std::string line = ToJson(m);
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stdout);
  }
  std::fflush(stdout);
  log::Info("preview.done")
      .Kv("type", request.type)
      .Kv("mentions", result->fetched.mentions.size())
      .Kv("filtered_out", result->filtered_out)
      .Kv("rejected", result->fetched.rejected.size())
      .Kv("pages", result->fetched.pages)
      .Kv("not_modified", result->fetched.not_modified);
  return kExitOk;
}

}  // namespace

const Command kPreviewCommand = {
    "preview", "Fetch one page of a source and print its mentions as JSON lines (stores nothing)",
    [](CLI::App& app) {
      g_preview.app = &app;
      app.add_option("type", g_preview.type, "Source type (see `veille sources`)")->required();
      app.add_option("url", g_preview.url, "First page as the service serves it (http, https or file)")->required();
      app.add_option("--query", g_preview.query, "Brand query: the source's search, re-checked locally");
      app.allow_extras();
      app.footer("Any other --key value sets that source option, e.g. --lookback_hours 48 --max_pages 2.");
    },
    RunPreview};

}  // namespace veille
