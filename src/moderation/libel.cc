#include "moderation/libel.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
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

// Accusations and insults that are defamatory when pinned on a person.
// Lowercase; a phrase's words are matched in order; "*" ends a prefix.
// Not "corruption", "murdered" or "stolen": a person can fight corruption,
// be murdered or robbed.
// clang-format off
constexpr auto kEnglishAccusations = std::to_array<std::string_view>({
    "thief", "thieves", "thieving", "liar", "liars", "lied", "is lying", "was lying", "are lying",
    "lying to", "crook", "crooks", "crooked", "corrupt", "fraud", "frauds", "fraudster*",
    "fraudulent", "war criminal", "criminal", "criminals", "murderer", "murderers", "mass murderer",
    "rapist", "rapists", "paedophile*", "pedophile*", "paedo", "pedo", "nonce", "embezzl*", "bribe",
    "bribes", "bribed", "bribery", "took bribes", "on the take", "kickbacks", "stole", "steals",
    "stealing", "traitor", "traitors", "treason", "treasonous", "terrorist", "terrorists", "racist",
    "racists", "money launderer", "launders money", "laundered money", "laundering money",
    "swindler*", "swindled", "conman", "con man", "con artist", "scammer*", "scam artist", "cheat",
    "cheats", "cheated", "blackmailer*", "blackmailed", "extort*", "mobster", "gangster", "thug",
    "thugs", "molester*", "abuser", "abusers", "sex offender", "perjur*", "tax evader",
    "tax dodger", "tax cheat", "looted", "looter*", "plundered", "war crimes", "genocidal",
    "psychopath", "sociopath", "scum", "scumbag", "scumbags",
});
// clang-format on

// Persian: thief, liar, corrupt, embezzler, bribe(-taker), criminal,
// murderer, traitor, seller of the homeland, fraudster, rapist, spy,
// mercenary, terrorist.
// clang-format off
constexpr auto kPersianAccusations = std::to_array<std::string_view>({
    "دزد*", "دروغگو*", "فاسد", "اختلاس*", "رشوه*", "جنایتکار*", "قاتل", "خائن", "وطنفروش",
    "کلاهبردار*", "متجاوز", "جاسوس", "مزدور", "تروریست",
});
// clang-format on

// Words before a name that say it is a person's.
// clang-format off
constexpr auto kTitles = std::to_array<std::string_view>({
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
    "president", "minister", "prime", "deputy", "senator", "sen", "rep", "representative",
    "congressman", "congresswoman", "governor", "gov", "mayor", "judge", "justice", "chancellor",
    "secretary", "ambassador", "councillor", "councilor", "general", "gen", "colonel", "col",
    "captain", "capt", "sergeant", "sgt", "lieutenant", "lt", "inspector", "detective", "king",
    "queen", "prince", "princess", "sheikh", "ayatollah", "imam", "rabbi", "reverend", "rev",
    "bishop", "cardinal", "mp", "mep", "ceo", "chairman", "chairwoman", "director", "coach",
    "speaker", "leader", "commander", "chief", "آقای", "آقا", "خانم", "دکتر", "مهندس", "وزیر",
    "سردار", "رئیسجمهور", "نماینده", "حجتالاسلام", "آیتالله",
});
// clang-format on

// Abbreviations whose full stop does not end a sentence.
// clang-format off
constexpr auto kAbbreviations = std::to_array<std::string_view>({
    "mr", "mrs", "ms", "mx", "dr", "prof", "sen", "rep", "gov", "gen", "col", "capt", "sgt", "lt",
    "rev", "st", "jr", "sr", "hon", "mt", "vs", "etc", "eg", "ie", "no",
});
// clang-format on

// Capitalised words that are not names: function words that start
// sentences or headlines (and are skipped before a name) ...
// clang-format off
constexpr auto kFunctionWords = std::to_array<std::string_view>({
    "i", "a", "an", "the", "and", "or", "but", "if", "so", "as", "at", "by", "for", "from", "in",
    "into", "of", "on", "to", "with", "without", "this", "that", "these", "those", "he", "she",
    "it", "we", "you", "they", "his", "her", "its", "our", "your", "their", "my", "me", "him",
    "them", "us", "who", "what", "when", "where", "why", "how", "which", "there", "here", "then",
    "not", "no", "yes", "all", "some", "any", "every", "each", "after", "before", "while",
    "because", "since", "also", "just", "only", "even", "well", "oh", "ok", "okay", "dear",
    "thanks", "please", "sorry", "hi", "hello", "both", "neither", "either", "is", "are", "was",
    "were", "be", "will", "would", "should", "could", "can", "do", "does", "did", "has", "have",
    "had", "let", "lol", "wow", "sadly", "frankly", "honestly", "clearly", "surely", "maybe",
    "perhaps", "another", "other", "more", "most", "many", "much", "one", "two", "three", "first",
    "last", "next", "new", "old", "mine", "yours", "ours", "theirs", "i'm", "i've", "i'd", "i'll",
    "you're", "they're", "we're", "don't", "doesn't", "didn't", "isn't", "wasn't", "aren't",
    "can't", "won't", "shame", "sure", "true", "yes", "nope", "sir", "madam",
});
// clang-format on

// ... and institutions, places, peoples, days and months (which make a run
// of capitalised words an institution or a place, not a person).
// clang-format off
constexpr auto kNotPeople = std::to_array<std::string_view>({
    // Institutions and organisations.
    "government", "governments", "ministry", "ministries", "parliament", "congress", "senate",
    "council", "court", "courts", "supreme", "commission", "committee", "department", "agency",
    "office", "police", "army", "navy", "military", "party", "labour", "labor", "tory", "tories",
    "conservative", "conservatives", "democrat", "democrats", "republican", "republicans",
    "liberal", "liberals", "greens", "reform", "union", "unions", "bank", "banks", "company",
    "corporation", "corp", "inc", "ltd", "plc", "llc", "group", "university", "college", "school",
    "hospital", "church", "mosque", "synagogue", "institute", "foundation", "association",
    "federation", "authority", "administration", "board", "trust", "fund", "service", "services",
    "regime", "state", "states", "kingdom", "republic", "nations", "united", "european", "federal",
    "national", "international", "central", "royal", "times", "news", "post", "journal", "herald",
    "media", "press", "club", "league", "cabinet", "treasury", "whitehall", "downing", "kremlin",
    "pentagon", "nhs", "eu", "un", "nato", "brussels", "westminster", "majlis", "judiciary",
    "customs", "network", "coalition", "movement", "front", "alliance", "council", "capitol",
    "house", "street", "road", "square", "avenue", "airport", "station", "museum", "oil", "energy",
    "airlines", "airways", "motors", "industries", "holdings", "partners", "media", "facebook",
    "google", "twitter", "amazon", "apple", "microsoft", "meta", "tesla", "big", "pharma", "tech",
    "wall", "presidency", "constitution", "constitutional", "amendment", "fort", "mount", "lake",
    "river", "camp", "port", "saint",
    // Places.
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "middle",
    "city", "county", "province", "region", "island", "islands", "america", "americas", "europe",
    "africa", "asia", "iran", "iraq", "israel", "palestine", "gaza", "syria", "lebanon", "turkey",
    "russia", "ukraine", "china", "india", "pakistan", "afghanistan", "japan", "korea", "germany",
    "france", "spain", "italy", "britain", "england", "scotland", "wales", "ireland", "uk", "us",
    "usa", "canada", "mexico", "brazil", "australia", "egypt", "saudi", "arabia", "qatar",
    "emirates", "dubai", "london", "paris", "berlin", "moscow", "washington", "beijing", "tehran",
    "isfahan", "shiraz", "mashhad", "tabriz", "kabul", "baghdad", "jerusalem", "new", "york",
    "delhi", "tokyo", "rome", "madrid", "kyiv", "kiev", "geneva", "vienna", "manchester",
    "birmingham", "glasgow", "edinburgh", "cardiff", "belfast", "dublin", "chicago", "texas",
    "california", "florida", "hollywood", "silicon", "valley",
    // Peoples, religions and languages.
    "iranian", "iranians", "persian", "american", "americans", "british", "english", "scottish",
    "welsh", "irish", "european", "europeans", "russian", "russians", "ukrainian", "chinese",
    "israeli", "israelis", "palestinian", "palestinians", "arab", "arabs", "turkish", "german",
    "germans", "french", "spanish", "italian", "indian", "indians", "pakistani", "afghan",
    "african", "africans", "asian", "asians", "western", "muslim", "muslims", "christian",
    "christians", "jewish", "jews", "jew", "hindu", "hindus", "sikh", "sikhs", "buddhist",
    "catholic", "catholics", "protestant", "protestants", "islam", "islamic", "christianity",
    "judaism", "god", "allah", "jesus", "christ", "lord", "bible", "quran", "koran", "sunni",
    "shia", "zionist", "zionists", "black", "blacks", "white", "whites", "brown", "latino",
    "latinos", "hispanic", "hispanics",
    // Time.
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "christmas", "easter", "ramadan", "nowruz", "today", "yesterday",
    "tomorrow",
});
// clang-format on

// Things a person has that can be criticised without accusing the person:
// "Karimi's policy is a fraud".
// clang-format off
constexpr auto kPossessions = std::to_array<std::string_view>({
    "policy", "policies", "plan", "plans", "budget", "budgets", "bill", "bills", "law", "laws",
    "reform", "reforms", "proposal", "proposals", "decision", "decisions", "strategy", "scheme",
    "schemes", "programme", "program", "government", "ministry", "department", "administration",
    "party", "company", "speech", "report", "statement", "tax", "taxes", "deal", "idea", "ideas",
    "approach", "record", "handling", "response", "campaign", "manifesto", "regime", "system",
    "argument", "logic", "claim", "claims", "figures", "numbers", "book", "article", "project",
});
// clang-format on

struct Word {
  size_t begin = 0;  // Bytes of the text.
  size_t end = 0;
  std::string folded;     // Case-folded, marks and joiners dropped, "'s" dropped.
  bool capital = false;   // Starts with an upper- or titlecase letter.
  bool caseless = false;  // A script without case (Persian): capitals say nothing.
  bool all_caps = false;  // "EU", "NHS": acronyms, not names.
  bool possessive = false;
  bool sentence_start = false;
  bool joined = false;  // Only spaces between it and the word before.
  size_t sentence = 0;
};

char32_t PersianLetter(char32_t c) {
  switch (c) {
    case 0x064A:
    case 0x0649:
      return 0x06CC;  // Arabic yeh and alef maksura: Persian yeh.
    case 0x0643:
      return 0x06A9;  // Arabic kaf: keheh.
    case 0x0629:
      return 0x0647;  // Teh marbuta: heh.
    default:
      return c;
  }
}

void AppendUtf8(std::string& out, UChar32 c) {
  char buffer[4];
  int32_t length = 0;
  UBool error = false;
  U8_APPEND(buffer, length, 4, c, error);
  if (!error) out.append(buffer, static_cast<size_t>(length));
}

bool IsSentenceEnd(UChar32 c) {
  return c == '.' || c == '!' || c == '?' || c == ';' || c == '\n' || c == 0x2026 || c == 0x061F ||
         c == 0x061B || c == 0x06D4;
}

template <size_t N>
std::unordered_set<std::string_view> SetOf(const std::array<std::string_view, N>& words) {
  return {words.begin(), words.end()};
}

// Splits `text` into words with their sentences. Sets `sentence_start` on
// each sentence's first word.
std::vector<Word> Words(std::string_view text) {
  static const std::unordered_set<std::string_view> abbreviations = SetOf(kAbbreviations);
  std::vector<Word> words;
  size_t sentence = 0;
  bool new_sentence = true;
  bool only_spaces = false;  // Since the last word.
  int32_t i = 0;
  const auto len = static_cast<int32_t>(text.size());
  while (i < len) {
    const int32_t start = i;
    UChar32 c = NextCodePoint(text, i);
    if (c < 0) {
      only_spaces = false;
      continue;
    }
    if (c < 0x80 ? std::isalnum(c) == 0 : !u_isalnum(c)) {
      if (IsSentenceEnd(c)) {
        bool ends = true;
        if (c == '.' && !words.empty() && static_cast<size_t>(start) == words.back().end) {
          const Word& w = words.back();
          // "Mr. Smith", "J. Smith", "3.5".
          const bool initial = w.capital && w.end - w.begin == 1;
          const bool number =
              i < len && u_isdigit(static_cast<UChar32>(text[static_cast<size_t>(i)]));
          ends = !(abbreviations.contains(w.folded) || initial || number);
          if (!ends) continue;  // The next word is still joined to this one.
        }
        if (ends && !new_sentence) {
          ++sentence;
          new_sentence = true;
        }
      }
      only_spaces = only_spaces && u_isUWhiteSpace(c);
      continue;
    }
    Word word;
    word.begin = static_cast<size_t>(start);
    word.sentence = sentence;
    word.sentence_start = new_sentence;
    word.joined = !new_sentence && only_spaces && !words.empty();
    word.capital = u_isupper(c) || u_istitle(c);
    word.caseless = u_isalpha(c) && !word.capital && !u_islower(c);
    bool all_caps = word.capital;
    int letters = 0;
    int32_t at = start;
    int32_t end = start;
    while (at < len) {
      // Most comments are mostly ASCII: skip ICU's property lookups for it.
      const auto byte = static_cast<unsigned char>(text[static_cast<size_t>(at)]);
      if (byte < 0x80 && std::isalnum(byte) != 0) {
        const bool upper = byte >= 'A' && byte <= 'Z';
        if (std::isalpha(byte) != 0) {
          ++letters;
          all_caps = all_caps && upper;
        }
        word.folded.push_back(static_cast<char>(upper ? byte - 'A' + 'a' : byte));
        ++at;
        end = at;
        continue;
      }
      int32_t next = at;
      UChar32 d = NextCodePoint(text, next);
      const bool joiner = d == 0x200C || d == 0x200D || d == 0x0640;
      const bool mark =
          d >= 0 && (u_getCombiningClass(d) != 0 || u_charType(d) == U_NON_SPACING_MARK);
      // An apostrophe or hyphen inside a word: "O'Brien", "Smith-Jones", "Karimi's".
      bool inner = false;
      if ((d == '\'' || d == 0x2019 || d == '-') && next < len) {
        int32_t after = next;
        UChar32 e = NextCodePoint(text, after);
        inner = e >= 0 && u_isalpha(e) && end > start;
      }
      if (d < 0 || !(u_isalnum(d) || joiner || mark || inner)) break;
      if (u_isalpha(d)) {
        ++letters;
        all_caps = all_caps && !u_islower(d);
        AppendUtf8(word.folded, static_cast<UChar32>(PersianLetter(
                                    static_cast<char32_t>(u_foldCase(d, U_FOLD_CASE_DEFAULT)))));
      } else if (u_isdigit(d)) {
        AppendUtf8(word.folded, d);
      } else if (inner) {
        word.folded.push_back(d == '-' ? '-' : '\'');
      }
      at = next;
      end = next;
    }
    i = end;
    word.end = static_cast<size_t>(end);
    word.all_caps = all_caps && letters >= 2;
    if (word.folded.ends_with("'s")) {
      word.folded.resize(word.folded.size() - 2);
      word.possessive = true;
    }
    words.push_back(std::move(word));
    new_sentence = false;
    only_spaces = true;
  }
  return words;
}

struct Accusation {
  std::string text;                // As listed.
  std::vector<std::string> words;  // Folded.
  bool prefix = false;             // The last word is a prefix.
};

// A name or accusation found in a comment: words [first, last].
struct Found {
  size_t first = 0;
  size_t last = 0;
  std::string detail;
};

class LibelPhase final : public Phase {
 public:
  explicit LibelPhase(std::vector<Accusation> accusations)
      : accusations_(std::move(accusations)),
        titles_(SetOf(kTitles)),
        function_words_(SetOf(kFunctionWords)),
        not_people_(SetOf(kNotPeople)),
        possessions_(SetOf(kPossessions)) {
    for (uint32_t i = 0; i < accusations_.size(); ++i) {
      const Accusation& a = accusations_[i];
      if (a.prefix && a.words.size() == 1) {
        prefixed_.push_back(i);
      } else {
        by_first_word_[a.words.front()].push_back(i);
      }
    }
  }

  std::string_view Name() const override { return "libel"; }

  void Run(Screening& s) const override {
    const std::vector<Word> words = Words(s.text);
    std::vector<Found> accusations = FindAccusations(words);
    if (accusations.empty()) return;  // Most comments: no need to read the article.
    const ArticleNames article = ReadArticle(*s.context);
    std::vector<bool> accused(words.size(), false);
    for (const Found& a : accusations) {
      for (size_t w = a.first; w <= a.last; ++w) accused[w] = true;
    }
    const std::vector<Found> names = FindNames(s.text, words, accused, article);
    std::vector<std::pair<std::string, std::string>> reported;
    for (const Found& a : accusations) {
      const Found* nearest = nullptr;
      size_t best = SIZE_MAX;
      for (const Found& n : names) {
        if (words[n.first].sentence != words[a.first].sentence) continue;
        const size_t distance = n.first > a.last ? n.first - a.last : a.first - n.last;
        if (distance < best) {
          best = distance;
          nearest = &n;
        }
      }
      if (nearest == nullptr) continue;
      const std::string accusation(std::string_view(s.text).substr(
          words[a.first].begin, words[a.last].end - words[a.first].begin));
      std::pair<std::string, std::string> pair{nearest->detail, accusation};
      if (std::find(reported.begin(), reported.end(), pair) != reported.end()) continue;
      reported.push_back(pair);
      std::vector<Span> spans = {Span{words[nearest->first].begin, words[nearest->last].end},
                                 Span{words[a.first].begin, words[a.last].end}};
      std::sort(spans.begin(), spans.end(),
                [](const Span& x, const Span& y) { return x.begin < y.begin; });
      s.Add(Reason::kLibelRisk, CommentStatus::kPending, pair.first + ": " + pair.second,
            std::move(spans));
    }
  }

 private:
  struct ArticleNames {
    std::vector<std::vector<std::string>> full;  // "ali karimi", folded words.
    std::unordered_set<std::string> surnames;    // "karimi".
    std::unordered_set<std::string> not_people;  // Words of the article's institutions and places.
  };

  std::vector<Found> FindAccusations(const std::vector<Word>& words) const {
    std::vector<Found> found;
    for (size_t w = 0; w < words.size(); ++w) {
      size_t longest = 0;
      const Accusation* match = nullptr;
      auto consider = [&](uint32_t index) {
        const Accusation& a = accusations_[index];
        if (w + a.words.size() > words.size() || a.words.size() <= longest) return;
        for (size_t k = 0; k < a.words.size(); ++k) {
          const Word& word = words[w + k];
          if (word.sentence != words[w].sentence) return;
          const bool last = k + 1 == a.words.size();
          const bool ok =
              last && a.prefix ? word.folded.starts_with(a.words[k]) : word.folded == a.words[k];
          if (!ok) return;
        }
        longest = a.words.size();
        match = &a;
      };
      auto it = by_first_word_.find(words[w].folded);
      if (it != by_first_word_.end()) {
        for (uint32_t index : it->second) consider(index);
      }
      for (uint32_t index : prefixed_) {
        if (words[w].folded.starts_with(accusations_[index].words.front())) consider(index);
      }
      if (match == nullptr) continue;
      found.push_back(Found{w, w + longest - 1, match->text});
      w += longest - 1;
    }
    return found;
  }

  bool IsTitle(const Word& w) const { return titles_.contains(w.folded); }

  bool FunctionWord(const Word& w) const { return function_words_.contains(w.folded); }
  bool NotPerson(const Word& w) const { return not_people_.contains(w.folded); }
  bool NotName(const Word& w) const { return FunctionWord(w) || NotPerson(w); }

  ArticleNames ReadArticle(const Context& context) const {
    ArticleNames names;
    for (std::string_view part : {context.headline, context.lead, context.body}) {
      const std::vector<Word> words = Words(part);
      for (size_t w = 0; w < words.size();) {
        // A run of joined capitalised words, or a title and what follows.
        const bool title = IsTitle(words[w]) && w + 1 < words.size() && words[w + 1].joined &&
                           (words[w + 1].capital || words[w + 1].caseless);
        if (!title && !(words[w].capital && !words[w].all_caps)) {
          ++w;
          continue;
        }
        size_t end = w + 1;
        while (end < words.size() && words[end].joined && words[end].capital &&
               !words[end].all_caps && !words[end - 1].possessive) {
          ++end;
        }
        if (title && end == w + 1) end = w + 2;  // A caseless name after a title.
        size_t first = w;
        while (first < end && (IsTitle(words[first]) || FunctionWord(words[first]))) ++first;
        const bool institution = std::any_of(words.begin() + static_cast<ptrdiff_t>(first),
                                             words.begin() + static_cast<ptrdiff_t>(end),
                                             [this](const Word& x) { return NotName(x); });
        const bool titled = first > w && IsTitle(words[first - 1]);
        if (institution) {
          for (size_t k = first; k < end; ++k) {
            if (!NotName(words[k])) names.not_people.insert(words[k].folded);
          }
        } else if (first < end && (end - first >= 2 || titled)) {
          std::vector<std::string> full;
          for (size_t k = first; k < end; ++k) full.push_back(words[k].folded);
          names.surnames.insert(full.back());
          if (full.size() >= 2) names.full.push_back(std::move(full));
        }
        w = end;
      }
    }
    for (const std::string& surname : names.surnames) names.not_people.erase(surname);
    return names;
  }

  // True iff `w` is a name's last word followed by something of theirs
  // that is criticised instead of them ("Karimi's policy").
  bool PossessionFollows(const std::vector<Word>& words, size_t w) const {
    return words[w].possessive && w + 1 < words.size() &&
           possessions_.contains(words[w + 1].folded);
  }

  std::vector<Found> FindNames(std::string_view text, const std::vector<Word>& words,
                               const std::vector<bool>& accused,
                               const ArticleNames& article) const {
    std::vector<Found> names;
    auto add = [&](size_t first, size_t last, std::string spelling) {
      if (PossessionFollows(words, last)) return;
      names.push_back(Found{first, last, std::move(spelling)});
    };
    for (size_t w = 0; w < words.size();) {
      const Word& word = words[w];
      if (accused[w]) {
        ++w;
        continue;
      }
      // A full name from the article, then a surname from it.
      bool matched = false;
      for (const std::vector<std::string>& full : article.full) {
        if (w + full.size() > words.size()) continue;
        bool same = true;
        for (size_t k = 0; k < full.size() && same; ++k) {
          same = words[w + k].folded == full[k] && (k == 0 || words[w + k].joined);
        }
        if (same) {
          const size_t last = w + full.size() - 1;
          add(w, last, Spelling(text, words, w, last));
          w = last + 1;
          matched = true;
          break;
        }
      }
      if (matched) continue;
      if ((word.capital || word.caseless) && article.surnames.contains(word.folded)) {
        add(w, w, Spelling(text, words, w, w));
        ++w;
        continue;
      }
      // A title and a name: "Minister Karimi", "Mr Smith", "وزیر کریمی".
      if (IsTitle(word) && w + 1 < words.size() && words[w + 1].joined && !accused[w + 1] &&
          (words[w + 1].capital || words[w + 1].caseless) && !words[w + 1].all_caps) {
        size_t first = w + 1;
        while (first + 1 < words.size() && IsTitle(words[first]) && words[first + 1].joined &&
               words[first + 1].capital) {
          ++first;  // "Prime Minister Karimi".
        }
        if (!NotName(words[first]) || IsTitle(words[first])) {
          size_t last = first;
          while (last + 1 < words.size() && words[last + 1].joined && words[last + 1].capital &&
                 !words[last + 1].all_caps && !accused[last + 1] && !NotName(words[last + 1]) &&
                 !words[last].possessive) {
            ++last;
          }
          if (!IsTitle(words[last])) {
            add(first, last, Spelling(text, words, first, last));
            w = last + 1;
            continue;
          }
        }
      }
      // Capitalised words: two or more joined ("John Smith"), or one inside
      // a sentence ("I think Smith lied").
      // A capitalised word after a place or institution word is part of its
      // name: "Fort Bragg", "Lake Urmia", "Bank Melli".
      const bool after_place =
          w > 0 && word.joined && words[w - 1].capital && NotPerson(words[w - 1]);
      if (word.capital && !word.all_caps && !after_place && !NotName(word) && !IsTitle(word) &&
          !article.not_people.contains(word.folded)) {
        size_t last = w;
        while (last + 1 < words.size() && words[last + 1].joined && words[last + 1].capital &&
               !words[last + 1].all_caps && !accused[last + 1] && !NotName(words[last + 1]) &&
               !article.not_people.contains(words[last + 1].folded) && !IsTitle(words[last + 1]) &&
               !words[last].possessive) {
          ++last;
        }
        if (last > w || !word.sentence_start) add(w, last, Spelling(text, words, w, last));
        w = last + 1;
        continue;
      }
      ++w;
    }
    return names;
  }

  // The name as the commenter wrote it, without a possessive "'s".
  static std::string Spelling(std::string_view text, const std::vector<Word>& words, size_t first,
                              size_t last) {
    std::string_view name = text.substr(words[first].begin, words[last].end - words[first].begin);
    if (words[last].possessive) {
      for (std::string_view suffix : {"'s", "\u2019s"}) {
        if (name.ends_with(suffix)) name.remove_suffix(suffix.size());
      }
    }
    return std::string(name);
  }

  std::vector<Accusation> accusations_;
  std::unordered_map<std::string, std::vector<uint32_t>> by_first_word_;
  std::vector<uint32_t> prefixed_;
  std::unordered_set<std::string_view> titles_;
  std::unordered_set<std::string_view> function_words_;
  std::unordered_set<std::string_view> not_people_;
  std::unordered_set<std::string_view> possessions_;
};

// Parses `text` into an accusation, or returns why it cannot be one.
Result<Accusation> ParseAccusation(std::string_view text, std::string_view list) {
  Accusation a;
  a.text = std::string(text);
  std::string_view core = text;
  a.prefix = core.ends_with('*');
  if (a.prefix) core.remove_suffix(1);
  for (const Word& w : Words(core)) a.words.push_back(w.folded);
  if (a.words.empty()) {
    return Fail(ErrorCode::kInvalidArgument,
                std::string(list) + " entry \"" + std::string(text) + "\": no words");
  }
  return a;
}

}  // namespace

Result<std::unique_ptr<Phase>> MakeLibelPhase(const Policy& policy) {
  std::vector<Accusation> accusations;
  auto add = [&](std::string_view text, std::string_view list) -> Result<bool> {
    auto a = ParseAccusation(text, list);
    if (!a) return std::unexpected(a.error());
    accusations.push_back(std::move(*a));
    return true;
  };
  for (std::string_view text : kEnglishAccusations) {
    if (auto ok = add(text, "built-in accusation"); !ok) return std::unexpected(ok.error());
  }
  for (std::string_view text : kPersianAccusations) {
    if (auto ok = add(text, "built-in accusation"); !ok) return std::unexpected(ok.error());
  }
  for (const std::string& text : policy.accusation_words) {
    if (auto ok = add(text, "accusation_words"); !ok) return std::unexpected(ok.error());
  }
  return std::make_unique<LibelPhase>(std::move(accusations));
}

}  // namespace herald::moderation
