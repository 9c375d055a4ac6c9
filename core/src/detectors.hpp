// Detectors: validated finders for personal data, secrets and times of day.
//
// Each detector scans a UTF-16 view of the draft in which compatibility forms are already
// normalized (NFKC per code point: fullwidth digits are ASCII) and invisible characters are
// removed; case is preserved. A hit is reported only when it validates (Luhn, mod-97, DNI check
// letter, ...), never from the shape alone. Scanning is linear in the text and allocation-free
// apart from `out`; detectors never throw.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace postguard::detect {

enum class Detector : std::uint8_t {
  email,           // also disguised: ana(at)gmail(dot)com, pepe arroba hotmail punto com, spaced letters
  phone,           // ES, MX, US national formats and E.164 (+CC ...); digit by digit, /-groups, digit words
  payment_card,    // 13-19 digits, known issuer prefix, Luhn
  iban,            // country length table + mod-97
  es_dni,          // Spanish DNI (8 digits + letter) and NIE (X/Y/Z + 7 digits + letter)
  us_ssn,          // AAA-GG-SSSS with valid area/group/serial
  secret,          // private key blocks, AWS key ids, GitHub/Slack tokens, Google API keys, Stripe live keys
  time_of_day,     // 4 a.m., 4am, 04:00, 16:30h, a las 4 de la madrugada, 11 de la noche, midnight
  url,             // https://..., www....
  street_address,  // Calle Mayor 12, C/ Alcalá 45, 3ºB, Avenida..., 123 Main St
};
inline constexpr int kDetectorCount = 10;

std::optional<Detector> detector_from_string(std::string_view name);
std::string_view to_string(Detector d);

struct Hit {
  std::uint32_t start = 0;  // UTF-16 offsets into the scanned view, [start, end)
  std::uint32_t end = 0;
};

// Appends the valid occurrences of `d` in `text` to `out`, in order of position, without overlaps.
void find(Detector d, std::u16string_view text, std::vector<Hit>& out);

// The validators, exposed for tests and for reuse. Inputs are the bare digits/characters.
bool luhn_valid(std::string_view digits);
bool iban_valid(std::string_view compact_upper);    // "ES9121000418450200051332"
bool es_dni_valid(std::string_view compact_upper);  // "12345678Z", "X1234567L"

}  // namespace postguard::detect
