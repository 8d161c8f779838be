// The subcommands defined outside main.cc, one Add function per file. Each
// adds its subcommands under `parent` and, when one of them runs, stores its
// exit status in `exit_code`.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/cli_common.h"
#include "comments/comment_service.h"

namespace herald::cli {

// backup_commands.cc: `backup` and `restore`.
void AddBackupCommands(CLI::App& app, CommonOptions& common, ExitCode& exit_code);

// moderation_commands.cc: `moderation score`.
void AddModerationScoreCommand(CLI::App* moderation, CommonOptions& common, ExitCode& exit_code);

// moderation_commands.cc: `commenter forget`.
void AddCommenterCommands(CLI::App& app, CommonOptions& common, ExitCode& exit_code);

// Loads the models the config's policies need and builds the comment
// service, or dies with a message saying what is missing.
std::unique_ptr<CommentService> OpenCommentService(const Config& config, Store& store);

// training_commands.cc: `moderation train` and `moderation eval`.
void AddModerationTrainingCommands(CLI::App* moderation, CommonOptions& common,
                                   ExitCode& exit_code);

// user_commands.cc: `user add`, `user list`, `user password`.
void AddUserCommands(CLI::App& app, CommonOptions& common, ExitCode& exit_code);

}  // namespace herald::cli
