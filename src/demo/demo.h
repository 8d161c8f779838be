// The demo site: the reference wire article plus the team's own demo stories
// (clearly marked as demo content) in the English and Persian editions.
#pragma once

#include <optional>
#include <string>

#include "common/result.h"
#include "config/config.h"
#include "store/store.h"

namespace herald {

struct DemoSummary {
  int sections = 0;
  int articles = 0;
  bool reference_loaded = false;
};

// Loads (or refreshes) the demo into `store`. Demo stories get fixed News IDs
// just below the reference article's, so loading twice updates, never
// duplicates. `reference_text` is the plain-text reference article page
// (shared/reference/seed-article.txt); when absent only the demo stories load.
// Editions missing from `config` are skipped. All-or-nothing.
Result<DemoSummary> LoadDemo(Store& store, const Config& config,
                             const std::optional<std::string>& reference_text, int64_t now);

}  // namespace herald
