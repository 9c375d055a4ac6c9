// The regex prefilter: only literals every match must contain are extracted, and a prefiltered
// regex finds exactly what the unfiltered one finds.
#include "regex_prefilter.hpp"

#include <unicode/regex.h>
#include <unicode/uchar.h>
#include <unicode/utf16.h>

#include <memory>
#include <set>

#include "fixtures.hpp"
#include "fold.hpp"

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

TEST_CASE("a group of alternatives is split into pieces that each need a literal", "[regex][prefilter]") {
  using V = std::vector<std::string>;
  // The group is distributed over the text around it; pieces without a literal run as one.
  CHECK(split_for_prefilter("\\b(?:we ll close|seguimos|L-V|M-F)\\b") ==
        V{"\\b(?:we ll close)\\b", "\\b(?:seguimos)\\b", "(?:\\b(?:L-V)\\b)|(?:\\b(?:M-F)\\b)"});
  // Nested: the alternatives of the inner group of a piece that still has no literal.
  CHECK(split_for_prefilter("\\b(?:vamos a (?:abrir|cerrar)|ab|cd)\\b") ==
        V{"\\b(?:vamos a (?:abrir|cerrar))\\b", "(?:\\b(?:ab)\\b)|(?:\\b(?:cd)\\b)"});
  // Capturing groups stay capturing.
  CHECK(split_for_prefilter("(refund|reembolso|xy)!") == V{"(refund)!", "(reembolso)!", "(xy)!"});
  // Long lists go in chunks of eight alternatives; a chunk without a literal is split further.
  CHECK(split_for_prefilter("\\b(?:a1|b22|c33|d44|e55|f66|g77|h88|i99|j00)\\b") ==
        V{"\\b(?:b22)\\b", "\\b(?:c33)\\b", "\\b(?:d44)\\b", "\\b(?:e55)\\b", "\\b(?:f66)\\b", "\\b(?:g77)\\b",
          "\\b(?:h88)\\b", "\\b(?:i99|j00)\\b", "\\b(?:a1)\\b"});
  // Not split: a literal is already required, a repeated or optional group, inline flags,
  // back-references, lookarounds, no piece with a literal, or too much text repeated.
  CHECK(split_for_prefilter("order (?:a|b)") == V{"order (?:a|b)"});
  CHECK(split_for_prefilter("(?:refund|xy)+") == V{"(?:refund|xy)+"});
  CHECK(split_for_prefilter("(?:refund|xy)?z") == V{"(?:refund|xy)?z"});
  CHECK(split_for_prefilter("(?i)(?:refund|xy)") == V{"(?i)(?:refund|xy)"});
  CHECK(split_for_prefilter("(a)(?:refund|\\1)") == V{"(a)(?:refund|\\1)"});
  CHECK(split_for_prefilter("(?=refund|xy)\\w+") == V{"(?=refund|xy)\\w+"});
  CHECK(split_for_prefilter("\\b(?:ab|cd)\\b") == V{"\\b(?:ab|cd)\\b"});
  const std::string long_tail = "(?:refund|xy) " + std::string(200, 'z') + "?";
  CHECK(split_for_prefilter(long_tail) == V{long_tail});
}

TEST_CASE("split pieces find what the whole pattern finds, and nothing it could not match", "[regex][prefilter]") {
  const std::vector<std::string> patterns = {
      "\\b(?:(?:no )?vamos a (?:cerrar|abrir)|we(?: ll| will)? (?:close|reopen)|L ?[-/] ?[VSD]|seguimos)\\b",
      "(?:^|[,;.]\\s*)(?:idiota|moron|hun|ab)\\s*(?:[,;.!]|$)",
      "\\b(?:the |an? )?(?:iq|brain|manners) of (?:a|an) \\w+|\\b(?:dos|una) neuronas?\\b",
      "(refund|reembolso|xy)(?: now| ya)",
  };
  const std::vector<std::u16string> texts = {
      u"No vamos a cerrar, seguimos. We'll close? we will reopen L-V and l / s",
      u"idiota. Listen, moron! and hun; ok, HUN, ab.",
      u"the brain of a goldfish, an iq of an ant, dos neuronas, una neurona",
      u"refund now, reembolso ya, xy now, XY YA",
  };
  for (const std::string& pattern : patterns) {
    const auto pieces = split_for_prefilter(pattern);
    INFO(pattern);
    CHECK(pieces.size() > 1);
    auto spans = [](const std::string& p) {
      UErrorCode status = U_ZERO_ERROR;
      UParseError pe{};
      std::unique_ptr<icu::RegexPattern> re(
          icu::RegexPattern::compile(icu::UnicodeString::fromUTF8(p), UREGEX_CASE_INSENSITIVE, pe, status));
      REQUIRE(U_SUCCESS(status));
      return re;
    };
    const auto whole = spans(pattern);
    for (const std::u16string& t : texts) {
      const icu::UnicodeString text(false, t.data(), static_cast<int32_t>(t.size()));
      std::set<std::pair<int, int>> found_whole, found_pieces;
      UErrorCode status = U_ZERO_ERROR;
      std::unique_ptr<icu::RegexMatcher> m(whole->matcher(text, status));
      while (m->find(status)) found_whole.insert({m->start(status), m->end(status)});
      for (const std::string& piece : pieces) {
        const auto compiled = spans(piece);
        std::unique_ptr<icu::RegexMatcher> pm(compiled->matcher(text, status));
        while (pm->find(status)) found_pieces.insert({pm->start(status), pm->end(status)});
      }
      for (const auto& span : found_whole) CHECK(found_pieces.count(span) == 1);
      for (const auto& [a, b] : found_pieces) {  // the whole pattern can match exactly there
        m->reset(text);
        m->useTransparentBounds(true);
        m->useAnchoringBounds(false);
        m->region(a, b, status);
        CHECK(m->matches(status));
      }
    }
  }
}

TEST_CASE("the folded view is case-folded, so case-free folded regexes can skip case folding", "[regex][fold]") {
  // needs_no_case_folding() relies on this: every letter of every script, in every case, reads
  // in the folded view as a character that case folding leaves alone.
  fold::Folder folder;
  fold::FoldedText folded;
  std::u16string view;
  std::vector<std::uint32_t> unit_of;
  std::size_t letters = 0;
  std::vector<UChar32> not_folded;
  for (UChar32 first = 0; first <= 0x1FFFF; first += 2048) {
    std::u16string text;
    for (UChar32 c = first; c < first + 2048; ++c) {
      if (!u_isalpha(c) && !u_isdigit(c)) continue;
      ++letters;
      icu::UnicodeString one(c);
      text.append(reinterpret_cast<const char16_t*>(one.getBuffer()), static_cast<std::size_t>(one.length()));
      text += (c % 3 == 0) ? u" " : u"";
    }
    folded.build(text, folder);
    folded.readable(view, unit_of);
    for (std::size_t i = 0; i < view.size();) {
      UChar32 c;
      U16_NEXT(view.data(), i, view.size(), c);
      if (u_foldCase(c, U_FOLD_CASE_DEFAULT) != c) not_folded.push_back(c);
    }
  }
  CHECK(letters > 60000);
  CHECK(not_folded.empty());  // code points of the view that case folding would change
}

TEST_CASE("folded regexes without case in them are compiled without case folding, with the same matches",
          "[regex][prefilter]") {
  CHECK(needs_no_case_folding("\\bcodigo (?:de )?(?:la )?alarma\\b"));
  CHECK(needs_no_case_folding("\\b\\d{3}\\s+\\w+\\W\\S\\B"));
  CHECK_FALSE(needs_no_case_folding("\\bSKU-\\d+"));  // an upper-case letter
  CHECK_FALSE(needs_no_case_folding("[A-Z]{3}"));     // a class of upper-case letters
  CHECK_FALSE(needs_no_case_folding("\\p{Lu}+"));     // a property that names case
  CHECK_FALSE(needs_no_case_folding("\\x{41}"));      // a character by number
  CHECK_FALSE(needs_no_case_folding("(?-i)abc"));     // inline flags
  CHECK_FALSE(needs_no_case_folding("[[:upper:]]"));  // POSIX classes
  CHECK_FALSE(
      needs_no_case_folding("stra\xC3\x9F"
                            "e"));  // ß folds to "ss"
  CHECK_FALSE(needs_no_case_folding("\\Qabc\\E"));
  auto p = rule_policy(R"({"regex": "\\bcodigo de (?:la )?alarma\\b|\\bclave\\b", "on": "folded"})");
  CHECK(flagged(*p, "El CÓDIGO DE LA ALARMA, la Clave y la ＣＬＡＶＥ") ==
        Strings{"CÓDIGO DE LA ALARMA", "Clave", "ＣＬＡＶＥ"});
  auto upper = rule_policy(R"({"regex": "\\bSKU\\d+", "on": "folded"})");  // still case-insensitive
  CHECK(flagged(*upper, "sku12 and SKU34") == Strings{"sku12", "SKU34"});
}

TEST_CASE("a regex that is one sequence needs every literal of it on the line", "[regex][prefilter]") {
  using S = std::vector<std::vector<std::string>>;
  CHECK(required_literal_sets("\\b[a-z]+-\\d{2}\\.ngn\\.corp\\.example\\b") ==
        S{{"example"}, {"\\d"}, {"ngn"}, {"corp"}});
  CHECK(required_literal_sets("refund\\w*|reembolso") == S{{"reembolso", "refund"}});  // alternatives: one set
  CHECK(required_literal_sets("\\w+") == S{});
  // Forty host names that share "corp.example": only the one whose own name is on the line runs.
  std::string rules;
  for (const char* host : {"ngn", "px", "qmn"})
    rules += std::string(rules.empty() ? "" : ", ") + R"({"id": "host.)" + host +
             R"(", "category": "confidential", "when": {"regex": "\\b[a-z]+-\\d{2}\\.)" + host +
             R"(\\.corp\\.example\\b"}, "message": "m"})";
  auto p = compile(R"({"policy": {"id": "t", "version": "1"}, "rules": [)" + rules + "]}");
  CHECK(flagged(*p, "ticket db-88.qmn.corp.example and db-12.other.corp.example") == Strings{"db-88.qmn.corp.example"});
}
