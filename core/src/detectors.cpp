// Detectors: hand-written linear scanners for validated personal data, secrets, times of day, URLs
// and street addresses. They run on every keystroke and in WebAssembly, so they allocate nothing
// beyond `out`, keep no mutable state and throw nothing; the only ICU use is character properties.
#include "detectors.hpp"

#include <unicode/uchar.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <initializer_list>
#include <string_view>
#include <vector>

namespace postguard::detect {

namespace {

using Text = std::u16string_view;
constexpr std::size_t kNo = static_cast<std::size_t>(-1);

// ---------------------------------------------------------------------------------------------
// Characters

char16_t at(Text t, std::size_t i) { return i < t.size() ? t[i] : u'\0'; }
bool is_digit(char32_t c) { return c >= u'0' && c <= u'9'; }
bool is_upper_ascii(char32_t c) { return c >= u'A' && c <= u'Z'; }
bool is_lower_ascii(char32_t c) { return c >= u'a' && c <= u'z'; }
bool is_alpha_ascii(char32_t c) { return is_upper_ascii(c) || is_lower_ascii(c); }
bool is_alnum_ascii(char32_t c) { return is_alpha_ascii(c) || is_digit(c); }
char16_t lower_ascii(char16_t c) { return is_upper_ascii(c) ? static_cast<char16_t>(c + 32) : c; }
char16_t upper_ascii(char16_t c) { return is_lower_ascii(c) ? static_cast<char16_t>(c - 32) : c; }

char32_t cp_at(Text t, std::size_t i) {
  if (i >= t.size()) return 0;
  const char16_t c = t[i];
  if (U16_IS_LEAD(c) && i + 1 < t.size() && U16_IS_TRAIL(t[i + 1])) return U16_GET_SUPPLEMENTARY(c, t[i + 1]);
  return c;
}

char32_t cp_before(Text t, std::size_t i) {
  if (i == 0 || i > t.size()) return 0;
  const char16_t c = t[i - 1];
  if (U16_IS_TRAIL(c) && i >= 2 && U16_IS_LEAD(t[i - 2])) return U16_GET_SUPPLEMENTARY(t[i - 2], c);
  return c;
}

std::size_t cp_size(char32_t c) { return c > 0xFFFF ? 2 : 1; }

// Letters, digits and combining marks of any script: what a token may not touch.
bool is_word_cp(char32_t c) {
  if (c == 0) return false;
  if (c < 0x80) return is_alnum_ascii(c);
  return (U_GET_GC_MASK(static_cast<UChar32>(c)) & (U_GC_L_MASK | U_GC_N_MASK | U_GC_M_MASK)) != 0;
}
bool is_letter_cp(char32_t c) {
  if (c < 0x80) return is_alpha_ascii(c);
  return (U_GET_GC_MASK(static_cast<UChar32>(c)) & (U_GC_L_MASK | U_GC_M_MASK)) != 0;
}
bool is_capital_cp(char32_t c) { return u_isupper(static_cast<UChar32>(c)) || u_istitle(static_cast<UChar32>(c)); }
bool word_before(Text t, std::size_t i) { return is_word_cp(cp_before(t, i)); }
bool word_at(Text t, std::size_t i) { return is_word_cp(cp_at(t, i)); }
bool is_mark(char16_t c) { return c >= 0x300 && c <= 0x36F; }

// Spaces inside one expression; line breaks end it. NBSP and narrow NBSP are here because callers
// other than the checker pass raw text (the checker's NFKC view has already made them spaces).
bool is_space(char16_t c) { return c == u' ' || c == u'\t' || c == 0xA0 || c == 0x202F || c == 0x2009; }
std::size_t skip_spaces(Text t, std::size_t i, std::size_t max = 3) {
  for (std::size_t k = 0; k < max && is_space(at(t, i)); ++k) ++i;
  return i;
}

// Whether `s` is at `i` (bounds-checked, so no substr can throw).
bool has(Text t, std::size_t i, std::u16string_view s) {
  return i <= t.size() && t.size() - i >= s.size() && t.compare(i, s.size(), s) == 0;
}

std::size_t digits_end(Text t, std::size_t i) {
  while (is_digit(at(t, i))) ++i;
  return i;
}
int digits_value(Text t, std::size_t s, std::size_t e) {
  int v = 0;
  for (std::size_t i = s; i < e && i < s + 6; ++i) v = v * 10 + (t[i] - u'0');
  return v;
}

// Lower case without accents for Latin-1 letters, so keywords match "Mañana", "MANANA", "mediodía";
// º, ª and ° read as o, a, o (the checker's NFKC view already writes º as o).
char16_t fold_letter(char16_t c) {
  if (c < 0x80) return lower_ascii(c);
  static constexpr char kLatin1[] = "aaaaaa_ceeeeiiii_nooooo_ouuuuy__aaaaaa_ceeeeiiii_nooooo_ouuuuy_y";
  if (c >= 0xC0 && c <= 0xFF) {
    const char f = kLatin1[c - 0xC0];
    return f == '_' ? c : static_cast<char16_t>(f);
  }
  if (c == 0xBA || c == 0xB0) return u'o';
  if (c == 0xAA) return u'a';
  if (c == 0x2019) return u'\'';
  return c;
}

// Matches `kw` (lower case, unaccented; a space stands for one to three spaces) at `i`; returns
// the end or kNo. Combining accents after a letter are skipped ("n" + U+0303).
std::size_t match_ci(Text t, std::size_t i, std::string_view kw) {
  for (char k : kw) {
    if (k == ' ') {
      const std::size_t j = skip_spaces(t, i);
      if (j == i) return kNo;
      i = j;
      continue;
    }
    if (i >= t.size() || fold_letter(t[i]) != static_cast<char16_t>(k)) return kNo;
    ++i;
    while (i < t.size() && is_mark(t[i])) ++i;
  }
  return i;
}

// As match_ci, and the keyword must end a word.
std::size_t match_word(Text t, std::size_t i, std::string_view kw) {
  const std::size_t e = match_ci(t, i, kw);
  if (e == kNo || (is_word_cp(static_cast<unsigned char>(kw.back())) && word_at(t, e))) return kNo;
  return e;
}

template <std::size_t N>
std::size_t match_any_word(Text t, std::size_t i, const std::array<std::string_view, N>& kws,
                           std::size_t* which = nullptr) {
  for (std::size_t k = 0; k < N; ++k) {
    const std::size_t e = match_word(t, i, kws[k]);
    if (e != kNo) {
      if (which) *which = k;
      return e;
    }
  }
  return kNo;
}

// Bit k is set when some keyword starts with letter 'a' + k: words that cannot start a keyword
// are skipped without trying each list (most words of a post).
template <std::size_t N>
constexpr std::uint32_t initials(const std::array<std::string_view, N>& words) {
  std::uint32_t mask = 0;
  for (std::string_view w : words)
    if (w[0] >= 'a' && w[0] <= 'z') mask |= 1u << (w[0] - 'a');
  return mask;
}

bool may_start(std::uint32_t initials_mask, char16_t c) {
  const char16_t f = fold_letter(c);
  return f >= u'a' && f <= u'z' && ((initials_mask >> (f - u'a')) & 1u) != 0;
}

bool is_currency(char32_t c) { return c == u'$' || c == 0x20AC || c == 0xA3 || c == 0xA5; }

// A number token may not continue a word, an identifier, a path, a price or another number.
bool glued_before(Text t, std::size_t s) {
  const char32_t c = cp_before(t, s);
  if (c == 0) return false;
  if (is_word_cp(c) || is_currency(c)) return true;
  switch (c) {
    case u'_':
    case u'@':
    case u'#':
    case u'/':
    case u'\\':
    case u'=':
    case u'&':
    case u'%':
    case u'+':
      return true;
    case u'.':
    case u',':
    case u':':
    case u'-':
      return word_before(t, s - 1);
    default:
      return false;
  }
}

bool glued_after(Text t, std::size_t e) {
  const char32_t c = cp_at(t, e);
  if (c == 0) return false;
  if (is_word_cp(c) || is_currency(c)) return true;
  switch (c) {
    case u'_':
    case u'@':
    case u'/':
    case u'\\':
    case u'%':
      return true;
    case u'.':
    case u',':
    case u':':
    case u'-':
      return word_at(t, e + 1);
    default:
      return false;
  }
}

// Hits of other detectors that a candidate may not overlap (a phone inside an IBAN or a URL).
// Stored in `out` itself, so masking allocates nothing of its own.
class Mask {
 public:
  Mask() = default;
  Mask(const std::vector<Hit>& hits, std::size_t begin, std::size_t end) : hits_(&hits), next_(begin), end_(end) {}
  // Queries must come with non-decreasing `s`.
  bool overlaps(std::size_t s, std::size_t e) {
    while (next_ < end_ && (*hits_)[next_].end <= s) ++next_;
    return next_ < end_ && (*hits_)[next_].start < e;
  }

 private:
  const std::vector<Hit>* hits_ = nullptr;
  std::size_t next_ = 0, end_ = 0;
};

struct Masks {
  std::array<Mask, 3> list{};
  int count = 0;
  bool overlaps(std::size_t s, std::size_t e) {
    bool any = false;
    for (int k = 0; k < count; ++k) any = list[static_cast<std::size_t>(k)].overlaps(s, e) || any;
    return any;
  }
};

void push(std::vector<Hit>& out, std::size_t s, std::size_t e) {
  out.push_back(Hit{static_cast<std::uint32_t>(s), static_cast<std::uint32_t>(e)});
}

// ---------------------------------------------------------------------------------------------
// Digit groups shared by phones and cards: "+34 612 34 56 78", "(55) 1234-5678", "4111 1111 ...".

struct NumberToken {
  static constexpr int kMaxGroups = 8;
  static constexpr int kMaxDigits = 20;
  std::size_t start = 0, end = 0;
  bool plus = false;
  bool bad = false;      // unbalanced or repeated parentheses
  int groups = 0;        // all groups, even past kMaxGroups
  int paren_group = -1;  // the group written in parentheses
  int digits = 0;        // all digits, even past kMaxDigits
  std::array<std::uint8_t, kMaxGroups> len{};
  std::array<char16_t, kMaxGroups> sep{};  // separator before each group: 0, ' ', '-', '.', '/'
  std::array<std::size_t, kMaxGroups> group_end{};
  std::array<char, kMaxDigits> d{};
  // "6 1 2 3 4 5 6 7 8", "+34 6-1-2-...": every group after the first is one digit, all after the
  // same separator, none in parentheses.
  bool digit_by_digit = true;
  char16_t digit_sep = 0;
};

// Dots and slashes separate groups only in phones: "612.34.56.78", "612/345/678".
bool is_group_separator(char16_t c, bool phone_marks) {
  return c == u' ' || c == 0xA0 || c == 0x202F || c == u'-' || (phone_marks && (c == u'.' || c == u'/'));
}

// Reads the maximal run of digit groups at `s` (a digit, '+' or '(' when `phone_marks`).
NumberToken read_number_token(Text t, std::size_t s, bool phone_marks) {
  NumberToken tok;
  tok.start = s;
  std::size_t j = s;
  // "(+34) 912 345 678": the country code in parentheses.
  bool code_in_parens = false;
  if (phone_marks && at(t, j) == u'(' && at(t, j + 1) == u'+' && is_digit(at(t, j + 2))) {
    tok.plus = code_in_parens = true;
    j += 2;
  } else if (phone_marks && at(t, j) == u'+') {
    tok.plus = true;
    ++j;
  }
  char16_t sep = 0;
  while (true) {
    bool paren = code_in_parens && tok.groups == 0;
    if (!paren && phone_marks && at(t, j) == u'(' && is_digit(at(t, j + 1))) {
      paren = true;
      ++j;
    }
    const std::size_t e = digits_end(t, j);
    if (e == j) break;
    const int g = tok.groups;
    if (paren || (g >= 1 && (e - j != 1 || (g >= 2 && sep != tok.digit_sep)))) tok.digit_by_digit = false;
    if (g == 1) tok.digit_sep = sep;
    if (g < NumberToken::kMaxGroups) {
      tok.len[static_cast<std::size_t>(g)] = static_cast<std::uint8_t>(std::min<std::size_t>(e - j, 255));
      tok.sep[static_cast<std::size_t>(g)] = sep;
    }
    for (std::size_t k = j; k < e; ++k, ++tok.digits)
      if (tok.digits < NumberToken::kMaxDigits) tok.d[static_cast<std::size_t>(tok.digits)] = static_cast<char>(t[k]);
    std::size_t after = e;
    if (paren) {
      if (at(t, e) == u')' && tok.paren_group < 0) {
        tok.paren_group = g;
        ++after;
      } else {
        tok.bad = true;
      }
    }
    if (g < NumberToken::kMaxGroups) tok.group_end[static_cast<std::size_t>(g)] = after;
    ++tok.groups;
    tok.end = after;
    std::size_t k = after;
    sep = 0;
    if (is_group_separator(at(t, k), phone_marks)) {
      sep = at(t, k) == u'-' || at(t, k) == u'.' || at(t, k) == u'/' ? at(t, k) : u' ';
      ++k;
    }
    const bool next_group = is_digit(at(t, k)) || (phone_marks && at(t, k) == u'(' && is_digit(at(t, k + 1)));
    // "(55)1234": no separator is needed after a closing parenthesis.
    if (!next_group || (sep == 0 && !paren && at(t, k) != u'(')) break;
    if (sep == 0) sep = u')';
    j = k;
  }
  return tok;
}

bool same_separators(const NumberToken& tok, int from, int to) {
  for (int g = from + 1; g < to; ++g)
    if (tok.sep[static_cast<std::size_t>(g)] != tok.sep[static_cast<std::size_t>(from + 1)]) return false;
  return true;
}

bool lengths_are(const NumberToken& tok, int first, std::initializer_list<int> lens) {
  if (tok.groups - first != static_cast<int>(lens.size())) return false;
  int g = first;
  for (int l : lens)
    if (tok.len[static_cast<std::size_t>(g++)] != l) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Phone

bool nanp_valid(const char* d) {
  // Area code and exchange start with 2-9; N11 codes are services, not areas.
  return d[0] >= '2' && d[3] >= '2' && !(d[1] == '1' && d[2] == '1');
}

bool es_national(const char* d, int n) { return n == 9 && d[0] >= '6'; }
bool mx_national(const char* d, int n) { return n == 10 && d[0] >= '2'; }

// Whether the whole token has a phone's grouping and numbering (ES, MX, US/NANP, E.164).
bool phone_shape(const NumberToken& tok) {
  const int k = tok.groups;
  const int n = tok.digits;
  if (tok.digit_by_digit && k >= 8 && !tok.bad && n <= NumberToken::kMaxDigits) {
    // Digits spaced one by one are judged as the number written together, after a leading "+CC"
    // or "00CC" when there is one.
    const int first = tok.len[0];
    const bool intl = tok.plus || (tok.d[0] == '0' && tok.d[1] == '0');
    if (first != 1 && !(intl && first <= (tok.plus ? 3 : 5))) return false;
    // Ten digits one by one are as often ratings or scores: only the stricter NANP shape.
    if (!intl && n == 10 && !nanp_valid(tok.d.data())) return false;
    NumberToken whole = tok;
    whole.groups = 1;
    whole.len[0] = static_cast<std::uint8_t>(n);
    whole.paren_group = -1;
    whole.digit_by_digit = false;
    return phone_shape(whole);
  }
  if (tok.bad || k > NumberToken::kMaxGroups || n > 17 || n < 8) return false;
  const char* d = tok.d.data();
  if (tok.paren_group > 0 && !(tok.plus && tok.paren_group == 1)) {
    // Only the area code goes in parentheses: the first national group.
    const bool after_us_one = tok.paren_group == 1 && tok.len[0] == 1 && d[0] == '1';
    if (!after_us_one) return false;
  }
  // International: "+CC ..." or "00CC ..." (0034, 0052, 001 only: other "00..." are too often ids).
  int cc_start = -1;
  if (tok.plus) {
    cc_start = 0;
  } else if (d[0] == '0' && d[1] == '0' && (tok.len[0] == 2 || tok.len[0] >= 4)) {
    cc_start = 2;
  }
  if (cc_start >= 0) {
    const char* c = d + cc_start;
    const int m = n - cc_start;
    const int first_len = tok.len[0] - cc_start;  // 0 when "00" stands alone
    auto cc_alone = [&](int cc_len) {
      return k == 1 || first_len == cc_len || (first_len == 0 && tok.len[1] == cc_len);
    };
    if (c[0] == '3' && c[1] == '4') return cc_alone(2) && es_national(c + 2, m - 2);
    if (c[0] == '5' && c[1] == '2') {
      if (!cc_alone(2)) return false;
      if (m == 13 && c[2] == '1') return mx_national(c + 3, 10);  // the legacy mobile "1"
      return mx_national(c + 2, m - 2);
    }
    if (c[0] == '1') return cc_alone(1) && m == 11 && nanp_valid(c + 1);
    if (cc_start != 0 || c[0] == '0') return false;
    // Other E.164 numbers: 8-15 digits; written without any grouping they must be 10+.
    return m <= 15 && (k > 1 || m >= 10) && tok.paren_group <= 1;
  }
  if (k == 1) return es_national(d, n) || mx_national(d, n);
  const bool seps_ok = tok.paren_group >= 0 ? true : same_separators(tok, 0, k);
  if (!seps_ok) return false;
  if (tok.paren_group < 0 && es_national(d, n) &&
      (lengths_are(tok, 0, {3, 3, 3}) || lengths_are(tok, 0, {3, 2, 2, 2}) || lengths_are(tok, 0, {2, 3, 2, 2})))
    return true;
  if (n == 10 && lengths_are(tok, 0, {3, 3, 4}) && (nanp_valid(d) || mx_national(d, n))) return true;
  if (n == 10 && lengths_are(tok, 0, {2, 4, 4}) && mx_national(d, n)) return true;
  if (n == 11 && d[0] == '1' && lengths_are(tok, 0, {1, 3, 3, 4}) && nanp_valid(d + 1)) return true;
  return false;
}

// "pedido 612345678", "Order: 712345678": a number labelled as something else is not a phone.
bool labelled_as_id(Text t, std::size_t s) {
  std::size_t i = s;
  for (int k = 0; k < 3 && i > 0 && (is_space(t[i - 1]) || t[i - 1] == u':' || t[i - 1] == u'.'); ++k) --i;
  std::size_t b = i;
  while (b > 0 && i - b < 12 && is_letter_cp(t[b - 1])) --b;
  if (b == i || word_before(t, b)) return false;
  static constexpr std::array<std::string_view, 17> kLabels = {
      "order",    "orden", "pedido", "ref",        "referencia", "reference",   "invoice", "factura", "ticket",
      "tracking", "id",    "folio",  "expediente", "albaran",    "localizador", "serial",  "no"};
  for (std::string_view label : kLabels)
    if (match_ci(t, b, label) == i) return true;
  return false;
}

// "612.345.678 €", "$ 612 345 678": an amount of money.
bool beside_money(Text t, std::size_t s, std::size_t e) {
  std::size_t b = s;
  if (b > 0 && is_space(t[b - 1])) --b;
  if (is_currency(cp_before(t, b))) return true;
  const std::size_t a = skip_spaces(t, e, 1);
  if (is_currency(cp_at(t, a))) return true;
  static constexpr std::array<std::string_view, 9> kMoney = {"euros", "eur", "usd",    "dolares", "dollars",
                                                             "pesos", "mxn", "libras", "pounds"};
  return a > e && match_any_word(t, a, kMoney) != kNo;
}

constexpr std::array<std::string_view, 10> kSpanishDigits = {"cero",  "uno",  "dos",   "tres", "cuatro",
                                                             "cinco", "seis", "siete", "ocho", "nueve"};
constexpr std::array<std::string_view, 10> kEnglishDigits = {"zero", "one", "two",   "three", "four",
                                                             "five", "six", "seven", "eight", "nine"};
// For each first letter, the second letters a digit word may have: most words of a post fail here.
constexpr std::array<std::uint32_t, 26> digit_word_pairs() {
  std::array<std::uint32_t, 26> pairs{};
  for (const auto* words : {&kSpanishDigits, &kEnglishDigits})
    for (std::string_view w : *words) pairs[static_cast<std::size_t>(w[0] - 'a')] |= 1u << (w[1] - 'a');
  return pairs;
}
constexpr std::array<std::uint32_t, 26> kDigitWordPairs = digit_word_pairs();

bool may_be_digit_word(Text t, std::size_t i) {
  const char16_t a = lower_ascii(at(t, i)), b = lower_ascii(at(t, i + 1));
  return is_lower_ascii(a) && is_lower_ascii(b) && ((kDigitWordPairs[a - u'a'] >> (b - u'a')) & 1u) != 0;
}

// "seis uno dos tres cuatro cinco seis siete ocho": a number said digit by digit in one language,
// the words apart by spaces, ", " or "-". Nine or ten digit words in a row do not happen in prose,
// and they must still make a Spanish or North American national number. Sets `run_end` to the end
// of the whole run of digit words at `i` (kNo if there is none); returns the phone's end or kNo.
std::size_t read_spelled_phone(Text t, std::size_t i, std::size_t& run_end) {
  run_end = kNo;
  for (const auto* words : {&kSpanishDigits, &kEnglishDigits}) {
    std::array<char, 10> d{};
    std::size_t n = 0, j = i;
    while (true) {
      std::size_t which = 0;
      const std::size_t e = match_any_word(t, j, *words, &which);
      if (e == kNo) break;
      if (n < d.size()) d[n] = static_cast<char>('0' + which);
      ++n;
      run_end = e;
      std::size_t k = e;
      if (at(t, k) == u',' || at(t, k) == u'-') ++k;
      j = skip_spaces(t, k);
      if (j == e || (at(t, e) == u'-' && j > k)) break;
    }
    if (n == 0) continue;
    if (n == 9 && es_national(d.data(), 9)) return run_end;
    if (n == 10 && mx_national(d.data(), 10)) return run_end;  // MX; NANP numbers are among them
    return kNo;
  }
  return kNo;
}

void scan_phone(Text t, std::vector<Hit>& out, Masks& masks) {
  for (std::size_t i = 0; i < t.size();) {
    const char16_t c = t[i];
    if (is_alpha_ascii(c)) {
      if (may_be_digit_word(t, i) && !word_before(t, i)) {
        std::size_t run_end = kNo;
        const std::size_t e = read_spelled_phone(t, i, run_end);
        if (e != kNo && !masks.overlaps(i, e)) push(out, i, e);
        // The run is judged whole: nine digit words inside a longer run are no phone.
        if (run_end != kNo) {
          i = run_end;
          continue;
        }
      }
      // Letters never start a number: the rest of the word is skipped whole.
      while (i < t.size() && is_alpha_ascii(t[i])) ++i;
      continue;
    }
    const bool number_start = is_digit(c) || ((c == u'+' || c == u'(') && is_digit(at(t, i + 1))) ||
                              (c == u'(' && at(t, i + 1) == u'+' && is_digit(at(t, i + 2)));
    if (!number_start || glued_before(t, i)) {
      ++i;
      continue;
    }
    const NumberToken tok = read_number_token(t, i, true);
    // The token is judged whole and skipped whole: a phone's digits inside a longer run of
    // groups ("612 345 678 9") are not a phone.
    const std::size_t next = std::max(tok.end, i + 1);
    if (!glued_after(t, tok.end) && phone_shape(tok) && !(!tok.plus && labelled_as_id(t, i)) &&
        !beside_money(t, i, tok.end) && !masks.overlaps(i, tok.end))
      push(out, i, tok.end);
    i = next;
  }
}

// ---------------------------------------------------------------------------------------------
// Payment card

int prefix_value(const char* d, int len) {
  int v = 0;
  for (int k = 0; k < len; ++k) v = v * 10 + (d[k] - '0');
  return v;
}

bool known_issuer(const char* d, int n) {
  const int p2 = prefix_value(d, 2), p3 = prefix_value(d, 3), p4 = prefix_value(d, 4);
  if (d[0] == '4') return n == 13 || n == 16 || n == 19;                                           // Visa
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return n == 16;                        // Mastercard
  if (p2 == 34 || p2 == 37) return n == 15;                                                        // Amex
  if (p4 == 6011 || p2 == 65 || (p3 >= 644 && p3 <= 649)) return n >= 16;                          // Discover
  if (p4 >= 3528 && p4 <= 3589) return n >= 16;                                                    // JCB
  if ((p3 >= 300 && p3 <= 305) || p2 == 36 || p2 == 38 || p2 == 39 || p4 == 3095) return n >= 14;  // Diners
  if (p2 == 62) return n >= 16;                                                                    // UnionPay
  if (p4 >= 2200 && p4 <= 2204) return n >= 16;                                                    // Mir
  switch (p4) {                                                                                    // Maestro
    case 5018:
    case 5020:
    case 5038:
    case 5893:
    case 6304:
    case 6759:
    case 6761:
    case 6762:
    case 6763:
      return true;
    default:
      return false;
  }
}

// Card numbers are written in one block or in the issuers' groupings: 4-4-4-4(-1..3), 4-6-5, 4-6-4.
bool card_grouping(const NumberToken& tok, int groups) {
  if (groups == 1) return true;
  if (!same_separators(tok, 0, groups)) return false;
  const auto len = [&](int g) { return tok.len[static_cast<std::size_t>(g)]; };
  if (groups == 3 && len(0) == 4 && len(1) == 6 && (len(2) == 5 || len(2) == 4)) return true;
  if (groups < 4 || groups > 5) return false;
  for (int g = 0; g < groups - 1; ++g)
    if (len(g) != 4) return false;
  return len(groups - 1) >= 1 && len(groups - 1) <= 4;
}

bool card_candidate(const NumberToken& tok, int groups) {
  int n = 0;
  for (int g = 0; g < groups; ++g) n += tok.len[static_cast<std::size_t>(g)];
  if (n < 13 || n > 19 || !card_grouping(tok, groups)) return false;
  return known_issuer(tok.d.data(), n) && luhn_valid(std::string_view(tok.d.data(), static_cast<std::size_t>(n)));
}

void scan_card(Text t, std::vector<Hit>& out, Masks& masks) {
  for (std::size_t i = 0; i < t.size();) {
    if (!is_digit(t[i]) || glued_before(t, i)) {
      ++i;
      continue;
    }
    const NumberToken tok = read_number_token(t, i, false);
    std::size_t end = kNo;
    if (tok.groups <= NumberToken::kMaxGroups && tok.digits <= NumberToken::kMaxDigits &&
        card_candidate(tok, tok.groups) && !glued_after(t, tok.end)) {
      end = tok.end;
    } else {
      // "4111111111111111 12/25": a card followed by another number after a space. A following
      // group of four would continue the card's own grouping, so that stays ambiguous and is left.
      for (int m = std::min(tok.groups, NumberToken::kMaxGroups) - 1; m >= 1 && end == kNo; --m) {
        const auto um = static_cast<std::size_t>(m);
        if (tok.sep[um] != u' ' || (m > 1 && tok.len[um] == 4)) continue;
        if (card_candidate(tok, m)) end = tok.group_end[um - 1];
      }
    }
    if (end != kNo && !masks.overlaps(i, end)) push(out, i, end);
    i = std::max(tok.end, i + 1);
  }
}

// ---------------------------------------------------------------------------------------------
// IBAN

struct IbanCountry {
  char code[3];
  std::uint8_t length;
};

// SWIFT IBAN registry lengths: every SEPA country and the other registered countries.
constexpr IbanCountry kIbanCountries[] = {
    {"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20}, {"BE", 16}, {"BG", 22}, {"BH", 22},
    {"BI", 27}, {"BR", 29}, {"BY", 28}, {"CH", 21}, {"CR", 22}, {"CY", 28}, {"CZ", 24}, {"DE", 22}, {"DJ", 27},
    {"DK", 18}, {"DO", 28}, {"EE", 20}, {"EG", 29}, {"ES", 24}, {"FI", 18}, {"FK", 18}, {"FO", 18}, {"FR", 27},
    {"GB", 22}, {"GE", 22}, {"GI", 23}, {"GL", 18}, {"GR", 27}, {"GT", 28}, {"HN", 28}, {"HR", 21}, {"HU", 28},
    {"IE", 22}, {"IL", 23}, {"IQ", 23}, {"IS", 26}, {"IT", 27}, {"JO", 30}, {"KW", 30}, {"KZ", 20}, {"LB", 28},
    {"LC", 32}, {"LI", 21}, {"LT", 20}, {"LU", 20}, {"LV", 21}, {"LY", 25}, {"MC", 27}, {"MD", 24}, {"ME", 22},
    {"MK", 19}, {"MN", 20}, {"MR", 27}, {"MT", 31}, {"MU", 30}, {"NI", 28}, {"NL", 18}, {"NO", 15}, {"OM", 23},
    {"PK", 24}, {"PL", 28}, {"PS", 29}, {"PT", 25}, {"QA", 29}, {"RO", 24}, {"RS", 22}, {"RU", 33}, {"SA", 24},
    {"SC", 31}, {"SD", 18}, {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"SO", 23}, {"ST", 25}, {"SV", 28},
    {"TL", 23}, {"TN", 24}, {"TR", 26}, {"UA", 29}, {"VA", 22}, {"VG", 24}, {"XK", 20}, {"YE", 30},
};

int iban_length(char a, char b) {
  for (const IbanCountry& c : kIbanCountries)
    if (c.code[0] == a && c.code[1] == b) return c.length;
  return 0;
}

// Reads an IBAN at `s`, contiguous or in groups of four separated by single spaces.
std::size_t read_iban(Text t, std::size_t s) {
  if (!is_alpha_ascii(at(t, s)) || !is_alpha_ascii(at(t, s + 1)) || !is_digit(at(t, s + 2)) ||
      !is_digit(at(t, s + 3)) || word_before(t, s))
    return kNo;
  const int length = iban_length(static_cast<char>(upper_ascii(t[s])), static_cast<char>(upper_ascii(t[s + 1])));
  if (length == 0) return kNo;
  std::array<char, 34> buf{};
  int n = 0;
  std::size_t j = s;
  const bool spaced = is_space(at(t, s + 4)) && is_alnum_ascii(at(t, s + 5));
  while (n < length) {
    if (spaced && n > 0 && n % 4 == 0) {
      if (!is_space(at(t, j))) return kNo;
      ++j;
    }
    const char16_t c = at(t, j);
    if (!is_alnum_ascii(c)) return kNo;
    buf[static_cast<std::size_t>(n++)] = static_cast<char>(upper_ascii(c));
    ++j;
  }
  if (word_at(t, j)) return kNo;
  return iban_valid(std::string_view(buf.data(), static_cast<std::size_t>(n))) ? j : kNo;
}

void scan_iban(Text t, std::vector<Hit>& out, Masks& masks) {
  for (std::size_t i = 0; i < t.size();) {
    const std::size_t e = read_iban(t, i);
    if (e != kNo && !masks.overlaps(i, e)) {
      push(out, i, e);
      i = e;
    } else {
      ++i;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Spanish DNI / NIE

std::size_t read_es_dni(Text t, std::size_t s) {
  std::array<char, 9> buf{};
  std::size_t j = s;
  const char16_t first = upper_ascii(at(t, s));
  if (first == u'X' || first == u'Y' || first == u'Z') {
    if (word_before(t, s)) return kNo;
    buf[0] = static_cast<char>(first);
    j = s + 1;
    if (at(t, j) == u'-' && is_digit(at(t, j + 1))) ++j;
    if (digits_end(t, j) - j != 7) return kNo;
    for (int k = 0; k < 7; ++k) buf[static_cast<std::size_t>(1 + k)] = static_cast<char>(t[j++]);
  } else if (is_digit(first)) {
    if (glued_before(t, s)) return kNo;
    int n = 0;
    const std::size_t e = digits_end(t, s);
    if (e - s == 8) {
      for (; j < e; ++j) buf[static_cast<std::size_t>(n++)] = static_cast<char>(t[j]);
    } else if (e - s == 2 && at(t, e) == u'.' && digits_end(t, e + 1) == e + 4 && at(t, e + 4) == u'.' &&
               digits_end(t, e + 5) == e + 8) {
      // "12.345.678-Z"
      for (; j < e + 8; ++j)
        if (t[j] != u'.') buf[static_cast<std::size_t>(n++)] = static_cast<char>(t[j]);
    } else {
      return kNo;
    }
  } else {
    return kNo;
  }
  // The check letter: attached, after '-', or after one space when written in capitals.
  if (at(t, j) == u'-' && is_alpha_ascii(at(t, j + 1))) {
    ++j;
  } else if (at(t, j) == u' ' && is_upper_ascii(at(t, j + 1))) {
    ++j;
  }
  if (!is_alpha_ascii(at(t, j))) return kNo;
  buf[8] = static_cast<char>(upper_ascii(t[j]));
  ++j;
  if (word_at(t, j) || (at(t, j) == u'-' && word_at(t, j + 1))) return kNo;
  return es_dni_valid(std::string_view(buf.data(), buf.size())) ? j : kNo;
}

void scan_es_dni(Text t, std::vector<Hit>& out, Masks& masks) {
  for (std::size_t i = 0; i < t.size();) {
    const std::size_t e = read_es_dni(t, i);
    if (e != kNo && !masks.overlaps(i, e)) {
      push(out, i, e);
      i = e;
    } else {
      ++i;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// US SSN

std::size_t read_us_ssn(Text t, std::size_t s) {
  if (!is_digit(at(t, s)) || glued_before(t, s)) return kNo;
  const std::size_t a = digits_end(t, s);
  const char16_t sep = at(t, a);
  if (a - s != 3 || (sep != u'-' && sep != u' ')) return kNo;
  const std::size_t g = digits_end(t, a + 1);
  if (g - a != 3 || at(t, g) != sep) return kNo;
  const std::size_t e = digits_end(t, g + 1);
  if (e - g != 5 || glued_after(t, e)) return kNo;
  const int area = digits_value(t, s, a), group = digits_value(t, a + 1, g), serial = digits_value(t, g + 1, e);
  if (area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0) return kNo;
  return e;
}

void scan_us_ssn(Text t, std::vector<Hit>& out, Masks& masks) {
  for (std::size_t i = 0; i < t.size();) {
    const std::size_t e = read_us_ssn(t, i);
    if (e != kNo && !masks.overlaps(i, e)) {
      push(out, i, e);
      i = e;
    } else {
      ++i;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Email
//
// Besides addresses as typed, the ways people write them to get past filters: spaces around the
// marks ("jake . torres 91 @ outlook . com"), the marks in brackets ("ana(at)gmail(dot)com",
// "ana [arroba] gmail [punto] com"), the marks as words ("pepe arroba hotmail punto com", "ana at
// gmail dot com") and letters spelled out one by one ("m a r i o . r u i z"). A disguised address
// must end in a top-level domain of kTlds; the weaker marks (" at ", " @ ") need more besides.

// Local part characters: the common ones of RFC 5322 plus any letter (internationalized mail).
bool is_local_cp(char32_t c) {
  return is_alnum_ascii(c) || c == u'.' || c == u'_' || c == u'%' || c == u'+' || c == u'-' ||
         (c >= 0x80 && is_word_cp(c));
}
bool is_label_cp(char32_t c) { return is_alnum_ascii(c) || c == u'-' || (c >= 0x80 && is_word_cp(c)); }

// Reads the domain after '@'; returns its end or kNo. At least two labels, a TLD of 2+ letters.
std::size_t read_domain(Text t, std::size_t s) {
  std::size_t j = s, end = kNo;
  int labels = 0;
  while (true) {
    const std::size_t label = j;
    while (j < t.size() && is_label_cp(cp_at(t, j))) j += cp_size(cp_at(t, j));
    if (j == label || t[label] == u'-' || t[j - 1] == u'-' || j - label > 63) return end;
    ++labels;
    bool tld = j - label >= 2;
    for (std::size_t k = label; k < j && tld; ++k) tld = !is_digit(t[k]) && t[k] != u'-';
    if (j - label > 4 && match_ci(t, label, "xn--") != kNo) tld = true;
    if (labels >= 2 && tld) end = j;
    if (at(t, j) != u'.' || !is_label_cp(cp_at(t, j + 1))) {
      // The last label is the TLD: if it is not one, the whole domain is not.
      return labels >= 2 && tld ? j : kNo;
    }
    ++j;
  }
}

// Generic and country TLDs that disguised addresses of Spanish and English speakers end in. Plain
// addresses take any TLD; a disguised one must name a real one, so "the gym dot fun" is no address.
// "me", "in", "la" and "to" are left out: they end too many ordinary phrases.
constexpr std::array<std::string_view, 98> kTlds = {
    "com", "net", "org", "edu",  "gov",  "mil",   "int",  "info", "biz",    "io",    "co",    "app",  "dev",  "ai",
    "tv",  "xyz", "pro", "name", "mobi", "email", "site", "shop", "tech",   "cat",   "eus",   "gal",  "eu",   "es",
    "mx",  "ar",  "cl",  "pe",   "ve",   "ec",    "uy",   "py",   "bo",     "cr",    "gt",    "hn",   "sv",   "ni",
    "pa",  "do",  "cu",  "pr",   "us",   "ca",    "uk",   "ie",   "de",     "fr",    "it",    "pt",   "nl",   "be",
    "ch",  "at",  "se",  "no",   "dk",   "fi",    "pl",   "cz",   "au",     "nz",    "br",    "jp",   "cn",   "ru",
    "ad",  "lu",  "gr",  "ro",   "hu",   "sk",    "si",   "hr",   "bg",     "lt",    "lv",    "ee",   "is",   "za",
    "kr",  "tw",  "hk",  "sg",   "il",   "tr",    "ua",   "ma",   "online", "store", "cloud", "live", "blog", "gob"};

// Free mail services: "ana at gmail.com" is an address, "I work at amazon.com" is not.
constexpr std::array<std::string_view, 24> kMailProviders = {
    "gmail", "googlemail", "hotmail",  "outlook",    "yahoo",   "ymail",  "icloud",  "live",
    "msn",   "aol",        "proton",   "protonmail", "pm",      "gmx",    "yandex",  "zoho",
    "mail",  "terra",      "movistar", "telefonica", "prodigy", "orange", "wanadoo", "tutanota"};

// Everyday words that come before "at" and after it in ordinary sentences ("meet me at the gym",
// "see you at home", "look at this dot com thing", "he works at mit dot edu"): no disguised
// address has one of them as its local part or its domain name. Verbs in -ing count too.
constexpr std::array<std::string_view, 173> kCommonWords = {
    "me",        "you",        "us",       "him",        "her",       "them",       "it",        "i",       "we",
    "they",      "he",         "she",      "my",         "your",      "our",        "his",       "their",   "its",
    "this",      "that",       "these",    "those",      "there",     "here",       "the",       "a",       "an",
    "home",      "work",       "school",   "look",       "looking",   "meet",       "see",       "find",    "found",
    "stay",      "live",       "be",       "is",         "are",       "was",        "were",      "am",      "been",
    "and",       "or",         "but",      "now",        "today",     "tonight",    "email",     "write",   "contact",
    "reach",     "visit",      "call",     "text",       "message",   "dm",         "available", "online",  "shop",
    "buy",       "sale",       "everyone", "someone",    "anyone",    "people",     "all",       "out",     "up",
    "in",        "on",         "off",      "only",       "just",      "also",       "not",       "no",      "one",
    "some",      "te",         "le",       "nos",        "os",        "les",        "lo",        "la",      "el",
    "los",       "las",        "un",       "una",        "y",         "o",          "e",         "u",       "en",
    "de",        "del",        "al",       "con",        "por",       "para",       "mi",        "tu",      "su",
    "es",        "son",        "esta",     "este",       "aqui",      "casa",       "trabajo",   "correo",  "escribe",
    "escribeme", "escribenos", "contacta", "contactame", "mandame",   "que",        "si",        "ya",      "works",
    "worked",    "job",        "study",    "studied",    "studies",   "bought",     "sold",      "era",     "time",
    "lunch",     "dinner",     "party",    "meeting",    "arrive",    "arrived",    "met",       "stayed",  "lived",
    "lives",     "eat",        "ate",      "play",       "played",    "intern",     "started",   "joined",  "join",
    "good",      "great",      "best",     "well",       "once",      "again",      "more",      "free",    "where",
    "who",       "what",       "when",     "anywhere",   "somewhere", "everywhere", "trabaja",   "estudio", "estudia",
    "vivo",      "vive"};

template <std::size_t N>
bool is_one_of(std::string_view word, const std::array<std::string_view, N>& words) {
  return !word.empty() && std::find(words.begin(), words.end(), word) != words.end();
}

// A token in lower case without accents, kept only while it is short enough to be a keyword;
// `step` 2 reads letters spelled out one by one ("g m a i l").
struct Folded {
  std::array<char, 24> c{};
  std::size_t n = 0;
  bool fits = true;
  std::string_view word() const { return fits ? std::string_view(c.data(), n) : std::string_view(); }
};

Folded fold_token(Text t, std::size_t s, std::size_t e, std::size_t step = 1) {
  Folded f;
  for (std::size_t k = s; k < e && f.fits; k += step) {
    if (is_mark(t[k])) continue;
    const char16_t c = fold_letter(t[k]);
    if (c >= 0x80 || f.n == f.c.size()) {
      f.fits = false;
    } else {
      f.c[f.n++] = static_cast<char>(c);
    }
  }
  return f;
}

// How an "@" or a "." is written: as typed, with spaces around, in brackets, or as a word.
enum class Written : std::uint8_t { plain, spaced, bracketed, word };

constexpr std::array<std::string_view, 3> kBracketedAts = {"arroba", "at", "@"};
constexpr std::array<std::string_view, 3> kBracketedDots = {"punto", "dot", "."};
constexpr std::array<std::string_view, 2> kDotWords = {"punto", "dot"};

// "(at)", "[ arroba ]", "{dot}", "<punto>", "(@)", "[.]": a mark in matching brackets.
template <std::size_t N>
std::size_t read_bracketed(Text t, std::size_t i, const std::array<std::string_view, N>& words) {
  static constexpr std::u16string_view kOpen = u"([{<", kClose = u")]}>";
  const std::size_t which = kOpen.find(at(t, i));
  if (which == std::u16string_view::npos) return kNo;
  const std::size_t j = skip_spaces(t, i + 1, 1);
  for (std::string_view w : words) {
    const std::size_t e = match_ci(t, j, w);
    if (e == kNo) continue;
    const std::size_t k = skip_spaces(t, e, 1);
    if (at(t, k) == kClose[which]) return k + 1;
  }
  return kNo;
}

// One more letter of a label spelled out at `k`: a space, a letter or digit, then no other.
bool spelled_next(Text t, std::size_t k) {
  return at(t, k) == u' ' && is_alnum_ascii(at(t, k + 1)) && !is_label_cp(cp_at(t, k + 2));
}

struct Label {
  std::size_t start = 0, end = kNo;
  bool spelled = false;  // "g m a i l": its letters sit at start, start + 2, ...
};

// A domain label at `j`: "gmail", "mi-empresa", or, when `spelled_ok`, "g m a i l".
Label read_label(Text t, std::size_t j, bool spelled_ok) {
  Label l;
  l.start = j;
  std::size_t k = j;
  while (k < t.size() && k - j <= 63 && is_label_cp(cp_at(t, k))) k += cp_size(cp_at(t, k));
  if (k == j || k - j > 63 || t[j] == u'-' || t[k - 1] == u'-') return l;
  if (spelled_ok && k == j + 1 && is_alnum_ascii(t[j]) && spelled_next(t, k)) {
    while (k - j < 2 * 63 && spelled_next(t, k)) k += 2;
    l.spelled = true;
  }
  l.end = k;
  return l;
}

Folded fold_label(Text t, const Label& l) { return fold_token(t, l.start, l.end, l.spelled ? 2 : 1); }

// Where the label ends if it is a TLD of kTlds. Of a spelled-out label, the longest run of its
// first letters that is one: "c o m" in "g m a i l . c o m y ...".
std::size_t tld_end(Text t, const Label& l) {
  const Folded f = fold_label(t, l);
  if (!l.spelled) return is_one_of(f.word(), kTlds) ? l.end : kNo;
  for (std::size_t n = std::min(f.n, std::size_t{6}); f.fits && n >= 2; --n)
    if (is_one_of(std::string_view(f.c.data(), n), kTlds)) return l.start + 2 * n - 1;
  return kNo;
}

struct Mark {
  std::size_t end = kNo;  // where what follows the mark starts
  Written how = Written::plain;
  bool ends_sentence = false;  // "gmail. com": a dot glued to the word before, then a space
};

// A dot between labels at `k`, however it is written.
Mark read_dot(Text t, std::size_t k) {
  Mark m;
  const std::size_t a = skip_spaces(t, k);
  if (at(t, a) == u'.') {
    m.end = skip_spaces(t, a + 1);
    m.how = a == k && m.end == a + 1 ? Written::plain : Written::spaced;
    m.ends_sentence = a == k && m.end > a + 1;
    return m;
  }
  std::size_t e = read_bracketed(t, a, kBracketedDots);
  if (e != kNo) {
    m.end = skip_spaces(t, e);
    m.how = Written::bracketed;
    return m;
  }
  e = a > k ? match_any_word(t, a, kDotWords) : kNo;
  if (e != kNo && skip_spaces(t, e) > e) {
    m.end = skip_spaces(t, e);
    m.how = Written::word;
  }
  return m;
}

struct Domain {
  std::size_t end = kNo;
  bool disguised = false;    // some dot is not written as typed
  bool strong_dots = false;  // a dot in brackets or as a word: written so on purpose
  bool provider = false;     // the first label is a free mail service
  bool common_word = false;  // the first label is an everyday word ("the", "home", "casa")
  bool capitalized = false;  // "Yahoo": prose names a company so; addresses are seldom written so
};

// A domain at `s` in any of the written forms: labels joined by dots that, apart from plain ones,
// are all written the same way, ending in a TLD of kTlds. A domain complete as typed
// ("ana@x.com punto es") is not carried on by a disguised dot.
Domain read_any_domain(Text t, std::size_t s) {
  Domain d;
  Label label = read_label(t, s, true);
  if (label.end == kNo) return d;
  const Folded first = fold_label(t, label);
  d.provider = is_one_of(first.word(), kMailProviders);
  d.common_word = !d.provider && is_one_of(first.word(), kCommonWords);  // "live.com" is a service
  d.capitalized = !label.spelled && is_upper_ascii(t[label.start]) && is_lower_ascii(at(t, label.start + 1));
  bool have_how = false;
  Written how = Written::plain;
  bool last_is_tld = false;
  for (int labels = 1; labels < 10; ++labels) {
    const Mark dot = read_dot(t, label.end);
    if (dot.end == kNo) break;
    if (dot.how != Written::plain) {
      if ((have_how && dot.how != how) || (!have_how && d.end != kNo)) break;
      // After a whole address, "com. Es" or "com. es" starts a sentence.
      if (dot.ends_sentence && (d.end != kNo || is_upper_ascii(at(t, dot.end)))) break;
    }
    const Label next = read_label(t, dot.end, dot.how != Written::plain);
    if (next.end == kNo) break;
    if (dot.how != Written::plain) {
      have_how = true;
      how = dot.how;
    }
    label = next;
    const std::size_t e = tld_end(t, label);
    last_is_tld = e != kNo;
    if (last_is_tld) {
      d.end = e;
      d.disguised = have_how;
      d.strong_dots = have_how && (how == Written::bracketed || how == Written::word);
      if (e != label.end) break;  // spelled-out TLD followed by more single letters
    }
  }
  // "ana(at)gmail(dot)com.blah": an address cut short is none.
  if (d.end != kNo && !last_is_tld && at(t, d.end) == u'.' && is_label_cp(cp_at(t, d.end + 1))) d.end = kNo;
  if (d.end != kNo && (at(t, d.end) == u'@' || word_at(t, d.end))) d.end = kNo;
  return d;
}

struct Local {
  std::size_t start = kNo;
  bool mailbox_like = false;  // digits, dots, pieces, spelled letters: not a plain word
  bool common_word = false;   // one everyday word: "meet me at ..."
};

struct Piece {
  std::size_t start = 0, end = 0;
};

bool is_joiner(char16_t c) { return c == u'.' || c == u'_' || c == u'-'; }
bool only_joiners(Text t, Piece p) {
  for (std::size_t k = p.start; k < p.end; ++k)
    if (!is_joiner(t[k])) return false;
  return true;
}

enum class Join : std::uint8_t { none, joiner, letters, digits };

// How two pieces of a local part written apart belong together: "jake . torres", "jake_ torres",
// "jake .torres", "r u i z", "torres 91". A dot glued to the left piece ends a sentence and a
// spaced hyphen is a dash, so neither joins.
Join join_of(Text t, Piece l, Piece r) {
  const std::size_t ln = l.end - l.start, rn = r.end - r.start;
  if (only_joiners(t, l) && !(ln == 1 && t[l.start] != u'-')) return Join::none;  // "--", "..", " - "
  if (only_joiners(t, r) && !(rn == 1 && t[r.start] != u'-')) return Join::none;
  const char16_t l_last = t[l.end - 1], r_first = t[r.start];
  if ((ln == 1 && (l_last == u'.' || l_last == u'_')) || (rn == 1 && (r_first == u'.' || r_first == u'_')))
    return Join::joiner;
  if (ln == 1 && rn == 1 && is_alnum_ascii(l_last) && is_alnum_ascii(r_first)) return Join::letters;
  if (ln > 1 && (l_last == u'_' || l_last == u'-')) return Join::joiner;
  if (rn > 1 && is_joiner(r_first)) return Join::joiner;
  if (ln > 1 && !is_joiner(l_last) && digits_end(t, r.start) == r.end) return Join::digits;
  return Join::none;
}

// The local part ending at `e`, read back no further than `floor`. The piece touching the mark is
// what the plain form always took; pieces written apart before it join it as join_of says.
Local read_local(Text t, std::size_t e, std::size_t floor) {
  Local local;
  std::size_t s = e;
  while (s > floor && is_local_cp(cp_before(t, s))) s -= cp_size(cp_before(t, s));
  const std::size_t raw = s;
  while (s < e && (t[s] == u'.' || t[s] == u'-' || t[s] == u'+')) ++s;
  if (s == e || e - s > 64 || t[e - 1] == u'.') return local;
  for (std::size_t k = s; k + 1 < e; ++k)
    if (t[k] == u'.' && t[k + 1] == u'.') return local;
  // Pieces before it, right to left: the nearest first.
  std::array<Piece, 24> pieces{};
  std::array<Join, 24> joins{};  // joins[k]: between pieces[k + 1] and pieces[k]
  pieces[0] = Piece{raw, e};
  std::size_t n = 1, size = e - s;
  bool word_before_pieces = false;
  while (n < pieces.size()) {
    const std::size_t r = pieces[n - 1].start;
    std::size_t p = r;
    while (p > floor && r - p < 3 && is_space(t[p - 1])) --p;
    if (p == r) break;
    std::size_t q = p;
    while (q > floor && p - q <= 64 && is_local_cp(cp_before(t, q))) q -= cp_size(cp_before(t, q));
    if (q == p || size + (p - q) > 64) break;
    const Join j = join_of(t, Piece{q, p}, pieces[n - 1]);
    if (j == Join::none) {
      word_before_pieces = p - q > 1 && is_letter_cp(cp_at(t, q));
      break;
    }
    joins[n - 1] = j;
    pieces[n++] = Piece{q, p};
    size += p - q;
  }
  // A number joins the word before it only inside a name that has other joins: "jake . torres 91"
  // but not "call 91 @ ...".
  std::size_t m = n - 1;
  for (std::size_t k = 0; k < n - 1; ++k) {
    if (joins[k] != Join::digits) continue;
    const bool carried = k + 1 < n - 1 && joins[k + 1] == Join::joiner;
    bool inner = false;
    for (std::size_t c = pieces[k + 1].start; c + 1 < pieces[k + 1].end && !inner; ++c) inner = is_joiner(t[c]);
    if (!carried && !inner) {
      m = k;
      break;
    }
  }
  // A preposition or conjunction before letters spelled out: "escribe a m a r i o" starts at "m",
  // as long as three letters are left ("email e v a" keeps its "e").
  std::size_t run = m;
  while (run > 0 && joins[run - 1] == Join::letters) --run;
  if (m - run >= 3 && m == n - 1 && word_before_pieces) {
    const char16_t c = lower_ascii(t[pieces[m].start]);
    if (c == u'a' || c == u'y' || c == u'o' || c == u'e' || c == u'u' || c == u'i') --m;
  }
  // Letters spelled out come three or more in a row: "a@b.co y c@d.org" has no "y c".
  for (std::size_t k = 0; k < m;) {
    std::size_t r = k;
    while (r < m && joins[r] == Join::letters) ++r;
    if (r == k) {
      ++k;
    } else if (r - k < 2) {
      m = k;
    } else {
      k = r;
    }
  }
  // Never start at a joiner.
  while (m > 0 && pieces[m].end - pieces[m].start == 1 && is_joiner(t[pieces[m].start])) --m;
  std::size_t start = m == 0 ? s : pieces[m].start;
  while (start < e && (t[start] == u'.' || t[start] == u'-' || t[start] == u'+')) ++start;
  if (start > 0 && t[start - 1] == u'@') return local;  // "@ana@mastodon.social" is a handle
  local.start = start;
  local.mailbox_like = m > 0;
  for (std::size_t k = start; k < e && !local.mailbox_like; ++k)
    local.mailbox_like = is_digit(t[k]) || ((is_joiner(t[k]) || t[k] == u'+') && k > start);
  const Folded folded = fold_token(t, s, e);
  const std::string_view word = folded.word();
  local.common_word = m == 0 && (is_one_of(word, kCommonWords) ||
                                 (word.size() >= 5 && word.substr(word.size() - 3) == "ing" &&
                                  std::all_of(word.begin(), word.end(), [](char c) { return c >= 'a' && c <= 'z'; })));
  return local;
}

// The marks standing for "@", and how much each says by itself.
enum class AtForm : std::uint8_t {
  glued,       // "ana@gmail.com"
  glued_left,  // "ana@ gmail.com"
  spaced,      // "ana @ gmail.com": "@" also stands for "at" in prose ("dinner @ 8")
  bracketed,   // "ana(at)gmail.com", "ana [arroba] gmail"
  arroba,      // "pepe arroba hotmail": the Spanish name of the sign
  at,          // "ana at gmail dot com": the English preposition, the weakest
};

struct AtMark {
  std::size_t start = 0, end = kNo;  // the mark itself
  std::size_t local_end = 0, domain_start = 0;
  AtForm form = AtForm::glued;
};

// The mark at `i`, if one starts there.
AtMark read_at(Text t, std::size_t i) {
  AtMark a;
  a.start = i;
  const char16_t c = t[i];
  const bool space_before = i > 0 && is_space(t[i - 1]);
  if (c == u'@') {
    const bool space_after = is_space(at(t, i + 1));
    if (space_before && !space_after) return a;  // "@empresa": a handle
    a.end = i + 1;
    a.form = space_before ? AtForm::spaced : space_after ? AtForm::glued_left : AtForm::glued;
  } else if (c == u'(' || c == u'[' || c == u'{' || c == u'<') {
    a.end = read_bracketed(t, i, kBracketedAts);
    a.form = AtForm::bracketed;
  } else if ((c == u'a' || c == u'A') && space_before) {
    a.end = match_word(t, i, "arroba");
    a.form = AtForm::arroba;
    if (a.end == kNo) {
      a.end = match_word(t, i, "at");
      a.form = AtForm::at;
    }
    if (a.end != kNo && !is_space(at(t, a.end))) a.end = kNo;
  }
  if (a.end == kNo) return a;
  a.local_end = i;
  while (a.local_end > 0 && i - a.local_end < 3 && is_space(t[a.local_end - 1])) --a.local_end;
  a.domain_start = a.form == AtForm::glued ? a.end : skip_spaces(t, a.end);
  return a;
}

void scan_email(Text t, std::vector<Hit>& out, Masks&) {
  std::size_t floor = 0;  // local parts never reach back over an earlier mark or hit
  for (std::size_t i = 0; i < t.size(); ++i) {
    const char16_t c = t[i];
    const bool candidate = c == u'@' || ((c == u'a' || c == u'A') && i > 0 && is_space(t[i - 1])) || c == u'(' ||
                           c == u'[' || c == u'{' || c == u'<';
    if (!candidate) continue;
    const AtMark a = read_at(t, i);
    if (a.end == kNo) {
      if (c == u'@') floor = i + 1;  // "@empresa": no local part reaches back over a handle
      continue;
    }
    std::size_t e = kNo;
    bool disguised = a.form != AtForm::glued;
    Domain d;
    if (a.form == AtForm::glued) e = read_domain(t, a.domain_start);
    if (e == kNo) {
      d = read_any_domain(t, a.domain_start);
      e = d.end;
      disguised = disguised || d.disguised;
    }
    const Local local = e != kNo && a.local_end > floor ? read_local(t, a.local_end, floor) : Local{};
    bool ok = local.start != kNo;
    if (ok && disguised) {
      // An apostrophe before it: "I'm at gmail.com".
      const char32_t b = cp_before(t, local.start);
      ok = b != u'\'' && b != 0x2019 && !d.common_word && (a.form == AtForm::glued || !local.common_word);
    }
    if (ok && (a.form == AtForm::at || a.form == AtForm::spaced))
      ok = local.mailbox_like || d.provider || (d.strong_dots && !d.capitalized);
    if (ok) {
      push(out, local.start, e);
      floor = e;
      i = e - 1;
    } else {
      floor = std::max(floor, a.end);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// URL

bool is_url_cp(char32_t c) {
  if (c <= 0x20 || c == 0x7F) return false;
  switch (c) {
    case u'<':
    case u'>':
    case u'"':
    case u'{':
    case u'}':
    case u'|':
    case u'\\':
    case u'^':
    case u'`':
      return false;
    default:
      break;
  }
  if (c == 0xA0 || (c >= 0x2000 && c <= 0x206F) || (c >= 0x3000 && c <= 0x303F)) return false;
  return true;
}

// Drops the punctuation that ends the sentence rather than the URL; keeps balanced ')' and ']'
// ("https://en.wikipedia.org/wiki/Foo_(bar)").
std::size_t trim_url(Text t, std::size_t s, std::size_t e) {
  int parens = 0, brackets = 0;  // closing minus opening
  for (std::size_t k = s; k < e; ++k) {
    parens += t[k] == u')' ? 1 : t[k] == u'(' ? -1 : 0;
    brackets += t[k] == u']' ? 1 : t[k] == u'[' ? -1 : 0;
  }
  while (e > s) {
    const char16_t c = t[e - 1];
    if (c == u')' || c == u']') {
      int& unbalanced = c == u')' ? parens : brackets;
      if (unbalanced <= 0) break;
      --unbalanced;
    } else if (!(c == u'.' || c == u',' || c == u';' || c == u':' || c == u'!' || c == u'?' || c == u'\'' ||
                 c == u'*' || c == u'_')) {
      break;
    }
    --e;
  }
  return e;
}

std::size_t read_url(Text t, std::size_t s) {
  if (word_before(t, s)) return kNo;
  std::size_t host = match_ci(t, s, "https://");
  if (host == kNo) host = match_ci(t, s, "http://");
  const bool www = host == kNo;
  if (www) {
    const char32_t b = cp_before(t, s);
    if (b == u'.' || b == u'/' || b == u'@' || b == u'-') return kNo;
    host = match_ci(t, s, "www.");
    if (host == kNo) return kNo;
  }
  // The host first, so that a failed attempt reads no further than it: http(s) needs one that
  // starts with a letter or digit (or '[' for IPv6); "www." needs "www.label.label".
  if (!(is_word_cp(cp_at(t, host)) || at(t, host) == u'[')) return kNo;
  std::size_t h = host;
  int dots = 0;
  bool label = false;
  for (; h < t.size(); h += cp_size(cp_at(t, h))) {
    const char32_t c = cp_at(t, h);
    if (c == u'.') {
      if (!label) break;
      ++dots;
      label = false;
    } else if (is_label_cp(c) || (!www && (c == u'[' || c == u']'))) {
      label = true;
    } else {
      break;
    }
  }
  if (www && (dots < 1 || !label)) return kNo;
  std::size_t e = h;
  while (e < t.size() && is_url_cp(cp_at(t, e))) e += cp_size(cp_at(t, e));
  e = trim_url(t, s, e);
  return e > host ? e : kNo;
}

void scan_url(Text t, std::vector<Hit>& out, Masks&) {
  for (std::size_t i = 0; i < t.size();) {
    const char16_t c = lower_ascii(t[i]);
    const std::size_t e = c == u'h' || c == u'w' ? read_url(t, i) : kNo;
    if (e != kNo) {
      push(out, i, e);
      i = e;
    } else {
      ++i;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Secrets

bool is_token_cp(char16_t c) { return is_alnum_ascii(c) || c == u'_'; }

// The end of the run of `in` characters at `i`, read no further than `limit` characters (so that
// "AIza-AIza-AIza-..." stays linear).
std::size_t run_end(Text t, std::size_t i, bool (*in)(char16_t), std::size_t limit = kNo) {
  const std::size_t stop = limit == kNo || t.size() - std::min(i, t.size()) < limit ? t.size() : i + limit;
  while (i < stop && in(t[i])) ++i;
  return i;
}
bool is_base64(char16_t c) { return is_alnum_ascii(c) || c == u'+' || c == u'/' || c == u'='; }
bool is_key_id(char16_t c) { return is_upper_ascii(c) || is_digit(c); }
bool is_google(char16_t c) { return is_alnum_ascii(c) || c == u'_' || c == u'-'; }
bool is_slack(char16_t c) { return is_alnum_ascii(c) || c == u'-'; }
bool is_alnum16(char16_t c) { return is_alnum_ascii(c); }
bool is_pem_label(char16_t c) { return is_upper_ascii(c) || is_digit(c) || c == u' '; }

// "-----BEGIN RSA PRIVATE KEY-----" ... "-----END RSA PRIVATE KEY-----"; without an END line, the
// block runs over the base64 lines that follow the header.
std::size_t read_private_key(Text t, std::size_t s) {
  std::size_t j = match_ci(t, s, "-----begin ");
  if (j == kNo) return kNo;
  const std::size_t label = j;
  j = run_end(t, j, is_pem_label);
  if (j - label > 60 || match_ci(t, j, "-----") == kNo) return kNo;
  const Text name = t.substr(label, j - label);
  if (name.find(u"PRIVATE KEY") == Text::npos) return kNo;
  const std::size_t header_end = j + 5;
  // The END line, searched only up to the next BEGIN so that many headers stay linear.
  for (std::size_t k = header_end; k + 9 <= t.size(); ++k) {
    if (t[k] != u'-') continue;
    if (match_ci(t, k, "-----begin ") != kNo) break;
    const std::size_t end_label = match_ci(t, k, "-----end ");
    if (end_label == kNo) continue;
    const std::size_t e = run_end(t, end_label, is_pem_label);
    if (e - end_label <= 60 && match_ci(t, e, "-----") != kNo) return e + 5;
  }
  std::size_t end = header_end;
  while (true) {
    std::size_t k = end;
    for (int lines = 0; k < t.size() && (is_space(t[k]) || t[k] == u'\r' || t[k] == u'\n'); ++k)
      if (t[k] == u'\n' && ++lines > 2) break;
    const std::size_t e = run_end(t, k, is_base64);
    bool keyish = false;
    for (std::size_t m = k; m < e && !keyish; ++m) keyish = is_digit(t[m]) || t[m] == u'+' || t[m] == u'/';
    if (e - k < 20 || !keyish || word_at(t, e)) break;
    end = e;
  }
  return end;
}

std::size_t read_secret(Text t, std::size_t s) {
  const char16_t c = t[s];
  if (c == u'-') return read_private_key(t, s);
  if (s > 0 && (is_token_cp(t[s - 1]) || (c == u'x' && t[s - 1] == u'-'))) return kNo;
  std::size_t j;
  // AWS access key ids.
  if (has(t, s, u"AKIA") || has(t, s, u"ASIA")) {
    j = s + 4;
    const std::size_t e = run_end(t, j, is_key_id, 17);
    return e - j == 16 && !is_alnum_ascii(at(t, e)) ? e : kNo;
  }
  // GitHub: classic tokens and fine-grained personal access tokens.
  if (c == u'g' && at(t, s + 1) == u'h' && at(t, s + 3) == u'_') {
    const char16_t kind = at(t, s + 2);
    if (kind != u'p' && kind != u'o' && kind != u'u' && kind != u's' && kind != u'r') return kNo;
    const std::size_t e = run_end(t, s + 4, is_alnum16, 37);
    return e - (s + 4) == 36 && !is_token_cp(at(t, e)) ? e : kNo;
  }
  if (c == u'g' && has(t, s, u"github_pat_")) {
    const std::size_t e = run_end(t, s + 11, is_token_cp, 83);
    return e - (s + 11) == 82 ? e : kNo;
  }
  // Slack: xoxb-, xoxp-, xoxa-, xoxr-, xoxs- and then dash-separated parts.
  if (c == u'x' && has(t, s, u"xox") && at(t, s + 4) == u'-') {
    const char16_t kind = at(t, s + 3);
    if (kind != u'b' && kind != u'p' && kind != u'a' && kind != u'r' && kind != u's') return kNo;
    std::size_t e = run_end(t, s + 5, is_slack);
    while (e > s + 5 && t[e - 1] == u'-') --e;
    const Text body = t.substr(s + 5, e - (s + 5));
    return body.size() >= 15 && body.find(u'-') != Text::npos && !is_token_cp(at(t, e)) ? e : kNo;
  }
  // Google API keys.
  if (c == u'A' && has(t, s, u"AIza")) {
    const std::size_t e = run_end(t, s + 4, is_google, 36);
    return e - (s + 4) == 35 ? e : kNo;
  }
  // Stripe live secret and restricted keys.
  if ((c == u's' || c == u'r') && has(t, s + 1, u"k_live_")) {
    const std::size_t e = run_end(t, s + 8, is_alnum16);
    return e - (s + 8) >= 24 && !is_token_cp(at(t, e)) ? e : kNo;
  }
  return kNo;
}

void scan_secret(Text t, std::vector<Hit>& out, Masks&) {
  for (std::size_t i = 0; i < t.size();) {
    const char16_t c = t[i];
    const bool may = c == u'-' || c == u'A' || c == u'g' || c == u'x' || c == u's' || c == u'r';
    const std::size_t e = may ? read_secret(t, i) : kNo;
    if (e != kNo) {
      push(out, i, e);
      i = e;
    } else {
      ++i;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Time of day

struct Clock {
  std::size_t end = 0;
  int hour = 0;
  int minute = -1;   // -1: the hour alone
  char16_t sep = 0;  // ':' or '.' before the minutes
  std::size_t hour_digits = 0;
};

// H, HH, H:MM, HH:MM:SS, H.MM. Minutes are always two digits: "3:2" is a score, "4.5" a decimal.
bool read_clock(Text t, std::size_t i, Clock& c) {
  const std::size_t e = digits_end(t, i);
  if (e == i || e - i > 2) return false;
  c = Clock{};
  c.hour = digits_value(t, i, e);
  c.hour_digits = e - i;
  c.end = e;
  const char16_t s = at(t, e);
  if ((s == u':' || s == u'.') && is_digit(at(t, e + 1))) {
    const std::size_t m = digits_end(t, e + 1);
    if (m - (e + 1) != 2 || digits_value(t, e + 1, m) > 59) return false;
    c.minute = digits_value(t, e + 1, m);
    c.sep = s;
    c.end = m;
    if (s == u':' && at(t, m) == u':' && is_digit(at(t, m + 1))) {
      const std::size_t sec = digits_end(t, m + 1);
      if (sec - (m + 1) != 2 || digits_value(t, m + 1, sec) > 59) return false;
      c.end = sec;
    }
  }
  if (c.hour > 23) return false;
  const char16_t a = at(t, c.end);
  if (is_digit(a) || ((a == u':' || a == u'.' || a == u',') && is_digit(at(t, c.end + 1)))) return false;
  return true;
}

// "am", "a.m.", "a. m.", "PM" after an hour; the final dot belongs to the marker only when it
// was written with dots.
std::size_t read_ampm(Text t, std::size_t i) {
  std::size_t j = skip_spaces(t, i, 1);
  const char16_t c = lower_ascii(at(t, j));
  if (c != u'a' && c != u'p') return kNo;
  ++j;
  bool dotted = false;
  if (at(t, j) == u'.') {
    dotted = true;
    j = skip_spaces(t, j + 1, 1);
  }
  if (lower_ascii(at(t, j)) != u'm') return kNo;
  ++j;
  if (dotted && at(t, j) == u'.') return j + 1;
  return word_at(t, j) ? kNo : j;
}

// "h", "hs", "hrs", "horas" after a clock; attached ("23h", "16h30") or, after minutes, spaced.
std::size_t read_hour_suffix(Text t, std::size_t i, bool spaced) {
  const std::size_t j = spaced ? skip_spaces(t, i, 1) : i;
  static constexpr std::array<std::string_view, 6> kSuffixes = {"horas", "hours", "hrs", "hr", "hs", "h"};
  std::size_t e = match_any_word(t, j, kSuffixes);
  if (e == kNo && (at(t, j) == u'h' || at(t, j) == u'H') && j == i) {
    // "16h30": the minutes after the h.
    const std::size_t m = digits_end(t, j + 1);
    if (m - (j + 1) == 2 && digits_value(t, j + 1, m) <= 59 && !word_at(t, m)) e = m;
  }
  return e;
}

enum class Lang : std::uint8_t { any, es, en };

// "de la madrugada", "in the morning", "o'clock": the part of the day after an hour. An hour in
// words only takes its own language's ("once in the morning" is not eleven o'clock).
std::size_t read_day_part(Text t, std::size_t i, Lang lang) {
  const std::size_t j = skip_spaces(t, i);
  if (j == i) return kNo;
  static constexpr std::array<std::string_view, 14> kSpanish = {
      "de la madrugada",  "de la manana",  "de la tarde",  "de la noche",  "del mediodia",
      "por la madrugada", "por la manana", "por la tarde", "por la noche", "esta madrugada",
      "esta manana",      "esta tarde",    "esta noche",   "en punto"};
  static constexpr std::array<std::string_view, 11> kEnglish = {
      "in the morning", "in the afternoon", "in the evening", "at night", "tonight", "this morning",
      "this afternoon", "this evening",     "o'clock",        "oclock",   "sharp"};
  std::size_t e = lang == Lang::en ? kNo : match_any_word(t, j, kSpanish);
  if (e == kNo && lang != Lang::es) e = match_any_word(t, j, kEnglish);
  return e;
}

// "y media", "y cuarto", "menos cuarto", "y 10", "menos 5 (minutos)".
std::size_t read_spanish_minutes(Text t, std::size_t i) {
  const std::size_t j = skip_spaces(t, i);
  if (j == i) return kNo;
  static constexpr std::array<std::string_view, 3> kWords = {"y media", "y cuarto", "menos cuarto"};
  std::size_t e = match_any_word(t, j, kWords);
  if (e != kNo) return e;
  std::size_t k = match_word(t, j, "y");
  if (k == kNo) k = match_word(t, j, "menos");
  if (k == kNo) return kNo;
  const std::size_t d = skip_spaces(t, k);
  const std::size_t de = digits_end(t, d);
  if (d == k || de == d || de - d > 2 || digits_value(t, d, de) > 59 || digits_value(t, d, de) == 0 || word_at(t, de))
    return kNo;
  e = de;
  const std::size_t m = match_word(t, skip_spaces(t, e), "minutos");
  return m != kNo && skip_spaces(t, e) > e ? m : e;
}

struct Tail {
  std::size_t end = 0;
  bool marked = false;  // am/pm, an hour suffix, minutes or a part of the day follow
  bool day_part = false;
};

// What may follow the hour: Spanish minutes, am/pm or an hour suffix, then a part of the day.
Tail read_tail(Text t, std::size_t e, const Clock& c, bool digits, bool prefixed, Lang lang) {
  // "4.50" may be a price: only colon minutes make a time by themselves.
  Tail tail{e, c.minute >= 0 && c.sep == u':', false};
  bool minutes = c.minute >= 0;
  if (lang != Lang::en && !minutes) {
    const std::size_t m = read_spanish_minutes(t, tail.end);
    if (m != kNo) {
      tail.end = m;
      tail.marked = minutes = true;
    }
  }
  const std::size_t a = read_ampm(t, tail.end);
  if (a != kNo) {
    if (c.hour < 1 || c.hour > 12) return Tail{kNo, false, false};
    tail.end = a;
    tail.marked = true;
  } else if (digits) {
    const std::size_t h = read_hour_suffix(t, tail.end, minutes);
    // A lone "4h" is as often a duration as a time, unless "a las"/"at" says it is a time.
    if (h != kNo && (minutes || c.hour_digits == 2 || prefixed)) {
      tail.end = h;
      tail.marked = true;
    }
  }
  const std::size_t d = read_day_part(t, tail.end, lang);
  if (d != kNo && (prefixed || minutes || (c.hour >= 1 && c.hour <= 12))) {
    tail.end = d;
    tail.marked = tail.day_part = true;
  }
  return tail;
}

// A bare number-led time: "04:00", "4:30 pm", "4am", "23h", "16.30h", "11 de la noche".
std::size_t read_number_time(Text t, std::size_t i) {
  Clock c;
  if (!read_clock(t, i, c)) return kNo;
  const Tail tail = read_tail(t, c.end, c, true, false, Lang::any);
  if (tail.end == kNo) return kNo;
  if (c.sep == u'.' && tail.end == c.end) return kNo;  // "4.30" is a decimal
  if (!tail.marked) return kNo;
  if (tail.end == c.end) {
    const char16_t a = at(t, c.end);
    if (word_at(t, c.end) || a == u'%' || a == u'/' || is_currency(a)) return kNo;
  }
  return tail.end;
}

// The words a time expression may start with.
constexpr std::array<std::string_view, 12> kLasTriggers = {"a eso de", "alrededor de", "antes de", "despues de",
                                                           "a",        "hacia",        "sobre",    "desde",
                                                           "hasta",    "son",          "eran",     "entre"};
constexpr std::array<std::string_view, 7> kAtTriggers = {"at", "until", "till", "around", "by", "before", "after"};
constexpr std::array<std::string_view, 2> kEnglishNames = {"midnight", "noon"};
constexpr std::array<std::string_view, 2> kSpanishNames = {"medianoche", "mediodia"};
constexpr std::array<std::string_view, 2> kSpanishPrepositions = {"al", "a"};
constexpr std::array<std::string_view, 13> kSpanishHours = {"una",   "uno",  "dos",   "tres", "cuatro", "cinco", "seis",
                                                            "siete", "ocho", "nueve", "diez", "once",   "doce"};
constexpr std::array<std::string_view, 12> kEnglishHours = {"one",   "two",   "three", "four", "five",   "six",
                                                            "seven", "eight", "nine",  "ten",  "eleven", "twelve"};

constexpr std::array<std::string_view, 2> kArticles = {"las", "la"};
constexpr std::uint32_t kTimeInitials = initials(kLasTriggers) | initials(kAtTriggers) | initials(kEnglishNames) |
                                        initials(kSpanishNames) | initials(kSpanishPrepositions) |
                                        initials(kSpanishHours) | initials(kEnglishHours) | initials(kArticles);

// An hour in digits or in words of `lang` at `i`; fills the clock and whether it was digits.
bool read_hour(Text t, std::size_t i, Lang lang, Clock& c, bool& digits) {
  digits = is_digit(at(t, i));
  if (digits) return read_clock(t, i, c);
  const bool spanish = lang == Lang::es;
  std::size_t which = 0;
  const std::size_t e =
      spanish ? match_any_word(t, i, kSpanishHours, &which) : match_any_word(t, i, kEnglishHours, &which);
  if (e == kNo) return false;
  c = Clock{};
  c.end = e;
  c.hour = spanish ? (which == 0 ? 1 : static_cast<int>(which)) : static_cast<int>(which) + 1;
  return true;
}

// "a las 4", "hasta las 16:30", "las 7 de la mañana", "a la una y media", "a eso de las 11 de la noche".
std::size_t read_las_time(Text t, std::size_t i) {
  std::size_t j = i;
  const std::size_t te = match_any_word(t, i, kLasTriggers);
  const bool trigger = te != kNo && skip_spaces(t, te) > te;
  if (trigger) j = skip_spaces(t, te);
  std::size_t article = 0;
  const std::size_t e = match_any_word(t, j, kArticles, &article);
  if (e == kNo || skip_spaces(t, e) == e) return kNo;
  const bool singular = kArticles[article] == "la";
  Clock c;
  bool digits = false;
  if (!read_hour(t, skip_spaces(t, e), Lang::es, c, digits)) return kNo;
  if (singular != (c.hour == 1)) return kNo;
  const Tail tail = read_tail(t, c.end, c, digits, trigger, digits ? Lang::any : Lang::es);
  if (tail.end == kNo) return kNo;
  if (!trigger && !tail.marked) return kNo;  // "las 7 maravillas"; "a las 16.30" is fine
  if (tail.end == c.end && at(t, c.end) == u'%') return kNo;
  return tail.end;
}

// "at 4 in the morning", "at 16:30", "at 4pm", "until four o'clock", "at 4." (where the clause ends).
std::size_t read_at_time(Text t, std::size_t i) {
  std::size_t which = 0;
  const std::size_t e = match_any_word(t, i, kAtTriggers, &which);
  const std::size_t h = e == kNo ? kNo : skip_spaces(t, e);
  if (h == kNo || h == e) return kNo;
  Clock c;
  bool digits = false;
  if (!read_hour(t, h, Lang::en, c, digits)) return kNo;
  const Tail tail = read_tail(t, c.end, c, digits, true, digits ? Lang::any : Lang::en);
  if (tail.end == kNo) return kNo;
  if (c.sep == u'.' && !tail.marked) return kNo;
  if (tail.marked) return tail.end;
  if (which != 0 || c.hour < 1 || c.hour > 12) return kNo;
  // "at 4" alone is a time only where the clause ends; "at 4 stores" is not.
  const char16_t a = at(t, c.end);
  const bool clause_end = c.end == t.size() || a == u'.' || a == u',' || a == u';' || a == u'!' || a == u'?' ||
                          a == u')' || a == u'\n' || a == u'\r';
  return clause_end ? c.end : kNo;
}

// "midnight", "at noon", "medianoche", "al mediodía".
std::size_t read_named_time(Text t, std::size_t i) {
  std::size_t e = match_any_word(t, i, kEnglishNames);
  if (e == kNo) e = match_any_word(t, i, kSpanishNames);
  if (e != kNo) return e;
  std::size_t p = match_word(t, i, "at");
  if (p != kNo && skip_spaces(t, p) > p) return match_any_word(t, skip_spaces(t, p), kEnglishNames);
  p = match_any_word(t, i, kSpanishPrepositions);
  if (p != kNo && skip_spaces(t, p) > p) return match_any_word(t, skip_spaces(t, p), kSpanishNames);
  return kNo;
}

// "cuatro de la madrugada", "five o'clock", "four pm": an hour in words needs what makes it one.
std::size_t read_word_hour_time(Text t, std::size_t i) {
  for (Lang lang : {Lang::es, Lang::en}) {
    Clock c;
    bool digits = false;
    if (!read_hour(t, i, lang, c, digits)) continue;
    const std::size_t a = read_ampm(t, c.end);
    if (a != kNo) return a;
    if (lang == Lang::es) {
      const Tail tail = read_tail(t, c.end, c, false, false, lang);
      if (tail.end != kNo && tail.day_part) return tail.end;
    } else {
      // English parts of the day after a bare word are too often something else
      // ("take one in the morning"); only o'clock is kept without "at".
      const std::size_t j = skip_spaces(t, c.end);
      const std::size_t o = j > c.end ? match_word(t, j, "o'clock") : kNo;
      if (o != kNo) return o;
    }
  }
  return kNo;
}

bool time_glued_before(Text t, std::size_t s) {
  const char32_t b = cp_before(t, s);
  if (b == 0) return false;
  if (is_word_cp(b) || is_currency(b)) return true;
  switch (b) {
    case u'/':
    case u'#':
    case u'+':
    case u'@':
    case u'_':
    case u'\\':
      return true;
    case u'.':
    case u',':
    case u':':
      return is_digit(cp_before(t, s - 1));
    default:
      return false;
  }
}

void scan_time(Text t, std::vector<Hit>& out, Masks& masks) {
  for (std::size_t i = 0; i < t.size();) {
    std::size_t best = kNo;
    if (!time_glued_before(t, i)) {
      const char16_t c = t[i];
      auto consider = [&best](std::size_t e) {
        if (e != kNo && (best == kNo || e > best)) best = e;
      };
      if (is_digit(c)) {
        consider(read_number_time(t, i));
      } else if (may_start(kTimeInitials, c)) {
        consider(read_las_time(t, i));
        consider(read_at_time(t, i));
        consider(read_named_time(t, i));
        consider(read_word_hour_time(t, i));
      }
    }
    if (best != kNo && !masks.overlaps(i, best)) {
      push(out, i, best);
      i = best;
    } else {
      ++i;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Street address

// A capitalized name word ("Mayor", "Alcalá", "O'Donnell", "Sta."); returns its end or kNo.
std::size_t read_name_word(Text t, std::size_t i) {
  const char32_t c = cp_at(t, i);
  if (!is_capital_cp(c)) return kNo;
  std::size_t j = i + cp_size(c);
  while (j < t.size()) {
    const char32_t d = cp_at(t, j);
    if (is_letter_cp(d)) {
      j += cp_size(d);
    } else if ((d == u'-' || d == u'\'' || d == 0x2019) && is_letter_cp(cp_at(t, j + 1))) {
      ++j;
    } else {
      break;
    }
  }
  // Short abbreviations keep their dot: "Sta.", "Dr.", "Gral.".
  if (at(t, j) == u'.' && j - i <= 4 && is_space(at(t, j + 1))) ++j;
  return j;
}

// "12", "12B", "12 bis", "s/n", and for roads "km 12,5".
std::size_t read_house_number(Text t, std::size_t i, bool road) {
  std::size_t j = i;
  static constexpr std::array<std::string_view, 7> kMarkers = {"numero", "num.", "num", "n.o", "no.", "no", "n."};
  std::size_t m = match_ci(t, j, "#");
  if (m == kNo) m = match_any_word(t, j, kMarkers);
  if (m != kNo) j = skip_spaces(t, m);
  const std::size_t sn = match_ci(t, i, "s/n");
  if (sn != kNo && !word_at(t, sn)) return sn;
  if (road && j == i) {
    const std::size_t km = match_word(t, j, "km.") != kNo ? match_word(t, j, "km.") : match_word(t, j, "km");
    if (km != kNo) {
      j = skip_spaces(t, km);
      const std::size_t e = digits_end(t, j);
      if (e == j || e - j > 4) return kNo;
      if ((at(t, e) == u',' || at(t, e) == u'.') && is_digit(at(t, e + 1))) return digits_end(t, e + 1);
      return word_at(t, e) ? kNo : e;
    }
  }
  const std::size_t e = digits_end(t, j);
  if (e == j || e - j > 4) return kNo;
  if ((at(t, e) == u':' || at(t, e) == u'.' || at(t, e) == u',') && is_digit(at(t, e + 1))) return kNo;
  if (is_upper_ascii(at(t, e)) && !word_at(t, e + 1)) return e + 1;  // "12B"
  const std::size_t bis = match_word(t, skip_spaces(t, e, 1), "bis");
  if (bis != kNo && skip_spaces(t, e, 1) > e) return bis;
  if (word_at(t, e)) {
    // "12, 3ºB" is read by the unit; "12º" right after the name is not a house number.
    return kNo;
  }
  return e;
}

bool is_ordinal_mark(char16_t c) { return c == 0xBA || c == 0xAA || c == 0xB0; }

// "3ºB", "3º B", "2º izq.", "1ª", "bajo", "portal 2", "piso 4", "puerta 3", "esc. B".
std::size_t read_spanish_unit(Text t, std::size_t i) {
  const std::size_t d = digits_end(t, i);
  if (d > i && d - i <= 2) {
    std::size_t j = d;
    const char16_t m = at(t, j);
    // The NFKC view writes º and ª as o and a.
    if (is_ordinal_mark(m) || ((m == u'o' || m == u'a') && !is_lower_ascii(at(t, j + 1)))) {
      ++j;
    } else {
      return kNo;
    }
    const std::size_t k = at(t, j) == u'-' ? j + 1 : skip_spaces(t, j, 1);
    static constexpr std::array<std::string_view, 12> kSides = {
        "izquierda", "izqda.", "izqda", "izda.", "izda", "izq.", "izq", "derecha", "dcha.", "dcha", "centro", "ctro."};
    std::size_t e = match_any_word(t, k, kSides);
    if (e != kNo) return e;
    if (is_upper_ascii(at(t, k)) && !word_at(t, k + 1)) return k + 1;
    const std::size_t dd = digits_end(t, k);
    if (dd > k && dd - k <= 2 && (is_ordinal_mark(at(t, dd)) || at(t, dd) == u'a' || at(t, dd) == u'o') &&
        !word_at(t, dd + 1))
      return dd + 1;
    return word_at(t, j) ? kNo : j;
  }
  static constexpr std::array<std::string_view, 5> kAlone = {"bajo", "bajos", "entresuelo", "atico", "principal"};
  std::size_t e = match_any_word(t, i, kAlone);
  if (e != kNo) {
    const std::size_t k = skip_spaces(t, e, 1);
    if (k > e && is_upper_ascii(at(t, k)) && !word_at(t, k + 1)) return k + 1;
    return e;
  }
  static constexpr std::array<std::string_view, 11> kNamed = {"portal", "piso",   "puerta", "pta.",  "escalera", "esc.",
                                                              "planta", "bloque", "blq.",   "local", "casa"};
  e = match_any_word(t, i, kNamed);
  if (e == kNo) return kNo;
  const std::size_t k = skip_spaces(t, e, 1);
  if (k == e && t[e - 1] != u'.') return kNo;
  std::size_t v = k;
  while (v < t.size() && v - k < 3 && is_alnum_ascii(t[v])) ++v;
  if (v == k) return kNo;
  if (v < t.size() && is_ordinal_mark(t[v])) ++v;
  return word_at(t, v) ? kNo : v;
}

constexpr std::array<std::string_view, 23> kSpanishStreetTypes = {
    "calle", "c/",       "avenida", "avda.",    "avda",   "av.",       "av",      "plaza",
    "pza.",  "pza",      "plza.",   "paseo",    "camino", "carretera", "ctra.",   "ctra",
    "ronda", "travesia", "trav.",   "glorieta", "pasaje", "rambla",    "callejon"};
constexpr std::uint32_t kStreetInitials = initials(kSpanishStreetTypes);

// "Calle Mayor 12", "C/ Alcalá 45, 3ºB", "Avda. de la Constitución, nº 3", "Ctra. de Valencia km 12".
std::size_t read_spanish_address(Text t, std::size_t i) {
  const auto& kTypes = kSpanishStreetTypes;
  std::size_t which = 0;
  std::size_t e = kNo;
  for (std::size_t k = 0; k < kTypes.size() && e == kNo; ++k) {
    const std::string_view type = kTypes[k];
    e = type.back() == '.' || type.back() == '/' ? match_ci(t, i, type) : match_word(t, i, type);
    which = k;
  }
  if (e == kNo) return kNo;
  const bool road = kTypes[which] == "carretera" || kTypes[which].substr(0, 4) == "ctra";
  std::size_t j = skip_spaces(t, e);
  if (j == e && t[e - 1] != u'.' && t[e - 1] != u'/') return kNo;
  // The name: capitalized words and the particles between them.
  static constexpr std::array<std::string_view, 8> kParticles = {"de", "del", "la", "las", "los", "el", "y", "i"};
  std::size_t name_end = kNo;
  for (int words = 0; words < 7; ++words) {
    // "d'Alembert": the particle is glued to the name.
    const std::size_t elided = match_ci(t, j, "d'");
    if (elided != kNo && is_capital_cp(cp_at(t, elided))) j = elided;
    std::size_t w = match_any_word(t, j, kParticles);
    if (w == kNo) {
      w = read_name_word(t, j);
      if (w == kNo) break;
      name_end = w;
    }
    const std::size_t next = skip_spaces(t, w);
    if (next == w) break;
    j = next;
  }
  if (name_end == kNo) return kNo;
  std::size_t n = name_end;
  if (at(t, n) == u',') ++n;
  n = skip_spaces(t, n);
  if (n == name_end) return kNo;
  std::size_t end = read_house_number(t, n, road);
  if (end == kNo) return kNo;
  for (int units = 0; units < 3; ++units) {
    std::size_t k = end;
    if (at(t, k) == u',') ++k;
    k = skip_spaces(t, k);
    if (k == end) break;
    const std::size_t u = read_spanish_unit(t, k);
    if (u == kNo) break;
    end = u;
  }
  return end;
}

bool is_ordinal_word(Text t, std::size_t i, std::size_t& end) {
  const std::size_t d = digits_end(t, i);
  if (d == i || d - i > 3) return false;
  static constexpr std::array<std::string_view, 4> kSuffixes = {"st", "nd", "rd", "th"};
  end = match_any_word(t, d, kSuffixes);
  return end != kNo;
}

// "123 Main St", "221B Baker Street", "1600 Pennsylvania Ave NW", "5 W 42nd St, Apt 4B".
std::size_t read_english_address(Text t, std::size_t i) {
  if (glued_before(t, i)) return kNo;
  std::size_t e = digits_end(t, i);
  if (e == i || e - i > 5) return kNo;
  if (is_upper_ascii(at(t, e)) && !word_at(t, e + 1)) ++e;  // "221B"
  std::size_t j = skip_spaces(t, e);
  if (j == e) return kNo;
  static constexpr std::array<std::string_view, 30> kTypes = {
      "street", "st",      "avenue", "ave",    "road", "rd",     "boulevard", "blvd",    "lane",  "ln",
      "drive",  "dr",      "court",  "ct",     "way",  "place",  "pl",        "terrace", "ter",   "parkway",
      "pkwy",   "highway", "hwy",    "circle", "cir",  "square", "sq",        "plaza",   "alley", "row"};
  std::size_t type_end = kNo;
  for (int words = 0; words < 6 && type_end == kNo; ++words) {
    std::size_t w = kNo;
    // Directions before the name: "5 W 42nd St".
    const char16_t c = at(t, j);
    if (words == 0 && (c == u'N' || c == u'S' || c == u'E' || c == u'W') && !word_at(t, j + 1)) w = j + 1;
    if (w == kNo && words > 0) {
      const std::size_t type = match_any_word(t, j, kTypes);
      if (type != kNo) {
        type_end = type;
        break;
      }
    }
    std::size_t ord = kNo;
    if (w == kNo && is_ordinal_word(t, j, ord)) w = ord;
    if (w == kNo) {
      w = read_name_word(t, j);
      if (w != kNo && t[w - 1] == u'.') return kNo;  // "3 Dr. Smith"
    }
    if (w == kNo) return kNo;
    const std::size_t next = skip_spaces(t, w);
    if (next == w) return kNo;
    j = next;
  }
  if (type_end == kNo) return kNo;
  std::size_t end = type_end;
  // The abbreviation's dot, then a direction ("Ave NW") and a unit ("Apt 4B", "Suite 200", "#5").
  std::size_t k = at(t, end) == u'.' ? end + 1 : end;
  static constexpr std::array<std::string_view, 8> kQuadrants = {"NE", "NW", "SE", "SW", "N", "S", "E", "W"};
  {
    const std::size_t q = skip_spaces(t, k, 1);
    for (std::string_view quad : kQuadrants) {
      if (q == k) break;
      bool same = q + quad.size() <= t.size();
      for (std::size_t k2 = 0; same && k2 < quad.size(); ++k2) same = t[q + k2] == static_cast<char16_t>(quad[k2]);
      if (same && !word_at(t, q + quad.size())) {
        end = q + quad.size();
        k = at(t, end) == u'.' ? end + 1 : end;
        break;
      }
    }
  }
  std::size_t u = k;
  if (at(t, u) == u',') ++u;
  u = skip_spaces(t, u);
  static constexpr std::array<std::string_view, 9> kUnits = {"apartment", "apt.", "apt", "suite", "ste.",
                                                             "ste",       "unit", "fl.", "floor"};
  std::size_t unit = match_ci(t, u, "#");
  if (unit == kNo && u > k) unit = match_any_word(t, u, kUnits);
  if (unit != kNo && (u > k || t[u] == u'#')) {
    const std::size_t v = skip_spaces(t, unit, 1);
    std::size_t ve = v;
    bool digit = false;
    while (ve < t.size() && ve - v < 5 && is_alnum_ascii(t[ve])) digit = is_digit(t[ve++]) || digit;
    if (ve > v && !word_at(t, ve) && (digit || ve - v == 1)) end = ve;
  }
  return end;
}

void scan_address(Text t, std::vector<Hit>& out, Masks& masks) {
  for (std::size_t i = 0; i < t.size();) {
    std::size_t e = kNo;
    if (!word_before(t, i)) {
      if (is_digit(t[i])) {
        e = read_english_address(t, i);
      } else if (may_start(kStreetInitials, t[i])) {
        e = read_spanish_address(t, i);
      }
    }
    if (e != kNo && !masks.overlaps(i, e)) {
      push(out, i, e);
      i = e;
    } else {
      ++i;
    }
  }
}

// ---------------------------------------------------------------------------------------------

using Scan = void (*)(Text, std::vector<Hit>&, Masks&);

struct DetectorInfo {
  Detector detector;
  std::string_view name;
  Scan scan;
  // Detectors whose hits this one must not overlap.
  std::array<Detector, 3> masks;
  int mask_count;
};

constexpr DetectorInfo kDetectors[kDetectorCount] = {
    {Detector::email, "email", scan_email, {}, 0},
    {Detector::phone, "phone", scan_phone, {Detector::iban, Detector::url, Detector::email}, 3},
    {Detector::payment_card, "payment_card", scan_card, {Detector::iban, Detector::url}, 2},
    {Detector::iban, "iban", scan_iban, {Detector::url}, 1},
    {Detector::es_dni, "es_dni", scan_es_dni, {Detector::iban, Detector::url, Detector::email}, 3},
    {Detector::us_ssn, "us_ssn", scan_us_ssn, {Detector::iban, Detector::url}, 2},
    {Detector::secret, "secret", scan_secret, {}, 0},
    {Detector::time_of_day, "time_of_day", scan_time, {Detector::url}, 1},
    {Detector::url, "url", scan_url, {}, 0},
    {Detector::street_address, "street_address", scan_address, {Detector::url, Detector::email}, 2},
};

// The table is indexed by the enum, and no detector masks itself.
constexpr bool table_in_order() {
  for (int k = 0; k < kDetectorCount; ++k) {
    if (static_cast<int>(kDetectors[k].detector) != k) return false;
    for (int m = 0; m < kDetectors[k].mask_count; ++m)
      if (kDetectors[k].masks[static_cast<std::size_t>(m)] == kDetectors[k].detector) return false;
  }
  return true;
}
static_assert(table_in_order(), "kDetectors must list the detectors in enum order");

}  // namespace

std::optional<Detector> detector_from_string(std::string_view name) {
  for (int k = 0; k < kDetectorCount; ++k)
    if (kDetectors[k].name == name) return static_cast<Detector>(k);
  return std::nullopt;
}

std::string_view to_string(Detector d) {
  const auto k = static_cast<int>(d);
  return k >= 0 && k < kDetectorCount ? kDetectors[k].name : std::string_view("unknown");
}

void find(Detector d, std::u16string_view text, std::vector<Hit>& out) {
  const auto k = static_cast<int>(d);
  if (k < 0 || k >= kDetectorCount) return;
  const DetectorInfo& info = kDetectors[k];
  // The masking detectors' hits go into `out` first, then this detector's; then they are dropped.
  const std::size_t base = out.size();
  Masks masks;
  for (int m = 0; m < info.mask_count; ++m) {
    const std::size_t from = out.size();
    Masks none;
    kDetectors[static_cast<int>(info.masks[static_cast<std::size_t>(m)])].scan(text, out, none);
    masks.list[static_cast<std::size_t>(m)] = Mask(out, from, out.size());
  }
  masks.count = info.mask_count;
  const std::size_t own = out.size();
  info.scan(text, out, masks);
  if (own > base) {
    std::copy(out.begin() + static_cast<std::ptrdiff_t>(own), out.end(),
              out.begin() + static_cast<std::ptrdiff_t>(base));
    out.resize(out.size() - (own - base));
  }
}

bool luhn_valid(std::string_view digits) {
  if (digits.empty()) return false;
  int sum = 0;
  bool twice = false;
  for (std::size_t k = digits.size(); k-- > 0;) {
    const char c = digits[k];
    if (c < '0' || c > '9') return false;
    int v = c - '0';
    if (twice && (v *= 2) > 9) v -= 9;
    sum += v;
    twice = !twice;
  }
  return sum % 10 == 0;
}

bool iban_valid(std::string_view compact_upper) {
  const std::size_t n = compact_upper.size();
  if (n < 15 || n > 34) return false;
  const auto up = [&](std::size_t k) {
    return static_cast<char>(upper_ascii(static_cast<unsigned char>(compact_upper[k])));
  };
  if (!is_upper_ascii(static_cast<unsigned char>(up(0))) || !is_upper_ascii(static_cast<unsigned char>(up(1))) ||
      !is_digit(static_cast<unsigned char>(compact_upper[2])) ||
      !is_digit(static_cast<unsigned char>(compact_upper[3])))
    return false;
  if (iban_length(up(0), up(1)) != static_cast<int>(n)) return false;
  int rem = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const char c = up((k + 4) % n);
    if (is_digit(static_cast<unsigned char>(c))) {
      rem = (rem * 10 + (c - '0')) % 97;
    } else if (is_upper_ascii(static_cast<unsigned char>(c))) {
      rem = (rem * 100 + (c - 'A' + 10)) % 97;
    } else {
      return false;
    }
  }
  return rem == 1;
}

bool es_dni_valid(std::string_view compact_upper) {
  static constexpr char kLetters[] = "TRWAGMYFPDXBNJZSQVHLCKE";
  if (compact_upper.size() != 9) return false;
  long number = 0;
  for (std::size_t k = 0; k < 8; ++k) {
    char c = compact_upper[k];
    if (k == 0 && (c == 'X' || c == 'Y' || c == 'Z')) c = static_cast<char>('0' + (c - 'X'));
    if (c < '0' || c > '9') return false;
    number = number * 10 + (c - '0');
  }
  const char letter = static_cast<char>(upper_ascii(static_cast<unsigned char>(compact_upper[8])));
  return letter == kLetters[number % 23];
}

}  // namespace postguard::detect
