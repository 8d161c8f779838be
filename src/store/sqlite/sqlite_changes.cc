#include "store/sqlite/sqlite_changes.h"

#include <algorithm>

namespace herald::sqlite {

Result<SiteChanges> ChangesSince(Connection& c, int64_t since, int limit) {
  SiteChanges out;
  out.last_seq = since;
  auto latest = LatestChange(c);
  if (!latest) return std::unexpected(latest.error());
  if (*latest == since) return out;
  if (*latest < since) {
    // The log went backwards: the database was restored or replaced.
    out.gap = true;
    out.last_seq = *latest;
    return out;
  }
  auto first = c.Prepare("SELECT coalesce(min(seq), 0) FROM site_changes");
  if (!first) return std::unexpected(first.error());
  auto row = (*first)->Step();
  if (!row) return std::unexpected(row.error());
  // AUTOINCREMENT numbers committed changes without holes (a rolled-back
  // insert gives its number back), so a log that starts after since + 1
  // has lost the changes between to pruning.
  int64_t oldest = *row ? (*first)->Int(0) : 0;
  if (oldest == 0 || oldest > since + 1) {
    out.gap = true;
    out.last_seq = *latest;
    return out;
  }
  auto stmt = c.Prepare(
      "SELECT seq, edition, article_id, story_id, comments_only, at FROM site_changes "
      "WHERE seq > ?1 ORDER BY seq LIMIT ?2");
  if (!stmt) return std::unexpected(stmt.error());
  (*stmt)->Bind(1, since);
  (*stmt)->Bind(2, static_cast<int64_t>(std::clamp(limit, 1, 10000)));
  while (true) {
    auto next = (*stmt)->Step();
    if (!next) return std::unexpected(next.error());
    if (!*next) break;
    SiteChange ch;
    ch.seq = (*stmt)->Int(0);
    ch.edition = (*stmt)->Text(1);
    ch.article_id = (*stmt)->Int(2);
    ch.story_id = (*stmt)->Int(3);
    ch.comments_only = (*stmt)->Int(4) != 0;
    ch.at = (*stmt)->Int(5);
    out.last_seq = ch.seq;
    out.changes.push_back(std::move(ch));
  }
  return out;
}

Result<int64_t> LatestChange(Connection& c) {
  // sqlite_sequence remembers the highest number even when pruning has
  // emptied the table.
  auto stmt = c.Prepare("SELECT seq FROM sqlite_sequence WHERE name = 'site_changes'");
  if (!stmt) return std::unexpected(stmt.error());
  auto row = (*stmt)->Step();
  if (!row) return std::unexpected(row.error());
  return *row ? (*stmt)->Int(0) : int64_t{0};
}

Result<void> PruneChanges(Connection& c, int64_t keep) {
  auto stmt = c.Prepare(
      "DELETE FROM site_changes WHERE seq <= "
      "(SELECT seq FROM sqlite_sequence WHERE name = 'site_changes') - ?1");
  if (!stmt) return std::unexpected(stmt.error());
  (*stmt)->Bind(1, keep);
  return (*stmt)->Run();
}

}  // namespace herald::sqlite
