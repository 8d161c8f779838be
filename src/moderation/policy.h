// Policy: how one edition screens its comments, as the operator configured
// it (TOML `[editions.moderation]`, see docs/OPERATIONS.md).
//
// Plain values; config/ fills them in, moderation/ reads them.
#pragma once

#include <string>
#include <vector>

#include "core/comment.h"

namespace herald::moderation {

// One of the agency's own rules: a pattern the model cannot know.
struct HouseRule {
  std::string name;     // Shown to moderators, e.g. "no phone numbers".
  std::string pattern;  // ICU regular expression, matched case-insensitively.
  CommentStatus outcome = CommentStatus::kPending;  // kPending holds, kRejected refuses.
  std::string message;  // Shown to the commenter; a generic one when empty.
};

struct Policy {
  // The phases to run, in order, by name: normalise, spam, language,
  // word_list, abuse, libel, house_rules. The decision always runs last.
  std::vector<std::string> phases = {"normalise", "spam",  "language",   "word_list",
                                     "abuse",     "libel", "house_rules"};
  CommentMode mode = CommentMode::kPost;
  // New commenters are held until this many of their comments were approved.
  int trusted_after = 0;

  // normalise
  size_t max_length = kDefaultMaxCommentLength;  // Code points.

  // spam
  int min_form_seconds = 3;         // A form sent sooner was filled in by a bot.
  int max_links = 2;                // More links than this hold the comment.
  int per_address_per_minute = 5;   // Comments from one client address.
  int per_identity_per_minute = 3;  // Comments from one commenter.
  int duplicate_window_seconds = 86400;

  // language: ISO 639-1 codes accepted; empty accepts every language.
  std::vector<std::string> languages = {"en"};
  float language_min_confidence = 0.5f;
  int language_min_words = 3;  // Shorter texts cannot be identified: held.

  // word_list: added to the built-in lists of the edition's language.
  std::vector<std::string> banned_words;
  std::vector<std::string> suspect_words;
  bool builtin_word_lists = true;

  // abuse: scores at or above hold, or reject; nudge asks the writer first.
  float abuse_nudge = 0.5f;
  float abuse_hold = 0.8f;
  float abuse_reject = 0.995f;

  // libel: accusation words added to the built-in list.
  std::vector<std::string> accusation_words;

  std::vector<HouseRule> house_rules;
};

}  // namespace herald::moderation
