// Public pages: edition fronts, section and tag pages, articles, redirects.
#include <spdlog/spdlog.h>

#include <variant>

#include "auth/keyed_hash.h"
#include "common/text.h"
#include "core/slug.h"
#include "render/pages.h"
#include "render/ui_strings.h"
#include "web/handlers.h"

namespace herald {
namespace {

constexpr int kRelatedCount = 5;

// Public pages: fresh for a minute in browsers and front caches, which may
// serve a stale copy for five more while they fetch the new one (or for a
// day if Herald is down). Herald's own page cache drops a page the moment
// it changes; a front cache learns of it by purge or within the minute.
Response WithPageCaching(Response r, std::vector<std::string> tags) {
  r.AddHeader("Cache-Control",
              "public, max-age=60, stale-while-revalidate=300, stale-if-error=86400");
  r.cache_tags = std::move(tags);
  return r;
}

PageChrome Chrome(const HandlerContext& ctx, const Edition& edition) {
  PageChrome c;
  c.site_name = ctx.config.site.name;
  c.base_url = ctx.config.site.base_url;
  c.edition = &edition;
  c.editions = &ctx.config.editions;
  c.default_edition = ctx.config.site.default_edition;
  c.logo_url = ctx.config.site.logo_url;
  c.logo_width = ctx.config.site.logo_width;
  c.logo_height = ctx.config.site.logo_height;
  if (auto sections = ctx.store.ListSections(edition.code)) c.sections = std::move(*sections);
  return c;
}

Response MethodNotAllowed() {
  Response r = Response::Text(405, "Only GET and HEAD are allowed here.\n");
  r.AddHeader("Allow", "GET, HEAD");
  return r;
}

// Reads ?page=N (1-based). Returns 0 when the parameter is malformed.
int PageNumber(const Request& request) {
  auto p = request.Query("page");
  if (!p) return 1;
  long long n = 0;
  if (!ParseNonNegative(*p, n) || n < 1 || n > 100000) return 0;
  return static_cast<int>(n);
}

std::string PagePath(const std::string& base, int page) {
  return page <= 1 ? base : base + "?page=" + std::to_string(page);
}

Response ListPage(const HandlerContext& ctx, const Request& request, const Edition& edition,
                  ArticleQuery query, std::string heading, std::string title,
                  const std::string& base_path, std::string current_section) {
  int page = PageNumber(request);
  if (page == 0) {
    Response r = Response::Text(400, "The page parameter must be a whole number from 1.\n");
    return r;
  }
  query.status = ArticleStatus::kPublished;
  query.limit = ctx.config.site.page_size;
  query.offset = (page - 1) * ctx.config.site.page_size;
  auto result = ctx.store.ListArticles(query);
  if (!result) {
    spdlog::error("listing {}: {}", base_path, result.error().message);
    return ErrorPage(ctx, 503);
  }
  if (result->items.empty() && page > 1) return NotFoundPage(ctx, edition.code);

  PageChrome chrome = Chrome(ctx, edition);
  chrome.current_section = std::move(current_section);
  ListView view;
  view.heading = std::move(heading);
  view.title = page > 1 ? title + " - " + std::string(StringsFor(edition.language).page) + " " +
                              std::to_string(page)
                        : std::move(title);
  view.canonical_path = PagePath(base_path, page);
  view.items = std::move(result->items);
  std::vector<NewsId> ids;
  ids.reserve(view.items.size());
  for (const Article& a : view.items) ids.push_back(a.id);
  if (auto counts = ctx.store.CountPublishedComments(ids)) view.comment_counts = std::move(*counts);
  if (page > 1) view.newer_path = PagePath(base_path, page - 1);
  if (result->has_more) view.older_path = PagePath(base_path, page + 1);
  // The list shows each item's comment count, so a comment on one of them
  // changes it too.
  std::vector<std::string> tags = {EditionCacheTag(edition.code)};
  for (NewsId id : ids) tags.push_back(ArticleCacheTag(id));
  return WithPageCaching(Response::Html(200, RenderListPage(chrome, view)), std::move(tags));
}

Response Front(const HandlerContext& ctx, const Request& request, const Edition& edition) {
  ArticleQuery q;
  q.edition = edition.code;
  std::string latest(StringsFor(edition.language).latest);
  return ListPage(ctx, request, edition, q, latest,
                  PageNumber(request) > 1 ? latest : std::string(), "/" + edition.code + "/", "");
}

Response SectionPage(const HandlerContext& ctx, const Request& request, const Edition& edition,
                     const Section& section) {
  ArticleQuery q;
  q.edition = edition.code;
  q.section = section.slug;
  return ListPage(ctx, request, edition, q, section.name, section.name,
                  "/" + edition.code + "/" + section.slug + "/", section.slug);
}

Response TagPage(const HandlerContext& ctx, const Request& request, const Edition& edition,
                 std::string_view tag_slug) {
  ArticleQuery q;
  q.edition = edition.code;
  q.tag = std::string(tag_slug);
  q.limit = 1;
  q.with_tags = true;
  q.status = ArticleStatus::kPublished;
  // The tag's display name comes from an article that carries it.
  auto first = ctx.store.ListArticles(q);
  if (!first) return ErrorPage(ctx, 503);
  if (first->items.empty()) return NotFoundPage(ctx, edition.code);
  std::string name(tag_slug);
  for (const Tag& t : first->items.front().tags) {
    if (t.slug == tag_slug) name = t.name;
  }
  q.with_tags = false;
  std::string heading = std::string(StringsFor(edition.language).tag_heading) + name;
  return ListPage(ctx, request, edition, q, heading, heading,
                  "/" + edition.code + "/tag/" + std::string(tag_slug) + "/", "");
}

// Returns the public article `id_text` names, or the response to send instead.
std::variant<Article, Response> PublicArticle(const HandlerContext& ctx, std::string_view id_text,
                                              std::string_view edition_code) {
  long long id = 0;
  if (!ParseNonNegative(id_text, id) || id == 0) return NotFoundPage(ctx, edition_code);
  auto article = ctx.store.GetArticle(id);
  if (!article) {
    if (article.error().code == ErrorCode::kNotFound) return NotFoundPage(ctx, edition_code);
    spdlog::error("reading article {}: {}", id, article.error().message);
    return ErrorPage(ctx, 503);
  }
  if (!IsPublic(*article) || FindEdition(ctx.config.editions, article->edition) == nullptr) {
    return NotFoundPage(ctx, edition_code);
  }
  return std::move(*article);
}

}  // namespace

Response ArticlePage(const HandlerContext& ctx, const Edition& edition, const Article& article,
                     CommentsView comments, int status) {
  PageChrome chrome = Chrome(ctx, edition);
  chrome.current_section = article.section;
  ArticleView view;
  view.article = &article;
  for (const Section& s : chrome.sections) {
    if (s.slug == article.section) view.section = &s;
  }
  ArticleQuery related;
  related.edition = edition.code;
  related.status = ArticleStatus::kPublished;
  related.exclude = article.id;
  related.limit = kRelatedCount;
  if (auto page = ctx.store.ListArticles(related)) view.related = std::move(page->items);
  if (auto t = ctx.store.ListTranslations(StoryOf(article))) view.translations = std::move(*t);
  view.comments = std::move(comments);
  // The latest 500, shown oldest first: a long thread keeps its newest part.
  if (auto list = ctx.store.ListComments(
          CommentQuery{article.id, CommentStatus::kPublished, 500, 0, true})) {
    view.comments.comments.assign(list->rbegin(), list->rend());
  }
  if (ctx.comments != nullptr) {
    view.comments.mode = ctx.comments->ModeFor(article);
    view.comments.form_token =
        IssueFormToken(ctx.comments->form_key(), std::to_string(article.id), ctx.now);
  } else {
    view.comments.mode = CommentMode::kClosed;
  }
  Response r = Response::Html(status, RenderArticlePage(chrome, view));
  if (status != 200 || view.comments.notice) {
    // An answer to one commenter's form is theirs alone.
    r.AddHeader("Cache-Control", "no-store");
    return r;
  }
  // The page shows the article, its comments, the story's other editions
  // and the edition's latest stories.
  return WithPageCaching(std::move(r),
                         {ArticleCacheTag(article.id), StoryCacheTag(StoryOf(article)),
                          EditionCacheTag(edition.code)});
}

Response NotFoundPage(const HandlerContext& ctx, std::string_view edition_code) {
  const Edition* edition = FindEdition(ctx.config.editions, edition_code);
  if (edition == nullptr) edition = &ctx.config.DefaultEdition();
  const UiStrings& s = StringsFor(edition->language);
  Response r = Response::Html(
      404, RenderErrorPage(Chrome(ctx, *edition), s.not_found_title, s.not_found_text));
  r.AddHeader("Cache-Control", "public, max-age=30");
  return r;
}

Response ErrorPage(const HandlerContext& ctx, int status) {
  const Edition& edition = ctx.config.DefaultEdition();
  const UiStrings& s = StringsFor(edition.language);
  PageChrome chrome;
  chrome.site_name = ctx.config.site.name;
  chrome.base_url = ctx.config.site.base_url;
  chrome.edition = &edition;
  chrome.editions = &ctx.config.editions;
  Response r = Response::Html(status, RenderErrorPage(chrome, s.error_title, s.error_text));
  r.AddHeader("Cache-Control", "no-store");
  return r;
}

namespace {

// After the form's redirect, the query says what happened:
// ?comment=ID&posted=STATUS&reasons=a,b, or ?reported=ID.
std::optional<CommentNotice> NoticeFromQuery(const Request& request, const Edition& edition) {
  const UiStrings& s = StringsFor(edition.language);
  if (request.Query("reported")) return CommentNotice{"reported", {}, 0};
  auto posted = request.Query("posted");
  if (!posted) return std::nullopt;
  auto status = ParseCommentStatus(*posted);
  if (!status) return std::nullopt;
  CommentNotice notice{std::string(StatusName(*status)), {}, 0};
  long long id = 0;
  if (auto c = request.Query("comment"); c && ParseNonNegative(*c, id)) notice.comment_id = id;
  if (auto reasons = request.Query("reasons")) {
    for (std::string_view code : Split(*reasons, ',')) {
      if (auto reason = ParseReason(code)) {
        notice.messages.emplace_back(ReasonMessage(s, *reason));
      }
    }
  }
  return notice;
}

// Routes the site's form posts: a comment, a report, an appeal.
Response HandleSitePost(const HandlerContext& ctx, const Request& request,
                        const std::vector<std::string_view>& segments) {
  const Edition* edition =
      segments.empty() ? nullptr : FindEdition(ctx.config.editions, segments[0]);
  if (edition != nullptr && segments.size() == 5 && segments[1] == "news" &&
      segments[4] == "comments") {
    auto found = PublicArticle(ctx, segments[2], edition->code);
    if (auto* r = std::get_if<Response>(&found)) return std::move(*r);
    const Article& article = std::get<Article>(found);
    if (article.edition != edition->code || article.slug != segments[3]) {
      return NotFoundPage(ctx, edition->code);
    }
    return HandleCommentForm(ctx, request, *edition, article);
  }
  if (edition != nullptr && segments.size() == 4 && segments[1] == "comments" &&
      segments[3] == "report") {
    return HandleReportForm(ctx, request, *edition, segments[2]);
  }
  if (edition != nullptr && segments.size() == 4 && segments[1] == "comments" &&
      segments[3] == "appeal") {
    return HandleAppealForm(ctx, request, *edition, segments[2]);
  }
  return MethodNotAllowed();
}

}  // namespace

PageChrome SiteChrome(const HandlerContext& ctx, const Edition& edition) {
  return Chrome(ctx, edition);
}

Response HandleSite(const HandlerContext& ctx, const Request& request,
                    const std::vector<std::string_view>& segments) {
  if (request.method == Method::kPost) return HandleSitePost(ctx, request, segments);
  if (request.method != Method::kGet && request.method != Method::kHead) {
    return MethodNotAllowed();
  }
  const bool trailing_slash = request.path.ends_with('/');

  if (segments.empty()) {
    return Response::Redirect(302, "/" + ctx.config.site.default_edition + "/");
  }

  if (auto document = HandleSiteDocument(ctx, request, segments)) return std::move(*document);

  // /news/{id}[/...]: the short form agencies print; send it home.
  if (segments[0] == "news" && (segments.size() == 2 || segments.size() == 3)) {
    auto found = PublicArticle(ctx, segments[1], "");
    if (auto* r = std::get_if<Response>(&found)) return std::move(*r);
    return Response::Redirect(301, CanonicalPath(std::get<Article>(found)));
  }

  const Edition* edition = FindEdition(ctx.config.editions, segments[0]);
  if (edition == nullptr) return NotFoundPage(ctx, "");
  if (auto feed = HandleEditionFeed(ctx, request, *edition, segments)) return std::move(*feed);

  if (segments.size() == 1) {
    if (!trailing_slash) return Response::Redirect(301, "/" + edition->code + "/");
    return Front(ctx, request, *edition);
  }

  if (segments[1] == "news" && (segments.size() == 3 || segments.size() == 4)) {
    auto found = PublicArticle(ctx, segments[2], edition->code);
    if (auto* r = std::get_if<Response>(&found)) return std::move(*r);
    const Article& article = std::get<Article>(found);
    std::string canonical = CanonicalPath(article);
    if (request.path != canonical) return Response::Redirect(301, canonical);
    const Edition* article_edition = FindEdition(ctx.config.editions, article.edition);
    CommentsView comments;
    if (auto reply = request.Query("reply")) {
      long long parent = 0;
      if (ParseNonNegative(*reply, parent)) comments.form.parent_id = parent;
    }
    comments.notice = NoticeFromQuery(request, *article_edition);
    return ArticlePage(ctx, *article_edition, article, std::move(comments), 200);
  }

  if (segments[1] == "tag" && segments.size() == 3) {
    if (!IsSlugShaped(segments[2])) return NotFoundPage(ctx, edition->code);
    if (!trailing_slash) {
      return Response::Redirect(301,
                                "/" + edition->code + "/tag/" + std::string(segments[2]) + "/");
    }
    return TagPage(ctx, request, *edition, segments[2]);
  }

  if (segments[1] == "search" && segments.size() == 2) {
    return HandleSearchPage(ctx, request, *edition);
  }

  if (segments[1] == "comments" && segments.size() == 4 && segments[3] == "status") {
    return HandleCommentStatusPage(ctx, request, *edition, segments[2]);
  }

  if (segments.size() == 2) {
    auto sections = ctx.store.ListSections(edition->code);
    if (!sections) return ErrorPage(ctx, 503);
    for (const Section& s : *sections) {
      if (s.slug != segments[1]) continue;
      if (!trailing_slash) return Response::Redirect(301, "/" + edition->code + "/" + s.slug + "/");
      return SectionPage(ctx, request, *edition, s);
    }
  }
  return NotFoundPage(ctx, edition->code);
}

}  // namespace herald
