#include "store/sqlite/sqlite_accounts.h"

#include <algorithm>

namespace herald::sqlite {
namespace {

constexpr const char* kUserColumns =
    "id, email, name, role, password_hash, created_at, COALESCE(password_changed_at, 0), "
    "COALESCE(disabled_at, 0)";

User ReadUser(const Stmt& s) {
  User u;
  u.id = s.Int(0);
  u.email = s.Text(1);
  u.name = s.Text(2);
  // The CHECK constraint allows only the four names; were another to
  // appear, the least powerful role is the safe reading.
  u.role = ParseRole(s.Text(3)).value_or(Role::kReporter);
  u.password_hash = s.Text(4);
  u.created_at = s.Int(5);
  u.password_changed_at = s.Int(6);
  u.disabled_at = s.Int(7);
  return u;
}

// Binds a hash that may be empty: "" is stored as NULL, which reads back as "".
void BindHashOrNull(Stmt& s, int index, const std::string& hash) {
  if (hash.empty()) {
    s.BindNull(index);
  } else {
    s.BindBlob(index, hash);
  }
}

}  // namespace

Result<User> CreateUser(Connection& c, const User& user) {
  HERALD_RETURN_IF_ERROR(ValidateUser(user));
  {
    auto taken = c.Prepare("SELECT 1 FROM users WHERE email = ?1");
    if (!taken) return std::unexpected(taken.error());
    (*taken)->Bind(1, user.email);
    auto row = (*taken)->Step();
    if (!row) return std::unexpected(row.error());
    if (*row) return Fail(ErrorCode::kConflict, "a user with that email exists");
  }
  auto stmt = c.Prepare(
      "INSERT INTO users (email, name, role, password_hash, created_at, password_changed_at, "
      "disabled_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!stmt) return std::unexpected(stmt.error());
  Stmt& s = **stmt;
  s.Bind(1, user.email);
  s.Bind(2, user.name);
  s.Bind(3, RoleName(user.role));
  s.Bind(4, user.password_hash);
  s.Bind(5, user.created_at);
  s.BindOrNull(6, user.password_changed_at);
  s.BindOrNull(7, user.disabled_at);
  HERALD_RETURN_IF_ERROR(s.Run());
  User stored = user;
  stored.id = c.LastInsertId();
  return stored;
}

Result<User> GetUser(Connection& c, UserId id) {
  auto stmt = c.Prepare(std::string("SELECT ") + kUserColumns + " FROM users WHERE id = ?1");
  if (!stmt) return std::unexpected(stmt.error());
  (*stmt)->Bind(1, id);
  auto row = (*stmt)->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return Fail(ErrorCode::kNotFound, "user " + std::to_string(id) + " not found");
  return ReadUser(**stmt);
}

Result<User> FindUserByEmail(Connection& c, const std::string& email) {
  // Emails are stored normalised; a caller that forgot to normalise still
  // finds the user, and text that is no address finds no one.
  auto normalised = NormaliseEmail(email);
  if (!normalised || normalised->empty()) return Fail(ErrorCode::kNotFound, "no such user");
  auto stmt = c.Prepare(std::string("SELECT ") + kUserColumns + " FROM users WHERE email = ?1");
  if (!stmt) return std::unexpected(stmt.error());
  (*stmt)->Bind(1, *normalised);
  auto row = (*stmt)->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return Fail(ErrorCode::kNotFound, "no such user");
  return ReadUser(**stmt);
}

Result<std::vector<User>> ListUsers(Connection& c) {
  auto stmt = c.Prepare(std::string("SELECT ") + kUserColumns + " FROM users ORDER BY email");
  if (!stmt) return std::unexpected(stmt.error());
  std::vector<User> out;
  while (true) {
    auto row = (*stmt)->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return out;
    out.push_back(ReadUser(**stmt));
  }
}

Result<User> UpdateUser(Connection& c, const User& user) {
  {
    auto stmt = c.Prepare(
        "UPDATE users SET name = ?2, role = ?3, password_hash = ?4, password_changed_at = ?5, "
        "disabled_at = ?6 WHERE id = ?1");
    if (!stmt) return std::unexpected(stmt.error());
    Stmt& s = **stmt;
    s.Bind(1, user.id);
    s.Bind(2, user.name);
    s.Bind(3, RoleName(user.role));
    s.Bind(4, user.password_hash);
    s.BindOrNull(5, user.password_changed_at);
    s.BindOrNull(6, user.disabled_at);
    HERALD_RETURN_IF_ERROR(s.Run());
  }
  if (c.Changes() == 0) {
    return Fail(ErrorCode::kNotFound, "user " + std::to_string(user.id) + " not found");
  }
  return GetUser(c, user.id);
}

Result<void> CreateSession(Connection& c, const Session& session) {
  {
    // Checked first so that a missing user is not reported as a clash.
    auto user = c.Prepare("SELECT 1 FROM users WHERE id = ?1");
    if (!user) return std::unexpected(user.error());
    (*user)->Bind(1, session.user_id);
    auto row = (*user)->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) {
      return Fail(ErrorCode::kInvalidArgument,
                  "user " + std::to_string(session.user_id) + " does not exist");
    }
  }
  auto stmt = c.Prepare(
      "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, "
      "ip_hash, user_agent) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING");
  if (!stmt) return std::unexpected(stmt.error());
  Stmt& s = **stmt;
  s.BindBlob(1, session.id_hash);
  s.Bind(2, session.user_id);
  s.Bind(3, session.csrf_token);
  s.Bind(4, session.created_at);
  s.Bind(5, session.last_seen_at);
  s.Bind(6, session.expires_at);
  BindHashOrNull(s, 7, session.ip_hash);
  s.Bind(8, session.user_agent);
  HERALD_RETURN_IF_ERROR(s.Run());
  if (c.Changes() == 0) return Fail(ErrorCode::kConflict, "the session exists");
  return {};
}

Result<Session> FindSession(Connection& c, const std::string& id_hash) {
  auto stmt = c.Prepare(
      "SELECT id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, ip_hash, "
      "user_agent FROM sessions WHERE id_hash = ?1");
  if (!stmt) return std::unexpected(stmt.error());
  (*stmt)->BindBlob(1, id_hash);
  auto row = (*stmt)->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return Fail(ErrorCode::kNotFound, "no such session");
  const Stmt& s = **stmt;
  return Session{s.Blob(0), s.Int(1), s.Text(2), s.Int(3),
                 s.Int(4),  s.Int(5), s.Blob(6), s.Text(7)};
}

Result<void> TouchSession(Connection& c, const std::string& id_hash, UnixTime last_seen_at,
                          UnixTime expires_at) {
  auto stmt =
      c.Prepare("UPDATE sessions SET last_seen_at = ?2, expires_at = ?3 WHERE id_hash = ?1");
  if (!stmt) return std::unexpected(stmt.error());
  (*stmt)->BindBlob(1, id_hash);
  (*stmt)->Bind(2, last_seen_at);
  (*stmt)->Bind(3, expires_at);
  HERALD_RETURN_IF_ERROR((*stmt)->Run());
  if (c.Changes() == 0) return Fail(ErrorCode::kNotFound, "no such session");
  return {};
}

Result<void> DeleteSession(Connection& c, const std::string& id_hash) {
  auto stmt = c.Prepare("DELETE FROM sessions WHERE id_hash = ?1");
  if (!stmt) return std::unexpected(stmt.error());
  (*stmt)->BindBlob(1, id_hash);
  return (*stmt)->Run();
}

Result<int> DeleteUserSessions(Connection& c, UserId user_id, const std::string& keep_id_hash) {
  // IS NOT: with no session to keep (NULL), every session goes.
  auto stmt = c.Prepare("DELETE FROM sessions WHERE user_id = ?1 AND id_hash IS NOT ?2");
  if (!stmt) return std::unexpected(stmt.error());
  (*stmt)->Bind(1, user_id);
  BindHashOrNull(**stmt, 2, keep_id_hash);
  HERALD_RETURN_IF_ERROR((*stmt)->Run());
  return c.Changes();
}

Result<void> RecordAttempt(Connection& c, const std::string& bucket, UnixTime at) {
  auto stmt = c.Prepare("INSERT INTO attempts (bucket, at) VALUES (?1, ?2)");
  if (!stmt) return std::unexpected(stmt.error());
  (*stmt)->Bind(1, bucket);
  (*stmt)->Bind(2, at);
  return (*stmt)->Run();
}

Result<std::pair<int, UnixTime>> CountAttempts(Connection& c, const std::string& bucket,
                                               UnixTime since) {
  auto stmt = c.Prepare(
      "SELECT COUNT(*), COALESCE(MIN(at), 0) FROM attempts WHERE bucket = ?1 AND at >= ?2");
  if (!stmt) return std::unexpected(stmt.error());
  (*stmt)->Bind(1, bucket);
  (*stmt)->Bind(2, since);
  auto row = (*stmt)->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::pair<int, UnixTime>{0, 0};
  return std::pair<int, UnixTime>{static_cast<int>((*stmt)->Int(0)), (*stmt)->Int(1)};
}

Result<void> ClearAttempts(Connection& c, const std::string& bucket) {
  auto stmt = c.Prepare(
      "DELETE FROM attempts WHERE bucket = ?1 "
      "OR (bucket >= ?1 || char(10) AND bucket < ?1 || char(11))");  // A range: the index serves
                                                                     // it.
  if (!stmt) return std::unexpected(stmt.error());
  (*stmt)->Bind(1, bucket);
  return (*stmt)->Run();
}

Result<AuditEntry> AppendAudit(Connection& c, const AuditEntry& entry) {
  auto stmt = c.Prepare(
      "INSERT INTO audit_log (at, actor, action, target, detail, ip_hash) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!stmt) return std::unexpected(stmt.error());
  Stmt& s = **stmt;
  s.Bind(1, entry.at);
  s.Bind(2, entry.actor);
  s.Bind(3, entry.action);
  s.Bind(4, entry.target);
  s.Bind(5, entry.detail);
  BindHashOrNull(s, 6, entry.ip_hash);
  HERALD_RETURN_IF_ERROR(s.Run());
  AuditEntry stored = entry;
  stored.id = c.LastInsertId();
  return stored;
}

Result<std::vector<AuditEntry>> ListAudit(Connection& c, const std::string& actor,
                                          const std::string& action_prefix,
                                          const std::string& target, int64_t before_id, int limit) {
  // One statement text per combination of filters, so that each uses the
  // index that fits it (by actor, by target, or the log itself by id).
  std::string sql = "SELECT id, at, actor, action, target, detail, ip_hash FROM audit_log WHERE 1";
  if (!actor.empty()) sql += " AND actor = ?1";
  // An exact prefix (text on both sides, so substr and length both count
  // characters), with no LIKE wildcards to escape.
  if (!action_prefix.empty()) sql += " AND substr(action, 1, length(?2)) = ?2";
  if (!target.empty()) sql += " AND target = ?3";
  if (before_id > 0) sql += " AND id < ?4";
  sql += " ORDER BY id DESC LIMIT ?5";
  auto stmt = c.Prepare(sql);
  if (!stmt) return std::unexpected(stmt.error());
  Stmt& s = **stmt;
  if (!actor.empty()) s.Bind(1, actor);
  if (!action_prefix.empty()) s.Bind(2, action_prefix);
  if (!target.empty()) s.Bind(3, target);
  if (before_id > 0) s.Bind(4, before_id);
  s.Bind(5, static_cast<int64_t>(std::clamp(limit, 1, 500)));
  std::vector<AuditEntry> out;
  while (true) {
    auto row = s.Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return out;
    out.push_back(
        AuditEntry{s.Int(0), s.Int(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Blob(6)});
  }
}

Result<void> PruneAccounts(Connection& c, UnixTime now, UnixTime attempts_before) {
  {
    auto sessions = c.Prepare("DELETE FROM sessions WHERE expires_at < ?1");
    if (!sessions) return std::unexpected(sessions.error());
    (*sessions)->Bind(1, now);
    HERALD_RETURN_IF_ERROR((*sessions)->Run());
  }
  auto attempts = c.Prepare("DELETE FROM attempts WHERE at < ?1");
  if (!attempts) return std::unexpected(attempts.error());
  (*attempts)->Bind(1, attempts_before);
  return (*attempts)->Run();
}

}  // namespace herald::sqlite
