#include "sentiment/text.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace veille::sentiment {
namespace {

std::vector<std::string> Words(std::string_view text, const EmoticonMatcher& em = {}) {
  TokenBuffer buf;
  Tokenize(text, em, &buf);
  std::vector<std::string> out;
  for (const Token& t : buf.tokens) {
    if (t.flags & kTokPunct) {
      out.emplace_back(1, t.punct);
    } else if (t.flags & kTokHandle) {
      out.emplace_back("@");
    } else {
      out.emplace_back(buf.Text(t));
    }
  }
  return out;
}

using V = std::vector<std::string>;

TEST(TokenizeTest, FoldsCaseAndAccents) {
  EXPECT_EQ(Words("Très GÉNIAL Œuvre"), (V{"tres", "genial", "oeuvre"}));
}

TEST(TokenizeTest, SplitsFrenchElisionAndKeepsEnglishContractions) {
  EXPECT_EQ(Words("l'appli n’est qu'un don't aujourd'hui"),
            (V{"l'", "appli", "n'", "est", "qu'", "un", "don't", "aujourd'hui"}));
}

TEST(TokenizeTest, SplitsHashtagsOnCaseAndDigits) {
  EXPECT_EQ(Words("#NotHappy #iphone15 #service_client"), (V{"not", "happy", "iphone", "15", "service", "client"}));
}

TEST(TokenizeTest, DropsUrlsAndKeepsHandleMarker) {
  EXPECT_EQ(Words("@acme voir https://x.example/a?b=1 et www.acme.fr ok"), (V{"@", "voir", "et", "ok"}));
}

TEST(TokenizeTest, EmojiAreTokensWithoutModifiers) {
  TokenBuffer buf;
  Tokenize("bien👍🏽❤️!", EmoticonMatcher{}, &buf);
  ASSERT_EQ(buf.tokens.size(), 4u);
  EXPECT_EQ(buf.Text(buf.tokens[1]), "👍");
  EXPECT_TRUE(buf.tokens[1].flags & kTokEmoji);
  EXPECT_EQ(buf.Text(buf.tokens[2]), "❤");
  EXPECT_EQ(buf.tokens[3].punct, '!');
}

TEST(TokenizeTest, EmoticonsLongestFirstAndNeverWithANul) {
  EmoticonMatcher em;
  for (const char* e : {":-", ":-)", ":-))", "<3", "xD"}) em.Add(e);
  // "xD" starts with a letter: a word, as the scorer's lexicon has it.
  EXPECT_EQ(Words(":-)) :-) :- <3 xD :-(", em), (V{":-))", ":-)", ":-", "<3", "xd", ":-"}));
  // ":-" then a NUL packs as ":-" would: the NUL is no part of an emoticon.
  EXPECT_EQ(Words(std::string_view(":-\0 x", 5), em), (V{":-", "x"}));
  EmoticonMatcher none;
  EXPECT_EQ(Words(":-) <3", none), (V{":", "3"}));
}

TEST(TokenizeTest, EmoticonsNeedTheMatcherAndABoundary) {
  EmoticonMatcher em;
  em.Add(":)");
  em.Add(":p");
  em.Add("]:");
  EXPECT_EQ(Words("super:) ex:prix [Paris]:", em), (V{"super", ":)", "ex", ":", "prix", "paris", ":"}));
}

TEST(TokenizeTest, FlagsCapsAndElongation) {
  TokenBuffer buf;
  Tokenize("NUL nuuul Ok", EmoticonMatcher{}, &buf);
  ASSERT_EQ(buf.tokens.size(), 3u);
  EXPECT_TRUE(buf.tokens[0].flags & kTokAllCaps);
  EXPECT_FALSE(buf.tokens[0].flags & kTokElongated);
  EXPECT_TRUE(buf.tokens[1].flags & kTokElongated);
  EXPECT_FALSE(buf.tokens[2].flags & kTokAllCaps);
}

TEST(TokenizeTest, HtmlEntitiesAreNotWords) {
  EXPECT_EQ(Words("a &gt; b &amp; c &#39;"), (V{"a", "b", "c"}));
}

TEST(TokenizeTest, InvalidUtf8IsASeparatorNotACrash) {
  EXPECT_EQ(Words(std::string("bon\xff\xfe" "jour \xc3")), (V{"bon", "jour"}));
  std::string all_bytes;
  for (int i = 0; i < 256; ++i) all_bytes.push_back(static_cast<char>(i));
  TokenBuffer buf;
  Tokenize(all_bytes, EmoticonMatcher{}, &buf);  // must not crash
  SUCCEED();
}

TEST(TokenizeTest, ForeignScriptIsFlagged) {
  TokenBuffer buf;
  Tokenize("привет", EmoticonMatcher{}, &buf);
  ASSERT_EQ(buf.tokens.size(), 1u);
  EXPECT_TRUE(buf.tokens[0].flags & kTokForeign);
}

// Tokenize folds plain ASCII words in a fast path and hands a word over
// to its general path when it goes on with an apostrophe, '#', '_' or
// UTF-8: flags must not depend on where the path changed.
uint16_t FlagsOf(std::string_view text) {
  TokenBuffer buf;
  Tokenize(text, EmoticonMatcher{}, &buf);
  EXPECT_EQ(buf.tokens.size(), 1u) << text;
  return buf.tokens.empty() ? 0 : buf.tokens[0].flags;
}

TEST(TokenizeTest, ElongationAndCapsCarryAcrossUtf8) {
  EXPECT_TRUE(FlagsOf("nuuUL") & kTokElongated);
  EXPECT_FALSE(FlagsOf("nuuUL") & kTokAllCaps);
  EXPECT_TRUE(FlagsOf("nuu\xc3\xbbl") & kTokElongated);    // "nuuûl": û folds to u
  EXPECT_FALSE(FlagsOf("nu\xc3\xbbl") & kTokElongated);    // "nuûl"
  EXPECT_TRUE(FlagsOf("\xc3\xbbuul") & kTokElongated);     // "ûuul"
  EXPECT_TRUE(FlagsOf("ET\xc3\x89") & kTokAllCaps);        // "ETÉ"
  EXPECT_FALSE(FlagsOf("Et\xc3\xa9") & kTokAllCaps);       // "Eté"
  EXPECT_TRUE(FlagsOf("DON'T") & kTokAllCaps);
  EXPECT_TRUE(FlagsOf("sooo'") & kTokElongated);
  EXPECT_FALSE(FlagsOf("1111") & kTokElongated);
  EXPECT_TRUE(FlagsOf("2024") & kTokNumber);
  EXPECT_FALSE(FlagsOf("a2024") & kTokNumber);
  EXPECT_FALSE(FlagsOf("A1") & kTokAllCaps);
  EXPECT_TRUE(FlagsOf("AB1") & kTokAllCaps);
  // Capitals are counted as letters, not folded bytes, and no apostrophe
  // is one.
  EXPECT_FALSE(FlagsOf("\xc5\x92") & kTokAllCaps);         // "Œ": one letter, "oe"
  EXPECT_TRUE(FlagsOf("\xc5\x92U") & kTokAllCaps);         // "ŒU"
  EXPECT_FALSE(FlagsOf("\xc3\x89\xe2\x80\x99") & kTokAllCaps);  // "É’"
  EXPECT_TRUE(FlagsOf("\xc3\x89T\xc3\x89") & kTokAllCaps);    // "ÉTÉ"
  EXPECT_FALSE(FlagsOf("L\xe2\x80\x99") & kTokAllCaps);  // "L’", elided
  EXPECT_FALSE(FlagsOf("a111") & kTokElongated);
  EXPECT_TRUE(FlagsOf("a1aaa") & kTokElongated);
}

// Tokenize folds an ASCII word of up to 15 bytes eight bytes at a time
// (reading the last eight bytes of the text for a word near its end), a
// longer one or one in a text under eight bytes a byte at a time, and
// hands a word over to its general path when an apostrophe or UTF-8
// follows: every word must come out the same, checked here against a plain
// reference on many words of 1 to 20 bytes in every position.
TEST(TokenizeTest, AsciiWordsMatchAReferenceWhereverTheyStand) {
  const std::string alphabet = "aAbB1z";
  const std::string tails[] = {"", " ", " and more text", "!", "'s", "\xc3\xa9", "\xc3\xa9 more text", "#x"};
  uint32_t seed = 12345;
  auto next = [&] { return seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7FFF; };
  for (int round = 0; round < 3000; ++round) {
    std::string word;
    const int len = 1 + static_cast<int>(next() % 20);
    for (int i = 0; i < len; ++i) word.push_back(alphabet[next() % alphabet.size()]);
    const std::string& tail = tails[next() % std::size(tails)];
    const std::string prefix = round % 2 ? "x " : "x y z w ";
    const std::string text = prefix + word + tail;
    // The reference: the token's folded text and flags.
    std::string folded;
    int lower = 0, upper = 0;
    for (char c : word) {
      folded.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
      lower += c >= 'a' && c <= 'z';
      upper += c >= 'A' && c <= 'Z';
    }
    if (tail.starts_with("'s")) {
      folded += "'s";
      ++lower;
    } else if (tail.starts_with("\xc3\xa9")) {
      folded += "e";
      ++lower;
    }
    bool elongated = false;
    for (size_t i = 2; i < folded.size(); ++i) {
      elongated |= folded[i] >= 'a' && folded[i] <= 'z' && folded[i] == folded[i - 1] && folded[i] == folded[i - 2];
    }
    TokenBuffer buf;
    Tokenize(text, EmoticonMatcher{}, &buf);
    const size_t at = prefix.size() / 2;  // one-letter words before it
    ASSERT_GE(buf.tokens.size(), at + 1) << text;
    const Token& t = buf.tokens[at];
    ASSERT_EQ(buf.Text(t), folded) << text;
    EXPECT_EQ(t.hash, FoldHash(folded)) << text;
    EXPECT_EQ(t.src_begin, prefix.size()) << text;
    EXPECT_EQ((t.flags & kTokAllCaps) != 0, lower == 0 && upper >= 2) << text;
    EXPECT_EQ((t.flags & kTokNumber) != 0, lower + upper == 0) << text;
    EXPECT_EQ((t.flags & kTokElongated) != 0, elongated) << text;
  }
}

TEST(TokenizeTest, WordsAtTheEndOfTheText) {
  EXPECT_EQ(Words("bon"), (V{"bon"}));
  EXPECT_EQ(Words("bon!"), (V{"bon", "!"}));
  EXPECT_EQ(Words("bon'"), (V{"bon"}));
  EXPECT_EQ(Words("c'est l'"), (V{"c'", "est", "l'"}));
  EXPECT_EQ(Words("bon\xc3"), (V{"bon"}));         // truncated UTF-8
  EXPECT_EQ(Words("bon\xc3\xa9"), (V{"bone"}));    // "boné"
  EXPECT_EQ(Words("a"), (V{"a"}));
  EXPECT_EQ(Words("#a"), (V{"a"}));
  EXPECT_EQ(Words("x #"), (V{"x"}));
  EXPECT_EQ(Words("@"), (V{}));
  EXPECT_EQ(Words("ok\tbien\nfin\r"), (V{"ok", "bien", "fin"}));
}

TEST(TokenizeTest, WordsGoingOnWithHashOrUnderscore) {
  EXPECT_EQ(Words("abc#def ab_cd ab&cd ab&gt;cd"), (V{"abc", "def", "ab", "cd", "ab", "cd", "ab", "cd"}));
  EXPECT_EQ(Words("#ServiceClient_Nul2024!"), (V{"service", "client", "nul", "2024", "!"}));
}

TEST(TokenizeTest, UrlsOnlyAtAWordStart) {
  EXPECT_EQ(Words("hello http://x.y world www.z.fr wow"), (V{"hello", "world", "wow"}));
  EXPECT_EQ(Words("HTTP://X.Y HTTPS://X.Y"), (V{}));
  // Neither "http://" nor "HTTP://", nor at a word start: the word stays a
  // word, and "://" on starts a URL of its own (SchemeSeparatorStartsAUrl).
  EXPECT_EQ(Words("Http://x"), (V{"http"}));
  EXPECT_EQ(Words("ahttp://x"), (V{"ahttp"}));
  EXPECT_EQ(Words("Http:x"), (V{"http", ":", "x"}));
  EXPECT_EQ(Words("(https://x) h w"), (V{"h", "w"}));
}

// A URL ends where a linkifier ends it: at any space, ASCII or not, at a
// character no link holds (an emoji, a typographic quote), and before the
// punctuation of the sentence it ends, which is a token as after a word.
// Letters beyond ASCII and balanced brackets are the link's own.
TEST(TokenizeTest, UrlsEndWhereLinkifiersEndThem) {
  EXPECT_EQ(Words("voir https://t.co/abc\xF0\x9F\x98\xA1 nul"), (V{"voir", "\xF0\x9F\x98\xA1", "nul"}));
  EXPECT_EQ(Words("www.x.fr\xC2\xA0super \xC2\xABhttp://x.fr/a\xC2\xBB ok"), (V{"super", "ok"}));
  EXPECT_EQ(Words("https://x.fr/a\u202F! https://x.fr/b\rfin"), (V{"!", "fin"}));
  EXPECT_EQ(Words("love it http://x.fr/a! nul. http://x.fr/b. Bof, http://x.fr/c?, ok"),
            (V{"love", "it", "!", "nul", ".", ".", "bof", ",", "?", ",", "ok"}));
  EXPECT_EQ(Words("(voir https://x.fr/a) et \"https://x.fr/b\" 'https://x.fr/c' ok"), (V{"voir", "et", "ok"}));
  EXPECT_EQ(Words("https://fr.wikipedia.org/wiki/Paris_(France). https://x.fr/q?a=(1)) ok"), (V{".", "ok"}));
  EXPECT_EQ(Words("https://fr.wikipedia.org/wiki/\xC3\x89t\xC3\xA9 ok <http://x.fr/a>ok"), (V{"ok", "ok"}));
  // A scheme separator's URL keeps its three bytes, whatever follows.
  EXPECT_EQ(Words("via @user://. ok"), (V{"via", "@", ".", "ok"}));
}

// Datasets of posts replace each link with its scheme alone ("... pour
// @user http"): such a word is a link, in the fast path and in the general
// one (after a word that takes it, "été"), and anywhere a URL may start.
TEST(TokenizeTest, ABareSchemeIsAnAnonymisedLink) {
  for (std::string_view text : {"video pour @user http", "video pour @user https", "video pour @user HTTP",
                                "video pour @user http.", "video pour @user http, ", "video pour @user http\thttp"}) {
    TokenBuffer buf;
    Tokenize(text, {}, &buf);
    std::vector<std::string> words;
    for (const Token& t : buf.tokens) {
      if (!(t.flags & kTokPunct)) words.emplace_back(t.flags & kTokHandle ? "@" : std::string(buf.Text(t)));
    }
    EXPECT_EQ(words, (V{"video", "pour", "@"})) << text;
    EXPECT_GE(buf.links, 1) << text;
  }
  EXPECT_EQ(Words("été http été"), (V{"ete", "ete"}));
  EXPECT_EQ(Words("(http) [https] \"http\" ok"), (V{"ok"}));
  // Not a scheme alone: a longer word, another case, a scheme going on.
  EXPECT_EQ(Words("httpx Http https2 http:x http/2"), (V{"httpx", "http", "https2", "http", ":", "x", "http", "2"}));
}

TEST(TokenizeTest, SchemeSeparatorStartsAUrl) {
  // Anonymised posts replace a link's "http" with "@user": the rest is
  // still a link, not the ":/" emoticon followed by words.
  EmoticonMatcher em;
  em.Add(":/");
  TokenBuffer buf;
  Tokenize("via @user://twitter.com/x ftp://y.z/a bof :/", em, &buf);
  std::vector<std::string> words;
  for (const Token& t : buf.tokens) words.emplace_back(t.flags & kTokHandle ? "@" : std::string(buf.Text(t)));
  EXPECT_EQ(words, (V{"via", "@", "ftp", "bof", ":/"}));
  EXPECT_EQ(buf.links, 2);
  EXPECT_EQ(Words(":// x", em), (V{"x"}));
  EXPECT_EQ(Words(":/ /", em), (V{":/"}));
}

TEST(TokenizeTest, CountsExclamationAndQuestionTokens) {
  // Only punctuation tokens count: not a '?' inside a URL, nor the '!' or
  // '?' of an emoticon. A buffer reused for another text counts afresh.
  EmoticonMatcher em;
  em.Add(":-!");
  TokenBuffer buf;
  Tokenize("Quoi ?! Encore ?? https://x.fr/?a=1 :-! ok!", em, &buf);
  EXPECT_EQ(buf.exclamations, 2);
  EXPECT_EQ(buf.questions, 3);
  // The general path's punctuation too: after a word it leaves for UTF-8.
  Tokenize("déçu! vraiment? é!", em, &buf);
  EXPECT_EQ(buf.exclamations, 2);
  EXPECT_EQ(buf.questions, 1);
  Tokenize("calme", em, &buf);
  EXPECT_EQ(buf.exclamations, 0);
  EXPECT_EQ(buf.questions, 0);
}

TEST(TokenizeTest, EmoticonsAfterPunctuation) {
  EmoticonMatcher em;
  em.Add(":)");
  em.Add("(:");
  EXPECT_EQ(Words("bien. :) (: ok.", em), (V{"bien", ".", ":)", "(:", "ok", "."}));
  EXPECT_EQ(Words(":)", em), (V{":)"}));
  EXPECT_EQ(Words("a:)", em), (V{"a", ":)"}));
}

// Punctuation takes a short path when no emoticon starts there: the byte
// starts none, or none with the byte after it and is no emoticon alone.
// Emoticons sharing a first byte with punctuation must still be found.
TEST(TokenizeTest, EmoticonsStartingLikePunctuation) {
  EmoticonMatcher em;
  em.Add(".-:");
  em.Add(",-:");
  em.Add("*");
  em.Add("**");
  em.Add(")");
  EXPECT_EQ(Words("a .-: b, c ,-: d. e * f ** g", em), (V{"a", ".-:", "b", ",", "c", ",-:", "d", ".", "e", "*", "f",
                                                          "**", "g"}));
  EXPECT_EQ(Words("fin.-:", em), (V{"fin", ".-:"}));
  EXPECT_EQ(Words("fin.", em), (V{"fin", "."}));
  EXPECT_EQ(Words(".-", em), (V{".", }));
  EXPECT_EQ(Words("*", em), (V{"*"}));
  EXPECT_EQ(Words("(a) b )", em), (V{"a", "b", ")"}));  // a ')' right after a word closes it
}

TEST(TokenizeTest, HandlesTakeDotsAndUnderscores) {
  TokenBuffer buf;
  Tokenize("@jean.dupont_2 @ bon @x", EmoticonMatcher{}, &buf);
  ASSERT_EQ(buf.tokens.size(), 3u);
  EXPECT_TRUE(buf.tokens[0].flags & kTokHandle);
  EXPECT_EQ(buf.tokens[0].src_len, 14u);
  EXPECT_EQ(buf.Text(buf.tokens[1]), "bon");
  EXPECT_EQ(buf.tokens[2].src_len, 2u);
}

// Two-byte Latin letters (U+00C0..U+023F) take a short path outside
// hashtags; inside one they still go through DecodeUtf8 and WordChar.
// Every such letter, alone and between letters of its own case (so that
// the hashtag is not split), must fold, hash and flag the same both ways.
TEST(TokenizeTest, TwoByteLatinLettersFoldAsInHashtags) {
  int compared = 0;
  for (int32_t cp = 0xC0; cp <= 0x23F; ++cp) {
    const std::string ch = {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
    int compared_here = 0;
    for (const std::string& w : {ch, "x" + ch + "y", "X" + ch + "YZ", ch + "ll" + ch, "ab" + ch}) {
      TokenBuffer plain, tagged;
      Tokenize(w, EmoticonMatcher{}, &plain);
      Tokenize("#" + w, EmoticonMatcher{}, &tagged);
      if (tagged.tokens.size() > 1) continue;  // split on a change of case
      ASSERT_EQ(plain.tokens.size(), tagged.tokens.size()) << w;
      for (size_t k = 0; k < plain.tokens.size(); ++k) {
        const Token& a = plain.tokens[k];
        const Token& b = tagged.tokens[k];
        EXPECT_EQ(plain.Text(a), tagged.Text(b)) << w;
        EXPECT_EQ(a.hash, b.hash) << w;
        EXPECT_EQ(a.flags, b.flags & ~kTokHashtag) << w;
        EXPECT_EQ(a.src_begin + 1, b.src_begin) << w;
        EXPECT_EQ(a.src_len, b.src_len) << w;
      }
      ++compared_here;
    }
    EXPECT_GE(compared_here, 2) << "U+" << std::hex << cp;
    compared += compared_here;
  }
  EXPECT_EQ(Words("\xc3\x89t\xc3\xa9 \xc3\xa0 l'h\xc3\xb4tel, na\xc3\xafve \xc5\x93uvre 2\xc3\x97" "3"),
            (V{"ete", "a", "l'", "hotel", ",", "naive", "oeuvre", "2", "3"}));
  EXPECT_GT(compared, 800);
}

TEST(TokenizeTest, TokensCarryTheHashOfTheirFoldedText) {
  EmoticonMatcher em;
  em.Add(":-)");
  TokenBuffer buf;
  Tokenize("Très BIEN l'appli don't #NotHappy :-) 👍 nuuul end", em, &buf);
  ASSERT_EQ(buf.tokens.size(), 11u);
  for (const Token& t : buf.tokens) {
    EXPECT_EQ(t.hash, FoldHash(buf.Text(t))) << buf.Text(t);
  }
  // A chunk is zero padded, and the length tells the padding from bytes.
  EXPECT_NE(FoldHash(std::string_view("ab", 2)), FoldHash(std::string_view("ab\0", 3)));
  EXPECT_NE(FoldHash("abcdefgh"), FoldHash(std::string_view("abcdefgh\0", 9)));
}

TEST(TokenizeTest, BufferIsReusedAcrossTextsOfAnySize) {
  TokenBuffer buf;
  const std::string many(1000, '!');
  Tokenize(many, EmoticonMatcher{}, &buf);
  EXPECT_EQ(buf.tokens.size(), 1000u);
  Tokenize("deux mots", EmoticonMatcher{}, &buf);
  ASSERT_EQ(buf.tokens.size(), 2u);
  EXPECT_EQ(buf.Text(buf.tokens[1]), "mots");
  EXPECT_EQ(buf.folded(), "deuxmots");
  Tokenize("", EmoticonMatcher{}, &buf);
  EXPECT_TRUE(buf.tokens.empty());
  EXPECT_TRUE(buf.folded().empty());
}

// Words with apostrophes or Latin letters, and hashtags, are folded in the
// fast path when they can be (FoldWord, FoldHashtag), in the general path
// when they cannot: either way as the general path's rules say, with the
// same source spans and flags. Each token as "text begin+length flags".
std::vector<std::string> Spans(std::string_view text) {
  TokenBuffer buf;
  Tokenize(text, EmoticonMatcher{}, &buf);
  std::vector<std::string> out;
  for (const Token& t : buf.tokens) {
    std::string s = std::string(buf.Text(t)) + " " + std::to_string(t.src_begin) + "+" + std::to_string(t.src_len);
    for (auto [flag, name] : {std::pair{kTokHashtag, " #"}, {kTokElision, " elision"}, {kTokAllCaps, " caps"},
                              {kTokElongated, " long"}, {kTokNumber, " number"}, {kTokForeign, " foreign"},
                              {kTokHandle, " handle"}}) {
      if (t.flags & flag) s += name;
    }
    out.push_back(s);
    if (t.flags & (kTokWord | kTokEmoji | kTokEmoticon)) {
      EXPECT_EQ(t.hash, FoldHash(buf.Text(t))) << text;
    }
  }
  return out;
}

TEST(TokenizeTest, ApostrophesAndLatinLettersInWords) {
  EXPECT_EQ(Spans("don't l'amour QU'IL jusqu'\xc3\xa0 aujourd'hui rock'n'roll"),
            (V{"don't 0+5", "l' 6+2 elision", "amour 8+5", "qu' 14+3 elision caps", "il 17+2 caps",
               "jusqu' 20+6 elision", "a 26+2", "aujourd'hui 29+11", "rock'n'roll 41+11"}));
  // U+2019 is folded to ASCII; a trailing apostrophe is dropped, an elided
  // word keeps it whatever follows.
  EXPECT_EQ(Spans("L\xe2\x80\x99\xc3\x89T\xc3\x89 c\xe2\x80\x99" "est gens' l'1 j' aime"),
            (V{"l' 0+4 elision", "ete 4+5 caps", "c' 10+4 elision", "est 14+3", "gens 18+4", "l' 24+2 elision",
               "1 26+1 number", "j' 28+2 elision", "aime 31+4"}));
  // Elongation runs across folded Latin letters ("ß" is two letters).
  EXPECT_EQ(Spans("tr\xc3\xa8\xc3\xa8\xc3\xa8s s\xc3\x9fs \xc3\x87" "A"), (V{"treees 0+9 long", "ssss 10+4 long", "ca 15+3 caps"}));
  // A letter with no ASCII folding (U+0180) leaves the word to the general path,
  // which folds the Latin letters after it as the fast path does ("œ", "Æ", "ß").
  EXPECT_EQ(Spans("don\xe2\x80\x99\xc6\x80x l\xe2\x80\x99\xc6\x80x"),
            (V{"don'\xc6\x80x 0+9 foreign", "l' 10+4 elision", "\xc6\x80x 14+3 foreign"}));
  EXPECT_EQ(Spans("\xc6\x80\xc5\x93uf \xc6\x80\xc3\x86\xc3\x9f"), (V{"\xc6\x80oeuf 0+6 foreign", "\xc6\x80\x61\x65ss 7+6 foreign"}));
}

TEST(TokenizeTest, HashtagPiecesAndTheirSpans) {
  EXPECT_EQ(Spans("#NotHappy2day_ok #\xc3\x89t\xc3\xa9" "Chaud #a__b #_ #123abc #WWW"),
            (V{"not 1+3 #", "happy 4+5 #", "2 9+1 # number", "day 10+3 #", "ok 14+2 #", "ete 18+5 #", "chaud 23+5 #",
               "a 30+1 #", "b 33+1 #", "123 39+3 # number", "abc 42+3 #", "www 47+3 # caps long"}));
  // Hashtags going on with an apostrophe, an entity, a letter with no ASCII
  // folding or another '#' are the general path's.
  EXPECT_EQ(Spans("#ab'cd #x&amp;y #\xc6\x80" "a #a#b"),
            (V{"ab 1+2 #", "cd 4+2", "x 8+1 #", "y 14+1", "\xc6\x80" "a 17+3 # foreign", "a 22+1 #", "b 24+1"}));
}

// A handle's name takes whole letters beyond ASCII, and leaves the dots
// that end it to the sentence (punctuation tokens, of no folded text); a
// name starts with a letter, digit or '_', and an emoji is none.
TEST(TokenizeTest, HandlesTakeWholeLettersAndNotTheFullStop) {
  EXPECT_EQ(Spans("@jos\xc3\xa9phine merci @acme. @x.y... @.z @\xf0\x9f\x98\xa1 @_a"),
            (V{" 0+11 handle", "merci 12+5", " 18+5 handle", " 23+1", " 25+4 handle", " 29+1", " 30+1", " 31+1", " 34+1",
               "z 35+1", "\xf0\x9f\x98\xa1 38+4", " 43+3 handle"}));
}

// The lexicon folds thousands of terms through one buffer and key: a long
// term before a short one leaves nothing behind.
TEST(FoldTermTest, ReusedBuffersFoldAsFreshOnes) {
  const EmoticonMatcher none;
  TokenBuffer buf;
  std::string key = "stale";
  for (std::string_view term : {"  Service   Client très DÉCEVANT ", "nul", "n'importe quoi", "#SuperBien", "..."}) {
    FoldTerm(term, none, &buf, &key);
    EXPECT_EQ(key, FoldTerm(term, none)) << term;
  }
  FoldTerm("", none, &buf, &key);
  EXPECT_EQ(key, "");
}

TEST(FoldTermTest, JoinsPhraseWords) {
  EXPECT_EQ(FoldTerm("  Service   Client ", EmoticonMatcher{}), "service client");
  EXPECT_EQ(FoldTerm("n'importe quoi", EmoticonMatcher{}), "n' importe quoi");
  EXPECT_EQ(FoldTerm("...", EmoticonMatcher{}), ". . .");
}

}  // namespace
}  // namespace veille::sentiment
