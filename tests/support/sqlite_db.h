// Reads a Herald database file directly, beside (or after) a running
// server, for tests that check what was stored: crash_test.cc and
// flood_test.cc.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace herald::testing {

using Row = std::vector<std::string>;

// One read-write connection to a Herald database with the 'herald' search
// tokenizer registered, so that the FTS5 index can be read and checked.
// Waits up to 10 s for a lock a running server holds.
class Db {
 public:
  explicit Db(const std::string& path);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  // Empty when the file opened; otherwise why not.
  const std::string& error() const { return error_; }

  // Runs `sql` (with ?1 bound to `id` when given) and returns its rows as
  // text (NULL as ""); fails the calling test on an error.
  std::vector<Row> Query(const std::string& sql, std::optional<int64_t> id = std::nullopt);

 private:
  sqlite3* db_ = nullptr;
  std::string error_;
};

}  // namespace herald::testing
