// Fuzz target: `check` with the built-in default policy over any draft and context (the policy
// every employee has before an admin configures one).
#include <cstdint>

#include "input.hpp"
#include "properties.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::shared_ptr<const postguard::Policy> policy = [] {
    auto r = postguard::load_default_policy();
    FUZZ_REQUIRE(r.ok());
    return r.policy;
  }();
  static postguard::Checker checker;
  FuzzedDataProvider in(data, size);
  const fuzz::Draft draft = fuzz::draft_from(in);
  const std::u16string text = fuzz::text_from(in, draft.utf16);
  const postguard::CheckResult r = checker.check(*policy, text, draft.context);
  fuzz::require_sound(r, text);
  fuzz::require_repeatable(checker, *policy, text, draft.context, r);
  return 0;
}
