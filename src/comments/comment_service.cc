#include "comments/comment_service.h"

#include "auth/api_token.h"
#include "auth/keyed_hash.h"
#include "common/text.h"
#include "moderation/normalise.h"

namespace herald {
namespace {

constexpr int64_t kRateWindow = 60;
// Checks (`check: true`, the form's hint before posting) one address may
// ask for per comment it may post: a writer revises a few times.
constexpr int kChecksPerComment = 6;

Result<std::string> LoadSecret(Store& store, const std::string& name) {
  auto secret = store.GetOrCreateSecret(name, RandomBytes(32));
  if (!secret) return std::unexpected(secret.error());
  if (secret->size() < 16) return Fail(ErrorCode::kInternal, "stored secret is too short");
  return secret;
}

bool RefusedWithoutStoring(const moderation::Verdict& v) {
  for (const Finding& f : v.findings) {
    if (f.outcome != CommentStatus::kRejected) continue;
    switch (f.reason) {
      case Reason::kEmpty:
      case Reason::kTooLong:
      case Reason::kDuplicate:
      case Reason::kRateLimit:
      case Reason::kSpam:  // A bot: nothing to appeal, nothing to keep.
        return true;
      default:
        break;
    }
  }
  return false;
}

}  // namespace

Result<std::unique_ptr<CommentService>> CommentService::Create(const Config& config, Store& store,
                                                               const moderation::Models& models) {
  std::unique_ptr<CommentService> service(new CommentService(config, store));
  for (const Edition& e : config.editions) {
    auto pipeline = moderation::Pipeline::Build(config.PolicyFor(e.code), models);
    if (!pipeline) {
      return Fail(pipeline.error().code,
                  "edition '" + e.code + "' screening: " + pipeline.error().message);
    }
    service->pipelines_[e.code] = std::move(*pipeline);
  }
  auto hash_key = LoadSecret(store, "comment-hash-key");
  if (!hash_key) return std::unexpected(hash_key.error());
  service->hash_key_ = std::move(*hash_key);
  auto form_key = LoadSecret(store, "comment-form-key");
  if (!form_key) return std::unexpected(form_key.error());
  service->form_key_ = std::move(*form_key);
  return service;
}

std::string CommentService::ReporterHash(const std::string& client_address) const {
  return KeyedHash(hash_key_, "ip\n" + client_address);
}

std::string CommentService::EmailHash(const std::string& email) const {
  return KeyedHash(hash_key_, "email\n" + email);
}

CommentMode CommentService::ModeFor(const Article& article) const {
  if (article.comment_mode) return *article.comment_mode;
  return config_.PolicyFor(article.edition).mode;
}

Result<CommentOutcome> CommentService::Post(const CommentRequest& request, int64_t now) {
  const moderation::Submission& sub = request.submission;
  // Fields first: a bad field is the sender's mistake, not a verdict.
  if (!IsValidUtf8(sub.name) || !IsValidUtf8(sub.email) || !IsValidUtf8(sub.body)) {
    return Fail(ErrorCode::kInvalidArgument, "fields must be valid UTF-8");
  }
  std::string name = moderation::NormaliseLine(sub.name);
  if (name.empty()) return Fail(ErrorCode::kInvalidArgument, "name: required");
  if (CountCodePoints(name) > kMaxCommentName) {
    return Fail(ErrorCode::kInvalidArgument, "name: at most 80 characters");
  }
  if (name.find_first_of("<>") != std::string::npos) {
    return Fail(ErrorCode::kInvalidArgument, "name: may not contain < or >");
  }
  auto email = NormaliseEmail(sub.email);
  if (!email) return std::unexpected(email.error());
  if (request.parent_id < 0) return Fail(ErrorCode::kInvalidArgument, "parent: not a comment");

  auto article = store_.GetArticle(request.article_id);
  if (!article) return std::unexpected(article.error());
  if (article->status != ArticleStatus::kPublished) {
    return Fail(ErrorCode::kNotFound,
                "article " + std::to_string(request.article_id) + " is not published");
  }
  CommentOutcome out;
  CommentMode mode = ModeFor(*article);
  if (mode == CommentMode::kClosed) {
    out.disposition = Disposition::kClosed;
    return out;
  }
  auto pipeline = pipelines_.find(article->edition);
  if (pipeline == pipelines_.end()) {
    return Fail(ErrorCode::kInternal, "no screening for edition " + article->edition);
  }
  const moderation::Policy& policy = pipeline->second->policy();

  std::string ip_hash = ReporterHash(request.client_address);
  std::string identity = email->empty()
                             ? "name\n" + AsciiLower(name) + "\n" + request.client_address
                             : "email\n" + *email;
  std::string commenter_key = KeyedHash(hash_key_, identity);

  moderation::Context context;
  context.headline = article->headline;
  context.lead = article->lead;
  context.body = article->body;
  context.article_mode = mode;
  auto record = store_.FindCommenter(commenter_key, now - policy.duplicate_window_seconds);
  if (record) {
    if (record->banned_until > now) {
      out.disposition = Disposition::kBanned;
      return out;
    }
    context.approved_before = record->approved;
    context.always_premoderate = record->always_premoderate;
    context.recent_body_hashes = std::move(record->recent_body_hashes);
  } else if (record.error().code != ErrorCode::kNotFound) {
    return std::unexpected(record.error());
  }
  if (request.check_only) {
    // A check stores nothing, but it is the screening's verdict on demand:
    // unlimited, it would let anyone tune abuse against the classifier.
    int64_t wait = limiter_.Acquire(
        "k\n" + ip_hash, policy.per_address_per_minute * kChecksPerComment, kRateWindow, now);
    if (wait > 0) {
      out.disposition = Disposition::kRateLimited;
      out.retry_after = wait;
      return out;
    }
  } else {
    int64_t wait =
        limiter_.Acquire("a\n" + ip_hash, policy.per_address_per_minute, kRateWindow, now);
    context.over_address_limit = wait > 0;
    if (wait == 0) {
      wait =
          limiter_.Acquire("c\n" + commenter_key, policy.per_identity_per_minute, kRateWindow, now);
      context.over_identity_limit = wait > 0;
    }
    out.retry_after = wait;
  }

  out.verdict = pipeline->second->Screen(sub, context);
  if (HasReason(out.verdict.findings, Reason::kRateLimit)) {
    out.disposition = Disposition::kRateLimited;
    return out;
  }
  if (RefusedWithoutStoring(out.verdict)) {
    out.disposition = Disposition::kRefused;
    return out;
  }
  if (request.check_only) {
    out.disposition = Disposition::kChecked;
    return out;
  }
  if (request.nudge_first && out.verdict.nudge) {
    out.disposition = Disposition::kNudge;
    return out;
  }

  CommentDraft draft;
  draft.comment.article_id = article->id;
  draft.comment.parent_id = request.parent_id;
  draft.comment.name = out.verdict.name;
  draft.comment.body = out.verdict.text;
  draft.comment.status = out.verdict.status;
  draft.comment.created_at = now;
  draft.comment.language = out.verdict.language;
  draft.comment.scores = out.verdict.scores;
  draft.comment.findings = out.verdict.findings;
  draft.comment.ip_hash = ip_hash;
  draft.commenter_key = commenter_key;
  draft.email = *email;
  draft.email_hash = email->empty() ? std::string() : EmailHash(*email);
  draft.body_hash = out.verdict.body_hash;
  draft.comment.risk = CommentRisk(draft.comment);
  // The key to the comment's status page is shown once; only its hash is kept.
  std::string status_key = GenerateSecret("");
  draft.status_key_hash = HashApiToken(status_key);
  auto stored = store_.CreateComment(draft);
  if (!stored) return std::unexpected(stored.error());
  out.comment = std::move(*stored);
  out.status_key = std::move(status_key);
  out.disposition = Disposition::kStored;
  return out;
}

Result<moderation::Verdict> CommentService::Score(const std::string& edition,
                                                  const std::string& body) const {
  auto pipeline = pipelines_.find(edition);
  if (pipeline == pipelines_.end()) {
    return Fail(ErrorCode::kInvalidArgument, "unknown edition '" + edition + "'");
  }
  if (!IsValidUtf8(body)) return Fail(ErrorCode::kInvalidArgument, "not valid UTF-8");
  moderation::Submission sub;
  sub.name = "reader";
  sub.body = body;
  moderation::Context context;
  context.article_mode = pipeline->second->policy().mode;
  return pipeline->second->Screen(sub, context);
}

}  // namespace herald
