// The comment half of SqliteStore: each function runs on a borrowed
// connection, inside whatever transaction the caller opened.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/sqlite/sqlite_db.h"
#include "store/store.h"

namespace herald::sqlite {

Result<CommenterRecord> FindCommenter(Connection& c, const std::string& commenter_key,
                                      UnixTime recent_since);
// Needs a write transaction.
Result<Comment> CreateComment(Connection& c, const CommentDraft& draft);
Result<Comment> GetComment(Connection& c, CommentId id);
Result<std::vector<Comment>> ListComments(Connection& c, const CommentQuery& query);
Result<std::vector<std::pair<NewsId, int>>> CountPublishedComments(Connection& c,
                                                                   const std::vector<NewsId>& ids);
// Needs a write transaction.
Result<Comment> DecideComment(Connection& c, const CommentDecision& decision);
Result<std::vector<CommentEvent>> CommentHistory(Connection& c, CommentId id);
// Needs a write transaction.
Result<int> ReportComment(Connection& c, CommentId id, const std::string& reporter_hash,
                          UnixTime at);
// Needs a write transaction.
Result<int> ForgetCommenter(Connection& c, const std::string& email_hash);
Result<std::vector<ModerationLabel>> ListModerationLabels(Connection& c);
Result<CommenterRecord> GetCommenter(Connection& c, int64_t commenter_id);
// Needs a write transaction.
Result<CommenterRecord> SanctionCommenter(Connection& c, int64_t commenter_id,
                                          const CommenterSanction& sanction);
Result<std::vector<QueueItem>> ListQueue(Connection& c, const QueueQuery& query);
Result<QueueCounts> CountQueues(Connection& c, const std::optional<std::string>& edition);
Result<std::string> CommentStatusKeyHash(Connection& c, CommentId id);
// Needs a write transaction.
Result<Comment> AppealComment(Connection& c, CommentId id, const std::string& text, UnixTime at);
// Needs a write transaction.
Result<std::string> GetOrCreateSecret(Connection& c, const std::string& name,
                                      const std::string& candidate);

}  // namespace herald::sqlite
