// For phase tests: a fixture that builds one phase from `policy_` and
// screens text with it, as the pipeline would after normalising.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "common/result.h"
#include "moderation/screening.h"

namespace herald::moderation::testing {

class PhaseTest : public ::testing::Test {
 protected:
  using Factory = Result<std::unique_ptr<Phase>> (*)(const Policy&);
  explicit PhaseTest(Factory make) : make_(make) {}

  // (Re)builds the phase from policy_; fails the test on an error.
  void Build() {
    auto phase = make_(policy_);
    ASSERT_TRUE(phase.has_value()) << phase.error().message;
    phase_ = std::move(*phase);
  }

  // Runs the phase on `text` as the normalised comment body.
  Screening Screen(const std::string& text) const {
    Screening s;
    s.submission = &submission_;
    s.context = &context_;
    s.policy = &policy_;
    s.text = text;
    phase_->Run(s);
    return s;
  }

  // The first finding's detail, or "" when nothing was found.
  std::string FirstDetail(const std::string& text) const {
    Screening s = Screen(text);
    return s.findings.empty() ? "" : s.findings.front().detail;
  }

  Policy policy_;
  Context context_;
  Submission submission_;
  std::unique_ptr<Phase> phase_;

 private:
  Factory make_;
};

}  // namespace herald::moderation::testing
