// Comments over HTTP: the article page's form, readers' reports, and the
// JSON API of the public contract. Each handler turns the request into a
// CommentRequest, lets CommentService decide, and turns the outcome back
// into a status code and words the commenter understands.
#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <set>

#include "auth/api_token.h"
#include "auth/keyed_hash.h"
#include "common/text.h"
#include "core/dateline.h"
#include "moderation/normalise.h"
#include "render/comment_status.h"
#include "render/ui_strings.h"
#include "web/access.h"
#include "web/handlers.h"

namespace herald {
namespace {

using nlohmann::json;

// A form older than this must be reloaded; long enough to write an essay.
constexpr int64_t kFormLifetime = int64_t{2} * 24 * 60 * 60;

// The status a refusal answers with.
int RefusalStatus(const moderation::Verdict& v) {
  if (HasReason(v.findings, Reason::kTooLong)) return 413;
  if (HasReason(v.findings, Reason::kDuplicate)) return 409;
  return 400;
}

Reason RefusalReason(const moderation::Verdict& v) {
  for (const Finding& f : v.findings) {
    if (f.outcome == CommentStatus::kRejected) return f.reason;
  }
  return Reason::kSpam;
}

json CommentJson(const Comment& c, bool for_moderator) {
  json j = {{"id", c.id}, {"article_id", c.article_id}, {"status", StatusName(c.status)}};
  if (c.status == CommentStatus::kPublished || for_moderator) {
    j["parent_id"] = c.parent_id == 0 ? json(nullptr) : json(c.parent_id);
    j["name"] = c.name;
    j["body"] = c.body;
    j["created_at"] = TimeOrNull(c.created_at);
  }
  if (for_moderator) {
    j["language"] = c.language;
    j["reports"] = c.reports;
    j["scores"] = {{"abuse", c.scores.abuse},
                   {"insult", c.scores.insult},
                   {"identity_attack", c.scores.identity_attack},
                   {"threat", c.scores.threat},
                   {"obscenity", c.scores.obscenity}};
    json findings = json::array();
    for (const Finding& f : c.findings) {
      json spans = json::array();
      for (const Span& s : f.spans) spans.push_back({s.begin, s.end});
      findings.push_back({{"code", ReasonCode(f.reason)},
                          {"outcome", StatusName(f.outcome)},
                          {"detail", f.detail},
                          {"spans", spans}});
    }
    j["findings"] = findings;
  }
  return j;
}

Result<CommentId> CommentIdFrom(std::string_view text) {
  long long id = 0;
  if (!ParseNonNegative(text, id) || id <= 0) {
    return Fail(ErrorCode::kNotFound, "no comment " + std::string(text.substr(0, 40)));
  }
  return id;
}

// The commenter's private page for comment `id`, opened by its key.
std::string StatusUrl(std::string_view edition, CommentId id, std::string_view key) {
  return "/" + std::string(edition) + "/comments/" + std::to_string(id) +
         "/status?key=" + std::string(key);
}

Response NotConfigured() {
  return ApiError(503, "unavailable", "comments are not set up on this server");
}

Response WithRetryAfter(Response r, int64_t seconds) {
  r.AddHeader("Retry-After", std::to_string(std::max<int64_t>(seconds, 1)));
  return r;
}

// --- JSON API -------------------------------------------------------------

Response PostCommentJson(const HandlerContext& ctx, const Request& request,
                         const Article& article) {
  std::string type = AsciiLower(request.Header("content-type"));
  if (!type.starts_with("application/json")) {
    return ApiError(415, "unsupported_media_type", "Content-Type must be application/json");
  }
  auto body = JsonBody(ctx, request, false);
  if (!body) return FromError(body.error());
  static const std::set<std::string> kFields = {"name",    "email", "body",  "parent_id",
                                                "website", "token", "nudge", "check"};
  for (const auto& [key, value] : body->items()) {
    if (!kFields.contains(key))
      return ApiError(400, "invalid_argument", "unknown field '" + key + "'");
  }
  CommentRequest req;
  req.article_id = article.id;
  req.client_address = request.client_address;
  auto text = [&](const char* key, std::string& out, bool required) -> std::optional<Response> {
    auto it = body->find(key);
    if (it == body->end() || it->is_null()) {
      if (required) {
        return ApiError(400, "invalid_argument", std::string("'") + key + "' is required");
      }
      return std::nullopt;
    }
    if (!it->is_string()) {
      return ApiError(400, "invalid_argument", std::string("'") + key + "' must be a string");
    }
    out = it->get<std::string>();
    return std::nullopt;
  };
  if (auto bad = text("name", req.submission.name, true)) return *bad;
  if (auto bad = text("body", req.submission.body, true)) return *bad;
  if (auto bad = text("email", req.submission.email, false)) return *bad;
  if (auto bad = text("website", req.submission.honeypot, false)) return *bad;
  std::string token;
  if (auto bad = text("token", token, false)) return *bad;
  if (!token.empty()) {
    // The enhanced form sends its token: its age tells a person from a bot.
    auto age = CheckFormToken(ctx.comments->form_key(), std::to_string(article.id), token, ctx.now,
                              kFormLifetime);
    if (!age) return ApiError(400, "expired", age.error().message);
    req.submission.form_age_seconds = *age;
  }
  if (auto it = body->find("parent_id"); it != body->end() && !it->is_null()) {
    if (!it->is_number_integer() || it->get<int64_t>() <= 0) {
      return ApiError(400, "invalid_argument", "'parent_id' must be a comment id");
    }
    req.parent_id = it->get<int64_t>();
  }
  for (const char* flag : {"nudge", "check"}) {
    if (auto it = body->find(flag); it != body->end() && !it->is_boolean()) {
      return ApiError(400, "invalid_argument", std::string("'") + flag + "' must be true or false");
    }
  }
  req.nudge_first = body->value("nudge", false);
  req.check_only = body->value("check", false);

  auto outcome = ctx.comments->Post(req, ctx.now);
  if (!outcome) return FromError(outcome.error());
  const UiStrings& s = StringsOf(ctx, article.edition);
  const moderation::Verdict& v = outcome->verdict;
  switch (outcome->disposition) {
    case Disposition::kStored: {
      const Comment& c = *outcome->comment;
      json j = {
          {"id", c.id}, {"status", StatusName(c.status)}, {"reasons", ReasonsJson(s, c.findings)}};
      if (c.status == CommentStatus::kPublished) {
        j["url"] =
            ctx.config.site.base_url + CanonicalPath(article) + "#comment-" + std::to_string(c.id);
        j["comment"] = CommentJson(c, false);
      }
      // The commenter's private page for this comment: shown this once.
      j["status_url"] = StatusUrl(article.edition, c.id, outcome->status_key);
      Response r = Json(201, j);
      r.AddHeader("Location", "/api/v1/comments/" + std::to_string(c.id));
      return r;
    }
    case Disposition::kNudge:
    case Disposition::kChecked:
      return Json(200, {{"status", outcome->disposition == Disposition::kNudge
                                       ? std::string("nudge")
                                       : std::string(StatusName(v.status))},
                        {"nudge", v.nudge},
                        {"message", std::string(s.outcome_nudge)},
                        {"reasons", ReasonsJson(s, v.findings)}});
    case Disposition::kRefused: {
      Reason reason = RefusalReason(v);
      return Json(
          RefusalStatus(v),
          {{"error",
            {{"code", ReasonCode(reason)}, {"message", std::string(ReasonMessage(s, reason))}}},
           {"status", "rejected"},
           {"reasons", ReasonsJson(s, v.findings)}});
    }
    case Disposition::kRateLimited:
      return WithRetryAfter(
          Json(429, {{"error",
                      {{"code", "rate_limit"}, {"message", std::string(s.outcome_rate_limited)}}},
                     {"status", "rejected"},
                     {"reasons", ReasonsJson(s, v.findings)}}),
          outcome->retry_after);
    case Disposition::kClosed:
      return ApiError(403, "comments_closed", s.outcome_closed);
    case Disposition::kBanned:
      return ApiError(403, "banned", s.outcome_banned);
  }
  return ApiError(500, "internal", "unexpected outcome");
}

Response Decide(const HandlerContext& ctx, const Request& request, CommentId id,
                CommentStatus status) {
  auto who = Authorize(ctx, request, Permission::kModerateComments);
  if (!who) return std::move(who.error());
  auto body = JsonBody(ctx, request, true);
  if (!body) return FromError(body.error());
  for (const auto& [key, value] : body->items()) {
    if (key != "reason" && key != "note") {
      return ApiError(400, "invalid_argument", "unknown field '" + key + "'");
    }
  }
  auto text = DecisionFields(*body);
  if (!text) return FromError(text.error());
  auto decided = ModerateComment(ctx, request, who->actor, id, status, *text);
  if (!decided) return FromError(decided.error());
  return Json(200, CommentJson(*decided, true));
}

// --- The private status page and appeals ----------------------------------

// The answer for a missing comment and for a wrong key alike, so that a
// comment's existence cannot be probed without its key.
Error NoSuchComment() { return Error{ErrorCode::kNotFound, "no comment with that id and key"}; }

// The shape of a status key: CommentService makes them with
// GenerateSecret(""), 64 lowercase hex digits.
bool IsKeyShaped(std::string_view key) {
  if (key.size() != 64) return false;
  for (char c : key) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// Returns comment `id` if `key` opens its status page; NoSuchComment()
// otherwise. The hashes are compared in constant time.
Result<Comment> CommentForKey(const HandlerContext& ctx, CommentId id, std::string_view key) {
  if (!IsKeyShaped(key)) return std::unexpected(NoSuchComment());
  auto stored = ctx.store.CommentStatusKeyHash(id);
  if (!stored) {
    if (stored.error().code == ErrorCode::kNotFound) return std::unexpected(NoSuchComment());
    return std::unexpected(stored.error());
  }
  std::string given = HashApiToken(key);
  if (stored->size() != given.size() ||
      sodium_memcmp(stored->data(), given.data(), given.size()) != 0) {
    return std::unexpected(NoSuchComment());
  }
  auto comment = ctx.store.GetComment(id);
  if (!comment && comment.error().code == ErrorCode::kNotFound) {
    return std::unexpected(NoSuchComment());
  }
  return comment;
}

// What the commenter is told about their comment.
struct CommentStatusInfo {
  Comment comment;
  std::optional<Article> article;  // Unset when it is gone.
  std::vector<Reason> reasons;     // Of the latest decision, else of screening.
  std::string note;                // The moderator's note on a rejection, or "".
};

Result<CommentStatusInfo> StatusInfo(const HandlerContext& ctx, Comment comment) {
  CommentStatusInfo info;
  auto history = ctx.store.CommentHistory(comment.id);
  if (!history) return std::unexpected(history.error());
  if (!history->empty()) {
    // Screening's event lists every reason code; a moderator's gives one.
    const CommentEvent& last = history->back();
    for (std::string_view code : Split(last.reason, ',')) {
      auto reason = ParseReason(Trim(code));
      if (reason &&
          std::find(info.reasons.begin(), info.reasons.end(), *reason) == info.reasons.end()) {
        info.reasons.push_back(*reason);
      }
    }
    if (comment.status == CommentStatus::kRejected) info.note = last.note;
  }
  if (info.reasons.empty()) {
    for (const Finding& f : comment.findings) {
      if (std::find(info.reasons.begin(), info.reasons.end(), f.reason) == info.reasons.end()) {
        info.reasons.push_back(f.reason);
      }
    }
  }
  auto article = ctx.store.GetArticle(comment.article_id);
  if (article) {
    info.article = std::move(*article);
  } else if (article.error().code != ErrorCode::kNotFound) {
    return std::unexpected(article.error());
  }
  info.comment = std::move(comment);
  return info;
}

// Returns the appeal text as stored (normalised like a comment body);
// kInvalidArgument when it is empty or not UTF-8, kTooLarge when it is over
// kMaxAppealText characters.
Result<std::string> AppealText(std::string_view text) {
  if (!IsValidUtf8(text)) return Fail(ErrorCode::kInvalidArgument, "not UTF-8");
  // Far over the limit: refused before the work of normalising it.
  if (text.size() > kMaxAppealText * 8) return Fail(ErrorCode::kTooLarge, "too long");
  std::string normal = moderation::NormaliseText(text);
  if (normal.empty()) return Fail(ErrorCode::kInvalidArgument, "empty");
  if (CountCodePoints(normal) > kMaxAppealText) return Fail(ErrorCode::kTooLarge, "too long");
  return normal;
}

json StatusJson(const HandlerContext& ctx, const CommentStatusInfo& info) {
  const Comment& c = info.comment;
  const UiStrings& s = StringsOf(ctx, info.article ? info.article->edition : "");
  json reasons = json::array();
  if (c.status != CommentStatus::kPublished) {
    for (Reason r : info.reasons) {
      reasons.push_back({{"code", ReasonCode(r)}, {"message", ReasonMessage(s, r)}});
    }
  }
  json article = nullptr;
  if (info.article) {
    article = {{"id", info.article->id}, {"headline", info.article->headline}};
    article["url"] = IsPublic(*info.article)
                         ? json(ctx.config.site.base_url + CanonicalPath(*info.article))
                         : json(nullptr);
  }
  return {
      {"id", c.id},
      {"article_id", c.article_id},
      {"status", StatusName(c.status)},
      {"name", c.name},
      {"body", c.body},
      {"created_at", TimeOrNull(c.created_at)},
      {"reasons", reasons},
      {"note", info.note.empty() ? json(nullptr) : json(info.note)},
      {"appeal",
       {{"state", AppealStateName(c.appeal.state)},
        {"text", c.appeal.text},
        {"at", TimeOrNull(c.appeal.at)}}},
      {"can_appeal", c.status == CommentStatus::kRejected && c.appeal.state == AppealState::kNone},
      {"article", article}};
}

Response CommentStatusApi(const HandlerContext& ctx, const Request& request, CommentId id) {
  auto comment = CommentForKey(ctx, id, request.Query("key").value_or(""));
  if (!comment) return FromError(comment.error());
  auto info = StatusInfo(ctx, std::move(*comment));
  if (!info) return FromError(info.error());
  Response r = Json(200, StatusJson(ctx, *info));
  r.AddHeader("Referrer-Policy", "no-referrer");
  return r;
}

Response AppealApi(const HandlerContext& ctx, const Request& request, CommentId id) {
  auto body = JsonBody(ctx, request, false);
  if (!body) return FromError(body.error());
  for (const auto& [field, value] : body->items()) {
    if (field != "key" && field != "text") {
      return ApiError(400, "invalid_argument", "unknown field '" + field + "'");
    }
    if (!value.is_string()) {
      return ApiError(400, "invalid_argument", "'" + field + "' must be a string");
    }
  }
  auto comment = CommentForKey(ctx, id, body->value("key", ""));
  if (!comment) return FromError(comment.error());
  auto text = AppealText(body->value("text", ""));
  if (!text) {
    if (text.error().code == ErrorCode::kTooLarge) {
      return ApiError(413, "too_long",
                      "'text' must be at most " + std::to_string(kMaxAppealText) + " characters");
    }
    return ApiError(400, "empty", "'text' is required: say why the comment should be published");
  }
  auto appealed = ctx.store.AppealComment(id, *text, ctx.now);
  if (!appealed) {
    if (appealed.error().code == ErrorCode::kConflict) {
      return ApiError(409, "already_appealed", "this comment was appealed before");
    }
    if (appealed.error().code == ErrorCode::kInvalidArgument) {
      return ApiError(409, "not_rejected", "only a rejected comment can be appealed");
    }
    return FromError(appealed.error());
  }
  spdlog::info("comment {} appealed", id);
  auto info = StatusInfo(ctx, std::move(*appealed));
  if (!info) return FromError(info.error());
  return Json(200, StatusJson(ctx, *info));
}

// What the status page shows besides the comment's own state.
struct StatusPageState {
  std::string appeal_text;  // As typed, after an error.
  std::string error;
  bool appeal_sent = false;
};

Response StatusPage(const HandlerContext& ctx, const Edition& edition, CommentId id,
                    std::string_view key, StatusPageState state, int status) {
  auto comment = CommentForKey(ctx, id, key);
  if (!comment) {
    if (comment.error().code == ErrorCode::kNotFound) return NotFoundPage(ctx, edition.code);
    spdlog::error("status of comment {}: {}", id, comment.error().message);
    return ErrorPage(ctx, 503);
  }
  auto info = StatusInfo(ctx, std::move(*comment));
  if (!info) {
    spdlog::error("status of comment {}: {}", id, info.error().message);
    return ErrorPage(ctx, 503);
  }
  // One address per comment: the edition of its article.
  if (info->article && info->article->edition != edition.code) {
    return NotFoundPage(ctx, edition.code);
  }
  const UiStrings& s = StringsFor(edition.language);
  CommentStatusView view;
  view.comment = &info->comment;
  if (info->article) {
    view.article_headline = info->article->headline;
    if (IsPublic(*info->article)) view.article_path = CanonicalPath(*info->article);
  }
  for (Reason r : info->reasons) view.reasons.emplace_back(ReasonMessage(s, r));
  view.note = info->note;
  view.appeal_action = "/" + edition.code + "/comments/" + std::to_string(id) + "/appeal";
  view.key = std::string(key);
  if (ctx.comments != nullptr) {
    view.form_token =
        IssueFormToken(ctx.comments->form_key(), "appeal:" + std::to_string(id), ctx.now);
  }
  view.appeal_text = std::move(state.appeal_text);
  view.error = std::move(state.error);
  view.appeal_sent = state.appeal_sent;
  Response r = Response::Html(status, RenderCommentStatusPage(SiteChrome(ctx, edition), view));
  // The key is in the URL: keep the page out of caches, and the URL out of
  // Referer headers (the page's <meta name="referrer"> says so too).
  r.AddHeader("Cache-Control", "no-store");
  r.AddHeader("Referrer-Policy", "no-referrer");
  return r;
}

// --- The no-JavaScript form -------------------------------------------------

CommentForm FormFrom(const HeaderList& fields) {
  CommentForm f;
  f.name = std::string(FieldValue(fields, "name"));
  f.email = std::string(FieldValue(fields, "email"));
  f.body = std::string(FieldValue(fields, "body"));
  long long parent = 0;
  if (ParseNonNegative(FieldValue(fields, "parent"), parent)) f.parent_id = parent;
  return f;
}

Response FormAnswer(const HandlerContext& ctx, const Edition& edition, const Article& article,
                    CommentForm form, std::string kind, std::vector<std::string> messages,
                    int status) {
  CommentsView view;
  view.form = std::move(form);
  view.notice = CommentNotice{std::move(kind), std::move(messages), 0};
  return ArticlePage(ctx, edition, article, std::move(view), status);
}

}  // namespace

const UiStrings& StringsOf(const HandlerContext& ctx, std::string_view edition_code) {
  const Edition* e = FindEdition(ctx.config.editions, edition_code);
  return StringsFor(e ? e->language : ctx.config.DefaultEdition().language);
}

json ReasonsJson(const UiStrings& s, const std::vector<Finding>& findings) {
  json out = json::array();
  for (const auto& [reason, message] : ReasonsFor(s, findings)) {
    out.push_back({{"code", ReasonCode(reason)}, {"message", message}});
  }
  return out;
}

Result<DecisionText> DecisionFields(const json& body) {
  DecisionText out;
  for (const char* key : {"reason", "note"}) {
    auto it = body.find(key);
    if (it == body.end() || it->is_null()) continue;
    if (!it->is_string()) {
      return Fail(ErrorCode::kInvalidArgument, std::string("'") + key + "' must be a string");
    }
    (std::string_view(key) == "reason" ? out.reason : out.note) = it->get<std::string>();
  }
  if (!out.reason.empty() && !ParseReason(out.reason)) {
    return Fail(ErrorCode::kInvalidArgument,
                "'reason' must be a reason code (abuse, libel_risk, house_rule, spam, language, "
                "banned_word, suspect_word, ...)");
  }
  if (!IsValidUtf8(out.note)) return Fail(ErrorCode::kInvalidArgument, "'note' is not UTF-8");
  // The commenter reads the note on their status page: stored as comments are.
  out.note = moderation::NormaliseText(out.note);
  if (CountCodePoints(out.note) > kMaxModeratorNote) {
    return Fail(ErrorCode::kInvalidArgument,
                "'note' must be at most " + std::to_string(kMaxModeratorNote) + " characters");
  }
  return out;
}

Result<Comment> ModerateComment(const HandlerContext& ctx, const Request& request,
                                const std::string& actor, CommentId id, CommentStatus status,
                                const DecisionText& text) {
  CommentDecision d;
  d.id = id;
  d.status = status;
  d.actor = actor;
  d.reason = text.reason;
  d.note = text.note;
  d.at = ctx.now;
  auto decided = ctx.store.DecideComment(d);
  if (!decided) return decided;
  spdlog::info("comment {} {} by {}", id, StatusName(status), d.actor);
  Audit(ctx, request, d.actor,
        status == CommentStatus::kPublished ? "comment.approve" : "comment.reject",
        "comment:" + std::to_string(id), d.reason.empty() ? d.note : d.reason + ": " + d.note);
  return decided;
}

Response HandleCommentStatusPage(const HandlerContext& ctx, const Request& request,
                                 const Edition& edition, std::string_view comment_id) {
  auto id = CommentIdFrom(comment_id);
  if (!id) return NotFoundPage(ctx, edition.code);
  StatusPageState state;
  state.appeal_sent = request.Query("appealed") == "1";
  return StatusPage(ctx, edition, *id, request.Query("key").value_or(""), std::move(state), 200);
}

Response HandleAppealForm(const HandlerContext& ctx, const Request& request, const Edition& edition,
                          std::string_view comment_id) {
  if (ctx.comments == nullptr) return ErrorPage(ctx, 503);
  auto id = CommentIdFrom(comment_id);
  if (!id) return NotFoundPage(ctx, edition.code);
  std::string type = AsciiLower(request.Header("content-type"));
  auto fields = type.starts_with("application/x-www-form-urlencoded") ? ParseFormBody(request.body)
                                                                      : std::nullopt;
  // Without readable fields there is no key either: as for a wrong key.
  if (!fields) return NotFoundPage(ctx, edition.code);
  std::string key(FieldValue(*fields, "key"));
  auto comment = CommentForKey(ctx, *id, key);
  if (!comment) {
    if (comment.error().code == ErrorCode::kNotFound) return NotFoundPage(ctx, edition.code);
    spdlog::error("appeal of comment {}: {}", *id, comment.error().message);
    return ErrorPage(ctx, 503);
  }
  const UiStrings& s = StringsFor(edition.language);
  StatusPageState state;
  state.appeal_text = std::string(FieldValue(*fields, "appeal"));
  if (!CheckFormToken(ctx.comments->form_key(), "appeal:" + std::to_string(*id),
                      FieldValue(*fields, "token"), ctx.now, kFormLifetime)) {
    state.error = s.appeal_expired;
    return StatusPage(ctx, edition, *id, key, std::move(state), 400);
  }
  auto text = AppealText(state.appeal_text);
  if (!text) {
    bool too_long = text.error().code == ErrorCode::kTooLarge;
    state.error = too_long ? s.appeal_too_long : s.appeal_empty;
    return StatusPage(ctx, edition, *id, key, std::move(state), too_long ? 413 : 400);
  }
  auto appealed = ctx.store.AppealComment(*id, *text, ctx.now);
  if (!appealed) {
    ErrorCode code = appealed.error().code;
    if (code == ErrorCode::kConflict || code == ErrorCode::kInvalidArgument) {
      state.error = code == ErrorCode::kConflict ? s.appeal_twice : s.appeal_not_rejected;
      return StatusPage(ctx, edition, *id, key, std::move(state), 409);
    }
    spdlog::error("appeal of comment {}: {}", *id, appealed.error().message);
    return ErrorPage(ctx, 503);
  }
  spdlog::info("comment {} appealed", *id);
  // Post/redirect/get, back to the status page with a confirmation.
  return Response::Redirect(303, StatusUrl(edition.code, *id, key) + "&appealed=1#appeal-notice");
}

Response HandleCommentForm(const HandlerContext& ctx, const Request& request,
                           const Edition& edition, const Article& article) {
  if (ctx.comments == nullptr) return ErrorPage(ctx, 503);
  const UiStrings& s = StringsFor(edition.language);
  std::string type = AsciiLower(request.Header("content-type"));
  if (!type.starts_with("application/x-www-form-urlencoded")) {
    return FormAnswer(ctx, edition, article, {}, "invalid",
                      {"The form must be sent as application/x-www-form-urlencoded."}, 415);
  }
  auto fields = ParseFormBody(request.body);
  if (!fields) {
    return FormAnswer(ctx, edition, article, {}, "invalid",
                      {"The form data is malformed or not UTF-8."}, 400);
  }
  CommentForm form = FormFrom(*fields);
  auto age = CheckFormToken(ctx.comments->form_key(), std::to_string(article.id),
                            FieldValue(*fields, "token"), ctx.now, kFormLifetime);
  if (!age) return FormAnswer(ctx, edition, article, std::move(form), "expired", {}, 400);

  CommentRequest req;
  req.article_id = article.id;
  req.parent_id = form.parent_id;
  req.client_address = request.client_address;
  req.submission.name = form.name;
  req.submission.email = form.email;
  req.submission.body = form.body;
  req.submission.honeypot = std::string(FieldValue(*fields, "website"));
  req.submission.form_age_seconds = *age;
  req.nudge_first = FieldValue(*fields, "confirm") != "1";

  auto outcome = ctx.comments->Post(req, ctx.now);
  if (!outcome) {
    if (outcome.error().code == ErrorCode::kInvalidArgument) {
      return FormAnswer(ctx, edition, article, std::move(form), "invalid",
                        {outcome.error().message}, 400);
    }
    if (outcome.error().code == ErrorCode::kNotFound) return NotFoundPage(ctx, edition.code);
    spdlog::error("comment on {}: {}", article.id, outcome.error().message);
    return ErrorPage(ctx, 503);
  }
  const moderation::Verdict& v = outcome->verdict;
  auto messages = [&] {
    std::vector<std::string> out;
    for (const auto& [reason, message] : ReasonsFor(s, v.findings)) out.emplace_back(message);
    return out;
  };
  switch (outcome->disposition) {
    case Disposition::kStored: {
      const Comment& c = *outcome->comment;
      // Post/redirect/get: a reload does not send the comment twice.
      std::string codes;
      for (const auto& [reason, message] : ReasonsFor(s, c.findings)) {
        codes += (codes.empty() ? "" : ",") + std::string(ReasonCode(reason));
      }
      std::string location = CanonicalPath(article) + "?comment=" + std::to_string(c.id) +
                             "&posted=" + std::string(StatusName(c.status));
      if (!codes.empty()) location += "&reasons=" + codes;
      return Response::Redirect(303, location + "#comment-notice");
    }
    case Disposition::kNudge:
      form.confirm = true;
      return FormAnswer(ctx, edition, article, std::move(form), "nudge", messages(), 200);
    case Disposition::kChecked:
      return FormAnswer(ctx, edition, article, std::move(form), "nudge", messages(), 200);
    case Disposition::kRefused:
      return FormAnswer(ctx, edition, article, std::move(form), "refused", messages(),
                        RefusalStatus(v));
    case Disposition::kRateLimited:
      return WithRetryAfter(
          FormAnswer(ctx, edition, article, std::move(form), "rate_limited", {}, 429),
          outcome->retry_after);
    case Disposition::kClosed:
      return FormAnswer(ctx, edition, article, {}, "closed", {}, 403);
    case Disposition::kBanned:
      return FormAnswer(ctx, edition, article, {}, "banned", {}, 403);
  }
  return ErrorPage(ctx, 500);
}

Response HandleReportForm(const HandlerContext& ctx, const Request& request, const Edition& edition,
                          std::string_view comment_id) {
  if (ctx.comments == nullptr) return ErrorPage(ctx, 503);
  auto id = CommentIdFrom(comment_id);
  if (!id) return NotFoundPage(ctx, edition.code);
  auto comment = ctx.store.GetComment(*id);
  if (!comment || comment->status != CommentStatus::kPublished) {
    return NotFoundPage(ctx, edition.code);
  }
  auto article = ctx.store.GetArticle(comment->article_id);
  if (!article || !IsPublic(*article)) return NotFoundPage(ctx, edition.code);
  auto fields = ParseFormBody(request.body);
  std::string_view token = fields ? FieldValue(*fields, "token") : std::string_view();
  if (!CheckFormToken(ctx.comments->form_key(), std::to_string(article->id), token, ctx.now,
                      kFormLifetime)) {
    return FormAnswer(ctx, edition, *article, {}, "expired", {}, 400);
  }
  auto reported =
      ctx.store.ReportComment(*id, ctx.comments->ReporterHash(request.client_address), ctx.now);
  if (!reported && reported.error().code != ErrorCode::kConflict) {
    spdlog::error("report of comment {}: {}", *id, reported.error().message);
    return ErrorPage(ctx, 503);
  }
  return Response::Redirect(303, CanonicalPath(*article) + "?reported=" + std::to_string(*id) +
                                     "#comment-" + std::to_string(*id));
}

Response HandleArticleCommentsApi(const HandlerContext& ctx, const Request& request,
                                  std::string_view article_id) {
  long long id = 0;
  if (!ParseNonNegative(article_id, id) || id <= 0) {
    return ApiError(404, "not_found", "no such article");
  }
  auto article = ctx.store.GetArticle(id);
  if (!article) return FromError(article.error());
  if (!IsPublic(*article)) {
    return ApiError(404, "not_found", "article " + std::to_string(id) + " not found");
  }
  if (request.method == Method::kGet || request.method == Method::kHead) {
    auto list = ctx.store.ListComments(CommentQuery{id, CommentStatus::kPublished, 500, 0, true});
    if (!list) return FromError(list.error());
    json items = json::array();
    for (auto c = list->rbegin(); c != list->rend(); ++c) {
      items.push_back(CommentJson(*c, false));
    }
    return Json(200, {{"article_id", id}, {"comments", items}});
  }
  if (request.method != Method::kPost) return MethodNotAllowed("GET, HEAD, POST");
  if (ctx.comments == nullptr) return NotConfigured();
  return PostCommentJson(ctx, request, *article);
}

Response HandleCommentsApi(const HandlerContext& ctx, const Request& request,
                           const std::vector<std::string_view>& rest) {
  if (rest.empty() || rest.size() > 2) return ApiError(404, "not_found", "no such API endpoint");
  auto id = CommentIdFrom(rest[0]);
  if (!id) return FromError(id.error());
  if (rest.size() == 1) {
    if (request.method != Method::kGet && request.method != Method::kHead) {
      return MethodNotAllowed("GET, HEAD");
    }
    auto comment = ctx.store.GetComment(*id);
    if (!comment) return FromError(comment.error());
    auto who = Identify(ctx, request);
    if (!who) return FromError(who.error());
    const bool moderator = who->Can(Permission::kModerateComments);
    // Others see only what the article page shows: whether a held or
    // rejected comment exists is the commenter's business (their status
    // link) and the desk's.
    if (!moderator) {
      auto article = ctx.store.GetArticle(comment->article_id);
      if (comment->status != CommentStatus::kPublished || !article || !IsPublic(*article)) {
        return ApiError(404, "not_found", "comment " + std::to_string(*id) + " not found");
      }
    }
    return Json(200, CommentJson(*comment, moderator));
  }
  if (rest[1] == "status") {
    if (request.method != Method::kGet && request.method != Method::kHead) {
      return MethodNotAllowed("GET, HEAD");
    }
    return CommentStatusApi(ctx, request, *id);
  }
  if (request.method != Method::kPost) return MethodNotAllowed("POST");
  if (rest[1] == "appeal") return AppealApi(ctx, request, *id);
  if (rest[1] == "approve") return Decide(ctx, request, *id, CommentStatus::kPublished);
  if (rest[1] == "reject") return Decide(ctx, request, *id, CommentStatus::kRejected);
  if (rest[1] == "report") {
    if (ctx.comments == nullptr) return NotConfigured();
    auto comment = ctx.store.GetComment(*id);
    if (!comment) return FromError(comment.error());
    if (comment->status != CommentStatus::kPublished) {
      return ApiError(404, "not_found", "comment " + std::to_string(*id) + " not found");
    }
    auto reported =
        ctx.store.ReportComment(*id, ctx.comments->ReporterHash(request.client_address), ctx.now);
    if (!reported) {
      if (reported.error().code == ErrorCode::kConflict) {
        return ApiError(409, "already_reported", "you already reported this comment");
      }
      return FromError(reported.error());
    }
    return Json(200, {{"id", *id}, {"reported", true}});
  }
  return ApiError(404, "not_found", "no such API endpoint");
}

}  // namespace herald
