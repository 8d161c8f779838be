// Account: the newsroom's people (desk users), what each role may do, and
// the record of who did what (the audit log).
//
// Plain values and pure functions only: passwords are hashed in auth/,
// sessions are kept by the store, and the web layer checks permissions
// with Allows() before it calls anything that writes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"

namespace herald {

using UserId = int64_t;

// A desk user's role. Roles do not nest by rank: a moderator cannot edit
// articles and an editor cannot moderate; only an admin can do everything.
enum class Role {
  kReporter,   // Writes and edits drafts, submits them for review.
  kEditor,     // Everything a reporter does, plus publish, schedule, correct, unpublish.
  kModerator,  // Moderates reader comments and commenters.
  kAdmin,      // Everything, plus users, editions and the audit log.
};

// One thing the desk can do. Every API handler that changes anything names
// the permission it needs; Allows() is the only place roles are mapped.
enum class Permission {
  kReadDrafts,        // See unpublished articles and their revisions.
  kWriteArticles,     // Create articles; edit drafts and scheduled ones; upload images.
  kPublishArticles,   // Publish, schedule, correct, unpublish; edit published articles.
  kModerateComments,  // Read the queues, decide comments, sanction commenters.
  kManageSections,    // Create and rename sections.
  kManageUsers,       // Add users, change roles, disable accounts.
  kReadAudit,         // Read the audit log.
};

// Returns true iff `role` grants `permission`.
bool Allows(Role role, Permission permission);

// Returns every permission `role` grants, in the order Permission declares them.
std::vector<Permission> PermissionsOf(Role role);

// Stable lowercase names ("reporter", "editor", "moderator", "admin") used
// in the CLI, the API and the database.
std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);
std::string_view PermissionName(Permission permission);

struct User {
  UserId id = 0;      // 0 until the store assigns one.
  std::string email;  // Lowercase (NormaliseEmail); unique.
  std::string name;   // As shown on the desk and in the audit log.
  Role role = Role::kReporter;
  std::string password_hash;  // argon2id, PHC string form (auth/password.h).
  int64_t created_at = 0;
  int64_t password_changed_at = 0;
  int64_t disabled_at = 0;  // 0: active. A disabled user cannot log in.
};

inline constexpr size_t kMaxUserName = 120;

// Returns the email trimmed and lowercased ("" stays ""), or
// kInvalidArgument when it is not a plausible address (one '@', something
// on each side, a dot in the domain, no spaces or angle brackets, at most
// 254 characters). Commenters' and users' emails both go through it.
Result<std::string> NormaliseEmail(std::string_view email);

// Checks a user before it is stored: a non-empty normalised email and a
// non-empty name of valid UTF-8 within kMaxUserName code points.
Result<void> ValidateUser(const User& user);

// One line of the audit log. `action` is a dotted verb ("article.publish",
// "comment.reject", "user.login", "user.login_failed"); `target` names what
// it acted on ("article:425881", "comment:17", "user:3", "commenter:9").
struct AuditEntry {
  int64_t id = 0;  // Assigned by the store, increasing.
  int64_t at = 0;
  std::string actor;    // A user's email, "token:NAME", or "system".
  std::string action;   // See above.
  std::string target;   // "" when the action has none.
  std::string detail;   // A short human-readable note (reason, new status); no secrets.
  std::string ip_hash;  // Keyed hash of the client address (raw bytes), "" when none.
};

}  // namespace herald
