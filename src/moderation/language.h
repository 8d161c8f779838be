// Language: which language a comment is written in, and the screening phase
// that holds comments outside an edition's languages (PRODUCT.md, phase 3).
//
// Identification combines three signals, because each alone fails in a way
// readers would notice:
//   - fastText lid.176 (176 languages) names the language and a probability,
//     but calls many languages it was never taught (Tok Pisin, Samoan, Zulu,
//     ...) English;
//   - CLD2 is a second, independent opinion;
//   - the text itself: which Unicode scripts its letters are in, how many of
//     its words are common English words, how many carry diacritics.
//
// Example:
//   Result<std::shared_ptr<const LanguageIdentifier>> id =
//       LoadLanguageIdentifier(FindModel("lid.176.ftz", models_dir));
//   if (!id) return id.error();
//   phases.push_back(MakeLanguagePhase(*id));
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "moderation/screening.h"

namespace herald::moderation {

// What the identifier found in one text.
struct LanguageGuess {
  // ISO 639-1 code where one exists (else the model's own code, e.g. "ceb");
  // "" when the text has no letters or the model is unsure of everything.
  std::string language;
  float confidence = 0;  // fastText's probability of `language`, in [0, 1].

  // fastText's second choice, for the margin between the two.
  std::string runner_up;
  float runner_up_confidence = 0;

  // CLD2's opinion, "" when it has none.
  std::string cld2_language;
  bool cld2_reliable = false;

  // The script most letters are in, ISO 15924 ("Latn", "Arab", "Cyrl"), and
  // the share of letters in it; "" and 0 when there are no letters.
  std::string script;
  float script_share = 0;

  int words = 0;  // Words of two or more letters, or one CJK/Thai character run.
  // Share of the words that are common English words (names excluded from
  // both counts), and of the Latin words that carry diacritics.
  float english_share = 0;
  float diacritic_share = 0;
};

// Whether a text is clearly in one of the accepted languages.
struct LanguageVerdict {
  LanguageGuess guess;
  bool accepted = false;
  // For moderators when not accepted, e.g. "fr 0.93" or "too short (2 words)".
  std::string detail;
};

// Identifies the language of comments. Immutable after loading: every method
// is const and safe to call from many threads at once.
class LanguageIdentifier {
 public:
  virtual ~LanguageIdentifier() = default;

  // Returns what the models and the text statistics say about `text` (valid
  // UTF-8, normalised as the normalise phase leaves it).
  virtual LanguageGuess Identify(std::string_view text) const = 0;

  // Returns whether `text` is clearly in one of `accepted` (ISO 639-1 codes;
  // empty accepts everything). A text of fewer than `min_words` words, or one
  // the models are not sure of (below `min_confidence`), is not accepted: the
  // caller holds it for a moderator rather than refusing it. A text in an
  // accepted language that quotes a few foreign words or names is accepted.
  virtual LanguageVerdict Decide(std::string_view text, const std::vector<std::string>& accepted,
                                 float min_confidence, int min_words) const = 0;
};

// Loads fastText's lid.176 model (.ftz or .bin) from `lid_model_path`.
// Returns kNotFound when the file does not exist and kInvalidArgument when it
// is not a fastText language-identification model.
Result<std::shared_ptr<const LanguageIdentifier>> LoadLanguageIdentifier(
    const std::string& lid_model_path);

// Returns the "language" phase. It sets `s.language` and
// `s.language_confidence` and, when `s.text` is not clearly in one of
// `s.policy->languages`, adds a kLanguage finding that holds (never rejects)
// the comment, with the identified language and confidence as its detail.
// `identifier` must not be null.
std::unique_ptr<Phase> MakeLanguagePhase(std::shared_ptr<const LanguageIdentifier> identifier);

}  // namespace herald::moderation
