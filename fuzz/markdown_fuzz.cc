// Article bodies: MarkdownToHtml (cmark-gfm in safe mode, with tables,
// strikethrough and autolinks), whose output pages insert raw.
//
// The property is the one markdown.h promises: the output is safe to place
// in a page. Every tag must be one cmark writes for Markdown (raw HTML is
// dropped), no attribute may be an event handler (on...), and no href or
// src may, as a browser reads it (entities decoded, leading spaces and
// control characters dropped, tabs and newlines removed, any case), start
// with javascript:, vbscript: or data: (PNG, GIF, JPEG and WebP data
// excepted, as cmark allows them).
#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <set>
#include <string>
#include <string_view>

#include "render/markdown.h"

namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Decodes the character references cmark writes (&amp; &lt; &gt; &quot;
// &#NN; &#xNN;); others stay as they are, which only makes the check stricter.
std::string DecodeEntities(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    size_t end = s.find(';', i);
    if (end == std::string_view::npos || end - i > 10) {
      out += s[i];
      continue;
    }
    std::string_view name = s.substr(i + 1, end - i - 1);
    long code = -1;
    if (name == "amp") code = '&';
    if (name == "lt") code = '<';
    if (name == "gt") code = '>';
    if (name == "quot") code = '"';
    if (name.size() > 1 && name[0] == '#') {
      bool hex = name[1] == 'x' || name[1] == 'X';
      std::string digits(name.substr(hex ? 2 : 1));
      if (!digits.empty() && digits.size() < 8)
        code = std::strtol(digits.c_str(), nullptr, hex ? 16 : 10);
    }
    if (code < 0) {
      out += s[i];
      continue;
    }
    out += code < 0x80 ? static_cast<char>(code) : '?';
    i = end;
  }
  return out;
}

void CheckUrl(std::string_view value) {
  std::string url = DecodeEntities(value);
  // Browsers drop leading C0 controls and spaces and every tab and newline.
  size_t start = 0;
  while (start < url.size() && static_cast<unsigned char>(url[start]) <= 0x20) ++start;
  url.erase(0, start);
  std::erase_if(url, [](char c) { return c == '\t' || c == '\n' || c == '\r'; });
  url = Lower(url);
  if (url.starts_with("javascript:") || url.starts_with("vbscript:")) __builtin_trap();
  // Raster images only: SVG may carry script.
  static const std::string_view kImages[] = {"data:image/png", "data:image/gif", "data:image/jpeg",
                                             "data:image/webp"};
  if (url.starts_with("data:") &&
      std::none_of(std::begin(kImages), std::end(kImages),
                   [&](std::string_view prefix) { return url.starts_with(prefix); })) {
    __builtin_trap();
  }
}

void CheckHtml(std::string_view html) {
  static const std::set<std::string, std::less<>> kTags = {
      "a",      "blockquote", "br",    "code", "del", "em",    "h1", "h2", "h3",
      "h4",     "h5",         "h6",    "hr",   "img", "li",    "ol", "p",  "pre",
      "strong", "table",      "tbody", "td",   "th",  "thead", "tr", "ul"};
  for (size_t i = html.find('<'); i != std::string_view::npos; i = html.find('<', i + 1)) {
    if (html.substr(i).starts_with("<!-- raw HTML omitted -->")) continue;
    size_t at = i + 1;
    if (at < html.size() && html[at] == '/') ++at;
    size_t name_end = at;
    while (name_end < html.size() && std::isalnum(static_cast<unsigned char>(html[name_end]))) {
      ++name_end;
    }
    std::string tag = Lower(html.substr(at, name_end - at));
    // Text '<' is written as &lt;: any '<' in the output starts a tag.
    if (!kTags.contains(tag)) __builtin_trap();
    at = name_end;
    while (at < html.size() && html[at] != '>') {
      while (at < html.size() && (IsSpace(html[at]) || html[at] == '/')) ++at;
      size_t name_start = at;
      while (at < html.size() && !IsSpace(html[at]) && html[at] != '=' && html[at] != '>' &&
             html[at] != '/') {
        ++at;
      }
      std::string attribute = Lower(html.substr(name_start, at - name_start));
      if (attribute.starts_with("on")) __builtin_trap();
      if (at >= html.size() || html[at] != '=') continue;
      ++at;
      std::string_view value;
      if (at < html.size() && (html[at] == '"' || html[at] == '\'')) {
        size_t close = html.find(html[at], at + 1);
        if (close == std::string_view::npos) __builtin_trap();
        value = html.substr(at + 1, close - at - 1);
        at = close + 1;
      } else {
        size_t value_start = at;
        while (at < html.size() && !IsSpace(html[at]) && html[at] != '>') ++at;
        value = html.substr(value_start, at - value_start);
      }
      if (attribute == "href" || attribute == "src") CheckUrl(value);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string html =
      herald::MarkdownToHtml(std::string_view(reinterpret_cast<const char*>(data), size));
  CheckHtml(html);
  return 0;
}
