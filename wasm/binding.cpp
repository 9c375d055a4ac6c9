// The C functions that wasm/postguard.mjs calls: they only convert. Text arrives as the UTF-16 code
// units JavaScript holds (lone surrogates included), JSON arrives as UTF-8, and every answer is the
// JSON of postguard/json.hpp, so the engine and the CLI print the same bytes. Nothing throws out.
#include <emscripten/emscripten.h>
#include <unicode/udata.h>
#include <unicode/utypes.h>

#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <string_view>

#include "postguard/postguard.hpp"

extern "C" const char POSTGUARD_ICU_DATA_SYMBOL[];  // the minimal ICU data (wasm/CMakeLists.txt)

namespace postguard::wasm {

using ojson = nlohmann::ordered_json;

// One engine: the policy in force, a checker's scratch, and the last answer (which JavaScript
// reads before its next call).
struct Engine {
  std::shared_ptr<const Policy> policy;
  Checker checker;
  std::string answer;
};

// ICU must see its data before anything else touches it; the data lives in the module forever.
bool icu_ready() {
  static const bool ready = [] {
    UErrorCode status = U_ZERO_ERROR;
    udata_setCommonData(POSTGUARD_ICU_DATA_SYMBOL, &status);
    return U_SUCCESS(status);
  }();
  return ready;
}

// The same serialisation as the CLI: compact, invalid UTF-8 replaced rather than thrown.
const char* answer(Engine* e, const ojson& j) {
  e->answer = j.dump(-1, ' ', false, ojson::error_handler_t::replace);
  return e->answer.c_str();
}

const char* error_answer(Engine* e, const std::string& message) { return answer(e, ojson{{"error", message}}); }

// Runs one call. The core reports problems as values; an exception here means something like
// memory running out, and it becomes {"error": ...} instead of unwinding into JavaScript.
template <typename Body>
const char* guarded(Engine* e, Body body) {
#if defined(__cpp_exceptions)
  try {
    return body();
  } catch (const std::exception& x) {
    return error_answer(e, std::string("The engine failed: ") + x.what());
  } catch (...) {
    return error_answer(e, "The engine failed.");
  }
#else
  return body();
#endif
}

const char* load_answer(Engine* e, const LoadResult& r, bool put_in_force) {
  if (put_in_force && r.ok()) e->policy = r.policy;  // on failure the policy in force stays
  return answer(e, to_json(r));
}

const char* no_policy(Engine* e) { return error_answer(e, "No policy is in force."); }

}  // namespace postguard::wasm

using postguard::wasm::Engine;
using postguard::wasm::guarded;

extern "C" {

// A new engine; with `load_default`, the built-in default policy is in force (if that fails, a
// broken build, every call answers an error and pg_load_default_policy says why), without it no
// policy is until one loads. Null if ICU cannot use its data.
EMSCRIPTEN_KEEPALIVE Engine* pg_engine_new(int load_default) {
  if (!postguard::wasm::icu_ready()) return nullptr;
  auto e = std::make_unique<Engine>();
  if (load_default) {
    guarded(e.get(), [&] {
      e->policy = postguard::load_default_policy().policy;
      return "";
    });
  }
  return e.release();
}

EMSCRIPTEN_KEEPALIVE void pg_engine_free(Engine* e) { delete e; }

// Bytes in the last answer (the answer itself is NUL-terminated too: JSON escapes U+0000).
EMSCRIPTEN_KEEPALIVE std::size_t pg_result_size(const Engine* e) { return e->answer.size(); }

// `json` is the policy as UTF-8. `put_in_force` = 0 only validates. Answers a LoadResult.
EMSCRIPTEN_KEEPALIVE const char* pg_load_policy(Engine* e, const char* json, std::size_t size, int put_in_force) {
  return guarded(
      e, [&] { return load_answer(e, postguard::load_policy(std::string_view(json, size)), put_in_force != 0); });
}

EMSCRIPTEN_KEEPALIVE const char* pg_load_default_policy(Engine* e) {
  return guarded(e, [&] { return load_answer(e, postguard::load_default_policy(), true); });
}

EMSCRIPTEN_KEEPALIVE const char* pg_policy_info(Engine* e) {
  return guarded(e, [&] {
    if (!e->policy) return postguard::wasm::no_policy(e);
    return answer(e, postguard::to_json(e->policy->info()));
  });
}

// `text` is `length` UTF-16 code units; `context` is a JSON object as UTF-8 (may be empty). An
// invalid context is reported as a problem and the check runs with the default context, which is
// the strictest (personal account, no role, any site). Answers a CheckResult.
EMSCRIPTEN_KEEPALIVE const char* pg_check(Engine* e, const char16_t* text, std::size_t length, const char* context,
                                          std::size_t context_size) {
  return guarded(e, [&] {
    if (!e->policy) return postguard::wasm::no_policy(e);
    postguard::Context ctx;
    std::string problem;
    if (context_size > 0) {
      const auto j = nlohmann::json::parse(std::string_view(context, context_size), nullptr, false);
      if (j.is_discarded()) {
        problem = "The context is not valid JSON.";
      } else if (auto parsed = postguard::context_from_json(j, problem)) {
        ctx = std::move(*parsed);
      }
    }
    postguard::CheckResult r = e->checker.check(*e->policy, std::u16string_view(text, length), ctx);
    if (!problem.empty()) r.problems.insert(r.problems.begin(), postguard::CheckProblem{"", "Context: " + problem});
    return postguard::wasm::answer(e, postguard::to_json(r));
  });
}

// Answers an array of PolicyTestOutcome for the policy in force.
EMSCRIPTEN_KEEPALIVE const char* pg_run_policy_tests(Engine* e) {
  return guarded(e, [&] {
    if (!e->policy) return postguard::wasm::no_policy(e);
    nlohmann::ordered_json outcomes = nlohmann::ordered_json::array();
    for (const auto& o : postguard::run_policy_tests(*e->policy, e->checker)) outcomes.push_back(postguard::to_json(o));
    return postguard::wasm::answer(e, outcomes);
  });
}

EMSCRIPTEN_KEEPALIVE const char* pg_version() { return postguard::kVersion; }

}  // extern "C"
