#include "moderation/training.h"

#include <fasttext/fasttext.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <exception>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "common/text.h"

namespace herald::moderation {
namespace {

uint64_t Fnv1a(std::string_view s, uint64_t h = 14695981039346656037ULL) {
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

std::string LineRef(std::string_view name, size_t line) {
  return std::string(name) + ":" + std::to_string(line);
}

// Splits CSV text into records of fields (RFC 4180: quoted fields may hold
// commas, doubled quotes and newlines). Stores each record's first line.
bool ParseCsv(std::string_view content, std::vector<std::vector<std::string>>& records,
              std::vector<size_t>& lines, size_t& bad_line) {
  size_t line = 1;
  size_t i = 0;
  while (i < content.size()) {
    std::vector<std::string> fields;
    size_t record_line = line;
    std::string field;
    bool in_quotes = false;
    bool done = false;
    while (!done) {
      if (i >= content.size()) {
        if (in_quotes) {
          bad_line = record_line;
          return false;
        }
        fields.push_back(std::exchange(field, std::string()));
        break;
      }
      char c = content[i++];
      if (in_quotes) {
        if (c == '"') {
          if (i < content.size() && content[i] == '"') {
            field += '"';
            ++i;
          } else {
            in_quotes = false;
          }
        } else {
          if (c == '\n') ++line;
          field += c;
        }
      } else if (c == '"') {
        in_quotes = true;
      } else if (c == ',') {
        fields.push_back(std::exchange(field, std::string()));
      } else if (c == '\n') {
        ++line;
        fields.push_back(std::exchange(field, std::string()));
        done = true;
      } else if (c != '\r') {
        field += c;
      }
    }
    records.push_back(std::move(fields));
    lines.push_back(record_line);
  }
  return true;
}

Result<std::vector<LabelledText>> ParseDavidson(std::string_view content, std::string_view name) {
  std::vector<std::vector<std::string>> records;
  std::vector<size_t> lines;
  size_t bad_line = 0;
  if (!ParseCsv(content, records, lines, bad_line)) {
    return Fail(ErrorCode::kInvalidArgument, LineRef(name, bad_line) + ": unterminated quote");
  }
  std::vector<LabelledText> out;
  for (size_t r = 1; r < records.size(); ++r) {
    const std::vector<std::string>& f = records[r];
    if (f.size() == 1 && f[0].empty()) continue;
    if (f.size() != 7 || f[5].size() != 1 || f[5][0] < '0' || f[5][0] > '2') {
      return Fail(ErrorCode::kInvalidArgument,
                  LineRef(name, lines[r]) + ": expected 7 fields with class 0, 1 or 2");
    }
    LabelledText t;
    t.text = f[6];
    t.marked = true;
    t.abusive = f[5][0] != '2';
    t.identity_attack = f[5][0] == '0';
    t.insult = f[5][0] == '1';
    out.push_back(std::move(t));
  }
  return out;
}

Result<std::vector<LabelledText>> ParseOlid(std::string_view content, std::string_view name) {
  std::vector<LabelledText> out;
  std::vector<std::string_view> lines = Split(content, '\n');
  for (size_t i = 1; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (Trim(line).empty()) continue;
    std::vector<std::string_view> f = Split(line, '\t');
    if (f.size() != 5 || (f[2] != "OFF" && f[2] != "NOT")) {
      return Fail(ErrorCode::kInvalidArgument,
                  LineRef(name, i + 1) + ": expected id, tweet, OFF/NOT, subtask b and c");
    }
    LabelledText t;
    t.text = std::string(f[1]);
    t.marked = true;
    t.abusive = f[2] == "OFF";
    if (t.abusive && f[3] == "TIN") {
      t.identity_attack = f[4] == "GRP";
      t.insult = !t.identity_attack;
    }
    out.push_back(std::move(t));
  }
  return out;
}

bool HasWord(std::string_view model_text, std::string_view word) {
  size_t pos = 0;
  while ((pos = model_text.find(word, pos)) != std::string_view::npos) {
    size_t end = pos + word.size();
    if ((pos == 0 || model_text[pos - 1] == ' ') &&
        (end == model_text.size() || model_text[end] == ' ')) {
      return true;
    }
    pos = end;
  }
  return false;
}

// Deterministic "random" choices for shuffling and sampling, so that the
// same data always trains the same model.
uint64_t Mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

// Writes a light misspelling of `text` (one letter dropped or two swapped in
// its longest word), as obfuscating writers do.
std::string Misspell(const std::string& text, uint64_t seed) {
  size_t best = 0;
  size_t best_len = 0;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == ' ') {
      if (i - start > best_len) {
        best = start;
        best_len = i - start;
      }
      start = i + 1;
    }
  }
  if (best_len < 4) return text;
  std::string out = text;
  size_t at = best + 1 + Mix(seed) % (best_len - 2);
  if (seed % 2 == 0) {
    out.erase(at, 1);
  } else {
    std::swap(out[at], out[at + 1]);
  }
  return out;
}

}  // namespace

Result<std::vector<LabelledText>> ParseLabelledTsv(std::string_view content,
                                                   std::string_view name) {
  std::vector<LabelledText> out;
  std::vector<std::string_view> lines = Split(content, '\n');
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (Trim(line).empty()) continue;
    size_t tab = line.find('\t');
    if (tab == std::string_view::npos) {
      return Fail(ErrorCode::kInvalidArgument,
                  LineRef(name, i + 1) + ": expected label<TAB>text, found no tab");
    }
    std::string_view label = Trim(line.substr(0, tab));
    if (label != "0" && label != "1") {
      return Fail(ErrorCode::kInvalidArgument, LineRef(name, i + 1) +
                                                   ": label must be 0 or 1, not \"" +
                                                   std::string(label.substr(0, 20)) + "\"");
    }
    std::string_view text = Trim(line.substr(tab + 1));
    if (text.empty()) {
      return Fail(ErrorCode::kInvalidArgument, LineRef(name, i + 1) + ": empty text");
    }
    LabelledText t;
    t.text = std::string(text);
    t.abusive = label == "1";
    out.push_back(std::move(t));
  }
  return out;
}

Result<std::vector<LabelledText>> ReadLabelledFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    return Fail(ErrorCode::kNotFound, "no such file: " + path);
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  if (!in && !in.eof()) return Fail(ErrorCode::kUnavailable, "cannot read " + path);
  std::string content = buf.str();
  if (content.starts_with(",count,hate_speech,offensive_language,neither,class,tweet")) {
    return ParseDavidson(content, path);
  }
  if (content.starts_with("id\ttweet\tsubtask_a\tsubtask_b\tsubtask_c")) {
    return ParseOlid(content, path);
  }
  return ParseLabelledTsv(content, path);
}

std::string TrainingLabels(const LabelledText& t, std::string_view model_text) {
  std::string labels;
  auto add = [&](std::string_view label) {
    if (!labels.empty()) labels += ' ';
    labels += label;
  };
  if (t.abusive) {
    add(kLabelAbuse);
    bool identity = t.identity_attack;
    bool insult = t.insult;
    if (!t.marked) {
      bool names_group = HasWord(model_text, "xxgroup") || HasWord(model_text, "xxslur");
      bool second_person = HasWord(model_text, "you") || HasWord(model_text, "your") ||
                           HasWord(model_text, "youre") || HasWord(model_text, "u");
      identity = identity || names_group;
      insult = insult || second_person || !names_group;
    }
    if (insult) add(kLabelInsult);
    if (identity) add(kLabelIdentity);
    if (t.threat || HasThreatWord(model_text)) add(kLabelThreat);
  } else {
    add(kLabelClean);
  }
  // Swearing is obscene whether or not it abuses anyone.
  if (HasObsceneWord(model_text)) add(kLabelObscene);
  return labels;
}

bool InHoldout(std::string_view text, int percent) {
  // Hash the words, not the spacing: the uniform files replaced the
  // originals' tabs and newlines by spaces, and both must split alike.
  uint64_t h = 14695981039346656037ULL;
  bool space = false;
  for (char c : Trim(text)) {
    bool ws = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
    if (ws) {
      space = true;
      continue;
    }
    if (space) h = Fnv1a(" ", h);
    space = false;
    h = Fnv1a(std::string_view(&c, 1), h);
  }
  return static_cast<int>(h % 100) < percent;
}

std::vector<LabelledText> SyntheticExamples() {
  // Training wordings only: bench/abuse/ tests with wordings of its own.
  static constexpr std::array<std::string_view, 10> kGroups = {
      "muslims",      "jews",         "women",           "immigrants", "gay people",
      "trans people", "black people", "disabled people", "refugees",   "mexicans"};
  static constexpr std::array<std::string_view, 30> kHate = {
      "i hate {g}",
      "{g} are disgusting",
      "{g} are vermin",
      "{g} are a disease on this country",
      "{g} should be shot",
      "we need to get rid of all {g}",
      "{g} are subhuman trash",
      "i cant stand {g}",
      "{g} make me sick",
      "{g} are nothing but parasites",
      "{g} are filthy animals",
      "death to {g}",
      "never trust {g}, they are all liars",
      "{g} are worthless",
      "{g} dont deserve to live",
      "{g} are not human",
      "{g} are so stupid",
      "why are {g} always so dumb?",
      "i think {g} are scum",
      "{g} belong in cages",
      "there is nothing good about {g}",
      "the world would be better without {g}",
      "{g} are lazy and useless",
      "i will never respect {g}",
      "{g} are rats, all of them",
      "send {g} to the gas chambers",
      "{g} like you should be hanged",
      "typical {g}, always ruining everything",
      "i would kill every one of those {g}",
      "{g} are a plague and should be wiped out"};
  static constexpr std::array<std::string_view, 30> kCivil = {
      "i love {g}",
      "{g} are wonderful people",
      "i dont hate {g}",
      "i would never say anything bad about {g}",
      "{g} deserve respect like anyone else",
      "{g} are welcome here",
      "my neighbours are {g}",
      "there are many {g} in my town",
      "{g} have the same rights as everyone",
      "saying that {g} are vermin is disgusting",
      "if you think {g} are subhuman you need help",
      "stop calling {g} animals",
      "it is wrong to say you hate {g}",
      "{g} are not vermin, they are people",
      "nobody should be killed for being one of the {g}",
      "the article is about {g} in europe",
      "how many {g} live in this city?",
      "{g} have contributed a lot to this country",
      "i stand with {g}",
      "you cannot say \"i hate {g}\" and call yourself decent",
      "\"{g} are scum\" is a hateful thing to write",
      "people who say {g} should die are the problem",
      "{g} are not the enemy",
      "i have many friends who are {g}",
      "the report says {g} face more violence",
      "{g} are just as smart as everyone else",
      "hating {g} is never ok",
      "this comment about {g} was removed for hate, good",
      "i grew up with {g} and they are great",
      "never hate {g} for who they are"};
  static constexpr std::array<std::string_view, 6> kSlurs = {"faggot", "nigger", "kike",
                                                             "tranny", "retard", "wetback"};
  static constexpr std::array<std::string_view, 5> kSlurHate = {
      "shut up you {s}", "go back to your country, {s}", "another stupid {s}",
      "those {s}s ruin everything", "i wont rent to a {s}"};
  static constexpr std::array<std::string_view, 5> kSlurCivil = {
      "he called me a \"{s}\" and i reported him",
      "the word {s} is a slur and should never be used", "calling someone a {s} is hateful",
      "the article quotes the slur \"{s}\" to show what she faced",
      "using {s} as an insult says more about you"};
  static constexpr std::array<std::string_view, 8> kProfaneCivil = {
      "fuck yeah, what a game",
      "holy shit, that result is amazing",
      "damn, this article is good",
      "i fucking love this town",
      "no shit, the budget is late again",
      "what the hell happened to the trains",
      "this bill is bullshit and the council knows it",
      "shit, i missed the vote"};

  std::vector<LabelledText> out;
  auto add = [&](std::string text, bool abusive, bool identity) {
    uint64_t seed = Fnv1a(text);
    LabelledText t;
    t.abusive = abusive;
    t.identity_attack = identity;
    t.insult = abusive && !identity;
    t.marked = true;
    t.weight = 1;
    std::string misspelt = Misspell(text, seed);
    t.text = std::move(text);
    out.push_back(t);
    if (misspelt != t.text) {
      t.text = std::move(misspelt);
      out.push_back(std::move(t));
    }
  };
  auto fill = [](std::string_view tmpl, std::string_view key, std::string_view value) {
    std::string s(tmpl);
    for (size_t at = s.find(key); at != std::string::npos; at = s.find(key, at + value.size())) {
      s.replace(at, key.size(), value);
    }
    return s;
  };
  for (std::string_view g : kGroups) {
    for (std::string_view tmpl : kHate) add(fill(tmpl, "{g}", g), true, true);
    for (std::string_view tmpl : kCivil) add(fill(tmpl, "{g}", g), false, false);
  }
  for (std::string_view s : kSlurs) {
    for (std::string_view tmpl : kSlurHate) add(fill(tmpl, "{s}", s), true, true);
    for (std::string_view tmpl : kSlurCivil) add(fill(tmpl, "{s}", s), false, false);
  }
  for (std::string_view text : kProfaneCivil) add(std::string(text), false, false);
  return out;
}

Result<void> TrainAbuseModel(const std::vector<LabelledText>& examples, const TrainOptions& options,
                             const std::string& out_path) {
  std::vector<LabelledText> synthetic;
  if (options.synthetic) synthetic = SyntheticExamples();
  std::vector<std::pair<uint64_t, std::string>> lines;
  size_t positives = 0;
  size_t negatives = 0;
  auto take = [&](const LabelledText& t, bool may_hold_out, uint64_t salt) {
    if (may_hold_out && InHoldout(t.text, options.holdout_percent)) return;
    std::string model_text = AbuseModelText(t.text);
    if (model_text.empty()) return;
    std::string line = TrainingLabels(t, model_text) + " " + model_text;
    uint64_t h = Fnv1a(t.text, salt);
    // Whole copies, then one more with the probability of the fraction.
    double copies = std::floor(t.weight);
    if (static_cast<double>(Mix(h) % 10000) < (t.weight - copies) * 10000) copies += 1;
    for (int c = 0; c < static_cast<int>(copies); ++c) {
      lines.emplace_back(Mix(h + static_cast<uint64_t>(c) + static_cast<uint64_t>(options.seed)),
                         line);
      (t.abusive ? positives : negatives) += 1;
    }
  };
  for (const LabelledText& t : examples) take(t, true, 1);
  for (const LabelledText& t : synthetic) take(t, false, 2);
  if (positives == 0 || negatives == 0) {
    return Fail(ErrorCode::kInvalidArgument, "training needs abusive and civil examples; found " +
                                                 std::to_string(positives) + " and " +
                                                 std::to_string(negatives));
  }
  // SGD learns from the order it sees: mix the sources.
  std::sort(lines.begin(), lines.end());

  std::filesystem::path tmp =
      std::filesystem::temp_directory_path() /
      ("herald-abuse-train-" + std::to_string(::getpid()) + "-" +
       std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + ".txt");
  {
    std::ofstream f(tmp, std::ios::binary);
    for (const auto& [key, line] : lines) f << line << '\n';
    if (!f) {
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      return Fail(ErrorCode::kUnavailable, "cannot write training file " + tmp.string());
    }
  }

  fasttext::Args args;
  args.input = tmp.string();
  args.model = fasttext::model_name::sup;
  args.loss = fasttext::loss_name::ova;
  args.lr = options.lr;
  args.dim = options.dim;
  args.epoch = options.epoch;
  args.wordNgrams = options.word_ngrams;
  args.minn = options.minn;
  args.maxn = options.maxn;
  args.bucket = options.bucket;
  args.minCount = options.min_count;
  args.thread = std::max(1, options.threads);
  args.seed = options.seed;
  args.verbose = 0;
  fasttext::FastText ft;
  Result<void> result;
  try {
    ft.train(args);
    if (options.quantize) {
      fasttext::Args qargs = args;
      qargs.cutoff = options.cutoff;
      qargs.qnorm = true;
      qargs.retrain = false;
      qargs.dsub = static_cast<size_t>(std::max(1, options.dsub));
      ft.quantize(qargs);
    }
    std::filesystem::path out(out_path);
    if (out.has_parent_path()) std::filesystem::create_directories(out.parent_path());
    ft.saveModel(out_path);
    std::error_code ec;
    if (!std::filesystem::is_regular_file(out_path, ec)) {
      result = Fail(ErrorCode::kUnavailable, "cannot write model " + out_path);
    }
  } catch (const std::exception& e) {
    result = Fail(ErrorCode::kInternal, std::string("fastText training failed: ") + e.what());
  }
  std::error_code ec;
  std::filesystem::remove(tmp, ec);
  return result;
}

double RocAuc(const std::vector<float>& scores, const std::vector<bool>& labels) {
  std::vector<size_t> order(scores.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] < scores[b]; });
  // Mann-Whitney U: the sum of the positives' ranks, tied scores sharing
  // their mean rank.
  double rank_sum = 0;
  size_t positives = 0;
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j < order.size() && scores[order[j]] == scores[order[i]]) ++j;
    double mean_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
    for (size_t k = i; k < j; ++k) {
      if (labels[order[k]]) {
        rank_sum += mean_rank;
        ++positives;
      }
    }
    i = j;
  }
  size_t negatives = order.size() - positives;
  if (positives == 0 || negatives == 0) return -1;
  double p = static_cast<double>(positives);
  return (rank_sum - p * (p + 1) / 2) / (p * static_cast<double>(negatives));
}

PrecisionRecall PrecisionRecallAt(const std::vector<float>& scores, const std::vector<bool>& labels,
                                  float threshold) {
  size_t true_pos = 0;
  size_t flagged = 0;
  size_t positives = 0;
  for (size_t i = 0; i < scores.size(); ++i) {
    bool hit = scores[i] >= threshold;
    flagged += hit ? 1 : 0;
    positives += labels[i] ? 1 : 0;
    true_pos += hit && labels[i] ? 1 : 0;
  }
  PrecisionRecall pr;
  pr.flagged = flagged;
  pr.precision = flagged == 0 ? 1.0 : static_cast<double>(true_pos) / static_cast<double>(flagged);
  pr.recall = positives == 0 ? 0.0 : static_cast<double>(true_pos) / static_cast<double>(positives);
  return pr;
}

Evaluation Evaluate(const AbuseModel& model, const std::vector<LabelledText>& examples, float hold,
                    float reject) {
  std::vector<float> scores;
  std::vector<bool> labels;
  scores.reserve(examples.size());
  labels.reserve(examples.size());
  auto start = std::chrono::steady_clock::now();
  for (const LabelledText& t : examples) scores.push_back(model.Score(t.text).abuse);
  auto elapsed = std::chrono::steady_clock::now() - start;
  Evaluation e;
  for (const LabelledText& t : examples) {
    labels.push_back(t.abusive);
    e.positives += t.abusive ? 1 : 0;
  }
  e.examples = examples.size();
  e.roc_auc = RocAuc(scores, labels);
  e.at_hold = PrecisionRecallAt(scores, labels, hold);
  e.at_reject = PrecisionRecallAt(scores, labels, reject);
  if (!examples.empty()) {
    e.micros_per_comment = std::chrono::duration<double, std::micro>(elapsed).count() /
                           static_cast<double>(examples.size());
  }
  return e;
}

}  // namespace herald::moderation
