// Thin RAII layer over the SQLite C API, used only inside store/sqlite/.
//
// Connection owns one sqlite3 handle and caches its prepared statements.
// Stmt is a borrowed cached statement that is reset when it goes out of
// scope. Values are always bound as parameters, never spliced into SQL.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/result.h"

namespace herald::sqlite {

class Stmt {
 public:
  explicit Stmt(sqlite3_stmt* stmt) : stmt_(stmt) {}
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  ~Stmt() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }

  // Binds parameter `index` (1-based).
  void Bind(int index, int64_t value) { sqlite3_bind_int64(stmt_, index, value); }
  void Bind(int index, std::string_view value) {
    sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  }
  void BindBlob(int index, std::string_view value) {
    sqlite3_bind_blob(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  }
  void BindReal(int index, double value) { sqlite3_bind_double(stmt_, index, value); }
  void BindNull(int index) { sqlite3_bind_null(stmt_, index); }
  // Binds NULL for 0, the value otherwise (optional foreign keys, times).
  void BindOrNull(int index, int64_t value) {
    if (value == 0) {
      BindNull(index);
    } else {
      Bind(index, value);
    }
  }

  // Advances; returns true for a row, false when done, an error otherwise.
  Result<bool> Step();
  // Makes the statement ready to be bound and run again.
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  // Runs to completion, for statements that return no rows.
  Result<void> Run();

  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  double Real(int col) const { return sqlite3_column_double(stmt_, col); }
  std::string Text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }
  std::string Blob(int col) const {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }

 private:
  sqlite3_stmt* stmt_;
};

class Connection {
 public:
  // Opens (creating if needed) the database at `path` with WAL, foreign keys
  // and a busy timeout, so concurrent writers wait instead of failing.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Returns the cached prepared statement for `sql`, preparing it once.
  // The caller must finish with it before preparing the same SQL again.
  Result<std::unique_ptr<Stmt>> Prepare(std::string_view sql);
  // Runs one or more statements with no parameters (schema, pragmas).
  Result<void> Exec(const char* sql);
  int64_t LastInsertId() const { return sqlite3_last_insert_rowid(db_); }
  int Changes() const { return sqlite3_changes(db_); }
  // A connection whose transaction could not be ended must not be reused.
  void MarkBroken() { broken_ = true; }
  // The lock write transactions on this database take in this process (set
  // by the pool): writers queue on it instead of polling SQLite's file lock.
  void set_writer_lock(std::mutex* m) { writer_lock_ = m; }
  std::mutex* writer_lock() const { return writer_lock_; }
  bool broken() const { return broken_; }
  // The raw handle, for the APIs this class does not wrap (online backup).
  sqlite3* handle() { return db_; }
  // Maps the connection's last error to an Error with `what` as context.
  Error LastError(std::string_view what) const;

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  bool broken_ = false;
  std::mutex* writer_lock_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

// A write transaction (BEGIN IMMEDIATE) that rolls back unless committed.
// Holds the connection's writer lock from Begin() to its end.
class WriteTransaction {
 public:
  explicit WriteTransaction(Connection& c) : conn_(c) {}
  ~WriteTransaction();
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  Result<void> Begin();
  Result<void> Commit();

 private:
  Connection& conn_;
  std::unique_lock<std::mutex> writer_;
  bool open_ = false;
};

// A read transaction: the statements inside it see one snapshot of the
// database. Ends (COMMIT) on destruction.
class ReadTransaction {
 public:
  explicit ReadTransaction(Connection& c) : conn_(c) {}
  ~ReadTransaction();
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;
  Result<void> Begin();

 private:
  Connection& conn_;
  bool open_ = false;
};

// A pool of connections to one database file: readers run in parallel (WAL);
// a connection is borrowed for one store call and returned.
class Pool {
 public:
  explicit Pool(std::string path) : path_(std::move(path)) {}

  class Lease {
   public:
    Lease(Pool& pool, std::unique_ptr<Connection> c) : pool_(pool), conn_(std::move(c)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (conn_) pool_.Return(std::move(conn_));
    }
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }

   private:
    Pool& pool_;
    std::unique_ptr<Connection> conn_;
  };

  // Borrows an idle connection or opens a new one.
  Result<Lease> Acquire();
  // The database file's path.
  const std::string& path() const { return path_; }

 private:
  void Return(std::unique_ptr<Connection> c);

  std::string path_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Connection>> idle_;  // Guarded by mu_.
  std::mutex writer_;                              // Serialises this process's write transactions.
};

}  // namespace herald::sqlite
