// SqliteStore: the embedded, default implementation of Store.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace herald {

// Opens the SQLite database at `path` (creating it and its schema if
// needed). Returns kUnavailable when the file cannot be opened or migrated.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);

}  // namespace herald
