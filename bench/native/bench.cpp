// postguard-bench: the native core measured task by task, as listed in a plan written by
// bench/run.mjs — check latency per text, throughput over a corpus, policy load+compile time.
// Prints {"tasks": [{"name", "samples": [ms...], ...}]}; statistics are computed by run.mjs.
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "plan.hpp"
#include "postguard/postguard.hpp"

namespace {

using nlohmann::json;
using postguard::Checker;
using postguard::Context;
using postguard::LoadResult;

int usage() {
  std::fprintf(stderr, "usage: postguard-bench PLAN.json [--only TASK] [--runs N]\n");
  return 2;
}

// "default" is the built-in default policy; anything else is a policy file.
LoadResult load(const std::string& policy, std::string& error) {
  if (policy == "default") return postguard::load_default_policy();
  const auto text = bench::read_file(policy);
  if (!text) {
    error = "cannot read " + policy;
    return {};
  }
  return postguard::load_policy(*text);
}

}  // namespace

int main(int argc, char** argv) {
  const auto args = bench::parse_args(argc, argv);
  if (!args) return usage();
  const auto plan_text = bench::read_file(args->plan);
  if (!plan_text) return usage();
  const json plan = json::parse(*plan_text, nullptr, false);
  if (!plan.is_object() || !plan.contains("tasks")) {
    std::fprintf(stderr, "postguard-bench: %s is not a plan\n", args->plan.c_str());
    return 2;
  }
  std::string context_error;
  const auto context = postguard::context_from_json(plan.value("context", json::object()), context_error);
  if (!context) {
    std::fprintf(stderr, "postguard-bench: context: %s\n", context_error.c_str());
    return 2;
  }

  json out = {{"tasks", json::array()}};
  Checker checker;
  for (const json& task : plan["tasks"]) {
    const std::string name = task.value("name", "");
    if (args->only && *args->only != name) continue;
    const std::string kind = task.value("kind", "");
    const std::string policy_name = task.value("policy", "default");
    const bench::Budget budget = bench::budget_of(task, args->runs);
    json result = {{"name", name}};

    std::string error;
    if (kind == "compile") {
      std::string source;
      if (policy_name != "default") {
        const auto text = bench::read_file(policy_name);
        if (!text) {
          std::fprintf(stderr, "postguard-bench: cannot read %s\n", policy_name.c_str());
          return 1;
        }
        source = *text;
      }
      bool ok = true;
      result["samples"] = bench::time_calls(budget, [&](int) {
        const LoadResult r =
            policy_name == "default" ? postguard::load_default_policy() : postguard::load_policy(source);
        ok = ok && r.ok();
      });
      if (!ok) {
        std::fprintf(stderr, "postguard-bench: %s: the policy does not load\n", name.c_str());
        return 1;
      }
      out["tasks"].push_back(result);
      continue;
    }

    const LoadResult loaded = load(policy_name, error);
    if (!loaded.ok()) {
      std::fprintf(stderr, "postguard-bench: %s: policy %s does not load %s\n", name.c_str(), policy_name.c_str(),
                   loaded.errors.empty() ? error.c_str() : postguard::to_string(loaded.errors.front()).c_str());
      return 1;
    }
    const auto texts8 = bench::read_texts(task.value("texts", ""));
    if (!texts8 || texts8->empty()) {
      std::fprintf(stderr, "postguard-bench: %s: cannot read its texts\n", name.c_str());
      return 1;
    }
    // The page hands the core UTF-16; converting is not part of a check.
    std::vector<std::u16string> texts;
    for (const auto& t : *texts8) texts.push_back(postguard::utf8_to_utf16(t));
    std::size_t findings = 0;  // over all texts once: what the timed calls find
    std::size_t sink = 0;      // keeps the timed checks' results alive
    if (kind == "check") {
      for (const auto& t : texts) findings += checker.check(*loaded.policy, t, *context).findings.size();
      // One call = one check of one text; the texts take turns.
      result["samples"] = bench::time_calls(budget, [&](int i) {
        sink +=
            checker.check(*loaded.policy, texts[static_cast<std::size_t>(i) % texts.size()], *context).findings.size();
      });
    } else if (kind == "throughput") {
      // One call = one slice of the corpus, each text checked once; the first slice is checked
      // once more beforehand, unmeasured, as a warm-up. Findings are those of the first pass.
      const auto slices = bench::slices_of(*texts8, task.value("slices", 10));
      bench::Budget passes = budget;
      passes.warmup = 0;
      for (std::size_t k = slices[0].first; k < slices[0].second; ++k)
        checker.check(*loaded.policy, texts[k], *context);
      result["samples"] = bench::time_calls(passes, [&](int i) {
        const auto [first, last] = slices[static_cast<std::size_t>(i) % slices.size()];
        for (std::size_t k = first; k < last; ++k) {
          const std::size_t n = checker.check(*loaded.policy, texts[k], *context).findings.size();
          sink += n;
          if (static_cast<std::size_t>(i) < slices.size()) findings += n;
        }
      });
      json slice_bytes = json::array();
      for (const auto& [first, last] : slices) slice_bytes.push_back(bench::bytes_of(*texts8, first, last));
      result["sliceBytes"] = slice_bytes;
    } else {
      std::fprintf(stderr, "postguard-bench: %s: unknown kind '%s'\n", name.c_str(), kind.c_str());
      return 2;
    }
    result["bytes"] = bench::bytes_of(*texts8, 0, texts8->size());
    result["findings"] = findings;
    result["checked"] = sink;
    out["tasks"].push_back(result);
  }
  std::cout << out.dump() << '\n';
  return 0;
}
