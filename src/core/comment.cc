#include "core/comment.h"

#include <algorithm>
#include <array>
#include <utility>

namespace herald {
namespace {

template <typename E, size_t N>
std::optional<E> Lookup(const std::array<std::pair<E, std::string_view>, N>& table,
                        std::string_view name) {
  for (const auto& [value, text] : table) {
    if (text == name) return value;
  }
  return std::nullopt;
}

template <typename E, size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& table, E value) {
  for (const auto& [v, text] : table) {
    if (v == value) return text;
  }
  return "unknown";
}

constexpr std::array<std::pair<CommentStatus, std::string_view>, 3> kStatuses = {{
    {CommentStatus::kPublished, "published"},
    {CommentStatus::kPending, "pending"},
    {CommentStatus::kRejected, "rejected"},
}};

constexpr std::array<std::pair<CommentMode, std::string_view>, 3> kModes = {{
    {CommentMode::kPost, "post"},
    {CommentMode::kPre, "pre"},
    {CommentMode::kClosed, "closed"},
}};

constexpr std::array<std::pair<Reason, std::string_view>, 12> kReasons = {{
    {Reason::kEmpty, "empty"},
    {Reason::kTooLong, "too_long"},
    {Reason::kSpam, "spam"},
    {Reason::kRateLimit, "rate_limit"},
    {Reason::kDuplicate, "duplicate"},
    {Reason::kLanguage, "language"},
    {Reason::kBannedWord, "banned_word"},
    {Reason::kSuspectWord, "suspect_word"},
    {Reason::kAbuse, "abuse"},
    {Reason::kLibelRisk, "libel_risk"},
    {Reason::kHouseRule, "house_rule"},
    {Reason::kPremoderation, "premoderation"},
}};

}  // namespace

std::string_view StatusName(CommentStatus status) { return NameOf(kStatuses, status); }
std::optional<CommentStatus> ParseCommentStatus(std::string_view name) {
  return Lookup(kStatuses, name);
}
std::string_view ModeName(CommentMode mode) { return NameOf(kModes, mode); }
std::optional<CommentMode> ParseCommentMode(std::string_view name) { return Lookup(kModes, name); }
std::string_view ReasonCode(Reason reason) { return NameOf(kReasons, reason); }
std::optional<Reason> ParseReason(std::string_view code) { return Lookup(kReasons, code); }

CommentStatus StrictestOutcome(const std::vector<Finding>& findings) {
  CommentStatus out = CommentStatus::kPublished;
  for (const Finding& f : findings) {
    if (f.outcome == CommentStatus::kRejected) return CommentStatus::kRejected;
    if (f.outcome == CommentStatus::kPending) out = CommentStatus::kPending;
  }
  return out;
}

bool HasReason(const std::vector<Finding>& findings, Reason reason) {
  return std::any_of(findings.begin(), findings.end(),
                     [reason](const Finding& f) { return f.reason == reason; });
}

namespace {

// How much a finding alone asks for a moderator's attention.
float FindingWeight(Reason reason) {
  switch (reason) {
    case Reason::kLibelRisk:
      return 0.95F;
    case Reason::kBannedWord:
      return 0.9F;
    case Reason::kAbuse:
      return 0.8F;
    case Reason::kHouseRule:
      return 0.75F;
    case Reason::kSuspectWord:
      return 0.6F;
    case Reason::kSpam:
      return 0.5F;
    case Reason::kLanguage:
      return 0.3F;
    case Reason::kPremoderation:
      return 0.1F;
    default:
      return 0.2F;
  }
}

}  // namespace

float CommentRisk(const Comment& comment) {
  float risk = comment.scores.abuse;
  for (const Finding& f : comment.findings) risk = std::max(risk, FindingWeight(f.reason));
  return std::clamp(risk, 0.0F, 1.0F);
}

std::string_view AppealStateName(AppealState state) {
  switch (state) {
    case AppealState::kNone:
      return "none";
    case AppealState::kPending:
      return "pending";
    case AppealState::kUpheld:
      return "upheld";
    case AppealState::kOverturned:
      return "overturned";
  }
  return "none";
}

}  // namespace herald
