// The regex prefilter: only literals every match must contain are extracted, and a prefiltered
// regex finds exactly what the unfiltered one finds.
#include "regex_prefilter.hpp"

#include "fixtures.hpp"

using namespace fixtures;

TEST_CASE("required literals are extracted conservatively", "[regex][prefilter]") {
  using L = std::vector<std::string>;
  CHECK(required_literals("order #?\\d{6}") == L{"order"});
  CHECK(required_literals("\\bSKU-\\d{6}\\b") == L{"sku"});
  CHECK(required_literals("proyecto[ _-]?jaguar") == L{"proyecto"});
  CHECK(required_literals("intern[oa]s?") == L{"intern"});
  CHECK(required_literals("colou?r") == L{"colo"});
  CHECK(required_literals("ab+cdef") == L{"cdef"});  // "b+" may repeat: "ab" and "cdef" are separate
  CHECK(required_literals("abc*d").empty());         // c may be absent: "ab" and "d" are too short
  CHECK(required_literals("alpha|beta") == L{"alpha", "beta"});
  CHECK(required_literals("alpha|be").empty());  // one alternative too short: nothing is known
  CHECK(required_literals("\\b(?:clos(?:e|es|ing)|shut(?:ting)? down|cerrar)\\b") == L{"cerrar", "clos", "shut"});
  CHECK(required_literals("(alpha|beta)gamma") == L{"gamma"});
  CHECK(required_literals("(?:strictly |highly )?(?:confidential|confidencial)\\b") ==
        L{"confidencial", "confidential"});
  CHECK(required_literals("(?=abc)x").empty());  // a lookahead matches nothing itself
  CHECK(required_literals("(?<!abc)xyzw") == L{"xyzw"});
  CHECK(required_literals("(?<name>refund)s?") == L{"refund"});
  CHECK(required_literals("(?i)refund") == L{"refund"});
  CHECK(required_literals("(?x) a b c # comment").empty());
  CHECK(required_literals("\\u0041bcd") == L{"bcd"});  // the hex digits belong to the escape
  CHECK(required_literals("\\p{L}+code") == L{"code"});
  CHECK(required_literals("[abc]{3}wxyz{0,2}") == L{"wxy"});
  CHECK(required_literals("x{2}yzw") == L{"yzw"});
  CHECK(required_literals("\\b\\w*\\d\\w*\\b") == L{"\\d"});  // nothing better than "some digit"
  CHECK(required_literals("\\b(?:at|by)\\s+\\d{1,2}") == L{"\\d"});
  CHECK(required_literals("order \\d+") == L{"order"});  // a literal beats a digit
  CHECK(required_literals("x\\d?y").empty());
  CHECK(required_literals("(").empty());
  CHECK(required_literals("a)b").empty());
  CHECK(required_literals("\\").empty());
}

TEST_CASE("top-level alternatives split only when they can stand alone", "[regex][prefilter]") {
  using V = std::vector<std::string_view>;
  CHECK(top_level_alternatives("a|b(c|d)|[|]x") == V{"a", "b(c|d)", "[|]x"});
  CHECK(top_level_alternatives("\\||x") == V{"\\|", "x"});
  CHECK(top_level_alternatives("(?i)a|b") == V{"(?i)a|b"});    // the flag belongs to both
  CHECK(top_level_alternatives("(a)x|\\1") == V{"(a)x|\\1"});  // a back-reference
  CHECK(top_level_alternatives("a|") == V{"a|"});              // the empty alternative
  CHECK(top_level_alternatives("(?<n>a)|b") == V{"(?<n>a)", "b"});
}

TEST_CASE("a regex whose alternatives have literals runs each where its literal is", "[regex][prefilter]") {
  auto p = rule_policy(R"({"regex": "\\bfraud\\w*|\\b\\d+ estafador|\\bx{2}\\b"})");
  CHECK(flagged(*p, "a fraudster, 12 estafador and xx") == Strings{"fraudster", "12 estafador", "xx"});
  CHECK(flagged(*p, "nothing here") == Strings{});
}

TEST_CASE("a regex that needs a digit runs only on lines with one, of any script", "[regex][prefilter]") {
  auto p = rule_policy(R"({"regex": "\\b(?:at|by)\\s+\\d{1,2}\\b"})");
  CHECK(flagged(*p, "see you\nat 9 tonight\nat home") == Strings{"at 9"});
  auto any_script = rule_policy(R"({"regex": "\\d{3}"})");
  CHECK(flagged(*any_script, "code \u0663\u0664\u0665") == Strings{"\u0663\u0664\u0665"});  // Arabic-Indic digits
}

TEST_CASE("a prefiltered regex still sees case-folded and folded matches", "[regex][prefilter]") {
  auto p = rule_policy(R"({"regex": "strasse\\d"})");
  CHECK(flagged(*p, "STRAẞE1 and straße2") == Strings{"STRAẞE1", "straße2"});  // ICU full case folding
  auto k = rule_policy(R"({"regex": "kilo\\d"})");
  CHECK(flagged(*k, "\xE2\x84\xAAILO9") == Strings{"\xE2\x84\xAAILO9"});  // Kelvin sign K
  auto folded = rule_policy(R"({"regex": "codigo \\d{4}", "on": "folded"})");
  CHECK(flagged(*folded, "el CÓDIGO 1234") == Strings{"CÓDIGO 1234"});
  CHECK(flagged(*folded, "sin nada") == Strings{});
  auto alternatives = rule_policy(R"({"regex": "\\b(?:refund|reembols)\\w*"})");
  CHECK(flagged(*alternatives, "we'll REFUND you; te reembolsamos") == Strings{"REFUND", "reembolsamos"});
}

TEST_CASE("the folded view joins spaced-out letters and reads leetspeak inside words", "[regex][fold]") {
  auto p = rule_policy(R"({"regex": "\\b(?:roba|ladrona|scammer|crook|idiot|assembly)\\b", "on": "folded"})");
  CHECK(flagged(*p, "el gerente r.o.b.a de la caja") == Strings{"r.o.b.a"});
  CHECK(flagged(*p, "es una l a d r o n a") == Strings{"l a d r o n a"});
  CHECK(flagged(*p, "a sc4mm3r and a cr00k") == Strings{"sc4mm3r", "cr00k"});
  CHECK(flagged(*p, "ur an 1d10t, read the 4ssembly guide") == Strings{"1d10t", "4ssembly"});
  auto codes = rule_policy(R"({"regex": "\\b(?:win10|2024|4x4|abc123)\\b", "on": "folded"})");
  CHECK(flagged(*codes, "win10 in 2024 with a 4x4 and abc123") == Strings{"win10", "2024", "4x4", "abc123"});
}
