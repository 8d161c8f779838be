// Image uploads for the desk (POST /api/v1/media) and their public URLs
// (/media/{sha256}.{ext}).
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "common/text.h"
#include "media/image.h"
#include "web/access.h"
#include "web/handlers.h"

namespace herald {

using nlohmann::json;

Response HandleMediaUpload(const HandlerContext& ctx, const Request& request) {
  if (request.method != Method::kPost) return MethodNotAllowed("POST");
  auto who = Authorize(ctx, request, Permission::kWriteArticles);
  if (!who) return std::move(who.error());
  const size_t limit = static_cast<size_t>(ctx.config.desk.max_image_kib) * 1024;
  if (request.body.size() > limit) {
    return ApiError(413, "too_large",
                    "the image is larger than " + std::to_string(limit / 1024) + " KiB");
  }
  if (request.body.empty()) return ApiError(400, "invalid_argument", "the body holds no image");
  std::string declared = AsciiLower(Trim(request.Header("content-type")));
  declared = std::string(Trim(declared.substr(0, declared.find(';'))));
  auto info = ProbeImage(request.body);
  if (!info) return ApiError(415, "unsupported_media_type", info.error().message);
  // The declared type must agree with the bytes: a file that claims to be
  // one thing and is another is refused rather than guessed at.
  if (declared != info->content_type) {
    return ApiError(
        415, "unsupported_media_type",
        "the file is " + info->content_type + " but was sent as '" + declared.substr(0, 60) + "'");
  }
  // A published photo must not tell where it was taken.
  const std::string clean = StripMetadata(request.body, *info);
  auto stored = StoreImage(ctx.config.MediaDir(), clean, *info);
  if (!stored) return FromError(stored.error());
  Audit(ctx, request, who->actor, "media.upload", "media:" + stored->name,
        std::to_string(info->width) + "x" + std::to_string(info->height));
  Response r = Json(201, json{{"url", "/media/" + stored->name},
                              {"sha256", stored->sha256},
                              {"content_type", info->content_type},
                              {"width", info->width},
                              {"height", info->height},
                              {"bytes", stored->bytes}});
  r.AddHeader("Location", "/media/" + stored->name);
  return r;
}

Response HandleMediaFile(const HandlerContext& ctx, std::string_view name) {
  if (!IsStoredImageName(name)) return NotFoundPage(ctx, "");
  auto bytes = ReadStoredImage(ctx.config.MediaDir(), name);
  if (!bytes) {
    if (bytes.error().code == ErrorCode::kNotFound) return NotFoundPage(ctx, "");
    return ErrorPage(ctx, 503);
  }
  const std::string_view ext = name.substr(name.find('.') + 1);
  Response r{200,
             std::string(ImageContentType(ext).value_or("application/octet-stream")),
             {},
             std::move(*bytes)};
  // The name is the content's hash: it can be cached for good.
  r.AddHeader("Cache-Control", "public, max-age=31536000, immutable");
  r.AddHeader("Content-Security-Policy", "default-src 'none'");
  return r;
}

}  // namespace herald
