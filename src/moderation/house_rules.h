// House rules: phase 7. The agency's own patterns, from the config only: no
// rule is built in.
#pragma once

#include <memory>

#include "common/result.h"
#include "moderation/screening.h"

namespace herald::moderation {

// Returns the phase with every `policy.house_rules[i].pattern` compiled as an
// ICU regular expression, case-insensitive. Returns kInvalidArgument naming
// the rule and ICU's error for a pattern that does not compile, an empty
// pattern or name, or an outcome other than kPending or kRejected.
//
// Run adds one kHouseRule finding per rule that matches `s.text`, with the
// rule's outcome, detail = the rule's name and spans of its matches
// (empty matches do not count); a refusing rule sets `stop`. A rule whose
// match runs over its time limit (a catastrophic pattern) holds the comment
// with detail "<name>: timed out" rather than stalling the server.
// Thread-safe: the compiled patterns are shared, matchers are per call.
Result<std::unique_ptr<Phase>> MakeHouseRulesPhase(const Policy& policy);

}  // namespace herald::moderation
