#include "ingest/article_text.h"

#include "common/text.h"
#include "core/dateline.h"
#include "core/slug.h"
#include "render/markdown.h"

namespace herald {
namespace {

struct Line {
  size_t number;  // 1-based.
  std::string_view text;
};

Error At(std::string_view file, size_t line, const std::string& why) {
  return Error{ErrorCode::kInvalidArgument,
               std::string(file) + ":" + std::to_string(line) + ": " + why};
}

bool IsBlank(std::string_view s) { return Trim(s).empty(); }

// Backslash-escapes what Markdown would read as syntax, so imported prose
// renders exactly as written.
std::string EscapeMarkdown(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  bool line_start = true;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool escape = false;
    switch (c) {
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '<':
      case '>':
      case '!':
      case '|':
      case '~':
      case '&':
        escape = true;
        break;
      case '#':
      case '+':
      case '-':
      case '=':
        escape = line_start;
        break;
      default:
        break;
    }
    // "1. " or "1) " at the start of a line would become a list.
    if (line_start && c >= '0' && c <= '9') {
      size_t j = i;
      while (j < text.size() && text[j] >= '0' && text[j] <= '9') ++j;
      if (j < text.size() && (text[j] == '.' || text[j] == ')')) {
        out.append(text.substr(i, j - i));
        out += '\\';
        i = j - 1;
        line_start = false;
        continue;
      }
    }
    if (escape) out += '\\';
    out += c;
    // Up to three leading spaces still leave block syntax live, so the line
    // counts as starting until its first visible character.
    line_start = c == '\n' || (line_start && (c == ' ' || c == '\t'));
  }
  return out;
}

}  // namespace

Result<ArticleText> ParseArticleText(std::string_view text, const Edition& edition,
                                     std::string_view file) {
  if (text.size() > kMaxArticleTextBytes) {
    return std::unexpected(At(file, 1, "file is larger than 1 MiB"));
  }
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);

  std::vector<Line> lines;
  size_t number = 1;
  // A final newline ends the last line; it does not start another.
  if (text.ends_with('\n')) text.remove_suffix(1);
  for (std::string_view raw : Split(text, '\n')) {
    if (raw.ends_with('\r')) raw.remove_suffix(1);
    if (!IsValidUtf8(raw)) return std::unexpected(At(file, number, "line is not valid UTF-8"));
    lines.push_back(Line{number++, raw});
  }

  size_t i = 0;
  auto skip_blank = [&] {
    while (i < lines.size() && IsBlank(lines[i].text)) ++i;
  };
  auto last_line = [&] { return lines.empty() ? size_t{1} : lines.back().number; };

  ArticleText out;
  skip_blank();
  if (i == lines.size()) return std::unexpected(At(file, last_line(), "file is empty"));
  auto dateline = ParseDateline(edition, lines[i].text);
  if (!dateline) {
    return std::unexpected(
        At(file, lines[i].number, "expected a dateline: " + dateline.error().message));
  }
  out.dateline = *dateline;
  ++i;

  skip_blank();
  constexpr std::string_view kNewsId = "News ID:";
  if (i == lines.size() || !Trim(lines[i].text).starts_with(kNewsId)) {
    return std::unexpected(At(file, i < lines.size() ? lines[i].number : last_line(),
                              "expected 'News ID: <number>' after the dateline"));
  }
  long long id = 0;
  std::string_view id_text = Trim(Trim(lines[i].text).substr(kNewsId.size()));
  if (!ParseNonNegative(id_text, id) || id == 0 || id > kMaxNewsId) {
    return std::unexpected(
        At(file, lines[i].number,
           "News ID must be a whole number from 1 to " + std::to_string(kMaxNewsId)));
  }
  out.id = id;
  ++i;

  skip_blank();
  if (i == lines.size() || Trim(lines[i].text) == "Send comment") {
    return std::unexpected(
        At(file, i < lines.size() ? lines[i].number : last_line(), "expected the lead"));
  }
  out.lead = std::string(Trim(lines[i].text));
  ++i;
  if (i < lines.size() && !IsBlank(lines[i].text)) {
    out.caption = std::string(Trim(lines[i].text));
    ++i;
    if (i < lines.size() && !IsBlank(lines[i].text)) {
      return std::unexpected(
          At(file, lines[i].number,
             "unexpected line after the caption; paragraphs must follow a blank line"));
    }
  }

  while (true) {
    skip_blank();
    if (i == lines.size() || Trim(lines[i].text) == "Send comment") break;
    std::string paragraph;
    while (i < lines.size() && !IsBlank(lines[i].text)) {
      if (!paragraph.empty()) paragraph += '\n';
      // Only the line's end is trimmed: a leading agency tag such as
      // "RNA -" keeps its no-break space.
      // Leading ASCII indentation is layout, not text, and would make the
      // line a Markdown code block.
      std::string_view t = lines[i].text;
      while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
      while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
      paragraph += t;
      ++i;
    }
    out.paragraphs.push_back(std::move(paragraph));
  }
  if (out.paragraphs.empty()) {
    return std::unexpected(At(file, last_line(), "the article has no body paragraphs"));
  }
  return out;
}

std::string ParagraphsToMarkdown(const std::vector<std::string>& paragraphs) {
  std::string md;
  for (const std::string& p : paragraphs) {
    if (!md.empty()) md += "\n\n";
    md += EscapeMarkdown(p);
  }
  return md;
}

std::string HeadlineFromLead(std::string_view lead) {
  std::string_view s = Trim(lead);
  size_t dash = s.find(" - ");
  if (dash <= 40) s = Trim(s.substr(dash + 3));
  constexpr size_t kMax = 110;
  if (CountCodePoints(s) <= kMax) {
    if (s.ends_with('.')) s.remove_suffix(1);
    return std::string(s);
  }
  // Cut at kMax code points, then back to a clause or a word.
  std::string_view cut = PrefixCodePoints(s, kMax);
  size_t comma = cut.rfind(", ");
  size_t space = cut.rfind(' ');
  if (comma != std::string_view::npos && comma > 40) {
    cut = cut.substr(0, comma);
  } else if (space != std::string_view::npos && space > 40) {
    cut = cut.substr(0, space);
  }
  return std::string(cut) + "\xE2\x80\xA6";  // "…"
}

Article ArticleFromText(const ArticleText& text, const std::optional<Article>& existing,
                        const ImportOptions& options) {
  Article a;
  if (existing) {
    a = *existing;
  } else {
    a.edition = options.edition;
    a.section = options.section;
    a.created_at = options.now;
    a.headline = HeadlineFromLead(text.lead);
  }
  a.id = text.id;
  if (options.headline) a.headline = *options.headline;
  a.slug = MakeSlug(a.headline);
  a.lead = text.lead;
  a.image_caption = text.caption;
  a.body = ParagraphsToMarkdown(text.paragraphs);
  RenderBody(a);
  a.published_at = text.dateline;
  // A resent wire file must not bring back a story the desk withdrew or is
  // holding: an existing article keeps its status.
  a.status = existing ? existing->status : ArticleStatus::kPublished;
  bool unchanged = existing && existing->headline == a.headline && existing->lead == a.lead &&
                   existing->image_caption == a.image_caption && existing->body == a.body &&
                   existing->published_at == a.published_at && existing->status == a.status;
  a.updated_at = unchanged ? existing->updated_at : options.now;
  return a;
}

}  // namespace herald
