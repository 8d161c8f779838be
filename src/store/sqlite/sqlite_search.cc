#include "store/sqlite/sqlite_search.h"

#include <algorithm>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/search_text.h"

namespace herald::sqlite {
namespace {

// Relative weights of the columns in ranking (bm25): headline, lead, body,
// tags. A word in the headline says far more about what a story is about
// than the same word somewhere in the body.
constexpr const char* kRank = "bm25(article_search, 10.0, 4.0, 1.0, 4.0)";

// Tokens (words) of a snippet.
constexpr int kSnippetTokens = 28;

// More parts than this are not joined into one compound token.
constexpr size_t kMaxCompoundParts = 8;

// The 'herald' tokenizer: an instance of unicode61 that it feeds normalised
// text.
struct HeraldTokenizer {
  fts5_tokenizer inner_methods;
  Fts5Tokenizer* inner = nullptr;
};

int CreateTokenizer(void* user_data, const char** args, int nargs, Fts5Tokenizer** out) {
  *out = nullptr;
  if (nargs != 0) return SQLITE_ERROR;  // It takes no options.
  auto* api = static_cast<fts5_api*>(user_data);
  void* unicode61_data = nullptr;
  fts5_tokenizer unicode61{};
  int rc = api->xFindTokenizer(api, "unicode61", &unicode61_data, &unicode61);
  if (rc != SQLITE_OK) return rc;
  const char* options[] = {"remove_diacritics", "2"};
  Fts5Tokenizer* inner = nullptr;
  rc = unicode61.xCreate(unicode61_data, options, 2, &inner);
  if (rc != SQLITE_OK) return rc;
  auto* t = new (std::nothrow) HeraldTokenizer{unicode61, inner};
  if (t == nullptr) {
    unicode61.xDelete(inner);
    return SQLITE_NOMEM;
  }
  (void)args;
  *out = reinterpret_cast<Fts5Tokenizer*>(t);
  return SQLITE_OK;
}

void DeleteTokenizer(Fts5Tokenizer* p) {
  auto* t = reinterpret_cast<HeraldTokenizer*>(p);
  t->inner_methods.xDelete(t->inner);
  delete t;
}

using TokenCallback = int (*)(void* ctx, int flags, const char* token, int n, int start, int end);

// One token unicode61 found in the normalised text.
struct Token {
  std::string text;  // Folded.
  int start = 0;     // Byte offsets in the normalised text.
  int end = 0;
};

// Collects unicode61's tokens into compounds (tokens separated by exactly
// one ZWNJ) and passes them on with offsets in the original text.
struct TokenizeState {
  const MappedSearchText* mapped = nullptr;
  bool query = false;  // Tokenizing a query: compounds become one token.
  void* ctx = nullptr;
  TokenCallback emit = nullptr;
  std::vector<Token> group;

  int Start(const Token& t) const { return static_cast<int>(mapped->from[t.start]); }
  int End(const Token& t) const { return static_cast<int>(mapped->to[t.end - 1]); }

  int Flush() {
    if (group.empty()) return SQLITE_OK;
    int rc = SQLITE_OK;
    if (group.size() == 1) {
      const Token& t = group.front();
      rc = emit(ctx, 0, t.text.data(), static_cast<int>(t.text.size()), Start(t), End(t));
    } else {
      // The joined word first: highlights use the first token at a position,
      // so a match of any spelling marks the whole word.
      std::string joined;
      for (const Token& t : group) joined += t.text;
      rc = emit(ctx, 0, joined.data(), static_cast<int>(joined.size()), Start(group.front()),
                End(group.back()));
      if (!query) {
        for (size_t i = 0; i < group.size() && rc == SQLITE_OK; ++i) {
          const Token& t = group[i];
          rc = emit(ctx, FTS5_TOKEN_COLOCATED, t.text.data(), static_cast<int>(t.text.size()),
                    Start(t), End(t));
        }
      }
    }
    group.clear();
    return rc;
  }

  int Add(Token t) {
    if (!group.empty()) {
      const Token& last = group.back();
      std::string_view gap(mapped->text.data() + last.end, static_cast<size_t>(t.start - last.end));
      if (gap != kZwnj || group.size() == kMaxCompoundParts) {
        if (int rc = Flush(); rc != SQLITE_OK) return rc;
      }
    }
    group.push_back(std::move(t));
    return SQLITE_OK;
  }
};

int CollectToken(void* ctx, int /*flags*/, const char* token, int n, int start, int end) {
  auto* state = static_cast<TokenizeState*>(ctx);
  if (n <= 0 || end <= start) return SQLITE_OK;
  try {
    return state->Add(Token{std::string(token, static_cast<size_t>(n)), start, end});
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  }
}

int Tokenize(Fts5Tokenizer* p, void* ctx, int flags, const char* text, int n, TokenCallback emit) {
  auto* t = reinterpret_cast<HeraldTokenizer*>(p);
  try {
    MappedSearchText mapped =
        NormaliseForSearchMapped(std::string_view(text, n > 0 ? static_cast<size_t>(n) : 0));
    TokenizeState state;
    state.mapped = &mapped;
    state.query = (flags & FTS5_TOKENIZE_QUERY) != 0;
    state.ctx = ctx;
    state.emit = emit;
    int rc = t->inner_methods.xTokenize(t->inner, &state, flags, mapped.text.data(),
                                        static_cast<int>(mapped.text.size()), CollectToken);
    if (rc == SQLITE_OK) rc = state.Flush();
    return rc;
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  }
}

// herald_search_text(text, is_html): the text to index.
void SearchTextFunction(sqlite3_context* ctx, int /*argc*/, sqlite3_value** argv) {
  const auto* raw = sqlite3_value_text(argv[0]);
  std::string_view text = raw == nullptr
                              ? std::string_view()
                              : std::string_view(reinterpret_cast<const char*>(raw),
                                                 static_cast<size_t>(sqlite3_value_bytes(argv[0])));
  try {
    std::string out =
        sqlite3_value_int(argv[1]) != 0 ? HtmlToSearchableText(text) : SearchableText(text);
    sqlite3_result_text(ctx, out.data(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
  } catch (const std::bad_alloc&) {
    sqlite3_result_error_nomem(ctx);
  }
}

fts5_api* Fts5Api(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) == SQLITE_OK) {
    sqlite3_bind_pointer(stmt, 1, static_cast<void*>(&api), "fts5_api_ptr", nullptr);
    sqlite3_step(stmt);
  }
  sqlite3_finalize(stmt);
  return api;
}

std::string TagsText(const Article& a) {
  std::string out;
  for (const Tag& t : a.tags) {
    if (!out.empty()) out.push_back('\n');
    out += t.name;
  }
  return SearchableText(out);
}

bool HasMark(std::string_view s) { return s.find(kSearchMarkOpen) != std::string_view::npos; }

// The FROM and WHERE of a search: ?1 the MATCH expression, ?2 the edition.
// CROSS JOIN keeps the index as the outer loop, so the MATCH runs once.
constexpr const char* kSearchFrom =
    " FROM article_search CROSS JOIN articles ON articles.id = article_search.rowid"
    " WHERE article_search MATCH ?1 AND articles.edition = ?2 AND articles.status = 'published'";

}  // namespace

Result<void> RegisterSearch(sqlite3* db) {
  fts5_api* api = Fts5Api(db);
  if (api == nullptr || api->iVersion < 2) {
    return Fail(ErrorCode::kInternal, "this SQLite has no FTS5, which search needs");
  }
  static fts5_tokenizer methods = {CreateTokenizer, DeleteTokenizer, Tokenize};
  if (api->xCreateTokenizer(api, "herald", api, &methods, nullptr) != SQLITE_OK) {
    return Fail(ErrorCode::kInternal,
                std::string("cannot register the search tokenizer: ") + sqlite3_errmsg(db));
  }
  if (sqlite3_create_function_v2(db, "herald_search_text", 2,
                                 SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                                 SearchTextFunction, nullptr, nullptr, nullptr) != SQLITE_OK) {
    return Fail(ErrorCode::kInternal,
                std::string("cannot register herald_search_text: ") + sqlite3_errmsg(db));
  }
  return {};
}

Result<void> IndexArticle(Connection& c, const Article& a) {
  auto stmt = c.Prepare(
      "INSERT OR REPLACE INTO article_search (rowid, headline, lead, body, tags) "
      "VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!stmt) return std::unexpected(stmt.error());
  Stmt& s = **stmt;
  s.Bind(1, a.id);
  s.Bind(2, SearchableText(a.headline));
  s.Bind(3, SearchableText(a.lead));
  // An article stored before bodies were rendered has Markdown only.
  s.Bind(4, a.body_html.empty() ? SearchableText(a.body) : HtmlToSearchableText(a.body_html));
  s.Bind(5, TagsText(a));
  return s.Run();
}

Result<SearchPage> SearchArticles(Connection& c, const SearchQuery& q) {
  SearchPage page;
  const std::string match = Fts5MatchExpression(SearchTerms(q.text));
  if (match.empty()) return page;
  const int limit = std::clamp(q.limit, 1, 100);
  const int offset = std::max(q.offset, 0);
  {
    auto stmt = c.Prepare(
        std::string("SELECT articles.id, articles.edition, articles.section, articles.headline, "
                    "articles.slug, articles.lead, articles.image_url, "
                    "COALESCE(articles.published_at, 0)") +
        kSearchFrom + " ORDER BY " + kRank +
        ", articles.published_at DESC, articles.id DESC LIMIT ?3 OFFSET ?4");
    if (!stmt) return std::unexpected(stmt.error());
    Stmt& s = **stmt;
    s.Bind(1, match);
    s.Bind(2, q.edition);
    s.Bind(3, static_cast<int64_t>(limit) + 1);
    s.Bind(4, static_cast<int64_t>(offset));
    while (true) {
      auto row = s.Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      if (static_cast<int>(page.hits.size()) == limit) {
        page.has_more = true;
        break;
      }
      SearchHit hit;
      Article& a = hit.article;
      a.id = s.Int(0);
      a.edition = s.Text(1);
      a.section = s.Text(2);
      a.headline = s.Text(3);
      a.slug = s.Text(4);
      a.lead = s.Text(5);
      a.image_url = s.Text(6);
      a.published_at = s.Int(7);
      a.status = ArticleStatus::kPublished;
      page.hits.push_back(std::move(hit));
    }
  }
  if (offset == 0 && !page.has_more) {
    page.total = static_cast<int64_t>(page.hits.size());  // All of them are on this page.
  } else {
    auto stmt = c.Prepare(std::string("SELECT count(*)") + kSearchFrom);
    if (!stmt) return std::unexpected(stmt.error());
    (*stmt)->Bind(1, match);
    (*stmt)->Bind(2, q.edition);
    auto row = (*stmt)->Step();
    if (!row) return std::unexpected(row.error());
    if (*row) page.total = (*stmt)->Int(0);
  }

  // Snippets only for the page's hits: each costs tokenizing the text again.
  auto stmt = c.Prepare(
      "SELECT highlight(article_search, 0, ?3, ?4), "
      "snippet(article_search, 1, ?3, ?4, '…', ?5), "
      "snippet(article_search, 2, ?3, ?4, '…', ?5) "
      "FROM article_search WHERE article_search MATCH ?1 AND rowid = ?2");
  if (!stmt) return std::unexpected(stmt.error());
  Stmt& s = **stmt;
  for (SearchHit& hit : page.hits) {
    s.Bind(1, match);
    s.Bind(2, hit.article.id);
    s.Bind(3, kSearchMarkOpen);
    s.Bind(4, kSearchMarkClose);
    s.Bind(5, static_cast<int64_t>(kSnippetTokens));
    auto row = s.Step();
    if (!row) return std::unexpected(row.error());
    if (*row) {
      hit.headline_marked = s.Text(0);
      std::string lead = s.Text(1);
      std::string body = s.Text(2);
      // The lead where it matched (it sums the story up), else the body
      // where it matched, else the lead's start.
      if (HasMark(lead) || (!HasMark(body) && !lead.empty())) {
        hit.snippet_marked = std::move(lead);
      } else {
        hit.snippet_marked = std::move(body);
      }
    } else {
      hit.headline_marked = hit.article.headline;
    }
    s.Reset();
  }
  return page;
}

}  // namespace herald::sqlite
