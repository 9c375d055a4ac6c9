// Literals: every term of a policy in one trie over folded characters, matched in a single pass
// over the folded view (an NFA walk that starts only on word boundaries), then verified term by
// term to learn which folds were needed and whether the term allows them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "fold.hpp"
#include "postguard/date.hpp"
#include "postguard/finding.hpp"
#include "segment.hpp"

namespace postguard {

// A term as compiled from the policy.
struct Term {
  std::u16string text;  // as written
  std::u32string key;   // folded with every fold (fold::fold_term)
  std::uint32_t leaf = 0;
  FoldSet allowed = FoldSet::all();
  bool prefix = false;
  std::optional<Date> from, until;
  std::optional<std::string> replacement;
  std::int32_t note = -1;  // index of the term's note in Policy::Compiled::notes, or -1
};

class TermTrie {
 public:
  static constexpr std::uint32_t kRoot = 0;
  static constexpr std::uint32_t kNone = UINT32_MAX;

  TermTrie();
  void insert(std::u32string_view key, std::uint32_t term);
  void finish();  // flattens the trie for lookup; call once after the last insert

  std::uint32_t child(std::uint32_t node, char32_t c) const;
  bool terminal(std::uint32_t node) const { return nodes_[node].term_count != 0; }
  const std::uint32_t* terms_begin(std::uint32_t node) const { return &terms_[nodes_[node].first_term]; }
  const std::uint32_t* terms_end(std::uint32_t node) const { return terms_begin(node) + nodes_[node].term_count; }
  std::size_t node_count() const { return nodes_.size(); }

 private:
  struct Node {
    std::uint32_t first_edge = 0;
    std::uint32_t edge_count = 0;
    std::uint32_t first_term = 0;
    std::uint32_t term_count = 0;
  };
  struct Edge {
    char32_t c;
    std::uint32_t to;
  };
  std::vector<Node> nodes_;
  std::vector<Edge> edges_;
  std::vector<std::uint32_t> terms_;
  std::uint32_t root_ascii_[128];
  // Used only while building: every key's characters, one after another, and per insert the
  // key's [start, end) in them and its term. finish() sorts the keys and builds the trie from
  // their shared prefixes (no hash map: the 10,000-term policy loads twice as fast in wasm).
  std::u32string building_chars_;
  struct Pending {
    std::uint32_t start, end, term;
  };
  std::vector<Pending> building_;
};

struct LiteralHit {
  std::uint32_t term = 0;
  std::uint32_t start = 0;  // UTF-16 span in the original text
  std::uint32_t end = 0;
  FoldSet evidence;
};

// Per-check scratch of the literal matcher.
class LiteralMatcher {
 public:
  // Appends verified hits of every term active on `now`. Returns false if the walk had to drop
  // states (pathological input); the hits found are still valid.
  bool run(const TermTrie& trie, const std::vector<Term>& terms, std::u16string_view text,
           const fold::FoldedText& folded, const Words& words, Date now, fold::Folder& folder,
           std::vector<LiteralHit>& out);

  // Checks one candidate: returns the folds that were needed, or nullopt if the term does not
  // allow them (or its leetspeak is implausible).
  std::optional<FoldSet> verify(const Term& term, std::u16string_view text, const fold::FoldedText& folded,
                                std::uint32_t first_unit, std::uint32_t last_unit, fold::Folder& folder);

 private:
  struct State {
    std::uint32_t node;
    std::uint32_t start_unit;
  };
  std::vector<State> current_, next_;
  std::u32string text_seq_, term_seq_;
};

}  // namespace postguard
