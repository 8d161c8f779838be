// Comments over HTTP: the article page's form, readers' reports, and the
// JSON API of the public contract. Each handler turns the request into a
// CommentRequest, lets CommentService decide, and turns the outcome back
// into a status code and words the commenter understands.
#include <spdlog/spdlog.h>

#include <set>

#include "auth/keyed_hash.h"
#include "common/text.h"
#include "core/dateline.h"
#include "render/ui_strings.h"
#include "web/handlers.h"

namespace herald {
namespace {

using nlohmann::json;

// A form older than this must be reloaded; long enough to write an essay.
constexpr int64_t kFormLifetime = int64_t{2} * 24 * 60 * 60;

const UiStrings& StringsOf(const HandlerContext& ctx, const std::string& edition_code) {
  const Edition* e = FindEdition(ctx.config.editions, edition_code);
  return StringsFor(e ? e->language : ctx.config.DefaultEdition().language);
}

// The reasons a commenter is shown, without duplicates, in pipeline order.
std::vector<std::pair<Reason, std::string>> ReasonsFor(const UiStrings& s,
                                                       const std::vector<Finding>& findings) {
  std::vector<std::pair<Reason, std::string>> out;
  for (const Finding& f : findings) {
    bool seen = false;
    for (const auto& [r, m] : out) seen = seen || r == f.reason;
    if (!seen) out.emplace_back(f.reason, std::string(ReasonMessage(s, f.reason)));
  }
  return out;
}

json ReasonsJson(const UiStrings& s, const std::vector<Finding>& findings) {
  json out = json::array();
  for (const auto& [reason, message] : ReasonsFor(s, findings)) {
    out.push_back({{"code", ReasonCode(reason)}, {"message", message}});
  }
  return out;
}

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
  auto token = TokenName(ctx, request);
  if (!token) return FromError(token.error());
  if (!*token) return Unauthorized();
  auto body = JsonBody(ctx, request, true);
  if (!body) return FromError(body.error());
  CommentDecision d;
  d.id = id;
  d.status = status;
  d.actor = "token:" + **token;
  d.at = ctx.now;
  for (const char* key : {"reason", "note"}) {
    if (auto it = body->find(key); it != body->end()) {
      if (!it->is_string()) {
        return ApiError(400, "invalid_argument", std::string("'") + key + "' must be a string");
      }
      (std::string(key) == "reason" ? d.reason : d.note) = it->get<std::string>();
    }
  }
  if (!d.reason.empty() && !ParseReason(d.reason)) {
    return ApiError(400, "invalid_argument", "'reason' must be a reason code");
  }
  auto decided = ctx.store.DecideComment(d);
  if (!decided) return FromError(decided.error());
  spdlog::info("comment {} {} by {}", id, StatusName(status), d.actor);
  return Json(200, CommentJson(*decided, true));
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
    for (auto& [reason, message] : ReasonsFor(s, v.findings)) out.push_back(std::move(message));
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
    auto token = TokenName(ctx, request);
    if (!token) return FromError(token.error());
    return Json(200, CommentJson(*comment, token->has_value()));
  }
  if (request.method != Method::kPost) return MethodNotAllowed("POST");
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
