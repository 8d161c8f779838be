// Libel risk: phase 6. Holds a comment that pins an accusation or insult on a
// named person, so that a person reads it before it is published.
//
// A name is a person's name from the article (capitalised multi-word names in
// the headline, lead and body, and their surnames alone) or a capitalised
// name in the comment ("John Smith", "Mr Smith", "Minister Karimi", or a
// capitalised word inside a sentence). Institutions, places, nationalities,
// days and months are not names where the built-in lists or the article tell
// them apart. An accusation is a word or phrase from the built-in English and
// Persian lists ("thief", "took bribes", ...) or `policy.accusation_words`.
// Both must be in the same sentence.
#pragma once

#include <memory>

#include "common/result.h"
#include "moderation/screening.h"

namespace herald::moderation {

// Returns the phase. Returns kInvalidArgument naming the entry when an entry
// of `policy.accusation_words` is empty or has no letters.
//
// Run adds one kLibelRisk finding (pending) per distinct name and accusation
// paired in a sentence: detail "Name: accusation", spans of both in `s.text`.
// Thread-safe.
Result<std::unique_ptr<Phase>> MakeLibelPhase(const Policy& policy);

}  // namespace herald::moderation
