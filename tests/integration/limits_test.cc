// Limits and slow clients, through the real server (docs/OPERATIONS.md,
// "Limits"): 500 slowloris connections held open while normal readers are
// served, each closed after server.read_timeout_seconds and not before;
// URLs, header fields, header counts and bodies over their limits answered
// 414, 431 and 413 (or, far over, the connection closed) while the server
// keeps serving; and the per-address limits on comments and sign-ins
// answering 429 with Retry-After.
//
// Timings are printed, never asserted: the test machine is shared and the
// build is sanitised. What is asserted is what the server must do whatever
// its speed: answer every normal reader, and close a slow connection only
// once its time is up.
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "common/text.h"
#include "support/herald_process.h"
#include "support/http_client.h"
#include "support/latency.h"

namespace herald::testing {
namespace {

using std::chrono::milliseconds;

constexpr const char* kArticle = "425881";
constexpr int kReadTimeoutSeconds = 2;
constexpr int kSlowHeads = 300;   // Send a request head a byte a second.
constexpr int kSilent = 100;      // Connect and send nothing.
constexpr int kSlowBodies = 100;  // Send a whole head, then the body a byte a second.
constexpr int kSlowConnections = kSlowHeads + kSilent + kSlowBodies;

// The server under test: small limits, so that going over them is cheap,
// and a short read timeout, so that the slow connections are cut quickly.
constexpr const char* kLimitsToml = R"toml(
[server]
max_url_bytes = 1024
max_header_bytes = 1024
max_header_count = 20
max_body_kib = 16
read_timeout_seconds = 2
)toml";

// Sets this process's soft open-file limit to `soft` (at most the hard
// limit) and returns the limit in effect. Children inherit it.
rlim_t SetOpenFileLimit(rlim_t soft) {
  rlimit files{};
  ::getrlimit(RLIMIT_NOFILE, &files);
  files.rlim_cur = files.rlim_max == RLIM_INFINITY ? soft : std::min(soft, files.rlim_max);
  ::setrlimit(RLIMIT_NOFILE, &files);
  ::getrlimit(RLIMIT_NOFILE, &files);
  return files.rlim_cur;
}

rlim_t HardOpenFileLimit() {
  rlimit files{};
  ::getrlimit(RLIMIT_NOFILE, &files);
  return files.rlim_max;
}

// Writes `toml` to a file in `dir` and returns the serve arguments that use it.
std::vector<std::string> ConfigArgs(const TempDir& dir, const std::string& toml) {
  std::string path = dir.path() + "/herald.toml";
  std::ofstream(path) << toml;
  return {"--config", path};
}

// What became of bytes sent on a connection of their own.
struct Exchange {
  std::string answer;   // Everything the server sent.
  bool closed = false;  // The server closed (or reset) the connection.
};

// Sends `bytes` (without closing our side) and reads until the server
// closes the connection or `wait` passes.
Exchange Send(int port, const std::string& bytes, milliseconds wait = milliseconds(10000)) {
  Exchange out;
  int fd = ConnectLoopback(port);
  if (fd < 0) {
    ADD_FAILURE() << "cannot connect to port " << port;
    return out;
  }
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // Closed early: read what the server said.
    sent += static_cast<size_t>(n);
  }
  const auto deadline = Clock::now() + wait;
  char buf[16384];
  while (Clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
    if (::poll(&p, 1, static_cast<int>(std::max<int64_t>(left, 1))) <= 0) continue;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) {
      out.closed = true;
      break;
    }
    out.answer.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

std::string Head(const std::string& target, const std::string& extra_headers = "") {
  return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers + "\r\n";
}

// The article page's path, from the 301 of /news/{id}.
std::string ArticlePath(int port) {
  HttpResponse r = Get(port, std::string("/news/") + kArticle);
  EXPECT_EQ(r.status, 301);
  return r.Header("location");
}

// The first <h1>...</h1> of a page: what a reader must see.
std::string Headline(const std::string& html) {
  size_t begin = html.find("<h1");
  size_t end = html.find("</h1>", begin);
  if (begin == std::string::npos || end == std::string::npos) return {};
  return html.substr(begin, end - begin);
}

// --- Slowloris -------------------------------------------------------------

enum class SlowKind { kHead, kSilent, kBody };

struct SlowConnection {
  int fd = -1;
  SlowKind kind = SlowKind::kSilent;
  Clock::time_point opened;
  Clock::time_point next_byte;
  std::string script;  // What it sends a byte a second.
  size_t sent = 0;
};

// How each slow connection ended.
struct SlowEnd {
  SlowKind kind;
  double lived = 0;       // Seconds from just before connect() to the close seen.
  bool answered = false;  // The server sent bytes before closing.
};

// Keeps `kSlowConnections` slow connections open (opening a new one as soon
// as the server closes one, as an attacker would) until `stop`, then waits
// for the server to close the rest, up to `grace`.
class Slowloris {
 public:
  explicit Slowloris(int port) : port_(port) {}

  void Run(const std::atomic<bool>& stop, Clock::duration grace) {
    std::vector<SlowConnection> slots(kSlowConnections);
    for (int i = 0; i < kSlowConnections; ++i) {
      slots[i].kind = i < kSlowHeads             ? SlowKind::kHead
                      : i < kSlowHeads + kSilent ? SlowKind::kSilent
                                                 : SlowKind::kBody;
    }
    Clock::time_point give_up{};
    while (true) {
      const bool stopping = stop.load();
      if (stopping && give_up == Clock::time_point{}) give_up = Clock::now() + grace;
      if (stopping && Clock::now() > give_up) break;
      int open = 0;
      for (SlowConnection& c : slots) {
        if (c.fd < 0 && !stopping) Open(c);
        if (c.fd >= 0) ++open;
      }
      peak_ = std::max(peak_, open);
      if (open == kSlowConnections) held_all_ = true;
      if (stopping && open == 0) break;
      Step(slots);
    }
    for (SlowConnection& c : slots) {
      if (c.fd < 0) continue;
      ++left_open_;
      ::close(c.fd);
    }
  }

  const std::vector<SlowEnd>& ends() const { return ends_; }
  int peak() const { return peak_; }
  bool held_all() const { return held_all_; }
  int left_open() const { return left_open_; }
  int failed_connects() const { return failed_connects_; }

 private:
  void Open(SlowConnection& c) {
    c.opened = Clock::now();
    c.fd = ConnectLoopback(port_);
    if (c.fd < 0) {
      ++failed_connects_;
      return;
    }
    ::fcntl(c.fd, F_SETFL, ::fcntl(c.fd, F_GETFL) | O_NONBLOCK);
    c.sent = 0;
    c.next_byte = c.opened;
    switch (c.kind) {
      case SlowKind::kHead:
        c.script = "GET /en/ HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slowloris\r\nX-Slow: " +
                   std::string(200, 'a');
        break;
      case SlowKind::kSilent:
        c.script.clear();
        break;
      case SlowKind::kBody: {
        std::string head = std::string("POST /api/v1/articles/") + kArticle +
                           "/comments HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                           "application/json\r\nContent-Length: 4000\r\n\r\n";
        (void)!::send(c.fd, head.data(), head.size(), MSG_NOSIGNAL);
        c.script = "{\"name\": \"Slow\", \"body\": \"" + std::string(3000, 'b');
        break;
      }
    }
  }

  void Closed(SlowConnection& c, bool answered) {
    ends_.push_back({c.kind, Seconds(Clock::now() - c.opened), answered});
    ::close(c.fd);
    c.fd = -1;
  }

  // Sends each connection's next byte when due, and notices the ones the
  // server closed.
  void Step(std::vector<SlowConnection>& slots) {
    std::vector<pollfd> polled;
    std::vector<SlowConnection*> of;
    for (SlowConnection& c : slots) {
      if (c.fd < 0) continue;
      polled.push_back({c.fd, POLLIN, 0});
      of.push_back(&c);
    }
    ::poll(polled.data(), polled.size(), 20);
    const auto now = Clock::now();
    char buf[4096];
    for (size_t i = 0; i < polled.size(); ++i) {
      SlowConnection& c = *of[i];
      if ((polled[i].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
        ssize_t n = ::recv(c.fd, buf, sizeof buf, 0);
        if (n > 0) {
          Closed(c, true);
          continue;
        }
        if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
          Closed(c, false);
          continue;
        }
      }
      if (c.sent < c.script.size() && now >= c.next_byte) {
        ssize_t n = ::send(c.fd, c.script.data() + c.sent, 1, MSG_NOSIGNAL);
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
          Closed(c, false);
          continue;
        }
        if (n == 1) ++c.sent;
        c.next_byte += std::chrono::seconds(1);
      }
    }
  }

  int port_;
  std::vector<SlowEnd> ends_;
  int peak_ = 0;
  bool held_all_ = false;
  int left_open_ = 0;
  int failed_connects_ = 0;
};

class LimitsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // The test holds 500+ sockets; the server is started with a soft
    // open-file limit of 256, which it must raise itself to serve them.
    const rlim_t started_with = SetOpenFileLimit(256);
    config_dir_ = new TempDir();
    server_ = new HeraldServer(ConfigArgs(*config_dir_, kLimitsToml));
    const rlim_t now = SetOpenFileLimit(4096);
    std::printf(
        "[ limits   ] server started with a soft open-file limit of %llu (hard %llu); "
        "the test runs with %llu\n",
        static_cast<unsigned long long>(started_with),
        static_cast<unsigned long long>(HardOpenFileLimit()), static_cast<unsigned long long>(now));
  }
  static void TearDownTestSuite() {
    delete server_;
    delete config_dir_;
  }
  void SetUp() override {
    if (HardOpenFileLimit() < 1200) GTEST_SKIP() << "the hard open-file limit is below 1200";
    ASSERT_NE(server_->port(), 0);
  }

  // The server answers a normal request after whatever the test did.
  static void ExpectStillServing() {
    HttpResponse r = Get(server_->port(), "/healthz");
    EXPECT_EQ(r.status, 200) << "the server stopped serving";
  }

  static TempDir* config_dir_;
  static HeraldServer* server_;
};
TempDir* LimitsTest::config_dir_ = nullptr;
HeraldServer* LimitsTest::server_ = nullptr;

TEST_F(LimitsTest, ReadersAreServedWhileFiveHundredSlowConnectionsAreHeld) {
  const int port = server_->port();
  const std::string path = ArticlePath(port);
  ASSERT_FALSE(path.empty());
  const HttpResponse reference = Get(port, path);
  ASSERT_EQ(reference.status, 200);
  const std::string headline = Headline(reference.body);
  ASSERT_FALSE(headline.empty());

  std::atomic<bool> stop{false};
  Slowloris slowloris(port);
  std::thread attacker(
      [&] { slowloris.Run(stop, std::chrono::seconds(kReadTimeoutSeconds + 15)); });

  // Readers start once the slow connections are all open.
  std::this_thread::sleep_for(milliseconds(500));
  constexpr int kReaders = 2;
  constexpr auto kHold = std::chrono::seconds(8);
  std::mutex mu;
  std::vector<double> latencies_ms;
  int wrong = 0;
  std::vector<std::thread> readers;
  const auto until = Clock::now() + kHold;
  for (int i = 0; i < kReaders; ++i) {
    readers.emplace_back([&] {
      while (Clock::now() < until) {
        const auto start = Clock::now();
        HttpResponse r = Get(port, path);
        const double ms = Seconds(Clock::now() - start) * 1000;
        const bool right = r.status == 200 && r.body.find(headline) != std::string::npos &&
                           r.body.find("</html>") != std::string::npos;
        std::lock_guard lock(mu);
        latencies_ms.push_back(ms);
        if (!right) {
          ++wrong;
          ADD_FAILURE() << "a reader got " << r.status << ": " << r.body.substr(0, 200);
        }
      }
    });
  }
  for (std::thread& t : readers) t.join();
  stop = true;
  attacker.join();

  std::printf(
      "[ limits   ] %zu reader requests beside %d slow connections (peak %d open): "
      "p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
      latencies_ms.size(), kSlowConnections, slowloris.peak(), Percentile(latencies_ms, 0.5),
      Percentile(latencies_ms, 0.99), Percentile(latencies_ms, 1.0));
  EXPECT_EQ(wrong, 0);
  EXPECT_GT(latencies_ms.size(), 0u);
  EXPECT_TRUE(slowloris.held_all()) << "never held all " << kSlowConnections << " at once";
  EXPECT_EQ(slowloris.failed_connects(), 0);

  // Every slow connection was closed by the server, and none before its
  // time: the deadline runs from the connection being accepted, which is
  // after the client's connect() began.
  EXPECT_EQ(slowloris.left_open(), 0) << "slow connections the server never closed";
  std::vector<double> lived[3];
  for (const SlowEnd& end : slowloris.ends()) {
    EXPECT_FALSE(end.answered) << "the server answered a request it never fully received";
    EXPECT_GE(end.lived, kReadTimeoutSeconds - 0.01) << "closed before the read timeout";
    lived[static_cast<int>(end.kind)].push_back(end.lived);
  }
  const char* names[] = {"slow heads", "silent", "slow bodies"};
  for (int k = 0; k < 3; ++k) {
    EXPECT_FALSE(lived[k].empty()) << names[k];
    std::printf("[ limits   ] %zu %s closed after %.2f-%.2f s (read timeout %d s)\n",
                lived[k].size(), names[k], Percentile(lived[k], 0), Percentile(lived[k], 1.0),
                kReadTimeoutSeconds);
  }
  ExpectStillServing();
}

TEST_F(LimitsTest, ALongUrlIs414AndOneFarTooLongIsCut) {
  const int port = server_->port();
  // 1,024 bytes is allowed (the health check ignores its query).
  std::string ok_target = "/healthz?q=";
  ok_target += std::string(1024 - ok_target.size(), 'a');
  Exchange ok = Send(port, Head(ok_target, "Connection: close\r\n"));
  EXPECT_EQ(ParseResponse(ok.answer, false).status, 200) << ok.answer.substr(0, 300);

  Exchange over = Send(port, Head(ok_target + "a", "Connection: close\r\n"));
  HttpResponse r = ParseResponse(over.answer, false);
  EXPECT_EQ(r.status, 414) << over.answer.substr(0, 300);
  EXPECT_NE(r.body.find("1024 bytes"), std::string::npos) << r.body;

  // Past twice the limit the parser gives up: no answer, the connection closed.
  Exchange far = Send(port, Head("/healthz?q=" + std::string(3000, 'a')));
  EXPECT_TRUE(far.closed);
  EXPECT_EQ(far.answer, "");
  ExpectStillServing();
}

TEST_F(LimitsTest, LongHeaderFieldsAre431AndFarTooLongOnesAreCut) {
  const int port = server_->port();
  Exchange ok = Send(
      port, Head("/healthz", "X-Big: " + std::string(1024, 'v') + "\r\nConnection: close\r\n"));
  EXPECT_EQ(ParseResponse(ok.answer, false).status, 200) << ok.answer.substr(0, 300);

  Exchange value = Send(
      port, Head("/healthz", "X-Big: " + std::string(1025, 'v') + "\r\nConnection: close\r\n"));
  HttpResponse r = ParseResponse(value.answer, false);
  EXPECT_EQ(r.status, 431) << value.answer.substr(0, 300);
  EXPECT_NE(r.body.find("1024 bytes"), std::string::npos) << r.body;

  Exchange name =
      Send(port, Head("/healthz", "X-" + std::string(1100, 'n') + ": 1\r\nConnection: close\r\n"));
  EXPECT_EQ(ParseResponse(name.answer, false).status, 431) << name.answer.substr(0, 300);

  // A cookie a little too large gets 431 on a cached page too.
  Exchange cookie =
      Send(port, Head("/en/", "Cookie: c=" + std::string(1500, 'c') + "\r\nConnection: close\r\n"));
  EXPECT_EQ(ParseResponse(cookie.answer, false).status, 431) << cookie.answer.substr(0, 300);

  Exchange far = Send(port, Head("/healthz", "X-Big: " + std::string(2100, 'v') + "\r\n"));
  EXPECT_TRUE(far.closed);
  EXPECT_EQ(far.answer, "");
  ExpectStillServing();
}

TEST_F(LimitsTest, TooManyHeaderFieldsAre431AndFarTooManyAreCut) {
  const int port = server_->port();
  auto fields = [](int n) {
    std::string out;
    for (int i = 0; i < n; ++i) out += "X-Field-" + std::to_string(i) + ": " + "1\r\n";
    return out;
  };
  // Host and Connection count too.
  Exchange ok = Send(port, Head("/healthz", fields(18) + "Connection: close\r\n"));
  EXPECT_EQ(ParseResponse(ok.answer, false).status, 200) << ok.answer.substr(0, 300);

  Exchange over = Send(port, Head("/healthz", fields(19) + "Connection: close\r\n"));
  HttpResponse r = ParseResponse(over.answer, false);
  EXPECT_EQ(r.status, 431) << over.answer.substr(0, 300);
  EXPECT_NE(r.body.find("20 header fields"), std::string::npos) << r.body;

  Exchange far = Send(port, Head("/healthz", fields(60)));
  EXPECT_TRUE(far.closed);
  EXPECT_EQ(far.answer, "");
  ExpectStillServing();
}

TEST_F(LimitsTest, ALargeBodyIs413AndAHugeOneIsCutBeforeItIsRead) {
  const int port = server_->port();
  const std::string target = std::string("/api/v1/articles/") + kArticle + "/comments";
  // 20 KiB against max_body_kib = 16: read (within the slack) and refused.
  const std::string body = "{\"name\": \"Big\", \"body\": \"" + std::string(20 * 1024, 'x') + "\"}";
  Exchange big = Send(port, "POST " + target +
                                " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                "X-Forwarded-For: 198.18.0.1\r\nConnection: close\r\n"
                                "Content-Length: " +
                                std::to_string(body.size()) + "\r\n\r\n" + body);
  HttpResponse r = ParseResponse(big.answer, false);
  EXPECT_EQ(r.status, 413) << big.answer.substr(0, 300);

  // A Content-Length past every limit (5 MiB image uploads plus the slack)
  // is refused as soon as the head arrives: the connection is closed
  // without waiting for a byte of the body.
  const auto start = Clock::now();
  Exchange huge = Send(port, "POST " + target +
                                 " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                                 "application/json\r\nContent-Length: 104857600\r\n\r\n");
  EXPECT_TRUE(huge.closed);
  EXPECT_EQ(huge.answer, "");
  std::printf("[ limits   ] a 100 MiB Content-Length was cut after %.0f ms\n",
              Seconds(Clock::now() - start) * 1000);
  ExpectStillServing();
}

// --- Rate limits -------------------------------------------------------------

// Comments limited to 2 a minute per address (the default is 5), and
// sign-ins locked after 2 failures on one account from one address, and
// after 8 from one address over all accounts.
constexpr const char* kRateToml = R"toml(
[desk]
login_max_failures = 2

[[editions]]
code = "en"
language = "en"
comment_languages = ["en"]

[editions.moderation]
per_address_per_minute = 2
per_identity_per_minute = 100

[[editions]]
code = "fa"
language = "fa"
direction = "rtl"
comment_languages = ["fa"]
)toml";

class RateLimitTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    config_dir_ = new TempDir();
    server_ = new HeraldServer(ConfigArgs(*config_dir_, kRateToml));
  }
  static void TearDownTestSuite() {
    delete server_;
    delete config_dir_;
  }
  void SetUp() override { ASSERT_NE(server_->port(), 0); }

  static TempDir* config_dir_;
  static HeraldServer* server_;
};
TempDir* RateLimitTest::config_dir_ = nullptr;
HeraldServer* RateLimitTest::server_ = nullptr;

HttpResponse PostComment(int port, const std::string& address, int n) {
  nlohmann::json body = {
      {"name", "Limited Reader " + std::to_string(n)},
      {"email", "limited" + std::to_string(n) + "@example.org"},
      {"body",
       "Thank you for this clear report on the talks in Tehran and Moscow. I hope the "
       "ceasefire holds and the families can go home safely soon (note " +
           std::to_string(n) + ")."}};
  return Fetch(port, {"POST",
                      std::string("/api/v1/articles/") + kArticle + "/comments",
                      {{"Content-Type", "application/json"}, {"X-Forwarded-For", address}},
                      body.dump()});
}

TEST_F(RateLimitTest, TheThirdCommentFromOneAddressInAMinuteIs429WithRetryAfter) {
  const int port = server_->port();
  const std::string flooder = "198.51.100.20";
  for (int n = 1; n <= 2; ++n) {
    HttpResponse r = PostComment(port, flooder, n);
    ASSERT_EQ(r.status, 201) << r.body;
  }
  HttpResponse limited = PostComment(port, flooder, 3);
  ASSERT_EQ(limited.status, 429) << limited.body;
  const std::string retry = limited.Header("retry-after");
  ASSERT_TRUE(std::regex_match(retry, std::regex("[1-9][0-9]*"))) << "Retry-After: " << retry;
  EXPECT_LE(std::stoi(retry), 60);
  nlohmann::json j = nlohmann::json::parse(limited.body, nullptr, false);
  ASSERT_FALSE(j.is_discarded()) << limited.body;
  EXPECT_EQ(j["error"]["code"], "rate_limit") << j;
  const std::string message = j["error"].value("message", "");
  EXPECT_FALSE(message.empty()) << j;
  std::printf("[ limits   ] 429 Retry-After: %s, message: %s\n", retry.c_str(), message.c_str());

  // Another address is not held back by this one.
  EXPECT_EQ(PostComment(port, "198.51.100.21", 4).status, 201);
}

// The login form as a browser sends it: its cookie and CSRF token first.
HttpResponse SignIn(int port, const std::string& email, const std::string& password,
                    const std::string& address) {
  HttpResponse form = Get(port, "/desk/login");
  EXPECT_EQ(form.status, 200);
  std::smatch cookie, csrf;
  const std::string set_cookie = form.Header("set-cookie");
  EXPECT_TRUE(std::regex_search(set_cookie, cookie, std::regex("herald_login=([0-9a-f]+)")))
      << set_cookie;
  EXPECT_TRUE(std::regex_search(form.body, csrf, std::regex("name=\"csrf\" value=\"([^\"]+)\"")));
  const std::string body = "email=" + PercentEncode(email) +
                           "&password=" + PercentEncode(password) + "&csrf=" + csrf[1].str();
  return Fetch(port, {"POST",
                      "/desk/login",
                      {{"Content-Type", "application/x-www-form-urlencoded"},
                       {"Cookie", "herald_login=" + cookie[1].str()},
                       {"X-Forwarded-For", address}},
                      body});
}

void ExpectLocked(const HttpResponse& r) {
  EXPECT_EQ(r.status, 429) << r.body.substr(0, 300);
  const std::string retry = r.Header("retry-after");
  EXPECT_TRUE(std::regex_match(retry, std::regex("[1-9][0-9]*"))) << "Retry-After: " << retry;
  EXPECT_NE(r.body.find("Too many failed sign-ins"), std::string::npos);
}

TEST_F(RateLimitTest, SignInsAreLockedAfterFailuresWith429AndRetryAfter) {
  const int port = server_->port();
  const std::string password = "a long enough secret";
  for (const char* email : {"ed@example.org", "mod@example.org"}) {
    CommandResult added = RunHerald({"user", "add", "--data", server_->data_dir(), "--role",
                                     "editor", "--password-stdin", email},
                                    password + "\n");
    ASSERT_EQ(added.exit_code, 0) << added.err;
  }

  // Two failures from one address lock the account for that address, even
  // for the right password; its owner elsewhere and other accounts are not
  // locked out by a stranger's guesses.
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(SignIn(port, "ed@example.org", "wrong password", "203.0.113.1").status, 401);
  }
  {
    SCOPED_TRACE("the account locked for the guessing address");
    ExpectLocked(SignIn(port, "ed@example.org", password, "203.0.113.1"));
  }
  EXPECT_EQ(SignIn(port, "ed@example.org", password, "203.0.113.2").status, 303);
  EXPECT_EQ(SignIn(port, "mod@example.org", password, "203.0.113.3").status, 303);

  // Eight failures from one address over many accounts (password spraying)
  // lock the address, even for a right password; other addresses still
  // sign in to the same account.
  for (int i = 0; i < 8; ++i) {
    EXPECT_EQ(
        SignIn(port, "nobody" + std::to_string(i) + "@example.org", "guess", "203.0.113.9").status,
        401);
  }
  {
    SCOPED_TRACE("the address locked");
    ExpectLocked(SignIn(port, "mod@example.org", password, "203.0.113.9"));
  }
  EXPECT_EQ(SignIn(port, "mod@example.org", password, "203.0.113.10").status, 303);
}

}  // namespace
}  // namespace herald::testing
