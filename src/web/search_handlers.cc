// Search: the reader's page /{edition}/search?q=...&page=N and the JSON API
// /api/v1/search?q=...&edition=...&page=N, both over Store::SearchArticles.
//
// The reader's text goes to the store as text; the store never reads it as
// query syntax. Results are one edition's published articles, best first,
// site.page_size a page. Both answers are public for a minute and tagged
// with the edition, so publishing anything in it drops cached results.
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <string>
#include <string_view>
#include <utility>

#include "common/text.h"
#include "core/dateline.h"
#include "core/search_text.h"
#include "render/pages.h"
#include "render/ui_strings.h"
#include "web/handlers.h"

namespace herald {
namespace {

using nlohmann::json;

constexpr int kMaxPage = 1000;

// Percent-encodes `s` for a query-string value: every byte but the
// unreserved ASCII ones.
std::string QueryEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string SearchPath(const std::string& edition, std::string_view query, int page) {
  std::string path = "/" + edition + "/search?q=" + QueryEncode(query);
  if (page > 1) path += "&page=" + std::to_string(page);
  return path;
}

// Reads ?page=N (1-based); 0 when malformed or out of range.
int ParsePage(const Request& request) {
  auto p = request.Query("page");
  if (!p) return 1;
  long long n = 0;
  if (!ParseNonNegative(*p, n) || n < 1 || n > kMaxPage) return 0;
  return static_cast<int>(n);
}

Response Public(Response r, const std::string& edition) {
  r.AddHeader("Cache-Control", "public, max-age=60");
  r.cache_tags = {EditionCacheTag(edition)};
  return r;
}

}  // namespace

Response HandleSearchPage(const HandlerContext& ctx, const Request& request,
                          const Edition& edition) {
  const UiStrings& s = StringsFor(edition.language);
  PageChrome chrome = SiteChrome(ctx, edition);
  SearchView view;
  view.query = std::string(request.Query("q").value_or(""));
  int page = ParsePage(request);
  if (page == 0) {
    Response r = Response::Text(400, "The page parameter must be a whole number from 1 to " +
                                         std::to_string(kMaxPage) + ".\n");
    r.AddHeader("Cache-Control", "no-store");
    return r;
  }
  if (CountCodePoints(view.query) > kMaxSearchQueryChars) {
    // The page again, with the query to shorten in the form.
    view.message = s.search_too_long;
    Response r = Response::Html(400, RenderSearchPage(chrome, view));
    r.AddHeader("Cache-Control", "no-store");
    return r;
  }
  if (Trim(view.query).empty()) {
    return Public(Response::Html(200, RenderSearchPage(chrome, view)), edition.code);
  }

  const int page_size = ctx.config.site.page_size;
  auto found = ctx.store.SearchArticles(
      SearchQuery{edition.code, view.query, page_size, (page - 1) * page_size});
  if (!found) {
    spdlog::error("search in {}: {}", edition.code, found.error().message);
    return ErrorPage(ctx, 503);
  }
  view.searched = true;
  view.total = found->total;
  view.first_rank = (page - 1) * page_size + 1;
  for (SearchHit& hit : found->hits) {
    view.results.push_back(SearchResult{std::move(hit.article), std::move(hit.headline_marked),
                                        std::move(hit.snippet_marked)});
  }
  if (page > 1) view.previous_path = SearchPath(edition.code, view.query, page - 1);
  if (found->has_more) view.next_path = SearchPath(edition.code, view.query, page + 1);
  return Public(Response::Html(200, RenderSearchPage(chrome, view)), edition.code);
}

Response HandleSearchApi(const HandlerContext& ctx, const Request& request) {
  if (request.method != Method::kGet && request.method != Method::kHead) {
    return MethodNotAllowed("GET, HEAD");
  }
  std::string edition_code(request.Query("edition").value_or(ctx.config.site.default_edition));
  const Edition* edition = FindEdition(ctx.config.editions, edition_code);
  if (edition == nullptr) {
    return ApiError(404, "not_found",
                    "edition '" + edition_code.substr(0, 40) + "' does not exist");
  }
  std::string_view query = request.Query("q").value_or("");
  if (CountCodePoints(query) > kMaxSearchQueryChars) {
    return ApiError(
        400, "invalid_argument",
        "'q' is too long: at most " + std::to_string(kMaxSearchQueryChars) + " characters");
  }
  int page = ParsePage(request);
  if (page == 0) {
    return ApiError(400, "invalid_argument",
                    "'page' must be a whole number from 1 to " + std::to_string(kMaxPage));
  }
  const int page_size = ctx.config.site.page_size;
  SearchPage found;
  if (!Trim(query).empty()) {
    auto result = ctx.store.SearchArticles(
        SearchQuery{edition->code, std::string(query), page_size, (page - 1) * page_size});
    if (!result) return FromError(result.error());
    found = std::move(*result);
  }
  json results = json::array();
  for (const SearchHit& hit : found.hits) {
    const Article& a = hit.article;
    results.push_back({
        {"id", a.id},
        {"headline", a.headline},
        {"url", ctx.config.site.base_url + CanonicalPath(a)},
        {"published_at", TimeOrNull(a.published_at)},
        {"section", a.section},
        // Safe HTML: the text escaped, the matches in <mark>.
        {"headline_html", HighlightToHtml(hit.headline_marked)},
        {"snippet", HighlightToHtml(hit.snippet_marked)},
    });
  }
  Response r = Json(200, json{{"query", query},
                              {"edition", edition->code},
                              {"total", found.total},
                              {"page", page},
                              {"page_size", page_size},
                              {"has_more", found.has_more},
                              {"results", results}});
  // Json() answers no-store; search results are public like the pages.
  std::erase_if(r.headers, [](const auto& h) { return AsciiLower(h.first) == "cache-control"; });
  return Public(std::move(r), edition->code);
}

}  // namespace herald
