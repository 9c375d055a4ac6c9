// Fuzz target: the folded view and its offset map. Every unit slices the original text on code
// point boundaries, in order; terms fold without a leading or trailing gap; UTF-8 <-> UTF-16
// conversion never yields a lone surrogate and round-trips valid UTF-8; and findings of a policy
// that uses every fold (and regexes over the folded view) stay inside the text.
#include <cstdint>

#include "input.hpp"
#include "properties.hpp"

namespace {

constexpr const char* kEveryFold = R"({"policy": {"id": "fold-spans", "version": "1"},
  "terms": {"x": ["Lumen Tab", "Titan", "España", "fi", "@acme", "ss", "i", {"term": "ta", "match": "prefix"}]},
  "rules": [
    {"id": "terms", "category": "confidential", "when": {"list": "x"}, "message": "{match}"},
    {"id": "folded", "category": "other", "when": {"regex": "[a-z]+ [a-z]", "on": "folded"}, "message": "m"},
    {"id": "near", "category": "other", "when": {"sentence": {"near": [{"list": "x"}, {"detector": "time_of_day"}], "within": 3}}, "message": "m"},
    {"id": "pii", "category": "pii", "when": {"any": [{"detector": "email"}, {"detector": "phone"}, {"detector": "payment_card"}]}, "message": "m"}]})";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static postguard::fold::Folder folder;
  static postguard::fold::FoldedText folded;
  static postguard::Checker checker;
  static const std::shared_ptr<const postguard::Policy> policy = [] {
    auto r = postguard::load_policy(kEveryFold);
    FUZZ_REQUIRE(r.ok());
    return r.policy;
  }();

  const std::string bytes(reinterpret_cast<const char*>(data), size);
  const std::u16string from_utf8 = postguard::utf8_to_utf16(bytes);
  FUZZ_REQUIRE(fuzz::well_formed(from_utf8));
  if (postguard::is_valid_utf8(bytes)) FUZZ_REQUIRE(postguard::utf16_to_utf8(from_utf8) == bytes);

  FuzzedDataProvider in(data, size);
  const fuzz::Draft d = fuzz::draft_from(in);
  const std::u16string text = fuzz::text_from(in, d.utf16);
  FUZZ_REQUIRE(postguard::is_valid_utf8(postguard::utf16_to_utf8(text)));

  folded.build(text, folder);
  fuzz::require_units_sound(folded, text);

  const std::u32string key = postguard::fold::fold_term(text, folder);
  if (!key.empty()) {
    FUZZ_REQUIRE(key.front() != postguard::fold::kGap);
    FUZZ_REQUIRE(key.back() != postguard::fold::kGap);
  }

  const postguard::CheckResult r = checker.check(*policy, text, d.context);
  fuzz::require_sound(r, text);
  return 0;
}
