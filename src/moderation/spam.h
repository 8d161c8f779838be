// Spam: phase 2. Bots, floods, reposts and link farms.
#pragma once

#include <memory>
#include <string_view>

#include "moderation/screening.h"

namespace herald::moderation {

// Returns how many links `folded` holds (http://, https://, www.).
int CountLinks(std::string_view folded);

// The phase: refuses a filled-in honeypot (spam), a commenter over a rate
// limit (rate_limit) and a repost of their own recent comment (duplicate);
// holds a form sent faster than a person can type and a comment with more
// links than the policy allows (spam). Stops after a refusal.
std::unique_ptr<Phase> MakeSpamPhase();

}  // namespace herald::moderation
