// Replays fuzz inputs through the fuzz targets without libFuzzer, so the
// ordinary (gcc, ASan) test build runs every seed and every past crash:
//
//   herald_fuzz_replay TARGET PATH...
//
// Each PATH is a file or a directory of files (a missing directory is
// skipped: a target may have no regressions yet). The build compiles each
// fuzz/<target>_fuzz.cc with LLVMFuzzerTestOneInput renamed to the function
// listed below. Exits 0 when every input ran, 2 for a bad command line; a
// crash is a sanitizer report or a trap, as under libFuzzer.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#define HERALD_FUZZ_TARGETS(X)             \
  X("http_request", HeraldFuzzHttpRequest) \
  X("comment_body", HeraldFuzzCommentBody) \
  X("article_text", HeraldFuzzArticleText) \
  X("markdown", HeraldFuzzMarkdown)        \
  X("config", HeraldFuzzConfig)            \
  X("query_cookie", HeraldFuzzQueryCookie) \
  X("image", HeraldFuzzImage)              \
  X("api_body", HeraldFuzzApiBody)

#define HERALD_DECLARE_TARGET(name, function) \
  extern "C" int function(const uint8_t* data, size_t size);
HERALD_FUZZ_TARGETS(HERALD_DECLARE_TARGET)
#undef HERALD_DECLARE_TARGET

namespace {

using TargetFunction = int (*)(const uint8_t*, size_t);

struct Target {
  std::string_view name;
  TargetFunction function;
};

#define HERALD_TARGET_ENTRY(name, function) Target{name, function},
constexpr Target kTargets[] = {HERALD_FUZZ_TARGETS(HERALD_TARGET_ENTRY)};
#undef HERALD_TARGET_ENTRY

// Returns the files at `path` (itself, or a directory's regular files,
// sorted so that runs are repeatable).
std::vector<std::filesystem::path> InputsAt(const std::filesystem::path& path) {
  std::vector<std::filesystem::path> out;
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec)) {
    out.push_back(path);
  } else if (std::filesystem::is_directory(path, ec)) {
    for (const auto& entry : std::filesystem::directory_iterator(path, ec)) {
      if (entry.is_regular_file(ec)) out.push_back(entry.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: herald_fuzz_replay TARGET PATH...\n");
    return 2;
  }
  const std::string_view name = argv[1];
  const auto* target = std::find_if(std::begin(kTargets), std::end(kTargets),
                                    [&](const Target& t) { return t.name == name; });
  if (target == std::end(kTargets)) {
    std::fprintf(stderr, "herald_fuzz_replay: no fuzz target '%s'\n", argv[1]);
    return 2;
  }
  int replayed = 0;
  for (int i = 2; i < argc; ++i) {
    for (const auto& file : InputsAt(argv[i])) {
      std::ifstream in(file, std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      std::fprintf(stderr, "%s: %s (%zu bytes)\n", argv[1], file.c_str(), bytes.size());
      target->function(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
      ++replayed;
    }
  }
  std::printf("%s: %d inputs replayed\n", argv[1], replayed);
  return 0;
}
