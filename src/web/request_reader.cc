#include "web/request_reader.h"

#include <restinio/all.hpp>

#include <algorithm>
#include <exception>
#include <utility>

#include "common/text.h"
#include "web/server.h"

namespace herald {
namespace {

bool HasControlBytes(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

Refusal Refuse(int status, const char* message) { return Refusal{status, message}; }

}  // namespace

std::variant<HeaderList, Refusal> ReadQuery(std::string_view query) {
  HeaderList out;
  if (query.empty()) return out;
  try {
    auto params = restinio::parse_query<restinio::parse_query_traits::relaxed>(query);
    for (const auto& [key, value] : params) {
      std::string k(key), v(value);
      if (!IsValidUtf8(k) || !IsValidUtf8(v) || HasControlBytes(k)) {
        return Refuse(400, "The query string is not valid UTF-8 text.\n");
      }
      out.emplace_back(std::move(k), std::move(v));
    }
  } catch (const std::exception&) {
    return Refuse(400, "The query string is malformed.\n");
  }
  return out;
}

std::variant<Request, Refusal> ReadRequest(RawRequest raw, const RequestLimits& limits,
                                           const std::vector<std::string>& trusted_proxies) {
  Request out;
  out.method = raw.method;
  out.target = std::move(raw.target);
  // Split as RESTinio does: the fragment starts at the first '#', the query
  // at the first '?' before it.
  std::string_view target = out.target;
  size_t fragment_at = std::min(target.find('#'), target.size());
  size_t query_at = std::min(target.substr(0, fragment_at).find('?'), fragment_at);
  std::string_view raw_path = target.substr(0, query_at);
  std::string_view query = query_at == fragment_at
                               ? std::string_view()
                               : target.substr(query_at + 1, fragment_at - query_at - 1);
  try {
    out.path = restinio::utils::unescape_percent_encoding<restinio::utils::relaxed_unescape_traits>(
        raw_path);
  } catch (const std::exception&) {
    return Refuse(400, "The request path has a malformed percent-encoding.\n");
  }
  if (out.path.empty() || out.path.front() != '/' || !IsValidUtf8(out.path) ||
      HasControlBytes(out.path)) {
    return Refuse(400, "The request path is not valid UTF-8 text.\n");
  }
  auto params = ReadQuery(query);
  if (auto* refused = std::get_if<Refusal>(&params)) return std::move(*refused);
  out.query = std::move(std::get<HeaderList>(params));
  out.headers = std::move(raw.headers);
  for (auto& [name, value] : out.headers) name = AsciiLower(name);
  // Image uploads may be larger than any other body.
  const size_t limit =
      out.path == "/api/v1/media" ? limits.max_upload_bytes : limits.max_body_bytes;
  if (raw.body.size() > limit) return Refuse(413, "The request body is too large.\n");
  out.body = std::move(raw.body);
  out.client_address = ClientAddress(raw.peer, out.Header("x-forwarded-for"), trusted_proxies);
  return out;
}

}  // namespace herald
