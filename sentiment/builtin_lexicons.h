// The lexicon files of sentiment/lexicons/, compiled into the binary by a
// build step (sentiment/embed_lexicons.cmake) so that veille needs no data
// directory at run time. Static, read-only: thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

namespace veille::sentiment {

struct EmbeddedLexicon {
  const char* name;  // file name, for error messages
  std::string_view content;
};

// In load order: later files override earlier ones.
extern const EmbeddedLexicon kBuiltinLexicons[];
extern const size_t kBuiltinLexiconCount;

}  // namespace veille::sentiment
