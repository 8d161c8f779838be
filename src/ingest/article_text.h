// Reading wire-agency article pages in plain text (the format of
// shared/reference/seed-article.txt):
//
//   18 December 2016 - 17:34            dateline, in the edition's zone
//   News ID: 425881
//   Rasa - A top Iranian official ...   lead, starting with the agency name
//   Ali Shamkhani in a meeting ...      photo caption (optional, no blank line before)
//
//   RNA - Given the misconduct ...      paragraphs, separated by blank lines
//   ...
//   Send comment                        the comment box: ignored from here on
//
// Parsing is pure: no store, no files. Errors carry "FILE:LINE: why".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "core/article.h"
#include "core/edition.h"

namespace herald {

struct ArticleText {
  NewsId id = 0;
  UnixTime dateline = 0;
  std::string lead;
  std::string caption;
  std::vector<std::string> paragraphs;  // As written, agency tags included.
};

inline constexpr size_t kMaxArticleTextBytes = size_t{1024} * 1024;

// Parses one article page. `file` names the source in error messages; the
// dateline is read in `edition`'s zone and pattern.
Result<ArticleText> ParseArticleText(std::string_view text, const Edition& edition,
                                     std::string_view file);

// Returns the paragraphs as Markdown that renders back to the same text:
// characters Markdown would interpret are backslash-escaped.
std::string ParagraphsToMarkdown(const std::vector<std::string>& paragraphs);

// Returns a headline made from a lead when none is given: the agency prefix
// ("Rasa - ") dropped, cut at a clause or word boundary to at most 110
// characters.
std::string HeadlineFromLead(std::string_view lead);

struct ImportOptions {
  std::string edition;
  std::string section;
  std::optional<std::string> headline;  // Replaces the stored headline when set.
  UnixTime now = 0;
};

// Builds the article to store from parsed text. When `existing` is set (the
// News ID is already stored) the text fields are replaced and the rest
// (headline unless given, tags, byline, translations) is kept, so importing
// the same file twice changes nothing. New articles are published; an
// existing one keeps its status, so a resent file cannot republish a story
// the desk withdrew.
Article ArticleFromText(const ArticleText& text, const std::optional<Article>& existing,
                        const ImportOptions& options);

}  // namespace herald
