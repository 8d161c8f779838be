// HTTP caching vocabulary: validators (ETag, Last-Modified), conditional
// requests, and content negotiation of compressed bodies (RFC 9110, 9111).
//
// Pure functions, no state: the page cache (page_cache.h) and App use them
// to answer 304s and to send gzip or brotli to clients that accept them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace herald {

enum class ContentEncoding { kIdentity, kGzip, kBrotli };

// The request headers that decide a cached page's answer.
struct ConditionalHeaders {
  std::string_view accept_encoding;
  std::string_view if_none_match;
  std::string_view if_modified_since;
};

// Returns the token for a Content-Encoding header ("gzip", "br"); "" for identity.
std::string_view EncodingName(ContentEncoding e);

// Picks the best encoding the client accepts, from its Accept-Encoding value:
// brotli over gzip over identity, honouring q-values ("gzip;q=0" refuses
// gzip, "*" stands for any encoding not named). Identity when the header is
// absent or empty.
ContentEncoding ChooseEncoding(std::string_view accept_encoding);

// Returns true for content types worth compressing: text, JSON, XML, feeds,
// JavaScript, SVG. Images and other already-compressed types are not.
bool IsCompressible(std::string_view content_type);

// Bodies shorter than this are sent as they are: compressing them costs more
// than the bytes it saves.
inline constexpr size_t kMinCompressBytes = 256;

// How hard to compress: once for a page kept in the page cache, or on every
// request for a page that is not.
enum class CompressionEffort { kOnce, kPerRequest };

// Returns `body` compressed with `encoding` (gzip: RFC 1952; brotli: RFC
// 7932), or nullopt if the library failed. Identity returns the body as is.
std::optional<std::string> Compress(std::string_view body, ContentEncoding encoding,
                                    CompressionEffort effort);

// Returns a weak entity tag for `body`: W/"<16 hex digits of XXH3-64>".
// Weak, because one tag stands for the identity and the compressed forms.
std::string EntityTag(std::string_view body);

// Returns true iff the If-None-Match value `if_none_match` matches `etag`
// under weak comparison ("*" matches anything).
bool EntityTagMatches(std::string_view if_none_match, std::string_view etag);

// Formats Unix seconds as an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT").
std::string HttpDate(int64_t unix_seconds);

// Parses an IMF-fixdate; nullopt for anything else (the obsolete RFC 850
// and asctime forms are not accepted: no client Herald serves sends them).
std::optional<int64_t> ParseHttpDate(std::string_view text);

// Returns true iff a GET with these request headers may be answered 304 Not
// Modified for a representation with `etag` and `last_modified` (0: none):
// If-None-Match decides when present; otherwise If-Modified-Since.
bool IsNotModified(std::string_view if_none_match, std::string_view if_modified_since,
                   std::string_view etag, int64_t last_modified);

}  // namespace herald
