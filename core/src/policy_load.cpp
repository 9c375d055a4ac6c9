// The policy loader: reads policy JSON (and the built-in packs it extends) as the format's
// documentation describes it (docs/policy-format.md), reports every problem with its JSON pointer
// and line:column, and compiles what it read into Policy::Compiled. All-or-nothing.
#include <unicode/regex.h>
#include <unicode/utypes.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <functional>
#include <mutex>
#include <set>

#include "builtin_packs.hpp"
#include "json_source.hpp"
#include "policy_model.hpp"
#include "postguard/json.hpp"
#include "postguard/utf.hpp"
#include "regex_prefilter.hpp"
#include "rules.hpp"

namespace postguard {
namespace {

using json = nlohmann::json;

std::atomic<std::uint64_t> g_serial{0};

// Compiled patterns are immutable and shared: every policy extends the same packs, and the
// extension and the Studio reload policies often, so a pattern is compiled once while any loaded
// policy still uses it (case-insensitive compiles are the slowest part of a load).
std::shared_ptr<const icu::RegexPattern> compile_regex(const icu::UnicodeString& pattern, uint32_t flags,
                                                       UParseError& pe, UErrorCode& status) {
  static std::mutex mutex;
  static std::map<std::pair<std::u16string, uint32_t>, std::weak_ptr<const icu::RegexPattern>> cache;
  std::pair<std::u16string, uint32_t> key{std::u16string(reinterpret_cast<const char16_t*>(pattern.getBuffer()),
                                                         static_cast<std::size_t>(pattern.length())),
                                          flags};
  {
    std::lock_guard<std::mutex> lock(mutex);
    const auto it = cache.find(key);
    if (it != cache.end())
      if (auto alive = it->second.lock()) return alive;
  }
  std::shared_ptr<const icu::RegexPattern> compiled(icu::RegexPattern::compile(pattern, flags, pe, status));
  if (U_FAILURE(status)) return nullptr;
  std::lock_guard<std::mutex> lock(mutex);
  if (cache.size() > 4096)  // forget patterns no policy uses any more
    for (auto it = cache.begin(); it != cache.end();) it = it->second.expired() ? cache.erase(it) : std::next(it);
  cache[std::move(key)] = compiled;
  return compiled;
}

// A pattern's pieces (split_for_prefilter) with the literals of each, worked out once per
// process: packs are loaded again with every policy that extends them.
using LiteralSets = std::vector<std::vector<std::string>>;  // required_literal_sets()
using Pieces = std::vector<std::pair<std::string, LiteralSets>>;
std::shared_ptr<const Pieces> pieces_of(const std::string& pattern) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const Pieces>> cache;
  {
    std::lock_guard<std::mutex> lock(mutex);
    const auto it = cache.find(pattern);
    if (it != cache.end()) return it->second;
  }
  auto pieces = std::make_shared<Pieces>();
  for (std::string& piece : split_for_prefilter(pattern)) {
    LiteralSets literals = required_literal_sets(piece);
    pieces->emplace_back(std::move(piece), std::move(literals));
  }
  std::lock_guard<std::mutex> lock(mutex);
  if (cache.size() >= 8192) cache.clear();  // a process that loads endless different policies
  cache.emplace(pattern, pieces);
  return pieces;
}

bool valid_id(const std::string& s) {
  if (s.empty() || s.size() > 200) return false;
  if (!std::islower(static_cast<unsigned char>(s[0])) && !std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '.' ||
           c == '_' || c == '-';
  });
}

bool valid_version(const std::string& s) {
  if (s.empty() || s.front() == '.' || s.back() == '.' || s.size() > 64) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '.' && s[i + 1] == '.') return false;
    if (s[i] != '.' && !std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

// Whether a regex names characters (\N{LATIN SMALL LETTER A}); an escaped backslash does not count.
bool uses_character_names(const std::string& pattern) {
  for (std::size_t i = 0; i + 2 < pattern.size(); ++i) {
    if (pattern[i] != '\\') continue;
    if (pattern[i + 1] == 'N' && pattern[i + 2] == '{') return true;
    ++i;  // skip the escaped character
  }
  return false;
}

bool valid_permission(const std::string& s) {
  return s.size() > 4 && s.rfind("may_", 0) == 0 &&
         std::all_of(s.begin() + 4, s.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
}

// A host name as sites are named in policies: "linkedin.com", "mastodon.social" (not a URL).
bool valid_host(const std::string& s) {
  if (s.empty() || s.size() > 253 || s.front() == '.' || s.back() == '.' || s.find("..") != std::string::npos)
    return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-'; });
}

bool valid_locale(const std::string& s) {
  return (s.size() == 2 || (s.size() == 5 && s[2] == '-')) && std::islower(static_cast<unsigned char>(s[0])) &&
         std::islower(static_cast<unsigned char>(s[1]));
}

std::string quoted_list(const std::vector<std::string_view>& names) {
  std::string out;
  for (auto n : names) out += (out.empty() ? "" : ", ") + std::string("'") + std::string(n) + "'";
  return out;
}

std::string with_thousands(std::size_t n) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

const char* regex_error_text(UErrorCode e) {
  switch (e) {
    case U_REGEX_MISMATCHED_PAREN:
      return "mismatched parenthesis";
    case U_REGEX_RULE_SYNTAX:
      return "syntax error";
    case U_REGEX_BAD_ESCAPE_SEQUENCE:
      return "unknown escape sequence";
    case U_REGEX_MISSING_CLOSE_BRACKET:
      return "missing ']'";
    case U_REGEX_INVALID_RANGE:
      return "invalid range in a set";
    case U_REGEX_BAD_INTERVAL:
      return "bad {min,max} interval";
    case U_REGEX_MAX_LT_MIN:
      return "{min,max} with max < min";
    case U_REGEX_PROPERTY_SYNTAX:
      return "bad \\p{...} property";
    case U_REGEX_LOOK_BEHIND_LIMIT:
      return "look-behind must have a bounded length";
    case U_REGEX_NUMBER_TOO_BIG:
      return "number too big";
    case U_REGEX_INVALID_FLAG:
      return "invalid flag";
    case U_REGEX_SET_CONTAINS_STRING:
      return "a set cannot contain a string";
    case U_REGEX_INVALID_BACK_REF:
      return "back-reference to a group that does not exist";
    default:
      return u_errorName(e);
  }
}

// A term as read from a list or a `terms` condition, before it is tied to a condition.
struct TermSpec {
  std::string text;
  std::string pointer;
  int source = 0;
  std::optional<bool> prefix;
  std::optional<FoldSet> allowed;
  std::optional<Date> from, until;
  std::optional<std::string> replacement;
  std::int32_t note = -1;
};

// A rule as read, with its conditions still JSON (they need the merged lists to compile).
struct RuleSpec {
  std::string id;
  std::string pointer;
  int source = 0;
  bool enabled = true;
  Category category = Category::other;
  Severity severity = Severity::warn;
  const json* when = nullptr;
  const json* unless = nullptr;
  std::vector<std::string> sites;
  bool personal = true, official = true;
  std::vector<std::string> roles;
  std::optional<Date> from, until;
  LocalizedText message, why, suggestion, replacement;
  std::string link;
  std::vector<std::pair<std::string, const Template*>> templates;  // pointer, template: for variable checks
};

struct Source {
  std::string name;  // "" for the policy itself, "builtin:pii" for a pack
  std::string_view text;
  json doc;
};

class Loader {
 public:
  LoadResult load(std::string_view text);

 private:
  // ---- diagnostics ----
  struct Pending {
    Diagnostic d;
    int source;
  };
  std::vector<Pending> pending_;
  int source_ = 0;  // the source being read
  // At most this many errors and as many warnings are kept; the rest are counted and summarised
  // (a file of a million mistakes is answered quickly, and the first thousand say what is wrong).
  static constexpr std::size_t kMaxDiagnostics = 1000;
  std::size_t error_count_ = 0, warning_count_ = 0;
  bool has_errors() const { return error_count_ > 0; }
  void error(const std::string& pointer, std::string message, int source = -1) {
    if (++error_count_ > kMaxDiagnostics) return;
    pending_.push_back(
        {Diagnostic{Diagnostic::Level::error, pointer, 0, 0, std::move(message)}, source < 0 ? source_ : source});
  }
  void warn(const std::string& pointer, std::string message, int source = -1) {
    if (++warning_count_ > kMaxDiagnostics) return;
    pending_.push_back(
        {Diagnostic{Diagnostic::Level::warning, pointer, 0, 0, std::move(message)}, source < 0 ? source_ : source});
  }

  // ---- reading helpers: each checks the type and reports at the value's pointer ----
  bool expect_object(const json& j, const std::string& ptr, const char* what) {
    if (j.is_object()) return true;
    error(ptr, std::string(what) + " must be an object");
    return false;
  }
  bool expect_array(const json& j, const std::string& ptr, const char* what) {
    if (j.is_array()) return true;
    error(ptr, std::string(what) + " must be an array");
    return false;
  }
  // Warns about keys other than `known` (a typo like "sevrity" must be visible).
  void check_keys(const json& obj, const std::string& ptr, std::initializer_list<std::string_view> known) {
    check_keys(obj, ptr, std::vector<std::string_view>(known));
  }
  void check_keys(const json& obj, const std::string& ptr, const std::vector<std::string_view>& known) {
    for (const auto& [key, value] : obj.items()) {
      (void)value;
      if (std::find(known.begin(), known.end(), key) == known.end())
        warn(pointer_append(ptr, key),
             "Unknown key '" + key + "' is ignored (expected one of " + quoted_list(known) + ")");
    }
  }
  std::optional<std::string> read_string(const json& j, const std::string& ptr, const char* what,
                                         std::size_t max = Limits::text_chars) {
    if (!j.is_string()) {
      error(ptr, std::string(what) + " must be a string");
      return std::nullopt;
    }
    const auto& s = j.get_ref<const std::string&>();
    if (utf8_to_utf16(s).size() > max) {
      error(ptr, std::string(what) + " is longer than the limit of " + with_thousands(max) + " characters");
      return std::nullopt;
    }
    return s;
  }
  std::optional<std::vector<std::string>> read_strings(const json& j, const std::string& ptr, const char* what,
                                                       bool allow_empty = true) {
    if (!expect_array(j, ptr, what)) return std::nullopt;
    std::vector<std::string> out;
    bool ok = true;
    for (std::size_t i = 0; i < j.size(); ++i) {
      auto s = read_string(j[i], pointer_append(ptr, i), "Each entry");
      if (s && s->empty()) {
        error(pointer_append(ptr, i), "Entries must not be empty");
        s.reset();
      }
      if (s)
        out.push_back(*s);
      else
        ok = false;
    }
    if (!allow_empty && j.empty()) {
      error(ptr, std::string(what) + " must not be empty");
      ok = false;
    }
    return ok ? std::optional(out) : std::nullopt;
  }
  std::optional<std::vector<std::string>> read_hosts(const json& j, const std::string& ptr) {
    auto hosts = read_strings(j, ptr, "sites", false);
    if (!hosts) return std::nullopt;
    bool ok = true;
    for (std::size_t i = 0; i < hosts->size(); ++i) {
      if (valid_host((*hosts)[i])) continue;
      error(pointer_append(ptr, i),
            "'" + (*hosts)[i] + "' is not a host name such as \"linkedin.com\" (lower case, no https:// or path)");
      ok = false;
    }
    return ok ? hosts : std::nullopt;
  }
  std::optional<Date> read_date(const json& j, const std::string& ptr) {
    if (j.is_string())
      if (auto d = parse_date(j.get_ref<const std::string&>())) return d;
    error(ptr, "Must be a date written YYYY-MM-DD (a real day, e.g. \"2027-06-01\")");
    return std::nullopt;
  }
  std::optional<bool> read_bool(const json& j, const std::string& ptr, const char* what) {
    if (j.is_boolean()) return j.get<bool>();
    error(ptr, std::string(what) + " must be true or false");
    return std::nullopt;
  }
  // *text*: a string or {"es": ..., "en": ...}; each variant is a template.
  LocalizedText read_text(const json& j, const std::string& ptr, const char* what,
                          std::vector<std::pair<std::string, const Template*>>* templates = nullptr);
  std::optional<FoldSet> read_fold(const json& j, const std::string& ptr);

  // ---- sections ----
  void read_document(Source& src, bool is_pack);
  void read_header(const json& j, const std::string& ptr);
  void read_company(const json& j, const std::string& ptr);
  void read_roles(const json& j, const std::string& ptr);
  void read_terms(const json& j, const std::string& ptr);
  std::optional<TermSpec> read_term(const json& j, const std::string& ptr);
  void read_rules(const json& j, const std::string& ptr, bool is_pack);
  void read_overrides(const json& j, const std::string& ptr);
  void read_tests(const json& j, const std::string& ptr);
  void resolve_extends(const json& j, const std::string& ptr, int depth);

  // ---- compiling ----
  std::uint32_t compile_condition(const json& j, const std::string& ptr, int depth, const std::string& rule);
  // The compiled parts of a regex: the whole pattern with its literals, or, when the whole has
  // none, the pieces of split_for_prefilter, each prefiltered on its own (so that
  // "\\b(?:fraud\\w*|\\d+ es un estafador)" runs only where "fraud" or "estafador" is).
  void add_regex_parts(const std::string& pattern, std::shared_ptr<const icu::RegexPattern> whole, uint32_t flags,
                       RegexLeaf& leaf) {
    leaf.first_part = static_cast<std::uint32_t>(out_->regex_parts.size());
    const std::shared_ptr<const Pieces> shared = pieces_of(pattern);
    const Pieces& pieces = *shared;
    auto add = [&](std::shared_ptr<const icu::RegexPattern> compiled, const LiteralSets& sets) {
      RegexPart part{std::move(compiled), {}, {}};
      for (std::size_t k = 0; k < sets.size(); ++k) {
        std::vector<std::uint32_t>& ids = k == 0 ? part.literals : part.also.emplace_back();
        for (const std::string& lit : sets[k]) ids.push_back(out_->regex_literals.add(lit));
      }
      out_->regex_parts.push_back(std::move(part));
    };
    bool split = pieces.size() > 1;
    std::vector<std::shared_ptr<const icu::RegexPattern>> compiled;
    for (std::size_t k = 0; split && k < pieces.size(); ++k) {
      UParseError pe{};
      UErrorCode status = U_ZERO_ERROR;
      auto one = compile_regex(icu::UnicodeString::fromUTF8(pieces[k].first), flags, pe, status);
      if (U_FAILURE(status)) split = false;  // cannot stand alone after all: run the whole
      compiled.push_back(std::move(one));
    }
    if (split) {
      for (std::size_t k = 0; k < pieces.size(); ++k) add(compiled[k], pieces[k].second);
    } else {
      add(std::move(whole), pieces.size() == 1 ? pieces[0].second : required_literal_sets(pattern));
    }
    leaf.part_count = static_cast<std::uint32_t>(out_->regex_parts.size()) - leaf.first_part;
  }

  std::uint32_t add_node(Node n) {
    out_->nodes.push_back(std::move(n));
    return static_cast<std::uint32_t>(out_->nodes.size() - 1);
  }
  void add_terms(const std::vector<TermSpec>& specs, std::uint32_t leaf, bool prefix_default, FoldSet fold_default);
  void compile_rules();
  void check_variables(const RuleSpec& r);
  void check_test_expectations();
  void set_policy_variables();
  void finish_info();
  void check_depth(const json& doc);

  std::vector<Source> sources_;
  std::set<std::string> packs_seen_;
  std::unique_ptr<Policy::Compiled> out_ = std::make_unique<Policy::Compiled>();
  std::map<std::string, std::vector<TermSpec>> lists_;
  std::vector<RuleSpec> rules_;
  std::map<std::string, std::size_t> rule_index_;  // id -> index in rules_
  struct Override {
    std::string pointer;
    int source;
    std::optional<Severity> severity;
    std::optional<bool> enabled;
    std::optional<std::vector<std::string>> sites, roles;
    std::optional<std::pair<bool, bool>> accounts;
  };
  std::vector<std::pair<std::string, Override>> overrides_;
  std::vector<std::string> company_names_, company_handles_, company_products_;
  std::map<std::string, std::uint32_t> regex_leaf_;  // rule, options and pattern -> leaf
  std::map<int, std::uint32_t> detector_leaf_;       // detector -> leaf
  bool validate_only_ = false;                       // compiling a disabled rule: check it, add nothing to the trie
  std::size_t term_total_ = 0;
  std::size_t regex_total_ = 0;
  bool term_limit_reported_ = false;
  fold::Folder folder_;
};

LocalizedText Loader::read_text(const json& j, const std::string& ptr, const char* what,
                                std::vector<std::pair<std::string, const Template*>>* templates) {
  LocalizedText out;
  auto add = [&](const std::string& locale, const json& value, const std::string& p) {
    auto s = read_string(value, p, what);
    if (!s) return;
    std::string problem;
    auto t = Template::parse(*s, problem);
    if (!t) {
      error(p, problem);
      return;
    }
    out.variants.emplace_back(locale, std::move(*t));
  };
  if (j.is_string()) {
    add("", j, ptr);
  } else if (j.is_object()) {
    for (const auto& [locale, value] : j.items()) {
      const std::string p = pointer_append(ptr, locale);
      if (!valid_locale(locale)) {
        error(p, "'" + locale + "' is not a language code such as \"es\" or \"en\"");
        continue;
      }
      add(locale, value, p);
    }
    if (j.empty()) error(ptr, std::string(what) + " needs at least one language");
  } else {
    error(ptr, std::string(what) + " must be a string or an object of language -> string");
  }
  if (templates != nullptr) {
    for (auto& [locale, t] : out.variants)
      templates->emplace_back(locale.empty() ? ptr : pointer_append(ptr, locale), &t);
  }
  return out;
}

std::optional<FoldSet> Loader::read_fold(const json& j, const std::string& ptr) {
  if (!expect_object(j, ptr, "fold")) return std::nullopt;
  FoldSet set = FoldSet::all();
  bool ok = true;
  for (const auto& [name, value] : j.items()) {
    const auto f = fold_from_string(name);
    const std::string p = pointer_append(ptr, name);
    if (!f) {
      error(p, "Unknown fold '" + name +
                   "' (expected one of 'case', 'diacritics', 'fullwidth', "
                   "'homoglyph', 'leet', 'spacing', 'zero_width')");
      ok = false;
      continue;
    }
    const auto on = read_bool(value, p, "A fold");
    if (!on) {
      ok = false;
      continue;
    }
    set = *on ? set.with(*f) : set.without(*f);
  }
  return ok ? std::optional(set) : std::nullopt;
}

void Loader::check_depth(const json& doc) {
  struct Item {
    const json* j;
    int depth;
  };
  std::vector<Item> stack{{&doc, 1}};
  while (!stack.empty()) {
    const Item it = stack.back();
    stack.pop_back();
    if (it.depth > Limits::json_depth) {
      error("", "The JSON is nested deeper than the limit of " + std::to_string(Limits::json_depth) + " levels");
      return;
    }
    if (it.j->is_structured())
      for (const auto& child : *it.j) stack.push_back({&child, it.depth + 1});
  }
}

void Loader::resolve_extends(const json& j, const std::string& ptr, int depth) {
  if (!expect_array(j, ptr, "extends")) return;
  for (std::size_t i = 0; i < j.size(); ++i) {
    const std::string p = pointer_append(ptr, i);
    auto name = read_string(j[i], p, "A pack name");
    if (!name) continue;
    const auto& all = builtin::packs();
    const auto pack = std::find_if(all.begin(), all.end(), [&](const builtin::Pack& k) { return k.name == *name; });
    if (pack == all.end()) {
      std::string known;
      for (const auto& k : all) known += (known.empty() ? "" : ", ") + std::string(k.name);
      error(p, "Unknown pack '" + *name + "' (built-in packs: " + known + ")");
      continue;
    }
    if (!packs_seen_.insert(*name).second) continue;  // each pack once, even if named twice
    if (depth > 4) {
      error(p, "Packs extend each other too deeply");
      continue;
    }
    out_->info.extends.push_back(*name);
    sources_.push_back(Source{*name, pack->source, {}});
    const int index = static_cast<int>(sources_.size() - 1);
    const int saved = source_;
    source_ = index;
    if (auto failure = parse_json(sources_[index].text, sources_[index].doc)) {
      error("", "Pack " + *name + " is not valid JSON: " + failure->message);
    } else if (sources_[index].doc.is_object()) {
      if (sources_[index].doc.contains("extends"))
        resolve_extends(sources_[index].doc["extends"], "/extends", depth + 1);
      read_document(sources_[index], true);
    }
    source_ = saved;
  }
}

void Loader::read_document(Source& src, bool is_pack) {
  const json& doc = src.doc;
  const std::string root;
  if (!expect_object(doc, root, "A policy")) return;
  check_depth(doc);
  if (has_errors()) return;
  check_keys(doc, root,
             {"$schema", "format", "policy", "extends", "company", "roles", "terms", "rules", "overrides", "tests"});
  if (doc.contains("format") && !(doc["format"].is_number_integer() && doc["format"].get<int>() == 1))
    error("/format", "format must be 1 (the only version of the policy format)");
  if (!doc.contains("policy"))
    error(root, "Missing 'policy': every policy needs {\"policy\": {\"id\": ..., \"version\": ...}}");
  else if (!is_pack)
    read_header(doc["policy"], "/policy");
  if (!is_pack && doc.contains("company")) read_company(doc["company"], "/company");
  if (doc.contains("roles")) read_roles(doc["roles"], "/roles");
  if (doc.contains("terms")) read_terms(doc["terms"], "/terms");
  if (doc.contains("rules")) read_rules(doc["rules"], "/rules", is_pack);
  if (doc.contains("overrides")) read_overrides(doc["overrides"], "/overrides");
  if (!is_pack && doc.contains("tests")) read_tests(doc["tests"], "/tests");
}

void Loader::read_header(const json& j, const std::string& ptr) {
  if (!expect_object(j, ptr, "policy")) return;
  check_keys(j, ptr, {"id", "version", "name", "languages", "url", "contact"});
  PolicyInfo& info = out_->info;
  if (!j.contains("id")) {
    error(ptr, "Missing 'id' (e.g. \"acme-social\")");
  } else if (auto id = read_string(j["id"], ptr + "/id", "id")) {
    if (!valid_id(*id))
      error(ptr + "/id", "id must be lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
    info.id = *id;
  }
  if (!j.contains("version")) {
    error(ptr, "Missing 'version' (e.g. \"1.0.0\")");
  } else if (auto v = read_string(j["version"], ptr + "/version", "version")) {
    if (!valid_version(*v)) error(ptr + "/version", "version must be numbers separated by dots, such as \"2026.11.2\"");
    info.version = *v;
  }
  if (j.contains("languages")) {
    if (auto langs = read_strings(j["languages"], ptr + "/languages", "languages", false)) {
      for (std::size_t i = 0; i < langs->size(); ++i) {
        if ((*langs)[i] != "es" && (*langs)[i] != "en")
          error(pointer_append(ptr + "/languages", i), "Languages are \"es\" and \"en\"");
      }
      info.languages = *langs;
    }
  }
  if (info.languages.empty()) info.languages = {"en"};
  if (j.contains("name")) {
    LocalizedText name = read_text(j["name"], ptr + "/name", "name");
    if (const Template* t = name.pick(info.languages))
      info.name = t->render([](std::string_view) { return std::nullopt; });
  }
  if (info.name.empty()) info.name = info.id;
  if (j.contains("url")) {
    if (auto url = read_string(j["url"], ptr + "/url", "url")) {
      if (url->rfind("https://", 0) != 0 && url->rfind("http://", 0) != 0)
        error(ptr + "/url", "url must start with https:// (or http://)");
      info.url = *url;
    }
  }
  if (j.contains("contact"))
    if (auto c = read_string(j["contact"], ptr + "/contact", "contact")) info.contact = *c;
}

void Loader::read_company(const json& j, const std::string& ptr) {
  if (!expect_object(j, ptr, "company")) return;
  check_keys(j, ptr, {"names", "handles", "products", "official_urls", "contacts"});
  auto list = [&](const char* key, std::vector<std::string>& into) {
    if (!j.contains(key)) return;
    if (auto v = read_strings(j[key], ptr + "/" + key, key)) into = *v;
  };
  list("names", company_names_);
  list("handles", company_handles_);
  list("products", company_products_);
  auto& vars = out_->variables;
  if (!company_names_.empty()) {
    vars["company.name"] = company_names_.front();
    std::string all;
    for (const auto& n : company_names_) all += (all.empty() ? "" : ", ") + n;
    vars["company.names"] = all;
  }
  for (const char* group : {"official_urls", "contacts"}) {
    if (!j.contains(group)) continue;
    const std::string p = ptr + "/" + group;
    if (!expect_object(j[group], p, group)) continue;
    for (const auto& [name, value] : j[group].items()) {
      auto s = read_string(value, pointer_append(p, name), "Each entry");
      if (s) vars[std::string("company.") + group + "." + name] = *s;
    }
  }
  for (const auto& [name, list_ptr] : std::initializer_list<std::pair<const char*, std::vector<std::string>*>>{
           {"company.names", &company_names_},
           {"company.handles", &company_handles_},
           {"company.products", &company_products_}}) {
    auto& specs = lists_[name];
    for (std::size_t i = 0; i < list_ptr->size(); ++i) {
      TermSpec t;
      t.text = (*list_ptr)[i];
      t.pointer = pointer_append(ptr + "/" + std::string(name).substr(8), i);
      t.source = source_;
      specs.push_back(std::move(t));
    }
  }
}

void Loader::read_roles(const json& j, const std::string& ptr) {
  if (!expect_object(j, ptr, "roles")) return;
  for (const auto& [role, perms] : j.items()) {
    const std::string p = pointer_append(ptr, role);
    if (!expect_object(perms, p, "A role")) continue;
    auto& into = out_->roles[role];
    for (const auto& [key, value] : perms.items()) {
      const std::string kp = pointer_append(p, key);
      if (key == "name") {
        read_text(value, kp, "name");
      } else if (valid_permission(key)) {
        if (auto b = read_bool(value, kp, "A permission")) into[key] = *b;
      } else {
        warn(kp, "Unknown key '" + key + "' is ignored (permissions are named may_..., e.g. may_speak_for_company)");
      }
    }
  }
}

std::optional<TermSpec> Loader::read_term(const json& j, const std::string& ptr) {
  TermSpec t;
  t.pointer = ptr;
  t.source = source_;
  const json* text = &j;
  if (j.is_object()) {
    check_keys(j, ptr, {"term", "match", "fold", "from", "until", "replacement", "note"});
    if (!j.contains("term")) {
      error(ptr, "Missing 'term' (the word or phrase to look for)");
      return std::nullopt;
    }
    text = &j["term"];
    if (j.contains("match")) {
      const json& m = j["match"];
      if (m == "word" || m == "prefix")
        t.prefix = m == "prefix";
      else
        error(ptr + "/match", "match must be \"word\" or \"prefix\"");
    }
    if (j.contains("fold")) t.allowed = read_fold(j["fold"], ptr + "/fold");
    if (j.contains("from")) t.from = read_date(j["from"], ptr + "/from");
    if (j.contains("until")) t.until = read_date(j["until"], ptr + "/until");
    if (t.from && t.until && !(*t.from < *t.until)) error(ptr + "/until", "until must be after from");
    if (j.contains("replacement")) t.replacement = read_string(j["replacement"], ptr + "/replacement", "replacement");
    if (j.contains("note")) {
      out_->notes.push_back(read_text(j["note"], ptr + "/note", "note"));
      t.note = static_cast<std::int32_t>(out_->notes.size() - 1);
    }
  } else if (!j.is_string()) {
    error(ptr, "A term must be a string or an object {\"term\": ...}");
    return std::nullopt;
  }
  const std::string tp = j.is_object() ? ptr + "/term" : ptr;
  auto s = read_string(*text, tp, "A term", Limits::term_chars);
  if (!s) return std::nullopt;
  if (fold::fold_term(utf8_to_utf16(*s), folder_).empty()) {
    error(tp, "A term needs at least one letter or digit");
    return std::nullopt;
  }
  t.text = *s;
  return t;
}

void Loader::read_terms(const json& j, const std::string& ptr) {
  if (!expect_object(j, ptr, "terms")) return;
  for (const auto& [name, items] : j.items()) {
    const std::string p = pointer_append(ptr, name);
    if (name.rfind("company.", 0) == 0) {
      error(p, "List names starting with 'company.' are reserved (use company.names etc. in 'company')");
      continue;
    }
    if (!expect_array(items, p, "A term list")) continue;
    auto& list = lists_[name];
    for (std::size_t i = 0; i < items.size(); ++i)
      if (auto t = read_term(items[i], pointer_append(p, i))) list.push_back(std::move(*t));
  }
}

void Loader::read_rules(const json& j, const std::string& ptr, bool is_pack) {
  if (!expect_array(j, ptr, "rules")) return;
  std::map<std::string, std::string> seen_here;  // id -> pointer, within this document
  for (std::size_t i = 0; i < j.size(); ++i) {
    const std::string p = pointer_append(ptr, i);
    const json& r = j[i];
    if (!expect_object(r, p, "A rule")) continue;
    check_keys(r, p,
               {"id", "category", "severity", "when", "unless", "sites", "accounts", "roles", "from", "until",
                "enabled", "message", "why", "suggestion", "replacement", "link"});
    RuleSpec spec;
    spec.pointer = p;
    spec.source = source_;
    bool ok = true;
    if (!r.contains("id")) {
      error(p, "Missing 'id' (e.g. \"confidential.unreleased\")");
      ok = false;
    } else if (auto id = read_string(r["id"], p + "/id", "id")) {
      if (!valid_id(*id)) {
        error(p + "/id", "id must be lower-case letters, digits, '.', '_' or '-', starting with a letter or digit");
        ok = false;
      }
      spec.id = *id;
      if (auto [it, fresh] = seen_here.emplace(*id, p + "/id"); !fresh) {
        error(p + "/id", "Duplicate rule id '" + *id + "' (also at " + it->second + ")");
        ok = false;
      }
    } else {
      ok = false;
    }
    if (!r.contains("category")) {
      error(
          p,
          "Missing 'category' (spokesperson, conflict, confidential, personal_safety, pii, legal, disclosure, other)");
      ok = false;
    } else if (const auto c =
                   r["category"].is_string() ? category_from_string(r["category"].get<std::string>()) : std::nullopt) {
      spec.category = *c;
    } else {
      error(p + "/category",
            "category must be one of spokesperson, conflict, confidential, personal_safety, "
            "pii, legal, disclosure, other");
      ok = false;
    }
    if (r.contains("severity")) {
      if (const auto s =
              r["severity"].is_string() ? severity_from_string(r["severity"].get<std::string>()) : std::nullopt)
        spec.severity = *s;
      else
        error(p + "/severity", "severity must be \"block\", \"warn\" or \"info\"");
    }
    if (!r.contains("when")) {
      error(p, "Missing 'when' (the condition the rule looks for)");
      ok = false;
    } else {
      spec.when = &r["when"];
    }
    if (r.contains("unless")) spec.unless = &r["unless"];
    if (r.contains("sites"))
      if (auto v = read_hosts(r["sites"], p + "/sites")) spec.sites = *v;
    if (r.contains("accounts")) {
      if (auto v = read_strings(r["accounts"], p + "/accounts", "accounts", false)) {
        spec.personal = spec.official = false;
        for (std::size_t k = 0; k < v->size(); ++k) {
          if ((*v)[k] == "personal")
            spec.personal = true;
          else if ((*v)[k] == "official")
            spec.official = true;
          else
            error(pointer_append(p + "/accounts", k), "Accounts are \"personal\" and \"official\"");
        }
      }
    }
    if (r.contains("roles"))
      if (auto v = read_strings(r["roles"], p + "/roles", "roles", false)) spec.roles = *v;
    if (r.contains("from")) spec.from = read_date(r["from"], p + "/from");
    if (r.contains("until")) spec.until = read_date(r["until"], p + "/until");
    if (spec.from && spec.until && !(*spec.from < *spec.until)) error(p + "/until", "until must be after from");
    if (r.contains("enabled"))
      if (auto b = read_bool(r["enabled"], p + "/enabled", "enabled")) spec.enabled = *b;
    if (!r.contains("message"))
      error(p, "Missing 'message' (what is wrong, in one sentence)");
    else
      spec.message = read_text(r["message"], p + "/message", "message", &spec.templates);
    if (r.contains("why")) spec.why = read_text(r["why"], p + "/why", "why", &spec.templates);
    if (r.contains("suggestion"))
      spec.suggestion = read_text(r["suggestion"], p + "/suggestion", "suggestion", &spec.templates);
    if (r.contains("replacement"))
      spec.replacement = read_text(r["replacement"], p + "/replacement", "replacement", &spec.templates);
    if (r.contains("link")) {
      if (auto s = read_string(r["link"], p + "/link", "link")) {
        if (s->rfind("https://", 0) != 0 && s->rfind("http://", 0) != 0 && s->rfind("mailto:", 0) != 0)
          error(p + "/link", "link must start with https://, http:// or mailto:");
        spec.link = *s;
      }
    }
    if (!ok) continue;
    const auto existing = rule_index_.find(spec.id);
    if (existing != rule_index_.end()) {
      if (is_pack) {
        error(p + "/id", "Rule '" + spec.id + "' is defined by two packs");
        continue;
      }
      rules_[existing->second] = std::move(spec);  // the policy's own rule replaces the pack's
    } else {
      rule_index_[spec.id] = rules_.size();
      rules_.push_back(std::move(spec));
    }
  }
  if (rules_.size() > Limits::rules)
    error(ptr, "The policy has " + with_thousands(rules_.size()) + " rules (with its packs); the limit is " +
                   with_thousands(Limits::rules));
}

void Loader::read_overrides(const json& j, const std::string& ptr) {
  if (!expect_object(j, ptr, "overrides")) return;
  for (const auto& [id, o] : j.items()) {
    const std::string p = pointer_append(ptr, id);
    if (!expect_object(o, p, "An override")) continue;
    check_keys(o, p, {"severity", "enabled", "sites", "accounts", "roles"});
    Override ov;
    ov.pointer = p;
    ov.source = source_;
    if (o.contains("severity")) {
      if (const auto s =
              o["severity"].is_string() ? severity_from_string(o["severity"].get<std::string>()) : std::nullopt)
        ov.severity = *s;
      else
        error(p + "/severity", "severity must be \"block\", \"warn\" or \"info\"");
    }
    if (o.contains("enabled")) ov.enabled = read_bool(o["enabled"], p + "/enabled", "enabled");
    if (o.contains("sites")) ov.sites = read_hosts(o["sites"], p + "/sites");
    if (o.contains("roles")) ov.roles = read_strings(o["roles"], p + "/roles", "roles", false);
    if (o.contains("accounts")) {
      if (auto v = read_strings(o["accounts"], p + "/accounts", "accounts", false)) {
        std::pair<bool, bool> acc{false, false};
        for (const auto& a : *v) {
          if (a == "personal")
            acc.first = true;
          else if (a == "official")
            acc.second = true;
          else
            error(p + "/accounts", "Accounts are \"personal\" and \"official\"");
        }
        ov.accounts = acc;
      }
    }
    overrides_.emplace_back(id, std::move(ov));
  }
}

void Loader::read_tests(const json& j, const std::string& ptr) {
  if (!expect_array(j, ptr, "tests")) return;
  if (j.size() > Limits::tests)
    error(ptr, "The policy has " + with_thousands(j.size()) + " tests; the limit is " + with_thousands(Limits::tests));
  for (std::size_t i = 0; i < j.size() && i < Limits::tests; ++i) {
    const std::string p = pointer_append(ptr, i);
    const json& t = j[i];
    if (!expect_object(t, p, "A test")) continue;
    check_keys(t, p, {"name", "text", "context", "expect"});
    PolicyTest test;
    test.pointer = p;
    test.name = "#" + std::to_string(i + 1);
    if (t.contains("name"))
      if (auto s = read_string(t["name"], p + "/name", "name")) test.name = *s;
    if (!t.contains("text")) {
      error(p, "Missing 'text' (the post to check)");
    } else if (auto s = read_string(t["text"], p + "/text", "text", Limits::draft_units)) {
      test.text = utf8_to_utf16(*s);
    }
    if (t.contains("context")) {
      std::string problem, key;
      if (auto c = context_from_json(t["context"], problem, &key))
        test.context = *c;
      else
        error(key.empty() ? p + "/context" : pointer_append(p + "/context", key), problem);
    }
    if (!t.contains("expect")) {
      error(p, "Missing 'expect' (the rule ids the text must produce; [] for none)");
    } else if (expect_array(t["expect"], p + "/expect", "expect")) {
      const json& e = t["expect"];
      for (std::size_t k = 0; k < e.size(); ++k) {
        const std::string ep = pointer_append(p + "/expect", k);
        if (e[k].is_string()) {
          test.expect.push_back({e[k].get<std::string>(), std::nullopt});
        } else if (e[k].is_object() && e[k].contains("rule") && e[k]["rule"].is_string()) {
          check_keys(e[k], ep, {"rule", "text"});
          PolicyTest::Expectation x{e[k]["rule"].get<std::string>(), std::nullopt};
          if (e[k].contains("text"))
            if (auto s = read_string(e[k]["text"], ep + "/text", "text")) x.text = utf8_to_utf16(*s);
          test.expect.push_back(std::move(x));
        } else {
          error(ep, "An expectation is a rule id or {\"rule\": id, \"text\": flagged text}");
        }
      }
    }
    out_->tests.push_back(std::move(test));
  }
}

void Loader::add_terms(const std::vector<TermSpec>& specs, std::uint32_t leaf, bool prefix_default,
                       FoldSet fold_default) {
  if (validate_only_) return;
  for (const TermSpec& s : specs) {
    if (++term_total_ > Limits::terms) {
      if (!term_limit_reported_)
        error(s.pointer,
              "The policy has more than " + with_thousands(Limits::terms) +
                  " terms (counting each use of a list); that is the limit",
              s.source);
      term_limit_reported_ = true;
      return;
    }
    Term t;
    t.text = utf8_to_utf16(s.text);
    t.key = fold::fold_term(t.text, folder_);
    t.leaf = leaf;
    t.allowed = s.allowed.value_or(fold_default);
    t.prefix = s.prefix.value_or(prefix_default);
    t.from = s.from;
    t.until = s.until;
    t.replacement = s.replacement;
    t.note = s.note;
    const auto id = static_cast<std::uint32_t>(out_->terms.size());
    out_->trie.insert(t.key, id);
    // "Espana" is how many write "España": the n-variants lead to the same term (at most 8).
    std::vector<std::size_t> enye;
    for (std::size_t k = 0; k < t.key.size() && enye.size() < 3; ++k)
      if (t.key[k] == 0xF1) enye.push_back(k);
    for (std::size_t mask = 1; mask < (std::size_t{1} << enye.size()); ++mask) {
      std::u32string variant = t.key;
      for (std::size_t b = 0; b < enye.size(); ++b)
        if (mask & (std::size_t{1} << b)) variant[enye[b]] = U'n';
      out_->trie.insert(variant, id);
    }
    out_->terms.push_back(std::move(t));
  }
}

std::uint32_t Loader::compile_condition(const json& j, const std::string& ptr, int depth, const std::string& rule) {
  Node node;
  if (depth > Limits::condition_depth) {
    error(ptr, "Conditions are nested deeper than the limit of " + std::to_string(Limits::condition_depth) + " levels");
    return add_node(node);
  }
  if (!j.is_object()) {
    error(ptr, "A condition must be an object such as {\"terms\": [...]} or {\"any\": [...]}");
    return add_node(node);
  }
  static constexpr std::string_view kOperators[] = {"terms", "list",    "regex", "detector",   "all",
                                                    "any",   "not",     "near",  "without",    "sentence",
                                                    "site",  "account", "role",  "permission", "date"};
  std::vector<std::string> ops;
  for (const auto& [key, value] : j.items()) {
    (void)value;
    if (std::find(std::begin(kOperators), std::end(kOperators), key) != std::end(kOperators)) ops.push_back(key);
  }
  if (ops.size() != 1) {
    if (ops.empty())
      error(ptr,
            "A condition needs one operator: terms, list, regex, detector, all, any, not, near, sentence, "
            "site, account, role, permission or date");
    else
      error(ptr, "A condition has exactly one operator; found '" + ops[0] + "' and '" + ops[1] +
                     "' (combine them with \"all\" or \"any\")");
    return add_node(node);
  }
  const std::string op = ops[0];
  const std::string p = pointer_append(ptr, op);
  const json& v = j[op];
  // Each operator's modifiers; `highlight` goes with any of them.
  std::vector<std::string_view> known{op, "highlight"};
  if (op == "terms" || op == "list") known.insert(known.end(), {"match", "fold"});
  if (op == "regex") known.insert(known.end(), {"ignore_case", "on"});
  if (op == "near") known.insert(known.end(), {"within", "ordered"});
  if (op == "without") known.push_back("within");
  check_keys(j, ptr, known);
  if (j.contains("highlight"))
    if (auto b = read_bool(j["highlight"], ptr + "/highlight", "highlight")) node.highlight = *b;

  if (op == "terms" || op == "list") {
    bool prefix = false;
    if (j.contains("match")) {
      if (j["match"] == "word" || j["match"] == "prefix")
        prefix = j["match"] == "prefix";
      else
        error(ptr + "/match", "match must be \"word\" or \"prefix\"");
    }
    FoldSet folds = FoldSet::all();
    if (j.contains("fold"))
      if (auto f = read_fold(j["fold"], ptr + "/fold")) folds = *f;
    node.kind = NodeKind::literal;
    node.leaf = static_cast<std::uint32_t>(out_->leaves.size());
    out_->leaves.push_back(Leaf{LeafKind::literal, 0, {}});
    node.can_span = true;
    if (op == "terms") {
      if (expect_array(v, p, "terms")) {
        if (v.empty()) error(p, "terms must not be empty");
        std::vector<TermSpec> specs;
        for (std::size_t i = 0; i < v.size(); ++i)
          if (auto t = read_term(v[i], pointer_append(p, i))) specs.push_back(std::move(*t));
        add_terms(specs, node.leaf, prefix, folds);
      }
    } else if (auto name = read_string(v, p, "list")) {
      const auto it = lists_.find(*name);
      if (it != lists_.end()) {
        add_terms(it->second, node.leaf, prefix, folds);
      } else if (sources_[static_cast<std::size_t>(source_)].name.empty() && name->rfind("company.", 0) != 0) {
        warn(p, "The list '" + *name + "' is not defined in 'terms', so it never matches");
      } else if (name->rfind("company.", 0) == 0 && *name != "company.names" && *name != "company.handles" &&
                 *name != "company.products") {
        error(p, "Company lists are company.names, company.handles and company.products");
      }
    }
    return add_node(std::move(node));
  }
  if (op == "regex") {
    node.kind = NodeKind::regex;
    node.can_span = true;
    node.leaf = static_cast<std::uint32_t>(out_->leaves.size());
    out_->leaves.push_back(Leaf{LeafKind::regex, static_cast<std::uint32_t>(out_->regexes.size()), {}});
    RegexLeaf leaf;
    leaf.rule = rule;
    bool ignore_case = true;
    if (j.contains("ignore_case"))
      if (auto b = read_bool(j["ignore_case"], ptr + "/ignore_case", "ignore_case")) ignore_case = *b;
    if (j.contains("on")) {
      if (j["on"] == "text" || j["on"] == "folded")
        leaf.on_folded = j["on"] == "folded";
      else
        error(ptr + "/on", "on must be \"text\" or \"folded\"");
    }
    out_->uses_folded_regex = out_->uses_folded_regex || leaf.on_folded;
    std::optional<std::uint32_t> same_as;  // an identical regex of the same rule already compiled
    if (++regex_total_ > Limits::regexes)
      error(p, "The policy has more than " + with_thousands(Limits::regexes) + " regexes; that is the limit");
    if (auto pattern = read_string(v, p, "regex", Limits::regex_chars)) {
      if (pattern->empty()) error(p, "regex must not be empty");
      if (uses_character_names(*pattern))  // the WebAssembly build carries no character names
        error(p, "\\N{NAME} is not supported in regexes; write the character itself or \\x{hex}");
      UParseError pe{};
      UErrorCode status = U_ZERO_ERROR;
      const icu::UnicodeString upattern = icu::UnicodeString::fromUTF8(*pattern);
      // The folded view is case-folded already: a pattern that cannot tell cases apart there
      // runs faster without ICU's case closure, with the same matches.
      const bool fold_case = ignore_case && !(leaf.on_folded && needs_no_case_folding(*pattern));
      const uint32_t flags = fold_case ? UREGEX_CASE_INSENSITIVE : 0;
      auto whole = compile_regex(upattern, flags, pe, status);
      if (U_FAILURE(status)) {
        error(p, std::string("Invalid regex: ") + regex_error_text(status) + " at character " +
                     std::to_string(pe.offset + 1));
      } else {
        UErrorCode ms = U_ZERO_ERROR;
        std::unique_ptr<icu::RegexMatcher> m(whole->matcher(icu::UnicodeString(), ms));
        if (U_SUCCESS(ms) && m->matches(ms) && U_SUCCESS(ms))
          warn(p, "This regex also matches empty text; empty matches are ignored");
        if (!validate_only_) {
          // The same regex written twice in a rule (packs repeat shared patterns under several
          // branches) is one leaf, matched once per check.
          const std::string key = rule + '\0' + (leaf.on_folded ? 'f' : 't') + (ignore_case ? 'i' : 'c') + *pattern;
          const auto earlier = regex_leaf_.find(key);
          if (earlier != regex_leaf_.end()) {
            same_as = earlier->second;
          } else {
            regex_leaf_.emplace(key, node.leaf);
            add_regex_parts(*pattern, std::move(whole), flags, leaf);
          }
        }
      }
    }
    if (same_as) {
      out_->leaves.pop_back();
      node.leaf = *same_as;
    } else if (!validate_only_) {
      out_->regexes.push_back(std::move(leaf));
    } else {
      out_->leaves.pop_back();
      --regex_total_;
    }
    return add_node(std::move(node));
  }
  if (op == "detector") {
    node.kind = NodeKind::detector;
    node.can_span = true;
    node.leaf = static_cast<std::uint32_t>(out_->leaves.size());
    Leaf leaf{LeafKind::detector, 0, {}};
    if (auto name = read_string(v, p, "detector")) {
      if (auto d = detect::detector_from_string(*name)) {
        leaf.detector = *d;
        out_->uses_detector[static_cast<int>(*d)] = true;
      } else {
        std::string detectors;
        for (int k = 0; k < detect::kDetectorCount; ++k)
          detectors += (k ? ", " : "") + std::string(detect::to_string(static_cast<detect::Detector>(k)));
        error(p, "Unknown detector '" + *name + "' (detectors: " + detectors + ")");
      }
    }
    // One leaf per detector: its hits are found once per check, whichever rules use them.
    const auto earlier = detector_leaf_.find(static_cast<int>(leaf.detector));
    if (!validate_only_ && earlier != detector_leaf_.end()) {
      node.leaf = earlier->second;
    } else {
      if (!validate_only_) detector_leaf_.emplace(static_cast<int>(leaf.detector), node.leaf);
      out_->leaves.push_back(leaf);
    }
    return add_node(std::move(node));
  }
  if (op == "all" || op == "any" || op == "near" || op == "without") {
    node.kind = op == "all"    ? NodeKind::all
                : op == "any"  ? NodeKind::any
                : op == "near" ? NodeKind::near
                               : NodeKind::without;
    if (expect_array(v, p, op.c_str())) {
      if (v.empty()) error(p, op + " needs at least one condition");
      for (std::size_t i = 0; i < v.size(); ++i) {
        const std::uint32_t c = compile_condition(v[i], pointer_append(p, i), depth + 1, rule);
        node.children.push_back(c);
        node.can_span = node.can_span || out_->nodes[c].can_span;
      }
    }
    if (node.kind == NodeKind::without) {
      if (node.children.size() != 2 || !out_->nodes[node.children[0]].can_span ||
          !out_->nodes[node.children[1]].can_span)
        error(p, "without needs exactly two text conditions: [what to report, what must not be near it]");
      node.can_span = !node.children.empty() && out_->nodes[node.children[0]].can_span;
    }
    if (node.kind == NodeKind::near || node.kind == NodeKind::without) {
      const auto spanning = std::count_if(node.children.begin(), node.children.end(),
                                          [&](std::uint32_t c) { return out_->nodes[c].can_span; });
      if (node.kind == NodeKind::near && !node.children.empty() && spanning < 2)
        error(p, "near needs at least two text conditions (terms, list, regex, detector) to measure between");
      if (!j.contains("within")) {
        error(ptr, op + " needs 'within': the largest number of words between the matches (1-100)");
      } else if (!j["within"].is_number_integer() || j["within"].get<long long>() < 1 ||
                 j["within"].get<long long>() > Limits::near_within_max) {
        error(ptr + "/within", "within must be a whole number of words from 1 to 100");
      } else {
        node.within = j["within"].get<int>();
      }
      if (j.contains("ordered"))
        if (auto b = read_bool(j["ordered"], ptr + "/ordered", "ordered")) node.ordered = *b;
      if (node.kind == NodeKind::near) node.can_span = true;
    }
    return add_node(std::move(node));
  }
  if (op == "not" || op == "sentence") {
    node.kind = op == "not" ? NodeKind::not_ : NodeKind::sentence;
    const std::uint32_t c = compile_condition(v, p, depth + 1, rule);
    node.children.push_back(c);
    node.can_span = node.kind == NodeKind::sentence && out_->nodes[c].can_span;
    out_->uses_sentences = out_->uses_sentences || node.kind == NodeKind::sentence;
    return add_node(std::move(node));
  }
  if (op == "site" || op == "role") {
    node.kind = op == "site" ? NodeKind::site : NodeKind::role;
    if (auto list = op == "site" ? read_hosts(v, p) : read_strings(v, p, "role", false)) node.values = *list;
    if (op == "role")
      for (const auto& r : node.values)
        if (!out_->roles.count(r)) warn(p, "The role '" + r + "' is not defined in 'roles'");
  } else if (op == "account") {
    node.kind = NodeKind::account;
    if (v == "personal" || v == "official")
      node.account = v == "personal" ? Account::personal : Account::official;
    else
      error(p, "account must be \"personal\" or \"official\"");
  } else if (op == "permission") {
    node.kind = NodeKind::permission;
    if (auto s = read_string(v, p, "permission")) {
      if (!valid_permission(*s))
        error(p, "Permissions are named may_ and lower-case words, e.g. \"may_speak_for_company\"");
      node.values = {*s};
    }
  } else {  // date
    node.kind = NodeKind::date;
    if (expect_object(v, p, "date")) {
      check_keys(v, p, {"from", "until"});
      if (v.contains("from")) node.from = read_date(v["from"], p + "/from");
      if (v.contains("until")) node.until = read_date(v["until"], p + "/until");
      if (!v.contains("from") && !v.contains("until")) error(p, "date needs 'from', 'until' or both");
    }
  }
  return add_node(std::move(node));
}

void Loader::check_variables(const RuleSpec& r) {
  for (const auto& [ptr, t] : r.templates) {
    for (const auto& piece : t->pieces) {
      if (!piece.variable || piece.fallback || piece.text == "match" || piece.text.rfind("term.", 0) == 0) continue;
      if (!out_->variables.count(piece.text))
        warn(ptr,
             "{" + piece.text + "} has no value in this policy (give it one, or write {" + piece.text +
                 "|fallback text})",
             r.source);
    }
  }
}

void Loader::compile_rules() {
  for (const auto& [id, ov] : overrides_) {
    const auto it = rule_index_.find(id);
    if (it == rule_index_.end()) {
      error(ov.pointer, "No rule has the id '" + id + "' (overrides change rules from packs or this policy)",
            ov.source);
      continue;
    }
    RuleSpec& r = rules_[it->second];
    if (ov.severity) r.severity = *ov.severity;
    if (ov.enabled) r.enabled = *ov.enabled;
    if (ov.sites) r.sites = *ov.sites;
    if (ov.roles) r.roles = *ov.roles;
    if (ov.accounts) std::tie(r.personal, r.official) = *ov.accounts;
  }
  for (RuleSpec& spec : rules_) {
    source_ = spec.source;
    if (!spec.enabled) {
      // A disabled rule is still checked, so its mistakes do not wait until it is switched on;
      // its terms and regexes stay out of the compiled policy.
      validate_only_ = true;
      compile_condition(*spec.when, spec.pointer + "/when", 1, spec.id);
      if (spec.unless) compile_condition(*spec.unless, spec.pointer + "/unless", 1, spec.id);
      validate_only_ = false;
      continue;
    }
    Rule rule;
    rule.id = spec.id;
    rule.category = spec.category;
    rule.severity = spec.severity;
    rule.when = compile_condition(*spec.when, spec.pointer + "/when", 1, spec.id);
    if (!out_->nodes[rule.when].can_span)
      error(spec.pointer + "/when",
            "'when' must contain at least one text condition (terms, list, regex or "
            "detector) outside 'not', so there is something to point at");
    if (spec.unless) rule.unless = compile_condition(*spec.unless, spec.pointer + "/unless", 1, spec.id);
    if (auto gate = rule_gate(*out_, rule.when)) rule.gate = std::move(*gate);
    rule.sites = spec.sites;
    rule.personal = spec.personal;
    rule.official = spec.official;
    rule.roles = spec.roles;
    rule.from = spec.from;
    rule.until = spec.until;
    rule.message = std::move(spec.message);
    rule.why = std::move(spec.why);
    rule.suggestion = std::move(spec.suggestion);
    rule.replacement = std::move(spec.replacement);
    rule.link = spec.link.empty() ? out_->info.url : spec.link;
    spec.templates.clear();  // they pointed into spec; re-collect from the rule for the check
    for (const LocalizedText* text : {&rule.message, &rule.why, &rule.suggestion, &rule.replacement})
      for (const auto& [locale, t] : text->variants) spec.templates.emplace_back(spec.pointer, &t);
    check_variables(spec);
    out_->rules.push_back(std::move(rule));
  }
  source_ = 0;
}

void Loader::check_test_expectations() {
  std::set<std::string> ids;
  for (const Rule& r : out_->rules) ids.insert(r.id);
  for (const PolicyTest& t : out_->tests)
    for (std::size_t k = 0; k < t.expect.size(); ++k)
      if (!ids.count(t.expect[k].rule))
        error(pointer_append(t.pointer + "/expect", k),
              "Expects rule '" + t.expect[k].rule + "', which the policy does not have (or has disabled)", 0);
}

void Loader::set_policy_variables() {
  const PolicyInfo& info = out_->info;
  if (!info.name.empty()) out_->variables["policy.name"] = info.name;
  if (!info.url.empty()) out_->variables["policy.url"] = info.url;
  if (!info.contact.empty()) out_->variables["policy.contact"] = info.contact;
}

void Loader::finish_info() {
  PolicyInfo& info = out_->info;
  info.rule_count = out_->rules.size();
  info.term_count = out_->terms.size();
  info.regex_count = out_->regexes.size();
}

LoadResult Loader::load(std::string_view text) {
  std::vector<std::pair<std::string, TextPosition>> duplicate_keys;
  LoadResult result;
  sources_.push_back(Source{"", text, {}});
  if (text.size() > Limits::policy_bytes) {
    error("", "The policy is " + with_thousands(text.size()) + " bytes; the limit is " +
                  with_thousands(Limits::policy_bytes) + " bytes (8 MiB)");
  } else if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
    const TextPosition pos = JsonLocator::position_in(text, nul);
    result.errors.push_back(Diagnostic{Diagnostic::Level::error, "", pos.line, pos.column,
                                       "The policy contains a NUL character; a policy is UTF-8 JSON text"});
    return result;
  } else if (auto failure = parse_json(text, sources_[0].doc, &duplicate_keys)) {
    result.errors.push_back(Diagnostic{Diagnostic::Level::error, "", failure->position.line, failure->position.column,
                                       "Invalid JSON: " + failure->message});
    return result;
  } else {
    for (const auto& [pointer, position] : duplicate_keys) {
      error(pointer,
            "This key appears twice in the same object; a key may appear once (otherwise the later one "
            "would silently replace the earlier)");
      if (!pending_.empty()) {  // point at the repeat, not at the first one
        pending_.back().d.line = position.line;
        pending_.back().d.column = position.column;
      }
    }
    const json& doc = sources_[0].doc;
    if (doc.is_object() && doc.contains("extends")) resolve_extends(doc["extends"], "/extends", 0);
    source_ = 0;
    read_document(sources_[0], false);
    // Rules are compiled even when reading found errors, so that one run reports them all;
    // whatever failed to read was left out rather than half-built.
    set_policy_variables();
    compile_rules();
    check_test_expectations();
    finish_info();
  }
  // Locate every diagnostic in its own document's text (a second pass, only when needed).
  std::map<int, std::unique_ptr<JsonLocator>> locators;
  for (Pending& p : pending_) {
    auto& loc = locators[p.source];
    if (!loc) loc = std::make_unique<JsonLocator>(sources_[static_cast<std::size_t>(p.source)].text);
    if (p.d.line == 0) {
      const TextPosition pos = loc->locate(p.d.pointer);
      p.d.line = pos.line;
      p.d.column = pos.column;
    }
    if (p.source != 0) p.d.message = "In " + sources_[static_cast<std::size_t>(p.source)].name + ": " + p.d.message;
    (p.d.level == Diagnostic::Level::error ? result.errors : result.warnings).push_back(std::move(p.d));
  }
  if (error_count_ > kMaxDiagnostics)
    result.errors.push_back(Diagnostic{Diagnostic::Level::error, "", 0, 0,
                                       "... and " + with_thousands(error_count_ - kMaxDiagnostics) +
                                           " more errors (the first " + with_thousands(kMaxDiagnostics) +
                                           " are shown)"});
  if (warning_count_ > kMaxDiagnostics)
    result.warnings.push_back(Diagnostic{Diagnostic::Level::warning, "", 0, 0,
                                         "... and " + with_thousands(warning_count_ - kMaxDiagnostics) +
                                             " more warnings (the first " + with_thousands(kMaxDiagnostics) +
                                             " are shown)"});
  if (!result.errors.empty()) return result;
  out_->trie.finish();
  out_->regex_literals.finish();
  out_->serial = ++g_serial;
  result.policy = std::make_shared<const Policy>(std::move(out_));
  return result;
}

}  // namespace

Policy::Policy(std::unique_ptr<Compiled> compiled) : compiled_(std::move(compiled)) {}
Policy::~Policy() = default;
const PolicyInfo& Policy::info() const { return compiled_->info; }
const std::vector<PolicyTest>& Policy::tests() const { return compiled_->tests; }

LoadResult load_policy(std::string_view json_text) {
#if defined(__cpp_exceptions)
  try {
    return Loader().load(json_text);
  } catch (const std::exception& e) {
    LoadResult r;
    r.errors.push_back(Diagnostic{Diagnostic::Level::error, "", 0, 0,
                                  std::string("Internal error while loading the policy: ") + e.what()});
    return r;
  }
#else
  return Loader().load(json_text);
#endif
}

LoadResult load_default_policy() {
  static constexpr std::string_view kDefault = R"({
  "policy": { "id": "postguard-default", "version": "1", "name": { "en": "Postguard default policy",
              "es": "Política predeterminada de Postguard" }, "languages": ["en", "es"] },
  "extends": ["builtin:default"]
})";
  return load_policy(kDefault);
}

std::vector<std::string> builtin_pack_names() {
  std::vector<std::string> names;
  for (const auto& p : builtin::packs()) names.emplace_back(p.name);
  return names;
}

std::string_view builtin_pack_source(std::string_view name) {
  for (const auto& p : builtin::packs())
    if (p.name == name) return p.source;
  return {};
}

std::string to_string(const Diagnostic& d) {
  std::string out = d.level == Diagnostic::Level::error ? "error" : "warning";
  out += " " + (d.pointer.empty() ? std::string("/") : d.pointer);
  if (d.line > 0) out += " (" + std::to_string(d.line) + ":" + std::to_string(d.column) + ")";
  return out + ": " + d.message;
}

}  // namespace postguard
