// What the native benchmark programs share: reading the plan written by bench/run.mjs (tasks,
// texts, how long to measure) and timing calls, so that ours and Hyperscan are measured alike.
#pragma once

#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace bench {

// How many calls one task makes: at least `min_runs` and `min_ms` of measured time, at most
// `max_runs`, after `warmup` unmeasured calls. `fixed_runs` (for callgrind) makes exactly that many.
struct Budget {
  int warmup = 3;
  int min_runs = 20;
  int max_runs = 2000;
  double min_ms = 1500;
};

inline std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline Budget budget_of(const nlohmann::json& task, std::optional<int> fixed_runs) {
  Budget b;
  b.warmup = task.value("warmup", b.warmup);
  b.min_runs = task.value("minRuns", b.min_runs);
  b.max_runs = task.value("maxRuns", b.max_runs);
  b.min_ms = task.value("minMs", b.min_ms);
  if (fixed_runs) {
    b.warmup = 1;
    b.min_runs = b.max_runs = *fixed_runs;
    b.min_ms = 0;
  }
  return b;
}

// Per-call wall times in ms; `body(i)` is call number i (warm-up calls included in the count).
inline std::vector<double> time_calls(const Budget& b, const std::function<void(int)>& body) {
  using clock = std::chrono::steady_clock;
  int i = 0;
  for (; i < b.warmup; ++i) body(i);
  std::vector<double> samples;
  double total = 0;
  while (static_cast<int>(samples.size()) < b.max_runs &&
         (static_cast<int>(samples.size()) < b.min_runs || total < b.min_ms)) {
    const auto t0 = clock::now();
    body(i++);
    const double ms = std::chrono::duration<double, std::milli>(clock::now() - t0).count();
    samples.push_back(ms);
    total += ms;
  }
  return samples;
}

// Texts are JSON arrays of strings (UTF-8) written by bench/run.mjs.
inline std::optional<std::vector<std::string>> read_texts(const std::string& path) {
  const auto raw = read_file(path);
  if (!raw) return std::nullopt;
  const auto j = nlohmann::json::parse(*raw, nullptr, false);
  if (!j.is_array()) return std::nullopt;
  std::vector<std::string> out;
  for (const auto& t : j) {
    if (!t.is_string()) return std::nullopt;
    out.push_back(t.get<std::string>());
  }
  return out;
}

// UTF-8 bytes of texts[first, last): what throughput figures divide by.
inline std::size_t bytes_of(const std::vector<std::string>& texts, std::size_t first, std::size_t last) {
  std::size_t n = 0;
  for (std::size_t k = first; k < last; ++k) n += texts[k].size();
  return n;
}

// A corpus cut into `count` consecutive slices of about equal UTF-8 size, as [first, last) text
// indices: a throughput sample is one slice, so one pass over the corpus gives `count` samples.
inline std::vector<std::pair<std::size_t, std::size_t>> slices_of(const std::vector<std::string>& texts, int count) {
  const std::size_t total = bytes_of(texts, 0, texts.size());
  std::vector<std::pair<std::size_t, std::size_t>> out;
  std::size_t first = 0, seen = 0;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    seen += texts[i].size();
    if (seen * static_cast<std::size_t>(count) >= total * (out.size() + 1) || i + 1 == texts.size()) {
      out.emplace_back(first, i + 1);
      first = i + 1;
    }
  }
  return out;
}

// Command line shared by both programs: PLAN.json [--only NAME] [--runs N].
struct Args {
  std::string plan;
  std::optional<std::string> only;
  std::optional<int> runs;
};

inline std::optional<Args> parse_args(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--only" && i + 1 < argc) {
      a.only = argv[++i];
    } else if (arg == "--runs" && i + 1 < argc) {
      a.runs = std::atoi(argv[++i]);
      if (*a.runs <= 0) return std::nullopt;
    } else if (a.plan.empty() && !arg.empty() && arg[0] != '-') {
      a.plan = arg;
    } else {
      return std::nullopt;
    }
  }
  if (a.plan.empty()) return std::nullopt;
  return a;
}

}  // namespace bench
