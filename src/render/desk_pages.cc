#include "render/desk_pages.h"

#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <stdexcept>

#include "render/assets.h"
#include "render/embedded.h"
#include "render/layout.h"

namespace herald {
namespace {

using kainjow::mustache::data;
using kainjow::mustache::mustache;
using Json = nlohmann::ordered_json;

bool Has(const std::vector<Permission>& permissions, Permission p) {
  return std::find(permissions.begin(), permissions.end(), p) != permissions.end();
}

Json BootJson(const DeskShellView& view) {
  Json boot;
  // Only these four fields: the password hash and timestamps stay out.
  boot["user"] = {{"id", view.user.id},
                  {"email", view.user.email},
                  {"name", view.user.name},
                  {"role", std::string(RoleName(view.user.role))}};
  Json permissions = Json::array();
  for (Permission p : view.permissions) permissions.push_back(std::string(PermissionName(p)));
  boot["permissions"] = permissions;
  boot["csrf"] = view.csrf_token;
  boot["site"] = {{"name", view.site_name}, {"base_url", view.base_url}};
  Json editions = Json::array();
  const std::vector<Edition>& eds = *view.editions;
  for (size_t i = 0; i < eds.size(); ++i) {
    const Edition& e = eds[i];
    Json sections = Json::array();
    if (i < view.sections.size()) {
      std::vector<Section> sorted = view.sections[i];
      std::stable_sort(sorted.begin(), sorted.end(),
                       [](const Section& a, const Section& b) { return a.position < b.position; });
      for (const Section& s : sorted) sections.push_back({{"slug", s.slug}, {"name", s.name}});
    }
    editions.push_back({{"code", e.code},
                        {"name", e.name},
                        {"language", e.language},
                        {"direction", DirectionName(e.direction)},
                        {"sections", sections}});
  }
  boot["editions"] = editions;
  return boot;
}

// The navigation: only what the role may use. `key` lets desk.js mark the
// current page.
data Navigation(const std::vector<Permission>& permissions) {
  struct Item {
    const char* key;
    const char* href;
    const char* label;
    bool shown;
  };
  const bool articles =
      Has(permissions, Permission::kReadDrafts) || Has(permissions, Permission::kWriteArticles);
  const Item items[] = {
      {"articles", "/desk/", "Articles", articles},
      {"new", "/desk/articles/new", "New article", Has(permissions, Permission::kWriteArticles)},
      {"moderation", "/desk/moderation", "Moderation",
       Has(permissions, Permission::kModerateComments)},
      {"audit", "/desk/audit", "Audit log", Has(permissions, Permission::kReadAudit)},
      {"users", "/desk/users", "Users", Has(permissions, Permission::kManageUsers)},
      {"account", "/desk/account", "Account", true},
  };
  data nav{data::type::list};
  for (const Item& item : items) {
    if (!item.shown) continue;
    data d;
    d.set("key", item.key);
    d.set("href", item.href);
    d.set("label", item.label);
    nav.push_back(d);
  }
  return nav;
}

}  // namespace

std::string RenderDeskLogin(const DeskLoginView& view) {
  data d;
  d.set("site_name", view.site_name);
  d.set("css", AssetPath("desk.css"));
  d.set("csrf", view.csrf_token);
  d.set("next", view.next);
  d.set("email", view.email);
  d.set("has_email", !view.email.empty());
  d.set("has_error", !view.error.empty());
  d.set("error", view.error);
  return PageTemplate("desk_login").render(d);
}

std::string RenderDeskShell(const DeskShellView& view) {
  if (view.editions == nullptr) throw std::logic_error("RenderDeskShell: editions missing");
  data d;
  d.set("site_name", view.site_name);
  d.set("css", AssetPath("desk.css"));
  d.set("js", AssetPath("desk.js"));
  d.set("csrf", view.csrf_token);
  d.set("user_name", view.user.name);
  d.set("user_role", std::string(RoleName(view.user.role)));
  d.set("nav", Navigation(view.permissions));
  // Inserted raw: ScriptSafeJson leaves no '<', '>' or '&'.
  d.set("boot", ScriptSafeJson(BootJson(view)));
  return PageTemplate("desk").render(d);
}

}  // namespace herald
