// Comment bodies as HTML: escaped text, never markup.
#pragma once

#include <string>
#include <string_view>

namespace herald {

// Returns `text` (a stored, normalised comment body) as HTML: every
// character escaped; blank lines start a new <p>, single line breaks become
// <br>; http:// and https:// links become <a rel="nofollow ugc noopener">
// so that readers can follow them but search engines give them no credit.
std::string CommentToHtml(std::string_view text);

}  // namespace herald
