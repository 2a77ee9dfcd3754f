// AFINN's algorithm, as the npm package `sentiment` runs it, compiled: a
// reference for the speed figures of bench/peers/run.sh. It shows what the
// peers' rates owe to JavaScript and what to their algorithm: veille's
// scorer does far more per text (rules, language identification, complaint
// intent, reasons) than this word sum.
//
//   afinn_ref LABELS.tsv NEGATORS.txt FILE.tsv...
//
// LABELS.tsv is `word<TAB>score` (run.sh exports the package's own
// languages/en/labels.json), NEGATORS.txt one word a line. Per file, prints
// one JSON object a line, as peers.js does: accuracy, macro-F1 and texts/s
// by CPU time, scoring the file's texts in a loop for at least one second.
//
// Ported from sentiment 5.0.2 lib/tokenize.js and lib/index.js: lower-case,
// the characters . , / # ! ? $ % ^ & * ; : { } = _ ` " ~ ( ) and newlines
// become spaces, split on spaces; each token found in the labels adds its
// score, negated when the token before it is a negator. A straightforward
// port with the standard library, not tuned.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace {

struct Item {
  std::string label;
  std::string text;
};

bool IsSeparator(char c) {
  switch (c) {
    case '.': case ',': case '/': case '#': case '!': case '?': case '$': case '%': case '^': case '&':
    case '*': case ';': case ':': case '{': case '}': case '=': case '_': case '`': case '"': case '~':
    case '(': case ')': case '\n': case ' ':
      return true;
    default:
      return false;
  }
}

class Afinn {
 public:
  Afinn(std::unordered_map<std::string, int> labels, std::unordered_set<std::string> negators)
      : labels_(std::move(labels)), negators_(std::move(negators)) {}

  int Score(const std::string& text) {
    lower_.assign(text);
    for (char& c : lower_) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (IsSeparator(c)) c = ' ';
    }
    tokens_.clear();
    for (size_t i = 0, n = lower_.size(); i < n;) {
      while (i < n && lower_[i] == ' ') ++i;
      const size_t begin = i;
      while (i < n && lower_[i] != ' ') ++i;
      if (i > begin) tokens_.emplace_back(lower_.data() + begin, i - begin);
    }
    int score = 0;
    for (size_t k = 0; k < tokens_.size(); ++k) {
      key_.assign(tokens_[k]);
      const auto it = labels_.find(key_);
      if (it == labels_.end()) continue;
      int s = it->second;
      if (k > 0) {
        key_.assign(tokens_[k - 1]);
        if (negators_.count(key_) != 0) s = -s;
      }
      score += s;
    }
    return score;
  }

 private:
  std::unordered_map<std::string, int> labels_;
  std::unordered_set<std::string> negators_;
  std::string lower_;
  std::string key_;
  std::vector<std::string_view> tokens_;
};

double CpuSeconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

std::string JsonEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: afinn_ref LABELS.tsv NEGATORS.txt FILE.tsv...\n";
    return 2;
  }
  std::unordered_map<std::string, int> labels;
  std::ifstream lf(argv[1]);
  std::string line;
  while (std::getline(lf, line)) {
    const size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    labels[line.substr(0, tab)] = std::stoi(line.substr(tab + 1));
  }
  std::unordered_set<std::string> negators;
  std::ifstream nf(argv[2]);
  while (std::getline(nf, line)) {
    if (!line.empty()) negators.insert(line);
  }
  if (labels.empty() || negators.empty()) {
    std::cerr << "afinn_ref: no labels in " << argv[1] << " or no negators in " << argv[2] << "\n";
    return 1;
  }
  Afinn afinn(std::move(labels), std::move(negators));
  for (int f = 3; f < argc; ++f) {
    std::vector<Item> items;
    std::ifstream in(argv[f]);
    while (std::getline(in, line)) {
      const size_t tab = line.find('\t');
      if (tab == std::string::npos) continue;
      Item item{line.substr(0, tab), line.substr(tab + 1)};
      if (item.label == "pos" || item.label == "neg" || item.label == "neu") items.push_back(std::move(item));
    }
    if (items.empty()) {
      std::cerr << "afinn_ref: " << argv[f] << ": no label<TAB>text lines\n";
      return 1;
    }
    // Quality, with peers.js's labels (the sign of the score) and metrics.
    int correct = 0;
    int tp[3] = {}, predicted[3] = {}, gold[3] = {};
    for (const Item& item : items) {
      const int s = afinn.Score(item.text);
      const int p = s > 0 ? 2 : s < 0 ? 0 : 1;
      const int g = item.label == "neg" ? 0 : item.label == "neu" ? 1 : 2;
      ++predicted[p];
      ++gold[g];
      if (p == g) {
        ++correct;
        ++tp[g];
      }
    }
    double f1_sum = 0;
    int present = 0;
    for (int l = 0; l < 3; ++l) {
      if (gold[l] == 0) continue;
      ++present;
      const double precision = predicted[l] ? static_cast<double>(tp[l]) / predicted[l] : 0;
      const double recall = static_cast<double>(tp[l]) / gold[l];
      f1_sum += precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
    }
    // Speed: whole passes over the texts for at least one CPU second.
    long sink = 0;
    long scored = 0;
    const auto wall_start = std::chrono::steady_clock::now();
    const double start = CpuSeconds();
    double elapsed = 0;
    do {
      for (const Item& item : items) sink += afinn.Score(item.text);
      scored += static_cast<long>(items.size());
      elapsed = CpuSeconds() - start;
    } while (elapsed < 1.0);
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    std::string name = argv[f];
    const size_t slash = name.rfind('/');
    if (slash != std::string::npos) name = name.substr(slash + 1);
    // Like peers.js: quality only on English files, speed on every file.
    const bool english = name.rfind("fr", 0) != 0;
    std::printf("{\"file\":\"%s\",\"peer\":\"AFINN algorithm in C++ (reference)\",\"reference\":true,"
                "\"lang\":\"en\",\"texts_per_s\":%ld,\"wall_texts_per_s\":%ld,\"checksum\":%ld",
                JsonEscape(name).c_str(), static_cast<long>(scored / elapsed), static_cast<long>(scored / wall), sink);
    if (english) {
      std::printf(",\"accuracy\":%.4f,\"macro_f1\":%.4f", static_cast<double>(correct) / items.size(),
                  f1_sum / present);
    }
    std::printf("}\n");
  }
  return 0;
}
