// Property: over thousands of random drafts mixing scripts, emoji, combining marks, invisibles
// and separators, every finding's span lies inside the text on code point boundaries and its
// `text` is exactly that slice; folding never maps a unit outside the text.
#include <random>

#include "fixtures.hpp"
#include "fold.hpp"

using namespace fixtures;

namespace {

// Pieces a draft is made of: words that hit the terms, disguises, and troublemakers.
const std::vector<std::u16string> kPieces = {u"Lumen",
                                             u"Tab",
                                             u"Titan",
                                             u"T1t4n",
                                             u"L",
                                             u"u",
                                             u"m",
                                             u"e",
                                             u"n",
                                             u"Jaguar",
                                             u"España",
                                             u"año",
                                             u"\u041B\u0443\u043C\u0435\u043D",  // Лумен
                                             u"\u0435",
                                             u"\u03BF",
                                             u"\uFF2C\uFF55\uFF4D",
                                             u"\uFB01",
                                             u"\u0301",
                                             u"\u0303",
                                             u"\u200B",
                                             u"\u00AD",
                                             u"\u200D",
                                             u"\uFE0F",
                                             u"\U0001F469\u200D\U0001F469\u200D\U0001F467",
                                             u"\U0001F1EA\U0001F1F8",
                                             u"\U0001F600",
                                             std::u16string(1, char16_t(0xD83D)),
                                             std::u16string(1, char16_t(0xDE00)),  // lone surrogates
                                             u" ",
                                             u"  ",
                                             u"\r\n",
                                             u"\n",
                                             u"-",
                                             u"_",
                                             u".",
                                             u"@",
                                             u"#",
                                             u"$",
                                             u"4",
                                             u"1",
                                             u"0",
                                             u"4 a.m.",
                                             u"04:00",
                                             u"a las 4 de la madrugada",
                                             u"4111 1111 1111 1111",
                                             u"ES91 2100 0418 4502 0005 1332",
                                             u"12345678Z",
                                             u"ana@example.com",
                                             u"+34 612 345 678",
                                             std::u16string(1, char16_t(0)),
                                             u"\u202E",
                                             u"\u0E01\u0E32\u0E23",
                                             u"\u4E2D\u6587",
                                             u"\u0627\u0644\u0639\u0631\u0628\u064A\u0629",
                                             u"I\u0307",
                                             u"\u00DF",
                                             u"\u0130"};

std::u16string random_draft(std::mt19937& rng) {
  std::uniform_int_distribution<std::size_t> pick(0, kPieces.size() - 1);
  std::uniform_int_distribution<int> count(0, 40);
  std::u16string s;
  for (int i = count(rng); i > 0; --i) s += kPieces[pick(rng)];
  return s;
}

bool on_code_point_boundary(std::u16string_view s, std::size_t i) {
  return i == 0 || i >= s.size() || !(s[i] >= 0xDC00 && s[i] <= 0xDFFF && s[i - 1] >= 0xD800 && s[i - 1] <= 0xDBFF);
}

}  // namespace

TEST_CASE("every finding slices the original text on code point boundaries", "[property][spans]") {
  auto p = compile(R"({"policy": {"id": "t", "version": "1"},
    "terms": {"x": ["Lumen Tab", "Titan", "Jaguar", "España", "lumen", {"term": "ta", "match": "prefix"}, "@acme", "fi"]},
    "rules": [
      {"id": "terms", "category": "confidential", "when": {"list": "x"}, "message": "{match}"},
      {"id": "near", "category": "personal_safety", "when": {"sentence": {"near": [{"terms": ["lumen"]}, {"detector": "time_of_day"}], "within": 5}}, "message": "m"},
      {"id": "rx", "category": "other", "when": {"regex": "an+", "on": "folded"}, "message": "m"},
      {"id": "rx2", "category": "other", "when": {"regex": "\\p{Emoji_Presentation}+"}, "message": "m"},
      {"id": "pii", "category": "pii", "when": {"any": [{"detector": "payment_card"}, {"detector": "iban"}, {"detector": "es_dni"}, {"detector": "email"}, {"detector": "phone"}]}, "message": "m"}]})");
  std::mt19937 rng(20261125);
  Checker checker;
  fold::Folder folder;
  fold::FoldedText folded;
  std::size_t findings = 0;
  for (int iteration = 0; iteration < 3000; ++iteration) {
    const std::u16string text = random_draft(rng);
    const CheckResult r = checker.check(*p, text, on_day());
    for (const Finding& f : r.findings) {
      INFO("iteration " << iteration << " text " << utf16_to_utf8(text));
      REQUIRE(f.start < f.end);
      REQUIRE(f.end <= text.size());
      REQUIRE(on_code_point_boundary(text, f.start));
      REQUIRE(on_code_point_boundary(text, f.end));
      REQUIRE(f.text == text.substr(f.start, f.end - f.start));
      ++findings;
    }
    folded.build(text, folder);
    for (const fold::Unit& u : folded.units) {
      REQUIRE(u.start < u.end);
      REQUIRE(u.end <= text.size());
      REQUIRE(on_code_point_boundary(text, u.start));
      REQUIRE(on_code_point_boundary(text, u.end));
    }
  }
  CHECK(findings > 1000);  // the generator does produce findings to check
}
