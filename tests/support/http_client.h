// A minimal blocking HTTP/1.1 client for integration tests: one request per
// connection (Connection: close), so the response ends at EOF.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace herald::testing {

// Opens a TCP connection to 127.0.0.1:`port`; returns its socket, or -1.
int ConnectLoopback(int port);

struct HttpResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // Names lowercased.
  std::string body;

  // Returns the first header named `lower_name`, or empty.
  std::string Header(const std::string& lower_name) const;
};

struct HttpRequest {
  std::string method = "GET";
  std::string target = "/";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// Sends `request` to 127.0.0.1:`port`. Fails the calling test on socket errors.
HttpResponse Fetch(int port, const HttpRequest& request);
HttpResponse Get(int port, const std::string& target);

// Sends an API request with `Authorization: Bearer token` (none when `token`
// is empty) and, when `body` is not empty, `Content-Type: application/json`.
HttpResponse FetchApi(int port, const std::string& method, const std::string& target,
                      const std::string& token, const std::string& body = "");

// Sends raw bytes and returns everything the server answers before closing
// (or before `timeout_ms` passes). For malformed-request tests.
std::string RawExchange(int port, const std::string& bytes, int timeout_ms = 3000);

// Sends one raw request and returns the whole answer, or what arrived before
// the connection failed or was cut (empty when it could not connect). Never
// fails the test: for requests a killed server may interrupt.
std::string TryExchange(int port, const std::string& bytes, int timeout_seconds = 10);

// Parses a raw response; status 0 if it is not HTTP.
HttpResponse ParseResponse(const std::string& raw, bool head);

}  // namespace herald::testing
