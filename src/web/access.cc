#include "web/access.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include "auth/api_token.h"
#include "auth/keyed_hash.h"
#include "common/text.h"

namespace herald {
namespace {

// A session's last_seen_at is written at most this often, so reading pages
// on the desk is not a database write per request.
constexpr int64_t kTouchInterval = 60;

bool IsStateChanging(Method m) {
  return m != Method::kGet && m != Method::kHead && m != Method::kOptions;
}

bool SameSecret(std::string_view a, std::string_view b) {
  return a.size() == b.size() && !a.empty() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Result<Principal> FromToken(const HandlerContext& ctx, std::string_view header) {
  Principal p;
  auto token = BearerToken(header);
  if (!token) return p;
  auto found = ctx.store.FindApiToken(HashApiToken(*token));
  if (!found) {
    if (found.error().code == ErrorCode::kNotFound) return p;
    return std::unexpected(found.error());
  }
  p.kind = Principal::Kind::kToken;
  p.role = found->role;
  p.actor = "token:" + found->name;
  return p;
}

Result<Principal> FromSession(const HandlerContext& ctx, std::string_view secret) {
  Principal p;
  if (secret.empty() || secret.size() > 200) return p;
  const std::string id_hash = HashApiToken(secret);
  auto session = ctx.store.FindSession(id_hash);
  if (!session) {
    if (session.error().code == ErrorCode::kNotFound) return p;
    return std::unexpected(session.error());
  }
  const int64_t max_age = ctx.config.desk.session_max_hours * 3600;
  if (session->expires_at <= ctx.now || session->created_at + max_age <= ctx.now) return p;
  auto user = ctx.store.GetUser(session->user_id);
  if (!user) {
    if (user.error().code == ErrorCode::kNotFound) return p;
    return std::unexpected(user.error());
  }
  if (user->disabled_at != 0) return p;
  if (ctx.now - session->last_seen_at >= kTouchInterval) {
    const int64_t expires = ctx.now + ctx.config.desk.session_idle_minutes * 60;
    if (auto touched = ctx.store.TouchSession(id_hash, ctx.now, expires); !touched) {
      spdlog::warn("desk: could not extend a session: {}", touched.error().message);
    } else {
      session->last_seen_at = ctx.now;
      session->expires_at = expires;
    }
  }
  user->password_hash.clear();
  p.kind = Principal::Kind::kSession;
  p.role = user->role;
  p.actor = user->email;
  p.user = std::move(*user);
  p.session = std::move(*session);
  return p;
}

}  // namespace

std::string SessionCookieName(const Config& config) {
  return config.SecureCookies() ? "__Host-herald_session" : "herald_session";
}

std::optional<std::string_view> CookieValue(const Request& request, std::string_view name) {
  for (const auto& [header, value] : request.headers) {
    if (header != "cookie") continue;
    for (std::string_view pair : Split(value, ';')) {
      pair = Trim(pair);
      size_t eq = pair.find('=');
      if (eq == std::string_view::npos) continue;
      if (Trim(pair.substr(0, eq)) == name) return Trim(pair.substr(eq + 1));
    }
  }
  return std::nullopt;
}

std::string SetCookie(const Config& config, std::string_view name, std::string_view value,
                      int64_t max_age) {
  std::string c = std::string(name) + "=" + std::string(value) +
                  "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
  if (config.SecureCookies()) c += "; Secure";
  return c;
}

Result<Principal> Identify(const HandlerContext& ctx, const Request& request) {
  if (std::string_view auth = request.Header("authorization"); !auth.empty()) {
    return FromToken(ctx, auth);
  }
  if (auto secret = CookieValue(request, SessionCookieName(ctx.config))) {
    return FromSession(ctx, *secret);
  }
  return Principal{};
}

bool CsrfMatches(const Session& session, const Request& request, std::string_view form_token) {
  std::string_view sent = request.Header("x-csrf-token");
  if (sent.empty()) sent = form_token;
  return SameSecret(sent, session.csrf_token);
}

std::expected<Principal, Response> RequireSignedIn(const HandlerContext& ctx,
                                                   const Request& request) {
  auto who = Identify(ctx, request);
  if (!who) return std::unexpected(FromError(who.error()));
  if (!who->signed_in()) return std::unexpected(Unauthorized());
  if (who->kind == Principal::Kind::kSession && IsStateChanging(request.method) &&
      !CsrfMatches(who->session, request)) {
    return std::unexpected(
        ApiError(403, "csrf",
                 "this request needs the desk's CSRF token in the X-CSRF-Token header; "
                 "reload the desk and try again"));
  }
  return std::move(*who);
}

std::expected<Principal, Response> Authorize(const HandlerContext& ctx, const Request& request,
                                             Permission permission) {
  auto who = RequireSignedIn(ctx, request);
  if (!who) return who;
  if (!who->Can(permission)) return std::unexpected(Forbidden(permission));
  return who;
}

Response Forbidden(Permission permission) {
  return ApiError(
      403, "forbidden",
      "your role does not allow this (it needs " + std::string(PermissionName(permission)) + ")");
}

std::string AddressHash(const HandlerContext& ctx, const Request& request) {
  if (ctx.keys == nullptr || request.client_address.empty()) return "";
  return KeyedHash(ctx.keys->address_key, "ip\n" + request.client_address);
}

void Audit(const HandlerContext& ctx, const Request& request, const std::string& actor,
           std::string_view action, std::string_view target, std::string_view detail) {
  AuditEntry e;
  e.at = ctx.now;
  e.actor = actor;
  e.action = std::string(action);
  e.target = std::string(target);
  e.detail = std::string(detail.substr(0, 500));
  e.ip_hash = AddressHash(ctx, request);
  if (auto ok = ctx.store.AppendAudit(e); !ok) {
    spdlog::error("audit: could not record {} {} by {}: {}", action, target, actor,
                  ok.error().message);
  }
}

}  // namespace herald
