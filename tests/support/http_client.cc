#include "support/http_client.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cctype>
#include <chrono>

namespace herald::testing {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

int ConnectLoopback(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

std::string HttpResponse::Header(const std::string& lower_name) const {
  for (const auto& [k, v] : headers) {
    if (k == lower_name) return v;
  }
  return {};
}

std::string TryExchange(int port, const std::string& bytes, int timeout_seconds) {
  int fd = ConnectLoopback(port);
  if (fd < 0) return {};
  timeval timeout{timeout_seconds, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  std::string out;
  if (::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size())) {
    char buf[8192];
    while (true) {
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, static_cast<size_t>(n));
    }
  }
  ::close(fd);
  return out;
}

std::string RawExchange(int port, const std::string& bytes, int timeout_ms) {
  int fd = ConnectLoopback(port);
  if (fd < 0) {
    ADD_FAILURE() << "cannot connect to port " << port;
    return {};
  }
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // The server may close early on bad input; read what it said.
    sent += static_cast<size_t>(n);
  }
  ::shutdown(fd, SHUT_WR);
  std::string out;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  char buf[16384];
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) break;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

HttpResponse ParseResponse(const std::string& raw, bool head) {
  HttpResponse r;
  size_t end = raw.find("\r\n\r\n");
  if (end == std::string::npos || !raw.starts_with("HTTP/1.")) return r;
  r.status = std::stoi(raw.substr(9, 3));
  size_t pos = raw.find("\r\n") + 2;
  while (pos < end) {
    size_t eol = raw.find("\r\n", pos);
    std::string line = raw.substr(pos, eol - pos);
    size_t colon = line.find(':');
    if (colon != std::string::npos) {
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      r.headers.emplace_back(Lower(line.substr(0, colon)), value);
    }
    pos = eol + 2;
  }
  if (!head) {
    r.body = raw.substr(end + 4);
    std::string length = r.Header("content-length");
    if (!length.empty() && r.body.size() > std::stoul(length)) r.body.resize(std::stoul(length));
  }
  return r;
}

HttpResponse Fetch(int port, const HttpRequest& request) {
  std::string raw = request.method + " " + request.target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  raw += "Connection: close\r\n";
  for (const auto& [k, v] : request.headers) raw += k + ": " + v + "\r\n";
  if (!request.body.empty() || request.method == "POST" || request.method == "PATCH") {
    raw += "Content-Length: " + std::to_string(request.body.size()) + "\r\n";
  }
  raw += "\r\n" + request.body;
  std::string answer = RawExchange(port, raw, 10000);
  HttpResponse r = ParseResponse(answer, request.method == "HEAD");
  EXPECT_NE(r.status, 0) << "no HTTP response to " << request.method << " " << request.target;
  return r;
}

HttpResponse Get(int port, const std::string& target) {
  return Fetch(port, {"GET", target, {}, {}});
}

HttpResponse FetchApi(int port, const std::string& method, const std::string& target,
                      const std::string& token, const std::string& body) {
  HttpRequest req{method, target, {}, body};
  if (!token.empty()) req.headers.emplace_back("Authorization", "Bearer " + token);
  if (!body.empty()) req.headers.emplace_back("Content-Type", "application/json");
  return Fetch(port, req);
}

}  // namespace herald::testing
