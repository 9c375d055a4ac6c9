// Evaluating conditions: all/any/not/near/sentence over leaf hits, and context filters.
#include "rules.hpp"

#include <algorithm>
#include <cctype>
#include <tuple>

namespace postguard {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool within(Date now, const std::optional<Date>& from, const std::optional<Date>& until) {
  return (!from || !(now < *from)) && (!until || now < *until);
}

}  // namespace

// Spans sorted by start, with, for each prefix, the span that ends last: enough to find the span
// nearest to any other in O(log n) (the nearest before ends last; the nearest after starts first).
struct SortedSpans {
  std::vector<Span> spans;
  std::vector<std::uint32_t> latest_end;  // latest_end[i]: index of the span ending last in [0, i]
  explicit SortedSpans(std::vector<Span> s) : spans(std::move(s)) {
    std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.start < b.start; });
    latest_end.resize(spans.size());
    for (std::uint32_t i = 0; i < spans.size(); ++i)
      latest_end[i] = (i > 0 && spans[latest_end[i - 1]].end >= spans[i].end) ? latest_end[i - 1] : i;
  }
  // The first span starting at or after `offset`, or null.
  const Span* first_from(std::uint32_t offset) const {
    const auto it = std::lower_bound(spans.begin(), spans.end(), offset,
                                     [](const Span& s, std::uint32_t v) { return s.start < v; });
    return it == spans.end() ? nullptr : &*it;
  }
  // The span starting before `offset` that ends last, or null.
  const Span* latest_before(std::uint32_t offset) const {
    const auto it = std::lower_bound(spans.begin(), spans.end(), offset,
                                     [](const Span& s, std::uint32_t v) { return s.start < v; });
    const auto i = static_cast<std::size_t>(it - spans.begin());
    return i == 0 ? nullptr : &spans[latest_end[i - 1]];
  }
};

void merge_spans(std::vector<Span>& spans) {
  std::sort(spans.begin(), spans.end(),
            [](const Span& a, const Span& b) { return a.start != b.start ? a.start < b.start : a.end > b.end; });
  std::vector<Span> merged;
  for (const Span& s : spans) {
    if (!merged.empty() && s.start < merged.back().end) {
      merged.back().end = std::max(merged.back().end, s.end);
      merged.back().evidence = merged.back().evidence | s.evidence;
    } else {
      merged.push_back(s);
    }
  }
  spans.swap(merged);
}

namespace {

using Gate = std::optional<std::vector<std::uint32_t>>;

Gate gate_of(const Policy::Compiled& policy, std::uint32_t root) {
  const Node& n = policy.nodes[root];
  switch (n.kind) {
    case NodeKind::literal:
    case NodeKind::regex:
    case NodeKind::detector:
      return std::vector<std::uint32_t>{n.leaf};
    case NodeKind::all:
    case NodeKind::near: {  // every child must hold: any child's gate will do; the cheapest
      // Cheapest: fewest leaves that scan every line (detectors, regexes with a part the
      // prefilter cannot gate), then fewest regexes at all, then fewest leaves.
      auto cost = [&](const std::vector<std::uint32_t>& g) {
        std::size_t scans = 0, regexes = 0;
        for (std::uint32_t leaf : g) {
          const Leaf& l = policy.leaves[leaf];
          if (l.kind == LeafKind::detector) ++scans;
          if (l.kind != LeafKind::regex) continue;
          ++regexes;
          const RegexLeaf& r = policy.regexes[l.regex];
          for (std::uint32_t k = r.first_part; k < r.first_part + r.part_count; ++k)
            if (policy.regex_parts[k].literals.empty()) {
              ++scans;
              break;
            }
        }
        return std::tuple(scans, regexes, g.size());
      };
      Gate best;
      std::tuple<std::size_t, std::size_t, std::size_t> best_cost;
      for (std::uint32_t c : n.children) {
        Gate g = gate_of(policy, c);
        if (!g) continue;
        const auto g_cost = cost(*g);
        if (!best || g_cost < best_cost) {
          best = std::move(g);
          best_cost = g_cost;
        }
      }
      return best;
    }
    case NodeKind::any: {  // some child must hold: every child needs a gate
      std::vector<std::uint32_t> all;
      for (std::uint32_t c : n.children) {
        Gate g = gate_of(policy, c);
        if (!g) return std::nullopt;
        all.insert(all.end(), g->begin(), g->end());
      }
      std::sort(all.begin(), all.end());
      all.erase(std::unique(all.begin(), all.end()), all.end());
      return all;
    }
    case NodeKind::sentence:
    case NodeKind::without:  // holds only where its first child does
      return n.children.empty() ? std::nullopt : gate_of(policy, n.children[0]);
    default:
      return std::nullopt;
  }
}

}  // namespace

std::optional<std::vector<std::uint32_t>> rule_gate(const Policy::Compiled& policy, std::uint32_t root) {
  Gate g = gate_of(policy, root);
  if (g)  // term leaves are ready when rules run; regexes and detectors are computed on demand
    std::stable_partition(g->begin(), g->end(),
                          [&](std::uint32_t leaf) { return policy.leaves[leaf].kind == LeafKind::literal; });
  return g;
}

RuleEvaluator::RuleEvaluator(const Policy::Compiled& policy, const Context& context, Date now,
                             std::function<const std::vector<Span>&(std::uint32_t)> leaf_spans, const Words& words,
                             std::function<const std::vector<std::uint32_t>&()> sentences)
    : policy_(policy),
      context_(context),
      now_(now),
      leaf_spans_(std::move(leaf_spans)),
      words_(words),
      sentences_(std::move(sentences)) {}

bool RuleEvaluator::site_matches(const std::vector<std::string>& hosts) const {
  const std::string site = lower(context_.site);
  if (site.empty()) return false;
  for (const std::string& h0 : hosts) {
    const std::string h = lower(h0);
    if (site == h) return true;
    if (site.size() > h.size() && site.compare(site.size() - h.size(), h.size(), h) == 0 &&
        site[site.size() - h.size() - 1] == '.')
      return true;
  }
  return false;
}

bool RuleEvaluator::has_role(const std::vector<std::string>& roles) const {
  return !context_.role.empty() && std::find(roles.begin(), roles.end(), context_.role) != roles.end();
}

bool RuleEvaluator::applies(const Rule& rule) const {
  if (!within(now_, rule.from, rule.until)) return false;
  if (!rule.sites.empty() && !site_matches(rule.sites)) return false;
  if (context_.account == Account::personal ? !rule.personal : !rule.official) return false;
  if (!rule.roles.empty() && !has_role(rule.roles)) return false;
  return true;
}

std::vector<Span> RuleEvaluator::evaluate(const Rule& rule, std::uint32_t text_length) {
  Evaluation e = eval(rule.when, 0, text_length);
  if (!e.holds || e.spans.empty()) return {};
  if (rule.unless && eval(*rule.unless, 0, text_length).holds) return {};
  // Spans of "highlight": false conditions only mattered for holding; keep them only if nothing
  // else is there to point at.
  if (std::any_of(e.spans.begin(), e.spans.end(), [](const Span& s) { return !s.context; }))
    e.spans.erase(std::remove_if(e.spans.begin(), e.spans.end(), [](const Span& s) { return s.context; }),
                  e.spans.end());
  merge_spans(e.spans);
  return std::move(e.spans);
}

Evaluation RuleEvaluator::eval(std::uint32_t index, std::uint32_t lo, std::uint32_t hi) {
  const Node& n = policy_.nodes[index];
  Evaluation out = eval_node(n, lo, hi);
  if (!n.highlight)
    for (Span& s : out.spans) s.context = true;
  return out;
}

long RuleEvaluator::words_between(const Span& a, const Span& b) const {
  const Span& x = a.start <= b.start ? a : b;
  const Span& y = a.start <= b.start ? b : a;
  if (y.start < x.end) return 0;
  return std::max(0L, words_.first_word_at(y.start) - words_.last_word_before(x.end) - 1);
}

Evaluation RuleEvaluator::without(const Node& n, std::uint32_t lo, std::uint32_t hi) {
  Evaluation out;
  Evaluation report = eval(n.children[0], lo, hi);
  if (!report.holds) return out;
  const SortedSpans away(eval(n.children[1], lo, hi).spans);
  for (const Span& s : report.spans) {
    const Span* closest = nearest(away, s, false);
    if (closest == nullptr || words_between(s, *closest) > n.within) out.spans.push_back(s);
  }
  out.holds = !out.spans.empty();
  return out;
}

Evaluation RuleEvaluator::eval_node(const Node& n, std::uint32_t lo, std::uint32_t hi) {
  Evaluation out;
  switch (n.kind) {
    case NodeKind::literal:
    case NodeKind::regex:
    case NodeKind::detector: {
      const std::vector<Span>& hits = leaf_spans_(n.leaf);
      auto it =
          std::lower_bound(hits.begin(), hits.end(), lo, [](const Span& s, std::uint32_t v) { return s.start < v; });
      for (; it != hits.end() && it->start < hi; ++it)
        if (it->end <= hi) out.spans.push_back(*it);
      out.holds = !out.spans.empty();
      return out;
    }
    case NodeKind::all:
      for (std::uint32_t c : n.children) {
        Evaluation e = eval(c, lo, hi);
        if (!e.holds) return Evaluation{};
        out.spans.insert(out.spans.end(), e.spans.begin(), e.spans.end());
      }
      out.holds = true;
      return out;
    case NodeKind::any:
      for (std::uint32_t c : n.children) {
        Evaluation e = eval(c, lo, hi);
        if (!e.holds) continue;
        out.holds = true;
        out.spans.insert(out.spans.end(), e.spans.begin(), e.spans.end());
      }
      return out;
    case NodeKind::not_:
      out.holds = !eval(n.children[0], lo, hi).holds;
      return out;
    case NodeKind::sentence: {
      const std::vector<std::uint32_t>& bounds = sentences_();
      for (std::size_t k = 0; k + 1 < bounds.size(); ++k) {
        const std::uint32_t a = std::max(bounds[k], lo), b = std::min(bounds[k + 1], hi);
        if (a >= b) continue;
        Evaluation e = eval(n.children[0], a, b);
        if (!e.holds) continue;
        out.holds = true;
        out.spans.insert(out.spans.end(), e.spans.begin(), e.spans.end());
      }
      return out;
    }
    case NodeKind::near:
      return near(n, lo, hi);
    case NodeKind::without:
      return without(n, lo, hi);
    case NodeKind::site:
      out.holds = site_matches(n.values);
      return out;
    case NodeKind::account:
      out.holds = context_.account == n.account;
      return out;
    case NodeKind::role:
      out.holds = has_role(n.values);
      return out;
    case NodeKind::permission: {
      const auto role = policy_.roles.find(context_.role);
      if (context_.role.empty() || role == policy_.roles.end()) return out;
      const auto perm = role->second.find(n.values.front());
      out.holds = perm != role->second.end() && perm->second;
      return out;
    }
    case NodeKind::date:
      out.holds = within(now_, n.from, n.until);
      return out;
  }
  return out;
}

// The span of `list` with the fewest words between it and `x` (with `ordered`, only those
// starting after x ends); null if none qualifies.
const Span* RuleEvaluator::nearest(const SortedSpans& list, const Span& x, bool ordered) const {
  if (ordered) return list.first_from(x.end);
  const Span* after = list.first_from(x.start);
  const Span* before = list.latest_before(x.start);
  if (after == nullptr) return before;
  if (before == nullptr) return after;
  return words_between(x, *before) <= words_between(x, *after) ? before : after;
}

Evaluation RuleEvaluator::near(const Node& n, std::uint32_t lo, std::uint32_t hi) {
  std::vector<SortedSpans> lists;
  for (std::uint32_t c : n.children) {
    Evaluation e = eval(c, lo, hi);
    if (!e.holds) return Evaluation{};
    if (!e.spans.empty()) lists.emplace_back(std::move(e.spans));
  }
  Evaluation out;
  out.holds = false;
  if (lists.size() < 2) return out;  // a text condition held only through `not`: nothing to measure
  const auto first_word = [&](const Span& s) { return words_.first_word_at(s.start); };
  const auto last_word = [&](const Span& s) { return words_.last_word_before(s.end); };
  for (const Span& anchor : lists[0].spans) {
    std::vector<Span> chosen{anchor};
    bool complete = true;
    for (std::size_t j = 1; j < lists.size() && complete; ++j) {
      const Span* best = nearest(lists[j], chosen.back(), n.ordered);
      if (best == nullptr)
        complete = false;
      else
        chosen.push_back(*best);
    }
    if (!complete) continue;
    // The words of the envelope not covered by any chosen span must be at most `within`.
    std::vector<Span> sorted = chosen;
    std::sort(sorted.begin(), sorted.end(), [](const Span& a, const Span& b) { return a.start < b.start; });
    long uncovered = 0, covered_until = first_word(sorted.front()) - 1;
    for (const Span& s : sorted) {
      uncovered += std::max(0L, first_word(s) - covered_until - 1);
      covered_until = std::max(covered_until, last_word(s));
    }
    if (uncovered > n.within) continue;
    // The reported span covers the highlighted parts ("Jaguar", not "demo interna del proyecto
    // Jaguar" when the context words say "highlight": false); all parts if none is highlighted.
    const bool any_highlighted = std::any_of(sorted.begin(), sorted.end(), [](const Span& s) { return !s.context; });
    std::optional<Span> env;
    for (const Span& s : sorted) {
      if (any_highlighted && s.context) continue;
      if (!env) {
        env = s;
        env->context = false;
        continue;
      }
      env->start = std::min(env->start, s.start);
      env->end = std::max(env->end, s.end);
      env->evidence = env->evidence | s.evidence;
      if (env->term < 0) env->term = s.term;
    }
    out.spans.push_back(*env);
  }
  out.holds = !out.spans.empty();
  return out;
}

}  // namespace postguard
