// The OpenAPI document served at /api/v1/openapi.json, held to the code:
// it is well-formed OpenAPI 3.1; every operation it lists is routed (not
// "no such API endpoint", not 405) and answers with a status it documents;
// every method it leaves out of a path is refused with 405; and it lists
// exactly the routes of kRoutes, which in turn must name every path word
// the API handlers compare against, so a new endpoint fails here until it
// is documented.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "auth/api_token.h"
#include "common/text.h"
#include "web/web_testing.h"

namespace herald {
namespace {

using nlohmann::json;
using testing_support::Body;
using testing_support::TestSite;

constexpr const char* kAdminToken = "hld_openapi-test-admin-token-0123456789abcdef";

// Every route under /api/v1/ that the handlers answer, as "METHOD path"
// with "{}" for each path parameter (HEAD goes with GET). Add a route here
// and to src/web/openapi.json when you add it to the code.
const std::vector<std::string> kRoutes = {
    "GET /api/v1/openapi.json",
    "GET /api/v1/editions",
    "POST /api/v1/editions/{}/sections",
    "GET /api/v1/articles",
    "POST /api/v1/articles",
    "GET /api/v1/articles/{}",
    "PATCH /api/v1/articles/{}",
    "POST /api/v1/articles/{}/submit",
    "POST /api/v1/articles/{}/publish",
    "POST /api/v1/articles/{}/unpublish",
    "POST /api/v1/articles/{}/comment-mode",
    "GET /api/v1/articles/{}/revisions",
    "GET /api/v1/articles/{}/revisions/{}",
    "GET /api/v1/articles/{}/comments",
    "POST /api/v1/articles/{}/comments",
    "POST /api/v1/preview",
    "POST /api/v1/media",
    "GET /api/v1/comments/{}",
    "GET /api/v1/comments/{}/status",
    "POST /api/v1/comments/{}/appeal",
    "POST /api/v1/comments/{}/report",
    "POST /api/v1/comments/{}/approve",
    "POST /api/v1/comments/{}/reject",
    "GET /api/v1/moderation/queue",
    "POST /api/v1/moderation/bulk",
    "GET /api/v1/commenters/{}",
    "POST /api/v1/commenters/{}/warn",
    "POST /api/v1/commenters/{}/suspend",
    "POST /api/v1/commenters/{}/premoderate",
    "POST /api/v1/commenters/{}/ban",
    "POST /api/v1/commenters/{}/unban",
    "GET /api/v1/search",
    "GET /api/v1/ninjs",
    "GET /api/v1/ninjs/{}",
    "GET /api/v1/me",
    "POST /api/v1/me/password",
    "GET /api/v1/users",
    "POST /api/v1/users",
    "GET /api/v1/users/{}",
    "PATCH /api/v1/users/{}",
    "GET /api/v1/audit",
};

// Methods a route may have; the document's keys are these in lower case.
const std::vector<std::pair<std::string, Method>> kMethods = {{"get", Method::kGet},
                                                              {"post", Method::kPost},
                                                              {"put", Method::kPut},
                                                              {"patch", Method::kPatch},
                                                              {"delete", Method::kDelete}};

// Paths whose refusal of other methods comes before the method check: the
// handler answers a non-GET to revisions with 401 (it identifies readers
// only on GET), not 405. Listed so that a change in either direction shows.

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// "/a/{id}/b/{n}" -> "/a/{}/b/{}".
std::string Template(const std::string& path) {
  return std::regex_replace(path, std::regex(R"(\{[^}]*\})"), "{}");
}

// The JSON value `ref` ("#/a/b") points to in `doc`, or nullptr.
const json* Resolve(const json& doc, const std::string& ref) {
  if (!ref.starts_with("#/")) return nullptr;
  try {
    const json& target = doc.at(json::json_pointer(ref.substr(1)));
    return &target;
  } catch (const json::exception&) {
    return nullptr;
  }
}

// `value`, or what its "$ref" points to (a copy).
json Deref(const json& doc, const json& value) {
  if (value.is_object() && value.contains("$ref")) {
    if (const json* target = Resolve(doc, value["$ref"].get<std::string>())) return *target;
  }
  return value;
}

// Calls `visit(path, op)` for every operation of the document.
void ForEachOperation(const json& doc,
                      const std::function<void(const std::string& path, const std::string& method,
                                               const json& op)>& visit) {
  for (const auto& [path, item] : doc["paths"].items()) {
    for (const auto& [method, unused] : kMethods) {
      if (item.contains(method)) visit(path, method, item[method]);
    }
  }
}

// The documented route set, as kRoutes spells it.
std::set<std::string> DocumentedRoutes(const json& doc) {
  std::set<std::string> out;
  ForEachOperation(doc, [&](const std::string& path, const std::string& method, const json&) {
    out.insert(Upper(method) + " " + Template(path));
  });
  return out;
}

// True when `status` is among the operation's documented responses.
bool Documents(const json& op, int status) {
  const json& responses = op["responses"];
  const std::string exact = std::to_string(status);
  const std::string range = std::to_string(status / 100) + "XX";
  return responses.contains(exact) || responses.contains(range) || responses.contains("default");
}

// The operation's security: "public" (no credentials), "secured" (a
// credential is required), or "optional".
std::string SecurityKind(const json& doc, const json& op) {
  const json& security = op.contains("security") ? op["security"] : doc.value("security", json());
  if (!security.is_array() || security.empty()) return "public";
  for (const json& requirement : security) {
    if (requirement.empty()) return "optional";
  }
  return "secured";
}

// `path` with each parameter filled in: integers with 1, strings with the
// default edition's code.
std::string Fill(const json& doc, const std::string& path, const json& op, const json& path_item) {
  std::map<std::string, std::string> values;
  for (const json* list : {&path_item, &op}) {
    if (!list->contains("parameters")) continue;
    for (const json& p : (*list)["parameters"]) {
      const json& param = Deref(doc, p);
      if (param.value("in", "") != "path") continue;
      const json& schema = Deref(doc, param.value("schema", json::object()));
      values[param["name"].get<std::string>()] =
          schema.value("type", json("string")) == "integer" ? "1" : "en";
    }
  }
  std::string out;
  for (size_t i = 0; i < path.size();) {
    if (path[i] != '{') {
      out.push_back(path[i++]);
      continue;
    }
    size_t end = path.find('}', i);
    std::string name = path.substr(i + 1, end - i - 1);
    out += values.contains(name) ? values[name] : "{" + name + "}";
    i = end + 1;
  }
  return out;
}

// The JSON Schema type names `value` has ("integer" values are numbers too).
std::set<std::string> TypesOf(const json& value) {
  if (value.is_null()) return {"null"};
  if (value.is_boolean()) return {"boolean"};
  if (value.is_number_integer()) return {"integer", "number"};
  if (value.is_number()) return {"number"};
  if (value.is_string()) return {"string"};
  if (value.is_array()) return {"array"};
  return {"object"};
}

// Checks `value` against the parts of `schema` a drift of the code would
// break: type, enum and const, the required properties of objects (through
// $ref and allOf), recursively into properties and array items. oneOf and
// anyOf are not followed. Appends what does not fit to `problems`.
void CheckShape(const json& doc, const json& schema_in, const json& value, const std::string& at,
                std::vector<std::string>& problems) {
  const json schema = Deref(doc, schema_in);
  for (const json& part : schema.value("allOf", json::array())) {
    CheckShape(doc, part, value, at, problems);
  }
  if (schema.contains("type")) {
    const json& type = schema["type"];
    const std::set<std::string> has = TypesOf(value);
    bool fits = false;
    for (const json& t : type.is_array() ? type : json::array({type})) {
      fits = fits || has.contains(t.get<std::string>());
    }
    if (!fits) {
      problems.push_back(at + " is " + value.dump().substr(0, 80) + ", not " + type.dump());
      return;
    }
  }
  if (schema.contains("enum") &&
      std::find(schema["enum"].begin(), schema["enum"].end(), value) == schema["enum"].end()) {
    problems.push_back(at + " is " + value.dump() + ", not one of " + schema["enum"].dump());
  }
  if (schema.contains("const") && schema["const"] != value) {
    problems.push_back(at + " is " + value.dump() + ", not " + schema["const"].dump());
  }
  if (value.is_object()) {
    for (const json& key : schema.value("required", json::array())) {
      if (!value.contains(key.get<std::string>())) {
        problems.push_back(at + "." + key.get<std::string>() + " is missing");
      }
    }
    const json properties = schema.value("properties", json::object());
    for (const auto& [key, sub] : properties.items()) {
      if (value.contains(key)) CheckShape(doc, sub, value[key], at + "." + key, problems);
    }
  } else if (value.is_array() && schema.contains("items")) {
    for (size_t i = 0; i < value.size(); ++i) {
      CheckShape(doc, schema["items"], value[i], at + "[" + std::to_string(i) + "]", problems);
    }
  }
}

bool IsNoSuchEndpoint(const Response& r) {
  if (r.status != 404) return false;
  json body = Body(r);
  return body.is_object() && body["error"].is_object() &&
         body["error"].value("message", "").starts_with("no such API endpoint");
}

// A site with something behind every id 1: the section en/politics, a
// published article 1 with a published comment 1 (of commenter 1), an
// admin user 1, and an admin API token.
class SeededSite {
 public:
  SeededSite() {
    EXPECT_TRUE(site_.store().PutSection(Section{"en", "politics", "Politics", 1}));
    User admin;
    admin.email = "admin@example.org";
    admin.name = "Admin";
    admin.role = Role::kAdmin;
    admin.password_hash = "unused";
    admin.created_at = 1;
    auto user = site_.store().CreateUser(admin);
    EXPECT_TRUE(user.has_value());
    auto token = site_.store().CreateApiToken(
        ApiToken{0, "openapi-test", HashApiToken(kAdminToken), 1, Role::kAdmin});
    EXPECT_TRUE(token.has_value());
    site_.Start();
    Response created =
        Call(Method::kPost, "/api/v1/articles",
             R"({"id":1,"edition":"en","section":"politics","headline":"Council meets"})");
    EXPECT_EQ(created.status, 201) << created.body;
    Response published = Call(Method::kPost, "/api/v1/articles/1/publish", "");
    EXPECT_EQ(published.status, 200) << published.body;
    CommentDraft d;
    d.comment.article_id = 1;
    d.comment.name = "Reader";
    d.comment.body = "A fair point.";
    d.comment.status = CommentStatus::kPublished;
    d.comment.created_at = 1;
    d.commenter_key = "commenter-1";
    d.body_hash = "hash-1";
    auto comment = site_.store().CreateComment(d);
    EXPECT_TRUE(comment.has_value());
    // Comment 2, held: the moderation queue has an item.
    d.comment.body = "Held for a moderator.";
    d.comment.status = CommentStatus::kPending;
    d.commenter_key = "commenter-2";
    d.body_hash = "hash-2";
    auto held = site_.store().CreateComment(d);
    EXPECT_TRUE(held.has_value());
  }

  // Calls the App as the admin token (or anonymously), the body sent as JSON.
  Response Call(Method method, const std::string& path, std::string body, bool signed_in = true) {
    HeaderList headers = {{"content-type", "application/json"}};
    if (signed_in) headers.emplace_back("authorization", std::string("Bearer ") + kAdminToken);
    return site_.Call(method, path, std::move(body), std::move(headers));
  }

 private:
  TestSite site_;
};

// The served document, parsed; a failed assertion when it is not there.
testing::AssertionResult Fetch(json& out) {
  SeededSite s;
  Response r = s.Call(Method::kGet, "/api/v1/openapi.json", "", false);
  if (r.status != 200) return testing::AssertionFailure() << "status " << r.status << r.body;
  out = Body(r);
  if (out.is_discarded()) return testing::AssertionFailure() << "not JSON";
  return testing::AssertionSuccess();
}

TEST(OpenApiTest, TheDocumentIsServedAsPublicJson) {
  SeededSite s;
  Response r = s.Call(Method::kGet, "/api/v1/openapi.json", "", false);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.Header("Cache-Control"), "public, max-age=3600");
  json doc = Body(r);
  ASSERT_FALSE(doc.is_discarded()) << "the document is not valid JSON";
  EXPECT_EQ(doc["openapi"], "3.1.0");
  EXPECT_EQ(doc["info"]["title"], "Herald API");
  EXPECT_TRUE(doc["info"]["version"].is_string());
  EXPECT_TRUE(doc["info"]["description"].is_string());
  EXPECT_EQ(doc["servers"], json::parse(R"([{"url": "/", "description": "This Herald site."}])"));
  EXPECT_EQ(s.Call(Method::kHead, "/api/v1/openapi.json", "").status, 200);
  Response post = s.Call(Method::kPost, "/api/v1/openapi.json", "{}");
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.Header("Allow"), "GET, HEAD");
}

TEST(OpenApiTest, BothAuthenticationSchemesAreDescribed) {
  json doc;
  ASSERT_TRUE(Fetch(doc));
  const json& schemes = doc["components"]["securitySchemes"];
  EXPECT_EQ(schemes["bearerAuth"]["type"], "http");
  EXPECT_EQ(schemes["bearerAuth"]["scheme"], "bearer");
  EXPECT_EQ(schemes["sessionCookie"]["type"], "apiKey");
  EXPECT_EQ(schemes["sessionCookie"]["in"], "cookie");
  EXPECT_EQ(schemes["sessionCookie"]["name"], "herald_session");
  EXPECT_NE(schemes["sessionCookie"].value("description", "").find("X-CSRF-Token"),
            std::string::npos);
  EXPECT_EQ(doc["components"]["parameters"]["CsrfToken"]["name"], "X-CSRF-Token");
  EXPECT_EQ(doc["components"]["parameters"]["CsrfToken"]["in"], "header");
}

TEST(OpenApiTest, EveryOperationIsDescribed) {
  json doc;
  ASSERT_TRUE(Fetch(doc));
  std::set<std::string> tags;
  for (const json& t : doc["tags"]) tags.insert(t["name"].get<std::string>());
  std::set<std::string> operation_ids;
  const std::regex response_key(R"(^([1-5][0-9][0-9]|[1-5]XX|default)$)");
  ForEachOperation(doc, [&](const std::string& path, const std::string& method, const json& op) {
    const std::string where = Upper(method) + " " + path;
    EXPECT_FALSE(op.value("summary", "").empty()) << where << ": no summary";
    EXPECT_FALSE(op.value("description", "").empty()) << where << ": no description";
    std::string id = op.value("operationId", "");
    EXPECT_FALSE(id.empty()) << where << ": no operationId";
    EXPECT_TRUE(operation_ids.insert(id).second) << where << ": operationId " << id << " twice";
    ASSERT_TRUE(op.contains("tags") && !op["tags"].empty()) << where << ": no tag";
    for (const json& t : op["tags"]) {
      EXPECT_TRUE(tags.contains(t.get<std::string>())) << where << ": undeclared tag " << t;
    }
    ASSERT_TRUE(op.contains("responses") && op["responses"].is_object() && !op["responses"].empty())
        << where << ": no responses";
    bool success = false;
    for (const auto& [key, response] : op["responses"].items()) {
      EXPECT_TRUE(std::regex_match(key, response_key)) << where << ": response key " << key;
      success = success || key.starts_with("2");
      EXPECT_FALSE(Deref(doc, response).value("description", "").empty())
          << where << " " << key << ": no description";
    }
    EXPECT_TRUE(success) << where << ": no 2xx response";
    EXPECT_TRUE(op.contains("security")) << where << ": security not stated";

    // Each {name} of the path is a declared path parameter.
    std::set<std::string> declared;
    for (const json* list : {&std::as_const(doc).at("paths").at(path), &op}) {
      if (!list->contains("parameters")) continue;
      for (const json& p : (*list)["parameters"]) {
        const json& param = Deref(doc, p);
        if (param.value("in", "") == "path") declared.insert(param["name"].get<std::string>());
      }
    }
    std::smatch m;
    for (auto it = path.cbegin();
         std::regex_search(it, path.cend(), m, std::regex(R"(\{([^}]*)\})"));
         it = m.suffix().first) {
      EXPECT_TRUE(declared.contains(m[1].str())) << where << ": {" << m[1] << "} not declared";
    }

    // What needs a credential says which roles may call it, and a write
    // says a session must send its CSRF token.
    if (SecurityKind(doc, op) == "secured") {
      const std::string description = op.value("description", "");
      EXPECT_TRUE(description.find("Roles:") != std::string::npos ||
                  description.find("Any signed-in role") != std::string::npos)
          << where << ": the description names no roles";
      EXPECT_TRUE(Documents(op, 401)) << where << ": no 401";
      if (method != "get") {
        bool csrf = false;
        for (const json& p : op.value("parameters", json::array())) {
          csrf = csrf || p.value("$ref", "") == "#/components/parameters/CsrfToken";
        }
        EXPECT_TRUE(csrf) << where << ": no X-CSRF-Token parameter";
      }
    }
  });
  EXPECT_GE(operation_ids.size(), kRoutes.size());
}

TEST(OpenApiTest, EveryReferenceResolvesAndEveryComponentIsUsed) {
  json doc;
  ASSERT_TRUE(Fetch(doc));
  std::set<std::string> used;
  std::vector<std::string> broken;
  std::function<void(const json&)> walk = [&](const json& v) {
    if (v.is_object()) {
      if (auto it = v.find("$ref"); it != v.end()) {
        std::string ref = it->is_string() ? it->get<std::string>() : "";
        if (!ref.starts_with("#/components/") || Resolve(doc, ref) == nullptr) {
          broken.push_back(ref);
        }
        used.insert(ref);
      }
      for (const auto& [key, child] : v.items()) walk(child);
    } else if (v.is_array()) {
      for (const json& child : v) walk(child);
    }
  };
  walk(doc);
  EXPECT_TRUE(broken.empty()) << "unresolved $refs: " << json(broken).dump();
  EXPECT_GT(used.size(), 20u);
  for (const auto& [kind, members] : doc["components"].items()) {
    if (kind == "securitySchemes") continue;
    for (const auto& [name, unused] : members.items()) {
      std::string ref = "#/components/" + kind + "/" + name;
      EXPECT_TRUE(used.contains(ref)) << ref << " is never used";
    }
  }
  for (const char* schema : {"Article", "ArticleInput", "Comment", "QueueItem", "Commenter", "User",
                             "AuditEntry", "Error"}) {
    EXPECT_TRUE(doc["components"]["schemas"].contains(schema)) << schema;
  }
}

// (c) The document lists exactly the routes the code has.
TEST(OpenApiTest, TheDocumentListsEveryRouteOfTheCode) {
  json doc;
  ASSERT_TRUE(Fetch(doc));
  std::set<std::string> documented = DocumentedRoutes(doc);
  std::set<std::string> routed(kRoutes.begin(), kRoutes.end());
  EXPECT_EQ(routed.size(), kRoutes.size()) << "kRoutes lists a route twice";
  for (const std::string& r : routed) {
    EXPECT_TRUE(documented.contains(r)) << r << " is routed but not in openapi.json";
  }
  for (const std::string& r : documented) {
    EXPECT_TRUE(routed.contains(r)) << r << " is in openapi.json but not in kRoutes";
  }
}

// (b) Every documented operation is routed: called as an admin with its
// path parameters filled in and an empty body, it is neither "no such API
// endpoint" nor 405, and answers a status the document lists for it.
TEST(OpenApiTest, EveryDocumentedOperationIsRoutedAndAnswersAsDocumented) {
  json doc;
  ASSERT_TRUE(Fetch(doc));
  int calls = 0;
  ForEachOperation(doc, [&](const std::string& path, const std::string& method, const json& op) {
    const Method m = std::find_if(kMethods.begin(), kMethods.end(), [&](const auto& p) {
                       return p.first == method;
                     })->second;
    const std::string target = Fill(doc, path, op, doc.at("paths").at(path));
    const std::string where = Upper(method) + " " + target;
    // A fresh site for each, so that one call's change does not answer for the next.
    SeededSite s;
    Response r = s.Call(m, target, "");
    ++calls;
    EXPECT_FALSE(IsNoSuchEndpoint(r)) << where << ": not routed: " << r.body;
    EXPECT_NE(r.status, 405) << where << ": " << r.body;
    EXPECT_TRUE(Documents(op, r.status))
        << where << " answered " << r.status << ", which the document does not list: " << r.body;
    // A server error passes only where the document names it (503 when
    // comments are not set up), not through the catch-all 5XX.
    if (r.status >= 500) {
      EXPECT_TRUE(op["responses"].contains(std::to_string(r.status)))
          << where << " failed: " << r.status << " " << r.body;
    }
    // A JSON answer has the shape the document gives it.
    json response = Deref(doc, op["responses"].value(std::to_string(r.status), json::object()));
    if (response.contains("content") && response["content"].contains("application/json")) {
      json body = Body(r);
      ASSERT_FALSE(body.is_discarded()) << where << ": not JSON: " << r.body;
      std::vector<std::string> problems;
      CheckShape(doc, response["content"]["application/json"]["schema"], body, "$", problems);
      EXPECT_TRUE(problems.empty())
          << where << " " << r.status << ": " << json(problems).dump(1) << "\n"
          << r.body;
    }
  });
  EXPECT_EQ(calls, static_cast<int>(kRoutes.size()));
}

// Anonymous callers are refused (401) exactly where the document says a
// credential is required.
TEST(OpenApiTest, AnonymousCallsAreRefusedWhereTheDocumentRequiresCredentials) {
  json doc;
  ASSERT_TRUE(Fetch(doc));
  SeededSite s;
  ForEachOperation(doc, [&](const std::string& path, const std::string& method, const json& op) {
    const Method m = std::find_if(kMethods.begin(), kMethods.end(), [&](const auto& p) {
                       return p.first == method;
                     })->second;
    const std::string target = Fill(doc, path, op, doc.at("paths").at(path));
    const std::string kind = SecurityKind(doc, op);
    Response r = s.Call(m, target, "", /*signed_in=*/false);
    if (kind == "secured") {
      EXPECT_EQ(r.status, 401) << Upper(method) << " " << target << " is documented as needing "
                               << "a credential but answered: " << r.body;
    } else if (kind == "public") {
      EXPECT_NE(r.status, 401) << Upper(method) << " " << target << " is documented as public";
      EXPECT_NE(r.status, 403) << Upper(method) << " " << target << " is documented as public";
    }
  });
}

// Every method a path does not document is refused with 405, and the
// Allow header names the documented ones (with HEAD for GET).
TEST(OpenApiTest, UndocumentedMethodsAreRefused) {
  json doc;
  ASSERT_TRUE(Fetch(doc));
  SeededSite s;
  for (const auto& [path, item] : doc["paths"].items()) {
    std::set<std::string> allowed;
    const json* any_op = nullptr;
    for (const auto& [method, unused] : kMethods) {
      if (!item.contains(method)) continue;
      allowed.insert(Upper(method));
      if (method == "get") allowed.insert("HEAD");
      any_op = &item[method];
    }
    ASSERT_NE(any_op, nullptr) << path;
    const std::string target = Fill(doc, path, *any_op, item);
    for (const auto& [method, m] : kMethods) {
      if (item.contains(method)) continue;
      Response r = s.Call(m, target, "");
      const std::string where = Upper(method) + " " + target;
      EXPECT_EQ(r.status, 405) << where << " is not documented but answered: " << r.body;
      if (r.status != 405) continue;
      std::set<std::string> allow;
      for (std::string_view a : Split(r.Header("Allow"), ',')) allow.insert(std::string(Trim(a)));
      EXPECT_EQ(allow, allowed) << where << ": Allow: " << r.Header("Allow");
    }
  }
}

// The source of the web layer, found beside this file; empty when the
// sources are not there (a test binary run away from its checkout).
std::string ReadSource(const std::filesystem::path& relative) {
  const std::filesystem::path web = std::filesystem::path(__FILE__).parent_path();
  std::ifstream in(web / relative);
  if (!in) return "";
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// kRoutes keeps up with the code: every word the API handlers compare a
// path segment with is a segment of some route in kRoutes.
TEST(OpenApiTest, TheRouteListNamesEveryPathWordOfTheHandlers) {
  std::set<std::string> segments;
  for (const std::string& route : kRoutes) {
    const std::string path = route.substr(route.find(' ') + 1);
    for (std::string_view s : Split(path, '/')) {
      segments.insert(std::string(s));
    }
  }
  // File, and where its API part starts ("" for the whole file).
  const std::vector<std::pair<std::string, std::string>> files = {
      {"api_handlers.cc", ""},
      {"comment_handlers.cc", "Response HandleArticleCommentsApi("},
      {"moderation_handlers.cc", ""},
      {"desk_handlers.cc", "std::optional<Response> HandleAccountsApi("},
      {"media_handlers.cc", ""},
      {"search_handlers.cc", ""},
      {"feed_handlers.cc", "Response HandleNinjsApi("},
  };
  const std::regex compared(R"re((?:segments|rest)\[\d+\]\s*[!=]=\s*"([^"]*)")re");
  const std::regex action(R"re(\baction\s*[!=]=\s*"([^"]*)")re");
  int words = 0;
  for (const auto& [file, start] : files) {
    std::string text = ReadSource(file);
    if (text.empty()) GTEST_SKIP() << "the sources are not beside " << __FILE__;
    if (!start.empty()) {
      size_t at = text.find(start);
      ASSERT_NE(at, std::string::npos) << file << " has no " << start;
      text = text.substr(at);
    }
    for (const std::regex* re : {&compared, &action}) {
      for (std::sregex_iterator it(text.begin(), text.end(), *re), end; it != end; ++it) {
        ++words;
        EXPECT_TRUE(segments.contains((*it)[1].str()))
            << file << " routes on \"" << (*it)[1] << "\", which no route of kRoutes has";
      }
    }
  }
  EXPECT_GT(words, 20);
}

// info.version is the program's version (CMakeLists.txt, herald --version).
TEST(OpenApiTest, TheVersionIsTheProgramsVersion) {
  json doc;
  ASSERT_TRUE(Fetch(doc));
  const std::string version = doc["info"].value("version", "");
  std::string cmake = ReadSource("../../CMakeLists.txt");
  std::string cli = ReadSource("../cli/main.cc");
  if (cmake.empty() || cli.empty()) GTEST_SKIP() << "the sources are not beside " << __FILE__;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(cmake, m, std::regex(R"(project\(herald VERSION ([0-9.]+))")));
  EXPECT_EQ(m[1].str(), version) << "CMakeLists.txt's project version";
  ASSERT_TRUE(std::regex_search(cli, m, std::regex(R"re(kVersion = "([^"]+)")re")));
  EXPECT_EQ(m[1].str(), version) << "src/cli/main.cc's kVersion";
}

}  // namespace
}  // namespace herald
