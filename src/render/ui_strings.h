// The words of the site's own interface, per language ("News ID", "Older
// stories", ...). Article text comes from the newsroom; these come from here.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

#include "core/comment.h"

namespace herald {

struct UiStrings {
  std::string_view skip_to_content;
  std::string_view editions;
  std::string_view sections;
  std::string_view news_id;
  std::string_view send_comment;
  std::string_view comments_closed;
  std::string_view related;
  std::string_view correction;
  std::string_view photo_credit;  // Before the photographer's or agency's name.
  std::string_view also_in;
  std::string_view tags;
  std::string_view latest;
  std::string_view tag_heading;  // Followed by the tag name.
  std::string_view newer;
  std::string_view older;
  std::string_view page;  // "Page" before a page number.
  std::string_view no_stories;
  std::string_view not_found_title;
  std::string_view not_found_text;
  std::string_view error_title;
  std::string_view error_text;
  std::string_view back_home;
  std::string_view powered_by;

  // Comments.
  std::string_view comments;
  std::string_view no_comments;
  std::string_view comment_name;
  std::string_view comment_email;
  std::string_view comment_email_hint;
  std::string_view comment_body;
  std::string_view comment_send;
  std::string_view comment_send_anyway;
  std::string_view comment_reply;
  std::string_view comment_replying;
  std::string_view comment_report;
  std::string_view comment_reported;
  std::string_view comment_premoderated;
  std::string_view comment_trap;  // Label of the honeypot field, never seen by people.
  std::string_view comment_permalink;
  std::string_view outcome_published;
  std::string_view outcome_pending;
  std::string_view outcome_rejected;
  std::string_view outcome_refused;
  std::string_view outcome_nudge;
  std::string_view outcome_invalid;
  std::string_view outcome_rate_limited;
  std::string_view outcome_closed;
  std::string_view outcome_banned;
  std::string_view outcome_expired;
  // Why a comment was held or refused, by reason code (see ReasonMessage).
  std::string_view reason_empty;
  std::string_view reason_too_long;
  std::string_view reason_spam;
  std::string_view reason_rate_limit;
  std::string_view reason_duplicate;
  std::string_view reason_language;
  std::string_view reason_banned_word;
  std::string_view reason_suspect_word;
  std::string_view reason_abuse;
  std::string_view reason_libel_risk;
  std::string_view reason_house_rule;
  std::string_view reason_premoderation;

  // Search.
  std::string_view search_label;        // The search field's label.
  std::string_view search_placeholder;  // Its hint.
  std::string_view search_button;
  std::string_view search_heading;  // The search page's <h1> before a search.
  // "{count} results for “{query}”": {count} and {query} are replaced.
  std::string_view search_results_one;
  std::string_view search_results_many;
  std::string_view search_no_results;
  std::string_view search_too_long;
  std::string_view search_previous;  // Link to the previous page of results.
  std::string_view search_next;

  // A comment's private status page, and appeals.
  std::string_view comment_status_link;  // Link to it, shown once after posting.
  std::string_view status_title;
  std::string_view status_private;  // Anyone with the link can see it: keep it.
  std::string_view status_on_story;
  std::string_view status_reasons;
  std::string_view status_note;  // Before the moderator's note.
  std::string_view status_view_comment;
  std::string_view appeal_heading;
  std::string_view appeal_intro;
  std::string_view appeal_label;
  std::string_view appeal_send;
  std::string_view appeal_sent;
  std::string_view appeal_pending;
  std::string_view appeal_upheld;
  std::string_view appeal_overturned;
  std::string_view appeal_yours;  // Before the commenter's own appeal text.
  std::string_view appeal_empty;
  std::string_view appeal_too_long;
  std::string_view appeal_twice;
  std::string_view appeal_not_rejected;
  std::string_view appeal_expired;
};

// Returns the strings for `language` (a BCP 47 tag; "fa", "fa-IR", ...),
// falling back to English.
const UiStrings& StringsFor(std::string_view language);

// Returns the plain-words explanation of `reason` for a commenter.
std::string_view ReasonMessage(const UiStrings& strings, Reason reason);

// Returns the reasons of `findings` a commenter is shown, each once, in
// pipeline order, with their explanations.
std::vector<std::pair<Reason, std::string_view>> ReasonsFor(const UiStrings& strings,
                                                            const std::vector<Finding>& findings);

}  // namespace herald
