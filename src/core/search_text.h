// Search text: how article text and readers' queries are made comparable.
//
// Readers type Persian on Arabic keyboards, with or without the zero-width
// non-joiner, with Persian or ASCII digits; editors paste Arabic-script text
// with vowel marks and Latin text with accents. The same normaliser runs when
// an article is indexed and when a query is read, so each spelling finds the
// others. (Case and Latin accents are folded after this by the index's
// tokenizer, SQLite's unicode61 with remove_diacritics 2.)
//
// A reader's query is never handed to the index as syntax: SearchTerms
// splits it into words and Fts5MatchExpression quotes each one.
//
// Pure functions, no I/O, thread-safe. Text must be valid UTF-8.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace herald {

// The longest query a reader may send, in code points.
inline constexpr size_t kMaxSearchQueryChars = 256;

// Highlighted matches in a snippet are wrapped in these private-use
// characters (U+E000, U+E001) by the store; HighlightToHtml turns them into
// <mark> after escaping. Stored text is stripped of them first
// (SearchableText), so an article cannot forge a highlight.
inline constexpr std::string_view kSearchMarkOpen = "\xEE\x80\x80";
inline constexpr std::string_view kSearchMarkClose = "\xEE\x80\x81";

// The zero-width non-joiner (U+200C), which Persian writes inside words
// ("می‌خواهم") and which readers often type as nothing or as a space.
inline constexpr std::string_view kZwnj = "\xE2\x80\x8C";

// Returns `text` normalised for matching:
//  - NFKC (presentation forms, ligatures, full-width letters unfolded);
//  - Arabic yeh (U+064A), alef maksura (U+0649) and yeh with hamza (U+0626)
//    become Persian yeh (U+06CC); Arabic kaf (U+0643) becomes keheh (U+06A9);
//  - teh marbuta (U+0629), heh with yeh (U+06C0), heh goal (U+06C1, U+06C2)
//    and ae (U+06D5) become heh (U+0647); waw with hamza (U+0624) becomes
//    waw (U+0648);
//  - alefs with hamza or madda (U+0622, U+0623, U+0625, U+0671) become alef
//    (U+0627);
//  - harakat and Quranic marks (U+0610-U+061A, U+064B-U+065F, U+0670,
//    U+06D6-U+06ED marks), tatweel (U+0640), the zero-width joiner and the
//    soft hyphen are removed;
//  - Persian (U+06F0-U+06F9) and Arabic-Indic (U+0660-U+0669) digits become
//    ASCII digits;
//  - the highlight markers are removed.
// The zero-width non-joiner is kept: the tokenizer treats it as the joint
// of a compound word (see SearchTokenizer in store/sqlite/sqlite_search.h).
std::string NormaliseForSearch(std::string_view text);

// NormaliseForSearch with a map back to the input, for highlighting the
// original text: the bytes text[i] of the result came from the input bytes
// [from[i], to[i]). Both vectors have text.size() entries; both are
// non-decreasing, and each range starts and ends on a character boundary
// (a base letter with its combining marks is never split).
struct MappedSearchText {
  std::string text;
  std::vector<uint32_t> from;
  std::vector<uint32_t> to;
};
MappedSearchText NormaliseForSearchMapped(std::string_view text);

// Returns `text` as it is kept in the index (and shown in snippets): the
// highlight markers removed, nothing else changed.
std::string SearchableText(std::string_view text);

// Returns the readable text of rendered article HTML: tags removed (block
// elements and <br> become line breaks, so words never run together),
// character references decoded, highlight markers removed, runs of blank
// space collapsed.
std::string HtmlToSearchableText(std::string_view html);

// One word of a reader's query. `parts` has one entry for a plain word and
// several for a compound: a word written with zero-width non-joiners
// ("می‌خواهم"), or a Persian prefix or suffix the reader typed apart
// ("می خواهم", "کتاب ها"). A compound matches its parts joined into one
// word or its parts in a row.
struct SearchTerm {
  std::vector<std::string> parts;  // Normalised, never empty, without ZWNJ.
  bool prefix = false;             // Also match words that begin with it.
};

// Splits a reader's query into terms: NormaliseForSearch, then words are
// the runs of letters, digits and combining marks (everything else,
// quotes, operators and punctuation included, separates words). The last
// term matches as a prefix when it has at least 2 characters. At most
// `max_terms` terms are kept.
std::vector<SearchTerm> SearchTerms(std::string_view query, size_t max_terms = 16);

// Returns an SQLite FTS5 MATCH expression that finds documents containing
// every term: each term a quoted string, a compound as ("joined" OR "a b"),
// a prefix term with '*'. Returns "" when `terms` is empty.
std::string Fts5MatchExpression(const std::vector<SearchTerm>& terms);

// Returns `marked` (plain text with kSearchMarkOpen/kSearchMarkClose around
// matches) as HTML: escaped, then the markers replaced by <mark> and
// </mark>. Unbalanced markers are dropped, so the result is always
// well-formed.
std::string HighlightToHtml(std::string_view marked);

// Returns `marked` without its markers: the plain text.
std::string StripHighlight(std::string_view marked);

}  // namespace herald
