// `herald backup` and `herald restore` against a running server: backups
// taken while comments arrive hold every acknowledged comment, a killed
// backup never leaves a partial file, and a restore under a running server
// is what its pages show next.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "support/herald_process.h"
#include "support/http_client.h"

namespace herald::testing {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

constexpr const char* kCommentsApi = "/api/v1/articles/425881/comments";

// Posts a civil comment as reader `n` (its own address and email, clear of
// the rate limits); returns its id, or 0 if it was not kept.
int64_t PostComment(int port, int n, const std::string& text) {
  json body = {{"name", "Reader " + std::to_string(n)},
               {"email", "backup" + std::to_string(n) + "@example.org"},
               {"body", text}};
  std::string address = "10.9." + std::to_string((n >> 8) & 255) + "." + std::to_string(n & 255);
  HttpRequest req{"POST",
                  kCommentsApi,
                  {{"Content-Type", "application/json"}, {"X-Forwarded-For", address}},
                  body.dump()};
  HttpResponse r = Fetch(port, req);
  if (r.status != 201) return 0;
  json j = json::parse(r.body, nullptr, false);
  return j.is_object() && j.contains("id") ? j["id"].get<int64_t>() : 0;
}

std::string CivilBody(int n) {
  return "Thank you for this clear report on the talks. I hope the ceasefire holds and that the "
         "families can go home safely soon (backup reader " +
         std::to_string(n) + ").";
}

bool CommentExists(int port, const std::string& token, int64_t id) {
  HttpRequest req{
      "GET", "/api/v1/comments/" + std::to_string(id), {{"Authorization", "Bearer " + token}}, ""};
  return Fetch(port, req).status == 200;
}

// The canonical path of the reference article.
std::string ArticlePath(int port) { return Get(port, "/news/425881").Header("location"); }

TEST(Backup, BackupsTakenWhileCommentsArriveHoldEveryAcknowledgedComment) {
  HeraldServer server;
  ASSERT_NE(server.port(), 0);
  // Made before the backups, so that every backup holds it.
  std::string token = server.CreateToken();
  std::mutex mu;
  std::vector<int64_t> acknowledged;  // Guarded by mu.
  std::atomic<bool> stop{false};
  std::thread poster([&] {
    for (int n = 1; !stop && n < 5000; ++n) {
      int64_t id = PostComment(server.port(), n, CivilBody(n));
      if (id == 0) continue;
      std::lock_guard lock(mu);
      acknowledged.push_back(id);
    }
  });

  TempDir backups;
  std::vector<std::pair<std::string, std::vector<int64_t>>> taken;
  for (int round = 0; round < 3; ++round) {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    std::vector<int64_t> before;
    {
      std::lock_guard lock(mu);
      before = acknowledged;
    }
    std::string file = backups.path() + "/site-" + std::to_string(round) + ".db";
    CommandResult r = RunHerald({"backup", "--data", server.data_dir(), file});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("backed up " + file + ": "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("schema version"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("/media/"), std::string::npos) << r.out;
    taken.emplace_back(file, std::move(before));
  }
  stop = true;
  poster.join();
  ASSERT_FALSE(taken.back().second.empty()) << "no comment was acknowledged";

  // Each backup, restored into a fresh site, has every comment acknowledged
  // before it began. One server serves them all, restored one after another.
  TempDir fresh;
  CommandResult first = RunHerald({"restore", "--yes", "--data", fresh.path(), taken[0].first});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  auto restored = HeraldServer::ServeExisting(fresh.path());
  ASSERT_NE(restored->port(), 0);
  for (const auto& [file, before] : taken) {
    CommandResult r = RunHerald({"restore", "--yes", "--data", fresh.path(), file});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("restored " + file + ": "), std::string::npos) << r.out;
    for (int64_t id : before) EXPECT_TRUE(CommentExists(restored->port(), token, id)) << id;
  }
}

// Starts `herald backup` without waiting for it.
pid_t StartBackup(const std::string& data_dir, const std::string& file) {
  std::vector<std::string> args = {"backup", "--data", data_dir, file};
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(HERALD_BINARY));
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid == 0) {
    int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, 1);
    ::dup2(null, 2);
    ::execv(HERALD_BINARY, argv.data());
    ::_exit(127);
  }
  return pid;
}

TEST(Backup, AKilledBackupLeavesNoFileOrAWholeOne) {
  HeraldServer server;
  ASSERT_NE(server.port(), 0);
  TempDir backups;
  TempDir scratch;
  std::mt19937 random(std::random_device{}());
  std::uniform_int_distribution<int> delay_ms(0, 300);
  int absent = 0, whole = 0;
  for (int round = 0; round < 8; ++round) {
    std::string file = backups.path() + "/killed-" + std::to_string(round) + ".db";
    pid_t pid = StartBackup(server.data_dir(), file);
    ASSERT_GT(pid, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(random)));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (!fs::exists(file)) {
      ++absent;
      continue;
    }
    // Whatever is at FILE must be a whole backup: restore accepts it.
    std::string target = scratch.path() + "/round-" + std::to_string(round);
    CommandResult r = RunHerald({"restore", "--yes", "--data", target, file});
    EXPECT_EQ(r.exit_code, 0) << file << ": " << r.err;
    ++whole;
  }
  // Leftover temporary files are allowed; partial files at FILE are not.
  std::cout << "killed backups: " << absent << " left no file, " << whole << " a whole one\n";
}

TEST(Backup, ARestoreUnderARunningServerIsWhatItsPagesShowNext) {
  HeraldServer server;
  ASSERT_NE(server.port(), 0);
  const std::string path = ArticlePath(server.port());
  ASSERT_FALSE(path.empty());
  TempDir backups;
  const std::string file = backups.path() + "/before.db";
  CommandResult backup = RunHerald({"backup", "--data", server.data_dir(), file});
  ASSERT_EQ(backup.exit_code, 0) << backup.err;

  const std::string text = CivilBody(424242);
  ASSERT_NE(PostComment(server.port(), 424242, text), 0);
  // The page is cached with the comment on it.
  HttpResponse with = Get(server.port(), path);
  ASSERT_EQ(with.status, 200);
  ASSERT_NE(with.body.find("backup reader 424242"), std::string::npos);
  ASSERT_NE(Get(server.port(), path).body.find("backup reader 424242"), std::string::npos);

  // Without --yes and without a terminal, restore refuses.
  CommandResult refused = RunHerald({"restore", "--data", server.data_dir(), file});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("--yes"), std::string::npos) << refused.err;
  // A file that is not a backup is refused, and nothing changes.
  const std::string junk = backups.path() + "/junk.db";
  std::ofstream(junk) << std::string(10000, 'j');
  CommandResult bad = RunHerald({"restore", "--yes", "--data", server.data_dir(), junk});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("not a database"), std::string::npos) << bad.err;
  EXPECT_NE(Get(server.port(), path).body.find("backup reader 424242"), std::string::npos);

  CommandResult restored = RunHerald({"restore", "--yes", "--data", server.data_dir(), file});
  ASSERT_EQ(restored.exit_code, 0) << restored.err;
  // The server notices the restore on its next look at the change log (each
  // write, and once a second) and drops every cached page.
  bool gone = false;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!gone && std::chrono::steady_clock::now() < deadline) {
    HttpResponse page = Get(server.port(), path);
    ASSERT_EQ(page.status, 200);
    gone = page.body.find("backup reader 424242") == std::string::npos;
    if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(gone) << "the page still shows a comment the restore removed";
  // And the server keeps taking comments on the restored database.
  EXPECT_NE(PostComment(server.port(), 424243, CivilBody(424243)), 0);
}

}  // namespace
}  // namespace herald::testing
