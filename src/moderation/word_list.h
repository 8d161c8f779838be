// Word lists: phase 4. Banned words refuse a comment, suspect words hold it.
//
// Matching is by whole word, so that innocent words containing a listed one
// ("Scunthorpe", "assassin", "cocktail") pass, and it sees through the usual
// disguises: case, leetspeak ("sh1t", "@ss"), letters split by separators
// ("f.u.c.k", "f u c k"), repeated letters ("fuuuck"), look-alike letters
// (Cyrillic, Greek, fullwidth, accented).
//
// A list entry is one word, optionally with "*" at either end to match any
// word beginning ("fuck*") or ending ("*fucker") with it. Letters only; a
// run of repeated letters in the text matches when it is as long
// as in the entry or stretched to three or more ("idiot" matches "idiooot",
// "ass" does not match "as", "asses" does not match "assess").
#pragma once

#include <memory>
#include <span>
#include <string_view>

#include "common/result.h"
#include "moderation/screening.h"

namespace herald::moderation {

// Returns the phase for `policy`: the built-in lists of `policy.languages`
// (English when empty; English and Persian are built in), unless
// `policy.builtin_word_lists` is false, plus `policy.banned_words` and
// `policy.suspect_words`. Returns kInvalidArgument naming the entry when an
// entry is unusable (empty, a phrase, digits or punctuation, a lone "*").
//
// Run adds one finding per distinct word found: kBannedWord (rejected, and
// sets `stop`) or kSuspectWord (pending), detail = the list entry, spans =
// every occurrence in `s.text`. Thread-safe.
Result<std::unique_ptr<Phase>> MakeWordListPhase(const Policy& policy);

// The team's own lists for `language` (ISO 639-1), in the entry syntax
// above. "en" and "fa" have lists; other languages have none.
struct BuiltinWordList {
  std::span<const std::string_view> banned;
  std::span<const std::string_view> suspect;
};
BuiltinWordList BuiltinWordLists(std::string_view language);

}  // namespace herald::moderation
