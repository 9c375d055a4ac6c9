// Running one regex over the lines of a draft that may hold its matches.
#include "regex.hpp"

#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>

#include "regex_prefilter.hpp"

namespace postguard {
namespace {

constexpr std::uint32_t kStackLimit = 4u << 20;

bool is_line_break(char16_t c) { return c == u'\n' || c == u'\r' || c == 0x85 || c == 0x2028 || c == 0x2029; }

// Called by ICU every 10,000 match steps; stops the match when the check's budget is spent.
UBool tick(const void* context, int32_t) {
  auto* budget = static_cast<RegexBudget*>(const_cast<void*>(context));
  const bool own = --budget->own > 0;
  const bool check = --*budget->check > 0;
  return own && check;
}

}  // namespace

void Lines::build(std::u16string_view input) {
  ranges.clear();
  haystack.clear();
  haystack_starts.clear();
  std::uint32_t start = 0;
  for (std::uint32_t i = 0; i <= input.size(); ++i) {
    if (i < input.size() && !is_line_break(input[i])) continue;
    ranges.emplace_back(start, i);
    if (i < input.size() && input[i] == u'\r' && i + 1 < input.size() && input[i + 1] == u'\n') ++i;
    start = i + 1;
  }
  has_digit.assign(ranges.size(), false);
  for (std::size_t k = 0; k < ranges.size(); ++k)
    for (std::uint32_t i = ranges[k].first; i < ranges[k].second && !has_digit[k]; ++i)
      has_digit[k] = (input[i] >= u'0' && input[i] <= u'9') || (input[i] >= 0x80 && u_isdigit(input[i]));
  for (const auto& [a, b] : ranges) {
    haystack_starts.push_back(static_cast<std::uint32_t>(haystack.size()));
    icu::UnicodeString line(false, input.data() + a, static_cast<int32_t>(b - a));  // read-only alias
    line.foldCase(U_FOLD_CASE_DEFAULT).toUTF8String(haystack);                      // copies on write
    haystack.push_back('\n');
  }
}

std::int32_t regex_budget(std::size_t length) { return static_cast<std::int32_t>(40 + length / 2000); }
std::int32_t check_regex_budget(std::size_t length) { return static_cast<std::int32_t>(400 + length / 100); }

namespace {

// Letters, digits and space map to 1..37; anything else cannot be part of a literal.
constexpr std::uint32_t kAlphabet = 38;
std::uint32_t symbol(unsigned char c) {
  if (c >= 'a' && c <= 'z') return 1 + (c - 'a');
  if (c >= '0' && c <= '9') return 27 + (c - '0');
  return c == ' ' ? 37 : 0;
}
std::uint32_t trigram(const char* p) {
  const std::uint32_t a = symbol(p[0]), b = symbol(p[1]), c = symbol(p[2]);
  return (a == 0 || b == 0 || c == 0) ? 0 : (a * kAlphabet + b) * kAlphabet + c;
}

}  // namespace

std::uint32_t LiteralIndex::add(const std::string& literal) {
  const auto [it, fresh] = ids_.emplace(literal, static_cast<std::uint32_t>(literals_.size()));
  if (fresh) literals_.push_back(literal);
  if (literal == kDigitMarker) digit_id_ = it->second;
  return it->second;
}

void LiteralIndex::finish() {
  const std::uint32_t trigrams = kAlphabet * kAlphabet * kAlphabet;
  std::vector<std::uint32_t> counts(trigrams + 1, 0);
  for (const std::string& lit : literals_) ++counts[trigram(lit.data())];
  counts[0] = 0;  // the digit marker is not a text literal
  heads_.assign(trigrams + 1, 0);
  for (std::uint32_t t = 0; t < trigrams; ++t) heads_[t + 1] = heads_[t] + counts[t];
  by_trigram_.assign(heads_.back(), 0);
  std::vector<std::uint32_t> next(heads_.begin(), heads_.end() - 1);
  for (std::uint32_t id = 0; id < literals_.size(); ++id) {
    const std::uint32_t t = trigram(literals_[id].data());
    if (t != 0) by_trigram_[next[t]++] = id;
  }
  ids_ = {};
}

void LiteralIndex::find(const Lines& lines, std::vector<std::vector<std::uint32_t>>& lines_of) const {
  lines_of.resize(literals_.size());
  for (auto& l : lines_of) l.clear();
  if (literals_.empty() || heads_.empty()) return;
  if (digit_id_ != UINT32_MAX)
    for (std::uint32_t k = 0; k < lines.has_digit.size(); ++k)
      if (lines.has_digit[k]) lines_of[digit_id_].push_back(k);
  const std::string& h = lines.haystack;
  std::uint32_t line = 0;
  for (std::size_t i = 0; i + 2 < h.size(); ++i) {
    if (h[i] == '\n') {
      ++line;
      continue;
    }
    const std::uint32_t t = trigram(h.data() + i);
    if (t == 0) continue;
    for (std::uint32_t k = heads_[t]; k < heads_[t + 1]; ++k) {
      const std::uint32_t id = by_trigram_[k];
      const std::string& lit = literals_[id];
      if (i + lit.size() > h.size() || h.compare(i, lit.size(), lit) != 0) continue;
      auto& found = lines_of[id];
      if (found.empty() || found.back() != line) found.push_back(line);
    }
  }
}

RegexStop find_matches(icu::RegexMatcher& m, std::u16string_view input, const Lines& lines,
                       const std::vector<std::uint32_t>* only, RegexBudget& budget,
                       std::vector<std::pair<std::uint32_t, std::uint32_t>>& out) {
  std::vector<std::uint32_t> every;
  if (only == nullptr) {
    every.resize(lines.ranges.size());
    for (std::uint32_t k = 0; k < every.size(); ++k) every[k] = k;
  }
  const std::vector<std::uint32_t>& candidates = only != nullptr ? *only : every;
  if (candidates.empty()) return RegexStop::none;

  icu::UnicodeString alias(false, input.data(), static_cast<int32_t>(input.size()));  // read-only alias
  UErrorCode status = U_ZERO_ERROR;
  m.reset(alias);
  m.setTimeLimit(0, status);
  m.setMatchCallback(tick, &budget, status);
  m.setStackLimit(kStackLimit, status);
  // Each line is matched on its own: nothing past it is seen, and ^ and $ match at its ends.
  m.useTransparentBounds(false);
  m.useAnchoringBounds(true);
  RegexStop stop = RegexStop::none;
  for (std::uint32_t k : candidates) {
    const auto [a, b] = lines.ranges[k];
    status = U_ZERO_ERROR;
    m.region(a, b, status);
    while (U_SUCCESS(status) && m.find(status) && U_SUCCESS(status)) {
      const auto start = static_cast<std::uint32_t>(m.start(status));
      const auto end = static_cast<std::uint32_t>(m.end(status));
      if (end > start) out.emplace_back(start, end);
    }
    if (status == U_REGEX_STOPPED_BY_CALLER || status == U_REGEX_TIME_OUT) {
      stop = RegexStop::out_of_time;
      break;
    }
    if (status == U_REGEX_STACK_OVERFLOW) {
      stop = RegexStop::out_of_memory;
      break;
    }
  }
  status = U_ZERO_ERROR;
  m.setMatchCallback(nullptr, nullptr, status);
  m.reset(icu::UnicodeString());  // drop the alias: the text dies after the check
  return stop;
}

}  // namespace postguard
