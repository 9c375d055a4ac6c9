// Tests of the validated detectors: each one's hits with exact spans and its near-misses (bad
// checksums, wrong lengths, numbers inside longer runs, dates, prices, order numbers), es and en.
#include "detectors.hpp"

#include <unicode/ustring.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <vector>

using postguard::detect::Detector;
using postguard::detect::Hit;

namespace {

std::string to_utf8(std::u16string_view s) {
  std::string out(s.size() * 3 + 1, '\0');
  int32_t length = 0;
  UErrorCode status = U_ZERO_ERROR;
  u_strToUTF8(out.data(), static_cast<int32_t>(out.size()), &length, s.data(), static_cast<int32_t>(s.size()), &status);
  out.resize(U_SUCCESS(status) ? static_cast<std::size_t>(length) : 0);
  return out;
}

// The flagged substrings, as UTF-8 so that Catch2 prints them on failure.
std::vector<std::string> found(Detector d, std::u16string_view text) {
  std::vector<Hit> hits;
  postguard::detect::find(d, text, hits);
  std::vector<std::string> out;
  for (const Hit& h : hits) {
    REQUIRE(h.start < h.end);
    REQUIRE(h.end <= text.size());
    out.push_back(to_utf8(text.substr(h.start, h.end - h.start)));
  }
  return out;
}

using Strings = std::vector<std::string>;
const Strings kNone;

}  // namespace

TEST_CASE("detector names round-trip", "[detectors]") {
  for (int k = 0; k < postguard::detect::kDetectorCount; ++k) {
    const auto d = static_cast<Detector>(k);
    const auto name = postguard::detect::to_string(d);
    CHECK_FALSE(name.empty());
    const auto back = postguard::detect::detector_from_string(name);
    REQUIRE(back.has_value());
    CHECK(*back == d);
  }
  CHECK(postguard::detect::detector_from_string("payment_card") == Detector::payment_card);
  CHECK(postguard::detect::detector_from_string("street_address") == Detector::street_address);
  CHECK_FALSE(postguard::detect::detector_from_string("Phone").has_value());
  CHECK_FALSE(postguard::detect::detector_from_string("").has_value());
  CHECK_FALSE(postguard::detect::detector_from_string("credit_card").has_value());
}

TEST_CASE("find appends to out and keeps what was there", "[detectors]") {
  std::vector<Hit> hits{Hit{1, 2}};
  postguard::detect::find(Detector::phone, u"ES9121000418450200051332 o 612345678", hits);
  REQUIRE(hits.size() == 2);
  CHECK(hits[0].start == 1);
  CHECK(hits[0].end == 2);
  CHECK(hits[1].start == 27);
  CHECK(hits[1].end == 36);
}

TEST_CASE("validators", "[detectors]") {
  using namespace postguard::detect;
  CHECK(luhn_valid("4111111111111111"));
  CHECK(luhn_valid("378282246310005"));
  CHECK_FALSE(luhn_valid("4111111111111112"));
  CHECK_FALSE(luhn_valid(""));
  CHECK_FALSE(luhn_valid("4111-1111"));
  CHECK(iban_valid("ES9121000418450200051332"));
  CHECK(iban_valid("GB29NWBK60161331926819"));
  CHECK(iban_valid("MT84MALT011000012345MTLCAST001S"));
  CHECK_FALSE(iban_valid("ES9121000418450200051333"));  // check digits
  CHECK_FALSE(iban_valid("ES91210004184502000513"));    // length for ES
  CHECK_FALSE(iban_valid("QQ9121000418450200051332"));  // no such country
  CHECK_FALSE(iban_valid(""));
  CHECK(es_dni_valid("12345678Z"));
  CHECK(es_dni_valid("X1234567L"));
  CHECK(es_dni_valid("Y1234567X"));
  CHECK(es_dni_valid("Z1234567R"));
  CHECK_FALSE(es_dni_valid("12345678A"));
  CHECK_FALSE(es_dni_valid("X1234567A"));
  CHECK_FALSE(es_dni_valid("1234567Z"));
  CHECK_FALSE(es_dni_valid("A1234567L"));
}

TEST_CASE("email", "[detectors][email]") {
  const auto d = Detector::email;
  CHECK(found(d, u"Escríbeme a ana.garcia+news@empresa.es.") == Strings{"ana.garcia+news@empresa.es"});
  CHECK(found(d, u"mail: John_Doe@mail.example.co.uk, thanks") == Strings{"John_Doe@mail.example.co.uk"});
  CHECK(found(d, u"(josé@correo.es)") == Strings{"josé@correo.es"});
  CHECK(found(d, u"a@b.co y c@d.org") == Strings{"a@b.co", "c@d.org"});
  CHECK(found(d, u"ñandú ana@x.com ñ") == Strings{"ana@x.com"});
  // Near-misses.
  CHECK(found(d, u"sígueme en @empresa") == kNone);
  CHECK(found(d, u"user@localhost") == kNone);
  CHECK(found(d, u"user@host.c") == kNone);
  CHECK(found(d, u"user@1.2.3.4") == kNone);
  CHECK(found(d, u"a..b@x.com") == kNone);
  CHECK(found(d, u"@ana@mastodon.social") == kNone);
  CHECK(found(d, u"precio 5@10.00") == kNone);
}

TEST_CASE("email: disguised with spaces, brackets and words", "[detectors][email]") {
  const auto d = Detector::email;
  // Spaces around the marks; the pieces of the local part join by their dots, not the words before.
  CHECK(found(d, u"write to jake . torres 91 @ outlook . com please") == Strings{"jake . torres 91 @ outlook . com"});
  CHECK(found(d, u"jane . doe at company dot com") == Strings{"jane . doe at company dot com"});
  CHECK(found(d, u"mándalo a jake .torres @ outlook . com") == Strings{"jake .torres @ outlook . com"});
  CHECK(found(d, u"jake_ torres @ gmail . com") == Strings{"jake_ torres @ gmail . com"});
  CHECK(found(d, u"ana@ gmail.com") == Strings{"ana@ gmail.com"});
  CHECK(found(d, u"ana @ gmail.com") == Strings{"ana @ gmail.com"});
  // Marks in brackets.
  CHECK(found(d, u"ana.lopez(at)gmail(dot)com") == Strings{"ana.lopez(at)gmail(dot)com"});
  CHECK(found(d, u"Escríbeme: ana [at] gmail [dot] com.") == Strings{"ana [at] gmail [dot] com"});
  CHECK(found(d, u"ana (arroba) gmail (punto) com") == Strings{"ana (arroba) gmail (punto) com"});
  CHECK(found(d, u"ana{at}gmail{dot}com, ana <at> gmail <dot> es") ==
        Strings{"ana{at}gmail{dot}com", "ana <at> gmail <dot> es"});
  CHECK(found(d, u"pepe(arroba)yahoo.es") == Strings{"pepe(arroba)yahoo.es"});
  CHECK(found(d, u"ana [ AT ] gmail [.] com") == Strings{"ana [ AT ] gmail [.] com"});
  CHECK(found(d, u"jstroud(at)mbi(dot)ucla(dot)edu") == Strings{"jstroud(at)mbi(dot)ucla(dot)edu"});
  CHECK(found(d, u"ana(at)empresa(dot)com.mx") == Strings{"ana(at)empresa(dot)com.mx"});
  // Marks as words, in either language and any case.
  CHECK(found(d, u"ana at gmail dot com") == Strings{"ana at gmail dot com"});
  CHECK(found(d, u"ANA AT GMAIL DOT COM") == Strings{"ANA AT GMAIL DOT COM"});
  CHECK(found(d, u"ana at gmail dot co dot uk") == Strings{"ana at gmail dot co dot uk"});
  CHECK(found(d, u"vtorri at univ-evry dot fr") == Strings{"vtorri at univ-evry dot fr"});
  CHECK(found(d, u"Escríbeme a pepe arroba hotmail punto com y te cuento") == Strings{"pepe arroba hotmail punto com"});
  CHECK(found(d, u"pepe@hotmail punto es") == Strings{"pepe@hotmail punto es"});
  CHECK(found(d, u"ana@gmail (dot) com") == Strings{"ana@gmail (dot) com"});
  // "at" with a domain as typed: a mail service or a local part that is no plain word.
  CHECK(found(d, u"Contact: jane_doe at gmail.com") == Strings{"jane_doe at gmail.com"});
  CHECK(found(d, u"jake.torres91 at company.com") == Strings{"jake.torres91 at company.com"});
  CHECK(found(d, u"ana at gmail.com") == Strings{"ana at gmail.com"});
  CHECK(found(d, u"ana at live dot com") == Strings{"ana at live dot com"});
  // Several forms in one post, in order.
  CHECK(found(d, u"ana at gmail dot com y pepe(arroba)yahoo.es, c@d.org") ==
        Strings{"ana at gmail dot com", "pepe(arroba)yahoo.es", "c@d.org"});
}

TEST_CASE("email: letters spelled out one by one", "[detectors][email]") {
  const auto d = Detector::email;
  CHECK(found(d, u"m a r i o . r u i z [arroba] g m a i l . c o m") ==
        Strings{"m a r i o . r u i z [arroba] g m a i l . c o m"});
  CHECK(found(d, u"j o h n . d o e @ g m a i l . c o m") == Strings{"j o h n . d o e @ g m a i l . c o m"});
  CHECK(found(d, u"a n a (at) gmail (dot) com") == Strings{"a n a (at) gmail (dot) com"});
  // The spelled TLD ends where a TLD ends: "y" is the next word.
  CHECK(found(d, u"escribe a m a r i o . r u i z [arroba] g m a i l . c o m y listo") ==
        Strings{"m a r i o . r u i z [arroba] g m a i l . c o m"});
  // A preposition before the letters is left out while three letters remain; else it is a letter.
  CHECK(found(d, u"escribe a a n a . l o p e z [arroba] gmail [punto] es") ==
        Strings{"a n a . l o p e z [arroba] gmail [punto] es"});
  CHECK(found(d, u"email e v a . r u i z (at) gmail.com") == Strings{"e v a . r u i z (at) gmail.com"});
  // Two single letters are words, not a spelled name.
  CHECK(found(d, u"a@b.co y c@d.org") == Strings{"a@b.co", "c@d.org"});
}

TEST_CASE("email: near-misses of the disguised forms", "[detectors][email]") {
  const auto d = Detector::email;
  // Ordinary prose with "at", "dot", "punto", "arroba" and "@".
  CHECK(found(d, u"meet me at the gym dot com style") == kNone);
  CHECK(found(d, u"a las 4 punto y final") == kNone);
  CHECK(found(d, u"I'm at home.") == kNone);
  CHECK(found(d, u"at home") == kNone);
  CHECK(found(d, u"I work at amazon.com") == kNone);
  CHECK(found(d, u"Visit us at www.tienda.es") == kNone);
  CHECK(found(d, u"I'm at gmail.com HQ") == kNone);
  CHECK(found(d, u"shop @ amazon.com") == kNone);
  CHECK(found(d, u"dinner @ 8 pm") == kNone);
  CHECK(found(d, u"look at this dot com thing") == kNone);
  CHECK(found(d, u"the dot com bubble") == kNone);
  CHECK(found(d, u"worked at a dot com") == kNone);
  CHECK(found(d, u"He works at mit dot edu") == kNone);
  CHECK(found(d, u"shopping at amazon dot com") == kNone);
  CHECK(found(d, u"Back in the dot com era at Yahoo dot com") == kNone);
  CHECK(found(d, u"I bought it at Amazon dot com") == kNone);
  CHECK(found(d, u"We met at Starbucks . it was great") == kNone);
  CHECK(found(d, u"Pon una arroba delante del usuario") == kNone);
  CHECK(found(d, u"Estoy en casa arroba y punto") == kNone);
  CHECK(found(d, u"hablar con ana (a) y pepe (b)") == kNone);
  CHECK(found(d, u"Yo tengo (at) least one") == kNone);
  // A handle with a domain in it is no address.
  CHECK(found(d, u"Follow @ana.bsky.social") == kNone);
  // No real TLD, or not at a word's end.
  CHECK(found(d, u"ana [at] gmail [dot] something") == kNone);
  CHECK(found(d, u"ana at gmail dot comedy") == kNone);
  CHECK(found(d, u"user @ host . local") == kNone);
  // The plain domain after a bare "at" needs a mail service or a mailbox-like local part.
  CHECK(found(d, u"ana at empresa.es") == kNone);
  // A sentence that starts after the dot.
  CHECK(found(d, u"pepe@hotmail. Es mi correo") == kNone);
  // Cut short.
  CHECK(found(d, u"ana(at)gmail(dot)com.blah") == kNone);
  // Words before a plain address stay out of it.
  CHECK(found(d, u"Thanks. ana@x.com") == Strings{"ana@x.com"});
  CHECK(found(d, u"Sent from my phone - ana@x.com") == Strings{"ana@x.com"});
  CHECK(found(d, u"foo -- ana@x.com") == Strings{"ana@x.com"});
  // A complete address is not carried on by a disguised dot.
  CHECK(found(d, u"ana@x.com punto es muy bueno") == Strings{"ana@x.com"});
}

TEST_CASE("phone: Spain", "[detectors][phone]") {
  const auto d = Detector::phone;
  CHECK(found(d, u"Llámame al 612345678 mañana") == Strings{"612345678"});
  CHECK(found(d, u"Tel. 612 345 678") == Strings{"612 345 678"});
  CHECK(found(d, u"móvil 612 34 56 78.") == Strings{"612 34 56 78"});
  CHECK(found(d, u"fijo 91 123 45 67") == Strings{"91 123 45 67"});
  CHECK(found(d, u"+34 612 34 56 78") == Strings{"+34 612 34 56 78"});
  CHECK(found(d, u"+34612345678") == Strings{"+34612345678"});
  CHECK(found(d, u"0034 612 345 678") == Strings{"0034 612 345 678"});
  CHECK(found(d, u"612-34-56-78") == Strings{"612-34-56-78"});
  CHECK(found(d, u"Teléfono: (+34) 912 345 678") == Strings{"(+34) 912 345 678"});
  CHECK(found(d, u"(+34 912 345 678") == kNone);
  // Near-misses: wrong first digit, wrong length, odd grouping, glued, labelled, money.
  CHECK(found(d, u"512345678") == kNone);
  CHECK(found(d, u"61234567") == kNone);
  CHECK(found(d, u"6123456789012") == kNone);
  CHECK(found(d, u"612 3456 78") == kNone);
  CHECK(found(d, u"+34 512 345 678") == kNone);
  CHECK(found(d, u"ref612345678") == kNone);
  CHECK(found(d, u"pedido 612345678") == kNone);
  CHECK(found(d, u"Order #712345678") == kNone);
  CHECK(found(d, u"Nº de pedido: 912345678") == kNone);
  CHECK(found(d, u"Cuesta 612.345.678 €") == kNone);
  CHECK(found(d, u"612.345.678,50") == kNone);
}

TEST_CASE("phone: Mexico and US", "[detectors][phone]") {
  const auto d = Detector::phone;
  CHECK(found(d, u"Marca al (55) 1234 5678") == Strings{"(55) 1234 5678"});
  CHECK(found(d, u"55 1234 5678") == Strings{"55 1234 5678"});
  CHECK(found(d, u"+52 55 1234 5678") == Strings{"+52 55 1234 5678"});
  CHECK(found(d, u"+52 1 55 1234 5678") == Strings{"+52 1 55 1234 5678"});
  CHECK(found(d, u"5512345678") == Strings{"5512345678"});
  CHECK(found(d, u"Call (212) 555-0100 now") == Strings{"(212) 555-0100"});
  CHECK(found(d, u"212-555-0100") == Strings{"212-555-0100"});
  CHECK(found(d, u"212.555.0100") == Strings{"212.555.0100"});
  CHECK(found(d, u"+1 212 555 0100") == Strings{"+1 212 555 0100"});
  CHECK(found(d, u"+1 (212) 555-0100") == Strings{"+1 (212) 555-0100"});
  CHECK(found(d, u"1-212-555-0100") == Strings{"1-212-555-0100"});
  // NANP: area and exchange do not start with 0 or 1.
  CHECK(found(d, u"+1 112 555 0100") == kNone);
  CHECK(found(d, u"+1 212 055 0100") == kNone);
  CHECK(found(d, u"1-212-155-0100") == kNone);
  CHECK(found(d, u"(212) 555-01000") == kNone);
  CHECK(found(d, u"1715000000") == kNone);  // a Unix time
  CHECK(found(d, u"(55 1234 5678") == kNone);
}

TEST_CASE("phone: E.164 and what is not a phone", "[detectors][phone]") {
  const auto d = Detector::phone;
  CHECK(found(d, u"+44 20 7946 0958") == Strings{"+44 20 7946 0958"});
  CHECK(found(d, u"+49 30 12345678") == Strings{"+49 30 12345678"});
  CHECK(found(d, u"+491511234567") == Strings{"+491511234567"});
  CHECK(found(d, u"+44 20 79") == kNone);          // too short
  CHECK(found(d, u"+1234567890123456") == kNone);  // too long
  CHECK(found(d, u"+25000000 visits") == kNone);
  CHECK(found(d, u"3+612345678") == kNone);
  CHECK(found(d, u"El 2024-05-06 a las 12:30") == kNone);
  CHECK(found(d, u"06/05/2024 y 06.05.2024") == kNone);
  CHECK(found(d, u"Precio: $1,234,567.89 o 1.234.567 €") == kNone);
  CHECK(found(d, u"Pedido 4500123456 enviado") == kNone);
  CHECK(found(d, u"https://example.com/user/612345678") == kNone);
  CHECK(found(d, u"https://x.com/?id=612345678") == kNone);
  CHECK(found(d, u"612345678@correo.es") == kNone);
  CHECK(found(d, u"4111 1111 1111 1111") == kNone);
  CHECK(found(d, u"123-45-6789") == kNone);
  // A phone's digits inside an IBAN (spaced or not) are not a phone.
  CHECK(found(d, u"IBAN ES91 2100 0418 4502 0005 1332") == kNone);
  CHECK(found(d, u"IBAN GB29 NWBK 6016 1331 9268 19") == kNone);
  CHECK(found(d, u"DNI 12345678Z") == kNone);
}

TEST_CASE("phone: digit by digit, dots and slashes", "[detectors][phone]") {
  const auto d = Detector::phone;
  CHECK(found(d, u"Llámame al 6 1 2 3 4 5 6 7 8 mañana") == Strings{"6 1 2 3 4 5 6 7 8"});
  CHECK(found(d, u"móvil: 6-1-2-3-4-5-6-7-8.") == Strings{"6-1-2-3-4-5-6-7-8"});
  CHECK(found(d, u"+34 6 1 2 3 4 5 6 7 8") == Strings{"+34 6 1 2 3 4 5 6 7 8"});
  CHECK(found(d, u"0034 6 1 2 3 4 5 6 7 8") == Strings{"0034 6 1 2 3 4 5 6 7 8"});
  CHECK(found(d, u"call 2 1 2 5 5 5 0 1 0 0") == Strings{"2 1 2 5 5 5 0 1 0 0"});
  CHECK(found(d, u"+1 2 1 2 5 5 5 0 1 0 0") == Strings{"+1 2 1 2 5 5 5 0 1 0 0"});
  CHECK(found(d, u"612.34.56.78") == Strings{"612.34.56.78"});
  CHECK(found(d, u"Tel 612/345/678") == Strings{"612/345/678"});
  CHECK(found(d, u"91/123/45/67") == Strings{"91/123/45/67"});
  // Near-misses: counting, wrong first digit or length, mixed separators, labelled, dates.
  CHECK(found(d, u"1 2 3 4 5 6 7 8 9") == kNone);
  CHECK(found(d, u"5 3 4 6 7 8 9 1 2") == kNone);
  CHECK(found(d, u"6 1 2 3 4 5 6 7") == kNone);
  CHECK(found(d, u"6 1 2 3 4 5 6 7 8 9 0") == kNone);
  CHECK(found(d, u"6 1 2-3 4 5 6 7 8") == kNone);
  CHECK(found(d, u"2 1 2 0 5 5 0 1 0 0") == kNone);  // ten digits that are no NANP number
  CHECK(found(d, u"pedido 6 1 2 3 4 5 6 7 8") == kNone);
  CHECK(found(d, u"612/345/67") == kNone);
  CHECK(found(d, u"612/345/678/9") == kNone);
  CHECK(found(d, u"06/05/2024 y 2024/06/05") == kNone);
  CHECK(found(d, u"123/456/789") == kNone);
  // A phone's digits inside a disguised address belong to the address.
  CHECK(found(d, u"612345678 (at) gmail (dot) com") == kNone);
  CHECK(found(Detector::email, u"612345678 (at) gmail (dot) com") == Strings{"612345678 (at) gmail (dot) com"});
}

TEST_CASE("phone: digits in words", "[detectors][phone]") {
  const auto d = Detector::phone;
  CHECK(found(d, u"mi número: seis uno dos tres cuatro cinco seis siete ocho, gracias") ==
        Strings{"seis uno dos tres cuatro cinco seis siete ocho"});
  CHECK(found(d, u"SEIS UNO DOS TRES CUATRO CINCO SEIS SIETE OCHO") ==
        Strings{"SEIS UNO DOS TRES CUATRO CINCO SEIS SIETE OCHO"});
  CHECK(found(d, u"seis-uno-dos-tres-cuatro-cinco-seis-siete-ocho.") ==
        Strings{"seis-uno-dos-tres-cuatro-cinco-seis-siete-ocho"});
  CHECK(found(d, u"seis, uno, dos, tres, cuatro, cinco, seis, siete, ocho") ==
        Strings{"seis, uno, dos, tres, cuatro, cinco, seis, siete, ocho"});
  CHECK(found(d, u"text me six one two three four five six seven eight") ==
        Strings{"six one two three four five six seven eight"});
  CHECK(found(d, u"two one two five five five zero one zero zero") ==
        Strings{"two one two five five five zero one zero zero"});
  // Near-misses: counting, too few or too many words, languages mixed, prose.
  CHECK(found(d, u"uno dos tres cuatro cinco seis siete ocho nueve") == kNone);
  CHECK(found(d, u"one two three four five six seven eight nine") == kNone);
  CHECK(found(d, u"seis uno dos tres cuatro cinco seis siete") == kNone);
  CHECK(found(d, u"seis uno dos tres cuatro cinco seis siete ocho nueve uno") == kNone);
  CHECK(found(d, u"seis uno dos tres cuatro cinco seis siete ocho nueve uno dos tres cuatro cinco seis siete ocho") ==
        kNone);
  CHECK(found(d, u"seis uno dos three four five six seven eight") == kNone);
  CHECK(found(d, u"Tengo seis, siete u ocho") == kNone);
  CHECK(found(d, u"seiscientos uno dos tres cuatro cinco seis siete ocho") == kNone);
}

TEST_CASE("payment card", "[detectors][payment_card]") {
  const auto d = Detector::payment_card;
  CHECK(found(d, u"Mi tarjeta 4111111111111111, gracias") == Strings{"4111111111111111"});
  CHECK(found(d, u"4111 1111 1111 1111") == Strings{"4111 1111 1111 1111"});
  CHECK(found(d, u"5555-5555-5555-4444") == Strings{"5555-5555-5555-4444"});
  CHECK(found(d, u"Amex 3782 822463 10005.") == Strings{"3782 822463 10005"});
  CHECK(found(d, u"2221000000000009") == Strings{"2221000000000009"});
  CHECK(found(d, u"6011 1111 1111 1117") == Strings{"6011 1111 1111 1117"});
  CHECK(found(d, u"JCB 3530111333300000") == Strings{"3530111333300000"});
  CHECK(found(d, u"Diners 3056 930902 5904") == Strings{"3056 930902 5904"});
  CHECK(found(d, u"4222222222222") == Strings{"4222222222222"});
  CHECK(found(d, u"6200000000000005") == Strings{"6200000000000005"});
  CHECK(found(d, u"4111111111111111 12/25") == Strings{"4111111111111111"});
  CHECK(found(d, u"4111 1111 1111 1111 exp 12/25") == Strings{"4111 1111 1111 1111"});
  CHECK(found(d, u"tarjeta: 4111111111111111 y 5105105105105100") == Strings{"4111111111111111", "5105105105105100"});
  // Near-misses.
  CHECK(found(d, u"4111111111111112") == kNone);   // Luhn
  CHECK(found(d, u"41111111111111111") == kNone);  // embedded in a longer run
  CHECK(found(d, u"94111111111111111") == kNone);
  CHECK(found(d, u"4111 1111 1111 1111 1111") == kNone);  // a fifth group of four
  CHECK(found(d, u"1234567812345670") == kNone);          // Luhn-valid, no issuer
  CHECK(found(d, u"378282246310005 5") == Strings{"378282246310005"});
  CHECK(found(d, u"37828224631000") == kNone);       // Amex needs 15
  CHECK(found(d, u"411 1111 1111 11111") == kNone);  // not a card grouping
  CHECK(found(d, u"4111 1111-1111 1111") == kNone);  // mixed separators
  CHECK(found(d, u"x4111111111111111") == kNone);
  CHECK(found(d, u"4111111111111111.50") == kNone);
  CHECK(found(d, u"https://shop.example/o/4111111111111111") == kNone);
  CHECK(found(d, u"ES91 2100 0418 4502 0005 1332") == kNone);
}

TEST_CASE("iban", "[detectors][iban]") {
  const auto d = Detector::iban;
  CHECK(found(d, u"IBAN: ES91 2100 0418 4502 0005 1332.") == Strings{"ES91 2100 0418 4502 0005 1332"});
  CHECK(found(d, u"ES9121000418450200051332") == Strings{"ES9121000418450200051332"});
  CHECK(found(d, u"es91 2100 0418 4502 0005 1332") == Strings{"es91 2100 0418 4502 0005 1332"});
  CHECK(found(d, u"GB29 NWBK 6016 1331 9268 19 (UK)") == Strings{"GB29 NWBK 6016 1331 9268 19"});
  CHECK(found(d, u"DE89370400440532013000") == Strings{"DE89370400440532013000"});
  CHECK(found(d, u"FR14 2004 1010 0505 0001 3M02 606") == Strings{"FR14 2004 1010 0505 0001 3M02 606"});
  CHECK(found(d, u"NL91ABNA0417164300, BE68539007547034") == Strings{"NL91ABNA0417164300", "BE68539007547034"});
  CHECK(found(d, u"NO9386011117947") == Strings{"NO9386011117947"});
  // Near-misses.
  CHECK(found(d, u"ES91 2100 0418 4502 0005 1333") == kNone);  // mod-97
  CHECK(found(d, u"ES912100041845020005133") == kNone);        // too short for ES
  CHECK(found(d, u"ES91210004184502000513321") == kNone);      // longer run
  CHECK(found(d, u"XES9121000418450200051332") == kNone);
  CHECK(found(d, u"ES91 2100 0418 45 02 0005 1332") == kNone);  // not in fours
  CHECK(found(d, u"QQ91 2100 0418 4502 0005 1332") == kNone);
}

TEST_CASE("es_dni", "[detectors][es_dni]") {
  const auto d = Detector::es_dni;
  CHECK(found(d, u"Mi DNI es 12345678Z.") == Strings{"12345678Z"});
  CHECK(found(d, u"12345678-Z") == Strings{"12345678-Z"});
  CHECK(found(d, u"12.345.678-Z") == Strings{"12.345.678-Z"});
  CHECK(found(d, u"12345678 Z") == Strings{"12345678 Z"});
  CHECK(found(d, u"dni 12345678z") == Strings{"12345678z"});
  CHECK(found(d, u"NIE X1234567L y Y-1234567-X") == Strings{"X1234567L", "Y-1234567-X"});
  CHECK(found(d, u"Z1234567R") == Strings{"Z1234567R"});
  // Near-misses.
  CHECK(found(d, u"12345678A") == kNone);
  CHECK(found(d, u"X1234567A") == kNone);
  CHECK(found(d, u"1234567Z") == kNone);
  CHECK(found(d, u"112345678Z") == kNone);
  CHECK(found(d, u"12345678ZA") == kNone);
  CHECK(found(d, u"AX1234567L") == kNone);
  CHECK(found(d, u"12.345.678") == kNone);
  CHECK(found(d, u"12345678 zapatos") == kNone);
  CHECK(found(d, u"Ref-12345678Z") == kNone);
}

TEST_CASE("us_ssn", "[detectors][us_ssn]") {
  const auto d = Detector::us_ssn;
  CHECK(found(d, u"SSN 123-45-6789.") == Strings{"123-45-6789"});
  CHECK(found(d, u"123 45 6789") == Strings{"123 45 6789"});
  CHECK(found(d, u"899-99-9999") == Strings{"899-99-9999"});
  CHECK(found(d, u"000-12-3456") == kNone);
  CHECK(found(d, u"666-12-3456") == kNone);
  CHECK(found(d, u"900-12-3456") == kNone);
  CHECK(found(d, u"123-00-4567") == kNone);
  CHECK(found(d, u"123-45-0000") == kNone);
  CHECK(found(d, u"123456789") == kNone);
  CHECK(found(d, u"123-45 6789") == kNone);
  CHECK(found(d, u"1123-45-6789") == kNone);
  CHECK(found(d, u"123-45-67890") == kNone);
  CHECK(found(d, u"123-45-6789-1") == kNone);
  CHECK(found(d, u"2024-05-06") == kNone);
}

TEST_CASE("secret", "[detectors][secret]") {
  const auto d = Detector::secret;
  const std::u16string pem =
      u"-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA1c7+9z5Pad7OejecsQ0bu3aumEjO2ZBtVzhDbx0pVYkVmEo\n"
      u"xK3E8NzBmYjQ0ZGM1YjM3ZjAxYTAwZmU2OGY3ZjM2NmE=\n-----END RSA PRIVATE KEY-----";
  CHECK(found(d, u"mira: " + pem + u" ok") == Strings{to_utf8(pem)});
  const std::u16string headless =
      u"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n";
  CHECK(found(d, headless + u"y ya") ==
        Strings{"-----BEGIN OPENSSH PRIVATE "
                "KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW"});
  CHECK(
      found(d, u"-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----") ==
      kNone);
  CHECK(found(d, u"key AKIAIOSFODNN7EXAMPLE here") == Strings{"AKIAIOSFODNN7EXAMPLE"});
  CHECK(found(d, u"ASIAY34FZKBOKMUTVV7A") == Strings{"ASIAY34FZKBOKMUTVV7A"});
  CHECK(found(d, u"AKIAIOSFODNN7EXAMPL") == kNone);
  CHECK(found(d, u"AKIAIOSFODNN7EXAMPLEX") == kNone);
  CHECK(found(d, u"akiaiosfodnn7example") == kNone);
  CHECK(found(d, u"XAKIAIOSFODNN7EXAMPLE") == kNone);
  CHECK(found(d, u"token=ghp_16C7e42F292c6912E7710c838347Ae178B4a;") ==
        Strings{"ghp_16C7e42F292c6912E7710c838347Ae178B4a"});
  CHECK(found(d, u"ghp_16C7e42F292c6912E7710c838347Ae178B4") == kNone);
  CHECK(found(d, u"ghx_16C7e42F292c6912E7710c838347Ae178B4a") == kNone);
  const std::u16string pat = u"github_pat_11ABCDEFG0123456789abc_" + std::u16string(59, u'x');
  CHECK(found(d, pat) == Strings{to_utf8(pat)});
  CHECK(found(d, pat + u"x") == kNone);
  CHECK(found(d, u"SLACK=xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx") ==
        Strings{"xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"});
  CHECK(found(d, u"xoxq-123456789012-1234567890123") == kNone);
  CHECK(found(d, u"xoxb-") == kNone);
  CHECK(found(d, u"AIzaSyA-1234567890abcdefghijklmnopqrstu") == Strings{"AIzaSyA-1234567890abcdefghijklmnopqrstu"});
  CHECK(found(d, u"AIzaSyA-1234567890abcdefghijklmnopqrst") == kNone);
  CHECK(found(d, u"sk_live_4eC39HqLyjWDarjtT1zdp7dc") == Strings{"sk_live_4eC39HqLyjWDarjtT1zdp7dc"});
  CHECK(found(d, u"rk_live_4eC39HqLyjWDarjtT1zdp7dcXYZ") == Strings{"rk_live_4eC39HqLyjWDarjtT1zdp7dcXYZ"});
  CHECK(found(d, u"sk_test_4eC39HqLyjWDarjtT1zdp7dc") == kNone);
  CHECK(found(d, u"sk_live_short") == kNone);
}

TEST_CASE("secret: many headers without an END stay linear and bounded", "[detectors][secret]") {
  std::u16string text;
  for (int k = 0; k < 2000; ++k) text += u"-----BEGIN PRIVATE KEY----- ";
  const auto hits = found(Detector::secret, text);
  CHECK(hits.size() == 2000);
}

TEST_CASE("time of day: clock forms", "[detectors][time_of_day]") {
  const auto d = Detector::time_of_day;
  CHECK(found(d, u"Salgo a las 16:30h") == Strings{"a las 16:30h"});
  CHECK(found(d, u"Quedamos 16:30h en la puerta") == Strings{"16:30h"});
  CHECK(found(d, u"at 04:00") == Strings{"at 04:00"});
  CHECK(found(d, u"desde 04:00 hasta 4:30") == Strings{"04:00", "4:30"});
  CHECK(found(d, u"Llego 23h.") == Strings{"23h"});
  CHECK(found(d, u"16h30") == Strings{"16h30"});
  CHECK(found(d, u"16.30h") == Strings{"16.30h"});
  CHECK(found(d, u"10:00-12:30") == Strings{"10:00", "12:30"});
  CHECK(found(d, u"23:59:59") == Strings{"23:59:59"});
  CHECK(found(d, u"4 a.m. sola") == Strings{"4 a.m."});
  CHECK(found(d, u"4am.") == Strings{"4am"});
  CHECK(found(d, u"4 AM") == Strings{"4 AM"});
  CHECK(found(d, u"4pm") == Strings{"4pm"});
  CHECK(found(d, u"4:30 p. m.") == Strings{"4:30 p. m."});
  CHECK(found(d, u"4.30 pm") == Strings{"4.30 pm"});
  // Near-misses.
  CHECK(found(d, u"ganamos 3:2") == kNone);
  CHECK(found(d, u"24:00") == kNone);
  CHECK(found(d, u"12:60") == kNone);
  CHECK(found(d, u"13pm") == kNone);
  CHECK(found(d, u"4.30") == kNone);
  CHECK(found(d, u"4h") == kNone);
  CHECK(found(d, u"48h") == kNone);
  CHECK(found(d, u"tengo 4 amigos y 16 horas") == kNone);
  CHECK(found(d, u"el 4 de mayo") == kNone);
  CHECK(found(d, u"Son 1.234,56 €") == kNone);
  CHECK(found(d, u"v1:30") == kNone);
  CHECK(found(d, u"1:23:456") == kNone);
  CHECK(found(d, u"12:30%") == kNone);
}

TEST_CASE("time of day: Spanish expressions", "[detectors][time_of_day]") {
  const auto d = Detector::time_of_day;
  CHECK(found(d, u"Estaré sola a las 4 de la madrugada.") == Strings{"a las 4 de la madrugada"});
  CHECK(found(d, u"a las 11 de la noche") == Strings{"a las 11 de la noche"});
  CHECK(found(d, u"las 7 de la mañana") == Strings{"las 7 de la mañana"});
  CHECK(found(d, u"LAS 7 DE LA MANANA") == Strings{"LAS 7 DE LA MANANA"});
  CHECK(found(d, u"A las 4 y media") == Strings{"A las 4 y media"});
  CHECK(found(d, u"a las 4") == Strings{"a las 4"});
  CHECK(found(d, u"a la una y cuarto de la tarde") == Strings{"a la una y cuarto de la tarde"});
  CHECK(found(d, u"hasta las doce de la noche") == Strings{"hasta las doce de la noche"});
  CHECK(found(d, u"a eso de las 9 menos cuarto") == Strings{"a eso de las 9 menos cuarto"});
  CHECK(found(d, u"11 de la noche") == Strings{"11 de la noche"});
  CHECK(found(d, u"cuatro de la madrugada") == Strings{"cuatro de la madrugada"});
  CHECK(found(d, u"a medianoche") == Strings{"a medianoche"});
  CHECK(found(d, u"al mediodía y a mediodia") == Strings{"al mediodía", "a mediodia"});
  CHECK(found(d, u"a las 12 del mediodía") == Strings{"a las 12 del mediodía"});
  CHECK(found(d, u"a las 10 en punto") == Strings{"a las 10 en punto"});
  CHECK(found(d, u"a las 16.30, y a las 4h") == Strings{"a las 16.30", "a las 4h"});
  // Near-misses.
  CHECK(found(d, u"las 7 maravillas") == kNone);
  CHECK(found(d, u"el 4 de mayo de 2024") == kNone);
  CHECK(found(d, u"a la 4") == kNone);
  CHECK(found(d, u"a las 25") == kNone);
  CHECK(found(d, u"la mañana de la noche") == kNone);
  CHECK(found(d, u"mediodías") == kNone);
}

TEST_CASE("time of day: English expressions", "[detectors][time_of_day]") {
  const auto d = Detector::time_of_day;
  CHECK(found(d, u"alone at 4 in the morning") == Strings{"at 4 in the morning"});
  CHECK(found(d, u"at four in the morning") == Strings{"at four in the morning"});
  CHECK(found(d, u"until 11 at night") == Strings{"until 11 at night"});
  CHECK(found(d, u"See you at 4.") == Strings{"at 4"});
  CHECK(found(d, u"at 4pm") == Strings{"at 4pm"});
  CHECK(found(d, u"five o'clock") == Strings{"five o'clock"});
  CHECK(found(d, u"Meet me at midnight, or at noon") == Strings{"at midnight", "at noon"});
  CHECK(found(d, u"MIDNIGHT") == Strings{"MIDNIGHT"});
  // Near-misses.
  CHECK(found(d, u"at 4 stores") == kNone);
  CHECK(found(d, u"at 4.50 each") == kNone);
  CHECK(found(d, u"at 13.") == kNone);
  CHECK(found(d, u"this afternoon") == kNone);
  CHECK(found(d, u"take one in the morning") == kNone);
  CHECK(found(d, u"I woke once in the morning") == kNone);
}

TEST_CASE("url", "[detectors][url]") {
  const auto d = Detector::url;
  CHECK(found(d, u"Ve a https://empresa.example/ayuda.") == Strings{"https://empresa.example/ayuda"});
  CHECK(found(d, u"(http://x.com/a_(b))") == Strings{"http://x.com/a_(b)"});
  CHECK(found(d, u"see https://en.wikipedia.org/wiki/Foo_(bar), ok") ==
        Strings{"https://en.wikipedia.org/wiki/Foo_(bar)"});
  CHECK(found(d, u"www.empresa.es/es?q=1&r=2!") == Strings{"www.empresa.es/es?q=1&r=2"});
  CHECK(found(d, u"HTTPS://EXAMPLE.COM") == Strings{"HTTPS://EXAMPLE.COM"});
  CHECK(found(d, u"“https://ejemplo.es/página”") == Strings{"https://ejemplo.es/página"});
  CHECK(found(d, u"https://a.com https://b.com") == Strings{"https://a.com", "https://b.com"});
  CHECK(found(d, u"https://") == kNone);
  CHECK(found(d, u"http:// espacio") == kNone);
  CHECK(found(d, u"www.") == kNone);
  CHECK(found(d, u"www.es") == kNone);
  CHECK(found(d, u"awww.cute.com") == kNone);
}

TEST_CASE("street address: Spanish", "[detectors][street_address]") {
  const auto d = Detector::street_address;
  CHECK(found(d, u"Vivo en Calle Mayor 12, 3ºB, Madrid") == Strings{"Calle Mayor 12, 3ºB"});
  CHECK(found(d, u"en la calle Mayor 12") == Strings{"calle Mayor 12"});
  CHECK(found(d, u"C/ Alcalá 45, 3º izq.") == Strings{"C/ Alcalá 45, 3º izq."});
  CHECK(found(d, u"C/Alcalá 45") == Strings{"C/Alcalá 45"});
  CHECK(found(d, u"Avda. de la Constitución, nº 3") == Strings{"Avda. de la Constitución, nº 3"});
  CHECK(found(d, u"Paseo de la Castellana 100, portal 2") == Strings{"Paseo de la Castellana 100, portal 2"});
  CHECK(found(d, u"Plaza de España 1, bajo A") == Strings{"Plaza de España 1, bajo A"});
  CHECK(found(d, u"Ctra. de Valencia km 12,5") == Strings{"Ctra. de Valencia km 12,5"});
  CHECK(found(d, u"Travesía del Rey 3") == Strings{"Travesía del Rey 3"});
  CHECK(found(d, u"Calle Mayor s/n") == Strings{"Calle Mayor s/n"});
  // NFKC turns º into o: the checker's view still reads as a floor.
  CHECK(found(d, u"Calle Mayor 12, 3oB") == Strings{"Calle Mayor 12, 3oB"});
  // Near-misses: no number, no name, lower-case name.
  CHECK(found(d, u"la Calle Mayor es bonita") == kNone);
  CHECK(found(d, u"la calle 12") == kNone);
  CHECK(found(d, u"la calle de al lado 3") == kNone);
  CHECK(found(d, u"Calle Mayor 12:30") == kNone);
  CHECK(found(d, u"Callejuela Mayor 12") == kNone);
}

TEST_CASE("street address: English", "[detectors][street_address]") {
  const auto d = Detector::street_address;
  CHECK(found(d, u"I live at 123 Main St.") == Strings{"123 Main St"});
  CHECK(found(d, u"221B Baker Street, London") == Strings{"221B Baker Street"});
  CHECK(found(d, u"1600 Pennsylvania Ave NW, Washington") == Strings{"1600 Pennsylvania Ave NW"});
  CHECK(found(d, u"42 Wallaby Way, Sydney") == Strings{"42 Wallaby Way"});
  CHECK(found(d, u"5 W 42nd St, Apt 4B") == Strings{"5 W 42nd St, Apt 4B"});
  CHECK(found(d, u"12 Court Street Suite 200") == Strings{"12 Court Street Suite 200"});
  CHECK(found(d, u"10 Downing St. #5") == Strings{"10 Downing St. #5"});
  // Near-misses.
  CHECK(found(d, u"Main Street is busy") == kNone);
  CHECK(found(d, u"I have 3 kids") == kNone);
  CHECK(found(d, u"Top 10 Street Foods") == kNone);
  CHECK(found(d, u"3 Dr. Smith") == kNone);
  CHECK(found(d, u"$5 Main St") == kNone);
  CHECK(found(d, u"123 Main") == kNone);
}

TEST_CASE("non-ASCII text around hits breaks nothing", "[detectors]") {
  // Emoji (surrogate pairs), combining marks and letters of other scripts right beside the hits.
  const std::u16string text =
      u"😀 ana@x.com 😀 Llámame 612345678 👍🏽 ñ 4111111111111111 é\u0301 ES9121000418450200051332 "
      u"Ж 12345678Z 中 123-45-6789 ✓ AKIAIOSFODNN7EXAMPLE 😀 a las 4 de la madrugada 😀 "
      u"https://x.es/ñ 😀 Calle Mayor 12 😀";
  CHECK(found(Detector::email, text) == Strings{"ana@x.com"});
  CHECK(found(Detector::phone, text) == Strings{"612345678"});
  CHECK(found(Detector::payment_card, text) == Strings{"4111111111111111"});
  CHECK(found(Detector::iban, text) == Strings{"ES9121000418450200051332"});
  CHECK(found(Detector::es_dni, text) == Strings{"12345678Z"});
  CHECK(found(Detector::us_ssn, text) == Strings{"123-45-6789"});
  CHECK(found(Detector::secret, text) == Strings{"AKIAIOSFODNN7EXAMPLE"});
  CHECK(found(Detector::time_of_day, text) == Strings{"a las 4 de la madrugada"});
  CHECK(found(Detector::url, text) == Strings{"https://x.es/ñ"});
  CHECK(found(Detector::street_address, text) == Strings{"Calle Mayor 12"});
  // Letters of another script glued to the number make it part of a word.
  CHECK(found(Detector::phone, u"Ж612345678") == kNone);
  CHECK(found(Detector::payment_card, u"4111111111111111中") == kNone);
  // Lone surrogates and odd code units are just characters.
  const std::u16string odd = std::u16string(u"\xD800") + u"612345678" + u"\xDC00";
  CHECK(found(Detector::phone, odd) == Strings{"612345678"});
}

TEST_CASE("every detector returns ordered, non-overlapping, in-range hits", "[detectors]") {
  // Deterministic mixes of the characters the scanners care about, so edge paths run; the second
  // one is made of the pieces of disguised addresses and of phones in words.
  const std::u16string alphabets[] = {
      u"0123456789 -.:/+()@#_ESXZaAkKpmh\u00BA\u00AA\u00F1\u00E1\n\u00A0,;!?$\u20AC\U0001F600\u0301",
      u"     ..@@()[]{}<>_-'6 at dot arroba punto com es gmail seis uno ocho a b c"};
  std::uint32_t seed = 12345;
  for (int round = 0; round < 600; ++round) {
    const std::u16string& alphabet = alphabets[round % 2];
    std::u16string text;
    for (int k = 0; k < 200; ++k) {
      seed = seed * 1103515245u + 12345u;
      text += alphabet[(seed >> 16) % alphabet.size()];
    }
    for (int d = 0; d < postguard::detect::kDetectorCount; ++d) {
      std::vector<Hit> hits;
      postguard::detect::find(static_cast<Detector>(d), text, hits);
      std::uint32_t last = 0;
      for (const Hit& h : hits) {
        REQUIRE(h.start >= last);
        REQUIRE(h.start < h.end);
        REQUIRE(h.end <= text.size());
        last = h.end;
      }
    }
  }
}

TEST_CASE("adversarial inputs stay linear", "[detectors]") {
  // Each of these made an earlier draft quadratic. At 200k characters a linear scan by all ten
  // detectors takes milliseconds and a quadratic one tens of seconds, so the bound below is far
  // from both even on a loaded machine or under sanitizers.
  const std::u16string patterns[] = {u"AIza-",
                                     u"https://.",
                                     u"www.a-",
                                     u"a@",
                                     u"xoxb-",
                                     u"1 ",
                                     u"a las ",
                                     u"Calle A ",
                                     u"-----BEGIN PRIVATE KEY----- ",
                                     u"http://x.com/)",
                                     u"4111 ",
                                     u"a at b dot ",
                                     u"a (at) ",
                                     u"x . ",
                                     u"m a r i o . r u i z ",
                                     u"a@b punto ",
                                     u"seis ",
                                     u"6 "};
  for (const std::u16string& p : patterns) {
    std::u16string text;
    while (text.size() < 200000) text += p;
    const auto start = std::chrono::steady_clock::now();
    for (int d = 0; d < postguard::detect::kDetectorCount; ++d) {
      std::vector<Hit> hits;
      postguard::detect::find(static_cast<Detector>(d), text, hits);
    }
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    INFO("pattern " << to_utf8(p) << " took " << ms << " ms");
    CHECK(ms < 2000);
  }
}
