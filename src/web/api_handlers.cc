// The JSON API under /api/v1/: editions, sections and the newsroom's articles.
//
// Reads of published articles are public; everything else needs a signed-in
// principal whose role allows it (web/access.h): an API token
// ("Authorization: Bearer TOKEN", see `herald token create`) or a desk
// session. Errors are {"error": {"code", "message"}} with the matching
// HTTP status.
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <set>

#include "auth/api_token.h"
#include "common/text.h"
#include "core/dateline.h"
#include "core/slug.h"
#include "render/markdown.h"
#include "web/access.h"
#include "web/handlers.h"
#include "web/openapi.h"

namespace herald {

using nlohmann::json;

Response Json(int status, const json& body) {
  Response r{status,
             "application/json",
             {},
             body.dump(-1, ' ', false, json::error_handler_t::replace) + "\n"};
  r.AddHeader("Cache-Control", "no-store");
  return r;
}

Response ApiError(int status, std::string_view code, std::string_view message) {
  return Json(status, json{{"error", {{"code", code}, {"message", message}}}});
}

// The one place an ErrorCode becomes an HTTP status.
int HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return 400;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kTooLarge:
      return 413;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

Response FromError(const Error& e) {
  int status = HttpStatusFor(e.code);
  if (status >= 500) {
    spdlog::error("api: {}", e.message);
    return ApiError(status, ErrorCodeName(e.code), "the server could not complete the request");
  }
  return ApiError(status, ErrorCodeName(e.code), e.message);
}

Response Unauthorized() {
  Response r =
      ApiError(401, "unauthenticated",
               "sign in to the desk, or send a valid API token as 'Authorization: Bearer TOKEN'");
  r.AddHeader("WWW-Authenticate", "Bearer realm=\"herald\"");
  return r;
}

Response MethodNotAllowed(std::string_view allow) {
  Response r = ApiError(405, "method_not_allowed", "allowed methods: " + std::string(allow));
  r.AddHeader("Allow", std::string(allow));
  return r;
}

json TimeOrNull(UnixTime t) { return t == 0 ? json(nullptr) : json(FormatRfc3339(t)); }

namespace {

// Who an article's JSON is for: the desk sees who wrote and saved it, the
// public never does (those are staff sign-in names).
enum class Audience { kPublic, kDesk };

json ArticleJson(const HandlerContext& ctx, const Article& a, Audience audience) {
  json tags = json::array();
  for (const Tag& t : a.tags) tags.push_back(t.name);
  json j{
      {"id", a.id},
      {"edition", a.edition},
      {"section", a.section},
      {"tags", tags},
      {"headline", a.headline},
      {"slug", a.slug},
      {"lead", a.lead},
      {"body", a.body},
      {"image_url", a.image_url},
      {"image_caption", a.image_caption},
      {"byline", a.byline},
      {"status", StatusName(a.status)},
      {"created_at", TimeOrNull(a.created_at)},
      {"updated_at", TimeOrNull(a.updated_at)},
      {"published_at", TimeOrNull(a.published_at)},
      {"correction", a.correction},
      {"corrected_at", TimeOrNull(a.corrected_at)},
      {"translation_group", a.translation_group == 0 ? json(nullptr) : json(a.translation_group)},
      {"comments", a.comment_mode ? json(ModeName(*a.comment_mode)) : json(nullptr)},
      {"url", ctx.config.site.base_url + CanonicalPath(a)},
      {"image_credit", a.image_credit},
      {"revision", a.revision},
  };
  if (audience == Audience::kDesk) {
    j["author"] = a.author;
    j["updated_by"] = a.updated_by;
    j["submitted_at"] = TimeOrNull(a.submitted_at);
  }
  return j;
}

}  // namespace

// Parses the request body as a JSON object, with the checks every write shares.
Result<json> JsonBody(const HandlerContext& ctx, const Request& request, bool allow_empty) {
  if (request.body.size() > ctx.config.server.max_body_bytes) {
    return Fail(ErrorCode::kTooLarge, "request body is larger than " +
                                          std::to_string(ctx.config.server.max_body_bytes / 1024) +
                                          " KiB");
  }
  if (allow_empty && Trim(request.body).empty()) return json::object();
  std::string_view type = request.Header("content-type");
  if (!AsciiLower(type).starts_with("application/json")) {
    return Fail(ErrorCode::kInvalidArgument, "Content-Type must be application/json");
  }
  json body = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded())
    return Fail(ErrorCode::kInvalidArgument, "request body is not valid JSON");
  if (!body.is_object())
    return Fail(ErrorCode::kInvalidArgument, "request body must be a JSON object");
  return body;
}

namespace {

Result<std::string> StringField(const json& body, const char* key) {
  const json& v = body.at(key);
  if (!v.is_string()) {
    return Fail(ErrorCode::kInvalidArgument, std::string("'") + key + "' must be a string");
  }
  return v.get<std::string>();
}

Result<NewsId> IdField(const json& body, const char* key) {
  const json& v = body.at(key);
  if (!v.is_number_integer() || v.get<int64_t>() <= 0 || v.get<int64_t>() > kMaxNewsId) {
    return Fail(ErrorCode::kInvalidArgument, std::string("'") + key +
                                                 "' must be a whole number from 1 to " +
                                                 std::to_string(kMaxNewsId));
  }
  return v.get<int64_t>();
}

// Copies the editable fields present in `body` onto `a`. Unknown fields are
// an error, so a misspelt field is never silently ignored.
Result<void> ApplyFields(const HandlerContext& ctx, const json& body, bool creating, Article& a) {
  static const std::set<std::string> kEditable = {
      "section",       "tags",         "headline", "lead",       "body",           "image_url",
      "image_caption", "image_credit", "byline",   "correction", "translation_of", "comments"};
  for (const auto& [key, value] : body.items()) {
    bool create_only = key == "edition" || key == "id";
    if (!kEditable.contains(key) && !(creating && create_only)) {
      if (create_only) {
        return Fail(ErrorCode::kInvalidArgument, "'" + key + "' cannot be changed");
      }
      return Fail(ErrorCode::kInvalidArgument, "unknown field '" + key + "'");
    }
  }
  auto text = [&](const char* key, std::string& out) -> Result<void> {
    if (!body.contains(key)) return {};
    auto v = StringField(body, key);
    if (!v) return std::unexpected(v.error());
    out = std::move(*v);
    return {};
  };
  HERALD_RETURN_IF_ERROR(text("edition", a.edition));
  HERALD_RETURN_IF_ERROR(text("section", a.section));
  HERALD_RETURN_IF_ERROR(text("headline", a.headline));
  HERALD_RETURN_IF_ERROR(text("lead", a.lead));
  HERALD_RETURN_IF_ERROR(text("body", a.body));
  HERALD_RETURN_IF_ERROR(text("image_url", a.image_url));
  HERALD_RETURN_IF_ERROR(text("image_caption", a.image_caption));
  HERALD_RETURN_IF_ERROR(text("image_credit", a.image_credit));
  HERALD_RETURN_IF_ERROR(text("byline", a.byline));
  if (body.contains("comments")) {
    // null: the edition's policy decides; else "post", "pre" or "closed".
    const json& v = body.at("comments");
    if (v.is_null()) {
      a.comment_mode.reset();
    } else if (auto mode = v.is_string() ? ParseCommentMode(v.get<std::string>()) : std::nullopt) {
      a.comment_mode = mode;
    } else {
      return Fail(ErrorCode::kInvalidArgument,
                  "'comments' must be \"post\", \"pre\", \"closed\" or null");
    }
  }
  if (body.contains("correction")) {
    std::string before = a.correction;
    HERALD_RETURN_IF_ERROR(text("correction", a.correction));
    if (a.correction != before) a.corrected_at = a.correction.empty() ? 0 : ctx.now;
  }
  if (body.contains("id")) {
    auto id = IdField(body, "id");
    if (!id) return std::unexpected(id.error());
    a.id = *id;
  }
  if (body.contains("tags")) {
    const json& tags = body.at("tags");
    if (!tags.is_array())
      return Fail(ErrorCode::kInvalidArgument, "'tags' must be an array of strings");
    std::vector<std::string> names;
    for (const json& t : tags) {
      if (!t.is_string())
        return Fail(ErrorCode::kInvalidArgument, "'tags' must be an array of strings");
      names.push_back(t.get<std::string>());
    }
    auto made = MakeTags(names);
    if (!made) return std::unexpected(made.error());
    a.tags = std::move(*made);
  }
  if (body.contains("translation_of")) {
    const json& v = body.at("translation_of");
    if (v.is_null()) {
      a.translation_group = 0;
    } else {
      auto id = IdField(body, "translation_of");
      if (!id) return std::unexpected(id.error());
      auto original = ctx.store.GetArticle(*id);
      if (!original) {
        if (original.error().code == ErrorCode::kNotFound) {
          return Fail(ErrorCode::kInvalidArgument,
                      "'translation_of': article " + std::to_string(*id) + " does not exist");
        }
        return std::unexpected(original.error());
      }
      if (original->edition == a.edition) {
        return Fail(ErrorCode::kInvalidArgument,
                    "'translation_of' must name an article in another edition");
      }
      NewsId group = StoryOf(*original);
      // A story has at most one version per edition.
      auto members = ctx.store.ListTranslations(group);
      if (!members) return std::unexpected(members.error());
      for (const Article& m : *members) {
        if (m.edition == a.edition && m.id != a.id) {
          return Fail(ErrorCode::kInvalidArgument,
                      "'translation_of': the story already has a version in edition '" + a.edition +
                          "' (News ID " + std::to_string(m.id) + ")");
        }
      }
      // The original founds the group by being named; it is not rewritten.
      a.translation_group = group;
    }
  }
  a.headline = std::string(Trim(a.headline));
  a.slug = MakeSlug(a.headline);
  if (body.contains("body") || a.body_html.empty()) RenderBody(a);
  return ValidateArticle(a, ctx.config.editions);
}

Result<NewsId> PathId(std::string_view segment) {
  long long id = 0;
  if (!ParseNonNegative(segment, id) || id == 0) {
    return Fail(ErrorCode::kNotFound,
                "no article with id '" + std::string(segment.substr(0, 40)) + "'");
  }
  return id;
}

Response ListEditions(const HandlerContext& ctx) {
  json editions = json::array();
  for (const Edition& e : ctx.config.editions) {
    auto sections = ctx.store.ListSections(e.code);
    if (!sections) return FromError(sections.error());
    json s = json::array();
    for (const Section& sec : *sections) {
      s.push_back({{"slug", sec.slug}, {"name", sec.name}, {"position", sec.position}});
    }
    editions.push_back({{"code", e.code},
                        {"name", e.name},
                        {"language", e.language},
                        {"direction", DirectionName(e.direction)},
                        {"time_zone", e.time_zone},
                        {"comment_languages", e.comment_languages},
                        {"house_rules", e.house_rules},
                        {"default", e.code == ctx.config.site.default_edition},
                        {"url", ctx.config.site.base_url + "/" + e.code + "/"},
                        {"sections", s}});
  }
  Response r = Json(200, json{{"editions", editions}});
  return r;
}

Response PutSection(const HandlerContext& ctx, const Request& request, std::string_view edition) {
  if (FindEdition(ctx.config.editions, edition) == nullptr) {
    return ApiError(404, "not_found",
                    "edition '" + std::string(edition.substr(0, 40)) + "' does not exist");
  }
  auto body = JsonBody(ctx, request, false);
  if (!body) return FromError(body.error());
  Section s;
  s.edition = std::string(edition);
  for (const auto& [key, value] : body->items()) {
    if (key != "slug" && key != "name" && key != "position") {
      return ApiError(400, "invalid_argument", "unknown field '" + key + "'");
    }
  }
  if (!body->contains("slug") || !body->contains("name")) {
    return ApiError(400, "invalid_argument", "'slug' and 'name' are required");
  }
  auto slug = StringField(*body, "slug");
  auto name = StringField(*body, "name");
  if (!slug) return FromError(slug.error());
  if (!name) return FromError(name.error());
  s.slug = *slug;
  s.name = std::string(Trim(*name));
  if (body->contains("position")) {
    if (!(*body)["position"].is_number_integer()) {
      return ApiError(400, "invalid_argument", "'position' must be an integer");
    }
    s.position = (*body)["position"].get<int>();
  }
  if (auto ok = ValidateSectionSlug(s.slug); !ok) return FromError(ok.error());
  if (s.name.empty() || !IsValidUtf8(s.name) || CountCodePoints(s.name) > 100) {
    return ApiError(400, "invalid_argument", "'name' must be 1-100 characters of valid UTF-8");
  }
  if (auto ok = ctx.store.PutSection(s); !ok) return FromError(ok.error());
  return Json(
      200, {{"edition", s.edition}, {"slug", s.slug}, {"name", s.name}, {"position", s.position}});
}

// The desk and the public share this list. Anonymous readers see the
// published articles of one edition; whoever may read drafts sees every
// status unless `status` narrows it, and may filter by author, text and
// review state, across editions with an empty `edition`.
Response ListArticles(const HandlerContext& ctx, const Request& request, const Principal& who) {
  const bool desk = who.Can(Permission::kReadDrafts);
  ArticleQuery q;
  q.with_tags = true;
  q.edition = std::string(request.Query("edition").value_or(ctx.config.site.default_edition));
  if (!(desk && q.edition.empty()) && FindEdition(ctx.config.editions, q.edition) == nullptr) {
    return ApiError(404, "not_found", "edition '" + q.edition.substr(0, 40) + "' does not exist");
  }
  if (auto s = request.Query("section"); s && !s->empty()) q.section = std::string(*s);
  if (auto t = request.Query("tag"); t && !t->empty()) q.tag = std::string(*t);
  if (!desk) q.status = ArticleStatus::kPublished;
  if (auto s = request.Query("status"); s && !s->empty()) {
    auto status = ParseStatus(*s);
    if (!status)
      return ApiError(400, "invalid_argument",
                      "unknown status; use draft, scheduled, published or unpublished");
    if (*status != ArticleStatus::kPublished && !desk) {
      return who.signed_in() ? Forbidden(Permission::kReadDrafts) : Unauthorized();
    }
    q.status = status;
  }
  if (desk) {
    if (auto a = request.Query("author"); a && !a->empty()) q.author = std::string(*a);
    if (auto t = request.Query("q"); t && !Trim(*t).empty()) {
      if (t->size() > 200) return ApiError(400, "invalid_argument", "'q' is over 200 bytes");
      q.text = std::string(Trim(*t));
    }
    if (auto sub = request.Query("submitted"); sub && !sub->empty()) {
      if (*sub != "true" && *sub != "false") {
        return ApiError(400, "invalid_argument", "'submitted' must be true or false");
      }
      q.submitted = *sub == "true";
    }
  }
  if (auto o = request.Query("order"); o && !o->empty()) {
    if (*o == "updated") {
      q.order = ArticleOrder::kRecentlyUpdated;
    } else if (*o != "published") {
      return ApiError(400, "invalid_argument", "'order' must be published or updated");
    }
  }
  long long limit = 20, page = 1;
  if (auto l = request.Query("limit");
      l && (!ParseNonNegative(*l, limit) || limit < 1 || limit > 100)) {
    return ApiError(400, "invalid_argument", "'limit' must be between 1 and 100");
  }
  if (auto p = request.Query("page");
      p && (!ParseNonNegative(*p, page) || page < 1 || page > 1000000)) {
    return ApiError(400, "invalid_argument", "'page' must be a whole number from 1");
  }
  q.limit = static_cast<int>(limit);
  q.offset = static_cast<int>((page - 1) * limit);
  auto result = ctx.store.ListArticles(q);
  if (!result) return FromError(result.error());
  json items = json::array();
  const Audience audience = desk ? Audience::kDesk : Audience::kPublic;
  for (const Article& a : result->items) items.push_back(ArticleJson(ctx, a, audience));
  return Json(200, json{{"articles", items}, {"page", page}, {"has_more", result->has_more}});
}

std::string ArticleTarget(NewsId id) { return "article:" + std::to_string(id); }

Response CreateArticle(const HandlerContext& ctx, const Request& request, const Principal& who) {
  auto body = JsonBody(ctx, request, false);
  if (!body) return FromError(body.error());
  for (const char* required : {"edition", "section", "headline"}) {
    if (!body->contains(required)) {
      return ApiError(400, "invalid_argument", std::string("'") + required + "' is required");
    }
  }
  if ((body->contains("correction") || body->contains("comments")) &&
      !who.Can(Permission::kPublishArticles)) {
    return Forbidden(Permission::kPublishArticles);
  }
  Article a;
  a.status = ArticleStatus::kDraft;
  a.created_at = a.updated_at = ctx.now;
  a.author = a.updated_by = who.actor;
  if (auto ok = ApplyFields(ctx, *body, true, a); !ok) return FromError(ok.error());
  auto created = ctx.store.CreateArticle(a);
  if (!created) return FromError(created.error());
  Audit(ctx, request, who.actor, "article.create", ArticleTarget(created->id), created->headline);
  Response r = Json(201, ArticleJson(ctx, *created, Audience::kDesk));
  r.AddHeader("Location", "/api/v1/articles/" + std::to_string(created->id));
  return r;
}

// Saves `a` as changed by `who`, refusing (409) when someone else saved it
// since the revision the caller read.
Response SaveArticle(const HandlerContext& ctx, const Request& request, const Principal& who,
                     Article a, std::string_view action, std::string_view detail) {
  a.updated_at = ctx.now;
  a.updated_by = who.actor;
  auto updated = ctx.store.UpdateArticle(a);
  if (!updated) {
    if (updated.error().code == ErrorCode::kConflict) {
      return ApiError(409, "conflict",
                      "the article was changed by someone else while you had it open; reload it, "
                      "then make your change again");
    }
    return FromError(updated.error());
  }
  Audit(ctx, request, who.actor, action, ArticleTarget(updated->id), detail);
  return Json(200, ArticleJson(ctx, *updated, Audience::kDesk));
}

// The revision the editor read, when the body names it: a save against an
// older one is refused rather than silently undoing someone else's change.
Result<void> CheckRevision(json& body, const Article& stored) {
  auto it = body.find("revision");
  if (it == body.end()) return {};
  if (!it->is_number_integer()) {
    return Fail(ErrorCode::kInvalidArgument, "'revision' must be an integer");
  }
  const int64_t read = it->get<int64_t>();
  body.erase(it);
  if (read != stored.revision) {
    return Fail(ErrorCode::kConflict,
                "the article was changed by " +
                    (stored.updated_by.empty() ? std::string("someone else") : stored.updated_by) +
                    " at " + FormatRfc3339(stored.updated_at) + " (revision " +
                    std::to_string(stored.revision) + ", you opened revision " +
                    std::to_string(read) + "); reload it, then make your change again");
  }
  return {};
}

Response UpdateArticle(const HandlerContext& ctx, const Request& request, const Principal& who,
                       Article a) {
  auto body = JsonBody(ctx, request, false);
  if (!body) return FromError(body.error());
  const bool editor = who.Can(Permission::kPublishArticles);
  if (!editor && a.status != ArticleStatus::kDraft) {
    return ApiError(
        403, "forbidden",
        "only an editor can change an article that is " + std::string(StatusName(a.status)));
  }
  if (!editor && (body->contains("correction") || body->contains("comments"))) {
    return Forbidden(Permission::kPublishArticles);
  }
  if (auto ok = CheckRevision(*body, a); !ok) return FromError(ok.error());
  // A form that sends every field back sends the edition too: unchanged, it
  // is no change.
  if (auto it = body->find("edition"); it != body->end() && *it == a.edition) body->erase(it);
  const std::string correction_before = a.correction;
  if (auto ok = ApplyFields(ctx, *body, false, a); !ok) return FromError(ok.error());
  const bool corrected = a.correction != correction_before && !a.correction.empty();
  const std::string detail = corrected ? a.correction : std::string();
  return SaveArticle(ctx, request, who, std::move(a),
                     corrected ? "article.correct" : "article.update", detail);
}

// The optional body of submit and unpublish: {"revision": N} refuses the
// action (409) if the article was saved since revision N.
Result<void> RevisionOnlyBody(const HandlerContext& ctx, const Request& request, const Article& a) {
  auto body = JsonBody(ctx, request, true);
  if (!body) return std::unexpected(body.error());
  HERALD_RETURN_IF_ERROR(CheckRevision(*body, a));
  if (!body->empty()) {
    return Fail(ErrorCode::kInvalidArgument, "unknown field '" + body->begin().key() + "'");
  }
  return {};
}

Response Submit(const HandlerContext& ctx, const Request& request, const Principal& who,
                Article a) {
  if (auto ok = RevisionOnlyBody(ctx, request, a); !ok) return FromError(ok.error());
  if (a.status != ArticleStatus::kDraft) {
    return ApiError(409, "conflict", "only a draft can be submitted for review");
  }
  a.submitted_at = ctx.now;
  return SaveArticle(ctx, request, who, std::move(a), "article.submit", "");
}

Response Publish(const HandlerContext& ctx, const Request& request, const Principal& who,
                 Article a) {
  auto body = JsonBody(ctx, request, true);
  if (!body) return FromError(body.error());
  if (auto ok = CheckRevision(*body, a); !ok) return FromError(ok.error());
  for (const auto& [key, value] : body->items()) {
    if (key != "at") return ApiError(400, "invalid_argument", "unknown field '" + key + "'");
  }
  UnixTime at = 0;
  if (body->contains("at")) {
    auto text = StringField(*body, "at");
    if (!text) return FromError(text.error());
    auto parsed = ParseRfc3339(*text);
    if (!parsed) return FromError(parsed.error());
    at = *parsed;
  }
  if (at > ctx.now) {
    a.status = ArticleStatus::kScheduled;
    a.published_at = at;
  } else {
    a.status = ArticleStatus::kPublished;
    // Republishing keeps the original dateline unless a time is given.
    if (at != 0) {
      a.published_at = at;
    } else if (a.published_at == 0 || a.published_at > ctx.now) {
      a.published_at = ctx.now;
    }
  }
  a.submitted_at = 0;
  const bool scheduled = a.status == ArticleStatus::kScheduled;
  const std::string when = FormatRfc3339(a.published_at);
  return SaveArticle(ctx, request, who, std::move(a),
                     scheduled ? "article.schedule" : "article.publish", when);
}

Response Unpublish(const HandlerContext& ctx, const Request& request, const Principal& who,
                   Article a) {
  if (auto ok = RevisionOnlyBody(ctx, request, a); !ok) return FromError(ok.error());
  a.status = ArticleStatus::kUnpublished;
  return SaveArticle(ctx, request, who, std::move(a), "article.unpublish", "");
}

Response SetCommentMode(const HandlerContext& ctx, const Request& request, const Principal& who,
                        Article a) {
  auto body = JsonBody(ctx, request, false);
  if (!body) return FromError(body.error());
  if (body->size() != 1 || !body->contains("mode")) {
    return ApiError(400, "invalid_argument",
                    "send {\"mode\": \"post\" | \"pre\" | \"closed\" | null}");
  }
  const json& v = body->at("mode");
  if (v.is_null()) {
    a.comment_mode.reset();
  } else if (auto mode = v.is_string() ? ParseCommentMode(v.get<std::string>()) : std::nullopt) {
    a.comment_mode = mode;
  } else {
    return ApiError(400, "invalid_argument",
                    "'mode' must be \"post\", \"pre\", \"closed\" or null");
  }
  const std::string detail = a.comment_mode ? std::string(ModeName(*a.comment_mode)) : "edition";
  return SaveArticle(ctx, request, who, std::move(a), "article.comment_mode", detail);
}

json RevisionJson(const HandlerContext& ctx, const ArticleRevision& r) {
  json j = ArticleJson(ctx, r.article, Audience::kDesk);
  j["revision"] = r.revision;
  j["at"] = TimeOrNull(r.at);
  j["by"] = r.by;
  return j;
}

Response Revisions(const HandlerContext& ctx, const Request& request, NewsId id,
                   const std::vector<std::string_view>& rest) {
  if (request.method != Method::kGet && request.method != Method::kHead) {
    return MethodNotAllowed("GET, HEAD");
  }
  if (rest.empty()) {
    auto revisions = ctx.store.ListRevisions(id);
    if (!revisions) return FromError(revisions.error());
    json items = json::array();
    for (const ArticleRevision& r : *revisions) {
      items.push_back({{"revision", r.revision},
                       {"at", TimeOrNull(r.at)},
                       {"by", r.by},
                       {"status", StatusName(r.article.status)},
                       {"headline", r.article.headline}});
    }
    return Json(200, json{{"article_id", id}, {"revisions", items}});
  }
  long long number = 0;
  if (rest.size() != 1 || !ParseNonNegative(rest[0], number)) {
    return ApiError(404, "not_found", "no such revision");
  }
  auto revision = ctx.store.GetRevision(id, number);
  if (!revision) return FromError(revision.error());
  return Json(200, RevisionJson(ctx, *revision));
}

Response Articles(const HandlerContext& ctx, const Request& request,
                  const std::vector<std::string_view>& rest) {
  const bool is_get = request.method == Method::kGet || request.method == Method::kHead;
  Principal reader;
  if (is_get) {
    auto who = Identify(ctx, request);
    if (!who) return FromError(who.error());
    reader = std::move(*who);
  }
  // Every write needs at least the right to write articles; the handlers
  // below ask for more where the action needs it.
  auto writer = [&](Permission p) { return Authorize(ctx, request, p); };

  if (rest.empty()) {
    if (is_get) return ListArticles(ctx, request, reader);
    if (request.method != Method::kPost) return MethodNotAllowed("GET, HEAD, POST");
    auto who = writer(Permission::kWriteArticles);
    if (!who) return std::move(who.error());
    return CreateArticle(ctx, request, *who);
  }
  auto id = PathId(rest[0]);
  if (!id) return FromError(id.error());
  if (rest.size() > 3) return ApiError(404, "not_found", "no such API endpoint");
  auto article = ctx.store.GetArticle(*id);
  if (!article) return FromError(article.error());
  if (is_get && !IsPublic(*article) && !reader.Can(Permission::kReadDrafts)) {
    return ApiError(404, "not_found", "article " + std::to_string(*id) + " not found");
  }

  if (rest.size() == 1) {
    if (is_get) {
      const bool desk = reader.Can(Permission::kReadDrafts);
      return Json(200, ArticleJson(ctx, *article, desk ? Audience::kDesk : Audience::kPublic));
    }
    if (request.method != Method::kPatch) return MethodNotAllowed("GET, HEAD, PATCH");
    auto who = writer(Permission::kWriteArticles);
    if (!who) return std::move(who.error());
    return UpdateArticle(ctx, request, *who, std::move(*article));
  }
  if (rest[1] == "revisions") {
    if (!is_get) return MethodNotAllowed("GET, HEAD");
    if (!reader.Can(Permission::kReadDrafts)) {
      return reader.signed_in() ? Forbidden(Permission::kReadDrafts) : Unauthorized();
    }
    return Revisions(ctx, request, *id, {rest.begin() + 2, rest.end()});
  }
  if (rest.size() != 2) return ApiError(404, "not_found", "no such API endpoint");
  if (request.method != Method::kPost) return MethodNotAllowed("POST");
  if (rest[1] == "publish" || rest[1] == "unpublish") {
    auto who = writer(Permission::kPublishArticles);
    if (!who) return std::move(who.error());
    if (rest[1] == "publish") return Publish(ctx, request, *who, std::move(*article));
    return Unpublish(ctx, request, *who, std::move(*article));
  }
  if (rest[1] == "submit") {
    auto who = writer(Permission::kWriteArticles);
    if (!who) return std::move(who.error());
    return Submit(ctx, request, *who, std::move(*article));
  }
  if (rest[1] == "comment-mode") {
    auto who = RequireSignedIn(ctx, request);
    if (!who) return std::move(who.error());
    if (!who->Can(Permission::kModerateComments) && !who->Can(Permission::kPublishArticles)) {
      return Forbidden(Permission::kModerateComments);
    }
    return SetCommentMode(ctx, request, *who, std::move(*article));
  }
  return ApiError(404, "not_found", "no such API endpoint");
}

// POST /api/v1/preview: the public article page as the fields would make
// it, for the editor's live preview. Nothing is stored.
Response Preview(const HandlerContext& ctx, const Request& request) {
  if (request.method != Method::kPost) return MethodNotAllowed("POST");
  auto who = Authorize(ctx, request, Permission::kWriteArticles);
  if (!who) return std::move(who.error());
  auto body = JsonBody(ctx, request, false);
  if (!body) return FromError(body.error());
  Article a;
  if (auto it = body->find("id"); it != body->end()) {
    if (!it->is_number_integer())
      return ApiError(400, "invalid_argument", "'id' must be an integer");
    auto stored = ctx.store.GetArticle(it->get<int64_t>());
    if (!stored) return FromError(stored.error());
    a = std::move(*stored);
    body->erase(it);
    body->erase("edition");
  } else {
    for (const char* required : {"edition", "section", "headline"}) {
      if (!body->contains(required)) {
        return ApiError(400, "invalid_argument", std::string("'") + required + "' is required");
      }
    }
  }
  body->erase("revision");
  if (auto ok = ApplyFields(ctx, *body, a.id == 0, a); !ok) return FromError(ok.error());
  if (a.published_at == 0) a.published_at = ctx.now;
  const Edition* edition = FindEdition(ctx.config.editions, a.edition);
  if (edition == nullptr) return ApiError(400, "invalid_argument", "unknown edition");
  // Without a comment service the page shows no form: a preview takes none.
  HandlerContext preview{ctx.config, ctx.store, ctx.now, nullptr, ctx.keys};
  Response page = ArticlePage(preview, *edition, a, CommentsView{}, 200);
  return Json(200, json{{"html", page.body}});
}

}  // namespace

Response HandleApi(const HandlerContext& ctx, const Request& request,
                   const std::vector<std::string_view>& segments) {
  if (segments.empty())
    return ApiError(404, "not_found", "no such API endpoint; see /api/v1/editions");
  if (segments[0] == "editions") {
    if (segments.size() == 1) {
      if (request.method != Method::kGet && request.method != Method::kHead) {
        return MethodNotAllowed("GET, HEAD");
      }
      return ListEditions(ctx);
    }
    if (segments.size() == 3 && segments[2] == "sections") {
      if (request.method != Method::kPost) return MethodNotAllowed("POST");
      auto who = Authorize(ctx, request, Permission::kManageSections);
      if (!who) return std::move(who.error());
      Response r = PutSection(ctx, request, segments[1]);
      if (r.status == 200) {
        Audit(ctx, request, who->actor, "section.put", "edition:" + std::string(segments[1]),
              Trim(r.body));
      }
      return r;
    }
  }
  if (segments[0] == "articles" && segments.size() == 3 && segments[2] == "comments") {
    return HandleArticleCommentsApi(ctx, request, segments[1]);
  }
  if (segments[0] == "articles") {
    return Articles(ctx, request, {segments.begin() + 1, segments.end()});
  }
  if (segments[0] == "comments") {
    return HandleCommentsApi(ctx, request, {segments.begin() + 1, segments.end()});
  }
  if (segments[0] == "moderation") {
    return HandleModerationApi(ctx, request, {segments.begin() + 1, segments.end()});
  }
  if (segments[0] == "commenters") {
    return HandleCommentersApi(ctx, request, {segments.begin() + 1, segments.end()});
  }
  if (segments[0] == "openapi.json" && segments.size() == 1) return HandleOpenApi(request);
  if (segments[0] == "search" && segments.size() == 1) return HandleSearchApi(ctx, request);
  if (segments[0] == "preview" && segments.size() == 1) return Preview(ctx, request);
  if (segments[0] == "media" && segments.size() == 1) return HandleMediaUpload(ctx, request);
  if (auto r = HandleAccountsApi(ctx, request, segments)) return std::move(*r);
  if (segments[0] == "ninjs") {
    return HandleNinjsApi(ctx, request, {segments.begin() + 1, segments.end()});
  }
  return ApiError(404, "not_found", "no such API endpoint");
}

}  // namespace herald
