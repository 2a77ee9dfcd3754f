// WindowCursor: the cursor of the search-API sources (Hacker News, Reddit,
// Bluesky, the App Store), whose results are ordered by creation time. It
// holds the newest creation second already delivered and the ids created in
// that very second, so that
// the next query can ask for ">= since" without delivering those ids twice
// and without missing an item created in the same second but indexed later.
// Plain value; thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace veille {

struct WindowCursor {
  int64_t since_s = 0;               // newest creation time delivered (UTC seconds)
  std::vector<std::string> ids;      // ids created at since_s, already delivered

  // True when an item (created at `t_s`, id `id`) was delivered already.
  bool Covers(int64_t t_s, const std::string& id) const;
  // Records a delivered item, moving the window forward when it is newer.
  void Advance(int64_t t_s, const std::string& id);

  std::string Encode() const;
  // Corruption naming the field when `text` is not a cursor this code wrote.
  static Result<WindowCursor> Decode(std::string_view text);
  // Where a fetch starts: the stored cursor `text`; when it is empty or
  // unreadable (logged as source.cursor_unreadable for `source`), or holds
  // no time yet, a window from `start_s` (now minus the look-back).
  static WindowCursor Resume(std::string_view text, const std::string& source, int64_t start_s);
};

}  // namespace veille
