#include "moderation/models.h"

#include <filesystem>

namespace herald::moderation {

std::string FindModel(const std::string& file, const std::string& models_dir) {
  std::error_code ec;
  if (!models_dir.empty()) {
    std::filesystem::path p = std::filesystem::path(models_dir) / file;
    if (std::filesystem::is_regular_file(p, ec)) return p.string();
  }
  std::filesystem::path fallback = std::filesystem::path(HERALD_SOURCE_MODELS_DIR) / file;
  if (std::filesystem::is_regular_file(fallback, ec)) return fallback.string();
  return "";
}

}  // namespace herald::moderation
