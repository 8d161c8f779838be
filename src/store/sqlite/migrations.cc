#include "store/sqlite/migrations.h"

#include <algorithm>
#include <array>
#include <string>

namespace herald::sqlite {
namespace {

// Append only: a released migration is never edited, a new one is added.
constexpr std::array<const char*, 5> kMigrations = {
    // 1: editions' sections, articles with tags, API tokens.
    R"sql(
CREATE TABLE sections (
  edition  TEXT NOT NULL,
  slug     TEXT NOT NULL,
  name     TEXT NOT NULL,
  position INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (edition, slug)
) WITHOUT ROWID;

CREATE TABLE articles (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  edition           TEXT NOT NULL,
  section           TEXT NOT NULL,
  headline          TEXT NOT NULL,
  slug              TEXT NOT NULL,
  lead              TEXT NOT NULL DEFAULT '',
  body              TEXT NOT NULL DEFAULT '',
  body_html         TEXT NOT NULL DEFAULT '',
  image_url         TEXT NOT NULL DEFAULT '',
  image_caption     TEXT NOT NULL DEFAULT '',
  byline            TEXT NOT NULL DEFAULT '',
  status            TEXT NOT NULL
                    CHECK (status IN ('draft', 'scheduled', 'published', 'unpublished')),
  created_at        INTEGER NOT NULL,
  updated_at        INTEGER NOT NULL,
  published_at      INTEGER,
  correction        TEXT NOT NULL DEFAULT '',
  corrected_at      INTEGER,
  translation_group INTEGER,
  revision          INTEGER NOT NULL DEFAULT 0,
  FOREIGN KEY (edition, section) REFERENCES sections (edition, slug)
);
CREATE INDEX articles_by_edition ON articles (edition, status, published_at DESC, id DESC);
CREATE INDEX articles_by_section ON articles (edition, section, status, published_at DESC, id DESC);
CREATE INDEX articles_due ON articles (published_at) WHERE status = 'scheduled';
CREATE INDEX articles_by_translation ON articles (translation_group)
  WHERE translation_group IS NOT NULL;

CREATE TABLE article_tags (
  article_id INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  slug       TEXT NOT NULL,
  name       TEXT NOT NULL,
  position   INTEGER NOT NULL,
  PRIMARY KEY (article_id, slug)
) WITHOUT ROWID;
CREATE INDEX article_tags_by_slug ON article_tags (slug, article_id);

CREATE TABLE api_tokens (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL,
  token_hash BLOB NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
)sql",
    // 2: reader comments, their commenters, history, reports and labels;
    // per-article comment modes; site secrets.
    R"sql(
ALTER TABLE articles ADD COLUMN comment_mode TEXT
  CHECK (comment_mode IN ('post', 'pre', 'closed'));

CREATE TABLE secrets (
  name  TEXT PRIMARY KEY,
  value BLOB NOT NULL
) WITHOUT ROWID;

CREATE TABLE commenters (
  id           INTEGER PRIMARY KEY,
  key_hash     BLOB NOT NULL UNIQUE,
  email        TEXT NOT NULL DEFAULT '',
  email_hash   BLOB,
  name         TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  approved     INTEGER NOT NULL DEFAULT 0,
  rejected     INTEGER NOT NULL DEFAULT 0,
  premoderate  INTEGER NOT NULL DEFAULT 0,
  banned_until INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX commenters_by_email ON commenters (email_hash) WHERE email_hash IS NOT NULL;

CREATE TABLE comments (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  article_id      INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  parent_id       INTEGER REFERENCES comments (id) ON DELETE CASCADE,
  commenter_id    INTEGER NOT NULL REFERENCES commenters (id) ON DELETE CASCADE,
  name            TEXT NOT NULL,
  body            TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('published', 'pending', 'rejected')),
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  language        TEXT NOT NULL DEFAULT '',
  abuse           REAL NOT NULL DEFAULT 0,
  insult          REAL NOT NULL DEFAULT 0,
  identity_attack REAL NOT NULL DEFAULT 0,
  threat          REAL NOT NULL DEFAULT 0,
  obscenity       REAL NOT NULL DEFAULT 0,
  findings        TEXT NOT NULL DEFAULT '[]',
  body_hash       TEXT NOT NULL,
  ip_hash         BLOB NOT NULL,
  reports         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX comments_by_article ON comments (article_id, status, id);
CREATE INDEX comments_by_commenter ON comments (commenter_id, created_at);
CREATE INDEX comments_by_parent ON comments (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX comments_queue ON comments (status, abuse DESC);

CREATE TABLE comment_events (
  id         INTEGER PRIMARY KEY,
  comment_id INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
  at         INTEGER NOT NULL,
  status     TEXT NOT NULL,
  actor      TEXT NOT NULL,
  reason     TEXT NOT NULL DEFAULT '',
  note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX comment_events_by_comment ON comment_events (comment_id, id);

CREATE TABLE comment_reports (
  comment_id    INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
  reporter_hash BLOB NOT NULL,
  at            INTEGER NOT NULL,
  PRIMARY KEY (comment_id, reporter_hash)
) WITHOUT ROWID;

CREATE TABLE moderation_labels (
  comment_id INTEGER PRIMARY KEY REFERENCES comments (id) ON DELETE CASCADE,
  abusive    INTEGER NOT NULL,
  reason     TEXT NOT NULL DEFAULT '',
  decided_at INTEGER NOT NULL
);
)sql",
    // 3: full-text search over every article, whatever its status (searches
    // join articles for the edition and status). The 'herald' tokenizer and
    // herald_search_text() are registered on each connection by
    // store/sqlite/sqlite_search.cc; this step fills the index for the
    // articles a site already has. Prefix indexes of 2 and 3 characters keep
    // a reader's half-typed last word fast (a 2-character prefix of 4,000
    // articles went from about a second to tens of milliseconds).
    R"sql(
CREATE VIRTUAL TABLE article_search USING fts5(headline, lead, body, tags, tokenize = 'herald',
                                              prefix = '2 3');
INSERT INTO article_search (rowid, headline, lead, body, tags)
SELECT id, herald_search_text(headline, 0), herald_search_text(lead, 0),
       CASE WHEN body_html <> '' THEN herald_search_text(body_html, 1)
            ELSE herald_search_text(body, 0) END,
       herald_search_text(COALESCE((SELECT group_concat(name, char(10))
                                    FROM (SELECT name FROM article_tags
                                          WHERE article_id = articles.id ORDER BY position)),
                                   ''), 0)
FROM articles;
)sql",
    // 4: the change log caches read to drop exactly the pages a write
    // changed (store.h, "Change log"). Triggers write it, so no code path,
    // process or node can change a public page without logging it.
    R"sql(
CREATE TABLE site_changes (
  seq           INTEGER PRIMARY KEY AUTOINCREMENT,
  edition       TEXT NOT NULL,
  article_id    INTEGER NOT NULL DEFAULT 0,
  story_id      INTEGER NOT NULL DEFAULT 0,
  comments_only INTEGER NOT NULL DEFAULT 0,
  at            INTEGER NOT NULL DEFAULT (CAST(strftime('%s', 'now') AS INTEGER))
);

CREATE TRIGGER site_changes_article_insert AFTER INSERT ON articles
WHEN NEW.status = 'published' BEGIN
  INSERT INTO site_changes (edition, article_id, story_id)
  VALUES (NEW.edition, NEW.id, coalesce(NEW.translation_group, NEW.id));
END;

CREATE TRIGGER site_changes_article_update AFTER UPDATE ON articles
WHEN OLD.status = 'published' OR NEW.status = 'published' BEGIN
  INSERT INTO site_changes (edition, article_id, story_id)
  VALUES (NEW.edition, NEW.id, coalesce(NEW.translation_group, NEW.id));
  -- A move to another edition or story changes the old one's pages too.
  INSERT INTO site_changes (edition, article_id, story_id)
  SELECT OLD.edition, OLD.id, coalesce(OLD.translation_group, OLD.id)
  WHERE OLD.edition <> NEW.edition
     OR coalesce(OLD.translation_group, OLD.id) <> coalesce(NEW.translation_group, NEW.id);
END;

CREATE TRIGGER site_changes_article_delete AFTER DELETE ON articles
WHEN OLD.status = 'published' BEGIN
  INSERT INTO site_changes (edition, article_id, story_id)
  VALUES (OLD.edition, OLD.id, coalesce(OLD.translation_group, OLD.id));
END;

CREATE TRIGGER site_changes_comment_insert AFTER INSERT ON comments
WHEN NEW.status = 'published' BEGIN
  INSERT INTO site_changes (edition, article_id, story_id, comments_only)
  SELECT edition, id, coalesce(translation_group, id), 1 FROM articles WHERE id = NEW.article_id;
END;

CREATE TRIGGER site_changes_comment_update AFTER UPDATE OF status ON comments
WHEN (OLD.status = 'published') <> (NEW.status = 'published') BEGIN
  INSERT INTO site_changes (edition, article_id, story_id, comments_only)
  SELECT edition, id, coalesce(translation_group, id), 1 FROM articles WHERE id = NEW.article_id;
END;

CREATE TRIGGER site_changes_comment_delete AFTER DELETE ON comments
WHEN OLD.status = 'published' BEGIN
  INSERT INTO site_changes (edition, article_id, story_id, comments_only)
  SELECT edition, id, coalesce(translation_group, id), 1 FROM articles WHERE id = OLD.article_id;
END;

CREATE TRIGGER site_changes_section_insert AFTER INSERT ON sections BEGIN
  INSERT INTO site_changes (edition) VALUES (NEW.edition);
END;
CREATE TRIGGER site_changes_section_update AFTER UPDATE ON sections BEGIN
  INSERT INTO site_changes (edition) VALUES (NEW.edition);
END;
CREATE TRIGGER site_changes_section_delete AFTER DELETE ON sections BEGIN
  INSERT INTO site_changes (edition) VALUES (OLD.edition);
END;
)sql",
    // 5: syndication. Published articles by date across editions (sitemaps,
    // the news sitemap; covering for the months' counts and last changes),
    // and every article by its change time (ChangedAt in core/article.h, written
    // exactly as ListArticles writes it) for the ninjs change list.
    R"sql(
CREATE INDEX articles_by_date ON articles (status, published_at, id, updated_at, corrected_at);
CREATE INDEX articles_by_change ON articles (
  MAX(updated_at, COALESCE(corrected_at, 0), COALESCE(published_at, 0)), id);
)sql",
};

}  // namespace

int LatestSchemaVersion() { return static_cast<int>(kMigrations.size()); }

Result<int> ReadSchemaVersion(Connection& conn) {
  auto stmt = conn.Prepare("PRAGMA user_version");
  if (!stmt) return std::unexpected(stmt.error());
  auto row = (*stmt)->Step();
  if (!row) return std::unexpected(row.error());
  return *row ? static_cast<int>((*stmt)->Int(0)) : 0;
}

Result<void> Migrate(Connection& conn) { return MigrateTo(conn, LatestSchemaVersion()); }

Result<void> MigrateTo(Connection& conn, int target) {
  while (true) {
    WriteTransaction txn(conn);
    HERALD_RETURN_IF_ERROR(txn.Begin());
    auto version = ReadSchemaVersion(conn);
    if (!version) return std::unexpected(version.error());
    if (*version > LatestSchemaVersion()) {
      return Fail(ErrorCode::kUnavailable, "database schema version " + std::to_string(*version) +
                                               " is newer than this Herald (" +
                                               std::to_string(LatestSchemaVersion()) +
                                               "); upgrade Herald instead of downgrading the data");
    }
    if (*version >= std::min(target, LatestSchemaVersion())) return {};
    HERALD_RETURN_IF_ERROR(conn.Exec(kMigrations[static_cast<size_t>(*version)]));
    std::string bump = "PRAGMA user_version = " + std::to_string(*version + 1);
    HERALD_RETURN_IF_ERROR(conn.Exec(bump.c_str()));
    HERALD_RETURN_IF_ERROR(txn.Commit());
  }
}

}  // namespace herald::sqlite
