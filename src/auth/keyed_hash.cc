#include "auth/keyed_hash.h"

#include <sodium.h>

#include <charconv>

namespace herald {

std::string RandomBytes(size_t n) {
  std::string out(n, '\0');
  randombytes_buf(out.data(), n);
  return out;
}

std::string KeyedHash(std::string_view key, std::string_view data) {
  std::string out(crypto_generichash_BYTES, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(out.data()), out.size(),
                     reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                     reinterpret_cast<const unsigned char*>(key.data()), key.size());
  return out;
}

std::string ToHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  return out;
}

namespace {

std::string FormMac(std::string_view key, std::string_view scope, int64_t issued_at) {
  std::string data = "form\n";
  data.append(scope);
  data += "\n" + std::to_string(issued_at);
  return ToHex(KeyedHash(key, data)).substr(0, 32);
}

}  // namespace

std::string IssueFormToken(std::string_view key, std::string_view scope, int64_t issued_at) {
  return std::to_string(issued_at) + "." + FormMac(key, scope, issued_at);
}

Result<int64_t> CheckFormToken(std::string_view key, std::string_view scope, std::string_view token,
                               int64_t now, int64_t max_age) {
  size_t dot = token.find('.');
  int64_t issued_at = 0;
  std::string issued(token.substr(0, dot == std::string_view::npos ? 0 : dot));
  if (dot == std::string_view::npos ||
      std::from_chars(issued.data(), issued.data() + issued.size(), issued_at).ec != std::errc()) {
    return Fail(ErrorCode::kInvalidArgument, "the form token is malformed");
  }
  std::string expected = FormMac(key, scope, issued_at);
  std::string_view mac = token.substr(dot + 1);
  if (mac.size() != expected.size() ||
      sodium_memcmp(mac.data(), expected.data(), expected.size()) != 0) {
    return Fail(ErrorCode::kInvalidArgument, "the form token is not valid for this page");
  }
  int64_t age = now - issued_at;
  if (age < -60 || age > max_age) {
    return Fail(ErrorCode::kInvalidArgument, "the form has expired; reload the page");
  }
  return age < 0 ? 0 : age;
}

}  // namespace herald
