#include "media/image.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "auth/keyed_hash.h"

namespace herald {
namespace {

uint32_t Be16(std::string_view b, size_t at) {
  return (static_cast<uint32_t>(static_cast<unsigned char>(b[at])) << 8) |
         static_cast<unsigned char>(b[at + 1]);
}
uint32_t Be32(std::string_view b, size_t at) { return (Be16(b, at) << 16) | Be16(b, at + 2); }
uint32_t Le16(std::string_view b, size_t at) {
  return static_cast<unsigned char>(b[at]) |
         (static_cast<uint32_t>(static_cast<unsigned char>(b[at + 1])) << 8);
}
uint32_t Le24(std::string_view b, size_t at) {
  return Le16(b, at) | (static_cast<uint32_t>(static_cast<unsigned char>(b[at + 2])) << 16);
}

Result<ImageInfo> Sized(ImageInfo info, uint32_t width, uint32_t height) {
  if (width == 0 || height == 0 || width > kMaxImageSide || height > kMaxImageSide) {
    return Fail(ErrorCode::kInvalidArgument,
                "the image is " + std::to_string(width) + "x" + std::to_string(height) +
                    " pixels; each side must be from 1 to " + std::to_string(kMaxImageSide));
  }
  info.width = static_cast<int>(width);
  info.height = static_cast<int>(height);
  return info;
}

Result<ImageInfo> ProbeJpeg(std::string_view b) {
  // Walk the markers to the first start-of-frame, which holds the size.
  size_t at = 2;
  while (at + 4 <= b.size()) {
    if (static_cast<unsigned char>(b[at]) != 0xFF) break;
    const unsigned char marker = static_cast<unsigned char>(b[at + 1]);
    if (marker == 0xFF) {  // Fill byte.
      ++at;
      continue;
    }
    if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
      at += 2;
      continue;
    }
    const uint32_t length = Be16(b, at + 2);
    if (length < 2) break;
    const bool frame =
        marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (frame) {
      // The size must lie inside the segment, which StripMetadata keeps
      // whole: bytes past a short one may be an APP1 it drops.
      if (length < 7 || at + 9 > b.size()) break;
      return Sized({"image/jpeg", "jpg"}, Be16(b, at + 7), Be16(b, at + 5));
    }
    at += 2 + length;
  }
  return Fail(ErrorCode::kInvalidArgument, "the JPEG file is damaged: no image size found");
}

Result<ImageInfo> ProbeWebp(std::string_view b) {
  if (b.size() < 20) return Fail(ErrorCode::kInvalidArgument, "the WebP file is too short");
  std::string_view chunk = b.substr(12, 4);
  // The fields read below must lie inside the first chunk, as its length
  // says: StripMetadata walks the chunks by their lengths and keeps nothing
  // past the last whole one.
  const size_t needed = chunk == "VP8L" ? 5 : 10;
  const uint64_t length = Le16(b, 16) | (static_cast<uint64_t>(Le16(b, 18)) << 16);
  if (length < needed || length > b.size() - 20) {
    return Fail(ErrorCode::kInvalidArgument, "the WebP file is too short or damaged");
  }
  ImageInfo info{"image/webp", "webp"};
  if (chunk == "VP8 ") {
    if (static_cast<unsigned char>(b[23]) != 0x9D || static_cast<unsigned char>(b[24]) != 0x01 ||
        static_cast<unsigned char>(b[25]) != 0x2A) {
      return Fail(ErrorCode::kInvalidArgument, "the WebP file is damaged");
    }
    return Sized(info, Le16(b, 26) & 0x3FFF, Le16(b, 28) & 0x3FFF);
  }
  if (chunk == "VP8L") {
    if (static_cast<unsigned char>(b[20]) != 0x2F) {
      return Fail(ErrorCode::kInvalidArgument, "the WebP file is damaged");
    }
    const uint32_t bits = Le16(b, 21) | (Le16(b, 23) << 16);
    return Sized(info, (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
  }
  if (chunk == "VP8X") return Sized(info, Le24(b, 24) + 1, Le24(b, 27) + 1);
  return Fail(ErrorCode::kInvalidArgument, "the WebP file is of an unknown kind");
}

std::string StripJpeg(std::string_view b) {
  std::string out(b.substr(0, 2));  // SOI.
  size_t at = 2;
  while (at + 4 <= b.size() && static_cast<unsigned char>(b[at]) == 0xFF) {
    const unsigned char marker = static_cast<unsigned char>(b[at + 1]);
    if (marker == 0xDA) break;  // Start of scan: the rest is image data.
    if (marker == 0xFF || (marker >= 0xD0 && marker <= 0xD8) || marker == 0x01) {
      out.append(b.substr(at, marker == 0xFF ? 1 : 2));
      at += marker == 0xFF ? 1 : 2;
      continue;
    }
    const size_t length = Be16(b, at + 2);
    if (length < 2 || at + 2 + length > b.size()) return std::string(b);
    if (marker != 0xE1) out.append(b.substr(at, 2 + length));  // APP1: EXIF, XMP.
    at += 2 + length;
  }
  out.append(b.substr(at));
  return out;
}

std::string StripPng(std::string_view b) {
  std::string out(b.substr(0, 8));
  size_t at = 8;
  while (at + 12 <= b.size()) {
    const size_t length = Be32(b, at);
    if (length > b.size() - at - 12) return std::string(b);
    const std::string_view type = b.substr(at + 4, 4);
    const bool metadata = type == "eXIf" || type == "tEXt" || type == "zTXt" || type == "iTXt";
    if (!metadata) out.append(b.substr(at, 12 + length));
    at += 12 + length;
  }
  out.append(b.substr(at));
  return out;
}

std::string StripWebp(std::string_view b) {
  std::string out(b.substr(0, 12));  // "RIFF", size (rewritten below), "WEBP".
  size_t at = 12;
  while (at + 8 <= b.size()) {
    const size_t length = Le16(b, at + 4) | (static_cast<size_t>(Le16(b, at + 6)) << 16);
    const size_t padded = length + (length & 1);
    if (padded > b.size() - at - 8) return std::string(b);
    const std::string_view type = b.substr(at, 4);
    if (type != "EXIF" && type != "XMP ") out.append(b.substr(at, 8 + padded));
    at += 8 + padded;
  }
  const uint32_t size = static_cast<uint32_t>(out.size() - 8);
  for (int i = 0; i < 4; ++i) out[4 + i] = static_cast<char>((size >> (8 * i)) & 0xFF);
  // VP8X keeps flags saying the chunks are there: clear them.
  if (out.size() >= 21 && out.substr(12, 4) == "VP8X") {
    out[20] = static_cast<char>(static_cast<unsigned char>(out[20]) & ~0x0C);
  }
  return out;
}

}  // namespace

std::string StripMetadata(std::string_view bytes, const ImageInfo& info) {
  if (info.extension == "jpg") return StripJpeg(bytes);
  if (info.extension == "png") return StripPng(bytes);
  if (info.extension == "webp") return StripWebp(bytes);
  return std::string(bytes);
}

Result<ImageInfo> ProbeImage(std::string_view b) {
  // IHDR's length is always 13; trusting another would let StripMetadata
  // walk into the size fields as the next chunk.
  if (b.size() >= 24 && b.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8) &&
      Be32(b, 8) == 13 && b.substr(12, 4) == "IHDR") {
    return Sized({"image/png", "png"}, Be32(b, 16), Be32(b, 20));
  }
  if (b.size() >= 4 && static_cast<unsigned char>(b[0]) == 0xFF &&
      static_cast<unsigned char>(b[1]) == 0xD8 && static_cast<unsigned char>(b[2]) == 0xFF) {
    return ProbeJpeg(b);
  }
  if (b.size() >= 10 && (b.substr(0, 6) == "GIF87a" || b.substr(0, 6) == "GIF89a")) {
    return Sized({"image/gif", "gif"}, Le16(b, 6), Le16(b, 8));
  }
  if (b.size() >= 16 && b.substr(0, 4) == "RIFF" && b.substr(8, 4) == "WEBP") return ProbeWebp(b);
  return Fail(ErrorCode::kInvalidArgument, "not a JPEG, PNG, GIF or WebP image");
}

std::optional<std::string_view> ImageContentType(std::string_view extension) {
  if (extension == "jpg") return "image/jpeg";
  if (extension == "png") return "image/png";
  if (extension == "gif") return "image/gif";
  if (extension == "webp") return "image/webp";
  return std::nullopt;
}

bool IsStoredImageName(std::string_view name) {
  if (name.size() < 66 || name[64] != '.') return false;
  for (char c : name.substr(0, 64)) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return ImageContentType(name.substr(65)).has_value();
}

Result<StoredImage> StoreImage(const std::string& dir, std::string_view bytes,
                               const ImageInfo& info) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  StoredImage out;
  out.sha256 = ToHex(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
  out.name = out.sha256 + "." + info.extension;
  out.info = info;
  out.bytes = bytes.size();

  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) return Fail(ErrorCode::kUnavailable, "cannot create " + dir + ": " + ec.message());
  const std::string path = dir + "/" + out.name;
  if (std::filesystem::exists(path, ec)) return out;

  const std::string temp = path + ".tmp." + ToHex(RandomBytes(6));
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0)
    return Fail(ErrorCode::kUnavailable, "cannot write " + temp + ": " + std::strerror(errno));
  size_t written = 0;
  while (written < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    written += static_cast<size_t>(n);
  }
  const bool ok = written == bytes.size() && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || std::rename(temp.c_str(), path.c_str()) != 0) {
    std::filesystem::remove(temp, ec);
    return Fail(ErrorCode::kUnavailable, "cannot write " + path);
  }
  // The rename is durable once the directory is synced.
  if (int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return out;
}

Result<std::string> ReadStoredImage(const std::string& dir, std::string_view name) {
  if (!IsStoredImageName(name)) return Fail(ErrorCode::kNotFound, "no such image");
  std::ifstream in(dir + "/" + std::string(name), std::ios::binary);
  if (!in) return Fail(ErrorCode::kNotFound, "no such image");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace herald
