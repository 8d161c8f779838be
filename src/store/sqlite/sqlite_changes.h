// The change log half of SqliteStore (store.h, "Change log"). The log itself
// is written by triggers (migration 4), so every writer, in this process or
// another, records its changes in the transaction that made them.
#pragma once

#include "store/sqlite/sqlite_db.h"
#include "store/store.h"

namespace herald::sqlite {

Result<SiteChanges> ChangesSince(Connection& c, int64_t since, int limit);
Result<int64_t> LatestChange(Connection& c);
// Deletes all but the latest `keep` changes.
Result<void> PruneChanges(Connection& c, int64_t keep);

}  // namespace herald::sqlite
