// Regex prefilter: literals of which every match of a pattern must contain at least one, so a
// check can skip a regex when none is in the draft (the idea of RE2's FilteredRE2 and Hyperscan's
// literal factoring). Conservative: when in doubt there are none and the regex always runs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace postguard {

// Lower-case ASCII literals (letters, digits, spaces; each at least 3 characters, at most 32 of
// them) such that every match of the ICU pattern contains one; empty when none can be proven.
// Reads sequences, groups and alternatives: "\b(?:refund|reembols)\w*" gives {refund, reembols}.
std::vector<std::string> required_literals(std::string_view pattern);

}  // namespace postguard
