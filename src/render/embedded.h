// Files compiled into the binary by cmake/EmbedFiles.cmake.
#pragma once

#include <string_view>

namespace herald {

// Returns the bytes of src/render/{templates,assets}/`path`, or empty.
std::string_view RenderFile(std::string_view path);

}  // namespace herald
