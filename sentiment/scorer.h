// Scorer: French and English sentiment and complaint intent for one mention.
//
// Loading (lexicons, rules) happens once in Create(); Score() is then pure,
// const, thread-safe and allocation-light: the score stage shares one Scorer
// across threads. Model: Benthos processor.go.
//
// The Verdict carries a compound score in [-1, 1], a label, the language used
// (the caller's hint when it has one, else identified), whether the text is a
// customer complaint the service team could act on, and the reasons (terms
// and rules that moved the score), so that a ticket can say why it was opened.
// A text in a language without a lexicon is neutral with a reason, never
// guessed.
#pragma once

#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/mention.h"
#include "common/status.h"

namespace veille::sentiment {

struct ScorerOptions {
  // Extra lexicon files (format in sentiment/lexicons/README.md) loaded after
  // the built-in ones; a brand's own terms override built-in weights.
  std::vector<std::string> extra_lexicons;
  // Compound score at or above which a text is positive, at or below which
  // it is negative; in between it is neutral. NaN (the default) uses each
  // language's own thresholds, set by its lexicons ("@thresholds" line, see
  // sentiment/lexicons/README.md), else +/-0.05 as VADER does.
  double positive_threshold = std::numeric_limits<double>::quiet_NaN();
  double negative_threshold = std::numeric_limits<double>::quiet_NaN();
  // False loads only `extra_lexicons` (tests of the lexicon format).
  bool builtin_lexicons = true;
  // The language the reasons are written in, for the people who read them
  // in tickets: "en" (the default, also for "") or "fr" ("fr-FR" and "FR"
  // too). Weights then read "-2,50" and terms « nul ». Anything else
  // fails Create().
  std::string reasons_lang = "en";
};

class Scorer {
 public:
  // Builds a scorer from the built-in lexicons (compiled into the binary)
  // plus `options.extra_lexicons`. Fails with InvalidArgument naming the file
  // and line of a malformed lexicon entry.
  static Result<std::unique_ptr<Scorer>> Create(const ScorerOptions& options = {});
  virtual ~Scorer() = default;

  // `lang_hint`: the source's own language tag ("fr", "en", "fr-FR"), or empty.
  Verdict Score(std::string_view text, std::string_view lang_hint = {}) const {
    Verdict v;
    // Room for the usual lists at once: grown from empty, the reasons'
    // vector was allocated and moved three or four times a text.
    v.reasons.reserve(8);
    v.complaint_reasons.reserve(3);
    ScoreInto(text, lang_hint, &v);
    return v;
  }
  // The same, overwriting `*out`: its strings keep their capacity, so a
  // caller that scores many texts into one Verdict allocates nothing once
  // warm. `*out` may hold a previous text's verdict; nothing of it remains.
  virtual void ScoreInto(std::string_view text, std::string_view lang_hint, Verdict* out) const = 0;
};

}  // namespace veille::sentiment
