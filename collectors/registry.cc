#include "collectors/source.h"

#include "collectors/rss_source.h"
#include "collectors/source_types.h"

namespace veille {

// One line per source type; the order is the order `veille sources` prints.
const std::vector<SourceType>& SourceTypes() {
  static const std::vector<SourceType> kTypes = [] {
    std::vector<SourceType> types;
    types.push_back(RssSourceType());
    types.push_back(ImapSourceType());
    types.push_back(HackerNewsSourceType());
    types.push_back(RedditSourceType());
    types.push_back(MastodonSourceType());
    types.push_back(BlueskySourceType());
    types.push_back(AppStoreSourceType());
    return types;
  }();
  return kTypes;
}

const SourceType* FindSourceType(const std::string& name) {
  for (const SourceType& t : SourceTypes()) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

}  // namespace veille
