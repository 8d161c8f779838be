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

}  // namespace herald
