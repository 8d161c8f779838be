// The newsroom API's request bodies, sent with an admin bearer token through
// App::Handle on the demo site: article JSON (create, update, publish,
// comment mode, preview), sections, and image uploads under each declared
// type. The first byte picks the endpoint (and the article); the rest is the
// body. Desk sign-in and user passwords are left out: argon2id makes each
// try take a tenth of a second.
//
// Every answer must pass CheckAnswer (fuzz_site.h): no 500 (an exception
// that escaped a handler), and no script in a page but the site's own (the
// preview renders a whole article page from the body).
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/fuzz_site.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace herald;
  using namespace herald::fuzz;
  if (size == 0) return 0;
  FuzzSite& site = Site();
  // The demo stories have consecutive News IDs below the reference article.
  const std::string id = std::to_string(site.article().id - (data[0] / 8) % 4);

  Request r;
  r.method = Method::kPost;
  r.body.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
  r.client_address = "198.51.100.7";
  std::string type = "application/json";
  switch (data[0] % 8) {
    case 0:
      r.path = "/api/v1/articles";
      break;
    case 1:
      r.method = Method::kPatch;
      r.path = "/api/v1/articles/" + id;
      break;
    case 2:
      r.path = "/api/v1/articles/" + id + "/publish";
      break;
    case 3:
      r.path = "/api/v1/articles/" + id + "/comment-mode";
      break;
    case 4:
      r.path = "/api/v1/preview";
      break;
    case 5:
      r.path = "/api/v1/editions/en/sections";
      break;
    case 6: {
      static const char* const kTypes[] = {"image/jpeg", "image/png", "image/gif", "image/webp"};
      r.path = "/api/v1/media";
      type = kTypes[(data[0] / 8) % 4];
      break;
    }
    default:
      r.path = "/api/v1/articles/" + id + "/unpublish";
      break;
  }
  r.headers = {{"authorization", std::string("Bearer ") + kAdminToken}, {"content-type", type}};
  CheckAnswer(site.Handle(std::move(r)));
  return 0;
}
