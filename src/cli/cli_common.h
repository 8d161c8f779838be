// What every subcommand shares: the common options, resolving the config,
// logging, opening the store, and dying with a message.
//
// Subcommands live in files of their own (main.cc, moderation_commands.cc,
// ...); each registers itself on the CLI11 app through an Add...Commands()
// function that main() calls.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <optional>
#include <string>

#include "config/config.h"
#include "store/store.h"

namespace herald::cli {

struct CommonOptions {
  std::string config_file;
  std::string data_dir;
  std::string database;
};

// Adds --config, --data and --database to `cmd`, stored in `o`.
void AddCommonOptions(CLI::App* cmd, CommonOptions& o);

// Prints "herald: MESSAGE" to stderr and exits with `code`.
[[noreturn]] void Die(const std::string& message, int code = 1);

// Returns the config file's settings (or the defaults) with the command-line
// overrides applied. Dies with exit code 2 on a bad config file.
Config ResolveConfig(const CommonOptions& o);

// Sends logs to stderr at the configured level.
void InitLogging(const Config& config);

// Opens (creating and migrating) the configured store, or dies.
std::unique_ptr<Store> OpenConfiguredStore(const Config& config);

// Returns the file's bytes, or nullopt with `error` set.
std::optional<std::string> ReadFile(const std::string& path, std::string& error);

// Where a subcommand's callback leaves its exit status for main().
using ExitCode = std::optional<int>;

}  // namespace herald::cli
