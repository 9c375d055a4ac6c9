// Folding code points with ICU (NFKC, case folding, diacritics, confusable skeletons) and
// building the folded view of a draft with its map back to the original UTF-16 offsets.
#include "fold.hpp"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uspoof.h>
#include <unicode/utf16.h>

#include <array>

namespace postguard::fold {
namespace {

constexpr char32_t kTildeMark = 0x0303;

bool is_content_char(char32_t c) {
  if (c == U'@' || c == U'#' || c == U'$') return true;
  if (c < 0x80) return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || (c >= U'0' && c <= U'9');
  switch (u_charType(static_cast<UChar32>(c))) {
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER:
    case U_NON_SPACING_MARK:
    case U_COMBINING_SPACING_MARK:
    case U_ENCLOSING_MARK:
    case U_DECIMAL_DIGIT_NUMBER:
    case U_LETTER_NUMBER:
    case U_OTHER_NUMBER:
      return true;
    default:
      return false;
  }
}

bool is_removable_mark(char32_t c) {
  const auto t = u_charType(static_cast<UChar32>(c));
  return t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK;
}

// ASCII never needs ICU: only case folding changes it.
struct AsciiTable {
  std::array<FoldedCp, 128> folded;    // with case folding
  std::array<FoldedCp, 128> unfolded;  // without
  AsciiTable() {
    for (char32_t c = 0; c < 128; ++c) {
      const bool content = is_content_char(c);
      const CpKind kind = content ? CpKind::content : CpKind::gap;
      folded[c].kind = unfolded[c].kind = kind;
      if (!content) continue;
      unfolded[c].chars = std::u32string(1, c);
      folded[c].chars = std::u32string(1, (c >= U'A' && c <= U'Z') ? c + 32 : c);
    }
  }
};

std::u32string to_u32(const icu::UnicodeString& s) {
  std::u32string out;
  for (int32_t i = 0; i < s.length();) {
    const UChar32 c = s.char32At(i);
    out.push_back(static_cast<char32_t>(c));
    i += U16_LENGTH(c);
  }
  return out;
}

}  // namespace

struct Folder::Icu {
  AsciiTable ascii;  // held here, not in a function-local static: no guard on the hot path
  const icu::Normalizer2* nfkc = nullptr;
  const icu::Normalizer2* nfd = nullptr;
  const icu::Normalizer2* nfc = nullptr;
  USpoofChecker* spoof = nullptr;
  ~Icu() {
    if (spoof != nullptr) uspoof_close(spoof);
  }
};

Folder::Folder() : icu_(std::make_unique<Icu>()) {
  UErrorCode status = U_ZERO_ERROR;
  icu_->nfkc = icu::Normalizer2::getNFKCInstance(status);
  status = U_ZERO_ERROR;
  icu_->nfd = icu::Normalizer2::getNFDInstance(status);
  status = U_ZERO_ERROR;
  icu_->nfc = icu::Normalizer2::getNFCInstance(status);
  status = U_ZERO_ERROR;
  icu_->spoof = uspoof_open(&status);
  if (U_FAILURE(status)) icu_->spoof = nullptr;
}

Folder::~Folder() = default;

const FoldedCp& Folder::fold(char32_t cp, FoldSet folds) {
  const FoldSet relevant =
      folds & FoldSet(0).with(Fold::case_).with(Fold::diacritics).with(Fold::fullwidth).with(Fold::homoglyph);
  if (cp < 0x80) return relevant.has(Fold::case_) ? icu_->ascii.folded[cp] : icu_->ascii.unfolded[cp];
  const std::uint64_t key = (static_cast<std::uint64_t>(relevant.bits()) << 32) | cp;
  auto it = cache_.find(key);
  if (it == cache_.end()) it = cache_.emplace(key, compute(cp, relevant)).first;
  return it->second;
}

const std::u16string& Folder::nfkc(char32_t cp) {
  auto it = nfkc_cache_.find(cp);
  if (it != nfkc_cache_.end()) return it->second;
  icu::UnicodeString s(static_cast<UChar32>(cp));
  UErrorCode status = U_ZERO_ERROR;
  if (cp >= 0x80 && !(cp >= 0xD800 && cp <= 0xDFFF) && icu_->nfkc != nullptr) {
    icu::UnicodeString n = icu_->nfkc->normalize(s, status);
    if (U_SUCCESS(status)) s = n;
  }
  std::u16string out(reinterpret_cast<const char16_t*>(s.getBuffer()), static_cast<std::size_t>(s.length()));
  return nfkc_cache_.emplace(cp, std::move(out)).first->second;
}

FoldedCp Folder::compute(char32_t cp, FoldSet folds) {
  FoldedCp out;
  if (cp >= 0xD800 && cp <= 0xDFFF) return out;  // a lone surrogate: a separator that never matches
  if (is_ignorable(cp)) {
    out.kind = CpKind::ignorable;
    return out;
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeString s(static_cast<UChar32>(cp));
  if (folds.has(Fold::fullwidth) && icu_->nfkc != nullptr) s = icu_->nfkc->normalize(s, status);
  if (folds.has(Fold::case_)) s.foldCase(U_FOLD_CASE_DEFAULT);
  if (folds.has(Fold::diacritics) && icu_->nfd != nullptr && icu_->nfc != nullptr) {
    const icu::UnicodeString decomposed = icu_->nfd->normalize(s, status);
    icu::UnicodeString kept;
    for (int32_t i = 0; i < decomposed.length();) {
      const UChar32 c = decomposed.char32At(i);
      i += U16_LENGTH(c);
      // ñ is a letter of its own in Spanish: keep its tilde (año is not ano).
      const bool tilde_on_n = c == static_cast<UChar32>(kTildeMark) && kept.length() > 0 &&
                              (kept.charAt(kept.length() - 1) == u'n' || kept.charAt(kept.length() - 1) == u'N');
      if (is_removable_mark(static_cast<char32_t>(c)) && !tilde_on_n) continue;
      kept.append(c);
    }
    s = icu_->nfc->normalize(kept, status);
  }
  if (folds.has(Fold::homoglyph) && icu_->spoof != nullptr) {
    icu::UnicodeString mapped;
    for (int32_t i = 0; i < s.length();) {
      const UChar32 c = s.char32At(i);
      i += U16_LENGTH(c);
      if (c >= 0x80 && u_isalpha(c) && c != 0xF1 && c != 0xD1) {
        icu::UnicodeString skeleton;
        UErrorCode sk_status = U_ZERO_ERROR;
        uspoof_getSkeletonUnicodeString(icu_->spoof, 0, icu::UnicodeString(c), skeleton, &sk_status);
        if (U_SUCCESS(sk_status) && skeleton.length() > 0) {
          if (folds.has(Fold::case_)) skeleton.foldCase(U_FOLD_CASE_DEFAULT);
          bool ascii_alnum = true;
          for (int32_t k = 0; k < skeleton.length(); ++k) {
            const char16_t ch = skeleton.charAt(k);
            ascii_alnum = ascii_alnum && ch < 0x80 && is_content_char(ch) && ch != u'@' && ch != u'#' && ch != u'$';
          }
          if (ascii_alnum) {
            mapped.append(skeleton);
            continue;
          }
        }
      }
      mapped.append(c);
    }
    s = mapped;
  }
  if (U_FAILURE(status)) s = icu::UnicodeString(static_cast<UChar32>(cp));

  const std::u32string chars = to_u32(s);
  if (chars.empty()) {
    out.kind = CpKind::mark;
    return out;
  }
  bool any_content = false;
  for (char32_t c : chars) {
    if (is_content_char(c)) {
      out.chars.push_back(c);
      any_content = true;
    } else if (!out.chars.empty() && out.chars.back() != kGap) {
      out.chars.push_back(kGap);
    }
  }
  while (!out.chars.empty() && out.chars.back() == kGap) out.chars.pop_back();
  out.kind = any_content ? CpKind::content : CpKind::gap;
  if (!any_content) out.chars.clear();
  return out;
}

std::u32string_view leet_alternatives(char32_t c) {
  switch (c) {
    case U'0':
      return U"o";
    case U'1':
      return U"il";
    case U'3':
      return U"e";
    case U'4':
      return U"a";
    case U'5':
      return U"s";
    case U'7':
      return U"t";
    case U'@':
      return U"a";
    case U'$':
      return U"s";
    default:
      return U"";
  }
}

bool is_ignorable(char32_t cp) {
  if (cp < 0xAD) return false;
  return u_hasBinaryProperty(static_cast<UChar32>(cp), UCHAR_DEFAULT_IGNORABLE_CODE_POINT) != 0;
}

char32_t next_code_point(std::u16string_view s, std::size_t& i) {
  const char16_t c = s[i++];
  if (U16_IS_LEAD(c) && i < s.size() && U16_IS_TRAIL(s[i])) {
    return static_cast<char32_t>(U16_GET_SUPPLEMENTARY(c, s[i++]));
  }
  return c;
}

namespace {

bool is_word_separator(char32_t c) {
  switch (c) {
    case U'-':
    case U'_':
    case U'.':
    case U'*':
    case U'/':
    case U'|':
    case U'~':
    case U'+':
    case 0x00B7:
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2022:
      return true;
    default:
      return false;
  }
}

bool is_space(char32_t c) { return c == U' ' || c == U'\t' || c == 0xA0 || c == 0x202F || c == 0x3000; }

// Marks which gaps the spacing fold may see through: a single separator inside a word
// ("Lu-men", "Lumen_Tab") or the short gaps of a run of at least three spaced-out letters
// ("L u m e n", "T-i-t-a-n", "r.o.b.a"). Two one-letter words in a row are ordinary writing
// ("y a todos", "@pat_w I will") and stay apart.
void mark_skippable_gaps(std::u16string_view text, std::vector<Unit>& units) {
  const std::size_t n = units.size();
  // Whether the gap at j joins two letters written apart, and whether it is one separator.
  auto short_gap = [&](std::size_t j, bool& one_separator) {
    one_separator = false;
    const Unit& g = units[j];
    if (!g.is_gap() || j == 0 || j + 1 >= n || units[j - 1].is_gap() || units[j + 1].is_gap()) return false;
    if (g.end - g.start > 6) return false;
    char32_t cps[4];
    std::size_t count = 0;
    for (std::size_t i = g.start; i < g.end && count < 4;) {
      const char32_t c = next_code_point(text, i);
      if (is_ignorable(c) || is_removable_mark(c)) continue;
      if (!is_word_separator(c) && !is_space(c)) return false;
      cps[count++] = c;
    }
    if (count == 0 || count > 3) return false;
    one_separator = count == 1 && is_word_separator(cps[0]);
    return true;
  };
  // A one-letter token: a single code point between gaps.
  auto single = [&](std::size_t k) {
    return !units[k].is_gap() && (units[k].flags & Unit::kFirstOfCp) && (units[k].flags & Unit::kLastOfCp) &&
           (k == 0 || units[k - 1].is_gap()) && (k + 1 >= n || units[k + 1].is_gap());
  };
  for (std::size_t j = 0; j < n;) {
    if (!single(j)) {
      ++j;
      continue;
    }
    // A run of one-letter tokens joined by short gaps: j, j+2, j+4, ...
    std::size_t last = j;
    bool one_separator = false;
    while (last + 2 < n && short_gap(last + 1, one_separator) && single(last + 2)) last += 2;
    if ((last - j) / 2 + 1 >= 3)
      for (std::size_t g = j + 1; g < last; g += 2) units[g].flags |= Unit::kSkippable | Unit::kBetweenSingles;
    j = last + 1;
  }
  for (std::size_t j = 1; j + 1 < n; ++j) {
    bool one_separator = false;
    if (!(units[j].flags & Unit::kSkippable) && short_gap(j, one_separator) && one_separator)
      units[j].flags |= Unit::kSkippable;
  }
}

}  // namespace

void FoldedText::build(std::u16string_view text, Folder& folder) {
  units.clear();
  for (std::size_t i = 0; i < text.size();) {
    const auto start = static_cast<std::uint32_t>(i);
    const char32_t cp = next_code_point(text, i);
    const auto end = static_cast<std::uint32_t>(i);
    const FoldedCp& f = folder.fold(cp);
    if (f.kind == CpKind::mark || f.kind == CpKind::ignorable) {
      if (units.empty()) continue;
      Unit& last = units.back();
      last.end = end;
      // A decomposed ñ (n + U+0303) is the letter ñ, as when precomposed.
      if (cp == kTildeMark && last.key == U'n') last.key = 0xF1;
      continue;
    }
    const bool line_break = cp == U'\n' || cp == U'\r' || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
    const bool space = line_break || is_space(cp);
    if (f.kind == CpKind::gap) {
      if (!units.empty() && units.back().is_gap()) {
        units.back().end = end;
        if (!space) units.back().flags &= static_cast<std::uint8_t>(~Unit::kWhitespace);
      } else {
        units.push_back(Unit{start, end, kGap, static_cast<std::uint8_t>(space ? Unit::kWhitespace : 0)});
      }
      if (line_break) units.back().flags |= Unit::kLineBreak;
      continue;
    }
    const std::size_t first = units.size();
    for (char32_t c : f.chars) {
      if (c == kGap) {
        if (!units.empty() && units.back().is_gap()) continue;
        units.push_back(Unit{start, end, kGap, 0});
      } else {
        units.push_back(Unit{start, end, c, 0});
      }
    }
    if (units.size() > first) {
      units[first].flags |= Unit::kFirstOfCp;
      units.back().flags |= Unit::kLastOfCp;
    }
  }
  mark_skippable_gaps(text, units);
}

bool is_letter_key(char32_t c) { return c != kGap && leet_alternatives(c).empty() && !(c >= U'0' && c <= U'9'); }

bool plausible_leet(int substitutions, int letters) {
  return substitutions == 0 || (letters >= 2 && substitutions <= letters + 1);
}

void FoldedText::readable(std::u16string& out, std::vector<std::uint32_t>& unit_of) const {
  out.clear();
  unit_of.clear();
  auto emit = [&](char32_t c, std::uint32_t u) {
    if (c >= 0x10000) {
      out.push_back(static_cast<char16_t>(0xD7C0 + (c >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 | (c & 0x3FF)));
      unit_of.push_back(u);
    } else {
      out.push_back(static_cast<char16_t>(c));
    }
    unit_of.push_back(u);
  };
  const auto n = static_cast<std::uint32_t>(units.size());
  auto separates = [&](std::uint32_t k) { return units[k].is_gap() && !(units[k].flags & Unit::kBetweenSingles); };
  std::vector<bool> read_as_letter, letter_after;
  for (std::uint32_t i = 0; i < n;) {
    if (separates(i)) {
      emit((units[i].flags & Unit::kLineBreak) ? U'\n' : kGap, i);
      ++i;
      continue;
    }
    // A word: char units, and the gaps between spaced-out letters ("r.o.b.a", "l a d r o n a").
    std::uint32_t end = i;
    while (end < n && !separates(end)) ++end;
    int letters = 0;
    for (std::uint32_t k = i; k < end; ++k) letters += is_letter_key(units[k].key) ? 1 : 0;
    // Leetspeak inside the word: a digit or @/$ with letters on both sides ("sc4mm3r"), or
    // first and followed by a letter ("4ssembly") — never trailing digits ("win10").
    read_as_letter.assign(end - i, false);
    // letter_after[k - i]: the first unit after k that is neither a gap nor a leet character is a
    // letter (one pass from the right, so long digit runs stay linear).
    letter_after.assign(end - i, false);
    bool next_is_letter = false;
    for (std::uint32_t k = end; k-- > i;) {
      letter_after[k - i] = next_is_letter;
      const Unit& u = units[k];
      if (!u.is_gap() && leet_alternatives(u.key).empty()) next_is_letter = is_letter_key(u.key);
    }
    int substitutions = 0, seen_letters = 0;
    std::uint32_t first_char = i;
    while (first_char < end && units[first_char].is_gap()) ++first_char;
    for (std::uint32_t k = i; k < end; ++k) {
      const Unit& u = units[k];
      if (u.is_gap()) continue;
      if (is_letter_key(u.key)) {
        ++seen_letters;
        continue;
      }
      if (leet_alternatives(u.key).empty()) continue;
      const bool letter_after_k = letter_after[k - i];
      const bool leading = k == first_char && k + 1 < end && is_letter_key(units[k + 1].key);
      if (letter_after_k && (seen_letters > 0 || leading)) {
        read_as_letter[k - i] = true;
        ++substitutions;
      }
    }
    const bool leet = plausible_leet(substitutions, letters);
    for (std::uint32_t k = i; k < end; ++k) {
      if (units[k].is_gap()) continue;  // spaced-out letters are read as one word
      emit(leet && read_as_letter[k - i] ? leet_alternatives(units[k].key)[0] : units[k].key, k);
    }
    i = end;
  }
}

std::u32string fold_term(std::u16string_view term, Folder& folder) {
  std::u32string key;
  for (std::size_t i = 0; i < term.size();) {
    const char32_t cp = next_code_point(term, i);
    const FoldedCp& f = folder.fold(cp);
    if (f.kind == CpKind::mark || f.kind == CpKind::ignorable) {
      if (cp == kTildeMark && !key.empty() && key.back() == U'n') key.back() = 0xF1;
      continue;
    }
    if (f.kind == CpKind::gap) {
      if (!key.empty() && key.back() != kGap) key.push_back(kGap);
      continue;
    }
    for (char32_t c : f.chars) {
      if (c == kGap && (key.empty() || key.back() == kGap)) continue;
      key.push_back(c);
    }
  }
  while (!key.empty() && key.back() == kGap) key.pop_back();
  return key;
}

}  // namespace postguard::fold
