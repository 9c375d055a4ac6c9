// What every check must keep, whatever the policy and the draft: spans inside the text on code
// point boundaries, `text` equal to that slice, the documented order, no overlapping findings of
// one rule, and the same answer when the same Checker is asked again. A broken property aborts,
// which libFuzzer reports as a crash with the input that caused it.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fold.hpp"
#include "postguard/postguard.hpp"

namespace fuzz {

using namespace postguard;

#define FUZZ_REQUIRE(condition)                                       \
  do {                                                                \
    if (!(condition)) ::fuzz::broken(#condition, __FILE__, __LINE__); \
  } while (false)

[[noreturn]] inline void broken(const char* what, const char* file, int line) {
  std::fprintf(stderr, "property broken at %s:%d: %s\n", file, line, what);
  std::abort();
}

inline bool is_high_surrogate(char16_t c) { return c >= 0xD800 && c <= 0xDBFF; }
inline bool is_low_surrogate(char16_t c) { return c >= 0xDC00 && c <= 0xDFFF; }

// False only between the two halves of a surrogate pair.
inline bool on_code_point_boundary(std::u16string_view s, std::size_t i) {
  return i == 0 || i >= s.size() || !(is_low_surrogate(s[i]) && is_high_surrogate(s[i - 1]));
}

inline bool well_formed(std::u16string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (is_high_surrogate(s[i]) && i + 1 < s.size() && is_low_surrogate(s[i + 1]))
      ++i;
    else if (is_high_surrogate(s[i]) || is_low_surrogate(s[i]))
      return false;
  }
  return true;
}

// A span of the original text as a Finding or a fold unit reports it.
inline void require_span(std::u16string_view text, std::uint32_t start, std::uint32_t end) {
  FUZZ_REQUIRE(start < end);
  FUZZ_REQUIRE(end <= text.size());
  FUZZ_REQUIRE(on_code_point_boundary(text, start));
  FUZZ_REQUIRE(on_code_point_boundary(text, end));
}

inline void require_sound(const CheckResult& r, std::u16string_view text) {
  for (std::size_t i = 0; i < r.findings.size(); ++i) {
    const Finding& f = r.findings[i];
    require_span(text, f.start, f.end);
    FUZZ_REQUIRE(f.text == text.substr(f.start, f.end - f.start));
    FUZZ_REQUIRE(!f.rule.empty());
    FUZZ_REQUIRE(!to_string(f.category).empty());
    FUZZ_REQUIRE(!to_string(f.severity).empty());
    FUZZ_REQUIRE((f.evidence.bits() >> kFoldCount) == 0);
    if (i == 0) continue;
    const Finding& e = r.findings[i - 1];  // sorted by start, end, severity (block first), rule
    FUZZ_REQUIRE(e.start <= f.start);
    if (e.start == f.start) FUZZ_REQUIRE(e.end <= f.end);
    if (e.start == f.start && e.end == f.end) {
      FUZZ_REQUIRE(e.severity >= f.severity);
      if (e.severity == f.severity) FUZZ_REQUIRE(e.rule <= f.rule);
    }
  }
  // Overlapping spans of one rule are merged into one finding (docs/policy-format.md).
  for (std::size_t i = 0; i < r.findings.size(); ++i)
    for (std::size_t j = i + 1; j < r.findings.size() && r.findings[j].start < r.findings[i].end; ++j)
      FUZZ_REQUIRE(r.findings[j].rule != r.findings[i].rule);
  for (const CheckProblem& p : r.problems) FUZZ_REQUIRE(!p.message.empty());
  // What the CLI and the wasm binding print; serialising must never throw (wasm aborts on throw).
  const std::string json = to_json(r).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  FUZZ_REQUIRE(!json.empty());
}

// The scratch a Checker keeps between calls must not change the next answer.
inline void require_repeatable(Checker& checker, const Policy& policy, std::u16string_view text, const Context& context,
                               const CheckResult& first) {
  const CheckResult again = checker.check(policy, text, context);
  FUZZ_REQUIRE(to_json(again) == to_json(first));
}

// The folded view covers the text in order, each unit on code point boundaries.
inline void require_units_sound(const fold::FoldedText& folded, std::u16string_view text) {
  std::uint32_t previous_start = 0;
  for (const fold::Unit& u : folded.units) {
    require_span(text, u.start, u.end);
    FUZZ_REQUIRE(u.start >= previous_start);
    previous_start = u.start;
  }
}

// A LoadResult is either a policy and no errors, or errors and no policy; never an internal
// error (an exception caught by the loader: in WebAssembly it would have aborted the module).
inline void require_all_or_nothing(const LoadResult& r) {
  FUZZ_REQUIRE(r.ok() == r.errors.empty());
  for (const auto* list : {&r.errors, &r.warnings})
    for (const Diagnostic& d : *list) {
      FUZZ_REQUIRE(!d.message.empty());
      FUZZ_REQUIRE(d.message.rfind("Internal error while loading the policy", 0) != 0);
      FUZZ_REQUIRE(d.line >= 0 && d.column >= 0);
      FUZZ_REQUIRE(d.pointer.empty() || d.pointer[0] == '/');
    }
  for (const Diagnostic& d : r.errors) FUZZ_REQUIRE(d.level == Diagnostic::Level::error);
  for (const Diagnostic& d : r.warnings) FUZZ_REQUIRE(d.level == Diagnostic::Level::warning);
}

// True when some JSON object in `text` has the same key twice. nlohmann keeps the last value, so
// `{"rules": [...], "rules": []}` would load without the first rules: such a policy must not load.
inline bool has_duplicate_keys(std::string_view text) {
  struct Keys : nlohmann::json_sax<nlohmann::json> {
    std::vector<std::set<std::string>> objects;
    bool duplicate = false;
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override {
      objects.emplace_back();
      return true;
    }
    bool end_object() override {
      objects.pop_back();
      return true;
    }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool key(string_t& k) override {
      duplicate = duplicate || !objects.back().insert(k).second;
      return !duplicate;
    }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override { return false; }
  } keys;
  nlohmann::json::sax_parse(text.begin(), text.end(), &keys);
  return keys.duplicate;
}

}  // namespace fuzz
