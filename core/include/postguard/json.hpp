// JSON forms of the public types, shared by the CLI and the WebAssembly binding so that both
// print byte-identical findings.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "postguard/checker.hpp"
#include "postguard/context.hpp"
#include "postguard/finding.hpp"
#include "postguard/policy.hpp"

namespace postguard {

// {"rule","category","severity","start","end","text","message","why","suggestion",
//  "replacement","link","evidence"} in that order; `why`/`suggestion`/`link` are "" when absent,
// `replacement` is null when absent. `text` is UTF-8 (a lone surrogate becomes U+FFFD).
nlohmann::ordered_json to_json(const Finding& f);
// {"findings": [...], "problems": [{"rule","message"}]}
nlohmann::ordered_json to_json(const CheckResult& r);
// {"level","pointer","line","column","message"}
nlohmann::ordered_json to_json(const Diagnostic& d);
// {"id","version","name","languages","url","contact","extends","rules","terms","regexes"}
nlohmann::ordered_json to_json(const PolicyInfo& info);
// {"ok", "errors": [...], "warnings": [...], "policy": info|null}
nlohmann::ordered_json to_json(const LoadResult& r);
// {"name","pointer","passed","missing","unexpected","findings"}
nlohmann::ordered_json to_json(const PolicyTestOutcome& o);

// Reads a context object ({"site","account","role","now","locale"}); unknown keys are errors.
// On error returns nullopt, sets `error` to a sentence naming the key and, if given, `key` to it.
std::optional<Context> context_from_json(const nlohmann::json& j, std::string& error, std::string* key = nullptr);

}  // namespace postguard
