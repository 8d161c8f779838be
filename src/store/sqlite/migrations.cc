#include "store/sqlite/migrations.h"

#include <algorithm>
#include <array>
#include <string>

namespace herald::sqlite {
namespace {

// Append only: a released migration is never edited, a new one is added.
constexpr std::array<const char*, 6> kMigrations = {
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
    // 6: the desk. Articles gain a photo credit and their workflow (who
    // wrote and last saved them, when a draft was sent for review), and keep
    // every saved revision; desk users with their sessions, shared attempt
    // counters and an audit log; comments gain their queue risk, a private
    // status key and an appeal; commenters gain warnings; API tokens a role
    // (admin, what every token could do before).
    //
    // The change-log triggers of migration 4 need no change: the article
    // trigger logs any write to a published article (the photo credit is
    // shown with the caption; the workflow columns only change in such
    // writes), and the comment trigger fires only on UPDATE OF status when
    // publication changes, so an appeal, a risk or a sanction (commenters
    // have no trigger) logs nothing unless a decision changes what readers
    // see.
    R"sql(
ALTER TABLE articles ADD COLUMN image_credit TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN author TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN updated_by TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN submitted_at INTEGER;
CREATE INDEX articles_by_update ON articles (updated_at DESC, id DESC);
CREATE INDEX articles_by_author ON articles (author, updated_at DESC, id DESC);

-- Every save of an article, as it was saved. Tags are a JSON array of
-- [slug, name] pairs, in order. `saved_by` is the save's updated_by
-- ('system' for scheduled publishing).
CREATE TABLE article_revisions (
  article_id        INTEGER NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  revision          INTEGER NOT NULL,
  at                INTEGER NOT NULL,
  saved_by          TEXT NOT NULL,
  edition           TEXT NOT NULL,
  section           TEXT NOT NULL,
  headline          TEXT NOT NULL,
  slug              TEXT NOT NULL,
  lead              TEXT NOT NULL,
  body              TEXT NOT NULL,
  image_url         TEXT NOT NULL,
  image_caption     TEXT NOT NULL,
  image_credit      TEXT NOT NULL,
  byline            TEXT NOT NULL,
  status            TEXT NOT NULL,
  published_at      INTEGER,
  correction        TEXT NOT NULL,
  corrected_at      INTEGER,
  translation_group INTEGER,
  comment_mode      TEXT,
  tags              TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (article_id, revision)
) WITHOUT ROWID;
-- Each article's history starts with the article as this upgrade found it.
INSERT INTO article_revisions (article_id, revision, at, saved_by, edition, section, headline,
  slug, lead, body, image_url, image_caption, image_credit, byline, status, published_at,
  correction, corrected_at, translation_group, comment_mode, tags)
SELECT id, revision, updated_at, CASE WHEN author <> '' THEN author ELSE 'import' END, edition,
  section, headline, slug, lead, body, image_url, image_caption, image_credit, byline, status,
  published_at, correction, corrected_at, translation_group, comment_mode,
  (SELECT json_group_array(json_array(slug, name))
   FROM (SELECT slug, name FROM article_tags WHERE article_id = articles.id ORDER BY position))
FROM articles;

-- AUTOINCREMENT: the audit log names users by id, so an id is never reused.
CREATE TABLE users (
  id                  INTEGER PRIMARY KEY AUTOINCREMENT,
  email               TEXT NOT NULL UNIQUE,
  name                TEXT NOT NULL,
  role                TEXT NOT NULL CHECK (role IN ('reporter', 'editor', 'moderator', 'admin')),
  password_hash       TEXT NOT NULL,
  created_at          INTEGER NOT NULL,
  password_changed_at INTEGER,
  disabled_at         INTEGER
);

CREATE TABLE sessions (
  id_hash      BLOB PRIMARY KEY,
  user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  csrf_token   TEXT NOT NULL,
  created_at   INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at   INTEGER NOT NULL,
  ip_hash      BLOB,
  user_agent   TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- One row per attempt; Maintain() drops those older than a day (by `at`).
CREATE TABLE attempts (
  bucket TEXT NOT NULL,
  at     INTEGER NOT NULL
);
CREATE INDEX attempts_by_bucket ON attempts (bucket, at);
CREATE INDEX attempts_by_time ON attempts (at);

CREATE TABLE audit_log (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  at      INTEGER NOT NULL,
  actor   TEXT NOT NULL,
  action  TEXT NOT NULL,
  target  TEXT NOT NULL DEFAULT '',
  detail  TEXT NOT NULL DEFAULT '',
  ip_hash BLOB
);
CREATE INDEX audit_log_by_actor ON audit_log (actor, id);
CREATE INDEX audit_log_by_target ON audit_log (target, id);

ALTER TABLE comments ADD COLUMN risk REAL NOT NULL DEFAULT 0;
ALTER TABLE comments ADD COLUMN status_key_hash BLOB;
ALTER TABLE comments ADD COLUMN appeal_state TEXT NOT NULL DEFAULT 'none'
  CHECK (appeal_state IN ('none', 'pending', 'upheld', 'overturned'));
ALTER TABLE comments ADD COLUMN appeal_text TEXT NOT NULL DEFAULT '';
ALTER TABLE comments ADD COLUMN appealed_at INTEGER;
-- Comments screened before this upgrade get the risk CommentRisk() would
-- have given them: the highest of the abuse score and the weights of their
-- findings' reasons (core/comment.cc, as they were when this was written),
-- so the held queue does not put an old libel hold below every new comment.
UPDATE comments SET risk = MIN(1.0, MAX(abuse, COALESCE(
  (SELECT MAX(CASE json_extract(value, '$.reason')
                WHEN 'libel_risk' THEN 0.95 WHEN 'banned_word' THEN 0.9
                WHEN 'abuse' THEN 0.8 WHEN 'house_rule' THEN 0.75
                WHEN 'suspect_word' THEN 0.6 WHEN 'spam' THEN 0.5
                WHEN 'language' THEN 0.3 WHEN 'premoderation' THEN 0.1 ELSE 0.2 END)
   FROM json_each(comments.findings)), 0)));
-- The three moderation queues (store.h, QueueKind), each a partial index in
-- its own order.
CREATE INDEX comments_held ON comments (risk DESC, created_at, id) WHERE status = 'pending';
CREATE INDEX comments_reported ON comments (reports DESC, risk DESC, id)
  WHERE status = 'published' AND reports > 0;
CREATE INDEX comments_appeals ON comments (appealed_at, id) WHERE appeal_state = 'pending';

ALTER TABLE commenters ADD COLUMN warnings INTEGER NOT NULL DEFAULT 0;
ALTER TABLE commenters ADD COLUMN last_warning TEXT NOT NULL DEFAULT '';

ALTER TABLE api_tokens ADD COLUMN role TEXT NOT NULL DEFAULT 'admin'
  CHECK (role IN ('reporter', 'editor', 'moderator', 'admin'));
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
