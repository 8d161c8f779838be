#include "auth/api_token.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <string_view>

namespace herald {
namespace {

class ApiTokenTest : public testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(InitCrypto()); }
};

bool IsLowerHex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string ToHex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 0xF];
  }
  return out;
}

TEST_F(ApiTokenTest, GeneratedTokenIsPrefixedHex) {
  std::string token = GenerateApiToken();
  ASSERT_EQ(token.size(), 4u + 64u) << token;
  EXPECT_EQ(token.substr(0, 4), "hld_");
  EXPECT_TRUE(IsLowerHex(token.substr(4))) << token;
}

TEST_F(ApiTokenTest, GeneratedTokensDiffer) {
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) seen.insert(GenerateApiToken());
  EXPECT_EQ(seen.size(), 50u);
}

TEST_F(ApiTokenTest, HashIsRawSha256) {
  EXPECT_EQ(HashApiToken("").size(), 32u);
  // Known SHA-256 test vectors.
  EXPECT_EQ(ToHex(HashApiToken("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(ToHex(HashApiToken("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(ApiTokenTest, HashIsDeterministicAndDiffersPerToken) {
  std::string a = GenerateApiToken();
  std::string b = GenerateApiToken();
  std::string hash_a = HashApiToken(a);
  EXPECT_EQ(hash_a.size(), 32u);
  EXPECT_EQ(HashApiToken(a), hash_a);
  EXPECT_NE(HashApiToken(b), hash_a);
  // Tokens differing in one character hash differently.
  std::string a2 = a;
  a2.back() = a2.back() == '0' ? '1' : '0';
  EXPECT_NE(HashApiToken(a2), hash_a);
}

TEST_F(ApiTokenTest, HashCoversBytesAfterNul) {
  using namespace std::string_literals;
  EXPECT_NE(HashApiToken("ab\0c"s), HashApiToken("ab"));
}

TEST_F(ApiTokenTest, BearerTokenExtractsTheCredential) {
  auto t = BearerToken("Bearer hld_abc123");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(*t, "hld_abc123");
}

TEST_F(ApiTokenTest, BearerSchemeIsCaseInsensitive) {
  for (const char* header : {"bearer x", "BEARER x", "BeArEr x"}) {
    auto t = BearerToken(header);
    ASSERT_TRUE(t.has_value()) << header;
    EXPECT_EQ(*t, "x") << header;
  }
}

TEST_F(ApiTokenTest, BearerTokenToleratesSurroundingSpaces) {
  auto t = BearerToken("  Bearer   tok  ");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(*t, "tok");
}

TEST_F(ApiTokenTest, GeneratedTokenSurvivesTheHeader) {
  std::string token = GenerateApiToken();
  std::string header = "Bearer " + token;
  auto t = BearerToken(header);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(*t, token);
}

TEST_F(ApiTokenTest, BearerTokenRejectsOtherSchemesAndEmptyCredentials) {
  for (const char* header : {"", "   ", "Basic x", "Basic dXNlcjpwYXNz", "Bearer", "Bearer ",
                             "Bearer    ", "Bearerx", "Bearer-x", "x", "Token x", "Bear x"}) {
    EXPECT_FALSE(BearerToken(header).has_value()) << "accepted '" << header << "'";
  }
}

TEST_F(ApiTokenTest, BearerTokenRejectsOverlongCredentials) {
  std::string ok = "Bearer " + std::string(200, 'a');
  auto t = BearerToken(ok);
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->size(), 200u);
  EXPECT_FALSE(BearerToken("Bearer " + std::string(201, 'a')).has_value());
  EXPECT_FALSE(BearerToken("Bearer " + std::string(100000, 'a')).has_value());
}

// RFC 6750 b64token: 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"=".
// A credential with a space inside is not a well-formed bearer token.
TEST_F(ApiTokenTest, BearerTokenRejectsInnerWhitespace) {
  EXPECT_FALSE(BearerToken("Bearer abc def").has_value());
  EXPECT_FALSE(BearerToken("Bearer abc\tdef").has_value());
}

}  // namespace
}  // namespace herald
