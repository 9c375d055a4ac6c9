// Policy: a social media policy compiled once from JSON into an immutable, shareable object.
//
// Compile once, check many: `load_policy` parses, validates and compiles (term automaton,
// regexes, rule graph). The resulting Policy never changes and may be shared by any number of
// Checkers (one per thread). Loading is all-or-nothing: a policy with any error yields no Policy,
// so the caller keeps whatever it had in force.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "postguard/context.hpp"
#include "postguard/finding.hpp"

namespace postguard {

// A problem found while loading a policy, located in the JSON text.
struct Diagnostic {
  enum class Level : unsigned char { error, warning };
  Level level = Level::error;
  std::string pointer;  // RFC 6901 JSON pointer, "" for the whole document ("/rules/3/when/near/within")
  int line = 0;         // 1-based; 0 when unknown
  int column = 0;       // 1-based, in Unicode code points; 0 when unknown
  std::string message;  // English, one sentence
};

// "error /rules/3/severity (12:18): ..." — the form the CLI prints.
std::string to_string(const Diagnostic& d);

// What a policy says about itself (`policy` in the JSON), with packs resolved.
struct PolicyInfo {
  std::string id;
  std::string version;
  std::string name;  // in the policy's first language
  std::vector<std::string> languages;
  std::string url;
  std::string contact;
  std::vector<std::string> extends;
  std::size_t rule_count = 0;  // enabled rules after packs and overrides
  std::size_t term_count = 0;
  std::size_t regex_count = 0;
};

// One of the policy's own `tests`.
struct PolicyTest {
  std::string name;     // `name`, or "#N" (1-based) when absent
  std::string pointer;  // "/tests/N"
  std::u16string text;
  Context context;
  struct Expectation {
    std::string rule;
    std::optional<std::u16string> text;  // required flagged text, if given
  };
  std::vector<Expectation> expect;
};

class Policy {
 public:
  ~Policy();
  Policy(const Policy&) = delete;
  Policy& operator=(const Policy&) = delete;

  const PolicyInfo& info() const;
  const std::vector<PolicyTest>& tests() const;

  struct Compiled;  // the compiled rule graph; opaque outside the core
  const Compiled& compiled() const { return *compiled_; }
  explicit Policy(std::unique_ptr<Compiled> compiled);

 private:
  std::unique_ptr<Compiled> compiled_;
};

struct LoadResult {
  std::shared_ptr<const Policy> policy;  // null when there is any error
  std::vector<Diagnostic> errors;
  std::vector<Diagnostic> warnings;
  bool ok() const { return policy != nullptr; }
};

// Parses, validates and compiles a policy from UTF-8 JSON. Never throws; every problem found is
// reported (not just the first), each with its JSON pointer and line:column.
LoadResult load_policy(std::string_view json);

// The policy used when none is configured: `{"extends": ["builtin:default"]}` with its own
// identity. Compiled into the binary; always loads.
LoadResult load_default_policy();

// Names of the built-in packs ("builtin:pii", ...) and their JSON sources.
std::vector<std::string> builtin_pack_names();
std::string_view builtin_pack_source(std::string_view name);  // "" when unknown

// Limits enforced by the loader and checker (docs/policy-format.md, "Limits").
struct Limits {
  static constexpr std::size_t policy_bytes = 8u << 20;
  static constexpr int json_depth = 64;
  static constexpr std::size_t rules = 5000;
  static constexpr std::size_t terms = 250000;
  static constexpr std::size_t term_chars = 200;
  static constexpr std::size_t regexes = 1000;
  static constexpr std::size_t regex_chars = 1000;
  static constexpr int condition_depth = 16;
  static constexpr int near_within_max = 100;
  static constexpr std::size_t tests = 5000;
  static constexpr std::size_t text_chars = 4000;
  static constexpr std::size_t draft_units = 1u << 20;  // UTF-16 code units checked per draft
};

}  // namespace postguard
