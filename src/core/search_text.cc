#include "core/search_text.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

#include "common/text.h"

namespace herald {
namespace {

constexpr UChar32 kPersianYeh = 0x06CC;
constexpr UChar32 kKeheh = 0x06A9;
constexpr UChar32 kHeh = 0x0647;
constexpr UChar32 kWaw = 0x0648;
constexpr UChar32 kAlef = 0x0627;
constexpr UChar32 kZwnjChar = 0x200C;
constexpr UChar32 kDrop = -1;

// The one-character rewrites of NormaliseForSearch, applied after NFKC.
// Returns kDrop for characters that are removed.
UChar32 MapChar(UChar32 c) {
  if (c < 0x80) return c;
  if (c >= 0x06F0 && c <= 0x06F9) return '0' + (c - 0x06F0);  // Persian digits.
  if (c >= 0x0660 && c <= 0x0669) return '0' + (c - 0x0660);  // Arabic-Indic digits.
  switch (c) {
    case 0x064A:  // Arabic yeh.
    case 0x0649:  // Alef maksura.
    case 0x0626:  // Yeh with hamza above.
      return kPersianYeh;
    case 0x0643:  // Arabic kaf.
      return kKeheh;
    case 0x0629:  // Teh marbuta.
    case 0x06C0:  // Heh with yeh above (Persian ezafe).
    case 0x06C1:  // Heh goal.
    case 0x06C2:  // Heh goal with hamza above.
    case 0x06D5:  // Ae.
      return kHeh;
    case 0x0624:  // Waw with hamza above.
      return kWaw;
    case 0x0622:  // Alef with madda.
    case 0x0623:  // Alef with hamza above.
    case 0x0625:  // Alef with hamza below.
    case 0x0671:  // Alef wasla.
    case 0x0672:  // Alef with wavy hamza above.
    case 0x0673:  // Alef with wavy hamza below.
      return kAlef;
    case 0x0640:  // Tatweel: stretches a word, means nothing.
    case 0x0670:  // Superscript alef.
    case 0x200D:  // Zero-width joiner.
    case 0x00AD:  // Soft hyphen.
    case 0xE000:  // The highlight markers.
    case 0xE001:
      return kDrop;
    default:
      break;
  }
  // Harakat, Quranic annotation marks and small high letters.
  if ((c >= 0x0610 && c <= 0x061A) || (c >= 0x064B && c <= 0x065F) ||
      (c >= 0x06D6 && c <= 0x06DC) || (c >= 0x06DF && c <= 0x06E4) || c == 0x06E7 || c == 0x06E8 ||
      (c >= 0x06EA && c <= 0x06ED)) {
    return kDrop;
  }
  return c;
}

const icu::Normalizer2* Nfkc() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
  return U_SUCCESS(status) ? nfkc : nullptr;
}

void AppendUtf8(std::string& out, UChar32 c) {
  char buf[U8_MAX_LENGTH];
  int32_t n = 0;
  UBool error = false;
  U8_APPEND(buf, n, U8_MAX_LENGTH, c, error);
  if (!error) out.append(buf, static_cast<size_t>(n));
}

// Calls emit(code point) for NFKC of the segment text[start, end), mapped.
template <typename Emit>
void NormaliseSegment(const icu::Normalizer2* nfkc, std::string_view text, int32_t start,
                      int32_t end, Emit emit) {
  auto put = [&emit](UChar32 c) {
    UChar32 mapped = MapChar(c);
    if (mapped != kDrop) emit(mapped);
  };
  // Most segments are one character that NFKC leaves alone: skip ICU's
  // string round trip for them.
  int32_t i = start;
  UChar32 first = 0;
  U8_NEXT(text.data(), i, end, first);  // NOLINT(bugprone-inc-dec-in-conditions): ICU's macro.
  icu::UnicodeString decomposition;
  if (first >= 0 && i == end &&
      (first < 0x80 || nfkc == nullptr || !nfkc->getDecomposition(first, decomposition))) {
    put(first);
    return;
  }
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data() + start, static_cast<int32_t>(end - start)));
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString out = nfkc != nullptr ? nfkc->normalize(in, status) : in;
  if (U_FAILURE(status)) out = in;
  for (int32_t k = 0; k < out.length(); k = out.moveIndex32(k, 1)) put(out.char32At(k));
}

// Runs the normaliser over `text`, calling emit(code point, segment start,
// segment end) for each output character.
template <typename Emit>
void Normalise(std::string_view text, Emit emit) {
  const icu::Normalizer2* nfkc = Nfkc();
  const auto len = static_cast<int32_t>(text.size());
  int32_t segment = 0;
  int32_t i = 0;
  while (i < len) {
    int32_t at = i;
    UChar32 c = 0;
    U8_NEXT(text.data(), i, len, c);  // NOLINT(bugprone-inc-dec-in-conditions): ICU's macro.
    if (c < 0) {
      // Invalid bytes (callers pass valid UTF-8): end the segment, drop them.
      if (at > segment) {
        NormaliseSegment(nfkc, text, segment, at, [&](UChar32 out) { emit(out, segment, at); });
      }
      segment = i;
      continue;
    }
    if (at > segment && (nfkc == nullptr || nfkc->hasBoundaryBefore(c))) {
      NormaliseSegment(nfkc, text, segment, at, [&](UChar32 out) { emit(out, segment, at); });
      segment = at;
    }
  }
  if (len > segment) {
    NormaliseSegment(nfkc, text, segment, len, [&](UChar32 out) { emit(out, segment, len); });
  }
}

bool IsWordChar(UChar32 c) {
  return (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_N_MASK | U_GC_M_MASK)) != 0;
}

bool IsLetterOrDigit(UChar32 c) { return (U_GET_GC_MASK(c) & (U_GC_L_MASK | U_GC_N_MASK)) != 0; }

// Persian verb prefixes and plural and comparative suffixes that readers
// type as separate words but the newsroom joins with a ZWNJ (or nothing).
constexpr std::array<std::string_view, 2> kJoiningPrefixes = {"می", "نمی"};
constexpr std::array<std::string_view, 5> kJoiningSuffixes = {"ها", "های", "هایی", "تر", "ترین"};

template <size_t N>
bool OneOf(const std::array<std::string_view, N>& set, std::string_view word) {
  for (std::string_view s : set) {
    if (s == word) return true;
  }
  return false;
}

bool IsArabicScript(std::string_view word) {
  int32_t i = 0;
  UChar32 c = 0;
  U8_NEXT(word.data(), i, static_cast<int32_t>(word.size()), c);  // NOLINT
  UErrorCode status = U_ZERO_ERROR;
  return c >= 0 && uscript_getScript(c, &status) == USCRIPT_ARABIC;
}

void AppendQuoted(std::string& out, std::string_view s) {
  out.push_back('"');
  for (char ch : s) {
    if (ch == '"') out.push_back('"');  // FTS5 escapes a quote by doubling it.
    out.push_back(ch);
  }
  out.push_back('"');
}

// Decodes the character reference at html[i] ('&'); returns the code
// point and advances i past it, or nullopt (i unchanged) when it is none
// that rendered Markdown produces.
std::optional<UChar32> DecodeReference(std::string_view html, size_t& i) {
  size_t semi = html.find(';', i);
  if (semi == std::string_view::npos || semi - i > 10) return std::nullopt;
  std::string_view name = html.substr(i + 1, semi - i - 1);
  UChar32 c = -1;
  if (name == "amp") {
    c = '&';
  } else if (name == "lt") {
    c = '<';
  } else if (name == "gt") {
    c = '>';
  } else if (name == "quot") {
    c = '"';
  } else if (name == "apos") {
    c = '\'';
  } else if (name == "nbsp") {
    c = ' ';
  } else if (name.size() > 1 && name[0] == '#') {
    bool hex = name[1] == 'x' || name[1] == 'X';
    std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty()) return std::nullopt;
    int64_t v = 0;
    for (char d : digits) {
      int digit = -1;
      if (d >= '0' && d <= '9') {
        digit = d - '0';
      } else if (hex && d >= 'a' && d <= 'f') {
        digit = d - 'a' + 10;
      } else if (hex && d >= 'A' && d <= 'F') {
        digit = d - 'A' + 10;
      }
      if (digit < 0) return std::nullopt;
      v = v * (hex ? 16 : 10) + digit;
      if (v > 0x10FFFF) return std::nullopt;
    }
    c = static_cast<UChar32>(v);
    if (c == 0 || (c >= 0xD800 && c <= 0xDFFF)) c = 0xFFFD;
  } else {
    return std::nullopt;
  }
  i = semi + 1;
  return c;
}

// Elements after which the text of the next one is another line.
bool IsBlockTag(std::string_view name) {
  static constexpr std::array<std::string_view, 24> kBlocks = {
      "p",     "br",         "div",        "li", "ul",  "ol", "h1", "h2",
      "h3",    "h4",         "h5",         "h6", "tr",  "td", "th", "table",
      "thead", "blockquote", "figcaption", "hr", "pre", "dd", "dt", "figure"};
  for (std::string_view b : kBlocks) {
    if (name == b) return true;
  }
  return false;
}

// Collapses runs of white space: one with a line break becomes "\n",
// others one space; none at either end.
std::string CollapseSpace(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool pending = false;
  bool pending_newline = false;
  for (char ch : s) {
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f') {
      pending = true;
      if (ch == '\n') pending_newline = true;
      continue;
    }
    if (pending && !out.empty()) out.push_back(pending_newline ? '\n' : ' ');
    pending = pending_newline = false;
    out.push_back(ch);
  }
  return out;
}

}  // namespace

std::string NormaliseForSearch(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  Normalise(text, [&out](UChar32 c, int32_t, int32_t) { AppendUtf8(out, c); });
  return out;
}

MappedSearchText NormaliseForSearchMapped(std::string_view text) {
  MappedSearchText m;
  m.text.reserve(text.size());
  m.from.reserve(text.size());
  m.to.reserve(text.size());
  Normalise(text, [&m](UChar32 c, int32_t start, int32_t end) {
    AppendUtf8(m.text, c);
    m.from.resize(m.text.size(), static_cast<uint32_t>(start));
    m.to.resize(m.text.size(), static_cast<uint32_t>(end));
  });
  return m;
}

std::string SearchableText(std::string_view text) { return StripHighlight(text); }

std::string HtmlToSearchableText(std::string_view html) {
  std::string text;
  text.reserve(html.size());
  size_t i = 0;
  while (i < html.size()) {
    char ch = html[i];
    if (ch == '<') {
      if (html.substr(i).starts_with("<!--")) {
        size_t end = html.find("-->", i + 4);
        i = end == std::string_view::npos ? html.size() : end + 3;
        continue;
      }
      size_t end = html.find('>', i + 1);
      if (end == std::string_view::npos) break;  // A cut-off tag: drop the rest.
      size_t name_start = i + 1;
      if (name_start < end && html[name_start] == '/') ++name_start;
      size_t name_end = name_start;
      while (name_end < end && (std::isalnum(static_cast<unsigned char>(html[name_end])) != 0)) {
        ++name_end;
      }
      std::string name = AsciiLower(html.substr(name_start, name_end - name_start));
      if (IsBlockTag(name)) text.push_back('\n');
      i = end + 1;
      continue;
    }
    if (ch == '&') {
      if (auto c = DecodeReference(html, i)) {
        AppendUtf8(text, *c);
        continue;
      }
    }
    text.push_back(ch);
    ++i;
  }
  return CollapseSpace(StripHighlight(text));
}

std::vector<SearchTerm> SearchTerms(std::string_view query, size_t max_terms) {
  std::string text = NormaliseForSearch(query);
  // Words, each a list of parts joined by ZWNJs.
  std::vector<std::vector<std::string>> words;
  std::vector<std::string> parts;
  std::string part;
  bool has_letter = false;  // The current word has a letter or digit.
  auto end_part = [&] {
    if (!part.empty()) parts.push_back(std::move(part));
    part.clear();
  };
  auto end_word = [&] {
    end_part();
    if (!parts.empty() && has_letter) words.push_back(std::move(parts));
    parts.clear();
    has_letter = false;
  };
  const auto len = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < len) {
    int32_t at = i;
    UChar32 c = 0;
    U8_NEXT(text.data(), i, len, c);  // NOLINT(bugprone-inc-dec-in-conditions): ICU's macro.
    if (c == kZwnjChar) {
      end_part();
      continue;
    }
    if (c < 0 || !IsWordChar(c)) {
      end_word();
      continue;
    }
    if (IsLetterOrDigit(c)) has_letter = true;
    part.append(text, static_cast<size_t>(at), static_cast<size_t>(i - at));
  }
  end_word();

  // Join the prefixes and suffixes typed apart to their words.
  std::vector<std::vector<std::string>> joined;
  for (size_t w = 0; w < words.size(); ++w) {
    std::vector<std::string>& word = words[w];
    if (word.size() == 1 && OneOf(kJoiningPrefixes, word[0]) && w + 1 < words.size() &&
        IsArabicScript(words[w + 1][0])) {
      std::vector<std::string>& next = words[w + 1];
      next.insert(next.begin(), word[0]);
      continue;
    }
    if (word.size() == 1 && OneOf(kJoiningSuffixes, word[0]) && !joined.empty() &&
        IsArabicScript(joined.back().back())) {
      joined.back().push_back(std::move(word[0]));
      continue;
    }
    joined.push_back(std::move(word));
  }

  std::vector<SearchTerm> terms;
  for (auto& word : joined) {
    if (terms.size() == max_terms) break;
    terms.push_back(SearchTerm{std::move(word), false});
  }
  if (!terms.empty()) {
    size_t length = 0;
    for (const std::string& p : terms.back().parts) length += CountCodePoints(p);
    terms.back().prefix = length >= 2;
  }
  return terms;
}

std::string Fts5MatchExpression(const std::vector<SearchTerm>& terms) {
  std::string out;
  for (const SearchTerm& t : terms) {
    if (t.parts.empty()) continue;
    if (!out.empty()) out += " AND ";
    const char* star = t.prefix ? "*" : "";
    if (t.parts.size() == 1) {
      AppendQuoted(out, t.parts[0]);
      out += star;
      continue;
    }
    std::string together;
    std::string apart;
    for (const std::string& p : t.parts) {
      together += p;
      if (!apart.empty()) apart.push_back(' ');
      apart += p;
    }
    out += "(";
    AppendQuoted(out, together);
    out += star;
    out += " OR ";
    AppendQuoted(out, apart);
    out += star;
    out += ")";
  }
  return out;
}

std::string HighlightToHtml(std::string_view marked) {
  std::string out;
  out.reserve(marked.size() + 32);
  bool open = false;
  size_t i = 0;
  while (i < marked.size()) {
    size_t open_at = marked.find(kSearchMarkOpen, i);
    size_t close_at = marked.find(kSearchMarkClose, i);
    size_t next = std::min(open_at, close_at);
    AppendHtmlEscaped(out, marked.substr(i, next == std::string_view::npos ? next : next - i));
    if (next == std::string_view::npos) break;
    if (next == open_at && !open) {
      out += "<mark>";
      open = true;
    } else if (next == close_at && open) {
      out += "</mark>";
      open = false;
    }
    i = next + kSearchMarkOpen.size();  // Both markers are 3 bytes.
  }
  if (open) out += "</mark>";
  return out;
}

std::string StripHighlight(std::string_view marked) {
  std::string out;
  out.reserve(marked.size());
  size_t i = 0;
  while (i < marked.size()) {
    size_t open_at = marked.find(kSearchMarkOpen, i);
    size_t close_at = marked.find(kSearchMarkClose, i);
    size_t next = std::min(open_at, close_at);
    if (next == std::string_view::npos) {
      out.append(marked.substr(i));
      break;
    }
    out.append(marked.substr(i, next - i));
    i = next + kSearchMarkOpen.size();
  }
  return out;
}

}  // namespace herald
