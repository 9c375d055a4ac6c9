// How fuzzer bytes become a draft and a checking context. The context comes from the last bytes
// (FuzzedDataProvider takes integers from the end), the draft from the rest: as UTF-8 (invalid
// sequences become U+FFFD, as in the CLI) or as raw UTF-16LE code units (lone surrogates and NUL,
// as a page may hand them over). tests/fuzz/seeds.mjs writes seeds in this layout.
#pragma once

#include <fuzzer/FuzzedDataProvider.h>

#include <string>

#include "postguard/postguard.hpp"

namespace fuzz {

struct Draft {
  postguard::Context context;
  bool utf16 = false;  // the remaining bytes are UTF-16LE code units rather than UTF-8
};

// Flags byte: bit 0 UTF-16LE, bit 1 official account, bits 2-3 locale, bits 4-5 site, bits 6-7 role.
inline Draft draft_from(FuzzedDataProvider& in) {
  static const char* const kLocales[] = {"", "en", "es", "es-MX"};
  static const char* const kSites[] = {"", "www.linkedin.com", "x.com", "facebook.com"};
  static const char* const kRoles[] = {"", "social_team", "support_staff", "nobody"};
  static const char* const kDays[] = {"2026-11-25", "2027-06-01", "2024-01-01", "2031-12-31"};
  Draft d;
  const auto flags = in.ConsumeIntegral<std::uint8_t>();
  const auto day = in.ConsumeIntegral<std::uint8_t>();
  d.utf16 = flags & 1u;
  d.context.account = (flags & 2u) ? postguard::Account::official : postguard::Account::personal;
  d.context.locale = kLocales[(flags >> 2) & 3u];
  d.context.site = kSites[(flags >> 4) & 3u];
  d.context.role = kRoles[(flags >> 6) & 3u];
  d.context.now = postguard::parse_date(kDays[day & 3u]);
  return d;
}

inline std::u16string text_from(FuzzedDataProvider& in, bool utf16) {
  const std::string bytes = in.ConsumeRemainingBytesAsString();
  if (!utf16) return postguard::utf8_to_utf16(bytes);
  std::u16string text(bytes.size() / 2, u'\0');
  for (std::size_t i = 0; i < text.size(); ++i)
    text[i] = static_cast<char16_t>(static_cast<unsigned char>(bytes[2 * i]) |
                                    (static_cast<unsigned char>(bytes[2 * i + 1]) << 8));
  return text;
}

}  // namespace fuzz
