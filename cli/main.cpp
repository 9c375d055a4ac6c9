// postguard: check posts against a social media policy, validate and test policies.
// Usage and exit codes: `postguard --help` (kept in step with README.md).
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "postguard/postguard.hpp"

namespace {

using namespace postguard;

constexpr int kExitOk = 0;
constexpr int kExitFindings = 1;  // check: something was flagged; test: a policy test failed
constexpr int kExitUsage = 2;
constexpr int kExitPolicy = 3;  // the policy does not load
constexpr int kExitInput = 4;   // the input cannot be read or is not UTF-8

constexpr const char* kHelp = R"(postguard — checks social media posts against a company's policy

Usage:
  postguard check [options] [FILE|-]      check one post (the whole file or stdin)
  postguard check --jsonl [options] [FILE|-]
                                          check a batch: each input line {"text": ..., "context": {...}},
                                          each output line {"findings": [...]} (or {"error": ...})
  postguard validate FILE                 load a policy and report every problem with its location
  postguard test FILE                     run the policy's own tests
  postguard --help | --version

Options for check:
  --policy FILE            the policy JSON (default: the built-in default policy)
  --site HOST              e.g. x.com, www.linkedin.com
  --account personal|official
  --role ROLE              a role named in the policy's "roles"
  --now YYYY-MM-DD         the day of the check (default: today)
  --locale es|en           language of the messages (default: the policy's first language)
  --format text|json       output (default: text for one post, json for --jsonl)

Exit codes:
  0  nothing flagged (check), valid (validate), all tests passed (test), batch done (--jsonl)
  1  something flagged (check) or a policy test failed (test)
  2  wrong usage
  3  the policy does not load (its problems are printed to stderr)
  4  the input cannot be read or is not valid UTF-8
)";

struct Options {
  std::string command;
  std::string policy_file;
  std::string input = "-";
  bool jsonl = false;
  std::string format;
  Context context;
};

bool read_all(const std::string& path, std::string& out) {
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    out = ss.str();
    return true;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

void print_diagnostics(const LoadResult& r, const std::string& file) {
  for (const auto& d : r.errors) std::cerr << file << ": " << to_string(d) << "\n";
  for (const auto& d : r.warnings) std::cerr << file << ": " << to_string(d) << "\n";
}

// Loads --policy or the built-in default; prints problems and returns null on failure.
std::shared_ptr<const Policy> load(const std::string& file, int& exit_code) {
  if (file.empty()) {  // cannot fail in a correct build, but a broken one must not pass silently
    LoadResult r = load_default_policy();
    if (!r.ok()) {
      print_diagnostics(r, "the built-in default policy");
      exit_code = kExitPolicy;
    }
    return r.policy;
  }
  std::string text;
  if (!read_all(file, text)) {
    std::cerr << "postguard: cannot read policy " << file << "\n";
    exit_code = kExitInput;
    return nullptr;
  }
  LoadResult r = load_policy(text);
  print_diagnostics(r, file);
  if (!r.ok()) exit_code = kExitPolicy;
  return r.policy;
}

// 1-based line and column (in code points) of a UTF-16 offset, for humans.
std::pair<int, int> line_column(std::u16string_view text, std::uint32_t offset) {
  int line = 1, column = 1;
  for (std::uint32_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == u'\n') {
      ++line;
      column = 1;
    } else if (!(text[i] >= 0xDC00 && text[i] <= 0xDFFF)) {
      ++column;
    }
  }
  return {line, column};
}

void print_text(std::u16string_view text, const CheckResult& r) {
  if (r.findings.empty()) std::cout << "  ✓ nothing flagged\n";
  for (const Finding& f : r.findings) {
    const auto [l1, c1] = line_column(text, f.start);
    const auto [l2, c2] = line_column(text, f.end);
    std::cout << "  "
              << (f.severity == Severity::block  ? "✖ BLOCK"
                  : f.severity == Severity::warn ? "⚠ WARN "
                                                 : "ℹ INFO ")
              << "  \"" << utf16_to_utf8(f.text) << "\"  " << f.rule << " (" << to_string(f.category) << ") at " << l1
              << ":" << c1 << "-" << l2 << ":" << c2 << "\n";
    std::cout << "      " << f.message << "\n";
    if (!f.why.empty()) std::cout << "      why: " << f.why << "\n";
    if (!f.suggestion.empty()) std::cout << "      instead: " << f.suggestion << "\n";
    if (f.replacement) std::cout << "      replace with: \"" << *f.replacement << "\"\n";
    if (!f.evidence.empty()) {
      std::cout << "      seen through:";
      for (auto e : evidence_names(f.evidence)) std::cout << " " << e;
      std::cout << "\n";
    }
    if (!f.link.empty()) std::cout << "      policy: " << f.link << "\n";
  }
  for (const CheckProblem& p : r.problems)
    std::cout << "  ! " << (p.rule.empty() ? "" : p.rule + ": ") << p.message << "\n";
}

std::string dump(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

int run_check(const Options& o) {
  int code = kExitOk;
  auto policy = load(o.policy_file, code);
  if (!policy) return code;
  std::string input;
  if (!read_all(o.input, input)) {
    std::cerr << "postguard: cannot read " << o.input << "\n";
    return kExitInput;
  }
  Checker checker;
  if (!o.jsonl) {
    if (!is_valid_utf8(input)) {
      std::cerr << "postguard: " << o.input << " is not valid UTF-8\n";
      return kExitInput;
    }
    const std::u16string text = utf8_to_utf16(input);
    const CheckResult r = checker.check(*policy, text, o.context);
    if (o.format == "json")
      std::cout << dump(to_json(r)) << "\n";
    else
      print_text(text, r);
    return r.findings.empty() ? kExitOk : kExitFindings;
  }
  std::istringstream lines(input);
  std::string line;
  for (std::size_t number = 1; std::getline(lines, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    auto fail = [&](const std::string& why) {
      std::cout << dump(nlohmann::ordered_json{{"error", "line " + std::to_string(number) + ": " + why}}) << "\n";
    };
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) {
      fail("not valid JSON");
      continue;
    }
    if (!j.is_object() || !j.contains("text") || !j["text"].is_string()) {
      fail("expected an object with a string \"text\"");
      continue;
    }
    Context context = o.context;
    if (j.contains("context")) {
      std::string problem;
      auto c = context_from_json(j["context"], problem);
      if (!c) {
        fail(problem);
        continue;
      }
      // Flags give defaults; the line's own context wins key by key.
      const auto& jc = j["context"];
      if (jc.contains("site")) context.site = c->site;
      if (jc.contains("account")) context.account = c->account;
      if (jc.contains("role")) context.role = c->role;
      if (jc.contains("now")) context.now = c->now;
      if (jc.contains("locale")) context.locale = c->locale;
    }
    const std::u16string text = utf8_to_utf16(j["text"].get_ref<const std::string&>());
    const CheckResult r = checker.check(*policy, text, context);
    if (o.format == "text") {
      std::cout << "• " << j["text"].get<std::string>() << "\n";
      print_text(text, r);
      std::cout << "\n";
      continue;
    }
    nlohmann::ordered_json out = to_json(r);
    if (out["problems"].empty()) out.erase("problems");
    std::cout << dump(out) << "\n";
  }
  return kExitOk;
}

int run_validate(const Options& o) {
  std::string text;
  if (!read_all(o.input, text)) {
    std::cerr << "postguard: cannot read " << o.input << "\n";
    return kExitInput;
  }
  const LoadResult r = load_policy(text);
  print_diagnostics(r, o.input);
  if (!r.ok()) {
    std::cerr << o.input << ": " << r.errors.size() << " error(s); the policy was not loaded\n";
    return kExitPolicy;
  }
  const PolicyInfo& info = r.policy->info();
  std::cout << o.input << ": ok — " << info.name << " (" << info.id << " " << info.version << "): " << info.rule_count
            << " rules, " << info.term_count << " terms, " << info.regex_count << " regexes, "
            << r.policy->tests().size() << " tests";
  if (!r.warnings.empty()) std::cout << ", " << r.warnings.size() << " warning(s)";
  std::cout << "\n";
  return kExitOk;
}

int run_test(const Options& o) {
  int code = kExitOk;
  auto policy = load(o.input, code);
  if (!policy) return code;
  Checker checker;
  const auto outcomes = run_policy_tests(*policy, checker);
  std::size_t failed = 0;
  for (const auto& out : outcomes) {
    if (out.passed) continue;
    ++failed;
    std::cout << "FAIL " << out.test->name << " (" << out.test->pointer << "): \"" << utf16_to_utf8(out.test->text)
              << "\"\n";
    for (const auto& m : out.missing) std::cout << "  expected " << m << ", not found\n";
    for (const auto& u : out.unexpected) std::cout << "  found " << u << ", not expected\n";
    for (const Finding& f : out.result.findings)
      std::cout << "  finding: " << f.rule << " on \"" << utf16_to_utf8(f.text) << "\" [" << f.start << "," << f.end
                << ")\n";
  }
  std::cout << (outcomes.size() - failed) << " of " << outcomes.size() << " tests passed\n";
  return failed == 0 ? kExitOk : kExitFindings;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kHelp;
    return args.empty() ? kExitUsage : kExitOk;
  }
  if (args[0] == "--version") {
    std::cout << "postguard " << kVersion << "\n";
    return kExitOk;
  }
  Options o;
  o.command = args[0];
  if (o.command != "check" && o.command != "validate" && o.command != "test") {
    std::cerr << "postguard: unknown command '" << o.command << "' (try --help)\n";
    return kExitUsage;
  }
  bool have_input = false;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](const char* flag) -> const std::string* {
      if (i + 1 >= args.size()) {
        std::cerr << "postguard: " << flag << " needs a value\n";
        return nullptr;
      }
      return &args[++i];
    };
    if (a == "--help" || a == "-h") {
      std::cout << kHelp;
      return kExitOk;
    }
    if (o.command == "check" && a == "--jsonl") {
      o.jsonl = true;
    } else if (o.command == "check" && (a == "--policy" || a == "--site" || a == "--account" || a == "--role" ||
                                        a == "--now" || a == "--locale" || a == "--format")) {
      const std::string* v = value(a.c_str());
      if (v == nullptr) return kExitUsage;
      if (a == "--policy") o.policy_file = *v;
      if (a == "--site") o.context.site = *v;
      if (a == "--role") o.context.role = *v;
      if (a == "--locale") o.context.locale = *v;
      if (a == "--account") {
        if (*v != "personal" && *v != "official") {
          std::cerr << "postguard: --account is personal or official\n";
          return kExitUsage;
        }
        o.context.account = *v == "official" ? Account::official : Account::personal;
      }
      if (a == "--now") {
        o.context.now = parse_date(*v);
        if (!o.context.now) {
          std::cerr << "postguard: --now needs a date written YYYY-MM-DD\n";
          return kExitUsage;
        }
      }
      if (a == "--format") {
        if (*v != "text" && *v != "json") {
          std::cerr << "postguard: --format is text or json\n";
          return kExitUsage;
        }
        o.format = *v;
      }
    } else if (a.size() > 1 && a[0] == '-') {
      std::cerr << "postguard: unknown option '" << a << "' for " << o.command << " (try --help)\n";
      return kExitUsage;
    } else if (!have_input) {
      o.input = a;
      have_input = true;
    } else {
      std::cerr << "postguard: unexpected argument '" << a << "'\n";
      return kExitUsage;
    }
  }
  if ((o.command == "validate" || o.command == "test") && !have_input) {
    std::cerr << "postguard: " << o.command << " needs a policy FILE\n";
    return kExitUsage;
  }
  if (o.format.empty()) o.format = o.jsonl ? "json" : "text";
  if (o.command == "check") return run_check(o);
  if (o.command == "validate") return run_validate(o);
  return run_test(o);
}
