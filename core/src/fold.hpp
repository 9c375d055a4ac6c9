// Folding: the draft seen through disguises. Each code point is folded (NFKC, case folding,
// diacritics, confusable skeletons) into a stream of units that keeps, for every unit, its span
// in the original UTF-16 text — so matches are made on the folded view and reported on the
// original.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "postguard/finding.hpp"

namespace postguard::fold {

// The folded character that stands for a run of separators (space, punctuation, emoji...).
inline constexpr char32_t kGap = U' ';

enum class CpKind : std::uint8_t {
  content,    // letters, digits, marks kept, and '@' '#' '$' (which matter in handles and leet)
  gap,        // separators: whitespace, punctuation, symbols, emoji
  mark,       // a combining mark removed by the diacritics fold: belongs to the previous unit
  ignorable,  // a default-ignorable code point (U+200B, soft hyphen, ZWJ...): invisible
};

struct FoldedCp {
  CpKind kind = CpKind::gap;
  // Content characters after folding; an expansion may contain kGap (NFKC of "½" is "1⁄2").
  std::u32string chars;
};

// Folds single code points with ICU, caching the results. Not thread-safe: one per Checker.
class Folder {
 public:
  Folder();
  ~Folder();
  Folder(const Folder&) = delete;
  Folder& operator=(const Folder&) = delete;

  // The fold of `cp` with the folds in `folds` applied (only case, diacritics, fullwidth and
  // homoglyph are per-code-point folds; the others are ignored here).
  const FoldedCp& fold(char32_t cp, FoldSet folds = FoldSet::all());
  // The NFKC form of `cp` alone as UTF-16 (what detectors read: fullwidth digits become ASCII).
  const std::u16string& nfkc(char32_t cp);

 private:
  FoldedCp compute(char32_t cp, FoldSet folds);
  struct Icu;
  std::unique_ptr<Icu> icu_;
  std::unordered_map<std::uint64_t, FoldedCp> cache_;
  std::unordered_map<char32_t, std::u16string> nfkc_cache_;
};

// Leetspeak readings of a folded character: '1' -> "il", '0' -> "o", '@' -> "a"... ("" if none).
std::u32string_view leet_alternatives(char32_t c);

// True for the code points the zero_width fold sees through (Default_Ignorable_Code_Point).
bool is_ignorable(char32_t cp);

// One unit of the folded view.
struct Unit {
  std::uint32_t start = 0;  // original UTF-16 span; `end` covers trailing marks and invisibles
  std::uint32_t end = 0;
  char32_t key = kGap;  // the folded character, or kGap for a run of separators
  std::uint8_t flags = 0;
  static constexpr std::uint8_t kFirstOfCp = 1;        // the first unit of its code point
  static constexpr std::uint8_t kLastOfCp = 2;         // the last unit of its code point
  static constexpr std::uint8_t kSkippable = 4;        // a gap the spacing fold may see through
  static constexpr std::uint8_t kWhitespace = 8;       // a gap made only of spaces/tabs/newlines
  static constexpr std::uint8_t kBetweenSingles = 16;  // a gap between spaced-out letters ("L u m e n")
  static constexpr std::uint8_t kLineBreak = 32;       // a gap holding a line break
  bool is_gap() const { return key == kGap; }
};

// The folded view of a text, rebuilt for each check (buffers reused).
struct FoldedText {
  std::vector<Unit> units;
  void build(std::u16string_view text, Folder& folder);
  // The view regexes with "on": "folded" read: folded characters, one space per separator run
  // (a line break where the run holds one), spaced-out letters joined ("r.o.b.a" -> "roba") and leetspeak read inside
  // words
  // ("sc4mm3r" -> "scammer"); `unit_of` maps each UTF-16 code unit back to its unit.
  void readable(std::u16string& out, std::vector<std::uint32_t>& unit_of) const;
};

// A leet character as a letter: at least two real letters and at most one substitution more
// than real letters ("1d10t" yes, "2024" and "7174N" no).
bool plausible_leet(int substitutions, int letters);
// A folded character that is a letter (not a digit, not a leetspeak symbol, not a gap).
bool is_letter_key(char32_t c);

// Folds a term the way the text is folded: content characters with single kGap between words,
// no leading or trailing gap. Empty when the term has no letter or digit.
std::u32string fold_term(std::u16string_view term, Folder& folder);

// Decodes the code point at `i` (lone surrogates are returned as themselves) and advances `i`.
char32_t next_code_point(std::u16string_view s, std::size_t& i);

}  // namespace postguard::fold
