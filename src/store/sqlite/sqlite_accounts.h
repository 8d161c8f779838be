// The desk's half of SqliteStore (store.h, "Desk users and sessions",
// "Attempt counters", "Audit log"): each function runs on a borrowed
// connection, inside whatever transaction the caller opened.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "store/sqlite/sqlite_db.h"
#include "store/store.h"

namespace herald::sqlite {

// Needs a write transaction.
Result<User> CreateUser(Connection& c, const User& user);
Result<User> GetUser(Connection& c, UserId id);
Result<User> FindUserByEmail(Connection& c, const std::string& email);
Result<std::vector<User>> ListUsers(Connection& c);
// Needs a write transaction.
Result<User> UpdateUser(Connection& c, const User& user);

// Needs a write transaction.
Result<void> CreateSession(Connection& c, const Session& session);
Result<Session> FindSession(Connection& c, const std::string& id_hash);
// Needs a write transaction.
Result<void> TouchSession(Connection& c, const std::string& id_hash, UnixTime last_seen_at,
                          UnixTime expires_at);
// Needs a write transaction.
Result<void> DeleteSession(Connection& c, const std::string& id_hash);
// Needs a write transaction.
Result<int> DeleteUserSessions(Connection& c, UserId user_id, const std::string& keep_id_hash);

// Needs a write transaction.
Result<void> RecordAttempt(Connection& c, const std::string& bucket, UnixTime at);
Result<std::pair<int, UnixTime>> CountAttempts(Connection& c, const std::string& bucket,
                                               UnixTime since);
// Needs a write transaction.
Result<void> ClearAttempts(Connection& c, const std::string& bucket);

// Needs a write transaction.
Result<AuditEntry> AppendAudit(Connection& c, const AuditEntry& entry);
Result<std::vector<AuditEntry>> ListAudit(Connection& c, const std::string& actor,
                                          const std::string& action_prefix,
                                          const std::string& target, int64_t before_id, int limit);

// Deletes the sessions expired before `now` and the attempts older than
// `attempts_before`. Needs a write transaction.
Result<void> PruneAccounts(Connection& c, UnixTime now, UnixTime attempts_before);

}  // namespace herald::sqlite
