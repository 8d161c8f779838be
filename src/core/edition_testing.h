// Test fixtures only: the English and Persian editions the unit tests share,
// shaped like the built-in defaults (Asia/Tehran, the wire's dateline pattern).
#pragma once

#include "core/edition.h"

namespace herald::fixtures {

inline Edition EnglishEdition() {
  Edition e;
  e.code = "en";
  e.name = "English";
  e.language = "en";
  e.locale = "en";
  e.direction = TextDirection::kLtr;
  e.time_zone = "Asia/Tehran";
  e.date_format = "d MMMM yyyy - HH:mm";
  e.comment_languages = {"en"};
  return e;
}

inline Edition PersianEdition() {
  Edition e;
  e.code = "fa";
  e.name = "فارسی";
  e.language = "fa";
  e.locale = "fa_IR@calendar=persian";
  e.direction = TextDirection::kRtl;
  e.time_zone = "Asia/Tehran";
  e.date_format = "d MMMM yyyy - HH:mm";
  e.comment_languages = {"fa"};
  return e;
}

}  // namespace herald::fixtures
