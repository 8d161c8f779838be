// Training: builds the abuse model (moderation/abuse.h) from labelled text
// and measures how well a model separates abuse from civil comments.
//
//   Result<std::vector<LabelledText>> fox = ReadLabelledFile("fox/data.tsv");
//   TrainOptions options;
//   Result<void> done = TrainAbuseModel(examples, options, "models/abuse.ftz");
//
// Data files are read at training time and never copied into the model's
// folder; the model keeps only hashed features.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "moderation/abuse.h"

namespace herald::moderation {

// One labelled comment. The category flags are what the source says; the
// ones it does not mark stay false and training derives them (see
// TrainingLabels()).
struct LabelledText {
  std::string text;
  bool abusive = false;
  bool insult = false;
  bool identity_attack = false;
  bool threat = false;
  bool marked = false;  // The source marks categories; do not derive insult and identity.
  double weight = 1;    // Copies in the training set; fractions are sampled.
};

// Parses the uniform format, one `label<TAB>text` item a line with label 0
// or 1 (blank lines are skipped). Returns kInvalidArgument naming
// "NAME:LINE" for the first malformed line.
Result<std::vector<LabelledText>> ParseLabelledTsv(std::string_view content, std::string_view name);

// Reads a labelled file: the uniform TSV, or one of two richer originals
// recognised by their header — Davidson et al.'s labeled_data.csv (hate
// speech marks an identity attack, offensive language an insult) and OLID's
// olid-training-v1.0.tsv (targeted insults at a group mark an identity
// attack, at a person or other an insult). Returns kNotFound for a missing
// file and kInvalidArgument naming "PATH:LINE" for a malformed one.
Result<std::vector<LabelledText>> ReadLabelledFile(const std::string& path);

// Labelled examples of our own writing for what the data sets lack: hate
// against protected groups with its negations, counter-speech, quoted slurs
// and obfuscated spellings, and civil statements about the same groups.
std::vector<LabelledText> SyntheticExamples();

// Returns the fastText labels `t` trains (kLabelAbuse and its categories, or
// kLabelClean), space-separated. Threats and obscenity come from the
// lexicons in abuse.h; for sources that do not mark categories, an abusive
// text that names a group or a slur is an identity attack, one that
// addresses "you" (or names no group) an insult.
std::string TrainingLabels(const LabelledText& t, std::string_view model_text);

// Returns true iff `text` belongs to the held-out `percent` of its source:
// a fixed split by FNV-1a hash of the text with its whitespace runs made
// single spaces, so that training and evaluation (and bench/abuse/) agree
// without a file listing the split.
bool InHoldout(std::string_view text, int percent);

struct TrainOptions {
  int epoch = 10;
  double lr = 0.1;
  int dim = 16;
  int word_ngrams = 2;
  int minn = 3;  // Character n-grams catch misspellings and obfuscation.
  int maxn = 4;
  int bucket = 100000;
  int min_count = 2;
  int threads = 1;  // One thread trains the same model every time.
  int seed = 1;
  bool quantize = true;      // A few MB instead of tens.
  size_t cutoff = 0;         // Rows kept by quantisation; 0 keeps all, which scores faster.
  int dsub = 2;              // Quantisation sub-vector size.
  int holdout_percent = 15;  // Left out of training, for an honest evaluation.
  bool synthetic = true;     // Add SyntheticExamples().
};

// Trains a model on `examples` (minus the held-out part) and writes it to
// `out_path`. Returns kInvalidArgument when no example of one class is
// left, kUnavailable when the file cannot be written, kInternal when
// fastText fails.
Result<void> TrainAbuseModel(const std::vector<LabelledText>& examples, const TrainOptions& options,
                             const std::string& out_path);

// Returns the area under the ROC curve (ties count half), or -1 when
// `labels` lacks a positive or a negative. Sizes must match.
double RocAuc(const std::vector<float>& scores, const std::vector<bool>& labels);

struct PrecisionRecall {
  double precision = 0;  // Of the texts at or above the threshold; 1 when none are.
  double recall = 0;     // Of the positives; 0 when there are none.
  size_t flagged = 0;    // Texts at or above the threshold.
};

// Returns precision and recall when every score >= `threshold` is flagged.
PrecisionRecall PrecisionRecallAt(const std::vector<float>& scores, const std::vector<bool>& labels,
                                  float threshold);

struct Evaluation {
  size_t examples = 0;
  size_t positives = 0;
  double roc_auc = -1;
  PrecisionRecall at_hold;
  PrecisionRecall at_reject;
  double micros_per_comment = 0;  // Mean wall time of AbuseModel::Score().
};

// Scores every example with `model` and measures it against the policy's
// thresholds.
Evaluation Evaluate(const AbuseModel& model, const std::vector<LabelledText>& examples, float hold,
                    float reject);

}  // namespace herald::moderation
