// postguard-hyperscan-peer: Hyperscan (Debian's libhyperscan, a dev-only peer, never shipped)
// matching the literal terms of a policy, caseless, as the practical speed limit for
// multi-literal matching. Same plan and output format as postguard-bench.
#include <hs/hs.h>

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "plan.hpp"

namespace {

using nlohmann::json;

int usage() {
  std::fprintf(stderr, "usage: postguard-hyperscan-peer PLAN.json [--only TASK] [--runs N]\n");
  return 2;
}

// One block-mode database of caseless literals; errors are returned, not thrown.
struct Database {
  hs_database_t* db = nullptr;
  hs_scratch_t* scratch = nullptr;
  std::string error;
  Database() = default;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database() {
    hs_free_scratch(scratch);
    hs_free_database(db);
  }
  bool compile(const std::vector<std::string>& literals) {
    hs_free_scratch(scratch);
    hs_free_database(db);
    scratch = nullptr;
    db = nullptr;
    std::vector<const char*> expressions;
    std::vector<unsigned> flags, ids;
    std::vector<std::size_t> lengths;
    for (std::size_t i = 0; i < literals.size(); ++i) {
      expressions.push_back(literals[i].data());
      flags.push_back(HS_FLAG_CASELESS);
      ids.push_back(static_cast<unsigned>(i));
      lengths.push_back(literals[i].size());
    }
    hs_compile_error_t* compile_error = nullptr;
    if (hs_compile_lit_multi(expressions.data(), flags.data(), ids.data(), lengths.data(),
                             static_cast<unsigned>(literals.size()), HS_MODE_BLOCK, nullptr, &db,
                             &compile_error) != HS_SUCCESS) {
      error = compile_error ? compile_error->message : "hs_compile_lit_multi failed";
      hs_free_compile_error(compile_error);
      return false;
    }
    if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS) {
      error = "hs_alloc_scratch failed";
      return false;
    }
    return true;
  }
  // Number of matches (every occurrence of every literal) in `text`.
  std::size_t scan(const std::string& text) {
    std::size_t matches = 0;
    auto on_match = [](unsigned, unsigned long long, unsigned long long, unsigned, void* context) -> int {
      ++*static_cast<std::size_t*>(context);
      return 0;  // keep scanning
    };
    hs_scan(db, text.data(), static_cast<unsigned>(text.size()), 0, scratch, on_match, &matches);
    return matches;
  }
};

}  // namespace

int main(int argc, char** argv) {
  const auto args = bench::parse_args(argc, argv);
  if (!args) return usage();
  const auto plan_text = bench::read_file(args->plan);
  if (!plan_text) return usage();
  const json plan = json::parse(*plan_text, nullptr, false);
  if (!plan.is_object() || !plan.contains("tasks")) return usage();

  json out = {{"tasks", json::array()}};
  for (const json& task : plan["tasks"]) {
    const std::string name = task.value("name", "");
    if (args->only && *args->only != name) continue;
    const std::string kind = task.value("kind", "");
    const bench::Budget budget = bench::budget_of(task, args->runs);
    const auto literals = bench::read_texts(task.value("literals", ""));
    if (!literals || literals->empty()) {
      std::fprintf(stderr, "postguard-hyperscan-peer: %s: cannot read its literals\n", name.c_str());
      return 1;
    }
    json result = {{"name", name}, {"literals", literals->size()}};
    Database database;
    if (kind == "compile") {
      bool ok = true;
      result["samples"] = bench::time_calls(budget, [&](int) { ok = ok && database.compile(*literals); });
      if (!ok) {
        std::fprintf(stderr, "postguard-hyperscan-peer: %s: %s\n", name.c_str(), database.error.c_str());
        return 1;
      }
      out["tasks"].push_back(result);
      continue;
    }
    if (!database.compile(*literals)) {
      std::fprintf(stderr, "postguard-hyperscan-peer: %s: %s\n", name.c_str(), database.error.c_str());
      return 1;
    }
    const auto texts = bench::read_texts(task.value("texts", ""));
    if (!texts || texts->empty()) {
      std::fprintf(stderr, "postguard-hyperscan-peer: %s: cannot read its texts\n", name.c_str());
      return 1;
    }
    std::size_t matches = 0;
    for (const auto& t : *texts) matches += database.scan(t);
    std::size_t sink = 0;
    if (kind == "check") {
      result["samples"] = bench::time_calls(
          budget, [&](int i) { sink += database.scan((*texts)[static_cast<std::size_t>(i) % texts->size()]); });
    } else if (kind == "throughput") {
      // One call = one slice of the corpus, each text scanned on its own, as ours checks them.
      const auto slices = bench::slices_of(*texts, task.value("slices", 10));
      bench::Budget passes = budget;
      passes.warmup = 0;
      result["samples"] = bench::time_calls(passes, [&](int i) {
        const auto [first, last] = slices[static_cast<std::size_t>(i) % slices.size()];
        for (std::size_t k = first; k < last; ++k) sink += database.scan((*texts)[k]);
      });
      json slice_bytes = json::array();
      for (const auto& [first, last] : slices) slice_bytes.push_back(bench::bytes_of(*texts, first, last));
      result["sliceBytes"] = slice_bytes;
    } else {
      std::fprintf(stderr, "postguard-hyperscan-peer: %s: unknown kind '%s'\n", name.c_str(), kind.c_str());
      return 2;
    }
    result["bytes"] = bench::bytes_of(*texts, 0, texts->size());
    result["matches"] = matches;
    result["checked"] = sink;
    out["tasks"].push_back(result);
  }
  std::cout << out.dump() << '\n';
  return 0;
}
