// Shared fixtures for the core's tests: compile an inline policy, check a UTF-8 post, and read
// the results in the terms the tests speak (rule ids, flagged texts, evidence names).
#pragma once

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "postguard/postguard.hpp"

namespace fixtures {

using namespace postguard;

// Loads a policy that must be valid; fails the test with its diagnostics otherwise.
inline std::shared_ptr<const Policy> compile(const std::string& json) {
  LoadResult r = load_policy(json);
  std::string problems;
  for (const auto& d : r.errors) problems += to_string(d) + "\n";
  INFO(problems);
  REQUIRE(r.ok());
  return r.policy;
}

// A one-rule policy: {"id": "r", "category": "confidential", "when": WHEN}.
inline std::shared_ptr<const Policy> rule_policy(const std::string& when, const std::string& extra = "") {
  return compile(R"({"policy": {"id": "t", "version": "1"}, )" + extra +
                 R"( "rules": [{"id": "r", "category": "confidential", "when": )" + when +
                 R"(, "message": "flagged {match}"}]})");
}

inline Context on_day(const char* day = "2026-11-25") {
  Context c;
  c.now = parse_date(day);
  return c;
}

inline CheckResult run(const Policy& p, const std::string& text, const Context& c = on_day()) {
  Checker checker;
  return checker.check(p, utf8_to_utf16(text), c);
}

// The flagged texts, in order.
inline std::vector<std::string> flagged(const Policy& p, const std::string& text, const Context& c = on_day()) {
  std::vector<std::string> out;
  for (const Finding& f : run(p, text, c).findings) out.push_back(utf16_to_utf8(f.text));
  return out;
}

inline std::vector<std::string> evidence_of(const Finding& f) {
  std::vector<std::string> out;
  for (auto e : evidence_names(f.evidence)) out.emplace_back(e);
  return out;
}

using Strings = std::vector<std::string>;

}  // namespace fixtures
