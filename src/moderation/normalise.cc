#include "moderation/normalise.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <cstdio>

#include "common/text.h"

namespace herald::moderation {
namespace {

constexpr UChar32 kZeroWidthNonJoiner = 0x200C;
constexpr UChar32 kZeroWidthJoiner = 0x200D;

// True for characters a comment never needs and that can hide or reorder
// text: C0/C1 controls but line breaks and tabs, and format characters
// (zero-width space, bidi overrides, soft hyphen, BOM, ...).
bool IsInvisible(UChar32 c) {
  if (c == '\n' || c == '\t') return false;
  if (c == kZeroWidthNonJoiner || c == kZeroWidthJoiner) return false;
  int8_t type = u_charType(c);
  return type == U_CONTROL_CHAR || type == U_FORMAT_CHAR || type == U_UNASSIGNED ||
         type == U_PRIVATE_USE_CHAR || type == U_SURROGATE;
}

bool IsHorizontalSpace(UChar32 c) { return c == '\t' || (c != '\n' && u_isUWhiteSpace(c)); }

std::string ToNfc(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return std::string(text);
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(text);
  icu::UnicodeString out = nfc->normalize(in, status);
  if (U_FAILURE(status)) return std::string(text);
  std::string result;
  out.toUTF8String(result);
  return result;
}

std::string Collapse(std::string_view text, bool one_line) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  int pending_newlines = 0;
  int32_t i = 0;
  const auto len = static_cast<int32_t>(text.size());
  while (i < len) {
    int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(text.data(), i, len, c);  // NOLINT(bugprone-inc-dec-in-conditions): ICU's macro.
    if (c < 0) continue;              // Invalid bytes: callers pass valid UTF-8.
    if (c == '\r') {
      if (i < len && text[static_cast<size_t>(i)] == '\n') continue;  // CR LF: keep the LF.
      c = '\n';
    }
    if (c == '\n' || c == 0x2028 || c == 0x2029 || c == 0x85) {
      if (one_line) {
        pending_space = !out.empty();
      } else if (!out.empty()) {
        ++pending_newlines;
        pending_space = false;
      }
      continue;
    }
    if (IsInvisible(c)) continue;
    if (IsHorizontalSpace(c)) {
      pending_space = !out.empty() && pending_newlines == 0;
      continue;
    }
    if (pending_newlines > 0) {
      out.append(pending_newlines > 1 ? "\n\n" : "\n");
      pending_newlines = 0;
      pending_space = false;
    } else if (pending_space) {
      out.push_back(' ');
      pending_space = false;
    }
    out.append(text.substr(static_cast<size_t>(start), static_cast<size_t>(i - start)));
  }
  return out;
}

class NormalisePhase final : public Phase {
 public:
  std::string_view Name() const override { return "normalise"; }

  void Run(Screening& s) const override {
    s.text = NormaliseText(s.submission->body);
    s.name = NormaliseLine(s.submission->name);
    s.folded = FoldForMatching(s.text);
    s.body_hash = BodyHash(s.folded);
    // A body of joiners alone shows nothing: as empty as no body at all.
    if (s.text.empty() || Trim(s.folded).empty()) {
      s.Add(Reason::kEmpty, CommentStatus::kRejected);
      s.stop = true;
      return;
    }
    size_t length = CountCodePoints(s.text);
    if (length > s.policy->max_length) {
      s.Add(Reason::kTooLong, CommentStatus::kRejected,
            std::to_string(length) + " > " + std::to_string(s.policy->max_length));
      s.stop = true;
    }
  }
};

}  // namespace

std::string NormaliseText(std::string_view text) { return Collapse(ToNfc(text), false); }

std::string NormaliseLine(std::string_view text) { return Collapse(ToNfc(text), true); }

std::string FoldForMatching(std::string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* fold = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status)) return AsciiLower(text);
  icu::UnicodeString in = icu::UnicodeString::fromUTF8(text);
  icu::UnicodeString out = fold->normalize(in, status);
  if (U_FAILURE(status)) return AsciiLower(text);
  std::string result;
  out.toUTF8String(result);
  return result;
}

std::string BodyHash(std::string_view folded) {
  // FNV-1a over letters and digits: stable across builds and machines, which
  // std::hash is not, because the hash is stored.
  uint64_t h = 14695981039346656037ULL;
  int32_t i = 0;
  const auto len = static_cast<int32_t>(folded.size());
  while (i < len) {
    int32_t start = i;
    UChar32 c = 0;
    U8_NEXT(folded.data(), i, len, c);  // NOLINT(bugprone-inc-dec-in-conditions): ICU's macro.
    if (c < 0 || !u_isalnum(c)) continue;
    for (int32_t k = start; k < i; ++k) {
      h ^= static_cast<unsigned char>(folded[static_cast<size_t>(k)]);
      h *= 1099511628211ULL;
    }
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

std::unique_ptr<Phase> MakeNormalisePhase() { return std::make_unique<NormalisePhase>(); }

}  // namespace herald::moderation
