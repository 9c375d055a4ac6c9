// The policy's JSON text: parsing without exceptions, and finding where a JSON pointer sits in
// the text (line:column) so that every diagnostic can name its place.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace postguard {

struct TextPosition {
  int line = 0;    // 1-based
  int column = 0;  // 1-based, in code points
};

struct JsonParseFailure {
  TextPosition position;
  std::string message;
};

// Parses `text` into `out`. On a syntax error returns where and why (nlohmann's message without
// its own prefix). Never throws.
// Keys repeated within one object are listed in `duplicates` (the repeat's pointer and place).
std::optional<JsonParseFailure> parse_json(std::string_view text, nlohmann::json& out,
                                           std::vector<std::pair<std::string, TextPosition>>* duplicates = nullptr);

// Maps JSON pointers to positions. Built only when there is something to report, with a second
// (SAX) pass over the text that records where each value — or, for object members, each key —
// starts.
class JsonLocator {
 public:
  explicit JsonLocator(std::string_view text);
  // The position of `pointer`, or of its nearest ancestor that exists in the text.
  TextPosition locate(std::string pointer) const;
  // Line and column of a byte offset in `text` (one scan: for a single position).
  static TextPosition position_in(std::string_view text, std::size_t byte);

 private:
  TextPosition position_of(std::size_t byte) const;  // indexed: any number of positions

  std::string_view text_;
  std::unordered_map<std::string, std::size_t> starts_;
  std::vector<std::size_t> line_starts_;         // byte offset of each line
  std::vector<std::size_t> code_points_before_;  // code points before byte k * kStride
  static constexpr std::size_t kStride = 1024;
};

// Appends a reference token to a JSON pointer, escaping '~' and '/' (RFC 6901).
std::string pointer_append(std::string_view pointer, std::string_view token);
std::string pointer_append(std::string_view pointer, std::size_t index);

}  // namespace postguard
