// Word and sentence segmentation over the original UTF-16 text with ICU BreakIterators.
#include "segment.hpp"

#include <unicode/brkiter.h>
#include <unicode/filteredbrk.h>
#include <unicode/locid.h>
#include <unicode/ubrk.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <string>

namespace postguard {

struct Segmenter::Iterators {
  std::unique_ptr<icu::BreakIterator> word[3];  // es, en, root
  std::unique_ptr<icu::BreakIterator> sentence[3];

  static int slot(std::string_view locale) {
    if (locale.substr(0, 2) == "es") return 0;
    if (locale.substr(0, 2) == "en") return 1;
    return 2;
  }
  static const char* name(int slot) { return slot == 0 ? "es" : slot == 1 ? "en" : "root"; }
};

Segmenter::Segmenter() : it_(std::make_unique<Iterators>()) {}
Segmenter::~Segmenter() = default;

namespace {

// Points `bi` at `text` without copying it. Returns false if ICU refuses.
bool attach(icu::BreakIterator& bi, std::u16string_view text) {
  UErrorCode status = U_ZERO_ERROR;
  UText ut = UTEXT_INITIALIZER;
  utext_openUChars(&ut, reinterpret_cast<const UChar*>(text.data()), static_cast<int64_t>(text.size()), &status);
  if (U_FAILURE(status)) return false;
  bi.setText(&ut, status);  // the iterator clones the UText (shallow), so `ut` may go
  utext_close(&ut);
  return U_SUCCESS(status);
}

// Scripts whose words ICU finds only with dictionaries (left out of the WebAssembly data, 2 MB).
bool dictionary_script(UChar32 c) {
  if (c < 0x0E00) return false;
  UErrorCode status = U_ZERO_ERROR;
  switch (uscript_getScript(c, &status)) {
    case USCRIPT_HAN:
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
    case USCRIPT_THAI:
    case USCRIPT_LAO:
    case USCRIPT_KHMER:
    case USCRIPT_MYANMAR:
      return true;
    default:
      return false;
  }
}

// A run of Chinese, Japanese, Thai, Lao, Khmer or Burmese counts as one word in every build, so
// native and WebAssembly (which has no dictionaries) agree on boundaries and word counts.
void join_dictionary_runs(std::u16string_view text, Words& out) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> runs;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t start = i;
    UChar32 c;
    U16_NEXT(text.data(), i, text.size(), c);
    if (!dictionary_script(c)) continue;
    std::size_t end = i;
    while (end < text.size()) {
      std::size_t next = end;
      U16_NEXT(text.data(), next, text.size(), c);
      if (!dictionary_script(c)) break;
      end = next;
    }
    runs.emplace_back(static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(end));
    i = end;
  }
  if (runs.empty()) return;
  std::vector<std::uint32_t> starts, ends;
  std::size_t w = 0;
  for (const auto& [a, b] : runs) {
    for (std::uint32_t k = a + 1; k < b; ++k) out.boundary[k] = false;
    out.boundary[a] = out.boundary[b] = true;
    for (; w < out.starts.size() && out.ends[w] <= a; ++w) {
      starts.push_back(out.starts[w]);
      ends.push_back(out.ends[w]);
    }
    starts.push_back(a);
    ends.push_back(b);
    while (w < out.starts.size() && out.starts[w] < b) ++w;  // the segments inside the run
  }
  for (; w < out.starts.size(); ++w) {
    starts.push_back(out.starts[w]);
    ends.push_back(out.ends[w]);
  }
  out.starts.swap(starts);
  out.ends.swap(ends);
}

// No sentence break after abbreviations: ICU's suppression list for the locale (en, es; the
// WebAssembly data carries them in brkitr/*.res) plus the other language's titles, since posts
// mix both ("Mr. Chen", "la Sra. Gil").
icu::BreakIterator* with_abbreviations(icu::BreakIterator* sentences, const char* locale, UErrorCode& status) {
  if (sentences == nullptr || U_FAILURE(status)) return sentences;
  UErrorCode build_status = U_ZERO_ERROR;
  std::unique_ptr<icu::FilteredBreakIteratorBuilder> builder(
      icu::FilteredBreakIteratorBuilder::createInstance(icu::Locale(locale), build_status));
  if (U_FAILURE(build_status) || !builder) return sentences;
  static constexpr const char16_t* kTitles[] = {u"Mr.",   u"Mrs.", u"Ms.",  u"Dr.",  u"Sr.",  u"Sra.",  u"Srta.",
                                                u"Dra.",  u"Dña.", u"Dª.",  u"Lic.", u"Ing.", u"Prof.", u"Av.",
                                                u"Avda.", u"Ud.",  u"Uds.", u"St.",  u"Jr.",  u"Sgt.",  u"Capt."};
  for (const char16_t* t : kTitles) builder->suppressBreakAfter(icu::UnicodeString(t), build_status);
  icu::BreakIterator* filtered = builder->wrapIteratorWithFilter(sentences, build_status);
  return U_SUCCESS(build_status) ? filtered : nullptr;
}

}  // namespace

void Segmenter::words(std::u16string_view text, std::string_view locale, Words& out) {
  const auto n = text.size();
  out.boundary.assign(n + 1, false);
  out.starts.clear();
  out.ends.clear();
  out.boundary[0] = true;
  out.boundary[n] = true;
  const int slot = Iterators::slot(locale);
  auto& bi = it_->word[slot];
  if (!bi) {
    UErrorCode status = U_ZERO_ERROR;
    bi.reset(icu::BreakIterator::createWordInstance(icu::Locale(Iterators::name(slot)), status));
    if (U_FAILURE(status)) bi.reset();
  }
  if (!bi || !attach(*bi, text)) {
    // Without ICU's rules every code point edge is a boundary: matches still work, only less
    // precisely. This happens only if ICU data is missing.
    for (std::size_t i = 1; i < n; ++i) out.boundary[i] = !(text[i] >= 0xDC00 && text[i] <= 0xDFFF);
    return;
  }
  int32_t prev = bi->first();
  for (int32_t b = bi->next(); b != icu::BreakIterator::DONE; prev = b, b = bi->next()) {
    out.boundary[static_cast<std::size_t>(b)] = true;
    const int32_t status = bi->getRuleStatus();
    if (status >= UBRK_WORD_NUMBER) {  // numbers, letters, kana, ideographs
      out.starts.push_back(static_cast<std::uint32_t>(prev));
      out.ends.push_back(static_cast<std::uint32_t>(b));
    }
  }
  join_dictionary_runs(text, out);
}

void Segmenter::sentences(std::u16string_view text, std::string_view locale, std::vector<std::uint32_t>& out) {
  out.clear();
  out.push_back(0);
  const int slot = Iterators::slot(locale);
  auto& bi = it_->sentence[slot];
  if (!bi) {
    UErrorCode status = U_ZERO_ERROR;
    bi.reset(with_abbreviations(icu::BreakIterator::createSentenceInstance(icu::Locale(Iterators::name(slot)), status),
                                Iterators::name(slot), status));
    if (U_FAILURE(status)) bi.reset();
  }
  if (bi && attach(*bi, text)) {
    bi->first();
    for (int32_t b = bi->next(); b != icu::BreakIterator::DONE; b = bi->next())
      if (b > 0 && static_cast<std::size_t>(b) < text.size()) out.push_back(static_cast<std::uint32_t>(b));
  }
  out.push_back(static_cast<std::uint32_t>(text.size()));
  if (out.size() >= 2 && out[out.size() - 2] == out.back() && out.size() > 2) out.pop_back();
}

long Words::first_word_at(std::uint32_t offset) const {
  return std::upper_bound(ends.begin(), ends.end(), offset) - ends.begin();
}

long Words::last_word_before(std::uint32_t offset) const {
  return (std::lower_bound(starts.begin(), starts.end(), offset) - starts.begin()) - 1;
}

}  // namespace postguard
