// The storage suite's desk half: users, sessions, attempt counters, the
// audit log, article revisions and the desk's article filters, and the
// moderation queues, appeals and sanctions. Every Store backend must pass it
// unchanged (see store_testing.h); the last test, of the SQLite migration
// from schema 5, is SQLite's own.
#include <gtest/gtest.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <string>
#include <vector>

#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_db.h"
#include "store/store.h"
#include "store/store_testing.h"

namespace herald {
namespace {

namespace fs = std::filesystem;

// IDs of comments, queue entries or audit entries, in order.
using IdList = std::vector<int64_t>;

class DeskStoreTest : public StoreTest {
 protected:
  User MakeUser(std::string email, Role role = Role::kReporter) {
    User u;
    u.email = std::move(email);
    u.name = "Name of " + u.email;
    u.role = role;
    u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
    u.created_at = kT0;
    u.password_changed_at = kT0;
    return u;
  }

  UserId CreateUser(std::string email, Role role = Role::kReporter) {
    auto created = store().CreateUser(MakeUser(std::move(email), role));
    EXPECT_TRUE(IsOk(created));
    return created ? created->id : 0;
  }

  Session MakeSession(std::string id_hash, UserId user) {
    Session s;
    s.id_hash = std::move(id_hash);
    s.user_id = user;
    s.csrf_token = "csrf-" + s.id_hash;
    s.created_at = kT0;
    s.last_seen_at = kT0;
    s.expires_at = kT0 + kDay;
    s.ip_hash = std::string("\x00\xff\x10", 3);
    s.user_agent = "Mozilla/5.0 (X11; Linux) 'quoted'";
    return s;
  }

  // Creates a comment and returns it, failing the test on error.
  Comment AddComment(const CommentDraft& d) {
    auto created = store().CreateComment(d);
    EXPECT_TRUE(IsOk(created));
    return created ? *created : Comment{};
  }

  // A comment of `status` with `risk`, created at kT0 + `at`.
  Comment CommentWithRisk(NewsId article, std::string key, std::string body, CommentStatus status,
                          float risk, UnixTime at = 100) {
    CommentDraft d = MakeDraft(article, std::move(key), std::move(body), status);
    d.comment.risk = risk;
    d.comment.created_at = kT0 + at;
    return AddComment(d);
  }

  IdList Queue(QueueKind kind, std::optional<std::string> edition = {}) {
    QueueQuery q;
    q.kind = kind;
    q.edition = std::move(edition);
    auto items = store().ListQueue(q);
    EXPECT_TRUE(IsOk(items));
    IdList ids;
    if (items) {
      for (const QueueItem& item : *items) ids.push_back(item.comment.id);
    }
    return ids;
  }

  std::vector<NewsId> Listed(const ArticleQuery& q) {
    auto page = store().ListArticles(q);
    EXPECT_TRUE(IsOk(page));
    return page ? Ids(page->items) : std::vector<NewsId>{};
  }

  static UnixTime Now() { return static_cast<UnixTime>(std::time(nullptr)); }
};

// Users --------------------------------------------------------------------

TEST_P(DeskStoreTest, UsersAreCreatedAndFoundByIdAndEmail) {
  auto alice = store().CreateUser(MakeUser("alice@example.org", Role::kEditor));
  ASSERT_TRUE(IsOk(alice));
  EXPECT_GT(alice->id, 0);
  UserId bob = CreateUser("bob@example.org");
  EXPECT_NE(bob, alice->id);

  auto got = store().GetUser(alice->id);
  ASSERT_TRUE(IsOk(got));
  EXPECT_EQ(got->email, "alice@example.org");
  EXPECT_EQ(got->name, "Name of alice@example.org");
  EXPECT_EQ(got->role, Role::kEditor);
  EXPECT_EQ(got->password_hash, MakeUser("x@y.z").password_hash);
  EXPECT_EQ(got->created_at, kT0);
  EXPECT_EQ(got->password_changed_at, kT0);
  EXPECT_EQ(got->disabled_at, 0);

  auto found = store().FindUserByEmail("alice@example.org");
  ASSERT_TRUE(IsOk(found));
  EXPECT_EQ(found->id, alice->id);
  // Found as NormaliseEmail writes it.
  auto shouted = store().FindUserByEmail("  ALICE@Example.ORG ");
  ASSERT_TRUE(IsOk(shouted));
  EXPECT_EQ(shouted->id, alice->id);

  EXPECT_TRUE(FailsWith(store().FindUserByEmail("carol@example.org"), ErrorCode::kNotFound));
  EXPECT_TRUE(FailsWith(store().FindUserByEmail(""), ErrorCode::kNotFound));
  EXPECT_TRUE(FailsWith(store().FindUserByEmail("' OR 1=1 --"), ErrorCode::kNotFound));
  EXPECT_TRUE(FailsWith(store().GetUser(bob + 1000), ErrorCode::kNotFound));
}

TEST_P(DeskStoreTest, ATakenEmailIsAConflictAndAnInvalidUserIsRefused) {
  CreateUser("alice@example.org");
  User again = MakeUser("alice@example.org", Role::kAdmin);
  again.name = "Someone else";
  EXPECT_TRUE(FailsWith(store().CreateUser(again), ErrorCode::kConflict));
  User nameless = MakeUser("nameless@example.org");
  nameless.name = "";
  EXPECT_TRUE(FailsWith(store().CreateUser(nameless), ErrorCode::kInvalidArgument));
  auto users = store().ListUsers();
  ASSERT_TRUE(IsOk(users));
  ASSERT_EQ(users->size(), 1U);
  EXPECT_EQ((*users)[0].name, "Name of alice@example.org");
}

TEST_P(DeskStoreTest, UpdateUserReplacesAllButTheEmail) {
  UserId id = CreateUser("alice@example.org");
  User changed = *store().GetUser(id);
  changed.email = "mallory@example.org";  // Not changed by UpdateUser.
  changed.name = "Alice O'Hara";
  changed.role = Role::kModerator;
  changed.password_hash = "$argon2id$new";
  changed.password_changed_at = kT0 + 10;
  changed.disabled_at = kT0 + 20;
  auto updated = store().UpdateUser(changed);
  ASSERT_TRUE(IsOk(updated));
  EXPECT_EQ(updated->email, "alice@example.org");
  auto got = store().GetUser(id);
  ASSERT_TRUE(IsOk(got));
  EXPECT_EQ(got->email, "alice@example.org");
  EXPECT_EQ(got->name, "Alice O'Hara");
  EXPECT_EQ(got->role, Role::kModerator);
  EXPECT_EQ(got->password_hash, "$argon2id$new");
  EXPECT_EQ(got->password_changed_at, kT0 + 10);
  EXPECT_EQ(got->disabled_at, kT0 + 20);
  EXPECT_TRUE(FailsWith(store().FindUserByEmail("mallory@example.org"), ErrorCode::kNotFound));

  // Enabling again clears disabled_at.
  changed.disabled_at = 0;
  ASSERT_TRUE(IsOk(store().UpdateUser(changed)));
  EXPECT_EQ(store().GetUser(id)->disabled_at, 0);

  changed.id = id + 1000;
  EXPECT_TRUE(FailsWith(store().UpdateUser(changed), ErrorCode::kNotFound));
}

TEST_P(DeskStoreTest, ListUsersIsByEmail) {
  CreateUser("carol@example.org", Role::kAdmin);
  CreateUser("alice@example.org");
  CreateUser("bob@example.org", Role::kModerator);
  auto users = store().ListUsers();
  ASSERT_TRUE(IsOk(users));
  std::vector<std::string> emails;
  for (const User& u : *users) emails.push_back(u.email);
  EXPECT_EQ(emails, (std::vector<std::string>{"alice@example.org", "bob@example.org",
                                              "carol@example.org"}));
  EXPECT_EQ((*users)[1].role, Role::kModerator);
}

// Sessions -----------------------------------------------------------------

TEST_P(DeskStoreTest, SessionsRoundTripAndAreTouched) {
  UserId alice = CreateUser("alice@example.org");
  const std::string id_hash("\x01\x00\x02secret-hash", 14);
  Session s = MakeSession(id_hash, alice);
  ASSERT_TRUE(IsOk(store().CreateSession(s)));
  EXPECT_TRUE(FailsWith(store().CreateSession(s), ErrorCode::kConflict));

  auto found = store().FindSession(id_hash);
  ASSERT_TRUE(IsOk(found));
  EXPECT_EQ(found->id_hash, id_hash);
  EXPECT_EQ(found->user_id, alice);
  EXPECT_EQ(found->csrf_token, s.csrf_token);
  EXPECT_EQ(found->created_at, kT0);
  EXPECT_EQ(found->last_seen_at, kT0);
  EXPECT_EQ(found->expires_at, kT0 + kDay);
  EXPECT_EQ(found->ip_hash, s.ip_hash);
  EXPECT_EQ(found->user_agent, s.user_agent);
  // Only the exact hash finds it.
  EXPECT_TRUE(FailsWith(store().FindSession(id_hash.substr(0, 3)), ErrorCode::kNotFound));

  ASSERT_TRUE(IsOk(store().TouchSession(id_hash, kT0 + 60, kT0 + 2 * kDay)));
  found = store().FindSession(id_hash);
  ASSERT_TRUE(IsOk(found));
  EXPECT_EQ(found->last_seen_at, kT0 + 60);
  EXPECT_EQ(found->expires_at, kT0 + 2 * kDay);
  EXPECT_EQ(found->created_at, kT0);
  EXPECT_TRUE(FailsWith(store().TouchSession("missing", kT0, kT0), ErrorCode::kNotFound));

  ASSERT_TRUE(IsOk(store().DeleteSession(id_hash)));
  EXPECT_TRUE(FailsWith(store().FindSession(id_hash), ErrorCode::kNotFound));
  EXPECT_TRUE(IsOk(store().DeleteSession(id_hash)));  // Logging out twice is fine.

  // A session needs its user.
  EXPECT_FALSE(store().CreateSession(MakeSession("orphan", alice + 1000)).has_value());
}

TEST_P(DeskStoreTest, DeleteUserSessionsKeepsOneAndOtherUsersSessions) {
  UserId alice = CreateUser("alice@example.org");
  UserId bob = CreateUser("bob@example.org");
  for (const char* h : {"a1", "a2", "a3"}) {
    ASSERT_TRUE(IsOk(store().CreateSession(MakeSession(h, alice))));
  }
  ASSERT_TRUE(IsOk(store().CreateSession(MakeSession("b1", bob))));

  auto ended = store().DeleteUserSessions(alice, "a2");
  ASSERT_TRUE(IsOk(ended));
  EXPECT_EQ(*ended, 2);
  EXPECT_TRUE(FailsWith(store().FindSession("a1"), ErrorCode::kNotFound));
  EXPECT_TRUE(IsOk(store().FindSession("a2")));
  EXPECT_TRUE(FailsWith(store().FindSession("a3"), ErrorCode::kNotFound));
  EXPECT_TRUE(IsOk(store().FindSession("b1")));

  ended = store().DeleteUserSessions(alice, "");
  ASSERT_TRUE(IsOk(ended));
  EXPECT_EQ(*ended, 1);
  EXPECT_TRUE(FailsWith(store().FindSession("a2"), ErrorCode::kNotFound));
  EXPECT_TRUE(IsOk(store().FindSession("b1")));
  EXPECT_EQ(store().DeleteUserSessions(alice, "").value_or(-1), 0);
}

// Attempt counters -----------------------------------------------------------

TEST_P(DeskStoreTest, AttemptsAreCountedPerBucketSinceATime) {
  for (UnixTime at : {kT0 + 30, kT0 + 10, kT0 + 20, kT0 + 40}) {
    ASSERT_TRUE(IsOk(store().RecordAttempt("login-email:alice", at)));
  }
  ASSERT_TRUE(IsOk(store().RecordAttempt("login-ip:1", kT0 + 15)));

  auto all = store().CountAttempts("login-email:alice", 0);
  ASSERT_TRUE(IsOk(all));
  EXPECT_EQ(*all, (std::pair<int, UnixTime>{4, kT0 + 10}));
  auto recent = store().CountAttempts("login-email:alice", kT0 + 20);  // At or after.
  ASSERT_TRUE(IsOk(recent));
  EXPECT_EQ(*recent, (std::pair<int, UnixTime>{3, kT0 + 20}));
  auto none = store().CountAttempts("login-email:alice", kT0 + 41);
  ASSERT_TRUE(IsOk(none));
  EXPECT_EQ(*none, (std::pair<int, UnixTime>{0, 0}));
  EXPECT_EQ(store().CountAttempts("login-email:bob", 0).value_or(std::pair{-1, -1}),
            (std::pair<int, UnixTime>{0, 0}));

  // Buckets under alice's go with it; a longer name is not under it.
  ASSERT_TRUE(IsOk(store().RecordAttempt("login-email:alice\nlogin-ip:1", kT0)));
  ASSERT_TRUE(IsOk(store().RecordAttempt("login-email:alicex", kT0)));
  ASSERT_TRUE(IsOk(store().ClearAttempts("login-email:alice")));
  EXPECT_EQ(store().CountAttempts("login-email:alice", 0)->first, 0);
  EXPECT_EQ(store().CountAttempts("login-email:alice\nlogin-ip:1", 0)->first, 0);
  EXPECT_EQ(store().CountAttempts("login-email:alicex", 0)->first, 1);
  EXPECT_EQ(store().CountAttempts("login-ip:1", 0)->first, 1);
}

TEST_P(DeskStoreTest, MaintainPrunesDayOldAttemptsAndExpiredSessions) {
  const UnixTime now = Now();
  ASSERT_TRUE(IsOk(store().RecordAttempt("b", now - 2 * kDay)));
  ASSERT_TRUE(IsOk(store().RecordAttempt("b", now - kDay - 60)));
  ASSERT_TRUE(IsOk(store().RecordAttempt("b", now - kDay + 60)));
  ASSERT_TRUE(IsOk(store().RecordAttempt("b", now)));
  UserId alice = CreateUser("alice@example.org");
  Session expired = MakeSession("expired", alice);
  expired.expires_at = now - 60;
  Session live = MakeSession("live", alice);
  live.expires_at = now + 3600;
  ASSERT_TRUE(IsOk(store().CreateSession(expired)));
  ASSERT_TRUE(IsOk(store().CreateSession(live)));

  ASSERT_TRUE(IsOk(store().Maintain()));
  auto left = store().CountAttempts("b", 0);
  ASSERT_TRUE(IsOk(left));
  EXPECT_EQ(left->first, 2);
  EXPECT_EQ(left->second, now - kDay + 60);
  EXPECT_TRUE(FailsWith(store().FindSession("expired"), ErrorCode::kNotFound));
  EXPECT_TRUE(IsOk(store().FindSession("live")));
}

// Audit log ----------------------------------------------------------------

TEST_P(DeskStoreTest, AuditEntriesAreListedNewestFirstAndPaged) {
  std::vector<int64_t> ids;
  const std::vector<std::pair<std::string, std::string>> actions = {
      {"alice@example.org", "article.create"},
      {"bob@example.org", "comment.reject"},
      {"alice@example.org", "article.publish"},
      {"alice@example.org", "articles.odd"},
      {"system", "user.login_failed"}};
  for (size_t i = 0; i < actions.size(); ++i) {
    AuditEntry e;
    e.at = kT0 + static_cast<UnixTime>(i);
    e.actor = actions[i].first;
    e.action = actions[i].second;
    e.target = i < 3 ? "article:42" : "";
    e.detail = "note " + std::to_string(i);
    e.ip_hash = i == 0 ? std::string("\x00\x01", 2) : "";
    auto appended = store().AppendAudit(e);
    ASSERT_TRUE(IsOk(appended));
    if (!ids.empty()) {
      EXPECT_GT(appended->id, ids.back());
    }
    ids.push_back(appended->id);
  }
  auto list = [&](const std::string& actor, const std::string& prefix, const std::string& target,
                  int64_t before, int limit) {
    auto entries = store().ListAudit(actor, prefix, target, before, limit);
    EXPECT_TRUE(IsOk(entries));
    std::vector<int64_t> out;
    if (entries) {
      for (const AuditEntry& e : *entries) out.push_back(e.id);
    }
    return out;
  };
  EXPECT_EQ(list("", "", "", 0, 100), (IdList{ids[4], ids[3], ids[2], ids[1], ids[0]}));
  EXPECT_EQ(list("", "", "", 0, 2), (IdList{ids[4], ids[3]}));
  EXPECT_EQ(list("", "", "", ids[3], 2), (IdList{ids[2], ids[1]}));
  EXPECT_EQ(list("", "", "", ids[1], 2), (IdList{ids[0]}));
  EXPECT_EQ(list("alice@example.org", "", "", 0, 100), (IdList{ids[3], ids[2], ids[0]}));
  // A prefix, not a pattern: "article." leaves out "articles.odd".
  EXPECT_EQ(list("", "article.", "", 0, 100), (IdList{ids[2], ids[0]}));
  EXPECT_EQ(list("", "article", "", 0, 100), (IdList{ids[3], ids[2], ids[0]}));
  EXPECT_TRUE(list("", "%", "", 0, 100).empty());
  EXPECT_TRUE(list("", "article_", "", 0, 100).empty());
  EXPECT_EQ(list("", "", "article:42", 0, 100), (IdList{ids[2], ids[1], ids[0]}));
  EXPECT_EQ(list("alice@example.org", "article.", "article:42", ids[2], 100), (IdList{ids[0]}));

  auto entries = store().ListAudit("", "", "", 0, 500);
  ASSERT_TRUE(IsOk(entries));
  const AuditEntry& first = entries->back();
  EXPECT_EQ(first.at, kT0);
  EXPECT_EQ(first.actor, "alice@example.org");
  EXPECT_EQ(first.action, "article.create");
  EXPECT_EQ(first.target, "article:42");
  EXPECT_EQ(first.detail, "note 0");
  EXPECT_EQ(first.ip_hash, std::string("\x00\x01", 2));
  EXPECT_EQ(entries->front().ip_hash, "");
}

// Revisions ----------------------------------------------------------------

TEST_P(DeskStoreTest, EverySaveKeepsARevisionNewestFirst) {
  Article a = MakeArticle("First words");
  a.status = ArticleStatus::kDraft;
  a.published_at = 0;
  a.author = "alice@example.org";
  a.updated_by = "alice@example.org";
  a.tags = {Tag{"syria", "Syria"}, Tag{"aleppo", "Aleppo"}};
  a.body_html = "<p>The body.</p>";
  a.image_credit = "Reuters/Jane Doe";
  auto created = store().CreateArticle(a);
  ASSERT_TRUE(IsOk(created));
  EXPECT_EQ(created->revision, 0);

  Article second = *created;
  second.headline = "Second words";
  second.updated_by = "bob@example.org";
  second.updated_at = kT0 + 100;
  second.tags = {Tag{"aleppo", "Aleppo"}};
  auto updated = store().UpdateArticle(second);
  ASSERT_TRUE(IsOk(updated));

  Article third = *updated;
  third.headline = "Third words";
  third.updated_by = "carol@example.org";
  third.updated_at = kT0 + 200;
  third.status = ArticleStatus::kPublished;
  third.published_at = kT0 + 200;
  ASSERT_TRUE(IsOk(store().UpdateArticle(third)));
  // A stale write keeps nothing.
  EXPECT_TRUE(FailsWith(store().UpdateArticle(second), ErrorCode::kConflict));

  auto revisions = store().ListRevisions(created->id);
  ASSERT_TRUE(IsOk(revisions));
  ASSERT_EQ(revisions->size(), 3U);
  EXPECT_EQ((*revisions)[0].revision, 2);
  EXPECT_EQ((*revisions)[1].revision, 1);
  EXPECT_EQ((*revisions)[2].revision, 0);
  EXPECT_EQ((*revisions)[0].by, "carol@example.org");
  EXPECT_EQ((*revisions)[1].by, "bob@example.org");
  EXPECT_EQ((*revisions)[2].by, "alice@example.org");
  EXPECT_EQ((*revisions)[0].at, kT0 + 200);
  EXPECT_EQ((*revisions)[0].article.headline, "Third words");
  EXPECT_EQ((*revisions)[0].article.status, ArticleStatus::kPublished);
  EXPECT_EQ((*revisions)[2].article.headline, "First words");

  auto first = store().GetRevision(created->id, 0);
  ASSERT_TRUE(IsOk(first));
  EXPECT_EQ(first->revision, 0);
  EXPECT_EQ(first->by, "alice@example.org");
  EXPECT_EQ(first->at, a.updated_at);
  const Article& as_saved = first->article;
  EXPECT_EQ(as_saved.id, created->id);
  EXPECT_EQ(as_saved.headline, "First words");
  EXPECT_EQ(as_saved.lead, "The lead.");
  EXPECT_EQ(as_saved.body, "The body.");
  EXPECT_EQ(as_saved.body_html, "");
  EXPECT_EQ(as_saved.image_credit, "Reuters/Jane Doe");
  EXPECT_EQ(as_saved.status, ArticleStatus::kDraft);
  EXPECT_EQ(as_saved.published_at, 0);
  EXPECT_EQ(as_saved.author, "alice@example.org");
  EXPECT_EQ(TagSlugs(as_saved), (std::vector<std::string>{"syria", "aleppo"}));
  ASSERT_EQ(as_saved.tags.size(), 2U);
  EXPECT_EQ(as_saved.tags[0].name, "Syria");
  auto middle = store().GetRevision(created->id, 1);
  ASSERT_TRUE(IsOk(middle));
  EXPECT_EQ(middle->article.headline, "Second words");
  EXPECT_EQ(TagSlugs(middle->article), (std::vector<std::string>{"aleppo"}));

  EXPECT_TRUE(FailsWith(store().GetRevision(created->id, 3), ErrorCode::kNotFound));
  EXPECT_TRUE(FailsWith(store().GetRevision(created->id + 1, 0), ErrorCode::kNotFound));
  EXPECT_TRUE(FailsWith(store().ListRevisions(created->id + 1), ErrorCode::kNotFound));
}

TEST_P(DeskStoreTest, ImportsAndScheduledPublishingKeepRevisionsToo) {
  Article wire = MakeArticle("From the wire");
  wire.id = 425881;
  wire.updated_by = "import";
  auto put = store().PutArticles({wire});
  ASSERT_TRUE(IsOk(put));
  Article again = (*put)[0];
  again.headline = "From the wire, updated";
  ASSERT_TRUE(IsOk(store().PutArticles({again})));
  auto revisions = store().ListRevisions(425881);
  ASSERT_TRUE(IsOk(revisions));
  ASSERT_EQ(revisions->size(), 2U);
  EXPECT_EQ((*revisions)[0].article.headline, "From the wire, updated");
  EXPECT_EQ((*revisions)[0].by, "import");

  Article scheduled = MakeArticle("Later");
  scheduled.status = ArticleStatus::kScheduled;
  scheduled.published_at = kT0 + 500;
  scheduled.updated_by = "editor@example.org";
  NewsId id = Create(scheduled);
  ASSERT_TRUE(IsOk(store().PublishDue(kT0 + 600)));
  auto got = store().GetArticle(id);
  ASSERT_TRUE(IsOk(got));
  auto latest = store().GetRevision(id, got->revision);
  ASSERT_TRUE(IsOk(latest));
  EXPECT_EQ(latest->article.status, ArticleStatus::kPublished);
  EXPECT_EQ(latest->by, "system");
  EXPECT_EQ(latest->at, kT0 + 600);
}

// Articles: the desk's fields and filters ------------------------------------

TEST_P(DeskStoreTest, WorkflowFieldsRoundTripInEveryFieldSet) {
  Article a = MakeArticle("Credit where due");
  a.image_url = "/static/x.png";
  a.image_caption = "A caption";
  a.image_credit = "AFP/Ali Reza";
  a.author = "alice@example.org";
  a.updated_by = "bob@example.org";
  a.submitted_at = kT0 - 5;
  NewsId id = Create(a);
  auto got = store().GetArticle(id);
  ASSERT_TRUE(IsOk(got));
  EXPECT_EQ(got->image_credit, "AFP/Ali Reza");
  EXPECT_EQ(got->author, "alice@example.org");
  EXPECT_EQ(got->updated_by, "bob@example.org");
  EXPECT_EQ(got->submitted_at, kT0 - 5);

  ArticleQuery q;
  q.fields = ArticleFields::kNoBody;
  auto no_body = store().ListArticles(q);
  ASSERT_TRUE(IsOk(no_body));
  ASSERT_EQ(no_body->items.size(), 1U);
  EXPECT_EQ(no_body->items[0].body, "");
  EXPECT_EQ(no_body->items[0].image_credit, "AFP/Ali Reza");
  EXPECT_EQ(no_body->items[0].author, "alice@example.org");
  EXPECT_EQ(no_body->items[0].updated_by, "bob@example.org");
  EXPECT_EQ(no_body->items[0].submitted_at, kT0 - 5);

  q.fields = ArticleFields::kLinkOnly;
  auto link_only = store().ListArticles(q);
  ASSERT_TRUE(IsOk(link_only));
  ASSERT_EQ(link_only->items.size(), 1U);
  EXPECT_EQ(link_only->items[0].headline, "Credit where due");
  EXPECT_EQ(link_only->items[0].image_credit, "");
  EXPECT_EQ(link_only->items[0].author, "");
  EXPECT_EQ(link_only->items[0].updated_by, "");
  EXPECT_EQ(link_only->items[0].submitted_at, kT0 - 5);

  // Clearing submitted_at stores it as unset again.
  Article changed = *got;
  changed.submitted_at = 0;
  changed.image_credit = "";
  ASSERT_TRUE(IsOk(store().UpdateArticle(changed)));
  EXPECT_EQ(store().GetArticle(id)->submitted_at, 0);
  EXPECT_EQ(store().GetArticle(id)->image_credit, "");
}

TEST_P(DeskStoreTest, ListArticlesFiltersByAuthorTextAndSubmission) {
  Article a1 = MakeArticle("Inflation hits 50% in March");
  a1.author = "alice@example.org";
  Article a2 = MakeArticle("Inflation hits 500 in March");
  a2.author = "bob@example.org";
  a2.status = ArticleStatus::kDraft;
  a2.published_at = 0;
  Article a3 = MakeArticle("Quiet day");
  a3.lead = "The snake_case of the INFLATION report.";
  a3.author = "alice@example.org";
  a3.status = ArticleStatus::kDraft;
  a3.published_at = 0;
  a3.submitted_at = kT0 + 5;
  Article a4 = MakeArticle("snakeXcase");
  a4.author = "Alice@example.org";
  a4.submitted_at = kT0 + 6;  // Published since: no longer waiting for review.
  NewsId id1 = Create(a1), id2 = Create(a2), id3 = Create(a3), id4 = Create(a4);

  ArticleQuery q;
  q.author = "alice@example.org";
  std::vector<NewsId> by_alice = Listed(q);
  std::sort(by_alice.begin(), by_alice.end());
  EXPECT_EQ(by_alice, (std::vector<NewsId>{id1, id3}));

  auto text = [&](std::string t) {
    ArticleQuery tq;
    tq.text = std::move(t);
    std::vector<NewsId> ids = Listed(tq);
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  // Case folded, headline or lead, drafts included.
  EXPECT_EQ(text("inflation"), (std::vector<NewsId>{id1, id2, id3}));
  // '%' and '_' are themselves, not wildcards.
  EXPECT_EQ(text("50%"), (std::vector<NewsId>{id1}));
  EXPECT_EQ(text("snake_case"), (std::vector<NewsId>{id3}));
  EXPECT_EQ(text("%"), (std::vector<NewsId>{id1}));
  EXPECT_TRUE(text("\\").empty());
  EXPECT_TRUE(text("' OR 1=1 --").empty());

  ArticleQuery submitted;
  submitted.submitted = true;
  EXPECT_EQ(Listed(submitted), (std::vector<NewsId>{id3}));
  ArticleQuery not_submitted;
  not_submitted.submitted = false;
  std::vector<NewsId> unsent = Listed(not_submitted);
  std::sort(unsent.begin(), unsent.end());
  EXPECT_EQ(unsent, (std::vector<NewsId>{id1, id2}));

  ArticleQuery combined;
  combined.author = "alice@example.org";
  combined.text = "inflation";
  combined.status = ArticleStatus::kDraft;
  EXPECT_EQ(Listed(combined), (std::vector<NewsId>{id3}));
  (void)id4;
}

TEST_P(DeskStoreTest, RecentlyUpdatedOrderIsByUpdateTimeThenIdDescending) {
  Article old_published = MakeArticle("Old but just edited", kT0 - 10 * kDay);
  old_published.updated_at = kT0 + 300;
  Article draft = MakeArticle("Draft");
  draft.status = ArticleStatus::kDraft;
  draft.published_at = 0;
  draft.updated_at = kT0 + 100;
  Article fresh = MakeArticle("Fresh", kT0 + 50);
  fresh.updated_at = kT0 + 100;
  Article stale = MakeArticle("Stale", kT0 + 60);
  stale.updated_at = kT0 + 1;
  NewsId id_old = Create(old_published), id_draft = Create(draft), id_fresh = Create(fresh),
         id_stale = Create(stale);
  ArticleQuery q;
  q.order = ArticleOrder::kRecentlyUpdated;
  EXPECT_EQ(Listed(q), (std::vector<NewsId>{id_old, id_fresh, id_draft, id_stale}));
  q.limit = 2;
  q.offset = 1;
  EXPECT_EQ(Listed(q), (std::vector<NewsId>{id_fresh, id_draft}));
}

// Comments: risk, queues, appeals, sanctions ---------------------------------

TEST_P(DeskStoreTest, CommentsKeepTheirRiskAndStatusKey) {
  NewsId article = Create(MakeArticle("Story"));
  CommentDraft d = MakeDraft(article, "k", "Hello", CommentStatus::kPending);
  d.comment.risk = 0.625f;
  d.status_key_hash = std::string("\x00\x01\x02\xff", 4);
  Comment c = AddComment(d);
  EXPECT_FLOAT_EQ(c.risk, 0.625f);
  auto got = store().GetComment(c.id);
  ASSERT_TRUE(IsOk(got));
  EXPECT_FLOAT_EQ(got->risk, 0.625f);
  EXPECT_EQ(got->appeal.state, AppealState::kNone);
  EXPECT_EQ(store().CommentStatusKeyHash(c.id).value_or("?"), d.status_key_hash);

  Comment keyless = AddComment(MakeDraft(article, "k2", "No key"));
  EXPECT_EQ(store().CommentStatusKeyHash(keyless.id).value_or("?"), "");
  EXPECT_TRUE(FailsWith(store().CommentStatusKeyHash(keyless.id + 100), ErrorCode::kNotFound));
}

TEST_P(DeskStoreTest, ListCommentsFiltersByCommenter) {
  NewsId article = Create(MakeArticle("Story"));
  Comment mine = AddComment(MakeDraft(article, "me", "Mine"));
  AddComment(MakeDraft(article, "other", "Theirs"));
  Comment mine_too = AddComment(MakeDraft(article, "me", "Mine too", CommentStatus::kPending));
  CommentQuery q;
  q.commenter_id = mine.commenter_id;
  auto list = store().ListComments(q);
  ASSERT_TRUE(IsOk(list));
  ASSERT_EQ(list->size(), 2U);
  EXPECT_EQ((*list)[0].id, mine.id);
  EXPECT_EQ((*list)[1].id, mine_too.id);
  q.status = CommentStatus::kPending;
  EXPECT_EQ(store().ListComments(q)->size(), 1U);
}

TEST_P(DeskStoreTest, HeldQueueIsRiskiestFirstThenOldest) {
  NewsId article = Create(MakeArticle("Story"));
  Comment low = CommentWithRisk(article, "a", "Low", CommentStatus::kPending, 0.1f, 10);
  Comment high_new = CommentWithRisk(article, "b", "High new", CommentStatus::kPending, 0.9f, 30);
  Comment high_old = CommentWithRisk(article, "c", "High old", CommentStatus::kPending, 0.9f, 20);
  // Written last but older than "High new": age, not ID, breaks ties.
  Comment high_mid = CommentWithRisk(article, "c", "High mid", CommentStatus::kPending, 0.9f, 25);
  Comment mid = CommentWithRisk(article, "a", "Mid", CommentStatus::kPending, 0.5f, 5);
  CommentWithRisk(article, "d", "Published", CommentStatus::kPublished, 0.95f);
  CommentWithRisk(article, "d", "Rejected", CommentStatus::kRejected, 0.99f);
  EXPECT_EQ(Queue(QueueKind::kHeld),
            (IdList{high_old.id, high_mid.id, high_new.id, mid.id, low.id}));

  QueueQuery page;
  page.limit = 2;
  page.offset = 2;
  auto items = store().ListQueue(page);
  ASSERT_TRUE(IsOk(items));
  ASSERT_EQ(items->size(), 2U);
  EXPECT_EQ((*items)[0].comment.id, high_new.id);
  // Each item carries its article's summary and its commenter's record.
  const QueueItem& item = (*items)[1];
  EXPECT_EQ(item.comment.body, "Mid");
  EXPECT_EQ(item.article.id, article);
  EXPECT_EQ(item.article.edition, "en");
  EXPECT_EQ(item.article.section, "politics");
  EXPECT_EQ(item.article.headline, "Story");
  EXPECT_EQ(item.article.status, ArticleStatus::kPublished);
  EXPECT_EQ(item.article.body, "");
  EXPECT_EQ(item.commenter.id, low.commenter_id);
  EXPECT_EQ(item.commenter.pending, 2);  // "Low" and "Mid".
  EXPECT_EQ(item.commenter.first_seen, kT0 + 5);
}

TEST_P(DeskStoreTest, ReportedQueueIsMostReportedThenRiskiestPublishedComments) {
  NewsId article = Create(MakeArticle("Story"));
  Comment once_risky = CommentWithRisk(article, "a", "Once risky", CommentStatus::kPublished, 0.7f);
  Comment once_safe = CommentWithRisk(article, "b", "Once safe", CommentStatus::kPublished, 0.1f);
  Comment twice = CommentWithRisk(article, "c", "Twice", CommentStatus::kPublished, 0.0f);
  CommentWithRisk(article, "d", "Never", CommentStatus::kPublished, 0.9f);
  Comment held = CommentWithRisk(article, "e", "Held", CommentStatus::kPending, 0.9f);
  for (const Comment& c : {once_risky, once_safe, held}) {
    ASSERT_TRUE(IsOk(store().ReportComment(c.id, "reader-1", kT0)));
  }
  ASSERT_TRUE(IsOk(store().ReportComment(twice.id, "reader-1", kT0)));
  ASSERT_TRUE(IsOk(store().ReportComment(twice.id, "reader-2", kT0)));
  EXPECT_EQ(Queue(QueueKind::kReported), (IdList{twice.id, once_risky.id, once_safe.id}));

  // Rejecting a reported comment takes it out of the queue.
  ASSERT_TRUE(IsOk(store().DecideComment(
      CommentDecision{twice.id, CommentStatus::kRejected, "mod", "abuse", "", kT0 + 10})));
  EXPECT_EQ(Queue(QueueKind::kReported), (IdList{once_risky.id, once_safe.id}));

  // Approving one (a moderator looked and kept it) settles its reports too,
  // and the same reader cannot bring it back.
  auto kept = store().DecideComment(
      CommentDecision{once_safe.id, CommentStatus::kPublished, "mod", "", "", kT0 + 11});
  ASSERT_TRUE(IsOk(kept));
  EXPECT_EQ(kept->reports, 0);
  EXPECT_EQ(Queue(QueueKind::kReported), (IdList{once_risky.id}));
  EXPECT_TRUE(
      FailsWith(store().ReportComment(once_safe.id, "reader-1", kT0 + 12), ErrorCode::kConflict));
  EXPECT_EQ(Queue(QueueKind::kReported), (IdList{once_risky.id}));
}

TEST_P(DeskStoreTest, AppealsAreRecordedOnceForRejectedCommentsOnly) {
  NewsId article = Create(MakeArticle("Story"));
  Comment published = AddComment(MakeDraft(article, "a", "Fine"));
  Comment pending = AddComment(MakeDraft(article, "a", "Held", CommentStatus::kPending));
  Comment rejected = AddComment(MakeDraft(article, "a", "Refused", CommentStatus::kRejected));

  EXPECT_TRUE(
      FailsWith(store().AppealComment(published.id, "Why?", kT0), ErrorCode::kInvalidArgument));
  EXPECT_TRUE(
      FailsWith(store().AppealComment(pending.id, "Why?", kT0), ErrorCode::kInvalidArgument));
  EXPECT_TRUE(
      FailsWith(store().AppealComment(rejected.id + 100, "Why?", kT0), ErrorCode::kNotFound));

  auto before = store().LatestChange();
  ASSERT_TRUE(IsOk(before));
  auto appealed = store().AppealComment(rejected.id, "It was a quote, not an insult.", kT0 + 50);
  ASSERT_TRUE(IsOk(appealed));
  EXPECT_EQ(appealed->appeal.state, AppealState::kPending);
  EXPECT_EQ(appealed->appeal.text, "It was a quote, not an insult.");
  EXPECT_EQ(appealed->appeal.at, kT0 + 50);
  EXPECT_EQ(appealed->status, CommentStatus::kRejected);
  auto got = store().GetComment(rejected.id);
  ASSERT_TRUE(IsOk(got));
  EXPECT_EQ(got->appeal.state, AppealState::kPending);
  EXPECT_EQ(got->appeal.text, "It was a quote, not an insult.");
  EXPECT_EQ(got->appeal.at, kT0 + 50);
  // Readers see nothing new, so public pages are not dropped.
  EXPECT_EQ(store().LatestChange().value_or(-1), *before);

  EXPECT_TRUE(
      FailsWith(store().AppealComment(rejected.id, "Again", kT0 + 60), ErrorCode::kConflict));
  EXPECT_EQ(store().GetComment(rejected.id)->appeal.text, "It was a quote, not an insult.");
}

TEST_P(DeskStoreTest, DecisionsSettleAppealsAndEmptyTheQueue) {
  NewsId article = Create(MakeArticle("Story"));
  Comment first = AddComment(MakeDraft(article, "a", "First", CommentStatus::kRejected));
  Comment second = AddComment(MakeDraft(article, "b", "Second", CommentStatus::kRejected));
  Comment third = AddComment(MakeDraft(article, "c", "Third", CommentStatus::kRejected));
  ASSERT_TRUE(IsOk(store().AppealComment(second.id, "Please", kT0 + 10)));
  ASSERT_TRUE(IsOk(store().AppealComment(first.id, "Please", kT0 + 20)));
  ASSERT_TRUE(IsOk(store().AppealComment(third.id, "Please", kT0 + 30)));
  EXPECT_EQ(Queue(QueueKind::kAppeals), (IdList{second.id, first.id, third.id}));

  auto before = store().LatestChange();
  auto overturned = store().DecideComment(
      CommentDecision{second.id, CommentStatus::kPublished, "mod", "", "", kT0 + 100});
  ASSERT_TRUE(IsOk(overturned));
  EXPECT_EQ(overturned->appeal.state, AppealState::kOverturned);
  EXPECT_EQ(store().GetComment(second.id)->appeal.state, AppealState::kOverturned);
  EXPECT_EQ(store().GetComment(second.id)->status, CommentStatus::kPublished);
  // Publishing changes the article's comments, which the change log says.
  auto changes = store().ChangesSince(*before, 10);
  ASSERT_TRUE(IsOk(changes));
  ASSERT_EQ(changes->changes.size(), 1U);
  EXPECT_TRUE(changes->changes[0].comments_only);

  auto upheld = store().DecideComment(
      CommentDecision{first.id, CommentStatus::kRejected, "mod", "abuse", "", kT0 + 110});
  ASSERT_TRUE(IsOk(upheld));
  EXPECT_EQ(upheld->appeal.state, AppealState::kUpheld);
  EXPECT_EQ(store().GetComment(first.id)->appeal.state, AppealState::kUpheld);
  EXPECT_EQ(store().GetComment(first.id)->appeal.text, "Please");
  EXPECT_EQ(Queue(QueueKind::kAppeals), (IdList{third.id}));

  // Settled appeals stay settled, and a comment is appealed once only.
  EXPECT_TRUE(FailsWith(store().AppealComment(first.id, "Again", kT0 + 120), ErrorCode::kConflict));
  EXPECT_TRUE(
      FailsWith(store().AppealComment(second.id, "Again", kT0 + 120), ErrorCode::kConflict));
  ASSERT_TRUE(IsOk(store().DecideComment(
      CommentDecision{second.id, CommentStatus::kRejected, "mod2", "spam", "", kT0 + 130})));
  EXPECT_EQ(store().GetComment(second.id)->appeal.state, AppealState::kOverturned);
  // A comment never appealed is unaffected by decisions.
  Comment plain = AddComment(MakeDraft(article, "d", "Plain", CommentStatus::kPending));
  auto decided = store().DecideComment(
      CommentDecision{plain.id, CommentStatus::kRejected, "mod", "abuse", "", kT0 + 140});
  ASSERT_TRUE(IsOk(decided));
  EXPECT_EQ(decided->appeal.state, AppealState::kNone);
}

TEST_P(DeskStoreTest, QueuesAndCountsFilterByEdition) {
  NewsId en = Create(MakeArticle("English"));
  Article fa_article = MakeArticle("فارسی");
  fa_article.edition = "fa";
  NewsId fa = Create(fa_article);
  Comment en_held = CommentWithRisk(en, "a", "held en", CommentStatus::kPending, 0.2f);
  Comment fa_held = CommentWithRisk(fa, "b", "held fa", CommentStatus::kPending, 0.3f);
  Comment fa_reported = CommentWithRisk(fa, "b", "reported fa", CommentStatus::kPublished, 0.3f);
  ASSERT_TRUE(IsOk(store().ReportComment(fa_reported.id, "r", kT0)));
  Comment en_rejected = CommentWithRisk(en, "a", "rejected en", CommentStatus::kRejected, 0.9f);
  ASSERT_TRUE(IsOk(store().AppealComment(en_rejected.id, "Please", kT0)));
  CommentWithRisk(en, "a", "rejected, not appealed", CommentStatus::kRejected, 0.9f);

  EXPECT_EQ(Queue(QueueKind::kHeld), (IdList{fa_held.id, en_held.id}));
  EXPECT_EQ(Queue(QueueKind::kHeld, "en"), (IdList{en_held.id}));
  EXPECT_EQ(Queue(QueueKind::kHeld, "fa"), (IdList{fa_held.id}));
  EXPECT_EQ(Queue(QueueKind::kReported, "en"), IdList{});
  EXPECT_EQ(Queue(QueueKind::kReported, "fa"), (IdList{fa_reported.id}));
  EXPECT_EQ(Queue(QueueKind::kAppeals, "en"), (IdList{en_rejected.id}));
  EXPECT_EQ(Queue(QueueKind::kAppeals, "fa"), IdList{});

  auto all = store().CountQueues(std::nullopt);
  ASSERT_TRUE(IsOk(all));
  EXPECT_EQ(all->held, 2);
  EXPECT_EQ(all->reported, 1);
  EXPECT_EQ(all->appeals, 1);
  auto fa_counts = store().CountQueues("fa");
  ASSERT_TRUE(IsOk(fa_counts));
  EXPECT_EQ(fa_counts->held, 1);
  EXPECT_EQ(fa_counts->reported, 1);
  EXPECT_EQ(fa_counts->appeals, 0);
  auto none = store().CountQueues("de");
  ASSERT_TRUE(IsOk(none));
  EXPECT_EQ(none->held + none->reported + none->appeals, 0);
}

TEST_P(DeskStoreTest, SanctionsBanPremoderateAndWarn) {
  NewsId article = Create(MakeArticle("Story"));
  Comment c = AddComment(MakeDraft(article, "key", "Hello", CommentStatus::kPending));
  const int64_t id = c.commenter_id;
  auto fresh = store().GetCommenter(id);
  ASSERT_TRUE(IsOk(fresh));
  EXPECT_EQ(fresh->banned_until, 0);
  EXPECT_FALSE(fresh->always_premoderate);
  EXPECT_EQ(fresh->warnings, 0);
  EXPECT_EQ(fresh->last_warning, "");
  EXPECT_EQ(fresh->pending, 1);
  EXPECT_EQ(fresh->first_seen, kT0 + 100);
  EXPECT_TRUE(fresh->recent_body_hashes.empty());

  CommenterSanction warn;
  warn.warning = "Keep it civil.";
  ASSERT_TRUE(IsOk(store().SanctionCommenter(id, warn)));
  warn.warning = "Second warning: no insults.";
  auto warned = store().SanctionCommenter(id, warn);
  ASSERT_TRUE(IsOk(warned));
  EXPECT_EQ(warned->warnings, 2);
  EXPECT_EQ(warned->last_warning, "Second warning: no insults.");
  EXPECT_EQ(warned->banned_until, 0);
  EXPECT_FALSE(warned->always_premoderate);

  CommenterSanction ban;
  ban.banned_until = kT0 + kDay;
  ban.always_premoderate = true;
  auto banned = store().SanctionCommenter(id, ban);
  ASSERT_TRUE(IsOk(banned));
  EXPECT_EQ(banned->banned_until, kT0 + kDay);
  EXPECT_TRUE(banned->always_premoderate);
  EXPECT_EQ(banned->warnings, 2);  // Unset fields stay as they are.
  // Screening sees the same record.
  auto found = store().FindCommenter("key", 0);
  ASSERT_TRUE(IsOk(found));
  EXPECT_EQ(found->banned_until, kT0 + kDay);
  EXPECT_TRUE(found->always_premoderate);
  EXPECT_EQ(found->warnings, 2);
  EXPECT_EQ(found->last_warning, "Second warning: no insults.");
  EXPECT_EQ(found->pending, 1);
  EXPECT_EQ(found->first_seen, kT0 + 100);

  CommenterSanction forever;
  forever.banned_until = kBannedForever;
  EXPECT_EQ(store().SanctionCommenter(id, forever)->banned_until, kBannedForever);
  EXPECT_EQ(store().GetCommenter(id)->banned_until, kBannedForever);

  CommenterSanction lift;
  lift.banned_until = 0;
  lift.always_premoderate = false;
  auto lifted = store().SanctionCommenter(id, lift);
  ASSERT_TRUE(IsOk(lifted));
  EXPECT_EQ(lifted->banned_until, 0);
  EXPECT_FALSE(lifted->always_premoderate);
  EXPECT_EQ(lifted->warnings, 2);

  EXPECT_TRUE(FailsWith(store().GetCommenter(id + 100), ErrorCode::kNotFound));
  EXPECT_TRUE(FailsWith(store().SanctionCommenter(id + 100, warn), ErrorCode::kNotFound));
}

TEST_P(DeskStoreTest, ForgettingACommenterDeletesAppealedAndSanctionedComments) {
  NewsId article = Create(MakeArticle("Story"));
  CommentDraft d = MakeDraft(article, "me", "Mine", CommentStatus::kRejected);
  d.email_hash = "email-hash";
  d.status_key_hash = "status-key";
  Comment mine = AddComment(d);
  ASSERT_TRUE(IsOk(store().AppealComment(mine.id, "Please", kT0)));
  CommenterSanction warn;
  warn.warning = "Careful";
  ASSERT_TRUE(IsOk(store().SanctionCommenter(mine.commenter_id, warn)));
  EXPECT_EQ(store().ForgetCommenter("email-hash").value_or(-1), 1);
  EXPECT_TRUE(FailsWith(store().GetComment(mine.id), ErrorCode::kNotFound));
  EXPECT_TRUE(FailsWith(store().GetCommenter(mine.commenter_id), ErrorCode::kNotFound));
  EXPECT_TRUE(Queue(QueueKind::kAppeals).empty());
}

// API tokens ---------------------------------------------------------------

TEST_P(DeskStoreTest, ApiTokensKeepTheirRole) {
  ApiToken moderator;
  moderator.name = "queue-bot";
  moderator.role = Role::kModerator;
  moderator.token_hash = std::string(32, 'm');
  moderator.created_at = kT0;
  ASSERT_TRUE(IsOk(store().CreateApiToken(moderator)));
  ApiToken legacy{0, "legacy", std::string(32, 'l'), kT0};  // Role unset: admin.
  ASSERT_TRUE(IsOk(store().CreateApiToken(legacy)));
  EXPECT_EQ(store().FindApiToken(std::string(32, 'm'))->role, Role::kModerator);
  EXPECT_EQ(store().FindApiToken(std::string(32, 'l'))->role, Role::kAdmin);
}

TEST_P(DeskStoreTest, RevokedApiTokensAreNeitherFoundNorListed) {
  auto a =
      store().CreateApiToken(ApiToken{0, "importer", std::string(32, 'a'), kT0, Role::kEditor});
  auto b =
      store().CreateApiToken(ApiToken{0, "bot", std::string(32, 'b'), kT0 + 1, Role::kModerator});
  ASSERT_TRUE(IsOk(a) && IsOk(b));
  auto listed = store().ListApiTokens();
  ASSERT_TRUE(IsOk(listed));
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].name, "importer");
  EXPECT_EQ((*listed)[1].role, Role::kModerator);

  ASSERT_TRUE(IsOk(store().RevokeApiToken(a->id, kT0 + 5)));
  EXPECT_EQ(store().FindApiToken(std::string(32, 'a')).error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(IsOk(store().FindApiToken(std::string(32, 'b'))));
  ASSERT_EQ(store().ListApiTokens()->size(), 1u);
  EXPECT_EQ(store().RevokeApiToken(a->id, kT0 + 6).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(store().RevokeApiToken(999, kT0 + 6).error().code, ErrorCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(Sqlite, DeskStoreTest, testing::Values(SqliteBackend()), BackendName);

// Migration from schema 5 (SQLite) --------------------------------------------

TEST(DeskStoreMigrationTest, ASiteFromSchemaFiveKeepsItsDataAndGainsTheDesk) {
  fs::path scratch = MakeScratchDir();
  const std::string path = (scratch / "old.db").string();
  {
    auto conn = sqlite::Connection::Open(path);
    ASSERT_TRUE(IsOk(conn));
    ASSERT_TRUE(IsOk(sqlite::MigrateTo(**conn, 5)));
    ASSERT_EQ(sqlite::ReadSchemaVersion(**conn).value_or(0), 5);
    ASSERT_TRUE(IsOk((*conn)->Exec(
        "INSERT INTO sections (edition, slug, name) VALUES ('en', 'politics', 'Politics');"
        "INSERT INTO articles (id, edition, section, headline, slug, lead, body, body_html, "
        "image_caption, status, created_at, updated_at, published_at, revision) VALUES "
        "(7, 'en', 'politics', 'Old story', 'old', 'Lead.', 'Body.', '<p>Body.</p>', 'Cap', "
        "'published', 1, 2, 2, 4);"
        "INSERT INTO article_tags (article_id, slug, name, position) VALUES "
        "(7, 'b', 'Bee', 1), (7, 'a', 'Ay', 0);"
        "INSERT INTO commenters (id, key_hash, name, created_at, approved, banned_until) VALUES "
        "(3, x'0102', 'Reader', 1, 1, 99);"
        "INSERT INTO comments (id, article_id, commenter_id, name, body, status, created_at, "
        "updated_at, abuse, findings, body_hash, ip_hash) VALUES "
        "(1, 7, 3, 'Reader', 'Plain', 'pending', 10, 10, 0.4, '[]', 'h1', x'00'),"
        "(2, 7, 3, 'Reader', 'Libel?', 'pending', 11, 11, 0.2, "
        "'[{\"reason\":\"libel_risk\",\"outcome\":\"pending\",\"detail\":\"\",\"spans\":[]}]', "
        "'h2', x'00'),"
        "(3, 7, 3, 'Reader', 'Fine', 'published', 12, 12, 0.05, '[]', 'h3', x'00');"
        "INSERT INTO api_tokens (name, token_hash, created_at) VALUES "
        "('old', x'aabb', 1);")));
  }
  {
    auto opened = OpenStore(path);
    ASSERT_TRUE(IsOk(opened));
    Store& store = **opened;
    EXPECT_EQ(store.SchemaVersion().value_or(0), sqlite::LatestSchemaVersion());

    auto article = store.GetArticle(7);
    ASSERT_TRUE(IsOk(article));
    EXPECT_EQ(article->headline, "Old story");
    EXPECT_EQ(article->body_html, "<p>Body.</p>");
    EXPECT_EQ(article->image_caption, "Cap");
    EXPECT_EQ(article->revision, 4);
    EXPECT_EQ(article->image_credit, "");
    EXPECT_EQ(article->author, "");
    EXPECT_EQ(article->updated_by, "");
    EXPECT_EQ(article->submitted_at, 0);

    // Its history starts with the article as the upgrade found it.
    auto revisions = store.ListRevisions(7);
    ASSERT_TRUE(IsOk(revisions));
    ASSERT_EQ(revisions->size(), 1U);
    EXPECT_EQ((*revisions)[0].revision, 4);
    EXPECT_EQ((*revisions)[0].by, "import");
    EXPECT_EQ((*revisions)[0].at, 2);
    EXPECT_EQ((*revisions)[0].article.headline, "Old story");
    EXPECT_EQ(TagSlugs((*revisions)[0].article), (std::vector<std::string>{"a", "b"}));
    Article edited = *article;
    edited.headline = "Old story, edited";
    edited.updated_by = "alice@example.org";
    ASSERT_TRUE(IsOk(store.UpdateArticle(edited)));
    EXPECT_EQ(store.ListRevisions(7)->size(), 2U);
    EXPECT_EQ(store.GetRevision(7, 5)->by, "alice@example.org");

    // Old comments have a risk: their abuse score, or their findings' weight.
    EXPECT_FLOAT_EQ(store.GetComment(1)->risk, 0.4f);
    EXPECT_FLOAT_EQ(store.GetComment(2)->risk, 0.95f);
    EXPECT_FLOAT_EQ(store.GetComment(3)->risk, 0.05f);
    EXPECT_EQ(store.GetComment(1)->appeal.state, AppealState::kNone);
    EXPECT_EQ(store.CommentStatusKeyHash(1).value_or("?"), "");
    QueueQuery held;
    auto queue = store.ListQueue(held);
    ASSERT_TRUE(IsOk(queue));
    ASSERT_EQ(queue->size(), 2U);
    EXPECT_EQ((*queue)[0].comment.id, 2);
    EXPECT_EQ((*queue)[1].comment.id, 1);

    auto commenter = store.GetCommenter(3);
    ASSERT_TRUE(IsOk(commenter));
    EXPECT_EQ(commenter->approved, 1);
    EXPECT_EQ(commenter->banned_until, 99);
    EXPECT_EQ(commenter->warnings, 0);
    EXPECT_EQ(commenter->pending, 2);
    EXPECT_EQ(commenter->first_seen, 10);

    // Tokens made before roles could do everything, and still can.
    auto token = store.FindApiToken(std::string("\xaa\xbb", 2));
    ASSERT_TRUE(IsOk(token));
    EXPECT_EQ(token->role, Role::kAdmin);
    EXPECT_TRUE(IsOk(store.ListUsers()));
  }
  std::error_code ec;
  fs::remove_all(scratch, ec);
}

}  // namespace
}  // namespace herald
