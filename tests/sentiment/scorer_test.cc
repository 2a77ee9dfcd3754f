#include "sentiment/scorer.h"

#include <cstdio>
#include <fstream>
#include <initializer_list>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace veille::sentiment {
namespace {

class ScorerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto s = Scorer::Create();
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    scorer_ = std::move(s).value().release();
  }
  static void TearDownTestSuite() {
    delete scorer_;
    scorer_ = nullptr;
  }
  static double S(std::string_view text, std::string_view lang = {}) { return scorer_->Score(text, lang).score; }
  static Verdict V(std::string_view text, std::string_view lang = {}) { return scorer_->Score(text, lang); }
  static bool HasReason(const std::vector<std::string>& reasons, std::string_view needle) {
    for (const auto& r : reasons) {
      if (r.find(needle) != std::string::npos) return true;
    }
    return false;
  }
  static std::string Join(const std::vector<std::string>& reasons) {
    std::string out;
    for (const auto& r : reasons) out += r + " | ";
    return out;
  }
  static Scorer* scorer_;
};
Scorer* ScorerTest::scorer_ = nullptr;

TEST_F(ScorerTest, NegationEnglish) {
  EXPECT_GT(S("This phone is good"), 0.2);
  EXPECT_LT(S("This phone is not good"), -0.1);
  EXPECT_LT(S("This phone isn't good"), -0.1);
  EXPECT_LT(S("I will never be happy with this phone"), -0.1);
  EXPECT_GT(S("No problem at all, thanks"), 0.1);
  EXPECT_LT(S("the service was anything but good", "en"), -0.1);
  EXPECT_LT(S("not what I expected", "en"), -0.1);
  EXPECT_LT(S("this is not what I ordered", "en"), -0.1);
  Verdict v = V("This phone is not good");
  EXPECT_TRUE(HasReason(v.reasons, "negated by not")) << Join(v.reasons);
  // A contraction no lexicon lists negates by its "n't", with any
  // apostrophe, in a text with no negation word of the lexicon.
  for (const char* text : {"this phone mightn't be good", "this phone mightn\u2019t be good",
                           "this phone needn\u02BCt be good"}) {
    Verdict c = V(text, "en");
    EXPECT_LT(c.score, -0.1) << text;
    EXPECT_TRUE(HasReason(c.reasons, "negated by ")) << text << ": " << Join(c.reasons);
  }
}

TEST_F(ScorerTest, NegationFrench) {
  EXPECT_GT(S("Ce téléphone est bon"), 0.2);
  EXPECT_LT(S("Ce téléphone n'est pas bon"), -0.1);
  EXPECT_LT(S("Ce téléphone est pas bon"), -0.1);      // informal, no "ne"
  EXPECT_LT(S("Je n'aime pas ce téléphone"), -0.1);
  EXPECT_LT(S("J'aime pas ce téléphone"), -0.1);        // "pas" after the verb
  EXPECT_LT(S("J'aime vraiment pas ce téléphone"), -0.1);  // and after a degree word
  EXPECT_GT(S("J'aime vraiment ce téléphone"), 0.1);
  // "moins" (less) negates what it compares; "au moins" (at least) does not.
  EXPECT_LT(S("de moins en moins drôle", "fr"), -0.1);
  EXPECT_GT(S("moins cher qu'ailleurs", "fr"), 0.1);
  EXPECT_GT(S("au moins c'est drôle", "fr"), 0.1);
  EXPECT_LT(S("moins bien que la saison 1", "fr"), -0.1);  // not "bien que" (although)
  // "tout sauf" (anything but) negates; "sauf" alone excepts.
  EXPECT_LT(S("c'est tout sauf pratique", "fr"), -0.1);
  EXPECT_GT(S("tout va bien sauf la livraison", "fr"), 0.1);
  // Expectations met are praise; not met, a let-down.
  EXPECT_GT(S("exactement ce que j'attendais", "fr"), 0.1);
  EXPECT_LT(S("ce n'est pas du tout ce que j'attendais", "fr"), -0.1);
  EXPECT_LT(S("ce n'est pas ce que j'ai commandé", "fr"), -0.1);
  EXPECT_LT(S("Je ne suis plus satisfait du service"), -0.1);
  EXPECT_LT(S("Jamais satisfait de ce service"), -0.1);
  EXPECT_LT(S("Il n'y a rien de bon ici"), -0.1);
  EXPECT_GT(S("Livré sans problème"), 0.1);
  Verdict v = V("Je n'aime pas ce téléphone");
  EXPECT_TRUE(HasReason(v.reasons, "negated by n'")) << Join(v.reasons);
}

// A negated possibility before a comparative is a superlative: the word
// keeps its sign, good or bad. Without the modal, the negation stands.
TEST_F(ScorerTest, CouldNotBeBetterKeepsItsSign) {
  EXPECT_GT(S("I couldn't be happier", "en"), 0.3);
  EXPECT_GT(S("it could not be better", "en"), 0.3);
  EXPECT_LT(S("it can't get any worse", "en"), -0.3);
  EXPECT_GT(S("on ne peut pas faire mieux", "fr"), 0.1);
  EXPECT_LT(S("ça ne pourrait pas être pire", "fr"), -0.3);
  EXPECT_LT(S("this is not better", "en"), -0.1);
  EXPECT_LT(S("ce n'est pas meilleur qu'avant", "fr"), -0.1);
  EXPECT_LT(S("I can't be a winner", "en"), -0.1);  // no comparative: negated
}

// "Rien à redire": nothing to fault is praise, however negated it looks.
TEST_F(ScorerTest, NothingToFaultIsPraise) {
  for (const char* text : {"rien à redire", "il n'y a rien à redire", "je n'ai rien à reprocher", "aucun reproche"}) {
    EXPECT_EQ(V(text, "fr").label, SentimentLabel::kPositive) << text << ": " << Join(V(text, "fr").reasons);
  }
}

// Set phrases of French reviews whose words alone would mislead: a
// negation that praises, death that is laughter, a "voir" that is no
// advice to watch.
TEST_F(ScorerTest, FrenchReviewIdioms) {
  for (const char* text : {"un film à ne pas rater", "elle n'a rien à envier aux séries américaines",
                           "j'étais mort de rire", "à mourir de rire"}) {
    EXPECT_EQ(V(text, "fr").label, SentimentLabel::kPositive) << text << ": " << Join(V(text, "fr").reasons);
  }
  EXPECT_EQ(S("rien à voir avec la saison 1", "fr"), 0.0) << Join(V("rien à voir avec la saison 1", "fr").reasons);
  EXPECT_GT(S("une série à voir", "fr"), 0.1);
}

// A written laugh is an aside: a negation before it does not make it sad.
TEST_F(ScorerTest, LaughterIsNotNegated) {
  EXPECT_FALSE(HasReason(V("no way lol", "en").reasons, "negated")) << Join(V("no way lol", "en").reasons);
  EXPECT_GT(S("IM NOT THE LATTER LOL", "en"), 0.1);
  EXPECT_GT(S("je suis pas prêt mdr", "fr"), 0.1);
  EXPECT_GT(S("not me hahaha", "en"), 0.1);
  EXPECT_LT(S("not funny", "en"), -0.1);  // the negation itself still works
}

// "ne" without a negation's meaning: restrictive "ne ... que" (only) and
// "n'importe" (any).
TEST_F(ScorerTest, FrenchNeThatNegatesNothing) {
  EXPECT_GT(S("Je ne peux que recommander cette série", "fr"), 0.1);
  EXPECT_GT(S("On ne peut qu'adorer", "fr"), 0.1);
  EXPECT_LT(S("N'importe quel imbécile le voit", "fr"), -0.1);
  EXPECT_LT(S("C'est n'importe quoi", "fr"), -0.1);  // the phrase keeps its own meaning
  // A "que" after the word leaves the negation alone.
  Verdict v = V("Je n'aime pas que ça", "fr");
  EXPECT_TRUE(HasReason(v.reasons, "negated by n'")) << Join(v.reasons);
}

TEST_F(ScorerTest, ElisionAndAccents) {
  EXPECT_GT(S("J'adore"), 0.3);
  EXPECT_GT(S("j’adore l’appli"), 0.3);  // typographic apostrophes
  EXPECT_DOUBLE_EQ(S("Service génial"), S("Service genial"));
  EXPECT_DOUBLE_EQ(S("Très déçu"), S("tres decu"));
  EXPECT_LT(S("Très déçu"), -0.3);
}

TEST_F(ScorerTest, IntensifiersAndDampeners) {
  EXPECT_GT(S("very good"), S("good"));
  EXPECT_GT(S("extremely good"), S("good"));
  EXPECT_LT(S("barely good"), S("good"));
  EXPECT_GT(S("très bon"), S("bon"));
  EXPECT_GT(S("vraiment bon"), S("bon"));
  EXPECT_LT(S("trop nul"), S("nul"));  // more negative
  EXPECT_GT(S("un peu nul"), S("nul"));  // less negative
  EXPECT_LT(S("un peu nul"), 0);
  EXPECT_LT(S("peu fiable"), 0);  // "peu" reads as "not very"
  Verdict v = V("très bon");
  EXPECT_TRUE(HasReason(v.reasons, "boosted by très")) << Join(v.reasons);
}

TEST_F(ScorerTest, Contrast) {
  EXPECT_LT(S("The food is good but the service is terrible"), -0.1);
  EXPECT_GT(S("The service is slow but the food is excellent"), 0.1);
  EXPECT_LT(S("Le produit est bien mais le service est nul"), -0.1);
  EXPECT_GT(S("C'est cher, pourtant la qualité est excellente"), 0.1);
  Verdict v = V("Le produit est bien mais le service est nul");
  EXPECT_TRUE(HasReason(v.reasons, "after mais")) << Join(v.reasons);
  EXPECT_TRUE(HasReason(v.reasons, "before mais")) << Join(v.reasons);
  // A text that opens with a contrast word contrasts with nothing, with or
  // without punctuation before it.
  for (std::string_view lang : {"en", "fr"}) {
    const std::string_view bare = lang == "en" ? "But I have promises to keep" : "Mais c'est génial";
    for (std::string_view lead : {"...", ". ", ", ", "; ", ":"}) {
      const std::string led = std::string(lead) + std::string(bare);
      EXPECT_DOUBLE_EQ(S(led, lang), S(bare, lang)) << led;
      EXPECT_FALSE(HasReason(V(led, lang).reasons, "after ")) << led;
    }
  }
}

TEST_F(ScorerTest, CapitalsAndExclamations) {
  EXPECT_GT(S("the service is GREAT"), S("the service is great"));
  EXPECT_LT(S("le service est NUL"), S("le service est nul"));
  EXPECT_GT(S("great!!!"), S("great"));
  EXPECT_LT(S("nul !!!"), S("nul"));
  // All capitals is shouting the whole text, not emphasis of one word.
  EXPECT_DOUBLE_EQ(S("GREAT SERVICE"), S("great service"));
}

TEST_F(ScorerTest, EmojiAndEmoticons) {
  EXPECT_LT(S("😡"), -0.3);
  EXPECT_GT(S("Livraison reçue 👍"), 0.2);
  EXPECT_GT(S("merci :)"), S("merci"));
  EXPECT_LT(S("encore en retard :("), -0.2);
  EXPECT_GT(S("🥰🥰"), 0.5);
  Verdict v = V("😡");
  EXPECT_EQ(v.lang, "und");
  EXPECT_EQ(v.label, SentimentLabel::kNegative);
  // A puzzled face, not VADER's high five "o/\o" that folds like it.
  EXPECT_LT(S("why? o_O", "en"), 0);
}

TEST_F(ScorerTest, NewerEmoji) {
  EXPECT_GT(S("my order came today 😜"), 0.2);
  EXPECT_GT(S("thanks team 🫶"), 0.4);
  EXPECT_LT(S("ma commande est arrivée 🫤"), -0.2);
}

TEST_F(ScorerTest, RepeatedLetters) {
  EXPECT_LT(S("nuuuul"), -0.3);
  EXPECT_LT(S("nuuuul"), S("nul"));  // elongation adds emphasis
  EXPECT_GT(S("sooo good"), S("good"));
  EXPECT_GT(S("cooool"), 0.3);
  Verdict v = V("nuuuul");
  EXPECT_TRUE(HasReason(v.reasons, "elongated")) << Join(v.reasons);
}

TEST_F(ScorerTest, SlangAndAbbreviations) {
  EXPECT_GT(S("mdr"), 0.2);
  EXPECT_GT(S("ptdr cette pub"), 0.2);
  EXPECT_GT(S("lol"), 0.2);
  EXPECT_LT(S("wtf is this update"), -0.2);
  EXPECT_LT(S("j'ai le seum, colis encore en retard"), -0.3);
  EXPECT_LT(S("trop vnr contre ce SAV"), -0.3);
  EXPECT_GT(S("ce jeu est chanmé"), 0.3);
  EXPECT_LT(S("yikes, the update broke everything"), -0.3);
  EXPECT_GT(S("tysm for the quick fix"), 0.3);
}

TEST_F(ScorerTest, HashtagsAreSplitIntoWords) {
  EXPECT_LT(S("#NotHappy"), -0.1);
  EXPECT_LT(S("#fail"), -0.2);
  EXPECT_LT(S("encore une fois #servicenul"), -0.2);  // split against the lexicon
  EXPECT_GT(S("#TropBien"), 0.2);
  // A reason quotes the piece of the hashtag that scored, not all of it.
  Verdict v = V("#Godwins", "en");
  EXPECT_TRUE(HasReason(v.reasons, "\"wins\" +")) << Join(v.reasons);
  EXPECT_FALSE(HasReason(v.reasons, "\"Godwins\"")) << Join(v.reasons);
}

TEST_F(ScorerTest, LanguageIdentification) {
  EXPECT_EQ(V("Le service est vraiment nul").lang, "fr");
  EXPECT_EQ(V("The service is really bad").lang, "en");
  EXPECT_EQ(V("c'est top").lang, "fr");
  // The source's own tag wins and is normalised.
  Verdict v = V("super", "fr-FR");
  EXPECT_EQ(v.lang, "fr");
  EXPECT_TRUE(HasReason(v.reasons, "source tag"));
  EXPECT_EQ(V("The service is really bad", "EN").lang, "en");
}

TEST_F(ScorerTest, UnsupportedLanguageIsNeutralWithReason) {
  Verdict es = V("El servicio es muy malo pero la comida está bien");
  EXPECT_EQ(es.lang, "es");
  EXPECT_EQ(es.label, SentimentLabel::kNeutral);
  EXPECT_EQ(es.score, 0);
  EXPECT_TRUE(HasReason(es.reasons, "no lexicon for language 'es'")) << Join(es.reasons);
  EXPECT_FALSE(es.complaint);

  Verdict de = V("schlecht", "de");
  EXPECT_EQ(de.lang, "de");
  EXPECT_EQ(de.label, SentimentLabel::kNeutral);
  EXPECT_TRUE(HasReason(de.reasons, "no lexicon for language 'de'"));

  // Short complaints in the other languages a French brand hears most,
  // whose few function words are not French or English ones.
  struct Case {
    const char* text;
    const char* lang;
  } cases[] = {
      {"Il servizio clienti non risponde, sono molto deluso", "it"},
      {"Ho comprato questo telefono e non funziona più", "it"},
      {"Tenho um problema com o meu pedido", "pt"},
      {"O atendimento ao cliente é péssimo, ainda não recebi meu pedido", "pt"},
      {"De klantenservice is slecht, ik heb nog niets ontvangen", "nl"},
      {"Ik heb een probleem met mijn bestelling", "nl"},
  };
  for (const Case& c : cases) {
    Verdict v = V(c.text);
    EXPECT_EQ(v.lang, c.lang) << c.text << ": " << Join(v.reasons);
    EXPECT_EQ(v.score, 0) << c.text;
    EXPECT_FALSE(v.complaint) << c.text;
  }
  // "dit" is Dutch, and French: a French text keeps it.
  EXPECT_EQ(V("il a dit que c'est nul").lang, "fr");

  Verdict ja = V("このサービスは最悪です。二度と使いません");
  EXPECT_EQ(ja.label, SentimentLabel::kNeutral);
  EXPECT_TRUE(HasReason(ja.reasons, "not scored")) << Join(ja.reasons);
}

TEST_F(ScorerTest, ComplaintVersusNews) {
  Verdict a = V("Mon colis n'est jamais arrivé et le service client ne répond pas, je veux un remboursement");
  EXPECT_TRUE(a.complaint) << Join(a.complaint_reasons);
  EXPECT_EQ(a.label, SentimentLabel::kNegative) << Join(a.reasons);
  EXPECT_TRUE(HasReason(a.complaint_reasons, "remboursement"));

  Verdict b = V("Acme annonce une panne géante de son réseau, selon Le Monde");
  EXPECT_FALSE(b.complaint);
  EXPECT_TRUE(HasReason(b.complaint_reasons, "news")) << Join(b.complaint_reasons);

  Verdict c = V("@acme my refund still hasn't arrived after 3 weeks, please help");
  EXPECT_TRUE(c.complaint) << Join(c.complaint_reasons);

  Verdict d = V("Acme shares fall after billing outage, reports say");
  EXPECT_FALSE(d.complaint) << Join(d.complaint_reasons);

  Verdict e = V("Merci pour le remboursement super rapide, service client au top !");
  EXPECT_FALSE(e.complaint) << Join(e.complaint_reasons);

  Verdict f = V("Je suis bloquée, impossible de me connecter à mon compte depuis hier");
  EXPECT_TRUE(f.complaint) << Join(f.complaint_reasons);

  Verdict g = V("J'adore ce film");
  EXPECT_FALSE(g.complaint);
  EXPECT_TRUE(HasReason(g.complaint_reasons, "no service topic"));

  // A negated problem is no problem.
  EXPECT_FALSE(V("Aucun problème de livraison, merci").complaint);
}

TEST_F(ScorerTest, ScoreStaysInRangeOnHostileInput) {
  std::mt19937 rng(42);
  std::string text;
  for (int round = 0; round < 300; ++round) {
    text.clear();
    int len = static_cast<int>(rng() % 300);
    for (int i = 0; i < len; ++i) text.push_back(static_cast<char>(rng() % 256));
    Verdict v = scorer_->Score(text);
    ASSERT_GE(v.score, -1.0);
    ASSERT_LE(v.score, 1.0);
  }
  std::string huge(200000, 'a');
  huge += " nul !!!!!!!!!!!!!!!!!!!!!!!! ";
  for (int i = 0; i < 2000; ++i) huge += "très ";
  Verdict v = scorer_->Score(huge, "fr");
  EXPECT_GE(v.score, -1.0);
  EXPECT_LE(v.score, 1.0);
  std::string many;
  for (int i = 0; i < 5000; ++i) many += "génial ";
  EXPECT_LE(scorer_->Score(many).score, 1.0);
  EXPECT_GT(scorer_->Score(many).score, 0.99);
  EXPECT_EQ(scorer_->Score("").label, SentimentLabel::kNeutral);
}

TEST_F(ScorerTest, ThreadSafe) {
  std::vector<std::string> texts = {"J'adore ce service 😍", "The app is not good at all!!!", "Colis jamais reçu",
                                    "nuuul #servicenul", "Great but expensive", "El servicio es malo"};
  std::vector<Verdict> expected;
  for (const auto& t : texts) expected.push_back(scorer_->Score(t));
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int k = 0; k < 4; ++k) {
    threads.emplace_back([&, k] {
      for (int i = 0; i < 3000; ++i) {
        size_t j = (i + k) % texts.size();
        Verdict v = scorer_->Score(texts[j]);
        if (v.score != expected[j].score || v.label != expected[j].label || v.reasons != expected[j].reasons ||
            v.complaint != expected[j].complaint || v.lang != expected[j].lang) {
          ++mismatches[k];
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int k = 0; k < 4; ++k) EXPECT_EQ(mismatches[k], 0) << "thread " << k;
}

std::string WriteTemp(const std::string& name, const std::string& content) {
  std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream out(path, std::ios::binary);
  out << content;
  return path;
}

TEST(ScorerCreateTest, UserLexiconOverridesBuiltIns) {
  auto base = Scorer::Create();
  ASSERT_TRUE(base.ok());
  EXPECT_LT((*base)->Score("ce truc est nul", "fr").score, -0.2);
  EXPECT_EQ((*base)->Score("acmeplus", "fr").score, 0);

  ScorerOptions opts;
  opts.extra_lexicons.push_back(
      WriteTemp("brand.lex", "# brand terms\n@lang fr\n[valence]\nacmeplus\t3\nnul\t0\n[complaint]\nacmebox\t2\n"));
  auto s = Scorer::Create(opts);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_GT((*s)->Score("acmeplus", "fr").score, 0.3);
  EXPECT_EQ((*s)->Score("ce truc est nul", "fr").score, 0);  // neutralised
  EXPECT_TRUE((*s)->Score("ma acmebox est en panne", "fr").complaint);
  // A brand's word splits hashtags too: the pieces SegmentHashtag tries
  // are screened by a filter built from every key, the brand file's included.
  EXPECT_EQ((*base)->Score("#acmeplusacmeplus", "fr").score, 0);
  const Verdict tag = (*s)->Score("#acmeplusacmeplus", "fr");
  EXPECT_GT(tag.score, 0.3);
  ASSERT_FALSE(tag.reasons.empty());
  EXPECT_NE(tag.reasons.back().find("\"acmeplus\" +"), std::string::npos) << tag.reasons.back();

  // A form listed with 0 keeps its base's valence away, even when it is
  // another language's word ("dangers" is English).
  EXPECT_LT((*base)->Score("trop de dangers", "fr").score, -0.2);
  ScorerOptions zero;
  zero.extra_lexicons.push_back(WriteTemp("zero.lex", "@lang fr\n[valence]\ndangers\t0\n"));
  auto z = Scorer::Create(zero);
  ASSERT_TRUE(z.ok()) << z.status().ToString();
  EXPECT_EQ((*z)->Score("trop de dangers", "fr").score, 0);
}

TEST(ScorerCreateTest, UserLexiconAddsALanguage) {
  ScorerOptions opts;
  opts.extra_lexicons.push_back(WriteTemp("es.lex", "@lang es\n[valence]\nmalo\t-2\n[negation]\nno\n"));
  auto s = Scorer::Create(opts);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  Verdict v = (*s)->Score("El servicio es muy malo");
  EXPECT_EQ(v.lang, "es");
  EXPECT_LT(v.score, -0.2);
}

TEST(ScorerCreateTest, MalformedUserLexiconNamesFileAndLine) {
  ScorerOptions opts;
  std::string path = WriteTemp("broken.lex", "@lang fr\n[valence]\nbon\t2\ngenial\ttrès\n");
  opts.extra_lexicons.push_back(path);
  auto s = Scorer::Create(opts);
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(s.status().IsInvalidArgument());
  EXPECT_NE(s.status().message().find(path + ":4:"), std::string::npos) << s.status().message();
}

// A word that is a cue for several languages counts for each of them:
// "de" is a stop word of both, "bon" scored in both.
TEST(ScorerCreateTest, AWordCuesEveryLanguageItBelongsTo) {
  ScorerOptions opts;
  opts.builtin_lexicons = false;
  opts.extra_lexicons.push_back(WriteTemp("two.lex",
                                          "@lang xx\n[langid]\nde\nle\n[valence]\nbon\t2\n"
                                          "@lang yy\n[langid]\nde\n[valence]\nbon\t2\n"));
  auto s = Scorer::Create(opts);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  Verdict v = (*s)->Score("de de de le bon");
  EXPECT_EQ(v.lang, "xx");
  ASSERT_FALSE(v.reasons.empty());
  EXPECT_EQ(v.reasons[0], "lang xx (identified: 4 function words, 1 lexicon word)");
  v = (*s)->Score("de de bon");  // a tie, broken by stop words, then by order
  ASSERT_FALSE(v.reasons.empty());
  EXPECT_EQ(v.reasons[0], "lang xx (identified: 2 function words, 1 lexicon word)");
  // The counts of one text do not leak into the next.
  v = (*s)->Score("le");
  ASSERT_FALSE(v.reasons.empty());
  EXPECT_EQ(v.reasons[0], "lang xx (identified: 1 function word, 0 lexicon words)");
}

// Reasons in French for French tickets: the same verdict, reason for
// reason, in French words and typography.
TEST_F(ScorerTest, FrenchReasonsSayWhatTheEnglishOnesSay) {
  ScorerOptions fr_opts;
  fr_opts.reasons_lang = "fr";
  auto en = Scorer::Create();
  auto fr = Scorer::Create(fr_opts);
  ASSERT_TRUE(en.ok()) << en.status().ToString();
  ASSERT_TRUE(fr.ok()) << fr.status().ToString();
  const std::pair<const char*, const char*> texts[] = {
      {"Toujours pas remboursé par @SNCF, c'est vraiment NUL !!!", "fr"},
      {"Je n'aime pas du tout cette appli, mais le support est top :)", ""},
      {"Génial, encore une panne", "fr"},
      {"not good at all, my order never arrived. Refund?? https://t.co/x", ""},
      {"sooo happy with the new app!! #LoveIt", "en"},
      {"Breaking: Acme shares fall after the outage", "en"},
      {"@acme thanks for fixing my issue", "en"},
      {"これは最高です", ""},
      {"Muy bueno", "es"},
      {":) :)", ""},
  };
  for (const auto& [text, hint] : texts) {
    const Verdict e = (*en)->Score(text, hint);
    const Verdict f = (*fr)->Score(text, hint);
    EXPECT_EQ(f.score, e.score) << text;
    EXPECT_EQ(f.label, e.label) << text;
    EXPECT_EQ(f.lang, e.lang) << text;
    EXPECT_EQ(f.complaint, e.complaint) << text;
    EXPECT_EQ(f.service_topic, e.service_topic) << text;
    ASSERT_EQ(f.reasons.size(), e.reasons.size()) << text << ": " << Join(f.reasons);
    ASSERT_EQ(f.complaint_reasons.size(), e.complaint_reasons.size()) << text << ": " << Join(f.complaint_reasons);
    for (size_t i = 0; i < e.reasons.size(); ++i) {
      // A term's weight, written with a decimal comma: "\"nul\" -2.50" is
      // "« nul » -2,50".
      const std::string& er = e.reasons[i];
      if (er.size() > 1 && er[0] == '"') {
        const size_t q = er.find("\" ", 1);
        ASSERT_NE(q, std::string::npos) << er;
        std::string weight = er.substr(q + 2, er.find(' ', q + 2) - (q + 2));
        std::replace(weight.begin(), weight.end(), '.', ',');
        const std::string expected =
            "\u00AB\u00A0" + er.substr(1, q - 1) + "\u00A0\u00BB " + weight;
        EXPECT_EQ(f.reasons[i].substr(0, expected.size()), expected) << text;
      }
    }
    for (const auto* list : {&f.reasons, &f.complaint_reasons}) {
      for (const std::string& r : *list) {
        for (const char* english : {"lang ", "negated by", "boosted by", "dampened by", "before ", "after ", "caps",
                                    "closing", "ironic", "question", "emphasis", "service topic", "customer voice",
                                    "not scored", "source tag", "identified"}) {
          EXPECT_EQ(r.find(english), std::string::npos) << "\"" << english << "\" in " << r;
        }
      }
    }
  }
  // Word for word, on a text where every kind of reason shows.
  const Verdict v = (*fr)->Score("Toujours pas remboursé par @SNCF, c'est vraiment NUL !!!", "fr");
  ASSERT_GE(v.reasons.size(), 3u) << Join(v.reasons);
  EXPECT_EQ(v.reasons[0], "langue fr (étiquette de la source)");
  EXPECT_TRUE(HasReason(v.reasons, "\u00AB\u00A0NUL\u00A0\u00BB -")) << Join(v.reasons);
  EXPECT_TRUE(HasReason(v.reasons, "(majuscules, renforcé par vraiment)")) << Join(v.reasons);
  EXPECT_TRUE(HasReason(v.reasons, " (3\u202F!, 0\u202F?)")) << Join(v.reasons);
  EXPECT_TRUE(v.complaint) << Join(v.complaint_reasons);
  ASSERT_FALSE(v.complaint_reasons.empty());
  EXPECT_EQ(v.complaint_reasons[0].rfind("sujet de service (remboursement)\u00A0: ", 0), 0u) << Join(v.complaint_reasons);
  EXPECT_TRUE(HasReason(v.complaint_reasons, "s’adresse à un compte (@compte)")) << Join(v.complaint_reasons);
  const Verdict n = (*fr)->Score("Je n'aime pas du tout cette appli, mais le support est top", "fr");
  EXPECT_TRUE(HasReason(n.reasons, "nié par n'")) << Join(n.reasons);
  EXPECT_TRUE(HasReason(n.reasons, "avant mais")) << Join(n.reasons);
  const Verdict ja = (*fr)->Score("これは最高です");
  ASSERT_EQ(ja.reasons.size(), 1u);
  EXPECT_EQ(ja.reasons[0], "aucune langue prise en charge identifiée (écriture non latine)\u00A0: non évalué");
  const Verdict es = (*fr)->Score("Muy bueno", "es");
  ASSERT_EQ(es.reasons.size(), 1u);
  EXPECT_EQ(es.reasons[0], "pas de lexique pour la langue \u00AB\u00A0es\u00A0\u00BB (étiquette de la source)\u00A0: non évalué");
}

TEST_F(ScorerTest, FrenchCountsAgreeInNumber) {
  ScorerOptions opts;
  opts.builtin_lexicons = false;
  opts.reasons_lang = "fr";
  opts.extra_lexicons.push_back(WriteTemp("fr_counts.lex", "@lang xx\n[langid]\nde\nle\n[valence]\nbon\t2\n"));
  auto s = Scorer::Create(opts);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ((*s)->Score("de de de le bon bon").reasons.at(0),
            "langue xx (identifiée\u00A0: 4 mots-outils, 2 mots du lexique)");
  EXPECT_EQ((*s)->Score("le bon").reasons.at(0), "langue xx (identifiée\u00A0: 1 mot-outil, 1 mot du lexique)");
  // French counts nothing in the singular too.
  EXPECT_EQ((*s)->Score("le").reasons.at(0), "langue xx (identifiée\u00A0: 1 mot-outil, 0 mot du lexique)");
}

TEST_F(ScorerTest, ReasonsLanguageIsEnglishOrFrench) {
  for (const char* ok : {"", "en", "fr", "FR", "fr-FR", "en_GB"}) {
    ScorerOptions opts;
    opts.reasons_lang = ok;
    auto s = Scorer::Create(opts);
    ASSERT_TRUE(s.ok()) << ok << ": " << s.status().ToString();
    const bool french = std::string_view(ok).substr(0, 2) == "fr" || std::string_view(ok).substr(0, 2) == "FR";
    EXPECT_EQ((*s)->Score("great", "en").reasons.at(0), french ? "langue en (étiquette de la source)" : "lang en (source tag)")
        << ok;
  }
  for (const char* bad : {"de", "french", "x"}) {
    ScorerOptions opts;
    opts.reasons_lang = bad;
    auto s = Scorer::Create(opts);
    ASSERT_FALSE(s.ok()) << bad;
    EXPECT_TRUE(s.status().IsInvalidArgument()) << bad;
    EXPECT_NE(s.status().message().find(std::string("reasons_lang \"") + bad + "\""), std::string::npos)
        << s.status().message();
  }
}

// The identification's counts are the same whatever their size and the
// number of languages: packed per column when a lexicon has few columns,
// counted from the masks with more, or past what a packed count holds.
TEST(ScorerCreateTest, CueCountsOfAnySizeAndAnyNumberOfLanguages) {
  auto repeat = [](std::string_view w, int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s.append(w).push_back(' ');
    return s;
  };
  for (const int languages : {2, 12}) {
    ScorerOptions opts;
    opts.builtin_lexicons = false;
    std::string content = "@lang xx\n[langid]\nde\nle\n[valence]\nbon\t2\n";
    // Languages after xx that share none of its cues.
    for (int k = 1; k < languages; ++k) content += "@lang y" + std::string(1, char('a' + k)) + "\n[langid]\nund" + std::to_string(k) + "\n";
    opts.extra_lexicons.push_back(WriteTemp("many" + std::to_string(languages) + ".lex", content));
    auto s = Scorer::Create(opts);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    const std::pair<int, int> cases[] = {{9, 0}, {10, 3}, {99, 12}, {100, 1}, {123, 100}, {70000, 2}};
    for (const auto& [stop, lexical] : cases) {
      Verdict v = (*s)->Score(repeat("de", stop) + repeat("bon", lexical));
      ASSERT_FALSE(v.reasons.empty());
      EXPECT_EQ(v.reasons[0], "lang xx (identified: " + std::to_string(stop) + " function words, " +
                                  std::to_string(lexical) + (lexical == 1 ? " lexicon word)" : " lexicon words)"))
          << languages << " languages";
    }
  }
}

// Language identification counts a text's words by their set of languages:
// past 65,535 sets, which no real lexicon comes near, Create refuses
// rather than miscount. Here 17 languages and 65,536 words, each a stop
// word of its own subset of them.
TEST(ScorerCreateTest, RefusesMoreLanguageSetsThanItCanCount) {
  // Words 1..`words`, word w a stop word of the languages of w's bits;
  // word 65536 is also one of the first language, so that its set is new.
  auto lexicon = [](int words) {
    std::string content;
    for (int l = 0; l < 17; ++l) {
      content += "@lang x";
      content += static_cast<char>('a' + l);
      content += "\n[langid]\n";
      for (int w = 1; w <= words; ++w) {
        if (!((w >> l) & 1) && !(w == 65536 && l == 0)) continue;
        content += 'w';
        for (int v = w; v > 0; v /= 26) content += static_cast<char>('a' + v % 26);
        content += '\n';
      }
    }
    ScorerOptions opts;
    opts.builtin_lexicons = false;
    opts.extra_lexicons.push_back(WriteTemp("sets" + std::to_string(words) + ".lex", content));
    return opts;
  };
  EXPECT_TRUE(Scorer::Create(lexicon(65535)).ok());  // 65,535 sets and the empty one
  auto s = Scorer::Create(lexicon(65536));
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(s.status().IsInvalidArgument());
  EXPECT_NE(s.status().message().find("more than 65535 combinations of languages"), std::string::npos)
      << s.status().message();
}

TEST(ScorerCreateTest, RejectsBadThresholds) {
  ScorerOptions opts;
  opts.positive_threshold = -0.5;
  EXPECT_FALSE(Scorer::Create(opts).ok());
}

// A small labeled set written for these tests (not the dev data): the
// scorer must keep a minimum accuracy on plain, unambiguous mentions.
double FixtureAccuracy(const Scorer& scorer, const std::string& file, int* items) {
  std::ifstream in(std::string(VEILLE_SENTIMENT_FIXTURES) + "/" + file);
  EXPECT_TRUE(in.good()) << file;
  std::string line;
  int correct = 0;
  *items = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    size_t tab = line.find('\t');
    SentimentLabel gold;
    EXPECT_TRUE(ParseSentimentLabel(line.substr(0, tab) == "pos"   ? "positive"
                                    : line.substr(0, tab) == "neg" ? "negative"
                                                                   : "neutral",
                                    &gold));
    Verdict v = scorer.Score(std::string_view(line).substr(tab + 1));
    ++*items;
    if (v.label == gold) {
      ++correct;
    } else {
      std::printf("  miss [%s] got %s %.3f: %s\n", line.substr(0, tab).c_str(), SentimentLabelName(v.label), v.score,
                  line.substr(tab + 1).c_str());
    }
  }
  return *items ? double(correct) / *items : 0;
}

TEST(ScorerFixtureTest, FrenchAccuracy) {
  auto s = Scorer::Create();
  ASSERT_TRUE(s.ok());
  int items = 0;
  double acc = FixtureAccuracy(**s, "labeled_fr.tsv", &items);
  EXPECT_GE(items, 60);
  EXPECT_GE(acc, 0.80);
}

TEST(ScorerFixtureTest, EnglishAccuracy) {
  auto s = Scorer::Create();
  ASSERT_TRUE(s.ok());
  int items = 0;
  double acc = FixtureAccuracy(**s, "labeled_en.tsv", &items);
  EXPECT_GE(items, 60);
  EXPECT_GE(acc, 0.80);
}

}  // namespace
}  // namespace veille::sentiment

namespace veille::sentiment {
namespace {

class ScorerRulesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = Scorer::Create();
    ASSERT_TRUE(s.ok());
    scorer_ = std::move(s).value();
  }
  double S(std::string_view text, std::string_view lang = {}) { return scorer_->Score(text, lang).score; }
  std::unique_ptr<Scorer> scorer_;
};

TEST_F(ScorerRulesTest, ContrastStaysInItsSentence) {
  // "mais" in the second sentence does not damp the first one...
  double two = S("Le film est génial. Le son est bien mais la fin est nulle.");
  double alone = S("Le son est bien mais la fin est nulle.");
  EXPECT_GT(two, alone);
  // ...unless the sentence opens with it: then it answers the one before.
  EXPECT_LT(S("Le film est génial. Mais la fin est vraiment nulle."), S("Le film est génial. La fin est vraiment nulle."));
}

TEST_F(ScorerRulesTest, QuestionsAssertLess) {
  EXPECT_LT(S("Anyone interested?"), S("Anyone interested."));
  EXPECT_GT(S("Anyone interested?"), 0);
}

TEST_F(ScorerRulesTest, ClosingEmojiSetsTheTone) {
  EXPECT_GT(S("la réunion est finie 😂"), S("😂 la réunion est finie"));
}

TEST_F(ScorerRulesTest, EmoticonsAloneUseTheSharedThresholds) {
  // English needs about one clearly positive word (threshold 0.4); a wink
  // alone (+0.33) is still a positive tone, as it would be in any language.
  Verdict wink = scorer_->Score("hang in there kid ;)", "en");
  EXPECT_EQ(wink.label, SentimentLabel::kPositive);
  EXPECT_LT(wink.score, 0.4);
  bool reason = false;
  for (const auto& r : wink.reasons) reason |= r == "tone from emoji or emoticons only";
  EXPECT_TRUE(reason);
  // A mild word keeps English's bar, with or without the same score.
  EXPECT_EQ(scorer_->Score("I might agree with that", "en").label, SentimentLabel::kNeutral);
  EXPECT_GT(S("I might agree with that", "en"), 0.2);
  EXPECT_EQ(scorer_->Score("the office opens at nine", "en").label, SentimentLabel::kNeutral);
}

TEST_F(ScorerRulesTest, StarRatings) {
  EXPECT_LT(S("une étoile, c'est tout ce qu'elle mérite"), 0);
  EXPECT_GT(S("5 étoiles pour cette appli"), 0.3);
  EXPECT_LT(S("1 star, avoid"), 0);
}

TEST_F(ScorerRulesTest, ReviewIdioms) {
  EXPECT_LT(S("Pas terrible ce nouveau menu"), -0.1);  // not the negation of "terrible"
  EXPECT_LT(S("Film à éviter"), -0.3);
  EXPECT_LT(S("série sans intérêt"), -0.3);
  EXPECT_GT(S("pas mal de monde ce soir"), -0.05);  // "a lot of", not "not bad"
}

TEST_F(ScorerRulesTest, FrenchVerdictIdioms) {
  EXPECT_LT(S("bref, passez votre chemin", "fr"), -0.3);
  EXPECT_LT(S("la série ne vaut rien", "fr"), -0.3);
  EXPECT_LT(S("ça ne vaut pas le coup", "fr"), -0.3);
  EXPECT_GT(S("ça vaut le coup", "fr"), 0.3);
  EXPECT_LT(S("si j'avais su, je serais resté chez moi", "fr"), -0.2);
  EXPECT_LT(S("une série ennuyante", "fr"), -0.3);
}

TEST_F(ScorerRulesTest, DeniedShameIsAnAccusation) {
  // Not the negation of "honte": "no shame" says they should have some.
  EXPECT_LT(S("ils n'ont aucune honte", "fr"), -0.3);
  EXPECT_LT(S("des vendeurs sans scrupules", "fr"), -0.3);
  EXPECT_LT(S("aucun scrupule chez cet opérateur", "fr"), -0.3);
}

TEST_F(ScorerRulesTest, IfIsNoDegreeWord) {
  // "si" before a subject is "if": it boosts nothing. Before an adjective
  // it is "so".
  EXPECT_DOUBLE_EQ(S("si vous aimez les séries policières", "fr"), S("vous aimez les séries policières", "fr"));
  EXPECT_GT(S("c'est si bon", "fr"), S("c'est bon", "fr"));
}

TEST_F(ScorerRulesTest, SentimentWordsThatAreAlsoDegreeWords) {
  // Before a sentiment word they boost it; elsewhere they score as themselves.
  EXPECT_LT(S("livraison super lente", "fr"), -0.3);
  EXPECT_GT(S("c'est super", "fr"), 0.3);
  EXPECT_LT(S("un service bien mauvais", "fr"), S("un service mauvais", "fr"));
  EXPECT_GT(S("c'est bien", "fr"), 0.1);
  EXPECT_LT(S("truly awful", "en"), S("awful", "en"));
  EXPECT_GT(S("it truly brings the room to life", "en"), 0.3);
  // Pure degree words never score alone, before or after the verb.
  EXPECT_DOUBLE_EQ(S("we climbed Ben freaking Nevis", "en"), 0);
  EXPECT_GT(S("ça déchire", "fr"), 0.3);  // slang: it rocks
  // French puts the degree word after the verb: it boosts the word before
  // it when it has no sentiment word after it to boost.
  EXPECT_GT(S("j'adore trop cette série", "fr"), S("j'adore cette série", "fr"));
  EXPECT_GT(S("ça déchire grave", "fr"), S("ça déchire", "fr"));
  EXPECT_LT(S("ça craint grave", "fr"), S("ça craint", "fr"));
  EXPECT_GT(S("j'aime beaucoup ce film", "fr"), S("j'aime ce film", "fr"));
  // ...but between two sentiment words it boosts the one after it, once.
  Verdict once = scorer_->Score("c'est bon trop bon", "fr");
  int boosted = 0;
  std::string all;
  for (const auto& r : once.reasons) {
    boosted += r.find("boosted by trop") != std::string::npos;
    all += r + " | ";
  }
  EXPECT_EQ(boosted, 1) << all;
  EXPECT_NE(all.find("\"bon\" +2.19 (boosted by trop)"), std::string::npos) << all;
}

TEST_F(ScorerRulesTest, UnknownPluralTakesItsSingular) {
  EXPECT_LT(S("que des nullités dans ce casting"), -0.2);  // only "nullité" is listed
  EXPECT_DOUBLE_EQ(S("les leurs"), 0);  // a function word is no singular to score
}

TEST_F(ScorerRulesTest, NoLanguageCueScoresOnlySharedSignals) {
  Verdict v = scorer_->Score("Zorblax quintavo 🤬");
  EXPECT_EQ(v.lang, "und");
  EXPECT_LT(v.score, -0.3);
}

TEST(ScorerThresholdTest, LexiconThresholdsAndOptionOverride) {
  std::string path = ::testing::TempDir() + "/thr.lex";
  {
    std::ofstream out(path);
    out << "@lang fr\n@thresholds 0.9 -0.9\n";
  }
  ScorerOptions opts;
  opts.extra_lexicons.push_back(path);
  auto s = Scorer::Create(opts);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  Verdict v = (*s)->Score("c'est bon", "fr");
  EXPECT_GT(v.score, 0.2);
  EXPECT_EQ(v.label, SentimentLabel::kNeutral);  // below the file's 0.9
  opts.positive_threshold = 0.1;
  opts.negative_threshold = -0.1;
  auto s2 = Scorer::Create(opts);
  ASSERT_TRUE(s2.ok());
  EXPECT_EQ((*s2)->Score("c'est bon", "fr").label, SentimentLabel::kPositive);
}

TEST(ScorerThresholdTest, MalformedThresholdsNameTheLine) {
  std::string path = ::testing::TempDir() + "/badthr.lex";
  {
    std::ofstream out(path);
    out << "@lang fr\n@thresholds 0.5\n";
  }
  ScorerOptions opts;
  opts.extra_lexicons.push_back(path);
  auto s = Scorer::Create(opts);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find(path + ":2:"), std::string::npos) << s.status().message();
}

}  // namespace
}  // namespace veille::sentiment

namespace veille::sentiment {
namespace {

class ScorerMorphologyTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto s = Scorer::Create();
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    scorer_ = std::move(s).value().release();
  }
  static void TearDownTestSuite() {
    delete scorer_;
    scorer_ = nullptr;
  }
  static double S(std::string_view text, std::string_view lang = {}) { return scorer_->Score(text, lang).score; }
  static Verdict V(std::string_view text, std::string_view lang = {}) { return scorer_->Score(text, lang); }
  static bool Has(const Verdict& v, std::string_view needle) {
    for (const auto& r : v.reasons) {
      if (r.find(needle) != std::string::npos) return true;
    }
    return false;
  }
  static Scorer* scorer_;
};
Scorer* ScorerMorphologyTest::scorer_ = nullptr;

// Only base forms are listed; the inflected ones take their valence.
TEST_F(ScorerMorphologyTest, EnglishInflectionsTakeTheBaseValence) {
  EXPECT_GT(S("that was the coolest trick", "en"), 0.2);     // cool
  EXPECT_GT(S("lovin the new update", "en"), 0.2);            // loving
  EXPECT_GT(S("this is the sweetest thing", "en"), 0.2);      // sweet
  Verdict v = V("lovin it", "en");
  EXPECT_TRUE(Has(v, "\"lovin\" +")) << v.reasons.size();
  // Nouns in -er and -ing are words of their own, not comparatives.
  EXPECT_DOUBLE_EQ(S("my career starts monday", "en"), 0);    // not "care"
}

TEST_F(ScorerMorphologyTest, FrenchFemininesTakeTheMasculineValence) {
  EXPECT_LT(S("une équipe incompétente", "fr"), -0.3);  // incompétent
  EXPECT_LT(S("une direction corrompue", "fr"), -0.3);  // corrompu
  EXPECT_GT(S("une équipe compétente", "fr"), 0.2);     // compétent
  // Only participle and adjective endings: "France" is not "franc".
  EXPECT_DOUBLE_EQ(S("reportage sur la France", "fr"), 0);
}

// Folded, a plural may be another language's word in the lexicon, which
// is no unknown word: it still takes its base's valence in the text's
// language, and keeps its own in its own language.
TEST_F(ScorerMorphologyTest, PluralsThatAreAnotherLanguagesWordsAreInflected) {
  EXPECT_LT(S("trop de dangers avec ce produit", "fr"), -0.3);  // "dangers" is English
  EXPECT_LT(S("encore des accidents sur cette ligne", "fr"), -0.3);
  EXPECT_GT(S("une troupe pleine de talents", "fr"), 0.1);
  EXPECT_LT(S("what idiots", "en"), -0.3);  // "idiots" is French
  EXPECT_LT(S("so many dangers", "en"), -0.3);
  // A function word of the text's language is left alone.
  EXPECT_DOUBLE_EQ(S("cette", "fr"), 0);
}

TEST_F(ScorerMorphologyTest, CapitalisedWordsInsideASentenceAreNames) {
  // "kindest" is in no lexicon: only its inflection of "kind" scores it.
  EXPECT_DOUBLE_EQ(S("we went to Kindest Bakery today", "en"), 0);
  EXPECT_GT(S("Kindest ever", "en"), 0.2);  // a sentence start says nothing
  EXPECT_DOUBLE_EQ(S("nous avons rencontré Corrompue hier", "fr"), 0);
}

TEST_F(ScorerMorphologyTest, EmojiAndEmoticonsAreNotNegated) {
  EXPECT_GT(S("Nope :-)", "en"), 0.2);
  EXPECT_GT(S("Not today 😍", "en"), 0.2);
  EXPECT_GT(S("Pas ce soir 😍", "fr"), 0.2);
  // Words still are.
  EXPECT_LT(S("not happy", "en"), 0);
  EXPECT_LT(S("pas content", "fr"), 0);
}

TEST_F(ScorerMorphologyTest, ASharedLinkDampsTheWords) {
  const double plain_en = S("Great offer on phones", "en");
  const double link_en = S("Great offer on phones http://example.com/offer", "en");
  EXPECT_GT(link_en, 0);
  EXPECT_LT(link_en, plain_en);
  EXPECT_TRUE(Has(V("Great offer https://example.com", "en"), "shares a link"));
  const double plain_fr = S("Super offre sur les téléphones", "fr");
  const double link_fr = S("Super offre sur les téléphones https://example.com/offre", "fr");
  EXPECT_GT(link_fr, 0);
  EXPECT_LT(link_fr, plain_fr);
  // A text with no sentiment word says nothing about a link.
  EXPECT_FALSE(Has(V("see https://example.com", "en"), "shares a link"));
  // A link anonymised to its scheme ("http") is a link.
  EXPECT_DOUBLE_EQ(S("Super offre sur les téléphones http", "fr"), link_fr);
  EXPECT_TRUE(Has(V("Great offer http", "en"), "shares a link"));
}

}  // namespace
}  // namespace veille::sentiment

namespace veille::sentiment {
namespace {

TEST(ScorerEnglishIdiomTest, EverydayWordsAndAdviceAreNotSentiment) {
  auto s = Scorer::Create();
  ASSERT_TRUE(s.ok());
  const Scorer& scorer = **s;
  // VADER lists "hand" as an acronym (have a nice day).
  EXPECT_DOUBLE_EQ(scorer.Score("raise your hand", "en").score, 0);
  EXPECT_DOUBLE_EQ(scorer.Score("you better get the bus", "en").score, 0);
  EXPECT_DOUBLE_EQ(scorer.Score("make sure the door is shut", "en").score, 0);
  // The words themselves keep their valence.
  EXPECT_GT(scorer.Score("this one is better", "en").score, 0.2);
  EXPECT_GT(scorer.Score("sure, happy to help", "en").score, 0.2);
}

}  // namespace
}  // namespace veille::sentiment

namespace veille::sentiment {
namespace {

// The built-in scorer, created once for the suite as ScorerTest does.
class ScorerServiceTest : public ScorerTest {
 protected:
  // Expects each of `texts`, scored in `lang`, to be a complaint or not,
  // naming the text and its complaint reasons when it is not as expected.
  static void ExpectComplaint(const Scorer& scorer, const char* lang, bool complaint,
                              std::initializer_list<const char*> texts) {
    for (const char* text : texts) {
      Verdict v = scorer.Score(text, lang);
      EXPECT_EQ(v.complaint, complaint) << text << ": " << Join(v.complaint_reasons);
    }
  }
  // A text, its language and the service topic it is about.
  struct TopicCase {
    const char* text;
    const char* lang;
    const char* topic;
  };
};

// Each of `texts`, read as French, moves the score not at all.
void ExpectFrenchUnscored(const Scorer& scorer, std::initializer_list<const char*> texts) {
  for (const char* text : texts) EXPECT_DOUBLE_EQ(scorer.Score(text, "fr").score, 0) << text;
}

TEST_F(ScorerServiceTest, NotReceivedIsAComplaintInBothLanguages) {
  const Scorer& scorer = *scorer_;
  Verdict en = scorer.Score("I didn't receive my order", "en");
  EXPECT_LT(en.score, -0.2);
  EXPECT_TRUE(en.complaint);
  Verdict en2 = scorer.Score("My refund still hasn't arrived, terrible support", "en");
  EXPECT_LT(en2.score, -0.3);
  EXPECT_TRUE(en2.complaint);
  Verdict fr = scorer.Score("Je n'ai toujours pas reçu ma commande", "fr");
  EXPECT_LT(fr.score, -0.2);
  EXPECT_TRUE(fr.complaint);
}

// The service let-downs customers write most, each a complaint on its own
// with a customer's voice, and negative: no reply, an outage that goes on,
// an account lost to a hacker, a delay, luggage lost, a pending refund.
TEST_F(ScorerServiceTest, CommonServiceLetDownsAreComplaints) {
  const Scorer& scorer = *scorer_;
  const TopicCase cases[] = {
      {"Toujours aucune nouvelle de ma commande", "fr", "delivery"},
      {"Trois mails et pas de réponse, je vous écris encore", "fr", "support"},
      {"mon colis est encore retardé", "fr", "delivery"},
      {"mon compte a été piraté, aidez-moi", "fr", "account"},
      {"@acme the app is down again", "en", "outage"},
      {"my account was hacked, please help", "en", "account"},
      {"they lost my luggage @acme", "en", "delivery"},
      {"my refund is still pending", "en", "refund"},
      {"They charged me twice and won't refund me", "en", "billing"},
      {"Still no answer from my support ticket after 5 days", "en", "support"},
      {"my order is stuck in transit for 10 days", "en", "delivery"},
      {"@acme wrong item delivered again", "en", "delivery"},
      {"your chatbot is useless", "en", "support"},
      {"they keep transferring me to another department", "en", "support"},
      {"On m'a facturé deux fois le même mois", "fr", "billing"},
      {"Après 3 relances, je n'ai toujours aucun remboursement", "fr", "refund"},
      {"c'est chaud là, j'ai toujours pas de réseau", "fr", "outage"},
      {"toujours pas de remboursement @Fnac", "fr", "refund"},
  };
  for (const TopicCase& c : cases) {
    Verdict v = scorer.Score(c.text, c.lang);
    EXPECT_TRUE(v.complaint) << c.text;
    EXPECT_EQ(v.service_topic, c.topic) << c.text;
    EXPECT_EQ(v.label, SentimentLabel::kNegative) << c.text;
  }
  // A delay word alone, out of a service, is no complaint: "retardé" is
  // also an insult.
  EXPECT_FALSE(scorer.Score("t'es retardé @toto", "fr").complaint);
}

TEST_F(ScorerServiceTest, NamesTheServiceTopicTheTextIsMostAbout) {
  const Scorer& scorer = *scorer_;
  const TopicCase cases[] = {
      {"Je n'ai toujours pas reçu ma commande, colis perdu", "fr", "delivery"},
      {"Vous m'avez prélevé deux fois ce mois-ci, facture fausse", "fr", "billing"},
      {"Impossible de résilier mon abonnement, j'en ai marre", "fr", "cancellation"},
      {"Internet en panne depuis trois jours", "fr", "outage"},
      {"I want my money back, still no refund after a month", "en", "refund"},
      {"Locked out of my account again, password reset broken", "en", "account"},
      {"The app crashes every time, nothing works", "en", "outage"},
      {"What a lovely day", "en", ""},
  };
  for (const TopicCase& c : cases) {
    Verdict v = scorer.Score(c.text, c.lang);
    EXPECT_EQ(v.service_topic, c.topic) << c.text;
    if (*c.topic != '\0') {
      bool named = false;
      for (const auto& r : v.complaint_reasons) named |= r.rfind(std::string("service topic (") + c.topic + ")", 0) == 0;
      EXPECT_TRUE(named) << c.text;
    }
  }
}

TEST_F(ScorerServiceTest, ABrandFileAddsItsOwnTopic) {
  ScorerOptions opts;
  opts.extra_lexicons.push_back(WriteTemp("topics.lex", "@lang fr\n[complaint]\nbatterie\t2\tbattery\n"));
  auto s = Scorer::Create(opts);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_EQ((*s)->Score("ma batterie ne tient plus, je suis déçu", "fr").service_topic, "battery");
}

TEST_F(ScorerServiceTest, IdiomsMeanWhatTheirWordsDoNot) {
  const Scorer& scorer = *scorer_;
  EXPECT_EQ(scorer.Score("this new e-bike is the bomb", "en").label, SentimentLabel::kPositive);
  EXPECT_EQ(scorer.Score("their battery is to die for", "en").label, SentimentLabel::kPositive);
  EXPECT_EQ(scorer.Score("yeah right, delivered on time", "en").label, SentimentLabel::kNegative);
  EXPECT_EQ(scorer.Score("meet me at the bus stop", "en").label, SentimentLabel::kNeutral);
  // "never" before a degree word praises: "never been so happy".
  EXPECT_EQ(scorer.Score("I have never been so happy with a bike", "en").label, SentimentLabel::kPositive);
  EXPECT_EQ(scorer.Score("I was never happy with it", "en").label, SentimentLabel::kNegative);
  EXPECT_EQ(scorer.Score("je n'ai jamais été aussi content d'un vélo", "fr").label, SentimentLabel::kPositive);
  EXPECT_EQ(scorer.Score("je ne suis jamais content de leur service", "fr").label, SentimentLabel::kNegative);
  // "least" negates what follows, except in "at least".
  EXPECT_EQ(scorer.Score("the least helpful support ever", "en").label, SentimentLabel::kNegative);
  EXPECT_EQ(scorer.Score("at least the staff was helpful", "en").label, SentimentLabel::kPositive);
}

TEST_F(ScorerServiceTest, NoInASetPhraseIsNotNegative) {
  const Scorer& scorer = *scorer_;
  for (const char* text : {"I have no idea which model to pick", "no clue when it ships", "no wonder it sold out",
                           "no offense to the other brands", "there's no other way to do it",
                           "no doubt the update ships monday", "killing some time at the airport",
                           "gonna kill time before the store opens"}) {
    EXPECT_EQ(scorer.Score(text, "en").label, SentimentLabel::kNeutral) << text;
  }
  // "no" on its own still counts.
  EXPECT_EQ(scorer.Score("no, just no", "en").label, SentimentLabel::kNegative);
}

TEST_F(ScorerServiceTest, SocialIdiomsAndReviewWords) {
  const Scorer& scorer = *scorer_;
  // "can't wait" is eagerness, not a negated "wait" (which has no valence).
  for (const char* text : {"can't wait for the new model!", "I cannot wait to try it", "cant wait",
                           "looking forward to the launch", "so stoked about my new bike"}) {
    Verdict v = scorer.Score(text, "en");
    EXPECT_EQ(v.label, SentimentLabel::kPositive) << text;
  }
  for (const char* text : {"they really let me down this time", "got ripped off by this shop",
                           "the strap fell apart after a week", "stay away from this seller",
                           "overpriced and unreliable", "the app is buggy and laggy", "it's unusable"}) {
    EXPECT_EQ(scorer.Score(text, "en").label, SentimentLabel::kNegative) << text;
  }
  // Review words keep VADER's negation: "not reliable" is negative. (One
  // mild word alone stays under English's positive threshold.)
  EXPECT_GT(scorer.Score("it is reliable", "en").score, 0.2);
  EXPECT_EQ(scorer.Score("very reliable", "en").label, SentimentLabel::kPositive);
  EXPECT_EQ(scorer.Score("it is not reliable", "en").label, SentimentLabel::kNegative);
  EXPECT_EQ(scorer.Score("not worth it", "en").label, SentimentLabel::kNegative);
  // "work" has no valence for the negation to turn: the phrases carry it.
  for (const char* text : {"it does not work", "the charger didn't work", "did not work at all",
                           "this adapter never worked", "the button isn't working"}) {
    Verdict v = scorer.Score(text, "en");
    EXPECT_EQ(v.label, SentimentLabel::kNegative) << text << ": " << Join(v.reasons);
    EXPECT_EQ(v.service_topic, "outage") << text;
  }
  // "I'd like" wishes; it likes nothing.
  for (const char* text : {"I would like a refund for my order", "I'd like to cancel my subscription"}) {
    Verdict v = scorer.Score(text, "en");
    EXPECT_LE(v.score, 0) << text << ": " << Join(v.reasons);
    EXPECT_FALSE(HasReason(v.reasons, "\"like\"")) << text << ": " << Join(v.reasons);
    EXPECT_TRUE(v.complaint) << text << ": " << Join(v.complaint_reasons);
  }
  EXPECT_GT(scorer.Score("I like this phone", "en").score, 0.3);
  // "quality" is mild praise alone; the word that judges it decides.
  EXPECT_EQ(scorer.Score("Low Quality.", "en").label, SentimentLabel::kNegative);
  EXPECT_EQ(scorer.Score("poor quality headset", "en").label, SentimentLabel::kNegative);
  EXPECT_EQ(scorer.Score("the sound quality is terrible", "en").label, SentimentLabel::kNegative);
  EXPECT_EQ(scorer.Score("high quality cable", "en").label, SentimentLabel::kPositive);
  // "slow" is mild and its set phrases are neutral.
  EXPECT_EQ(scorer.Score("the slow cooker arrived", "en").label, SentimentLabel::kNeutral);
  EXPECT_EQ(scorer.Score("the day is slowly warming up", "en").label, SentimentLabel::kNeutral);
}

TEST_F(ScorerServiceTest, BuyingAdvice) {
  for (const char* text : {"don't buy this charger", "don't waste your money", "I returned it after a day",
                           "will never buy from them again", "not as advertised"}) {
    EXPECT_EQ(V(text, "en").label, SentimentLabel::kNegative) << text;
  }
  for (const char* text : {"n'achetez pas ce produit", "produit à ne pas acheter", "je vous le déconseille fortement",
                           "je ne rachèterai pas", "produit non conforme"}) {
    EXPECT_EQ(V(text, "fr").label, SentimentLabel::kNegative) << text;
  }
  // "fortement" boosts the verdict it goes with; alone it is no praise.
  EXPECT_LT(S("fortement déconseillé", "fr"), S("déconseillé", "fr"));
  EXPECT_GT(S("conforme à la description", "fr"), 0.2);
}

TEST_F(ScorerServiceTest, ScornAndImpatienceAtTheService) {
  EXPECT_EQ(V("thanks for nothing", "en").label, SentimentLabel::kNegative);  // not a thank-you
  EXPECT_EQ(V("your customer service is a joke", "en").label, SentimentLabel::kNegative);
  Verdict waiting = V("I've been waiting three weeks for my refund", "en");
  EXPECT_EQ(waiting.label, SentimentLabel::kNegative);
  EXPECT_TRUE(waiting.complaint);
  Verdict attends = V("j'attends toujours ma commande", "fr");
  EXPECT_EQ(attends.label, SentimentLabel::kNegative);
  EXPECT_TRUE(attends.complaint);
  EXPECT_EQ(V("service client inexistant", "fr").label, SentimentLabel::kNegative);
}

TEST_F(ScorerServiceTest, ThanksForALetDownIsIrony) {
  for (const char* text : {"thanks for ruining my day", "Thank you for wasting my money.", "Thanks @airline for the 3h delay",
                           "thanks so much for the awful service", "congrats on yet another outage"}) {
    Verdict v = V(text, "en");
    EXPECT_EQ(v.label, SentimentLabel::kNegative) << text << ": " << Join(v.reasons);
    EXPECT_TRUE(HasReason(v.reasons, "ironic")) << text << ": " << Join(v.reasons);
  }
  for (const char* text : {"merci Free pour cette panne", "bravo pour le retard", "merci beaucoup pour ce colis abîmé",
                           "Merci @SNCF pour ce train supprimé sans prévenir"}) {
    Verdict v = V(text, "fr");
    EXPECT_EQ(v.label, SentimentLabel::kNegative) << text << ": " << Join(v.reasons);
    EXPECT_TRUE(HasReason(v.reasons, "ironic")) << text << ": " << Join(v.reasons);
  }
  // Sincere: thanks for a good or neutral thing, for a let-down denied, or
  // for a warning; a word with no sentiment ends the search before "bad".
  for (const char* text : {"thanks for the quick reply", "thanks for not giving up on me", "thanks for the warning",
                           "thanks for fixing the bad bug", "thank you, terrible weather today"}) {
    Verdict v = V(text, "en");
    EXPECT_FALSE(HasReason(v.reasons, "ironic")) << text << ": " << Join(v.reasons);
    EXPECT_TRUE(HasReason(v.reasons, "+")) << text << ": " << Join(v.reasons);  // the thanks still counts
  }
  for (const char* text : {"merci pour votre aide", "merci pour votre retour rapide", "bravo à toute l'équipe"}) {
    Verdict v = V(text, "fr");
    EXPECT_EQ(v.label, SentimentLabel::kPositive) << text << ": " << Join(v.reasons);
    EXPECT_FALSE(HasReason(v.reasons, "ironic")) << text << ": " << Join(v.reasons);
  }
}

TEST_F(ScorerServiceTest, PraiseBeforeARepeatedLetDownIsIronic) {
  for (const char* text : {"Génial, encore une panne", "Merci la SNCF, encore 2h de retard", "Super, toujours pas de colis"}) {
    Verdict v = V(text, "fr");
    EXPECT_EQ(v.label, SentimentLabel::kNegative) << text;
    EXPECT_TRUE(HasReason(v.reasons, "(ironic)")) << text << ": " << Join(v.reasons);
  }
  Verdict en = V("Great, another delay.", "en");
  EXPECT_EQ(en.label, SentimentLabel::kNegative);
  EXPECT_TRUE(HasReason(en.reasons, "\"Great\" -")) << Join(en.reasons);
  // An interjection before the praise opens nothing.
  for (const char* text : {"Oh great, another outage", "Oh, great, another outage"}) {
    Verdict oh = V(text, "en");
    EXPECT_EQ(oh.label, SentimentLabel::kNegative) << text << ": " << Join(oh.reasons);
    EXPECT_TRUE(HasReason(oh.reasons, "(ironic)")) << text << ": " << Join(oh.reasons);
  }
  Verdict ah = V("Ah génial, encore une panne", "fr");
  EXPECT_EQ(ah.label, SentimentLabel::kNegative) << Join(ah.reasons);
  EXPECT_TRUE(HasReason(V("Oh great, it works again", "en").reasons, "+")) << "no let-down follows";
  // Sincere: nothing negative follows, no repetition, praise of a thing
  // rather than an addressee, a contrast, or a mere "yeah".
  for (const char* text : {"Great, it works now", "Great, another happy customer", "Great, the delivery was late"}) {
    EXPECT_FALSE(HasReason(V(text, "en").reasons, "ironic")) << text;
  }
  for (const char* text : {"excellente série, qui montre encore les problèmes des jeunes",
                           "Génial, mais encore une panne", "Ouais, encore une panne"}) {
    EXPECT_FALSE(HasReason(V(text, "fr").reasons, "ironic")) << text;
  }
}

TEST(ScorerCreateTest, ABrandFileAddsIronyCues) {
  ScorerOptions opts;
  opts.extra_lexicons.push_back(WriteTemp("irony.lex", "@lang fr\n[irony]\nénième\n"));
  auto s = Scorer::Create(opts);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_LT((*s)->Score("Bravo, énième panne", "fr").score, 0);
  auto builtin = Scorer::Create();
  ASSERT_TRUE(builtin.ok());
  EXPECT_GT((*builtin)->Score("Bravo, énième panne", "fr").score, 0);
}

TEST_F(ScorerServiceTest, OutagesInACustomersWords) {
  // The most common French complaint: "ne ... plus" around a phrase that
  // already means it ("fonctionne plus"): negated once, not twice.
  for (const char* text : {"mon appli ne fonctionne plus depuis hier", "ma box ne marche plus",
                           "je n'ai plus d'internet depuis lundi", "j'ai plus internet, vous faites quoi ?",
                           "je suis sans connexion depuis ce matin"}) {
    Verdict v = V(text, "fr");
    EXPECT_EQ(v.label, SentimentLabel::kNegative) << text << ": " << Join(v.reasons);
    EXPECT_TRUE(v.complaint) << text << ": " << Join(v.complaint_reasons);
    EXPECT_EQ(v.service_topic, "outage") << text;
  }
  Verdict en = V("no internet since the update, please fix it", "en");
  EXPECT_EQ(en.label, SentimentLabel::kNegative);
  EXPECT_TRUE(en.complaint);
  struct Case {
    const char* text;
    const char* topic;
  } cases[] = {{"Can't log into my account since yesterday", "account"},
               {"my app no longer works after the update", "outage"},
               {"my wifi keeps dropping every hour", "outage"},
               {"support hung up on me twice", "support"},
               {"I was overcharged on my last bill", "billing"},
               {"my parcel arrived late and damaged", "delivery"}};
  for (const Case& c : cases) {
    Verdict v = V(c.text, "en");
    EXPECT_EQ(v.label, SentimentLabel::kNegative) << c.text << ": " << Join(v.reasons);
    EXPECT_TRUE(v.complaint) << c.text << ": " << Join(v.complaint_reasons);
    EXPECT_EQ(v.service_topic, c.topic) << c.text;
  }
  // "merci de me rembourser" asks; "merci de votre aide" thanks.
  Verdict ask = V("prélevé deux fois ce mois-ci, merci de me rembourser", "fr");
  EXPECT_EQ(ask.label, SentimentLabel::kNegative);
  EXPECT_TRUE(ask.complaint);
  EXPECT_EQ(ask.service_topic, "billing");
  EXPECT_EQ(V("merci de votre aide", "fr").label, SentimentLabel::kPositive);
  // "commande passée" is an order placed, not something outdated.
  EXPECT_DOUBLE_EQ(S("commande passée hier", "fr"), 0);
}

TEST_F(ScorerServiceTest, CounterfactualsAndUnmetExpectations) {
  const Scorer& scorer = *scorer_;
  for (const char* text : {"the update could have been better", "it should have been great", "I expected better"}) {
    EXPECT_EQ(scorer.Score(text, "en").label, SentimentLabel::kNegative) << text;
  }
  for (const char* text : {"ça aurait pu être mieux", "la livraison aurait dû être rapide", "peut mieux faire",
                           "j'aurais aimé être prévenu"}) {
    EXPECT_EQ(scorer.Score(text, "fr").label, SentimentLabel::kNegative) << text;
  }
  // Relief: what could have been worse was not.
  EXPECT_GT(scorer.Score("it could have been much worse", "en").score, 0.2);
  EXPECT_GT(scorer.Score("ça aurait pu être pire", "fr").score, 0.2);
  // A guess is no counterfactual, nor the press's hearsay conditional.
  EXPECT_EQ(scorer.Score("that would have been the perfect name", "en").label, SentimentLabel::kPositive);
  EXPECT_EQ(scorer.Score("le colis aurait été parfaitement emballé", "fr").label, SentimentLabel::kPositive);
}

TEST_F(ScorerServiceTest, NeutralisedFrenchAdjectivesStayNeutralInEveryForm) {
  const Scorer& scorer = *scorer_;
  // Pattern scores "premiers" +1.6 and "derniers" -0.9, each as an entry of
  // its own: an ordinal or a quantity is no judgement in any form.
  ExpectFrenchUnscored(scorer, {"les premiers épisodes", "les premières minutes", "les derniers jours",
                                 "certains épisodes", "plein de monde", "la cuisine française", "de nouveaux panneaux",
                                 "une grande salle", "les questions sociales", "les ressources humaines",
                                 "une araignée géante"});
  EXPECT_EQ(scorer.Score("des panneaux hautes performances", "fr").label, SentimentLabel::kPositive);
  EXPECT_EQ(scorer.Score("un produit bas de gamme", "fr").label, SentimentLabel::kNegative);
  // "véritable" intensifies the noun it qualifies.
  EXPECT_LT(scorer.Score("un véritable enfer", "fr").score, scorer.Score("un enfer", "fr").score);
  EXPECT_EQ(scorer.Score("c'est ahurissant", "fr").label, SentimentLabel::kNegative);
  EXPECT_EQ(scorer.Score("une première saison d'enfer", "fr").label, SentimentLabel::kPositive);
}

TEST_F(ScorerServiceTest, ObjectiveFrenchAdjectivesDoNotJudge) {
  const Scorer& scorer = *scorer_;
  // Pattern rates these adjectives objective (subjectivity 0 to 0.1) yet
  // gives them a polarity from film reviews: "physique" was +2.56.
  ExpectFrenchUnscored(scorer, {"un cours de physique quantique", "le réseau électrique", "un salon international",
                                 "des tuiles transparentes", "l'armée française", "une ville natale",
                                 "la santé mentale", "un projet collectif"});
  // The judgements among them are kept by hand.
  EXPECT_EQ(scorer.Score("une pub misogyne", "fr").label, SentimentLabel::kNegative);
  EXPECT_EQ(scorer.Score("un prix raisonnable", "fr").label, SentimentLabel::kPositive);
  EXPECT_EQ(scorer.Score("le site est inaccessible", "fr").label, SentimentLabel::kNegative);
  // Idioms on adjectives the importer drops.
  EXPECT_EQ(scorer.Score("la série tourne en rond", "fr").label, SentimentLabel::kNegative);
  EXPECT_EQ(scorer.Score("une saison très moyenne", "fr").label, SentimentLabel::kNegative);
  // Common words Pattern's adjective list lacks, kept by hand.
  for (const char* text : {"un vrai gâchis", "c'est la panique", "une soupe immonde", "il assassine l'écologie"}) {
    EXPECT_EQ(scorer.Score(text, "fr").label, SentimentLabel::kNegative) << text;
  }
  for (const char* text : {"un final époustouflant", "c'est bluffant", "un appareil performant", "mon coup de cœur"}) {
    EXPECT_EQ(scorer.Score(text, "fr").label, SentimentLabel::kPositive) << text;
  }
}

TEST_F(ScorerServiceTest, FrenchHomographsOfPatternAdjectivesAreNeutral) {
  const Scorer& scorer = *scorer_;
  // Folded, "force" is also "forcé", "recherche" "recherché", "cru" the
  // raw; "nuit" is the night, "sans doute" is "probably".
  ExpectFrenchUnscored(scorer, {"la force de l'équipe", "la recherche avance", "j'ai cru que c'était demain",
                                 "en direct de Paris", "cette nuit", "sans doute demain", "le final de la saison",
                                 "des fermes à la gauche du fleuve", "la crue de la Seine"});
  EXPECT_EQ(scorer.Score("le tabac nuit à la santé", "fr").label, SentimentLabel::kNegative);
  EXPECT_LT(scorer.Score("un service minable", "fr").score, -0.5);
}

TEST_F(ScorerServiceTest, FrenchServiceSlang) {
  const Scorer& scorer = *scorer_;
  for (const char* text : {"c'est hors de prix", "le service est claqué au sol", "quelle loose ce lancement",
                           "l'appli plante tout le temps", "ça rame depuis la mise à jour", "franchement c'est pas ouf",
                           "vous abusez là, 3e fois ce mois-ci", "la hotline m'a raccroché au nez",
                           "ma fibre saute toutes les 10 minutes", "j'suis dég", "Les frais de port sont abusés",
                           "attention aux frais cachés", "j'en peux plus de cette appli", "je n'en peux plus"}) {
    EXPECT_EQ(scorer.Score(text, "fr").label, SentimentLabel::kNegative) << text;
  }
  EXPECT_EQ(scorer.Score("leur nouvelle appli est de la balle", "fr").label, SentimentLabel::kPositive);
  // The nouns stay neutral: only the verb phrases are scored.
  EXPECT_EQ(scorer.Score("une plante verte dans le salon", "fr").label, SentimentLabel::kNeutral);
  EXPECT_EQ(scorer.Score("une rame de métro", "fr").label, SentimentLabel::kNeutral);
  // Fees are not the praise "frais" (fresh) is alone.
  EXPECT_NE(scorer.Score("les frais de port", "fr").label, SentimentLabel::kPositive);
  // A crash in a customer's own words is an outage complaint.
  Verdict v = scorer.Score("le site a planté pendant ma commande", "fr");
  EXPECT_TRUE(v.complaint);
  EXPECT_EQ(v.service_topic, "outage");
}

// Words that name a problem only in a service's context (a [complaint]
// weight below 1) are no complaint alone, and are one with a second service
// term. Each line was a proactive ticket before: late shows, broken hearts.
TEST_F(ScorerServiceTest, ServiceWordsOutOfAServiceAreNoComplaint) {
  const Scorer& scorer = *scorer_;
  ExpectComplaint(scorer, "en", false,
                  {
                      "the interview on the late show was the most uncomfortable thing i've ever watched",
                      "Missing my dance partner",
                      "I broke my arm earlier this year",
                      "the pain in her voice just broke my heart",
                      "It is a bit trial and error to be honest",
                      "You must love soldiers in order to understand them",
                      "Having trouble sleeping again",
                  });
  ExpectComplaint(scorer, "fr", false,
                  {
                      "Pour une fois, l'Allemagne a fait une grave erreur avec le charbon",
                      "Une série à la noix, impossible de lui faire comprendre",
                      "Ma commande du mois dernier était top",
                      "Je ne comprends toujours pas comment cette série a pu durer",
                      "Impossible de lui faire comprendre qu'on s'appelle casse-toi",
                  });
  ExpectComplaint(scorer, "en", true,
                  {
                      "my order is late again, this is ridiculous",
                      "I've spent an hour trying to sign into my account, I give up",
                      "All I get is the 502 error message",
                      "They failed to deliver our parcel on the day they said they would",
                      "Having trouble with support from my vendor, no answer",
                      "A piece of junk: it broke after 2 days on my phone",
                      "Essentially you can forget their tech support",
                  });
  ExpectComplaint(scorer, "fr", true,
                  {
                      "Je suis bloqué, impossible de me connecter à mon compte",
                      "Encore un message d'erreur sur votre appli, je n'en peux plus",
                      "Ma commande a 5 jours de retard",
                      "@sncf toujours pas reçu, ça fait trois semaines",
                  });
}

// A handle is a customer's voice when it addresses someone ("@acme ..."),
// not when it credits a source or a shared link.
TEST_F(ScorerServiceTest, HandlesThatCreditASourceAreNoVoice) {
  const Scorer& scorer = *scorer_;
  for (const char* text : {
           "Grosse panne du réseau électrique en Espagne via @user",
           "Grosse panne du réseau électrique en Espagne, cc @user",
           "RT @user Grosse panne du réseau électrique en Espagne",
           "Grosse panne du réseau électrique en Espagne https://example.com/a @user",
           // A link anonymised to its scheme, as datasets of posts have it.
           "Grosse panne du réseau électrique en Espagne @user http",
       }) {
    Verdict v = scorer.Score(text, "fr");
    EXPECT_FALSE(v.complaint) << text << ": " << Join(v.complaint_reasons);
    EXPECT_TRUE(HasReason(v.complaint_reasons, "credit a source")) << text << ": " << Join(v.complaint_reasons);
  }
  // Addressing the brand, with or without a link (a screenshot).
  ExpectComplaint(scorer, "fr", true,
                  {
                      "@acme panne de réseau depuis ce matin",
                      "@acme panne de réseau depuis ce matin https://example.com/capture.png",
                      "Panne de réseau depuis ce matin @acme",
                  });
}

TEST_F(ScorerServiceTest, ThanksForTheSupportIsPraiseNotAComplaint) {
  const Scorer& scorer = *scorer_;
  // "support" alone names no problem (a weight below 1); the desk itself
  // does, and praise of it is still no complaint.
  EXPECT_FALSE(scorer.Score("thanks for your support", "en").complaint);
  Verdict en = scorer.Score("thanks for your customer support", "en");
  EXPECT_EQ(en.label, SentimentLabel::kPositive);
  EXPECT_FALSE(en.complaint);
  bool praise = false;
  for (const auto& r : en.complaint_reasons) praise |= r.find("positive overall") != std::string::npos;
  EXPECT_TRUE(praise) << Join(en.complaint_reasons);
  Verdict fr = scorer.Score("merci pour votre aide, service client au top", "fr");
  EXPECT_EQ(fr.label, SentimentLabel::kPositive);
  EXPECT_FALSE(fr.complaint);
}

}  // namespace
}  // namespace veille::sentiment

namespace veille::sentiment {
namespace {

TEST(ScorerCreateTest, AnExplicitEntryOverridesItsInflectedBase) {
  ScorerOptions opts;
  opts.extra_lexicons.push_back(WriteTemp("forms.lex", "@lang fr\n[valence]\ncorrompue\t0\n"));
  auto s = Scorer::Create(opts);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  EXPECT_DOUBLE_EQ((*s)->Score("une direction corrompue", "fr").score, 0);
  EXPECT_LT((*s)->Score("une direction corrompue et incompétente", "fr").score, -0.3);
}

// The outcome of a source tag is remembered per thread between texts; it
// must never leak from one scorer to another, even one made at the same
// address after the first was destroyed.
TEST(ScorerCreateTest, SourceTagOutcomeBelongsToItsScorer) {
  ScorerOptions with_de;
  with_de.extra_lexicons.push_back(WriteTemp("de.lex", "@lang de\n[valence]\ngut\t2\n"));
  auto a = Scorer::Create(with_de);
  auto b = Scorer::Create();
  ASSERT_TRUE(a.ok() && b.ok());
  const std::string no_de = "no lexicon for language 'de' (source tag): not scored";
  for (int round = 0; round < 2; ++round) {
    for (std::string_view tag : {"de", "de", "DE-at", "de"}) {
      Verdict va = (*a)->Score("gut", tag);
      ASSERT_FALSE(va.reasons.empty());
      EXPECT_EQ(va.reasons[0], "lang de (source tag)") << tag;
      EXPECT_EQ(va.lang, "de");
      EXPECT_GT(va.score, 0.2);
      Verdict vb = (*b)->Score("gut", tag);
      ASSERT_FALSE(vb.reasons.empty());
      EXPECT_EQ(vb.reasons[0], no_de) << tag;
      EXPECT_EQ(vb.lang, "de");
    }
  }
  for (int round = 0; round < 3; ++round) {
    {
      auto c = Scorer::Create(with_de);
      ASSERT_TRUE(c.ok());
      EXPECT_EQ((*c)->Score("gut", "de").reasons[0], "lang de (source tag)");
    }
    auto d = Scorer::Create();
    ASSERT_TRUE(d.ok());
    EXPECT_EQ((*d)->Score("gut", "de").reasons[0], no_de);
  }
}

// The scorer skips inflection attempts for words no rule can map to a
// scored word (a filter built by running the rules backwards): every rule,
// plural or not, must still reach its base.
TEST(ScorerCreateTest, EveryInflectionRuleReachesItsBase) {
  ScorerOptions opts;
  opts.builtin_lexicons = false;
  opts.extra_lexicons.push_back(WriteTemp("bases.lex",
                                          "@lang en\n[valence]\ncool\t2\nhappy\t2\nnice\t2\nbig\t2\nloving\t2\n"
                                          "@lang fr\n[valence]\nheureux\t2\nagressif\t-2\ncompétent\t2\n"
                                          "cruel\t-2\nchrétien\t2\n"));
  auto s = Scorer::Create(opts);
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  for (std::string_view w : {"coolest", "cooled", "coolly", "happiest", "happier", "happily", "nicest", "niced",
                             "biggest", "lovin", "lovins", "coolests", "happilys"}) {
    EXPECT_GT((*s)->Score(w, "en").score, 0.2) << w;
  }
  for (std::string_view w : {"heureuse", "heureuses", "compétente", "compétentes"}) {
    EXPECT_GT((*s)->Score(w, "fr").score, 0.2) << w;
  }
  EXPECT_LT((*s)->Score("agressives", "fr").score, -0.2);
  EXPECT_LT((*s)->Score("cruelles", "fr").score, -0.2);  // cruel + le(s), not "crue"
  EXPECT_GT((*s)->Score("chrétienne", "fr").score, 0.2);  // chrétien + ne
  // Not forms of these words: "-er" is left alone, and "coolness" has no rule.
  for (std::string_view w : {"cooler", "coolness", "happyness"}) {
    EXPECT_DOUBLE_EQ((*s)->Score(w, "en").score, 0) << w;
  }
}

}  // namespace
}  // namespace veille::sentiment

namespace veille::sentiment {
namespace {

bool SameVerdict(const Verdict& a, const Verdict& b) {
  return a.score == b.score && a.label == b.label && a.lang == b.lang && a.complaint == b.complaint &&
         a.service_topic == b.service_topic && a.reasons == b.reasons && a.complaint_reasons == b.complaint_reasons;
}

// ScoreInto reuses the Verdict's strings: nothing of the previous text may
// remain, whether the next one has more reasons, fewer, or none scored.
TEST_F(ScorerTest, ScoreIntoReusedVerdictMatchesFreshScore) {
  const std::string_view texts[] = {
      "@Fnac toujours pas reçu mon remboursement, service client injoignable, vraiment nul !!!",
      "ok",
      "Really GREAT phone but the battery is sooo bad :( #NotHappy http://x.co",
      "Это ужасно",
      "J'adore, c'est génial",
      "",
      "My parcel never arrived and support won't answer. Refund please?? @shop",
      "Great news: the company announced record profits, says the CEO",
  };
  Verdict reused;
  for (int round = 0; round < 2; ++round) {
    for (std::string_view t : texts) {
      for (std::string_view lang : {std::string_view(), std::string_view("en"), std::string_view("de")}) {
        scorer_->ScoreInto(t, lang, &reused);
        EXPECT_TRUE(SameVerdict(reused, scorer_->Score(t, lang))) << t << " lang " << lang;
      }
    }
  }
  // The same tag text after text takes the remembered outcome: tags of
  // every length (one over 8 bytes is compared whole), repeated and
  // alternated, into a verdict whose language was changed between texts.
  // Each is checked against a verdict from a thread of its own, whose
  // memory of tags is empty.
  auto unremembered = [](std::string_view t, std::string_view lang) {
    Verdict v;
    std::thread([&] { v = scorer_->Score(t, lang); }).join();
    return v;
  };
  for (int round = 0; round < 2; ++round) {
    // "fr" and "fr\0" pack to the same bytes: their lengths tell them apart.
    const std::string_view tags[] = {"en",       "en",       "EN",        "en-GB",     "en-GB", "fr", "fr",
                                     "f",        "f",        "francais",  "francais",  "francaise",
                                     "francaise", "en",      "de",        "de",        "und",   "en", "fr",
                                     std::string_view("fr\0", 3), "fr"};
    for (std::string_view lang : tags) {
      for (std::string_view t : {"J'adore, c'est génial", "Really GREAT phone"}) {
        scorer_->ScoreInto(t, lang, &reused);
        EXPECT_TRUE(SameVerdict(reused, unremembered(t, lang))) << t << " lang " << lang << ": " << reused.lang;
        reused.lang = round == 0 ? "xx" : "";
      }
    }
  }
  // A stale, hand-filled Verdict is overwritten whole.
  Verdict stale;
  stale.score = 0.9;
  stale.label = SentimentLabel::kPositive;
  stale.complaint = true;
  stale.service_topic = "refund";
  stale.reasons.assign(20, "stale");
  stale.complaint_reasons.assign(5, "stale");
  scorer_->ScoreInto("ok", {}, &stale);
  EXPECT_TRUE(SameVerdict(stale, scorer_->Score("ok"))) << stale.reasons.size();
}

}  // namespace
}  // namespace veille::sentiment

namespace veille::sentiment {
namespace {

TEST_F(ScorerServiceTest, SolvedProblemsAreGoodNewsNotComplaints) {
  for (const char* text : {"Problème résolu, merci au SAV", "j'ai enfin été remboursé", "Colis bien reçu, merci !",
                           "Remboursement reçu, merci @Fnac", "j'ai bien reçu mon remboursement"}) {
    Verdict v = V(text, "fr");
    EXPECT_EQ(v.label, SentimentLabel::kPositive) << text << ": " << Join(v.reasons);
    EXPECT_FALSE(v.complaint) << text;
  }
  for (const char* text : {"Issue fixed, great support", "I was refunded within a day, thanks",
                           "My refund arrived today, thanks @acme", "I received my refund, thanks"}) {
    Verdict v = V(text, "en");
    EXPECT_EQ(v.label, SentimentLabel::kPositive) << text << ": " << Join(v.reasons);
    EXPECT_FALSE(v.complaint) << text;
  }
  // Negated, the same phrases are the complaint again, with its topic.
  Verdict fr = V("je n'ai toujours pas été remboursé", "fr");
  EXPECT_EQ(fr.label, SentimentLabel::kNegative);
  EXPECT_TRUE(fr.complaint);
  EXPECT_EQ(fr.service_topic, "refund");
  Verdict en = V("I still haven't been refunded", "en");
  EXPECT_EQ(en.label, SentimentLabel::kNegative);
  EXPECT_TRUE(en.complaint);
  EXPECT_EQ(en.service_topic, "refund");
  // A refund that never came is about the refund, not a parcel.
  Verdict never = V("my refund never arrived @acme", "en");
  EXPECT_TRUE(never.complaint);
  EXPECT_EQ(never.service_topic, "refund");
  // A problem solved weighs nothing towards a complaint, beside a service
  // word too, and still names its topic; negated, it is the complaint, and
  // the "my" inside the phrase is the customer's voice.
  for (const char* text : {"Support fixed my issue in 5 minutes", "I was refunded by customer service, thanks"}) {
    Verdict v = V(text, "en");
    EXPECT_FALSE(v.complaint) << text << ": " << Join(v.complaint_reasons);
    EXPECT_FALSE(v.service_topic.empty()) << text;
  }
  EXPECT_TRUE(HasReason(V("Support fixed my issue in 5 minutes", "en").complaint_reasons, "a problem solved"));
  EXPECT_FALSE(V("j'ai été remboursé par le service client, merci", "fr").complaint);
  Verdict unfixed = V("they never fixed my issue", "en");
  EXPECT_TRUE(unfixed.complaint) << Join(unfixed.complaint_reasons);
  EXPECT_EQ(unfixed.service_topic, "support");
  // "n'arrive pas à" is a failure; "rien ne va" a verdict.
  Verdict login = V("je n'arrive pas à me connecter à mon compte", "fr");
  EXPECT_EQ(login.label, SentimentLabel::kNegative);
  EXPECT_TRUE(login.complaint);
  EXPECT_EQ(login.service_topic, "account");
  EXPECT_EQ(V("rien ne va avec cette appli", "fr").label, SentimentLabel::kNegative);
}

TEST_F(ScorerServiceTest, AppStoreReviewComplaints) {
  for (const char* text : {"my app won't open", "too many ads, uninstalled", "the app is full of bugs"}) {
    EXPECT_EQ(V(text, "en").label, SentimentLabel::kNegative) << text;
  }
  for (const char* text : {"trop de pubs", "mon appli ne s'ouvre plus depuis la dernière maj",
                           "impossible d'ouvrir mon appli", "j'ai désinstallé"}) {
    EXPECT_EQ(V(text, "fr").label, SentimentLabel::kNegative) << text;
  }
  // "ne s'ouvre plus" is not negated twice, and is an outage.
  Verdict v = V("mon appli ne s'ouvre plus", "fr");
  EXPECT_TRUE(v.complaint) << Join(v.complaint_reasons);
  EXPECT_EQ(v.service_topic, "outage");
}

TEST_F(ScorerServiceTest, DeliveryFailuresAsCustomersTellThem) {
  for (const char* text : {"le livreur n'est jamais passé chez moi", "avis de passage alors que j'étais chez moi",
                           "mon colis a été livré chez le voisin", "le livreur a jeté mon colis"}) {
    Verdict v = V(text, "fr");
    EXPECT_EQ(v.label, SentimentLabel::kNegative) << text << ": " << Join(v.reasons);
    EXPECT_TRUE(v.complaint) << text << ": " << Join(v.complaint_reasons);
    EXPECT_EQ(v.service_topic, "delivery") << text;
  }
}

}  // namespace
}  // namespace veille::sentiment
