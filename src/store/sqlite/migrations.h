// Schema migrations for the SQLite store.
//
// The schema version is PRAGMA user_version. Each migration runs in its own
// IMMEDIATE transaction that re-reads the version first, so two processes
// starting at once cannot apply the same step twice, and a crash mid-step
// leaves the previous version intact.
#pragma once

#include "common/result.h"
#include "store/sqlite/sqlite_db.h"

namespace herald::sqlite {

// The version a fully migrated database has.
int LatestSchemaVersion();

// Brings the database up to LatestSchemaVersion(). Returns kUnavailable if
// the database is newer than this program (a downgrade is refused).
Result<void> Migrate(Connection& conn);

// Brings the database up to `target` (<= LatestSchemaVersion()) and no
// further: for tests that need a site as an older Herald left it.
Result<void> MigrateTo(Connection& conn, int target);

// Returns the database's current schema version.
Result<int> ReadSchemaVersion(Connection& conn);

}  // namespace herald::sqlite
