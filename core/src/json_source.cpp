// Parses policy JSON and locates JSON pointers in its text for diagnostics.
#include "json_source.hpp"

#include <algorithm>
#include <iterator>
#include <set>
#include <vector>

namespace postguard {
namespace {

using json = nlohmann::json;

// An input iterator over the text that publishes how far the lexer has read, so a SAX handler
// can tell where the token it is being told about ended.
class TrackingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  TrackingIterator(const char* p, const char** cursor) : p_(p), cursor_(cursor) {}
  reference operator*() const { return *p_; }
  TrackingIterator& operator++() {
    ++p_;
    if (cursor_ != nullptr) *cursor_ = p_;
    return *this;
  }
  TrackingIterator operator++(int) {
    TrackingIterator old = *this;
    ++*this;
    return old;
  }
  bool operator==(const TrackingIterator& o) const { return p_ == o.p_; }
  bool operator!=(const TrackingIterator& o) const { return p_ != o.p_; }

 private:
  const char* p_;
  const char** cursor_;
};

// Strips nlohmann's "[json.exception.parse_error.101] parse error at line 1, column 2: " prefix.
std::string plain_parse_message(const std::string& what) {
  const auto colon = what.find(": ");
  std::string msg = colon == std::string::npos ? what : what.substr(colon + 2);
  if (!msg.empty()) msg[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(msg[0])));
  return msg;
}

bool is_number_char(char c) {
  return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

// Records the start of every value (or member key) by JSON pointer.
class LocatingHandler : public nlohmann::json_sax<json> {
 public:
  LocatingHandler(std::string_view text, const char** cursor, std::unordered_map<std::string, std::size_t>& starts)
      : text_(text), cursor_(cursor), starts_(starts) {}

  std::optional<JsonParseFailure> failure;
  std::size_t failure_byte = 0;

  bool null() override { return scalar(literal_start()); }
  bool boolean(bool) override { return scalar(literal_start()); }
  bool number_integer(number_integer_t) override { return scalar(number_start()); }
  bool number_unsigned(number_unsigned_t) override { return scalar(number_start()); }
  bool number_float(number_float_t, const string_t&) override { return scalar(number_start()); }
  bool string(string_t&) override { return scalar(string_start()); }
  bool binary(binary_t&) override { return scalar(offset() - 1); }
  bool start_object(std::size_t) override { return open(offset() - 1, false); }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(offset() - 1, true); }
  bool end_array() override { return close(); }
  bool key(string_t& k) override {
    Frame& f = frames_.back();
    f.key = k;
    f.key_start = string_start();
    if (!f.keys.insert(k).second && frames_.size() <= kMaxDepth)
      duplicates.emplace_back(pointer_append(f.pointer, k), f.key_start);
    return true;
  }
  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& ex) override {
    // Point at the start of the offending token, not just after it.
    // `position` counts one past the last character read, which is where most errors are seen;
    // an unexpected complete string ("a" "b") is better shown at its opening quote.
    failure_byte = position > 0 ? position - 1 : 0;
    const bool whole_string = last_token.size() >= 2 && last_token.front() == '"' && last_token.back() == '"' &&
                              last_token.find("<U+") == std::string::npos;
    if (whole_string && last_token.size() <= failure_byte + 1) failure_byte -= last_token.size() - 1;
    failure = JsonParseFailure{{}, plain_parse_message(ex.what())};
    return false;
  }

 private:
  struct Frame {
    std::string pointer;
    bool array = false;
    std::size_t index = 0;
    std::string key;
    std::size_t key_start = 0;
    std::set<std::string> keys;  // of this object so far
  };

 public:
  std::vector<std::pair<std::string, std::size_t>> duplicates;  // keys repeated within one object: pointer, byte

 private:
  std::size_t offset() const { return static_cast<std::size_t>(*cursor_ - text_.data()); }

  std::size_t string_start() const {
    // The lexer stopped just after the closing quote; the opening quote is the first unescaped
    // quote before it (a JSON string cannot hold a raw quote).
    std::size_t i = offset() - 1;
    while (i > 0) {
      --i;
      if (text_[i] != '"') continue;
      std::size_t slashes = 0;
      for (std::size_t j = i; j > 0 && text_[j - 1] == '\\'; --j) ++slashes;
      if (slashes % 2 == 0) return i;
    }
    return 0;
  }
  std::size_t number_start() const {
    // The lexer may have read one character past the number.
    std::size_t i = offset();
    while (i > 0 && !is_number_char(text_[i - 1])) --i;
    while (i > 0 && is_number_char(text_[i - 1])) --i;
    return i;
  }
  std::size_t literal_start() const {
    std::size_t i = offset();
    while (i > 0 && text_[i - 1] >= 'a' && text_[i - 1] <= 'z') --i;
    return i;
  }

  // The pointer of the value about to be recorded, and where its member starts.
  std::pair<std::string, std::size_t> next_member(std::size_t value_start) {
    if (frames_.empty()) return {"", value_start};
    if (frames_.size() > kMaxDepth) return {{}, value_start};  // too deep to be worth a pointer
    Frame& f = frames_.back();
    if (f.array) return {pointer_append(f.pointer, f.index++), value_start};
    return {pointer_append(f.pointer, f.key), f.key_start};
  }
  bool scalar(std::size_t start) {
    auto [ptr, at] = next_member(start);
    if (frames_.size() <= kMaxDepth) starts_.emplace(std::move(ptr), at);
    return true;
  }
  bool open(std::size_t start, bool array) {
    auto [ptr, at] = next_member(start);
    if (frames_.size() <= kMaxDepth) starts_.emplace(ptr, at);
    frames_.push_back(Frame{std::move(ptr), array, 0, {}, 0, {}});
    return true;
  }
  bool close() {
    frames_.pop_back();
    return true;
  }

  // Deeper values are never named by diagnostics (the loader refuses nesting beyond 64 levels),
  // and building their pointers would cost quadratic time on hostile input.
  static constexpr std::size_t kMaxDepth = 80;

  std::string_view text_;
  const char** cursor_;
  std::unordered_map<std::string, std::size_t>& starts_;
  std::vector<Frame> frames_;
};

}  // namespace

TextPosition JsonLocator::position_in(std::string_view text, std::size_t byte) {
  TextPosition pos{1, 1};
  if (byte > text.size()) byte = text.size();
  for (std::size_t i = 0; i < byte; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++pos.line;
      pos.column = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++pos.column;  // count code points, not bytes
    }
  }
  return pos;
}

std::optional<JsonParseFailure> parse_json(std::string_view text, json& out,
                                           std::vector<std::pair<std::string, TextPosition>>* duplicates) {
  // nlohmann keeps the last of repeated keys without a word; a policy must not (a second "rules"
  // could switch every rule off unseen), so the parse notes whether any object repeats a key.
  std::vector<std::set<std::string>> open_objects;
  bool repeated = false;
  const json::parser_callback_t watch = [&](int, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::object_start) open_objects.emplace_back();
    if (event == json::parse_event_t::object_end && !open_objects.empty()) open_objects.pop_back();
    if (event == json::parse_event_t::key && !open_objects.empty() && parsed.is_string())
      repeated = !open_objects.back().insert(parsed.get_ref<const std::string&>()).second || repeated;
    return true;
  };
  out = json::parse(text.begin(), text.end(), watch, /*allow_exceptions=*/false);
  if (!out.is_discarded()) {
    if (repeated && duplicates != nullptr) {  // rare: learn where, with the locating pass
      std::unordered_map<std::string, std::size_t> unused;
      const char* cursor = text.data();
      LocatingHandler handler(text, &cursor, unused);
      json::sax_parse(TrackingIterator(text.data(), &cursor), TrackingIterator(text.data() + text.size(), nullptr),
                      &handler);
      for (const auto& [pointer, byte] : handler.duplicates)
        duplicates->emplace_back(pointer, JsonLocator::position_in(text, byte));
    }
    return std::nullopt;
  }
  // Rare path: parse again with a handler that learns where and why it failed.
  std::unordered_map<std::string, std::size_t> unused;
  const char* cursor = text.data();
  LocatingHandler handler(text, &cursor, unused);
  json::sax_parse(TrackingIterator(text.data(), &cursor), TrackingIterator(text.data() + text.size(), nullptr),
                  &handler);
  out = json();
  if (!handler.failure) return JsonParseFailure{{1, 1}, "Invalid JSON"};
  handler.failure->position = JsonLocator::position_in(text, handler.failure_byte);
  return handler.failure;
}

JsonLocator::JsonLocator(std::string_view text) : text_(text) {
  // An index for line:column, so that locating many diagnostics stays linear in the text.
  line_starts_.push_back(0);
  std::size_t code_points = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i % kStride == 0) code_points_before_.push_back(code_points);
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') line_starts_.push_back(i + 1);
    if ((c & 0xC0) != 0x80) ++code_points;
  }
  const char* cursor = text.data();
  LocatingHandler handler(text, &cursor, starts_);
  json::sax_parse(TrackingIterator(text.data(), &cursor), TrackingIterator(text.data() + text.size(), nullptr),
                  &handler);
}

TextPosition JsonLocator::locate(std::string pointer) const {
  for (;;) {
    const auto it = starts_.find(pointer);
    if (it != starts_.end()) return position_of(it->second);
    const auto slash = pointer.rfind('/');
    if (slash == std::string::npos) return {};
    pointer.resize(slash);
  }
}

TextPosition JsonLocator::position_of(std::size_t byte) const {
  byte = std::min(byte, text_.size());
  auto code_points_to = [&](std::size_t b) {
    const std::size_t block = b / kStride;
    std::size_t n = block < code_points_before_.size() ? code_points_before_[block] : 0;
    for (std::size_t i = block * kStride; i < b; ++i) n += (static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80;
    return n;
  };
  const auto line = std::upper_bound(line_starts_.begin(), line_starts_.end(), byte) - line_starts_.begin();
  const std::size_t line_start = line_starts_[static_cast<std::size_t>(line) - 1];
  return TextPosition{static_cast<int>(line), static_cast<int>(code_points_to(byte) - code_points_to(line_start)) + 1};
}

std::string pointer_append(std::string_view pointer, std::string_view token) {
  std::string out(pointer);
  out.push_back('/');
  for (char c : token) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out.push_back(c);
  }
  return out;
}

std::string pointer_append(std::string_view pointer, std::size_t index) {
  return pointer_append(pointer, std::to_string(index));
}

}  // namespace postguard
