// Store: the one interface through which Herald keeps its data.
//
// Every backend (SQLite today, PostgreSQL for multi-node sites) implements
// this interface and passes the same test suite (store/store_test.cc).
// Methods are thread-safe; each call is atomic: it either happens in full or
// not at all. Errors are returned as values: kNotFound for a missing row,
// kConflict for a clash with existing data, kUnavailable when the database
// cannot be used, kInvalidArgument for data the schema refuses.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "core/account.h"
#include "core/article.h"
#include "core/comment.h"
#include "core/edition.h"

namespace herald {

// The order ListArticles returns articles in.
enum class ArticleOrder {
  kNewestFirst,        // By published_at, then id, descending; undated last.
  kOldestChangeFirst,  // By ChangedAt, then id, ascending: for paging through changes.
  kRecentlyUpdated,    // By updated_at, then id, descending: the desk's list.
};

// What ListArticles reads of each article; the rest is left empty.
enum class ArticleFields {
  kAll,
  kNoBody,    // All but body and body_html (lists that show no text).
  kLinkOnly,  // Only id, edition, section, headline, slug, status, the times and
              // translation_group (sitemaps).
};

// A position in ArticleOrder::kOldestChangeFirst: just after the article
// `id` whose ChangedAt is `at`. {t, 0} is the position just before every
// change made at time t.
struct ChangeCursor {
  UnixTime at = 0;
  NewsId id = 0;
};

// Which articles to list, in `order` (newest first by default).
struct ArticleQuery {
  std::string edition;                  // Only this edition; every edition when empty.
  std::optional<std::string> section;   // Only this section slug.
  std::optional<std::string> tag;       // Only articles with this tag slug.
  std::optional<ArticleStatus> status;  // Only this status; all when unset.
  // Only these statuses, when `status` is unset and this is not empty.
  std::vector<ArticleStatus> statuses;
  std::optional<NewsId> exclude;             // Leave out this article.
  std::optional<UnixTime> published_from;    // Only articles published at or after this.
  std::optional<UnixTime> published_before;  // Only articles published before this.
  // Only versions of these stories (see StoryOf): the articles with these
  // IDs and their translations. Set and empty: nothing.
  std::optional<std::vector<NewsId>> stories;
  std::optional<ChangeCursor> changed_after;  // Only articles after this position.
  std::optional<UnixTime> changed_until;      // Only articles with ChangedAt <= this.
  std::optional<std::string> author;          // Only articles whose author is this.
  // Only articles whose headline or lead contains this text (case folded
  // for ASCII; no query syntax): the desk's filter box, drafts included.
  std::optional<std::string> text;
  std::optional<bool> submitted;  // Only drafts sent (true) or not sent (false) for review.
  ArticleOrder order = ArticleOrder::kNewestFirst;
  ArticleFields fields = ArticleFields::kAll;
  int limit = 20;  // 1..50,000; pages people read stay far smaller.
  int offset = 0;
  bool with_tags = false;  // Load tags too (one more query per page).
};

// One calendar month (UTC) of published articles, for sitemaps.
struct PublishedMonth {
  int year = 0;
  int month = 0;              // 1..12.
  int count = 0;              // Published articles with published_at in the month.
  UnixTime last_changed = 0;  // The latest ChangedAt among them.
};

struct ArticlePage {
  std::vector<Article> items;
  bool has_more = false;  // True iff another page follows.
};

// A moderator's decision on a comment, kept as a training label.
struct ModerationLabel {
  CommentId comment_id = 0;
  std::string edition;
  std::string text;      // The comment body.
  bool abusive = false;  // True when the decision was to reject for its content.
  std::string reason;    // Reason code the moderator gave, "" when approved.
  UnixTime decided_at = 0;
};

// A comment to keep, as screening left it, with who wrote it.
struct CommentDraft {
  Comment comment;            // id 0; status, scores and findings from screening.
  std::string commenter_key;  // Keyed hash that identifies the commenter (raw bytes).
  std::string email;          // "" when none was given; never shown to readers.
  std::string email_hash;     // Keyed hash of the normalised email, "" when none.
  std::string body_hash;      // Screening's BodyHash, for duplicate detection.
  // Hash of the secret in the commenter's private status link (raw bytes);
  // the secret itself is shown once and never kept.
  std::string status_key_hash;
};

// What screening needs to know of a commenter.
struct CommenterRecord {
  int64_t id = 0;
  int approved = 0;  // Their comments that were published.
  int rejected = 0;
  bool always_premoderate = false;
  UnixTime banned_until = 0;                    // 0: not banned; kBannedForever: for good.
  std::vector<std::string> recent_body_hashes;  // Of comments since the time asked for.
  int warnings = 0;                             // Moderators' warnings so far.
  std::string last_warning;                     // The latest warning's text, "" if none.
  UnixTime first_seen = 0;                      // Their first comment.
  int pending = 0;                              // Their comments now held.
};

inline constexpr UnixTime kBannedForever = INT64_MAX;

// A moderator's measure against a commenter; unset fields stay as they are.
struct CommenterSanction {
  std::optional<UnixTime> banned_until;    // 0 lifts a ban; kBannedForever bans for good.
  std::optional<bool> always_premoderate;  // Hold every comment of theirs.
  std::optional<std::string> warning;      // Adds a warning with this text.
};

// Which comments a moderation queue holds, riskiest (or most reported) first.
enum class QueueKind {
  kHeld,      // Pending comments, by risk descending, then oldest first.
  kReported,  // Published comments readers reported, by reports, then risk, descending.
  kAppeals,   // Rejected comments with a pending appeal, oldest appeal first.
};

struct QueueQuery {
  QueueKind kind = QueueKind::kHeld;
  std::optional<std::string> edition;  // Only comments on this edition's articles.
  int limit = 50;                      // 1..500.
  int offset = 0;
};

// One comment in a queue, with what a moderator needs to decide on it.
struct QueueItem {
  Comment comment;
  // The article's summary: id, edition, section, headline, slug, status,
  // published_at, comment_mode (no body, no tags).
  Article article;
  CommenterRecord commenter;  // Without recent_body_hashes.
};

struct QueueCounts {
  int held = 0;
  int reported = 0;
  int appeals = 0;
};

// Which comments to list, oldest first (or newest first).
struct CommentQuery {
  std::optional<NewsId> article_id;
  std::optional<CommentStatus> status;
  int limit = 100;  // 1..500.
  int offset = 0;
  bool newest_first = false;
  // Last, so that existing aggregate initialisers keep their meaning.
  std::optional<int64_t> commenter_id;  // Only this commenter's comments.
};

// A moderator's (or the system's) decision on a comment.
struct CommentDecision {
  CommentId id = 0;
  CommentStatus status = CommentStatus::kPublished;
  std::string actor;   // Who decided: "screening", a user's email, a token name.
  std::string reason;  // A reason code when refusing, "" otherwise.
  std::string note;    // Free text shown to the commenter for a refusal.
  UnixTime at = 0;
};

// One step in a comment's status history.
struct CommentEvent {
  UnixTime at = 0;
  CommentStatus status = CommentStatus::kPending;
  std::string actor;
  std::string reason;
  std::string note;
};

// A change to what public pages show, from the store's change log. The log
// is written by the database itself, in the transaction that made the
// change, whichever process or node made it; caches read it to know exactly
// which pages to drop.
struct SiteChange {
  int64_t seq = 0;             // Increasing; no two changes share one.
  std::string edition;         // The edition whose pages changed.
  NewsId article_id = 0;       // 0 for an edition-wide change (its sections).
  NewsId story_id = 0;         // The article's story (StoryOf), 0 with article_id.
  bool comments_only = false;  // Only the article's published comments changed.
  UnixTime at = 0;
};

struct SiteChanges {
  std::vector<SiteChange> changes;  // Oldest first.
  // True when changes after the asked-for position were pruned from the
  // log: something changed that can no longer be named, so a cache must
  // drop everything.
  bool gap = false;
  int64_t last_seq = 0;  // Where the next call should continue from.
};

// A desk login, kept in the store so that every node of a site knows it.
// The cookie holds a random secret; only its hash is kept, so a stolen
// database cannot be used to log in.
struct Session {
  std::string id_hash;  // Raw bytes of SHA-256(secret); the key.
  UserId user_id = 0;
  std::string csrf_token;  // Sent back by the desk with every state-changing request.
  UnixTime created_at = 0;
  UnixTime last_seen_at = 0;
  UnixTime expires_at = 0;  // Idle expiry; pushed forward by TouchSession.
  std::string ip_hash;      // Keyed hash of the client address at login (raw bytes).
  std::string user_agent;   // At login, at most 200 bytes, for the user's list of sessions.
};

// One revision of an article as it was saved: who saved it, and every field
// the desk edits (not body_html).
struct ArticleRevision {
  int64_t revision = 0;  // The article's revision number after this save.
  UnixTime at = 0;
  std::string by;   // Article::updated_by of the save.
  Article article;  // The article as saved (tags included, body_html empty).
};

// An API token as stored: the secret itself is never kept, only its hash.
struct ApiToken {
  int64_t id = 0;
  std::string name;
  std::string token_hash;  // Raw bytes of SHA-256(secret).
  UnixTime created_at = 0;
  // Last, so that existing aggregate initialisers keep their meaning (and
  // tokens made before roles existed stay admin, as they were).
  Role role = Role::kAdmin;  // What the token may do (see core/account.h).
};

// A reader's search of one edition's published articles.
struct SearchQuery {
  std::string edition;  // Required.
  std::string text;     // As the reader typed it; never read as query syntax.
  int limit = 20;       // 1..100.
  int offset = 0;
};

// One article a search found.
struct SearchHit {
  // Its summary: id, edition, section, headline, slug, lead, image_url and
  // published_at (no body, no tags).
  Article article;
  // The headline, and a passage of the lead or body around the matches
  // (the lead's start when only the headline or tags matched), as plain
  // text with each match between kSearchMarkOpen and kSearchMarkClose (see
  // core/search_text.h, whose HighlightToHtml makes them safe HTML).
  std::string headline_marked;
  std::string snippet_marked;
};

struct SearchPage {
  std::vector<SearchHit> hits;
  int64_t total = 0;      // Articles found in all, on every page.
  bool has_more = false;  // True iff another page follows.
};

// What Backup or Restore copied.
struct BackupStats {
  int64_t pages = 0;       // Database pages copied.
  int64_t bytes = 0;       // Size of the copy (pages times page size).
  int schema_version = 0;  // Of the backup (Backup) or of the database after it (Restore).
  double seconds = 0;      // Wall time the whole operation took.
};

class Store {
 public:
  virtual ~Store() = default;

  // Sections -------------------------------------------------------------

  // Creates the section or renames/reorders it if it exists.
  virtual Result<void> PutSection(const Section& section) = 0;
  // Returns the sections of `edition` ordered by position, then slug.
  virtual Result<std::vector<Section>> ListSections(const std::string& edition) = 0;

  // Articles -------------------------------------------------------------

  // Stores a new article. When article.id is 0 the store assigns the next
  // News ID (greater than every ID it has seen, imported ones included);
  // otherwise the given ID is kept and kConflict is returned if it is taken.
  // The section must exist (kInvalidArgument otherwise). Returns the article
  // as stored.
  virtual Result<Article> CreateArticle(const Article& article) = 0;

  // Replaces the stored article with the same id, tags included, if the
  // stored revision still equals article.revision (the one it was read at);
  // the stored revision is then bumped. kConflict if someone else updated
  // the article meanwhile (read it again and retry), kNotFound if it is gone.
  virtual Result<Article> UpdateArticle(const Article& article) = 0;

  // Creates or replaces each article by id in one transaction: all of them
  // are written, or none. Articles with id 0 are created with a new ID.
  // Replacing checks revisions as UpdateArticle does.
  virtual Result<std::vector<Article>> PutArticles(const std::vector<Article>& articles) = 0;

  // Returns the article with tags. kNotFound if there is none.
  virtual Result<Article> GetArticle(NewsId id) = 0;

  // Returns one page of the articles `query` selects, read in one snapshot.
  virtual Result<ArticlePage> ListArticles(const ArticleQuery& query) = 0;

  // Returns every UTC calendar month in which articles now published were
  // published, across editions, oldest first.
  virtual Result<std::vector<PublishedMonth>> ListPublishedMonths() = 0;

  // Returns every version of the story founded by article `group` (any
  // status): the founder itself and every article whose translation_group
  // is `group`. The founder need not have its own translation_group set.
  virtual Result<std::vector<Article>> ListTranslations(NewsId group) = 0;

  // Publishes every scheduled article whose published_at <= now. Returns the
  // IDs it published, so caches can be told.
  virtual Result<std::vector<NewsId>> PublishDue(UnixTime now) = 0;

  // Comments -------------------------------------------------------------

  // Returns the commenter with `commenter_key` and the body hashes of their
  // comments created at or after `recent_since`; kNotFound for a new one.
  virtual Result<CommenterRecord> FindCommenter(const std::string& commenter_key,
                                                UnixTime recent_since) = 0;

  // Stores a new comment (creating its commenter on first use) with the
  // first entry of its status history. Durable when it returns: the comment
  // survives a crash of the process from then on. kNotFound when the article
  // is missing; kInvalidArgument when the parent is not a top-level comment
  // of the same article (replies go one level deep).
  virtual Result<Comment> CreateComment(const CommentDraft& draft) = 0;

  // Returns the comment. kNotFound if there is none.
  virtual Result<Comment> GetComment(CommentId id) = 0;

  virtual Result<std::vector<Comment>> ListComments(const CommentQuery& query) = 0;

  // Returns the number of published comments of each article in `ids`
  // (articles without any are left out).
  virtual Result<std::vector<std::pair<NewsId, int>>> CountPublishedComments(
      const std::vector<NewsId>& ids) = 0;

  // Moves the comment to decision.status, adds the step to its history,
  // keeps the decision as a training label, and updates the commenter's
  // counts. Its readers' reports are settled: the report count goes to 0
  // (it leaves the reported queue; those readers cannot report it again).
  // Returns the comment as it now is. kNotFound if it is gone.
  virtual Result<Comment> DecideComment(const CommentDecision& decision) = 0;

  // Returns the comment's status history, oldest first.
  virtual Result<std::vector<CommentEvent>> CommentHistory(CommentId id) = 0;

  // Records a reader's report; returns the comment's report count.
  // kConflict when this reporter already reported it, kNotFound if gone.
  virtual Result<int> ReportComment(CommentId id, const std::string& reporter_hash,
                                    UnixTime at) = 0;

  // Deletes every commenter with this email hash and everything they wrote
  // (comments, replies to nothing, history, labels). Returns how many
  // comments were deleted.
  virtual Result<int> ForgetCommenter(const std::string& email_hash) = 0;

  // Returns every moderator decision kept as a label, oldest first.
  virtual Result<std::vector<ModerationLabel>> ListModerationLabels() = 0;

  // Returns the commenter with this id, with their counts and sanctions
  // (no recent_body_hashes). kNotFound if there is none.
  virtual Result<CommenterRecord> GetCommenter(int64_t commenter_id) = 0;

  // Applies `sanction` to the commenter; returns them as they now are.
  // kNotFound if there is none.
  virtual Result<CommenterRecord> SanctionCommenter(int64_t commenter_id,
                                                    const CommenterSanction& sanction) = 0;

  // Returns one page of a moderation queue (see QueueKind).
  virtual Result<std::vector<QueueItem>> ListQueue(const QueueQuery& query) = 0;

  // Returns how many comments each queue holds (of `edition`, or all).
  virtual Result<QueueCounts> CountQueues(const std::optional<std::string>& edition) = 0;

  // Returns the hash of the comment's private status key (CommentDraft::
  // status_key_hash), "" when it has none. kNotFound if there is none.
  virtual Result<std::string> CommentStatusKeyHash(CommentId id) = 0;

  // Records the commenter's appeal of the rejected comment `id`: the
  // appeal becomes kPending and the comment enters the appeals queue.
  // kInvalidArgument when the comment is not rejected; kConflict when it
  // was appealed before (one appeal per comment); kNotFound if gone.
  // DecideComment on a comment with a pending appeal settles it: published
  // overturns it, rejected upholds it.
  virtual Result<Comment> AppealComment(CommentId id, const std::string& text, UnixTime at) = 0;

  // Secrets --------------------------------------------------------------

  // Returns the secret called `name`, storing `candidate` first if there is
  // none yet, so every node of a site ends up with the same secret.
  virtual Result<std::string> GetOrCreateSecret(const std::string& name,
                                                const std::string& candidate) = 0;

  // Desk users and sessions ---------------------------------------------

  // Stores a new user (ValidateUser must pass). kConflict when the email is
  // taken. Returns the user with its id.
  virtual Result<User> CreateUser(const User& user) = 0;
  virtual Result<User> GetUser(UserId id) = 0;  // kNotFound if none.
  // `email` normalised. kNotFound if there is none.
  virtual Result<User> FindUserByEmail(const std::string& email) = 0;
  // Every user, by email.
  virtual Result<std::vector<User>> ListUsers() = 0;
  // Replaces name, role, password_hash, password_changed_at and
  // disabled_at of the user with user.id. kNotFound if there is none.
  virtual Result<User> UpdateUser(const User& user) = 0;

  // Keeps a new session. kConflict if the id_hash exists.
  virtual Result<void> CreateSession(const Session& session) = 0;
  // Returns the session with this id_hash, whatever its expiry (the caller
  // checks). kNotFound if there is none.
  virtual Result<Session> FindSession(const std::string& id_hash) = 0;
  // Sets the session's last_seen_at and expires_at. kNotFound if gone.
  virtual Result<void> TouchSession(const std::string& id_hash, UnixTime last_seen_at,
                                    UnixTime expires_at) = 0;
  // Ends one session (logout). Ending a missing one is not an error.
  virtual Result<void> DeleteSession(const std::string& id_hash) = 0;
  // Ends every session of the user except `keep_id_hash` (which may be "");
  // returns how many it ended. For password changes and disabled accounts.
  virtual Result<int> DeleteUserSessions(UserId user_id, const std::string& keep_id_hash) = 0;

  // Attempt counters (login throttling; later other shared rate limits),
  // kept in the store so every node counts the same attempts. A `bucket`
  // is a caller-made key ("login-email:...", "login-ip:...").
  virtual Result<void> RecordAttempt(const std::string& bucket, UnixTime at) = 0;
  // Returns how many attempts the bucket holds at or after `since`, and the
  // time of the oldest of them (0 when none).
  virtual Result<std::pair<int, UnixTime>> CountAttempts(const std::string& bucket,
                                                         UnixTime since) = 0;
  // Forgets the attempts of `bucket` and of every bucket under it (named
  // `bucket` + '\n' + anything): an account's count and its per-address
  // counts go together.
  virtual Result<void> ClearAttempts(const std::string& bucket) = 0;

  // Audit log ------------------------------------------------------------

  // Appends one entry; returns it with its id.
  virtual Result<AuditEntry> AppendAudit(const AuditEntry& entry) = 0;
  // Returns entries newest first: those with id < before_id (all when 0),
  // filtered by actor and by action prefix ("article." matches every
  // article action) and target when given. limit 1..500.
  virtual Result<std::vector<AuditEntry>> ListAudit(const std::string& actor,
                                                    const std::string& action_prefix,
                                                    const std::string& target, int64_t before_id,
                                                    int limit) = 0;

  // Revisions ------------------------------------------------------------

  // Returns the article's saved revisions, newest first (CreateArticle,
  // UpdateArticle and PutArticles each keep one, in the same transaction).
  virtual Result<std::vector<ArticleRevision>> ListRevisions(NewsId id) = 0;
  // Returns one revision. kNotFound if the article or revision is missing.
  virtual Result<ArticleRevision> GetRevision(NewsId id, int64_t revision) = 0;

  // API tokens -----------------------------------------------------------

  virtual Result<ApiToken> CreateApiToken(const ApiToken& token) = 0;
  // Returns the unrevoked token with this hash. kNotFound otherwise.
  virtual Result<ApiToken> FindApiToken(const std::string& token_hash) = 0;
  // The unrevoked tokens, oldest first (their hashes included).
  virtual Result<std::vector<ApiToken>> ListApiTokens() = 0;
  // Revokes the token: from then on FindApiToken does not find it. kNotFound
  // when no unrevoked token has this id.
  virtual Result<void> RevokeApiToken(int64_t id, UnixTime at) = 0;

  // Search ---------------------------------------------------------------

  // Returns one page of the published articles of query.edition that
  // contain every word of query.text (the last word also as the start of a
  // longer one), best first: matches in the headline count most, then the
  // tags and lead, then the body; equal matches newest first. Words are
  // compared as core/search_text.h normalises them, case and Latin accents
  // folded. Text without words (empty, only punctuation) finds nothing. The
  // index is written in the same transaction as each article, so a search
  // sees every committed write.
  virtual Result<SearchPage> SearchArticles(const SearchQuery& query) = 0;

  // Change log ------------------------------------------------------------

  // Returns up to `limit` changes after position `since`, oldest first.
  // Logged: an article becoming, staying or ceasing to be published (any
  // write to such an article, deletion included), a comment becoming or
  // ceasing to be published, and any change to an edition's sections.
  virtual Result<SiteChanges> ChangesSince(int64_t since, int limit) = 0;

  // Returns the position of the latest change (0 when there is none), where
  // a new reader of the log starts.
  virtual Result<int64_t> LatestChange() = 0;

  // Housekeeping ---------------------------------------------------------

  // Does what the backend needs now and then; the server calls it about once
  // a second. SQLite: checkpoints the write-ahead log, and when readers have
  // kept it from being reset (it only grows while any read is active, which
  // under steady traffic is always), waits for them briefly and restarts it,
  // so the log and every read's search through it stay small. Prunes the
  // change log to its latest 100,000 entries, and deletes expired sessions
  // and attempts older than a day.
  virtual Result<void> Maintain() = 0;

  // Schema ---------------------------------------------------------------

  // Returns the schema version the database is at.
  virtual Result<int> SchemaVersion() = 0;

  // Backup and restore ---------------------------------------------------

  // Writes a copy of the whole database to the file `path`, online: readers
  // and writers (in this process or others) carry on meanwhile and are not
  // held up. The copy is one consistent snapshot, the database as some
  // single committed transaction left it: every write acknowledged before
  // Backup was called is in it, a later write is in it whole or not at all.
  // The copy is a self-contained database file that Restore (and OpenStore)
  // accept; it passed an integrity check before it was put in place.
  //
  // Nothing half-written is ever at `path`: the copy is written to
  // `path.tmp-XXXXXX` beside it, checked, flushed to disk (file and
  // directory) and only then renamed over `path`, replacing any file there.
  // On failure (or a crash) `path` is as it was, and the temporary file is
  // removed (after a crash it may be left behind, never at `path`).
  //
  // kInvalidArgument when `path` is the database itself or empty;
  // kUnavailable for I/O errors (a missing directory, a full disk) and when
  // the copy fails its check.
  virtual Result<BackupStats> Backup(const std::string& path) = 0;

  // Replaces the database's whole content with the backup at `path` (as
  // Backup writes it), safely while other processes and this one have the
  // database open: they see the old content or the restored one, never a
  // mix, and carry on with the restored one. A backup from an older schema
  // is migrated to the current one before it replaces anything. The change
  // log restarts past every position handed out before: ChangesSince on any
  // earlier position reports gap=true, so every cache drops all its pages.
  // The backup file itself is only read.
  //
  // On failure the database is as it was. kInvalidArgument when `path` is
  // missing, not a Herald database or fails its integrity check; kConflict
  // for a backup from a newer schema than this program's; kUnavailable for
  // I/O errors and when the database stayed busy too long to be replaced.
  virtual Result<BackupStats> Restore(const std::string& path) = 0;
};

// Opens the store named by `url`: an SQLite file path ("var/herald.db" or
// "sqlite:var/herald.db"). Creates the file if missing and migrates its
// schema to the current version. Returns kInvalidArgument for an unknown
// scheme and kUnavailable when the database cannot be opened.
Result<std::unique_ptr<Store>> OpenStore(const std::string& url);

}  // namespace herald
