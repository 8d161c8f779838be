#include "core/slug.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>

namespace herald {
namespace {

// ICU transliterators are not safe to share between threads, and building one
// parses rule tables (about a millisecond), so each thread keeps its own.
const icu::Transliterator* ThreadTransliterator() {
  thread_local std::unique_ptr<icu::Transliterator> translit = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> t(icu::Transliterator::createInstance(
        "Any-Latin; Latin-ASCII; Lower()", UTRANS_FORWARD, status));
    if (U_FAILURE(status)) t.reset();
    return t;
  }();
  return translit.get();
}

}  // namespace

std::string MakeSlug(std::string_view text) {
  std::string ascii;
  if (const icu::Transliterator* t = ThreadTransliterator()) {
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    t->transliterate(u);
    u.toUTF8String(ascii);
  } else {
    ascii.assign(text);
  }

  std::string slug;
  bool pending_dash = false;
  for (char c : ascii) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!keep) {
      // Apostrophes join rather than split: "Iran's" -> "irans".
      if (c != '\'') pending_dash = !slug.empty();
      continue;
    }
    if (pending_dash) slug += '-';
    pending_dash = false;
    slug += c;
  }
  if (slug.size() > kMaxSlugLength) {
    size_t cut = slug.rfind('-', kMaxSlugLength);
    slug.resize(cut == std::string::npos || cut < kMaxSlugLength / 2 ? kMaxSlugLength : cut);
    while (!slug.empty() && slug.back() == '-') slug.pop_back();
  }
  return slug.empty() ? "article" : slug;
}

bool IsSlugShaped(std::string_view s) {
  if (s.empty() || s.size() > 100) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

}  // namespace herald
