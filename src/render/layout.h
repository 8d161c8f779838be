// Internal to render/: what every page renderer shares with pages.cc, which
// defines it: the compiled templates, the interface words, and the site
// layout (head, masthead, navigation, footer) around a page's content.
#pragma once

#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>

#include <string>

#include "render/pages.h"
#include "render/ui_strings.h"

namespace herald {

// Returns templates/`name`.mustache compiled, for this thread (a compiled
// template is not thread-safe). Throws std::logic_error if it is missing or
// malformed: a build error, not a runtime one.
kainjow::mustache::mustache& PageTemplate(const std::string& name);

// Returns `j` as JSON safe to insert raw inside a <script> element (JSON-LD,
// the desk's boot data): every '<', '>' and '&' and U+2028/U+2029 escaped,
// so no string can end the element. Defined in structured_data.cc.
std::string ScriptSafeJson(const nlohmann::ordered_json& j);

// The words the templates read as {{t.NAME}}.
kainjow::mustache::data StringsData(const UiStrings& strings);

// What the layout needs of a page that is neither an article nor a list.
struct PageOptions {
  std::string title;         // <title>, without the site name; plain text.
  bool noindex = false;      // <meta name="robots" content="noindex">.
  bool no_referrer = false;  // <meta name="referrer" content="no-referrer">.
};

// Returns `content_html` (rendered and safe) inside the site's layout in
// the chrome's edition: language, direction, navigation. No canonical link
// and no sharing metadata.
std::string RenderInLayout(const PageChrome& chrome, const PageOptions& options,
                           const std::string& content_html);

}  // namespace herald
