#include "moderation/pipeline.h"

#include <algorithm>

#include "moderation/abuse.h"
#include "moderation/house_rules.h"
#include "moderation/language.h"
#include "moderation/libel.h"
#include "moderation/models.h"
#include "moderation/normalise.h"
#include "moderation/spam.h"
#include "moderation/word_list.h"

namespace herald::moderation {

bool RunsPhase(const Policy& policy, std::string_view name) {
  return std::find(policy.phases.begin(), policy.phases.end(), name) != policy.phases.end();
}

Result<Models> LoadModels(const std::string& models_dir, bool need_language, bool need_abuse) {
  Models models;
  if (need_language) {
    std::string path = FindModel("lid.176.ftz", models_dir);
    if (path.empty()) {
      return Fail(ErrorCode::kUnavailable,
                  "the language phase needs lid.176.ftz in the models directory; run `make "
                  "setup` (scripts/fetch-models.sh) or leave \"language\" out of the phases");
    }
    auto id = LoadLanguageIdentifier(path);
    if (!id) return std::unexpected(id.error());
    models.language = std::move(*id);
  }
  if (need_abuse) {
    std::string path = FindModel("abuse.ftz", models_dir);
    if (path.empty()) {
      return Fail(ErrorCode::kUnavailable,
                  "the abuse phase needs abuse.ftz in the models directory (`make model` trains "
                  "it) or leave \"abuse\" out of the phases");
    }
    auto model = LoadAbuseModel(path);
    if (!model) return std::unexpected(model.error());
    models.abuse = std::move(*model);
  }
  return models;
}

Result<std::unique_ptr<Pipeline>> Pipeline::Build(const Policy& policy, const Models& models) {
  std::unique_ptr<Pipeline> pipeline(new Pipeline(policy));
  // Normalising is not optional: every later phase reads its output.
  pipeline->phases_.push_back(MakeNormalisePhase());
  for (const std::string& name : policy.phases) {
    std::unique_ptr<Phase> phase;
    if (name == "normalise") {
      continue;
    } else if (name == "spam") {
      phase = MakeSpamPhase();
    } else if (name == "language") {
      if (!models.language) return Fail(ErrorCode::kUnavailable, "no language model loaded");
      phase = MakeLanguagePhase(models.language);
    } else if (name == "word_list") {
      auto built = MakeWordListPhase(policy);
      if (!built) return std::unexpected(built.error());
      phase = std::move(*built);
    } else if (name == "abuse") {
      if (!models.abuse) return Fail(ErrorCode::kUnavailable, "no abuse model loaded");
      phase = MakeAbusePhase(models.abuse);
    } else if (name == "libel") {
      auto built = MakeLibelPhase(policy);
      if (!built) return std::unexpected(built.error());
      phase = std::move(*built);
    } else if (name == "house_rules") {
      auto built = MakeHouseRulesPhase(policy);
      if (!built) return std::unexpected(built.error());
      phase = std::move(*built);
    } else {
      return Fail(ErrorCode::kInvalidArgument,
                  "unknown screening phase '" + name +
                      "' (known: normalise, spam, language, word_list, abuse, libel, house_rules)");
    }
    pipeline->phases_.push_back(std::move(phase));
  }
  return pipeline;
}

Verdict Pipeline::Screen(const Submission& submission, const Context& context) const {
  Screening s;
  s.submission = &submission;
  s.context = &context;
  s.policy = &policy_;
  for (const auto& phase : phases_) {
    phase->Run(s);
    if (s.stop) break;
  }
  // The decision: content findings first, then the policy's own holds.
  if (HasReason(s.findings, Reason::kLibelRisk)) {
    // Whether an accusation against a named person is fair comment or libel
    // is for a person to judge, however sure the model is of the insult.
    for (Finding& f : s.findings) {
      if (f.reason == Reason::kAbuse) f.outcome = CommentStatus::kPending;
    }
  }
  if (!s.stop) {
    if (context.article_mode == CommentMode::kPre) {
      s.Add(Reason::kPremoderation, CommentStatus::kPending, "article is pre-moderated");
    } else if (context.always_premoderate) {
      s.Add(Reason::kPremoderation, CommentStatus::kPending, "commenter is always pre-moderated");
    } else if (context.approved_before < policy_.trusted_after) {
      s.Add(Reason::kPremoderation, CommentStatus::kPending,
            "new commenter: " + std::to_string(context.approved_before) + " of " +
                std::to_string(policy_.trusted_after) + " comments approved");
    }
  }
  Verdict v;
  v.status = StrictestOutcome(s.findings);
  v.findings = std::move(s.findings);
  v.scores = s.scores;
  v.language = std::move(s.language);
  v.language_confidence = s.language_confidence;
  v.nudge = s.nudge && v.status != CommentStatus::kRejected;
  v.text = std::move(s.text);
  v.name = std::move(s.name);
  v.body_hash = std::move(s.body_hash);
  return v;
}

}  // namespace herald::moderation
