// Image uploads: ProbeImage reads a format and size from untrusted bytes,
// StripMetadata walks the file's structure to drop camera metadata.
//
// Properties: an accepted image has a size within the documented bounds;
// stripping never grows the file, and what it returns probes again as the
// same format and size (stripping must not break the file it kept).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "media/image.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace herald;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto info = ProbeImage(bytes);
  if (!info) return 0;
  if (info->width < 1 || info->height < 1 || info->width > kMaxImageSide ||
      info->height > kMaxImageSide) {
    __builtin_trap();
  }
  if (!ImageContentType(info->extension)) __builtin_trap();
  std::string stripped = StripMetadata(bytes, *info);
  if (stripped.size() > bytes.size()) __builtin_trap();
  auto again = ProbeImage(stripped);
  if (!again || again->content_type != info->content_type || again->width != info->width ||
      again->height != info->height) {
    __builtin_trap();
  }
  return 0;
}
