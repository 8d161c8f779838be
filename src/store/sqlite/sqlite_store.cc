#include "store/sqlite/sqlite_store.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>
#include <unordered_map>
#include <utility>

#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_accounts.h"
#include "store/sqlite/sqlite_backup.h"
#include "store/sqlite/sqlite_changes.h"
#include "store/sqlite/sqlite_comments.h"
#include "store/sqlite/sqlite_db.h"
#include "store/sqlite/sqlite_search.h"

namespace herald {
namespace {

// Change log entries kept; a cache that falls further behind drops all.
constexpr int64_t kKeptChanges = 100'000;
// A log of more pages than this (about 16 MB) is restarted by Maintain().
constexpr int64_t kRestartWalFrames = 4096;
// Attempt counters are kept this long: longer than any throttling window.
constexpr int64_t kKeptAttemptsSeconds = int64_t{24} * 60 * 60;

using sqlite::Connection;
using sqlite::Stmt;

constexpr const char* kArticleColumns =
    "articles.id, articles.edition, articles.section, articles.headline, articles.slug, "
    "articles.lead, articles.body, articles.image_url, articles.image_caption, articles.byline, "
    "articles.status, articles.created_at, articles.updated_at, "
    "COALESCE(articles.published_at, 0), articles.correction, COALESCE(articles.corrected_at, 0), "
    "COALESCE(articles.translation_group, 0), articles.body_html, articles.revision, "
    "COALESCE(articles.comment_mode, ''), articles.image_credit, articles.author, "
    "articles.updated_by, COALESCE(articles.submitted_at, 0)";

Article ReadArticle(const Stmt& s) {
  Article a;
  a.id = s.Int(0);
  a.edition = s.Text(1);
  a.section = s.Text(2);
  a.headline = s.Text(3);
  a.slug = s.Text(4);
  a.lead = s.Text(5);
  a.body = s.Text(6);
  a.image_url = s.Text(7);
  a.image_caption = s.Text(8);
  a.byline = s.Text(9);
  a.status = ParseStatus(s.Text(10)).value_or(ArticleStatus::kDraft);
  a.created_at = s.Int(11);
  a.updated_at = s.Int(12);
  a.published_at = s.Int(13);
  a.correction = s.Text(14);
  a.corrected_at = s.Int(15);
  a.translation_group = s.Int(16);
  a.body_html = s.Text(17);
  a.revision = s.Int(18);
  a.comment_mode = ParseCommentMode(s.Text(19));
  a.image_credit = s.Text(20);
  a.author = s.Text(21);
  a.updated_by = s.Text(22);
  a.submitted_at = s.Int(23);
  return a;
}

// Binds every column but id (?17) and revision (?19), in the order of the
// INSERT/UPDATE below (?21.. were added by migration 6).
void BindArticle(Stmt& s, const Article& a) {
  s.Bind(1, a.edition);
  s.Bind(2, a.section);
  s.Bind(3, a.headline);
  s.Bind(4, a.slug);
  s.Bind(5, a.lead);
  s.Bind(6, a.body);
  s.Bind(7, a.image_url);
  s.Bind(8, a.image_caption);
  s.Bind(9, a.byline);
  s.Bind(10, std::string_view(StatusName(a.status)));
  s.Bind(11, a.created_at);
  s.Bind(12, a.updated_at);
  s.BindOrNull(13, a.published_at);
  s.Bind(14, a.correction);
  s.BindOrNull(15, a.corrected_at);
  s.BindOrNull(16, a.translation_group);
  s.Bind(18, a.body_html);
  if (a.comment_mode) {
    s.Bind(20, ModeName(*a.comment_mode));
  } else {
    s.BindNull(20);
  }
  s.Bind(21, a.image_credit);
  s.Bind(22, a.author);
  s.Bind(23, a.updated_by);
  s.BindOrNull(24, a.submitted_at);
}

// kArticleColumns with the columns a listing does not need read as ''
// (positions kept, so ReadArticle reads every variant).
const char* ArticleColumnsFor(ArticleFields fields) {
  static const std::string kNoBody = [] {
    std::string c = kArticleColumns;
    c.replace(c.find("articles.body,"), 13, "''");
    c.replace(c.find("articles.body_html"), 18, "''");
    return c;
  }();
  static const std::string kLinkOnly = [] {
    std::string c = kNoBody;
    for (std::string_view col : {"articles.lead", "articles.image_url", "articles.image_caption",
                                 "articles.byline", "articles.correction", "articles.image_credit",
                                 "articles.author", "articles.updated_by"}) {
      c.replace(c.find(col), col.size(), "''");
    }
    return c;
  }();
  switch (fields) {
    case ArticleFields::kAll:
      return kArticleColumns;
    case ArticleFields::kNoBody:
      return kNoBody.c_str();
    case ArticleFields::kLinkOnly:
      return kLinkOnly.c_str();
  }
  return kArticleColumns;
}

// A revision (article_revisions r) with what it does not keep, the id,
// creation time and author, from its article (which never change).
constexpr const char* kRevisionColumns =
    "r.revision, r.at, r.saved_by, r.article_id, r.edition, r.section, r.headline, r.slug, "
    "r.lead, r.body, r.image_url, r.image_caption, r.image_credit, r.byline, r.status, "
    "COALESCE(r.published_at, 0), r.correction, COALESCE(r.corrected_at, 0), "
    "COALESCE(r.translation_group, 0), COALESCE(r.comment_mode, ''), r.tags, "
    "articles.created_at, articles.author";

ArticleRevision ReadRevision(const Stmt& s) {
  ArticleRevision r;
  r.revision = s.Int(0);
  r.at = s.Int(1);
  r.by = s.Text(2);
  Article& a = r.article;
  a.id = s.Int(3);
  a.edition = s.Text(4);
  a.section = s.Text(5);
  a.headline = s.Text(6);
  a.slug = s.Text(7);
  a.lead = s.Text(8);
  a.body = s.Text(9);
  a.image_url = s.Text(10);
  a.image_caption = s.Text(11);
  a.image_credit = s.Text(12);
  a.byline = s.Text(13);
  a.status = ParseStatus(s.Text(14)).value_or(ArticleStatus::kDraft);
  a.published_at = s.Int(15);
  a.correction = s.Text(16);
  a.corrected_at = s.Int(17);
  a.translation_group = s.Int(18);
  a.comment_mode = ParseCommentMode(s.Text(19));
  // Written by json_group_array(json_array(slug, name)) in KeepRevision.
  nlohmann::json tags = nlohmann::json::parse(s.Text(20), nullptr, /*allow_exceptions=*/false);
  if (tags.is_array()) {
    for (const auto& t : tags) {
      if (t.is_array() && t.size() == 2 && t[0].is_string() && t[1].is_string()) {
        a.tags.push_back(Tag{t[0].get<std::string>(), t[1].get<std::string>()});
      }
    }
  }
  a.created_at = s.Int(21);
  a.author = s.Text(22);
  a.updated_at = r.at;
  a.updated_by = r.by;
  a.revision = r.revision;
  return r;
}

// ChangedAt (core/article.h) in SQL, written exactly as the articles_by_change
// index (migration 5) is, so that the index serves it.
constexpr const char* kChangedAt =
    "MAX(articles.updated_at, COALESCE(articles.corrected_at, 0), "
    "COALESCE(articles.published_at, 0))";

// Returns `ids` as a JSON array, for json_each(): one statement text
// whatever the number of ids.
std::string JsonIds(const std::vector<NewsId>& ids) {
  std::string out = "[";
  for (NewsId id : ids) {
    if (out.size() > 1) out += ',';
    out += std::to_string(id);
  }
  return out + "]";
}

// Returns a LIKE pattern (with ESCAPE '\') that matches any text containing
// `text`: the reader's own '%' and '_' are escaped, so they match themselves.
std::string ContainsPattern(std::string_view text) {
  std::string out = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "%";
}

// Loads the tags of every article in `articles` with one query.
Result<void> LoadTagsOfPage(Connection& c, std::vector<Article>& articles) {
  if (articles.empty()) return {};
  std::vector<NewsId> ids;
  std::unordered_map<NewsId, Article*> by_id;
  for (Article& a : articles) {
    a.tags.clear();
    ids.push_back(a.id);
    by_id[a.id] = &a;
  }
  auto stmt = c.Prepare(
      "SELECT article_id, slug, name FROM article_tags "
      "WHERE article_id IN (SELECT value FROM json_each(?1)) ORDER BY article_id, position");
  if (!stmt) return std::unexpected(stmt.error());
  (*stmt)->Bind(1, JsonIds(ids));
  while (true) {
    auto row = (*stmt)->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return {};
    auto it = by_id.find((*stmt)->Int(0));
    if (it != by_id.end()) it->second->tags.push_back(Tag{(*stmt)->Text(1), (*stmt)->Text(2)});
  }
}

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(std::string path) : pool_(std::move(path)) {}

  Result<void> PutSection(const Section& section) override {
    auto conn = pool_.Acquire();
    if (!conn) return std::unexpected(conn.error());
    auto stmt = (*conn)->Prepare(
        "INSERT INTO sections (edition, slug, name, position) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (edition, slug) DO UPDATE SET name = ?3, position = ?4");
    if (!stmt) return std::unexpected(stmt.error());
    (*stmt)->Bind(1, section.edition);
    (*stmt)->Bind(2, section.slug);
    (*stmt)->Bind(3, section.name);
    (*stmt)->Bind(4, static_cast<int64_t>(section.position));
    return (*stmt)->Run();
  }

  Result<std::vector<Section>> ListSections(const std::string& edition) override {
    auto conn = pool_.Acquire();
    if (!conn) return std::unexpected(conn.error());
    auto stmt = (*conn)->Prepare(
        "SELECT edition, slug, name, position FROM sections WHERE edition = ?1 "
        "ORDER BY position, slug");
    if (!stmt) return std::unexpected(stmt.error());
    (*stmt)->Bind(1, edition);
    std::vector<Section> out;
    while (true) {
      auto row = (*stmt)->Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      out.push_back(Section{(*stmt)->Text(0), (*stmt)->Text(1), (*stmt)->Text(2),
                            static_cast<int>((*stmt)->Int(3))});
    }
    return out;
  }

  Result<Article> CreateArticle(const Article& article) override {
    auto conn = pool_.Acquire();
    if (!conn) return std::unexpected(conn.error());
    sqlite::WriteTransaction txn(**conn);
    HERALD_RETURN_IF_ERROR(txn.Begin());
    auto created = Insert(**conn, article);
    if (!created) return created;
    HERALD_RETURN_IF_ERROR(txn.Commit());
    return created;
  }

  Result<Article> UpdateArticle(const Article& article) override {
    auto conn = pool_.Acquire();
    if (!conn) return std::unexpected(conn.error());
    sqlite::WriteTransaction txn(**conn);
    HERALD_RETURN_IF_ERROR(txn.Begin());
    auto updated = Update(**conn, article);
    if (!updated) return updated;
    HERALD_RETURN_IF_ERROR(txn.Commit());
    return updated;
  }

  Result<std::vector<Article>> PutArticles(const std::vector<Article>& articles) override {
    auto conn = pool_.Acquire();
    if (!conn) return std::unexpected(conn.error());
    sqlite::WriteTransaction txn(**conn);
    HERALD_RETURN_IF_ERROR(txn.Begin());
    std::vector<Article> out;
    for (const Article& a : articles) {
      bool exists = false;
      if (a.id != 0) {
        auto found = Exists(**conn, a.id);
        if (!found) return std::unexpected(found.error());
        exists = *found;
      }
      auto stored = exists ? Update(**conn, a) : Insert(**conn, a);
      if (!stored) return std::unexpected(stored.error());
      out.push_back(std::move(*stored));
    }
    HERALD_RETURN_IF_ERROR(txn.Commit());
    return out;
  }

  Result<Article> GetArticle(NewsId id) override {
    auto conn = pool_.Acquire();
    if (!conn) return std::unexpected(conn.error());
    // The row and its tags come from one snapshot.
    sqlite::ReadTransaction snapshot(**conn);
    HERALD_RETURN_IF_ERROR(snapshot.Begin());
    return Get(**conn, id);
  }

  Result<ArticlePage> ListArticles(const ArticleQuery& q) override {
    auto conn = pool_.Acquire();
    if (!conn) return std::unexpected(conn.error());
    sqlite::ReadTransaction snapshot(**conn);
    if (q.with_tags) HERALD_RETURN_IF_ERROR(snapshot.Begin());
    // One statement text per shape of query, so each is prepared once and
    // uses the index that matches it. Change order must walk the change
    // index, and a story list the translation index, so there the other
    // filters are written with a no-op '+', which keeps SQLite from
    // choosing an index for them instead.
    const bool by_change = q.order == ArticleOrder::kOldestChangeFirst;
    const std::string filter = (by_change || q.stories) ? "+" : "";
    std::string sql = std::string("SELECT ") + ArticleColumnsFor(q.fields) + " FROM articles";
    if (q.tag)
      sql +=
          " JOIN article_tags ON article_tags.article_id = articles.id AND article_tags.slug = ?3";
    sql += " WHERE 1";
    if (!q.edition.empty()) sql += " AND " + filter + "articles.edition = ?1";
    if (q.section) sql += " AND " + filter + "articles.section = ?2";
    if (q.status) {
      sql += " AND " + filter + "articles.status = ?4";
    } else if (!q.statuses.empty()) {
      // Status names are fixed words, safe to write into the statement.
      sql += " AND " + filter + "articles.status IN (";
      for (size_t i = 0; i < q.statuses.size(); ++i) {
        sql += std::string(i ? ", '" : "'") + StatusName(q.statuses[i]) + "'";
      }
      sql += ")";
    }
    if (q.exclude) sql += " AND articles.id <> ?5";
    if (q.published_from) sql += " AND articles.published_at >= ?8";
    if (q.published_before) sql += " AND articles.published_at < ?9";
    if (q.stories) {
      sql +=
          " AND (articles.translation_group IN (SELECT value FROM json_each(?10))"
          " OR articles.id IN (SELECT value FROM json_each(?10)))";
    }
    if (q.changed_after) {
      sql += std::string(" AND ") + kChangedAt + " >= ?11 AND (" + kChangedAt +
             " > ?11 OR articles.id > ?12)";
    }
    if (q.changed_until) sql += std::string(" AND ") + kChangedAt + " <= ?13";
    if (q.author) sql += " AND " + filter + "articles.author = ?14";
    if (q.text) {
      sql += " AND (articles.headline LIKE ?15 ESCAPE '\\' OR articles.lead LIKE ?15 ESCAPE '\\')";
    }
    if (q.submitted) {
      sql += *q.submitted ? " AND articles.status = 'draft' AND articles.submitted_at IS NOT NULL"
                          : " AND articles.submitted_at IS NULL";
    }
    switch (q.order) {
      case ArticleOrder::kNewestFirst:
        sql += " ORDER BY articles.published_at DESC, articles.id DESC";
        break;
      case ArticleOrder::kOldestChangeFirst:
        sql += std::string(" ORDER BY ") + kChangedAt + ", articles.id";
        break;
      case ArticleOrder::kRecentlyUpdated:
        sql += " ORDER BY articles.updated_at DESC, articles.id DESC";
        break;
    }
    sql += " LIMIT ?6 OFFSET ?7";
    auto stmt = (*conn)->Prepare(sql);
    if (!stmt) return std::unexpected(stmt.error());
    Stmt& s = **stmt;
    if (!q.edition.empty()) s.Bind(1, q.edition);
    if (q.section) s.Bind(2, *q.section);
    if (q.tag) s.Bind(3, *q.tag);
    if (q.status) s.Bind(4, std::string_view(StatusName(*q.status)));
    if (q.exclude) s.Bind(5, *q.exclude);
    if (q.published_from) s.Bind(8, *q.published_from);
    if (q.published_before) s.Bind(9, *q.published_before);
    if (q.stories) s.Bind(10, JsonIds(*q.stories));
    if (q.changed_after) {
      s.Bind(11, q.changed_after->at);
      s.Bind(12, q.changed_after->id);
    }
    if (q.changed_until) s.Bind(13, *q.changed_until);
    if (q.author) s.Bind(14, *q.author);
    if (q.text) s.Bind(15, ContainsPattern(*q.text));
    int limit = std::clamp(q.limit, 1, 50'000);
    s.Bind(6, static_cast<int64_t>(limit) + 1);
    s.Bind(7, static_cast<int64_t>(std::max(q.offset, 0)));
    ArticlePage page;
    while (true) {
      auto row = s.Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      if (static_cast<int>(page.items.size()) == limit) {
        page.has_more = true;
        break;
      }
      page.items.push_back(ReadArticle(s));
    }
    stmt->reset();
    if (q.with_tags) HERALD_RETURN_IF_ERROR(LoadTagsOfPage(**conn, page.items));
    return page;
  }

  Result<std::vector<PublishedMonth>> ListPublishedMonths() override {
    return Read([&](Connection& c) -> Result<std::vector<PublishedMonth>> {
      auto stmt = c.Prepare(
          std::string("SELECT CAST(strftime('%Y', published_at, 'unixepoch') AS INTEGER), "
                      "CAST(strftime('%m', published_at, 'unixepoch') AS INTEGER), "
                      "COUNT(*), MAX(") +
          kChangedAt +
          ") FROM articles WHERE articles.status = 'published' AND "
          "articles.published_at IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2");
      if (!stmt) return std::unexpected(stmt.error());
      std::vector<PublishedMonth> out;
      while (true) {
        auto row = (*stmt)->Step();
        if (!row) return std::unexpected(row.error());
        if (!*row) return out;
        out.push_back(PublishedMonth{static_cast<int>((*stmt)->Int(0)),
                                     static_cast<int>((*stmt)->Int(1)),
                                     static_cast<int>((*stmt)->Int(2)), (*stmt)->Int(3)});
      }
    });
  }

  Result<std::vector<Article>> ListTranslations(NewsId group) override {
    auto conn = pool_.Acquire();
    if (!conn) return std::unexpected(conn.error());
    auto stmt =
        (*conn)->Prepare(std::string("SELECT ") + kArticleColumns +
                         " FROM articles WHERE translation_group = ?1 OR id = ?1 ORDER BY id");
    if (!stmt) return std::unexpected(stmt.error());
    (*stmt)->Bind(1, group);
    std::vector<Article> out;
    while (true) {
      auto row = (*stmt)->Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) break;
      out.push_back(ReadArticle(**stmt));
    }
    return out;
  }

  Result<std::vector<NewsId>> PublishDue(UnixTime now) override {
    return Write([&](Connection& c) -> Result<std::vector<NewsId>> {
      std::vector<NewsId> ids;
      {
        auto stmt = c.Prepare(
            "UPDATE articles SET status = 'published', updated_at = ?1, revision = revision + 1 "
            "WHERE status = 'scheduled' AND published_at <= ?1 RETURNING id");
        if (!stmt) return std::unexpected(stmt.error());
        (*stmt)->Bind(1, now);
        while (true) {
          auto row = (*stmt)->Step();
          if (!row) return std::unexpected(row.error());
          if (!*row) break;
          ids.push_back((*stmt)->Int(0));
        }
      }
      // Publishing bumps the revision, so it is a save too: the history
      // keeps every revision number, this one saved by the system.
      for (NewsId id : ids) HERALD_RETURN_IF_ERROR(KeepRevision(c, id, "system"));
      return ids;
    });
  }

  Result<std::vector<ArticleRevision>> ListRevisions(NewsId id) override {
    return Read([&](Connection& c) -> Result<std::vector<ArticleRevision>> {
      auto stmt = c.Prepare(std::string("SELECT ") + kRevisionColumns +
                            " FROM article_revisions r JOIN articles ON articles.id = r.article_id "
                            "WHERE r.article_id = ?1 ORDER BY r.revision DESC");
      if (!stmt) return std::unexpected(stmt.error());
      (*stmt)->Bind(1, id);
      std::vector<ArticleRevision> out;
      while (true) {
        auto row = (*stmt)->Step();
        if (!row) return std::unexpected(row.error());
        if (!*row) break;
        out.push_back(ReadRevision(**stmt));
      }
      stmt->reset();
      if (out.empty()) {
        // Every stored article has at least the revision it was created with.
        auto exists = Exists(c, id);
        if (!exists) return std::unexpected(exists.error());
        if (!*exists) {
          return Fail(ErrorCode::kNotFound, "article " + std::to_string(id) + " not found");
        }
      }
      return out;
    });
  }

  Result<ArticleRevision> GetRevision(NewsId id, int64_t revision) override {
    return Read([&](Connection& c) -> Result<ArticleRevision> {
      auto stmt = c.Prepare(std::string("SELECT ") + kRevisionColumns +
                            " FROM article_revisions r JOIN articles ON articles.id = r.article_id "
                            "WHERE r.article_id = ?1 AND r.revision = ?2");
      if (!stmt) return std::unexpected(stmt.error());
      (*stmt)->Bind(1, id);
      (*stmt)->Bind(2, revision);
      auto row = (*stmt)->Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) {
        return Fail(ErrorCode::kNotFound, "article " + std::to_string(id) + " has no revision " +
                                              std::to_string(revision));
      }
      return ReadRevision(**stmt);
    });
  }

  Result<CommenterRecord> FindCommenter(const std::string& commenter_key,
                                        UnixTime recent_since) override {
    return Read(
        [&](Connection& c) { return sqlite::FindCommenter(c, commenter_key, recent_since); });
  }

  Result<Comment> CreateComment(const CommentDraft& draft) override {
    return Write([&](Connection& c) { return sqlite::CreateComment(c, draft); });
  }

  Result<Comment> GetComment(CommentId id) override {
    return Read([&](Connection& c) { return sqlite::GetComment(c, id); });
  }

  Result<std::vector<Comment>> ListComments(const CommentQuery& query) override {
    return Read([&](Connection& c) { return sqlite::ListComments(c, query); });
  }

  Result<std::vector<std::pair<NewsId, int>>> CountPublishedComments(
      const std::vector<NewsId>& ids) override {
    return Read([&](Connection& c) { return sqlite::CountPublishedComments(c, ids); });
  }

  Result<Comment> DecideComment(const CommentDecision& decision) override {
    return Write([&](Connection& c) { return sqlite::DecideComment(c, decision); });
  }

  Result<std::vector<CommentEvent>> CommentHistory(CommentId id) override {
    return Read([&](Connection& c) { return sqlite::CommentHistory(c, id); });
  }

  Result<int> ReportComment(CommentId id, const std::string& reporter_hash, UnixTime at) override {
    return Write([&](Connection& c) { return sqlite::ReportComment(c, id, reporter_hash, at); });
  }

  Result<int> ForgetCommenter(const std::string& email_hash) override {
    return Write([&](Connection& c) { return sqlite::ForgetCommenter(c, email_hash); });
  }

  Result<std::vector<ModerationLabel>> ListModerationLabels() override {
    return Read([&](Connection& c) { return sqlite::ListModerationLabels(c); });
  }

  Result<CommenterRecord> GetCommenter(int64_t commenter_id) override {
    return Read([&](Connection& c) { return sqlite::GetCommenter(c, commenter_id); });
  }

  Result<CommenterRecord> SanctionCommenter(int64_t commenter_id,
                                            const CommenterSanction& sanction) override {
    return Write(
        [&](Connection& c) { return sqlite::SanctionCommenter(c, commenter_id, sanction); });
  }

  Result<std::vector<QueueItem>> ListQueue(const QueueQuery& query) override {
    return Read([&](Connection& c) { return sqlite::ListQueue(c, query); });
  }

  Result<QueueCounts> CountQueues(const std::optional<std::string>& edition) override {
    return Read([&](Connection& c) { return sqlite::CountQueues(c, edition); });
  }

  Result<std::string> CommentStatusKeyHash(CommentId id) override {
    return Read([&](Connection& c) { return sqlite::CommentStatusKeyHash(c, id); });
  }

  Result<Comment> AppealComment(CommentId id, const std::string& text, UnixTime at) override {
    return Write([&](Connection& c) { return sqlite::AppealComment(c, id, text, at); });
  }

  Result<std::string> GetOrCreateSecret(const std::string& name,
                                        const std::string& candidate) override {
    return Write([&](Connection& c) { return sqlite::GetOrCreateSecret(c, name, candidate); });
  }

  Result<User> CreateUser(const User& user) override {
    return Write([&](Connection& c) { return sqlite::CreateUser(c, user); });
  }

  Result<User> GetUser(UserId id) override {
    return Read([&](Connection& c) { return sqlite::GetUser(c, id); });
  }

  Result<User> FindUserByEmail(const std::string& email) override {
    return Read([&](Connection& c) { return sqlite::FindUserByEmail(c, email); });
  }

  Result<std::vector<User>> ListUsers() override {
    return Read([&](Connection& c) { return sqlite::ListUsers(c); });
  }

  Result<User> UpdateUser(const User& user) override {
    return Write([&](Connection& c) { return sqlite::UpdateUser(c, user); });
  }

  Result<void> CreateSession(const Session& session) override {
    return Write([&](Connection& c) { return sqlite::CreateSession(c, session); });
  }

  Result<Session> FindSession(const std::string& id_hash) override {
    return Read([&](Connection& c) { return sqlite::FindSession(c, id_hash); });
  }

  Result<void> TouchSession(const std::string& id_hash, UnixTime last_seen_at,
                            UnixTime expires_at) override {
    return Write(
        [&](Connection& c) { return sqlite::TouchSession(c, id_hash, last_seen_at, expires_at); });
  }

  Result<void> DeleteSession(const std::string& id_hash) override {
    return Write([&](Connection& c) { return sqlite::DeleteSession(c, id_hash); });
  }

  Result<int> DeleteUserSessions(UserId user_id, const std::string& keep_id_hash) override {
    return Write(
        [&](Connection& c) { return sqlite::DeleteUserSessions(c, user_id, keep_id_hash); });
  }

  Result<void> RecordAttempt(const std::string& bucket, UnixTime at) override {
    return Write([&](Connection& c) { return sqlite::RecordAttempt(c, bucket, at); });
  }

  Result<std::pair<int, UnixTime>> CountAttempts(const std::string& bucket,
                                                 UnixTime since) override {
    return Read([&](Connection& c) { return sqlite::CountAttempts(c, bucket, since); });
  }

  Result<void> ClearAttempts(const std::string& bucket) override {
    return Write([&](Connection& c) { return sqlite::ClearAttempts(c, bucket); });
  }

  Result<AuditEntry> AppendAudit(const AuditEntry& entry) override {
    return Write([&](Connection& c) { return sqlite::AppendAudit(c, entry); });
  }

  Result<std::vector<AuditEntry>> ListAudit(const std::string& actor,
                                            const std::string& action_prefix,
                                            const std::string& target, int64_t before_id,
                                            int limit) override {
    return Read([&](Connection& c) {
      return sqlite::ListAudit(c, actor, action_prefix, target, before_id, limit);
    });
  }

  Result<ApiToken> CreateApiToken(const ApiToken& token) override {
    auto conn = pool_.Acquire();
    if (!conn) return std::unexpected(conn.error());
    auto stmt = (*conn)->Prepare(
        "INSERT INTO api_tokens (name, token_hash, created_at, role) VALUES (?1, ?2, ?3, ?4)");
    if (!stmt) return std::unexpected(stmt.error());
    (*stmt)->Bind(1, token.name);
    (*stmt)->BindBlob(2, token.token_hash);
    (*stmt)->Bind(3, token.created_at);
    (*stmt)->Bind(4, RoleName(token.role));
    HERALD_RETURN_IF_ERROR((*stmt)->Run());
    ApiToken stored = token;
    stored.id = (*conn)->LastInsertId();
    return stored;
  }

  Result<ApiToken> FindApiToken(const std::string& token_hash) override {
    auto conn = pool_.Acquire();
    if (!conn) return std::unexpected(conn.error());
    auto stmt = (*conn)->Prepare(
        "SELECT id, name, token_hash, created_at, role FROM api_tokens "
        "WHERE token_hash = ?1 AND revoked_at IS NULL");
    if (!stmt) return std::unexpected(stmt.error());
    (*stmt)->BindBlob(1, token_hash);
    auto row = (*stmt)->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return Fail(ErrorCode::kNotFound, "no such API token");
    return TokenFromRow(**stmt);
  }

  Result<std::vector<ApiToken>> ListApiTokens() override {
    return Read([&](Connection& c) -> Result<std::vector<ApiToken>> {
      auto stmt = c.Prepare(
          "SELECT id, name, token_hash, created_at, role FROM api_tokens "
          "WHERE revoked_at IS NULL ORDER BY id");
      if (!stmt) return std::unexpected(stmt.error());
      std::vector<ApiToken> tokens;
      while (true) {
        auto row = (*stmt)->Step();
        if (!row) return std::unexpected(row.error());
        if (!*row) break;
        tokens.push_back(TokenFromRow(**stmt));
      }
      return tokens;
    });
  }

  Result<void> RevokeApiToken(int64_t id, UnixTime at) override {
    return Write([&](Connection& c) -> Result<void> {
      auto stmt =
          c.Prepare("UPDATE api_tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL");
      if (!stmt) return std::unexpected(stmt.error());
      (*stmt)->Bind(1, id);
      (*stmt)->Bind(2, at);
      HERALD_RETURN_IF_ERROR((*stmt)->Run());
      if (c.Changes() == 0) {
        return Fail(ErrorCode::kNotFound, "no API token " + std::to_string(id));
      }
      return {};
    });
  }

  Result<SiteChanges> ChangesSince(int64_t since, int limit) override {
    return Read([&](Connection& c) { return sqlite::ChangesSince(c, since, limit); });
  }

  Result<int64_t> LatestChange() override {
    return Read([&](Connection& c) { return sqlite::LatestChange(c); });
  }

  Result<SearchPage> SearchArticles(const SearchQuery& query) override {
    return Read([&](Connection& c) { return sqlite::SearchArticles(c, query); });
  }

  Result<void> Maintain() override {
    const UnixTime now = std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
    // Cheap: indexed deletes, each of at most a second's worth of rows.
    auto pruned = Write([&](Connection& c) -> Result<void> {
      HERALD_RETURN_IF_ERROR(sqlite::PruneChanges(c, kKeptChanges));
      return sqlite::PruneAccounts(c, now, now - kKeptAttemptsSeconds);
    });
    if (!pruned) return pruned;
    auto conn = pool_.Acquire();
    if (!conn) return std::unexpected(conn.error());
    int64_t frames = 0;
    {
      auto stmt = (*conn)->Prepare("PRAGMA wal_checkpoint(PASSIVE)");
      if (!stmt) return std::unexpected(stmt.error());
      auto row = (*stmt)->Step();
      if (!row) return std::unexpected(row.error());
      if (*row) frames = (*stmt)->Int(1);
    }
    if (frames < kRestartWalFrames) return {};
    // RESTART holds new writers back while it waits for readers of the old
    // log to finish (reads are short), then the log starts again from its
    // beginning; TRUNCATE also gives the disk space back.
    auto stmt = (*conn)->Prepare("PRAGMA wal_checkpoint(TRUNCATE)");
    if (!stmt) return std::unexpected(stmt.error());
    auto row = (*stmt)->Step();
    if (!row) return std::unexpected(row.error());
    return {};
  }

  Result<int> SchemaVersion() override {
    auto conn = pool_.Acquire();
    if (!conn) return std::unexpected(conn.error());
    return sqlite::ReadSchemaVersion(**conn);
  }

  Result<BackupStats> Backup(const std::string& path) override {
    auto conn = pool_.Acquire();
    if (!conn) return std::unexpected(conn.error());
    return sqlite::BackupTo(**conn, pool_.path(), path);
  }

  Result<BackupStats> Restore(const std::string& path) override {
    auto conn = pool_.Acquire();
    if (!conn) return std::unexpected(conn.error());
    return sqlite::RestoreFrom(**conn, pool_.path(), path);
  }

  // Opens the first connection and migrates; called once by the factory.
  Result<void> Init() {
    auto conn = pool_.Acquire();
    if (!conn) return std::unexpected(conn.error());
    return sqlite::Migrate(**conn);
  }

 private:
  // Runs `fn` on a borrowed connection inside one read snapshot.
  template <typename Fn>
  auto Read(Fn fn) -> decltype(fn(std::declval<Connection&>())) {
    auto conn = pool_.Acquire();
    if (!conn) return std::unexpected(conn.error());
    sqlite::ReadTransaction snapshot(**conn);
    HERALD_RETURN_IF_ERROR(snapshot.Begin());
    return fn(**conn);
  }

  // Runs `fn` in a write transaction, committed only if `fn` succeeds.
  template <typename Fn>
  auto Write(Fn fn) -> decltype(fn(std::declval<Connection&>())) {
    auto conn = pool_.Acquire();
    if (!conn) return std::unexpected(conn.error());
    sqlite::WriteTransaction txn(**conn);
    HERALD_RETURN_IF_ERROR(txn.Begin());
    auto result = fn(**conn);
    if (!result) return result;
    HERALD_RETURN_IF_ERROR(txn.Commit());
    return result;
  }

  // A row of (id, name, token_hash, created_at, role).
  static ApiToken TokenFromRow(const Stmt& s) {
    ApiToken token;
    token.id = s.Int(0);
    token.name = s.Text(1);
    token.token_hash = s.Blob(2);
    token.created_at = s.Int(3);
    // The CHECK constraint allows only role names; the least powerful role
    // is the safe reading of anything else.
    token.role = ParseRole(s.Text(4)).value_or(Role::kReporter);
    return token;
  }

  static Result<bool> Exists(Connection& c, NewsId id) {
    auto stmt = c.Prepare("SELECT 1 FROM articles WHERE id = ?1");
    if (!stmt) return std::unexpected(stmt.error());
    (*stmt)->Bind(1, id);
    return (*stmt)->Step();
  }

  static Result<Article> Get(Connection& c, NewsId id) {
    Article a;
    {
      auto stmt =
          c.Prepare(std::string("SELECT ") + kArticleColumns + " FROM articles WHERE id = ?1");
      if (!stmt) return std::unexpected(stmt.error());
      (*stmt)->Bind(1, id);
      auto row = (*stmt)->Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) return Fail(ErrorCode::kNotFound, "article " + std::to_string(id) + " not found");
      a = ReadArticle(**stmt);
    }
    HERALD_RETURN_IF_ERROR(LoadTags(c, a));
    return a;
  }

  static Result<void> LoadTags(Connection& c, Article& a) {
    auto stmt =
        c.Prepare("SELECT slug, name FROM article_tags WHERE article_id = ?1 ORDER BY position");
    if (!stmt) return std::unexpected(stmt.error());
    (*stmt)->Bind(1, a.id);
    a.tags.clear();
    while (true) {
      auto row = (*stmt)->Step();
      if (!row) return std::unexpected(row.error());
      if (!*row) return {};
      a.tags.push_back(Tag{(*stmt)->Text(0), (*stmt)->Text(1)});
    }
  }

  static Result<void> CheckSection(Connection& c, const Article& a) {
    auto stmt = c.Prepare("SELECT 1 FROM sections WHERE edition = ?1 AND slug = ?2");
    if (!stmt) return std::unexpected(stmt.error());
    (*stmt)->Bind(1, a.edition);
    (*stmt)->Bind(2, a.section);
    auto row = (*stmt)->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) {
      return Fail(ErrorCode::kInvalidArgument,
                  "section '" + a.section + "' does not exist in edition '" + a.edition + "'");
    }
    return {};
  }

  static Result<void> WriteTags(Connection& c, const Article& a) {
    {
      auto del = c.Prepare("DELETE FROM article_tags WHERE article_id = ?1");
      if (!del) return std::unexpected(del.error());
      (*del)->Bind(1, a.id);
      HERALD_RETURN_IF_ERROR((*del)->Run());
    }
    auto ins = c.Prepare(
        "INSERT OR IGNORE INTO article_tags (article_id, slug, name, position) VALUES (?1, ?2, ?3, "
        "?4)");
    if (!ins) return std::unexpected(ins.error());
    int64_t position = 0;
    for (const Tag& t : a.tags) {
      (*ins)->Bind(1, a.id);
      (*ins)->Bind(2, t.slug);
      (*ins)->Bind(3, t.name);
      (*ins)->Bind(4, position++);
      HERALD_RETURN_IF_ERROR((*ins)->Run());
      (*ins)->Reset();
    }
    return {};
  }

  // Copies article `id` as its row and tags now are (after a write in this
  // transaction) into article_revisions, saved by its updated_by or by
  // `saved_by` when given.
  static Result<void> KeepRevision(Connection& c, NewsId id,
                                   const std::optional<std::string>& saved_by) {
    auto stmt = c.Prepare(
        "INSERT INTO article_revisions (article_id, revision, at, saved_by, edition, section, "
        "headline, slug, lead, body, image_url, image_caption, image_credit, byline, status, "
        "published_at, correction, corrected_at, translation_group, comment_mode, tags) "
        "SELECT id, revision, updated_at, COALESCE(?2, updated_by), edition, section, headline, "
        "slug, lead, body, image_url, image_caption, image_credit, byline, status, published_at, "
        "correction, corrected_at, translation_group, comment_mode, "
        "(SELECT json_group_array(json_array(slug, name)) FROM "
        "(SELECT slug, name FROM article_tags WHERE article_id = ?1 ORDER BY position)) "
        "FROM articles WHERE id = ?1");
    if (!stmt) return std::unexpected(stmt.error());
    (*stmt)->Bind(1, id);
    if (saved_by) {
      (*stmt)->Bind(2, *saved_by);
    } else {
      (*stmt)->BindNull(2);
    }
    return (*stmt)->Run();
  }

  static Result<Article> Insert(Connection& c, const Article& a) {
    HERALD_RETURN_IF_ERROR(CheckSection(c, a));
    Article stored = a;
    {
      auto stmt = c.Prepare(
          "INSERT INTO articles (edition, section, headline, slug, lead, body, image_url, "
          "image_caption, byline, status, created_at, updated_at, published_at, correction, "
          "corrected_at, translation_group, id, body_html, comment_mode, image_credit, author, "
          "updated_by, submitted_at) "
          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
          "?18, ?20, ?21, ?22, ?23, ?24)");
      if (!stmt) return std::unexpected(stmt.error());
      BindArticle(**stmt, a);
      (*stmt)->BindOrNull(17, a.id);
      auto done = (*stmt)->Run();
      if (!done) {
        if (done.error().code == ErrorCode::kConflict) {
          return Fail(ErrorCode::kConflict,
                      "News ID " + std::to_string(a.id) + " is already taken");
        }
        return std::unexpected(done.error());
      }
      stored.id = c.LastInsertId();
      // The INSERT leaves revision at its default: a new article starts at 0.
      stored.revision = 0;
    }
    HERALD_RETURN_IF_ERROR(WriteTags(c, stored));
    HERALD_RETURN_IF_ERROR(sqlite::IndexArticle(c, stored));
    HERALD_RETURN_IF_ERROR(KeepRevision(c, stored.id, std::nullopt));
    return stored;
  }

  static Result<Article> Update(Connection& c, const Article& a) {
    HERALD_RETURN_IF_ERROR(CheckSection(c, a));
    {
      auto stmt = c.Prepare(
          "UPDATE articles SET edition = ?1, section = ?2, headline = ?3, slug = ?4, lead = ?5, "
          "body = ?6, image_url = ?7, image_caption = ?8, byline = ?9, status = ?10, "
          "created_at = ?11, updated_at = ?12, published_at = ?13, correction = ?14, "
          "corrected_at = ?15, translation_group = ?16, body_html = ?18, comment_mode = ?20, "
          "image_credit = ?21, author = ?22, updated_by = ?23, submitted_at = ?24, "
          "revision = revision + 1 WHERE id = ?17 AND revision = ?19");
      if (!stmt) return std::unexpected(stmt.error());
      BindArticle(**stmt, a);
      (*stmt)->Bind(17, a.id);
      (*stmt)->Bind(19, a.revision);
      HERALD_RETURN_IF_ERROR((*stmt)->Run());
    }
    if (c.Changes() == 0) {
      auto exists = Exists(c, a.id);
      if (!exists) return std::unexpected(exists.error());
      if (!*exists)
        return Fail(ErrorCode::kNotFound, "article " + std::to_string(a.id) + " not found");
      return Fail(ErrorCode::kConflict,
                  "article " + std::to_string(a.id) +
                      " was changed by someone else meanwhile; reload it and retry");
    }
    HERALD_RETURN_IF_ERROR(WriteTags(c, a));
    HERALD_RETURN_IF_ERROR(sqlite::IndexArticle(c, a));
    HERALD_RETURN_IF_ERROR(KeepRevision(c, a.id, std::nullopt));
    Article stored = a;
    ++stored.revision;
    return stored;
  }

  sqlite::Pool pool_;
};

}  // namespace

namespace {

// The database holds password hashes, the site's keys and commenters'
// emails: only its owner may read it, whatever the umask was when a file
// was first made (herald itself makes them 0600).
void MakeOwnerOnly(const std::string& path) {
  namespace fs = std::filesystem;
  for (const std::string& file : {path, path + "-wal", path + "-shm"}) {
    std::error_code ec;
    fs::perms perms = fs::status(file, ec).permissions();
    if (ec || (perms & (fs::perms::group_all | fs::perms::others_all)) == fs::perms::none) continue;
    fs::permissions(file, perms & fs::perms::owner_all, fs::perm_options::replace, ec);
  }
}

}  // namespace

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path) {
  auto store = std::make_unique<SqliteStore>(path);
  HERALD_RETURN_IF_ERROR(store->Init());
  if (path != ":memory:") MakeOwnerOnly(path);
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace herald
