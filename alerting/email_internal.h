// Internal helpers of the e-mail code shared by the renderer and the mailers.
// Not part of the library's interface. Pure functions, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "alerting/email.h"
#include "common/status.h"

namespace veille::alerting_internal {

struct Mailbox {
  std::string name;  // display name, sanitised, may be UTF-8, may be empty
  std::string addr;  // local@domain, ASCII, validated
};

// Parses "Name <local@domain>", "\"Name\" <local@domain>" or "local@domain".
// nullopt when the address is not a plain ASCII addr-spec we can put on the
// wire safely (no quoted local parts, no IDN, no comments).
std::optional<Mailbox> ParseMailbox(std::string_view text);

// OK when the message can be sent: a valid From, at least one recipient,
// every recipient valid. InvalidArgument naming the bad field otherwise.
Status ValidateForSending(const Email& email);

// The file name (without directory) the spool uses for a Message-ID: the id
// itself when it is short and made of safe characters, else a hash of it.
std::string SpoolFileName(std::string_view message_id);

}  // namespace veille::alerting_internal
