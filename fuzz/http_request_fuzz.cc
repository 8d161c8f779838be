// Raw bytes on a connection, through what the server does with them: the
// HTTP/1.1 parser RESTinio uses (nodejs http-parser) with the server's
// limits, the page cache's early answer, ReadRequest (request_reader.h) and
// App::Handle on the demo site. Up to four pipelined requests per input, so
// a write can be followed by reads of what it changed.
//
// Besides the sanitizers, every answer must pass CheckAnswer (fuzz_site.h):
// no 500, and no script in a page but the site's own.
#include <http_parser.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_site.h"
#include "web/request_reader.h"

namespace herald::fuzz {
namespace {

// The server's parsing limits (server.cc) that bound what reaches App.
constexpr size_t kMaxHeaderNameBytes = 256;
constexpr size_t kBodySlackBytes = size_t{64} * 1024;
constexpr int kMaxRequestsPerInput = 4;

struct Connection {
  const Config* config = nullptr;
  RawRequest request;
  std::string field_name;
  bool last_was_value = true;
  bool headers_complete = false;
  bool message_complete = false;
};

Connection& Of(http_parser* p) { return *static_cast<Connection*>(p->data); }

int OnMessageBegin(http_parser* p) {
  Connection& c = Of(p);
  c.request = RawRequest{};
  c.field_name.clear();
  c.last_was_value = true;
  c.headers_complete = false;
  c.message_complete = false;
  return 0;
}

int OnUrl(http_parser* p, const char* at, size_t length) {
  Connection& c = Of(p);
  c.request.target.append(at, length);
  return c.request.target.size() > c.config->server.max_url_bytes ? -1 : 0;
}

int OnHeaderField(http_parser* p, const char* at, size_t length) {
  Connection& c = Of(p);
  if (c.last_was_value) {
    if (c.request.headers.size() >= static_cast<size_t>(c.config->server.max_header_count)) {
      return -1;
    }
    c.field_name.assign(at, length);
    c.last_was_value = false;
  } else {
    c.field_name.append(at, length);
  }
  return c.field_name.size() > kMaxHeaderNameBytes ? -1 : 0;
}

int OnHeaderValue(http_parser* p, const char* at, size_t length) {
  Connection& c = Of(p);
  // Trailers after a chunked body are not headers (RESTinio keeps them apart).
  if (c.headers_complete) return 0;
  if (!c.last_was_value) {
    c.request.headers.emplace_back(std::move(c.field_name), std::string(at, length));
    c.field_name.clear();
    c.last_was_value = true;
  } else if (!c.request.headers.empty()) {
    c.request.headers.back().second.append(at, length);
  }
  bool too_long = !c.request.headers.empty() &&
                  c.request.headers.back().second.size() >= c.config->server.max_header_bytes;
  return too_long ? -1 : 0;
}

int OnHeadersComplete(http_parser* p) {
  Of(p).headers_complete = true;
  return 0;
}

int OnBody(http_parser* p, const char* at, size_t length) {
  Of(p).request.body.append(at, length);
  return 0;
}

int OnMessageComplete(http_parser* p) {
  Connection& c = Of(p);
  c.message_complete = true;
  http_parser_pause(p, 1);
  return 0;
}

Method MethodOf(unsigned method) {
  switch (method) {
    case HTTP_GET:
      return Method::kGet;
    case HTTP_HEAD:
      return Method::kHead;
    case HTTP_POST:
      return Method::kPost;
    case HTTP_PUT:
      return Method::kPut;
    case HTTP_PATCH:
      return Method::kPatch;
    case HTTP_DELETE:
      return Method::kDelete;
    case HTTP_OPTIONS:
      return Method::kOptions;
    default:
      return Method::kOther;
  }
}

std::string_view FieldOf(const HeaderList& headers, std::string_view lower_name) {
  for (const auto& [name, value] : headers) {
    if (name.size() == lower_name.size() &&
        std::equal(name.begin(), name.end(), lower_name.begin(), [](char a, char b) {
          return (a >= 'A' && a <= 'Z' ? a - 'A' + 'a' : a) == b;
        })) {
      return value;
    }
  }
  return {};
}

// What server.cc's request handler does with one parsed request.
void Serve(FuzzSite& site, RawRequest raw) {
  const Config& config = site.config();
  if (raw.method == Method::kGet || raw.method == Method::kHead) {
    if (auto hit = site.app().AnswerFromCache(
            raw.target, ConditionalHeaders{FieldOf(raw.headers, "accept-encoding"),
                                           FieldOf(raw.headers, "if-none-match"),
                                           FieldOf(raw.headers, "if-modified-since")})) {
      CheckAnswer(*hit);
      return;
    }
  }
  RequestLimits limits{config.server.max_body_bytes + kBodySlackBytes,
                       std::max(config.server.max_body_bytes,
                                static_cast<size_t>(config.desk.max_image_kib) * 1024) +
                           kBodySlackBytes};
  raw.peer = "127.0.0.1";  // A trusted proxy: X-Forwarded-For is read.
  auto read = ReadRequest(std::move(raw), limits, config.server.trusted_proxies);
  if (auto* refused = std::get_if<Refusal>(&read)) {
    if (refused->status != 400 && refused->status != 413) __builtin_trap();
    return;
  }
  CheckAnswer(site.Handle(std::move(std::get<Request>(read))));
}

}  // namespace
}  // namespace herald::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace herald::fuzz;
  FuzzSite& site = Site();
  http_parser_settings settings;
  http_parser_settings_init(&settings);
  settings.on_message_begin = OnMessageBegin;
  settings.on_url = OnUrl;
  settings.on_header_field = OnHeaderField;
  settings.on_header_value = OnHeaderValue;
  settings.on_headers_complete = OnHeadersComplete;
  settings.on_body = OnBody;
  settings.on_message_complete = OnMessageComplete;

  Connection connection;
  connection.config = &site.config();
  http_parser parser;
  http_parser_init(&parser, HTTP_REQUEST);
  parser.data = &connection;

  const char* bytes = reinterpret_cast<const char*>(data);
  size_t offset = 0;
  for (int served = 0; served < kMaxRequestsPerInput && offset < size; ++served) {
    size_t parsed = http_parser_execute(&parser, &settings, bytes + offset, size - offset);
    offset += parsed;
    if (!connection.message_complete) break;  // Incomplete or refused: the connection closes.
    connection.request.method = MethodOf(parser.method);
    Serve(site, std::move(connection.request));
    connection.message_complete = false;
    http_parser_pause(&parser, 0);
    if (!http_should_keep_alive(&parser) || parsed == 0) break;
  }
  return 0;
}
