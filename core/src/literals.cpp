// The term trie and the one-pass literal matcher over the folded view.
#include "literals.hpp"

#include <unicode/uchar.h>

#include <algorithm>

namespace postguard {

using fold::kGap;
using fold::Unit;

namespace {

constexpr std::size_t kMaxStates = 4096;
constexpr char32_t kEnye = 0xF1;

using fold::is_letter_key;

// Whether text character `c` may stand for term character `d` once the per-code-point folds
// are done: itself, a leetspeak reading, or n for ñ when accents are being ignored.
bool same_char(char32_t c, char32_t d, bool diacritics) {
  if (c == d) return true;
  if (diacritics && d == kEnye && c == U'n') return true;
  return fold::leet_alternatives(c).find(d) != std::u32string_view::npos;
}

// The content characters of `s` folded with `folds`, separators dropped.
void folded_sequence(std::u16string_view s, FoldSet folds, fold::Folder& folder, std::u32string& out) {
  out.clear();
  for (std::size_t i = 0; i < s.size();) {
    const char32_t cp = fold::next_code_point(s, i);
    const fold::FoldedCp& f = folder.fold(cp, folds);
    if (f.kind != fold::CpKind::content) continue;
    for (char32_t c : f.chars)
      if (c != kGap) out.push_back(c);
  }
}

bool same_sequence(const std::u32string& text, const std::u32string& term, bool diacritics) {
  if (text.size() != term.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (!same_char(text[i], term[i], diacritics)) return false;
  return true;
}

// "Titan's launch": an English possessive after a term still ends the term.
bool possessive_follows(std::u16string_view text, std::uint32_t end, const Words& words) {
  if (end + 2 > text.size() || (text[end] != u'\'' && text[end] != u'\u2019')) return false;
  if (text[end + 1] != u's' && text[end + 1] != u'S') return false;
  return words.boundary[end + 2];
}

// Whether two ASCII strings that match after folding differ in the case of some letter
// (comparing letters and digits only, as the folded view does; a leet digit is not a letter).
bool ascii_case_differs(std::u16string_view text, std::u16string_view term) {
  auto alnum = [](char16_t c) {
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') || c == u'@' || c == u'#' ||
           c == u'$';
  };
  std::size_t i = 0, k = 0;
  for (;;) {
    while (i < text.size() && !alnum(text[i])) ++i;
    while (k < term.size() && !alnum(term[k])) ++k;
    if (i >= text.size() || k >= term.size()) return false;
    const char16_t a = text[i++], b = term[k++];
    const bool a_letter = (a | 0x20) >= u'a' && (a | 0x20) <= u'z';
    const bool b_letter = (b | 0x20) >= u'a' && (b | 0x20) <= u'z';
    if (a_letter && b_letter && a != b && (a | 0x20) == (b | 0x20)) return true;
  }
}

// Whether every word of `s` is written lower case, upper case or capitalised ("lumen",
// "LUMEN", "Lumen"): casing a writer uses anyway, unlike "lUmEn".
bool natural_casing(std::u16string_view s) {
  bool in_word = false, first_upper = false, any_lower = false, later_upper = false;
  auto word_ok = [&]() { return !(later_upper && any_lower) && !(later_upper && !first_upper); };
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<UChar32>(fold::next_code_point(s, i));
    if (!u_isalnum(c)) {
      if (in_word && !word_ok()) return false;
      in_word = false;
      continue;
    }
    if (!u_isalpha(c)) continue;  // digits belong to the word ("t1T4n") but have no case
    const bool upper = u_isupper(c) || u_istitle(c);
    if (!in_word) {
      in_word = true;
      first_upper = upper;
      any_lower = later_upper = false;
    } else if (upper) {
      later_upper = true;
    } else {
      any_lower = true;
    }
  }
  return !in_word || word_ok();
}

// The term decides with every fold that was needed; the finding reports case folding only when
// the casing itself looks like a disguise.
std::optional<FoldSet> allowed_evidence(FoldSet evidence, const Term& term, std::u16string_view span) {
  if (!(evidence & FoldSet(static_cast<std::uint8_t>(~term.allowed.bits()))).empty()) return std::nullopt;
  if (evidence.has(Fold::case_) && natural_casing(span)) evidence = evidence.without(Fold::case_);
  return evidence;
}

bool is_ascii(std::u16string_view s) {
  return std::all_of(s.begin(), s.end(), [](char16_t c) { return c < 0x80; });
}

}  // namespace

TermTrie::TermTrie() : nodes_(1) { std::fill(std::begin(root_ascii_), std::end(root_ascii_), kNone); }

void TermTrie::insert(std::u32string_view key, std::uint32_t term) {
  const auto start = static_cast<std::uint32_t>(building_chars_.size());
  building_chars_.append(key);
  building_.push_back(Pending{start, static_cast<std::uint32_t>(building_chars_.size()), term});
}

void TermTrie::finish() {
  const std::u32string_view chars = building_chars_;
  auto key = [&](const Pending& p) { return chars.substr(p.start, p.end - p.start); };
  std::sort(building_.begin(), building_.end(), [&](const Pending& a, const Pending& b) {
    const int order = key(a).compare(key(b));
    return order != 0 ? order < 0 : a.term < b.term;
  });
  // Walk the sorted keys keeping the path of the previous one: each key shares a prefix with it
  // and adds nodes for the rest. Children are created in character order, so each node's edges,
  // grouped by parent below, come out sorted for child()'s binary search.
  nodes_.assign(1, Node{});
  std::vector<std::pair<std::uint32_t, Edge>> edges;                // (parent, edge)
  std::vector<std::pair<std::uint32_t, std::uint32_t>> node_terms;  // (node, term)
  std::vector<std::uint32_t> path{kRoot};
  std::u32string_view previous;
  for (const Pending& p : building_) {
    const std::u32string_view k = key(p);
    std::size_t shared = 0;
    while (shared < k.size() && shared < previous.size() && k[shared] == previous[shared]) ++shared;
    path.resize(shared + 1);
    for (std::size_t i = shared; i < k.size(); ++i) {
      const auto created = static_cast<std::uint32_t>(nodes_.size());
      nodes_.emplace_back();
      edges.push_back({path.back(), Edge{k[i], created}});
      path.push_back(created);
    }
    node_terms.emplace_back(path.back(), p.term);
    previous = k;
  }
  std::stable_sort(edges.begin(), edges.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  edges_.clear();
  edges_.reserve(edges.size());
  for (const auto& [from, e] : edges) {
    Node& n = nodes_[from];
    if (n.edge_count == 0) n.first_edge = static_cast<std::uint32_t>(edges_.size());
    ++n.edge_count;
    edges_.push_back(e);
    if (from == kRoot && e.c < 128) root_ascii_[e.c] = e.to;
  }
  std::sort(node_terms.begin(), node_terms.end());
  node_terms.erase(std::unique(node_terms.begin(), node_terms.end()), node_terms.end());
  terms_.clear();
  for (const auto& [node, term] : node_terms) {
    Node& n = nodes_[node];
    if (n.term_count == 0) n.first_term = static_cast<std::uint32_t>(terms_.size());
    ++n.term_count;
    terms_.push_back(term);
  }
  building_chars_ = {};
  building_ = {};
}

std::uint32_t TermTrie::child(std::uint32_t node, char32_t c) const {
  if (node == kRoot && c < 128) return root_ascii_[c];
  const Node& n = nodes_[node];
  const Edge* first = edges_.data() + n.first_edge;
  const Edge* last = first + n.edge_count;
  const Edge* it = std::lower_bound(first, last, c, [](const Edge& e, char32_t v) { return e.c < v; });
  return (it != last && it->c == c) ? it->to : kNone;
}

std::optional<FoldSet> LiteralMatcher::verify(const Term& term, std::u16string_view text,
                                              const fold::FoldedText& folded, std::uint32_t first_unit,
                                              std::uint32_t last_unit, fold::Folder& folder) {
  FoldSet evidence;
  // Walk the units against the term's key: spacing and leetspeak are decided here.
  const std::u32string& key = term.key;
  std::size_t p = 0;
  int leet = 0, letters = 0;
  bool token_leet = false, token_letter = false;
  auto end_token = [&]() {
    const bool plausible = !token_leet || token_letter;  // "plan 4 all" is not "plan a all"
    token_leet = token_letter = false;
    return plausible;
  };
  for (std::uint32_t j = first_unit; j <= last_unit; ++j) {
    const Unit& u = folded.units[j];
    if (u.is_gap()) {
      if (p < key.size() && key[p] == kGap) {
        if (!end_token()) return std::nullopt;
        ++p;
        if (!(u.flags & Unit::kWhitespace)) evidence = evidence.with(Fold::spacing);
      } else if (u.flags & Unit::kSkippable) {
        evidence = evidence.with(Fold::spacing);
      } else {
        return std::nullopt;
      }
      continue;
    }
    if (p < key.size() && key[p] == kGap) {  // "LumenTab" for "Lumen Tab"
      if (!end_token()) return std::nullopt;
      evidence = evidence.with(Fold::spacing);
      ++p;
    }
    if (p >= key.size()) return std::nullopt;
    const char32_t c = u.key, d = key[p++];
    if (c == d || (d == kEnye && c == U'n')) {
      if (is_letter_key(c)) {
        ++letters;
        token_letter = true;
      }
    } else if (fold::leet_alternatives(c).find(d) != std::u32string_view::npos) {
      ++leet;
      token_leet = true;
      evidence = evidence.with(Fold::leet);
    } else {
      return std::nullopt;
    }
  }
  if (p != key.size() || !end_token() || !fold::plausible_leet(leet, letters)) return std::nullopt;

  // Which per-code-point folds were needed: those without which the text and the term differ.
  const std::uint32_t start = folded.units[first_unit].start, end = folded.units[last_unit].end;
  const std::u16string_view span = text.substr(start, end - start);
  auto differs_without = [&](FoldSet removed) {
    const FoldSet folds = FoldSet(static_cast<std::uint8_t>(FoldSet::all().bits() & ~removed.bits()));
    folded_sequence(span, folds, folder, text_seq_);
    folded_sequence(term.text, folds, folder, term_seq_);
    return !same_sequence(text_seq_, term_seq_, folds.has(Fold::diacritics));
  };
  static constexpr Fold kPipeline[] = {Fold::fullwidth, Fold::case_, Fold::diacritics, Fold::homoglyph};
  FoldSet needed;
  if (span == term.text) return allowed_evidence(evidence, term, span);  // written as the term is
  if (is_ascii(span) && is_ascii(term.text)) {
    // Plain ASCII on both sides (most matches): only case folding can have been needed.
    if (ascii_case_differs(span, term.text)) evidence = evidence.with(Fold::case_);
    return allowed_evidence(evidence, term, span);
  }
  for (Fold f : kPipeline)
    if (differs_without(FoldSet().with(f))) needed = needed.with(f);
  // Folds that each see the match alone (NFKC, case folding and skeletons all turn "ﬁ" into
  // "fi"): the smallest group whose removal breaks the match credits its first fold.
  for (int size = 2; size <= 4; ++size) {
    for (unsigned mask = 0; mask < 16; ++mask) {
      if (__builtin_popcount(mask) != size) continue;
      FoldSet group;
      int first = -1;
      for (int b = 0; b < 4; ++b) {
        if (!(mask & (1u << b))) continue;
        group = group.with(kPipeline[b]);
        if (first < 0) first = b;
      }
      if ((group & needed).empty() && differs_without(group)) needed = needed.with(kPipeline[first]);
    }
  }
  evidence = evidence | needed;
  for (std::size_t i = 0; i < span.size();) {
    if (fold::is_ignorable(fold::next_code_point(span, i))) {
      evidence = evidence.with(Fold::zero_width);
      break;
    }
  }
  return allowed_evidence(evidence, term, span);
}

bool LiteralMatcher::run(const TermTrie& trie, const std::vector<Term>& terms, std::u16string_view text,
                         const fold::FoldedText& folded, const Words& words, Date now, fold::Folder& folder,
                         std::vector<LiteralHit>& out) {
  bool complete = true;
  current_.clear();
  const auto& units = folded.units;
  auto push = [&](std::uint32_t node, std::uint32_t start) {
    for (std::size_t k = next_.size(); k > 0 && next_.size() - k < 16; --k)
      if (next_[k - 1].node == node && next_[k - 1].start_unit == start) return;
    if (next_.size() >= kMaxStates) {
      complete = false;
      return;
    }
    next_.push_back(State{node, start});
  };
  auto accept = [&](std::uint32_t node, std::uint32_t start_unit, std::uint32_t last_unit) {
    const Unit& last = units[last_unit];
    for (const std::uint32_t* t = trie.terms_begin(node); t != trie.terms_end(node); ++t) {
      const Term& term = terms[*t];
      if (!term.prefix && !words.boundary[last.end] && !possessive_follows(text, last.end, words)) continue;
      if ((term.from && now < *term.from) || (term.until && !(now < *term.until))) continue;
      const auto evidence = verify(term, text, folded, start_unit, last_unit, folder);
      if (!evidence) continue;
      std::uint32_t end = last.end;
      if (term.prefix)  // report the whole word: "estafadoras", not "estafador"
        while (end < text.size() && !words.boundary[end]) ++end;
      out.push_back(LiteralHit{*t, units[start_unit].start, end, *evidence});
    }
  };
  auto step = [&](std::uint32_t node, char32_t c, std::uint32_t start_unit, std::uint32_t i) {
    const std::uint32_t to = trie.child(node, c);
    if (to == TermTrie::kNone) return;
    push(to, start_unit);
    if (trie.terminal(to) && (units[i].flags & Unit::kLastOfCp)) accept(to, start_unit, i);
  };

  for (std::uint32_t i = 0; i < units.size(); ++i) {
    const Unit& u = units[i];
    next_.clear();
    if (u.is_gap()) {
      for (const State& s : current_) {
        const std::uint32_t g = trie.child(s.node, kGap);
        if (g != TermTrie::kNone) push(g, s.start_unit);
        if (u.flags & Unit::kSkippable) push(s.node, s.start_unit);
      }
    } else {
      if ((u.flags & Unit::kFirstOfCp) && words.boundary[u.start]) current_.push_back(State{TermTrie::kRoot, i});
      const std::u32string_view alternatives = fold::leet_alternatives(u.key);
      for (const State& s : current_) {
        step(s.node, u.key, s.start_unit, i);
        for (char32_t a : alternatives) step(s.node, a, s.start_unit, i);
        if (s.node == TermTrie::kRoot) continue;
        const std::uint32_t g = trie.child(s.node, kGap);  // a word gap written as nothing
        if (g == TermTrie::kNone) continue;
        step(g, u.key, s.start_unit, i);
        for (char32_t a : alternatives) step(g, a, s.start_unit, i);
      }
    }
    current_.swap(next_);
  }
  return complete;
}

}  // namespace postguard
