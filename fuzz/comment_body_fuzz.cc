// Comment bodies as readers send them, through App::Handle on the demo
// site: the JSON API, the no-JavaScript form (urlencoded, given a valid form
// token so the fuzzer gets past it), the report and appeal forms and the
// JSON appeal. The first byte picks the endpoint (and the comment a report
// or appeal is about); the rest is the body.
//
// Every answer must pass CheckAnswer (fuzz_site.h): no 500, and no script
// in a page but the site's own (the form answer shows the fields back).
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz/fuzz_site.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace herald;
  using namespace herald::fuzz;
  if (size == 0) return 0;
  FuzzSite& site = Site();
  const Article& article = site.article();
  const std::string article_id = std::to_string(article.id);
  const std::string comment_id = std::to_string(1 + (data[0] / 5) % 8);
  const std::string edition = article.edition;

  Request r;
  r.method = Method::kPost;
  r.body.assign(reinterpret_cast<const char*>(data) + 1, size - 1);
  r.client_address = "198.51.100.7";
  const std::string json = "application/json";
  const std::string form = "application/x-www-form-urlencoded";
  switch (data[0] % 5) {
    case 0:
      r.path = "/api/v1/articles/" + article_id + "/comments";
      r.headers = {{"content-type", json}};
      break;
    case 1:
      // Appended: a token the input carries comes first and wins.
      r.path = CanonicalPath(article) + "/comments";
      r.headers = {{"content-type", form}};
      r.body += "&token=" + site.FormToken(article_id);
      break;
    case 2:
      r.path = "/" + edition + "/comments/" + comment_id + "/report";
      r.headers = {{"content-type", form}};
      r.body += "&token=" + site.FormToken(article_id);
      break;
    case 3:
      r.path = "/" + edition + "/comments/" + comment_id + "/appeal";
      r.headers = {{"content-type", form}};
      r.body += "&token=" + site.FormToken("appeal:" + comment_id);
      break;
    default:
      r.path = "/api/v1/comments/" + comment_id + "/appeal";
      r.headers = {{"content-type", json}};
      break;
  }
  CheckAnswer(site.Handle(std::move(r)));
  return 0;
}
