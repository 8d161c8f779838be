#include "auth/password.h"

#include <sodium.h>

#include <array>
#include <string>

#include "common/text.h"

namespace herald {
namespace {

constexpr unsigned long long kOpsLimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr size_t kMemLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

// The passwords attackers try first (from published breach statistics),
// lowercased; only those of kMinPasswordChars or more can reach the check.
constexpr std::array<std::string_view, 24> kCommonPasswords = {
    "123456789012",  "1234567890123", "12345678901234", "123123123123", "111111111111",
    "000000000000",  "password1234",  "password12345",  "passw0rd1234", "qwerty123456",
    "qwertyuiop12",  "1qaz2wsx3edc",  "1q2w3e4r5t6y",   "abcdefghijkl", "abc123456789",
    "administrator", "letmein12345",  "welcome12345",   "changeme1234", "iloveyou1234",
    "football1234",  "superman1234",  "herald123456",   "newsroom1234",
};

std::string DummyHash() {
  static const std::string hash = [] {
    auto h = HashPassword("not a password anyone has: herald timing guard");
    return h ? *h : std::string();
  }();
  return hash;
}

}  // namespace

Result<std::string> HashPassword(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), kOpsLimit, kMemLimit) != 0) {
    return Fail(ErrorCode::kInternal, "argon2id: out of memory");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  std::string terminated(hash);  // libsodium reads a C string.
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

void VerifyNothing(std::string_view password) { (void)VerifyPassword(DummyHash(), password); }

bool PasswordNeedsRehash(std::string_view hash) {
  std::string terminated(hash);
  return crypto_pwhash_str_needs_rehash(terminated.c_str(), kOpsLimit, kMemLimit) != 0;
}

Result<void> CheckNewPassword(std::string_view password) {
  if (!IsValidUtf8(password)) return Fail(ErrorCode::kInvalidArgument, "password: not valid UTF-8");
  if (password.size() > kMaxPasswordBytes) {
    return Fail(ErrorCode::kInvalidArgument, "password: at most 1024 bytes");
  }
  if (CountCodePoints(password) < kMinPasswordChars) {
    return Fail(ErrorCode::kInvalidArgument,
                "password: at least " + std::to_string(kMinPasswordChars) + " characters");
  }
  if (password.find_first_not_of(password[0]) == std::string_view::npos) {
    return Fail(ErrorCode::kInvalidArgument, "password: must not repeat one character");
  }
  std::string lower = AsciiLower(password);
  for (std::string_view common : kCommonPasswords) {
    if (lower == common) {
      return Fail(ErrorCode::kInvalidArgument,
                  "password: one of the most common passwords; choose another");
    }
  }
  return {};
}

std::string GeneratePassword() {
  // No 0/O, 1/l/I: a generated password is often read off a screen.
  static constexpr std::string_view kAlphabet =
      "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string out;
  for (int i = 0; i < 20; ++i) {
    out.push_back(kAlphabet[randombytes_uniform(static_cast<uint32_t>(kAlphabet.size()))]);
  }
  return out;
}

}  // namespace herald
