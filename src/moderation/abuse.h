// Abuse: phase 5. A small fastText model scores insults, identity attacks,
// threats and obscenity in-process, in microseconds.
//
// The model never sees raw text: AbuseModelText() folds case, undoes leet and
// spacing tricks, drops @mentions, URLs and retweet marks, and replaces
// identity terms and slurs with shared tokens (xxgroup, xxslur), negations
// with xxnot and quotation marks with xxquote. Training (moderation/
// training.h) writes its examples through the same function, so the two
// always agree.
//
//   Result<std::shared_ptr<const AbuseModel>> m = LoadAbuseModel(path);
//   if (!m) return m.error();
//   AbuseScores s = (*m)->Score("you are an idiot");
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "common/result.h"
#include "core/comment.h"
#include "moderation/screening.h"

namespace fasttext {
class FastText;
}  // namespace fasttext

namespace herald::moderation {

// The fastText labels the model is trained on. An example carries
// kLabelAbuse and its categories, or kLabelClean alone.
inline constexpr std::string_view kLabelAbuse = "__label__abuse";
inline constexpr std::string_view kLabelInsult = "__label__insult";
inline constexpr std::string_view kLabelIdentity = "__label__identity";
inline constexpr std::string_view kLabelThreat = "__label__threat";
inline constexpr std::string_view kLabelObscene = "__label__obscene";
inline constexpr std::string_view kLabelClean = "__label__clean";

// Returns `text` as the model reads it: one line of lowercase ASCII-folded
// tokens separated by single spaces (see the file comment). Pure, thread-safe.
std::string AbuseModelText(std::string_view text);

// Returns true iff AbuseModelText(text) holds a word of the threat lexicon
// ("kill", "shoot", "hang", ...), or of the obscenity lexicon ("fuck", ...).
// Training uses them to label categories the data sets do not mark.
bool HasThreatWord(std::string_view model_text);
bool HasObsceneWord(std::string_view model_text);

// A loaded abuse model. Immutable once loaded: Score() may be called from
// many threads at once.
class AbuseModel {
 public:
  explicit AbuseModel(std::unique_ptr<fasttext::FastText> model);
  ~AbuseModel();
  AbuseModel(const AbuseModel&) = delete;
  AbuseModel& operator=(const AbuseModel&) = delete;

  // Returns scores in [0, 1] for `text` (raw or normalised comment text);
  // `abuse` is at least `identity_attack`. Empty text scores 0 everywhere.
  AbuseScores Score(std::string_view text) const;

 private:
  std::unique_ptr<fasttext::FastText> model_;
  // Label ids in the model's dictionary, -1 when the model lacks one.
  int abuse_ = -1;
  int insult_ = -1;
  int identity_ = -1;
  int threat_ = -1;
  int obscene_ = -1;
};

// Loads a model written by TrainAbuseModel() (moderation/training.h).
// Returns kNotFound when `path` is not a file and kInvalidArgument when it is
// not a supervised fastText model with the abuse label; never exits.
Result<std::shared_ptr<const AbuseModel>> LoadAbuseModel(const std::string& path);

// The phase: scores `s.text` into `s.scores`. At or above the policy's
// abuse_reject it refuses the comment (reason abuse), at or above abuse_hold
// it holds it, at or above abuse_nudge it only sets `s.nudge`. The finding's
// detail names the overall score and the strongest category, e.g.
// "abuse 0.98 insult 0.97".
std::unique_ptr<Phase> MakeAbusePhase(std::shared_ptr<const AbuseModel> model);

}  // namespace herald::moderation
