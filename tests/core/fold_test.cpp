// Folding: each disguise is seen through (with its evidence) and each fold leaves harmless text
// alone; per-term fold options turn folds off.
#include "fixtures.hpp"

using namespace fixtures;

namespace {

const std::string kTerms = R"({"terms": ["Lumen Tab", "Titan", "Proyecto Jaguar", "España", "confidencial"]})";

// The single finding for `text`, which must exist.
Finding only(const Policy& p, const std::string& text) {
  const CheckResult r = run(p, text);
  INFO(text);
  REQUIRE(r.findings.size() == 1);
  return r.findings.front();
}

}  // namespace

TEST_CASE("case folding sees any capitalisation; only odd casing counts as evidence", "[fold]") {
  auto p = rule_policy(kTerms);
  const Finding f = only(*p, "el LUMEN TAB llega");
  CHECK(utf16_to_utf8(f.text) == "LUMEN TAB");
  CHECK(evidence_of(f).empty());  // shouting is not a disguise
  CHECK(evidence_of(only(*p, "el lumen tab llega")).empty());
  CHECK(evidence_of(only(*p, "el lUmEn tAB llega")) == Strings{"case"});
  auto sharp_s = rule_policy(R"({"terms": ["Straße"]})");
  CHECK(utf16_to_utf8(only(*sharp_s, "STRASSE 5").text) == "STRASSE");
  CHECK(evidence_of(only(*sharp_s, "StRaSsE 5")) == Strings{"case"});
}

TEST_CASE("fullwidth letters and ligatures fold by NFKC", "[fold]") {
  auto p = rule_policy(R"({"terms": ["Lumen Tab", "file"]})");
  Finding f = only(*p, "Ｌｕｍｅｎ Ｔａｂ");
  CHECK(evidence_of(f) == Strings{"fullwidth"});
  f = only(*p, "the ﬁle is here");
  CHECK(utf16_to_utf8(f.text) == "ﬁle");
  CHECK(evidence_of(f) == Strings{"fullwidth"});
}

TEST_CASE("diacritics: accents are ignored, but ñ stays a letter of its own", "[fold]") {
  auto p = rule_policy(R"({"terms": ["Lumen", "España", "ano"]})");
  CHECK(evidence_of(only(*p, "la Lúmen")) == Strings{"diacritics"});
  // Combining acute accent after the e: same finding, the mark inside the span.
  const Finding f = only(*p, "la Lume\xCC\x81n nueva");
  CHECK(utf16_to_utf8(f.text) == "Lume\xCC\x81n");
  CHECK(evidence_of(f) == Strings{"diacritics"});
  CHECK(evidence_of(only(*p, "viva Espana")) == Strings{"diacritics"});
  CHECK(evidence_of(only(*p, "viva España")).empty());
  CHECK(flagged(*p, "feliz año nuevo") == Strings{});  // año is not ano
}

TEST_CASE("homoglyphs from other scripts map to their Latin look-alikes", "[fold]") {
  auto p = rule_policy(kTerms);
  // Cyrillic е (U+0435) and Greek ο (U+03BF).
  const Finding f = only(*p, "Lum\xD0\xB5n Tab");
  CHECK(evidence_of(f) == Strings{"homoglyph"});
  CHECK(evidence_of(only(*p, "Pr\xCE\xBFyecto Jaguar")) == Strings{"homoglyph"});
  // Real Cyrillic and Greek words stay what they are.
  CHECK(flagged(*p,
                "\xD0\xBF\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82 "
                "\xCE\xBA\xCE\xB1\xCE\xBB\xCE\xB7\xCE\xBC\xCE\xAD\xCF\x81\xCE\xB1") == Strings{});
}

TEST_CASE("leetspeak only inside words that also have letters", "[fold]") {
  auto p = rule_policy(R"({"terms": ["Titan", "plan a", "eso", "secret"]})");
  CHECK(evidence_of(only(*p, "el T1t4n")) == Strings{"leet"});
  CHECK(evidence_of(only(*p, "el t1T4n")) == Strings{"case", "leet"});
  CHECK(evidence_of(only(*p, "my $3cr3t")) == Strings{"leet"});
  CHECK(flagged(*p, "plan 4 all") == Strings{});  // a lone digit is a number
  CHECK(flagged(*p, "code 350") == Strings{});    // no real letter at all
  CHECK(flagged(*p, "7174N") == Strings{});       // more substitutions than letters
}

TEST_CASE("separators inside a word and spaced-out letters", "[fold]") {
  auto p = rule_policy(kTerms);
  for (const char* text : {"L u m e n  T a b", "L-u-m-e-n Tab", "Lumen_Tab", "LumenTab", "T-i-t-a-n", "Ti.tan"}) {
    const Finding f = only(*p, std::string("ver ") + text + " hoy");
    CHECK(utf16_to_utf8(f.text) == text);
    CHECK(evidence_of(f) == Strings{"spacing"});
  }
  // Ordinary words next to each other are not a disguise.
  CHECK(flagged(*p, "Ti tanic") == Strings{});
  CHECK(flagged(*p, "a Titanic story") == Strings{});
}

TEST_CASE("zero-width characters inside a word; emoji sequences untouched", "[fold]") {
  auto p = rule_policy(kTerms);
  const Finding f = only(*p, "Lu\xE2\x80\x8Bmen Tab");  // U+200B
  CHECK(evidence_of(f) == Strings{"zero_width"});
  CHECK(only(*p, "Lu\xC2\xADmen Tab").end == 10);  // soft hyphen, inside the span
  // Family emoji (ZWJ sequence) and a flag around a term: exact offsets, no evidence.
  const std::string text =
      "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7 Titan \xF0\x9F\x87\xAA\xF0\x9F\x87\xB8";
  const Finding g = only(*p, text);
  CHECK(g.start == 9);
  CHECK(g.end == 14);
  CHECK(evidence_of(g).empty());
}

TEST_CASE("word boundaries come from ICU: no matches inside longer words", "[fold]") {
  auto p = rule_policy(kTerms);
  CHECK(flagged(*p, "Titanic Titanes titan's") == Strings{"titan"});
  CHECK(flagged(*p, "confidenciales y confidencial") == Strings{"confidencial"});
  auto prefix = rule_policy(R"({"terms": [{"term": "confidencial", "match": "prefix"}]})");
  CHECK(flagged(*prefix, "documentos confidenciales") == Strings{"confidenciales"});
}

TEST_CASE("per-term fold options turn folds off", "[fold]") {
  auto p = rule_policy(
      R"({"terms": [{"term": "US", "fold": {"case": false}}, {"term": "Titan", "fold": {"leet": false, "spacing": false}}]})");
  CHECK(flagged(*p, "in the US and with us") == Strings{"US"});
  CHECK(flagged(*p, "T1tan and T-i-t-a-n but Titan") == Strings{"Titan"});
  auto strict = rule_policy(
      R"({"terms": ["Lumen"], "fold": {"homoglyph": false, "diacritics": false, "zero_width": false, "fullwidth": false}})");
  CHECK(flagged(*strict,
                "Lum\xD0\xB5n L\xC3\xBAmen Lu\xE2\x80\x8Bmen "
                "\xEF\xBC\xAC\xEF\xBD\x95\xEF\xBD\x8D\xEF\xBD\x85\xEF\xBD\x8E lumen") == Strings{"lumen"});
}

TEST_CASE("spans are exact UTF-16 offsets with CRLF, surrogate pairs and marks", "[fold][spans]") {
  auto p = rule_policy(kTerms);
  // "😀\r\nTitan" : the emoji is two code units, CRLF two more.
  const CheckResult r = run(*p, "\xF0\x9F\x98\x80\r\nTitan");
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].start == 4);
  CHECK(r.findings[0].end == 9);
}
