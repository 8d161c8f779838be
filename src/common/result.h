// Result<T>: the error-as-value type every module boundary returns.
//
// A function that can fail for reasons a caller should handle (bad input, a
// missing row, a full disk) returns Result<T> instead of throwing. Exceptions
// are kept for programming errors and fatal start-up failures.
//
//   Result<Article> a = store.GetArticle(id);
//   if (!a) return a.error();
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace herald {

enum class ErrorCode {
  kInvalidArgument,  // The caller's input is malformed; the message says why.
  kNotFound,         // The thing asked for does not exist.
  kConflict,         // The request clashes with existing state (duplicate id).
  kUnauthenticated,  // No valid credentials were presented.
  kTooLarge,         // The input exceeds a configured limit.
  kUnavailable,      // A dependency (database, disk) failed; retrying may help.
  kInternal,         // A bug or an invariant broken; see the log.
};

// Error carries a code for programs and a message for people. The message must
// never contain secrets (tokens, passwords) because it may be logged or shown.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
};

template <typename T>
using Result = std::expected<T, Error>;

// Shorthand for building the unexpected side of a Result.
inline std::unexpected<Error> Fail(ErrorCode code, std::string message) {
  return std::unexpected<Error>(Error{code, std::move(message)});
}

// Returns a short stable name for `code` ("invalid_argument", ...), used in
// JSON error bodies and logs.
const char* ErrorCodeName(ErrorCode code);

}  // namespace herald

// Propagates the error of a Result-returning expression.
#define HERALD_RETURN_IF_ERROR(expr)                                   \
  do {                                                                 \
    if (auto herald_status_ = (expr); !herald_status_) {               \
      return std::unexpected<::herald::Error>(herald_status_.error()); \
    }                                                                  \
  } while (false)
