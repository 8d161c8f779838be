#include "moderation/spam.h"

#include <algorithm>
#include <string>

namespace herald::moderation {

int CountLinks(std::string_view folded) {
  int links = 0;
  size_t pos = 0;
  while (pos < folded.size()) {
    size_t http = folded.find("http", pos);
    size_t www = folded.find("www.", pos);
    size_t at = std::min(http, www);
    if (at == std::string_view::npos) break;
    std::string_view rest = folded.substr(at);
    if (rest.starts_with("https://") || rest.starts_with("http://")) {
      ++links;
      // "http://www.x" is one link, not two.
      size_t end = folded.find_first_of(" \n", at);
      pos = end == std::string_view::npos ? folded.size() : end;
      continue;
    }
    if (rest.starts_with("www.") &&
        (at == 0 || folded[at - 1] == ' ' || folded[at - 1] == '\n' || folded[at - 1] == '(')) {
      ++links;
      size_t end = folded.find_first_of(" \n", at);
      pos = end == std::string_view::npos ? folded.size() : end;
      continue;
    }
    pos = at + 1;
  }
  return links;
}

namespace {

class SpamPhase final : public Phase {
 public:
  std::string_view Name() const override { return "spam"; }

  void Run(Screening& s) const override {
    const Policy& p = *s.policy;
    const Context& c = *s.context;
    if (!s.submission->honeypot.empty()) {
      s.Add(Reason::kSpam, CommentStatus::kRejected, "honeypot field filled in");
      s.stop = true;
      return;
    }
    if (c.over_address_limit || c.over_identity_limit) {
      s.Add(Reason::kRateLimit, CommentStatus::kRejected,
            c.over_address_limit ? "address over its limit" : "commenter over their limit");
      s.stop = true;
      return;
    }
    if (std::find(c.recent_body_hashes.begin(), c.recent_body_hashes.end(), s.body_hash) !=
        c.recent_body_hashes.end()) {
      s.Add(Reason::kDuplicate, CommentStatus::kRejected, "same text posted before");
      s.stop = true;
      return;
    }
    if (s.submission->form_age_seconds >= 0 &&
        s.submission->form_age_seconds < p.min_form_seconds) {
      s.Add(Reason::kSpam, CommentStatus::kPending,
            "form sent " + std::to_string(s.submission->form_age_seconds) + " s after loading");
    }
    int links = CountLinks(s.folded);
    if (links > p.max_links) {
      s.Add(Reason::kSpam, CommentStatus::kPending, std::to_string(links) + " links");
    }
  }
};

}  // namespace

std::unique_ptr<Phase> MakeSpamPhase() { return std::make_unique<SpamPhase>(); }

}  // namespace herald::moderation
