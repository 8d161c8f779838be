// Renders a comment's private status page: what became of the comment, why,
// the moderator's note, and the commenter's appeal (a form to make one, or
// where it stands). Pure, like pages.h: values in, HTML out, every value
// escaped.
#pragma once

#include <string>
#include <vector>

#include "core/comment.h"
#include "render/pages.h"

namespace herald {

struct CommentStatusView {
  const Comment* comment = nullptr;  // Required.
  std::string article_headline;      // Plain text; "" when the article is gone.
  std::string article_path;          // The article's page; "" when it is not public.
  std::vector<std::string> reasons;  // Plain text: why it was held or rejected.
  std::string note;                  // The moderator's note to the commenter, or "".
  // The appeal form posts here with `key` and `form_token` in hidden
  // fields; the form is shown only for a rejected, unappealed comment and
  // a non-empty form_token.
  std::string appeal_action;
  std::string key;
  std::string form_token;
  std::string appeal_text;   // As typed, shown again after an error.
  std::string error;         // Plain text, shown above the appeal (role="alert"), or "".
  bool appeal_sent = false;  // Just appealed: say it was received.
};

// The status page: noindex, no referrer (its URL carries the key), in the
// chrome's edition's language and direction. Its heading, the status, and
// the appeal's state use that edition's interface words.
std::string RenderCommentStatusPage(const PageChrome& chrome, const CommentStatusView& view);

}  // namespace herald
