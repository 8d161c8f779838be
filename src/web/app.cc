#include "web/app.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <ctime>
#include <exception>

#include "auth/keyed_hash.h"
#include "common/text.h"
#include "render/assets.h"
#include "web/handlers.h"

namespace herald {
namespace {

constexpr size_t kMaxPathBytes = 4096;

// Change log entries read per store call while catching up.
constexpr int kChangeBatch = 1000;

// The page cache's key: the request-target as the client sent it. Two
// spellings of one URL are two entries, both dropped by the same tags.
std::string CacheKey(const Request& request) {
  if (!request.target.empty()) return request.target;
  std::string key = request.path;
  for (size_t i = 0; i < request.query.size(); ++i) {
    key += (i == 0 ? '?' : '&') + request.query[i].first + '=' + request.query[i].second;
  }
  return key;
}

ConditionalHeaders Conditions(const Request& request) {
  return ConditionalHeaders{request.Header("accept-encoding"), request.Header("if-none-match"),
                            request.Header("if-modified-since")};
}

// Only what the handler marked public and tagged may be shared.
bool IsShareable(const Response& r) {
  return r.status == 200 && !r.cache_tags.empty() &&
         r.Header("cache-control").find("public") != std::string_view::npos;
}

PageCacheOptions CacheOptions(const CacheConfig& c) {
  PageCacheOptions o;
  o.store_pages = c.pages;
  o.max_bytes = static_cast<size_t>(c.max_mb) * 1024 * 1024;
  o.ttl_seconds = c.ttl_seconds;
  return o;
}

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
    : config_(std::move(config)),
      store_(store),
      comments_(comments),
      cache_(CacheOptions(config_.cache), static_cast<int64_t>(std::time(nullptr))) {
  metrics_.started_at = std::time(nullptr);
  keys_ = LoadDeskKeys(store_);
  // Changes logged before this process started are already in what it reads.
  if (auto latest = store_.LatestChange()) change_seq_ = *latest;
}

// The desk's keys are shared by every node through the store; if it cannot
// be read now, keys of this process alone keep the desk working on one node.
DeskKeys App::LoadDeskKeys(Store& store) {
  DeskKeys keys;
  auto load = [&store](const char* name) {
    auto secret = store.GetOrCreateSecret(name, RandomBytes(32));
    if (secret && secret->size() >= 16) return *secret;
    spdlog::error("desk: could not read the secret '{}'; using one of this process", name);
    return RandomBytes(32);
  };
  keys.address_key = load("desk-address-key");
  keys.login_key = load("desk-login-key");
  return keys;
}

Response App::Handle(const Request& request) {
  const auto now = static_cast<int64_t>(std::time(nullptr));
  const bool read = request.method == Method::kGet || request.method == Method::kHead;
  std::string key;
  if (read) {
    key = CacheKey(request);
    if (auto page = cache_.Find(key, now)) return FromPage(*page, Conditions(request));
  }
  const uint64_t epoch = cache_.Epoch();
  Response response;
  try {
    response = Route(request, now);
  } catch (const std::exception& e) {
    spdlog::error("unhandled error on {}: {}", request.path.substr(0, 200), e.what());
    response.status = 0;
  } catch (...) {
    spdlog::error("unhandled non-standard error on {}", request.path.substr(0, 200));
    response.status = 0;
  }
  if (response.status == 0) {
    HandlerContext ctx{config_, store_, now, comments_, &keys_};
    response = request.path.starts_with("/api/")
                   ? ApiError(500, "internal", "the server could not complete the request")
                   : ErrorPage(ctx, 500);
  }
  if (!read) SyncChanges(now);
  if (read && IsShareable(response)) {
    if (config_.cache.pages) {
      auto page = cache_.Store(key, std::move(response), epoch, now);
      return FromPage(*page, Conditions(request));
    }
    int64_t last_modified = cache_.LastModified(response.cache_tags);
    return Finish(request, std::move(response), last_modified);
  }
  return Finish(request, std::move(response), 0);
}

Response App::FromPage(const CachedPage& page, const ConditionalHeaders& conditions) {
  Response r;
  r.status = page.status();
  r.content_type = page.content_type();
  r.shared_headers = page.headers();
  ContentEncoding used = ContentEncoding::kIdentity;
  r.shared_body = page.Body(ChooseEncoding(conditions.accept_encoding), used);
  if (used != ContentEncoding::kIdentity) {
    r.AddHeader("Content-Encoding", std::string(EncodingName(used)));
  }
  // A 304 keeps the body it stands for: the adapter sends its length (as a
  // 200 would) and not the bytes.
  if (IsNotModified(conditions.if_none_match, conditions.if_modified_since, page.etag(),
                    page.last_modified())) {
    r.status = 304;
  }
  return r;
}

std::optional<Response> App::AnswerFromCache(const std::string& target,
                                             const ConditionalHeaders& conditions) {
  const auto now = static_cast<int64_t>(std::time(nullptr));
  if (auto page = cache_.Find(target, now)) return FromPage(*page, conditions);
  return std::nullopt;
}

Response App::Finish(const Request& request, Response response, int64_t last_modified) {
  const bool read = request.method == Method::kGet || request.method == Method::kHead;
  const bool compressible =
      IsCompressible(response.content_type) && response.body.size() >= kMinCompressBytes;
  if (compressible) response.AddHeader("Vary", "Accept-Encoding");
  if (read && response.status == 200) {
    std::string etag = EntityTag(response.body);
    if (last_modified > 0) response.AddHeader("Last-Modified", HttpDate(last_modified));
    bool not_modified = IsNotModified(request.Header("if-none-match"),
                                      request.Header("if-modified-since"), etag, last_modified);
    response.AddHeader("ETag", std::move(etag));
    if (not_modified) response.status = 304;
  }
  if (compressible) {
    ContentEncoding encoding = ChooseEncoding(request.Header("accept-encoding"));
    if (encoding != ContentEncoding::kIdentity) {
      if (auto packed = Compress(response.body, encoding, CompressionEffort::kPerRequest)) {
        response.body = std::move(*packed);
        response.AddHeader("Content-Encoding", std::string(EncodingName(encoding)));
      }
    }
  }
  return response;
}

void App::SyncChanges(int64_t now) {
  std::lock_guard lock(sync_mutex_);
  while (true) {
    auto log = store_.ChangesSince(change_seq_, kChangeBatch);
    if (!log) {
      spdlog::warn("reading the change log: {}", log.error().message);
      return;
    }
    if (log->gap) {
      spdlog::info("change log has a gap after {}; dropping every cached page", change_seq_);
      cache_.Clear(now);
    }
    std::vector<std::string> tags;
    for (const SiteChange& change : log->changes) {
      if (change.article_id == 0) {
        tags.push_back(EditionCacheTag(change.edition));
        tags.emplace_back(kSiteCacheTag);
        continue;
      }
      tags.push_back(ArticleCacheTag(change.article_id));
      // A comment changes only the pages that show the article or its count.
      if (change.comments_only) continue;
      tags.push_back(StoryCacheTag(change.story_id));
      tags.push_back(EditionCacheTag(change.edition));
      tags.emplace_back(kSiteCacheTag);
    }
    std::sort(tags.begin(), tags.end());
    tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
    if (!tags.empty()) cache_.Invalidate(tags, now);
    change_seq_ = log->last_seq;
    if (log->changes.size() < static_cast<size_t>(kChangeBatch)) return;
  }
}

Response App::Route(const Request& request, int64_t now) {
  HandlerContext ctx{config_, store_, now, comments_, &keys_};
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
  if (!segments.empty() && segments[0] == "desk") return HandleDesk(ctx, request, segments);
  if (segments.size() == 2 && segments[0] == "media" && read) {
    return HandleMediaFile(ctx, segments[1]);
  }
  if (request.path == "/healthz" && read) return Healthz();
  if (request.path == "/metrics" && read) return MetricsPage();
  if (segments.size() >= 2 && segments[0] == "static" && read) {
    if (const Asset* asset = FindAsset(request.path)) {
      Response r{200, asset->content_type, {}, std::string(asset->body)};
      r.AddHeader("Cache-Control", "public, max-age=31536000, immutable");
      // Never invalidated: an asset's URL names its content.
      r.cache_tags = {"static"};
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
  PageCacheStats cache = cache_.Stats();
  auto counter = [&out](const char* name, const char* help, uint64_t value) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " counter\n" + name +
           " " + std::to_string(value) + "\n";
  };
  counter("herald_page_cache_hits_total", "Requests answered from the page cache.", cache.hits);
  counter("herald_page_cache_misses_total",
          "Public pages rendered because the page cache did not hold them.", cache.misses);
  counter("herald_page_cache_stores_total", "Pages put in the page cache.", cache.stores);
  counter("herald_page_cache_invalidated_total", "Pages dropped because what they show changed.",
          cache.invalidated);
  counter("herald_page_cache_evicted_total", "Pages dropped for space.", cache.evicted);
  out += "# HELP herald_page_cache_bytes Memory held by cached pages and their compressed forms.\n";
  out += "# TYPE herald_page_cache_bytes gauge\n";
  out += "herald_page_cache_bytes " + std::to_string(cache.bytes) + "\n";
  out += "# HELP herald_page_cache_pages Pages in the page cache.\n";
  out += "# TYPE herald_page_cache_pages gauge\n";
  out += "herald_page_cache_pages " + std::to_string(cache.pages) + "\n";
  out += "# HELP herald_start_time_seconds Unix time the process started.\n";
  out += "# TYPE herald_start_time_seconds gauge\n";
  out += "herald_start_time_seconds " + std::to_string(metrics_.started_at) + "\n";
  Response r{200, "text/plain; version=0.0.4; charset=utf-8", {}, std::move(out)};
  r.AddHeader("Cache-Control", "no-store");
  return r;
}

int App::Tick(int64_t now) {
  if (auto ok = store_.Maintain(); !ok) spdlog::warn("store maintenance: {}", ok.error().message);
  int published = PublishDue(now);
  SyncChanges(now);
  return published;
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
