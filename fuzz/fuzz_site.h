// The site the App-level fuzz targets send requests to: the demo editions
// and stories in a scratch SQLite store, comments on (with the screening
// pipeline and models the server uses), rate limits out of the way, and an
// admin API token. Built once per process, on first use.
#pragma once

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "auth/api_token.h"
#include "auth/keyed_hash.h"
#include "comments/comment_service.h"
#include "demo/demo.h"
#include "moderation/pipeline.h"
#include "web/web_testing.h"

namespace herald::fuzz {

// The admin token FuzzSite accepts (Authorization: Bearer ...).
inline constexpr const char* kAdminToken =
    "hld_f0220f0220f0220f0220f0220f0220f0220f0220f0220f0220f0220f0220f022";

class FuzzSite {
 public:
  FuzzSite() {
    // Millions of requests: log only what goes wrong.
    spdlog::set_level(spdlog::level::err);
    now_ = static_cast<int64_t>(std::time(nullptr));
    Config& config = site_.config();
    // Many small answers: a small cache keeps memory flat over millions of runs.
    config.cache.max_mb = 8;
    auto demo = LoadDemo(site_.store(), config, std::nullopt, now_);
    if (!demo) throw std::runtime_error("demo: " + demo.error().message);
    bool need_language = false;
    bool need_abuse = false;
    for (auto& [code, policy] : config.moderation) {
      // The fuzzer is one client sending comments as fast as it can: the
      // most the config allows.
      policy.per_address_per_minute = 100000;
      policy.per_identity_per_minute = 100000;
      need_language |= Uses(policy, "language");
      need_abuse |= Uses(policy, "abuse");
    }
    auto models = moderation::LoadModels(config.ModelsDir(), need_language, need_abuse);
    if (!models) {
      // Without the downloaded language model: screen with what needs none.
      for (auto& [code, policy] : config.moderation) {
        std::erase_if(policy.phases, [](const std::string& p) { return p == "language"; });
      }
      models = moderation::LoadModels(config.ModelsDir(), false, need_abuse);
      if (!models) throw std::runtime_error("models: " + models.error().message);
    }
    auto service = CommentService::Create(config, site_.store(), *models);
    if (!service) throw std::runtime_error("comments: " + service.error().message);
    comments_ = std::move(*service);
    auto token = site_.store().CreateApiToken(ApiToken{0, "fuzz", HashApiToken(kAdminToken), now_});
    if (!token) throw std::runtime_error("token: " + token.error().message);
    site_.Start(comments_.get());

    ArticleQuery query;
    query.edition = config.site.default_edition;
    query.status = ArticleStatus::kPublished;
    query.limit = 1;
    auto page = site_.store().ListArticles(query);
    if (!page || page->items.empty()) throw std::runtime_error("demo: no published article");
    article_ = page->items.front();
  }

  App& app() { return site_.app(); }
  Store& store() { return site_.store(); }
  const Config& config() { return site_.config(); }
  CommentService& comments() { return *comments_; }
  // A published demo article in the default edition, open for comments.
  const Article& article() const { return article_; }
  int64_t started_at() const { return now_; }

  // Returns a form token for `scope` issued a minute ago: old enough that
  // the spam phase does not take the sender for a bot.
  std::string FormToken(const std::string& scope) const {
    return IssueFormToken(comments_->form_key(), scope,
                          static_cast<int64_t>(std::time(nullptr)) - 60);
  }

  // Answers `request` as the server does (HEAD as GET). With
  // HERALD_FUZZ_TRACE set, prints each path and status to stderr (to see
  // how deep the seeds reach).
  Response Handle(Request request) {
    static const bool trace = std::getenv("HERALD_FUZZ_TRACE") != nullptr;
    if (request.method == Method::kHead) request.method = Method::kGet;
    Response response = site_.app().Handle(request);
    if (trace) {
      std::fprintf(stderr, "%s -> %d %.200s\n", request.path.c_str(), response.status,
                   response.status >= 300 ? std::string(response.Payload()).c_str() : "");
    }
    return response;
  }

 private:
  static bool Uses(const moderation::Policy& policy, const std::string& phase) {
    return std::find(policy.phases.begin(), policy.phases.end(), phase) != policy.phases.end();
  }

  testing_support::TestSite site_;
  std::unique_ptr<CommentService> comments_;
  Article article_;
  int64_t now_ = 0;
};

// Aborts unless `r` is an answer the server may send: a real status that is
// not 500 (App's answer to an escaped exception), and, for an uncompressed
// HTML page, no <script> element but the site's own (its scripts from
// /static/, the JSON-LD block, the desk's boot data), so nothing a request
// carries can become a script.
inline void CheckAnswer(const Response& r) {
  if (r.status < 100 || r.status > 599 || r.status == 500) __builtin_trap();
  if (!r.content_type.starts_with("text/html") || !r.Header("Content-Encoding").empty()) return;
  std::string html(r.Payload());
  for (char& c : html) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  static const std::vector<std::string> kOwnScripts = {
      "<script src=\"/static/", "<script type=\"application/ld+json\">",
      "<script type=\"application/json\" id=\"desk-boot\">"};
  size_t opened = 0;
  for (size_t at = html.find("<script"); at != std::string::npos;
       at = html.find("<script", at + 1)) {
    ++opened;
    bool own = std::any_of(kOwnScripts.begin(), kOwnScripts.end(), [&](const std::string& s) {
      return html.compare(at, s.size(), s) == 0;
    });
    if (!own) __builtin_trap();
  }
  size_t closed = 0;
  for (size_t at = html.find("</script"); at != std::string::npos;
       at = html.find("</script", at + 1)) {
    ++closed;
  }
  if (opened != closed) __builtin_trap();
}

// Returns the process's FuzzSite, building it on the first call; it removes
// its scratch directory at exit.
inline FuzzSite& Site() {
  static FuzzSite site;
  return site;
}

}  // namespace herald::fuzz
