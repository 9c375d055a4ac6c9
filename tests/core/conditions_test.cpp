// Conditions: all/any/not, near, sentence scope, regexes with time limits, date windows and
// context filters (site, account, role, permission).
#include "fixtures.hpp"

using namespace fixtures;

TEST_CASE("any, all and not combine text conditions", "[conditions]") {
  auto any = rule_policy(R"({"any": [{"terms": ["alpha"]}, {"terms": ["beta"]}]})");
  CHECK(flagged(*any, "alpha and beta") == Strings{"alpha", "beta"});
  auto all = rule_policy(R"({"all": [{"terms": ["alpha"]}, {"terms": ["beta"]}]})");
  CHECK(flagged(*all, "alpha and beta") == Strings{"alpha", "beta"});
  CHECK(flagged(*all, "alpha alone") == Strings{});
  auto not_ = rule_policy(R"({"all": [{"terms": ["alpha"]}, {"not": {"terms": ["#ad"]}}]})");
  CHECK(flagged(*not_, "alpha is great") == Strings{"alpha"});
  CHECK(flagged(*not_, "alpha is great #ad") == Strings{});
}

TEST_CASE("near measures words between matches", "[conditions]") {
  auto p =
      rule_policy(R"({"near": [{"terms": ["alone", "sola"]}, {"terms": ["parking lot", "tienda"]}], "within": 3})");
  CHECK(flagged(*p, "I am alone in the parking lot") == Strings{"alone in the parking lot"});
  CHECK(flagged(*p, "the parking lot and I am alone") == Strings{"parking lot and I am alone"});
  CHECK(flagged(*p, "alone, but later, much later, far from the parking lot") == Strings{});
  auto ordered =
      rule_policy(R"({"near": [{"terms": ["alone"]}, {"terms": ["parking lot"]}], "within": 3, "ordered": true})");
  CHECK(flagged(*ordered, "the parking lot and I am alone") == Strings{});
}

TEST_CASE("sentence scope keeps conditions inside one sentence; a line break ends one", "[conditions]") {
  auto p = rule_policy(R"({"sentence": {"all": [{"terms": ["alone"]}, {"terms": ["tonight"]}]}})");
  CHECK(flagged(*p, "Alone at the shop tonight.") == Strings{"Alone", "tonight"});
  CHECK(flagged(*p, "I was alone. We meet tonight.") == Strings{});
  CHECK(flagged(*p, "I was alone\nWe meet tonight") == Strings{});
}

TEST_CASE("unless suppresses a rule for the whole draft", "[conditions]") {
  auto p = compile(R"({"policy": {"id": "t", "version": "1"}, "rules": [{"id": "r", "category": "disclosure",
    "when": {"terms": ["Acme"]}, "unless": {"terms": ["#empleado", "I work at"]}, "message": "m"}]})");
  CHECK(flagged(*p, "Buy Acme!") == Strings{"Acme"});
  CHECK(flagged(*p, "Buy Acme! #empleado") == Strings{});
  CHECK(flagged(*p, "I work at Acme, buy it") == Strings{});
}

TEST_CASE("regexes run on the text or the folded view", "[conditions][regex]") {
  auto p = rule_policy(R"({"regex": "order #?\\d{6}"})");
  CHECK(flagged(*p, "my Order #123456 is late") == Strings{"Order #123456"});
  auto folded = rule_policy(R"({"regex": "\\bcodigo de (la )?alarma\\b", "on": "folded"})");
  const CheckResult r = run(*folded, "el CÓDIGO DE LA ALARMA es 1234");
  REQUIRE(r.findings.size() == 1);
  CHECK(utf16_to_utf8(r.findings[0].text) == "CÓDIGO DE LA ALARMA");
  CHECK(evidence_of(r.findings[0]) == Strings{"diacritics"});
}

TEST_CASE("a runaway regex is stopped and reported; other rules still report", "[conditions][regex]") {
  auto p = compile(R"({"policy": {"id": "t", "version": "1"}, "rules": [
    {"id": "slow", "category": "other", "when": {"regex": "(a+)+$"}, "message": "m"},
    {"id": "fast", "category": "other", "when": {"terms": ["hello"]}, "message": "m"}]})");
  const std::string text = "hello " + std::string(5000, 'a') + "!";
  const CheckResult r = run(*p, text);
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].rule == "fast");
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].rule == "slow");
  CHECK(r.problems[0].message.find("ran out of time") != std::string::npos);
}

TEST_CASE("date windows: an embargo ends on launch day", "[conditions][dates]") {
  auto p = compile(R"({"policy": {"id": "t", "version": "1"},
    "terms": {"unreleased": [{"term": "Lumen Tab", "until": "2027-06-01"}, {"term": "Nova", "from": "2027-01-01"}]},
    "rules": [{"id": "r", "category": "confidential", "when": {"list": "unreleased"}, "message": "m"},
              {"id": "holiday", "category": "other", "when": {"terms": ["sale"]}, "from": "2026-12-01", "until": "2026-12-26", "message": "m"},
              {"id": "dated", "category": "other", "when": {"all": [{"terms": ["promo"]}, {"date": {"until": "2027-01-01"}}]}, "message": "m"}]})");
  CHECK(flagged(*p, "Lumen Tab y Nova", on_day("2027-05-31")) == Strings{"Lumen Tab", "Nova"});
  CHECK(flagged(*p, "Lumen Tab y Nova", on_day("2027-06-01")) == Strings{"Nova"});
  CHECK(flagged(*p, "Lumen Tab y Nova", on_day("2026-12-31")) == Strings{"Lumen Tab"});
  CHECK(flagged(*p, "big sale", on_day("2026-12-25")) == Strings{"sale"});
  CHECK(flagged(*p, "big sale", on_day("2026-12-26")) == Strings{});
  CHECK(flagged(*p, "promo", on_day("2026-12-31")) == Strings{"promo"});
  CHECK(flagged(*p, "promo", on_day("2027-01-01")) == Strings{});
}

TEST_CASE("context filters: site, account, role and permission", "[conditions][context]") {
  auto p = compile(R"({"policy": {"id": "t", "version": "1"},
    "roles": {"social_team": {"may_speak_for_company": true}, "intern": {"may_speak_for_company": false}},
    "rules": [
      {"id": "li", "category": "other", "sites": ["linkedin.com"], "when": {"terms": ["hiring"]}, "message": "m"},
      {"id": "personal", "category": "spokesperson", "accounts": ["personal"], "when": {"terms": ["we apologize"]}, "message": "m"},
      {"id": "speak", "category": "spokesperson", "when": {"terms": ["official position"]},
       "unless": {"permission": "may_speak_for_company"}, "message": "m"},
      {"id": "interns", "category": "other", "roles": ["intern"], "when": {"terms": ["salary"]}, "message": "m"},
      {"id": "x-only", "category": "other", "when": {"all": [{"terms": ["thread"]}, {"site": ["x.com"]}]}, "message": "m"}]})");
  Context c = on_day();
  c.site = "www.linkedin.com";
  CHECK(flagged(*p, "we are hiring", c) == Strings{"hiring"});
  c.site = "notlinkedin.com";
  CHECK(flagged(*p, "we are hiring", c) == Strings{});
  c.account = Account::official;
  CHECK(flagged(*p, "we apologize", c) == Strings{});
  c.account = Account::personal;
  CHECK(flagged(*p, "we apologize", c) == Strings{"we apologize"});
  c.role = "social_team";
  CHECK(flagged(*p, "our official position", c) == Strings{});
  c.role = "intern";
  CHECK(flagged(*p, "our official position and my salary", c) == Strings{"official position", "salary"});
  c.site = "x.com";
  CHECK(flagged(*p, "a thread", c) == Strings{"thread"});
}

TEST_CASE("messages are localized with fallback and variables expanded", "[report]") {
  auto p =
      compile(R"({"policy": {"id": "t", "version": "1", "languages": ["es", "en"], "url": "https://intranet.example/p"},
    "company": {"names": ["Acme"], "official_urls": {"support": "https://acme.example/help"}},
    "terms": {"tools": [{"term": "Jira interno", "replacement": "our tools", "note": {"es": "herramienta interna"}}]},
    "rules": [{"id": "r", "category": "spokesperson", "when": {"list": "tools"},
      "message": {"es": "{match}: {term.note}", "en": "{match} is internal"},
      "suggestion": {"en": "Send them to {company.official_urls.support}, not {company.name}'s {{tools}}"},
      "link": "https://intranet.example/tools"}]})");
  Context c = on_day();
  c.locale = "en-GB";
  CheckResult r = run(*p, "ver Jira interno", c);
  REQUIRE(r.findings.size() == 1);
  const Finding& f = r.findings[0];
  CHECK(f.message == "Jira interno is internal");
  CHECK(f.suggestion == "Send them to https://acme.example/help, not Acme's {tools}");
  CHECK(f.replacement == std::optional<std::string>("our tools"));
  CHECK(f.link == "https://intranet.example/tools");
  CHECK(f.category == Category::spokesperson);
  c.locale = "es";
  r = run(*p, "ver Jira interno", c);
  CHECK(r.findings[0].message == "Jira interno: herramienta interna");
  CHECK(r.findings[0].suggestion.find("Send them") == 0);  // only English exists: fallback
}

TEST_CASE("findings are sorted, and overlapping spans of one rule merge", "[report]") {
  auto p = compile(R"({"policy": {"id": "t", "version": "1"}, "rules": [
    {"id": "b", "category": "other", "severity": "info", "when": {"any": [{"terms": ["Lumen Tab"]}, {"regex": "Tab Pro"}]}, "message": "m"},
    {"id": "a", "category": "other", "severity": "block", "when": {"terms": ["Lumen"]}, "message": "m"}]})");
  const CheckResult r = run(*p, "Lumen Tab Pro");
  REQUIRE(r.findings.size() == 2);
  CHECK(r.findings[0].rule == "a");
  CHECK(r.findings[1].rule == "b");
  CHECK(utf16_to_utf8(r.findings[1].text) == "Lumen Tab Pro");
}

TEST_CASE("policy tests report what was missing and what was unexpected", "[tests]") {
  auto p = compile(R"({"policy": {"id": "t", "version": "1"}, "rules": [
    {"id": "a", "category": "other", "when": {"terms": ["alpha"]}, "message": "m"},
    {"id": "b", "category": "other", "when": {"terms": ["beta"]}, "message": "m"}],
    "tests": [{"text": "alpha", "expect": ["a"]},
              {"name": "wrong", "text": "beta", "expect": [{"rule": "a", "text": "alpha"}]},
              {"text": "alpha", "expect": [{"rule": "a", "text": "alpha"}]}]})");
  Checker checker;
  const auto outcomes = run_policy_tests(*p, checker);
  REQUIRE(outcomes.size() == 3);
  CHECK(outcomes[0].passed);
  CHECK_FALSE(outcomes[1].passed);
  CHECK(outcomes[1].missing == Strings{"a: alpha"});
  CHECK(outcomes[1].unexpected == Strings{"b"});
  CHECK(outcomes[2].passed);
}

TEST_CASE("highlight: false makes a condition count without being underlined", "[conditions][highlight]") {
  auto p = rule_policy(
      R"({"near": [{"terms": ["proyecto", "demo"], "highlight": false}, {"terms": ["Jaguar"]}], "within": 3})");
  CHECK(flagged(*p, "la demo interna del proyecto Jaguar") == Strings{"Jaguar"});
  CHECK(flagged(*p, "vi un jaguar en el zoo") == Strings{});
  auto all = rule_policy(R"({"all": [{"terms": ["Acme"], "highlight": false}, {"terms": ["refund"]}]})");
  CHECK(flagged(*all, "Acme will refund you") == Strings{"refund"});
  auto only_context = rule_policy(R"({"terms": ["Acme"], "highlight": false})");
  CHECK(flagged(*only_context, "Acme") == Strings{"Acme"});  // nothing else to point at
}

TEST_CASE("without reports hits that have no exception near them", "[conditions][without]") {
  auto p = rule_policy(R"({"without": [{"terms": ["4111"]}, {"terms": ["order", "pedido"]}], "within": 2})");
  CHECK(flagged(*p, "order number 4111 and later my card is 4111") == Strings{"4111"});
  CHECK(flagged(*p, "pedido 4111") == Strings{});
  const CheckResult r = run(*p, "order number 4111 and later my card is 4111");
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].start == 39);
  const LoadResult bad =
      load_policy(R"({"policy": {"id": "a", "version": "1"}, "rules": [{"id": "a", "category": "pii", "message": "m",
    "when": {"without": [{"terms": ["x"]}, {"account": "official"}], "within": 2}}]})");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.errors[0].message.find("without needs exactly two text conditions") != std::string::npos);
}

TEST_CASE("a rule's replacement may be localized", "[report]") {
  auto p = compile(
      R"J({"policy": {"id": "t", "version": "1", "languages": ["es", "en"]}, "rules": [{"id": "r", "category": "disclosure",
    "when": {"terms": ["Lumora"]}, "message": "m", "replacement": {"en": "{match} (#employee)", "es": "{match} (#empleado)"}}]})J");
  Context c = on_day();
  c.locale = "en";
  CHECK(run(*p, "love Lumora", c).findings[0].replacement == std::optional<std::string>("Lumora (#employee)"));
  c.locale = "es";
  CHECK(run(*p, "me encanta Lumora", c).findings[0].replacement == std::optional<std::string>("Lumora (#empleado)"));
}

TEST_CASE("regexes match line by line", "[conditions][regex]") {
  auto p = rule_policy(R"({"regex": "alpha\\s+beta"})");
  CHECK(flagged(*p, "alpha   beta") == Strings{"alpha   beta"});
  CHECK(flagged(*p, "alpha\nbeta") == Strings{});  // a match never crosses a line break
  auto anchored = rule_policy(R"({"regex": "^confidential"})");
  CHECK(flagged(*anchored, "hello\nConfidential: our plan\r\nnot confidential") == Strings{"Confidential"});
  auto folded = rule_policy(R"({"regex": "alpha beta", "on": "folded"})");
  CHECK(flagged(*folded, "ALPHA -- beta") == Strings{"ALPHA -- beta"});
  CHECK(flagged(*folded, "alpha\n\nbeta") == Strings{});
}

TEST_CASE("sentences do not end after abbreviations such as Mr. or Sra.", "[conditions]") {
  auto p =
      rule_policy(R"({"sentence": {"near": [{"terms": ["Mr", "Sra"]}, {"terms": ["chemo", "quimio"]}], "within": 8}})");
  CHECK(flagged(*p, "Our regular Mr. Chen is going through chemo. La Sra. Gil está con quimio") ==
        Strings{"Mr. Chen is going through chemo", "Sra. Gil está con quimio"});
}

TEST_CASE("two one-letter words in a row stay apart; three or more spaced letters join", "[fold]") {
  auto p = rule_policy(R"({"regex": "\\ba todos los que|\\bi will", "on": "folded"})");
  CHECK(flagged(*p, "Gracias a Marta y a todos los que vinisteis") == Strings{"a todos los que"});
  CHECK(flagged(*p, "@pat_w I will refund you") == Strings{"I will"});
  auto terms = rule_policy(R"({"terms": ["ya", "lumen"]})");
  CHECK(flagged(*terms, "y a todos, L u m e n") == Strings{"L u m e n"});
}

TEST_CASE("disguised contact data is reported with spacing evidence", "[conditions][detectors]") {
  auto p = rule_policy(R"({"any": [{"detector": "email"}, {"detector": "phone"}]})");
  const CheckResult r = run(*p, "ana (at) gmail (dot) com, 6 1 2 3 4 5 6 7 8 y ana@gmail.com o 612 345 678");
  REQUIRE(r.findings.size() == 4);
  CHECK(evidence_of(r.findings[0]) == Strings{"spacing"});
  CHECK(evidence_of(r.findings[1]) == Strings{"spacing"});
  CHECK(evidence_of(r.findings[2]).empty());
  CHECK(evidence_of(r.findings[3]).empty());
}

TEST_CASE("a rule whose terms are absent is skipped without running its regexes", "[conditions][regex]") {
  // The regex would run out of time on this draft; behind `all` with a term it only runs when
  // the term is there, so a draft without the term costs nothing and reports no problem.
  auto p = rule_policy(R"({"all": [{"regex": "(a+)+$"}, {"terms": ["zebra"]}]})");
  const std::string slow = std::string(5000, 'a') + "!";
  CHECK(run(*p, "no animals " + slow).problems.empty());
  const CheckResult with_term = run(*p, "zebra " + slow);
  REQUIRE(with_term.problems.size() == 1);
  CHECK(with_term.problems[0].message.find("ran out of time") != std::string::npos);
  // `any` needs every branch to be absent, `not` never lets a rule be skipped.
  auto any = rule_policy(R"({"any": [{"terms": ["zebra"]}, {"regex": "\\d{3}-\\d{4}"}]})");
  CHECK(flagged(*any, "call 555-1234") == Strings{"555-1234"});
  auto sentence = rule_policy(R"({"sentence": {"without": [{"terms": ["alone"]}, {"terms": ["not"]}], "within": 2}})");
  CHECK(flagged(*sentence, "I am alone.") == Strings{"alone"});
  CHECK(flagged(*sentence, "I am not alone.") == Strings{});
}

TEST_CASE("a regex or detector used twice reports like one used once", "[conditions][regex]") {
  auto twice = rule_policy(
      R"({"any": [{"near": [{"regex": "\\bref-\\d+"}, {"terms": ["order"]}], "within": 2},
                  {"all": [{"regex": "\\bref-\\d+"}, {"terms": ["urgent"]}]},
                  {"all": [{"detector": "email"}, {"terms": ["write"]}]},
                  {"all": [{"detector": "email"}, {"terms": ["mail"]}]}]})");
  CHECK(flagged(*twice, "order ref-12") == Strings{"order ref-12"});
  CHECK(flagged(*twice, "urgent: ref-12") == Strings{"urgent", "ref-12"});
  CHECK(flagged(*twice, "ref-12 alone") == Strings{});
  CHECK(flagged(*twice, "mail ana@example.com") == Strings{"mail", "ana@example.com"});
  CHECK(flagged(*twice, "write to ana@example.com") == Strings{"write", "ana@example.com"});
}
