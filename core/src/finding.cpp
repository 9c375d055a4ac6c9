// The names of categories, severities and folds as they appear in policies and findings.
#include "postguard/finding.hpp"

#include <array>

namespace postguard {
namespace {

constexpr std::array<std::string_view, 8> kCategoryNames = {
    "spokesperson", "conflict", "confidential", "personal_safety", "pii", "legal", "disclosure", "other"};
constexpr std::array<std::string_view, 3> kSeverityNames = {"info", "warn", "block"};
constexpr std::array<std::string_view, kFoldCount> kFoldNames = {"case", "diacritics", "fullwidth", "homoglyph",
                                                                 "leet", "spacing",    "zero_width"};

template <typename Enum, std::size_t N>
std::optional<Enum> lookup(const std::array<std::string_view, N>& names, std::string_view s) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == s) return static_cast<Enum>(i);
  return std::nullopt;
}

}  // namespace

std::string_view to_string(Category c) { return kCategoryNames[static_cast<std::size_t>(c)]; }
std::string_view to_string(Severity s) { return kSeverityNames[static_cast<std::size_t>(s)]; }
std::string_view to_string(Fold f) { return kFoldNames[static_cast<std::size_t>(f)]; }
std::optional<Category> category_from_string(std::string_view s) { return lookup<Category>(kCategoryNames, s); }
std::optional<Severity> severity_from_string(std::string_view s) { return lookup<Severity>(kSeverityNames, s); }
std::optional<Fold> fold_from_string(std::string_view s) { return lookup<Fold>(kFoldNames, s); }

std::vector<std::string_view> evidence_names(FoldSet evidence) {
  std::vector<std::string_view> out;
  for (int i = 0; i < kFoldCount; ++i)
    if (evidence.has(static_cast<Fold>(i))) out.push_back(kFoldNames[static_cast<std::size_t>(i)]);
  return out;
}

}  // namespace postguard
