// Test support for web/: a throwaway site (an SQLite store in a scratch
// directory, a config, an App) that tests call without a socket.
#pragma once

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>

#include "auth/api_token.h"
#include "web/app.h"

namespace herald::testing_support {

// Returns a new, empty directory under the system's temporary directory.
inline std::filesystem::path MakeScratchDir(const std::string& prefix) {
  static std::atomic<int> counter{0};
  std::random_device rd;
  for (int attempt = 0; attempt < 100; ++attempt) {
    std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                (prefix + "-" + std::to_string(::getpid()) + "-" +
                                 std::to_string(counter++) + "-" + std::to_string(rd()));
    if (std::filesystem::create_directory(dir)) return dir;
  }
  throw std::runtime_error("cannot create a scratch directory");
}

inline testing::AssertionResult Has(const std::string& text, const std::string& needle) {
  if (text.find(needle) != std::string::npos) return testing::AssertionSuccess();
  return testing::AssertionFailure() << "missing: " << needle << "\n--- in:\n" << text;
}

inline testing::AssertionResult Lacks(const std::string& text, const std::string& needle) {
  if (text.find(needle) == std::string::npos) return testing::AssertionSuccess();
  return testing::AssertionFailure() << "unexpected: " << needle << "\n--- in:\n" << text;
}

// Parses a JSON response body, or returns a discarded value.
inline nlohmann::json Body(const Response& r) {
  return nlohmann::json::parse(r.body, nullptr, /*allow_exceptions=*/false);
}

// A site with an empty store; Start() builds the App from config().
class TestSite {
 public:
  TestSite() : scratch_(MakeScratchDir("herald-web-test")) {
    if (!InitCrypto()) throw std::runtime_error("libsodium");
    auto opened = OpenStore((scratch_ / "herald.db").string());
    if (!opened) throw std::runtime_error(opened.error().message);
    store_ = std::move(*opened);
    config_ = DefaultConfig();
    config_.data_dir = scratch_.string();
  }
  ~TestSite() {
    app_.reset();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(scratch_, ec);
  }
  TestSite(const TestSite&) = delete;
  TestSite& operator=(const TestSite&) = delete;

  // (Re)builds the App from config(); `comments` (built on store()) must
  // outlive it.
  void Start(CommentService* comments = nullptr) {
    app_ = std::make_unique<App>(config_, *store_, comments);
  }

  Store& store() { return *store_; }
  Config& config() { return config_; }
  App& app() { return *app_; }
  const std::filesystem::path& scratch() const { return scratch_; }

  // The address the next calls come from (as the server would resolve it).
  std::string client_address = "127.0.0.1";

  // Answers one request; the body is always in `body` (shared or not).
  Response Call(Method method, const std::string& path, std::string body = "",
                HeaderList headers = {}, HeaderList query = {}) {
    Request r;
    r.method = method;
    r.path = path;
    r.body = std::move(body);
    r.headers = std::move(headers);
    r.query = std::move(query);
    r.client_address = client_address;
    Response response = app_->Handle(r);
    if (response.shared_body) response.body = *response.shared_body;
    return response;
  }

 private:
  std::filesystem::path scratch_;
  std::unique_ptr<Store> store_;
  Config config_;
  std::unique_ptr<App> app_;
};

}  // namespace herald::testing_support
