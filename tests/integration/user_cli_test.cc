// `herald user ...` and `herald token create --role`, run as the real binary.
#include <gtest/gtest.h>

#include <sstream>

#include "support/herald_process.h"
#include "support/http_client.h"

namespace herald::testing {
namespace {

TEST(UserCli, AddListAndResetPasswords) {
  TempDir dir;
  const std::string data = dir.path();
  CommandResult added = RunHerald({"user", "add", "--data", data, "--role", "editor", "--name",
                                   "Ed Itor", "--password-stdin", "Ed@Example.org"},
                                  "a long enough secret\n");
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_TRUE(added.out.empty()) << "a password the user typed is never echoed: " << added.out;

  // Without a terminal and without --password-stdin a password is generated
  // and printed once, on stdout.
  CommandResult generated =
      RunHerald({"user", "add", "--data", data, "--role", "admin", "admin@example.org"});
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  EXPECT_EQ(generated.out.size(), 21u) << generated.out;  // 20 characters and a newline.

  CommandResult list = RunHerald({"user", "list", "--data", data});
  ASSERT_EQ(list.exit_code, 0);
  EXPECT_NE(list.out.find("ed@example.org\teditor\tEd Itor\tactive"), std::string::npos)
      << list.out;
  EXPECT_NE(list.out.find("admin@example.org\tadmin"), std::string::npos) << list.out;
  EXPECT_EQ(list.out.find("argon2"), std::string::npos);

  CommandResult twice = RunHerald(
      {"user", "add", "--data", data, "--role", "editor", "--password-stdin", "ed@example.org"},
      "a long enough secret\n");
  EXPECT_EQ(twice.exit_code, 3);
  EXPECT_NE(twice.err.find("exists"), std::string::npos) << twice.err;

  CommandResult weak = RunHerald(
      {"user", "add", "--data", data, "--role", "editor", "--password-stdin", "weak@example.org"},
      "short\n");
  EXPECT_EQ(weak.exit_code, 2);
  EXPECT_NE(weak.err.find("at least 12 characters"), std::string::npos) << weak.err;

  CommandResult role =
      RunHerald({"user", "add", "--data", data, "--role", "chief", "x@example.org"});
  EXPECT_EQ(role.exit_code, 2);
  CommandResult email = RunHerald({"user", "add", "--data", data, "--role", "editor", "nobody"});
  EXPECT_EQ(email.exit_code, 2);

  CommandResult reset =
      RunHerald({"user", "password", "--data", data, "--password-stdin", "ed@example.org"},
                "another long secret\n");
  EXPECT_EQ(reset.exit_code, 0) << reset.err;
  CommandResult missing =
      RunHerald({"user", "password", "--data", data, "--password-stdin", "ghost@example.org"},
                "another long secret\n");
  EXPECT_EQ(missing.exit_code, 3);
}

TEST(UserCli, TokensActWithTheirRole) {
  HeraldServer server;
  CommandResult made = RunHerald({"token", "create", "--data", server.data_dir(), "--name",
                                  "moderation-bot", "--role", "moderator"});
  ASSERT_EQ(made.exit_code, 0) << made.err;
  std::string token = made.out.substr(0, made.out.find('\n'));
  HttpResponse create = FetchApi(server.port(), "POST", "/api/v1/articles", token,
                                 R"({"edition":"en","section":"politics","headline":"x"})");
  EXPECT_EQ(create.status, 403) << create.body;
  HttpResponse me = FetchApi(server.port(), "GET", "/api/v1/me", token, "");
  EXPECT_EQ(me.status, 200);
  EXPECT_NE(me.body.find("\"role\":\"moderator\""), std::string::npos) << me.body;
  EXPECT_NE(
      RunHerald({"token", "create", "--data", server.data_dir(), "--name", "x", "--role", "boss"})
          .exit_code,
      0);
  // Listed without its secret, and revoked: refused at once.
  CommandResult list = RunHerald({"token", "list", "--data", server.data_dir()});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("\tmoderator\t"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("\tmoderation-bot\n"), std::string::npos) << list.out;
  EXPECT_EQ(list.out.find(token), std::string::npos) << "the secret is never shown again";
  std::string id;
  std::istringstream lines(list.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.ends_with("\tmoderation-bot")) id = line.substr(0, line.find('\t'));
  }
  ASSERT_FALSE(id.empty()) << list.out;
  ASSERT_EQ(RunHerald({"token", "revoke", "--data", server.data_dir(), id}).exit_code, 0);
  EXPECT_EQ(FetchApi(server.port(), "GET", "/api/v1/me", token, "").status, 401);
  EXPECT_NE(RunHerald({"token", "revoke", "--data", server.data_dir(), id}).exit_code, 0)
      << "revoking twice";
  // A role must be chosen: leaving it out is an error, not an admin token.
  CommandResult no_role =
      RunHerald({"token", "create", "--data", server.data_dir(), "--name", "y"});
  EXPECT_NE(no_role.exit_code, 0);
  EXPECT_NE(no_role.err.find("--role"), std::string::npos) << no_role.err;
}

}  // namespace
}  // namespace herald::testing
