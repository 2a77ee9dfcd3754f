#include "sentiment/eval.h"

#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <random>
#include <sstream>

#include <unistd.h>

#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/internal/dtoa.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace veille::sentiment {
namespace {

class EvalTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto s = Scorer::Create();
    ASSERT_TRUE(s.ok());
    scorer_ = std::move(s).value().release();
  }
  static void TearDownTestSuite() { delete scorer_; }
  static Scorer* scorer_;
};
Scorer* EvalTest::scorer_ = nullptr;

TEST_F(EvalTest, StreamWritesOneJsonObjectPerLine) {
  std::istringstream in("J'adore ce service\nThis is terrible\r\n\nbad \xff\xfe utf8 nul\n");
  std::ostringstream out;
  auto n = RunSentimentStream(*scorer_, in, out, "");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 4);
  std::istringstream lines(out.str());
  std::string line;
  std::vector<rapidjson::Document> docs;
  while (std::getline(lines, line)) {
    rapidjson::Document d;
    d.Parse(line.c_str(), line.size());
    ASSERT_FALSE(d.HasParseError()) << line;
    for (const char* key : {"score", "label", "lang", "complaint", "reasons", "complaint_reasons"}) {
      EXPECT_TRUE(d.HasMember(key)) << key << " in " << line;
    }
    docs.push_back(std::move(d));
  }
  ASSERT_EQ(docs.size(), 4u);
  EXPECT_STREQ(docs[0]["label"].GetString(), "positive");
  EXPECT_STREQ(docs[0]["lang"].GetString(), "fr");
  EXPECT_STREQ(docs[1]["label"].GetString(), "negative");
  EXPECT_STREQ(docs[1]["lang"].GetString(), "en");
  EXPECT_STREQ(docs[2]["label"].GetString(), "neutral");
  EXPECT_TRUE(docs[0]["reasons"].IsArray());
}

TEST_F(EvalTest, StreamHonoursForcedLanguage) {
  std::istringstream in("super\n");
  std::ostringstream out;
  ASSERT_TRUE(RunSentimentStream(*scorer_, in, out, "es").ok());
  rapidjson::Document d;
  d.Parse(out.str().c_str());
  ASSERT_FALSE(d.HasParseError());
  EXPECT_STREQ(d["lang"].GetString(), "es");
  EXPECT_STREQ(d["label"].GetString(), "neutral");
}

// The stream writes its JSON by hand: quotes, backslashes, control
// characters and invalid UTF-8 coming from the text or the language tag
// must still give valid JSON that decodes back to what was meant.
TEST_F(EvalTest, StreamEscapesQuotesControlsAndInvalidUtf8) {
  std::istringstream in("very \"bad\"\tidea \x01\\ not good \xff\n");
  std::ostringstream out;
  ASSERT_TRUE(RunSentimentStream(*scorer_, in, out, "x\"y\\z\x02").ok());
  const std::string s = out.str();
  EXPECT_NE(s.find(R"("lang":"x\"y\\z\u0002")"), std::string::npos) << s;
  rapidjson::Document d;
  d.Parse(s.c_str(), s.size() - 1);
  ASSERT_FALSE(d.HasParseError()) << s;
  EXPECT_STREQ(d["lang"].GetString(), "x\"y\\z\x02");

  std::istringstream in2("not\t\"good\" at all\x01 \\ \xff\n");
  std::ostringstream out2;
  ASSERT_TRUE(RunSentimentStream(*scorer_, in2, out2, "en").ok());
  const std::string s2 = out2.str();
  rapidjson::Document d2;
  d2.Parse<rapidjson::kParseValidateEncodingFlag>(s2.c_str(), s2.size() - 1);
  ASSERT_FALSE(d2.HasParseError()) << s2;
  ASSERT_TRUE(d2["reasons"].IsArray());
  ASSERT_GE(d2["reasons"].Size(), 2u) << s2;
  EXPECT_STREQ(d2["reasons"][1].GetString(), "\"good\" -1.41 (negated by not)") << s2;
  EXPECT_EQ(d2["score"].GetDouble(), -0.3412) << s2;
}

// The JSON writer copies eight bytes at a time and stops at the first byte
// to escape or check: strings of every length up to 40, with such bytes at
// every place, must come out as RapidJSON's Writer writes them. The
// language tag is written as given (lower case, no '-', '_' or '.').
TEST_F(EvalTest, StreamWritesStringsAsRapidJsonDoes) {
  const std::vector<std::string> pieces = {"a", "z", "e", "0", " ", "\"", "\\", "\x01", "\t", "\n",
                                           "\x1f", "\x7f", "\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80"};
  const std::vector<std::string> invalid = {"\xff", "\x80", "\xc3", "\xe2\x82", "\xc0\xaf", "\xed\xa0\x80"};
  std::mt19937 rng(4);
  int checked = 0, repaired = 0;
  for (int round = 0; round < 3000; ++round) {
    const size_t len = 1 + rng() % 40;
    std::string hint;
    while (hint.size() < len) {
      // Mostly plain letters, so that long clean runs occur too.
      const uint32_t r = rng() % 100;
      hint += r < 60 ? std::string(1, static_cast<char>('a' + rng() % 26)) : pieces[rng() % pieces.size()];
    }
    const bool bad = round % 4 == 3;
    if (bad) hint.insert(rng() % (hint.size() + 1), invalid[rng() % invalid.size()]);
    if (hint == "und" || hint == "mul" || hint == "zxx") continue;
    std::istringstream in("good\n");
    std::ostringstream out;
    ASSERT_TRUE(RunSentimentStream(*scorer_, in, out, hint).ok());
    const std::string line = out.str();
    rapidjson::Document d;
    d.Parse<rapidjson::kParseValidateEncodingFlag>(line.c_str(), line.size() - 1);
    ASSERT_FALSE(d.HasParseError()) << line;
    if (bad) {
      EXPECT_NE(std::string(d["lang"].GetString()).find("\xef\xbf\xbd"), std::string::npos) << line;
      ++repaired;
      continue;
    }
    rapidjson::StringBuffer expect;
    rapidjson::Writer<rapidjson::StringBuffer> w(expect);
    w.String(hint.data(), static_cast<rapidjson::SizeType>(hint.size()));
    EXPECT_NE(line.find(",\"lang\":" + std::string(expect.GetString()) + ","), std::string::npos)
        << "hint of " << hint.size() << " bytes: " << line;
    EXPECT_EQ(std::string(d["lang"].GetString(), d["lang"].GetStringLength()), hint);
    ++checked;
  }
  EXPECT_GT(checked, 2000);
  EXPECT_GT(repaired, 700);
}

// The score is written by hand for |round(score * 1e4)| < 1e5: every such
// value, and some outside, as RapidJSON's dtoa writes them.
TEST(WriteScoreTest, WritesWhatDtoaWrites) {
  auto check = [](double score) {
    char want[64], got[64];
    char* want_end = rapidjson::internal::dtoa(std::round(score * 10000) / 10000, want);
    char* got_end = internal::WriteScore(score, got);
    ASSERT_EQ(std::string(want, want_end), std::string(got, got_end)) << score;
  };
  for (int r = -100001; r <= 100001; ++r) check(r / 10000.0);
  // Halves and their neighbours, which round away from zero, and random
  // scores over the whole range.
  for (int r = -100001; r <= 100001; ++r) {
    const double half = (r + 0.5) / 10000.0;
    for (double score : {half, std::nextafter(half, 0.0), std::nextafter(half, 1e9 * (r < 0 ? -1 : 1))}) check(score);
  }
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> any(-10.5, 10.5);
  for (int i = 0; i < 1000000; ++i) check(any(rng));
  for (double score : {-0.0, 0.0, 0.00004, -0.00004, 0.00005, -0.00005, 0.12345, -0.99995, 9.99995, 10.0, -10.0,
                       123.456789, -1e300, std::numeric_limits<double>::infinity()}) {
    check(score);
  }
}

// The stream reads blocks and splits them itself: lines across block
// boundaries, one longer than a block, "\r\n", empty lines and a last line
// without '\n' give the lines getline gives, on a stream and on descriptors.
TEST_F(EvalTest, StreamSplitsLinesAsGetlineDoes) {
  std::string input;
  std::vector<std::string> lines;
  std::mt19937 rng(7);
  const std::vector<std::string> texts = {"This is great", "so bad \"really\"", "", "\r", "J'adore \xc3\xa9t\xc3\xa9",
                                          "not good at all\r", "\xff bad"};
  for (int i = 0; i < 30000; ++i) lines.push_back(texts[rng() % texts.size()]);
  lines[12345] = std::string(300000, 'a') + " good";
  for (const std::string& l : lines) input += l + "\n";
  input += "no newline at the end";
  lines.push_back("no newline at the end");
  // Each text alone, once.
  std::map<std::string, std::string> json_of;
  std::string want;
  for (const std::string& l : lines) {
    auto [it, added] = json_of.try_emplace(l);
    if (added) {
      std::istringstream one(l + "\n");
      std::ostringstream out;
      ASSERT_TRUE(RunSentimentStream(*scorer_, one, out, "").ok());
      it->second = out.str();
    }
    want += it->second;
  }
  std::istringstream in(input);
  std::ostringstream out;
  auto n = RunSentimentStream(*scorer_, in, out, "");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, static_cast<int64_t>(lines.size()));
  EXPECT_TRUE(out.str() == want);

  FILE* in_file = std::tmpfile();
  FILE* out_file = std::tmpfile();
  ASSERT_TRUE(in_file != nullptr && out_file != nullptr);
  ASSERT_EQ(std::fwrite(input.data(), 1, input.size(), in_file), input.size());
  ASSERT_EQ(std::fflush(in_file), 0);
  std::rewind(in_file);
  auto m = RunSentimentStream(*scorer_, fileno(in_file), fileno(out_file), "");
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(*m, static_cast<int64_t>(lines.size()));
  std::string got(want.size() + 1, '\0');
  ASSERT_EQ(::pread(fileno(out_file), got.data(), got.size(), 0), static_cast<ssize_t>(want.size()));
  got.resize(want.size());
  EXPECT_TRUE(got == want);
  std::fclose(in_file);
  std::fclose(out_file);
}

TEST_F(EvalTest, StreamFailsWhenWritingOrReadingFails) {
  struct Full : std::streambuf {
    int_type overflow(int_type) override { return traits_type::eof(); }
    std::streamsize xsputn(const char*, std::streamsize) override { return 0; }
  } full;
  std::ostream out(&full);
  std::istringstream in("good\nbad\n");
  auto n = RunSentimentStream(*scorer_, in, out, "");
  ASSERT_FALSE(n.ok());
  EXPECT_NE(n.status().message().find("write failed"), std::string::npos) << n.status().message();

  // A descriptor open for writing only cannot be read.
  FILE* f = std::tmpfile();
  ASSERT_TRUE(f != nullptr);
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  auto r = RunSentimentStream(*scorer_, fds[1], fileno(f), "");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("read failed"), std::string::npos) << r.status().message();
  // Nor can one open for reading only be written: with no line to answer
  // the stream writes nothing and succeeds; with one, it fails.
  auto empty = RunSentimentStream(*scorer_, fileno(f), fds[0], "");
  EXPECT_TRUE(empty.ok());
  ASSERT_EQ(std::fwrite("good\n", 1, 5, f), 5u);
  ASSERT_EQ(std::fflush(f), 0);
  std::rewind(f);
  auto w = RunSentimentStream(*scorer_, fileno(f), fds[0], "");
  ASSERT_FALSE(w.ok());
  EXPECT_NE(w.status().message().find("write failed after 0 lines"), std::string::npos) << w.status().message();
  ::close(fds[0]);
  ::close(fds[1]);
  std::fclose(f);
}

TEST_F(EvalTest, EvaluateComputesMetricsAndReportsMalformedLines) {
  std::istringstream tsv(
      "# header comment\n"
      "pos\tJ'adore, c'est génial\n"
      "neg\tC'est nul, très déçu\n"
      "neu\tLa boutique ouvre à 9h demain.\n"
      "bad line without tab\n"
      "maybe\tunknown label\n"
      "pos\t\n"
      "neg\tThis is awful\n");
  auto r = Evaluate(*scorer_, tsv, "");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->items, 4);
  EXPECT_EQ(r->malformed, 3);
  ASSERT_EQ(r->malformed_examples.size(), 3u);
  EXPECT_NE(r->malformed_examples[0].find("line 5"), std::string::npos) << r->malformed_examples[0];
  EXPECT_NE(r->malformed_examples[1].find("line 6"), std::string::npos);
  EXPECT_NE(r->malformed_examples[2].find("line 7"), std::string::npos);
  EXPECT_EQ(r->correct, 4);
  EXPECT_DOUBLE_EQ(r->accuracy, 1.0);
  EXPECT_DOUBLE_EQ(r->macro_f1, 1.0);
  EXPECT_EQ(r->labels_present.size(), 3u);
  EXPECT_FALSE(r->binary_gold);
  std::string text = FormatEvalReport(*r);
  EXPECT_NE(text.find("macro-F1 1.0000"), std::string::npos) << text;
  EXPECT_NE(text.find("malformed line 5"), std::string::npos) << text;
}

TEST_F(EvalTest, EvaluateMacroF1OverPresentLabelsOnly) {
  // Gold has no neutral: macro-F1 averages pos and neg; a neutral
  // prediction counts wrong, and the polarity accuracy resolves it by sign.
  std::istringstream tsv("pos\tgénial\nneg\tnul\npos\tLa boutique ouvre demain.\n");
  auto r = Evaluate(*scorer_, tsv, "fr");
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->binary_gold);
  EXPECT_EQ(r->labels_present.size(), 2u);
  EXPECT_EQ(r->predicted_neutral, 1);
  EXPECT_NEAR(r->accuracy, 2.0 / 3.0, 1e-9);
  // pos: P 1, R 0.5, F1 2/3; neg: P 1, R 1, F1 1.
  EXPECT_NEAR(r->macro_f1, (2.0 / 3.0 + 1.0) / 2.0, 1e-9);
}

TEST_F(EvalTest, EvaluateFailsWhenNothingIsUsable) {
  std::istringstream tsv("no tabs here\nnor here\n");
  auto r = Evaluate(*scorer_, tsv, "");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("line 1"), std::string::npos) << r.status().message();
}

}  // namespace
}  // namespace veille::sentiment
