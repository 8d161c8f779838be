#include "cli/cli_common.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace herald::cli {

void AddCommonOptions(CLI::App* cmd, CommonOptions& o) {
  cmd->add_option("--config", o.config_file, "TOML config file (default: built-in defaults)");
  cmd->add_option("--data", o.data_dir, "Data directory (default: ./var)");
  cmd->add_option("--database", o.database,
                  "Database URL: an SQLite file path (default: <data>/herald.db)");
}

void Die(const std::string& message, int code) {
  std::cerr << "herald: " << message << "\n";
  std::exit(code);
}

Config ResolveConfig(const CommonOptions& o) {
  Config config;
  if (!o.config_file.empty()) {
    auto loaded = LoadConfig(o.config_file);
    if (!loaded) Die(loaded.error().message, 2);
    config = std::move(*loaded);
  } else {
    config = DefaultConfig();
  }
  if (!o.data_dir.empty()) config.data_dir = o.data_dir;
  if (!o.database.empty()) config.database = o.database;
  return config;
}

void InitLogging(const Config& config) {
  // Logs go to stderr; stdout carries only what a command prints for people
  // and scripts (the listening address, a new token).
  spdlog::set_default_logger(spdlog::stderr_color_mt("herald"));
  spdlog::set_level(spdlog::level::from_str(config.log_level));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %v");
}

std::unique_ptr<Store> OpenConfiguredStore(const Config& config) {
  std::error_code ec;
  if (config.database.empty()) {
    std::filesystem::create_directories(config.data_dir, ec);
    if (ec) Die("cannot create data directory " + config.data_dir + ": " + ec.message());
  }
  auto store = OpenStore(config.DatabaseUrl());
  if (!store) Die(store.error().message);
  return std::move(*store);
}

std::optional<std::string> ReadFile(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot read file";
    return std::nullopt;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace herald::cli
