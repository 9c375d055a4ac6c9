// Extracting required literals from an ICU regular expression, conservatively: a small
// recursive reading of sequences, groups and alternatives (the idea of RE2's prefilter tree).
#include "regex_prefilter.hpp"

#include <algorithm>
#include <cctype>
#include <optional>

namespace postguard {
namespace {

constexpr std::size_t kMinLiteral = 3;
// A requirement weaker than any literal but still worth checking: "some digit" (kDigitMarker).
constexpr std::size_t kDigitStrength = 2;
constexpr std::size_t kUseful = 2;
constexpr std::size_t kMaxAlternatives = 32;

// A requirement: every match contains at least one of `literals`; nullopt = nothing is known.
using Requirement = std::optional<std::vector<std::string>>;

// The weakest literal decides how useful a requirement is; "some digit" counts as 2.
std::size_t strength(const Requirement& r) {
  if (!r || r->empty()) return 0;
  std::size_t weakest = SIZE_MAX;
  for (const auto& s : *r) weakest = std::min(weakest, s == kDigitMarker ? kDigitStrength : s.size());
  return weakest;
}

bool is_literal_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == ' '; }

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

// Skips a bracketed set starting at s[i] == '[' (sets nest in ICU); returns the index after its
// closing ']' or npos.
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

// Moves past an escape starting at s[i] == '\\'. Returns false if the pattern ends inside it or
// quotes a run (\Q...\E), which is not worth reading.
bool skip_escape(std::string_view s, std::size_t& i) {
  if (i + 1 >= s.size()) return false;
  const char e = s[i + 1];
  i += 2;
  if (e == 'Q') return false;
  if (i < s.size() && (s[i] == '{' || s[i] == '<') && (e == 'p' || e == 'P' || e == 'N' || e == 'k' || e == 'x')) {
    const std::size_t close = s.find(s[i] == '{' ? '}' : '>', i);  // \p{L}, \N{NAME}, \k<name>, \x{41}
    if (close == std::string_view::npos) return false;
    i = close + 1;
  } else if (e == 'u' || e == 'U' || e == 'x') {  // hex digits belong to the escape
    for (int n = e == 'u'   ? 4
                 : e == 'U' ? 8
                            : 2;
         n > 0 && i < s.size() && std::isxdigit(static_cast<unsigned char>(s[i])); --n)
      ++i;
  } else if (std::isdigit(static_cast<unsigned char>(e))) {  // back-references and octal escapes
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
  } else if (e == 'c' && i < s.size()) {  // control character
    ++i;
  }
  return true;
}

class Reader {
 public:
  explicit Reader(std::string_view s) : s_(s) {}

  // alternatives := sequence ('|' sequence)*, up to `close` (')' or end of pattern).
  Requirement alternatives(bool in_group) {
    std::vector<std::string> all;
    bool known = true;
    for (;;) {
      Requirement seq = sequence();
      if (failed_) return std::nullopt;
      if (strength(seq) < kUseful)
        known = false;
      else if (known)
        all.insert(all.end(), seq->begin(), seq->end());
      if (i_ < s_.size() && s_[i_] == '|') {
        ++i_;
        continue;
      }
      if (in_group) {
        if (i_ >= s_.size() || s_[i_] != ')') {
          failed_ = true;
          return std::nullopt;
        }
        ++i_;
      }
      break;
    }
    if (!known) return std::nullopt;
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    if (all.size() > kMaxAlternatives) return std::nullopt;
    return all;
  }

  bool failed() const { return failed_; }
  bool at_end() const { return i_ >= s_.size(); }

 private:
  // sequence := atom*; its requirement is the strongest of its literal runs and groups.
  Requirement sequence() {
    Requirement best;
    std::string run;
    auto consider = [&](Requirement r) {
      if (strength(r) > strength(best) || (strength(r) == strength(best) && r && best && r->size() < best->size()))
        best = std::move(r);
    };
    auto cut = [&]() {
      while (!run.empty() && run.back() == ' ') run.pop_back();
      const auto first = run.find_first_not_of(' ');
      if (first != std::string::npos && run.size() - first >= kMinLiteral)
        consider(std::vector<std::string>{run.substr(first)});
      run.clear();
    };
    while (i_ < s_.size() && s_[i_] != '|' && s_[i_] != ')') {
      const char c = s_[i_];
      if (c == '(') {
        Requirement group = read_group();
        if (failed_) return std::nullopt;
        const Quantity q = quantifier(s_, i_);
        cut();
        if (q != Quantity::optional) consider(std::move(group));
        continue;
      }
      if (c == '[') {
        i_ = skip_set(s_, i_);
        if (i_ == std::string_view::npos) {
          failed_ = true;
          return std::nullopt;
        }
        quantifier(s_, i_);
        cut();
        continue;
      }
      if (c == '\\') {
        const bool digit = i_ + 1 < s_.size() && s_[i_ + 1] == 'd';
        if (!skip_escape(s_, i_)) {
          failed_ = true;
          return std::nullopt;
        }
        const Quantity q = quantifier(s_, i_);
        cut();
        if (digit && q != Quantity::optional) consider(std::vector<std::string>{std::string(kDigitMarker)});
        continue;
      }
      ++i_;
      if (!is_literal_char(c)) {  // '.', anchors, punctuation: not part of a run
        quantifier(s_, i_);
        cut();
        continue;
      }
      const Quantity q = quantifier(s_, i_);
      if (q == Quantity::optional) {  // not required
        cut();
        continue;
      }
      run.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
      if (q == Quantity::repeated) cut();  // what follows need not come right after it
    }
    cut();
    return best;
  }

  // A group at s_[i_] == '('. Lookarounds, comments and flag settings require nothing.
  Requirement read_group() {
    ++i_;
    bool transparent = true;  // its content must match where it stands
    if (i_ < s_.size() && s_[i_] == '?') {
      ++i_;
      if (i_ < s_.size() && s_[i_] == ':') {
        ++i_;
      } else if (i_ < s_.size() && s_[i_] == '<' && i_ + 1 < s_.size() &&
                 std::isalpha(static_cast<unsigned char>(s_[i_ + 1]))) {
        i_ = s_.find('>', i_);  // a named group
        if (i_ == std::string_view::npos) {
          failed_ = true;
          return std::nullopt;
        }
        ++i_;
      } else if (i_ < s_.size() &&
                 (s_[i_] == '=' || s_[i_] == '!' || s_[i_] == '<' || s_[i_] == '#' || s_[i_] == '>')) {
        transparent = s_[i_] == '>';  // atomic groups still match their content
        ++i_;
        if (!transparent && s_[i_ - 1] == '<' && i_ < s_.size() && (s_[i_] == '=' || s_[i_] == '!')) ++i_;
      } else {
        // Flags: "(?i)" changes the rest (case is folded anyway), "(?i:...)" is a group.
        while (i_ < s_.size() && (std::isalpha(static_cast<unsigned char>(s_[i_])) || s_[i_] == '-')) ++i_;
        if (i_ < s_.size() && s_[i_] == ')') {
          ++i_;
          return std::nullopt;
        }
        if (i_ < s_.size() && s_[i_] == ':') ++i_;
      }
    }
    Requirement inner = alternatives(true);
    return transparent ? inner : std::nullopt;
  }

  std::string_view s_;
  std::size_t i_ = 0;
  bool failed_ = false;
};

// Whether an inline flag group such as (?x) or (?ix:...) turns on free-spacing mode.
bool free_spacing(std::string_view s) {
  for (std::size_t at = s.find("(?"); at != std::string_view::npos; at = s.find("(?", at + 2)) {
    for (std::size_t k = at + 2; k < s.size() && (std::isalpha(static_cast<unsigned char>(s[k])) || s[k] == '-'); ++k)
      if (s[k] == 'x') return true;
  }
  return false;
}

}  // namespace

std::vector<std::string_view> top_level_alternatives(std::string_view s) {
  // Inline flags ("(?i)", "(?x:") apply to what follows them, so the branches must stay together;
  // named groups ("(?<name>") and lookarounds are fine.
  for (std::size_t at = s.find("(?"); at != std::string_view::npos; at = s.find("(?", at + 2))
    if (at + 2 < s.size() && (std::isalpha(static_cast<unsigned char>(s[at + 2])) || s[at + 2] == '-')) return {s};
  std::vector<std::string_view> out;
  std::size_t start = 0;
  int depth = 0;
  for (std::size_t i = 0; i < s.size();) {
    const char c = s[i];
    if (c == '\\') {
      if (i + 1 < s.size() && (std::isdigit(static_cast<unsigned char>(s[i + 1])) || s[i + 1] == 'k')) return {s};
      i += 2;
    } else if (c == '[') {
      i = skip_set(s, i);
      if (i == std::string_view::npos) return {s};
    } else {
      if (c == '(') ++depth;
      if (c == ')' && --depth < 0) return {s};
      if (c == '|' && depth == 0) {
        out.push_back(s.substr(start, i - start));
        start = i + 1;
      }
      ++i;
    }
  }
  if (depth != 0) return {s};
  out.push_back(s.substr(start));
  for (std::string_view alt : out)
    if (alt.empty()) return {s};  // "a|" matches the empty string: keep the pattern whole
  return out;
}

std::vector<std::string> required_literals(std::string_view pattern) {
  if (free_spacing(pattern)) return {};  // spaces and '#' mean something else there: do not guess
  Reader reader(pattern);
  Requirement r = reader.alternatives(false);
  if (reader.failed() || !reader.at_end() || strength(r) < kUseful) return {};
  return *r;
}

}  // namespace postguard
