#include "render/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <cstdlib>
#include <memory>
#include <mutex>

namespace herald {
namespace {

void EnsureExtensionsRegistered() {
  static std::once_flag once;
  std::call_once(once, [] { cmark_gfm_core_extensions_ensure_registered(); });
}

struct ParserDeleter {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
struct NodeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};

}  // namespace

std::string MarkdownToHtml(std::string_view markdown) {
  EnsureExtensionsRegistered();
  // cmark-gfm 0.29 keeps the table of special inline characters in a global
  // that each parser with extensions edits while it runs, so concurrent
  // parses lose strikethrough and autolinks. One parse at a time.
  static std::mutex parse_mutex;
  std::lock_guard lock(parse_mutex);
  // CMARK_OPT_DEFAULT is safe mode: raw HTML and dangerous URLs are dropped.
  const int options = CMARK_OPT_DEFAULT;
  std::unique_ptr<cmark_parser, ParserDeleter> parser(cmark_parser_new(options));
  for (const char* name : {"table", "strikethrough", "autolink"}) {
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name)) {
      cmark_parser_attach_syntax_extension(parser.get(), ext);
    }
  }
  cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
  std::unique_ptr<cmark_node, NodeDeleter> doc(cmark_parser_finish(parser.get()));
  char* html =
      cmark_render_html(doc.get(), options, cmark_parser_get_syntax_extensions(parser.get()));
  std::string out(html ? html : "");
  std::free(html);
  return out;
}

void RenderBody(Article& article) { article.body_html = MarkdownToHtml(article.body); }

}  // namespace herald
