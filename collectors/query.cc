#include "collectors/query.h"

#include <algorithm>

#include "collectors/text.h"

namespace veille {

namespace {

constexpr int kMaxDepth = 64;
constexpr size_t kMaxQueryBytes = 4096;

struct Token {
  enum class Kind { kWord, kPhrase, kLParen, kRParen, kAnd, kOr, kNot, kMinus, kEnd } kind;
  std::string text;
  size_t column;  // 1-based
};

std::string Col(size_t column) { return "column " + std::to_string(column) + ": "; }

const char* KindName(Token::Kind k) {
  switch (k) {
    case Token::Kind::kWord: return "a word";
    case Token::Kind::kPhrase: return "a phrase";
    case Token::Kind::kLParen: return "'('";
    case Token::Kind::kRParen: return "')'";
    case Token::Kind::kAnd: return "AND";
    case Token::Kind::kOr: return "OR";
    case Token::Kind::kNot: return "NOT";
    case Token::Kind::kMinus: return "'-'";
    case Token::Kind::kEnd: return "the end of the query";
  }
  return "?";
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

Status Tokenize(std::string_view q, std::vector<Token>* out) {
  size_t i = 0;
  while (i < q.size()) {
    char c = q[i];
    if (IsSpace(c)) {
      ++i;
      continue;
    }
    size_t col = i + 1;
    if (c == '(') {
      out->push_back({Token::Kind::kLParen, "", col});
      ++i;
    } else if (c == ')') {
      out->push_back({Token::Kind::kRParen, "", col});
      ++i;
    } else if (c == '"') {
      size_t end = q.find('"', i + 1);
      if (end == std::string_view::npos) return Status::InvalidArgument(Col(col) + "unterminated quote");
      out->push_back({Token::Kind::kPhrase, std::string(q.substr(i + 1, end - i - 1)), col});
      i = end + 1;
    } else if (c == '-' && i + 1 < q.size() && !IsSpace(q[i + 1])) {
      out->push_back({Token::Kind::kMinus, "", col});
      ++i;
    } else {
      size_t start = i;
      while (i < q.size() && !IsSpace(q[i]) && q[i] != '(' && q[i] != ')' && q[i] != '"') ++i;
      std::string word(q.substr(start, i - start));
      if (word == "AND") out->push_back({Token::Kind::kAnd, word, col});
      else if (word == "OR") out->push_back({Token::Kind::kOr, word, col});
      else if (word == "NOT") out->push_back({Token::Kind::kNot, word, col});
      else out->push_back({Token::Kind::kWord, word, col});
    }
  }
  out->push_back({Token::Kind::kEnd, "", q.size() + 1});
  return Status::OK();
}

// A term as a search service should see it: the user's spelling (accents and
// case kept, since services fold them their own way), whitespace collapsed,
// and no character that is syntax in a search string.
std::string DisplayWords(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == '"' || c == '(' || c == ')' || c == '*' || c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

}  // namespace

class QueryParser {
 public:
  QueryParser(std::vector<Token> tokens, BrandQuery* q) : tokens_(std::move(tokens)), q_(q) {}

  Status Run() {
    int root;
    VEILLE_RETURN_IF_ERROR(ParseOr(0, &root));
    const Token& t = Peek();
    if (t.kind == Token::Kind::kRParen) return Status::InvalidArgument(Col(t.column) + "')' without '('");
    if (t.kind != Token::Kind::kEnd) {
      return Status::InvalidArgument(Col(t.column) + "unexpected " + KindName(t.kind));
    }
    q_->root_ = root;
    return Status::OK();
  }

 private:
  const Token& Peek() const { return tokens_[pos_]; }
  const Token& Next() { return tokens_[pos_++]; }

  int Add(BrandQuery::Node node) {
    q_->nodes_.push_back(std::move(node));
    return static_cast<int>(q_->nodes_.size()) - 1;
  }

  static bool StartsUnary(Token::Kind k) {
    return k == Token::Kind::kWord || k == Token::Kind::kPhrase || k == Token::Kind::kLParen ||
           k == Token::Kind::kNot || k == Token::Kind::kMinus;
  }

  Status ParseOr(int depth, int* out) {
    std::vector<int> parts(1);
    VEILLE_RETURN_IF_ERROR(ParseAnd(depth, &parts[0]));
    while (Peek().kind == Token::Kind::kOr) {
      Next();
      int rhs;
      VEILLE_RETURN_IF_ERROR(ParseAnd(depth, &rhs));
      parts.push_back(rhs);
    }
    *out = parts.size() == 1 ? parts[0] : Add({BrandQuery::Node::Kind::kOr, {}, false, parts, {}});
    return Status::OK();
  }

  Status ParseAnd(int depth, int* out) {
    std::vector<int> parts(1);
    VEILLE_RETURN_IF_ERROR(ParseUnary(depth, &parts[0]));
    for (;;) {
      if (Peek().kind == Token::Kind::kAnd) {
        Next();
      } else if (!StartsUnary(Peek().kind)) {
        break;
      }
      int rhs;
      VEILLE_RETURN_IF_ERROR(ParseUnary(depth, &rhs));
      parts.push_back(rhs);
    }
    *out = parts.size() == 1 ? parts[0] : Add({BrandQuery::Node::Kind::kAnd, {}, false, parts, {}});
    return Status::OK();
  }

  Status ParseUnary(int depth, int* out) {
    if (depth > kMaxDepth) {
      return Status::InvalidArgument(Col(Peek().column) + "nesting deeper than " + std::to_string(kMaxDepth));
    }
    const Token& t = Peek();
    if (t.kind == Token::Kind::kNot || t.kind == Token::Kind::kMinus) {
      Next();
      int child;
      VEILLE_RETURN_IF_ERROR(ParseUnary(depth + 1, &child));
      *out = Add({BrandQuery::Node::Kind::kNot, {}, false, {child}, {}});
      return Status::OK();
    }
    return ParsePrimary(depth, out);
  }

  Status ParsePrimary(int depth, int* out) {
    const Token& t = Next();
    switch (t.kind) {
      case Token::Kind::kLParen: {
        if (Peek().kind == Token::Kind::kRParen) {
          return Status::InvalidArgument(Col(t.column) + "empty parentheses");
        }
        VEILLE_RETURN_IF_ERROR(ParseOr(depth + 1, out));
        const Token& close = Peek();
        if (close.kind != Token::Kind::kRParen) {
          return Status::InvalidArgument(Col(close.column) + "missing ')' for '(' at column " +
                                         std::to_string(t.column));
        }
        Next();
        return Status::OK();
      }
      case Token::Kind::kWord:
      case Token::Kind::kPhrase: {
        BrandQuery::Node node;
        std::string text = t.text;
        if (t.kind == Token::Kind::kWord && text.size() > 1 && text.back() == '*') {
          node.prefix = true;
          text.pop_back();
        }
        const std::string folded = FoldForMatch(text);  // outlives the views SplitWords returns
        for (std::string_view w : SplitWords(folded)) node.words.emplace_back(w);
        node.display = DisplayWords(text);
        if (node.words.empty()) {
          return Status::InvalidArgument(Col(t.column) + (t.kind == Token::Kind::kPhrase ? "phrase" : "term") +
                                         " has no letter or digit");
        }
        *out = Add(std::move(node));
        return Status::OK();
      }
      default:
        return Status::InvalidArgument(Col(t.column) + "expected a word, a phrase or '(' but found " +
                                       KindName(t.kind));
    }
  }

  std::vector<Token> tokens_;
  size_t pos_ = 0;
  BrandQuery* q_;
};

std::vector<std::string_view> SplitWords(std::string_view folded) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < folded.size()) {
    while (i < folded.size() && folded[i] == ' ') ++i;
    size_t start = i;
    while (i < folded.size() && folded[i] != ' ') ++i;
    if (i > start) words.push_back(folded.substr(start, i - start));
  }
  return words;
}

Result<BrandQuery> BrandQuery::Parse(std::string_view query) {
  if (query.size() > kMaxQueryBytes) {
    return Status::InvalidArgument("column " + std::to_string(kMaxQueryBytes + 1) + ": query longer than " +
                                   std::to_string(kMaxQueryBytes) + " bytes");
  }
  std::vector<Token> tokens;
  VEILLE_RETURN_IF_ERROR(Tokenize(query, &tokens));
  if (tokens.size() == 1) return Status::InvalidArgument("column 1: empty query");
  BrandQuery q;
  QueryParser parser(std::move(tokens), &q);
  VEILLE_RETURN_IF_ERROR(parser.Run());
  if (q.MatchesWords({})) {
    return Status::InvalidArgument("column 1: query has no required word (only exclusions?): it would match "
                                   "every mention");
  }
  return q;
}

Result<BrandQuery> BrandQuery::Phrase(std::string_view phrase) {
  Node node;
  const std::string folded = FoldForMatch(phrase);
  for (std::string_view w : SplitWords(folded)) node.words.emplace_back(w);
  node.display = DisplayWords(phrase);
  if (node.words.empty()) return Status::InvalidArgument("column 1: phrase has no letter or digit");
  BrandQuery q;
  q.nodes_.push_back(std::move(node));
  q.root_ = 0;
  return q;
}

bool BrandQuery::Matches(std::string_view folded_text) const { return MatchesWords(SplitWords(folded_text)); }

bool BrandQuery::MatchesWords(const std::vector<std::string_view>& words) const {
  return root_ >= 0 && Eval(root_, words);
}

bool BrandQuery::Eval(int index, const std::vector<std::string_view>& words) const {
  const Node& n = nodes_[index];
  switch (n.kind) {
    case Node::Kind::kAnd:
      for (int c : n.children) {
        if (!Eval(c, words)) return false;
      }
      return true;
    case Node::Kind::kOr:
      for (int c : n.children) {
        if (Eval(c, words)) return true;
      }
      return false;
    case Node::Kind::kNot:
      return !Eval(n.children[0], words);
    case Node::Kind::kTerm: {
      const size_t k = n.words.size();
      if (words.size() < k) return false;
      for (size_t i = 0; i + k <= words.size(); ++i) {
        bool ok = true;
        for (size_t j = 0; j < k && ok; ++j) {
          const std::string_view w = words[i + j];
          const std::string& want = n.words[j];
          ok = (n.prefix && j + 1 == k) ? w.substr(0, want.size()) == want : w == want;
        }
        if (ok) return true;
      }
      return false;
    }
  }
  return false;
}

std::string BrandQuery::DebugString() const { return root_ < 0 ? "" : Debug(root_); }

std::string BrandQuery::Debug(int index) const {
  const Node& n = nodes_[index];
  if (n.kind == Node::Kind::kTerm) {
    std::string s;
    for (const std::string& w : n.words) s += (s.empty() ? "" : " ") + w;
    if (n.prefix) s += "*";
    return n.words.size() > 1 ? "\"" + s + "\"" : s;
  }
  std::string s = n.kind == Node::Kind::kAnd ? "(AND" : n.kind == Node::Kind::kOr ? "(OR" : "(NOT";
  for (int c : n.children) s += " " + Debug(c);
  return s + ")";
}

std::string BrandQuery::SearchTerm(const Node& term, bool with_prefix) const {
  std::string s = term.display;
  bool phrase = s.find(' ') != std::string::npos || s.find('-') != std::string::npos ||
                s.find(':') != std::string::npos;
  // An upper-case operator word written as a phrase ("OR") must stay a word.
  if (s == "AND" || s == "OR" || s == "NOT") phrase = true;
  if (phrase) return "\"" + s + "\"";
  return with_prefix && term.prefix ? s + "*" : s;
}

std::string BrandQuery::Boolean(int index) const {
  const Node& n = nodes_[index];
  if (n.kind == Node::Kind::kTerm) return SearchTerm(n, true);
  auto child = [&](int c) {
    const Node& k = nodes_[c];
    std::string s = Boolean(c);
    return k.kind == Node::Kind::kTerm || k.kind == Node::Kind::kNot ? s : "(" + s + ")";
  };
  if (n.kind == Node::Kind::kNot) return "NOT " + child(n.children[0]);
  std::string s;
  for (int c : n.children) {
    if (!s.empty()) s += n.kind == Node::Kind::kAnd ? " AND " : " OR ";
    s += child(c);
  }
  return s;
}

// The query's positive disjunctive form: each alternative is a list of term
// nodes that must all appear. NOT contributes nothing (re-checked locally).
Status BrandQuery::Alternatives(int index, size_t max, std::vector<std::vector<int>>* out) const {
  const Node& n = nodes_[index];
  switch (n.kind) {
    case Node::Kind::kTerm:
      *out = {{index}};
      return Status::OK();
    case Node::Kind::kNot:
      *out = {{}};
      return Status::OK();
    case Node::Kind::kOr: {
      out->clear();
      for (int c : n.children) {
        std::vector<std::vector<int>> sub;
        VEILLE_RETURN_IF_ERROR(Alternatives(c, max, &sub));
        out->insert(out->end(), sub.begin(), sub.end());
        if (out->size() > max) break;
      }
      break;
    }
    case Node::Kind::kAnd: {
      *out = {{}};
      for (int c : n.children) {
        std::vector<std::vector<int>> sub, product;
        VEILLE_RETURN_IF_ERROR(Alternatives(c, max, &sub));
        for (const auto& left : *out) {
          for (const auto& right : sub) {
            product.push_back(left);
            product.back().insert(product.back().end(), right.begin(), right.end());
            if (product.size() > max) break;
          }
          if (product.size() > max) break;
        }
        *out = std::move(product);
        if (out->size() > max) break;
      }
      break;
    }
  }
  if (out->size() > max) {
    return Status::InvalidArgument("the query needs more than " + std::to_string(max) +
                                   " searches on a service without OR; split it into several sources");
  }
  return Status::OK();
}

Result<std::vector<std::string>> BrandQuery::ToSearch(SearchSyntax syntax, size_t max_searches) const {
  if (root_ < 0) return Status::InvalidArgument("empty query");
  if (syntax == SearchSyntax::kBoolean) return std::vector<std::string>{Boolean(root_)};
  std::vector<std::vector<int>> alternatives;
  VEILLE_RETURN_IF_ERROR(Alternatives(root_, max_searches, &alternatives));
  std::vector<std::string> searches;
  for (const std::vector<int>& terms : alternatives) {
    if (terms.empty()) {
      return Status::InvalidArgument("an alternative of the query has no required word (only NOT): a service "
                                     "without OR cannot search for it");
    }
    std::vector<std::string> parts;
    for (int t : terms) {
      std::string s = SearchTerm(nodes_[t], false);
      if (std::find(parts.begin(), parts.end(), s) == parts.end()) parts.push_back(std::move(s));
    }
    std::string search;
    for (const std::string& p : parts) search += (search.empty() ? "" : " ") + p;
    if (std::find(searches.begin(), searches.end(), search) == searches.end()) searches.push_back(std::move(search));
  }
  return searches;
}

Result<std::vector<std::string>> CompileSourceQuery(std::string_view query, SearchSyntax syntax) {
  auto q = BrandQuery::Parse(query);
  if (!q.ok()) return q.status().WithContext("option query");
  auto searches = q->ToSearch(syntax);
  if (!searches.ok()) return searches.status().WithContext("option query");
  return searches;
}

Result<BrandMatcher> BrandMatcher::Create(const std::vector<Brand>& brands) {
  BrandMatcher m;
  for (const Brand& b : brands) {
    const std::string where = "brand " + b.name + ": ";
    auto q = b.query.empty() ? BrandQuery::Phrase(b.name) : BrandQuery::Parse(b.query);
    if (!q.ok()) return q.status().WithContext(where + (b.query.empty() ? "name" : "query"));
    Compiled c{b.name, std::move(q).value(), {}, b.languages};
    for (const std::string& ex : b.exclude) {
      std::string_view text = ex;
      if (text.size() >= 2 && text.front() == '"' && text.back() == '"') text = text.substr(1, text.size() - 2);
      auto e = BrandQuery::Phrase(text);
      if (!e.ok()) return e.status().WithContext(where + "exclude \"" + ex + "\"");
      c.excludes.push_back(std::move(e).value());
    }
    for (std::string& lang : c.languages) {
      for (char& ch : lang) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
    m.brands_.push_back(std::move(c));
  }
  return m;
}

std::vector<std::string> BrandMatcher::Match(const Mention& mention) const {
  std::vector<std::string> names;
  if (brands_.empty()) return names;
  // Fold and split once for every brand.
  std::string folded = FoldForMatch(mention.title);
  folded += ' ';
  folded += FoldForMatch(mention.text);
  std::vector<std::string_view> words = SplitWords(folded);
  std::string lang = mention.lang;
  for (char& ch : lang) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  for (const Compiled& b : brands_) {
    if (!b.languages.empty() && !lang.empty()) {
      bool wanted = false;
      for (const std::string& l : b.languages) wanted = wanted || l == lang;
      if (!wanted) continue;
    }
    if (!b.query.MatchesWords(words)) continue;
    bool excluded = false;
    for (const BrandQuery& e : b.excludes) {
      if (e.MatchesWords(words)) {
        excluded = true;
        break;
      }
    }
    if (!excluded) names.push_back(b.name);
  }
  return names;
}

}  // namespace veille
