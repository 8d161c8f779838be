#include "feeds/ninjs.h"

#include <string>

#include "common/text.h"
#include "core/dateline.h"

namespace herald::feeds {

using nlohmann::json;

json NinjsItem(const SiteFacts& site, const Edition& edition, const std::vector<Section>& sections,
               const Article& a) {
  json item;
  item["uri"] = Permalink(site, a);
  item["standard"] = {{"name", "ninjs"},
                      {"version", std::string(kNinjsVersion)},
                      {"schema", std::string(kNinjsSchema)}};
  item["type"] = "text";
  // The revision: bumped by every change, so "a newer version" is a number.
  item["version"] = std::to_string(a.revision);
  item["versioncreated"] = FormatRfc3339(ChangedAt(a));
  item["language"] = edition.language;
  json altids = json::array();
  altids.push_back({{"role", "newsid"}, {"value", std::to_string(a.id)}});
  // The story's versions in other editions share this value.
  if (a.translation_group != 0) {
    altids.push_back({{"role", "story"}, {"value", std::to_string(StoryOf(a))}});
  }
  item["altids"] = std::move(altids);

  if (!IsPublic(a)) {
    // Nothing of a withdrawn story is given out again, only that it is.
    item["representationtype"] = "partial";
    item["pubstatus"] = "withheld";
    return item;
  }

  item["representationtype"] = "full";
  item["profile"] = a.image_url.empty() ? "text-only" : "text-photo";
  item["pubstatus"] = "usable";
  if (a.created_at != 0) item["firstcreated"] = FormatRfc3339(a.created_at);
  // The dateline: when the story was filed.
  item["contentcreated"] = FormatRfc3339(a.published_at);
  item["slugline"] = a.slug;
  item["headlines"] = json::array({{{"role", "main"}, {"value", a.headline}}});
  if (!a.lead.empty()) {
    item["descriptions"] =
        json::array({{{"role", "summary"}, {"contenttype", "text/plain"}, {"value", a.lead}}});
  }
  json bodies = json::array();
  bodies.push_back(
      {{"role", "main"}, {"contenttype", "text/html"}, {"value", AbsoluteHtml(site, a.body_html)}});
  if (!a.correction.empty()) {
    bodies.push_back(
        {{"role", "correction"}, {"contenttype", "text/plain"}, {"value", a.correction}});
  }
  item["bodies"] = std::move(bodies);
  if (!a.byline.empty()) item["by"] = a.byline;
  if (!site.name.empty()) item["copyrightholder"] = site.name;

  std::string section_name = a.section;
  for (const Section& s : sections) {
    if (s.slug == a.section) section_name = s.name;
  }
  json subjects = json::array();
  subjects.push_back({{"name", section_name},
                      {"rel", "section"},
                      {"literal", a.section},
                      {"uri", site.base_url + "/" + a.edition + "/" + a.section + "/"}});
  for (const Tag& t : a.tags) {
    subjects.push_back({{"name", t.name},
                        {"rel", "tag"},
                        {"literal", t.slug},
                        {"uri", site.base_url + "/" + a.edition + "/tag/" + t.slug + "/"}});
  }
  item["subjects"] = std::move(subjects);

  item["renditions"] =
      json::array({{{"name", "web"}, {"href", ArticleUrl(site, a)}, {"contenttype", "text/html"}}});

  if (!a.image_url.empty()) {
    std::string image = AbsoluteUrl(site, a.image_url);
    json rendition = {{"name", "original"}, {"href", image}};
    if (std::string_view type = ImageTypeOf(a.image_url); !type.empty()) {
      rendition["contenttype"] = std::string(type);
    }
    json picture = {{"name", "featureimage"},
                    {"uri", image},
                    {"type", "picture"},
                    {"renditions", json::array({rendition})}};
    if (!a.image_caption.empty()) {
      picture["descriptions"] = json::array({{{"role", "caption"}, {"value", a.image_caption}}});
    }
    item["associations"] = json::array({picture});
  }
  return item;
}

}  // namespace herald::feeds
