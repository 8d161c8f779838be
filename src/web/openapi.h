// The OpenAPI 3.1 document of the JSON API: src/web/openapi.json, embedded
// into the binary and served at GET /api/v1/openapi.json. openapi_test.cc
// keeps it true to the handlers.
#pragma once

#include <string_view>

#include "web/http.h"

namespace herald {

// Returns the bytes of an embedded file of src/web/ (web_files.cc, generated
// from the list in CMakeLists.txt), or "" for one not embedded.
std::string_view WebFile(std::string_view path);

// GET /api/v1/openapi.json: the document, 200 application/json, public for
// an hour; 405 for methods other than GET and HEAD.
Response HandleOpenApi(const Request& request);

}  // namespace herald
