// The words of the site's own interface, per language ("News ID", "Older
// stories", ...). Article text comes from the newsroom; these come from here.
#pragma once

#include <string_view>

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
};

// Returns the strings for `language` (a BCP 47 tag; "fa", "fa-IR", ...),
// falling back to English.
const UiStrings& StringsFor(std::string_view language);

}  // namespace herald
