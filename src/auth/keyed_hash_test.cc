#include "auth/keyed_hash.h"

#include <gtest/gtest.h>

#include "auth/api_token.h"

namespace herald {
namespace {

TEST(KeyedHashTest, DependsOnKeyAndData) {
  ASSERT_TRUE(InitCrypto());
  std::string key(32, 'k');
  std::string other(32, 'o');
  EXPECT_EQ(KeyedHash(key, "10.0.0.1").size(), 32U);
  EXPECT_EQ(KeyedHash(key, "10.0.0.1"), KeyedHash(key, "10.0.0.1"));
  EXPECT_NE(KeyedHash(key, "10.0.0.1"), KeyedHash(key, "10.0.0.2"));
  EXPECT_NE(KeyedHash(key, "10.0.0.1"), KeyedHash(other, "10.0.0.1"));
  EXPECT_EQ(ToHex("\x01\xab"), "01ab");
  EXPECT_EQ(RandomBytes(32).size(), 32U);
  EXPECT_NE(RandomBytes(32), RandomBytes(32));
}

TEST(FormTokenTest, AcceptsItsOwnTokenAndReportsItsAge) {
  std::string key(32, 'k');
  std::string token = IssueFormToken(key, "425881", 1000);
  auto age = CheckFormToken(key, "425881", token, 1012, 3600);
  ASSERT_TRUE(age.has_value());
  EXPECT_EQ(*age, 12);
}

TEST(FormTokenTest, RefusesForgedExpiredAndMisplacedTokens) {
  std::string key(32, 'k');
  std::string token = IssueFormToken(key, "425881", 1000);
  EXPECT_FALSE(CheckFormToken(key, "425882", token, 1012, 3600));
  EXPECT_FALSE(CheckFormToken(std::string(32, 'x'), "425881", token, 1012, 3600));
  EXPECT_FALSE(CheckFormToken(key, "425881", token, 1000 + 3601, 3600));
  EXPECT_FALSE(CheckFormToken(key, "425881", "999." + token.substr(5), 1012, 3600));
  EXPECT_FALSE(CheckFormToken(key, "425881", "", 1012, 3600));
  EXPECT_FALSE(CheckFormToken(key, "425881", "abc.def", 1012, 3600));
}

}  // namespace
}  // namespace herald
