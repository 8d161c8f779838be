// The subcommands defined outside main.cc, one Add function per file. Each
// adds its subcommands under `parent` and, when one of them runs, stores its
// exit status in `exit_code`.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/cli_common.h"

namespace herald::cli {

// moderation_commands.cc: `moderation score`.
void AddModerationScoreCommand(CLI::App* moderation, CommonOptions& common, ExitCode& exit_code);

// training_commands.cc: `moderation train` and `moderation eval`.
void AddModerationTrainingCommands(CLI::App* moderation, CommonOptions& common,
                                   ExitCode& exit_code);

}  // namespace herald::cli
