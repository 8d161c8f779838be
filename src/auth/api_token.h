// API tokens for the newsroom API: generated once, shown once, stored hashed.
//
// Tokens carry 256 bits of randomness, so a fast hash (SHA-256) is enough to
// keep a stolen database from revealing them; passwords, which people
// choose, get argon2id instead (desk accounts).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace herald {

// Initialises libsodium; call once at start-up. Returns false on failure.
bool InitCrypto();

// Returns a new secret token: "hld_" followed by 64 hex digits.
std::string GenerateApiToken();

// Returns a new random secret of 256 bits: `prefix` followed by 64 hex
// digits. Desk session cookies ("hs_") and CSRF tokens are made with it.
std::string GenerateSecret(std::string_view prefix);

// Returns the raw 32-byte SHA-256 of `token`, the form the store keeps.
std::string HashApiToken(std::string_view token);

// Extracts the token from an "Authorization: Bearer TOKEN" header value;
// nullopt when the header is not a well-formed bearer credential.
std::optional<std::string_view> BearerToken(std::string_view authorization);

}  // namespace herald
