// `herald moderation train` and `herald moderation eval`: the abuse model's
// training and its measurement (moderation/training.h).
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "moderation/abuse.h"
#include "moderation/models.h"
#include "moderation/policy.h"
#include "moderation/training.h"

namespace herald::cli {
namespace {

using moderation::LabelledText;

struct TrainArgs {
  std::vector<std::string> data;
  bool from_db = false;
  double db_weight = 3;
  std::string out;
  moderation::TrainOptions options;
  bool no_synthetic = false;
};

struct EvalArgs {
  std::vector<std::string> data;
  std::string model;
  int holdout = 0;
  float hold = moderation::Policy{}.abuse_hold;
  float reject = moderation::Policy{}.abuse_reject;
};

// Splits "FILE:WEIGHT" (the weight repeats the file's examples, fractions
// sample them); a path that exists as given has no weight.
bool SplitWeight(const std::string& spec, std::string& path, double& weight) {
  path = spec;
  weight = 1;
  std::error_code ec;
  size_t colon = spec.rfind(':');
  if (colon == std::string::npos || std::filesystem::exists(spec, ec)) return true;
  std::string number = spec.substr(colon + 1);
  try {
    size_t used = 0;
    double w = std::stod(number, &used);
    if (used != number.size() || w < 0 || w > 100) return false;
    path = spec.substr(0, colon);
    weight = w;
  } catch (const std::exception&) {
    return true;  // Not a weight: a path with a colon in it.
  }
  return true;
}

int RunTrain(const CommonOptions& common, const TrainArgs& a) {
  std::vector<LabelledText> examples;
  for (const std::string& spec : a.data) {
    std::string path;
    double weight = 1;
    if (!SplitWeight(spec, path, weight)) Die("bad weight in " + spec + " (want FILE:0..100)", 2);
    auto read = moderation::ReadLabelledFile(path);
    if (!read) Die(read.error().message, 2);
    size_t positives = 0;
    for (LabelledText& t : *read) {
      t.weight = weight;
      positives += t.abusive ? 1 : 0;
      examples.push_back(std::move(t));
    }
    std::fprintf(stderr, "%s: %zu examples, %zu abusive, weight %.2g\n", path.c_str(), read->size(),
                 positives, weight);
  }
  if (a.from_db) {
    Config config = ResolveConfig(common);
    auto store = OpenConfiguredStore(config);
    auto labels = store->ListModerationLabels();
    if (!labels) Die(labels.error().message);
    for (const ModerationLabel& l : *labels) {
      LabelledText t;
      t.text = l.text;
      t.abusive = l.abusive;
      t.weight = a.db_weight;
      examples.push_back(std::move(t));
    }
    std::fprintf(stderr, "database: %zu moderator decisions, weight %.2g\n", labels->size(),
                 a.db_weight);
  }
  if (examples.empty()) Die("nothing to train on: give --data FILE or --from-db", 2);
  moderation::TrainOptions options = a.options;
  options.synthetic = !a.no_synthetic;
  auto start = std::chrono::steady_clock::now();
  if (auto ok = moderation::TrainAbuseModel(examples, options, a.out); !ok) {
    Die(ok.error().message);
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::error_code ec;
  auto size = std::filesystem::file_size(a.out, ec);
  std::printf("wrote %s (%.1f MB) in %.1f s; %d%% of each file held out\n", a.out.c_str(),
              static_cast<double>(size) / 1e6, seconds, options.holdout_percent);
  return 0;
}

int RunEval(const EvalArgs& a) {
  std::string path = a.model.empty() ? moderation::FindModel("abuse.ftz", "") : a.model;
  if (path.empty()) Die("no abuse model: give --model FILE (models/abuse.ftz is missing)");
  auto model = moderation::LoadAbuseModel(path);
  if (!model) Die(model.error().message);
  for (const std::string& file : a.data) {
    auto read = moderation::ReadLabelledFile(file);
    if (!read) Die(read.error().message, 2);
    std::vector<LabelledText> examples;
    for (LabelledText& t : *read) {
      if (a.holdout == 0 || moderation::InHoldout(t.text, a.holdout)) {
        examples.push_back(std::move(t));
      }
    }
    moderation::Evaluation e = moderation::Evaluate(**model, examples, a.hold, a.reject);
    std::printf("%s%s: %zu comments, %zu abusive\n", file.c_str(),
                a.holdout > 0 ? " (held out)" : "", e.examples, e.positives);
    if (e.roc_auc < 0) {
      std::printf("  roc_auc           n/a (needs both classes)\n");
    } else {
      std::printf("  roc_auc           %.3f\n", e.roc_auc);
    }
    std::printf("  hold   >= %.2f    precision %.3f  recall %.3f  (%zu flagged)\n", a.hold,
                e.at_hold.precision, e.at_hold.recall, e.at_hold.flagged);
    std::printf("  reject >= %.2f    precision %.3f  recall %.3f  (%zu flagged)\n", a.reject,
                e.at_reject.precision, e.at_reject.recall, e.at_reject.flagged);
    std::printf("  us_per_comment    %.1f\n", e.micros_per_comment);
  }
  return 0;
}

}  // namespace

void AddModerationTrainingCommands(CLI::App* moderation, CommonOptions& common,
                                   ExitCode& exit_code) {
  auto train_args = std::make_shared<TrainArgs>();
  auto* train = moderation->add_subcommand(
      "train", "Train the abuse model from labelled text and moderators' decisions");
  // --data names training files here, so the data directory is --data-dir.
  train->add_option("--config", common.config_file, "TOML config file, for --from-db");
  train->add_option("--data-dir", common.data_dir,
                    "Data directory, for --from-db (default: ./var)");
  train->add_option("--database", common.database,
                    "Database URL, for --from-db (default: <data-dir>/herald.db)");
  train->add_option("--data", train_args->data,
                    "label<TAB>text file (or Davidson's labeled_data.csv, OLID's "
                    "olid-training-v1.0.tsv); FILE:W weighs it W times");
  train->add_flag("--from-db", train_args->from_db,
                  "Also learn from the moderators' decisions in the database");
  train->add_option("--db-weight", train_args->db_weight, "Weight of a moderator's decision")
      ->capture_default_str();
  train->add_option("--out", train_args->out, "Model file to write (.ftz)")->required();
  train
      ->add_option("--holdout", train_args->options.holdout_percent,
                   "Percent of each file left out for `eval --holdout`")
      ->check(CLI::Range(0, 90))
      ->capture_default_str();
  train->add_option("--epoch", train_args->options.epoch, "Passes over the data")
      ->check(CLI::Range(1, 200))
      ->capture_default_str();
  train
      ->add_option("--threads", train_args->options.threads,
                   "Training threads (more is faster, but not reproducible)")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  train->add_option("--lr", train_args->options.lr, "Learning rate")->capture_default_str();
  train->add_option("--dim", train_args->options.dim, "Vector size")
      ->check(CLI::Range(2, 300))
      ->capture_default_str();
  train->add_option("--bucket", train_args->options.bucket, "Hash buckets for n-grams")
      ->capture_default_str();
  train->add_option("--minn", train_args->options.minn, "Shortest character n-gram (0: none)")
      ->capture_default_str();
  train->add_option("--maxn", train_args->options.maxn, "Longest character n-gram (0: none)")
      ->capture_default_str();
  train->add_option("--min-count", train_args->options.min_count, "Rarest word kept")
      ->capture_default_str();
  train
      ->add_option("--cutoff", train_args->options.cutoff,
                   "Rows kept by quantisation (0: all, faster to score)")
      ->capture_default_str();
  train->add_option("--dsub", train_args->options.dsub, "Quantisation sub-vector size")
      ->capture_default_str();
  train->add_flag(
      "--no-quantize", [train_args](int64_t) { train_args->options.quantize = false; },
      "Write the full-precision model (larger, faster to score)");
  train->add_flag("--no-synthetic", train_args->no_synthetic,
                  "Leave out the built-in examples of hate against groups");
  train->callback([&common, &exit_code, train_args] { exit_code = RunTrain(common, *train_args); });

  auto eval_args = std::make_shared<EvalArgs>();
  auto* eval = moderation->add_subcommand(
      "eval", "Measure the abuse model: ROC AUC, precision and recall, speed");
  eval->add_option("--data", eval_args->data, "label<TAB>text file(s) to score")->required();
  eval->add_option("--model", eval_args->model, "Model file (default: models/abuse.ftz)");
  eval->add_option("--holdout", eval_args->holdout,
                   "Score only the held-out percent that `train --holdout` left out")
      ->check(CLI::Range(0, 90));
  eval->add_option("--hold", eval_args->hold, "Hold threshold")->capture_default_str();
  eval->add_option("--reject", eval_args->reject, "Reject threshold")->capture_default_str();
  eval->callback([&exit_code, eval_args] { exit_code = RunEval(*eval_args); });
}

}  // namespace herald::cli
