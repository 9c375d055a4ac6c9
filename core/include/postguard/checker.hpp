// Checker: runs a compiled Policy over a draft and reports Findings.
//
// A Checker holds per-check scratch (folded text, automaton state, caches) and reuses it between
// calls; it is cheap to create, not thread-safe, and may be used with any number of Policies.
// Checking never throws, never touches the file system, and ends in time bounded by the text's
// length (regexes run with a time limit).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "postguard/context.hpp"
#include "postguard/finding.hpp"
#include "postguard/policy.hpp"

namespace postguard {

// Something that kept a check from being complete: a regex stopped by its time limit, a draft
// longer than Limits::draft_units. The findings that were found are still reported.
struct CheckProblem {
  std::string rule;     // the rule concerned, or "" for the whole check
  std::string message;  // English, one sentence
};

struct CheckResult {
  std::vector<Finding> findings;  // sorted by start, end, severity (block first), rule
  std::vector<CheckProblem> problems;
};

class Checker {
 public:
  Checker();
  ~Checker();
  Checker(Checker&&) noexcept;
  Checker& operator=(Checker&&) noexcept;

  // `text` is UTF-16 exactly as the page gave it (lone surrogates allowed: they never match).
  CheckResult check(const Policy& policy, std::u16string_view text, const Context& context);

  struct Scratch;

 private:
  std::unique_ptr<Scratch> scratch_;
};

// Runs the policy's own `tests`.
struct PolicyTestOutcome {
  const PolicyTest* test = nullptr;
  bool passed = false;
  std::vector<std::string> missing;     // expected rule ids (or "id: text") not found
  std::vector<std::string> unexpected;  // rule ids found but not expected
  CheckResult result;                   // what the check reported
};
std::vector<PolicyTestOutcome> run_policy_tests(const Policy& policy, Checker& checker);

}  // namespace postguard
