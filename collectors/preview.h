// PreviewSource: one fetch of a source as if it were its first run, with no
// stored cursor, for `veille preview <type> <url>`: lets a user check a feed
// URL or a search before putting it in the config. Nothing is stored.
// Thread-safe when each call gets its own context (the default one is).
#pragma once

#include <string>

#include "collectors/source.h"

namespace veille {

// Creates a source of `type` named "preview" from `options` (with "url" set
// to `url` when `url` is not empty), checks the options against the type's
// schema (unknown keys and missing required keys are InvalidArgument), and
// fetches once. `ctx` may be null: a libcurl client and the real clock are
// used. NotFound for an unknown type, naming the known ones.
Result<FetchResult> PreviewSource(const std::string& type, const std::string& url, const Options& options,
                                  const SourceContext* ctx = nullptr);

}  // namespace veille
