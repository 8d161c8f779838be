// Server: runs App behind RESTinio on a pool of threads until SIGINT or
// SIGTERM, then finishes in-flight requests and returns.
#pragma once

#include <functional>
#include <string>

#include "common/result.h"
#include "web/app.h"

namespace herald {

struct ServeOptions {
  std::string address;
  int port = 0;     // 0: the kernel picks a free port.
  int threads = 0;  // 0: one per core.
  // Called once the socket is bound, with the actual port; the integration
  // tests read the "listening" line this prints.
  std::function<void(int port)> on_listening;
};

// Blocks serving `app`. Returns an error if the address cannot be bound.
Result<void> Serve(App& app, const ServeOptions& options);

// Returns the address to treat as the client's: `peer`, or, when `peer` is
// a trusted proxy, the last address in `forwarded_for` that is not itself a
// trusted proxy.
std::string ClientAddress(std::string_view peer, std::string_view forwarded_for,
                          const std::vector<std::string>& trusted_proxies);

}  // namespace herald
