// UTF-8 <-> UTF-16 conversions with U+FFFD substitution, via ICU.
#include "postguard/utf.hpp"

#include <unicode/ustring.h>
#include <unicode/utf8.h>

namespace postguard {

std::u16string utf8_to_utf16(std::string_view s) {
  std::u16string out(s.size(), u'\0');  // UTF-16 never needs more units than UTF-8 bytes
  int32_t length = 0;
  UErrorCode status = U_ZERO_ERROR;
  u_strFromUTF8WithSub(out.data(), static_cast<int32_t>(out.size()), &length, s.data(), static_cast<int32_t>(s.size()),
                       0xFFFD, nullptr, &status);
  if (U_FAILURE(status)) return u"";
  out.resize(static_cast<std::size_t>(length));
  return out;
}

std::string utf16_to_utf8(std::u16string_view s) {
  std::string out(s.size() * 3, '\0');  // each UTF-16 unit is at most 3 UTF-8 bytes
  int32_t length = 0;
  UErrorCode status = U_ZERO_ERROR;
  u_strToUTF8WithSub(out.data(), static_cast<int32_t>(out.size()), &length, s.data(), static_cast<int32_t>(s.size()),
                     0xFFFD, nullptr, &status);
  if (U_FAILURE(status)) return "";
  out.resize(static_cast<std::size_t>(length));
  return out;
}

bool is_valid_utf8(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const auto n = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return false;
  }
  return true;
}

}  // namespace postguard
