// The brand query language, and BrandMatcher, which tells the score stage
// which watched brands a mention names.
//
// A query is a boolean expression over words and phrases:
//   acme                       the word "acme" (not "acmeology")
//   "acme bank"                the words in sequence
//   acme*                      a word starting with "acme"
//   acme bank                  implicit AND (same as acme AND bank)
//   acme OR "acme corp"        OR binds looser than AND
//   acme NOT coyote, acme -coyote, -"road runner", -(a OR b)   exclusions
//   (acme OR globex) AND (panne OR outage)
// Operators are upper-case (AND, OR, NOT); lower-case "and"/"or" are words.
// Matching is case- and accent-insensitive and word-boundary aware: both the
// query and the text go through FoldForMatch (collectors/text.h), so
// "Société Générale" matches "societe generale" and "SOCIÉTÉ-GÉNÉRALE".
//
// A parsed BrandQuery is immutable and thread-safe; so is a BrandMatcher.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/brand.h"
#include "common/mention.h"
#include "common/status.h"

namespace veille {

// How a service searches, for BrandQuery::ToSearch.
enum class SearchSyntax {
  // Boolean operators, quoted phrases, parentheses and prefix* in one query
  // string (Reddit, Bluesky's Lucene-style searchPosts): one search.
  kBoolean,
  // Every word is required and only "phrases" are understood, no OR and no
  // reliable NOT (Hacker News' Algolia, Mastodon): one search per
  // alternative of the query's disjunctive form, exclusions left to the
  // local re-check.
  kAllWords,
};

class BrandQuery {
 public:
  // Parses `query`. Errors are InvalidArgument naming the 1-based column:
  // "column 7: missing ')' for '(' at column 1". A query that would match a
  // text with no words (only exclusions) is refused too.
  static Result<BrandQuery> Parse(std::string_view query);
  // A query matching `phrase` as one phrase (quotes and query syntax in it are
  // plain text). InvalidArgument when it has no letter or digit.
  static Result<BrandQuery> Phrase(std::string_view phrase);

  // True when the query matches text that went through FoldForMatch.
  bool Matches(std::string_view folded_text) const;
  // The same over the words of folded text (see SplitWords), to match many
  // queries against one text without splitting it again.
  bool MatchesWords(const std::vector<std::string_view>& words) const;

  // Canonical form, for logs and tests: (AND acme (NOT "road runner")).
  std::string DebugString() const;

  // The query in a search service's own syntax (see SearchSyntax). The
  // service may over-match (exclusions dropped, prefixes widened): what it
  // returns is always re-checked locally with Matches. InvalidArgument when
  // the service cannot express the query in at most `max_searches` searches.
  Result<std::vector<std::string>> ToSearch(SearchSyntax syntax, size_t max_searches = 8) const;

 private:
  struct Node {
    enum class Kind { kTerm, kAnd, kOr, kNot } kind = Kind::kTerm;
    std::vector<std::string> words;  // kTerm: folded words in sequence
    bool prefix = false;             // kTerm: last word is a prefix (acme*)
    std::vector<int> children;       // kAnd, kOr: >= 2; kNot: 1
    std::string display;             // kTerm: the words as written, for searches
  };
  friend class QueryParser;
  bool Eval(int node, const std::vector<std::string_view>& words) const;
  std::string Debug(int node) const;
  std::string Boolean(int node) const;
  std::string SearchTerm(const Node& term, bool with_prefix) const;
  Status Alternatives(int node, size_t max, std::vector<std::vector<int>>* out) const;

  std::vector<Node> nodes_;
  int root_ = -1;
};

// Parses a source's `query` option and compiles it for the service's search.
// InvalidArgument "option query: column N: ..." when it does not parse or the
// service cannot express it.
Result<std::vector<std::string>> CompileSourceQuery(std::string_view query, SearchSyntax syntax);

// Splits folded text on spaces into words (views into `folded_text`).
std::vector<std::string_view> SplitWords(std::string_view folded_text);

class BrandMatcher {
 public:
  // Compiles every brand's query (an empty query means the brand's name as a
  // phrase) and exclusions (each a phrase). InvalidArgument naming the brand
  // and the column on the first bad query.
  static Result<BrandMatcher> Create(const std::vector<Brand>& brands);

  // Names of the brands whose query matches the mention's title + text, no
  // exclusion matches, and whose languages (when set) include the mention's
  // language (a mention of unknown language is not filtered). In the order
  // the brands were given.
  std::vector<std::string> Match(const Mention& mention) const;

  size_t size() const { return brands_.size(); }

 private:
  struct Compiled {
    std::string name;
    BrandQuery query;
    std::vector<BrandQuery> excludes;
    std::vector<std::string> languages;
  };
  std::vector<Compiled> brands_;
};

}  // namespace veille
