#include "moderation/abuse.h"

#include <fasttext/fasttext.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <sstream>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace herald::moderation {
namespace {

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Words that turn a statement round. One shared token lets "don't hate" and
// "never hated" teach the model the same thing.
const std::unordered_set<std::string_view>& Negators() {
  static const auto* const kSet = new std::unordered_set<std::string_view>{
      "not",   "dont",   "doesnt", "didnt",   "isnt", "arent",    "wasnt", "werent",
      "wont",  "cant",   "cannot", "never",   "no",   "shouldnt", "nor",   "nobody",
      "noone", "havent", "hasnt",  "wouldnt", "aint", "neither"};
  return *kSet;
}

// Protected groups, named in the singular and plural. The model sees one
// token for all of them, so what it learns about one group holds for every
// other and no group is singled out by the data's own bias.
const std::unordered_set<std::string_view>& GroupWords() {
  static const auto* const kSet = new std::unordered_set<std::string_view>{
      "women",       "woman",        "females",         "trans",      "transgender", "transgenders",
      "transsexual", "transsexuals", "transwomen",      "transmen",   "nonbinary",   "gay",
      "gays",        "lesbian",      "lesbians",        "homosexual", "homosexuals", "queer",
      "queers",      "bisexual",     "bisexuals",       "lgbt",       "lgbtq",       "blacks",
      "africans",    "disabled",     "handicapped",     "autistic",   "muslim",      "muslims",
      "moslem",      "moslems",      "islam",           "jew",        "jews",        "jewish",
      "judaism",     "immigrant",    "immigrants",      "migrant",    "migrants",    "refugee",
      "refugees",    "foreigners",   "illegals",        "mexican",    "mexicans",    "hispanic",
      "hispanics",   "latino",       "latinos",         "latina",     "latinas",     "asian",
      "asians",      "arab",         "arabs",           "christian",  "christians",  "hindu",
      "hindus",      "sikh",         "sikhs",           "gypsies",    "gypsy",       "roma",
      "catholics",   "chinese",      "africanamericans"};
  return *kSet;
}

// Adjectives that name a group only before a word for people ("black
// people", not "black coffee").
const std::unordered_set<std::string_view>& GroupAdjectives() {
  static const auto* const kSet = new std::unordered_set<std::string_view>{
      "black",  "african",   "gay",   "trans", "disabled", "jewish",
      "muslim", "immigrant", "asian", "deaf",  "blind",    "white"};
  return *kSet;
}

const std::unordered_set<std::string_view>& PeopleWords() {
  static const auto* const kSet = new std::unordered_set<std::string_view>{
      "people",    "folks",     "men",  "women", "man",   "person", "persons",
      "americans", "community", "guys", "kids",  "girls", "boys"};
  return *kSet;
}

// Slurs against protected groups, spelled as normalisation leaves them.
const std::unordered_set<std::string_view>& SlurWords() {
  static const auto* const kSet = new std::unordered_set<std::string_view>{
      "nigger",   "niggers", "nigga",   "niggas",   "niga",      "nigg",       "faggot",
      "faggots",  "fag",     "fags",    "fagot",    "dyke",      "dykes",      "tranny",
      "trannies", "shemale", "retard",  "retards",  "retarded",  "kike",       "kikes",
      "spic",     "spics",   "wetback", "wetbacks", "towelhead", "towelheads", "raghead",
      "ragheads", "chink",   "chinks",  "paki",     "pakis",     "coon",       "coons",
      "beaner",   "beaners", "gook",    "gooks",    "mongoloid", "cripple",    "cripples"};
  return *kSet;
}

// Plural group words that survive being run together with other words
// ("ihatemuslims"); only long ones, so that "jewelry" stays whole.
constexpr std::array<std::string_view, 14> kGluedGroupWords = {
    "muslims",  "women",  "immigrants", "refugees",   "migrants",    "jews",         "gays",
    "lesbians", "blacks", "mexicans",   "foreigners", "homosexuals", "transgenders", "moslems"};

constexpr std::array<std::string_view, 24> kThreatStems = {
    "kill",       "murder",    "shoot",  "shot",    "hang", "lynch",   "burn", "stab",
    "exterminat", "slaughter", "behead", "execute", "gas",  "bomb",    "die",  "dead",
    "eliminat",   "genocide",  "wipe",   "hunt",    "beat", "destroy", "rape", "torture"};

constexpr std::array<std::string_view, 22> kObsceneStems = {
    "fuck", "fuk",  "fck",     "shit",     "cunt",    "bitch", "pussy", "pussies",
    "dick", "cock", "ass",     "arse",     "bastard", "whore", "slut",  "hoe",
    "twat", "wank", "motherf", "bullshit", "piss",    "tits"};

bool MatchesStem(std::string_view word, std::string_view stem) {
  if (!word.starts_with(stem)) return false;
  // Short stems must be the whole word or take an ending, not start another
  // word ("ass" in "assume", "hoe" in "shoes" cannot, "die" in "diet").
  if (stem.size() <= 4) {
    std::string_view rest = word.substr(stem.size());
    static constexpr std::array<std::string_view, 12> kEndings = {
        "", "s", "es", "ed", "er", "ers", "ing", "hole", "holes", "head", "y", "ty"};
    return std::find(kEndings.begin(), kEndings.end(), rest) != kEndings.end();
  }
  return true;
}

template <size_t N>
bool HasStemWord(std::string_view model_text, const std::array<std::string_view, N>& stems) {
  size_t pos = 0;
  while (pos < model_text.size()) {
    size_t end = model_text.find(' ', pos);
    if (end == std::string_view::npos) end = model_text.size();
    std::string_view word = model_text.substr(pos, end - pos);
    for (std::string_view stem : stems) {
      if (MatchesStem(word, stem)) return true;
    }
    pos = end + 1;
  }
  return false;
}

// Replaces HTML entities left in scraped text: quotes become a quote mark,
// numeric ones (mostly emoji) a space.
std::string DecodeEntities(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '&') {
      size_t semi = raw.find(';', i);
      if (semi != std::string_view::npos && semi - i <= 10) {
        std::string_view entity = raw.substr(i + 1, semi - i - 1);
        if (entity == "amp") {
          out += '&';
        } else if (entity == "quot") {
          out += '"';
        } else if (entity == "lt" || entity == "gt" || entity.starts_with('#')) {
          out += ' ';
        } else {
          out += raw.substr(i, semi - i + 1);
        }
        i = semi;
        continue;
      }
    }
    out += raw[i];
  }
  return out;
}

char Leet(char c) {
  switch (c) {
    case '0':
      return 'o';
    case '1':
      return 'i';
    case '3':
      return 'e';
    case '4':
      return 'a';
    case '5':
      return 's';
    case '7':
      return 't';
    case '@':
      return 'a';
    case '$':
      return 's';
    default:
      return c;
  }
}

bool IsWordish(char c) {
  return IsLower(c) || IsDigit(c) || c == '@' || c == '$' || static_cast<unsigned char>(c) >= 0x80;
}

// Cleans one whitespace-delimited token into zero or more words, appended to
// `words`.
void CleanToken(std::string_view token, std::vector<std::string>& words) {
  if (token.empty() || token[0] == '@') return;  // Mentions name people, not abuse.
  if (token == "URL" || token == "RT" || token == "MENTION") return;
  std::string lower;
  lower.reserve(token.size());
  for (char c : token) lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  if (lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.")) {
    return;
  }
  // "h8" is the one digit spelling common enough to name.
  for (size_t at = lower.find("h8"); at != std::string::npos; at = lower.find("h8", at + 4)) {
    if (at == 0 || IsLower(lower[at - 1]) || !IsWordish(lower[at - 1]))
      lower.replace(at, 2, "hate");
  }
  int letters = 0;
  for (char c : lower) letters += IsLower(c) ? 1 : 0;
  // Digits and symbols are letters in disguise only inside words ("m0slems",
  // "b!tch"), not in "2016" or "$5".
  bool leet = letters >= 2;

  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) words.push_back(std::move(cur));
    cur.clear();
  };
  auto letter_at = [&](size_t i) {
    return i < lower.size() && (IsLower(lower[i]) || (leet && Leet(lower[i]) != lower[i]));
  };
  for (size_t i = 0; i < lower.size(); ++i) {
    char c = lower[i];
    auto u = static_cast<unsigned char>(c);
    if (u == 0xE2 && i + 2 < lower.size() && static_cast<unsigned char>(lower[i + 1]) == 0x80) {
      // General punctuation: curly apostrophes vanish as ' does, curly
      // double quotes mark a quotation, the rest (dashes, ellipsis) separate.
      auto third = static_cast<unsigned char>(lower[i + 2]);
      i += 2;
      if (third == 0x98 || third == 0x99) continue;
      flush();
      if (third == 0x9C || third == 0x9D) words.emplace_back("xxquote");
      continue;
    }
    bool single_letter_dot = (c == '.' || c == '-' || c == '_') && cur.size() == 1 &&
                             letter_at(i + 1) && !letter_at(i + 2);
    // "don't" -> "dont"; "f*ck" keeps its letters together; "m.u.s.l.i.m"
    // and "k-i-l-l" lose their separators.
    if (c == '\'' || c == '*' || single_letter_dot) continue;
    if (IsLower(c) || u >= 0x80) {
      cur += c;
    } else if (IsDigit(c) || c == '@' || c == '$') {
      char l = leet ? Leet(c) : c;
      if (l == c && !IsDigit(c)) {
        flush();
      } else {
        cur += l;
      }
    } else if (c == '!' && leet && i > 0 && IsLower(lower[i - 1]) && letter_at(i + 1)) {
      cur += 'i';
    } else if (c == '"') {
      flush();
      words.emplace_back("xxquote");
    } else {
      flush();
    }
  }
  flush();
}

std::string CollapseRepeats(std::string_view word) {
  std::string out;
  out.reserve(word.size());
  for (char c : word) {
    if (out.size() >= 2 && out[out.size() - 1] == c && out[out.size() - 2] == c) continue;
    out += c;
  }
  return out;
}

bool IsSingleLetter(const std::string& w) { return w.size() == 1 && IsLower(w[0]); }

// Splits words run together around a group word ("ihatemuslims").
void SplitGlued(std::string word, std::vector<std::string>& out) {
  if (word.size() >= 7 && !GroupWords().contains(word) && !SlurWords().contains(word)) {
    for (std::string_view g : kGluedGroupWords) {
      if (word.size() >= g.size() + 3 && word.ends_with(g)) {
        SplitGlued(word.substr(0, word.size() - g.size()), out);
        out.emplace_back(g);
        return;
      }
    }
  }
  if (word.size() >= 5 && word.starts_with("ihate") && word != "ihated") {
    out.emplace_back("i");
    out.emplace_back("hate");
    if (word.size() > 5) out.push_back(word.substr(5));
    return;
  }
  out.push_back(std::move(word));
}

}  // namespace

bool HasThreatWord(std::string_view model_text) { return HasStemWord(model_text, kThreatStems); }

bool HasObsceneWord(std::string_view model_text) { return HasStemWord(model_text, kObsceneStems); }

std::string AbuseModelText(std::string_view text) {
  std::string decoded = DecodeEntities(text);
  std::vector<std::string> words;
  size_t pos = 0;
  while (pos < decoded.size()) {
    size_t start = decoded.find_first_not_of(" \t\r\n\f\v", pos);
    if (start == std::string::npos) break;
    size_t end = decoded.find_first_of(" \t\r\n\f\v", start);
    if (end == std::string::npos) end = decoded.size();
    CleanToken(std::string_view(decoded).substr(start, end - start), words);
    pos = end;
  }

  // "h a t e" and "k i l l": three or more single letters in a row make a word.
  std::vector<std::string> joined;
  joined.reserve(words.size());
  for (size_t i = 0; i < words.size();) {
    size_t j = i;
    while (j < words.size() && IsSingleLetter(words[j])) ++j;
    if (j - i >= 3) {
      std::string w;
      for (size_t k = i; k < j; ++k) w += words[k];
      joined.push_back(std::move(w));
      i = j;
    } else if (j > i) {
      for (; i < j; ++i) joined.push_back(std::move(words[i]));
    } else {
      joined.push_back(std::move(words[i]));
      ++i;
    }
  }

  std::vector<std::string> split;
  split.reserve(joined.size());
  for (std::string& w : joined) SplitGlued(CollapseRepeats(w), split);

  std::string out;
  out.reserve(text.size() + 16);
  for (size_t i = 0; i < split.size(); ++i) {
    const std::string& w = split[i];
    std::string_view token = w;
    if (GroupAdjectives().contains(w) && i + 1 < split.size() &&
        PeopleWords().contains(split[i + 1])) {
      token = "xxgroup";
      ++i;
    } else if (GroupWords().contains(w)) {
      token = "xxgroup";
    } else if (SlurWords().contains(w)) {
      token = "xxslur";
    } else if (Negators().contains(w)) {
      token = "xxnot";
    }
    if (!out.empty()) out += ' ';
    out += token;
  }
  return out;
}

AbuseModel::AbuseModel(std::unique_ptr<fasttext::FastText> model) : model_(std::move(model)) {
  std::shared_ptr<const fasttext::Dictionary> dict = model_->getDictionary();
  for (int32_t id = 0; id < dict->nlabels(); ++id) {
    std::string label = dict->getLabel(id);
    if (label == kLabelAbuse) abuse_ = id;
    if (label == kLabelInsult) insult_ = id;
    if (label == kLabelIdentity) identity_ = id;
    if (label == kLabelThreat) threat_ = id;
    if (label == kLabelObscene) obscene_ = id;
  }
}

AbuseModel::~AbuseModel() = default;

AbuseScores AbuseModel::Score(std::string_view text) const {
  AbuseScores scores;
  std::string line = AbuseModelText(text);
  if (line.empty()) return scores;
  line += '\n';
  std::istringstream in(line);
  std::vector<int32_t> words;
  std::vector<int32_t> labels;
  model_->getDictionary()->getLine(in, words, labels);
  fasttext::Predictions predictions;
  // k = -1 asks for every label; the model is one-vs-all, so each
  // probability stands on its own.
  model_->predict(-1, words, predictions, 0.0);
  for (const auto& [log_prob, id] : predictions) {
    float p = std::clamp(static_cast<float>(std::exp(log_prob)), 0.0f, 1.0f);
    if (id == abuse_) scores.abuse = p;
    if (id == insult_) scores.insult = p;
    if (id == identity_) scores.identity_attack = p;
    if (id == threat_) scores.threat = p;
    if (id == obscene_) scores.obscenity = p;
  }
  // The identity head learns from hate against groups that the data sets
  // label unevenly; an identity attack is abuse whatever the abuse head says.
  scores.abuse = std::max(scores.abuse, scores.identity_attack);
  return scores;
}

Result<std::shared_ptr<const AbuseModel>> LoadAbuseModel(const std::string& path) {
  std::error_code ec;
  if (path.empty() || !std::filesystem::is_regular_file(path, ec)) {
    return Fail(ErrorCode::kNotFound, "abuse model not found: " + path);
  }
  auto ft = std::make_unique<fasttext::FastText>();
  try {
    ft->loadModel(path);
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kInvalidArgument,
                "not a fastText model: " + path + " (" + e.what() + ")");
  }
  if (ft->getArgs().model != fasttext::model_name::sup) {
    return Fail(ErrorCode::kInvalidArgument, "not a supervised fastText model: " + path);
  }
  bool has_abuse = false;
  std::shared_ptr<const fasttext::Dictionary> dict = ft->getDictionary();
  for (int32_t id = 0; id < dict->nlabels(); ++id) has_abuse |= dict->getLabel(id) == kLabelAbuse;
  if (!has_abuse) {
    return Fail(ErrorCode::kInvalidArgument,
                "model has no " + std::string(kLabelAbuse) + ": " + path);
  }
  std::shared_ptr<const AbuseModel> model = std::make_shared<const AbuseModel>(std::move(ft));
  return model;
}

namespace {

class AbusePhase final : public Phase {
 public:
  explicit AbusePhase(std::shared_ptr<const AbuseModel> model) : model_(std::move(model)) {}

  std::string_view Name() const override { return "abuse"; }

  void Run(Screening& s) const override {
    s.scores = model_->Score(s.text);
    const AbuseScores& sc = s.scores;
    float abuse = sc.abuse;
    if (s.policy == nullptr) return;
    const Policy& p = *s.policy;
    if (abuse < p.abuse_nudge && abuse < p.abuse_hold && abuse < p.abuse_reject) return;
    if (abuse < p.abuse_hold && abuse < p.abuse_reject) {
      s.nudge = true;
      return;
    }
    std::array<std::pair<std::string_view, float>, 4> categories = {{
        {"insult", sc.insult},
        {"identity_attack", sc.identity_attack},
        {"threat", sc.threat},
        {"obscenity", sc.obscenity},
    }};
    auto top = std::max_element(categories.begin(), categories.end(),
                                [](const auto& a, const auto& b) { return a.second < b.second; });
    std::array<char, 96> detail{};
    std::snprintf(detail.data(), detail.size(), "abuse %.2f %.*s %.2f", abuse,
                  static_cast<int>(top->first.size()), top->first.data(), top->second);
    s.Add(Reason::kAbuse,
          abuse >= p.abuse_reject ? CommentStatus::kRejected : CommentStatus::kPending,
          detail.data());
  }

 private:
  std::shared_ptr<const AbuseModel> model_;
};

}  // namespace

std::unique_ptr<Phase> MakeAbusePhase(std::shared_ptr<const AbuseModel> model) {
  return std::make_unique<AbusePhase>(std::move(model));
}

}  // namespace herald::moderation
