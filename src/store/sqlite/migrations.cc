#include "store/sqlite/migrations.h"

#include <array>
#include <string>

namespace herald::sqlite {
namespace {

// Append only: a released migration is never edited, a new one is added.
constexpr std::array<const char*, 1> kMigrations = {
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

Result<void> Migrate(Connection& conn) {
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
    if (*version == LatestSchemaVersion()) return {};
    HERALD_RETURN_IF_ERROR(conn.Exec(kMigrations[static_cast<size_t>(*version)]));
    std::string bump = "PRAGMA user_version = " + std::to_string(*version + 1);
    HERALD_RETURN_IF_ERROR(conn.Exec(bump.c_str()));
    HERALD_RETURN_IF_ERROR(txn.Commit());
  }
}

}  // namespace herald::sqlite
