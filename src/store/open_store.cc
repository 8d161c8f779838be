#include "store/sqlite/sqlite_store.h"
#include "store/store.h"

namespace herald {

Result<std::unique_ptr<Store>> OpenStore(const std::string& url) {
  std::string_view rest = url;
  if (rest.starts_with("sqlite://")) {
    rest.remove_prefix(9);
  } else if (rest.starts_with("sqlite:")) {
    rest.remove_prefix(7);
  } else if (rest.starts_with("postgresql://") || rest.starts_with("postgres://")) {
    return Fail(ErrorCode::kInvalidArgument,
                "PostgreSQL is not supported by this build yet; use an SQLite file path");
  } else if (rest.find("://") != std::string_view::npos) {
    return Fail(ErrorCode::kInvalidArgument, "unknown database URL scheme in '" + url + "'");
  }
  if (rest.empty()) return Fail(ErrorCode::kInvalidArgument, "database path is empty");
  return OpenSqliteStore(std::string(rest));
}

}  // namespace herald
