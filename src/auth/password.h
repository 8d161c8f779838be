// Desk passwords: argon2id hashes (libsodium), the rules a new password must
// meet, and generated passwords for `herald user add`.
//
// Hashing is deliberately slow and memory-hard (libsodium's "interactive"
// limits: 2 passes over 64 MiB, about 0.1 s), so a stolen database does not
// give up passwords cheaply. Callers must not hash on a hot path.
#pragma once

#include <string>
#include <string_view>

#include "common/result.h"

namespace herald {

inline constexpr size_t kMinPasswordChars = 12;
inline constexpr size_t kMaxPasswordBytes = 1024;

// Returns the argon2id hash of `password` in PHC string form
// ("$argon2id$v=19$m=65536,t=2,p=1$..."). kInternal when memory runs out.
Result<std::string> HashPassword(std::string_view password);

// Returns true iff `password` matches `hash` (a HashPassword result). A
// malformed hash matches nothing. Takes as long as hashing.
bool VerifyPassword(std::string_view hash, std::string_view password);

// Spends the time a VerifyPassword would, for a login naming no account, so
// response times do not tell which emails have accounts.
void VerifyNothing(std::string_view password);

// Returns true when `hash` was made with weaker limits than HashPassword
// uses now and should be replaced at the next successful login.
bool PasswordNeedsRehash(std::string_view hash);

// Checks a new password: valid UTF-8, at least kMinPasswordChars code
// points, at most kMaxPasswordBytes, not all one character, and not one of
// the most common passwords. kInvalidArgument with a message a person can
// act on otherwise.
Result<void> CheckNewPassword(std::string_view password);

// Returns a new random password of 20 characters from an alphabet without
// look-alike characters (about 115 bits).
std::string GeneratePassword();

}  // namespace herald
