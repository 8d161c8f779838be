#include "web/openapi.h"

#include <string>

#include "web/handlers.h"

namespace herald {

Response HandleOpenApi(const Request& request) {
  if (request.method != Method::kGet && request.method != Method::kHead) {
    return MethodNotAllowed("GET, HEAD");
  }
  Response r{200, "application/json", {}, std::string(WebFile("openapi.json"))};
  // The document changes only with the binary.
  r.AddHeader("Cache-Control", "public, max-age=3600");
  return r;
}

}  // namespace herald
