// Store::Backup and Store::Restore: consistent copies taken while writers
// run, restores that others see at once and whole, and files refused
// without harm. Every backend must pass it unchanged.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_db.h"
#include "store/store.h"
#include "store/store_testing.h"

namespace herald {
namespace {

namespace fs = std::filesystem;

class BackupTest : public StoreTest {
 protected:
  // Opens the database file at `path` as a store of its own.
  static std::unique_ptr<Store> OpenCopy(const std::string& path) {
    auto opened = OpenStore(path);
    EXPECT_TRUE(IsOk(opened));
    return opened ? std::move(*opened) : nullptr;
  }

  // The names of the files in the scratch directory.
  std::set<std::string> ScratchFiles() const {
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(scratch_)) {
      names.insert(entry.path().filename().string());
    }
    return names;
  }

  // Runs `sql` on the SQLite file at `path` (a test's own file).
  static void RunSql(const std::string& path, const char* sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
    std::string message = err ? err : "";
    sqlite3_free(err);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK) << message;
  }

  std::string Path(const std::string& name) const { return (scratch_ / name).string(); }
};

Article TaggedArticle(int n) {
  Article a = MakeArticle("Story " + std::to_string(n), kT0 + n);
  a.body = "Paragraph one of " + std::to_string(n) + ".\n\nParagraph two.";
  a.tags = {Tag{"first", "First"}, Tag{"second", "Second"}};
  return a;
}

TEST_P(BackupTest, ABackupTakenWhileWritersRunIsOneConsistentSnapshot) {
  std::atomic<int> acknowledged{0};
  std::atomic<bool> stop{false};
  std::vector<NewsId> ids(100'000);
  std::thread writer([&] {
    // Another store on the same file: writes as another process would.
    auto other = OpenStore(url_);
    ASSERT_TRUE(IsOk(other));
    for (int n = 0; !stop && n < static_cast<int>(ids.size()); ++n) {
      auto created = (*other)->CreateArticle(TaggedArticle(n));
      ASSERT_TRUE(IsOk(created));
      ids[static_cast<size_t>(n)] = created->id;
      ASSERT_TRUE(IsOk((*other)->CreateComment(
          MakeDraft(created->id, "reader-" + std::to_string(n), "Comment " + std::to_string(n)))));
      acknowledged = n + 1;
    }
  });
  while (acknowledged < 20) std::this_thread::sleep_for(std::chrono::milliseconds(1));

  int previous = 0;
  std::vector<std::set<NewsId>> snapshots;
  for (int round = 0; round < 4; ++round) {
    const int before = acknowledged;
    std::string file = Path("backup-" + std::to_string(round) + ".db");
    auto stats = store().Backup(file);
    ASSERT_TRUE(IsOk(stats));
    EXPECT_GT(stats->pages, 0);
    EXPECT_EQ(stats->bytes, stats->pages * 4096);
    EXPECT_EQ(stats->schema_version, GetParam().latest_schema_version);
    // One self-contained file, not in WAL mode (header bytes 18 and 19).
    std::ifstream in(file, std::ios::binary);
    std::string header(100, '\0');
    in.read(header.data(), 100);
    EXPECT_EQ(header.substr(0, 16), std::string("SQLite format 3\0", 16));
    EXPECT_EQ(header[18], 1);
    EXPECT_EQ(header[19], 1);

    auto copy = OpenCopy(file);
    ASSERT_NE(copy, nullptr);
    ArticleQuery q;
    q.edition = "en";
    q.limit = 50'000;
    q.with_tags = true;
    q.order = ArticleOrder::kOldestChangeFirst;
    auto page = copy->ListArticles(q);
    ASSERT_TRUE(IsOk(page));
    const int count = static_cast<int>(page->items.size());
    // Every write acknowledged before the backup began is in it; what is in
    // it is a prefix of the writes, each whole.
    EXPECT_GE(count, before);
    EXPECT_GE(count, previous);
    std::set<NewsId> in_copy;
    for (const Article& a : page->items) {
      in_copy.insert(a.id);
      EXPECT_EQ(a.tags.size(), 2u) << a.id;
      EXPECT_NE(a.body.find("Paragraph two."), std::string::npos) << a.id;
    }
    snapshots.push_back(std::move(in_copy));
    // Comments arrive in their own transactions: at most the last article's
    // is missing.
    CommentQuery cq;
    cq.limit = 500;
    int comments = 0;
    for (int offset = 0;; offset += 500) {
      cq.offset = offset;
      auto listed = copy->ListComments(cq);
      ASSERT_TRUE(IsOk(listed));
      comments += static_cast<int>(listed->size());
      if (listed->size() < 500) break;
    }
    EXPECT_TRUE(comments == count || comments == count - 1) << comments << " vs " << count;
    previous = count;
  }
  stop = true;
  writer.join();
  // Each snapshot holds exactly the first articles written, in order.
  for (const std::set<NewsId>& in_copy : snapshots) {
    for (size_t n = 0; n < in_copy.size(); ++n) EXPECT_TRUE(in_copy.contains(ids[n])) << n;
  }
  // Nothing but the database, its log and the backups is left behind.
  for (const std::string& name : ScratchFiles()) {
    EXPECT_EQ(name.find(".tmp-"), std::string::npos) << name;
    EXPECT_EQ(name.find(".restore-"), std::string::npos) << name;
  }
}

TEST_P(BackupTest, RestoreBringsBackExactlyTheBackedUpContent) {
  Article original = TaggedArticle(1);
  NewsId kept = Create(original);
  std::string file = Path("site.db");
  ASSERT_TRUE(IsOk(store().Backup(file)));

  NewsId later = Create(TaggedArticle(2));
  auto changed = store().GetArticle(kept);
  ASSERT_TRUE(IsOk(changed));
  changed->headline = "Changed after the backup";
  ASSERT_TRUE(IsOk(store().UpdateArticle(*changed)));
  ASSERT_TRUE(IsOk(store().PutSection(Section{"en", "sport", "Sport", 3})));

  // A second store stands for a server running in another process.
  auto server = OpenCopy(url_);
  ASSERT_NE(server, nullptr);
  ASSERT_TRUE(IsOk(server->GetArticle(later)));

  auto stats = store().Restore(file);
  ASSERT_TRUE(IsOk(stats));
  EXPECT_EQ(stats->schema_version, GetParam().latest_schema_version);
  EXPECT_GT(stats->pages, 0);

  for (Store* s : {&store(), server.get()}) {
    auto got = s->GetArticle(kept);
    ASSERT_TRUE(IsOk(got));
    EXPECT_EQ(got->headline, original.headline);
    EXPECT_EQ(got->revision, 0);
    EXPECT_EQ(TagSlugs(*got), (std::vector<std::string>{"first", "second"}));
    EXPECT_TRUE(FailsWith(s->GetArticle(later), ErrorCode::kNotFound));
    auto sections = s->ListSections("en");
    ASSERT_TRUE(IsOk(sections));
    EXPECT_EQ(sections->size(), 2u);
  }
  // The restored database takes writes as before.
  EXPECT_NE(Create(TaggedArticle(3)), 0);
  // The backup file is only read.
  auto again = OpenCopy(file);
  ASSERT_NE(again, nullptr);
  EXPECT_TRUE(IsOk(again->GetArticle(kept)));
  for (const std::string& name : ScratchFiles()) {
    EXPECT_EQ(name.find(".restore-"), std::string::npos) << name;
  }
}

TEST_P(BackupTest, AfterARestoreEveryEarlierChangeLogPositionSeesAGap) {
  Create(TaggedArticle(1));
  auto at_backup = store().LatestChange();
  ASSERT_TRUE(IsOk(at_backup));
  std::string file = Path("site.db");
  ASSERT_TRUE(IsOk(store().Backup(file)));
  for (int n = 2; n < 5; ++n) Create(TaggedArticle(n));
  auto server_position = store().LatestChange();
  ASSERT_TRUE(IsOk(server_position));
  ASSERT_GT(*server_position, *at_backup);

  auto server = OpenCopy(url_);
  ASSERT_NE(server, nullptr);
  ASSERT_TRUE(IsOk(store().Restore(file)));

  for (int64_t position : {int64_t{0}, *at_backup, *server_position}) {
    auto log = server->ChangesSince(position, 100);
    ASSERT_TRUE(IsOk(log));
    EXPECT_TRUE(log->gap) << position;
  }
  // Still a gap once writes after the restore have moved the log on, so a
  // server that polls late cannot mistake the new entries for the ones it
  // missed.
  for (int n = 5; n < 12; ++n) Create(TaggedArticle(n));
  auto late = server->ChangesSince(*server_position, 100);
  ASSERT_TRUE(IsOk(late));
  EXPECT_TRUE(late->gap);
  // From the position a gap hands back, the log reads normally again.
  auto next = server->ChangesSince(late->last_seq, 100);
  ASSERT_TRUE(IsOk(next));
  EXPECT_FALSE(next->gap);
  NewsId after = Create(TaggedArticle(12));
  auto fresh = server->ChangesSince(late->last_seq, 100);
  ASSERT_TRUE(IsOk(fresh));
  EXPECT_FALSE(fresh->gap);
  ASSERT_EQ(fresh->changes.size(), 1u);
  EXPECT_EQ(fresh->changes[0].article_id, after);
}

TEST_P(BackupTest, FilesThatAreNotUsableBackupsAreRefusedAndChangeNothing) {
  NewsId id = Create(TaggedArticle(1));
  auto intact = [&] {
    auto got = store().GetArticle(id);
    ASSERT_TRUE(IsOk(got));
    EXPECT_EQ(got->headline, "Story 1");
    for (const std::string& name : ScratchFiles()) {
      EXPECT_EQ(name.find(".restore-"), std::string::npos) << name;
    }
  };

  EXPECT_TRUE(FailsWith(store().Restore(Path("missing.db")), ErrorCode::kInvalidArgument));
  intact();

  std::string text = Path("notes.txt");
  std::ofstream(text) << std::string(8192, 'x');
  EXPECT_TRUE(FailsWith(store().Restore(text), ErrorCode::kInvalidArgument));
  intact();

  std::string other = Path("other.db");
  RunSql(other, "CREATE TABLE t (x); INSERT INTO t VALUES (1);");
  EXPECT_TRUE(FailsWith(store().Restore(other), ErrorCode::kInvalidArgument));
  intact();

  std::string newer = Path("newer.db");
  ASSERT_TRUE(IsOk(store().Backup(newer)));
  RunSql(newer, "PRAGMA user_version = 9999");
  EXPECT_TRUE(FailsWith(store().Restore(newer), ErrorCode::kConflict));
  intact();

  // A backup with a damaged page: the articles table's root page zeroed.
  std::string damaged = Path("damaged.db");
  ASSERT_TRUE(IsOk(store().Backup(damaged)));
  int64_t root = 0;
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(damaged.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(
                  db, "SELECT rootpage FROM sqlite_master WHERE name = 'article_revisions'", -1,
                  &stmt, nullptr),
              SQLITE_OK);
    ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
    root = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
  }
  {
    std::fstream f(damaged, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp((root - 1) * 4096);
    std::string junk(4096, '\x5a');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  auto refused = store().Restore(damaged);
  EXPECT_FALSE(refused);
  if (!refused)
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument) << refused.error().message;
  intact();
}

TEST_P(BackupTest, ABackupFromAnOlderSchemaIsMigratedAsItIsRestored) {
  // A site as Herald at schema version 3 (before the change log) left it.
  std::string old_file = Path("old.db");
  {
    auto conn = sqlite::Connection::Open(old_file);
    ASSERT_TRUE(IsOk(conn));
    ASSERT_TRUE(IsOk(sqlite::MigrateTo(**conn, 3)));
    ASSERT_TRUE(IsOk((*conn)->Exec(
        "INSERT INTO sections (edition, slug, name, position) VALUES ('en', 'archive', "
        "'Archive', 7); PRAGMA journal_mode=DELETE;")));
  }
  Create(TaggedArticle(1));
  auto position = store().LatestChange();
  ASSERT_TRUE(IsOk(position));

  auto stats = store().Restore(old_file);
  ASSERT_TRUE(IsOk(stats));
  EXPECT_EQ(stats->schema_version, GetParam().latest_schema_version);
  auto version = store().SchemaVersion();
  ASSERT_TRUE(IsOk(version));
  EXPECT_EQ(*version, GetParam().latest_schema_version);
  auto sections = store().ListSections("en");
  ASSERT_TRUE(IsOk(sections));
  ASSERT_EQ(sections->size(), 1u);
  EXPECT_EQ((*sections)[0].slug, "archive");
  auto log = store().ChangesSince(*position, 100);
  ASSERT_TRUE(IsOk(log));
  EXPECT_TRUE(log->gap);
}

TEST_P(BackupTest, AFailedBackupLeavesNothingAndAGoodOneReplacesTheOldFile) {
  EXPECT_TRUE(FailsWith(store().Backup(Path("no-such-dir/site.db")), ErrorCode::kUnavailable));
  EXPECT_FALSE(fs::exists(Path("no-such-dir")));
  EXPECT_TRUE(FailsWith(store().Backup(url_), ErrorCode::kInvalidArgument));
  EXPECT_TRUE(FailsWith(store().Backup(""), ErrorCode::kInvalidArgument));

  std::string file = Path("site.db");
  std::ofstream(file) << "an older file in the way";
  NewsId id = Create(TaggedArticle(1));
  ASSERT_TRUE(IsOk(store().Backup(file)));
  auto copy = OpenCopy(file);
  ASSERT_NE(copy, nullptr);
  EXPECT_TRUE(IsOk(copy->GetArticle(id)));
  for (const std::string& name : ScratchFiles()) {
    EXPECT_EQ(name.find(".tmp-"), std::string::npos) << name;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, BackupTest, testing::Values(SqliteBackend()), BackendName);

}  // namespace
}  // namespace herald
