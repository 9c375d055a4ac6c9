// JSON forms of findings, diagnostics, policy info and test outcomes (shared by CLI and wasm).
#include "postguard/json.hpp"

#include "postguard/utf.hpp"

namespace postguard {

using ojson = nlohmann::ordered_json;

ojson to_json(const Finding& f) {
  ojson j;
  j["rule"] = f.rule;
  j["category"] = std::string(to_string(f.category));
  j["severity"] = std::string(to_string(f.severity));
  j["start"] = f.start;
  j["end"] = f.end;
  j["text"] = utf16_to_utf8(f.text);
  j["message"] = f.message;
  j["why"] = f.why;
  j["suggestion"] = f.suggestion;
  j["replacement"] = f.replacement ? ojson(*f.replacement) : ojson(nullptr);
  j["link"] = f.link;
  ojson evidence = ojson::array();
  for (auto name : evidence_names(f.evidence)) evidence.push_back(std::string(name));
  j["evidence"] = std::move(evidence);
  return j;
}

ojson to_json(const CheckResult& r) {
  ojson j;
  ojson findings = ojson::array();
  for (const Finding& f : r.findings) findings.push_back(to_json(f));
  j["findings"] = std::move(findings);
  ojson problems = ojson::array();
  for (const CheckProblem& p : r.problems) problems.push_back(ojson{{"rule", p.rule}, {"message", p.message}});
  j["problems"] = std::move(problems);
  return j;
}

ojson to_json(const Diagnostic& d) {
  ojson j;
  j["level"] = d.level == Diagnostic::Level::error ? "error" : "warning";
  j["pointer"] = d.pointer;
  j["line"] = d.line;
  j["column"] = d.column;
  j["message"] = d.message;
  return j;
}

ojson to_json(const PolicyInfo& info) {
  ojson j;
  j["id"] = info.id;
  j["version"] = info.version;
  j["name"] = info.name;
  j["languages"] = info.languages;
  j["url"] = info.url;
  j["contact"] = info.contact;
  j["extends"] = info.extends;
  j["rules"] = info.rule_count;
  j["terms"] = info.term_count;
  j["regexes"] = info.regex_count;
  return j;
}

ojson to_json(const LoadResult& r) {
  ojson j;
  j["ok"] = r.ok();
  ojson errors = ojson::array(), warnings = ojson::array();
  for (const auto& d : r.errors) errors.push_back(to_json(d));
  for (const auto& d : r.warnings) warnings.push_back(to_json(d));
  j["errors"] = std::move(errors);
  j["warnings"] = std::move(warnings);
  j["policy"] = r.policy ? to_json(r.policy->info()) : ojson(nullptr);
  return j;
}

ojson to_json(const PolicyTestOutcome& o) {
  ojson j;
  j["name"] = o.test ? o.test->name : "";
  j["pointer"] = o.test ? o.test->pointer : "";
  j["passed"] = o.passed;
  j["missing"] = o.missing;
  j["unexpected"] = o.unexpected;
  ojson findings = ojson::array();
  for (const Finding& f : o.result.findings) findings.push_back(to_json(f));
  j["findings"] = std::move(findings);
  return j;
}

std::optional<Context> context_from_json(const nlohmann::json& j, std::string& error, std::string* bad_key) {
  Context c;
  if (j.is_null()) return c;
  if (!j.is_object()) {
    error = "context must be an object such as {\"site\": \"x.com\", \"account\": \"personal\"}";
    return std::nullopt;
  }
  for (const auto& [key, value] : j.items()) {
    if (bad_key != nullptr) *bad_key = key;
    if (key == "site" || key == "role" || key == "locale") {
      if (!value.is_string()) {
        error = "context." + key + " must be a string";
        return std::nullopt;
      }
      const auto& s = value.get_ref<const std::string&>();
      if (key == "site") c.site = s;
      if (key == "role") c.role = s;
      if (key == "locale") c.locale = s;
    } else if (key == "account") {
      if (value == "personal") {
        c.account = Account::personal;
      } else if (value == "official") {
        c.account = Account::official;
      } else {
        error = "context.account must be \"personal\" or \"official\"";
        return std::nullopt;
      }
    } else if (key == "now") {
      auto d = value.is_string() ? parse_date(value.get_ref<const std::string&>()) : std::nullopt;
      if (!d) {
        error = "context.now must be a date written YYYY-MM-DD";
        return std::nullopt;
      }
      c.now = d;
    } else {
      error = "Unknown context key '" + key + "' (expected site, account, role, now, locale)";
      return std::nullopt;
    }
  }
  if (bad_key != nullptr) bad_key->clear();
  return c;
}

}  // namespace postguard
