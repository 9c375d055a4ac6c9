// Finding: what a check reports — one rule at one span of the original text.
// This is the contract every layer shares (core, wasm, extension, Studio); see docs/policy-format.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace postguard {

enum class Category : std::uint8_t {
  spokesperson,
  conflict,
  confidential,
  personal_safety,
  pii,
  legal,
  disclosure,
  other,
};

enum class Severity : std::uint8_t { info, warn, block };

// A fold that had to be applied to see a match ("looks disguised" when any but `case`).
enum class Fold : std::uint8_t {
  case_,
  diacritics,
  fullwidth,
  homoglyph,
  leet,
  spacing,
  zero_width,
};
inline constexpr int kFoldCount = 7;

// A set of folds as a bit mask (bit i = Fold(i)).
class FoldSet {
 public:
  constexpr FoldSet() = default;
  constexpr explicit FoldSet(std::uint8_t bits) : bits_(bits) {}
  static constexpr FoldSet all() { return FoldSet((1u << kFoldCount) - 1); }
  constexpr bool has(Fold f) const { return (bits_ >> static_cast<int>(f)) & 1u; }
  constexpr FoldSet with(Fold f) const {
    return FoldSet(static_cast<std::uint8_t>(bits_ | (1u << static_cast<int>(f))));
  }
  constexpr FoldSet without(Fold f) const {
    return FoldSet(static_cast<std::uint8_t>(bits_ & ~(1u << static_cast<int>(f))));
  }
  constexpr FoldSet operator|(FoldSet o) const { return FoldSet(bits_ | o.bits_); }
  constexpr FoldSet operator&(FoldSet o) const { return FoldSet(bits_ & o.bits_); }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr std::uint8_t bits() const { return bits_; }
  constexpr bool operator==(FoldSet o) const { return bits_ == o.bits_; }

 private:
  std::uint8_t bits_ = 0;
};

struct Finding {
  std::string rule;
  Category category = Category::other;
  Severity severity = Severity::warn;
  std::uint32_t start = 0;  // UTF-16 code unit offset into the original text, inclusive
  std::uint32_t end = 0;    // exclusive
  std::u16string text;      // the original text of [start, end)
  std::string message;      // UTF-8, localized, variables expanded
  std::string why;          // may be empty
  std::string suggestion;   // may be empty
  std::optional<std::string> replacement;
  std::string link;  // may be empty
  FoldSet evidence;
};

// Names used in JSON and in the policy format ("personal_safety", "block", "zero_width").
std::string_view to_string(Category c);
std::string_view to_string(Severity s);
std::string_view to_string(Fold f);
std::optional<Category> category_from_string(std::string_view s);
std::optional<Severity> severity_from_string(std::string_view s);
std::optional<Fold> fold_from_string(std::string_view s);

// The evidence as names in a fixed order: case, diacritics, fullwidth, homoglyph, leet, spacing,
// zero_width.
std::vector<std::string_view> evidence_names(FoldSet evidence);

}  // namespace postguard
