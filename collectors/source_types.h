// Registration records of the source types that live in one .cc file each
// with no public API beyond their registration (the social and search APIs).
// collectors/registry.cc lists them; nothing else should need this header.
#pragma once

#include "collectors/source.h"

namespace veille {

SourceType HackerNewsSourceType();  // "hackernews": Hacker News search (Algolia API)
SourceType RedditSourceType();      // "reddit": Reddit search (JSON listing API)
SourceType MastodonSourceType();    // "mastodon": one instance's search or hashtag timeline
SourceType BlueskySourceType();     // "bluesky": searchPosts on an AppView
SourceType AppStoreSourceType();    // "appstore": Apple App Store customer reviews
SourceType ImapSourceType();        // "imap": Google Alerts e-mails over IMAP

}  // namespace veille
