#include "config/config.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

namespace herald {
namespace {

constexpr const char* kOrigin = "origin";

// Expects `toml` to be rejected with an InvalidArgument error whose message
// contains each of `needles`.
void ExpectRejected(const std::string& toml, const std::vector<std::string>& needles) {
  auto config = ParseConfig(toml, kOrigin);
  ASSERT_FALSE(config.has_value()) << "accepted:\n" << toml;
  EXPECT_EQ(config.error().code, ErrorCode::kInvalidArgument) << config.error().message;
  for (const std::string& needle : needles) {
    EXPECT_NE(config.error().message.find(needle), std::string::npos)
        << "'" << needle << "' missing from: " << config.error().message;
  }
}

void ExpectSameEdition(const Edition& a, const Edition& b) {
  EXPECT_EQ(a.code, b.code);
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.language, b.language);
  EXPECT_EQ(a.locale, b.locale);
  EXPECT_EQ(a.direction, b.direction);
  EXPECT_EQ(a.time_zone, b.time_zone);
  EXPECT_EQ(a.date_format, b.date_format);
  EXPECT_EQ(a.comment_languages, b.comment_languages);
  EXPECT_EQ(a.house_rules, b.house_rules);
}

void ExpectSameConfig(const Config& a, const Config& b) {
  EXPECT_EQ(a.server.address, b.server.address);
  EXPECT_EQ(a.server.port, b.server.port);
  EXPECT_EQ(a.server.threads, b.server.threads);
  EXPECT_EQ(a.server.trusted_proxies, b.server.trusted_proxies);
  EXPECT_EQ(a.server.max_body_bytes, b.server.max_body_bytes);
  EXPECT_EQ(a.server.max_url_bytes, b.server.max_url_bytes);
  EXPECT_EQ(a.server.max_header_bytes, b.server.max_header_bytes);
  EXPECT_EQ(a.server.max_header_count, b.server.max_header_count);
  EXPECT_EQ(a.server.max_connections, b.server.max_connections);
  EXPECT_EQ(a.server.read_timeout_seconds, b.server.read_timeout_seconds);
  EXPECT_EQ(a.server.handler_timeout_seconds, b.server.handler_timeout_seconds);
  EXPECT_EQ(a.server.write_timeout_seconds, b.server.write_timeout_seconds);
  EXPECT_EQ(a.site.name, b.site.name);
  EXPECT_EQ(a.site.base_url, b.site.base_url);
  EXPECT_EQ(a.site.default_edition, b.site.default_edition);
  EXPECT_EQ(a.site.page_size, b.site.page_size);
  EXPECT_EQ(a.site.logo_url, b.site.logo_url);
  EXPECT_EQ(a.site.logo_width, b.site.logo_width);
  EXPECT_EQ(a.site.logo_height, b.site.logo_height);
  EXPECT_EQ(a.feeds.items, b.feeds.items);
  EXPECT_EQ(a.feeds.full_content, b.feeds.full_content);
  EXPECT_EQ(a.data_dir, b.data_dir);
  EXPECT_EQ(a.database, b.database);
  EXPECT_EQ(a.log_level, b.log_level);
  ASSERT_EQ(a.editions.size(), b.editions.size());
  for (size_t i = 0; i < a.editions.size(); ++i) ExpectSameEdition(a.editions[i], b.editions[i]);
}

TEST(DefaultConfigTest, HasEnglishAndPersianEditions) {
  Config config = DefaultConfig();
  ASSERT_EQ(config.editions.size(), 2u);
  const Edition* en = FindEdition(config.editions, "en");
  const Edition* fa = FindEdition(config.editions, "fa");
  ASSERT_NE(en, nullptr);
  ASSERT_NE(fa, nullptr);
  EXPECT_EQ(en->direction, TextDirection::kLtr);
  EXPECT_EQ(fa->direction, TextDirection::kRtl);
  EXPECT_EQ(en->time_zone, "Asia/Tehran");
  EXPECT_EQ(fa->time_zone, "Asia/Tehran");
  EXPECT_EQ(fa->locale, "fa_IR@calendar=persian");
  EXPECT_EQ(en->comment_languages, std::vector<std::string>{"en"});
  EXPECT_EQ(fa->comment_languages, std::vector<std::string>{"fa"});
  EXPECT_EQ(config.site.default_edition, "en");
  EXPECT_EQ(config.DefaultEdition().code, "en");
}

TEST(DefaultConfigTest, EnglishHouseRulesAskForEnglishComments) {
  Config config = DefaultConfig();
  const Edition* en = FindEdition(config.editions, "en");
  ASSERT_NE(en, nullptr);
  EXPECT_NE(en->house_rules.find("Please type in your comments in English."), std::string::npos)
      << en->house_rules;
  // The TOML multi-line string's opening newline is not part of the value.
  EXPECT_FALSE(en->house_rules.starts_with("\n")) << en->house_rules;
  const Edition* fa = FindEdition(config.editions, "fa");
  ASSERT_NE(fa, nullptr);
  EXPECT_FALSE(fa->house_rules.empty());
  EXPECT_EQ(fa->house_rules.find("English"), std::string::npos);
}

TEST(DefaultConfigTest, MatchesTheStructDefaults) {
  Config config = DefaultConfig();
  ServerConfig server;
  SiteConfig site;
  Config plain;
  EXPECT_EQ(config.server.address, server.address);
  EXPECT_EQ(config.server.port, server.port);
  EXPECT_EQ(config.server.threads, server.threads);
  EXPECT_EQ(config.server.trusted_proxies, server.trusted_proxies);
  EXPECT_EQ(config.server.max_body_bytes, server.max_body_bytes);
  EXPECT_EQ(config.server.max_url_bytes, server.max_url_bytes);
  EXPECT_EQ(config.server.max_header_bytes, server.max_header_bytes);
  EXPECT_EQ(config.server.max_header_count, server.max_header_count);
  EXPECT_EQ(config.server.max_connections, server.max_connections);
  EXPECT_EQ(config.server.read_timeout_seconds, server.read_timeout_seconds);
  EXPECT_EQ(config.server.handler_timeout_seconds, server.handler_timeout_seconds);
  EXPECT_EQ(config.server.write_timeout_seconds, server.write_timeout_seconds);
  EXPECT_EQ(config.site.name, site.name);
  EXPECT_EQ(config.site.base_url, site.base_url);
  EXPECT_EQ(config.site.default_edition, site.default_edition);
  EXPECT_EQ(config.site.page_size, site.page_size);
  EXPECT_EQ(config.site.logo_url, site.logo_url);
  EXPECT_EQ(config.site.logo_width, site.logo_width);
  EXPECT_EQ(config.site.logo_height, site.logo_height);
  EXPECT_EQ(config.feeds.items, FeedsConfig().items);
  EXPECT_EQ(config.feeds.full_content, FeedsConfig().full_content);
  EXPECT_EQ(config.data_dir, plain.data_dir);
  EXPECT_EQ(config.database, plain.database);
  EXPECT_EQ(config.log_level, plain.log_level);
}

TEST(DefaultConfigTest, DefaultTomlParsesToDefaultConfig) {
  auto parsed = ParseConfig(DefaultConfigToml(), "herald.toml");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  ExpectSameConfig(*parsed, DefaultConfig());
}

TEST(ParseConfigTest, EmptyTextGivesDefaults) {
  auto parsed = ParseConfig("", kOrigin);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  ExpectSameConfig(*parsed, DefaultConfig());
}

TEST(ParseConfigTest, OverridesOnlyTheKeysGiven) {
  auto parsed = ParseConfig(
      "data_dir = \"/srv/herald\"\n"
      "[server]\n"
      "address = \"0.0.0.0\"\n"
      "port = 9090\n"
      "trusted_proxies = [\"10.0.0.1\"]\n"
      "max_body_kib = 64\n"
      "[site]\n"
      "base_url = \"https://news.example.org/\"\n"
      "page_size = 50\n",
      kOrigin);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->data_dir, "/srv/herald");
  EXPECT_EQ(parsed->server.address, "0.0.0.0");
  EXPECT_EQ(parsed->server.port, 9090);
  EXPECT_EQ(parsed->server.threads, 0);
  EXPECT_EQ(parsed->server.trusted_proxies, std::vector<std::string>{"10.0.0.1"});
  EXPECT_EQ(parsed->server.max_body_bytes, 64u * 1024);
  EXPECT_EQ(parsed->site.base_url, "https://news.example.org");  // Trailing '/' dropped.
  EXPECT_EQ(parsed->site.page_size, 50);
  EXPECT_EQ(parsed->site.name, "Herald News Agency");
  EXPECT_EQ(parsed->editions.size(), 2u);
}

TEST(ParseConfigTest, UnknownTopLevelKeyIsNamedWithItsLine) {
  ExpectRejected("data_dir = \"var\"\ncolour = \"red\"\n", {"origin:2", "unknown key", "'colour'"});
}

TEST(ParseConfigTest, UnknownServerKeyIsNamedWithItsPath) {
  ExpectRejected("[server]\nprot = 8080\n", {"origin:2", "server.prot"});
}

TEST(ParseConfigTest, UnknownSiteAndLogKeysAreNamedWithTheirPaths) {
  ExpectRejected("[site]\nname = \"x\"\ntitle = \"x\"\n", {"origin:3", "site.title"});
  ExpectRejected("[log]\nlevl = \"info\"\n", {"origin:2", "log.levl"});
}

TEST(ParseConfigTest, UnknownEditionKeyIsNamedWithItsIndex) {
  ExpectRejected("[[editions]]\ncode = \"en\"\ncolour = \"red\"\n",
                 {"origin:3", "editions[0].colour"});
  ExpectRejected("[[editions]]\ncode = \"en\"\n\n[[editions]]\ncode = \"fa\"\nrtl = true\n",
                 {"origin:6", "editions[1].rtl"});
}

TEST(ParseConfigTest, WrongTypesAreNamed) {
  ExpectRejected("[server]\nport = \"8080\"\n", {"origin:2", "server.port", "integer"});
  ExpectRejected("[server]\nport = 80.5\n", {"server.port", "integer"});
  ExpectRejected("[site]\nname = 5\n", {"origin:2", "site.name", "string"});
  ExpectRejected("data_dir = true\n", {"origin:1", "data_dir", "string"});
  ExpectRejected("[server]\ntrusted_proxies = \"127.0.0.1\"\n",
                 {"server.trusted_proxies", "array"});
  ExpectRejected("[server]\ntrusted_proxies = [1, 2]\n", {"server.trusted_proxies", "array"});
  ExpectRejected("server = 8080\n", {"origin:1", "'server'", "table"});
  ExpectRejected("[[editions]]\ncode = \"en\"\ncomment_languages = \"en\"\n",
                 {"origin:3", "editions[0].comment_languages"});
}

TEST(ParseConfigTest, PortOutOfRangeIsRejected) {
  ExpectRejected("[server]\nport = 70000\n", {"origin:2", "server.port", "65535"});
  ExpectRejected("[server]\nport = -1\n", {"origin:2", "server.port"});
  auto zero = ParseConfig("[server]\nport = 0\n", kOrigin);
  ASSERT_TRUE(zero.has_value()) << zero.error().message;
  EXPECT_EQ(zero->server.port, 0);
  auto max = ParseConfig("[server]\nport = 65535\n", kOrigin);
  ASSERT_TRUE(max.has_value()) << max.error().message;
  EXPECT_EQ(max->server.port, 65535);
}

TEST(ParseConfigTest, OtherRangesAreChecked) {
  ExpectRejected("[server]\nthreads = 1000\n", {"server.threads"});
  ExpectRejected("[server]\nmax_body_kib = 0\n", {"server.max_body_kib"});
  ExpectRejected("[site]\npage_size = 0\n", {"site.page_size"});
  ExpectRejected("[site]\npage_size = 101\n", {"site.page_size"});
}

TEST(ParseConfigTest, ServerLimitsParseAndBadValuesNameTheKey) {
  auto parsed = ParseConfig(
      "[server]\nmax_url_bytes = 2048\nmax_header_bytes = 1024\nmax_header_count = 20\n"
      "max_connections = 600\nread_timeout_seconds = 2\nhandler_timeout_seconds = 5\n"
      "write_timeout_seconds = 7\n",
      kOrigin);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->server.max_url_bytes, 2048u);
  EXPECT_EQ(parsed->server.max_header_bytes, 1024u);
  EXPECT_EQ(parsed->server.max_header_count, 20);
  EXPECT_EQ(parsed->server.max_connections, 600);
  EXPECT_EQ(parsed->server.read_timeout_seconds, 2);
  EXPECT_EQ(parsed->server.handler_timeout_seconds, 5);
  EXPECT_EQ(parsed->server.write_timeout_seconds, 7);
  // What was not given keeps its default: the limits Herald always had.
  auto one = ParseConfig("[server]\nmax_connections = 10\n", kOrigin);
  ASSERT_TRUE(one.has_value()) << one.error().message;
  EXPECT_EQ(one->server.max_url_bytes, 8192u);
  EXPECT_EQ(one->server.max_header_bytes, 8192u);
  EXPECT_EQ(one->server.max_header_count, 100);
  EXPECT_EQ(one->server.read_timeout_seconds, 15);
  EXPECT_EQ(one->server.write_timeout_seconds, 30);

  ExpectRejected("[server]\nmax_url_bytes = 100\n", {"origin:2", "server.max_url_bytes", "256"});
  ExpectRejected("[server]\nmax_url_bytes = 65536\n", {"server.max_url_bytes", "32768"});
  ExpectRejected("[server]\nmax_header_bytes = 0\n", {"server.max_header_bytes"});
  ExpectRejected("[server]\nmax_header_count = 2\n", {"server.max_header_count"});
  ExpectRejected("[server]\nmax_connections = 0\n", {"server.max_connections"});
  ExpectRejected("[server]\nread_timeout_seconds = 0\n", {"server.read_timeout_seconds"});
  ExpectRejected("[server]\nread_timeout_seconds = \"15s\"\n",
                 {"server.read_timeout_seconds", "integer"});
  ExpectRejected("[server]\nhandler_timeout_seconds = 3601\n", {"server.handler_timeout_seconds"});
  ExpectRejected("[server]\nwrite_timeout_seconds = -1\n", {"server.write_timeout_seconds"});
  ExpectRejected("[server]\nread_timeout = 5\n", {"origin:2", "server.read_timeout"});
}

TEST(ParseConfigTest, BaseUrlMustBeHttp) {
  ExpectRejected("[site]\nbase_url = \"news.example.org\"\n", {"origin:2", "site.base_url"});
}

TEST(ParseConfigTest, LogoIsAnHttpUrlOrASitePathWithItsSize) {
  EXPECT_EQ(DefaultConfig().site.logo_url, "") << "empty: the built-in logo";
  auto remote = ParseConfig(
      "[site]\nlogo_url = \"https://cdn.example/logo.png\"\nlogo_width = 600\n"
      "logo_height = 60\n",
      kOrigin);
  ASSERT_TRUE(remote.has_value()) << remote.error().message;
  EXPECT_EQ(remote->site.logo_url, "https://cdn.example/logo.png");
  EXPECT_EQ(remote->site.logo_width, 600);
  EXPECT_EQ(remote->site.logo_height, 60);
  auto local = ParseConfig("[site]\nlogo_url = \"/media/logo.png\"\n", kOrigin);
  ASSERT_TRUE(local.has_value()) << local.error().message;
  EXPECT_EQ(local->site.logo_url, "/media/logo.png");
  EXPECT_EQ(local->site.logo_width, 0);

  for (const char* bad : {"logo.png", "//cdn.example/logo.png", "javascript:alert(1)",
                          "ftp://x/logo.png", "/a logo.png", "/x\\\"onload=\\\"y"}) {
    SCOPED_TRACE(bad);
    ExpectRejected(std::string("[site]\nlogo_url = \"") + bad + "\"\n",
                   {"origin:2", "site.logo_url"});
  }
  ExpectRejected("[site]\nlogo_width = -1\n", {"origin:2", "site.logo_width"});
  ExpectRejected("[site]\nlogo_height = 100000\n", {"origin:2", "site.logo_height"});
  ExpectRejected("[site]\nlogo_url = 5\n", {"site.logo_url", "string"});
}

TEST(ParseConfigTest, FeedsTakeAnItemCountAndFullOrSummaryContent) {
  Config defaults = DefaultConfig();
  EXPECT_EQ(defaults.feeds.items, 50);
  EXPECT_TRUE(defaults.feeds.full_content);
  auto parsed = ParseConfig("[feeds]\nitems = 500\nfull_content = false\n", kOrigin);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->feeds.items, 500);
  EXPECT_FALSE(parsed->feeds.full_content);

  ExpectRejected("[feeds]\nitems = 0\n", {"origin:2", "feeds.items", "between 1 and 500"});
  ExpectRejected("[feeds]\nitems = 501\n", {"origin:2", "feeds.items"});
  ExpectRejected("[feeds]\nitems = \"ten\"\n", {"feeds.items", "integer"});
  ExpectRejected("[feeds]\nfull_content = \"yes\"\n", {"feeds.full_content", "true or false"});
  ExpectRejected("[feeds]\nitem = 10\n", {"origin:2", "unknown key 'feeds.item'"});
  ExpectRejected("feeds = 3\n", {"origin:1", "'feeds' must be a table"});
}

TEST(ParseConfigTest, CacheTakesItsSwitchSizeAndTimeToLive) {
  Config defaults = DefaultConfig();
  EXPECT_TRUE(defaults.cache.pages);
  EXPECT_EQ(defaults.cache.max_mb, 64);
  EXPECT_EQ(defaults.cache.ttl_seconds, 60);
  auto parsed = ParseConfig("[cache]\npages = false\nmax_mb = 8\nttl_seconds = 600\n", kOrigin);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_FALSE(parsed->cache.pages);
  EXPECT_EQ(parsed->cache.max_mb, 8);
  EXPECT_EQ(parsed->cache.ttl_seconds, 600);

  ExpectRejected("[cache]\nmax_mb = 0\n", {"origin:2", "cache.max_mb"});
  ExpectRejected("[cache]\nttl_seconds = 0\n", {"origin:2", "cache.ttl_seconds"});
  ExpectRejected("[cache]\npages = 1\n", {"cache.pages", "true or false"});
  ExpectRejected("[cache]\nsize = 1\n", {"unknown key 'cache.size'"});
}

TEST(ParseConfigTest, BadDirectionIsRejected) {
  ExpectRejected("[[editions]]\ncode = \"en\"\ndirection = \"sideways\"\n",
                 {"origin:3", "editions[0].direction"});
  ExpectRejected("[[editions]]\ncode = \"en\"\ndirection = \"RTL\"\n", {"editions[0].direction"});
}

TEST(ParseConfigTest, UnknownTimeZoneIsRejected) {
  ExpectRejected("[[editions]]\ncode = \"en\"\ntime_zone = \"Mars/Olympus\"\n",
                 {"origin:3", "editions[0].time_zone"});
}

// 't' is not an ICU pattern letter; such a pattern drops the rest of every
// dateline, so loading must stop with the key named.
TEST(ParseConfigTest, UnusableDatePatternIsRejected) {
  ExpectRejected("[[editions]]\ncode = \"en\"\ndate_format = \"d ttt yyyy\"\n",
                 {"origin:3", "editions[0].date_format"});
}

TEST(ParseConfigTest, BadEditionCodeIsRejected) {
  ExpectRejected("[[editions]]\ncode = \"EN\"\n", {"origin:2", "editions[0].code"});
  ExpectRejected("[[editions]]\nname = \"English\"\n", {"editions[0].code", "required"});
}

TEST(ParseConfigTest, DefaultEditionMustBeConfigured) {
  ExpectRejected("[site]\ndefault_edition = \"de\"\n", {"origin", "site.default_edition", "'de'"});
  // Replacing the editions without the default one is the same mistake.
  ExpectRejected("[[editions]]\ncode = \"fa\"\n", {"site.default_edition", "'en'"});
}

TEST(ParseConfigTest, DuplicateEditionCodesAreRejected) {
  ExpectRejected("[[editions]]\ncode = \"en\"\n\n[[editions]]\ncode = \"en\"\nname = \"Again\"\n",
                 {"origin", "'en'", "twice"});
}

TEST(ParseConfigTest, EditionsMustBeANonEmptyArrayOfTables) {
  ExpectRejected("editions = []\n", {"origin:1", "editions"});
  ExpectRejected("editions = [1, 2]\n", {"editions"});
  ExpectRejected("editions = \"en\"\n", {"editions"});
}

TEST(ParseConfigTest, LogLevelIsChecked) {
  for (const char* level : {"trace", "debug", "info", "warn", "error", "off"}) {
    auto parsed = ParseConfig(std::string("[log]\nlevel = \"") + level + "\"\n", kOrigin);
    ASSERT_TRUE(parsed.has_value()) << level << ": " << parsed.error().message;
    EXPECT_EQ(parsed->log_level, level);
  }
  ExpectRejected("[log]\nlevel = \"verbose\"\n", {"origin:2", "log.level"});
  ExpectRejected("[log]\nlevel = \"INFO\"\n", {"log.level"});
}

TEST(ParseConfigTest, EditionsArrayReplacesTheDefaults) {
  auto parsed = ParseConfig(
      "[site]\n"
      "default_edition = \"de\"\n"
      "\n"
      "[[editions]]\n"
      "code = \"de\"\n"
      "name = \"Deutsch\"\n"
      "time_zone = \"Europe/Berlin\"\n",
      kOrigin);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  ASSERT_EQ(parsed->editions.size(), 1u);
  const Edition& de = parsed->editions[0];
  EXPECT_EQ(de.code, "de");
  EXPECT_EQ(de.name, "Deutsch");
  EXPECT_EQ(de.language, "de");  // Defaults to the code.
  EXPECT_EQ(de.locale, "de");    // Defaults to the language.
  EXPECT_EQ(de.direction, TextDirection::kLtr);
  EXPECT_EQ(de.time_zone, "Europe/Berlin");
  EXPECT_EQ(de.date_format, "d MMMM yyyy - HH:mm");
  EXPECT_EQ(FindEdition(parsed->editions, "en"), nullptr);
  EXPECT_EQ(FindEdition(parsed->editions, "fa"), nullptr);
  EXPECT_EQ(parsed->DefaultEdition().code, "de");
}

TEST(ParseConfigTest, EditionWithOnlyACodeGetsDefaults) {
  auto parsed = ParseConfig("[[editions]]\ncode = \"en\"\n", kOrigin);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  ASSERT_EQ(parsed->editions.size(), 1u);
  EXPECT_EQ(parsed->editions[0].name, "en");
  EXPECT_EQ(parsed->editions[0].time_zone, "UTC");
  EXPECT_TRUE(parsed->editions[0].house_rules.empty());
}

TEST(ParseConfigTest, TomlSyntaxErrorNamesTheLine) {
  ExpectRejected("data_dir = \"var\"\n[server\nport = 1\n", {"origin:2"});
  ExpectRejected("data_dir = \"var\"\ndata_dir = \"again\"\n", {"origin:2"});
}

TEST(LoadConfigTest, MissingFileIsNotFound) {
  auto config = LoadConfig(testing::TempDir() + "/herald-config-test-does-not-exist.toml");
  ASSERT_FALSE(config.has_value());
  EXPECT_EQ(config.error().code, ErrorCode::kNotFound);
}

TEST(LoadConfigTest, ErrorsNameTheFilePath) {
  std::string path = testing::TempDir() + "/herald-config-test-bad.toml";
  {
    std::ofstream out(path, std::ios::binary);
    out << "[server]\nprot = 1\n";
  }
  auto config = LoadConfig(path);
  std::remove(path.c_str());
  ASSERT_FALSE(config.has_value());
  EXPECT_NE(config.error().message.find(path + ":2"), std::string::npos) << config.error().message;
  EXPECT_NE(config.error().message.find("server.prot"), std::string::npos)
      << config.error().message;
}

TEST(ValidateConfigTest, CatchesCrossFieldMistakes) {
  Config config = DefaultConfig();
  EXPECT_TRUE(ValidateConfig(config).has_value());

  Config no_editions = config;
  no_editions.editions.clear();
  EXPECT_FALSE(ValidateConfig(no_editions).has_value());

  Config bad_port = config;
  bad_port.server.port = 65536;
  EXPECT_FALSE(ValidateConfig(bad_port).has_value());

  Config no_address = config;
  no_address.server.address = "";
  EXPECT_FALSE(ValidateConfig(no_address).has_value());

  Config missing_default = config;
  missing_default.site.default_edition = "de";
  EXPECT_FALSE(ValidateConfig(missing_default).has_value());
}

TEST(DatabaseUrlTest, DefaultsToFileInDataDir) {
  Config config = DefaultConfig();
  EXPECT_EQ(config.DatabaseUrl(), "var/herald.db");
  config.data_dir = "/srv/herald";
  EXPECT_EQ(config.DatabaseUrl(), "/srv/herald/herald.db");
  config.data_dir = "";
  EXPECT_EQ(config.DatabaseUrl(), "./herald.db");
}

TEST(DatabaseUrlTest, ExplicitDatabaseWins) {
  Config config = DefaultConfig();
  config.database = "/var/lib/herald/news.db";
  EXPECT_EQ(config.DatabaseUrl(), "/var/lib/herald/news.db");
  auto parsed = ParseConfig("database = \"other.db\"\n", kOrigin);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->DatabaseUrl(), "other.db");
}

}  // namespace
}  // namespace herald

namespace herald {
namespace {

TEST(ModerationConfigTest, EnglishDefaultsMatchThePolicyStructAndAcceptEnglishOnly) {
  Config config = DefaultConfig();
  const moderation::Policy& en = config.PolicyFor("en");
  moderation::Policy plain;
  EXPECT_EQ(en.languages, std::vector<std::string>{"en"});
  EXPECT_EQ(en.phases, plain.phases);
  EXPECT_EQ(en.mode, plain.mode);
  EXPECT_EQ(en.trusted_after, plain.trusted_after);
  EXPECT_EQ(en.max_length, plain.max_length);
  EXPECT_EQ(en.min_form_seconds, plain.min_form_seconds);
  EXPECT_EQ(en.max_links, plain.max_links);
  EXPECT_EQ(en.per_address_per_minute, plain.per_address_per_minute);
  EXPECT_EQ(en.per_identity_per_minute, plain.per_identity_per_minute);
  EXPECT_FLOAT_EQ(en.abuse_nudge, plain.abuse_nudge);
  EXPECT_FLOAT_EQ(en.abuse_hold, plain.abuse_hold);
  EXPECT_FLOAT_EQ(en.abuse_reject, plain.abuse_reject);
  EXPECT_EQ(config.PolicyFor("fa").languages, std::vector<std::string>{"fa"});
}

TEST(ModerationConfigTest, ReadsEveryKeyAndHouseRules) {
  auto config = ParseConfig(R"toml(
[[editions]]
code = "en"
comment_languages = ["en", "fr"]
[editions.moderation]
mode = "pre"
phases = ["normalise", "spam", "house_rules"]
trusted_after = 3
max_length = 800
abuse_nudge = 0.4
abuse_hold = 0.6
abuse_reject = 0.9
banned_words = ["grotty"]
[[editions.moderation.house_rules]]
name = "no phone numbers"
pattern = "[0-9]{7,}"
action = "reject"
message = "No phone numbers, please."
)toml",
                            kOrigin);
  ASSERT_TRUE(config.has_value()) << config.error().message;
  const moderation::Policy& p = config->PolicyFor("en");
  EXPECT_EQ(p.mode, CommentMode::kPre);
  EXPECT_EQ(p.languages, (std::vector<std::string>{"en", "fr"}));
  EXPECT_EQ(p.phases.size(), 3U);
  EXPECT_EQ(p.trusted_after, 3);
  EXPECT_EQ(p.max_length, 800U);
  EXPECT_FLOAT_EQ(p.abuse_hold, 0.6f);
  EXPECT_EQ(p.banned_words, std::vector<std::string>{"grotty"});
  ASSERT_EQ(p.house_rules.size(), 1U);
  EXPECT_EQ(p.house_rules[0].outcome, CommentStatus::kRejected);
  EXPECT_EQ(p.house_rules[0].message, "No phone numbers, please.");
}

TEST(ModerationConfigTest, BadValuesNameTheKey) {
  const std::string head = "[[editions]]\ncode = \"en\"\n[editions.moderation]\n";
  ExpectRejected(head + "mode = \"sometimes\"\n", {"editions[0].moderation.mode"});
  ExpectRejected(head + "phases = [\"telepathy\"]\n", {"phases", "telepathy"});
  ExpectRejected(head + "abuse_hold = 1.5\n", {"abuse_hold"});
  ExpectRejected(head + "abuse_nudge = 0.9\nabuse_hold = 0.5\n", {"abuse_hold"});
  ExpectRejected(head + "max_lenght = 10\n", {"unknown key", "max_lenght"});
  ExpectRejected(head + "[[editions.moderation.house_rules]]\nname = \"x\"\n", {"pattern"});
  ExpectRejected(head + "[[editions.moderation.house_rules]]\npattern = \"x\"\naction = \"ban\"\n",
                 {"action"});
}

}  // namespace
}  // namespace herald

namespace herald {
namespace {

TEST(DeskConfigTest, KeysParseAndBadValuesNameTheKey) {
  auto parsed = ParseConfig(
      "[desk]\nsession_idle_minutes = 45\nlogin_max_failures = 3\nsecure_cookies = \"always\"\n",
      kOrigin);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->desk.session_idle_minutes, 45);
  EXPECT_EQ(parsed->desk.login_max_failures, 3);
  EXPECT_EQ(parsed->desk.max_image_kib, DeskConfig().max_image_kib);
  EXPECT_TRUE(parsed->SecureCookies());
  ExpectRejected("[desk]\nsecure_cookies = \"sometimes\"\n", {"desk.secure_cookies", "auto"});
  ExpectRejected("[desk]\nlogin_max_failures = 0\n", {"desk.login_max_failures"});
  ExpectRejected("[desk]\nsesion_idle_minutes = 5\n", {"desk.sesion_idle_minutes"});
}

TEST(SiteConfigTest, SecurityContactMustBeAMailtoOrHttpsUrl) {
  auto parsed = ParseConfig(
      "[site]\nsecurity_contact = \"mailto:security@agency.example\"\n"
      "security_policy = \"https://agency.example/disclosure\"\n",
      kOrigin);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  EXPECT_EQ(parsed->site.security_contact, "mailto:security@agency.example");
  EXPECT_EQ(parsed->site.security_policy, "https://agency.example/disclosure");
  EXPECT_TRUE(DefaultConfig().site.security_contact.empty());
  ExpectRejected("[site]\nsecurity_contact = \"security@agency.example\"\n",
                 {"site.security_contact", "mailto:"});
  ExpectRejected("[site]\nsecurity_contact = \"http://agency.example/\"\n",
                 {"site.security_contact"});
  ExpectRejected("[site]\nsecurity_policy = \"https://a.example/\\nX: y\"\n",
                 {"site.security_policy"});
}

TEST(DeskConfigTest, CookiesAreSecureWhenTheSiteIsHttps) {
  Config c = DefaultConfig();
  EXPECT_FALSE(c.SecureCookies());
  c.site.base_url = "https://news.example.org";
  EXPECT_TRUE(c.SecureCookies());
  c.desk.secure_cookies = "never";
  EXPECT_FALSE(c.SecureCookies());
}

}  // namespace
}  // namespace herald
