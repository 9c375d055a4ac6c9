// Message templates: localized texts with variables ("Send them to
// {company.official_urls.support|the support page}"), parsed once at load, rendered per finding.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace postguard {

struct Template {
  struct Piece {
    bool variable = false;
    std::string text;  // literal text, or the variable's name
    std::optional<std::string> fallback;
  };
  std::vector<Piece> pieces;

  // Parses `source`; on a syntax error returns nullopt and sets `error`.
  static std::optional<Template> parse(std::string_view source, std::string& error);
  // Renders with `lookup` (nullopt = the variable has no value: the fallback, else "").
  std::string render(const std::function<std::optional<std::string>(std::string_view)>& lookup) const;
};

// A text in several languages, as written in the policy ("es", "en", ...).
struct LocalizedText {
  std::vector<std::pair<std::string, Template>> variants;
  bool empty() const { return variants.empty(); }
  // The variant for the first of `locales` that has one; the first variant otherwise.
  const Template* pick(const std::vector<std::string>& locales) const;
};

// Whether a variable name is one the format defines (docs/policy-format.md, "Messages").
bool is_known_variable(std::string_view name);

}  // namespace postguard
