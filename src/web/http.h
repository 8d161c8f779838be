// Request and Response: the HTTP vocabulary of Herald's handlers.
//
// The server adapter (server.cc) turns RESTinio's messages into these plain
// values and back, so every handler is a function from Request to Response
// that tests can call without a socket.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace herald {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct Request {
  Method method = Method::kGet;
  std::string target;  // The request-target as received (path and query), "" in tests.
  std::string path;    // Percent-decoded, valid UTF-8, starts with '/'.
  HeaderList query;    // Decoded query parameters in order.
  HeaderList headers;  // Names in lowercase.
  std::string body;
  std::string client_address;  // After trusted-proxy resolution.

  // Returns the first header named `lower_name`, or empty.
  std::string_view Header(std::string_view lower_name) const;
  // Returns the first query parameter `name`, or nullopt.
  std::optional<std::string_view> Query(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type;
  HeaderList headers;
  std::string body;  // A 304 keeps the body it stands for; the adapter sends only its length.
  // What the page shows, for the page cache (web/page_cache.h): a response
  // with tags and a public Cache-Control may be kept, and is dropped when
  // anything it is tagged with changes. Never sent to the client.
  std::vector<std::string> cache_tags;
  // When set, the body to send instead of `body`, and headers sent before
  // `headers`: shared with the page cache, so a hit copies no bytes.
  std::shared_ptr<const std::string> shared_body;
  std::shared_ptr<const HeaderList> shared_headers;

  // Returns the bytes to send.
  std::string_view Payload() const { return shared_body ? *shared_body : body; }

  void AddHeader(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
  // Returns the first header named `name` (any case), shared ones first.
  std::string_view Header(std::string_view name) const;

  static Response Html(int status, std::string body);
  static Response Text(int status, std::string body);
  // A redirect with a short HTML body; `location` must be a path or URL.
  static Response Redirect(int status, const std::string& location);
};

// Page-cache tags. A page is tagged with what a change would alter it by:
// an article page with its article and story; a list, feed or search page
// of an edition with the edition; site-wide documents (sitemaps) with the
// site. Publishing, correcting or unpublishing an article, or publishing a
// comment on it, drops every page with the article's, story's or edition's
// tag and every site-wide page.
std::string ArticleCacheTag(int64_t news_id);
std::string StoryCacheTag(int64_t story_id);
std::string EditionCacheTag(std::string_view edition_code);
inline constexpr std::string_view kSiteCacheTag = "site";

// Parses an application/x-www-form-urlencoded body ("a=1&b=x+y%21").
// Returns nullopt when an escape is malformed or a value is not valid UTF-8.
std::optional<HeaderList> ParseFormBody(std::string_view body);

// Returns the first value named `name` in `fields`, or empty.
std::string_view FieldValue(const HeaderList& fields, std::string_view name);

// Returns the reason phrase of an HTTP status code ("Not Found").
const char* ReasonPhrase(int status);

}  // namespace herald
