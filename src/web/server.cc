#include "web/server.h"

#include <asio/thread_pool.hpp>
#include <restinio/all.hpp>
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <optional>
#include <thread>

#include "common/text.h"
#include "web/request_reader.h"

namespace herald {
namespace {

// The parser reads URLs and header fields up to this many times the
// configured limits (server.max_url_bytes and so on), so that a request a
// little over one gets a 414 or 431 it can act on; beyond this the parser
// stops and RESTinio closes the connection without an answer. The parser
// also caps a request's head at 80 KiB in all (HTTP_MAX_HEADER_SIZE).
constexpr size_t kHeadSlackFactor = 2;

// Returns 414 or 431 when the request's head is over a configured limit.
std::optional<Response> RefuseOversizedHead(const restinio::http_request_header_t& header,
                                            const ServerConfig& limits) {
  if (header.request_target().size() > limits.max_url_bytes) {
    return Response::Text(414, "The request URL is longer than " +
                                   std::to_string(limits.max_url_bytes) + " bytes.\n");
  }
  if (header.fields_count() > static_cast<size_t>(limits.max_header_count)) {
    return Response::Text(431, "The request has more than " +
                                   std::to_string(limits.max_header_count) + " header fields.\n");
  }
  bool too_large = false;
  header.for_each_field([&](const restinio::http_header_field_t& f) {
    too_large = too_large || f.name().size() > limits.max_header_bytes ||
                f.value().size() > limits.max_header_bytes;
  });
  if (too_large) {
    return Response::Text(431, "A request header field is longer than " +
                                   std::to_string(limits.max_header_bytes) + " bytes.\n");
  }
  return std::nullopt;
}

// File descriptors kept for everything but client connections: the
// listening socket, the databases and their journals, models, the event
// loop, uploads being written.
constexpr rlim_t kReservedFiles = 128;

// Raises the soft open-file limit towards what `connections` need, up to
// the hard limit, and returns how many connections fit under it. Every
// connection holds a descriptor, and an acceptor that runs out of them
// (EMFILE) stops accepting for good in RESTinio 0.6, so the server must
// never be allowed to reach the limit.
int ConnectionsWithinFileLimit(int connections) {
  rlimit files{};
  if (::getrlimit(RLIMIT_NOFILE, &files) != 0) return connections;
  const rlim_t wanted = static_cast<rlim_t>(connections) + kReservedFiles;
  if (files.rlim_cur != RLIM_INFINITY && files.rlim_cur < wanted) {
    rlimit raised = files;
    raised.rlim_cur = files.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, files.rlim_max);
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) files = raised;
  }
  if (files.rlim_cur == RLIM_INFINITY || files.rlim_cur >= wanted) return connections;
  const rlim_t fit =
      files.rlim_cur > 2 * kReservedFiles ? files.rlim_cur - kReservedFiles : files.rlim_cur / 2;
  return static_cast<int>(std::max<rlim_t>(fit, 1));
}

// Bodies up to this much over the configured limit are read so that App can
// answer 413 with a JSON error; larger ones close the connection.
constexpr size_t kBodySlackBytes = size_t{64} * 1024;
// The largest body the server reads: image uploads may exceed the limit on
// every other request.
size_t MaxBodyBytes(const Config& config) {
  return std::max(config.server.max_body_bytes,
                  static_cast<size_t>(config.desk.max_image_kib) * 1024);
}

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

// Builds a Request (request_reader.h), or returns the status and message to
// refuse it with.
std::variant<Request, std::pair<int, std::string>> Translate(const restinio::request_handle_t& req,
                                                             const Config& config) {
  const auto& header = req->header();
  RawRequest raw;
  raw.method = ToMethod(header.method());
  raw.target = header.request_target();
  header.for_each_field([&raw](const restinio::http_header_field_t& f) {
    raw.headers.emplace_back(f.name(), f.value());
  });
  raw.body = req->body();
  raw.peer = req->remote_endpoint().address().to_string();
  RequestLimits limits{config.server.max_body_bytes + kBodySlackBytes,
                       MaxBodyBytes(config) + kBodySlackBytes};
  auto read = ReadRequest(std::move(raw), limits, config.server.trusted_proxies);
  if (auto* refused = std::get_if<Refusal>(&read)) {
    return std::pair{refused->status, std::move(refused->message)};
  }
  return std::move(std::get<Request>(read));
}

// Sends `r`; `written` runs once the bytes are out (or the write failed).
// `https` says the site is served over TLS (site.base_url), so browsers
// may be told never to use plain http for it.
restinio::request_handling_status_t Send(const restinio::request_handle_t& req, const Response& r,
                                         bool head, bool https,
                                         restinio::write_status_cb_t written) {
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
  if (https) resp.append_header("Strict-Transport-Security", "max-age=31536000");
  if (r.content_type.starts_with("text/html")) {
    resp.append_header("X-Frame-Options", "DENY");
    resp.append_header("Content-Security-Policy",
                       "default-src 'self'; img-src 'self' https: data:; style-src 'self'; "
                       "script-src 'self'; object-src 'none'; base-uri 'self'; "
                       "form-action 'self'; frame-ancestors 'none'");
    resp.append_header("Permissions-Policy",
                       "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
                       "browsing-topics=()");
    resp.append_header("Cross-Origin-Opener-Policy", "same-origin");
  } else if (r.Header("Content-Security-Policy").empty()) {
    // Anything else opened on its own (JSON, a feed, a stylesheet) is data:
    // should a browser ever render it as a document, it may load nothing.
    resp.append_header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
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
      return Send(req, response, head, config.site.base_url.starts_with("https://"),
                  [&in_flight](const asio::error_code&) { in_flight.fetch_sub(1); });
    };
    if (auto refused = RefuseOversizedHead(req->header(), config.server)) return answer(*refused);
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

  const ServerConfig& limits = config.server;
  const int connections = ConnectionsWithinFileLimit(limits.max_connections);
  if (connections < limits.max_connections) {
    spdlog::warn(
        "serving at most {} connections, not server.max_connections = {}: the open-file limit "
        "is too low (raise LimitNOFILE or ulimit -n)",
        connections, limits.max_connections);
  }
  int bound_port = options.port;
  using Server = restinio::http_server_t<Traits>;
  Server server{
      restinio::external_io_context(ioctx),
      restinio::server_settings_t<Traits>{}
          .address(options.address)
          .port(static_cast<uint16_t>(options.port))
          .request_handler(handler)
          // RESTinio starts this clock when a connection is accepted or has
          // sent its last answer, and closes the connection unless a whole
          // request (head and body) has arrived by then: slowloris and idle
          // keep-alive connections alike. Its timers tick once a second.
          .read_next_http_message_timelimit(std::chrono::seconds(limits.read_timeout_seconds))
          .handle_request_timeout(std::chrono::seconds(limits.handler_timeout_seconds))
          .write_http_response_timelimit(std::chrono::seconds(limits.write_timeout_seconds))
          .incoming_http_msg_limits(
              restinio::incoming_http_msg_limits_t{}
                  .max_url_size(limits.max_url_bytes * kHeadSlackFactor)
                  .max_field_name_size(limits.max_header_bytes * kHeadSlackFactor)
                  .max_field_value_size(limits.max_header_bytes * kHeadSlackFactor)
                  .max_field_count(static_cast<size_t>(limits.max_header_count) * kHeadSlackFactor)
                  .max_body_size(MaxBodyBytes(config) + kBodySlackBytes))
          .max_parallel_connections(static_cast<size_t>(connections))
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
