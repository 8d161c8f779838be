// The TOML config file: ParseConfig (toml++ and Herald's validation). An
// operator writes it, but a typo must give a message, never a crash, and a
// file that loads must make a config that passes ValidateConfig.
#include <cstddef>
#include <cstdint>
#include <string>

#include "config/config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto config = herald::ParseConfig(text, "fuzz.toml");
  if (config && !herald::ValidateConfig(*config)) __builtin_trap();
  return 0;
}
