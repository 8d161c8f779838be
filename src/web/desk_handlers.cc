// The desk's server side: signing in and out, the shell page desk.js draws
// into, and the account API (/api/v1/me, /users, /audit).
//
// Sign-in is throttled per account and per client address through counters
// in the store (so every node counts the same failures), and the form is
// protected against login CSRF by a token bound to a cookie of its own.
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "auth/api_token.h"
#include "auth/keyed_hash.h"
#include "auth/password.h"
#include "common/text.h"
#include "core/dateline.h"
#include "render/desk_pages.h"
#include "web/access.h"
#include "web/handlers.h"

namespace herald {

using nlohmann::json;

namespace {

constexpr std::string_view kLoginCookie = "herald_login";
constexpr int64_t kLoginFormLifetime = 3600;
// Failures from one address may be spread over several accounts (a
// password-spraying attack); allow an office behind one address more.
constexpr int64_t kAddressFailureFactor = 4;
// Failures for one account from anywhere before it locks for everyone:
// high enough that a stranger cannot lock a journalist out on a whim, low
// enough to stop guessing spread over many addresses.
constexpr int64_t kAccountFailureFactor = 20;

// Desk pages hold a user's data: never kept by a cache. (The server adds
// the Content-Security-Policy, which forbids inline script, and the
// anti-framing headers to every HTML answer.)
Response DeskPage(int status, std::string html) {
  Response r = Response::Html(status, std::move(html));
  r.AddHeader("Cache-Control", "no-store");
  return r;
}

// Only desk paths are followed after sign-in, so the form cannot be used to
// send someone elsewhere.
std::string SafeNext(std::string_view next) {
  if (!next.starts_with("/desk/") || next.find("//") != std::string_view::npos ||
      next.find('\\') != std::string_view::npos || next.size() > 500 ||
      next.starts_with("/desk/login")) {
    return "/desk/";
  }
  for (char c : next) {
    if (static_cast<unsigned char>(c) < 0x20) return "/desk/";
  }
  return std::string(next);
}

std::string AddressBucket(const HandlerContext& ctx, const Request& request) {
  return "login-ip:" + ToHex(AddressHash(ctx, request));
}

std::string EmailBucket(std::string_view email) { return "login-email:" + std::string(email); }

Response LoginForm(const HandlerContext& ctx, const Request& request, int status, std::string email,
                   std::string error, std::string next) {
  // The login form's CSRF token is bound to a random cookie of its own: a
  // page on another site can read neither, so it cannot sign a reader in to
  // an account of the attacker's choosing.
  std::string nonce(CookieValue(request, kLoginCookie).value_or(""));
  const bool fresh =
      nonce.size() != 32 || nonce.find_first_not_of("0123456789abcdef") != std::string::npos;
  if (fresh) nonce = ToHex(RandomBytes(16));
  DeskLoginView view;
  view.site_name = ctx.config.site.name;
  view.csrf_token = IssueFormToken(ctx.keys->login_key, "login:" + nonce, ctx.now);
  view.next = std::move(next);
  view.email = std::move(email);
  view.error = std::move(error);
  Response r = DeskPage(status, RenderDeskLogin(view));
  if (fresh)
    r.AddHeader("Set-Cookie", SetCookie(ctx.config, kLoginCookie, nonce, kLoginFormLifetime));
  return r;
}

// For writes whose failure must not stop the answer (the action they
// accompany has happened): the failure is logged.
template <typename T>
void LogFailure(const Result<T>& result, std::string_view what) {
  if (!result) spdlog::warn("desk: could not {}: {}", what, result.error().message);
}

std::string MinutesText(int64_t seconds) {
  int64_t minutes = std::max<int64_t>(1, (seconds + 59) / 60);
  return std::to_string(minutes) + (minutes == 1 ? " minute" : " minutes");
}

Response SignIn(const HandlerContext& ctx, const Request& request) {
  if (!AsciiLower(request.Header("content-type"))
           .starts_with("application/x-www-form-urlencoded")) {
    return LoginForm(ctx, request, 415, "", "The form must be sent as a web form.", "/desk/");
  }
  auto fields = ParseFormBody(request.body);
  if (!fields) return LoginForm(ctx, request, 400, "", "The form data is malformed.", "/desk/");
  const std::string next = SafeNext(FieldValue(*fields, "next"));
  const std::string typed(Trim(FieldValue(*fields, "email")).substr(0, 254));
  const std::string_view password = FieldValue(*fields, "password");

  std::string nonce(CookieValue(request, kLoginCookie).value_or(""));
  if (nonce.empty() || !CheckFormToken(ctx.keys->login_key, "login:" + nonce,
                                       FieldValue(*fields, "csrf"), ctx.now, kLoginFormLifetime)) {
    return LoginForm(ctx, request, 403, typed,
                     "The sign-in form expired or did not come from this site. Please try again.",
                     next);
  }
  auto email = NormaliseEmail(typed);
  if (!email || email->empty() || password.empty() || password.size() > kMaxPasswordBytes) {
    return LoginForm(ctx, request, 400, typed, "Enter your email address and password.", next);
  }

  // Lockout. Failures are counted three ways, so a stranger who knows an
  // email address cannot lock its owner out: an account locks for the
  // address that failed (the usual guessing), for everyone only after many
  // times as many failures from anywhere (a distributed attack), and one
  // address may fail only so often across all accounts.
  const int64_t window = ctx.config.desk.login_lockout_minutes * 60;
  const int64_t max_failures = ctx.config.desk.login_max_failures;
  const std::string email_bucket = EmailBucket(*email);
  const std::string address_bucket = AddressBucket(ctx, request);
  const std::string pair_bucket = email_bucket + "\n" + address_bucket;
  int64_t retry_after = 0;
  for (const auto& [bucket, limit] :
       {std::pair{pair_bucket, max_failures},
        std::pair{email_bucket, max_failures * kAccountFailureFactor},
        std::pair{address_bucket, max_failures * kAddressFailureFactor}}) {
    auto counted = ctx.store.CountAttempts(bucket, ctx.now - window);
    if (!counted) return ErrorPage(ctx, 503);
    if (counted->first >= limit) {
      retry_after = std::max(retry_after, counted->second + window - ctx.now);
    }
  }
  if (retry_after > 0) {
    Audit(ctx, request, *email, "user.login_locked", "", "");
    Response r = LoginForm(ctx, request, 429, typed,
                           "Too many failed sign-ins. Try again in " + MinutesText(retry_after) +
                               ", or ask an administrator to reset your password.",
                           next);
    r.AddHeader("Retry-After", std::to_string(retry_after));
    return r;
  }

  auto user = ctx.store.FindUserByEmail(*email);
  if (!user && user.error().code != ErrorCode::kNotFound) return ErrorPage(ctx, 503);
  bool ok = false;
  if (user) {
    ok = VerifyPassword(user->password_hash, password);
  } else {
    VerifyNothing(password);
  }
  if (!ok || user->disabled_at != 0) {
    if (!ok) {
      for (const std::string& bucket : {pair_bucket, email_bucket, address_bucket}) {
        LogFailure(ctx.store.RecordAttempt(bucket, ctx.now), "count a failed sign-in");
      }
    }
    Audit(ctx, request, *email, "user.login_failed", user ? "user:" + std::to_string(user->id) : "",
          ok ? "account disabled" : "wrong email or password");
    return LoginForm(
        ctx, request, 401, typed,
        ok ? "This account is disabled. Ask an administrator." : "Wrong email or password.", next);
  }
  // The account's own counts and those of every address it failed from.
  LogFailure(ctx.store.ClearAttempts(email_bucket), "clear failed sign-ins");
  if (PasswordNeedsRehash(user->password_hash)) {
    if (auto rehashed = HashPassword(password)) {
      user->password_hash = *rehashed;
      LogFailure(ctx.store.UpdateUser(*user), "store a stronger password hash");
    }
  }

  const std::string secret = GenerateSecret("hs_");
  Session session;
  session.id_hash = HashApiToken(secret);
  session.user_id = user->id;
  session.csrf_token = GenerateSecret("");
  session.created_at = session.last_seen_at = ctx.now;
  session.expires_at = ctx.now + ctx.config.desk.session_idle_minutes * 60;
  session.ip_hash = AddressHash(ctx, request);
  std::string agent(request.Header("user-agent").substr(0, 200));
  session.user_agent = IsValidUtf8(agent) ? agent : "";
  if (auto created = ctx.store.CreateSession(session); !created) {
    spdlog::error("desk: could not create a session: {}", created.error().message);
    return ErrorPage(ctx, 503);
  }
  Audit(ctx, request, user->email, "user.login", "user:" + std::to_string(user->id), "");
  Response r = Response::Redirect(303, next);
  r.AddHeader("Cache-Control", "no-store");
  r.AddHeader("Set-Cookie", SetCookie(ctx.config, SessionCookieName(ctx.config), secret,
                                      ctx.config.desk.session_max_hours * 3600));
  r.AddHeader("Set-Cookie", SetCookie(ctx.config, kLoginCookie, "", 0));
  return r;
}

Response SignOut(const HandlerContext& ctx, const Request& request) {
  Response r = Response::Redirect(303, "/desk/login");
  r.AddHeader("Cache-Control", "no-store");
  auto who = Identify(ctx, request);
  if (!who) return ErrorPage(ctx, 503);
  if (who->kind != Principal::Kind::kSession) return r;
  auto fields = ParseFormBody(request.body);
  std::string_view form_token = fields ? FieldValue(*fields, "csrf") : std::string_view();
  if (!CsrfMatches(who->session, request, form_token)) {
    return DeskPage(403,
                    "<!doctype html><title>Sign out</title><p>The sign-out form expired. "
                    "<a href=\"/desk/\">Back to the desk</a></p>\n");
  }
  if (auto ended = ctx.store.DeleteSession(who->session.id_hash); !ended)
    return ErrorPage(ctx, 503);
  Audit(ctx, request, who->actor, "user.logout", "user:" + std::to_string(who->user.id), "");
  r.AddHeader("Set-Cookie", SetCookie(ctx.config, SessionCookieName(ctx.config), "", 0));
  return r;
}

Response Shell(const HandlerContext& ctx, const Principal& who) {
  DeskShellView view;
  view.site_name = ctx.config.site.name;
  view.base_url = ctx.config.site.base_url;
  view.user = who.user;
  view.permissions = PermissionsOf(who.role);
  view.csrf_token = who.session.csrf_token;
  view.editions = &ctx.config.editions;
  for (const Edition& e : ctx.config.editions) {
    auto sections = ctx.store.ListSections(e.code);
    if (!sections) return ErrorPage(ctx, 503);
    view.sections.push_back(std::move(*sections));
  }
  return DeskPage(200, RenderDeskShell(view));
}

json UserJson(const User& u) {
  return json{{"id", u.id},
              {"email", u.email},
              {"name", u.name},
              {"role", RoleName(u.role)},
              {"created_at", TimeOrNull(u.created_at)},
              {"disabled", u.disabled_at != 0}};
}

json PermissionsJson(Role role) {
  json out = json::array();
  for (Permission p : PermissionsOf(role)) out.push_back(PermissionName(p));
  return out;
}

Response Me(const HandlerContext& ctx, const Request& request) {
  if (request.method != Method::kGet && request.method != Method::kHead) {
    return MethodNotAllowed("GET, HEAD");
  }
  auto who = RequireSignedIn(ctx, request);
  if (!who) return std::move(who.error());
  json user = who->kind == Principal::Kind::kSession ? UserJson(who->user)
                                                     : json{{"id", nullptr},
                                                            {"email", who->actor},
                                                            {"name", who->actor},
                                                            {"role", RoleName(who->role)}};
  return Json(200, json{{"user", user}, {"permissions", PermissionsJson(who->role)}});
}

Result<std::string> TextField(const json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || !it->is_string()) {
    return Fail(ErrorCode::kInvalidArgument, std::string("'") + key + "' is required (a string)");
  }
  return it->get<std::string>();
}

Response ChangeOwnPassword(const HandlerContext& ctx, const Request& request) {
  if (request.method != Method::kPost) return MethodNotAllowed("POST");
  auto who = RequireSignedIn(ctx, request);
  if (!who) return std::move(who.error());
  if (who->kind != Principal::Kind::kSession) {
    return ApiError(400, "invalid_argument", "API tokens have no password");
  }
  auto body = JsonBody(ctx, request, false);
  if (!body) return FromError(body.error());
  auto current = TextField(*body, "current_password");
  auto fresh = TextField(*body, "new_password");
  if (!current) return FromError(current.error());
  if (!fresh) return FromError(fresh.error());
  auto user = ctx.store.GetUser(who->user.id);
  if (!user) return FromError(user.error());
  // Whoever holds a stolen session must not be able to guess the password
  // here and keep the account: failures count as sign-in failures do.
  const std::string bucket = "password-change:user:" + std::to_string(user->id);
  const int64_t window = ctx.config.desk.login_lockout_minutes * 60;
  auto failures = ctx.store.CountAttempts(bucket, ctx.now - window);
  if (!failures) return FromError(failures.error());
  if (failures->first >= ctx.config.desk.login_max_failures) {
    Response r = ApiError(429, "rate_limit", "too many wrong passwords; try again later");
    r.AddHeader("Retry-After",
                std::to_string(std::max<int64_t>(1, failures->second + window - ctx.now)));
    return r;
  }
  if (!VerifyPassword(user->password_hash, *current)) {
    LogFailure(ctx.store.RecordAttempt(bucket, ctx.now), "count a failed password change");
    Audit(ctx, request, who->actor, "user.password_failed", "user:" + std::to_string(user->id), "");
    return ApiError(403, "wrong_password", "the current password is not right");
  }
  LogFailure(ctx.store.ClearAttempts(bucket), "clear failed password changes");
  if (auto ok = CheckNewPassword(*fresh); !ok) return FromError(ok.error());
  auto hash = HashPassword(*fresh);
  if (!hash) return FromError(hash.error());
  user->password_hash = *hash;
  user->password_changed_at = ctx.now;
  if (auto saved = ctx.store.UpdateUser(*user); !saved) return FromError(saved.error());
  // Anyone else signed in as this user (a stolen session) is signed out.
  if (auto ended = ctx.store.DeleteUserSessions(user->id, who->session.id_hash); !ended) {
    return FromError(ended.error());
  }
  Audit(ctx, request, who->actor, "user.password", "user:" + std::to_string(user->id), "");
  Response r;
  r.status = 204;
  r.AddHeader("Cache-Control", "no-store");
  return r;
}

// True when some active admin other than `except` remains, so an admin
// cannot lock everyone out of user management.
Result<bool> OtherAdminRemains(Store& store, UserId except) {
  auto users = store.ListUsers();
  if (!users) return std::unexpected(users.error());
  return std::any_of(users->begin(), users->end(), [&](const User& u) {
    return u.id != except && u.role == Role::kAdmin && u.disabled_at == 0;
  });
}

Response CreateUserApi(const HandlerContext& ctx, const Request& request, const Principal& who) {
  auto body = JsonBody(ctx, request, false);
  if (!body) return FromError(body.error());
  for (const auto& [key, value] : body->items()) {
    if (key != "email" && key != "name" && key != "role" && key != "password") {
      return ApiError(400, "invalid_argument", "unknown field '" + key + "'");
    }
  }
  auto email = TextField(*body, "email");
  auto name = TextField(*body, "name");
  auto role_name = TextField(*body, "role");
  if (!email) return FromError(email.error());
  if (!name) return FromError(name.error());
  if (!role_name) return FromError(role_name.error());
  auto role = ParseRole(*role_name);
  if (!role) {
    return ApiError(400, "invalid_argument", "'role' must be reporter, editor, moderator or admin");
  }
  User u;
  auto normalised = NormaliseEmail(*email);
  if (!normalised) return FromError(normalised.error());
  u.email = *normalised;
  u.name = std::string(Trim(*name));
  u.role = *role;
  u.created_at = u.password_changed_at = ctx.now;
  if (auto ok = ValidateUser(u); !ok) return FromError(ok.error());
  std::string password;
  bool generated = false;
  if (body->contains("password")) {
    auto p = TextField(*body, "password");
    if (!p) return FromError(p.error());
    if (auto ok = CheckNewPassword(*p); !ok) return FromError(ok.error());
    password = *p;
  } else {
    password = GeneratePassword();
    generated = true;
  }
  auto hash = HashPassword(password);
  if (!hash) return FromError(hash.error());
  u.password_hash = *hash;
  auto created = ctx.store.CreateUser(u);
  if (!created) {
    if (created.error().code == ErrorCode::kConflict) {
      return ApiError(409, "conflict", "a user with this email exists");
    }
    return FromError(created.error());
  }
  Audit(ctx, request, who.actor, "user.create", "user:" + std::to_string(created->id),
        std::string(RoleName(created->role)) + " " + created->email);
  json j = UserJson(*created);
  // Shown once, to the admin who must pass it on.
  if (generated) j["password"] = password;
  Response r = Json(201, j);
  r.AddHeader("Location", "/api/v1/users/" + std::to_string(created->id));
  return r;
}

Response UpdateUserApi(const HandlerContext& ctx, const Request& request, const Principal& who,
                       User u) {
  auto body = JsonBody(ctx, request, false);
  if (!body) return FromError(body.error());
  std::vector<std::string> changes;
  bool end_sessions = false;
  for (const auto& [key, value] : body->items()) {
    if (key == "name") {
      if (!value.is_string()) return ApiError(400, "invalid_argument", "'name' must be a string");
      u.name = std::string(Trim(value.get<std::string>()));
      changes.push_back("name");
    } else if (key == "role") {
      auto role = value.is_string() ? ParseRole(value.get<std::string>()) : std::nullopt;
      if (!role) {
        return ApiError(400, "invalid_argument",
                        "'role' must be reporter, editor, moderator or admin");
      }
      u.role = *role;
      changes.push_back("role " + std::string(RoleName(*role)));
    } else if (key == "disabled") {
      if (!value.is_boolean())
        return ApiError(400, "invalid_argument", "'disabled' must be true or false");
      const bool disable = value.get<bool>();
      if (disable && u.disabled_at == 0) {
        u.disabled_at = ctx.now;
        end_sessions = true;
      } else if (!disable) {
        u.disabled_at = 0;
      }
      changes.push_back(disable ? "disabled" : "enabled");
    } else if (key == "password") {
      if (!value.is_string())
        return ApiError(400, "invalid_argument", "'password' must be a string");
      if (auto ok = CheckNewPassword(value.get<std::string>()); !ok) return FromError(ok.error());
      auto hash = HashPassword(value.get<std::string>());
      if (!hash) return FromError(hash.error());
      u.password_hash = *hash;
      u.password_changed_at = ctx.now;
      end_sessions = true;
      changes.push_back("password");
    } else {
      return ApiError(400, "invalid_argument", "unknown field '" + key + "'");
    }
  }
  if (auto ok = ValidateUser(u); !ok) return FromError(ok.error());
  if (u.role != Role::kAdmin || u.disabled_at != 0) {
    auto remains = OtherAdminRemains(ctx.store, u.id);
    if (!remains) return FromError(remains.error());
    if (!*remains) {
      return ApiError(409, "last_admin",
                      "this is the only active admin; make someone else an admin first");
    }
  }
  auto saved = ctx.store.UpdateUser(u);
  if (!saved) return FromError(saved.error());
  if (end_sessions) {
    if (auto ended = ctx.store.DeleteUserSessions(u.id, ""); !ended)
      return FromError(ended.error());
  }
  std::string detail;
  for (const std::string& c : changes) detail += (detail.empty() ? "" : ", ") + c;
  Audit(ctx, request, who.actor, "user.update", "user:" + std::to_string(u.id), detail);
  return Json(200, UserJson(*saved));
}

Response UsersApi(const HandlerContext& ctx, const Request& request,
                  const std::vector<std::string_view>& rest) {
  auto who = Authorize(ctx, request, Permission::kManageUsers);
  if (!who) return std::move(who.error());
  const bool is_get = request.method == Method::kGet || request.method == Method::kHead;
  if (rest.empty()) {
    if (is_get) {
      auto users = ctx.store.ListUsers();
      if (!users) return FromError(users.error());
      json items = json::array();
      for (const User& u : *users) items.push_back(UserJson(u));
      return Json(200, json{{"users", items}});
    }
    if (request.method == Method::kPost) return CreateUserApi(ctx, request, *who);
    return MethodNotAllowed("GET, HEAD, POST");
  }
  long long id = 0;
  if (rest.size() != 1 || !ParseNonNegative(rest[0], id) || id == 0) {
    return ApiError(404, "not_found", "no such user");
  }
  auto user = ctx.store.GetUser(id);
  if (!user) return FromError(user.error());
  if (is_get) return Json(200, UserJson(*user));
  if (request.method == Method::kPatch) return UpdateUserApi(ctx, request, *who, std::move(*user));
  return MethodNotAllowed("GET, HEAD, PATCH");
}

Response AuditApi(const HandlerContext& ctx, const Request& request) {
  if (request.method != Method::kGet && request.method != Method::kHead) {
    return MethodNotAllowed("GET, HEAD");
  }
  auto who = Authorize(ctx, request, Permission::kReadAudit);
  if (!who) return std::move(who.error());
  long long before = 0, limit = 100;
  if (auto b = request.Query("before"); b && !b->empty() && !ParseNonNegative(*b, before)) {
    return ApiError(400, "invalid_argument", "'before' must be an entry id");
  }
  if (auto l = request.Query("limit");
      l && !l->empty() && (!ParseNonNegative(*l, limit) || limit < 1 || limit > 500)) {
    return ApiError(400, "invalid_argument", "'limit' must be between 1 and 500");
  }
  auto entries = ctx.store.ListAudit(std::string(request.Query("actor").value_or("")),
                                     std::string(request.Query("action").value_or("")),
                                     std::string(request.Query("target").value_or("")), before,
                                     static_cast<int>(limit));
  if (!entries) return FromError(entries.error());
  json items = json::array();
  for (const AuditEntry& e : *entries) {
    items.push_back({{"id", e.id},
                     {"at", TimeOrNull(e.at)},
                     {"actor", e.actor},
                     {"action", e.action},
                     {"target", e.target},
                     {"detail", e.detail}});
  }
  json next =
      entries->size() == static_cast<size_t>(limit) ? json(entries->back().id) : json(nullptr);
  return Json(200, json{{"entries", items}, {"next_before", next}});
}

}  // namespace

Response HandleDesk(const HandlerContext& ctx, const Request& request,
                    const std::vector<std::string_view>& segments) {
  if (ctx.keys == nullptr) return ErrorPage(ctx, 503);
  const bool is_get = request.method == Method::kGet || request.method == Method::kHead;
  const std::string_view page = segments.size() >= 2 ? segments[1] : std::string_view();
  if (segments.size() == 2 && page == "login") {
    if (request.method == Method::kPost) return SignIn(ctx, request);
    if (!is_get) return MethodNotAllowed("GET, HEAD, POST");
    auto who = Identify(ctx, request);
    if (who && who->kind == Principal::Kind::kSession) {
      return Response::Redirect(303, SafeNext(request.Query("next").value_or("/desk/")));
    }
    return LoginForm(ctx, request, 200, "", "", SafeNext(request.Query("next").value_or("")));
  }
  if (segments.size() == 2 && page == "logout") {
    if (request.method != Method::kPost) return MethodNotAllowed("POST");
    return SignOut(ctx, request);
  }
  if (!is_get) return MethodNotAllowed("GET, HEAD");
  auto who = Identify(ctx, request);
  if (!who) return ErrorPage(ctx, 503);
  if (who->kind != Principal::Kind::kSession) {
    Response r = Response::Redirect(303, "/desk/login?next=" + PercentEncode(request.path));
    r.AddHeader("Cache-Control", "no-store");
    return r;
  }
  return Shell(ctx, *who);
}

std::optional<Response> HandleAccountsApi(const HandlerContext& ctx, const Request& request,
                                          const std::vector<std::string_view>& segments) {
  if (segments[0] == "me") {
    if (segments.size() == 1) return Me(ctx, request);
    if (segments.size() == 2 && segments[1] == "password") return ChangeOwnPassword(ctx, request);
    return ApiError(404, "not_found", "no such API endpoint");
  }
  if (segments[0] == "users") return UsersApi(ctx, request, {segments.begin() + 1, segments.end()});
  if (segments[0] == "audit" && segments.size() == 1) return AuditApi(ctx, request);
  return std::nullopt;
}

}  // namespace herald
