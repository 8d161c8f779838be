// Pipeline: the ordered phases an edition screens comments with, ending in
// one decision.
//
//   auto pipeline = Pipeline::Build(policy, models);   // once per edition
//   Verdict v = (*pipeline)->Screen(submission, context);  // any thread
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "core/comment.h"
#include "moderation/policy.h"
#include "moderation/screening.h"

namespace herald::moderation {

class LanguageIdentifier;
class AbuseModel;

// The models phases share; loaded once per process.
struct Models {
  std::shared_ptr<const LanguageIdentifier> language;  // For the language phase.
  std::shared_ptr<const AbuseModel> abuse;             // For the abuse phase.
};

// Loads the models the policies need from `models_dir` (or the committed
// defaults, see FindModel). Errors name the missing file and how to get it.
Result<Models> LoadModels(const std::string& models_dir, bool need_language, bool need_abuse);

// The outcome of screening one comment.
struct Verdict {
  CommentStatus status = CommentStatus::kPublished;
  std::vector<Finding> findings;  // Why it was held or refused.
  AbuseScores scores;
  std::string language;
  float language_confidence = 0;
  bool nudge = false;  // Borderline: a form asks the writer before sending.
  std::string text;    // The body as stored.
  std::string name;    // The name as stored.
  std::string body_hash;
};

class Pipeline {
 public:
  // Builds the phases `policy.phases` names, in that order. Returns
  // kInvalidArgument for an unknown phase or a bad word list or rule, and
  // kUnavailable when a phase needs a model that `models` lacks.
  static Result<std::unique_ptr<Pipeline>> Build(const Policy& policy, const Models& models);

  // Screens one comment. Thread-safe.
  Verdict Screen(const Submission& submission, const Context& context) const;

  const Policy& policy() const { return policy_; }

 private:
  explicit Pipeline(Policy policy) : policy_(std::move(policy)) {}
  Policy policy_;
  std::vector<std::unique_ptr<Phase>> phases_;
};

// True iff `policy` runs the phase called `name`.
bool RunsPhase(const Policy& policy, std::string_view name);

}  // namespace herald::moderation
