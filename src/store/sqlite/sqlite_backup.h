// The backup half of SqliteStore (store.h, "Backup and restore"), built on
// SQLite's online backup API (sqlite3_backup_*).
#pragma once

#include <string>

#include "store/sqlite/sqlite_db.h"
#include "store/store.h"

namespace herald::sqlite {

// Copies the database `source` (the file `source_path`) to `path` as
// Store::Backup describes. `source` must have no transaction open.
Result<BackupStats> BackupTo(Connection& source, const std::string& source_path,
                             const std::string& path);

// Replaces the database `live` (the file `live_path`) with the backup at
// `path` as Store::Restore describes. `live` must have no transaction open;
// this process's writers queue on its writer lock meanwhile.
Result<BackupStats> RestoreFrom(Connection& live, const std::string& live_path,
                                const std::string& path);

}  // namespace herald::sqlite
