#include "render/pages.h"

#include <kainjow/mustache.hpp>
#include <unicode/locid.h>
#include <unicode/numfmt.h>
#include <unicode/unistr.h>

#include <map>
#include <stdexcept>

#include "common/text.h"
#include "core/dateline.h"
#include "core/search_text.h"
#include "render/assets.h"
#include "render/comment_text.h"
#include "render/embedded.h"
#include "render/layout.h"
#include "render/markdown.h"
#include "render/structured_data.h"
#include "render/ui_strings.h"

namespace herald {

using kainjow::mustache::data;
using kainjow::mustache::mustache;

// kainjow::mustache renders through non-const members, so a compiled
// template cannot be shared between threads; each thread compiles the few
// templates once and keeps them.
mustache& PageTemplate(const std::string& name) {
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
  put("photo_credit", s.photo_credit);
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
  put("search_label", s.search_label);
  put("search_placeholder", s.search_placeholder);
  put("search_button", s.search_button);
  put("comment_status_link", s.comment_status_link);
  return t;
}

namespace {

// scripts/make-logo.py draws the built-in logo (assets/logo.png) this many
// pixels square.
constexpr int kBuiltinLogoSize = 512;

Publisher PublisherOf(const PageChrome& chrome) {
  Publisher p;
  p.name = chrome.site_name;
  p.base_url = chrome.base_url;
  if (chrome.logo_url.empty()) {
    p.logo_url = chrome.base_url + AssetPath("logo.png");
    p.logo_width = p.logo_height = kBuiltinLogoSize;
  } else {
    p.logo_url = AbsoluteUrl(chrome.base_url, chrome.logo_url);
    p.logo_width = chrome.logo_width;
    p.logo_height = chrome.logo_height;
  }
  return p;
}

// One <link rel="alternate" hreflang>.
struct Alternate {
  std::string hreflang;  // The edition's language, or "x-default".
  std::string href;      // Absolute.
};

struct PageMeta {
  std::string title;
  std::string description;
  std::string canonical_path;  // Empty: no canonical link, nothing to share.
  bool noindex = false;
  bool no_referrer = false;  // The URL carries a secret: send it nowhere.
  // For sharing (OpenGraph, Twitter cards) and search engines.
  std::string og_type = "website";
  std::string image_url;  // Absolute; empty: the publisher logo.
  std::string image_alt;
  std::vector<std::string> locale_alternates;  // OpenGraph locales of the other versions.
  std::vector<Alternate> alternates;           // hreflang, x-default last; empty when alone.
  const Section* feed_section = nullptr;       // Advertise its feeds beside the edition's.
  std::string json_ld;                         // Script-safe (structured_data.h), or empty.
  bool is_article = false;                     // Adds the article: properties below.
  std::string published_time;                  // ISO 8601 with the edition's offset.
  std::string modified_time;
  std::string section_name;
  std::vector<std::string> tags;
};

// The edition's feeds and, on a section page, the section's: every page
// names them so readers and aggregators find them from any URL.
data FeedLinks(const PageChrome& chrome, const Section* section) {
  struct Format {
    const char* type;
    const char* file;
    const char* label;
  };
  static constexpr Format kFormats[] = {{"application/rss+xml", "rss.xml", "RSS"},
                                        {"application/atom+xml", "atom.xml", "Atom"},
                                        {"application/feed+json", "feed.json", "JSON Feed"}};
  const Edition& ed = *chrome.edition;
  data feeds{data::type::list};
  auto add = [&](const std::string& base, const std::string& name) {
    for (const Format& f : kFormats) {
      data item;
      item.set("type", f.type);
      item.set("title", chrome.site_name + ": " + name + " (" + f.label + ")");
      item.set("href", base + f.file);
      feeds.push_back(item);
    }
  };
  add("/" + ed.code + "/", ed.name);
  if (section != nullptr) add("/" + ed.code + "/" + section->slug + "/", section->name);
  return feeds;
}

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
  d.set("no_referrer", meta.no_referrer);

  data alternates{data::type::list};
  for (const Alternate& alt : meta.alternates) {
    data item;
    item.set("hreflang", alt.hreflang);
    item.set("href", alt.href);
    alternates.push_back(item);
  }
  d.set("alternates", alternates);
  d.set("feeds", FeedLinks(chrome, meta.feed_section));
  d.set("og_type", meta.og_type);
  d.set("og_title", meta.title.empty() ? chrome.site_name : meta.title);
  d.set("og_locale", OpenGraphLocale(ed));
  data locales{data::type::list};
  for (const std::string& l : meta.locale_alternates) locales.push_back(data(l));
  d.set("og_locale_alternates", locales);
  // A page without its own picture is shared with the publisher's logo, as
  // a small card rather than a large one.
  bool own_image = !meta.image_url.empty();
  std::string image = own_image ? meta.image_url : PublisherOf(chrome).logo_url;
  std::string image_alt = own_image ? meta.image_alt : chrome.site_name;
  d.set("has_image", !image.empty());
  d.set("image", image);
  d.set("has_image_alt", !image_alt.empty());
  d.set("image_alt", image_alt);
  d.set("twitter_card", own_image ? "summary_large_image" : "summary");
  d.set("is_article", meta.is_article);
  d.set("published_time", meta.published_time);
  d.set("modified_time", meta.modified_time);
  d.set("has_article_section", !meta.section_name.empty());
  d.set("article_section", meta.section_name);
  data tags{data::type::list};
  for (const std::string& t : meta.tags) tags.push_back(data(t));
  d.set("article_tags", tags);
  // Inserted raw: NewsArticleJsonLd and WebSiteJsonLd escape every '<', '>'
  // and '&', so nothing in it can end the <script> element.
  d.set("has_json_ld", !meta.json_ld.empty());
  d.set("json_ld", meta.json_ld);
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
  return PageTemplate("layout").render(d);
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

// Returns `text` trimmed, shortened to `max` code points with an ellipsis.
std::string Description(std::string_view text, size_t max = 200) {
  std::string_view s = Trim(text);
  if (CountCodePoints(s) <= max) return std::string(s);
  return std::string(PrefixCodePoints(s, max - 3)) + "\xE2\x80\xA6";
}

// The hreflang set of a story: one version per edition, in the editions'
// order (the article itself in its own edition, else the earliest
// published there), then x-default: the default edition's version, else
// the founder's, else the earliest. Empty when the story has no published
// translation. Each linked version computes the same set, so the links are
// reciprocal, as search engines require. Adds the OpenGraph locales of the
// other versions to `other_locales`.
std::vector<Alternate> StoryAlternates(const PageChrome& chrome, const Article& a,
                                       const std::vector<Article>& versions,
                                       std::vector<std::string>& other_locales) {
  std::vector<std::pair<const Edition*, const Article*>> picked;
  for (const Edition& e : *chrome.editions) {
    const Article* pick = e.code == a.edition ? &a : nullptr;
    for (const Article& v : versions) {
      if (pick == &a) break;
      if (v.edition == e.code && IsPublic(v) && (pick == nullptr || v.id < pick->id)) pick = &v;
    }
    if (pick != nullptr) picked.emplace_back(&e, pick);
  }
  if (picked.size() < 2) return {};
  std::vector<Alternate> out;
  const Article* fallback = nullptr;
  const Article* in_default = nullptr;
  for (const auto& [edition, version] : picked) {
    out.push_back({edition->language, chrome.base_url + CanonicalPath(*version)});
    if (edition->code != a.edition) other_locales.push_back(OpenGraphLocale(*edition));
    if (edition->code == chrome.default_edition) in_default = version;
    if (version->id == StoryOf(a)) fallback = version;
  }
  if (fallback == nullptr) {  // The founder is not public: the earliest that is.
    for (const auto& [edition, version] : picked) {
      if (fallback == nullptr || version->id < fallback->id) fallback = version;
    }
  }
  const Article* x_default = in_default != nullptr ? in_default : fallback;
  out.push_back({"x-default", chrome.base_url + CanonicalPath(*x_default)});
  return out;
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
  d.set("has_figure", !a.image_url.empty() || !a.image_caption.empty() || !a.image_credit.empty());
  d.set("image_caption", a.image_caption);
  d.set("image_credit", a.image_credit);
  d.set("has_credit", !a.image_credit.empty());
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
  meta.og_type = "article";
  meta.image_url = AbsoluteUrl(chrome.base_url, a.image_url);
  meta.image_alt = Description(a.image_caption, 420);  // Twitter's limit.
  meta.alternates = StoryAlternates(chrome, a, view.translations, meta.locale_alternates);
  meta.is_article = true;
  meta.published_time = FormatRfc3339(a.published_at, ed.time_zone);
  meta.modified_time = FormatRfc3339(ChangedAt(a), ed.time_zone);
  meta.section_name = view.section != nullptr ? view.section->name : std::string();
  for (const Tag& t : a.tags) meta.tags.push_back(t.name);
  meta.json_ld = NewsArticleJsonLd(PublisherOf(chrome), ed, a, meta.section_name);
  return Layout(chrome, meta, PageTemplate("article").render(d));
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
  // Only a section page highlights a section (tag pages and fronts do not).
  for (const Section& s : chrome.sections) {
    if (s.slug == chrome.current_section) meta.feed_section = &s;
  }
  // The first page of the front: the editions' fronts are each other's
  // translations, and the site describes itself there.
  if (view.canonical_path == "/" + ed.code + "/") {
    if (chrome.editions->size() > 1) {
      const Edition* fallback = FindEdition(*chrome.editions, chrome.default_edition);
      if (fallback == nullptr) fallback = &chrome.editions->front();
      for (const Edition& e : *chrome.editions) {
        meta.alternates.push_back({e.language, chrome.base_url + "/" + e.code + "/"});
        if (e.code != ed.code) meta.locale_alternates.push_back(OpenGraphLocale(e));
      }
      meta.alternates.push_back({"x-default", chrome.base_url + "/" + fallback->code + "/"});
    }
    meta.json_ld = WebSiteJsonLd(PublisherOf(chrome), ed);
  }
  return Layout(chrome, meta, PageTemplate("list").render(d));
}

std::string RenderInLayout(const PageChrome& chrome, const PageOptions& options,
                           const std::string& content_html) {
  PageMeta meta{options.title, "", "", options.noindex};
  meta.no_referrer = options.no_referrer;
  return Layout(chrome, meta, content_html);
}

std::string RenderErrorPage(const PageChrome& chrome, std::string_view heading,
                            std::string_view message) {
  data d;
  d.set("t", StringsData(StringsFor(chrome.edition->language)));
  d.set("edition", chrome.edition->code);
  d.set("heading", std::string(heading));
  d.set("message", std::string(message));
  PageMeta meta{std::string(heading), "", "", true};
  return Layout(chrome, meta, PageTemplate("error").render(d));
}

namespace {

// `n` in the edition's digits and grouping ("1,234", "۱٬۲۳۴").
std::string FormatCount(const Edition& ed, int64_t n) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::NumberFormat> format(
      icu::NumberFormat::createInstance(icu::Locale(ed.locale.c_str()), status));
  if (U_FAILURE(status) || format == nullptr) return std::to_string(n);
  icu::UnicodeString out;
  format->format(static_cast<int64_t>(n), out);
  std::string text;
  out.toUTF8String(text);
  return text;
}

// Replaces "{count}" and "{query}" in a UI string.
std::string FillCount(std::string_view pattern, std::string_view count, std::string_view query) {
  std::string out;
  size_t i = 0;
  while (i < pattern.size()) {
    if (pattern.substr(i).starts_with("{count}")) {
      out += count;
      i += 7;
    } else if (pattern.substr(i).starts_with("{query}")) {
      out += query;
      i += 7;
    } else {
      out.push_back(pattern[i++]);
    }
  }
  return out;
}

}  // namespace

std::string RenderSearchPage(const PageChrome& chrome, const SearchView& view) {
  const Edition& ed = *chrome.edition;
  const UiStrings& s = StringsFor(ed.language);
  data d;
  d.set("t", StringsData(s));
  d.set("edition", ed.code);
  d.set("query", view.query);
  std::string heading(s.search_heading);
  if (view.searched) {
    heading = FillCount(view.total == 1 ? s.search_results_one : s.search_results_many,
                        FormatCount(ed, view.total), Trim(view.query));
  }
  d.set("heading", heading);
  std::string message = view.message;
  if (message.empty() && view.searched && view.results.empty()) message = s.search_no_results;
  d.set("has_message", !message.empty());
  d.set("message", message);
  data results{data::type::list};
  for (const SearchResult& r : view.results) {
    data item = ArticleSummary(ed, r.article);
    item.set("headline_html",
             HighlightToHtml(r.headline_marked.empty() ? r.article.headline : r.headline_marked));
    item.set("snippet_html", HighlightToHtml(r.snippet_marked));
    item.set("has_snippet", !r.snippet_marked.empty());
    const Section* section = nullptr;
    for (const Section& sec : chrome.sections) {
      if (sec.slug == r.article.section) section = &sec;
    }
    item.set("has_section", section != nullptr);
    item.set("section_name", section ? section->name : std::string());
    results.push_back(item);
  }
  d.set("has_results", !view.results.empty());
  d.set("results", results);
  d.set("start", std::to_string(view.first_rank));
  d.set("has_pager", !view.previous_path.empty() || !view.next_path.empty());
  d.set("has_previous", !view.previous_path.empty());
  d.set("previous", view.previous_path);
  d.set("previous_label", std::string(s.search_previous));
  d.set("has_next", !view.next_path.empty());
  d.set("next", view.next_path);
  d.set("next_label", std::string(s.search_next));
  d.set("page_label", std::string(s.page));
  // Result pages are for readers, not for search engines' indexes.
  PageMeta meta{view.searched ? heading : std::string(s.search_heading), "", "", true};
  return Layout(chrome, meta, PageTemplate("search").render(d));
}

}  // namespace herald
