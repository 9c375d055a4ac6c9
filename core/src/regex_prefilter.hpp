// Regex prefilter: literals of which every match of a pattern must contain at least one, so a
// check can skip a regex when none is in the draft (the idea of RE2's FilteredRE2 and Hyperscan's
// literal factoring). Conservative: when in doubt there are none and the regex always runs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace postguard {

// What a match needs where a pattern has no literal: some digit (\d: decimal digits of any script).
inline constexpr std::string_view kDigitMarker = "\\d";

// Lower-case ASCII literals (letters, digits, spaces; each at least 3 characters, at most 64 of
// them) such that every match of the ICU pattern contains one; empty when none can be proven.
// Reads sequences, groups and alternatives: "\b(?:refund|reembols)\w*" gives {refund, reembols}.
// Where nothing better exists, kDigitMarker stands for "some digit" ("at \d{1,2}:\d\d").
std::vector<std::string> required_literals(std::string_view pattern);

// required_literals() first, then the other sets of literals a match must also contain one of
// each of, where the pattern is one sequence ("\\b[a-z]+-\\d{2}\\.ngn\\.corp\\.example" needs
// "example", and "ngn", and "corp", and a digit): a line lacking any set cannot match. At most
// `max_sets` sets; empty when required_literals() is.
std::vector<std::vector<std::string>> required_literal_sets(std::string_view pattern, std::size_t max_sets = 4);

// The top-level alternatives of a pattern ("a|b(c|d)" -> "a", "b(c|d)"), when they can be run as
// patterns of their own: no inline flags and no back-references, which splitting would change.
// Otherwise the pattern itself.
std::vector<std::string_view> top_level_alternatives(std::string_view pattern);

// Patterns to run instead of `pattern` so that more of them can be prefiltered: the top-level
// alternatives, and, for a group of alternatives that is neither repeated nor optional, one
// pattern per alternative (per eight, for long lists) with the rest around it ("\\b(?:we ll
// close|L-V)\\b" -> "\\b(?:we ll close)\\b", "\\b(?:L-V)\\b"), again while a piece has no literal.
// Every match of the pattern is a match of some piece, and every match of a piece one the
// pattern can make. The pieces without a literal are joined into one alternation. {pattern}
// when splitting would not help or cannot be proven safe (inline flags, back-references), or
// the pieces are too many (`max_pieces`) or together more than twice as long as the pattern
// (compiling them would cost more than the prefilter saves).
std::vector<std::string> split_for_prefilter(std::string_view pattern, std::size_t max_pieces = 48);

// Whether the pattern means the same with and without case-insensitive matching on text that is
// already case-folded (the folded view): ASCII, no upper-case letter outside escapes, and none
// of the escapes and classes that name characters or case (\\p, \\x, \\u, \\N, \\Q, [:...:],
// inline flags). ICU's case-insensitive matching costs a case closure at every step.
bool needs_no_case_folding(std::string_view pattern);

}  // namespace postguard
