// The herald command line: help, config validation, import, tokens.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "support/herald_process.h"
#include "support/http_client.h"

namespace herald::testing {
namespace {

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// An article page of our own, in the wire format of the reference page.
constexpr const char* kWireArticle =
    "3 March 2024 - 09:15\n"
    "News ID: 700123\n"
    "Herald Wire - Port Aster's harbour reopened on Sunday after a week of repairs.\n"
    "Cranes at the reopened harbour in Port Aster\n"
    "\n"
    "HWA -\xC2\xA0The harbour authority said all berths were back in use.\n"
    "\n"
    "\n"
    "Ferry services to the islands will resume on Monday.\n"
    "\n"
    "Send comment\n"
    "Please type in your comments in English.\n";

TEST(Cli, HelpListsEverySubcommand) {
  CommandResult r = RunHerald({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* cmd : {"serve", "init", "import", "demo", "token"}) {
    EXPECT_NE(r.out.find(cmd), std::string::npos) << cmd;
  }
}

TEST(Cli, UnknownConfigKeysAndBadValuesStopWithTheirName) {
  TempDir dir;
  std::string config = dir.path() + "/herald.toml";
  WriteFile(config, "[server]\nprot = 8080\n");
  CommandResult typo = RunHerald({"serve", "--config", config});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_NE(typo.err.find("server.prot"), std::string::npos) << typo.err;
  EXPECT_NE(typo.err.find("herald.toml:2"), std::string::npos) << typo.err;

  WriteFile(config, "[server]\nport = \"eighty\"\n");
  CommandResult bad = RunHerald({"serve", "--config", config});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("server.port"), std::string::npos) << bad.err;

  WriteFile(config, "[[editions]]\ncode = \"en\"\ntime_zone = \"Mars/Olympus\"\n");
  CommandResult zone = RunHerald({"serve", "--config", config});
  EXPECT_EQ(zone.exit_code, 2);
  EXPECT_NE(zone.err.find("time_zone"), std::string::npos) << zone.err;

  WriteFile(config, "[site]\ndefault_edition = \"de\"\n");
  CommandResult edition = RunHerald({"serve", "--config", config});
  EXPECT_EQ(edition.exit_code, 2);
  EXPECT_NE(edition.err.find("default_edition"), std::string::npos) << edition.err;
}

TEST(Cli, InitWritesAConfigThatLoads) {
  TempDir dir;
  std::string config = dir.path() + "/site.toml";
  CommandResult first = RunHerald({"init", "--config", config, "--data", dir.path() + "/var"});
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("wrote " + config), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("schema version 6"), std::string::npos) << first.out;
  CommandResult second = RunHerald({"init", "--config", config, "--data", dir.path() + "/var"});
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("kept existing"), std::string::npos);
}

TEST(Cli, ImportKeepsTheNewsIdAndUpdatesInsteadOfDuplicating) {
  HeraldServer server;
  std::string file = server.data_dir() + "/wire.txt";
  WriteFile(file, kWireArticle);
  for (int round = 0; round < 2; ++round) {
    CommandResult r =
        RunHerald({"import", "article", file, "--data", server.data_dir(), "--section", "economy",
                   "--headline", "Port Aster harbour reopens after repairs"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("imported News ID 700123"), std::string::npos) << r.out;
  }
  HttpResponse redirect = Get(server.port(), "/news/700123");
  ASSERT_EQ(redirect.status, 301);
  EXPECT_EQ(redirect.Header("location"),
            "/en/news/700123/port-aster-harbour-reopens-after-repairs");
  HttpResponse page = Get(server.port(), redirect.Header("location"));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find(">3 March 2024 - 09:15</time>"), std::string::npos);
  EXPECT_NE(page.body.find("<figcaption>Cranes at the reopened harbour in Port Aster</figcaption>"),
            std::string::npos);
  EXPECT_NE(
      page.body.find("<p>HWA -\xC2\xA0The harbour authority said all berths were back in use.</p>"),
      std::string::npos);
  EXPECT_EQ(page.body.find("Send comment</p>"), std::string::npos);
  // Exactly one article in the section, however many imports.
  HttpResponse list = Get(server.port(), "/api/v1/articles?edition=en&section=economy&limit=100");
  size_t n = 0;
  for (size_t pos = list.body.find("\"id\":700123"); pos != std::string::npos;
       pos = list.body.find("\"id\":700123", pos + 1)) {
    ++n;
  }
  EXPECT_EQ(n, 1u);
}

TEST(Cli, AResentWireFileDoesNotRepublishAWithdrawnStory) {
  HeraldServer server;
  std::string file = server.data_dir() + "/wire.txt";
  WriteFile(file, kWireArticle);
  std::vector<std::string> import = {"import", "article", file, "--data", server.data_dir()};
  ASSERT_EQ(RunHerald(import).exit_code, 0);
  std::string token = server.CreateToken();
  HttpRequest unpublish{
      "POST", "/api/v1/articles/700123/unpublish", {{"Authorization", "Bearer " + token}}, ""};
  ASSERT_EQ(Fetch(server.port(), unpublish).status, 200);
  CommandResult again = RunHerald(import);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(Get(server.port(), "/news/700123").status, 404);
}

TEST(Cli, MalformedImportsNameFileAndLineAndChangeNothing) {
  TempDir dir;
  std::string good = dir.path() + "/good.txt";
  std::string bad_date = dir.path() + "/bad-date.txt";
  std::string bad_id = dir.path() + "/bad-id.txt";
  std::string no_body = dir.path() + "/no-body.txt";
  WriteFile(good, kWireArticle);
  WriteFile(bad_date, "Yesterday at noon\nNews ID: 1\nLead\n\nPara\n");
  WriteFile(bad_id, "3 March 2024 - 09:15\nNews ID: twelve\nLead\n\nPara\n");
  WriteFile(no_body, "3 March 2024 - 09:15\nNews ID: 5\nLead only\n");
  CommandResult r =
      RunHerald({"import", "article", good, bad_date, bad_id, no_body, "--data", dir.path()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(bad_date + ":1:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(bad_id + ":2:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(no_body + ":3:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nothing imported"), std::string::npos);
  // The good file in the same batch was not imported either.
  CommandResult again = RunHerald({"import", "article", good, "--data", dir.path()});
  EXPECT_EQ(again.exit_code, 0) << again.err;
}

// The database holds password hashes and the site's keys: no one but the
// service account may read what herald writes, even under a loose umask.
TEST(Cli, WhatHeraldWritesIsReadableByItsOwnerOnly) {
  TempDir dir;
  const std::string data = dir.path() + "/var";
  ::umask(0022);
  ASSERT_EQ(RunHerald({"demo", "load", "--data", data}).exit_code, 0);
  ASSERT_EQ(RunHerald({"backup", "--data", data, dir.path() + "/copy.db"}).exit_code, 0);
  for (const std::string& file : {data + "/herald.db", dir.path() + "/copy.db"}) {
    struct stat st {};
    ASSERT_EQ(::stat(file.c_str(), &st), 0) << file;
    EXPECT_EQ(st.st_mode & 077, 0u) << file;
  }
  // A database made earlier with a loose mode is tightened when opened.
  ASSERT_EQ(::chmod((data + "/herald.db").c_str(), 0644), 0);
  ASSERT_EQ(RunHerald({"user", "list", "--data", data}).exit_code, 0);
  struct stat st {};
  ASSERT_EQ(::stat((data + "/herald.db").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 077, 0u);
}

TEST(Cli, UnsupportedDatabaseUrlIsAClearError) {
  CommandResult r = RunHerald({"init", "--database", "mysql://localhost/x"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("unknown database URL scheme"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace herald::testing
