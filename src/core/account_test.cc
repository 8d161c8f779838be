#include "core/account.h"

#include <gtest/gtest.h>

namespace herald {
namespace {

TEST(AccountTest, EachRoleDoesItsOwnJob) {
  EXPECT_TRUE(Allows(Role::kReporter, Permission::kWriteArticles));
  EXPECT_FALSE(Allows(Role::kReporter, Permission::kPublishArticles));
  EXPECT_FALSE(Allows(Role::kReporter, Permission::kModerateComments));
  EXPECT_TRUE(Allows(Role::kEditor, Permission::kPublishArticles));
  EXPECT_FALSE(Allows(Role::kEditor, Permission::kModerateComments));
  EXPECT_FALSE(Allows(Role::kEditor, Permission::kManageUsers));
  EXPECT_TRUE(Allows(Role::kModerator, Permission::kModerateComments));
  EXPECT_FALSE(Allows(Role::kModerator, Permission::kWriteArticles));
  EXPECT_FALSE(Allows(Role::kModerator, Permission::kReadAudit));
  for (Permission p :
       {Permission::kReadDrafts, Permission::kWriteArticles, Permission::kPublishArticles,
        Permission::kModerateComments, Permission::kManageSections, Permission::kManageUsers,
        Permission::kReadAudit}) {
    EXPECT_TRUE(Allows(Role::kAdmin, p)) << PermissionName(p);
    EXPECT_FALSE(PermissionName(p).empty());
  }
}

TEST(AccountTest, PermissionsOfARoleAreExactlyThoseItIsAllowed) {
  EXPECT_EQ(PermissionsOf(Role::kModerator),
            (std::vector<Permission>{Permission::kModerateComments}));
  EXPECT_EQ(PermissionsOf(Role::kReporter),
            (std::vector<Permission>{Permission::kReadDrafts, Permission::kWriteArticles}));
  EXPECT_EQ(PermissionsOf(Role::kAdmin).size(), 7u);
}

TEST(AccountTest, RoleNamesRoundTrip) {
  for (Role r : {Role::kReporter, Role::kEditor, Role::kModerator, Role::kAdmin}) {
    EXPECT_EQ(ParseRole(RoleName(r)), r);
  }
  EXPECT_FALSE(ParseRole("Admin").has_value());
  EXPECT_FALSE(ParseRole("").has_value());
}

TEST(AccountTest, EmailsAreNormalisedOrRefused) {
  EXPECT_EQ(*NormaliseEmail("  Sara@Example.ORG "), "sara@example.org");
  EXPECT_EQ(*NormaliseEmail(""), "");
  EXPECT_FALSE(NormaliseEmail("no-at-sign").has_value());
  EXPECT_FALSE(NormaliseEmail("two@@example.org").has_value());
  EXPECT_FALSE(NormaliseEmail("a b@example.org").has_value());
  EXPECT_FALSE(NormaliseEmail("<a@example.org>").has_value());
}

TEST(AccountTest, UsersNeedANormalisedEmailAndAName) {
  User u;
  u.email = "ed@example.org";
  u.name = "Ed";
  EXPECT_TRUE(ValidateUser(u).has_value());
  u.email = "Ed@example.org";
  EXPECT_FALSE(ValidateUser(u).has_value());
  u.email = "";
  EXPECT_FALSE(ValidateUser(u).has_value());
  u.email = "ed@example.org";
  u.name = "  ";
  EXPECT_FALSE(ValidateUser(u).has_value());
  u.name = std::string(121, 'x');
  EXPECT_FALSE(ValidateUser(u).has_value());
}

}  // namespace
}  // namespace herald
