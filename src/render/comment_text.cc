#include "render/comment_text.h"

#include <algorithm>

#include "common/text.h"

namespace herald {
namespace {

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Characters that end a bare link. Closing punctuation at the very end is
// trimmed separately, so "(see https://x.org)." links to https://x.org.
bool EndsLink(char c) {
  return c == ' ' || c == '\n' || c == '"' || c == '<' || c == '>' || c == '\'' || c == '`';
}

void AppendLine(std::string& out, std::string_view line) {
  size_t pos = 0;
  while (pos < line.size()) {
    size_t http = line.find("http", pos);
    if (http == std::string_view::npos) break;
    std::string_view rest = line.substr(http);
    size_t scheme = rest.starts_with("https://") ? 8 : rest.starts_with("http://") ? 7 : 0;
    bool word_start = http == 0 || !IsAsciiAlnum(line[http - 1]);
    if (scheme == 0 || !word_start) {
      AppendHtmlEscaped(out, line.substr(pos, http + 4 - pos));
      pos = http + 4;
      continue;
    }
    size_t end = http + scheme;
    while (end < line.size() && !EndsLink(line[end])) ++end;
    while (end > http + scheme &&
           std::string_view(".,;:!?)]").find(line[end - 1]) != std::string_view::npos) {
      --end;
    }
    if (end == http + scheme) {
      AppendHtmlEscaped(out, line.substr(pos, end - pos));
      pos = end;
      continue;
    }
    AppendHtmlEscaped(out, line.substr(pos, http - pos));
    std::string_view url = line.substr(http, end - http);
    out += "<a href=\"";
    AppendHtmlEscaped(out, url);
    out += "\" rel=\"nofollow ugc noopener\">";
    AppendHtmlEscaped(out, url);
    out += "</a>";
    pos = end;
  }
  AppendHtmlEscaped(out, line.substr(pos));
}

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Returns `spans` within `text`, on character boundaries, sorted, with
// overlapping and touching ones merged.
std::vector<Span> CleanSpans(std::string_view text, const std::vector<Span>& spans) {
  std::vector<Span> clean;
  for (Span s : spans) {
    s.end = std::min(s.end, text.size());
    if (s.begin >= s.end) continue;
    while (s.begin > 0 && IsContinuationByte(text[s.begin])) --s.begin;
    while (s.end < text.size() && IsContinuationByte(text[s.end])) ++s.end;
    clean.push_back(s);
  }
  std::sort(clean.begin(), clean.end(),
            [](const Span& a, const Span& b) { return a.begin < b.begin; });
  std::vector<Span> merged;
  for (const Span& s : clean) {
    if (!merged.empty() && s.begin <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, s.end);
    } else {
      merged.push_back(s);
    }
  }
  return merged;
}

// Appends text[begin, end) escaped, with the parts inside `spans` marked.
void AppendMarked(std::string& out, std::string_view text, size_t begin, size_t end,
                  const std::vector<Span>& spans) {
  size_t pos = begin;
  for (const Span& s : spans) {
    if (s.end <= pos) continue;
    if (s.begin >= end) break;
    size_t from = std::max(s.begin, pos);
    size_t to = std::min(s.end, end);
    AppendHtmlEscaped(out, text.substr(pos, from - pos));
    out += "<mark>";
    AppendHtmlEscaped(out, text.substr(from, to - from));
    out += "</mark>";
    pos = to;
  }
  AppendHtmlEscaped(out, text.substr(pos, end - pos));
}

}  // namespace

std::string HighlightedCommentHtml(std::string_view text, const std::vector<Span>& spans) {
  const std::vector<Span> marks = CleanSpans(text, spans);
  std::string out;
  out.reserve(text.size() + 32 + marks.size() * 13);
  bool in_paragraph = false;
  bool after_line = false;
  size_t line_begin = 0;
  while (line_begin <= text.size()) {
    size_t line_end = text.find('\n', line_begin);
    if (line_end == std::string_view::npos) line_end = text.size();
    std::string_view line = text.substr(line_begin, line_end - line_begin);
    if (Trim(line).empty()) {
      if (in_paragraph) out += "</p>";
      in_paragraph = false;
      after_line = false;
    } else {
      if (!in_paragraph) {
        out += "<p>";
        in_paragraph = true;
      } else if (after_line) {
        out += "<br>";
      }
      AppendMarked(out, text, line_begin, line_end, marks);
      after_line = true;
    }
    line_begin = line_end + 1;
  }
  if (in_paragraph) out += "</p>";
  return out;
}

std::string CommentToHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 32);
  bool in_paragraph = false;
  bool after_line = false;
  for (std::string_view line : Split(text, '\n')) {
    if (Trim(line).empty()) {
      if (in_paragraph) out += "</p>";
      in_paragraph = false;
      after_line = false;
      continue;
    }
    if (!in_paragraph) {
      out += "<p>";
      in_paragraph = true;
    } else if (after_line) {
      out += "<br>";
    }
    AppendLine(out, line);
    after_line = true;
  }
  if (in_paragraph) out += "</p>";
  return out;
}

}  // namespace herald
