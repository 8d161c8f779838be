#include "web/server.h"

#include <asio/thread_pool.hpp>
#include <restinio/all.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "common/text.h"

namespace herald {
namespace {

// Limits enforced while parsing, before a handler runs. Bodies get a looser
// limit here so that App can answer 413 with a JSON error for moderately
// oversized bodies; anything beyond this closes the connection.
constexpr size_t kMaxUrlBytes = size_t{8} * 1024;
constexpr size_t kMaxHeaderNameBytes = 256;
constexpr size_t kMaxHeaderValueBytes = size_t{8} * 1024;
constexpr size_t kMaxHeaderCount = 100;

// Bodies up to this much over the configured limit are read so that App can
// answer 413 with a JSON error; larger ones close the connection.
constexpr size_t kBodySlackBytes = size_t{64} * 1024;
// The largest body the server reads: image uploads may exceed the limit on
// every other request.
size_t MaxBodyBytes(const Config& config) {
  return std::max(config.server.max_body_bytes,
                  static_cast<size_t>(config.desk.max_image_kib) * 1024);
}

// Open connections at once; more wait in the kernel's accept queue.
constexpr std::size_t kMaxConnections = 2048;
// How long a stopping server lets requests in flight finish.
constexpr auto kDrainTime = std::chrono::seconds(10);

struct Traits : restinio::traits_t<restinio::asio_timer_manager_t, restinio::null_logger_t> {
  // NOLINTNEXTLINE(readability-identifier-naming): the name RESTinio looks for.
  static constexpr bool use_connection_count_limiter = true;
};

Method ToMethod(const restinio::http_method_id_t& m) {
  if (m == restinio::http_method_get()) return Method::kGet;
  if (m == restinio::http_method_head()) return Method::kHead;
  if (m == restinio::http_method_post()) return Method::kPost;
  if (m == restinio::http_method_put()) return Method::kPut;
  if (m == restinio::http_method_patch()) return Method::kPatch;
  if (m == restinio::http_method_delete()) return Method::kDelete;
  if (m == restinio::http_method_options()) return Method::kOptions;
  return Method::kOther;
}

bool HasControlBytes(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

// Builds a Request, or returns the status and message to refuse it with.
std::variant<Request, std::pair<int, std::string>> Translate(const restinio::request_handle_t& req,
                                                             const Config& config) {
  Request out;
  const auto& header = req->header();
  out.method = ToMethod(header.method());
  out.target = header.request_target();
  std::string_view raw_path = header.path();
  try {
    out.path = restinio::utils::unescape_percent_encoding<restinio::utils::relaxed_unescape_traits>(
        raw_path);
  } catch (const std::exception&) {
    return std::pair{400, std::string("The request path has a malformed percent-encoding.\n")};
  }
  if (out.path.empty() || out.path.front() != '/' || !IsValidUtf8(out.path) ||
      HasControlBytes(out.path)) {
    return std::pair{400, std::string("The request path is not valid UTF-8 text.\n")};
  }
  if (!header.query().empty()) {
    try {
      auto params = restinio::parse_query<restinio::parse_query_traits::relaxed>(header.query());
      for (const auto& [key, value] : params) {
        std::string k(key), v(value);
        if (!IsValidUtf8(k) || !IsValidUtf8(v) || HasControlBytes(k)) {
          return std::pair{400, std::string("The query string is not valid UTF-8 text.\n")};
        }
        out.query.emplace_back(std::move(k), std::move(v));
      }
    } catch (const std::exception&) {
      return std::pair{400, std::string("The query string is malformed.\n")};
    }
  }
  header.for_each_field([&out](const restinio::http_header_field_t& f) {
    out.headers.emplace_back(AsciiLower(f.name()), f.value());
  });
  // Image uploads may be larger than any other body; everything else keeps
  // server.max_body_kib.
  const size_t limit =
      out.path == "/api/v1/media" ? MaxBodyBytes(config) : config.server.max_body_bytes;
  if (req->body().size() > limit + kBodySlackBytes) {
    return std::pair{413, std::string("The request body is too large.\n")};
  }
  out.body = req->body();
  std::string peer = req->remote_endpoint().address().to_string();
  out.client_address =
      ClientAddress(peer, out.Header("x-forwarded-for"), config.server.trusted_proxies);
  return out;
}

// Sends `r`; `written` runs once the bytes are out (or the write failed).
restinio::request_handling_status_t Send(const restinio::request_handle_t& req, const Response& r,
                                         bool head, restinio::write_status_cb_t written) {
  std::string status_line = ReasonPhrase(r.status);
  auto resp = req->create_response<restinio::user_controlled_output_t>(restinio::http_status_line_t{
      restinio::http_status_code_t{static_cast<uint16_t>(r.status)}, status_line});
  if (!r.content_type.empty())
    resp.append_header(restinio::http_field::content_type, r.content_type);
  if (r.shared_headers) {
    for (const auto& [name, value] : *r.shared_headers) resp.append_header(name, value);
  }
  for (const auto& [name, value] : r.headers) resp.append_header(name, value);
  resp.append_header("X-Content-Type-Options", "nosniff");
  // A page may ask for less (a comment's private status page sends none).
  if (r.Header("Referrer-Policy").empty()) {
    resp.append_header("Referrer-Policy", "strict-origin-when-cross-origin");
  }
  if (r.content_type.starts_with("text/html")) {
    resp.append_header("X-Frame-Options", "DENY");
    resp.append_header("Content-Security-Policy",
                       "default-src 'self'; img-src 'self' https: data:; style-src 'self'; "
                       "script-src 'self'; object-src 'none'; base-uri 'self'; "
                       "form-action 'self'; frame-ancestors 'none'");
  }
  // HEAD answers and 304s carry the GET's headers, Content-Length included
  // (RFC 9110 allows it on a 304 only with the full body's length), and no
  // body.
  resp.set_content_length(r.Payload().size());
  if (!head && r.status != 304) {
    if (r.shared_body) {
      resp.set_body(r.shared_body);
    } else {
      resp.set_body(r.body);
    }
  }
  return resp.done(std::move(written));
}

}  // namespace

std::string ClientAddress(std::string_view peer, std::string_view forwarded_for,
                          const std::vector<std::string>& trusted_proxies) {
  auto trusted = [&](std::string_view a) {
    return std::find(trusted_proxies.begin(), trusted_proxies.end(), a) != trusted_proxies.end();
  };
  if (!trusted(peer) || Trim(forwarded_for).empty()) return std::string(peer);
  std::vector<std::string_view> hops = Split(forwarded_for, ',');
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    std::string_view hop = Trim(*it);
    if (hop.empty() || hop.size() > 64) break;
    if (!trusted(hop)) return std::string(hop);
  }
  return std::string(peer);
}

Result<void> Serve(App& app, const ServeOptions& options) {
  const Config& config = app.config();
  int threads = options.threads > 0
                    ? options.threads
                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));

  asio::io_context ioctx;
  // Requests between arrival and the end of their response's write; a
  // stopping server waits for this to reach zero.
  std::atomic<int> in_flight{0};
  auto handler = [&app, &config, &in_flight](const restinio::request_handle_t& req) {
    in_flight.fetch_add(1);
    auto started = std::chrono::steady_clock::now();
    bool head = req->header().method() == restinio::http_method_head();
    auto answer = [&](const Response& response) {
      auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
      app.metrics().Record(response.status, static_cast<uint64_t>(micros));
      return Send(req, response, head,
                  [&in_flight](const asio::error_code&) { in_flight.fetch_sub(1); });
    };
    // A page the cache holds is answered before the request is parsed
    // further: only its target and three headers matter.
    if (head || req->header().method() == restinio::http_method_get()) {
      const auto& h = req->header();
      auto field = [&h](restinio::http_field_t f) {
        const std::string* v = h.try_get_field(f);
        return v != nullptr ? std::string_view(*v) : std::string_view();
      };
      if (auto hit = app.AnswerFromCache(
              std::string(h.request_target()),
              ConditionalHeaders{field(restinio::http_field::accept_encoding),
                                 field(restinio::http_field::if_none_match),
                                 field(restinio::http_field::if_modified_since)})) {
        return answer(*hit);
      }
    }
    auto translated = Translate(req, config);
    if (auto* refused = std::get_if<std::pair<int, std::string>>(&translated)) {
      return answer(Response::Text(refused->first, refused->second));
    }
    Request& request = std::get<Request>(translated);
    if (request.method == Method::kHead) request.method = Method::kGet;
    return answer(app.Handle(request));
  };

  int bound_port = options.port;
  using Server = restinio::http_server_t<Traits>;
  Server server{
      restinio::external_io_context(ioctx),
      restinio::server_settings_t<Traits>{}
          .address(options.address)
          .port(static_cast<uint16_t>(options.port))
          .request_handler(handler)
          .read_next_http_message_timelimit(std::chrono::seconds(30))
          .handle_request_timeout(std::chrono::seconds(30))
          .write_http_response_timelimit(std::chrono::seconds(30))
          .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}
                                        .max_url_size(kMaxUrlBytes)
                                        .max_field_name_size(kMaxHeaderNameBytes)
                                        .max_field_value_size(kMaxHeaderValueBytes)
                                        .max_field_count(kMaxHeaderCount)
                                        .max_body_size(MaxBodyBytes(config) + kBodySlackBytes))
          .max_parallel_connections(kMaxConnections)
          .acceptor_post_bind_hook([&bound_port](asio::ip::tcp::acceptor& acceptor) {
            bound_port = acceptor.local_endpoint().port();
          })};

  try {
    server.open_sync();
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kUnavailable, "cannot listen on " + options.address + ":" +
                                             std::to_string(options.port) + ": " + e.what());
  }

  // The scheduler, the signal handler and the drain check share one strand,
  // so the timers they touch are never used from two threads at once.
  auto strand = asio::make_strand(ioctx);
  // Scheduled articles go live within a second of their time, no restart needed.
  asio::steady_timer scheduler(strand);
  // The tick's work (a WAL checkpoint syncs the disk) runs on a thread of its
  // own, so it never takes a request thread away; one tick at a time.
  asio::thread_pool housekeeping(1);
  std::atomic<bool> ticking{false};
  std::function<void()> tick = [&] {
    scheduler.expires_after(std::chrono::seconds(1));
    scheduler.async_wait([&](const asio::error_code& ec) {
      if (ec) return;
      if (!ticking.exchange(true)) {
        asio::post(housekeeping, [&] {
          app.Tick(static_cast<int64_t>(std::time(nullptr)));
          ticking = false;
        });
      }
      tick();
    });
  };
  tick();

  // Stopping: close the listening socket, let requests in flight finish
  // (so nothing acknowledged goes unanswered), then stop the threads.
  asio::steady_timer drain(strand);
  auto deadline = std::chrono::steady_clock::now();
  std::function<void()> wait_for_drain = [&] {
    if (in_flight.load() == 0 || std::chrono::steady_clock::now() >= deadline) {
      if (in_flight.load() != 0)
        spdlog::warn("stopping with {} requests unfinished", in_flight.load());
      ioctx.stop();
      return;
    }
    drain.expires_after(std::chrono::milliseconds(20));
    drain.async_wait([&](const asio::error_code&) { wait_for_drain(); });
  };
  asio::signal_set signals(strand, SIGINT, SIGTERM);
  signals.async_wait([&](const asio::error_code& ec, int signal) {
    if (ec) return;
    spdlog::info("signal {} received; finishing requests and stopping", signal);
    scheduler.cancel();
    deadline = std::chrono::steady_clock::now() + kDrainTime;
    auto after_close = [&] { asio::post(strand, [&] { wait_for_drain(); }); };
    server.close_async(after_close, [after_close](const std::exception_ptr&) { after_close(); });
  });

  // Announced only now that SIGTERM stops the server cleanly: a supervisor
  // that stops it the moment it is up gets a clean exit.
  spdlog::info("listening on http://{}:{}/ with {} threads", options.address, bound_port, threads);
  if (options.on_listening) options.on_listening(bound_port);

  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([&ioctx] { ioctx.run(); });
  ioctx.run();
  for (std::thread& t : pool) t.join();
  housekeeping.join();
  spdlog::info("stopped");
  return {};
}

}  // namespace herald
