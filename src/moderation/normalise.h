// Normalise: phase 1. Makes the text that is stored, shown and matched.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "moderation/screening.h"

namespace herald::moderation {

// Returns `text` as Herald stores and shows it: NFC; control, format and
// zero-width characters removed (except the zero-width non-joiner and
// joiner, which Persian spelling and emoji need); runs of spaces and tabs
// collapsed to one space; CR LF and CR turned into LF; at most one blank
// line in a row; no space at the start or end of a line or of the text.
// `text` must be valid UTF-8.
std::string NormaliseText(std::string_view text);

// Returns `text` on one line (line breaks become spaces), else as
// NormaliseText. For names.
std::string NormaliseLine(std::string_view text);

// Returns `text` folded for matching: NFKC with case folding, which also
// drops default-ignorable characters.
std::string FoldForMatching(std::string_view text);

// Returns a stable hash (16 hex digits) of the letters and digits of
// `folded`, so that a repost differing only in spacing or punctuation is
// still the same comment.
std::string BodyHash(std::string_view folded);

// The phase: fills s.text, s.name, s.folded and s.body_hash from the
// submission; refuses (and stops) an empty or over-long comment.
std::unique_ptr<Phase> MakeNormalisePhase();

}  // namespace herald::moderation
