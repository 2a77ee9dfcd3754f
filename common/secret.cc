#include "common/secret.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "common/log.h"

namespace veille {

bool IsSecretReference(std::string_view ref) {
  return (ref.rfind("env:", 0) == 0 && ref.size() > 4) || (ref.rfind("file:", 0) == 0 && ref.size() > 5);
}

Result<std::string> ResolveSecret(std::string_view ref) {
  std::string value;
  if (ref.rfind("env:", 0) == 0 && ref.size() > 4) {
    std::string name(ref.substr(4));
    const char* v = std::getenv(name.c_str());
    if (v == nullptr || *v == '\0') {
      return Status::InvalidArgument("environment variable " + name + " is not set");
    }
    value = v;
  } else if (ref.rfind("file:", 0) == 0 && ref.size() > 5) {
    std::string path(ref.substr(5));
    std::ifstream in(path, std::ios::binary);
    if (!in) return Status::InvalidArgument("secret file " + path + " cannot be read");
    std::ostringstream ss;
    ss << in.rdbuf();
    value = ss.str();
    while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
    if (value.empty()) return Status::InvalidArgument("secret file " + path + " is empty");
  } else {
    return Status::InvalidArgument("a secret must be given as env:NAME or file:PATH, not inline");
  }
  log::RegisterSecret(value);
  return value;
}

}  // namespace veille
