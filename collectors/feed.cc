#include "collectors/feed.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

#include <cstring>
#include <memory>
#include <mutex>

#include "collectors/text.h"

namespace veille {
namespace {

constexpr const char* kAtomNs = "http://www.w3.org/2005/Atom";
constexpr const char* kAtom03Ns = "http://purl.org/atom/ns#";
constexpr const char* kRdfNs = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr const char* kRss1Ns = "http://purl.org/rss/1.0/";
constexpr const char* kDcNs = "http://purl.org/dc/elements/1.1/";
constexpr const char* kContentNs = "http://purl.org/rss/1.0/modules/content/";

// ---- dates ---------------------------------------------------------------

// Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar
// (H. Hinnant's days_from_civil); avoids timegm's dependence on TZ.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool ValidDateTime(int y, int mo, int d, int h, int mi, int s) {
  return y >= 1970 && y <= 9999 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h >= 0 && h <= 23 && mi >= 0 &&
         mi <= 59 && s >= 0 && s <= 60;
}

int64_t ToEpochMs(int y, int mo, int d, int h, int mi, int s, int64_t frac_ms, int64_t offset_minutes) {
  int64_t days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  int64_t secs = days * 86400 + h * 3600 + mi * 60 + s - offset_minutes * 60;
  return secs * 1000 + frac_ms;
}

// Reads exactly `n` digits at s[*i].
bool Digits(std::string_view s, size_t* i, int n, int* out) {
  if (*i + n > s.size()) return false;
  int v = 0;
  for (int k = 0; k < n; ++k) {
    char c = s[*i + k];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *i += n;
  *out = v;
  return true;
}

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
  return s;
}

int MonthFromName(std::string_view name) {
  static constexpr const char* kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                            "jul", "aug", "sep", "oct", "nov", "dec"};
  if (name.size() < 3) return 0;
  char m[4] = {0};
  for (int i = 0; i < 3; ++i) m[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[i])));
  for (int i = 0; i < 12; ++i) {
    if (std::strcmp(m, kMonths[i]) == 0) return i + 1;
  }
  return 0;
}

bool ZoneOffset(std::string_view z, int64_t* minutes) {
  if (z.empty()) {
    *minutes = 0;
    return true;
  }
  if (z[0] == '+' || z[0] == '-') {
    std::string_view digits = z.substr(1);
    int h = 0, m = 0;
    size_t i = 0;
    if (digits.size() == 4) {
      if (!Digits(digits, &i, 2, &h) || !Digits(digits, &i, 2, &m)) return false;
    } else if (digits.size() == 5 && digits[2] == ':') {
      if (!Digits(digits, &i, 2, &h)) return false;
      ++i;
      if (!Digits(digits, &i, 2, &m)) return false;
    } else {
      return false;
    }
    if (h > 23 || m > 59) return false;
    *minutes = (z[0] == '-' ? -1 : 1) * (h * 60 + m);
    return true;
  }
  std::string upper;
  for (char c : z) upper.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  static const struct { const char* name; int minutes; } kZones[] = {
      {"GMT", 0},       {"UT", 0},        {"UTC", 0},       {"Z", 0},         {"EST", -300}, {"EDT", -240},
      {"CST", -360},    {"CDT", -300},    {"MST", -420},    {"MDT", -360},    {"PST", -480}, {"PDT", -420},
      {"CET", 60},      {"CEST", 120},    {"BST", 60},      {"IST", 330}};
  for (const auto& zone : kZones) {
    if (upper == zone.name) {
      *minutes = zone.minutes;
      return true;
    }
  }
  return false;
}

// ---- XML helpers -----------------------------------------------------------

struct DocDeleter {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
struct CtxtDeleter {
  void operator()(xmlParserCtxt* c) const { xmlFreeParserCtxt(c); }
};
struct XmlCharDeleter {
  void operator()(xmlChar* p) const { xmlFree(p); }
};
using XmlString = std::unique_ptr<xmlChar, XmlCharDeleter>;

void InitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

const char* Ns(const xmlNode* n) { return n->ns && n->ns->href ? reinterpret_cast<const char*>(n->ns->href) : ""; }
bool NameIs(const xmlNode* n, const char* name) {
  return std::strcmp(reinterpret_cast<const char*>(n->name), name) == 0;
}
bool NsIs(const xmlNode* n, const char* ns) { return std::strcmp(Ns(n), ns) == 0; }
bool NoNsOr(const xmlNode* n, const char* ns) { return n->ns == nullptr || NsIs(n, ns); }

// Appends the text of `n`'s descendants (text and CDATA; entity references
// are not expanded: feeds have no business defining entities).
void AppendText(const xmlNode* n, std::string* out, int depth = 0) {
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      if (c->content) out->append(reinterpret_cast<const char*>(c->content));
    } else if (c->type == XML_ELEMENT_NODE && depth < 64) {
      AppendText(c, out, depth + 1);
    }
  }
}

std::string Text(const xmlNode* n) {
  std::string s;
  AppendText(n, &s);
  return s;
}

std::string Attr(const xmlNode* n, const char* name, const char* ns = nullptr) {
  XmlString v(ns ? xmlGetNsProp(n, reinterpret_cast<const xmlChar*>(name), reinterpret_cast<const xmlChar*>(ns))
                 : xmlGetNoNsProp(n, reinterpret_cast<const xmlChar*>(name)));
  return v ? std::string(reinterpret_cast<const char*>(v.get())) : std::string();
}

// "fr-FR" -> "fr"; anything that is not 2-3 letters -> "".
std::string NormalizeLang(std::string_view lang) {
  lang = TrimView(lang);
  size_t end = lang.find_first_of("-_");
  std::string_view primary = lang.substr(0, end);
  if (primary.size() < 2 || primary.size() > 3) return "";
  std::string out;
  for (char c : primary) {
    if (!std::isalpha(static_cast<unsigned char>(c))) return "";
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

std::string NodeLang(const xmlNode* n) {
  XmlString lang(xmlNodeGetLang(n));
  return lang ? NormalizeLang(reinterpret_cast<const char*>(lang.get())) : "";
}

std::string ResolveLink(const std::string& href, const xmlDoc* doc, const xmlNode* n, const std::string& base) {
  std::string h(TrimView(href));
  if (h.empty() || h.find("://") != std::string::npos) return h;
  XmlString node_base(xmlNodeGetBase(doc, n));
  std::string b = node_base ? reinterpret_cast<const char*>(node_base.get()) : base;
  if (b.empty()) return h;
  XmlString built(xmlBuildURI(reinterpret_cast<const xmlChar*>(h.c_str()), reinterpret_cast<const xmlChar*>(b.c_str())));
  return built ? std::string(reinterpret_cast<const char*>(built.get())) : h;
}

// RSS <author> is usually "email (Name)": keep the name when there is one.
std::string CleanRssAuthor(std::string a) {
  a = CollapseWhitespace(a);
  size_t open = a.find('('), close = a.rfind(')');
  if (a.find('@') != std::string::npos && open != std::string::npos && close != std::string::npos && close > open) {
    return std::string(TrimView(std::string_view(a).substr(open + 1, close - open - 1)));
  }
  return a;
}

// Atom text constructs: type="html" holds escaped markup, "xhtml" holds
// elements, "text" (the default) is plain text.
std::string AtomText(const xmlNode* n) {
  std::string type = Attr(n, "type");
  std::string raw = Text(n);
  if (type == "html" || type == "xhtml" || type == "text/html") return HtmlToText(raw);
  return CollapseWhitespace(raw);
}

struct ParseState {
  const xmlDoc* doc;
  const FeedParseOptions* options;
  Feed* feed;
};

void FinishItem(FeedItem item, const std::string& date_text, ParseState* st) {
  const FeedParseOptions& o = *st->options;
  int64_t ms = date_text.empty() ? -1 : ParseFeedDate(date_text);
  if (ms < 0) {
    item.published_ms = o.fetched_ms;
    item.date_missing = true;
  } else {
    item.published_ms = (o.fetched_ms > 0 && ms > o.fetched_ms) ? o.fetched_ms : ms;
  }
  // Google News: "Headline - Publisher" with <source>Publisher</source>.
  if (!item.publisher.empty()) {
    std::string suffix = " - " + item.publisher;
    if (item.title.size() > suffix.size() &&
        item.title.compare(item.title.size() - suffix.size(), suffix.size(), suffix) == 0) {
      item.title.resize(item.title.size() - suffix.size());
    }
  }
  if (item.lang.empty()) item.lang = st->feed->lang;
  if (st->feed->items.size() < o.max_items) st->feed->items.push_back(std::move(item));
}

void ParseRssItem(const xmlNode* node, ParseState* st) {
  FeedItem item;
  std::string date, dc_date;
  for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (NoNsOr(c, kRss1Ns)) {
      if (NameIs(c, "title")) item.title = HtmlToText(Text(c));
      else if (NameIs(c, "link")) item.link = ResolveLink(Text(c), st->doc, c, st->options->base_url);
      else if (NameIs(c, "guid")) item.id = std::string(TrimView(Text(c)));
      else if (NameIs(c, "description")) item.summary = HtmlToText(Text(c));
      else if (NameIs(c, "pubDate")) date = Text(c);
      else if (NameIs(c, "author")) item.author = CleanRssAuthor(ToValidUtf8(Text(c)));
      else if (NameIs(c, "category")) item.categories.push_back(CollapseWhitespace(Text(c)));
      else if (NameIs(c, "source")) {
        item.publisher = CollapseWhitespace(Text(c));
        item.publisher_url = Attr(c, "url");
      }
    } else if (NsIs(c, kDcNs)) {
      if (NameIs(c, "date")) dc_date = Text(c);
      else if (NameIs(c, "creator") && item.author.empty()) item.author = CollapseWhitespace(Text(c));
      else if (NameIs(c, "language")) item.lang = NormalizeLang(Text(c));
      else if (NameIs(c, "publisher") && item.publisher.empty()) item.publisher = CollapseWhitespace(Text(c));
      else if (NameIs(c, "subject")) item.categories.push_back(CollapseWhitespace(Text(c)));
    } else if (NsIs(c, kContentNs) && NameIs(c, "encoded")) {
      item.content = HtmlToText(Text(c));
    } else if (NameIs(c, "Source") && item.publisher.empty()) {
      // Bing News: <News:Source>, in a namespace named after the query URL.
      item.publisher = CollapseWhitespace(Text(c));
    }
  }
  if (item.id.empty()) item.id = Attr(node, "about", kRdfNs);
  if (item.lang.empty()) item.lang = NodeLang(node);
  FinishItem(std::move(item), date.empty() ? dc_date : date, st);
}

void ParseAtomEntry(const xmlNode* node, ParseState* st) {
  FeedItem item;
  std::string published, updated, first_link;
  for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (NoNsOr(c, kAtomNs) || NsIs(c, kAtom03Ns)) {
      if (NameIs(c, "title")) item.title = AtomText(c);
      else if (NameIs(c, "id")) item.id = std::string(TrimView(Text(c)));
      else if (NameIs(c, "link")) {
        std::string rel = Attr(c, "rel");
        std::string href = ResolveLink(Attr(c, "href"), st->doc, c, st->options->base_url);
        if ((rel.empty() || rel == "alternate") && item.link.empty()) item.link = href;
        if (first_link.empty()) first_link = href;
      } else if (NameIs(c, "summary")) item.summary = AtomText(c);
      else if (NameIs(c, "content")) item.content = AtomText(c);
      else if (NameIs(c, "published") || NameIs(c, "issued")) published = Text(c);
      else if (NameIs(c, "updated") || NameIs(c, "modified")) updated = Text(c);
      else if (NameIs(c, "author") && item.author.empty()) {
        for (const xmlNode* a = c->children; a != nullptr; a = a->next) {
          if (a->type == XML_ELEMENT_NODE && NameIs(a, "name")) item.author = CollapseWhitespace(Text(a));
        }
      } else if (NameIs(c, "category")) {
        std::string term = Attr(c, "term");
        if (!term.empty()) item.categories.push_back(term);
      } else if (NameIs(c, "source")) {
        for (const xmlNode* a = c->children; a != nullptr; a = a->next) {
          if (a->type == XML_ELEMENT_NODE && NameIs(a, "title")) item.publisher = AtomText(a);
        }
      }
    } else if (NsIs(c, kDcNs) && NameIs(c, "publisher") && item.publisher.empty()) {
      item.publisher = CollapseWhitespace(Text(c));
    }
  }
  if (item.link.empty()) item.link = first_link;
  item.lang = NodeLang(node);
  FinishItem(std::move(item), published.empty() ? updated : published, st);
}

Status Walk(const xmlNode* root, ParseState* st) {
  Feed& feed = *st->feed;
  if (NameIs(root, "rss")) {
    feed.format = FeedFormat::kRss2;
    const xmlNode* channel = nullptr;
    for (const xmlNode* c = root->children; c != nullptr; c = c->next) {
      if (c->type == XML_ELEMENT_NODE && NameIs(c, "channel")) {
        channel = c;
        break;
      }
    }
    if (channel == nullptr) {
      return Status::Corruption("line " + std::to_string(root->line) + ": <rss> without <channel>");
    }
    feed.lang = NodeLang(channel);
    // Channel metadata first, so items inherit the channel language.
    for (const xmlNode* c = channel->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      if (NameIs(c, "title") && c->ns == nullptr) feed.title = HtmlToText(Text(c));
      else if (NameIs(c, "link") && c->ns == nullptr) feed.link = CollapseWhitespace(Text(c));
      else if (NameIs(c, "language")) feed.lang = NormalizeLang(Text(c));
    }
    for (const xmlNode* c = channel->children; c != nullptr; c = c->next) {
      if (c->type == XML_ELEMENT_NODE && NameIs(c, "item")) ParseRssItem(c, st);
    }
    return Status::OK();
  }
  if (NameIs(root, "RDF") && NsIs(root, kRdfNs)) {
    feed.format = FeedFormat::kRss1;
    feed.lang = NodeLang(root);
    for (const xmlNode* c = root->children; c != nullptr; c = c->next) {
      if (c->type == XML_ELEMENT_NODE && NameIs(c, "channel")) {
        for (const xmlNode* m = c->children; m != nullptr; m = m->next) {
          if (m->type != XML_ELEMENT_NODE) continue;
          if (NameIs(m, "title") && NsIs(m, kRss1Ns)) feed.title = HtmlToText(Text(m));
          else if (NameIs(m, "link") && NsIs(m, kRss1Ns)) feed.link = CollapseWhitespace(Text(m));
          else if (NameIs(m, "language") && NsIs(m, kDcNs)) feed.lang = NormalizeLang(Text(m));
        }
      }
    }
    for (const xmlNode* c = root->children; c != nullptr; c = c->next) {
      if (c->type == XML_ELEMENT_NODE && NameIs(c, "item")) ParseRssItem(c, st);
    }
    return Status::OK();
  }
  if (NameIs(root, "feed") && (NoNsOr(root, kAtomNs) || NsIs(root, kAtom03Ns))) {
    feed.format = FeedFormat::kAtom;
    feed.lang = NodeLang(root);
    for (const xmlNode* c = root->children; c != nullptr; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      if (NameIs(c, "title")) feed.title = AtomText(c);
      else if (NameIs(c, "link") && feed.link.empty()) {
        std::string rel = Attr(c, "rel");
        if (rel.empty() || rel == "alternate") feed.link = Attr(c, "href");
      }
    }
    for (const xmlNode* c = root->children; c != nullptr; c = c->next) {
      if (c->type == XML_ELEMENT_NODE && NameIs(c, "entry")) ParseAtomEntry(c, st);
    }
    return Status::OK();
  }
  return Status::Corruption("line " + std::to_string(root->line) + ": not a feed: root element <" +
                            ToValidUtf8(reinterpret_cast<const char*>(root->name)).substr(0, 64) + ">");
}

// The encoding named in the XML declaration, lower-cased, or "".
std::string DeclaredEncoding(std::string_view bytes) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  if (bytes.substr(0, 5) != "<?xml") return "";
  size_t end = bytes.find("?>");
  if (end == std::string_view::npos || end > 512) return "";
  std::string_view decl = bytes.substr(0, end);
  size_t e = decl.find("encoding");
  if (e == std::string_view::npos) return "";
  size_t q = decl.find_first_of("\"'", e);
  if (q == std::string_view::npos) return "";
  size_t q2 = decl.find(decl[q], q + 1);
  if (q2 == std::string_view::npos) return "";
  std::string enc(decl.substr(q + 1, q2 - q - 1));
  for (char& c : enc) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return enc;
}

bool IsUtf8Name(const std::string& enc) { return enc.empty() || enc == "utf-8" || enc == "utf8"; }

}  // namespace

const char* FeedFormatName(FeedFormat format) {
  switch (format) {
    case FeedFormat::kRss2: return "rss2";
    case FeedFormat::kRss1: return "rss1";
    case FeedFormat::kAtom: return "atom";
  }
  return "?";
}

int64_t ParseRfc3339Date(std::string_view text) {
  std::string_view s = TrimView(text);
  size_t i = 0;
  int y, mo, d, h = 0, mi = 0, sec = 0;
  if (!Digits(s, &i, 4, &y) || i >= s.size() || s[i++] != '-' || !Digits(s, &i, 2, &mo) || i >= s.size() ||
      s[i++] != '-' || !Digits(s, &i, 2, &d)) {
    return -1;
  }
  int64_t frac_ms = 0, offset = 0;
  if (i < s.size()) {
    if (s[i] != 'T' && s[i] != 't' && s[i] != ' ') return -1;
    ++i;
    if (!Digits(s, &i, 2, &h) || i >= s.size() || s[i++] != ':' || !Digits(s, &i, 2, &mi)) return -1;
    if (i < s.size() && s[i] == ':') {
      ++i;
      if (!Digits(s, &i, 2, &sec)) return -1;
      if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
        ++i;
        int64_t scale = 100;
        size_t start = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
          frac_ms += (s[i] - '0') * scale;
          scale /= 10;
          ++i;
        }
        if (i == start) return -1;
      }
    }
    if (!ZoneOffset(s.substr(i), &offset)) return -1;
  }
  if (!ValidDateTime(y, mo, d, h, mi, sec)) return -1;
  return ToEpochMs(y, mo, d, h, mi, sec, frac_ms, offset);
}

int64_t ParseRfc822Date(std::string_view text) {
  std::string_view s = TrimView(text);
  // Split on spaces and commas.
  std::vector<std::string_view> tok;
  size_t i = 0;
  while (i < s.size() && tok.size() < 8) {
    while (i < s.size() && (s[i] == ' ' || s[i] == ',' || s[i] == '\t')) ++i;
    size_t start = i;
    while (i < s.size() && s[i] != ' ' && s[i] != ',' && s[i] != '\t') ++i;
    if (i > start) tok.push_back(s.substr(start, i - start));
  }
  size_t t = 0;
  if (t < tok.size() && !tok[t].empty() && std::isalpha(static_cast<unsigned char>(tok[t][0]))) ++t;  // weekday
  if (tok.size() < t + 4) return -1;
  int d = 0, mo, y = 0, h = 0, mi = 0, sec = 0;
  std::string_view dtok = tok[t];
  size_t k = 0;
  if (dtok.size() > 2 || !Digits(dtok, &k, static_cast<int>(dtok.size()), &d)) return -1;
  mo = MonthFromName(tok[t + 1]);
  if (mo == 0) return -1;
  std::string_view ytok = tok[t + 2];
  k = 0;
  if (ytok.size() == 4) {
    if (!Digits(ytok, &k, 4, &y)) return -1;
  } else if (ytok.size() == 2) {
    if (!Digits(ytok, &k, 2, &y)) return -1;
    y += y < 50 ? 2000 : 1900;
  } else {
    return -1;
  }
  std::string_view ttok = tok[t + 3];
  k = 0;
  int hd = ttok.size() >= 2 && ttok[1] == ':' ? 1 : 2;
  if (!Digits(ttok, &k, hd, &h) || k >= ttok.size() || ttok[k++] != ':' || !Digits(ttok, &k, 2, &mi)) return -1;
  if (k < ttok.size()) {
    if (ttok[k++] != ':' || !Digits(ttok, &k, 2, &sec) || k != ttok.size()) return -1;
  }
  int64_t offset = 0;
  if (tok.size() > t + 4 && !ZoneOffset(tok[t + 4], &offset)) {
    // Unknown zone names (military letters, "AEST") are read as UTC rather
    // than losing the date.
    offset = 0;
  }
  if (!ValidDateTime(y, mo, d, h, mi, sec)) return -1;
  return ToEpochMs(y, mo, d, h, mi, sec, 0, offset);
}

int64_t ParseFeedDate(std::string_view text) {
  int64_t ms = ParseRfc3339Date(text);
  return ms >= 0 ? ms : ParseRfc822Date(text);
}

Result<Feed> ParseFeed(std::string_view bytes, const FeedParseOptions& options) {
  InitOnce();
  Feed feed;
  std::string_view trimmed = TrimView(bytes);
  if (trimmed.empty()) return Status::Corruption("line 1: empty document");
  if (bytes.size() > static_cast<size_t>(INT32_MAX)) return Status::Corruption("document larger than 2 GiB");

  std::string declared = DeclaredEncoding(bytes);
  std::string http = options.http_charset;
  for (char& c : http) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const char* encoding = nullptr;
  std::string repaired;
  std::string_view input = bytes;
  bool utf16 = bytes.size() >= 2 && ((bytes[0] == '\xFF' && bytes[1] == '\xFE') || (bytes[0] == '\xFE' && bytes[1] == '\xFF'));
  if (!utf16) {
    if (declared.empty() && !IsUtf8Name(http)) {
      encoding = http.c_str();  // the document is silent: trust the server
    } else if (IsUtf8Name(declared) && (declared.empty() ? IsUtf8Name(http) : true)) {
      // Declared or assumed UTF-8. A mislabelled Latin-1 feed (huginn#1797)
      // has stray high bytes: read those as Windows-1252 instead of failing.
      if (!IsValidUtf8(bytes)) {
        repaired = ToValidUtf8(bytes, InvalidUtf8::kWindows1252);
        input = repaired;
        feed.repaired_encoding = true;
      }
    }
  }

  std::unique_ptr<xmlParserCtxt, CtxtDeleter> ctxt(xmlNewParserCtxt());
  if (!ctxt) return Status::Corruption("libxml2: cannot allocate a parser context");
  // NONET: no network. No NOENT/DTDLOAD/DTDATTR: no entity substitution and
  // no external DTD. No HUGE: libxml2's default depth and size limits hold.
  const int xml_options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
  std::unique_ptr<xmlDoc, DocDeleter> doc(xmlCtxtReadMemory(ctxt.get(), input.data(), static_cast<int>(input.size()),
                                                            options.base_url.empty() ? nullptr : options.base_url.c_str(),
                                                            encoding, xml_options));
  if (!doc) {
    const xmlError* err = xmlCtxtGetLastError(ctxt.get());
    int line = err ? err->line : 0;
    std::string msg = err && err->message ? CollapseWhitespace(ToValidUtf8(err->message)) : "not well-formed XML";
    return Status::Corruption("line " + std::to_string(line) + ": " + msg.substr(0, 200));
  }
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr) return Status::Corruption("line 1: no root element");
  ParseState st{doc.get(), &options, &feed};
  VEILLE_RETURN_IF_ERROR(Walk(root, &st));
  return feed;
}

}  // namespace veille
