#include "core/account.h"

#include <array>

#include "common/text.h"
#include "core/comment.h"

namespace herald {
namespace {

struct RoleGrant {
  Permission permission;
  bool reporter, editor, moderator;  // Admins are granted everything.
};

constexpr std::array<RoleGrant, 7> kGrants = {{
    {Permission::kReadDrafts, true, true, false},
    {Permission::kWriteArticles, true, true, false},
    {Permission::kPublishArticles, false, true, false},
    {Permission::kModerateComments, false, false, true},
    {Permission::kManageSections, false, true, false},
    {Permission::kManageUsers, false, false, false},
    {Permission::kReadAudit, false, false, false},
}};

}  // namespace

bool Allows(Role role, Permission permission) {
  if (role == Role::kAdmin) return true;
  for (const RoleGrant& g : kGrants) {
    if (g.permission != permission) continue;
    switch (role) {
      case Role::kReporter:
        return g.reporter;
      case Role::kEditor:
        return g.editor;
      case Role::kModerator:
        return g.moderator;
      case Role::kAdmin:
        return true;
    }
  }
  return false;
}

std::vector<Permission> PermissionsOf(Role role) {
  std::vector<Permission> out;
  for (const RoleGrant& g : kGrants) {
    if (Allows(role, g.permission)) out.push_back(g.permission);
  }
  return out;
}

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kReporter:
      return "reporter";
    case Role::kEditor:
      return "editor";
    case Role::kModerator:
      return "moderator";
    case Role::kAdmin:
      return "admin";
  }
  return "reporter";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role r : {Role::kReporter, Role::kEditor, Role::kModerator, Role::kAdmin}) {
    if (RoleName(r) == name) return r;
  }
  return std::nullopt;
}

std::string_view PermissionName(Permission permission) {
  switch (permission) {
    case Permission::kReadDrafts:
      return "read_drafts";
    case Permission::kWriteArticles:
      return "write_articles";
    case Permission::kPublishArticles:
      return "publish_articles";
    case Permission::kModerateComments:
      return "moderate_comments";
    case Permission::kManageSections:
      return "manage_sections";
    case Permission::kManageUsers:
      return "manage_users";
    case Permission::kReadAudit:
      return "read_audit";
  }
  return "";
}

Result<std::string> NormaliseEmail(std::string_view email) {
  std::string e = AsciiLower(Trim(email));
  if (e.empty()) return e;
  if (CountCodePoints(e) > kMaxCommentEmail) {
    return Fail(ErrorCode::kInvalidArgument, "email: at most 254 characters");
  }
  size_t at = e.find('@');
  bool ok = at != std::string::npos && at > 0 && at + 1 < e.size() &&
            e.find('@', at + 1) == std::string::npos && e.find('.', at) != std::string::npos;
  for (char c : e) ok = ok && static_cast<unsigned char>(c) > ' ' && c != '<' && c != '>';
  if (!ok) return Fail(ErrorCode::kInvalidArgument, "email: not an email address");
  return e;
}

Result<void> ValidateUser(const User& user) {
  auto email = NormaliseEmail(user.email);
  if (!email) return std::unexpected(email.error());
  if (email->empty()) return Fail(ErrorCode::kInvalidArgument, "email: required");
  if (*email != user.email) {
    return Fail(ErrorCode::kInvalidArgument, "email: must be stored normalised");
  }
  if (!IsValidUtf8(user.name) || Trim(user.name).empty()) {
    return Fail(ErrorCode::kInvalidArgument, "name: required");
  }
  if (CountCodePoints(user.name) > kMaxUserName) {
    return Fail(ErrorCode::kInvalidArgument, "name: at most 120 characters");
  }
  return {};
}

}  // namespace herald
