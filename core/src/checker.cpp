// The Checker: one check of a draft — fold, segment, match leaves (terms, regexes, detectors),
// evaluate rules, and report Findings — with per-check scratch reused between calls.
#include "postguard/checker.hpp"

#include <unicode/regex.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <memory>

#include "fold.hpp"
#include "literals.hpp"
#include "policy_model.hpp"
#include "postguard/utf.hpp"
#include "regex.hpp"
#include "rules.hpp"
#include "segment.hpp"

namespace postguard {

struct Checker::Scratch {
  fold::Folder folder;
  fold::FoldedText folded;
  Segmenter segmenter;
  Words words;
  std::vector<std::uint32_t> sentences;
  bool sentences_ready = false;
  LiteralMatcher literals;
  std::vector<LiteralHit> literal_hits;
  std::vector<std::vector<Span>> leaf_spans;
  std::vector<std::uint8_t> leaf_ready;
  // ICU matchers of the policy last used (keyed by its serial).
  std::uint64_t matchers_serial = 0;
  std::vector<std::unique_ptr<icu::RegexMatcher>> matchers;
  Lines text_lines, folded_lines;  // for regexes: the lines of the text and of the folded view
  bool text_lines_ready = false, folded_lines_ready = false;
  std::vector<std::vector<std::uint32_t>> text_lines_of, folded_lines_of;  // literal id -> lines
  std::vector<std::uint32_t> candidate_lines;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> regex_matches;
  // The folded view as one string, for regexes with "on": "folded".
  std::u16string folded_string;
  std::vector<std::uint32_t> folded_unit;  // code unit of folded_string -> unit index
  bool folded_string_ready = false;
  // The detectors' view: NFKC per code point, invisibles removed, with a map to the original.
  std::u16string view;
  std::vector<std::uint32_t> view_start, view_end;
  bool view_ready = false;
  std::vector<detect::Hit> detector_hits;
};

namespace {

std::vector<std::string> locale_chain(const Context& context, const PolicyInfo& info) {
  std::vector<std::string> chain;
  auto add = [&](std::string l) {
    if (!l.empty() && std::find(chain.begin(), chain.end(), l) == chain.end()) chain.push_back(std::move(l));
  };
  add(context.locale.substr(0, 2));
  for (const auto& l : info.languages) add(l);
  add("en");
  add("es");
  return chain;
}

// Evidence for a match that was not found through the term trie: which folds changed the span.
FoldSet applied_folds(std::u16string_view span, fold::Folder& folder, bool include_case) {
  FoldSet evidence;
  std::u32string all, without;
  auto sequence = [&](FoldSet folds, std::u32string& out) {
    out.clear();
    for (std::size_t i = 0; i < span.size();) {
      const fold::FoldedCp& f = folder.fold(fold::next_code_point(span, i), folds);
      if (f.kind == fold::CpKind::content) out += f.chars;
    }
  };
  sequence(FoldSet::all(), all);
  for (Fold f : {Fold::case_, Fold::diacritics, Fold::fullwidth, Fold::homoglyph}) {
    if (f == Fold::case_ && !include_case) continue;
    sequence(FoldSet::all().without(f), without);
    if (without != all) evidence = evidence.with(f);
  }
  for (std::size_t i = 0; i < span.size();)
    if (fold::is_ignorable(fold::next_code_point(span, i))) return evidence.with(Fold::zero_width);
  return evidence;
}

// Evidence for a detector hit: width forms that NFKC read (fullwidth digits, mathematical
// letters), invisibles, and contact data written apart to dodge filters ("ana (at) gmail (dot)
// com", "6 1 2 3 4 5 6 7 8", "seis uno dos..."). Latin-1 typography such as "3ºB" is ordinary.
FoldSet detector_evidence(std::u16string_view span, detect::Detector detector, fold::Folder& folder) {
  FoldSet evidence;
  if (detector == detect::Detector::email || detector == detect::Detector::phone) {
    std::size_t spaces = 0, letters = 0, brackets = 0;
    for (char16_t c : span) {
      spaces += c == u' ' ? 1 : 0;
      letters += ((c | 0x20) >= u'a' && (c | 0x20) <= u'z') ? 1 : 0;
      brackets += (c == u'(' || c == u'[' || c == u'{' || c == u'<') ? 1 : 0;
    }
    const bool disguised = detector == detect::Detector::email
                               ? spaces > 0 || brackets > 0 || span.find(u'@') == std::u16string_view::npos
                               : letters > 0 || spaces >= 6;
    if (disguised) evidence = evidence.with(Fold::spacing);
  }
  for (std::size_t i = 0; i < span.size();) {
    const char32_t cp = fold::next_code_point(span, i);
    if (fold::is_ignorable(cp)) {
      evidence = evidence.with(Fold::zero_width);
    } else if (cp >= 0x100) {
      const std::u16string& n = folder.nfkc(cp);
      const std::u16string_view original = span.substr(i - (cp >= 0x10000 ? 2 : 1), cp >= 0x10000 ? 2 : 1);
      if (n != original) evidence = evidence.with(Fold::fullwidth);
    }
  }
  return evidence;
}

}  // namespace

Checker::Checker() : scratch_(std::make_unique<Scratch>()) {}
Checker::~Checker() = default;
Checker::Checker(Checker&&) noexcept = default;
Checker& Checker::operator=(Checker&&) noexcept = default;

CheckResult Checker::check(const Policy& policy, std::u16string_view text, const Context& context) {
  CheckResult result;
  Scratch& s = *scratch_;
  const Policy::Compiled& p = policy.compiled();
  if (text.size() > Limits::draft_units) {
    std::size_t cut = Limits::draft_units;
    if (cut > 0 && text[cut - 1] >= 0xD800 && text[cut - 1] <= 0xDBFF) --cut;  // keep surrogate pairs whole
    text = text.substr(0, cut);
    result.problems.push_back({"", "The draft is longer than 1,048,576 UTF-16 code units; only the first " +
                                       std::to_string(cut) + " were checked"});
  }
  const auto length = static_cast<std::uint32_t>(text.size());
  const Date now = context.now.value_or(today());
  const std::vector<std::string> locales = locale_chain(context, p.info);

  s.folded.build(text, s.folder);
  s.segmenter.words(text, locales.front(), s.words);
  s.sentences_ready = s.folded_string_ready = s.view_ready = false;
  s.text_lines_ready = s.folded_lines_ready = false;
  s.leaf_spans.resize(p.leaves.size());
  for (auto& v : s.leaf_spans) v.clear();
  s.leaf_ready.assign(p.leaves.size(), 0);

  // Terms: one pass for every term of the policy.
  s.literal_hits.clear();
  if (!p.terms.empty() && !s.literals.run(p.trie, p.terms, text, s.folded, s.words, now, s.folder, s.literal_hits))
    result.problems.push_back(
        {"", "The draft has too many overlapping partial matches; some terms may have been missed"});
  for (const LiteralHit& h : s.literal_hits)
    s.leaf_spans[p.terms[h.term].leaf].push_back(Span{h.start, h.end, h.evidence, static_cast<std::int32_t>(h.term)});
  for (std::size_t leaf = 0; leaf < p.leaves.size(); ++leaf) {
    if (p.leaves[leaf].kind != LeafKind::literal) continue;
    auto& spans = s.leaf_spans[leaf];
    std::sort(spans.begin(), spans.end(),
              [](const Span& a, const Span& b) { return a.start != b.start ? a.start < b.start : a.end > b.end; });
    std::vector<Span> kept;  // leftmost-longest: "Lumen Tab" rather than "Lumen" inside it
    for (const Span& sp : spans)
      if (kept.empty() || sp.start >= kept.back().end) kept.push_back(sp);
    spans.swap(kept);
    s.leaf_ready[leaf] = 1;
  }

  if (s.matchers_serial != p.serial) {
    s.matchers.clear();
    s.matchers.resize(p.regex_parts.size());  // created on first use
    s.matchers_serial = p.serial;
  }
  std::int32_t check_ticks = check_regex_budget(length);

  auto build_folded_string = [&]() {
    if (s.folded_string_ready) return;
    s.folded.readable(s.folded_string, s.folded_unit);
    s.folded_string_ready = true;
  };
  auto build_view = [&]() {
    if (s.view_ready) return;
    s.view.clear();
    s.view_start.clear();
    s.view_end.clear();
    for (std::size_t i = 0; i < text.size();) {
      const auto start = static_cast<std::uint32_t>(i);
      const char32_t cp = fold::next_code_point(text, i);
      if (fold::is_ignorable(cp)) continue;
      for (char16_t c : s.folder.nfkc(cp)) {
        s.view.push_back(c);
        s.view_start.push_back(start);
        s.view_end.push_back(static_cast<std::uint32_t>(i));
      }
    }
    s.view_ready = true;
  };

  auto leaf_spans = [&](std::uint32_t leaf) -> const std::vector<Span>& {
    auto& spans = s.leaf_spans[leaf];
    if (s.leaf_ready[leaf]) return spans;
    s.leaf_ready[leaf] = 1;
    const Leaf& l = p.leaves[leaf];
    if (l.kind == LeafKind::regex) {
      const RegexLeaf& r = p.regexes[l.regex];
      if (r.on_folded) build_folded_string();
      const std::u16string_view input = r.on_folded ? std::u16string_view(s.folded_string) : text;
      Lines& lines = r.on_folded ? s.folded_lines : s.text_lines;
      bool& lines_ready = r.on_folded ? s.folded_lines_ready : s.text_lines_ready;
      auto& lines_of = r.on_folded ? s.folded_lines_of : s.text_lines_of;
      if (!lines_ready) {
        lines.build(input);
        p.regex_literals.find(lines, lines_of);  // every literal of every regex, one pass
        lines_ready = true;
      }
      s.regex_matches.clear();
      if (check_ticks <= 0) {
        result.problems.push_back({r.rule, "A regex of this rule was not run: the check's time for regexes was spent"});
        return spans;
      }
      RegexBudget budget{regex_budget(input.size()), &check_ticks};  // shared by the parts of this regex
      RegexStop stop = RegexStop::none;
      for (std::uint32_t k = r.first_part; k < r.first_part + r.part_count && stop == RegexStop::none; ++k) {
        const RegexPart& part = p.regex_parts[k];
        auto& matcher = s.matchers[k];
        if (!matcher && part.pattern) {
          UErrorCode status = U_ZERO_ERROR;
          matcher.reset(part.pattern->matcher(status));
          if (U_FAILURE(status)) matcher.reset();
        }
        icu::RegexMatcher* m = matcher.get();
        if (m == nullptr) continue;
        s.candidate_lines.clear();
        for (std::uint32_t id : part.literals)
          s.candidate_lines.insert(s.candidate_lines.end(), lines_of[id].begin(), lines_of[id].end());
        std::sort(s.candidate_lines.begin(), s.candidate_lines.end());
        s.candidate_lines.erase(std::unique(s.candidate_lines.begin(), s.candidate_lines.end()),
                                s.candidate_lines.end());
        for (const auto& set : part.also) {  // a line must hold one literal of every set
          const auto lacks = [&](std::uint32_t line) {
            return std::none_of(set.begin(), set.end(), [&](std::uint32_t id) {
              return std::binary_search(lines_of[id].begin(), lines_of[id].end(), line);
            });
          };
          s.candidate_lines.erase(std::remove_if(s.candidate_lines.begin(), s.candidate_lines.end(), lacks),
                                  s.candidate_lines.end());
        }
        stop = find_matches(*m, input, lines, part.literals.empty() ? nullptr : &s.candidate_lines, budget,
                            s.regex_matches);
        if (stop != RegexStop::none) matcher.reset();  // frees the backtracking stack it grew
      }
      for (const auto& [a, b] : s.regex_matches) {
        Span sp;
        if (r.on_folded) {
          const auto& unit_a = s.folded.units[s.folded_unit[a]];
          const auto& unit_b = s.folded.units[s.folded_unit[b - 1]];
          sp.start = unit_a.start;
          sp.end = unit_b.end;
          sp.evidence = applied_folds(text.substr(sp.start, sp.end - sp.start), s.folder, false);
        } else {
          sp.start = a;
          sp.end = b;
        }
        spans.push_back(sp);
      }
      if (stop != RegexStop::none) {
        result.problems.push_back(
            {r.rule,
             stop == RegexStop::out_of_time
                 ? "A regex of this rule ran out of time and was stopped; the rule may have missed matches"
                 : "A regex of this rule needed too much memory and was stopped; the rule may have missed matches"});
      }
    } else if (l.kind == LeafKind::detector) {
      build_view();
      s.detector_hits.clear();
      detect::find(l.detector, s.view, s.detector_hits);
      for (const detect::Hit& h : s.detector_hits) {
        if (h.end <= h.start || h.end > s.view.size()) continue;
        Span sp{s.view_start[h.start], s.view_end[h.end - 1], {}, -1};
        sp.evidence = detector_evidence(text.substr(sp.start, sp.end - sp.start), l.detector, s.folder);
        spans.push_back(sp);
      }
    }
    const bool split = l.kind == LeafKind::regex && p.regexes[l.regex].part_count > 1;
    std::sort(spans.begin(), spans.end(),
              [](const Span& a, const Span& b) { return a.start != b.start ? a.start < b.start : a.end > b.end; });
    if (split) {
      // The pieces of a split regex find overlapping matches where the whole finds one; keep
      // them as it would: left to right, without overlaps (the longest where two start together).
      std::size_t kept = 0;
      for (std::size_t k = 0; k < spans.size(); ++k)
        if (kept == 0 || spans[k].start >= spans[kept - 1].end) spans[kept++] = spans[k];
      spans.resize(kept);
    }
    return spans;
  };
  auto sentences = [&]() -> const std::vector<std::uint32_t>& {
    if (!s.sentences_ready) {
      s.segmenter.sentences(text, locales.front(), s.sentences);
      s.sentences_ready = true;
    }
    return s.sentences;
  };

  RuleEvaluator evaluator(p, context, now, leaf_spans, s.words, sentences);
  for (const Rule& rule : p.rules) {
    if (!evaluator.applies(rule)) continue;
    if (!rule.gate.empty() &&
        std::none_of(rule.gate.begin(), rule.gate.end(), [&](std::uint32_t leaf) { return !leaf_spans(leaf).empty(); }))
      continue;
    for (const Span& sp : evaluator.evaluate(rule, length)) {
      Finding f;
      f.rule = rule.id;
      f.category = rule.category;
      f.severity = rule.severity;
      f.start = sp.start;
      f.end = sp.end;
      f.text = std::u16string(text.substr(sp.start, sp.end - sp.start));
      f.evidence = sp.evidence;
      f.link = rule.link;
      const Term* term = sp.term >= 0 ? &p.terms[static_cast<std::size_t>(sp.term)] : nullptr;
      const std::string match = utf16_to_utf8(f.text);
      auto lookup = [&](std::string_view name) -> std::optional<std::string> {
        if (name == "match") return match;
        if (name == "term.replacement") return term && term->replacement ? term->replacement : std::nullopt;
        if (name == "term.note") {
          if (!term || term->note < 0) return std::nullopt;
          const Template* t = p.notes[static_cast<std::size_t>(term->note)].pick(locales);
          return t ? std::optional(t->render([](std::string_view) { return std::nullopt; })) : std::nullopt;
        }
        const auto it = p.variables.find(std::string(name));
        return it == p.variables.end() ? std::nullopt : std::optional(it->second);
      };
      if (const Template* t = rule.message.pick(locales)) f.message = t->render(lookup);
      if (const Template* t = rule.why.pick(locales)) f.why = t->render(lookup);
      if (const Template* t = rule.suggestion.pick(locales)) f.suggestion = t->render(lookup);
      if (term && term->replacement)
        f.replacement = term->replacement;
      else if (const Template* t = rule.replacement.pick(locales))
        f.replacement = t->render(lookup);
      result.findings.push_back(std::move(f));
    }
  }
  std::sort(result.findings.begin(), result.findings.end(), [](const Finding& a, const Finding& b) {
    if (a.start != b.start) return a.start < b.start;
    if (a.end != b.end) return a.end < b.end;
    if (a.severity != b.severity) return a.severity > b.severity;
    return a.rule < b.rule;
  });
  return result;
}

std::vector<PolicyTestOutcome> run_policy_tests(const Policy& policy, Checker& checker) {
  std::vector<PolicyTestOutcome> outcomes;
  for (const PolicyTest& test : policy.tests()) {
    PolicyTestOutcome o;
    o.test = &test;
    o.result = checker.check(policy, test.text, test.context);
    std::vector<std::string> found;
    for (const Finding& f : o.result.findings)
      if (std::find(found.begin(), found.end(), f.rule) == found.end()) found.push_back(f.rule);
    for (const auto& e : test.expect) {
      const bool present = std::any_of(o.result.findings.begin(), o.result.findings.end(), [&](const Finding& f) {
        return f.rule == e.rule && (!e.text || f.text == *e.text);
      });
      if (!present) o.missing.push_back(e.text ? e.rule + ": " + utf16_to_utf8(*e.text) : e.rule);
    }
    for (const std::string& id : found) {
      const bool expected = std::any_of(test.expect.begin(), test.expect.end(),
                                        [&](const PolicyTest::Expectation& e) { return e.rule == id; });
      if (!expected) o.unexpected.push_back(id);
    }
    o.passed = o.missing.empty() && o.unexpected.empty();
    outcomes.push_back(std::move(o));
  }
  return outcomes;
}

}  // namespace postguard
