// herald: the one program. Subcommands: serve, init, import, demo, token, user,
// moderation, commenter, backup, restore.
//
// Every subcommand takes --config FILE, --data DIR and --database URL; the
// command line overrides the config file, which overrides the defaults.
#include <CLI/CLI.hpp>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <cctype>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "auth/api_token.h"
#include "cli/cli_common.h"
#include "cli/commands.h"
#include "config/config.h"
#include "core/dateline.h"
#include "core/slug.h"
#include "demo/demo.h"
#include "ingest/article_text.h"
#include "store/store.h"
#include "web/app.h"
#include "web/server.h"

namespace {

using namespace herald;
using namespace herald::cli;

constexpr const char* kVersion = "0.1.0";

int RunServe(const CommonOptions& common, const std::string& address, int port, int threads) {
  Config config = ResolveConfig(common);
  if (!address.empty()) config.server.address = address;
  if (port >= 0) config.server.port = port;
  if (threads > 0) config.server.threads = threads;
  if (auto ok = ValidateConfig(config); !ok) Die(ok.error().message, 2);
  InitLogging(config);
  auto store = OpenConfiguredStore(config);
  auto comments = OpenCommentService(config, *store);
  App app(config, *store, comments.get());
  ServeOptions options;
  options.address = config.server.address;
  options.port = config.server.port;
  options.threads = config.server.threads;
  options.on_listening = [&](int bound) {
    std::printf("herald listening on http://%s:%d/\n", config.server.address.c_str(), bound);
    std::fflush(stdout);
  };
  if (auto ok = Serve(app, options); !ok) Die(ok.error().message);
  return 0;
}

int RunInit(const CommonOptions& common) {
  CommonOptions options = common;
  if (options.config_file.empty()) options.config_file = "herald.toml";
  if (std::filesystem::exists(options.config_file)) {
    std::cout << "kept existing " << options.config_file << "\n";
  } else {
    std::ofstream out(options.config_file);
    out << DefaultConfigToml();
    out.close();
    if (!out) Die("cannot write " + options.config_file);
    std::cout << "wrote " << options.config_file << "\n";
  }
  Config config = ResolveConfig(options);
  auto store = OpenConfiguredStore(config);
  auto version = store->SchemaVersion();
  if (!version) Die(version.error().message);
  std::cout << "database " << config.DatabaseUrl() << " ready (schema version " << *version
            << ")\n";
  return 0;
}

int RunImport(const CommonOptions& common, const std::vector<std::string>& files,
              const std::string& edition_code, const std::string& section,
              const std::string& headline) {
  Config config = ResolveConfig(common);
  const Edition* edition = FindEdition(
      config.editions, edition_code.empty() ? config.site.default_edition : edition_code);
  if (edition == nullptr) Die("unknown edition '" + edition_code + "'", 2);
  if (!headline.empty() && files.size() > 1) Die("--headline applies to one file at a time", 2);

  // Parse every file before writing anything: a bad file changes nothing.
  std::vector<ArticleText> parsed;
  bool failed = false;
  for (const std::string& file : files) {
    std::string error;
    auto text = ReadFile(file, error);
    if (!text) {
      std::cerr << "herald: " << error << "\n";
      failed = true;
      continue;
    }
    auto article = ParseArticleText(*text, *edition, file);
    if (!article) {
      std::cerr << "herald: " << article.error().message << "\n";
      failed = true;
      continue;
    }
    parsed.push_back(std::move(*article));
  }
  if (failed) Die("nothing imported", 1);

  if (auto ok = ValidateSectionSlug(section); !ok) Die("--section: " + ok.error().message, 2);
  auto store = OpenConfiguredStore(config);
  std::vector<Article> articles;
  int64_t now = std::time(nullptr);
  for (const ArticleText& text : parsed) {
    auto existing = store->GetArticle(text.id);
    std::optional<Article> previous;
    if (existing) {
      previous = std::move(*existing);
    } else if (existing.error().code != ErrorCode::kNotFound) {
      Die(existing.error().message);
    }
    ImportOptions options{edition->code, section, std::nullopt, now};
    if (!headline.empty()) options.headline = headline;
    Article a = ArticleFromText(text, previous, options);
    if (auto ok = ValidateArticle(a, config.editions); !ok) Die(ok.error().message);
    articles.push_back(std::move(a));
  }
  // Everything is validated before the section is created.
  auto sections = store->ListSections(edition->code);
  if (!sections) Die(sections.error().message);
  bool have_section = false;
  for (const Section& s : *sections) have_section = have_section || s.slug == section;
  if (!have_section) {
    // A wire import should not fail for want of a desk: create it, named
    // after its slug, and let editors rename it later.
    std::string name = section;
    name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
    Section created{edition->code, section, name, static_cast<int>(sections->size())};
    if (auto ok = store->PutSection(created); !ok) Die(ok.error().message);
  }
  auto stored = store->PutArticles(articles);
  if (!stored) Die(stored.error().message + "; nothing imported");
  for (const Article& a : *stored) {
    std::cout << "imported News ID " << a.id << ": " << CanonicalPath(a) << "\n";
  }
  return 0;
}

int RunDemoLoad(const CommonOptions& common, const std::string& reference_path) {
  Config config = ResolveConfig(common);
  std::optional<std::string> reference;
  std::string error;
  if (!reference_path.empty()) {
    reference = ReadFile(reference_path, error);
    if (!reference) Die(error);
  }
  auto store = OpenConfiguredStore(config);
  auto summary = LoadDemo(*store, config, reference, std::time(nullptr));
  if (!summary) Die(summary.error().message);
  std::cout << "demo loaded: " << summary->sections << " sections, " << summary->articles
            << " articles" << (summary->reference_loaded ? ", reference article 425881" : "")
            << "\n";
  if (!summary->reference_loaded) {
    std::cout << "note: no reference article; pass --reference FILE to include it\n";
  }
  return 0;
}

int RunTokenCreate(const CommonOptions& common, const std::string& name,
                   const std::string& role_name) {
  Config config = ResolveConfig(common);
  auto role = ParseRole(role_name);
  if (!role) Die("--role must be reporter, editor, moderator or admin");
  auto store = OpenConfiguredStore(config);
  std::string token = GenerateApiToken();
  ApiToken record;
  record.name = name;
  record.role = *role;
  record.token_hash = HashApiToken(token);
  record.created_at = static_cast<int64_t>(std::time(nullptr));
  auto stored = store->CreateApiToken(record);
  if (!stored) Die(stored.error().message);
  // The secret is shown once, here, and kept nowhere.
  std::cout << token << "\n";
  std::cerr << "API token '" << name << "' created (id " << stored->id
            << "); store it now, it cannot be shown again\n";
  return 0;
}

int RunTokenList(const CommonOptions& common) {
  Config config = ResolveConfig(common);
  auto store = OpenConfiguredStore(config);
  auto tokens = store->ListApiTokens();
  if (!tokens) Die(tokens.error().message);
  for (const ApiToken& t : *tokens) {
    std::cout << t.id << "\t" << RoleName(t.role) << "\t" << FormatRfc3339(t.created_at) << "\t"
              << t.name << "\n";
  }
  return 0;
}

int RunTokenRevoke(const CommonOptions& common, int64_t id) {
  Config config = ResolveConfig(common);
  auto store = OpenConfiguredStore(config);
  auto revoked = store->RevokeApiToken(id, static_cast<int64_t>(std::time(nullptr)));
  if (!revoked) Die(revoked.error().message);
  std::cerr << "API token " << id << " revoked\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Everything herald writes (the database, backups, uploaded images, key
  // files) is the service account's alone.
  umask(0077);
  if (!InitCrypto()) Die("cannot initialise libsodium");
  CLI::App app{"Herald: a news agency's site, newsroom and comment desk in one program"};
  app.set_version_flag("--version", kVersion);
  app.require_subcommand(1);

  CommonOptions common;

  auto* serve = app.add_subcommand("serve", "Serve the site, the API and the desk");
  AddCommonOptions(serve, common);
  std::string address;
  int port = -1, threads = 0;
  serve->add_option("--address", address, "Address to listen on (default 127.0.0.1)");
  serve->add_option("--port", port, "Port to listen on; 0 picks a free one (default 8080)")
      ->check(CLI::Range(0, 65535));
  serve->add_option("--threads", threads, "Worker threads (default: one per core)")
      ->check(CLI::Range(1, 256));

  auto* init = app.add_subcommand("init", "Write herald.toml and create the database");
  AddCommonOptions(init, common);

  auto* import = app.add_subcommand("import", "Import content");
  import->require_subcommand(1);
  auto* import_article =
      import->add_subcommand("article", "Import plain-text wire articles (keeps their News IDs)");
  AddCommonOptions(import_article, common);
  std::vector<std::string> files;
  std::string edition, section = "general", headline;
  import_article->add_option("FILE", files, "Article text files")
      ->required()
      ->check(CLI::ExistingFile);
  import_article->add_option("--edition", edition, "Edition code (default: the default edition)");
  import_article->add_option("--section", section, "Section slug for new articles")
      ->capture_default_str();
  import_article->add_option("--headline", headline, "Headline (default: made from the lead)");

  auto* demo = app.add_subcommand("demo", "Demo site");
  demo->require_subcommand(1);
  auto* demo_load = demo->add_subcommand("load", "Load the demo editions, sections and articles");
  AddCommonOptions(demo_load, common);
  std::string reference;
  demo_load
      ->add_option("--reference", reference,
                   "The reference article page (shared/reference/seed-article.txt)")
      ->check(CLI::ExistingFile);

  auto* token = app.add_subcommand("token", "API tokens");
  token->require_subcommand(1);
  auto* token_create = token->add_subcommand("create", "Create an API token and print it once");
  AddCommonOptions(token_create, common);
  std::string token_name, token_role;
  token_create->add_option("--name", token_name, "Who or what the token is for")->required();
  // No default: a token for a wire importer should not be able to manage
  // users because someone left the role out.
  token_create
      ->add_option("--role", token_role,
                   "What the token may do: reporter, editor, moderator or admin")
      ->required();
  auto* token_list =
      token->add_subcommand("list", "List the API tokens in use (never the secrets)");
  AddCommonOptions(token_list, common);
  auto* token_revoke =
      token->add_subcommand("revoke", "Revoke an API token: requests with it are refused at once");
  AddCommonOptions(token_revoke, common);
  int64_t token_id = 0;
  token_revoke->add_option("ID", token_id, "The token's id, as `herald token list` shows it")
      ->required();

  auto* moderation = app.add_subcommand("moderation", "Comment screening and its models");
  moderation->require_subcommand(1);
  ExitCode exit_code;
  AddModerationScoreCommand(moderation, common, exit_code);
  AddModerationTrainingCommands(moderation, common, exit_code);
  AddCommenterCommands(app, common, exit_code);
  AddUserCommands(app, common, exit_code);
  AddBackupCommands(app, common, exit_code);

  CLI11_PARSE(app, argc, argv);
  if (exit_code) return *exit_code;

  if (*serve) return RunServe(common, address, port, threads);
  if (*init) return RunInit(common);
  if (*import_article) return RunImport(common, files, edition, section, headline);
  if (*demo_load) return RunDemoLoad(common, reference);
  if (*token_create) return RunTokenCreate(common, token_name, token_role);
  if (*token_list) return RunTokenList(common);
  if (*token_revoke) return RunTokenRevoke(common, token_id);
  return 0;
}
