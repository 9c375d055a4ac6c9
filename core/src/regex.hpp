// Regexes over a draft: line by line (each line is matched on its own, so a match never crosses a
// line break and ^/$ match at the ends of each line), only on the lines that
// hold one of the literals every match needs (regex_prefilter.hpp), and within a per-check budget
// of ICU match steps, so a runaway pattern is stopped the same way natively and in WebAssembly.
#pragma once

#include <unicode/regex.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace postguard {

// The lines of a string and their case-folded UTF-8, searched for prefilter literals.
struct Lines {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> ranges;  // [start, end) in the string, without the break
  std::string haystack;                                         // case-folded lines, each followed by '\n'
  std::vector<std::uint32_t> haystack_starts;                   // where each line starts in `haystack`
  std::vector<bool> has_digit;                                  // the line holds a decimal digit (\d)
  void build(std::u16string_view input);
};

// Every prefilter literal of a policy's regexes, found in one pass over a draft's lines: a table
// indexed by each literal's first three characters (literals are lower-case ASCII letters, digits
// and spaces, at least three long), so the cost is linear in the draft, not draft x literals.
class LiteralIndex {
 public:
  // The id of `literal`, adding it if new.
  std::uint32_t add(const std::string& literal);
  void finish();  // call once after the last add
  std::size_t size() const { return literals_.size(); }
  // lines_of[id]: the lines (ascending) whose case-folded text contains literal `id`.
  void find(const Lines& lines, std::vector<std::vector<std::uint32_t>>& lines_of) const;

 private:
  std::vector<std::string> literals_;
  std::uint32_t digit_id_ = UINT32_MAX;                 // the id of kDigitMarker, if a regex needs it
  std::unordered_map<std::string, std::uint32_t> ids_;  // while adding
  std::vector<std::uint32_t> heads_;                    // trigram -> first index in by_trigram_ (size: trigrams + 1)
  std::vector<std::uint32_t> by_trigram_;
};

// Why a regex stopped early, if it did.
enum class RegexStop : std::uint8_t { none, out_of_time, out_of_memory };

// ICU match steps ("ticks" of 10,000 iterations) one regex may spend on one check: 40 plus one per
// 2,000 code units of the draft; and all regexes together: 400 plus one per 100 code units
// (docs/policy-format.md, "Limits"). A runaway pattern stops at its own limit, and a policy of
// many runaway patterns at the check's.
std::int32_t regex_budget(std::size_t length);
std::int32_t check_regex_budget(std::size_t length);

// What one regex may still spend: its own ticks and the check's, both counted down.
struct RegexBudget {
  std::int32_t own = 0;
  std::int32_t* check = nullptr;
};

// Appends the [start, end) of every non-empty match of `matcher` in `input` (which `lines`
// describes), looking only at the lines in `candidates` (ascending), or at every line if null.
// `budget` is spent by the matching and may be shared by several calls.
RegexStop find_matches(icu::RegexMatcher& matcher, std::u16string_view input, const Lines& lines,
                       const std::vector<std::uint32_t>* candidates, RegexBudget& budget,
                       std::vector<std::pair<std::uint32_t, std::uint32_t>>& out);

}  // namespace postguard
