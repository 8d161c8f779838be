// Internal to web/: who sent a request and what they may do.
//
// A request is made by an API token (Authorization: Bearer), by a desk
// session (the session cookie), or by nobody. Every handler that reads
// drafts or changes anything calls Authorize() with the permission it needs
// before it touches the store; roles are mapped to permissions only in
// core/account.h. A session's state-changing requests must carry its CSRF
// token (header X-CSRF-Token, or form field "csrf"), since the browser sends
// the cookie with requests other sites make; a bearer token is never sent
// by a browser on its own, so it needs none.
#pragma once

#include <expected>
#include <optional>
#include <string>
#include <string_view>

#include "core/account.h"
#include "store/store.h"
#include "web/handlers.h"
#include "web/http.h"

namespace herald {

struct Principal {
  enum class Kind { kAnonymous, kToken, kSession };
  Kind kind = Kind::kAnonymous;
  Role role = Role::kReporter;  // Meaningless when anonymous.
  std::string actor;            // "token:NAME" or the user's email; "" when anonymous.
  User user;                    // The signed-in user (kSession), without password_hash.
  Session session;              // kSession only.

  bool signed_in() const { return kind != Kind::kAnonymous; }
  bool Can(Permission p) const { return signed_in() && Allows(role, p); }
};

// The session cookie's name: "__Host-herald_session" when cookies are
// Secure (the prefix makes browsers refuse it from any subdomain or path),
// "herald_session" otherwise.
std::string SessionCookieName(const Config& config);

// Returns the value of cookie `name` in the request's Cookie header, or
// nullopt.
std::optional<std::string_view> CookieValue(const Request& request, std::string_view name);

// A Set-Cookie value: HttpOnly, SameSite=Strict, Path=/, Secure when the
// config says so; max_age 0 deletes the cookie.
std::string SetCookie(const Config& config, std::string_view name, std::string_view value,
                      int64_t max_age);

// Returns who made the request. A bearer token that is not valid, or a
// session cookie for an ended, expired or disabled session, makes an
// anonymous principal (the handler answers 401 where it matters). Touches
// the session (sliding idle expiry) at most once a minute. Store failures
// are errors.
Result<Principal> Identify(const HandlerContext& ctx, const Request& request);

// Returns the principal when it may do `permission`, else the answer to
// send: 401 when nobody is signed in, 403 "csrf" when a session's
// state-changing request lacks its CSRF token, 403 "forbidden" when the
// role does not allow it. JSON answers (the API's form).
std::expected<Principal, Response> Authorize(const HandlerContext& ctx, const Request& request,
                                             Permission permission);

// As Authorize, but for any signed-in principal (the CSRF rule applies).
std::expected<Principal, Response> RequireSignedIn(const HandlerContext& ctx,
                                                   const Request& request);

// Returns true iff the request carries the session's CSRF token (header
// X-CSRF-Token or, for forms, `form_token`), compared in constant time.
bool CsrfMatches(const Session& session, const Request& request, std::string_view form_token = {});

// Returns the keyed hash of the request's client address (raw bytes), as
// sessions, sign-in throttling and the audit log keep it; "" without keys
// or an address.
std::string AddressHash(const HandlerContext& ctx, const Request& request);

// Appends to the audit log; a failure to write is logged, not returned: the
// action it records has already happened.
void Audit(const HandlerContext& ctx, const Request& request, const std::string& actor,
           std::string_view action, std::string_view target, std::string_view detail);

// The 403 for a missing permission, naming it.
Response Forbidden(Permission permission);

}  // namespace herald
