// Hostile policies and drafts (issue 8): each ends with a clear error that names the limit, or in
// bounded time. Times are printed (WARN) but only generous bounds are asserted, because the suite
// also runs under ASan+UBSan (scripts/sanitize.sh) on a shared machine.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "fixtures.hpp"

using namespace fixtures;

namespace {

// Seconds one hostile case may take; a normal Release build needs a small fraction of it.
constexpr double kGenerousSeconds = 60;
constexpr std::size_t kMiB = 1u << 20;  // Limits::draft_units

template <typename Body>
double seconds(Body&& body) {
  const auto start = std::chrono::steady_clock::now();
  body();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void report_time(const std::string& what, double s) {
  char line[160];
  std::snprintf(line, sizeof line, "%.3f s: %s", s, what.c_str());
  WARN(line);
}

std::string repeat(std::string_view piece, std::size_t times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (std::size_t i = 0; i < times; ++i) out += piece;
  return out;
}

std::u16string repeat_to(std::u16string_view piece, std::size_t units) {
  std::u16string out;
  out.reserve(units + piece.size());
  while (out.size() + piece.size() <= units) out += piece;
  return out;
}

bool on_code_point_boundary(std::u16string_view s, std::size_t i) {
  return i == 0 || i >= s.size() || !(s[i] >= 0xDC00 && s[i] <= 0xDFFF && s[i - 1] >= 0xD800 && s[i - 1] <= 0xDBFF);
}

// Every finding inside the text on code point boundaries, `text` equal to the slice.
void require_sound(const CheckResult& r, std::u16string_view text) {
  for (const Finding& f : r.findings) {
    REQUIRE(f.start < f.end);
    REQUIRE(f.end <= text.size());
    REQUIRE(on_code_point_boundary(text, f.start));
    REQUIRE(on_code_point_boundary(text, f.end));
    REQUIRE(f.text == text.substr(f.start, f.end - f.start));
  }
}

bool has_error(const LoadResult& r, const std::string& pointer_prefix, const std::string& words) {
  return std::any_of(r.errors.begin(), r.errors.end(), [&](const Diagnostic& d) {
    return d.pointer.rfind(pointer_prefix, 0) == 0 && d.message.find(words) != std::string::npos;
  });
}

std::string all_errors(const LoadResult& r) {
  std::string out;
  for (const auto& d : r.errors) out += to_string(d) + "\n";
  return out;
}

LoadResult timed_load(const std::string& what, const std::string& json) {
  LoadResult r;
  const double s = seconds([&] { r = load_policy(json); });
  report_time(what, s);
  CHECK(s < kGenerousSeconds);
  return r;
}

CheckResult timed_check(const std::string& what, const Policy& p, std::u16string_view text,
                        const Context& c = on_day()) {
  Checker checker;
  CheckResult r;
  const double s = seconds([&] { r = checker.check(p, text, c); });
  report_time(what + " (" + std::to_string(text.size()) + " units, " + std::to_string(r.findings.size()) +
                  " findings, " + std::to_string(r.problems.size()) + " problems)",
              s);
  CHECK(s < kGenerousSeconds);
  require_sound(r, text);
  return r;
}

const char* kHead = R"("policy": {"id": "hostile", "version": "1"})";

std::string rule_json(const std::string& id, const std::string& when) {
  return R"({"id": ")" + id + R"(", "category": "other", "when": )" + when + R"(, "message": "m"})";
}

bool problem_of(const CheckResult& r, const std::string& rule) {
  return std::any_of(r.problems.begin(), r.problems.end(), [&](const CheckProblem& p) {
    return p.rule == rule && p.message.find("stopped") != std::string::npos;
  });
}

bool finding_of(const CheckResult& r, const std::string& rule) {
  return std::any_of(r.findings.begin(), r.findings.end(), [&](const Finding& f) { return f.rule == rule; });
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Realistic drafts: the labelled corpus's texts, one per line, repeated up to `units`.
std::u16string corpus_text(std::size_t units) {
  std::u16string texts;
  for (const char* name : {"confidential", "pii", "personal_safety", "conflict", "everyday", "disguised"}) {
    std::istringstream lines(read_file(std::string(POSTGUARD_SOURCE_DIR) + "/tests/corpus/" + name + ".jsonl"));
    for (std::string line; std::getline(lines, line);) {
      const auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_object() && j.contains("text")) texts += utf8_to_utf16(j["text"].get<std::string>()) + u"\n";
    }
  }
  REQUIRE(texts.size() > 10000);
  std::u16string out = repeat_to(texts, units);
  out += texts.substr(0, units - out.size());
  if (out.back() >= 0xD800 && out.back() <= 0xDBFF) out.pop_back();  // no half of a pair at the end
  return out;
}

struct CliRun {
  int code = -1;
  std::string out, err;
};

std::string temp_path(const std::string& name) {
  return "/tmp/postguard-hostile-test-" + std::to_string(::getpid()) + "-" + name;
}

CliRun cli(const std::string& args, const std::string& input) {
  const std::string in = temp_path("stdin"), out = temp_path("stdout"), err = temp_path("stderr");
  std::ofstream(in, std::ios::binary) << input;
  const int status =
      std::system((std::string(POSTGUARD_CLI) + " " + args + " <" + in + " >" + out + " 2>" + err).c_str());
  CliRun r;
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_file(out);
  r.err = read_file(err);
  return r;
}

}  // namespace

TEST_CASE("a catastrophic regex is stopped, named in the check's problems, and other rules still report",
          "[hostile][regex]") {
  for (const char* on : {"text", "folded"}) {
    auto p = compile(std::string("{") + kHead + R"(, "rules": [)" +
                     rule_json("rx.catastrophic", std::string(R"({"regex": "(a+)+$", "on": ")") + on + "\"}") + ", " +
                     rule_json("plain", R"({"terms": ["hello"]})") + "]}");
    for (std::size_t n : {1000u, 100000u, 1000000u}) {
      const std::u16string text = u"hello " + std::u16string(n, u'a') + u"!";
      INFO("on " << on << ", " << n << " a's");
      const CheckResult r = timed_check(std::string("(a+)+$ on ") + on, *p, text);
      CHECK(problem_of(r, "rx.catastrophic"));
      CHECK(finding_of(r, "plain"));
    }
  }
}

TEST_CASE("other runaway regexes end in bounded time and name their rule if stopped", "[hostile][regex]") {
  const std::vector<std::pair<std::string, std::u16string>> cases = {
      {R"((a|aa)+$)", std::u16string(20000, u'a') + u"!"},
      {R"((x+x+)+y)", std::u16string(20000, u'x')},
      {R"((.*a){20})", std::u16string(20000, u'a')},
      {R"((a|b)*c)", repeat_to(u"ab", 500000)},  // deep backtracking stack
      {R"((?<=a{0,1000})b)", repeat_to(u"ab", 100000)},
      {R"(\b(\w+\s?)*$)", repeat_to(u"word ", 100000) + u"!"},
  };
  for (const auto& [pattern, text] : cases) {
    auto p = compile(std::string("{") + kHead + R"(, "rules": [)" +
                     rule_json("rx", nlohmann::json{{"regex", pattern}}.dump()) + "]}");
    const CheckResult r = timed_check("regex " + pattern, *p, text);
    for (const CheckProblem& problem : r.problems) CHECK((problem.rule == "rx" || problem.rule.empty()));
  }
}

TEST_CASE("a thousand catastrophic regexes share one per-check budget", "[hostile][regex]") {
  // Each regex has its own time limit and a 4 MB backtracking stack, so 1,000 of them take ~12 s on
  // a 280-character post and ~5 GB on a 100,000-character one (/tmp/pg-core-bugs.md, issue 8).
  std::string rules;
  for (int k = 0; k < 1000; ++k)
    rules += (k ? ", " : "") +
             rule_json("rx" + std::to_string(k), R"({"regex": "(a+)+(?:b{0,)" + std::to_string(k) + R"(})$"})");
  auto p = compile(std::string("{") + kHead + R"(, "rules": [)" + rules + "]}");
  Checker checker;
  const std::u16string post = std::u16string(279, u'a') + u"!";
  CheckResult r;
  const double s = seconds([&] { r = checker.check(*p, post, on_day()); });
  report_time("1,000 catastrophic regexes on a 280-character post", s);
  CHECK(s < 2.0);  // one keystroke may wait for a check; ~12 s today
  CHECK(!r.problems.empty());
}

TEST_CASE("hostile 1 MiB drafts are checked in bounded time with the default policy", "[hostile][large]") {
  auto p = load_default_policy().policy;
  REQUIRE(p);
  const CheckResult r = timed_check("realistic 256 KiB (the corpus repeated)", *p, corpus_text(256 << 10));
  CHECK(r.findings.size() > 250);

  const std::vector<std::pair<std::string, std::u16string>> shapes = {
      {"one 1 MiB word", std::u16string(kMiB, u'a')},
      {"a letter with a million combining marks", u"e" + std::u16string(kMiB - 1, u'\u0301')},
      {"a million zero-width spaces inside a word", u"L" + std::u16string(kMiB - 2, u'\u200B') + u"n"},
      {"a million digits", std::u16string(kMiB, u'4')},
      {"card-like digit groups", repeat_to(u"4111 ", kMiB)},
      {"e-mail-like fragments", repeat_to(u"a@a.", kMiB)},
      {"spaced letters", repeat_to(u"L u m e n ", kMiB)},
      {"emoji ZWJ sequences", repeat_to(u"\U0001F469\u200D\U0001F469\u200D\U0001F467", kMiB)},
      {"lone surrogates", repeat_to(u"\xD800"
                                    u"a\xDC00",
                                    kMiB)},
      {"NUL characters", repeat_to(std::u16string(u"Lumen") + u'\0' + u"Tab ", kMiB)},
      {"times of day", repeat_to(u"4 a.m. ", kMiB)},
      {"dots", std::u16string(kMiB, u'.')},
      {"newlines", std::u16string(kMiB, u'\n')},
      {"leetspeak", repeat_to(u"7174n 5h17 ", kMiB)},
  };
  for (const auto& [what, text] : shapes) {
    INFO(what);
    timed_check(what, *p, text);
  }
}

TEST_CASE("near over a draft full of hits is not quadratic", "[hostile][large]") {
  // near() pairs every hit of its first condition with every hit of the others: 220,000 units of
  // "alpha beta" take ~18 s natively, 1 MiB several minutes; the default policy takes ~15 s on a
  // realistic 1 MiB draft natively, ~110 s under ASan (/tmp/pg-core-bugs.md, issue 8).
  auto defaults = load_default_policy().policy;
  REQUIRE(defaults);
  Checker checker;
  const std::u16string realistic = corpus_text(kMiB);
  CheckResult r;
  const double s = seconds([&] { r = checker.check(*defaults, realistic, on_day()); });
  report_time("realistic 1 MiB (the corpus repeated)", s);
  CHECK(s < 10.0);
  CHECK(r.findings.size() > 1000);
  auto p = compile(std::string("{") + kHead + R"(, "rules": [)" +
                   rule_json("near", R"({"near": [{"terms": ["alpha"]}, {"terms": ["beta"]}], "within": 3})") + "]}");
  r = timed_check("near over 1 MiB of \"alpha beta\"", *p, repeat_to(u"alpha beta ", kMiB));
  CHECK(r.findings.size() > 90000);  // every "alpha beta" of the draft
}

TEST_CASE("a draft over the limit is checked up to it and says so", "[hostile][large]") {
  auto p = rule_policy(R"({"terms": ["Lumen Tab"]})");
  // The term sits across the limit, with a surrogate pair right at it.
  std::u16string text = std::u16string(kMiB - 5, u' ') + u"Lumen Tab";
  CheckResult r = timed_check("1 MiB + 4 units", *p, text);
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].rule.empty());
  CHECK(r.problems[0].message.find("1,048,576") != std::string::npos);
  CHECK(r.findings.empty());
  text = std::u16string(kMiB - 1, u' ') + u"\U0001F600";  // the pair straddles the limit
  r = timed_check("a surrogate pair across the limit", *p, text);
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].message.find(std::to_string(kMiB - 1)) != std::string::npos);
}

TEST_CASE("deeply nested JSON is refused with the nesting limit named, in bounded time", "[hostile][json]") {
  const std::size_t depth = 100000;
  LoadResult r = timed_load("100,000 nested arrays", repeat("[", depth) + repeat("]", depth));
  CHECK_FALSE(r.ok());
  r = timed_load("100,000 nested objects inside a policy",
                 std::string("{") + kHead + R"(, "x": )" + repeat(R"({"a": )", depth) + "1" + repeat("}", depth) + "}");
  CHECK_FALSE(r.ok());
  CHECK(has_error(r, "", "64 levels"));
  r = timed_load("100,000 nested conditions",
                 std::string("{") + kHead + R"(, "rules": [)" +
                     rule_json("r", repeat(R"({"not": )", depth) + R"({"terms": ["x"]})" + repeat("}", depth)) + "]}");
  CHECK_FALSE(r.ok());
  CHECK(has_error(r, "", "64 levels"));
  r = timed_load("100,000 unclosed brackets", repeat("[", depth));
  CHECK_FALSE(r.ok());
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].message.find("Invalid JSON") == 0);
  CHECK(r.errors[0].column == static_cast<int>(depth) + 1);
}

TEST_CASE("huge arrays within the limits load; over them they are refused with the limit named", "[hostile][json]") {
  std::string rules;
  for (int i = 0; i < 5001; ++i)
    rules += (i ? ", " : "") + rule_json("r" + std::to_string(i), R"({"detector": "email"})");
  LoadResult r = timed_load("5,001 rules", std::string("{") + kHead + R"(, "rules": [)" + rules + "]}");
  CHECK_FALSE(r.ok());
  CHECK(has_error(r, "", "5,000"));

  std::string tests;
  for (int i = 0; i < 5001; ++i) tests += std::string(i ? ", " : "") + R"({"text": "x", "expect": []})";
  r = timed_load("5,001 tests", std::string("{") + kHead + R"(, "tests": [)" + tests + "]}");
  CHECK_FALSE(r.ok());
  CHECK(has_error(r, "/tests", "5,000"));

  r = timed_load("100,000 copies of builtin:default in extends", std::string("{") + kHead + R"(, "extends": [)" +
                                                                     repeat(R"("builtin:default", )", 99999) +
                                                                     R"("builtin:default"]})");
  CHECK(r.ok());

  r = timed_load("an 8 MiB + 1 byte policy",
                 std::string("{") + kHead + R"(, "x": ")" + std::string(Limits::policy_bytes, 'x') + "\"}");
  CHECK_FALSE(r.ok());
  CHECK(has_error(r, "", "8 MiB"));
}

TEST_CASE("a million invalid array elements are refused in bounded time", "[hostile][json]") {
  // One diagnostic per element, each located by scanning the text from its start: quadratic
  // (~3 s for 40,000 elements, many minutes for a million; /tmp/pg-core-bugs.md, issue 8).
  for (const char* where : {"rules", "extends", "tests"}) {
    INFO(where);
    LoadResult r = timed_load(std::string("a million zeros in ") + where,
                              std::string("{") + kHead + R"(, ")" + where + R"(": [)" + repeat("0, ", 999999) + "0]}");
    CHECK_FALSE(r.ok());
    CHECK(has_error(r, std::string("/") + where, ""));
  }
}

TEST_CASE("100,000 terms are accepted within the limit; one over 250,000 is refused naming it", "[hostile][terms]") {
  auto terms_policy = [](std::size_t n) {
    std::string terms;
    terms.reserve(n * 12);
    for (std::size_t i = 0; i < n; ++i) terms += (i ? ", \"w" : "\"w") + std::to_string(i) + "x\"";
    return std::string("{") + kHead + R"(, "terms": {"big": [)" + terms + R"(]}, "rules": [)" +
           rule_json("big", R"({"list": "big"})") + "]}";
  };
  LoadResult r = timed_load("100,000 terms", terms_policy(100000));
  REQUIRE(r.ok());
  CHECK(r.policy->info().term_count == 100000);
  const std::u16string post = u"w0x and W99999X and w5000x, not w100000x";
  const CheckResult c = timed_check("a post against 100,000 terms", *r.policy, post);
  std::vector<std::string> found;
  for (const Finding& f : c.findings) found.push_back(utf16_to_utf8(f.text));
  CHECK(found == Strings{"w0x", "W99999X", "w5000x"});
  timed_check("a realistic 1 MiB draft against 100,000 terms", *r.policy, corpus_text(kMiB));

  r = timed_load("250,001 terms", terms_policy(250001));
  CHECK_FALSE(r.ok());
  CHECK(has_error(r, "/terms/big", "250,000"));
}

TEST_CASE("duplicate rule ids, unknown categories, detectors and severities are errors at their place",
          "[hostile][policy]") {
  const LoadResult r = load_policy(std::string("{") + kHead + R"(, "rules": [
    {"id": "dup", "category": "pii", "when": {"detector": "email"}, "message": "m"},
    {"id": "dup", "category": "pii", "when": {"detector": "phone"}, "message": "m"},
    {"id": "c", "category": "gossip", "when": {"detector": "phone"}, "message": "m"},
    {"id": "d", "category": "pii", "when": {"detector": "horoscope"}, "message": "m"},
    {"id": "s", "category": "pii", "severity": "fatal", "when": {"detector": "email"}, "message": "m"}]})");
  INFO(all_errors(r));
  CHECK_FALSE(r.ok());
  CHECK(has_error(r, "/rules/1/id", "dup"));
  CHECK(has_error(r, "/rules/2/category", "spokesperson"));
  CHECK(has_error(r, "/rules/3/when/detector", ""));
  CHECK(has_error(r, "/rules/4/severity", ""));
  for (const Diagnostic& d : r.errors) CHECK(d.line == static_cast<int>(std::stoi(d.pointer.substr(7, 1))) + 2);
}

TEST_CASE("duplicate JSON keys do not load silently", "[hostile][policy]") {
  // nlohmann keeps the last value: the second "rules" drops the first without a word.
  const LoadResult r = load_policy(std::string("{") + kHead + R"(,
    "rules": [{"id": "r", "category": "pii", "when": {"detector": "email"}, "message": "m"}],
    "rules": []})");
  CHECK_FALSE(r.ok());
  CHECK(has_error(r, "/rules", ""));
}

TEST_CASE("invalid UTF-8, lone surrogate escapes and NUL bytes in a policy are located errors", "[hostile][policy]") {
  LoadResult r = load_policy(std::string("{") + kHead + ",\n" +
                             R"("rules": [{"id": "r", "category": "other", "when": {"terms": ["a)" + "\xff\xc0\xaf" +
                             R"(b"]}, "message": "m"}]})");
  INFO(all_errors(r));
  CHECK_FALSE(r.ok());
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].message.find("UTF-8") != std::string::npos);
  CHECK(r.errors[0].line == 2);

  r = load_policy(std::string("{") + kHead +
                  R"(, "rules": [{"id": "r", "category": "other", "when": {"terms": ["a\ud800b"]}, "message": "m"}]})");
  CHECK_FALSE(r.ok());
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].message.find("surrogate") != std::string::npos);

  r = load_policy(std::string("{") + kHead + ",\n" + R"("x": "a)" + std::string(1, '\0') + R"(b"})");
  CHECK_FALSE(r.ok());
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].message.find("NUL") != std::string::npos);
  CHECK(r.errors[0].line == 2);
  CHECK(r.errors[0].column == 8);

  // An escaped NUL is a character like any other: the term loads and checks stay sound.
  r = load_policy(std::string("{") + kHead + R"(, "rules": [)" + rule_json("nul", R"({"terms": ["Lu\u0000men"]})") +
                  "]}");
  REQUIRE(r.ok());
  timed_check("a term with an escaped NUL", *r.policy, std::u16string(u"Lu") + u'\0' + u"men and Lumen");
}

TEST_CASE("lone surrogates and NUL characters in a draft never break spans", "[hostile][text]") {
  auto p = compile(std::string("{") + kHead + R"(, "rules": [)" + rule_json("lumen", R"({"terms": ["Lumen Tab"]})") +
                   ", " + rule_json("mail", R"({"detector": "email"})") + ", " +
                   rule_json("rx", R"({"regex": "t\\w*", "on": "folded"})") + "]}");
  const std::u16string hi(1, u'\xD800'), lo(1, u'\xDC00');
  const std::vector<std::u16string> drafts = {
      hi + u"Lumen Tab" + lo,
      lo + hi + u"Lumen Tab" + hi,
      u"Lumen" + hi + u"Tab",
      u"ana" + hi + u"@example.com",
      std::u16string(u"Lumen") + u'\0' + u"Tab " + u'\0' + u"ana@example.com" + u'\0',
      hi + hi + lo + lo + u"\U0001F600" + lo + hi,
  };
  for (const std::u16string& d : drafts) {
    const CheckResult r = timed_check("lone surrogates / NUL", *p, d);
    for (const Finding& f : r.findings) {
      // JSON (what the CLI and wasm print) must hold valid UTF-8 even for a lone surrogate.
      CHECK(is_valid_utf8(to_json(f).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::strict)));
    }
  }
  Checker checker;
  CHECK(finding_of(checker.check(*p, hi + u"Lumen Tab" + lo, on_day()), "lumen"));
}

TEST_CASE("loading is all-or-nothing: one bad rule among a thousand loads nothing", "[hostile][all-or-nothing]") {
  auto good =
      compile(std::string("{") + kHead + R"(, "rules": [)" + rule_json("lumen", R"({"terms": ["Lumen Tab"]})") + "]}");
  Checker checker;
  const std::u16string post = u"the Lumen Tab";
  const CheckResult before = checker.check(*good, post, on_day());
  REQUIRE(before.findings.size() == 1);

  std::string rules;
  for (int i = 0; i < 1000; ++i)
    rules +=
        (i ? ", " : "") + rule_json("r" + std::to_string(i), i == 999 ? R"({"near": [{"terms": ["a"]}], "within": 0})"
                                                                      : R"({"terms": ["Lumen Tab"]})");
  const LoadResult bad = load_policy(std::string("{") + kHead + R"(, "rules": [)" + rules + "]}");
  CHECK_FALSE(bad.ok());
  CHECK(bad.policy == nullptr);
  REQUIRE_FALSE(bad.errors.empty());
  for (const Diagnostic& d : bad.errors) CHECK(d.pointer.rfind("/rules/999/", 0) == 0);

  // The policy in force is untouched, and so is the Checker's scratch.
  const CheckResult after = checker.check(*good, post, on_day());
  CHECK(to_json(after) == to_json(before));
}

TEST_CASE("the CLI keeps nothing of a policy that fails: exit 3, nothing checked", "[hostile][all-or-nothing][cli]") {
  const std::string policy = temp_path("bad-policy.json");
  std::ofstream(policy, std::ios::binary) << std::string("{") + kHead + R"(, "rules": [)" +
                                                 rule_json("lumen", R"({"terms": ["Lumen Tab"]})") + ", " +
                                                 rule_json("broken", R"({"detector": "horoscope"})") + "]}";
  CliRun r = cli("check --policy " + policy + " --format json", "the Lumen Tab and ana@example.com");
  CHECK(r.code == 3);
  CHECK(r.out.empty());  // neither half of the policy nor the default one was used
  CHECK(r.err.find("/rules/1/when/detector") != std::string::npos);
  r = cli("check --jsonl --policy " + policy, "{\"text\": \"the Lumen Tab\"}\n");
  CHECK(r.code == 3);
  CHECK(r.out.empty());
  r = cli("check --policy " + temp_path("missing.json"), "the Lumen Tab");
  CHECK(r.code == 4);
  CHECK(r.out.empty());
  std::remove(policy.c_str());
}

TEST_CASE("the CLI refuses invalid UTF-8 drafts and checks NUL bytes and long drafts", "[hostile][cli]") {
  CliRun r = cli("check --now 2026-11-25", "caf\xc3 ana@example.com \xed\xa0\x80");
  CHECK(r.code == 4);
  CHECK(r.err.find("UTF-8") != std::string::npos);
  r = cli("check --now 2026-11-25 --format json", std::string("mail ana.lopez@gmail.com") + '\0' + "x");
  CHECK(r.code == 1);
  CHECK(r.out.find("\"start\":5,\"end\":24") != std::string::npos);
  const std::string big = utf16_to_utf8(corpus_text(256 << 10));
  const double s = seconds([&] { r = cli("check --now 2026-11-25 --format json", big); });
  report_time("the CLI on a realistic 256 KiB draft", s);
  CHECK(s < kGenerousSeconds);
  CHECK(r.code == 1);
  // A batch line with invalid UTF-8 inside its JSON string is an error line; the batch goes on.
  r = cli("check --jsonl --now 2026-11-25", "{\"text\": \"caf\xc3\"}\n{\"text\": \"ana.lopez@gmail.com\"}\n");
  CHECK(r.code == 0);
  CHECK(r.out.find("\"error\"") != std::string::npos);
  CHECK(r.out.find("pii.email") != std::string::npos);
}
