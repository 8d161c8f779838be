// Test helpers only: a strict little XML 1.0 well-formedness check and the
// articles the feeds tests share. (The integration tests check the real
// outputs with real parsers: feedparser and xmllint.)
#pragma once

#include <gtest/gtest.h>
#include <unicode/utf8.h>

#include <string>
#include <string_view>
#include <vector>

#include "core/article.h"

namespace herald::feeds::testing {

// Text that breaks XML or HTML wherever escaping is missed, with characters
// XML 1.0 forbids and a byte that is not UTF-8.
inline const std::string kHostile =
    std::string("<b>\"Fish\" & 'chips'</b> ]]> \x01\x08\x0B\x1F end \xEF\xBF\xBE") + "\xC3(";

namespace internal {

inline bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ':' ||
         c == '-' || c == '_' || c == '.';
}

// Returns why `s` is not valid character data (text or an attribute
// value), or "".
inline std::string CheckCharData(std::string_view s) {
  if (s.find("]]>") != std::string_view::npos) return "']]>' in character data";
  const auto* bytes = reinterpret_cast<const uint8_t*>(s.data());
  const auto length = static_cast<int32_t>(s.size());
  int32_t i = 0;
  while (i < length) {
    int32_t at = i;
    UChar32 c = 0;
    U8_NEXT(bytes, i, length, c);  // NOLINT(bugprone-inc-dec-in-conditions): ICU's macro.
    if (c < 0) return "invalid UTF-8 at " + std::to_string(at);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF) {
      return "forbidden character U+" + std::to_string(c) + " at " + std::to_string(at);
    }
    if (c == '<') return "raw '<' in character data at " + std::to_string(at);
    if (c == '&') {
      size_t semi = s.find(';', static_cast<size_t>(at));
      std::string_view ref =
          semi == std::string_view::npos ? s.substr(at) : s.substr(at, semi - at + 1);
      if (ref != "&amp;" && ref != "&lt;" && ref != "&gt;" && ref != "&quot;" && ref != "&apos;") {
        return "bad entity reference '" + std::string(ref.substr(0, 12)) + "'";
      }
    }
  }
  return "";
}

}  // namespace internal

// Returns success iff `xml` is a well-formed XML 1.0 document of the shape
// Herald writes: an optional declaration, one root element, elements with
// double-quoted attributes, text with the five predefined entities only.
inline ::testing::AssertionResult IsWellFormedXml(std::string_view xml) {
  auto fail = [&](const std::string& why) {
    return ::testing::AssertionFailure() << why << "\n--- in:\n" << xml.substr(0, 3000);
  };
  size_t pos = 0;
  if (xml.starts_with("<?xml")) {
    pos = xml.find("?>");
    if (pos == std::string_view::npos) return fail("unterminated declaration");
    pos += 2;
  }
  std::vector<std::string> open;
  bool had_root = false;
  while (pos < xml.size()) {
    size_t lt = xml.find('<', pos);
    std::string_view text = xml.substr(pos, lt == std::string_view::npos ? xml.npos : lt - pos);
    if (open.empty()) {
      if (text.find_first_not_of(" \t\r\n") != std::string_view::npos) {
        return fail("text outside the root element");
      }
    } else if (std::string why = internal::CheckCharData(text); !why.empty()) {
      return fail(why);
    }
    if (lt == std::string_view::npos) break;
    size_t gt = xml.find('>', lt);
    if (gt == std::string_view::npos) return fail("unterminated tag");
    std::string_view tag = xml.substr(lt + 1, gt - lt - 1);
    pos = gt + 1;
    if (tag.starts_with('/')) {
      std::string name(tag.substr(1));
      if (open.empty() || open.back() != name) return fail("mismatched end tag </" + name + ">");
      open.pop_back();
      continue;
    }
    bool empty = tag.ends_with('/');
    if (empty) tag.remove_suffix(1);
    size_t n = 0;
    while (n < tag.size() && internal::IsNameChar(tag[n])) ++n;
    if (n == 0) return fail("bad tag <" + std::string(tag.substr(0, 20)) + ">");
    std::string name(tag.substr(0, n));
    // Attributes: name="value", separated by spaces.
    std::string_view attrs = tag.substr(n);
    while (!attrs.empty()) {
      if (attrs.front() != ' ') return fail("bad attributes in <" + name + ">");
      attrs.remove_prefix(1);
      size_t eq = attrs.find("=\"");
      if (eq == 0 || eq == std::string_view::npos) return fail("bad attribute in <" + name + ">");
      for (char c : attrs.substr(0, eq)) {
        if (!internal::IsNameChar(c)) return fail("bad attribute name in <" + name + ">");
      }
      size_t close = attrs.find('"', eq + 2);
      if (close == std::string_view::npos) return fail("unterminated attribute in <" + name + ">");
      if (std::string why = internal::CheckCharData(attrs.substr(eq + 2, close - eq - 2));
          !why.empty()) {
        return fail(why);
      }
      attrs.remove_prefix(close + 1);
    }
    if (open.empty() && had_root) return fail("a second root element <" + name + ">");
    had_root = true;
    if (!empty) open.push_back(name);
  }
  if (!open.empty()) return fail("unclosed element <" + open.back() + ">");
  if (!had_root) return fail("no root element");
  return ::testing::AssertionSuccess();
}

// Returns success iff `text` contains `needle`.
inline ::testing::AssertionResult Has(std::string_view text, std::string_view needle) {
  if (text.find(needle) != std::string_view::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "missing: " << needle << "\n--- in:\n" << text;
}

// Returns success iff `text` does not contain `needle`.
inline ::testing::AssertionResult Lacks(std::string_view text, std::string_view needle) {
  if (text.find(needle) == std::string_view::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "unexpected: " << needle << "\n--- in:\n" << text;
}

}  // namespace herald::feeds::testing
