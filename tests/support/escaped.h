// Bytes as a test failure can show them: printable ASCII as is, every other
// byte as \xNN, so that a failing input can be copied back into a test.
// Header-only: the invariant checks of every test binary and fuzz target
// use it, linked to nothing else of tests/support.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace veille::testutil {

// At most `max` bytes are shown, then "...".
inline std::string Escaped(std::string_view bytes, size_t max = 400) {
  std::string out;
  for (size_t i = 0; i < bytes.size() && i < max; ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c >= 0x20 && c < 0x7F && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\x%02X", c);
      out += buf;
    }
  }
  if (bytes.size() > max) out += "...";
  return out;
}

}  // namespace veille::testutil
