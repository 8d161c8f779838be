// herald_screening_bench: how long the English edition's screening pipeline
// takes per comment, on one thread, with the default config and the
// committed models (models/lid.176.ftz, models/abuse.ftz).
//
//   herald_screening_bench [--corpus bench/comments/corpus.txt] [--min N]
//                          [--article ../shared/reference/seed-article.txt]
//                          [--only full|phases|single] [--quiet]
//
// The corpus holds one comment a line ("\n" inside a line is a line break).
// It is screened over and over until at least N screenings (default 100000)
// were timed, after one untimed warm-up pass. Three measurements:
//
//   full     Pipeline::Build(config.PolicyFor("en"), models)->Screen(), the
//            call CommentService::Post makes.
//   phases   the same phases, built one by one and run in the pipeline's
//            order on one Screening, each timed on its own (a phase after
//            one that stopped the comment is not run and not counted).
//   single   one pipeline per phase: policy.phases = {phase} (normalise
//            always runs first, so "normalise" alone is the baseline and
//            "+X" minus it is X's own cost).
//
// Prints median, p90, p99 and mean microseconds per comment for each, and
// the verdicts the full pipeline reached.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "config/config.h"
#include "core/comment.h"
#include "moderation/abuse.h"
#include "moderation/house_rules.h"
#include "moderation/language.h"
#include "moderation/libel.h"
#include "moderation/normalise.h"
#include "moderation/pipeline.h"
#include "moderation/screening.h"
#include "moderation/spam.h"
#include "moderation/word_list.h"

namespace {

using Clock = std::chrono::steady_clock;
namespace mod = herald::moderation;

struct Stats {
  double p50 = 0, p90 = 0, p99 = 0, mean = 0, max = 0;
  size_t n = 0;
};

Stats Summarise(std::vector<double>& us) {
  Stats s;
  s.n = us.size();
  if (us.empty()) return s;
  std::sort(us.begin(), us.end());
  auto at = [&](double q) { return us[std::min(us.size() - 1, static_cast<size_t>(q * us.size()))]; };
  s.p50 = at(0.50);
  s.p90 = at(0.90);
  s.p99 = at(0.99);
  double sum = 0;
  for (double v : us) sum += v;
  s.mean = sum / us.size();
  s.max = us.back();
  return s;
}

void PrintRow(const std::string& label, const Stats& s) {
  std::printf("| %-26s | %9zu | %8.2f | %8.2f | %8.2f | %8.2f |\n", label.c_str(), s.n, s.p50,
              s.p90, s.p99, s.mean);
}

void PrintHeader(const char* first) {
  std::printf("| %-26s | %9s | %8s | %8s | %8s | %8s |\n", first, "n", "p50 µs", "p90 µs",
              "p99 µs", "mean µs");
  std::printf("|%s|%s|%s|%s|%s|%s|\n", std::string(28, '-').c_str(), std::string(11, '-').c_str(),
              std::string(10, '-').c_str(), std::string(10, '-').c_str(),
              std::string(10, '-').c_str(), std::string(10, '-').c_str());
}

double Micros(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::micro>(b - a).count();
}

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "herald_screening_bench: %s\n", message.c_str());
  std::exit(1);
}

std::vector<std::string> ReadCorpus(const std::string& path) {
  std::ifstream in(path);
  if (!in) Die("cannot read corpus " + path);
  std::vector<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::string text;
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == 'n') {
        text += '\n';
        ++i;
      } else {
        text += line[i];
      }
    }
    out.push_back(std::move(text));
  }
  if (out.empty()) Die("corpus " + path + " is empty");
  return out;
}

struct Article {
  std::string headline, lead, body;
};

Article ReadArticle(const std::string& path) {
  Article a;
  a.headline = "Seminary scholars meet in Qom";  // Used when there is no file.
  if (path.empty()) return a;
  std::ifstream in(path);
  if (!in) return a;
  std::stringstream ss;
  ss << in.rdbuf();
  a.body = ss.str();
  std::istringstream lines(a.body);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("Rasa", 0) == 0) {
      a.lead = line;
      break;
    }
  }
  return a;
}

struct Inputs {
  std::vector<mod::Submission> submissions;
  mod::Context context;
};

Inputs MakeInputs(const std::vector<std::string>& corpus, const Article& article) {
  static const char* kNames[] = {"Reza", "Maryam Ahmadi", "John", "reader", "Sara K.",
                                 "Old teacher", "Ali", "Hamid from Tabriz", "Anne", "M. Rossi"};
  Inputs in;
  for (size_t i = 0; i < corpus.size(); ++i) {
    mod::Submission s;
    s.name = kNames[i % (sizeof kNames / sizeof *kNames)];
    s.email = i % 3 == 0 ? "" : "reader" + std::to_string(i) + "@example.org";
    s.body = corpus[i];
    s.form_age_seconds = i % 2 == 0 ? -1 : 45;  // API (unknown) and form posts.
    in.submissions.push_back(std::move(s));
  }
  in.context.headline = article.headline;
  in.context.lead = article.lead;
  in.context.body = article.body;
  return in;
}

// Screens the corpus over and over through `pipeline`; one sample per comment.
std::vector<double> TimePipeline(const mod::Pipeline& pipeline, const Inputs& in, size_t min_n,
                                 std::map<std::string, int>* outcomes) {
  for (const auto& sub : in.submissions) (void)pipeline.Screen(sub, in.context);  // Warm-up.
  std::vector<double> us;
  us.reserve(min_n + in.submissions.size());
  while (us.size() < min_n) {
    for (const auto& sub : in.submissions) {
      auto t0 = Clock::now();
      mod::Verdict v = pipeline.Screen(sub, in.context);
      auto t1 = Clock::now();
      us.push_back(Micros(t0, t1));
      if (outcomes != nullptr && us.size() <= in.submissions.size()) {
        ++(*outcomes)[std::string(herald::StatusName(v.status))];
      }
    }
  }
  return us;
}

template <typename T>
T Need(herald::Result<T> r, const std::string& what) {
  if (!r) Die(what + ": " + r.error().message);
  return std::move(*r);
}

}  // namespace

int main(int argc, char** argv) {
  std::string corpus_path = "bench/comments/corpus.txt";
  std::string article_path = "../shared/reference/seed-article.txt";
  std::string only;
  size_t min_n = 100000;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) Die(a + " needs a value");
      return argv[++i];
    };
    if (a == "--corpus") corpus_path = next();
    else if (a == "--article") article_path = next();
    else if (a == "--min") min_n = std::stoul(next());
    else if (a == "--only") only = next();
    else if (a == "--help" || a == "-h") {
      std::puts("usage: herald_screening_bench [--corpus FILE] [--article FILE] [--min N] "
                "[--only full|phases|single]");
      return 0;
    } else {
      Die("unknown argument " + a);
    }
  }

  herald::Config config = herald::DefaultConfig();
  const mod::Policy& policy = config.PolicyFor("en");
  auto t0 = Clock::now();
  mod::Models models = Need(mod::LoadModels("", true, true), "loading models");
  auto t1 = Clock::now();
  auto corpus = ReadCorpus(corpus_path);
  Article article = ReadArticle(article_path);
  Inputs in = MakeInputs(corpus, article);
  size_t bytes = 0;
  for (const auto& c : corpus) bytes += c.size();

  std::printf("corpus: %zu comments, %zu bytes (mean %.0f bytes); article context: %s\n",
              corpus.size(), bytes, static_cast<double>(bytes) / corpus.size(),
              article.body.empty() ? "none" : article_path.c_str());
  std::printf("models loaded in %.0f ms; at least %zu timed screenings per measurement, one "
              "thread\n",
              Micros(t0, t1) / 1000, min_n);
  std::string phase_list;
  for (const auto& p : policy.phases) phase_list += (phase_list.empty() ? "" : ",") + p;
  std::printf("en phases: %s\n\n", phase_list.c_str());

  if (only.empty() || only == "full") {
    auto pipeline = Need(mod::Pipeline::Build(policy, models), "building the en pipeline");
    std::map<std::string, int> outcomes;
    auto us = TimePipeline(*pipeline, in, min_n, &outcomes);
    Stats s = Summarise(us);
    std::printf("### Whole pipeline (Pipeline::Screen, en policy)\n\n");
    PrintHeader("pipeline");
    PrintRow("full en pipeline", s);
    std::printf("\nmax %.1f µs; throughput on one thread: %.0f comments/s\n", s.max,
                1e6 / s.mean);
    std::printf("verdicts over one corpus pass:");
    for (const auto& [k, v] : outcomes) std::printf(" %s=%d", k.c_str(), v);
    std::printf("\nTARGET median < 50 µs: %s (median %.2f µs)\n\n",
                s.p50 < 50 ? "MET" : "MISSED", s.p50);
  }

  if (only.empty() || only == "phases") {
    // The same phases as Pipeline::Build makes, run in its order, each timed.
    std::vector<std::pair<std::string, std::unique_ptr<mod::Phase>>> phases;
    phases.emplace_back("normalise", mod::MakeNormalisePhase());
    for (const std::string& name : policy.phases) {
      if (name == "normalise") continue;
      std::unique_ptr<mod::Phase> p;
      if (name == "spam") p = mod::MakeSpamPhase();
      else if (name == "language") p = mod::MakeLanguagePhase(models.language);
      else if (name == "word_list") p = Need(mod::MakeWordListPhase(policy), name);
      else if (name == "abuse") p = mod::MakeAbusePhase(models.abuse);
      else if (name == "libel") p = Need(mod::MakeLibelPhase(policy), name);
      else if (name == "house_rules") p = Need(mod::MakeHouseRulesPhase(policy), name);
      else Die("unknown phase " + name);
      phases.emplace_back(name, std::move(p));
    }
    std::vector<std::vector<double>> us(phases.size());
    std::vector<double> total;
    size_t n = 0;
    auto run_once = [&](const mod::Submission& sub, bool record) {
      mod::Screening s;
      s.submission = &sub;
      s.context = &in.context;
      s.policy = &policy;
      double sum = 0;
      for (size_t i = 0; i < phases.size(); ++i) {
        auto a = Clock::now();
        phases[i].second->Run(s);
        auto b = Clock::now();
        if (record) us[i].push_back(Micros(a, b));
        sum += Micros(a, b);
        if (s.stop) break;
      }
      if (record) total.push_back(sum);
    };
    for (const auto& sub : in.submissions) run_once(sub, false);
    while (n < min_n) {
      for (const auto& sub : in.submissions) run_once(sub, true);
      n += in.submissions.size();
    }
    std::printf("### Per phase, in pipeline order on one Screening (each phase timed alone)\n\n");
    PrintHeader("phase");
    double mean_sum = 0;
    for (size_t i = 0; i < phases.size(); ++i) {
      Stats s = Summarise(us[i]);
      mean_sum += s.mean * s.n;
      PrintRow(phases[i].first, s);
    }
    Stats t = Summarise(total);
    PrintRow("sum of phases", t);
    std::printf("\nshare of total time per phase:");
    for (size_t i = 0; i < phases.size(); ++i) {
      double phase_sum = 0;
      for (double v : us[i]) phase_sum += v;
      std::printf(" %s %.1f%%", phases[i].first.c_str(), 100.0 * phase_sum / mean_sum);
    }
    std::printf("\n\n");
  }

  if (only.empty() || only == "single") {
    std::printf("### Single-phase pipelines (policy.phases = {X}; normalise always runs first)\n\n");
    PrintHeader("pipeline");
    std::vector<std::string> names = {"normalise"};
    for (const auto& p : policy.phases)
      if (p != "normalise") names.push_back(p);
    double base = 0;
    std::vector<std::pair<std::string, double>> own;
    for (const std::string& name : names) {
      mod::Policy single = policy;
      single.phases = {name};
      auto pipeline = Need(mod::Pipeline::Build(single, models), "building pipeline " + name);
      auto us = TimePipeline(*pipeline, in, min_n, nullptr);
      Stats s = Summarise(us);
      std::string label = name == "normalise" ? "normalise" : "normalise + " + name;
      PrintRow(label, s);
      if (name == "normalise") base = s.p50;
      else own.emplace_back(name, s.p50 - base);
    }
    std::printf("\nmedian of each phase's own cost (single pipeline p50 minus normalise p50):");
    for (const auto& [name, v] : own) std::printf(" %s %.2f µs;", name.c_str(), v);
    std::printf("\n");
  }
  return 0;
}
