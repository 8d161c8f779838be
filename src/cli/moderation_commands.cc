// `herald moderation score` and `herald commenter forget`: the comment
// screening and privacy commands that need the whole comment service.
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>

#include "auth/api_token.h"
#include "cli/commands.h"
#include "comments/comment_service.h"
#include "moderation/pipeline.h"

namespace herald::cli {

std::unique_ptr<CommentService> OpenCommentService(const Config& config, Store& store) {
  bool need_language = false, need_abuse = false;
  for (const auto& [code, policy] : config.moderation) {
    need_language = need_language || moderation::RunsPhase(policy, "language");
    need_abuse = need_abuse || moderation::RunsPhase(policy, "abuse");
  }
  auto models = moderation::LoadModels(config.ModelsDir(), need_language, need_abuse);
  if (!models) Die(models.error().message);
  auto service = CommentService::Create(config, store, *models);
  if (!service) Die(service.error().message);
  return std::move(*service);
}

namespace {

// Scores as the contract prints them: fixed precision, never "nan".
std::string Score(float v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.4f", std::isfinite(v) ? v : 0.0f);
  return buf;
}

int RunScore(const CommonOptions& common, const std::string& edition_code) {
  Config config = ResolveConfig(common);
  std::string edition = edition_code.empty() ? config.site.default_edition : edition_code;
  if (FindEdition(config.editions, edition) == nullptr) Die("unknown edition '" + edition + "'", 2);
  // Scoring keeps nothing: a throwaway database gives the service its secrets.
  std::string scratch = (std::filesystem::temp_directory_path() / "herald-score-XXXXXX").string();
  if (::mkdtemp(scratch.data()) == nullptr) Die("cannot create a temporary directory");
  std::unique_ptr<CommentService> service;
  {
    auto store = OpenStore(scratch + "/score.db");
    if (!store) Die(store.error().message);
    service = OpenCommentService(config, **store);
  }
  std::error_code ec;
  std::filesystem::remove_all(scratch, ec);
  std::string line;
  std::string out;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto verdict = service->Score(edition, line);
    out.clear();
    if (!verdict) {
      // Not UTF-8: refused as a comment would be, and the run goes on.
      out = "0.0000\t\trejected\tempty\t0.0000\t0.0000\t0.0000\t0.0000\n";
      std::cout << out;
      continue;
    }
    std::string codes;
    for (const Finding& f : verdict->findings) {
      std::string_view code = ReasonCode(f.reason);
      if (f.reason == Reason::kPremoderation) continue;  // Policy, not content.
      if (codes.find(code) != std::string::npos) continue;
      if (!codes.empty()) codes += ',';
      codes += code;
    }
    const AbuseScores& s = verdict->scores;
    out += Score(s.abuse) + '\t' + verdict->language + '\t' +
           std::string(StatusName(verdict->status)) + '\t' + codes + '\t' + Score(s.insult) + '\t' +
           Score(s.identity_attack) + '\t' + Score(s.threat) + '\t' + Score(s.obscenity) + '\n';
    std::cout << out;
  }
  std::cout.flush();
  return 0;
}

int RunForget(const CommonOptions& common, const std::string& email) {
  Config config = ResolveConfig(common);
  auto normalised = NormaliseEmail(email);
  if (!normalised || normalised->empty()) Die("'" + email + "' is not an email address", 2);
  auto store = OpenConfiguredStore(config);
  auto service = OpenCommentService(config, *store);
  auto forgotten = store->ForgetCommenter(service->EmailHash(*normalised));
  if (!forgotten) {
    if (forgotten.error().code == ErrorCode::kNotFound) {
      std::cout << "no commenter with that email\n";
      return 0;
    }
    Die(forgotten.error().message);
  }
  std::cout << "forgot the commenter and " << *forgotten << " comment(s)\n";
  return 0;
}

}  // namespace

void AddModerationScoreCommand(CLI::App* moderation, CommonOptions& common, ExitCode& exit_code) {
  auto* score = moderation->add_subcommand(
      "score",
      "Screen comments read one per line from stdin; print abuse, language, decision, reasons "
      "and category scores, tab-separated");
  AddCommonOptions(score, common);
  static std::string edition;  // CLI11 keeps a pointer to it until main returns.
  score->add_option("--edition", edition, "Edition whose policy applies (default: the default)");
  score->callback([&common, &exit_code] { exit_code = RunScore(common, edition); });
}

void AddCommenterCommands(CLI::App& app, CommonOptions& common, ExitCode& exit_code) {
  auto* commenter = app.add_subcommand("commenter", "Commenters' data");
  commenter->require_subcommand(1);
  auto* forget = commenter->add_subcommand(
      "forget", "Delete a commenter and everything they wrote (right to erasure)");
  AddCommonOptions(forget, common);
  static std::string email;
  forget->add_option("EMAIL", email, "The commenter's email address")->required();
  forget->callback([&common, &exit_code] { exit_code = RunForget(common, email); });
}

}  // namespace herald::cli
