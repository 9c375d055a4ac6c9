// Regex prefilter: a literal that every match of a pattern must contain, so a check can skip a
// regex whose literal is absent from the draft (the idea of RE2's FilteredRE2 and Hyperscan's
// literal factoring). Conservative: when in doubt there is no literal and the regex always runs.
#pragma once

#include <string>
#include <string_view>

namespace postguard {

// The longest run of ASCII letters and digits (at least 3) that every match of the ICU pattern
// contains, lower-cased; "" when none can be proven.
std::string required_literal(std::string_view pattern);

// True if `haystack` contains `needle` (both lower-case UTF-8).
bool contains_literal(std::string_view haystack, std::string_view needle);

}  // namespace postguard
