// Parsing and rendering message templates.
#include "template.hpp"

namespace postguard {

std::optional<Template> Template::parse(std::string_view s, std::string& error) {
  Template t;
  std::string literal;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '}') {
      if (i + 1 < s.size() && s[i + 1] == '}') {
        literal.push_back('}');
        ++i;
        continue;
      }
      error = "Unmatched '}' at character " + std::to_string(i + 1) + " (write '}}' for a literal brace)";
      return std::nullopt;
    }
    if (c != '{') {
      literal.push_back(c);
      continue;
    }
    if (i + 1 < s.size() && s[i + 1] == '{') {
      literal.push_back('{');
      ++i;
      continue;
    }
    const auto close = s.find('}', i);
    if (close == std::string_view::npos) {
      error = "Unclosed '{' at character " + std::to_string(i + 1) + " (write '{{' for a literal brace)";
      return std::nullopt;
    }
    const std::string_view inside = s.substr(i + 1, close - i - 1);
    Piece var{true, {}, std::nullopt};
    const auto bar = inside.find('|');
    var.text = std::string(inside.substr(0, bar));
    if (bar != std::string_view::npos) var.fallback = std::string(inside.substr(bar + 1));
    if (!is_known_variable(var.text)) {
      error = "Unknown variable {" + var.text + "}";
      return std::nullopt;
    }
    if (!literal.empty()) t.pieces.push_back(Piece{false, std::move(literal), std::nullopt});
    literal.clear();
    t.pieces.push_back(std::move(var));
    i = close;
  }
  if (!literal.empty()) t.pieces.push_back(Piece{false, std::move(literal), std::nullopt});
  return t;
}

std::string Template::render(const std::function<std::optional<std::string>(std::string_view)>& lookup) const {
  std::string out;
  for (const Piece& p : pieces) {
    if (!p.variable) {
      out += p.text;
      continue;
    }
    auto value = lookup(p.text);
    if (value && !value->empty())
      out += *value;
    else if (p.fallback)
      out += *p.fallback;
  }
  return out;
}

const Template* LocalizedText::pick(const std::vector<std::string>& locales) const {
  for (const std::string& want : locales)
    for (const auto& [locale, text] : variants)
      if (locale == want) return &text;
  return variants.empty() ? nullptr : &variants.front().second;
}

bool is_known_variable(std::string_view name) {
  static constexpr std::string_view kExact[] = {"match",      "company.name",   "company.names", "policy.name",
                                                "policy.url", "policy.contact", "term.note",     "term.replacement"};
  for (auto k : kExact)
    if (name == k) return true;
  for (std::string_view prefix : {std::string_view("company.official_urls."), std::string_view("company.contacts.")})
    if (name.size() > prefix.size() && name.substr(0, prefix.size()) == prefix) return true;
  return false;
}

}  // namespace postguard
