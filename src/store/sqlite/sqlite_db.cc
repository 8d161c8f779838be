#include "store/sqlite/sqlite_db.h"

#include "store/sqlite/sqlite_search.h"

namespace herald::sqlite {
namespace {

ErrorCode CodeFor(int rc) {
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      return ErrorCode::kConflict;
    case SQLITE_TOOBIG:
      return ErrorCode::kTooLarge;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
      return ErrorCode::kUnavailable;
    default:
      return ErrorCode::kInternal;
  }
}

}  // namespace

Result<bool> Stmt::Step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3* db = sqlite3_db_handle(stmt_);
  return Fail(CodeFor(rc), std::string("database: ") + sqlite3_errmsg(db));
}

Result<void> Stmt::Run() {
  while (true) {
    auto row = Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return {};
  }
}

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Fail(ErrorCode::kUnavailable, "cannot open database " + path + ": " + msg);
  }
  std::unique_ptr<Connection> conn(new Connection(db));
  sqlite3_busy_timeout(db, 10000);
  // WAL lets readers run beside the one writer; NORMAL sync in WAL mode
  // keeps every committed transaction across a process crash (a power cut
  // may lose the last ones, never corrupt the file).
  HERALD_RETURN_IF_ERROR(
      conn->Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                 "PRAGMA temp_store=MEMORY;"
                 // Store::Maintain checkpoints once a second; committing
                 // transactions checkpoint themselves only as a backstop.
                 "PRAGMA wal_autocheckpoint=8192;"));
  // The search index's tokenizer lives in this program, not in the file.
  HERALD_RETURN_IF_ERROR(RegisterSearch(db));
  return conn;
}

Connection::~Connection() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

Result<std::unique_ptr<Stmt>> Connection::Prepare(std::string_view sql) {
  auto it = statements_.find(std::string(sql));
  if (it == statements_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return std::unexpected(LastError("prepare"));
    it = statements_.emplace(std::string(sql), stmt).first;
  }
  return std::make_unique<Stmt>(it->second);
}

Result<void> Connection::Exec(const char* sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    return Fail(CodeFor(rc), "database: " + msg);
  }
  return {};
}

Error Connection::LastError(std::string_view what) const {
  return Error{CodeFor(sqlite3_errcode(db_)),
               "database " + std::string(what) + ": " + sqlite3_errmsg(db_)};
}

WriteTransaction::~WriteTransaction() {
  if (!open_) return;
  // A failed ROLLBACK cannot be reported from here; the connection is
  // closed instead of returned, which ends the transaction.
  if (auto rolled_back = conn_.Exec("ROLLBACK"); !rolled_back) conn_.MarkBroken();
}

Result<void> WriteTransaction::Begin() {
  if (conn_.writer_lock() != nullptr) writer_ = std::unique_lock(*conn_.writer_lock());
  HERALD_RETURN_IF_ERROR(conn_.Exec("BEGIN IMMEDIATE"));
  open_ = true;
  return {};
}

Result<void> WriteTransaction::Commit() {
  HERALD_RETURN_IF_ERROR(conn_.Exec("COMMIT"));
  open_ = false;
  if (writer_.owns_lock()) writer_.unlock();
  return {};
}

ReadTransaction::~ReadTransaction() {
  if (!open_) return;
  if (auto ended = conn_.Exec("COMMIT"); !ended) conn_.MarkBroken();
}

Result<void> ReadTransaction::Begin() {
  HERALD_RETURN_IF_ERROR(conn_.Exec("BEGIN"));
  open_ = true;
  return {};
}

Result<Pool::Lease> Pool::Acquire() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      std::unique_ptr<Connection> c = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(c));
    }
  }
  auto c = Connection::Open(path_);
  if (!c) return std::unexpected(c.error());
  (*c)->set_writer_lock(&writer_);
  return Lease(*this, std::move(*c));
}

void Pool::Return(std::unique_ptr<Connection> c) {
  if (c->broken()) return;  // Closed by its destructor.
  std::lock_guard lock(mu_);
  idle_.push_back(std::move(c));
}

}  // namespace herald::sqlite
