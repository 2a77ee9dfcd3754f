// Brand: what the team watches. A brand has a boolean query (see
// collectors/query.h for the language), exclusions, the languages it cares
// about, and the competitors it is compared against for share of voice.
// Competitors are brands too (is_competitor = true): they are collected and
// counted, never ticketed.
#pragma once

#include <string>
#include <vector>

namespace veille {

struct Brand {
  std::string name;                    // display name and trend key, e.g. "Acme"
  std::string query;                   // e.g. "acme OR \"acme bank\""
  std::vector<std::string> exclude;    // terms or phrases that disqualify a mention
  std::vector<std::string> languages;  // ISO 639-1; empty = all
  std::vector<std::string> competitors;  // names of other configured brands
  bool is_competitor = false;
};

}  // namespace veille
