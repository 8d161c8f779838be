// Screening: the state a comment carries through the pipeline's phases, and
// the contract every phase keeps.
//
// A phase reads the submission and its context, and may add findings and
// scores. It never removes what an earlier phase found. A phase that refuses
// the comment outright (empty, banned word) sets `stop` so that later phases,
// which may be costly, are skipped. Phases hold no per-comment state, so one
// phase object serves every thread at once.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/comment.h"
#include "moderation/policy.h"

namespace herald::moderation {

// What the commenter sent, before any normalisation.
struct Submission {
  std::string name;
  std::string email;  // Optional; never shown.
  std::string body;
  std::string honeypot;           // A field humans never see: bots fill it in.
  int64_t form_age_seconds = -1;  // Time since the form was served; -1 when unknown (API).
};

// What screening knows around the comment.
struct Context {
  // The article, so that names it mentions count as people (libel phase).
  std::string_view headline;
  std::string_view lead;
  std::string_view body;
  CommentMode article_mode = CommentMode::kPost;  // The article's own mode, or the edition's.

  // The commenter's record.
  int approved_before = 0;  // Their comments moderators or screening published.
  bool always_premoderate = false;
  bool banned = false;
  // Keyed hashes of the bodies they posted within the duplicate window.
  std::vector<std::string> recent_body_hashes;

  // Rate limits, checked by the caller that owns the counters: true when
  // this address or identity is over its limit.
  bool over_address_limit = false;
  bool over_identity_limit = false;
};

struct Screening {
  const Submission* submission = nullptr;
  const Context* context = nullptr;
  const Policy* policy = nullptr;

  // Set by the normalise phase: the body as stored and shown (NFC, controls
  // and zero-width characters removed, whitespace collapsed) and the name.
  // Spans in findings index into `text`.
  std::string text;
  std::string name;
  // `text` folded for matching: NFKC, case-folded. Same words, other bytes:
  // phases that need offsets into `text` must map back themselves.
  std::string folded;
  std::string body_hash;  // Hash of `folded`, for duplicate detection.

  std::string language;  // Identified language, "" when unknown.
  float language_confidence = 0;
  AbuseScores scores;
  bool nudge = false;  // Borderline: the form asks the writer before sending.

  std::vector<Finding> findings;
  bool stop = false;

  void Add(Reason reason, CommentStatus outcome, std::string detail = {},
           std::vector<Span> spans = {}) {
    findings.push_back(Finding{reason, outcome, std::move(detail), std::move(spans)});
  }
};

class Phase {
 public:
  virtual ~Phase() = default;
  // The phase's name in the config ("spam", "language", ...).
  virtual std::string_view Name() const = 0;
  // Screens `s`. Must be safe to call from many threads at once.
  virtual void Run(Screening& s) const = 0;
};

}  // namespace herald::moderation
