#include "store/sqlite/sqlite_backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_changes.h"
#include "store/sqlite/sqlite_search.h"

namespace herald::sqlite {
namespace {

namespace fs = std::filesystem;

// A restored change log starts this far past the highest position either
// database handed out, so that no reader's position can fall inside it (see
// RestartChangeLog). Writers in other processes that commit between the read
// of the live position and the restore would have to log this many changes
// to defeat it.
constexpr int64_t kChangeLogRestartGap = 1'000'000;
// How long Restore waits for other processes' writes to let it in.
constexpr auto kRestoreBusyDeadline = std::chrono::seconds(30);

struct CloseDb {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using RawDb = std::unique_ptr<sqlite3, CloseDb>;

ErrorCode CodeFor(int rc) {
  switch (rc & 0xff) {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return ErrorCode::kInvalidArgument;
    default:
      return ErrorCode::kUnavailable;
  }
}

Error DbError(sqlite3* db, int rc, const std::string& what) {
  return Error{CodeFor(rc), what + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc))};
}

Result<RawDb> OpenRaw(const std::string& path, int flags) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  RawDb owned(db);
  if (rc != SQLITE_OK) return std::unexpected(DbError(db, rc, "cannot open " + path));
  sqlite3_busy_timeout(db, 10000);
  // An article search reads the index through Herald's tokenizer.
  HERALD_RETURN_IF_ERROR(RegisterSearch(db));
  return owned;
}

// Returns the first column of every row `sql` returns, as text.
Result<std::vector<std::string>> Query(sqlite3* db, const char* sql, const std::string& what) {
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db, sql, -1, &raw, nullptr);
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt(raw, sqlite3_finalize);
  if (rc != SQLITE_OK) return std::unexpected(DbError(db, rc, what));
  std::vector<std::string> rows;
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(raw, 0));
    rows.emplace_back(text ? text : "");
  }
  if (rc != SQLITE_DONE) return std::unexpected(DbError(db, rc, what));
  return rows;
}

Result<int64_t> QueryInt(sqlite3* db, const char* sql, const std::string& what) {
  auto rows = Query(db, sql, what);
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return Fail(ErrorCode::kUnavailable, what + ": no answer");
  return std::stoll(rows->front());
}

// Checks that `db` is a whole Herald database this program can use; returns
// its schema version.
Result<int> CheckHeraldDatabase(sqlite3* db, const std::string& name) {
  auto tables = QueryInt(db,
                         "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
                         "AND name IN ('sections', 'articles')",
                         name + " is not a database");
  if (!tables) return std::unexpected(tables.error());
  auto version = QueryInt(db, "PRAGMA user_version", "reading " + name);
  if (!version) return std::unexpected(version.error());
  if (*tables != 2 || *version < 1) {
    return Fail(ErrorCode::kInvalidArgument, name + " is not a Herald database");
  }
  if (*version > LatestSchemaVersion()) {
    return Fail(ErrorCode::kConflict, name + " is from a newer Herald (schema version " +
                                          std::to_string(*version) + ", this one knows " +
                                          std::to_string(LatestSchemaVersion()) +
                                          "); restore it with that Herald or a later one");
  }
  auto check = Query(db, "PRAGMA integrity_check(20)", "checking " + name);
  if (!check) return std::unexpected(check.error());
  if (check->size() != 1 || check->front() != "ok") {
    std::string problems;
    for (const std::string& line : *check) problems += "\n  " + line;
    return Fail(ErrorCode::kInvalidArgument, name + " fails its integrity check:" + problems);
  }
  return static_cast<int>(*version);
}

// Copies every page of `source` into `dest` in one step, waiting while the
// destination is locked by other writers; returns the pages copied.
Result<int64_t> CopyPages(sqlite3* dest, sqlite3* source, const std::string& what) {
  sqlite3_backup* backup = sqlite3_backup_init(dest, "main", source, "main");
  if (backup == nullptr) return std::unexpected(DbError(dest, sqlite3_errcode(dest), what));
  const auto deadline = std::chrono::steady_clock::now() + kRestoreBusyDeadline;
  int rc = SQLITE_OK;
  while (true) {
    rc = sqlite3_backup_step(backup, -1);
    if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
    if (std::chrono::steady_clock::now() > deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const int64_t pages = sqlite3_backup_pagecount(backup);
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    return Fail(CodeFor(rc) == ErrorCode::kInvalidArgument ? ErrorCode::kInvalidArgument
                                                           : ErrorCode::kUnavailable,
                what + ": " + sqlite3_errstr(rc));
  }
  return pages;
}

Result<void> ExecRaw(sqlite3* db, const char* sql, const std::string& what) {
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return {};
  std::string msg = err ? err : sqlite3_errstr(rc);
  sqlite3_free(err);
  return Fail(CodeFor(rc), what + ": " + msg);
}

// Creates an empty file named `prefix` + six random characters; returns its
// name.
Result<std::string> MakeTempFile(const std::string& prefix) {
  std::string name = prefix + "XXXXXX";
  int fd = ::mkstemp(name.data());
  if (fd < 0)
    return Fail(ErrorCode::kUnavailable, "cannot create " + name + ": " + strerror(errno));
  ::close(fd);
  return name;
}

// Removes a temporary database and its journals unless released.
class TempDatabase {
 public:
  explicit TempDatabase(std::string path) : path_(std::move(path)) {}
  ~TempDatabase() {
    if (path_.empty()) return;
    std::error_code ec;
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(path_ + suffix, ec);
  }
  TempDatabase(const TempDatabase&) = delete;
  TempDatabase& operator=(const TempDatabase&) = delete;
  const std::string& path() const { return path_; }
  void Release() { path_.clear(); }

 private:
  std::string path_;
};

Result<void> Fsync(const std::string& path, bool directory) {
  int fd = ::open(path.c_str(), (directory ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Fail(ErrorCode::kUnavailable, "cannot open " + path + ": " + strerror(errno));
  int rc = ::fsync(fd);
  int saved = errno;
  ::close(fd);
  if (rc != 0) return Fail(ErrorCode::kUnavailable, "cannot sync " + path + ": " + strerror(saved));
  return {};
}

// Makes the change log of the database `staged` start past every position
// the live database has handed out: its entries are dropped (they describe
// the backup's history, not changes since any server's position) and its
// sequence is moved far ahead. ChangesSince(p) for any earlier p then finds
// either an empty log or one whose oldest entry is after p + 1, and reports
// a gap (see sqlite_changes.cc), so every server drops its cached pages.
Result<void> RestartChangeLog(Connection& staged, int64_t live_latest) {
  WriteTransaction txn(staged);
  HERALD_RETURN_IF_ERROR(txn.Begin());
  auto staged_latest = LatestChange(staged);
  if (!staged_latest) return std::unexpected(staged_latest.error());
  const int64_t restart = std::max(live_latest, *staged_latest) + kChangeLogRestartGap;
  HERALD_RETURN_IF_ERROR(staged.Exec("DELETE FROM site_changes"));
  {
    auto update = staged.Prepare("UPDATE sqlite_sequence SET seq = ?1 WHERE name = 'site_changes'");
    if (!update) return std::unexpected(update.error());
    (*update)->Bind(1, restart);
    HERALD_RETURN_IF_ERROR((*update)->Run());
  }
  if (staged.Changes() == 0) {
    auto insert =
        staged.Prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('site_changes', ?1)");
    if (!insert) return std::unexpected(insert.error());
    (*insert)->Bind(1, restart);
    HERALD_RETURN_IF_ERROR((*insert)->Run());
  }
  return txn.Commit();
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

bool SameFile(const std::string& a, const std::string& b) {
  std::error_code ec;
  return fs::equivalent(a, b, ec);
}

}  // namespace

Result<BackupStats> BackupTo(Connection& source, const std::string& source_path,
                             const std::string& path) {
  const auto start = std::chrono::steady_clock::now();
  if (path.empty()) return Fail(ErrorCode::kInvalidArgument, "no backup file named");
  if (SameFile(path, source_path)) {
    return Fail(ErrorCode::kInvalidArgument, path + " is the database itself");
  }
  auto tmp_name = MakeTempFile(path + ".tmp-");
  if (!tmp_name) return std::unexpected(tmp_name.error());
  TempDatabase tmp(*tmp_name);
  BackupStats stats;
  {
    auto dest = OpenRaw(tmp.path(), SQLITE_OPEN_READWRITE);
    if (!dest) return std::unexpected(dest.error());
    // The temporary copy needs no journal: if anything fails it is thrown
    // away, and it is synced once, whole, before it is renamed.
    HERALD_RETURN_IF_ERROR(
        ExecRaw(dest->get(), "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF", tmp.path()));
    {
      // Why one step inside a read transaction rather than many small steps
      // with pauses between: small steps release the source's read lock
      // between them, and a write by any other connection then restarts the
      // copy from the first page, so on a site taking comments a large
      // backup might never finish. A read transaction on a WAL database is a
      // snapshot that blocks no writer (they append to the log), so the
      // copy is the database as of one commit and finishes in one pass. The
      // cost: the log cannot be checkpointed past the snapshot until the
      // copy is done, so it grows by the writes made meanwhile.
      ReadTransaction snapshot(source);
      HERALD_RETURN_IF_ERROR(snapshot.Begin());
      // BEGIN is deferred: the snapshot is fixed by the first read.
      HERALD_RETURN_IF_ERROR(source.Exec("SELECT count(*) FROM sqlite_master"));
      auto pages = CopyPages(dest->get(), source.handle(), "backing up to " + tmp.path());
      if (!pages) return Fail(ErrorCode::kUnavailable, pages.error().message);
      stats.pages = *pages;
    }
    // The copy of a WAL database is marked WAL too; make it a plain,
    // self-contained file.
    HERALD_RETURN_IF_ERROR(ExecRaw(dest->get(), "PRAGMA journal_mode=DELETE", tmp.path()));
    auto version = CheckHeraldDatabase(dest->get(), "the copy " + tmp.path());
    if (!version) return Fail(ErrorCode::kUnavailable, version.error().message);
    stats.schema_version = *version;
    auto page_size = QueryInt(dest->get(), "PRAGMA page_size", tmp.path());
    if (!page_size) return Fail(ErrorCode::kUnavailable, page_size.error().message);
    stats.bytes = stats.pages * *page_size;
  }
  HERALD_RETURN_IF_ERROR(Fsync(tmp.path(), false));
  if (::rename(tmp.path().c_str(), path.c_str()) != 0) {
    return Fail(ErrorCode::kUnavailable,
                "cannot rename " + tmp.path() + " to " + path + ": " + strerror(errno));
  }
  tmp.Release();
  fs::path dir = fs::path(path).parent_path();
  HERALD_RETURN_IF_ERROR(Fsync(dir.empty() ? "." : dir.string(), true));
  stats.seconds = SecondsSince(start);
  return stats;
}

Result<BackupStats> RestoreFrom(Connection& live, const std::string& live_path,
                                const std::string& path) {
  const auto start = std::chrono::steady_clock::now();
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    return Fail(ErrorCode::kInvalidArgument, "no backup file at " + path);
  }
  if (SameFile(path, live_path)) {
    return Fail(ErrorCode::kInvalidArgument, path + " is the database itself");
  }
  // The backup is checked, copied and migrated in a staging file beside the
  // database, so that the live database is written once, by one copy of
  // pages that is a single transaction: readers see the old content or the
  // new, and a failure before it changes nothing.
  auto staging_name = MakeTempFile(live_path + ".restore-");
  if (!staging_name) return std::unexpected(staging_name.error());
  TempDatabase staging_file(*staging_name);
  {
    auto backup = OpenRaw(path, SQLITE_OPEN_READONLY);
    if (!backup) return std::unexpected(backup.error());
    auto version = CheckHeraldDatabase(backup->get(), path);
    if (!version) return std::unexpected(version.error());
    auto staged = OpenRaw(staging_file.path(), SQLITE_OPEN_READWRITE);
    if (!staged) return std::unexpected(staged.error());
    HERALD_RETURN_IF_ERROR(ExecRaw(staged->get(), "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF",
                                   staging_file.path()));
    auto pages = CopyPages(staged->get(), backup->get(), "reading " + path);
    if (!pages) return std::unexpected(pages.error());
    HERALD_RETURN_IF_ERROR(
        ExecRaw(staged->get(), "PRAGMA journal_mode=DELETE", staging_file.path()));
  }
  auto staged = Connection::Open(staging_file.path());
  if (!staged) return std::unexpected(staged.error());
  HERALD_RETURN_IF_ERROR(Migrate(**staged));

  // From here this process's writers wait; other processes' writers are
  // held off by SQLite's lock while the pages are copied.
  std::unique_lock<std::mutex> writer;
  if (live.writer_lock() != nullptr) writer = std::unique_lock(*live.writer_lock());
  auto live_latest = LatestChange(live);
  if (!live_latest) return std::unexpected(live_latest.error());
  HERALD_RETURN_IF_ERROR(RestartChangeLog(**staged, *live_latest));
  auto pages = CopyPages(live.handle(), (*staged)->handle(), "restoring into " + live_path);
  if (!pages) return Fail(ErrorCode::kUnavailable, pages.error().message);
  if (writer.owns_lock()) writer.unlock();

  BackupStats stats;
  stats.pages = *pages;
  auto version = ReadSchemaVersion(live);
  if (!version) return std::unexpected(version.error());
  stats.schema_version = *version;
  auto page_size = QueryInt(live.handle(), "PRAGMA page_size", live_path);
  if (!page_size) return std::unexpected(page_size.error());
  stats.bytes = stats.pages * *page_size;
  stats.seconds = SecondsSince(start);
  return stats;
}

}  // namespace herald::sqlite
