#include "render/comment_status.h"

#include "core/dateline.h"
#include "render/comment_text.h"
#include "render/layout.h"
#include "render/ui_strings.h"

namespace herald {
namespace {

using kainjow::mustache::data;

// The page's own words, read as {{s.NAME}}.
data StatusStrings(const UiStrings& s) {
  data t;
  auto put = [&t](const char* key, std::string_view v) { t.set(key, std::string(v)); };
  put("status_title", s.status_title);
  put("status_private", s.status_private);
  put("status_on_story", s.status_on_story);
  put("status_reasons", s.status_reasons);
  put("status_note", s.status_note);
  put("status_view_comment", s.status_view_comment);
  put("appeal_heading", s.appeal_heading);
  put("appeal_intro", s.appeal_intro);
  put("appeal_label", s.appeal_label);
  put("appeal_send", s.appeal_send);
  put("appeal_sent", s.appeal_sent);
  put("appeal_yours", s.appeal_yours);
  return t;
}

std::string_view StatusText(const UiStrings& s, CommentStatus status) {
  switch (status) {
    case CommentStatus::kPublished:
      return s.outcome_published;
    case CommentStatus::kPending:
      return s.outcome_pending;
    case CommentStatus::kRejected:
      return s.outcome_rejected;
  }
  return s.outcome_pending;
}

std::string_view AppealText(const UiStrings& s, AppealState state) {
  switch (state) {
    case AppealState::kPending:
      return s.appeal_pending;
    case AppealState::kUpheld:
      return s.appeal_upheld;
    case AppealState::kOverturned:
      return s.appeal_overturned;
    case AppealState::kNone:
      break;
  }
  return {};
}

}  // namespace

std::string RenderCommentStatusPage(const PageChrome& chrome, const CommentStatusView& view) {
  const Edition& ed = *chrome.edition;
  const UiStrings& s = StringsFor(ed.language);
  const Comment& c = *view.comment;
  data d;
  d.set("t", StringsData(s));
  d.set("s", StatusStrings(s));
  d.set("has_article", !view.article_headline.empty());
  d.set("article_headline", view.article_headline);
  d.set("has_article_path", !view.article_path.empty());
  d.set("article_path", view.article_path);
  d.set("status", std::string(StatusName(c.status)));
  d.set("status_text", std::string(StatusText(s, c.status)));
  // A published comment needs no reasons; a held or rejected one does.
  bool show_reasons = c.status != CommentStatus::kPublished && !view.reasons.empty();
  data reasons{data::type::list};
  for (const std::string& r : view.reasons) reasons.push_back(data(r));
  d.set("has_reasons", show_reasons);
  d.set("reasons", reasons);
  d.set("has_note", c.status == CommentStatus::kRejected && !view.note.empty());
  d.set("note", view.note);
  bool linkable = c.status == CommentStatus::kPublished && !view.article_path.empty();
  d.set("has_comment_link", linkable);
  d.set("comment_link", view.article_path + "#comment-" + std::to_string(c.id));
  d.set("name", c.name);
  d.set("dateline", FormatDateline(ed, c.created_at));
  d.set("iso", FormatRfc3339(c.created_at));
  d.set("body_html", CommentToHtml(c.body));

  d.set("appeal_sent", view.appeal_sent && c.appeal.state == AppealState::kPending);
  d.set("has_appeal", c.appeal.state != AppealState::kNone);
  d.set("appeal_state", std::string(AppealStateName(c.appeal.state)));
  d.set("appeal_state_text", std::string(AppealText(s, c.appeal.state)));
  d.set("appeal_text_sent", c.appeal.text);
  bool show_form = c.status == CommentStatus::kRejected && c.appeal.state == AppealState::kNone &&
                   !view.form_token.empty();
  d.set("show_form", show_form);
  d.set("has_error", !view.error.empty());
  d.set("error", view.error);
  d.set("appeal_action", view.appeal_action);
  d.set("key", view.key);
  d.set("form_token", view.form_token);
  d.set("appeal_text", view.appeal_text);
  d.set("max_appeal", std::to_string(kMaxAppealText));

  PageOptions options;
  options.title = std::string(s.status_title);
  options.noindex = true;
  options.no_referrer = true;
  return RenderInLayout(chrome, options, PageTemplate("comment_status").render(d));
}

}  // namespace herald
