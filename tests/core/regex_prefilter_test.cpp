// The regex prefilter: only literals every match must contain are extracted, and a prefiltered
// regex finds exactly what the unfiltered one finds.
#include "fixtures.hpp"
#include "regex_prefilter.hpp"

using namespace fixtures;

TEST_CASE("required literals are extracted conservatively", "[regex][prefilter]") {
  CHECK(required_literal("order #?\\d{6}") == "order");
  CHECK(required_literal("\\bSKU-\\d{6}\\b") == "sku");
  CHECK(required_literal("proyecto[ _-]?jaguar") == "proyecto");
  CHECK(required_literal("intern[oa]s?") == "intern");
  CHECK(required_literal("colou?r") == "colo");
  CHECK(required_literal("ab+cdef") == "cdef");      // "b+" may repeat: "ab" and "cdef" are separate
  CHECK(required_literal("abc*d") == "");            // c may be absent: runs "ab" and "d" are too short
  CHECK(required_literal("alpha|beta") == "");       // top-level alternative
  CHECK(required_literal("(alpha|beta)gamma") == "gamma");
  CHECK(required_literal("(?x) a b c # comment") == "");
  CHECK(required_literal("\\u0041bcd") == "bcd");   // the hex digits belong to the escape
  CHECK(required_literal("\\p{L}+code") == "code");
  CHECK(required_literal("[abc]{3}wxyz{0,2}") == "wxy");
  CHECK(required_literal("x{2}yzw") == "yzw");
  CHECK(required_literal("(") == "");
  CHECK(required_literal("\\") == "");
}

TEST_CASE("a prefiltered regex still sees case-folded and folded matches", "[regex][prefilter]") {
  auto p = rule_policy(R"({"regex": "strasse\\d"})");
  CHECK(flagged(*p, "STRAẞE1 and straße2") == Strings{"STRAẞE1", "straße2"});  // ICU full case folding
  auto k = rule_policy(R"({"regex": "kilo\\d"})");
  CHECK(flagged(*k, "\xE2\x84\xAAILO9") == Strings{"\xE2\x84\xAAILO9"});  // Kelvin sign K
  auto folded = rule_policy(R"({"regex": "codigo \\d{4}", "on": "folded"})");
  CHECK(flagged(*folded, "el CÓDIGO 1234") == Strings{"CÓDIGO 1234"});
  CHECK(flagged(*folded, "sin nada") == Strings{});
}
