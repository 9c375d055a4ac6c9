// Postguard's public API in one include: load a Policy, check drafts with a Checker.
#pragma once

#include "postguard/checker.hpp"
#include "postguard/context.hpp"
#include "postguard/date.hpp"
#include "postguard/finding.hpp"
#include "postguard/json.hpp"
#include "postguard/policy.hpp"
#include "postguard/utf.hpp"

namespace postguard {
inline constexpr const char* kVersion = POSTGUARD_VERSION;  // from CMakeLists.txt
}
