#include "support/herald_process.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <regex>

namespace herald::testing {
namespace {

// The herald under test: this build's, or HERALD_TEST_BINARY's (to time a
// release build with these tests, which only the sanitised build has).
const char* Binary() {
  static const char* binary = [] {
    const char* v = std::getenv("HERALD_TEST_BINARY");
    return v != nullptr && *v != '\0' ? v : HERALD_BINARY;
  }();
  return binary;
}

std::vector<char*> Argv(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(Binary()));
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  return argv;
}

std::string ReadAll(int fd) {
  std::string out;
  char buf[4096];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

}  // namespace

CommandResult RunHerald(const std::vector<std::string>& args, const std::string& input) {
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (::pipe(in_pipe) != 0 || ::pipe(out_pipe) != 0 || ::pipe(err_pipe) != 0) {
    ADD_FAILURE() << "pipe failed";
    return {};
  }
  std::vector<char*> argv = Argv(args);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(in_pipe[0], 0);
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]})
      ::close(fd);
    ::execv(Binary(), argv.data());
    ::_exit(127);
  }
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (!input.empty()) (void)!::write(in_pipe[1], input.data(), input.size());
  ::close(in_pipe[1]);
  CommandResult result;
  // Small outputs only: read stdout then stderr.
  result.out = ReadAll(out_pipe[0]);
  result.err = ReadAll(err_pipe[0]);
  ::close(out_pipe[0]);
  ::close(err_pipe[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

std::string ReferenceArticlePath() {
  return std::string(HERALD_SHARED_DIR) + "/reference/seed-article.txt";
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "herald-test-XXXXXX").string();
  char* made = ::mkdtemp(tmpl.data());
  if (made == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = made;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

HeraldServer::HeraldServer(std::vector<std::string> extra_args) : data_dir_(dir_.path()) {
  CommandResult demo =
      RunHerald({"demo", "load", "--data", dir_.path(), "--reference", ReferenceArticlePath()});
  if (demo.exit_code != 0) {
    ADD_FAILURE() << "demo load failed: " << demo.err;
    return;
  }
  Start(std::move(extra_args));
}

HeraldServer::HeraldServer(ExistingTag, std::string data_dir, std::vector<std::string> extra_args)
    : data_dir_(std::move(data_dir)) {
  Start(std::move(extra_args));
}

std::unique_ptr<HeraldServer> HeraldServer::ServeExisting(const std::string& data_dir,
                                                          std::vector<std::string> extra_args) {
  return std::unique_ptr<HeraldServer>(
      new HeraldServer(ExistingTag{}, data_dir, std::move(extra_args)));
}

void HeraldServer::Start(std::vector<std::string> extra_args) {
  int out_pipe[2];
  if (::pipe(out_pipe) != 0) return;
  std::vector<std::string> args = {"serve",     "--data",    data_dir_,   "--port", "0",
                                   "--address", "127.0.0.1", "--threads", "2"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  std::vector<char*> argv = Argv(args);
  pid_ = ::fork();
  if (pid_ == 0) {
    // If the test process dies, the server must not outlive it.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    ::dup2(out_pipe[1], 1);
    ::close(out_pipe[0]);
    ::close(out_pipe[1]);
    ::execv(Binary(), argv.data());
    ::_exit(127);
  }
  ::close(out_pipe[1]);
  // Wait for "herald listening on http://127.0.0.1:PORT/".
  std::string seen;
  std::regex listening(R"(listening on http://127\.0\.0\.1:(\d+)/)");
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  char buf[512];
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{out_pipe[0], POLLIN, 0};
    if (::poll(&p, 1, 200) <= 0) continue;
    ssize_t n = ::read(out_pipe[0], buf, sizeof buf);
    if (n <= 0) break;
    seen.append(buf, static_cast<size_t>(n));
    std::smatch m;
    if (std::regex_search(seen, m, listening)) {
      port_ = std::stoi(m[1]);
      break;
    }
  }
  // Keep our end open: a closed pipe would kill the server on its next write.
  stdout_fd_ = out_pipe[0];
  if (port_ == 0) ADD_FAILURE() << "herald serve did not start; output: " << seen;
}

std::string HeraldServer::CreateToken() {
  CommandResult r = RunHerald(
      {"token", "create", "--name", "integration test", "--role", "admin", "--data", data_dir_});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::string token = r.out;
  while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();
  return token;
}

int HeraldServer::Stop() { return Signal(SIGTERM); }

int HeraldServer::Kill() { return Signal(SIGKILL); }

int HeraldServer::Signal(int signal) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, signal);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  if (stdout_fd_ >= 0) ::close(stdout_fd_);
  stdout_fd_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

HeraldServer::~HeraldServer() {
  if (pid_ > 0) Stop();
}

}  // namespace herald::testing
