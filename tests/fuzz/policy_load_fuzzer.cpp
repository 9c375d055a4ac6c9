// Fuzz target: the policy loader on raw bytes (UTF-8 JSON or not). Every load is all-or-nothing
// with located diagnostics; a policy that loads also runs its own tests, which checks its texts
// with its rules — so hostile policies reach the checker too. POSTGUARD_FUZZ_ALLOW_DUPLICATE_KEYS=1
// in the environment skips the duplicate-key property while that bug is open, to look for others.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "properties.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view json(reinterpret_cast<const char*>(data), size);
  const postguard::LoadResult r = postguard::load_policy(json);
  fuzz::require_all_or_nothing(r);
  if (!r.ok()) return 0;
  static const bool allow_duplicate_keys = std::getenv("POSTGUARD_FUZZ_ALLOW_DUPLICATE_KEYS") != nullptr;
  if (!allow_duplicate_keys) FUZZ_REQUIRE(!fuzz::has_duplicate_keys(json));
  const std::string info = postguard::to_json(r).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  FUZZ_REQUIRE(!info.empty());
  static postguard::Checker checker;  // reused across inputs, as the extension reuses its engine
  for (const postguard::PolicyTestOutcome& o : postguard::run_policy_tests(*r.policy, checker)) {
    fuzz::require_sound(o.result, o.test->text);
    FUZZ_REQUIRE(o.passed == (o.missing.empty() && o.unexpected.empty()));
  }
  return 0;
}
