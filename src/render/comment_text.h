// Comment bodies as HTML: escaped text, never markup.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/comment.h"

namespace herald {

// Returns `text` (a stored, normalised comment body) as HTML: every
// character escaped; blank lines start a new <p>, single line breaks become
// <br>; http:// and https:// links become <a rel="nofollow ugc noopener">
// so that readers can follow them but search engines give them no credit.
std::string CommentToHtml(std::string_view text);

// Returns `text` as HTML for moderators: paragraphs and line breaks as
// CommentToHtml makes them, no links, and the byte ranges `spans` (screening's
// findings) inside <mark>. Spans are clamped to the text, widened to whole
// UTF-8 characters and merged where they overlap or touch; a span that
// crosses a line break is marked on each line.
std::string HighlightedCommentHtml(std::string_view text, const std::vector<Span>& spans);

}  // namespace herald
