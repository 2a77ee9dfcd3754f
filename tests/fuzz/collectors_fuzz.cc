// libFuzzer target: the collectors' text helpers, URL canonicalisation, the
// alert e-mail reader and the feed parser on arbitrary bytes, with the
// properties of tests/collectors/invariants.h. Built and run by scripts/fuzz.
//
// Input: the first byte picks the parser (text, URL, mail, feed); the rest
// is what it reads.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "tests/collectors/invariants.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view in(reinterpret_cast<const char*>(data + 1), size - 1);
  namespace ci = veille::collector_invariants;
  std::string broken;
  switch (data[0] % 4) {
    case 0: broken = ci::CheckText(in); break;
    case 1: broken = ci::CheckUrl(in); break;
    case 2: broken = ci::CheckMail(in); break;
    default: broken = ci::CheckFeed(in); break;
  }
  if (!broken.empty()) {
    std::fprintf(stderr, "invariant broken: %s\n", broken.c_str());
    std::abort();
  }
  return 0;
}
