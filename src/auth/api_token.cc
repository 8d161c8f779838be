#include "auth/api_token.h"

#include <sodium.h>

#include "common/text.h"

namespace herald {

bool InitCrypto() { return sodium_init() >= 0; }

std::string GenerateSecret(std::string_view prefix) {
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  char hex[sizeof raw * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
  sodium_memzero(raw, sizeof raw);
  return std::string(prefix) + hex;
}

std::string GenerateApiToken() { return GenerateSecret("hld_"); }

std::string HashApiToken(std::string_view token) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}

std::optional<std::string_view> BearerToken(std::string_view authorization) {
  std::string_view v = Trim(authorization);
  constexpr std::string_view kScheme = "bearer ";
  if (v.size() <= kScheme.size() || AsciiLower(v.substr(0, kScheme.size())) != kScheme) {
    return std::nullopt;
  }
  std::string_view token = Trim(v.substr(kScheme.size()));
  if (token.empty() || token.size() > 200) return std::nullopt;
  if (token.find_first_of(" \t\r\n") != std::string_view::npos) return std::nullopt;
  return token;
}

}  // namespace herald
