#include "moderation/house_rules.h"

#include <unicode/regex.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>
#include <unicode/utypes.h>

#include <string>
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

// In ICU's match-engine steps, "on the order of milliseconds" each: enough
// for any sane pattern on a 5000-character comment, short enough that a
// runaway one cannot hold a server thread.
constexpr int32_t kTimeLimitSteps = 20;
// A moderator needs to see where a rule matched, not every match of a
// pattern such as "\d".
constexpr size_t kMaxSpansPerRule = 32;

struct CompiledRule {
  std::string name;
  CommentStatus outcome = CommentStatus::kPending;
  std::unique_ptr<icu::RegexPattern> pattern;
};

// Maps UTF-16 offsets of `text` to byte offsets, built only when some rule
// matched.
std::vector<size_t> Utf16ToByteOffsets(const std::string& text) {
  std::vector<size_t> offsets;
  offsets.reserve(text.size() + 1);
  int32_t i = 0;
  const auto len = static_cast<int32_t>(text.size());
  while (i < len) {
    const int32_t start = i;
    UChar32 c = NextCodePoint(text, i);
    // An ill-formed byte became U+FFFD, one UTF-16 unit, in fromUTF8.
    offsets.push_back(static_cast<size_t>(start));
    if (c > 0xFFFF) offsets.push_back(static_cast<size_t>(start));
  }
  offsets.push_back(text.size());
  return offsets;
}

class HouseRulesPhase final : public Phase {
 public:
  explicit HouseRulesPhase(std::vector<CompiledRule> rules) : rules_(std::move(rules)) {}

  std::string_view Name() const override { return "house_rules"; }

  void Run(Screening& s) const override {
    if (rules_.empty()) return;
    const icu::UnicodeString text = icu::UnicodeString::fromUTF8(s.text);
    std::vector<size_t> byte_at;
    bool refused = false;
    for (const CompiledRule& rule : rules_) {
      UErrorCode status = U_ZERO_ERROR;
      std::unique_ptr<icu::RegexMatcher> matcher(rule.pattern->matcher(text, status));
      if (U_FAILURE(status)) continue;
      matcher->setTimeLimit(kTimeLimitSteps, status);
      std::vector<Span> spans;
      while (spans.size() < kMaxSpansPerRule && matcher->find(status) && U_SUCCESS(status)) {
        const int32_t begin = matcher->start(status);
        const int32_t end = matcher->end(status);
        if (U_FAILURE(status) || begin == end) continue;
        if (byte_at.empty()) byte_at = Utf16ToByteOffsets(s.text);
        spans.push_back(
            Span{byte_at[static_cast<size_t>(begin)], byte_at[static_cast<size_t>(end)]});
      }
      if (status == U_REGEX_TIME_OUT || status == U_REGEX_STACK_OVERFLOW) {
        s.Add(Reason::kHouseRule, CommentStatus::kPending, rule.name + ": timed out",
              std::move(spans));
        continue;
      }
      if (spans.empty()) continue;
      s.Add(Reason::kHouseRule, rule.outcome, rule.name, std::move(spans));
      refused = refused || rule.outcome == CommentStatus::kRejected;
    }
    if (refused) s.stop = true;
  }

 private:
  std::vector<CompiledRule> rules_;
};

}  // namespace

Result<std::unique_ptr<Phase>> MakeHouseRulesPhase(const Policy& policy) {
  std::vector<CompiledRule> rules;
  rules.reserve(policy.house_rules.size());
  for (size_t i = 0; i < policy.house_rules.size(); ++i) {
    const HouseRule& rule = policy.house_rules[i];
    const std::string label =
        "house rule " + std::to_string(i + 1) + (rule.name.empty() ? "" : " '" + rule.name + "'");
    if (rule.name.empty()) return Fail(ErrorCode::kInvalidArgument, label + ": the name is empty");
    if (rule.pattern.empty()) {
      return Fail(ErrorCode::kInvalidArgument, label + ": the pattern is empty");
    }
    if (rule.outcome != CommentStatus::kPending && rule.outcome != CommentStatus::kRejected) {
      return Fail(ErrorCode::kInvalidArgument, label + ": the outcome must be pending or rejected");
    }
    UParseError where{};
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::RegexPattern> pattern(icu::RegexPattern::compile(
        icu::UnicodeString::fromUTF8(rule.pattern), UREGEX_CASE_INSENSITIVE, where, status));
    if (U_FAILURE(status) || pattern == nullptr) {
      return Fail(ErrorCode::kInvalidArgument, label + ": bad pattern /" + rule.pattern +
                                                   "/: " + u_errorName(status) + " at line " +
                                                   std::to_string(where.line) + ", offset " +
                                                   std::to_string(where.offset));
    }
    rules.push_back(CompiledRule{rule.name, rule.outcome, std::move(pattern)});
  }
  return std::make_unique<HouseRulesPhase>(std::move(rules));
}

}  // namespace herald::moderation
