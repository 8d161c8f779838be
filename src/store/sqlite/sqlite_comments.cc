#include "store/sqlite/sqlite_comments.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <optional>
#include <string_view>

namespace herald::sqlite {
namespace {

// Qualified, so that queries joining articles and commenters can use them.
constexpr const char* kCommentColumns =
    "comments.id, comments.article_id, COALESCE(comments.parent_id, 0), comments.commenter_id, "
    "comments.name, comments.body, comments.status, comments.created_at, comments.updated_at, "
    "comments.language, comments.abuse, comments.insult, comments.identity_attack, "
    "comments.threat, comments.obscenity, comments.findings, comments.ip_hash, comments.reports, "
    "comments.risk, comments.appeal_state, comments.appeal_text, "
    "COALESCE(comments.appealed_at, 0)";
constexpr int kCommentColumnCount = 22;

// A commenter's record (commenters cm) with the counts taken from their
// comments: the first one's time and how many are held.
constexpr const char* kCommenterColumns =
    "cm.id, cm.approved, cm.rejected, cm.premoderate, cm.banned_until, cm.warnings, "
    "cm.last_warning, "
    "(SELECT COALESCE(MIN(created_at), 0) FROM comments WHERE commenter_id = cm.id), "
    "(SELECT COUNT(*) FROM comments WHERE commenter_id = cm.id AND status = 'pending')";

std::optional<AppealState> ParseAppealState(std::string_view name) {
  for (AppealState s : {AppealState::kNone, AppealState::kPending, AppealState::kUpheld,
                        AppealState::kOverturned}) {
    if (AppealStateName(s) == name) return s;
  }
  return std::nullopt;
}

std::string FindingsToJson(const std::vector<Finding>& findings) {
  nlohmann::json out = nlohmann::json::array();
  for (const Finding& f : findings) {
    nlohmann::json spans = nlohmann::json::array();
    for (const Span& s : f.spans) spans.push_back({s.begin, s.end});
    out.push_back({{"reason", ReasonCode(f.reason)},
                   {"outcome", StatusName(f.outcome)},
                   {"detail", f.detail},
                   {"spans", spans}});
  }
  return out.dump();
}

std::vector<Finding> FindingsFromJson(const std::string& text) {
  std::vector<Finding> out;
  nlohmann::json parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_array()) return out;
  for (const auto& item : parsed) {
    if (!item.is_object()) continue;
    Finding f;
    f.reason = ParseReason(item.value("reason", "")).value_or(Reason::kAbuse);
    f.outcome = ParseCommentStatus(item.value("outcome", "")).value_or(CommentStatus::kPending);
    f.detail = item.value("detail", "");
    if (auto spans = item.find("spans"); spans != item.end() && spans->is_array()) {
      for (const auto& sp : *spans) {
        if (sp.is_array() && sp.size() == 2 && sp[0].is_number_unsigned() &&
            sp[1].is_number_unsigned()) {
          f.spans.push_back(Span{sp[0].get<size_t>(), sp[1].get<size_t>()});
        }
      }
    }
    out.push_back(std::move(f));
  }
  return out;
}

Comment ReadComment(const Stmt& s) {
  Comment c;
  c.id = s.Int(0);
  c.article_id = s.Int(1);
  c.parent_id = s.Int(2);
  c.commenter_id = s.Int(3);
  c.name = s.Text(4);
  c.body = s.Text(5);
  c.status = ParseCommentStatus(s.Text(6)).value_or(CommentStatus::kPending);
  c.created_at = s.Int(7);
  c.updated_at = s.Int(8);
  c.language = s.Text(9);
  c.scores.abuse = static_cast<float>(s.Real(10));
  c.scores.insult = static_cast<float>(s.Real(11));
  c.scores.identity_attack = static_cast<float>(s.Real(12));
  c.scores.threat = static_cast<float>(s.Real(13));
  c.scores.obscenity = static_cast<float>(s.Real(14));
  c.findings = FindingsFromJson(s.Text(15));
  c.ip_hash = s.Blob(16);
  c.reports = static_cast<int>(s.Int(17));
  c.risk = static_cast<float>(s.Real(18));
  c.appeal.state = ParseAppealState(s.Text(19)).value_or(AppealState::kNone);
  c.appeal.text = s.Text(20);
  c.appeal.at = s.Int(21);
  return c;
}

// Reads kCommenterColumns starting at column `first`.
CommenterRecord ReadCommenter(const Stmt& s, int first) {
  CommenterRecord r;
  r.id = s.Int(first);
  r.approved = static_cast<int>(s.Int(first + 1));
  r.rejected = static_cast<int>(s.Int(first + 2));
  r.always_premoderate = s.Int(first + 3) != 0;
  r.banned_until = s.Int(first + 4);
  r.warnings = static_cast<int>(s.Int(first + 5));
  r.last_warning = s.Text(first + 6);
  r.first_seen = s.Int(first + 7);
  r.pending = static_cast<int>(s.Int(first + 8));
  return r;
}

Result<void> AddEvent(Connection& c, CommentId id, UnixTime at, CommentStatus status,
                      std::string_view actor, std::string_view reason, std::string_view note) {
  auto stmt = c.Prepare(
      "INSERT INTO comment_events (comment_id, at, status, actor, reason, note) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  if (!stmt) return std::unexpected(stmt.error());
  (*stmt)->Bind(1, id);
  (*stmt)->Bind(2, at);
  (*stmt)->Bind(3, StatusName(status));
  (*stmt)->Bind(4, actor);
  (*stmt)->Bind(5, reason);
  (*stmt)->Bind(6, note);
  return (*stmt)->Run();
}

// Moves a commenter's published/rejected counts by the change from `from`
// to `to`.
Result<void> AdjustCounts(Connection& c, int64_t commenter_id, std::optional<CommentStatus> from,
                          CommentStatus to) {
  auto delta = [&](CommentStatus s) {
    return static_cast<int64_t>(to == s) - static_cast<int64_t>(from && *from == s);
  };
  int64_t approved = delta(CommentStatus::kPublished);
  int64_t rejected = delta(CommentStatus::kRejected);
  if (approved == 0 && rejected == 0) return {};
  auto stmt = c.Prepare(
      "UPDATE commenters SET approved = MAX(0, approved + ?2), rejected = MAX(0, rejected + ?3) "
      "WHERE id = ?1");
  if (!stmt) return std::unexpected(stmt.error());
  (*stmt)->Bind(1, commenter_id);
  (*stmt)->Bind(2, approved);
  (*stmt)->Bind(3, rejected);
  return (*stmt)->Run();
}

Result<int64_t> UpsertCommenter(Connection& c, const CommentDraft& d) {
  {
    auto find = c.Prepare("SELECT id FROM commenters WHERE key_hash = ?1");
    if (!find) return std::unexpected(find.error());
    (*find)->BindBlob(1, d.commenter_key);
    auto row = (*find)->Step();
    if (!row) return std::unexpected(row.error());
    if (*row) {
      int64_t id = (*find)->Int(0);
      find->reset();
      // Keep the latest name (and email, when given) the commenter used.
      auto upd = c.Prepare(
          "UPDATE commenters SET name = ?2, email = CASE WHEN ?3 = '' THEN email ELSE ?3 END, "
          "email_hash = COALESCE(?4, email_hash) WHERE id = ?1");
      if (!upd) return std::unexpected(upd.error());
      (*upd)->Bind(1, id);
      (*upd)->Bind(2, d.comment.name);
      (*upd)->Bind(3, d.email);
      if (d.email_hash.empty()) {
        (*upd)->BindNull(4);
      } else {
        (*upd)->BindBlob(4, d.email_hash);
      }
      HERALD_RETURN_IF_ERROR((*upd)->Run());
      return id;
    }
  }
  auto ins = c.Prepare(
      "INSERT INTO commenters (key_hash, email, email_hash, name, created_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!ins) return std::unexpected(ins.error());
  (*ins)->BindBlob(1, d.commenter_key);
  (*ins)->Bind(2, d.email);
  if (d.email_hash.empty()) {
    (*ins)->BindNull(3);
  } else {
    (*ins)->BindBlob(3, d.email_hash);
  }
  (*ins)->Bind(4, d.comment.name);
  (*ins)->Bind(5, d.comment.created_at);
  HERALD_RETURN_IF_ERROR((*ins)->Run());
  return c.LastInsertId();
}

Result<void> CheckTarget(Connection& c, const Comment& comment) {
  {
    auto art = c.Prepare("SELECT 1 FROM articles WHERE id = ?1");
    if (!art) return std::unexpected(art.error());
    (*art)->Bind(1, comment.article_id);
    auto row = (*art)->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) {
      return Fail(ErrorCode::kNotFound,
                  "article " + std::to_string(comment.article_id) + " not found");
    }
  }
  if (comment.parent_id == 0) return {};
  auto parent = c.Prepare("SELECT article_id, parent_id FROM comments WHERE id = ?1");
  if (!parent) return std::unexpected(parent.error());
  (*parent)->Bind(1, comment.parent_id);
  auto row = (*parent)->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row || (*parent)->Int(0) != comment.article_id) {
    return Fail(ErrorCode::kInvalidArgument,
                "comment " + std::to_string(comment.parent_id) + " is not on this article");
  }
  if ((*parent)->Int(1) != 0) {
    return Fail(ErrorCode::kInvalidArgument,
                "replies go one level deep: reply to the comment that started the thread");
  }
  return {};
}

}  // namespace

Result<CommenterRecord> FindCommenter(Connection& c, const std::string& commenter_key,
                                      UnixTime recent_since) {
  CommenterRecord r;
  {
    auto stmt = c.Prepare(std::string("SELECT ") + kCommenterColumns +
                          " FROM commenters cm WHERE cm.key_hash = ?1");
    if (!stmt) return std::unexpected(stmt.error());
    (*stmt)->BindBlob(1, commenter_key);
    auto row = (*stmt)->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return Fail(ErrorCode::kNotFound, "new commenter");
    r = ReadCommenter(**stmt, 0);
  }
  auto recent = c.Prepare(
      "SELECT body_hash FROM comments WHERE commenter_id = ?1 AND created_at >= ?2 "
      "ORDER BY created_at DESC LIMIT 200");
  if (!recent) return std::unexpected(recent.error());
  (*recent)->Bind(1, r.id);
  (*recent)->Bind(2, recent_since);
  while (true) {
    auto row = (*recent)->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    r.recent_body_hashes.push_back((*recent)->Text(0));
  }
  return r;
}

Result<Comment> CreateComment(Connection& c, const CommentDraft& d) {
  HERALD_RETURN_IF_ERROR(CheckTarget(c, d.comment));
  auto commenter = UpsertCommenter(c, d);
  if (!commenter) return std::unexpected(commenter.error());
  Comment stored = d.comment;
  stored.commenter_id = *commenter;
  {
    auto stmt = c.Prepare(
        "INSERT INTO comments (article_id, parent_id, commenter_id, name, body, status, "
        "created_at, updated_at, language, abuse, insult, identity_attack, threat, obscenity, "
        "findings, body_hash, ip_hash, risk, status_key_hash) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, "
        "?18)");
    if (!stmt) return std::unexpected(stmt.error());
    Stmt& s = **stmt;
    s.Bind(1, stored.article_id);
    s.BindOrNull(2, stored.parent_id);
    s.Bind(3, stored.commenter_id);
    s.Bind(4, stored.name);
    s.Bind(5, stored.body);
    s.Bind(6, StatusName(stored.status));
    s.Bind(7, stored.created_at);
    s.Bind(8, stored.language);
    s.BindReal(9, stored.scores.abuse);
    s.BindReal(10, stored.scores.insult);
    s.BindReal(11, stored.scores.identity_attack);
    s.BindReal(12, stored.scores.threat);
    s.BindReal(13, stored.scores.obscenity);
    s.Bind(14, FindingsToJson(stored.findings));
    s.Bind(15, d.body_hash);
    s.BindBlob(16, stored.ip_hash);
    s.BindReal(17, stored.risk);
    if (d.status_key_hash.empty()) {
      s.BindNull(18);
    } else {
      s.BindBlob(18, d.status_key_hash);
    }
    HERALD_RETURN_IF_ERROR(s.Run());
    stored.id = c.LastInsertId();
    stored.updated_at = stored.created_at;
    // A new comment has nothing to appeal yet, whatever the draft said.
    stored.appeal = Appeal{};
  }
  std::string reasons;
  for (const Finding& f : stored.findings) {
    if (!reasons.empty()) reasons += ",";
    reasons += ReasonCode(f.reason);
  }
  HERALD_RETURN_IF_ERROR(
      AddEvent(c, stored.id, stored.created_at, stored.status, "screening", reasons, ""));
  HERALD_RETURN_IF_ERROR(AdjustCounts(c, stored.commenter_id, std::nullopt, stored.status));
  return stored;
}

Result<Comment> GetComment(Connection& c, CommentId id) {
  auto stmt = c.Prepare(std::string("SELECT ") + kCommentColumns + " FROM comments WHERE id = ?1");
  if (!stmt) return std::unexpected(stmt.error());
  (*stmt)->Bind(1, id);
  auto row = (*stmt)->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return Fail(ErrorCode::kNotFound, "comment " + std::to_string(id) + " not found");
  return ReadComment(**stmt);
}

Result<std::vector<Comment>> ListComments(Connection& c, const CommentQuery& q) {
  std::string sql = std::string("SELECT ") + kCommentColumns + " FROM comments WHERE 1 = 1";
  if (q.article_id) sql += " AND article_id = ?1";
  if (q.commenter_id) sql += " AND commenter_id = ?5";
  if (q.status) sql += " AND status = ?2";
  sql +=
      q.newest_first ? " ORDER BY id DESC LIMIT ?3 OFFSET ?4" : " ORDER BY id LIMIT ?3 OFFSET ?4";
  auto stmt = c.Prepare(sql);
  if (!stmt) return std::unexpected(stmt.error());
  Stmt& s = **stmt;
  if (q.article_id) s.Bind(1, *q.article_id);
  if (q.commenter_id) s.Bind(5, *q.commenter_id);
  if (q.status) s.Bind(2, StatusName(*q.status));
  s.Bind(3, static_cast<int64_t>(std::clamp(q.limit, 1, 500)));
  s.Bind(4, static_cast<int64_t>(std::max(q.offset, 0)));
  std::vector<Comment> out;
  while (true) {
    auto row = s.Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    out.push_back(ReadComment(s));
  }
  return out;
}

Result<std::vector<std::pair<NewsId, int>>> CountPublishedComments(Connection& c,
                                                                   const std::vector<NewsId>& ids) {
  std::vector<std::pair<NewsId, int>> out;
  auto stmt =
      c.Prepare("SELECT COUNT(*) FROM comments WHERE article_id = ?1 AND status = 'published'");
  if (!stmt) return std::unexpected(stmt.error());
  for (NewsId id : ids) {
    (*stmt)->Bind(1, id);
    auto row = (*stmt)->Step();
    if (!row) return std::unexpected(row.error());
    int n = *row ? static_cast<int>((*stmt)->Int(0)) : 0;
    (*stmt)->Reset();
    if (n > 0) out.emplace_back(id, n);
  }
  return out;
}

Result<Comment> DecideComment(Connection& c, const CommentDecision& d) {
  auto before = GetComment(c, d.id);
  if (!before) return before;
  // A decision on a comment whose appeal is pending settles the appeal:
  // publishing overturns the rejection, rejecting again upholds it. (A
  // move back to pending leaves the appeal waiting.)
  AppealState appeal = before->appeal.state;
  if (appeal == AppealState::kPending) {
    if (d.status == CommentStatus::kPublished) appeal = AppealState::kOverturned;
    if (d.status == CommentStatus::kRejected) appeal = AppealState::kUpheld;
  }
  {
    auto stmt = c.Prepare(
        "UPDATE comments SET status = ?2, updated_at = ?3, appeal_state = ?4, reports = 0 "
        "WHERE id = ?1");
    if (!stmt) return std::unexpected(stmt.error());
    (*stmt)->Bind(1, d.id);
    (*stmt)->Bind(2, StatusName(d.status));
    (*stmt)->Bind(3, d.at);
    (*stmt)->Bind(4, AppealStateName(appeal));
    HERALD_RETURN_IF_ERROR((*stmt)->Run());
  }
  HERALD_RETURN_IF_ERROR(AddEvent(c, d.id, d.at, d.status, d.actor, d.reason, d.note));
  HERALD_RETURN_IF_ERROR(AdjustCounts(c, before->commenter_id, before->status, d.status));
  if (d.status != CommentStatus::kPending) {
    auto label = c.Prepare(
        "INSERT INTO moderation_labels (comment_id, abusive, reason, decided_at) "
        "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (comment_id) DO UPDATE SET abusive = ?2, "
        "reason = ?3, decided_at = ?4");
    if (!label) return std::unexpected(label.error());
    (*label)->Bind(1, d.id);
    (*label)->Bind(2, static_cast<int64_t>(d.status == CommentStatus::kRejected));
    (*label)->Bind(3, d.reason);
    (*label)->Bind(4, d.at);
    HERALD_RETURN_IF_ERROR((*label)->Run());
  }
  Comment after = std::move(*before);
  after.status = d.status;
  after.updated_at = d.at;
  after.appeal.state = appeal;
  after.reports = 0;
  return after;
}

Result<std::vector<CommentEvent>> CommentHistory(Connection& c, CommentId id) {
  auto stmt = c.Prepare(
      "SELECT at, status, actor, reason, note FROM comment_events WHERE comment_id = ?1 "
      "ORDER BY id");
  if (!stmt) return std::unexpected(stmt.error());
  (*stmt)->Bind(1, id);
  std::vector<CommentEvent> out;
  while (true) {
    auto row = (*stmt)->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    Stmt& s = **stmt;
    out.push_back(CommentEvent{s.Int(0),
                               ParseCommentStatus(s.Text(1)).value_or(CommentStatus::kPending),
                               s.Text(2), s.Text(3), s.Text(4)});
  }
  return out;
}

Result<int> ReportComment(Connection& c, CommentId id, const std::string& reporter_hash,
                          UnixTime at) {
  {
    auto exists = GetComment(c, id);
    if (!exists) return std::unexpected(exists.error());
  }
  {
    auto ins = c.Prepare(
        "INSERT INTO comment_reports (comment_id, reporter_hash, at) VALUES (?1, ?2, ?3) "
        "ON CONFLICT DO NOTHING");
    if (!ins) return std::unexpected(ins.error());
    (*ins)->Bind(1, id);
    (*ins)->BindBlob(2, reporter_hash);
    (*ins)->Bind(3, at);
    HERALD_RETURN_IF_ERROR((*ins)->Run());
    if (c.Changes() == 0) return Fail(ErrorCode::kConflict, "already reported");
  }
  auto upd = c.Prepare("UPDATE comments SET reports = reports + 1 WHERE id = ?1 RETURNING reports");
  if (!upd) return std::unexpected(upd.error());
  (*upd)->Bind(1, id);
  auto row = (*upd)->Step();
  if (!row) return std::unexpected(row.error());
  int reports = *row ? static_cast<int>((*upd)->Int(0)) : 0;
  upd->reset();
  return reports;
}

Result<int> ForgetCommenter(Connection& c, const std::string& email_hash) {
  int deleted = 0;
  {
    auto count = c.Prepare(
        "SELECT COUNT(*) FROM comments WHERE commenter_id IN "
        "(SELECT id FROM commenters WHERE email_hash = ?1)");
    if (!count) return std::unexpected(count.error());
    (*count)->BindBlob(1, email_hash);
    auto row = (*count)->Step();
    if (!row) return std::unexpected(row.error());
    deleted = *row ? static_cast<int>((*count)->Int(0)) : 0;
  }
  // Comments, their replies, history, reports and labels go by cascade.
  auto del = c.Prepare("DELETE FROM commenters WHERE email_hash = ?1");
  if (!del) return std::unexpected(del.error());
  (*del)->BindBlob(1, email_hash);
  HERALD_RETURN_IF_ERROR((*del)->Run());
  if (c.Changes() == 0) return Fail(ErrorCode::kNotFound, "no commenter with that email");
  return deleted;
}

Result<std::vector<ModerationLabel>> ListModerationLabels(Connection& c) {
  auto stmt = c.Prepare(
      "SELECT l.comment_id, a.edition, c.body, l.abusive, l.reason, l.decided_at "
      "FROM moderation_labels l JOIN comments c ON c.id = l.comment_id "
      "JOIN articles a ON a.id = c.article_id ORDER BY l.decided_at, l.comment_id");
  if (!stmt) return std::unexpected(stmt.error());
  std::vector<ModerationLabel> out;
  while (true) {
    auto row = (*stmt)->Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    Stmt& s = **stmt;
    out.push_back(
        ModerationLabel{s.Int(0), s.Text(1), s.Text(2), s.Int(3) != 0, s.Text(4), s.Int(5)});
  }
  return out;
}

Result<CommenterRecord> GetCommenter(Connection& c, int64_t commenter_id) {
  auto stmt = c.Prepare(std::string("SELECT ") + kCommenterColumns +
                        " FROM commenters cm WHERE cm.id = ?1");
  if (!stmt) return std::unexpected(stmt.error());
  (*stmt)->Bind(1, commenter_id);
  auto row = (*stmt)->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) {
    return Fail(ErrorCode::kNotFound, "commenter " + std::to_string(commenter_id) + " not found");
  }
  return ReadCommenter(**stmt, 0);
}

Result<CommenterRecord> SanctionCommenter(Connection& c, int64_t commenter_id,
                                          const CommenterSanction& sanction) {
  {
    // NULL leaves a column as it is: one statement for every combination.
    auto stmt = c.Prepare(
        "UPDATE commenters SET banned_until = COALESCE(?2, banned_until), "
        "premoderate = COALESCE(?3, premoderate), "
        "warnings = warnings + (?4 IS NOT NULL), last_warning = COALESCE(?4, last_warning) "
        "WHERE id = ?1");
    if (!stmt) return std::unexpected(stmt.error());
    Stmt& s = **stmt;
    s.Bind(1, commenter_id);
    if (sanction.banned_until) {
      s.Bind(2, std::max<UnixTime>(*sanction.banned_until, 0));
    } else {
      s.BindNull(2);
    }
    if (sanction.always_premoderate) {
      s.Bind(3, static_cast<int64_t>(*sanction.always_premoderate));
    } else {
      s.BindNull(3);
    }
    if (sanction.warning) {
      s.Bind(4, *sanction.warning);
    } else {
      s.BindNull(4);
    }
    HERALD_RETURN_IF_ERROR(s.Run());
  }
  if (c.Changes() == 0) {
    return Fail(ErrorCode::kNotFound, "commenter " + std::to_string(commenter_id) + " not found");
  }
  return GetCommenter(c, commenter_id);
}

Result<std::vector<QueueItem>> ListQueue(Connection& c, const QueueQuery& q) {
  // Each queue's condition is written as its partial index (migration 6)
  // is, so that the index serves both the condition and the order.
  std::string sql = std::string("SELECT ") + kCommentColumns +
                    ", a.id, a.edition, a.section, a.headline, a.slug, a.status, "
                    "COALESCE(a.published_at, 0), COALESCE(a.comment_mode, ''), " +
                    kCommenterColumns +
                    " FROM comments JOIN articles a ON a.id = comments.article_id "
                    "JOIN commenters cm ON cm.id = comments.commenter_id WHERE ";
  switch (q.kind) {
    case QueueKind::kHeld:
      sql += "comments.status = 'pending'";
      break;
    case QueueKind::kReported:
      sql += "comments.status = 'published' AND comments.reports > 0";
      break;
    case QueueKind::kAppeals:
      sql += "comments.appeal_state = 'pending' AND comments.status = 'rejected'";
      break;
  }
  if (q.edition) sql += " AND a.edition = ?1";
  switch (q.kind) {
    case QueueKind::kHeld:
      sql += " ORDER BY comments.risk DESC, comments.created_at, comments.id";
      break;
    case QueueKind::kReported:
      sql += " ORDER BY comments.reports DESC, comments.risk DESC, comments.id";
      break;
    case QueueKind::kAppeals:
      sql += " ORDER BY comments.appealed_at, comments.id";
      break;
  }
  sql += " LIMIT ?2 OFFSET ?3";
  auto stmt = c.Prepare(sql);
  if (!stmt) return std::unexpected(stmt.error());
  Stmt& s = **stmt;
  if (q.edition) s.Bind(1, *q.edition);
  s.Bind(2, static_cast<int64_t>(std::clamp(q.limit, 1, 500)));
  s.Bind(3, static_cast<int64_t>(std::max(q.offset, 0)));
  std::vector<QueueItem> out;
  while (true) {
    auto row = s.Step();
    if (!row) return std::unexpected(row.error());
    if (!*row) return out;
    QueueItem item;
    item.comment = ReadComment(s);
    constexpr int kArticleColumn = kCommentColumnCount;
    item.article.id = s.Int(kArticleColumn);
    item.article.edition = s.Text(kArticleColumn + 1);
    item.article.section = s.Text(kArticleColumn + 2);
    item.article.headline = s.Text(kArticleColumn + 3);
    item.article.slug = s.Text(kArticleColumn + 4);
    item.article.status = ParseStatus(s.Text(kArticleColumn + 5)).value_or(ArticleStatus::kDraft);
    item.article.published_at = s.Int(kArticleColumn + 6);
    item.article.comment_mode = ParseCommentMode(s.Text(kArticleColumn + 7));
    item.commenter = ReadCommenter(s, kArticleColumn + 8);
    out.push_back(std::move(item));
  }
}

Result<QueueCounts> CountQueues(Connection& c, const std::optional<std::string>& edition) {
  // The same conditions as ListQueue's, so that the same indexes serve them.
  const std::string from =
      edition ? " FROM comments JOIN articles a ON a.id = comments.article_id AND a.edition = ?1"
              : " FROM comments";
  auto stmt = c.Prepare("SELECT (SELECT COUNT(*)" + from +
                        " WHERE comments.status = 'pending'), (SELECT COUNT(*)" + from +
                        " WHERE comments.status = 'published' AND comments.reports > 0), "
                        "(SELECT COUNT(*)" +
                        from +
                        " WHERE comments.appeal_state = 'pending' AND comments.status = "
                        "'rejected')");
  if (!stmt) return std::unexpected(stmt.error());
  if (edition) (*stmt)->Bind(1, *edition);
  auto row = (*stmt)->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return QueueCounts{};
  return QueueCounts{static_cast<int>((*stmt)->Int(0)), static_cast<int>((*stmt)->Int(1)),
                     static_cast<int>((*stmt)->Int(2))};
}

Result<std::string> CommentStatusKeyHash(Connection& c, CommentId id) {
  auto stmt = c.Prepare("SELECT status_key_hash FROM comments WHERE id = ?1");
  if (!stmt) return std::unexpected(stmt.error());
  (*stmt)->Bind(1, id);
  auto row = (*stmt)->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return Fail(ErrorCode::kNotFound, "comment " + std::to_string(id) + " not found");
  return (*stmt)->Blob(0);
}

Result<Comment> AppealComment(Connection& c, CommentId id, const std::string& text, UnixTime at) {
  auto comment = GetComment(c, id);
  if (!comment) return comment;
  // Appealed before comes first: a comment whose appeal overturned its
  // rejection is published now, and the answer it needs is "once only".
  if (comment->appeal.state != AppealState::kNone) {
    return Fail(ErrorCode::kConflict, "comment " + std::to_string(id) + " was appealed before");
  }
  if (comment->status != CommentStatus::kRejected) {
    return Fail(ErrorCode::kInvalidArgument, "only a rejected comment can be appealed; comment " +
                                                 std::to_string(id) + " is " +
                                                 std::string(StatusName(comment->status)));
  }
  // Not UPDATE OF status: the change log's trigger stays silent, as readers
  // see nothing new.
  auto stmt = c.Prepare(
      "UPDATE comments SET appeal_state = 'pending', appeal_text = ?2, appealed_at = ?3 "
      "WHERE id = ?1 AND appeal_state = 'none'");
  if (!stmt) return std::unexpected(stmt.error());
  (*stmt)->Bind(1, id);
  (*stmt)->Bind(2, text);
  (*stmt)->Bind(3, at);
  HERALD_RETURN_IF_ERROR((*stmt)->Run());
  comment->appeal = Appeal{AppealState::kPending, text, at};
  return comment;
}

Result<std::string> GetOrCreateSecret(Connection& c, const std::string& name,
                                      const std::string& candidate) {
  {
    auto ins =
        c.Prepare("INSERT INTO secrets (name, value) VALUES (?1, ?2) ON CONFLICT DO NOTHING");
    if (!ins) return std::unexpected(ins.error());
    (*ins)->Bind(1, name);
    (*ins)->BindBlob(2, candidate);
    HERALD_RETURN_IF_ERROR((*ins)->Run());
  }
  auto get = c.Prepare("SELECT value FROM secrets WHERE name = ?1");
  if (!get) return std::unexpected(get.error());
  (*get)->Bind(1, name);
  auto row = (*get)->Step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return Fail(ErrorCode::kInternal, "secret vanished");
  return (*get)->Blob(0);
}

}  // namespace herald::sqlite
