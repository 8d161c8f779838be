// Markdown to HTML for article bodies (GitHub-flavoured: tables,
// strikethrough, autolinks). Raw HTML in the source is dropped and unsafe
// link schemes (javascript:, data: except images, vbscript:) are removed, so
// the output is safe to place in a page as is.
#pragma once

#include <string>
#include <string_view>

#include "core/article.h"

namespace herald {

// Returns the HTML for `markdown`. Thread-safe, but serialised (see the
// comment in markdown.cc): call it when an article is written, not per page.
std::string MarkdownToHtml(std::string_view markdown);

// Sets article.body_html from article.body. Every path that writes an
// article's body calls this before storing it.
void RenderBody(Article& article);

}  // namespace herald
