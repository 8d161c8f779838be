#include "config/config.h"

#include <toml++/toml.h>

#include <fstream>
#include <set>
#include <sstream>

#include "common/text.h"
#include "core/dateline.h"

namespace herald {
namespace {

// The defaults, as an operator would write them. DefaultConfig() parses
// this text, so the file `herald init` writes and the built-in behaviour can
// never drift apart.
constexpr const char* kDefaultToml =
    R"toml(# Herald configuration. Every key is optional; the values below are the defaults.
# Unknown keys and bad values stop Herald with a message naming the key.

# Where Herald keeps its database and files, relative to the working directory.
data_dir = "var"
# Database URL: an SQLite file path. Empty means "<data_dir>/herald.db".
database = ""
# Where screening finds its models (lid.176.ftz, abuse.ftz). Empty means
# "<data_dir>/models", falling back to the models/ folder Herald was built from.
models_dir = ""

[server]
address = "127.0.0.1"   # Use "0.0.0.0" to listen on every interface.
port = 8080
threads = 0             # Worker threads; 0 means one per CPU core.
trusted_proxies = ["127.0.0.1", "::1"]  # X-Forwarded-For is believed only from these.
max_body_kib = 1024     # Largest request body accepted.
# Limits on clients (docs/OPERATIONS.md, "Limits"). A request over a size limit
# gets 414 or 431; at twice the limit the connection is closed unanswered.
max_url_bytes = 8192    # The request target, query string included (256-32768).
max_header_bytes = 8192 # One header field's name or value (256-32768).
max_header_count = 100  # Header fields in one request (8-1000).
max_connections = 2048  # Connections served at once; more wait to be accepted.
# A whole request, head and body, must arrive within this many seconds of the
# connection being ready for it (accepted, or its last answer sent); slow
# senders and idle keep-alive connections are closed after it.
read_timeout_seconds = 15
handler_timeout_seconds = 30  # From a whole request to its answer starting.
write_timeout_seconds = 30    # Each write of an answer to the client.

[site]
name = "Herald News Agency"
base_url = "http://localhost:8080"   # Used for absolute links; no trailing slash.
default_edition = "en"
page_size = 20          # Articles per list page.
# The publisher logo search engines and social sites show (schema.org, OpenGraph):
# an http(s) URL or a path on this site, best a PNG at least 112 pixels square.
# Empty means the built-in logo (a 512x512 PNG).
logo_url = ""
logo_width = 0          # logo_url's size in pixels; 0 when unknown.
logo_height = 0
# Where to report a vulnerability in this site, served as
# /.well-known/security.txt (RFC 9116): a mailto: or https: URL. Empty: none.
security_contact = ""
security_policy = ""    # Optional https: URL of your disclosure policy.

[feeds]
items = 50              # The latest articles in each RSS, Atom and JSON feed (1-500).
full_content = true     # Each article's whole text; false gives only its lead.

[cache]
pages = true            # Keep rendered public pages in memory; changes drop them at once.
max_mb = 64             # Memory for kept pages and their gzip and brotli forms.
ttl_seconds = 60        # A kept page is rendered again after this, changed or not.

[desk]
session_idle_minutes = 30    # A desk session unused this long ends (sign in again).
session_max_hours = 12       # A session ends this long after sign-in, used or not.
login_max_failures = 5       # Failed sign-ins per account or address before a lockout.
login_lockout_minutes = 15   # How long a lockout lasts; also the window failures are counted in.
max_image_kib = 5120         # The largest image the desk may upload.
secure_cookies = "auto"      # auto: Secure cookies when site.base_url is https; always; never.

[log]
level = "info"          # trace, debug, info, warn, error

[[editions]]
code = "en"
name = "English"
language = "en"
locale = "en"
direction = "ltr"
time_zone = "Asia/Tehran"
date_format = "d MMMM yyyy - HH:mm"
comment_languages = ["en"]
house_rules = """
Please type in your comments in English.
The comments that contain insults or libel to individuals, ethnicities, or contradictions with the laws of the country and religious teachings will not be disclosed"""

# How the edition screens comments (see docs/OPERATIONS.md, "Comment screening").
[editions.moderation]
mode = "post"              # post: publish what screening passes; pre: hold every comment; closed
phases = ["normalise", "spam", "language", "word_list", "abuse", "libel", "house_rules"]
trusted_after = 0          # Hold a new commenter's comments until this many were approved.
max_length = 5000          # Characters per comment.
min_form_seconds = 3       # A form sent sooner than this is held as likely spam.
max_links = 2              # More links than this hold the comment.
per_address_per_minute = 5
per_identity_per_minute = 3
duplicate_window_seconds = 86400
language_min_confidence = 0.5
language_min_words = 3     # Shorter comments cannot be identified and are held.
builtin_word_lists = true
banned_words = []          # Refused; added to the built-in list of each comment language.
suspect_words = []         # Held for a moderator.
accusation_words = []      # Held when attached to a named person (libel risk).
abuse_nudge = 0.5          # From this abuse score the form asks the writer to reconsider,
abuse_hold = 0.8           # from this one the comment is held,
abuse_reject = 0.995       # and from this one refused.
# The agency's own rules, as ICU regular expressions (case-insensitive):
# [[editions.moderation.house_rules]]
# name = "no phone numbers"
# pattern = "\\+?[0-9][0-9 ()-]{7,}[0-9]"
# action = "hold"          # or "reject"
# message = "Please do not post phone numbers."

[[editions]]
code = "fa"
name = "فارسی"
language = "fa"
locale = "fa_IR@calendar=persian"
direction = "rtl"
time_zone = "Asia/Tehran"
date_format = "d MMMM yyyy - HH:mm"
comment_languages = ["fa"]
house_rules = """
لطفاً نظر خود را به زبان فارسی بنویسید.
نظراتی که حاوی توهین یا افترا به اشخاص و قومیت‌ها یا مغایر با قوانین کشور و آموزه‌های دینی باشد منتشر نخواهد شد."""

[editions.moderation]
mode = "post"
# The abuse model is trained on English; Persian comments are screened by the
# word lists, libel and house rules, and moderators.
phases = ["normalise", "spam", "language", "word_list", "libel", "house_rules"]
)toml";

std::string Where(const toml::node& node, const std::string& origin) {
  const auto& src = node.source();
  if (src.begin.line == 0) return origin;
  return origin + ":" + std::to_string(src.begin.line);
}

// Reads typed values out of a TOML table, remembering the first error.
class Reader {
 public:
  Reader(const toml::table& table, std::string prefix, const std::string& origin)
      : table_(table), prefix_(std::move(prefix)), origin_(origin) {}

  // Fails on any key not in `known`.
  Result<void> OnlyKeys(std::initializer_list<std::string_view> known) const {
    for (const auto& [key, value] : table_) {
      bool ok = false;
      for (std::string_view k : known) ok = ok || key.str() == k;
      if (!ok) {
        return Fail(ErrorCode::kInvalidArgument,
                    Where(value, origin_) + ": unknown key '" + Name(key.str()) + "'");
      }
    }
    return {};
  }

  Result<void> String(std::string_view key, std::string& out) const {
    const toml::node* n = table_.get(key);
    if (n == nullptr) return {};
    auto v = n->value<std::string>();
    if (!n->is_string() || !v) return Bad(*n, key, "must be a string");
    if (!IsValidUtf8(*v)) return Bad(*n, key, "must be valid UTF-8");
    out = *v;
    return {};
  }

  Result<void> Int(std::string_view key, int64_t lo, int64_t hi, int64_t& out) const {
    const toml::node* n = table_.get(key);
    if (n == nullptr) return {};
    if (!n->is_integer()) return Bad(*n, key, "must be an integer");
    int64_t v = *n->value<int64_t>();
    if (v < lo || v > hi) {
      return Bad(*n, key, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
    }
    out = v;
    return {};
  }

  Result<void> StringList(std::string_view key, std::vector<std::string>& out) const {
    const toml::node* n = table_.get(key);
    if (n == nullptr) return {};
    const toml::array* arr = n->as_array();
    if (arr == nullptr) return Bad(*n, key, "must be an array of strings");
    std::vector<std::string> items;
    for (const toml::node& item : *arr) {
      auto v = item.value<std::string>();
      if (!item.is_string() || !v) return Bad(*n, key, "must be an array of strings");
      items.push_back(*v);
    }
    out = std::move(items);
    return {};
  }

  Result<void> Float(std::string_view key, double lo, double hi, float& out) const {
    const toml::node* n = table_.get(key);
    if (n == nullptr) return {};
    if (!n->is_number()) return Bad(*n, key, "must be a number");
    double v = n->is_integer() ? static_cast<double>(*n->value<int64_t>()) : *n->value<double>();
    if (v < lo || v > hi) {
      return Bad(*n, key, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
    }
    out = static_cast<float>(v);
    return {};
  }

  Result<void> Bool(std::string_view key, bool& out) const {
    const toml::node* n = table_.get(key);
    if (n == nullptr) return {};
    if (!n->is_boolean()) return Bad(*n, key, "must be true or false");
    out = *n->value<bool>();
    return {};
  }

  // Reads an integer into an int-sized field.
  template <typename T>
  Result<void> IntInto(std::string_view key, int64_t lo, int64_t hi, T& out) const {
    auto v = static_cast<int64_t>(out);
    HERALD_RETURN_IF_ERROR(Int(key, lo, hi, v));
    out = static_cast<T>(v);
    return {};
  }

  std::unexpected<Error> Bad(const toml::node& n, std::string_view key,
                             const std::string& why) const {
    return Fail(ErrorCode::kInvalidArgument, Where(n, origin_) + ": '" + Name(key) + "' " + why);
  }

 private:
  std::string Name(std::string_view key) const {
    return prefix_.empty() ? std::string(key) : prefix_ + "." + std::string(key);
  }

  const toml::table& table_;
  std::string prefix_;
  const std::string& origin_;
};

// True for an empty string, an http(s) URL or a site-relative path ("/x",
// not the protocol-relative "//host/x"), with nothing that would need
// escaping in an attribute or a header.
bool IsLinkableUrl(std::string_view url) {
  if (url.empty()) return true;
  if (url.find_first_of(" \t\r\n\"'<>\\") != std::string_view::npos) return false;
  return url.starts_with("https://") || url.starts_with("http://") ||
         (url.starts_with("/") && !url.starts_with("//"));
}

const toml::table* SubTable(const toml::table& root, std::string_view key) {
  const toml::node* n = root.get(key);
  return n ? n->as_table() : nullptr;
}

Result<void> ReadHouseRules(const toml::node& n, const Reader& r, const std::string& prefix,
                            const std::string& origin, std::vector<moderation::HouseRule>& out) {
  const toml::array* arr = n.as_array();
  if (arr == nullptr) return r.Bad(n, "house_rules", "must be an array of tables");
  out.clear();
  for (size_t i = 0; i < arr->size(); ++i) {
    const toml::table* t = (*arr)[i].as_table();
    if (t == nullptr) return r.Bad(n, "house_rules", "must contain only tables");
    Reader rule(*t, prefix + ".house_rules[" + std::to_string(i) + "]", origin);
    HERALD_RETURN_IF_ERROR(rule.OnlyKeys({"name", "pattern", "action", "message"}));
    moderation::HouseRule h;
    std::string action = "hold";
    HERALD_RETURN_IF_ERROR(rule.String("name", h.name));
    HERALD_RETURN_IF_ERROR(rule.String("pattern", h.pattern));
    HERALD_RETURN_IF_ERROR(rule.String("action", action));
    HERALD_RETURN_IF_ERROR(rule.String("message", h.message));
    if (h.pattern.empty()) return rule.Bad(*t, "pattern", "is required");
    if (h.name.empty()) h.name = h.pattern;
    if (action != "hold" && action != "reject") {
      return rule.Bad(*t->get("action"), "action", "must be \"hold\" or \"reject\"");
    }
    h.outcome = action == "reject" ? CommentStatus::kRejected : CommentStatus::kPending;
    out.push_back(std::move(h));
  }
  return {};
}

// Reads `[editions.moderation]` over the defaults in `p`.
Result<void> ReadModeration(const toml::table& t, const std::string& prefix,
                            const std::string& origin, moderation::Policy& p) {
  Reader r(t, prefix, origin);
  HERALD_RETURN_IF_ERROR(
      r.OnlyKeys({"mode", "phases", "trusted_after", "max_length", "min_form_seconds", "max_links",
                  "per_address_per_minute", "per_identity_per_minute", "duplicate_window_seconds",
                  "language_min_confidence", "language_min_words", "banned_words", "suspect_words",
                  "builtin_word_lists", "abuse_nudge", "abuse_hold", "abuse_reject",
                  "accusation_words", "house_rules"}));
  std::string mode(ModeName(p.mode));
  HERALD_RETURN_IF_ERROR(r.String("mode", mode));
  auto parsed_mode = ParseCommentMode(mode);
  if (!parsed_mode) return r.Bad(*t.get("mode"), "mode", "must be \"post\", \"pre\" or \"closed\"");
  p.mode = *parsed_mode;
  HERALD_RETURN_IF_ERROR(r.StringList("phases", p.phases));
  static const std::set<std::string> kPhases = {"normalise", "spam",  "language",   "word_list",
                                                "abuse",     "libel", "house_rules"};
  for (const std::string& phase : p.phases) {
    if (!kPhases.contains(phase)) {
      return r.Bad(*t.get("phases"), "phases",
                   "has unknown phase '" + phase +
                       "' (known: normalise, spam, language, word_list, abuse, libel, "
                       "house_rules)");
    }
  }
  HERALD_RETURN_IF_ERROR(r.IntInto("trusted_after", 0, 1000, p.trusted_after));
  HERALD_RETURN_IF_ERROR(r.IntInto("max_length", 1, 100000, p.max_length));
  HERALD_RETURN_IF_ERROR(r.IntInto("min_form_seconds", 0, 3600, p.min_form_seconds));
  HERALD_RETURN_IF_ERROR(r.IntInto("max_links", 0, 1000, p.max_links));
  HERALD_RETURN_IF_ERROR(r.IntInto("per_address_per_minute", 1, 100000, p.per_address_per_minute));
  HERALD_RETURN_IF_ERROR(
      r.IntInto("per_identity_per_minute", 1, 100000, p.per_identity_per_minute));
  HERALD_RETURN_IF_ERROR(
      r.IntInto("duplicate_window_seconds", 0, int64_t{365} * 86400, p.duplicate_window_seconds));
  HERALD_RETURN_IF_ERROR(r.Float("language_min_confidence", 0, 1, p.language_min_confidence));
  HERALD_RETURN_IF_ERROR(r.IntInto("language_min_words", 0, 100, p.language_min_words));
  HERALD_RETURN_IF_ERROR(r.StringList("banned_words", p.banned_words));
  HERALD_RETURN_IF_ERROR(r.StringList("suspect_words", p.suspect_words));
  HERALD_RETURN_IF_ERROR(r.Bool("builtin_word_lists", p.builtin_word_lists));
  HERALD_RETURN_IF_ERROR(r.Float("abuse_nudge", 0, 1, p.abuse_nudge));
  HERALD_RETURN_IF_ERROR(r.Float("abuse_hold", 0, 1, p.abuse_hold));
  HERALD_RETURN_IF_ERROR(r.Float("abuse_reject", 0, 1, p.abuse_reject));
  if (!(p.abuse_nudge <= p.abuse_hold && p.abuse_hold <= p.abuse_reject)) {
    return r.Bad(t, "abuse_hold", "must lie between abuse_nudge and abuse_reject");
  }
  HERALD_RETURN_IF_ERROR(r.StringList("accusation_words", p.accusation_words));
  if (const toml::node* rules = t.get("house_rules")) {
    HERALD_RETURN_IF_ERROR(ReadHouseRules(*rules, r, prefix, origin, p.house_rules));
  }
  return {};
}

Result<void> ReadEdition(const toml::table& t, const std::string& prefix, const std::string& origin,
                         Edition& e, moderation::Policy& policy) {
  Reader r(t, prefix, origin);
  HERALD_RETURN_IF_ERROR(
      r.OnlyKeys({"code", "name", "language", "locale", "direction", "time_zone", "date_format",
                  "comment_languages", "house_rules", "moderation"}));
  if (const toml::node* m = t.get("moderation")) {
    if (!m->is_table()) return r.Bad(*m, "moderation", "must be a table");
    HERALD_RETURN_IF_ERROR(ReadModeration(*m->as_table(), prefix + ".moderation", origin, policy));
  }
  HERALD_RETURN_IF_ERROR(r.String("code", e.code));
  HERALD_RETURN_IF_ERROR(r.String("name", e.name));
  HERALD_RETURN_IF_ERROR(r.String("language", e.language));
  HERALD_RETURN_IF_ERROR(r.String("locale", e.locale));
  std::string direction = DirectionName(e.direction);
  HERALD_RETURN_IF_ERROR(r.String("direction", direction));
  if (direction != "ltr" && direction != "rtl") {
    return r.Bad(*t.get("direction"), "direction", "must be \"ltr\" or \"rtl\"");
  }
  e.direction = direction == "rtl" ? TextDirection::kRtl : TextDirection::kLtr;
  HERALD_RETURN_IF_ERROR(r.String("time_zone", e.time_zone));
  HERALD_RETURN_IF_ERROR(r.String("date_format", e.date_format));
  HERALD_RETURN_IF_ERROR(r.StringList("comment_languages", e.comment_languages));
  HERALD_RETURN_IF_ERROR(r.String("house_rules", e.house_rules));
  if (e.code.empty())
    return Fail(ErrorCode::kInvalidArgument, origin + ": '" + prefix + ".code' is required");
  if (auto ok = ValidateEditionCode(e.code); !ok) {
    return r.Bad(*t.get("code"), "code", ok.error().message);
  }
  if (e.name.empty()) e.name = e.code;
  if (e.language.empty()) e.language = e.code;
  if (e.locale.empty()) e.locale = e.language;
  if (e.time_zone.empty()) e.time_zone = "UTC";
  if (e.date_format.empty()) e.date_format = "d MMMM yyyy - HH:mm";
  if (!IsKnownTimeZone(e.time_zone)) {
    return r.Bad(*t.get("time_zone"), "time_zone",
                 "is not a known IANA time zone (e.g. \"Europe/London\")");
  }
  if (!IsUsableDatePattern(e.locale, e.date_format)) {
    return r.Bad(*t.get("date_format"), "date_format", "is not a usable ICU date pattern");
  }
  return {};
}

Result<Config> ParseInto(Config config, const std::string& text, const std::string& origin) {
  toml::table root;
  try {
    root = toml::parse(text, origin);
  } catch (const toml::parse_error& err) {
    return Fail(ErrorCode::kInvalidArgument, origin + ":" +
                                                 std::to_string(err.source().begin.line) + ": " +
                                                 std::string(err.description()));
  }

  Reader top(root, "", origin);
  HERALD_RETURN_IF_ERROR(top.OnlyKeys({"data_dir", "database", "models_dir", "server", "site",
                                       "log", "feeds", "cache", "desk", "editions"}));
  HERALD_RETURN_IF_ERROR(top.String("data_dir", config.data_dir));
  HERALD_RETURN_IF_ERROR(top.String("models_dir", config.models_dir));
  HERALD_RETURN_IF_ERROR(top.String("database", config.database));
  for (std::string_view key : {"server", "site", "log", "feeds", "cache", "desk"}) {
    const toml::node* n = root.get(key);
    if (n != nullptr && !n->is_table()) return top.Bad(*n, key, "must be a table");
  }

  if (const toml::table* t = SubTable(root, "server")) {
    Reader r(*t, "server", origin);
    HERALD_RETURN_IF_ERROR(
        r.OnlyKeys({"address", "port", "threads", "trusted_proxies", "max_body_kib",
                    "max_url_bytes", "max_header_bytes", "max_header_count", "max_connections",
                    "read_timeout_seconds", "handler_timeout_seconds", "write_timeout_seconds"}));
    ServerConfig& s = config.server;
    HERALD_RETURN_IF_ERROR(r.String("address", s.address));
    int64_t port = s.port, threads = s.threads;
    int64_t body_kib = static_cast<int64_t>(s.max_body_bytes / 1024);
    HERALD_RETURN_IF_ERROR(r.Int("port", 0, 65535, port));
    HERALD_RETURN_IF_ERROR(r.Int("threads", 0, 256, threads));
    HERALD_RETURN_IF_ERROR(r.Int("max_body_kib", 1, int64_t{1024} * 1024, body_kib));
    HERALD_RETURN_IF_ERROR(r.StringList("trusted_proxies", s.trusted_proxies));
    // Twice a size limit must stay under the HTTP parser's own 80 KiB cap on
    // a request's head, or the 414 and 431 answers could never be sent.
    HERALD_RETURN_IF_ERROR(r.IntInto("max_url_bytes", 256, 32768, s.max_url_bytes));
    HERALD_RETURN_IF_ERROR(r.IntInto("max_header_bytes", 256, 32768, s.max_header_bytes));
    HERALD_RETURN_IF_ERROR(r.IntInto("max_header_count", 8, 1000, s.max_header_count));
    HERALD_RETURN_IF_ERROR(r.IntInto("max_connections", 1, 1'000'000, s.max_connections));
    HERALD_RETURN_IF_ERROR(r.IntInto("read_timeout_seconds", 1, 3600, s.read_timeout_seconds));
    HERALD_RETURN_IF_ERROR(
        r.IntInto("handler_timeout_seconds", 1, 3600, s.handler_timeout_seconds));
    HERALD_RETURN_IF_ERROR(r.IntInto("write_timeout_seconds", 1, 3600, s.write_timeout_seconds));
    s.port = static_cast<int>(port);
    s.threads = static_cast<int>(threads);
    s.max_body_bytes = static_cast<size_t>(body_kib) * 1024;
  }

  if (const toml::table* t = SubTable(root, "site")) {
    Reader r(*t, "site", origin);
    HERALD_RETURN_IF_ERROR(
        r.OnlyKeys({"name", "base_url", "default_edition", "page_size", "logo_url", "logo_width",
                    "logo_height", "security_contact", "security_policy"}));
    HERALD_RETURN_IF_ERROR(r.String("name", config.site.name));
    HERALD_RETURN_IF_ERROR(r.String("base_url", config.site.base_url));
    HERALD_RETURN_IF_ERROR(r.String("default_edition", config.site.default_edition));
    int64_t page_size = config.site.page_size;
    HERALD_RETURN_IF_ERROR(r.Int("page_size", 1, 100, page_size));
    config.site.page_size = static_cast<int>(page_size);
    HERALD_RETURN_IF_ERROR(r.String("logo_url", config.site.logo_url));
    if (!IsLinkableUrl(config.site.logo_url)) {
      return r.Bad(*t->get("logo_url"), "logo_url",
                   "must be an http(s) URL or a path starting with '/', without spaces or quotes");
    }
    HERALD_RETURN_IF_ERROR(r.IntInto("logo_width", 0, 10000, config.site.logo_width));
    HERALD_RETURN_IF_ERROR(r.IntInto("logo_height", 0, 10000, config.site.logo_height));
    HERALD_RETURN_IF_ERROR(r.String("security_contact", config.site.security_contact));
    const std::string& contact = config.site.security_contact;
    if (!contact.empty() && (!(contact.starts_with("mailto:") || contact.starts_with("https://")) ||
                             contact.find_first_of(" \t\r\n\"'<>") != std::string::npos)) {
      return r.Bad(*t->get("security_contact"), "security_contact",
                   "must be a mailto: or https: URL, without spaces or quotes");
    }
    HERALD_RETURN_IF_ERROR(r.String("security_policy", config.site.security_policy));
    const std::string& policy = config.site.security_policy;
    if (!policy.empty() && (!policy.starts_with("https://") ||
                            policy.find_first_of(" \t\r\n\"'<>") != std::string::npos)) {
      return r.Bad(*t->get("security_policy"), "security_policy",
                   "must be an https: URL, without spaces or quotes");
    }
    while (config.site.base_url.ends_with('/')) config.site.base_url.pop_back();
    if (!config.site.base_url.starts_with("http://") &&
        !config.site.base_url.starts_with("https://")) {
      return r.Bad(*t->get("base_url"), "base_url", "must start with http:// or https://");
    }
  }

  if (const toml::table* t = SubTable(root, "feeds")) {
    Reader r(*t, "feeds", origin);
    HERALD_RETURN_IF_ERROR(r.OnlyKeys({"items", "full_content"}));
    HERALD_RETURN_IF_ERROR(r.IntInto("items", 1, 500, config.feeds.items));
    HERALD_RETURN_IF_ERROR(r.Bool("full_content", config.feeds.full_content));
  }

  if (const toml::table* t = SubTable(root, "cache")) {
    Reader r(*t, "cache", origin);
    HERALD_RETURN_IF_ERROR(r.OnlyKeys({"pages", "max_mb", "ttl_seconds"}));
    HERALD_RETURN_IF_ERROR(r.Bool("pages", config.cache.pages));
    HERALD_RETURN_IF_ERROR(r.IntInto("max_mb", 1, int64_t{64} * 1024, config.cache.max_mb));
    HERALD_RETURN_IF_ERROR(r.IntInto("ttl_seconds", 1, 86400, config.cache.ttl_seconds));
  }

  if (const toml::table* t = SubTable(root, "desk")) {
    Reader r(*t, "desk", origin);
    HERALD_RETURN_IF_ERROR(
        r.OnlyKeys({"session_idle_minutes", "session_max_hours", "login_max_failures",
                    "login_lockout_minutes", "max_image_kib", "secure_cookies"}));
    DeskConfig& d = config.desk;
    HERALD_RETURN_IF_ERROR(
        r.IntInto("session_idle_minutes", 1, int64_t{60} * 24 * 30, d.session_idle_minutes));
    HERALD_RETURN_IF_ERROR(
        r.IntInto("session_max_hours", 1, int64_t{24} * 365, d.session_max_hours));
    HERALD_RETURN_IF_ERROR(r.IntInto("login_max_failures", 1, 1000, d.login_max_failures));
    HERALD_RETURN_IF_ERROR(
        r.IntInto("login_lockout_minutes", 1, int64_t{60} * 24, d.login_lockout_minutes));
    HERALD_RETURN_IF_ERROR(r.IntInto("max_image_kib", 1, int64_t{64} * 1024, d.max_image_kib));
    HERALD_RETURN_IF_ERROR(r.String("secure_cookies", d.secure_cookies));
    if (d.secure_cookies != "auto" && d.secure_cookies != "always" && d.secure_cookies != "never") {
      return r.Bad(*t->get("secure_cookies"), "secure_cookies",
                   "must be \"auto\", \"always\" or \"never\"");
    }
  }

  if (const toml::table* t = SubTable(root, "log")) {
    Reader r(*t, "log", origin);
    HERALD_RETURN_IF_ERROR(r.OnlyKeys({"level"}));
    HERALD_RETURN_IF_ERROR(r.String("level", config.log_level));
    static const std::set<std::string> kLevels = {"trace", "debug", "info", "warn", "error", "off"};
    if (!kLevels.contains(config.log_level)) {
      return r.Bad(*t->get("level"), "level",
                   "must be one of trace, debug, info, warn, error, off");
    }
  }

  if (const toml::node* n = root.get("editions")) {
    const toml::array* arr = n->as_array();
    if (arr == nullptr || arr->empty()) {
      return top.Bad(*n, "editions", "must be a non-empty array of tables ([[editions]])");
    }
    config.editions.clear();
    config.moderation.clear();
    for (size_t i = 0; i < arr->size(); ++i) {
      const toml::table* t = (*arr)[i].as_table();
      std::string prefix = "editions[" + std::to_string(i) + "]";
      if (t == nullptr) return top.Bad(*n, "editions", "must contain only tables");
      Edition e;
      moderation::Policy policy;
      HERALD_RETURN_IF_ERROR(ReadEdition(*t, prefix, origin, e, policy));
      policy.languages = e.comment_languages;
      config.moderation[e.code] = std::move(policy);
      config.editions.push_back(std::move(e));
    }
  }

  if (auto ok = ValidateConfig(config); !ok) {
    return Fail(ErrorCode::kInvalidArgument, origin + ": " + ok.error().message);
  }
  return config;
}

}  // namespace

std::string Config::DatabaseUrl() const {
  if (!database.empty()) return database;
  return (data_dir.empty() ? std::string(".") : data_dir) + "/herald.db";
}

bool Config::SecureCookies() const {
  if (desk.secure_cookies == "always") return true;
  if (desk.secure_cookies == "never") return false;
  return site.base_url.starts_with("https://");
}

std::string Config::MediaDir() const {
  return (data_dir.empty() ? std::string(".") : data_dir) + "/media";
}

const Edition& Config::DefaultEdition() const {
  const Edition* e = FindEdition(editions, site.default_edition);
  return e ? *e : editions.front();
}

std::string Config::ModelsDir() const {
  if (!models_dir.empty()) return models_dir;
  return (data_dir.empty() ? std::string(".") : data_dir) + "/models";
}

const moderation::Policy& Config::PolicyFor(const std::string& code) const {
  static const moderation::Policy kDefault;
  auto it = moderation.find(code);
  return it == moderation.end() ? kDefault : it->second;
}

Config DefaultConfig() {
  auto config = ParseInto(Config{}, kDefaultToml, "built-in defaults");
  if (!config) throw std::logic_error("built-in config is invalid: " + config.error().message);
  return *config;
}

std::string DefaultConfigToml() { return kDefaultToml; }

Result<Config> ParseConfig(const std::string& toml_text, const std::string& origin) {
  return ParseInto(DefaultConfig(), toml_text, origin);
}

Result<Config> LoadConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(ErrorCode::kNotFound, "cannot read config file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return ParseConfig(text.str(), path);
}

Result<void> ValidateConfig(const Config& config) {
  if (config.editions.empty()) return Fail(ErrorCode::kInvalidArgument, "no editions configured");
  std::set<std::string> codes;
  for (const Edition& e : config.editions) {
    if (!codes.insert(e.code).second) {
      return Fail(ErrorCode::kInvalidArgument, "edition code '" + e.code + "' appears twice");
    }
  }
  if (FindEdition(config.editions, config.site.default_edition) == nullptr) {
    return Fail(ErrorCode::kInvalidArgument, "'site.default_edition' is '" +
                                                 config.site.default_edition +
                                                 "', which is not a configured edition");
  }
  if (config.server.port < 0 || config.server.port > 65535) {
    return Fail(ErrorCode::kInvalidArgument, "'server.port' must be between 0 and 65535");
  }
  if (config.server.address.empty()) {
    return Fail(ErrorCode::kInvalidArgument, "'server.address' must not be empty");
  }
  return {};
}

}  // namespace herald
