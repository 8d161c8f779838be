#include "render/comment_text.h"

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

}  // namespace

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
