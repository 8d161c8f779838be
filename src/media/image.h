// Images the desk uploads: what a file really is (read from its bytes, not
// its name or declared type), and where it is kept.
//
// Images are stored under the SHA-256 of their bytes, so the same photo
// uploaded twice is kept once, a URL never changes meaning, and browsers
// may cache it for good. Nothing here decodes pixels: only the headers
// needed to know the format and size are read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace herald {

struct ImageInfo {
  std::string content_type;  // "image/jpeg", "image/png", "image/gif", "image/webp".
  std::string extension;     // "jpg", "png", "gif", "webp".
  int width = 0;
  int height = 0;
};

// The largest width or height accepted: larger images are almost always a
// mistake (or a decompression bomb aimed at readers' browsers).
inline constexpr int kMaxImageSide = 12000;

// Returns the format and size of the image in `bytes`, or kInvalidArgument
// when it is not a JPEG, PNG, GIF or WebP whose header gives a size from 1
// to kMaxImageSide on each side (a script renamed .jpg fails here).
Result<ImageInfo> ProbeImage(std::string_view bytes);

// Returns `bytes` (an image ProbeImage accepted as `info`) without the
// metadata cameras and phones write: a JPEG's APP1 segments (EXIF, with the
// place a photo was taken, and XMP), a PNG's eXIf and text chunks, a WebP's
// EXIF and XMP chunks. Pixels, colour profiles and everything else are
// kept byte for byte. A file whose structure cannot be walked is returned
// unchanged.
std::string StripMetadata(std::string_view bytes, const ImageInfo& info);

// Returns the content type for a stored image's extension, or nullopt.
std::optional<std::string_view> ImageContentType(std::string_view extension);

struct StoredImage {
  std::string name;    // "<64 hex digits>.<extension>".
  std::string sha256;  // Hex.
  ImageInfo info;
  size_t bytes = 0;
};

// Writes `bytes` into `dir` (created if missing) as <sha256>.<extension>,
// through a temporary file and a rename, so a crash leaves either the whole
// file or none. Storing an image that is already there changes nothing.
Result<StoredImage> StoreImage(const std::string& dir, std::string_view bytes,
                               const ImageInfo& info);

// Returns true iff `name` has the form StoreImage gives ("<64 hex>.<ext>"
// with a known extension), so it is safe to join to the directory.
bool IsStoredImageName(std::string_view name);

// Reads the stored image `name` (IsStoredImageName must hold). kNotFound
// when there is none.
Result<std::string> ReadStoredImage(const std::string& dir, std::string_view name);

}  // namespace herald
