// Loading policies: every problem is reported with its JSON pointer and line:column, unknown
// keys warn, limits are enforced with the limit named, and a broken policy never loads.
#include <algorithm>

#include "fixtures.hpp"

using namespace fixtures;

namespace {

const Diagnostic* find_diag(const std::vector<Diagnostic>& ds, const std::string& pointer) {
  for (const auto& d : ds)
    if (d.pointer == pointer) return &d;
  return nullptr;
}

std::string all_messages(const LoadResult& r) {
  std::string s;
  for (const auto& d : r.errors) s += to_string(d) + "\n";
  for (const auto& d : r.warnings) s += to_string(d) + "\n";
  return s;
}

}  // namespace

TEST_CASE("a JSON syntax error names its line and column", "[load]") {
  const LoadResult r = load_policy("{\n  \"policy\": {\"id\": \"a\",\n    \"version\": \"1\" \"name\": 3}\n}");
  REQUIRE_FALSE(r.ok());
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].line == 3);
  CHECK(r.errors[0].column == 20);  // the unexpected "name"
  CHECK(r.errors[0].message.find("Invalid JSON") == 0);
}

TEST_CASE("every error is reported, each at its pointer and line:column", "[load]") {
  const std::string text =
      "{\n"                                                                                                    // 1
      "  \"policy\": {\"id\": \"Bad Id\", \"version\": \"1.0\"},\n"                                            // 2
      "  \"rules\": [\n"                                                                                       // 3
      "    {\"id\": \"a\", \"category\": \"gossip\", \"severity\": \"loud\",\n"                                // 4
      "     \"when\": {\"near\": [{\"terms\": [\"x\"]}, {\"terms\": [\"y\"]}], \"within\": 0},\n"              // 5
      "     \"message\": \"m\"},\n"                                                                            // 6
      "    {\"id\": \"b\", \"category\": \"pii\", \"when\": {\"regex\": \"(ab\"}, \"message\": \"{nope}\"}\n"  // 7
      "  ]\n"
      "}\n";
  const LoadResult r = load_policy(text);
  INFO(all_messages(r));
  REQUIRE_FALSE(r.ok());
  const Diagnostic* id = find_diag(r.errors, "/policy/id");
  REQUIRE(id != nullptr);
  CHECK(id->line == 2);
  CHECK(id->column == 14);
  const Diagnostic* cat = find_diag(r.errors, "/rules/0/category");
  REQUIRE(cat != nullptr);
  CHECK(cat->line == 4);
  CHECK(cat->column == 17);
  CHECK(find_diag(r.errors, "/rules/0/severity") != nullptr);
  const Diagnostic* regex = find_diag(r.errors, "/rules/1/when/regex");
  REQUIRE(regex != nullptr);
  CHECK(regex->line == 7);
  CHECK(regex->message.find("mismatched parenthesis") != std::string::npos);
  const Diagnostic* msg = find_diag(r.errors, "/rules/1/message");
  REQUIRE(msg != nullptr);
  CHECK(msg->message.find("Unknown variable {nope}") != std::string::npos);
}

TEST_CASE("near.within out of range points at within (after the rest reads)", "[load]") {
  const LoadResult r = load_policy(R"({"policy": {"id": "a", "version": "1"}, "rules": [
    {"id": "a", "category": "pii", "message": "m",
     "when": {"near": [{"terms": ["x"]}, {"terms": ["y"]}], "within": 0}}]})");
  INFO(all_messages(r));
  REQUIRE_FALSE(r.ok());
  const Diagnostic* d = find_diag(r.errors, "/rules/0/when/within");
  REQUIRE(d != nullptr);
  CHECK(d->line == 3);
}

TEST_CASE("unknown keys warn (with a location) but do not stop loading", "[load]") {
  const LoadResult r = load_policy(R"({"policy": {"id": "a", "version": "1"},
    "rules": [{"id": "a", "category": "pii", "sevrity": "block", "when": {"terms": ["x"]}, "message": "m"}]})");
  INFO(all_messages(r));
  REQUIRE(r.ok());
  const Diagnostic* w = find_diag(r.warnings, "/rules/0/sevrity");
  REQUIRE(w != nullptr);
  CHECK(w->line == 2);
  CHECK(w->message.find("'severity'") != std::string::npos);
}

TEST_CASE("structural mistakes are errors with clear messages", "[load]") {
  struct Case {
    const char* json;
    const char* pointer;
    const char* says;
  };
  const Case cases[] = {
      {R"([])", "", "must be an object"},
      {R"({"rules": []})", "", "Missing 'policy'"},
      {R"({"policy": {"id": "a"}})", "/policy", "Missing 'version'"},
      {R"({"policy": {"id": "a", "version": "v1"}})", "/policy/version", "numbers separated by dots"},
      {R"({"policy": {"id": "a", "version": "1", "url": "intranet"}})", "/policy/url", "https://"},
      {R"({"policy": {"id": "a", "version": "1"}, "extends": ["builtin:nope"]})", "/extends/0", "Unknown pack"},
      {R"({"policy": {"id": "a", "version": "1"}, "rules": [{"id": "a", "category": "pii", "message": "m", "when": {"terms": ["x"], "regex": "y"}}]})",
       "/rules/0/when", "exactly one operator"},
      {R"({"policy": {"id": "a", "version": "1"}, "rules": [{"id": "a", "category": "pii", "message": "m", "when": {"not": {"terms": ["x"]}}}]})",
       "/rules/0/when", "at least one text condition"},
      {R"({"policy": {"id": "a", "version": "1"}, "rules": [{"id": "a", "category": "pii", "message": "m", "when": {"regex": "\\N{LATIN SMALL LETTER A}"}}]})",
       "/rules/0/when/regex", "is not supported"},
      {R"({"policy": {"id": "a", "version": "1"}, "rules": [{"id": "a", "category": "pii", "message": "m", "when": {"detector": "dna"}}]})",
       "/rules/0/when/detector", "Unknown detector"},
      {R"({"policy": {"id": "a", "version": "1"}, "rules": [{"id": "a", "category": "pii", "message": "m", "when": {"terms": ["!!!"]}}]})",
       "/rules/0/when/terms/0", "letter or digit"},
      {R"({"policy": {"id": "a", "version": "1"}, "rules": [{"id": "a", "category": "pii", "message": "m", "when": {"terms": ["x"]}, "from": "2026-02-30"}]})",
       "/rules/0/from", "YYYY-MM-DD"},
      {R"({"policy": {"id": "a", "version": "1"}, "rules": [
          {"id": "a", "category": "pii", "message": "m", "when": {"terms": ["x"]}},
          {"id": "a", "category": "pii", "message": "m", "when": {"terms": ["y"]}}]})",
       "/rules/1/id", "Duplicate rule id"},
      {R"({"policy": {"id": "a", "version": "1"}, "overrides": {"nope": {"severity": "info"}}})", "/overrides/nope",
       "No rule has the id"},
      {R"({"policy": {"id": "a", "version": "1"}, "rules": [{"id": "a", "category": "pii", "message": "m", "when": {"terms": ["x"]}}],
          "tests": [{"text": "x", "expect": ["b"]}]})",
       "/tests/0/expect/0", "does not have"},
      {R"({"policy": {"id": "a", "version": "1"}, "tests": [{"text": "x", "context": {"acount": "official"}, "expect": []}]})",
       "/tests/0/context/acount", "Unknown context key"},
      {R"({"policy": {"id": "a", "version": "1"}, "rules": [{"id": "a", "category": "pii", "message": "m", "when": {"terms": ["x"]}, "sites": ["https://x.com/home"]}]})",
       "/rules/0/sites/0", "not a host name"},
      {R"({"policy": {"id": "a", "version": "1"}, "rules": [{"id": "a", "category": "pii", "message": "m", "enabled": false, "when": {"regex": "(x"}}]})",
       "/rules/0/when/regex", "Invalid regex"},
      {R"({"policy": {"id": "a", "version": "1"}, "roles": {"team": {"may_Speak": true}}, "rules": [{"id": "a", "category": "pii", "message": "m", "when": {"terms": ["x"]}, "unless": {"permission": "may-speak"}}]})",
       "/rules/0/unless/permission", "Permissions are named may_"},
  };
  for (const Case& c : cases) {
    const LoadResult r = load_policy(c.json);
    INFO(c.json << "\n" << all_messages(r));
    REQUIRE_FALSE(r.ok());
    const Diagnostic* d = find_diag(r.errors, c.pointer);
    REQUIRE(d != nullptr);
    CHECK(d->message.find(c.says) != std::string::npos);
    CHECK(d->line >= 1);
  }
}

TEST_CASE("limits are enforced and named", "[load][limits]") {
  SECTION("regex length") {
    const std::string pattern(1001, 'a');
    const LoadResult r = load_policy(
        R"({"policy": {"id": "a", "version": "1"}, "rules": [{"id": "a", "category": "pii", "message": "m", "when": {"regex": ")" +
        pattern + R"("}}]})");
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors[0].message.find("1,000 characters") != std::string::npos);
  }
  SECTION("term length") {
    const std::string term(201, 'a');
    const LoadResult r = load_policy(R"({"policy": {"id": "a", "version": "1"}, "terms": {"x": [")" + term + R"("]}})");
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors[0].pointer == "/terms/x/0");
    CHECK(r.errors[0].message.find("200 characters") != std::string::npos);
  }
  SECTION("JSON nesting") {
    const std::string deep = std::string(100000, '[') + std::string(100000, ']');
    const LoadResult r = load_policy(R"({"policy": {"id": "a", "version": "1"}, "x": )" + deep + "}");
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors[0].message.find("64 levels") != std::string::npos);
  }
  SECTION("file size") {
    const std::string big(Limits::policy_bytes + 1, ' ');
    const LoadResult r = load_policy(big);
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors[0].message.find("8 MiB") != std::string::npos);
  }
  SECTION("condition nesting") {
    std::string when = R"({"terms": ["x"]})";
    for (int i = 0; i < 20; ++i) when = R"({"any": [)" + when + "]}";
    const LoadResult r = load_policy(
        R"({"policy": {"id": "a", "version": "1"}, "rules": [{"id": "a", "category": "pii", "message": "m", "when": )" +
        when + "}]}");
    REQUIRE_FALSE(r.ok());
    CHECK(r.errors[0].message.find("16 levels") != std::string::npos);
  }
}

TEST_CASE("invalid UTF-8 and NUL bytes in a policy are errors, not crashes", "[load]") {
  const LoadResult bad = load_policy(std::string("{\"policy\": {\"id\": \"a\xff\", \"version\": \"1\"}}"));
  CHECK_FALSE(bad.ok());
  CHECK_FALSE(bad.errors.empty());
  const LoadResult nul = load_policy(std::string("{\"policy\": {\"id\": \"a\", \"version\": \"1\"}}\0", 41));
  CHECK_FALSE(nul.ok());
}

TEST_CASE("variables without a value warn unless they have a fallback", "[load]") {
  const LoadResult r = load_policy(R"({"policy": {"id": "a", "version": "1"}, "rules": [
    {"id": "a", "category": "pii", "when": {"terms": ["x"]},
     "message": "Go to {company.official_urls.support}", "why": "See {company.official_urls.help|the help page}"}]})");
  INFO(all_messages(r));
  REQUIRE(r.ok());
  REQUIRE(r.warnings.size() == 1);
  CHECK(r.warnings[0].message.find("{company.official_urls.support} has no value") != std::string::npos);
}

TEST_CASE("the policy's info reflects packs, rules and terms", "[load]") {
  auto p =
      compile(R"({"policy": {"id": "acme", "version": "2026.11.2", "name": {"es": "Política ACME", "en": "ACME policy"},
    "languages": ["es", "en"], "url": "https://intranet.example/p", "contact": "social@acme.example"},
    "terms": {"unreleased": ["A", "B"]},
    "rules": [{"id": "a", "category": "confidential", "when": {"list": "unreleased"}, "message": "m"},
              {"id": "b", "category": "confidential", "when": {"regex": "z+"}, "message": "m", "enabled": false}]})");
  const PolicyInfo& info = p->info();
  CHECK(info.id == "acme");
  CHECK(info.version == "2026.11.2");
  CHECK(info.name == "Política ACME");
  CHECK(info.rule_count == 1);
  CHECK(info.term_count == 2);
}
