// Renders the desk's two server-made pages: the login form, and the shell
// every other desk page starts from (its content is drawn by desk.js from
// the JSON API).
//
// Pure, like pages.h: values in, HTML out, every value escaped. The shell
// carries no inline script (the site's Content-Security-Policy forbids
// them): what desk.js needs to start comes as a JSON data block.
#pragma once

#include <string>
#include <vector>

#include "core/account.h"
#include "core/edition.h"

namespace herald {

struct DeskLoginView {
  std::string site_name;
  std::string csrf_token;  // The login form's token (hidden field "csrf").
  std::string next;        // A /desk/ path to go to after login (hidden field "next").
  std::string email;       // Typed before, kept after a failed attempt.
  std::string error;       // Shown above the form when not empty (role="alert").
};

// What the shell tells desk.js: the signed-in user, what they may do, the
// session's CSRF token and the site's editions with their sections.
struct DeskShellView {
  std::string site_name;
  std::string base_url;
  User user;                            // password_hash is never rendered.
  std::vector<Permission> permissions;  // Those the user's role grants.
  std::string csrf_token;
  const std::vector<Edition>* editions = nullptr;  // Required.
  std::vector<std::vector<Section>> sections;      // Per edition, same order.
};

// The login page at /desk/login: a form posting email, password, csrf and
// next to /desk/login. Works without JavaScript.
std::string RenderDeskLogin(const DeskLoginView& view);

// The desk shell: header with the user's name and role, navigation (only the
// parts the role may use), a logout form (POST /desk/logout with csrf), an
// empty <main id="desk"> and the boot data as
// <script type="application/json" id="desk-boot">{"user": {"id", "email",
// "name", "role"}, "permissions": [...], "csrf": "...", "site": {"name",
// "base_url"}, "editions": [{"code", "name", "language", "direction",
// "sections": [{"slug", "name"}]}]}</script>, then desk.css and desk.js
// (hashed asset paths).
std::string RenderDeskShell(const DeskShellView& view);

}  // namespace herald
