// Markdown to HTML for article bodies (GitHub-flavoured: tables,
// strikethrough, autolinks). Raw HTML in the source is dropped and unsafe
// link schemes (javascript:, data: except images, vbscript:) are removed, so
// the output is safe to place in a page as is.
#pragma once

#include <string>
#include <string_view>

namespace herald {

// Returns the HTML for `markdown`. Thread-safe.
std::string MarkdownToHtml(std::string_view markdown);

}  // namespace herald
