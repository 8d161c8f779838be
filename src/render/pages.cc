#include "render/pages.h"

#include <kainjow/mustache.hpp>

#include <map>
#include <stdexcept>

#include "common/text.h"
#include "core/dateline.h"
#include "render/assets.h"
#include "render/comment_text.h"
#include "render/embedded.h"
#include "render/markdown.h"
#include "render/ui_strings.h"

namespace herald {
namespace {

using kainjow::mustache::data;
using kainjow::mustache::mustache;

// kainjow::mustache renders through non-const members, so a compiled
// template cannot be shared between threads; each thread compiles the few
// templates once and keeps them.
mustache& Template(const std::string& name) {
  thread_local std::map<std::string, mustache> compiled;
  auto it = compiled.find(name);
  if (it == compiled.end()) {
    std::string_view source = RenderFile("templates/" + name + ".mustache");
    if (source.empty()) throw std::logic_error("missing template " + name);
    it = compiled.emplace(name, mustache(std::string(source))).first;
    if (!it->second.is_valid()) {
      throw std::logic_error("template " + name + ": " + it->second.error_message());
    }
  }
  return it->second;
}

data StringsData(const UiStrings& s) {
  data t;
  auto put = [&t](const char* key, std::string_view v) { t.set(key, std::string(v)); };
  put("skip_to_content", s.skip_to_content);
  put("editions", s.editions);
  put("sections", s.sections);
  put("news_id", s.news_id);
  put("send_comment", s.send_comment);
  put("comments_closed", s.comments_closed);
  put("related", s.related);
  put("correction", s.correction);
  put("also_in", s.also_in);
  put("tags", s.tags);
  put("newer", s.newer);
  put("older", s.older);
  put("page", s.page);
  put("no_stories", s.no_stories);
  put("back_home", s.back_home);
  put("powered_by", s.powered_by);
  put("comments", s.comments);
  put("no_comments", s.no_comments);
  put("comment_name", s.comment_name);
  put("comment_email", s.comment_email);
  put("comment_email_hint", s.comment_email_hint);
  put("comment_body", s.comment_body);
  put("comment_send", s.comment_send);
  put("comment_send_anyway", s.comment_send_anyway);
  put("comment_reply", s.comment_reply);
  put("comment_replying", s.comment_replying);
  put("comment_report", s.comment_report);
  put("comment_premoderated", s.comment_premoderated);
  put("comment_trap", s.comment_trap);
  put("comment_permalink", s.comment_permalink);
  put("comment_reported", s.comment_reported);
  put("outcome_published", s.outcome_published);
  put("outcome_pending", s.outcome_pending);
  put("outcome_rejected", s.outcome_rejected);
  put("outcome_refused", s.outcome_refused);
  return t;
}

struct PageMeta {
  std::string title;
  std::string description;
  std::string canonical_path;  // Empty: no canonical link.
  bool noindex = false;
};

std::string Layout(const PageChrome& chrome, const PageMeta& meta, const std::string& content) {
  const Edition& ed = *chrome.edition;
  data d;
  d.set("lang", ed.language);
  d.set("dir", DirectionName(ed.direction));
  d.set("edition", ed.code);
  d.set("site_name", chrome.site_name);
  d.set("title", meta.title.empty() ? chrome.site_name : meta.title + " | " + chrome.site_name);
  d.set("has_description", !meta.description.empty());
  d.set("description", meta.description);
  d.set("has_canonical", !meta.canonical_path.empty());
  d.set("canonical", chrome.base_url + meta.canonical_path);
  d.set("noindex", meta.noindex);
  d.set("css", StylesheetPath());
  d.set("t", StringsData(StringsFor(ed.language)));
  data editions{data::type::list};
  for (const Edition& e : *chrome.editions) {
    data item;
    item.set("code", e.code);
    item.set("name", e.name);
    item.set("lang", e.language);
    item.set("dir", DirectionName(e.direction));
    item.set("current", e.code == ed.code);
    editions.push_back(item);
  }
  d.set("editions", editions);
  data sections{data::type::list};
  for (const Section& s : chrome.sections) {
    data item;
    item.set("slug", s.slug);
    item.set("name", s.name);
    item.set("current", s.slug == chrome.current_section);
    sections.push_back(item);
  }
  d.set("sections", sections);
  d.set("content", content);
  return Template("layout").render(d);
}

// The fields every article summary shows (lists, related stories).
data ArticleSummary(const Edition& ed, const Article& a) {
  data item;
  item.set("path", CanonicalPath(a));
  item.set("headline", a.headline);
  item.set("lead", a.lead);
  item.set("dateline", FormatDateline(ed, a.published_at));
  item.set("published_iso", FormatRfc3339(a.published_at));
  item.set("has_image", !a.image_url.empty());
  item.set("image_url", a.image_url);
  return item;
}

std::string_view NoticeTitle(const UiStrings& s, std::string_view kind) {
  static const std::map<std::string_view, std::string_view UiStrings::*> kTitles = {
      {"published", &UiStrings::outcome_published},
      {"pending", &UiStrings::outcome_pending},
      {"rejected", &UiStrings::outcome_rejected},
      {"refused", &UiStrings::outcome_refused},
      {"nudge", &UiStrings::outcome_nudge},
      {"invalid", &UiStrings::outcome_invalid},
      {"rate_limited", &UiStrings::outcome_rate_limited},
      {"closed", &UiStrings::outcome_closed},
      {"banned", &UiStrings::outcome_banned},
      {"expired", &UiStrings::outcome_expired},
      {"reported", &UiStrings::comment_reported},
  };
  auto it = kTitles.find(kind);
  return it == kTitles.end() ? s.outcome_refused : s.*(it->second);
}

data CommentData(const Edition& ed, const Comment& c) {
  data item;
  item.set("id", std::to_string(c.id));
  item.set("name", c.name);
  item.set("body_html", CommentToHtml(c.body));
  item.set("dateline", FormatDateline(ed, c.created_at));
  item.set("iso", FormatRfc3339(c.created_at));
  return item;
}

data CommentsData(const Edition& ed, const Article& a, const CommentsView& view) {
  const UiStrings& s = StringsFor(ed.language);
  data d;
  // Threads: each top-level comment followed by its replies.
  data threads{data::type::list};
  std::map<CommentId, std::vector<const Comment*>> replies;
  for (const Comment& c : view.comments) {
    if (c.parent_id != 0) replies[c.parent_id].push_back(&c);
  }
  for (const Comment& c : view.comments) {
    if (c.parent_id != 0) continue;
    data item = CommentData(ed, c);
    data children{data::type::list};
    for (const Comment* r : replies[c.id]) children.push_back(CommentData(ed, *r));
    item.set("has_replies", !replies[c.id].empty());
    item.set("replies", children);
    threads.push_back(item);
  }
  d.set("count", std::to_string(view.comments.size()));
  d.set("has_comments", !view.comments.empty());
  d.set("threads", threads);
  d.set("open", view.mode != CommentMode::kClosed);
  d.set("premoderated", view.mode == CommentMode::kPre);
  d.set("action", CanonicalPath(a) + "/comments");
  d.set("token", view.form_token);
  d.set("name", view.form.name);
  d.set("email", view.form.email);
  d.set("body", view.form.body);
  d.set("parent", view.form.parent_id != 0 ? std::to_string(view.form.parent_id) : "");
  d.set("confirm", view.form.confirm);
  d.set("has_notice", view.notice.has_value());
  if (view.notice) {
    d.set("notice_kind", view.notice->kind);
    d.set("notice_title", std::string(NoticeTitle(s, view.notice->kind)));
    data messages{data::type::list};
    for (const std::string& m : view.notice->messages) messages.push_back(data(m));
    d.set("notice_messages", messages);
    d.set("has_notice_messages", !view.notice->messages.empty());
    // Only a published comment is on the page to link to.
    bool linkable = view.notice->comment_id != 0 && view.notice->kind == "published";
    d.set("has_notice_comment", linkable);
    d.set("notice_comment", std::to_string(view.notice->comment_id));
  }
  return d;
}

std::string Description(std::string_view lead) {
  std::string_view s = Trim(lead);
  if (CountCodePoints(s) <= 200) return std::string(s);
  return std::string(PrefixCodePoints(s, 197)) + "\xE2\x80\xA6";
}

}  // namespace

std::string RenderArticlePage(const PageChrome& chrome, const ArticleView& view) {
  const Edition& ed = *chrome.edition;
  const Article& a = *view.article;
  data d = ArticleSummary(ed, a);
  d.set("t", StringsData(StringsFor(ed.language)));
  d.set("edition", ed.code);
  d.set("id", std::to_string(a.id));
  d.set("has_byline", !a.byline.empty());
  d.set("byline", a.byline);
  d.set("has_section", view.section != nullptr);
  if (view.section != nullptr) {
    d.set("section_slug", view.section->slug);
    d.set("section_name", view.section->name);
  }
  d.set("has_figure", !a.image_url.empty() || !a.image_caption.empty());
  d.set("image_caption", a.image_caption);
  d.set("has_correction", !a.correction.empty());
  d.set("correction", a.correction);
  d.set("corrected", FormatDateline(ed, a.corrected_at != 0 ? a.corrected_at : a.updated_at));
  d.set("corrected_iso", FormatRfc3339(a.corrected_at != 0 ? a.corrected_at : a.updated_at));
  // Bodies are rendered when written; one stored before that is rendered now.
  d.set("body_html", a.body_html.empty() && !a.body.empty() ? MarkdownToHtml(a.body) : a.body_html);

  data tags{data::type::list};
  for (const Tag& t : a.tags) {
    data item;
    item.set("slug", t.slug);
    item.set("name", t.name);
    tags.push_back(item);
  }
  d.set("has_tags", !a.tags.empty());
  d.set("tags", tags);

  data translations{data::type::list};
  bool any_translation = false;
  for (const Article& t : view.translations) {
    const Edition* te = FindEdition(*chrome.editions, t.edition);
    if (t.id == a.id || t.edition == a.edition || te == nullptr || !IsPublic(t)) continue;
    data item;
    item.set("path", CanonicalPath(t));
    item.set("lang", te->language);
    item.set("dir", DirectionName(te->direction));
    item.set("edition_name", te->name);
    translations.push_back(item);
    any_translation = true;
  }
  d.set("has_translations", any_translation);
  d.set("translations", translations);

  data rules{data::type::list};
  for (std::string_view line : Split(ed.house_rules, '\n')) {
    if (!Trim(line).empty()) rules.push_back(data(std::string(Trim(line))));
  }
  d.set("house_rules", rules);
  d.set("c", CommentsData(ed, a, view.comments));
  d.set("comments_js", AssetPath("comments.js"));

  data related{data::type::list};
  for (const Article& r : view.related) related.push_back(ArticleSummary(ed, r));
  d.set("has_related", !view.related.empty());
  d.set("related", related);

  PageMeta meta{a.headline, Description(a.lead), CanonicalPath(a), false};
  return Layout(chrome, meta, Template("article").render(d));
}

std::string RenderListPage(const PageChrome& chrome, const ListView& view) {
  const Edition& ed = *chrome.edition;
  data d;
  d.set("t", StringsData(StringsFor(ed.language)));
  d.set("heading", view.heading);
  data items{data::type::list};
  for (const Article& a : view.items) {
    data item = ArticleSummary(ed, a);
    int comment_count = 0;
    for (const auto& [id, n] : view.comment_counts) {
      if (id == a.id) comment_count = n;
    }
    item.set("has_comments", comment_count > 0);
    item.set("comment_count", std::to_string(comment_count));
    item.set("comments_label", std::string(StringsFor(ed.language).comments));
    const Section* section = nullptr;
    for (const Section& s : chrome.sections) {
      if (s.slug == a.section) section = &s;
    }
    item.set("has_section", section != nullptr && chrome.current_section.empty());
    item.set("section_name", section ? section->name : std::string());
    items.push_back(item);
  }
  d.set("has_items", !view.items.empty());
  d.set("items", items);
  d.set("has_pager", !view.newer_path.empty() || !view.older_path.empty());
  d.set("has_newer", !view.newer_path.empty());
  d.set("newer", view.newer_path);
  d.set("has_older", !view.older_path.empty());
  d.set("older", view.older_path);
  PageMeta meta{view.title, "", view.canonical_path, false};
  return Layout(chrome, meta, Template("list").render(d));
}

std::string RenderErrorPage(const PageChrome& chrome, std::string_view heading,
                            std::string_view message) {
  data d;
  d.set("t", StringsData(StringsFor(chrome.edition->language)));
  d.set("edition", chrome.edition->code);
  d.set("heading", std::string(heading));
  d.set("message", std::string(message));
  PageMeta meta{std::string(heading), "", "", true};
  return Layout(chrome, meta, Template("error").render(d));
}

}  // namespace herald
