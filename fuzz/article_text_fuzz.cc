// The wire article importer (`herald import article`): ParseArticleText in
// both demo editions (their zones and calendars differ), then what the
// importer builds from an accepted text: the headline, the Markdown body
// and its HTML, and the checks an article must pass before it is stored.
//
// Properties: a parsed article's text is valid UTF-8 (lines are checked),
// so the headline made from its lead must be too, at most 110 code points
// plus an ellipsis; the slug must be one IsSlugShaped accepts.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "common/text.h"
#include "config/config.h"
#include "core/slug.h"
#include "ingest/article_text.h"
#include "render/markdown.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace herald;
  static const Config kConfig = DefaultConfig();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const Edition& edition : kConfig.editions) {
    auto parsed = ParseArticleText(text, edition, "fuzz.txt");
    if (!parsed) continue;
    std::string headline = HeadlineFromLead(parsed->lead);
    if (!IsValidUtf8(headline) || CountCodePoints(headline) > 111) __builtin_trap();
    Article a = ArticleFromText(*parsed, std::nullopt,
                                ImportOptions{edition.code, "politics", std::nullopt, 1700000000});
    if (!IsSlugShaped(a.slug)) __builtin_trap();
    RenderBody(a);
    // The importer's last check before storing; either answer is fine.
    if (!ValidateArticle(a, kConfig.editions)) continue;
  }
  return 0;
}
