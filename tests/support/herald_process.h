// Runs the real build/herald for integration tests: a fresh data directory,
// `herald demo load` with the reference article, then `herald serve` on an
// ephemeral loopback port. Stops it with SIGTERM (a graceful shutdown) on
// destruction. HERALD_TEST_BINARY=PATH runs another herald instead, to time
// a release build with these tests.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

namespace herald::testing {

// The result of running a herald subcommand to completion.
struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs build/herald with `args` and optional standard input.
CommandResult RunHerald(const std::vector<std::string>& args, const std::string& input = "");

// Returns the path of shared/reference/seed-article.txt.
std::string ReferenceArticlePath();

// A fresh temporary directory, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

class HeraldServer {
 public:
  // Loads the demo into a new data directory and starts serving.
  // `extra_args` are added to `herald serve`.
  explicit HeraldServer(std::vector<std::string> extra_args = {});
  ~HeraldServer();

  // Serves an existing data directory as it is: no demo load, and the
  // directory is left in place on destruction. For restart tests.
  static std::unique_ptr<HeraldServer> ServeExisting(const std::string& data_dir,
                                                     std::vector<std::string> extra_args = {});

  int port() const { return port_; }
  const std::string& data_dir() const { return data_dir_; }
  // Creates an API token through the CLI and returns it.
  std::string CreateToken();
  // Sends SIGTERM and returns the exit status (0 on a clean stop).
  int Stop();
  // Sends SIGKILL (no shutdown at all, as in a crash or power cut of the
  // process) and returns the wait status as Stop() does (128 + 9).
  int Kill();

 private:
  struct ExistingTag {};
  HeraldServer(ExistingTag, std::string data_dir, std::vector<std::string> extra_args);
  void Start(std::vector<std::string> extra_args);
  int Signal(int signal);

  TempDir dir_;
  std::string data_dir_;
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  int port_ = 0;
};

}  // namespace herald::testing
