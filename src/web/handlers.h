// Internal to web/: the handler functions App routes to. Each translates a
// request into calls on the store and the renderer, and back into a response.
#pragma once

#include <string_view>
#include <vector>

#include "config/config.h"
#include "store/store.h"
#include "web/http.h"

namespace herald {

struct HandlerContext {
  const Config& config;
  Store& store;
  int64_t now;  // Unix seconds at the start of the request.
};

// Public HTML pages. `segments` are the non-empty path segments.
Response HandleSite(const HandlerContext& ctx, const Request& request,
                    const std::vector<std::string_view>& segments);

// A real 404 page in the language of `edition_code` (or the default edition).
Response NotFoundPage(const HandlerContext& ctx, std::string_view edition_code);

// A 500 page for a failure the reader cannot fix.
Response ErrorPage(const HandlerContext& ctx, int status);

// A JSON API error: {"error": {"code", "message"}} with `status`.
Response ApiError(int status, std::string_view code, std::string_view message);

// /api/v1/...; `segments` start after "v1".
Response HandleApi(const HandlerContext& ctx, const Request& request,
                   const std::vector<std::string_view>& segments);

}  // namespace herald
