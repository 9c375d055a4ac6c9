// Running one regex over the lines of a draft that may hold its matches.
#include "regex.hpp"

#include <algorithm>
#include <cstring>

#include <unicode/unistr.h>

namespace postguard {
namespace {

constexpr std::uint32_t kStackLimit = 4u << 20;

bool is_line_break(char16_t c) { return c == u'\n' || c == u'\r' || c == 0x85 || c == 0x2028 || c == 0x2029; }

// Called by ICU every 10,000 match steps; stops the match when the check's budget is spent.
UBool tick(const void* context, int32_t) {
  auto* left = static_cast<std::int32_t*>(const_cast<void*>(context));
  return --*left > 0;
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
  for (const auto& [a, b] : ranges) {
    haystack_starts.push_back(static_cast<std::uint32_t>(haystack.size()));
    icu::UnicodeString line(false, input.data() + a, static_cast<int32_t>(b - a));  // read-only alias
    line.foldCase(U_FOLD_CASE_DEFAULT).toUTF8String(haystack);                    // copies on write
    haystack.push_back('\n');
  }
}

std::int32_t regex_budget(std::size_t length) { return static_cast<std::int32_t>(40 + length / 2000); }

RegexStop find_matches(icu::RegexMatcher& m, std::u16string_view input, const Lines& lines,
                       const std::vector<std::string>& literals,
                       std::vector<std::pair<std::uint32_t, std::uint32_t>>& out) {
  // The lines worth searching: those holding a literal every match needs.
  std::vector<std::uint32_t> candidates;
  if (literals.empty()) {
    candidates.resize(lines.ranges.size());
    for (std::uint32_t k = 0; k < candidates.size(); ++k) candidates[k] = k;
  } else {
    std::vector<bool> marked(lines.ranges.size(), false);
    const char* h = lines.haystack.data();
    const std::size_t n = lines.haystack.size();
    for (const std::string& lit : literals) {
      std::size_t pos = 0;
      while (pos < n) {
        const void* hit = memmem(h + pos, n - pos, lit.data(), lit.size());
        if (hit == nullptr) break;
        const auto at = static_cast<std::uint32_t>(static_cast<const char*>(hit) - h);
        const auto line = static_cast<std::size_t>(
            std::upper_bound(lines.haystack_starts.begin(), lines.haystack_starts.end(), at) -
            lines.haystack_starts.begin() - 1);
        marked[line] = true;
        pos = line + 1 < lines.haystack_starts.size() ? lines.haystack_starts[line + 1] : n;  // next line
      }
    }
    for (std::uint32_t k = 0; k < marked.size(); ++k)
      if (marked[k]) candidates.push_back(k);
  }
  if (candidates.empty()) return RegexStop::none;

  icu::UnicodeString alias(false, input.data(), static_cast<int32_t>(input.size()));  // read-only alias
  UErrorCode status = U_ZERO_ERROR;
  std::int32_t budget = regex_budget(input.size());
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
