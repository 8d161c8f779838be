// Models: where screening finds its model files.
#pragma once

#include <string>

namespace herald::moderation {

// Returns the path of model `file` (e.g. "lid.176.ftz"): in `models_dir`
// when it is set and holds the file, else in the source tree's models/
// folder (the committed defaults, and where `make setup` puts downloads).
// Returns "" when the file is in neither.
std::string FindModel(const std::string& file, const std::string& models_dir);

}  // namespace herald::moderation
