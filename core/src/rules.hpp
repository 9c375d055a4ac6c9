// Rules: evaluating a rule's condition graph over the hits of its leaves, within a scope (the
// whole draft or one sentence), into the spans the rule reports.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "policy_model.hpp"
#include "segment.hpp"

namespace postguard {

struct Span {
  std::uint32_t start = 0;  // UTF-16 offsets into the original text
  std::uint32_t end = 0;
  FoldSet evidence;
  std::int32_t term = -1;  // the term that matched, for {term.*} and replacements
  bool context = false;    // from a condition with "highlight": false: counts, but is not underlined
};

struct SortedSpans;  // rules.cpp

struct Evaluation {
  bool holds = false;
  std::vector<Span> spans;
};

class RuleEvaluator {
 public:
  // `leaf_spans(leaf)` returns that leaf's hits sorted by start (computed on first use).
  RuleEvaluator(const Policy::Compiled& policy, const Context& context, Date now,
                std::function<const std::vector<Span>&(std::uint32_t)> leaf_spans, const Words& words,
                std::function<const std::vector<std::uint32_t>&()> sentences);

  // Whether the rule's site/account/role/date filters let it run in this context.
  bool applies(const Rule& rule) const;
  // The rule's spans (empty when it does not hold or its `unless` holds), sorted and merged.
  std::vector<Span> evaluate(const Rule& rule, std::uint32_t text_length);

 private:
  Evaluation eval(std::uint32_t node, std::uint32_t lo, std::uint32_t hi);
  Evaluation eval_node(const Node& n, std::uint32_t lo, std::uint32_t hi);
  Evaluation near(const Node& n, std::uint32_t lo, std::uint32_t hi);
  Evaluation without(const Node& n, std::uint32_t lo, std::uint32_t hi);
  // Words strictly between two spans (0 when they touch or overlap).
  long words_between(const Span& a, const Span& b) const;
  const Span* nearest(const SortedSpans& list, const Span& x, bool ordered) const;
  bool site_matches(const std::vector<std::string>& hosts) const;
  bool has_role(const std::vector<std::string>& roles) const;

  const Policy::Compiled& policy_;
  const Context& context_;
  Date now_;
  std::function<const std::vector<Span>&(std::uint32_t)> leaf_spans_;
  const Words& words_;
  std::function<const std::vector<std::uint32_t>&()> sentences_;
};

// Leaves one of which must have a hit for node `root` to hold, term leaves first, or nullopt
// when it can hold without any (through `not` or a context filter alone). Where one of several
// sets will do (`all`, `near`), the cheapest to compute: fewest leaves that scan every line
// (detectors, regexes the prefilter cannot gate), then fewest regexes.
std::optional<std::vector<std::uint32_t>> rule_gate(const Policy::Compiled& policy, std::uint32_t root);

// Sorts spans and merges those that overlap (evidence joined, the first span's term kept).
void merge_spans(std::vector<Span>& spans);

}  // namespace postguard
