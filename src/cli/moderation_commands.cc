#include "cli/commands.h"

namespace herald::cli {

void AddModerationScoreCommand(CLI::App* /*moderation*/, CommonOptions& /*common*/,
                               ExitCode& /*exit_code*/) {}

}  // namespace herald::cli
