#include "web/app.h"

#include <spdlog/spdlog.h>

#include <ctime>
#include <exception>

#include "common/text.h"
#include "render/assets.h"
#include "web/handlers.h"

namespace herald {
namespace {

constexpr size_t kMaxPathBytes = 4096;

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  for (std::string_view s : Split(path, '/')) {
    if (!s.empty()) out.push_back(s);
  }
  return out;
}

}  // namespace

void Metrics::Record(int status, uint64_t micros) {
  int cls = status / 100;
  if (cls >= 1 && cls <= 5) requests[cls].fetch_add(1, std::memory_order_relaxed);
  request_micros.fetch_add(micros, std::memory_order_relaxed);
}

App::App(Config config, Store& store, CommentService* comments)
    : config_(std::move(config)), store_(store), comments_(comments) {
  metrics_.started_at = std::time(nullptr);
}

Response App::Handle(const Request& request) {
  const auto now = static_cast<int64_t>(std::time(nullptr));
  HandlerContext ctx{config_, store_, now, comments_};
  try {
    return Route(request, now);
  } catch (const std::exception& e) {
    spdlog::error("unhandled error on {}: {}", request.path.substr(0, 200), e.what());
  } catch (...) {
    spdlog::error("unhandled non-standard error on {}", request.path.substr(0, 200));
  }
  if (request.path.starts_with("/api/")) {
    return ApiError(500, "internal", "the server could not complete the request");
  }
  return ErrorPage(ctx, 500);
}

Response App::Route(const Request& request, int64_t now) {
  HandlerContext ctx{config_, store_, now, comments_};
  if (request.path.size() > kMaxPathBytes) {
    return Response::Text(414, "The request path is longer than 4096 bytes.\n");
  }
  std::vector<std::string_view> segments = Segments(request.path);

  if (!segments.empty() && segments[0] == "api") {
    if (segments.size() >= 2 && segments[1] == "v1") {
      return HandleApi(ctx, request, {segments.begin() + 2, segments.end()});
    }
    return HandleApi(ctx, request, {});
  }

  bool read = request.method == Method::kGet || request.method == Method::kHead;
  if (request.path == "/healthz" && read) return Healthz();
  if (request.path == "/metrics" && read) return MetricsPage();
  if (segments.size() >= 2 && segments[0] == "static" && read) {
    if (const Asset* asset = FindAsset(request.path)) {
      Response r{200, asset->content_type, {}, std::string(asset->body)};
      r.AddHeader("Cache-Control", "public, max-age=31536000, immutable");
      // An SVG opened on its own is a document; it may not run anything.
      if (asset->content_type == "image/svg+xml") {
        r.AddHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
      }
      return r;
    }
    return NotFoundPage(ctx, "");
  }
  return HandleSite(ctx, request, segments);
}

Response App::Healthz() {
  auto version = store_.SchemaVersion();
  if (!version) {
    Response r = Response::Text(503, "database unavailable\n");
    r.AddHeader("Cache-Control", "no-store");
    return r;
  }
  Response r = Response::Text(200, "ok\n");
  r.AddHeader("Cache-Control", "no-store");
  return r;
}

Response App::MetricsPage() {
  std::string out;
  out += "# HELP herald_http_requests_total HTTP responses sent, by status class.\n";
  out += "# TYPE herald_http_requests_total counter\n";
  for (int cls = 1; cls <= 5; ++cls) {
    out += "herald_http_requests_total{code=\"" + std::to_string(cls) + "xx\"} " +
           std::to_string(metrics_.requests[cls].load(std::memory_order_relaxed)) + "\n";
  }
  out += "# HELP herald_http_request_duration_seconds_sum Time spent answering requests.\n";
  out += "# TYPE herald_http_request_duration_seconds_sum counter\n";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f",
                static_cast<double>(metrics_.request_micros.load(std::memory_order_relaxed)) / 1e6);
  out += std::string("herald_http_request_duration_seconds_sum ") + buf + "\n";
  out += "# HELP herald_scheduled_articles_published_total Articles published by the scheduler.\n";
  out += "# TYPE herald_scheduled_articles_published_total counter\n";
  out += "herald_scheduled_articles_published_total " +
         std::to_string(metrics_.articles_published_by_schedule.load()) + "\n";
  out += "# HELP herald_start_time_seconds Unix time the process started.\n";
  out += "# TYPE herald_start_time_seconds gauge\n";
  out += "herald_start_time_seconds " + std::to_string(metrics_.started_at) + "\n";
  Response r{200, "text/plain; version=0.0.4; charset=utf-8", {}, std::move(out)};
  r.AddHeader("Cache-Control", "no-store");
  return r;
}

int App::Tick(int64_t now) {
  if (auto ok = store_.Maintain(); !ok) spdlog::warn("store maintenance: {}", ok.error().message);
  return PublishDue(now);
}

int App::PublishDue(int64_t now) {
  auto ids = store_.PublishDue(now);
  if (!ids) {
    spdlog::warn("scheduled publishing failed: {}", ids.error().message);
    return 0;
  }
  for (NewsId id : *ids) spdlog::info("published scheduled article {}", id);
  metrics_.articles_published_by_schedule.fetch_add(ids->size());
  return static_cast<int>(ids->size());
}

}  // namespace herald
