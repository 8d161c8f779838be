#include "auth/password.h"

#include <gtest/gtest.h>

#include <set>

#include "auth/api_token.h"

namespace herald {
namespace {

class PasswordTest : public testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_TRUE(InitCrypto()); }
};

TEST_F(PasswordTest, HashesAreArgon2idAndSaltedAndVerify) {
  auto a = HashPassword("correct horse battery");
  auto b = HashPassword("correct horse battery");
  ASSERT_TRUE(a.has_value());
  ASSERT_TRUE(b.has_value());
  EXPECT_TRUE(a->starts_with("$argon2id$")) << *a;
  EXPECT_NE(*a, *b);  // A fresh salt each time.
  EXPECT_TRUE(VerifyPassword(*a, "correct horse battery"));
  EXPECT_TRUE(VerifyPassword(*b, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(*a, "correct horse batterY"));
  EXPECT_FALSE(VerifyPassword(*a, ""));
  EXPECT_FALSE(PasswordNeedsRehash(*a));
}

TEST_F(PasswordTest, MalformedHashesMatchNothing) {
  EXPECT_FALSE(VerifyPassword("", "x"));
  EXPECT_FALSE(VerifyPassword("$argon2id$garbage", "x"));
  EXPECT_FALSE(VerifyPassword(std::string(500, 'a'), "x"));
}

TEST_F(PasswordTest, WeakerHashesAskToBeRehashed) {
  // A hash made with libsodium's minimum limits, as an old release might have.
  const char* weak = "$argon2id$v=19$m=8,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$yPk2Dw9c1Vv8Y2qyT2zC1A";
  EXPECT_TRUE(PasswordNeedsRehash(weak));
}

TEST_F(PasswordTest, NewPasswordsMustBeReasonable) {
  EXPECT_TRUE(CheckNewPassword("a long enough secret").has_value());
  EXPECT_TRUE(CheckNewPassword("ده‌کلمه‌ای رمز خوب")
                  .has_value());  // Counted in characters.
  EXPECT_FALSE(CheckNewPassword("short").has_value());
  EXPECT_FALSE(CheckNewPassword("aaaaaaaaaaaaaaa").has_value());
  EXPECT_FALSE(CheckNewPassword("elevenchars").has_value());
  EXPECT_FALSE(CheckNewPassword("Password1234").has_value());  // Common, whatever the case.
  EXPECT_FALSE(CheckNewPassword(std::string(1025, 'x') + "y").has_value());
  EXPECT_FALSE(CheckNewPassword("\xff\xfe invalid utf-8 bytes").has_value());
}

TEST_F(PasswordTest, GeneratedPasswordsAreLongDistinctAndAcceptable) {
  std::set<std::string> seen;
  for (int i = 0; i < 20; ++i) {
    std::string p = GeneratePassword();
    EXPECT_EQ(p.size(), 20u);
    EXPECT_EQ(p.find_first_of("0O1lI"), std::string::npos) << p;
    EXPECT_TRUE(CheckNewPassword(p).has_value()) << p;
    seen.insert(p);
  }
  EXPECT_EQ(seen.size(), 20u);
}

}  // namespace
}  // namespace herald
