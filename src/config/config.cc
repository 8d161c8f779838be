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

[server]
address = "127.0.0.1"   # Use "0.0.0.0" to listen on every interface.
port = 8080
threads = 0             # Worker threads; 0 means one per CPU core.
trusted_proxies = ["127.0.0.1", "::1"]  # X-Forwarded-For is believed only from these.
max_body_kib = 1024     # Largest request body accepted.

[site]
name = "Herald News Agency"
base_url = "http://localhost:8080"   # Used for absolute links; no trailing slash.
default_edition = "en"
page_size = 20          # Articles per list page.

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

const toml::table* SubTable(const toml::table& root, std::string_view key) {
  const toml::node* n = root.get(key);
  return n ? n->as_table() : nullptr;
}

Result<void> ReadEdition(const toml::table& t, const std::string& prefix, const std::string& origin,
                         Edition& e) {
  Reader r(t, prefix, origin);
  HERALD_RETURN_IF_ERROR(r.OnlyKeys({"code", "name", "language", "locale", "direction", "time_zone",
                                     "date_format", "comment_languages", "house_rules"}));
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
  HERALD_RETURN_IF_ERROR(
      top.OnlyKeys({"data_dir", "database", "server", "site", "log", "editions"}));
  HERALD_RETURN_IF_ERROR(top.String("data_dir", config.data_dir));
  HERALD_RETURN_IF_ERROR(top.String("database", config.database));
  for (std::string_view key : {"server", "site", "log"}) {
    const toml::node* n = root.get(key);
    if (n != nullptr && !n->is_table()) return top.Bad(*n, key, "must be a table");
  }

  if (const toml::table* t = SubTable(root, "server")) {
    Reader r(*t, "server", origin);
    HERALD_RETURN_IF_ERROR(
        r.OnlyKeys({"address", "port", "threads", "trusted_proxies", "max_body_kib"}));
    HERALD_RETURN_IF_ERROR(r.String("address", config.server.address));
    int64_t port = config.server.port, threads = config.server.threads;
    int64_t body_kib = static_cast<int64_t>(config.server.max_body_bytes / 1024);
    HERALD_RETURN_IF_ERROR(r.Int("port", 0, 65535, port));
    HERALD_RETURN_IF_ERROR(r.Int("threads", 0, 256, threads));
    HERALD_RETURN_IF_ERROR(r.Int("max_body_kib", 1, int64_t{1024} * 1024, body_kib));
    HERALD_RETURN_IF_ERROR(r.StringList("trusted_proxies", config.server.trusted_proxies));
    config.server.port = static_cast<int>(port);
    config.server.threads = static_cast<int>(threads);
    config.server.max_body_bytes = static_cast<size_t>(body_kib) * 1024;
  }

  if (const toml::table* t = SubTable(root, "site")) {
    Reader r(*t, "site", origin);
    HERALD_RETURN_IF_ERROR(r.OnlyKeys({"name", "base_url", "default_edition", "page_size"}));
    HERALD_RETURN_IF_ERROR(r.String("name", config.site.name));
    HERALD_RETURN_IF_ERROR(r.String("base_url", config.site.base_url));
    HERALD_RETURN_IF_ERROR(r.String("default_edition", config.site.default_edition));
    int64_t page_size = config.site.page_size;
    HERALD_RETURN_IF_ERROR(r.Int("page_size", 1, 100, page_size));
    config.site.page_size = static_cast<int>(page_size);
    while (config.site.base_url.ends_with('/')) config.site.base_url.pop_back();
    if (!config.site.base_url.starts_with("http://") &&
        !config.site.base_url.starts_with("https://")) {
      return r.Bad(*t->get("base_url"), "base_url", "must start with http:// or https://");
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
    for (size_t i = 0; i < arr->size(); ++i) {
      const toml::table* t = (*arr)[i].as_table();
      std::string prefix = "editions[" + std::to_string(i) + "]";
      if (t == nullptr) return top.Bad(*n, "editions", "must contain only tables");
      Edition e;
      HERALD_RETURN_IF_ERROR(ReadEdition(*t, prefix, origin, e));
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

const Edition& Config::DefaultEdition() const {
  const Edition* e = FindEdition(editions, site.default_edition);
  return e ? *e : editions.front();
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
