// Segmentation with ICU's BreakIterator: word boundaries (where a term may start and end, and how
// far apart `near` hits are) and sentences (the `sentence` scope).
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace postguard {

struct Words {
  std::vector<bool> boundary;         // boundary[i]: a word boundary at UTF-16 offset i (size n+1)
  std::vector<std::uint32_t> starts;  // start offsets of word-like segments (letters, numbers)
  std::vector<std::uint32_t> ends;    // and their ends
  // Index of the first word segment ending after `offset` (the word at or after it).
  long first_word_at(std::uint32_t offset) const;
  // Index of the last word segment starting before `offset` (the word at or before it); -1 if none.
  long last_word_before(std::uint32_t offset) const;
};

// Holds the break iterators for the locales the core knows (es, en, root). One per Checker.
class Segmenter {
 public:
  Segmenter();
  ~Segmenter();
  Segmenter(const Segmenter&) = delete;
  Segmenter& operator=(const Segmenter&) = delete;

  void words(std::u16string_view text, std::string_view locale, Words& out);
  // Sentence boundaries: offsets 0 = b0 < b1 < ... < bk = n.
  void sentences(std::u16string_view text, std::string_view locale, std::vector<std::uint32_t>& out);

 private:
  struct Iterators;
  std::unique_ptr<Iterators> it_;
};

}  // namespace postguard
