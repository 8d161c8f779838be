// `herald backup` and `herald restore`: a consistent copy of the database
// while the site runs, and putting one back (store.h, "Backup and restore").
//
// Only the database is copied. Uploaded images are files under
// <data_dir>/media/, named by their content and never changed once written,
// so any file copy (rsync -a) backs them up; the commands say so.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <string>

#include "cli/commands.h"

namespace herald::cli {
namespace {

// Exit codes: 0 done, 1 an I/O or database failure, 2 bad usage or a file
// that is not a backup this Herald can restore.
int ExitCodeFor(const Error& error) {
  switch (error.code) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kConflict:
      return 2;
    default:
      return 1;
  }
}

std::string Size(int64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / 1e6);
  return buf;
}

std::string Seconds(double seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f s", seconds);
  return buf;
}

void PrintStats(const char* done, const std::string& file, const BackupStats& stats) {
  std::cout << done << " " << file << ": " << stats.pages << " pages, " << Size(stats.bytes)
            << ", schema version " << stats.schema_version << ", in " << Seconds(stats.seconds)
            << "\n";
}

void RemindOfMedia(const Config& config) {
  std::cout << "note: uploaded images are not in the database; back up " << config.MediaDir()
            << "/ separately (rsync -a)\n";
}

int RunBackup(const CommonOptions& common, const std::string& file) {
  Config config = ResolveConfig(common);
  auto store = OpenConfiguredStore(config);
  auto stats = store->Backup(file);
  if (!stats) {
    std::cerr << "herald: backup failed: " << stats.error().message << "\n";
    return ExitCodeFor(stats.error());
  }
  PrintStats("backed up", file, *stats);
  RemindOfMedia(config);
  return 0;
}

// Asks on the terminal whether to go ahead; false unless the answer is yes.
bool Confirm(const std::string& question) {
  std::cerr << question << " [y/N] " << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) return false;
  return answer == "y" || answer == "Y" || answer == "yes";
}

int RunRestore(const CommonOptions& common, const std::string& file, bool yes) {
  Config config = ResolveConfig(common);
  if (!yes) {
    if (::isatty(STDIN_FILENO) == 0) {
      std::cerr << "herald: restore replaces everything in " << config.DatabaseUrl()
                << "; pass --yes to do it without a terminal\n";
      return 2;
    }
    if (!Confirm("Replace everything in " + config.DatabaseUrl() + " with " + file +
                 "? Running servers will serve the restored content.")) {
      std::cerr << "herald: nothing restored\n";
      return 2;
    }
  }
  auto store = OpenConfiguredStore(config);
  auto stats = store->Restore(file);
  if (!stats) {
    std::cerr << "herald: restore failed, the database is unchanged: " << stats.error().message
              << "\n";
    return ExitCodeFor(stats.error());
  }
  PrintStats("restored", file, *stats);
  RemindOfMedia(config);
  return 0;
}

}  // namespace

void AddBackupCommands(CLI::App& app, CommonOptions& common, ExitCode& exit_code) {
  auto* backup = app.add_subcommand(
      "backup", "Copy the database to FILE, consistently, while the site keeps running");
  AddCommonOptions(backup, common);
  static std::string backup_file;
  backup->add_option("FILE", backup_file, "The backup file to write (replaced if it exists)")
      ->required();
  backup->callback([&common, &exit_code] { exit_code = RunBackup(common, backup_file); });

  auto* restore = app.add_subcommand(
      "restore", "Replace the database's content with the backup FILE (servers may keep running)");
  AddCommonOptions(restore, common);
  static std::string restore_file;
  static bool yes = false;
  restore->add_option("FILE", restore_file, "A file written by herald backup")->required();
  restore->add_flag("--yes", yes, "Do not ask for confirmation (needed without a terminal)");
  restore->callback([&common, &exit_code] { exit_code = RunRestore(common, restore_file, yes); });
}

}  // namespace herald::cli
