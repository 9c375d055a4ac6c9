// Extracting a required literal from an ICU regular expression, conservatively.
#include "regex_prefilter.hpp"

#include <cctype>
#include <cstring>
#include <vector>

namespace postguard {
namespace {

bool is_alnum_ascii(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// Skips a bracketed set starting at s[i] == '[' (sets nest in ICU: [[a-z]&&[^q]]); returns the
// index after its closing ']' or npos if it never closes.
std::size_t skip_set(std::string_view s, std::size_t i) {
  int depth = 0;
  for (; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == '[') {
      ++depth;
    } else if (s[i] == ']') {
      if (--depth == 0) return i + 1;
    }
  }
  return std::string_view::npos;
}

// Skips a group starting at s[i] == '('; returns the index after its ')' or npos.
std::size_t skip_group(std::string_view s, std::size_t i) {
  int depth = 0;
  while (i < s.size()) {
    if (s[i] == '\\') {
      i += 2;
    } else if (s[i] == '[') {
      i = skip_set(s, i);
      if (i == std::string_view::npos) return i;
    } else {
      if (s[i] == '(') ++depth;
      if (s[i] == ')' && --depth == 0) return i + 1;
      ++i;
    }
  }
  return std::string_view::npos;
}

enum class Quantity { one, optional, repeated };

// Reads a quantifier at s[i] (if any), moving `i` past it and past a lazy '?' or possessive '+'.
Quantity quantifier(std::string_view s, std::size_t& i) {
  if (i >= s.size()) return Quantity::one;
  Quantity q = Quantity::one;
  if (s[i] == '?' || s[i] == '*') {
    q = Quantity::optional;
    ++i;
  } else if (s[i] == '+') {
    q = Quantity::repeated;
    ++i;
  } else if (s[i] == '{') {
    const std::size_t close = s.find('}', i);
    if (close == std::string_view::npos) return Quantity::one;
    std::size_t k = i + 1;
    int min = 0;
    while (k < close && std::isdigit(static_cast<unsigned char>(s[k]))) min = min * 10 + (s[k++] - '0');
    q = min == 0 ? Quantity::optional : Quantity::repeated;
    i = close + 1;
  } else {
    return Quantity::one;
  }
  if (i < s.size() && (s[i] == '?' || s[i] == '+')) ++i;
  return q;
}

// Whether an inline flag group such as (?x) or (?ix:...) turns on free-spacing mode.
bool free_spacing(std::string_view s) {
  for (std::size_t at = s.find("(?"); at != std::string_view::npos; at = s.find("(?", at + 2)) {
    for (std::size_t k = at + 2; k < s.size() && (std::isalpha(static_cast<unsigned char>(s[k])) || s[k] == '-'); ++k)
      if (s[k] == 'x') return true;
  }
  return false;
}

}  // namespace

std::string required_literal(std::string_view s) {
  if (free_spacing(s)) return "";  // spaces and '#' mean something else there: do not guess
  std::vector<std::string> runs(1);
  auto cut = [&]() {
    if (!runs.back().empty()) runs.emplace_back();
  };
  for (std::size_t i = 0; i < s.size();) {
    const char c = s[i];
    if (c == '|') return "";  // an alternative at the top level: nothing is required
    if (c == '(') {
      i = skip_group(s, i);
      if (i == std::string_view::npos) return "";
      quantifier(s, i);
      cut();
      continue;
    }
    if (c == '[') {
      i = skip_set(s, i);
      if (i == std::string_view::npos) return "";
      quantifier(s, i);
      cut();
      continue;
    }
    if (c == '\\') {
      if (i + 1 >= s.size()) return "";
      const char e = s[i + 1];
      i += 2;
      if (e == 'Q') return "";  // quoted runs: rare enough to not prefilter
      if (i < s.size() && (s[i] == '{' || s[i] == '<') &&
          (e == 'p' || e == 'P' || e == 'N' || e == 'k' || e == 'x')) {  // \p{L}, \N{NAME}, \k<name>, \x{41}
        const std::size_t close = s.find(s[i] == '{' ? '}' : '>', i);
        if (close == std::string_view::npos) return "";
        i = close + 1;
      } else if (e == 'u' || e == 'U' || e == 'x') {  // \u0041, \U0001F600, \x41: hex digits belong to the escape
        for (int n = e == 'u' ? 4 : e == 'U' ? 8 : 2; n > 0 && i < s.size() && std::isxdigit(static_cast<unsigned char>(s[i])); --n) ++i;
      } else if (std::isdigit(static_cast<unsigned char>(e))) {  // back-references and octal escapes
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
      } else if (e == 'c' && i < s.size()) {  // \cX control character
        ++i;
      }
      quantifier(s, i);
      cut();
      continue;
    }
    ++i;
    if (!is_alnum_ascii(c)) {  // '.', anchors, other literal symbols: not part of a run
      quantifier(s, i);
      cut();
      continue;
    }
    const Quantity q = quantifier(s, i);
    if (q == Quantity::optional) {  // not required
      cut();
      continue;
    }
    runs.back().push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    if (q == Quantity::repeated) cut();  // what follows need not come right after this one
  }
  std::string best;
  for (const auto& r : runs)
    if (r.size() > best.size()) best = r;
  return best.size() >= 3 ? best : "";
}

bool contains_literal(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return true;
  return memmem(haystack.data(), haystack.size(), needle.data(), needle.size()) != nullptr;
}

}  // namespace postguard
