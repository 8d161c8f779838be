#include "moderation/word_list.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <bitset>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace herald::moderation {
namespace {

// Returns the code point at `i` of `text` and moves `i` past it; a negative
// value for an ill-formed byte.
UChar32 NextCodePoint(std::string_view text, int32_t& i) {
  UChar32 c = 0;
  const auto length = static_cast<int32_t>(text.size());
  U8_NEXT(text.data(), i, length, c);  // NOLINT(bugprone-inc-dec-in-conditions): ICU's macro.
  return c;
}

// What a character is to the matcher.
enum class Kind : uint8_t {
  kOther,   // Ends a word and any chain of words: punctuation, symbols.
  kLetter,  // Part of a word; `out` is its folded form.
  kLeet,    // A digit or symbol that may stand for a letter; `out` lists the letters.
  kMark,    // Inside a word but invisible to matching: accents, tatweel, ZWNJ.
  kTight,   // A separator people put between letters: "f.u.c.k", "f-u-c-k".
  kSpace,
};

struct Folded {
  Kind kind = Kind::kOther;
  uint8_t n = 0;  // Code points in `out`; for kLeet, alternatives (0: none).
  bool digit = false;
  bool trim = false;  // A leet symbol that is usually punctuation at a word's edge ("no!").
  std::array<char32_t, 3> out{};
};

Folded Letters(std::u32string_view s) {
  Folded f;
  f.kind = Kind::kLetter;
  f.n = static_cast<uint8_t>(std::min<size_t>(s.size(), 3));
  std::copy_n(s.begin(), f.n, f.out.begin());
  return f;
}

Folded Leet(std::u32string_view alternatives, bool digit, bool trim) {
  Folded f = Letters(alternatives);
  f.kind = Kind::kLeet;
  f.digit = digit;
  f.trim = trim;
  return f;
}

Folded OfKind(Kind kind) {
  Folded f;
  f.kind = kind;
  return f;
}

// Persian spellings of the Arabic letters people type for them, so that a
// word matches whichever keyboard wrote it.
char32_t PersianLetter(char32_t c) {
  switch (c) {
    case 0x064A:  // ARABIC YEH
    case 0x0649:  // ALEF MAKSURA
      return 0x06CC;
    case 0x0643:  // ARABIC KAF
      return 0x06A9;
    case 0x0629:  // TEH MARBUTA
    case 0x06C0:  // HEH WITH YEH ABOVE
      return 0x0647;
    case 0x0623:  // ALEF WITH HAMZA ABOVE
    case 0x0625:  // ALEF WITH HAMZA BELOW
    case 0x0671:  // ALEF WASLA
      return 0x0627;
    case 0x0624:  // WAW WITH HAMZA ABOVE
      return 0x0648;
    default:
      return c;
  }
}

bool IsAsciiLetters(const icu::UnicodeString& s) {
  if (s.isEmpty() || s.length() > 3) return false;
  for (int32_t i = 0; i < s.length(); ++i) {
    char16_t c = s.charAt(i);
    if (c < 'a' || c > 'z') return false;
  }
  return true;
}

std::u32string ToU32(const icu::UnicodeString& s) {
  std::u32string out;
  for (int32_t i = 0; i < s.length(); i = s.moveIndex32(i, 1)) out.push_back(s.char32At(i));
  return out;
}

// Decomposes (compatibility), drops the marks and folds case: "Ｆ" -> "f",
// "é" -> "e", "ﬀ" -> "ff".
icu::UnicodeString BaseLetters(const icu::UnicodeString& s, const icu::Normalizer2& nfkd) {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString decomposed = nfkd.normalize(s, status);
  if (U_FAILURE(status)) return {};
  icu::UnicodeString out;
  for (int32_t i = 0; i < decomposed.length(); i = decomposed.moveIndex32(i, 1)) {
    UChar32 c = decomposed.char32At(i);
    if (u_getCombiningClass(c) != 0 || u_charType(c) == U_NON_SPACING_MARK) continue;
    out.append(c);
  }
  out.foldCase();
  return out;
}

// How every character the tables cover folds: ASCII by hand, the rest with
// ICU (decomposition for accents, fullwidth and mathematical letters; the
// confusables skeleton for Cyrillic and Greek look-alikes). Built once.
class CharMap {
 public:
  static const CharMap& Get() {
    static const CharMap* const map = new CharMap();
    return *map;
  }

  Folded Lookup(UChar32 c) const {
    if (c >= 0 && static_cast<size_t>(c) < low_.size()) return low_[static_cast<size_t>(c)];
    auto it = high_.find(static_cast<char32_t>(c));
    if (it != high_.end()) return it->second;
    return Classify(c);
  }

 private:
  CharMap() {
    UErrorCode status = U_ZERO_ERROR;
    nfkd_ = icu::Normalizer2::getNFKDInstance(status);
    nfkc_ = icu::Normalizer2::getNFKCInstance(status);
    spoof_ = uspoof_open(&status);
    if (U_FAILURE(status)) {
      nfkd_ = nullptr;
      spoof_ = nullptr;
    }
    for (char32_t c = 0; c < low_.size(); ++c) low_[c] = Compute(static_cast<UChar32>(c));
    const std::pair<char32_t, char32_t> ranges[] = {
        {0x1D00, 0x2000},    // Phonetic extensions, Latin Extended Additional, Greek Extended.
        {0x2000, 0x2070},    // General punctuation.
        {0x2100, 0x2150},    // Letterlike symbols.
        {0x2460, 0x2500},    // Enclosed alphanumerics.
        {0xFB00, 0xFB07},    // Latin ligatures.
        {0xFB50, 0xFE00},    // Arabic presentation forms A.
        {0xFE70, 0xFF00},    // Arabic presentation forms B.
        {0xFF00, 0xFF70},    // Fullwidth ASCII.
        {0x1D400, 0x1D800},  // Mathematical alphanumerics.
        {0x1F130, 0x1F18A},  // Squared and negative circled letters.
        {0x1F1E6, 0x1F200},  // Regional indicators, which render as letters.
    };
    for (auto [from, to] : ranges) {
      for (char32_t c = from; c < to; ++c) {
        Folded f = Compute(static_cast<UChar32>(c));
        if (f.kind != Classify(static_cast<UChar32>(c)).kind || f.kind == Kind::kLetter ||
            f.kind == Kind::kLeet) {
          high_.emplace(c, f);
        }
      }
    }
    if (spoof_ != nullptr) uspoof_close(spoof_);
    spoof_ = nullptr;
  }

  // The cheap classification for characters outside the tables.
  static Folded Classify(UChar32 c) {
    if (c == 0x200C || c == 0x200D) return OfKind(Kind::kMark);
    const int8_t type = u_charType(c);
    if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK ||
        type == U_COMBINING_SPACING_MARK) {
      return OfKind(Kind::kMark);
    }
    if (u_isUWhiteSpace(c)) return OfKind(Kind::kSpace);
    if (u_isalpha(c)) {
      const char32_t folded = static_cast<char32_t>(u_foldCase(c, U_FOLD_CASE_DEFAULT));
      return Letters(std::u32string_view(&folded, 1));
    }
    return OfKind(Kind::kOther);
  }

  Folded Ascii(char c) const {
    if (c >= 'a' && c <= 'z') return Letters(std::u32string(1, static_cast<char32_t>(c)));
    if (c >= 'A' && c <= 'Z')
      return Letters(std::u32string(1, static_cast<char32_t>(c - 'A' + 'a')));
    switch (c) {
      case '0':
        return Leet(U"o", true, false);
      case '1':
        return Leet(U"il", true, false);
      case '2':
        return Leet(U"", true, false);
      case '3':
        return Leet(U"e", true, false);
      case '4':
        return Leet(U"a", true, false);
      case '5':
        return Leet(U"s", true, false);
      case '6':
        return Leet(U"gb", true, false);
      case '7':
        return Leet(U"t", true, false);
      case '8':
        return Leet(U"b", true, false);
      case '9':
        return Leet(U"g", true, false);
      case '@':
        return Leet(U"a", false, false);
      case '$':
        return Leet(U"s", false, false);
      case '!':
        return Leet(U"i", false, true);
      case '|':
        return Leet(U"li", false, true);
      case '+':
        return Leet(U"t", false, true);
      // Not the apostrophe: "as's" is not "ass".
      case '.':
      case '-':
      case '_':
      case '*':
      case '~':
      case '^':
      case '=':
        return OfKind(Kind::kTight);
      case ' ':
      case '\t':
      case '\n':
      case '\r':
        return OfKind(Kind::kSpace);
      default:
        return OfKind(Kind::kOther);
    }
  }

  Folded Compute(UChar32 c) const {
    if (c < 0x80) return Ascii(static_cast<char>(c));
    switch (c) {
      case 0x20AC:
        return Leet(U"e", false, true);  // Euro sign.
      case 0x00B7:
      case 0x2022:
      case 0x2027:
      case 0x2010:
      case 0x2011:
      case 0x2013:
      case 0x2219:
      case 0x22C5:
        return OfKind(Kind::kTight);
      case 0x0640:  // Tatweel only stretches Arabic letters.
        return OfKind(Kind::kMark);
      default:
        break;
    }
    Folded plain = Classify(c);
    if (plain.kind == Kind::kMark || plain.kind == Kind::kSpace) return plain;
    const UScriptCode script = [c] {
      UErrorCode status = U_ZERO_ERROR;
      return uscript_getScript(c, &status);
    }();
    if (script == USCRIPT_ARABIC) {
      if (plain.kind != Kind::kLetter || nfkc_ == nullptr) return plain;
      UErrorCode status = U_ZERO_ERROR;
      icu::UnicodeString base = nfkc_->normalize(icu::UnicodeString(c), status);
      if (U_FAILURE(status)) return plain;
      std::u32string letters;
      for (char32_t l : ToU32(base)) {
        if (u_isalpha(static_cast<UChar32>(l))) letters.push_back(PersianLetter(l));
      }
      return letters.empty() ? plain : Letters(letters);
    }
    if (nfkd_ == nullptr) return plain;
    const bool alnum = u_isalpha(c) || u_isdigit(c);
    if (!alnum) return plain;
    icu::UnicodeString base = BaseLetters(icu::UnicodeString(c), *nfkd_);
    if (IsAsciiLetters(base)) return Letters(ToU32(base));
    if (base.length() == 1 && base.charAt(0) >= '0' && base.charAt(0) <= '9') {
      return Ascii(static_cast<char>(base.charAt(0)));
    }
    const bool confusable_script = script == USCRIPT_LATIN || script == USCRIPT_GREEK ||
                                   script == USCRIPT_CYRILLIC || script == USCRIPT_COMMON ||
                                   script == USCRIPT_ARMENIAN || script == USCRIPT_CHEROKEE;
    if (spoof_ != nullptr && confusable_script && u_isalpha(c)) {
      UErrorCode status = U_ZERO_ERROR;
      icu::UnicodeString skeleton;
      uspoof_getSkeletonUnicodeString(spoof_, 0, icu::UnicodeString(c), skeleton, &status);
      if (U_SUCCESS(status)) {
        icu::UnicodeString letters = BaseLetters(skeleton, *nfkd_);
        // The skeleton writes capital I as "l"; a capital look-alike of I
        // ("І", "Ι") is meant as I.
        if (letters == icu::UnicodeString(u"l") && u_isupper(c)) letters = u"i";
        if (IsAsciiLetters(letters)) return Letters(ToU32(letters));
      }
    }
    return plain;
  }

  const icu::Normalizer2* nfkd_ = nullptr;
  const icu::Normalizer2* nfkc_ = nullptr;
  USpoofChecker* spoof_ = nullptr;  // Only while building.
  std::array<Folded, 0x800> low_{};
  std::unordered_map<char32_t, Folded> high_;
};

enum class Anchor : uint8_t { kWhole, kPrefix, kSuffix, kInfix };

struct Entry {
  std::string word;  // As listed, for the finding's detail.
  bool banned = false;
  Anchor anchor = Anchor::kWhole;
  std::u32string key;           // Letters with repeats collapsed.
  std::vector<uint8_t> counts;  // How often each letter of `key` repeats.
};

// Folds `word` into `entry`, or returns why it cannot be matched.
Result<Entry> ParseEntry(std::string_view word, bool banned, std::string_view list) {
  auto fail = [&](std::string_view why) {
    return Fail(ErrorCode::kInvalidArgument,
                std::string(list) + " entry \"" + std::string(word) + "\": " + std::string(why));
  };
  Entry entry;
  entry.word = std::string(word);
  entry.banned = banned;
  std::string_view core = word;
  const bool prefix = core.ends_with('*');
  if (prefix) core.remove_suffix(1);
  const bool suffix = core.starts_with('*');
  if (suffix) core.remove_prefix(1);
  entry.anchor = prefix && suffix ? Anchor::kInfix
                 : prefix         ? Anchor::kPrefix
                 : suffix         ? Anchor::kSuffix
                                  : Anchor::kWhole;
  if (core.empty()) return fail("empty");
  const CharMap& map = CharMap::Get();
  size_t letters = 0;
  int32_t i = 0;
  const auto len = static_cast<int32_t>(core.size());
  while (i < len) {
    UChar32 c = NextCodePoint(core, i);
    if (c < 0) return fail("not UTF-8");
    const Folded f = map.Lookup(c);
    if (f.kind == Kind::kMark) continue;
    if (f.kind == Kind::kSpace) return fail("phrases are not matched; use a house rule");
    if (f.kind != Kind::kLetter)
      return fail("only letters (and \"*\" at either end) may be listed");
    for (uint8_t k = 0; k < f.n; ++k) {
      ++letters;
      if (!entry.key.empty() && entry.key.back() == f.out[k]) {
        if (entry.counts.back() < 255) ++entry.counts.back();
      } else {
        entry.key.push_back(f.out[k]);
        entry.counts.push_back(1);
      }
    }
  }
  if (letters < 2) return fail("a word needs two letters or more");
  return entry;
}

struct Unit {
  uint32_t begin = 0;  // Bytes of `s.text`.
  uint32_t end = 0;
  Folded f;
};

// A word: units [first, last] that are letters, leet or marks.
struct Token {
  uint32_t first = 0;
  uint32_t last = 0;
  bool matchable = false;  // Not a number or code ("1990", "A55").
  bool single = false;     // One letter: part of a spaced-out word, maybe.
};

// How a token is joined to the one before it.
enum class Gap : uint8_t { kBroken, kTight, kSpaced };

// The words of a comment, and the spaced-out and dotted-out words among them.
constexpr size_t kMaxAmbiguous = 3;  // Leet characters with two readings, tried both ways.
constexpr size_t kMaxSpacedLetters = 16;
constexpr size_t kMinSpacedLetters = 3;
constexpr size_t kMaxGapUnits = 3;
constexpr size_t kFilterBits = 4096;

class WordListPhase final : public Phase {
 public:
  explicit WordListPhase(std::vector<Entry> entries) : entries_(std::move(entries)) {
    for (uint32_t i = 0; i < entries_.size(); ++i) {
      const Entry& e = entries_[i];
      Index& index = indexes_[static_cast<size_t>(e.anchor)];
      index.by_key[e.key].push_back(i);
      if (e.anchor == Anchor::kSuffix) {
        const size_t n = e.key.size();
        index.pairs.set(n > 1 ? PairBit(e.key[n - 1], e.key[n - 2]) : PairBit(e.key[0], 0));
      } else {
        index.pairs.set(PairBit(e.key[0], e.key.size() > 1 ? e.key[1] : 0));
      }
      if (std::find(index.lengths.begin(), index.lengths.end(), e.key.size()) ==
          index.lengths.end()) {
        index.lengths.push_back(e.key.size());
      }
    }
  }

  std::string_view Name() const override { return "word_list"; }

  void Run(Screening& s) const override {
    if (entries_.empty()) return;
    Scratch scratch;
    scratch.tokens.reserve(s.text.size() / 4 + 1);
    scratch.gaps.reserve(s.text.size() / 4 + 1);
    scratch.key.reserve(64);
    scratch.counts.reserve(64);
    Decode(s.text, scratch.units);
    FindTokens(scratch);
    const std::vector<Token>& tokens = scratch.tokens;
    // Whole tokens first, so that a word's own span wins over a chain's.
    for (size_t t = 0; t < tokens.size(); ++t) TryRange(scratch, t, t);
    // Chains of tokens joined by tight separators: "f.u.c.k", "bull-shit".
    for (size_t t = 0; t < tokens.size();) {
      size_t end = t;
      while (end + 1 < tokens.size() && scratch.gaps[end + 1] == Gap::kTight) ++end;
      if (end > t) TryRange(scratch, t, end);
      t = end + 1;
    }
    // Runs of single letters spaced out: "f u c k", "s h i t".
    for (size_t t = 0; t < tokens.size();) {
      if (!tokens[t].single) {
        ++t;
        continue;
      }
      size_t end = t;
      while (end + 1 < tokens.size() && tokens[end + 1].single &&
             scratch.gaps[end + 1] != Gap::kBroken) {
        ++end;
      }
      for (size_t from = t; from + kMinSpacedLetters <= end + 1; ++from) {
        for (size_t n = kMinSpacedLetters; n <= kMaxSpacedLetters && from + n <= end + 1; ++n) {
          TryRange(scratch, from, from + n - 1);
        }
      }
      t = end + 1;
    }
    bool banned = false;
    for (auto& [entry, spans] : scratch.found) {
      const Entry& e = entries_[entry];
      banned = banned || e.banned;
      s.Add(e.banned ? Reason::kBannedWord : Reason::kSuspectWord,
            e.banned ? CommentStatus::kRejected : CommentStatus::kPending, e.word,
            std::move(spans));
    }
    if (banned) s.stop = true;
  }

 private:
  struct Index {
    // Keys view entries_, which never change after construction.
    std::unordered_map<std::u32string_view, std::vector<uint32_t>> by_key;
    std::vector<size_t> lengths;
    // The first two letters of every key (the last two for suffixes), hashed:
    // most words of a comment start with letters no entry starts with, and
    // skip the hash lookups.
    std::bitset<kFilterBits> pairs;
  };

  static size_t PairBit(char32_t a, char32_t b) {
    return (static_cast<size_t>(a) * 131 + static_cast<size_t>(b)) % kFilterBits;
  }

  // True iff some entry of `index` may start (end, for suffixes) at `key[at]`.
  static bool MayStartAt(const Index& index, const std::u32string& key, size_t at) {
    const char32_t next = at + 1 < key.size() ? key[at + 1] : 0;
    return index.pairs.test(PairBit(key[at], next)) || index.pairs.test(PairBit(key[at], 0));
  }

  struct Scratch {
    std::vector<Unit> units;
    std::vector<Token> tokens;
    std::vector<Gap> gaps;  // gaps[t]: between tokens t-1 and t.
    std::u32string key;
    std::vector<uint8_t> counts;
    std::vector<std::pair<uint32_t, std::vector<Span>>> found;  // In order of first match.
  };

  static void Decode(std::string_view text, std::vector<Unit>& units) {
    const CharMap& map = CharMap::Get();
    units.reserve(text.size());
    int32_t i = 0;
    const auto len = static_cast<int32_t>(text.size());
    while (i < len) {
      const int32_t start = i;
      UChar32 c = NextCodePoint(text, i);
      Folded f = c < 0 ? OfKind(Kind::kOther) : map.Lookup(c);
      units.push_back(Unit{static_cast<uint32_t>(start), static_cast<uint32_t>(i), f});
    }
  }

  static bool InWord(Kind k) { return k == Kind::kLetter || k == Kind::kLeet || k == Kind::kMark; }

  static void FindTokens(Scratch& scratch) {
    const std::vector<Unit>& units = scratch.units;
    // Punctuation-like leet at a word's edges is punctuation: "no!", "|x|".
    auto edge = [&units](size_t at) { return units[at].f.kind == Kind::kLeet && units[at].f.trim; };
    size_t gap_units = 0;
    bool gap_broken = false;
    bool gap_space = false;
    size_t u = 0;
    while (u < units.size()) {
      const Kind kind = units[u].f.kind;
      if (!InWord(kind)) {
        ++gap_units;
        gap_broken = gap_broken || kind == Kind::kOther;
        gap_space = gap_space || kind == Kind::kSpace;
        ++u;
        continue;
      }
      const size_t start = u;
      while (u < units.size() && InWord(units[u].f.kind)) ++u;
      size_t first = start;
      size_t end = u;  // One past the last unit.
      while (first < end && edge(first)) ++first;
      while (end > first && edge(end - 1)) --end;
      size_t letters = 0;
      size_t digits = 0;
      size_t visible = 0;
      bool unreadable = false;
      for (size_t k = first; k < end; ++k) {
        const Folded& f = units[k].f;
        if (f.kind == Kind::kMark) continue;
        ++visible;
        if (f.kind == Kind::kLetter) ++letters;
        if (f.kind == Kind::kLeet && f.digit) ++digits;
        if (f.kind == Kind::kLeet && f.n == 0) unreadable = true;
      }
      if (visible == 0) {
        gap_units += u - start;
        gap_broken = true;
        continue;
      }
      Token token;
      token.first = static_cast<uint32_t>(first);
      token.last = static_cast<uint32_t>(end - 1);
      // Digits read as letters only among letters: "sh1t", not "1990",
      // "A55" (a road) or "5th".
      token.matchable = !unreadable && (digits == 0 || letters >= 2);
      token.single = visible == 1;
      Gap gap = Gap::kBroken;
      if (!scratch.tokens.empty() && !gap_broken && first == start && gap_units > 0 &&
          gap_units <= kMaxGapUnits) {
        gap = gap_space ? Gap::kSpaced : Gap::kTight;
      }
      scratch.tokens.push_back(token);
      scratch.gaps.push_back(gap);
      gap_units = u - end;
      gap_broken = end != u;
      gap_space = false;
    }
  }

  // Tries the letters of tokens [from, to] as one word, every reading of
  // its ambiguous leet characters.
  void TryRange(Scratch& scratch, size_t from, size_t to) const {
    size_t letters = 0;
    size_t digits = 0;
    std::array<uint32_t, kMaxAmbiguous> ambiguous{};
    size_t ambiguous_count = 0;
    for (size_t t = from; t <= to; ++t) {
      const Token& token = scratch.tokens[t];
      if (from == to && !token.matchable) return;
      for (uint32_t u = token.first; u <= token.last; ++u) {
        const Folded& f = scratch.units[u].f;
        if (f.kind == Kind::kLetter) ++letters;
        if (f.kind != Kind::kLeet) continue;
        if (f.n == 0) return;
        if (f.digit) ++digits;
        if (f.n > 1 && ambiguous_count < kMaxAmbiguous) ambiguous[ambiguous_count++] = u;
      }
    }
    if (digits > 0 && letters < 2) return;
    const Span span{scratch.units[scratch.tokens[from].first].begin,
                    scratch.units[scratch.tokens[to].last].end};
    const uint32_t readings = 1U << ambiguous_count;
    for (uint32_t reading = 0; reading < readings; ++reading) {
      scratch.key.clear();
      scratch.counts.clear();
      for (size_t t = from; t <= to; ++t) {
        const Token& token = scratch.tokens[t];
        for (uint32_t u = token.first; u <= token.last; ++u) {
          const Folded& f = scratch.units[u].f;
          if (f.kind == Kind::kMark) continue;
          if (f.kind == Kind::kLeet) {
            size_t alt = 0;
            for (size_t a = 0; a < ambiguous_count; ++a) {
              if (ambiguous[a] == u && (reading >> a & 1U) != 0) alt = 1;
            }
            Append(scratch, f.out[alt]);
          } else {
            for (uint8_t k = 0; k < f.n; ++k) Append(scratch, f.out[k]);
          }
        }
      }
      Match(scratch, span);
    }
  }

  static void Append(Scratch& scratch, char32_t c) {
    if (!scratch.key.empty() && scratch.key.back() == c) {
      if (scratch.counts.back() < 255) ++scratch.counts.back();
      return;
    }
    scratch.key.push_back(c);
    scratch.counts.push_back(1);
  }

  void Match(Scratch& scratch, Span span) const {
    const std::u32string& key = scratch.key;
    const size_t n = key.size();
    if (n == 0) return;
    // Suffix entries are filtered on their last two letters, last first.
    const std::u32string reversed_tail = {key[n - 1], n > 1 ? key[n - 2] : char32_t{0}};
    for (size_t a = 0; a < indexes_.size(); ++a) {
      const Index& index = indexes_[a];
      if (index.by_key.empty()) continue;
      const auto anchor = static_cast<Anchor>(a);
      if ((anchor == Anchor::kWhole || anchor == Anchor::kPrefix) && !MayStartAt(index, key, 0)) {
        continue;
      }
      if (anchor == Anchor::kSuffix && !MayStartAt(index, reversed_tail, 0)) continue;
      for (size_t length : index.lengths) {
        if (length > n || (anchor == Anchor::kWhole && length != n)) continue;
        const size_t first_offset = anchor == Anchor::kSuffix ? n - length : 0;
        const size_t last_offset =
            anchor == Anchor::kSuffix || anchor == Anchor::kInfix ? n - length : 0;
        for (size_t offset = first_offset; offset <= last_offset; ++offset) {
          if (anchor == Anchor::kInfix && !MayStartAt(index, key, offset)) continue;
          auto it = index.by_key.find(std::u32string_view(key).substr(offset, length));
          if (it == index.by_key.end()) continue;
          for (uint32_t entry : it->second) {
            if (Repeats(entries_[entry], scratch.counts, offset)) Record(scratch, entry, span);
          }
        }
      }
    }
  }

  // True iff every letter of `e` repeats as often in the text, or is
  // stretched: three or more of a letter are any number of it, so that
  // "fuuuck" matches "fuck" but "assess" does not match "asses".
  // At an open end of a starred entry the text's run may go on into the
  // rest of the word ("جنده" + "ها").
  static bool Repeats(const Entry& e, const std::vector<uint8_t>& counts, size_t offset) {
    const size_t last = e.counts.size() - 1;
    for (size_t i = 0; i <= last; ++i) {
      const uint8_t seen = counts[offset + i];
      if (seen == e.counts[i]) continue;
      const bool open = (i == 0 && (e.anchor == Anchor::kSuffix || e.anchor == Anchor::kInfix)) ||
                        (i == last && (e.anchor == Anchor::kPrefix || e.anchor == Anchor::kInfix));
      if (seen < e.counts[i] || (seen < 3 && !open)) return false;
    }
    return true;
  }

  void Record(Scratch& scratch, uint32_t entry, Span span) const {
    // A word already reported at the same severity ("motherfucker" under
    // "*fuck*" and "motherfuck*") is one finding.
    for (const auto& [other, spans] : scratch.found) {
      if (other == entry || entries_[other].banned != entries_[entry].banned) continue;
      for (const Span& seen : spans) {
        if (seen.begin < span.end && span.begin < seen.end) return;
      }
    }
    auto it = std::find_if(scratch.found.begin(), scratch.found.end(),
                           [entry](const auto& f) { return f.first == entry; });
    if (it == scratch.found.end()) {
      scratch.found.emplace_back(entry, std::vector<Span>{span});
      return;
    }
    for (const Span& seen : it->second) {
      if (seen.begin < span.end && span.begin < seen.end) return;  // Same word, seen.
    }
    it->second.push_back(span);
  }

  std::vector<Entry> entries_;
  std::array<Index, 4> indexes_;
};

Result<bool> AddList(std::span<const std::string_view> words, bool banned, std::string_view list,
                     std::vector<Entry>& entries) {
  for (std::string_view word : words) {
    auto entry = ParseEntry(word, banned, list);
    if (!entry) return std::unexpected(entry.error());
    // The same word spelt twice ("بی‌شعور", "بیشعور") is one finding.
    const bool listed = std::any_of(entries.begin(), entries.end(), [&](const Entry& e) {
      return e.banned == entry->banned && e.anchor == entry->anchor && e.key == entry->key &&
             e.counts == entry->counts;
    });
    if (!listed) entries.push_back(std::move(*entry));
  }
  return true;
}

}  // namespace

Result<std::unique_ptr<Phase>> MakeWordListPhase(const Policy& policy) {
  std::vector<Entry> entries;
  if (policy.builtin_word_lists) {
    std::vector<std::string> languages = policy.languages;
    if (languages.empty()) languages.emplace_back("en");
    for (const std::string& language : languages) {
      const BuiltinWordList list = BuiltinWordLists(language);
      const std::string name = "built-in " + language;
      auto added = AddList(list.banned, true, name + " banned word", entries);
      if (!added) return std::unexpected(added.error());
      added = AddList(list.suspect, false, name + " suspect word", entries);
      if (!added) return std::unexpected(added.error());
    }
  }
  std::vector<std::string_view> banned(policy.banned_words.begin(), policy.banned_words.end());
  std::vector<std::string_view> suspect(policy.suspect_words.begin(), policy.suspect_words.end());
  auto added = AddList(banned, true, "banned_words", entries);
  if (!added) return std::unexpected(added.error());
  added = AddList(suspect, false, "suspect_words", entries);
  if (!added) return std::unexpected(added.error());
  return std::make_unique<WordListPhase>(std::move(entries));
}

}  // namespace herald::moderation
