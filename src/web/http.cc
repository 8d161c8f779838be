#include "web/http.h"

#include "common/text.h"

namespace herald {

std::string_view Request::Header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return value;
  }
  return {};
}

std::optional<std::string_view> Request::Query(std::string_view name) const {
  for (const auto& [key, value] : query) {
    if (key == name) return std::string_view(value);
  }
  return std::nullopt;
}

std::string_view Response::Header(std::string_view name) const {
  const std::string lower = AsciiLower(name);
  if (shared_headers) {
    for (const auto& [key, value] : *shared_headers) {
      if (AsciiLower(key) == lower) return value;
    }
  }
  for (const auto& [key, value] : headers) {
    if (AsciiLower(key) == lower) return value;
  }
  return {};
}

Response Response::Html(int status, std::string body) {
  return Response{status, "text/html; charset=utf-8", {}, std::move(body)};
}

Response Response::Text(int status, std::string body) {
  return Response{status, "text/plain; charset=utf-8", {}, std::move(body)};
}

Response Response::Redirect(int status, const std::string& location) {
  std::string escaped = HtmlEscape(location);
  Response r = Html(status, "<!doctype html><title>Moved</title><p><a href=\"" + escaped + "\">" +
                                escaped + "</a></p>\n");
  r.AddHeader("Location", location);
  return r;
}

std::string ArticleCacheTag(int64_t news_id) { return "a:" + std::to_string(news_id); }
std::string StoryCacheTag(int64_t story_id) { return "s:" + std::to_string(story_id); }
std::string EditionCacheTag(std::string_view edition_code) {
  return "e:" + std::string(edition_code);
}

const char* ReasonPhrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Content Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Unknown";
  }
}

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> FormDecode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%') {
      if (i + 2 >= in.size()) return std::nullopt;
      int hi = HexValue(in[i + 1]);
      int lo = HexValue(in[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  if (!IsValidUtf8(out)) return std::nullopt;
  return out;
}

}  // namespace

std::optional<HeaderList> ParseFormBody(std::string_view body) {
  HeaderList fields;
  for (std::string_view pair : Split(body, '&')) {
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    auto name = FormDecode(pair.substr(0, eq));
    auto value =
        FormDecode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
    if (!name || !value) return std::nullopt;
    fields.emplace_back(std::move(*name), std::move(*value));
  }
  return fields;
}

std::string_view FieldValue(const HeaderList& fields, std::string_view name) {
  for (const auto& [k, v] : fields) {
    if (k == name) return v;
  }
  return {};
}

}  // namespace herald
