// Secrets (API tokens, SMTP passwords) are never written in the config text:
// the config names where they live, "env:NAME" or "file:/path", and this
// resolves them at run time. A resolved secret is registered with the logger
// so that it is masked should it ever reach a log line.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace veille {

// Returns the secret, or InvalidArgument naming the reference (never the
// value) when the variable is unset, the file unreadable, or the reference is
// not of the form env:NAME / file:PATH. A file's trailing newline is dropped.
Result<std::string> ResolveSecret(std::string_view reference);
// True for "env:NAME" and "file:PATH" forms.
bool IsSecretReference(std::string_view reference);

}  // namespace veille
