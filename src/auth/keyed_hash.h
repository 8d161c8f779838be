// Keyed hashes and signed form tokens, for data Herald must recognise
// without keeping: client addresses, commenters' identities, the comment
// form's issue time.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.h"

namespace herald {

// Returns `n` random bytes (libsodium's CSPRNG), for new secrets.
std::string RandomBytes(size_t n);

// Returns the 32-byte BLAKE2b MAC of `data` under `key` (16..64 bytes), raw.
// Without the key, the hash of an IP address cannot be reversed by trying
// every address.
std::string KeyedHash(std::string_view key, std::string_view data);

// Returns lowercase hex of raw bytes.
std::string ToHex(std::string_view bytes);

// Returns a token "ISSUED.MAC" binding `scope` (e.g. an article id) to the
// time it was issued, for a form to send back.
std::string IssueFormToken(std::string_view key, std::string_view scope, int64_t issued_at);

// Returns the token's age in seconds at `now` if it was issued under `key`
// for `scope` at most `max_age` seconds ago; kInvalidArgument otherwise.
Result<int64_t> CheckFormToken(std::string_view key, std::string_view scope, std::string_view token,
                               int64_t now, int64_t max_age);

}  // namespace herald
