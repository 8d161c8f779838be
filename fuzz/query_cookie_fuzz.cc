// Query strings and cookies. The input's first line is a query string (as
// after the '?'), the rest a Cookie header. The query goes through
// ReadQuery (request_reader.h, as the server parses it) and, when accepted,
// to the pages that read parameters (search, lists, an article's comment
// notices); the cookie through CookieValue and to the desk and API, which
// look a session up by it. Form bodies share the query's syntax, so the
// line goes through ParseFormBody too.
//
// Properties: accepted parameters are valid UTF-8 with no control bytes in
// names; a cookie value is a part of the header; every answer passes
// CheckAnswer (fuzz_site.h).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/text.h"
#include "fuzz/fuzz_site.h"
#include "web/access.h"
#include "web/request_reader.h"

namespace {

bool Within(std::string_view part, std::string_view whole) {
  return part.data() >= whole.data() && part.data() + part.size() <= whole.data() + whole.size();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace herald;
  using namespace herald::fuzz;
  FuzzSite& site = Site();
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t newline = input.find('\n');
  std::string_view query = input.substr(0, newline);
  std::string_view cookie = newline == std::string_view::npos ? "" : input.substr(newline + 1);

  if (auto form = ParseFormBody(query)) {
    for (const auto& [name, value] : *form) {
      if (!IsValidUtf8(name) || !IsValidUtf8(value)) __builtin_trap();
    }
  }
  auto params = ReadQuery(query);
  if (auto* accepted = std::get_if<HeaderList>(&params)) {
    for (const auto& [name, value] : *accepted) {
      if (!IsValidUtf8(name) || !IsValidUtf8(value)) __builtin_trap();
      for (char c : name) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) __builtin_trap();
      }
    }
    const Article& article = site.article();
    for (const std::string& path : {std::string("/en/search"), std::string("/api/v1/search"),
                                    std::string("/en/"), CanonicalPath(article)}) {
      Request r;
      r.path = path;
      r.query = *accepted;
      r.client_address = "198.51.100.7";
      CheckAnswer(site.Handle(std::move(r)));
    }
  }

  Request r;
  r.headers = {{"cookie", std::string(cookie)}};
  r.client_address = "198.51.100.7";
  const HeaderList& headers = r.headers;
  for (const char* name : {"herald_session", "__Host-herald_session", "herald_login"}) {
    if (auto value = CookieValue(r, name); value && !Within(*value, headers[0].second)) {
      __builtin_trap();
    }
  }
  for (const char* path : {"/desk/", "/api/v1/articles"}) {
    Request call = r;
    call.path = path;
    CheckAnswer(site.Handle(std::move(call)));
  }
  return 0;
}
