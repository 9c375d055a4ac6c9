// Conversions between the UTF-8 of JSON and files and the UTF-16 of pages and ICU.
#pragma once

#include <string>
#include <string_view>

namespace postguard {

// Invalid UTF-8 sequences and lone surrogates become U+FFFD; never throws.
std::u16string utf8_to_utf16(std::string_view s);
std::string utf16_to_utf8(std::u16string_view s);
// True when `s` is well-formed UTF-8.
bool is_valid_utf8(std::string_view s);

}  // namespace postguard
