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
constexpr std::size_t kMaxAlternatives = 64;

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
    const bool top = !in_group && !started_;
    started_ = true;
    bool alternatives_seen = false;
    for (;;) {
      Requirement seq = sequence(top);
      if (failed_) return std::nullopt;
      if (strength(seq) < kUseful)
        known = false;
      else if (known)
        all.insert(all.end(), seq->begin(), seq->end());
      if (i_ < s_.size() && s_[i_] == '|') {
        ++i_;
        alternatives_seen = true;
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
    if (top && alternatives_seen) sequence_parts_.clear();  // a match is one alternative's: no AND
    if (!known) return std::nullopt;
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    if (all.size() > kMaxAlternatives) return std::nullopt;
    return all;
  }

  bool failed() const { return failed_; }
  // Every requirement of the pattern's one top-level sequence (empty when it has alternatives):
  // a match contains one literal of each.
  const std::vector<std::vector<std::string>>& sequence_parts() const { return sequence_parts_; }
  bool at_end() const { return i_ >= s_.size(); }

 private:
  // sequence := atom*; its requirement is the strongest of its literal runs and groups.
  Requirement sequence(bool top = false) {
    Requirement best;
    std::string run;
    auto consider = [&](Requirement r) {
      if (top && strength(r) >= kUseful) sequence_parts_.push_back(*r);
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
  bool started_ = false;
  std::vector<std::vector<std::string>> sequence_parts_;
};

// Whether the pattern sets flags inline ("(?i)", "(?x:", "(?-i)"); named groups ("(?<name>") and
// lookarounds are not flags.
bool has_inline_flags(std::string_view s) {
  for (std::size_t at = s.find("(?"); at != std::string_view::npos; at = s.find("(?", at + 2))
    if (at + 2 < s.size() && (std::isalpha(static_cast<unsigned char>(s[at + 2])) || s[at + 2] == '-')) return true;
  return false;
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

std::vector<std::string_view> top_level_alternatives(std::string_view s) {
  // Inline flags apply to what follows them, so the branches must stay together.
  if (has_inline_flags(s)) return {s};
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

namespace {

constexpr std::size_t kChunk = 8;

// For each group at depth 0 that holds alternatives and is neither quantified nor a lookaround,
// one pattern per alternative with the text around the group; of these splits, the one whose
// pieces most often have a literal. Empty when there is no such group or no piece would have one.
std::vector<std::string> distribute_group(std::string_view s) {
  std::vector<std::string> best;
  std::size_t best_score = 0;
  int depth = 0;
  std::size_t open = 0;
  for (std::size_t i = 0; i < s.size();) {
    const char c = s[i];
    if (c == '\\') {
      i += 2;
      continue;
    }
    if (c == '[') {
      i = skip_set(s, i);
      if (i == std::string_view::npos) return {};
      continue;
    }
    if (c == '(' && depth++ == 0) open = i;
    if (c == ')' && --depth == 0) {
      const std::size_t close = i;
      const char after = close + 1 < s.size() ? s[close + 1] : '\0';
      const bool quantified = after == '?' || after == '*' || after == '+' || after == '{';
      const std::string_view head = s.substr(open, 3);
      const bool capturing = head.size() > 1 && head[1] != '?';
      if (!quantified && (capturing || head == "(?:")) {
        const std::size_t inner = open + (capturing ? 1 : 3);
        const auto alternatives = top_level_alternatives(s.substr(inner, close - inner));
        if (alternatives.size() > 1) {
          // Long lists go in chunks (fewer patterns to compile; a chunk without a literal is
          // split further), short ones one alternative per piece.
          const std::size_t chunk = alternatives.size() > kChunk ? kChunk : 1;
          std::vector<std::string> pieces;
          std::size_t score = 0;
          for (std::size_t k = 0; k < alternatives.size(); k += chunk) {
            std::string group;
            for (std::size_t j = k; j < std::min(k + chunk, alternatives.size()); ++j)
              group += (j > k ? "|" : "") + std::string(alternatives[j]);
            pieces.push_back(std::string(s.substr(0, open)) + (capturing ? "(" : "(?:") + group + ")" +
                             std::string(s.substr(close + 1)));
            score += required_literals(pieces.back()).empty() ? 0 : 1;
          }
          // The split whose pieces most often have a literal.
          if (best.empty() || score * best.size() > best_score * pieces.size()) {
            best = std::move(pieces);
            best_score = score;
          }
        }
      }
    }
    if (depth < 0) return {};
    ++i;
  }
  if (best_score == 0) return {};  // no piece would have a literal: splitting only costs
  return best;
}

// Appends the pieces of `s` to `out`; false when there would be too many.
bool split_into(std::string_view s, int depth, std::size_t max_pieces, std::vector<std::string>& out) {
  if (depth < 4 && required_literals(s).empty()) {
    auto alternatives = top_level_alternatives(s);
    std::vector<std::string> pieces;
    if (alternatives.size() > 1)
      for (std::string_view alt : alternatives) pieces.emplace_back(alt);
    else
      pieces = distribute_group(s);
    if (pieces.size() > 1) {
      for (const std::string& piece : pieces)
        if (!split_into(piece, depth + 1, max_pieces, out)) return false;
      return true;
    }
  }
  out.emplace_back(s);
  return out.size() <= max_pieces;
}

}  // namespace

std::vector<std::string> split_for_prefilter(std::string_view pattern, std::size_t max_pieces) {
  const std::vector<std::string> whole{std::string(pattern)};
  // Inline flags and back-references tie the branches together; \\Q...\\E hides them.
  if (has_inline_flags(pattern)) return whole;
  for (std::size_t i = 0; i + 1 < pattern.size(); ++i) {
    if (pattern[i] != '\\') continue;
    if (std::isdigit(static_cast<unsigned char>(pattern[i + 1])) || pattern[i + 1] == 'k' || pattern[i + 1] == 'Q')
      return whole;
    ++i;
  }
  if (!required_literals(pattern).empty()) return whole;
  std::vector<std::string> pieces;
  if (!split_into(pattern, 0, max_pieces, pieces) || pieces.size() < 2) return whole;
  // Compiling costs about as much as the pattern is long: pieces that repeat long text around a
  // group would make a policy slower to load than the prefilter makes it to check.
  std::size_t length = 0;
  for (const std::string& piece : pieces) length += piece.size();
  if (length > 2 * pattern.size() + 64) return whole;
  std::vector<std::string> out;
  std::vector<std::string> always;  // the pieces no literal can gate, run as one alternation
  for (std::string& piece : pieces) (required_literals(piece).empty() ? always : out).push_back(std::move(piece));
  if (out.empty()) return whole;
  if (always.size() == 1) out.push_back(std::move(always[0]));
  if (always.size() > 1) {
    std::string joined;
    for (const std::string& piece : always) joined += (joined.empty() ? "(?:" : "|(?:") + piece + ")";
    out.push_back(std::move(joined));
  }
  return out;
}

bool needs_no_case_folding(std::string_view s) {
  if (s.find("[:") != std::string_view::npos) return false;
  if (has_inline_flags(s)) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80 || (c >= 'A' && c <= 'Z')) return false;
    if (c != '\\' || i + 1 >= s.size()) continue;
    const char e = s[++i];
    // Escapes that stand for a character by name or number, a property, or quote a run.
    if (std::string_view("pPxuUNQcko0123456789").find(e) != std::string_view::npos) return false;
  }
  return true;
}

std::vector<std::vector<std::string>> required_literal_sets(std::string_view pattern, std::size_t max_sets) {
  if (free_spacing(pattern)) return {};
  Reader reader(pattern);
  Requirement r = reader.alternatives(false);
  if (reader.failed() || !reader.at_end() || strength(r) < kUseful) return {};
  std::vector<std::vector<std::string>> sets{*r};  // the strongest first
  for (std::vector<std::string> set : reader.sequence_parts()) {
    std::sort(set.begin(), set.end());
    set.erase(std::unique(set.begin(), set.end()), set.end());
    if (set.size() > kMaxAlternatives || std::find(sets.begin(), sets.end(), set) != sets.end()) continue;
    if (sets.size() >= max_sets) break;
    sets.push_back(std::move(set));
  }
  return sets;
}

std::vector<std::string> required_literals(std::string_view pattern) {
  if (free_spacing(pattern)) return {};  // spaces and '#' mean something else there: do not guess
  Reader reader(pattern);
  Requirement r = reader.alternatives(false);
  if (reader.failed() || !reader.at_end() || strength(r) < kUseful) return {};
  return *r;
}

}  // namespace postguard
