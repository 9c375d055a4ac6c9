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

// Lower-case ASCII literals (letters, digits, spaces; each at least 3 characters, at most 32 of
// them) such that every match of the ICU pattern contains one; empty when none can be proven.
// Reads sequences, groups and alternatives: "\b(?:refund|reembols)\w*" gives {refund, reembols}.
// Where nothing better exists, kDigitMarker stands for "some digit" ("at \d{1,2}:\d\d").
std::vector<std::string> required_literals(std::string_view pattern);

// The top-level alternatives of a pattern ("a|b(c|d)" -> "a", "b(c|d)"), when they can be run as
// patterns of their own: no inline flags and no back-references, which splitting would change.
// Otherwise the pattern itself.
std::vector<std::string_view> top_level_alternatives(std::string_view pattern);

}  // namespace postguard
