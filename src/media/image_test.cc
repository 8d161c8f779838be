#include "media/image.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace herald {
namespace {

std::string Png(uint32_t w, uint32_t h) {
  std::string b("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16);
  for (uint32_t v : {w, h}) {
    for (int shift = 24; shift >= 0; shift -= 8)
      b.push_back(static_cast<char>((v >> shift) & 0xFF));
  }
  b += std::string("\x08\x02\0\0\0\0\0\0\0", 9);
  return b;
}

std::string Jpeg(uint16_t w, uint16_t h) {
  std::string b("\xFF\xD8", 2);
  b += std::string("\xFF\xE0\0\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0", 18);  // APP0.
  b += std::string("\xFF\xC0\0\x11\x08", 5);                               // SOF0, 8-bit.
  b.push_back(static_cast<char>(h >> 8));
  b.push_back(static_cast<char>(h & 0xFF));
  b.push_back(static_cast<char>(w >> 8));
  b.push_back(static_cast<char>(w & 0xFF));
  b += std::string(10, '\0');
  return b;
}

TEST(ImageTest, KnowsFormatsByTheirBytes) {
  auto png = ProbeImage(Png(640, 480));
  ASSERT_TRUE(png.has_value()) << png.error().message;
  EXPECT_EQ(png->content_type, "image/png");
  EXPECT_EQ(png->width, 640);
  EXPECT_EQ(png->height, 480);

  auto jpeg = ProbeImage(Jpeg(1200, 800));
  ASSERT_TRUE(jpeg.has_value()) << jpeg.error().message;
  EXPECT_EQ(jpeg->extension, "jpg");
  EXPECT_EQ(jpeg->width, 1200);
  EXPECT_EQ(jpeg->height, 800);

  auto gif = ProbeImage(std::string("GIF89a\x20\x00\x10\x00", 10));
  ASSERT_TRUE(gif.has_value());
  EXPECT_EQ(gif->width, 32);
  EXPECT_EQ(gif->height, 16);

  std::string webp("RIFF\0\0\0\0WEBPVP8X\x0a\0\0\0\0\0\0\0", 24);
  webp += std::string("\x3f\x00\x00\x1f\x00\x00", 6);  // 64 x 32, stored minus one.
  auto w = ProbeImage(webp);
  ASSERT_TRUE(w.has_value()) << w.error().message;
  EXPECT_EQ(w->width, 64);
  EXPECT_EQ(w->height, 32);
}

TEST(ImageTest, RefusesWhatIsNotAnImage) {
  EXPECT_FALSE(ProbeImage("").has_value());
  EXPECT_FALSE(ProbeImage("<script>alert(1)</script>").has_value());
  EXPECT_FALSE(ProbeImage("\xFF\xD8\xFF").has_value());               // A JPEG start, nothing more.
  EXPECT_FALSE(ProbeImage(Png(640, 480).substr(0, 20)).has_value());  // Cut short.
  EXPECT_FALSE(ProbeImage(Png(0, 10)).has_value());
  EXPECT_FALSE(ProbeImage(Png(100000, 10)).has_value());  // A decompression bomb's header.
}

TEST(ImageTest, StoredNamesAreHashesWithKnownExtensions) {
  EXPECT_TRUE(IsStoredImageName(std::string(64, 'a') + ".png"));
  EXPECT_FALSE(IsStoredImageName(std::string(64, 'A') + ".png"));
  EXPECT_FALSE(IsStoredImageName(std::string(64, 'a') + ".svg"));
  EXPECT_FALSE(IsStoredImageName("../herald.db"));
  EXPECT_FALSE(IsStoredImageName(std::string(63, 'a') + "/.png"));
}

TEST(ImageTest, StoringIsByContentAndIdempotent) {
  auto dir =
      std::filesystem::temp_directory_path() / ("herald-image-test-" + std::to_string(::getpid()));
  std::string bytes = Png(2, 2);
  auto info = ProbeImage(bytes);
  ASSERT_TRUE(info.has_value());
  auto first = StoreImage(dir.string(), bytes, *info);
  ASSERT_TRUE(first.has_value()) << first.error().message;
  EXPECT_EQ(first->name, first->sha256 + ".png");
  auto second = StoreImage(dir.string(), bytes, *info);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->name, first->name);
  auto read = ReadStoredImage(dir.string(), first->name);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(*read, bytes);
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, 1);  // No temporary file left behind.
  EXPECT_EQ(ReadStoredImage(dir.string(), std::string(64, 'b') + ".png").error().code,
            ErrorCode::kNotFound);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace herald

namespace herald {
namespace {

TEST(ImageTest, JpegLosesExifAndXmpButKeepsEverythingElse) {
  std::string app1(
      "\xFF\xE1\x00\x0E"
      "Exif\0\0GPS!!!",
      16);  // 2 + 14 bytes.
  std::string scan("\xFF\xDA\x00\x02\x12\x34\xFF\xD9", 8);
  std::string jpeg = Jpeg(64, 48);
  jpeg.insert(2, app1);
  jpeg += scan;
  auto info = ProbeImage(jpeg);
  ASSERT_TRUE(info.has_value()) << info.error().message;
  std::string clean = StripMetadata(jpeg, *info);
  EXPECT_EQ(clean.find("GPS"), std::string::npos);
  EXPECT_EQ(clean.size(), jpeg.size() - app1.size());
  EXPECT_NE(clean.find("JFIF"), std::string::npos);  // APP0 stays.
  EXPECT_TRUE(clean.ends_with(scan));
  auto again = ProbeImage(clean);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->width, 64);
}

TEST(ImageTest, PngLosesTextAndExifChunks) {
  auto chunk = [](const std::string& type, const std::string& data) {
    std::string c;
    for (int shift = 24; shift >= 0; shift -= 8) {
      c.push_back(static_cast<char>((data.size() >> shift) & 0xFF));
    }
    return c + type + data + std::string(4, '\0');  // The CRC is not checked here.
  };
  std::string png = Png(2, 2) + chunk("tEXt", "Location\0Tehran") + chunk("eXIf", "MM\0*GPS") +
                    chunk("IDAT", "pixels") + chunk("IEND", "");
  auto info = ProbeImage(png);
  ASSERT_TRUE(info.has_value());
  std::string clean = StripMetadata(png, *info);
  EXPECT_EQ(clean.find("Tehran"), std::string::npos);
  EXPECT_EQ(clean.find("GPS"), std::string::npos);
  EXPECT_NE(clean.find("IDATpixels"), std::string::npos);
  EXPECT_TRUE(clean.ends_with(chunk("IEND", "")));
}

TEST(ImageTest, WebpLosesExifAndItsFlag) {
  std::string vp8x("VP8X\x0a\0\0\0\x08\0\0\0\x3f\x00\x00\x1f\x00\x00", 18);  // EXIF flag set.
  std::string exif("EXIF\x04\0\0\0GPS!", 12);
  std::string body = "WEBP" + vp8x + exif;
  std::string webp = "RIFF" + std::string(4, '\0') + body;
  const uint32_t size = static_cast<uint32_t>(webp.size() - 8);
  for (int i = 0; i < 4; ++i) webp[4 + i] = static_cast<char>((size >> (8 * i)) & 0xFF);
  auto info = ProbeImage(webp);
  ASSERT_TRUE(info.has_value()) << info.error().message;
  std::string clean = StripMetadata(webp, *info);
  EXPECT_EQ(clean.find("GPS"), std::string::npos);
  EXPECT_EQ(clean.size(), webp.size() - exif.size());
  EXPECT_EQ(static_cast<unsigned char>(clean[4]), clean.size() - 8);
  EXPECT_EQ(static_cast<unsigned char>(clean[20]) & 0x08, 0);
}

TEST(ImageTest, ABrokenStructureIsLeftAsItIs) {
  std::string jpeg = Jpeg(10, 10) + std::string("\xFF\xE1\x7F\xFF", 4);  // Overlong segment.
  auto info = ProbeImage(jpeg);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(StripMetadata(jpeg, *info), jpeg);
}

}  // namespace
}  // namespace herald
