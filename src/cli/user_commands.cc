// `herald user ...`: desk accounts from the command line, for the first
// admin of a new site and for resetting a locked-out user's password.
#include <unistd.h>

#include <ctime>
#include <expected>
#include <iostream>
#include <optional>
#include <string>

#include "auth/password.h"
#include "cli/commands.h"
#include "core/account.h"

namespace herald::cli {
namespace {

// The audit line of a change made from the command line; a failure to
// write it is reported, the change itself has been made.
void AuditFromCli(Store& store, const AuditEntry& entry) {
  if (auto ok = store.AppendAudit(entry); !ok) {
    std::cerr << "herald: warning: not in the audit log: " << ok.error().message << "\n";
  }
}

// Reads one line of password from stdin; with a terminal, without echo.
std::string ReadPassword(const char* prompt) {
  const bool tty = ::isatty(STDIN_FILENO) != 0;
  if (tty) std::cerr << prompt << std::flush;
  if (tty) std::system("stty -echo 2>/dev/null");  // NOLINT(cert-env33-c): the terminal only.
  std::string line;
  std::getline(std::cin, line);
  if (tty) {
    std::system("stty echo 2>/dev/null");  // NOLINT(cert-env33-c)
    std::cerr << "\n";
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// The new password: typed twice at a terminal, one line from a pipe with
// --password-stdin, or generated and printed once.
std::optional<std::string> NewPassword(bool from_stdin, bool& generated) {
  generated = false;
  if (from_stdin) return ReadPassword("");
  if (::isatty(STDIN_FILENO) == 0) {
    generated = true;
    return GeneratePassword();
  }
  std::string first = ReadPassword("New password (empty: generate one): ");
  if (first.empty()) {
    generated = true;
    return GeneratePassword();
  }
  if (ReadPassword("Again: ") != first) {
    std::cerr << "herald: the passwords differ\n";
    return std::nullopt;
  }
  return first;
}

// The argon2id hash of a new password (NewPassword, then CheckNewPassword),
// with the password itself when it was generated (to print once); or the
// exit code after saying what is wrong.
struct NewHash {
  std::string hash;
  std::optional<std::string> generated;
};

std::expected<NewHash, int> HashNewPassword(bool from_stdin) {
  bool generated = false;
  auto password = NewPassword(from_stdin, generated);
  if (!password) return std::unexpected(2);
  if (auto ok = CheckNewPassword(*password); !ok) {
    std::cerr << "herald: " << ok.error().message << "\n";
    return std::unexpected(2);
  }
  auto hash = HashPassword(*password);
  if (!hash) {
    std::cerr << "herald: " << hash.error().message << "\n";
    return std::unexpected(1);
  }
  NewHash out{*hash, std::nullopt};
  if (generated) out.generated = *password;
  return out;
}

int RunUserAdd(const CommonOptions& common, const std::string& email_arg,
               const std::string& role_name, const std::string& name, bool from_stdin) {
  Config config = ResolveConfig(common);
  auto role = ParseRole(role_name);
  if (!role) {
    std::cerr << "herald: --role must be reporter, editor, moderator or admin\n";
    return 2;
  }
  auto email = NormaliseEmail(email_arg);
  if (!email || email->empty()) {
    std::cerr << "herald: " << (email ? "an email address is required" : email.error().message)
              << "\n";
    return 2;
  }
  User u;
  u.email = *email;
  u.name = name.empty() ? email->substr(0, email->find('@')) : name;
  u.role = *role;
  u.created_at = u.password_changed_at = static_cast<int64_t>(std::time(nullptr));
  if (auto ok = ValidateUser(u); !ok) {
    std::cerr << "herald: " << ok.error().message << "\n";
    return 2;
  }
  auto password = HashNewPassword(from_stdin);
  if (!password) return password.error();
  u.password_hash = password->hash;
  auto store = OpenConfiguredStore(config);
  auto created = store->CreateUser(u);
  if (!created) {
    std::cerr << "herald: "
              << (created.error().code == ErrorCode::kConflict ? "a user with this email exists"
                                                               : created.error().message)
              << "\n";
    return created.error().code == ErrorCode::kConflict ? 3 : 1;
  }
  AuditEntry e;
  e.at = u.created_at;
  e.actor = "cli";
  e.action = "user.create";
  e.target = "user:" + std::to_string(created->id);
  e.detail = std::string(RoleName(created->role)) + " " + created->email;
  AuditFromCli(*store, e);
  if (password->generated) std::cout << *password->generated << "\n";
  std::cerr << RoleName(created->role) << " " << created->email << " added"
            << (password->generated ? "; the password above is shown once" : "") << "\n";
  return 0;
}

int RunUserList(const CommonOptions& common) {
  Config config = ResolveConfig(common);
  auto store = OpenConfiguredStore(config);
  auto users = store->ListUsers();
  if (!users) {
    std::cerr << "herald: " << users.error().message << "\n";
    return 1;
  }
  for (const User& u : *users) {
    std::cout << u.email << "\t" << RoleName(u.role) << "\t" << u.name << "\t"
              << (u.disabled_at != 0 ? "disabled" : "active") << "\n";
  }
  return 0;
}

int RunUserPassword(const CommonOptions& common, const std::string& email_arg, bool from_stdin) {
  Config config = ResolveConfig(common);
  auto email = NormaliseEmail(email_arg);
  if (!email || email->empty()) {
    std::cerr << "herald: not an email address\n";
    return 2;
  }
  auto store = OpenConfiguredStore(config);
  auto user = store->FindUserByEmail(*email);
  if (!user) {
    std::cerr << "herald: "
              << (user.error().code == ErrorCode::kNotFound ? "no such user" : user.error().message)
              << "\n";
    return user.error().code == ErrorCode::kNotFound ? 3 : 1;
  }
  auto password = HashNewPassword(from_stdin);
  if (!password) return password.error();
  user->password_hash = password->hash;
  user->password_changed_at = static_cast<int64_t>(std::time(nullptr));
  if (auto saved = store->UpdateUser(*user); !saved) {
    std::cerr << "herald: " << saved.error().message << "\n";
    return 1;
  }
  // A reset also ends a lockout and every session of the old password.
  auto cleared = store->ClearAttempts("login-email:" + user->email);
  auto ended = cleared ? store->DeleteUserSessions(user->id, "") : Result<int>(0);
  if (!cleared || !ended) {
    std::cerr << "herald: the password is changed, but "
              << (cleared ? ended.error().message : cleared.error().message) << "\n";
    return 1;
  }
  AuditEntry e;
  e.at = user->password_changed_at;
  e.actor = "cli";
  e.action = "user.password";
  e.target = "user:" + std::to_string(user->id);
  AuditFromCli(*store, e);
  if (password->generated) std::cout << *password->generated << "\n";
  std::cerr << "password of " << user->email << " changed; their sessions are ended\n";
  return 0;
}

}  // namespace

void AddUserCommands(CLI::App& app, CommonOptions& common, ExitCode& exit_code) {
  auto* user = app.add_subcommand("user", "Desk accounts");
  user->require_subcommand(1);

  auto* add = user->add_subcommand(
      "add", "Add a desk user; prompts for the password, or generates and prints one");
  AddCommonOptions(add, common);
  static std::string email, role = "reporter", name;
  static bool from_stdin = false;
  add->add_option("EMAIL", email, "The user's email address (their login)")->required();
  add->add_option("--role", role, "reporter, editor, moderator or admin")->required();
  add->add_option("--name", name, "The name shown on the desk (default: the email's local part)");
  add->add_flag("--password-stdin", from_stdin, "Read the password from one line of stdin");
  add->callback(
      [&common, &exit_code] { exit_code = RunUserAdd(common, email, role, name, from_stdin); });

  auto* list = user->add_subcommand("list", "List desk users: email, role, name, state");
  AddCommonOptions(list, common);
  list->callback([&common, &exit_code] { exit_code = RunUserList(common); });

  auto* password = user->add_subcommand(
      "password", "Set a user's password (ends their sessions and any lockout)");
  AddCommonOptions(password, common);
  static std::string password_email;
  static bool password_stdin = false;
  password->add_option("EMAIL", password_email, "The user's email address")->required();
  password->add_flag("--password-stdin", password_stdin,
                     "Read the password from one line of stdin");
  password->callback([&common, &exit_code] {
    exit_code = RunUserPassword(common, password_email, password_stdin);
  });
}

}  // namespace herald::cli
