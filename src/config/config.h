// Config: everything an operator can set, with a default for every key.
//
// Read from one TOML file (see docs/OPERATIONS.md for every key). Loading
// validates the whole file: an unknown key or a bad value is an error that
// names the key, so a typo never silently falls back to a default.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/result.h"
#include "core/edition.h"
#include "moderation/policy.h"

namespace herald {

struct ServerConfig {
  std::string address = "127.0.0.1";
  int port = 8080;
  int threads = 0;  // 0: one per CPU core.
  // Peers whose X-Forwarded-For is believed (reverse proxies).
  std::vector<std::string> trusted_proxies = {"127.0.0.1", "::1"};
  size_t max_body_bytes = size_t{1024} * 1024;
  // Limits on what a client may send and how slowly (docs/OPERATIONS.md,
  // "Limits"). Requests over a size limit get 414 or 431 while they are at
  // most twice it; beyond that the connection is closed unanswered.
  size_t max_url_bytes = size_t{8} * 1024;     // The request target, query included.
  size_t max_header_bytes = size_t{8} * 1024;  // One header field's name or value.
  int max_header_count = 100;
  int max_connections = 2048;  // Served at once; more wait in the kernel's queue.
  // From the moment a connection is ready for a request (accepted, or its
  // previous answer sent) until the whole request, body included, has
  // arrived: bounds slow senders and idle keep-alive connections alike.
  int read_timeout_seconds = 15;
  int handler_timeout_seconds = 30;  // From a whole request to its answer starting.
  int write_timeout_seconds = 30;    // Each write of an answer to the socket.
};

struct SiteConfig {
  std::string name = "Herald News Agency";
  std::string base_url = "http://localhost:8080";  // For absolute links; no trailing '/'.
  std::string default_edition = "en";
  int page_size = 20;
  // The publisher logo in structured data (JSON-LD, OpenGraph): an http(s)
  // URL or a site-relative path. Empty: the built-in logo.
  std::string logo_url;
  int logo_width = 0;  // Pixels; 0 when unknown (then left out).
  int logo_height = 0;
  // Where to report a vulnerability in this site (RFC 9116's Contact, a
  // mailto: or https: URL). Empty: no /.well-known/security.txt.
  std::string security_contact;
  std::string security_policy;  // Optional https: URL of the disclosure policy.
};

// The in-process page cache and HTTP caching of public pages.
struct CacheConfig {
  bool pages = true;         // Keep rendered pages in memory (false: render every request).
  int64_t max_mb = 64;       // Memory for kept pages and their compressed forms.
  int64_t ttl_seconds = 60;  // A kept page is rendered again after this, changed or not.
};

// News feeds (RSS, Atom, JSON Feed) of editions and sections.
struct FeedsConfig {
  int items = 50;            // The latest articles in each feed, 1..500.
  bool full_content = true;  // Each article's whole body; false: only its lead.
};

// The desk: sessions, login throttling and uploads (docs/OPERATIONS.md).
struct DeskConfig {
  // OWASP ASVS level 2's limits: a desk left alone signs out, and everyone
  // signs in again every working day.
  int64_t session_idle_minutes = 30;   // A session unused this long ends.
  int64_t session_max_hours = 12;      // A session ends this long after login, used or not.
  int64_t login_max_failures = 5;      // Failed logins per account (or address) before lockout.
  int64_t login_lockout_minutes = 15;  // How long a lockout lasts, and the failure window.
  int64_t max_image_kib = 5120;        // Largest image upload.
  // Cookies with the Secure attribute: "auto" sets it when site.base_url is
  // https, "always" or "never" override (never only for plain-http testing).
  std::string secure_cookies = "auto";
};

struct Config {
  ServerConfig server;
  DeskConfig desk;
  SiteConfig site;
  FeedsConfig feeds;
  CacheConfig cache;
  std::string data_dir = "var";
  std::string database;  // Empty: SQLite file "herald.db" in data_dir.
  std::string log_level = "info";
  std::string models_dir;         // Empty: "<data_dir>/models".
  std::vector<Edition> editions;  // Never empty after loading.
  // Comment screening per edition code (`[editions.moderation]`); every
  // edition has one after loading, its languages taken from the edition's
  // comment_languages.
  std::map<std::string, moderation::Policy> moderation;

  // Returns the database URL in effect.
  std::string DatabaseUrl() const;
  // Returns true when desk cookies must carry Secure (see DeskConfig).
  bool SecureCookies() const;
  // The directory uploaded images are kept in: "<data_dir>/media".
  std::string MediaDir() const;
  // Returns the default edition (always present after validation).
  const Edition& DefaultEdition() const;
  // Returns the models directory in effect.
  std::string ModelsDir() const;
  // Returns the screening policy of edition `code` (the defaults for an
  // unknown code).
  const moderation::Policy& PolicyFor(const std::string& code) const;
};

// Returns the built-in configuration: English and Persian editions, port
// 8080 on loopback, data under ./var.
Config DefaultConfig();

// Reads and validates the TOML file at `path`. Errors name the file, the
// line where known, and the offending key.
Result<Config> LoadConfig(const std::string& path);

// Parses and validates TOML text (`origin` names it in messages).
Result<Config> ParseConfig(const std::string& toml_text, const std::string& origin);

// Checks cross-field rules (default edition exists, unique edition codes,
// known time zones, ports in range). Used after command-line overrides.
Result<void> ValidateConfig(const Config& config);

// Returns a commented TOML file equivalent to DefaultConfig(), for
// `herald init`.
std::string DefaultConfigToml();

}  // namespace herald
