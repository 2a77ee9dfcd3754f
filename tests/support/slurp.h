// What a test reads back of the files a command wrote, and of the real
// binary's run. Header-only.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace veille::testutil {

// The whole file, bytes as they are; "" when it cannot be read.
inline std::string Slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A run of the veille binary: its exit code (-1 when it did not exit), its
// stdout and its stderr.
struct RunResult {
  int code = -1;
  std::string out;
  std::string err;
};

}  // namespace veille::testutil
