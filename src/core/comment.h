// Comment: a reader's comment on one article, and the vocabulary of its
// screening (statuses, moderation modes, reason codes, scores).
//
// Plain values only. Screening lives in moderation/, storage in store/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/article.h"

namespace herald {

using CommentId = int64_t;

enum class CommentStatus {
  kPublished,  // Visible under the article.
  kPending,    // Held for a moderator.
  kRejected,   // Not shown; the commenter is told why.
};

// Why screening held or refused a comment. The codes are part of the public
// contract (API, `herald moderation score`); keep them stable.
enum class Reason {
  kEmpty,
  kTooLong,
  kSpam,
  kRateLimit,
  kDuplicate,
  kLanguage,
  kBannedWord,
  kSuspectWord,
  kAbuse,
  kLibelRisk,
  kHouseRule,
  kPremoderation,  // Held by policy (pre-moderation, new commenter), not by content.
};

// A byte range [begin, end) of a comment's stored body, for highlighting.
struct Span {
  size_t begin = 0;
  size_t end = 0;
  bool operator==(const Span&) const = default;
};

// One thing screening noticed, with what it asks for.
struct Finding {
  Reason reason = Reason::kAbuse;
  CommentStatus outcome = CommentStatus::kPending;  // kPending holds, kRejected refuses.
  std::string detail;       // For moderators: the word, the name, "fr 0.93", the rule.
  std::vector<Span> spans;  // Where in the body, when it is about words.
};

// Classifier scores in [0, 1]; `abuse` is the overall score.
struct AbuseScores {
  float abuse = 0;
  float insult = 0;
  float identity_attack = 0;
  float threat = 0;
  float obscenity = 0;
};

// Where a commenter's appeal of a rejection stands.
enum class AppealState {
  kNone,        // Not appealed.
  kPending,     // Waiting in the moderators' appeals queue.
  kUpheld,      // A moderator looked again and kept the rejection.
  kOverturned,  // A moderator looked again and published the comment.
};

// A commenter may appeal a rejection once (as the EU Digital Services Act
// expects of platforms that remove content), with a short statement.
struct Appeal {
  AppealState state = AppealState::kNone;
  std::string text;  // The commenter's statement, plain text.
  UnixTime at = 0;   // When it was made.
};

inline constexpr size_t kMaxAppealText = 2000;

struct Comment {
  CommentId id = 0;  // 0 until the store assigns one.
  NewsId article_id = 0;
  CommentId parent_id = 0;  // 0 for a top-level comment; replies go one level deep.
  int64_t commenter_id = 0;
  std::string name;  // As shown.
  std::string body;  // Normalised plain text, as shown (escaped when rendered).
  CommentStatus status = CommentStatus::kPending;
  UnixTime created_at = 0;
  UnixTime updated_at = 0;
  std::string language;  // Identified language code, "" when unknown.
  AbuseScores scores;
  std::vector<Finding> findings;  // Why it was held or refused; empty when clean.
  std::string ip_hash;  // Keyed hash of the client address (raw bytes), never the address.
  int reports = 0;      // Readers' reports.
  float risk = 0;       // CommentRisk() when screened: the moderation queue's order.
  Appeal appeal;        // The commenter's appeal of a rejection, if any.
};

// Limits on comment fields, in code points.
inline constexpr size_t kMaxCommentName = 80;
inline constexpr size_t kMaxCommentEmail = 254;
inline constexpr size_t kDefaultMaxCommentLength = 5000;

// Stable lowercase names, used in the API, the database and the CLI.
std::string_view StatusName(CommentStatus status);
std::optional<CommentStatus> ParseCommentStatus(std::string_view name);
std::string_view ModeName(CommentMode mode);
std::optional<CommentMode> ParseCommentMode(std::string_view name);
std::string_view ReasonCode(Reason reason);
std::optional<Reason> ParseReason(std::string_view code);

// Returns the status the findings ask for: kRejected if any refuses,
// kPending if any holds, kPublished when there are none.
CommentStatus StrictestOutcome(const std::vector<Finding>& findings);

// Returns how urgently a moderator should look at the comment, in [0, 1]:
// the highest of its abuse score and a fixed weight per finding (libel risk
// and banned words first, language and pre-moderation holds last), so the
// queue shows the riskiest comments first.
float CommentRisk(const Comment& comment);

std::string_view AppealStateName(AppealState state);

// Returns true iff some finding has this reason.
bool HasReason(const std::vector<Finding>& findings, Reason reason);

}  // namespace herald
