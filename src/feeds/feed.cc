#include "feeds/feed.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "common/text.h"
#include "core/dateline.h"

namespace herald::feeds {
namespace {

constexpr std::string_view kGenerator = "Herald";

// What every format says about the feed and each article, worked out once.
struct FeedFacts {
  std::string title;
  std::string home_url;  // The page the feed mirrors.
  std::string self_url;
  UnixTime updated = 0;
  UnixTime newest_published = 0;
};

FeedFacts FactsOf(FeedFormat format, const FeedInput& in) {
  FeedFacts f;
  const std::string section_slug = in.section ? in.section->slug : std::string();
  f.title = in.site->name + " — " + in.edition->name;
  if (in.section) f.title += " — " + in.section->name;
  f.home_url = in.site->base_url + "/" + in.edition->code + "/";
  if (in.section) f.home_url += in.section->slug + "/";
  f.self_url = in.site->base_url + FeedPath(in.edition->code, section_slug, format);
  for (const Article& a : *in.articles) {
    f.updated = std::max(f.updated, ChangedAt(a));
    f.newest_published = std::max(f.newest_published, a.published_at);
  }
  if (f.updated == 0) f.updated = in.now;
  return f;
}

std::string SectionName(const FeedInput& in, const Article& a) {
  for (const Section& s : *in.sections) {
    if (s.slug == a.section) return s.name;
  }
  return a.section;
}

std::string SectionUrl(const FeedInput& in, const Article& a) {
  return in.site->base_url + "/" + a.edition + "/" + a.section + "/";
}

std::string TagsScheme(const FeedInput& in, const Article& a) {
  return in.site->base_url + "/" + a.edition + "/tag/";
}

// The article's full content: its sanitised body with absolute links, then
// the correction note when there is one, as the article page shows it.
std::string ContentHtml(const FeedInput& in, const Article& a) {
  std::string html = AbsoluteHtml(*in.site, a.body_html);
  if (!a.correction.empty()) {
    html += "<p class=\"correction\"><em>" + HtmlEscape(a.correction) + "</em></p>";
  }
  return html;
}

// Appends <name>text</name>.
void Element(std::string& out, std::string_view name, std::string_view text) {
  out += '<';
  out += name;
  out += '>';
  AppendXmlText(out, text);
  out += "</";
  out += name;
  out += ">\n";
}

// Appends the Media RSS description of the article's image: its URL, its
// type when the extension tells, and its caption as the media's title.
// (RSS's own <enclosure> needs the file's length, which Herald does not
// know; and feedparser, which many aggregators use, takes a
// <media:description> for the entry's content when there is no body.)
void MediaContent(std::string& out, const FeedInput& in, const Article& a) {
  if (a.image_url.empty()) return;
  out += "<media:content url=\"";
  AppendXmlText(out, AbsoluteUrl(*in.site, a.image_url));
  out += "\" medium=\"image\"";
  if (std::string_view type = ImageTypeOf(a.image_url); !type.empty()) {
    out += " type=\"";
    out += type;
    out += '"';
  }
  if (a.image_caption.empty()) {
    out += "/>\n";
    return;
  }
  out += ">\n<media:title type=\"plain\">";
  AppendXmlText(out, a.image_caption);
  out += "</media:title>\n</media:content>\n";
}

std::string RenderRss(const FeedInput& in) {
  FeedFacts f = FactsOf(FeedFormat::kRss, in);
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" "
      "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
      "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
      "xmlns:media=\"http://search.yahoo.com/mrss/\">\n<channel>\n";
  Element(out, "title", f.title);
  Element(out, "link", f.home_url);
  Element(out, "description", f.title);
  Element(out, "language", in.edition->language);
  if (f.newest_published != 0) Element(out, "pubDate", FormatRfc822(f.newest_published));
  Element(out, "lastBuildDate", FormatRfc822(f.updated));
  Element(out, "generator", kGenerator);
  out += "<atom:link href=\"";
  AppendXmlText(out, f.self_url);
  out += "\" rel=\"self\" type=\"application/rss+xml\"/>\n";
  for (const Article& a : *in.articles) {
    out += "<item>\n";
    Element(out, "title", a.headline);
    Element(out, "link", ArticleUrl(*in.site, a));
    out += "<guid isPermaLink=\"true\">";
    AppendXmlText(out, Permalink(*in.site, a));
    out += "</guid>\n";
    Element(out, "pubDate", FormatRfc822(a.published_at));
    Element(out, "atom:updated", FormatRfc3339(ChangedAt(a)));
    // RSS's <author> must be an email address; a byline is a name.
    if (!a.byline.empty()) Element(out, "dc:creator", a.byline);
    out += "<category domain=\"";
    AppendXmlText(out, SectionUrl(in, a));
    out += "\">";
    AppendXmlText(out, SectionName(in, a));
    out += "</category>\n";
    for (const Tag& t : a.tags) {
      out += "<category domain=\"";
      AppendXmlText(out, TagsScheme(in, a));
      out += "\">";
      AppendXmlText(out, t.name);
      out += "</category>\n";
    }
    Element(out, "description", a.lead);
    if (in.full_content) Element(out, "content:encoded", ContentHtml(in, a));
    MediaContent(out, in, a);
    out += "</item>\n";
  }
  out += "</channel>\n</rss>\n";
  return out;
}

void AtomLink(std::string& out, std::string_view rel, std::string_view type,
              std::string_view href) {
  out += "<link rel=\"";
  out += rel;
  out += "\" type=\"";
  out += type;
  out += "\" href=\"";
  AppendXmlText(out, href);
  out += "\"/>\n";
}

void AtomCategory(std::string& out, std::string_view term, std::string_view label,
                  std::string_view scheme) {
  out += "<category term=\"";
  AppendXmlText(out, term);
  out += "\" label=\"";
  AppendXmlText(out, label);
  out += "\" scheme=\"";
  AppendXmlText(out, scheme);
  out += "\"/>\n";
}

std::string RenderAtom(const FeedInput& in) {
  FeedFacts f = FactsOf(FeedFormat::kAtom, in);
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<feed xmlns=\"http://www.w3.org/2005/Atom\" "
      "xmlns:media=\"http://search.yahoo.com/mrss/\" xml:lang=\"";
  AppendXmlText(out, in.edition->language);
  out += "\">\n";
  Element(out, "id", f.home_url);
  Element(out, "title", f.title);
  Element(out, "updated", FormatRfc3339(f.updated));
  AtomLink(out, "self", "application/atom+xml", f.self_url);
  AtomLink(out, "alternate", "text/html", f.home_url);
  // Entries without a byline are the agency's own.
  out += "<author>\n";
  Element(out, "name", in.site->name);
  out += "</author>\n";
  Element(out, "generator", kGenerator);
  for (const Article& a : *in.articles) {
    out += "<entry>\n";
    Element(out, "id", Permalink(*in.site, a));
    Element(out, "title", a.headline);
    AtomLink(out, "alternate", "text/html", ArticleUrl(*in.site, a));
    Element(out, "published", FormatRfc3339(a.published_at));
    Element(out, "updated", FormatRfc3339(ChangedAt(a)));
    if (!a.byline.empty()) {
      out += "<author>\n";
      Element(out, "name", a.byline);
      out += "</author>\n";
    }
    AtomCategory(out, a.section, SectionName(in, a), in.site->base_url + "/" + a.edition + "/");
    for (const Tag& t : a.tags) AtomCategory(out, t.slug, t.name, TagsScheme(in, a));
    if (!a.lead.empty()) {
      out += "<summary type=\"text\">";
      AppendXmlText(out, a.lead);
      out += "</summary>\n";
    }
    if (in.full_content) {
      out += "<content type=\"html\">";
      AppendXmlText(out, ContentHtml(in, a));
      out += "</content>\n";
    }
    if (!a.image_url.empty()) {
      // Atom's enclosure link may leave out the length, not the type.
      if (std::string_view type = ImageTypeOf(a.image_url); !type.empty()) {
        AtomLink(out, "enclosure", type, AbsoluteUrl(*in.site, a.image_url));
      }
      MediaContent(out, in, a);
    }
    out += "</entry>\n";
  }
  out += "</feed>\n";
  return out;
}

std::string RenderJsonFeed(const FeedInput& in) {
  using nlohmann::ordered_json;
  FeedFacts f = FactsOf(FeedFormat::kJsonFeed, in);
  ordered_json items = ordered_json::array();
  for (const Article& a : *in.articles) {
    ordered_json item;
    item["id"] = Permalink(*in.site, a);
    item["url"] = ArticleUrl(*in.site, a);
    item["title"] = a.headline;
    if (in.full_content) {
      item["content_html"] = ContentHtml(in, a);
    } else {
      item["content_text"] = a.lead;
    }
    if (!a.lead.empty()) item["summary"] = a.lead;
    if (!a.image_url.empty()) item["image"] = AbsoluteUrl(*in.site, a.image_url);
    item["date_published"] = FormatRfc3339(a.published_at);
    item["date_modified"] = FormatRfc3339(ChangedAt(a));
    if (!a.byline.empty()) item["authors"] = ordered_json::array({{{"name", a.byline}}});
    ordered_json tags = ordered_json::array({SectionName(in, a)});
    for (const Tag& t : a.tags) tags.push_back(t.name);
    item["tags"] = std::move(tags);
    item["language"] = in.edition->language;
    items.push_back(std::move(item));
  }
  ordered_json feed;
  feed["version"] = "https://jsonfeed.org/version/1.1";
  feed["title"] = f.title;
  feed["home_page_url"] = f.home_url;
  feed["feed_url"] = f.self_url;
  feed["language"] = in.edition->language;
  feed["authors"] = ordered_json::array({{{"name", in.site->name}}});
  feed["items"] = std::move(items);
  // Invalid UTF-8 (never stored, but never trusted either) becomes U+FFFD.
  return feed.dump(-1, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace

std::string_view FeedFileName(FeedFormat format) {
  switch (format) {
    case FeedFormat::kRss:
      return "rss.xml";
    case FeedFormat::kAtom:
      return "atom.xml";
    case FeedFormat::kJsonFeed:
      return "feed.json";
  }
  return "rss.xml";
}

std::optional<FeedFormat> FeedFormatForFileName(std::string_view file_name) {
  for (FeedFormat f : {FeedFormat::kRss, FeedFormat::kAtom, FeedFormat::kJsonFeed}) {
    if (FeedFileName(f) == file_name) return f;
  }
  return std::nullopt;
}

std::string_view FeedContentType(FeedFormat format) {
  switch (format) {
    case FeedFormat::kRss:
      return "application/rss+xml; charset=utf-8";
    case FeedFormat::kAtom:
      return "application/atom+xml; charset=utf-8";
    case FeedFormat::kJsonFeed:
      return "application/feed+json; charset=utf-8";
  }
  return "application/xml; charset=utf-8";
}

std::string FeedPath(std::string_view edition_code, std::string_view section_slug,
                     FeedFormat format) {
  std::string path = "/" + std::string(edition_code) + "/";
  if (!section_slug.empty()) path += std::string(section_slug) + "/";
  return path + std::string(FeedFileName(format));
}

std::string RenderFeed(FeedFormat format, const FeedInput& input) {
  switch (format) {
    case FeedFormat::kRss:
      return RenderRss(input);
    case FeedFormat::kAtom:
      return RenderAtom(input);
    case FeedFormat::kJsonFeed:
      return RenderJsonFeed(input);
  }
  return RenderRss(input);
}

}  // namespace herald::feeds
