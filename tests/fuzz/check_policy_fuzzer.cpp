// Fuzz target: `check` with a policy built from the fuzzer's input. The front bytes choose a small
// policy (terms with their match and fold options, regexes, detectors, all/any/not/near/sentence,
// context conditions), the rest a draft made of pieces that tend to hit it — the policy's own terms
// in disguise, detector samples, raw bytes, lone surrogates — so that every stage of the check runs.
#include <cstdint>
#include <string>
#include <vector>

#include "input.hpp"
#include "properties.hpp"

namespace {

using json = nlohmann::json;

const char* const kCategories[] = {"spokesperson", "conflict", "confidential", "personal_safety",
                                   "pii",          "legal",    "disclosure",   "other"};
const char* const kSeverities[] = {"block", "warn", "info"};
const char* const kDetectors[] = {"email",  "phone",  "payment_card", "iban", "es_dni",
                                  "us_ssn", "secret", "time_of_day",  "url",  "street_address"};
const char* const kFolds[] = {"case", "diacritics", "fullwidth", "homoglyph", "leet", "spacing", "zero_width"};
const char* const kWords[] = {"Lumen Tab", "Titan",      "España", "jaguar", "estafador", "\xEF\xAC\x81le",
                              "@acme",     "Q3 numbers", "año",    "I",      "ß",         "co-op",
                              "x",         "1337"};
const char* const kRegexes[] = {"(a+)+$",       "\\b\\w+\\b", "an+",    "\\p{Emoji_Presentation}+",
                                "lumen\\s*tab", "[0-9]{4}",   "^",      "x*",
                                "(?=a)",        "\\bt\\w*",   "(.*)*b", "(?i)ñ+",
                                "\\X"};
const char16_t* const kSamples[] = {u"ana@example.com",
                                    u"+34 612 345 678",
                                    u"4111 1111 1111 1111",
                                    u"ES91 2100 0418 4502 0005 1332",
                                    u"12345678Z",
                                    u"123-45-6789",
                                    u"AKIAIOSFODNN7EXAMPLE",
                                    u"4 a.m.",
                                    u"a las 4 de la madrugada",
                                    u"https://x.example/a",
                                    u"Calle Mayor 12",
                                    u"04:00",
                                    u"X1234567L"};
const char16_t* const kSeparators[] = {
    u" ",      u"\n",     u". ",         u"\u200D",
    u"\u200B", u"\u0301", u"\U0001F600", u"\U0001F469\u200D\U0001F469\u200D\U0001F467",
    u"\u00AD", u"-",      u"_",          u"\r\n",
    u"\u2029", u"!? ",    u"\uFE0F"};

template <typename T, std::size_t N>
const T& pick(FuzzedDataProvider& in, const T (&options)[N]) {
  return options[in.ConsumeIntegralInRange<std::size_t>(0, N - 1)];
}

class PolicyBuilder {
 public:
  explicit PolicyBuilder(FuzzedDataProvider& in) : in_(in) {}

  json build() {
    json p = {{"policy", {{"id", "fuzz"}, {"version", "1"}}}};
    if (in_.ConsumeBool()) p["policy"]["languages"] = in_.ConsumeBool() ? json{"es", "en"} : json{"en"};
    if (in_.ConsumeIntegralInRange(0, 7) == 0) p["extends"] = {"builtin:pii"};
    p["company"] = {{"names", {term_text()}},
                    {"handles", {"@acme"}},
                    {"official_urls", {{"support", "https://acme.example/help"}}}};
    p["roles"] = {{"social_team", {{"may_speak_for_company", true}}}, {"support_staff", json::object()}};
    json list = json::array();
    for (int n = in_.ConsumeIntegralInRange(1, 4); n > 0; --n) list.push_back(term());
    p["terms"] = {{"fuzz", list}};
    json rules = json::array();
    for (int n = in_.ConsumeIntegralInRange(1, 4), i = 0; i < n; ++i) rules.push_back(rule(i));
    p["rules"] = rules;
    return p;
  }

  const std::vector<std::u16string>& terms() const { return terms_; }

 private:
  std::string term_text() {
    std::string t = in_.ConsumeBool() ? std::string(pick(in_, kWords)) : in_.ConsumeRandomLengthString(24);
    terms_.push_back(postguard::utf8_to_utf16(t));
    return t;
  }

  json fold_options() {
    json f = json::object();
    for (const char* name : kFolds)
      if (in_.ConsumeIntegralInRange(0, 3) == 0) f[name] = in_.ConsumeBool();
    return f;
  }

  json term() {
    if (in_.ConsumeBool()) return term_text();
    json t = {{"term", term_text()}};
    if (in_.ConsumeBool()) t["match"] = in_.ConsumeBool() ? "prefix" : "word";
    if (in_.ConsumeBool()) t["fold"] = fold_options();
    if (in_.ConsumeIntegralInRange(0, 3) == 0) t["until"] = "2027-06-01";
    if (in_.ConsumeIntegralInRange(0, 3) == 0) t["replacement"] = "our next product";
    return t;
  }

  json condition(int depth) {
    switch (in_.ConsumeIntegralInRange(0, depth >= 3 ? 3 : 10)) {
      case 0: {
        json c = {{"terms", json::array()}};
        for (int n = in_.ConsumeIntegralInRange(1, 3); n > 0; --n) c["terms"].push_back(term());
        if (in_.ConsumeBool()) c["match"] = in_.ConsumeBool() ? "prefix" : "word";
        if (in_.ConsumeBool()) c["fold"] = fold_options();
        return c;
      }
      case 1:
        return {{"list", in_.ConsumeBool() ? "fuzz" : "company.names"}};
      case 2: {
        json c = {{"regex", in_.ConsumeBool() ? std::string(pick(in_, kRegexes)) : in_.ConsumeRandomLengthString(32)}};
        if (in_.ConsumeBool()) c["ignore_case"] = in_.ConsumeBool();
        if (in_.ConsumeBool()) c["on"] = in_.ConsumeBool() ? "folded" : "text";
        return c;
      }
      case 3:
        return {{"detector", pick(in_, kDetectors)}};
      case 4:
      case 5: {
        json parts = json::array();
        for (int n = in_.ConsumeIntegralInRange(1, 3); n > 0; --n) parts.push_back(condition(depth + 1));
        return {{in_.ConsumeBool() ? "all" : "any", parts}};
      }
      case 6:
        return {{"not", condition(depth + 1)}};
      case 7: {
        json c = {{"near", {condition(depth + 1), condition(depth + 1)}},
                  {"within", in_.ConsumeIntegralInRange(1, 100)}};
        if (in_.ConsumeBool()) c["ordered"] = in_.ConsumeBool();
        return c;
      }
      case 8:
        return {{"sentence", condition(depth + 1)}};
      case 9:
        return in_.ConsumeBool() ? json{{"site", {"linkedin.com"}}} : json{{"account", "official"}};
      default:
        return in_.ConsumeBool() ? json{{"permission", "may_speak_for_company"}}
                                 : json{{"date", {{"from", "2026-01-01"}, {"until", "2027-06-01"}}}};
    }
  }

  json rule(int index) {
    json r = {
        {"id", "r" + std::to_string(index)},
        {"category", pick(in_, kCategories)},
        {"severity", pick(in_, kSeverities)},
        {"when", condition(0)},
        {"message",
         in_.ConsumeBool() ? "{match}" : "{company.name}: {term.replacement|none} {company.official_urls.support}"}};
    if (in_.ConsumeIntegralInRange(0, 3) == 0) r["unless"] = condition(1);
    if (in_.ConsumeIntegralInRange(0, 3) == 0) r["sites"] = {"linkedin.com"};
    if (in_.ConsumeIntegralInRange(0, 3) == 0) r["accounts"] = {"personal"};
    if (in_.ConsumeIntegralInRange(0, 3) == 0) r["roles"] = {"support_staff"};
    if (in_.ConsumeIntegralInRange(0, 3) == 0) r["replacement"] = "[{match}]";
    return r;
  }

  FuzzedDataProvider& in_;
  std::vector<std::u16string> terms_;
};

// A term as an evader would type it.
std::u16string disguise(std::u16string_view term, int how) {
  static const std::u16string kFrom = u"aeopcixyAEOPCXY", kCyrillic = u"аеорсіхуАЕОРСХУ";
  static const std::u16string kLeetFrom = u"aeiost", kLeet = u"431057";
  std::u16string out;
  for (char16_t c : term) {
    switch (how) {
      case 1:
        out += (c >= u'a' && c <= u'z') ? static_cast<char16_t>(c - 32) : c;
        break;
      case 2:
        out += c;
        out += u' ';
        break;
      case 3:
        out += c;
        out += u'\u200B';
        break;
      case 4:
        out += (c >= u'!' && c <= u'~') ? static_cast<char16_t>(c - u'!' + 0xFF01) : c;
        break;
      case 5:
        out += kFrom.find(c) != std::u16string::npos ? kCyrillic[kFrom.find(c)] : c;
        break;
      case 6:
        out += kLeetFrom.find(c) != std::u16string::npos ? kLeet[kLeetFrom.find(c)] : c;
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::u16string draft(FuzzedDataProvider& in, const std::vector<std::u16string>& terms) {
  std::u16string text;
  for (int pieces = 0; pieces < 48 && in.remaining_bytes() > 0; ++pieces) {
    switch (in.ConsumeIntegralInRange(0, 5)) {
      case 0:
        text += postguard::utf8_to_utf16(in.ConsumeRandomLengthString(16));
        break;
      case 1:
        if (!terms.empty())
          text += disguise(terms[in.ConsumeIntegralInRange<std::size_t>(0, terms.size() - 1)],
                           in.ConsumeIntegralInRange(0, 7));
        break;
      case 2:
        text += pick(in, kSamples);
        break;
      case 3:
        text += pick(in, kSeparators);
        break;
      case 4:
        text += static_cast<char16_t>(in.ConsumeIntegral<std::uint16_t>());  // NUL, lone surrogates
        break;
      default:
        text += postguard::utf8_to_utf16(pick(in, kWords));
    }
  }
  return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::shared_ptr<const postguard::Policy> fallback = postguard::load_default_policy().policy;
  static postguard::Checker checker;
  FuzzedDataProvider in(data, size);
  const fuzz::Draft d = fuzz::draft_from(in);
  PolicyBuilder builder(in);
  const std::string policy_json = builder.build().dump(-1, ' ', false, json::error_handler_t::replace);
  const postguard::LoadResult loaded = postguard::load_policy(policy_json);
  fuzz::require_all_or_nothing(loaded);
  if (!loaded.ok()) return 0;
  const std::u16string text = draft(in, builder.terms());
  const postguard::CheckResult r = checker.check(*loaded.policy, text, d.context);
  fuzz::require_sound(r, text);
  // One Checker serves many policies: checking with another one in between changes nothing.
  fuzz::require_sound(checker.check(*fallback, text, d.context), text);
  fuzz::require_repeatable(checker, *loaded.policy, text, d.context, r);
  return 0;
}
