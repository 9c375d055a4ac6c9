// The compiled form of a policy: rules over a graph of condition nodes whose leaves are term
// sets (one shared trie), regexes and detectors. Built by the loader, read by the checker.
#pragma once

#include <unicode/regex.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "detectors.hpp"
#include "literals.hpp"
#include "postguard/policy.hpp"
#include "regex.hpp"
#include "template.hpp"

namespace postguard {

enum class NodeKind : std::uint8_t {
  literal,  // terms / list: hits of the trie for this leaf
  regex,
  detector,
  all,
  any,
  not_,
  near,
  without,  // the spans of the first child with no span of the second within N words
  sentence,
  site,
  account,
  role,
  permission,
  date,
};

struct Node {
  NodeKind kind = NodeKind::any;
  std::vector<std::uint32_t> children;
  std::uint32_t leaf = 0;           // literal/regex/detector: index into Compiled::leaves
  int within = 0;                   // near
  bool ordered = false;             // near
  std::vector<std::string> values;  // site hosts, role names, permission name
  Account account = Account::personal;
  std::optional<Date> from, until;
  bool can_span = false;  // may produce spans (a text condition outside `not`)
  bool highlight = true;  // false: its spans count (for near, without) but are not underlined
};

enum class LeafKind : std::uint8_t { literal, regex, detector };

struct Leaf {
  LeafKind kind = LeafKind::literal;
  std::uint32_t regex = 0;  // index into Compiled::regexes
  detect::Detector detector = detect::Detector::email;
};

// One compiled pattern and the literals one of which each of its matches contains.
struct RegexPart {
  std::shared_ptr<const icu::RegexPattern> pattern;  // shared with other policies (same pattern)
  std::vector<std::uint32_t> literals;               // ids in Compiled::regex_literals; empty = always run
  std::vector<std::vector<std::uint32_t>> also;      // and one of each of these too (same ids)
};

struct RegexLeaf {
  // Compiled::regex_parts[first_part, first_part + part_count): the pattern, or, when the whole
  // has no literal but its top-level alternatives do, each alternative on its own.
  std::uint32_t first_part = 0;
  std::uint32_t part_count = 0;
  bool on_folded = false;
  std::string rule;  // the rule it belongs to, for problems
};

struct Rule {
  std::string id;
  Category category = Category::other;
  Severity severity = Severity::warn;
  std::uint32_t when = 0;
  std::optional<std::uint32_t> unless;
  // Leaves one of which must have a hit for `when` to hold (empty: no such set), term leaves
  // first: the checker skips the rule, and the sentences and other leaves it would need, when
  // none has.
  std::vector<std::uint32_t> gate;
  std::vector<std::string> sites;  // empty = all
  bool personal = true, official = true;
  std::vector<std::string> roles;  // empty = everyone
  std::optional<Date> from, until;
  LocalizedText message, why, suggestion, replacement;
  std::string link;
};

struct Policy::Compiled {
  std::uint64_t serial = 0;  // unique per compiled policy: scratch caches are keyed on it
  PolicyInfo info;
  std::vector<PolicyTest> tests;
  std::vector<Rule> rules;  // enabled rules only, in policy order
  std::vector<Node> nodes;
  std::vector<Leaf> leaves;
  std::vector<Term> terms;
  TermTrie trie;
  std::vector<RegexLeaf> regexes;
  std::vector<RegexPart> regex_parts;
  LiteralIndex regex_literals;                               // the prefilter literals of all regexes
  std::vector<LocalizedText> notes;                          // term notes
  std::unordered_map<std::string, std::string> variables;    // company.*, policy.*
  std::map<std::string, std::map<std::string, bool>> roles;  // role -> permission -> value
  bool uses_sentences = false;
  bool uses_folded_regex = false;
  bool uses_detector[detect::kDetectorCount] = {};
};

}  // namespace postguard
