// The built-in word lists: the team's own, kept short so that each entry was
// weighed against the innocent words it could catch. Whole words unless
// starred; see word_list.h for the syntax. Banned: the worst slurs and
// obscenities, which no news comment needs. Suspect: milder insults and
// words that are innocent in some sentences ("cock", "fag", "dyke"), which a
// moderator should see. General rudeness is the abuse classifier's job.
#include <array>
#include <string_view>

#include "moderation/word_list.h"

namespace herald::moderation {
namespace {

constexpr auto kEnglishBanned = std::to_array<std::string_view>(
    {// "fuck" is inside no innocent English word.
     "*fuck*", "fuk", "fuks", "fukin", "fuking", "fukker", "fukkers", "phuck*", "fck", "fcking",
     "fcker",
     // Not "*cunt*": Scunthorpe.
     "cunt*", "*cunt", "*cunts", "*cocksucker", "*cocksuckers", "cocksucking",
     // Slurs; not "*nigger": "snigger". "faggot" is also a British meatball; the slur is the usual
     // sense.
     "nigger*", "nigga", "niggas", "niggaz", "faggot", "faggots", "fagot", "fagots", "kike",
     "kikes", "spic", "spics", "wetback", "wetbacks", "raghead", "ragheads", "towelhead",
     "towelheads", "gook", "gooks", "paki", "pakis", "beaner", "beaners", "jigaboo"});

constexpr auto kEnglishSuspect = std::to_array<std::string_view>(
    {// Not "shit*": "shitake" is a common spelling of the mushroom.
     "*shit", "shits", "shitty", "shite", "shitting", "shithead", "shitheads", "shithole",
     "shitholes", "shitshow", "piss", "pissed", "pissing", "bitch*", "*bitch", "*bitches",
     "bastard", "bastards", "arse", "arses", "arsehole", "arseholes", "ass", "asses", "asshole",
     "assholes", "dumbass", "jackass", "dick", "dicks", "dickhead", "dickheads", "prick", "pricks",
     "cock", "cocks", "wank", "wanker", "wankers", "wanking", "tosser", "tossers", "bollocks",
     "twat", "twats", "pussy", "whore", "whores", "slut", "sluts", "skank", "skanks", "douchebag",
     "douchebags", "jizz", "dildo",
     // Insults: a person is called one of these more often than not.
     "idiot", "idiots", "idiotic", "moron", "morons", "moronic", "imbecile", "imbeciles", "cretin",
     "cretins", "retard", "retards", "retarded", "scumbag", "scumbags",
     // Slurs with an innocent sense ("a chink in the armour", "a fag" in
     // Britain, "kaffir lime") or reclaimed by some who are called them.
     "chink", "chinks", "fag", "fags", "dyke", "dykes", "coon", "coons", "tranny", "trannies",
     "kaffir"});

// Persian (in its Persian letters; Arabic yeh and kaf are folded to them).
// Not "کس" alone: it is also "person", as in "هیچ کس".
constexpr auto kPersianBanned = std::to_array<std::string_view>(
    {"کیر", "کیرم", "کیری", "کسکش", "کس‌کش", "کسخل", "کس‌ننه", "جنده*", "مادرجنده",
     "کونی", "گایید*", "کیونی"});

constexpr auto kPersianSuspect = std::to_array<std::string_view>(
    {"احمق", "احمق‌ها", "الاغ", "بیشعور", "بی‌شعور", "نفهم", "کثافت", "عوضی",
     "لاشی", "بی‌شرف", "حرامزاده", "حرومزاده", "گوه", "آشغال"});

}  // namespace

BuiltinWordList BuiltinWordLists(std::string_view language) {
  if (language == "en") return {kEnglishBanned, kEnglishSuspect};
  if (language == "fa") return {kPersianBanned, kPersianSuspect};
  return {};
}

}  // namespace herald::moderation
