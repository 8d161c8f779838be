// Store: the one interface through which Herald keeps its data.
//
// Every backend (SQLite today, PostgreSQL for multi-node sites) implements
// this interface and passes the same test suite (store/store_test.cc).
// Methods are thread-safe; each call is atomic: it either happens in full or
// not at all. Errors are returned as values: kNotFound for a missing row,
// kConflict for a clash with existing data, kUnavailable when the database
// cannot be used, kInvalidArgument for data the schema refuses.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"
#include "core/article.h"
#include "core/comment.h"
#include "core/edition.h"

namespace herald {

// The order ListArticles returns articles in.
enum class ArticleOrder {
  kNewestFirst,        // By published_at, then id, descending; undated last.
  kOldestChangeFirst,  // By ChangedAt, then id, ascending: for paging through changes.
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
};

// What screening needs to know of a commenter.
struct CommenterRecord {
  int64_t id = 0;
  int approved = 0;  // Their comments that were published.
  int rejected = 0;
  bool always_premoderate = false;
  UnixTime banned_until = 0;                    // 0: not banned.
  std::vector<std::string> recent_body_hashes;  // Of comments since the time asked for.
};

// Which comments to list, oldest first (or newest first).
struct CommentQuery {
  std::optional<NewsId> article_id;
  std::optional<CommentStatus> status;
  int limit = 100;  // 1..500.
  int offset = 0;
  bool newest_first = false;
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

// An API token as stored: the secret itself is never kept, only its hash.
struct ApiToken {
  int64_t id = 0;
  std::string name;
  std::string token_hash;  // Raw bytes of SHA-256(secret).
  UnixTime created_at = 0;
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
  // counts. Returns the comment as it now is. kNotFound if it is gone.
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

  // Secrets --------------------------------------------------------------

  // Returns the secret called `name`, storing `candidate` first if there is
  // none yet, so every node of a site ends up with the same secret.
  virtual Result<std::string> GetOrCreateSecret(const std::string& name,
                                                const std::string& candidate) = 0;

  // API tokens -----------------------------------------------------------

  virtual Result<ApiToken> CreateApiToken(const ApiToken& token) = 0;
  // Returns the unrevoked token with this hash. kNotFound otherwise.
  virtual Result<ApiToken> FindApiToken(const std::string& token_hash) = 0;

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
  // change log to its latest 100,000 entries.
  virtual Result<void> Maintain() = 0;

  // Schema ---------------------------------------------------------------

  // Returns the schema version the database is at.
  virtual Result<int> SchemaVersion() = 0;
};

// Opens the store named by `url`: an SQLite file path ("var/herald.db" or
// "sqlite:var/herald.db"). Creates the file if missing and migrates its
// schema to the current version. Returns kInvalidArgument for an unknown
// scheme and kUnavailable when the database cannot be opened.
Result<std::unique_ptr<Store>> OpenStore(const std::string& url);

}  // namespace herald
