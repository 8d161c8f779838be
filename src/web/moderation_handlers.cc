// The moderation desk's API: the queues of held, reported and appealed
// comments, decisions in bulk, and measures against commenters (warn,
// suspend, premoderate, ban). Every endpoint needs
// Permission::kModerateComments; every change is recorded in the audit log.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

#include "common/text.h"
#include "core/dateline.h"
#include "render/comment_text.h"
#include "render/ui_strings.h"
#include "web/access.h"
#include "web/handlers.h"

namespace herald {
namespace {

using nlohmann::json;

constexpr size_t kMaxBulkIds = 200;
constexpr int kCommenterComments = 20;  // GET /commenters/{id} shows their latest.
constexpr int kMaxSuspensionDays = 365;
constexpr int kMaxQueueOffset = 1'000'000;

Response BadRequest(std::string_view message) { return ApiError(400, "invalid_argument", message); }

json CommenterJson(const CommenterRecord& r, UnixTime now) {
  json banned = nullptr;  // Not banned, or a suspension that has ended.
  if (r.banned_until == kBannedForever) {
    banned = "forever";
  } else if (r.banned_until > now) {
    banned = FormatRfc3339(r.banned_until);
  }
  return {{"id", r.id},
          {"approved", r.approved},
          {"rejected", r.rejected},
          {"pending", r.pending},
          {"warnings", r.warnings},
          {"last_warning", r.last_warning},
          {"banned_until", banned},
          {"always_premoderate", r.always_premoderate},
          {"first_seen", TimeOrNull(r.first_seen)}};
}

// A comment as the queue shows it to moderators.
json QueueCommentJson(const UiStrings& s, const Comment& c) {
  std::vector<Span> spans;
  json findings = json::array();
  for (const Finding& f : c.findings) {
    json where = json::array();
    for (const Span& span : f.spans) {
      where.push_back({span.begin, span.end});
      spans.push_back(span);
    }
    findings.push_back({{"reason", ReasonCode(f.reason)},
                        {"outcome", StatusName(f.outcome)},
                        {"detail", f.detail},
                        {"spans", where}});
  }
  return {{"id", c.id},
          {"article_id", c.article_id},
          {"parent_id", c.parent_id == 0 ? json(nullptr) : json(c.parent_id)},
          {"name", c.name},
          {"body", c.body},
          {"body_html", HighlightedCommentHtml(c.body, spans)},
          {"status", StatusName(c.status)},
          {"created_at", TimeOrNull(c.created_at)},
          {"language", c.language},
          {"risk", c.risk},
          {"scores",
           {{"abuse", c.scores.abuse},
            {"insult", c.scores.insult},
            {"identity_attack", c.scores.identity_attack},
            {"threat", c.scores.threat},
            {"obscenity", c.scores.obscenity}}},
          {"findings", findings},
          {"reasons", ReasonsJson(s, c.findings)},
          {"reports", c.reports},
          {"appeal",
           {{"state", AppealStateName(c.appeal.state)},
            {"text", c.appeal.text},
            {"at", TimeOrNull(c.appeal.at)}}}};
}

json ArticleSummaryJson(const HandlerContext& ctx, const Article& a) {
  return {{"id", a.id},
          {"edition", a.edition},
          {"headline", a.headline},
          {"url", ctx.config.site.base_url + CanonicalPath(a)},
          {"comments", a.comment_mode ? json(ModeName(*a.comment_mode)) : json(nullptr)}};
}

// Reads the query parameter `name` as a whole number in [min, max]; `fallback`
// when it is absent or empty.
Result<int> IntParam(const Request& request, std::string_view name, int fallback, int min,
                     int max) {
  auto text = request.Query(name);
  if (!text || text->empty()) return fallback;
  long long n = 0;
  if (!ParseNonNegative(*text, n) || n < min || n > max) {
    return Fail(ErrorCode::kInvalidArgument, "'" + std::string(name) + "' must be a number from " +
                                                 std::to_string(min) + " to " +
                                                 std::to_string(max));
  }
  return static_cast<int>(n);
}

Response Queue(const HandlerContext& ctx, const Request& request) {
  QueueQuery q;
  std::string kind(request.Query("kind").value_or(""));
  if (kind.empty() || kind == "held") {
    kind = "held";
    q.kind = QueueKind::kHeld;
  } else if (kind == "reported") {
    q.kind = QueueKind::kReported;
  } else if (kind == "appeals") {
    q.kind = QueueKind::kAppeals;
  } else {
    return BadRequest("'kind' must be held, reported or appeals");
  }
  if (auto edition = request.Query("edition"); edition && !edition->empty()) {
    if (FindEdition(ctx.config.editions, *edition) == nullptr) {
      return BadRequest("unknown edition '" + std::string(edition->substr(0, 40)) + "'");
    }
    q.edition = std::string(*edition);
  }
  auto limit = IntParam(request, "limit", 50, 1, 500);
  if (!limit) return FromError(limit.error());
  auto offset = IntParam(request, "offset", 0, 0, kMaxQueueOffset);
  if (!offset) return FromError(offset.error());
  q.limit = *limit;
  q.offset = *offset;

  auto items = ctx.store.ListQueue(q);
  if (!items) return FromError(items.error());
  auto counts = ctx.store.CountQueues(q.edition);
  if (!counts) return FromError(counts.error());
  json out = json::array();
  for (const QueueItem& item : *items) {
    out.push_back(
        {{"comment", QueueCommentJson(StringsOf(ctx, item.article.edition), item.comment)},
         {"article", ArticleSummaryJson(ctx, item.article)},
         {"commenter", CommenterJson(item.commenter, ctx.now)}});
  }
  return Json(
      200,
      {{"kind", kind},
       {"counts",
        {{"held", counts->held}, {"reported", counts->reported}, {"appeals", counts->appeals}}},
       {"items", out}});
}

Response Bulk(const HandlerContext& ctx, const Request& request, const Principal& who) {
  auto body = JsonBody(ctx, request, false);
  if (!body) return FromError(body.error());
  for (const auto& [key, value] : body->items()) {
    if (key != "ids" && key != "action" && key != "reason" && key != "note") {
      return BadRequest("unknown field '" + key + "'");
    }
  }
  auto action = body->find("action");
  if (action == body->end() || !action->is_string() ||
      (*action != "approve" && *action != "reject")) {
    return BadRequest("'action' must be \"approve\" or \"reject\"");
  }
  CommentStatus status =
      *action == "approve" ? CommentStatus::kPublished : CommentStatus::kRejected;
  auto ids_field = body->find("ids");
  if (ids_field == body->end() || !ids_field->is_array() || ids_field->empty() ||
      ids_field->size() > kMaxBulkIds) {
    return BadRequest("'ids' must be a list of 1 to " + std::to_string(kMaxBulkIds) +
                      " comment ids");
  }
  std::vector<CommentId> ids;
  std::set<CommentId> seen;
  for (const json& id : *ids_field) {
    if (!id.is_number_integer() || id.get<int64_t>() <= 0) {
      return BadRequest("'ids' must hold comment ids (positive whole numbers)");
    }
    if (seen.insert(id.get<int64_t>()).second) ids.push_back(id.get<int64_t>());
  }
  // Checked once, before any decision: a bad reason decides nothing.
  auto text = DecisionFields(*body);
  if (!text) return FromError(text.error());

  json results = json::array();
  for (CommentId id : ids) {
    auto decided = ModerateComment(ctx, request, who.actor, id, status, *text);
    if (decided) {
      results.push_back({{"id", id}, {"status", StatusName(decided->status)}});
      continue;
    }
    const Error& e = decided.error();
    bool internal = HttpStatusFor(e.code) >= 500;
    results.push_back(
        {{"id", id},
         {"error",
          {{"code", ErrorCodeName(e.code)},
           {"message",
            internal ? std::string("the server could not decide on this comment") : e.message}}}});
  }
  return Json(200, {{"results", results}});
}

Response Commenter(const HandlerContext& ctx, int64_t id) {
  auto commenter = ctx.store.GetCommenter(id);
  if (!commenter) return FromError(commenter.error());
  CommentQuery q;
  q.commenter_id = id;
  q.newest_first = true;
  q.limit = kCommenterComments;
  auto comments = ctx.store.ListComments(q);
  if (!comments) return FromError(comments.error());
  json list = json::array();
  for (const Comment& c : *comments) {
    list.push_back({{"id", c.id},
                    {"article_id", c.article_id},
                    {"body", c.body},
                    {"status", StatusName(c.status)},
                    {"created_at", TimeOrNull(c.created_at)}});
  }
  return Json(200, {{"commenter", CommenterJson(*commenter, ctx.now)}, {"comments", list}});
}

// POST /commenters/{id}/{action}.
Response Sanction(const HandlerContext& ctx, const Request& request, const Principal& who,
                  int64_t id, std::string_view action) {
  // The one body field each action takes ("" for none).
  std::string_view field;
  if (action == "warn") {
    field = "note";
  } else if (action == "suspend") {
    field = "days";
  } else if (action == "premoderate") {
    field = "on";
  } else if (action != "ban" && action != "unban") {
    return ApiError(404, "not_found", "no such API endpoint");
  }
  auto body = JsonBody(ctx, request, true);
  if (!body) return FromError(body.error());
  for (const auto& [key, value] : body->items()) {
    if (key != field) return BadRequest("unknown field '" + key + "'");
  }
  CommenterSanction sanction;
  std::string detail;
  if (action == "warn") {
    std::string note;
    if (auto it = body->find("note"); it != body->end() && !it->is_null()) {
      if (!it->is_string()) return BadRequest("'note' must be a string");
      note = std::string(Trim(it->get<std::string>()));
    }
    if (CountCodePoints(note) > kMaxModeratorNote) {
      return BadRequest("'note' must be at most " + std::to_string(kMaxModeratorNote) +
                        " characters");
    }
    sanction.warning = note;
    detail = note;
  } else if (action == "suspend") {
    auto it = body->find("days");
    if (it == body->end() || !it->is_number_integer() || it->get<int64_t>() < 1 ||
        it->get<int64_t>() > kMaxSuspensionDays) {
      return BadRequest("'days' must be a whole number from 1 to " +
                        std::to_string(kMaxSuspensionDays));
    }
    int64_t days = it->get<int64_t>();
    sanction.banned_until = ctx.now + days * 24 * 60 * 60;
    detail = std::to_string(days) + " days, until " + FormatRfc3339(*sanction.banned_until);
  } else if (action == "premoderate") {
    auto it = body->find("on");
    if (it == body->end() || !it->is_boolean()) return BadRequest("'on' must be true or false");
    sanction.always_premoderate = it->get<bool>();
    detail = *sanction.always_premoderate ? "on" : "off";
  } else if (action == "ban") {
    sanction.banned_until = kBannedForever;
  } else {
    sanction.banned_until = 0;
  }
  auto sanctioned = ctx.store.SanctionCommenter(id, sanction);
  if (!sanctioned) return FromError(sanctioned.error());
  Audit(ctx, request, who.actor, "commenter." + std::string(action),
        "commenter:" + std::to_string(id), detail);
  return Json(200, {{"commenter", CommenterJson(*sanctioned, ctx.now)}});
}

}  // namespace

Response HandleModerationApi(const HandlerContext& ctx, const Request& request,
                             const std::vector<std::string_view>& rest) {
  auto who = Authorize(ctx, request, Permission::kModerateComments);
  if (!who) return std::move(who.error());
  if (rest.size() == 1 && rest[0] == "queue") {
    if (request.method != Method::kGet && request.method != Method::kHead) {
      return MethodNotAllowed("GET, HEAD");
    }
    return Queue(ctx, request);
  }
  if (rest.size() == 1 && rest[0] == "bulk") {
    if (request.method != Method::kPost) return MethodNotAllowed("POST");
    return Bulk(ctx, request, *who);
  }
  return ApiError(404, "not_found", "no such API endpoint");
}

Response HandleCommentersApi(const HandlerContext& ctx, const Request& request,
                             const std::vector<std::string_view>& rest) {
  auto who = Authorize(ctx, request, Permission::kModerateComments);
  if (!who) return std::move(who.error());
  if (rest.empty() || rest.size() > 2) return ApiError(404, "not_found", "no such API endpoint");
  long long id = 0;
  if (!ParseNonNegative(rest[0], id) || id <= 0) {
    return ApiError(404, "not_found", "no commenter " + std::string(rest[0].substr(0, 40)));
  }
  if (rest.size() == 1) {
    if (request.method != Method::kGet && request.method != Method::kHead) {
      return MethodNotAllowed("GET, HEAD");
    }
    return Commenter(ctx, id);
  }
  if (request.method != Method::kPost) return MethodNotAllowed("POST");
  return Sanction(ctx, request, *who, id, rest[1]);
}

}  // namespace herald
