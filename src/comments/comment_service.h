// CommentService: what happens when a reader sends a comment, from checks
// of the fields through screening to the durable write.
//
// The web layer (form and JSON API) and the CLI call it; it calls the
// moderation pipeline of the article's edition and the store. It knows
// nothing of HTTP: it answers with a Disposition the caller turns into a
// status code and a message.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "comments/rate_limiter.h"
#include "common/result.h"
#include "config/config.h"
#include "core/account.h"
#include "core/comment.h"
#include "moderation/pipeline.h"
#include "store/store.h"

namespace herald {

struct CommentRequest {
  NewsId article_id = 0;
  CommentId parent_id = 0;  // 0 for a new thread.
  moderation::Submission submission;
  std::string client_address;  // As resolved through trusted proxies; only its hash is kept.
  // The no-JavaScript form asks first when the text is borderline: a
  // borderline comment is then answered kNudge and not stored. The writer
  // sends it again with this off to post it anyway.
  bool nudge_first = false;
  // Screen only: answer what would happen, store and count nothing.
  bool check_only = false;
};

enum class Disposition {
  kStored,       // Kept: published, pending or rejected (see comment->status).
  kNudge,        // Borderline and nudge_first: not stored; ask the writer.
  kChecked,      // check_only: not stored.
  kRefused,      // Not stored: empty, too long, a bot, or a repost (see the verdict).
  kRateLimited,  // Not stored: too many comments; retry after `retry_after` s.
  kClosed,       // Not stored: the article takes no comments.
  kBanned,       // Not stored: the commenter is banned.
};

struct CommentOutcome {
  Disposition disposition = Disposition::kStored;
  std::optional<Comment> comment;  // Set when kStored.
  moderation::Verdict verdict;     // Set unless kClosed or kBanned.
  int64_t retry_after = 0;         // Seconds, for kRateLimited.
  // For kStored: the secret of the comment's private status page (64 hex
  // digits), for the commenter alone and only now; the store keeps its hash.
  std::string status_key;
};

class CommentService {
 public:
  // Builds one screening pipeline per edition. Errors from a bad policy
  // (unknown phase, bad pattern) or a missing model name the edition.
  static Result<std::unique_ptr<CommentService>> Create(const Config& config, Store& store,
                                                        const moderation::Models& models);

  // Takes one comment. Returns kInvalidArgument for a bad field (the message
  // names it), kNotFound when the article is not published, kUnavailable
  // when the store fails; otherwise an outcome. A kStored comment is on disk,
  // with its risk (CommentRisk) and the hash of outcome.status_key.
  Result<CommentOutcome> Post(const CommentRequest& request, int64_t now);

  // Screens `body` as a new comment by a new commenter on no article, with
  // no rate limits: `herald moderation score`.
  Result<moderation::Verdict> Score(const std::string& edition, const std::string& body) const;

  // Returns the keyed hash the store knows a reader by, for reports.
  std::string ReporterHash(const std::string& client_address) const;

  // Returns the keyed hash of a normalised email, for `commenter forget`.
  std::string EmailHash(const std::string& email) const;

  // Returns the comment mode in effect for `article`.
  CommentMode ModeFor(const Article& article) const;

  // The secret the comment form's tokens are signed with.
  const std::string& form_key() const { return form_key_; }

 private:
  CommentService(const Config& config, Store& store) : config_(config), store_(store) {}

  const Config& config_;
  Store& store_;
  std::map<std::string, std::unique_ptr<moderation::Pipeline>> pipelines_;  // By edition.
  std::string hash_key_;
  std::string form_key_;
  RateLimiter limiter_;
};

}  // namespace herald
