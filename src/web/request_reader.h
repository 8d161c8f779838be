// Reading a request: from what arrived on the wire (already split into
// method, target, header fields and body by the HTTP parser) to the
// Request every handler takes.
//
// Everything here sees raw client bytes. server.cc calls ReadRequest for
// every request it parses, and the fuzz targets (fuzz/) call it the same
// way, so what they exercise is what the server runs.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "web/http.h"

namespace herald {

// A request as the HTTP parser delivered it.
struct RawRequest {
  Method method = Method::kGet;
  std::string target;  // The request-target as received: "/path?query#fragment".
  HeaderList headers;  // Fields in order, names as sent (any case).
  std::string body;    // De-chunked.
  std::string peer;    // The connection's remote address.
};

struct RequestLimits {
  size_t max_body_bytes = 0;    // Larger bodies are refused with 413...
  size_t max_upload_bytes = 0;  // ...except on /api/v1/media, which takes this much.
};

// A request refused before any handler sees it.
struct Refusal {
  int status = 400;
  std::string message;  // Plain text, ending in a newline.
};

// Returns the Request for `raw`, or why it is refused: 400 when the path is
// not "/..." or its percent-decoding is malformed, not valid UTF-8 or holds
// control characters; 400 when a query parameter is malformed or not UTF-8
// (names may not hold control characters either); 413 when the body is over
// `limits`. Header names come out lowercase. The client address is `peer`,
// or the X-Forwarded-For hop before the last trusted proxy when `peer` is in
// `trusted_proxies` (ClientAddress in server.h). Never throws.
std::variant<Request, Refusal> ReadRequest(RawRequest raw, const RequestLimits& limits,
                                           const std::vector<std::string>& trusted_proxies);

// Parses a query string ("a=1&b=x%20y", without the '?') the way
// ReadRequest does. Returns the parameters in order, or the refusal.
std::variant<HeaderList, Refusal> ReadQuery(std::string_view query);

}  // namespace herald
