#include "feeds/ninjs.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "core/edition_testing.h"

namespace herald::feeds {
namespace {

using nlohmann::json;

constexpr UnixTime kT0 = 1482069840;  // 2016-12-18T14:04:00Z.

const SiteFacts kSite{"Herald News", "https://news.example"};

// The top-level properties ninjs 2.1 defines; its schema allows no others.
const std::set<std::string> kNinjsProperties = {"uri",
                                                "type",
                                                "representationtype",
                                                "profile",
                                                "version",
                                                "firstcreated",
                                                "versioncreated",
                                                "contentcreated",
                                                "embargoed",
                                                "pubstatus",
                                                "urgency",
                                                "copyrightholder",
                                                "copyrightnotice",
                                                "usageterms",
                                                "ednote",
                                                "language",
                                                "descriptions",
                                                "bodies",
                                                "headlines",
                                                "people",
                                                "organisations",
                                                "places",
                                                "subjects",
                                                "events",
                                                "objects",
                                                "infosources",
                                                "title",
                                                "by",
                                                "slugline",
                                                "located",
                                                "renditions",
                                                "associations",
                                                "altids",
                                                "trustindicators",
                                                "standard",
                                                "genres",
                                                "expires",
                                                "rightsinfo"};

Article Reference() {
  Article a;
  a.id = 425881;
  a.edition = "en";
  a.section = "politics";
  a.tags = {{"aleppo", "Aleppo"}};
  a.headline = "Truce will hold";
  a.slug = "truce-will-hold";
  a.lead = "Rasa - The truce must hold.";
  a.body_html = "<p>RNA - <a href=\"/en/news/1/x\">x</a></p>";
  a.image_url = "/static/demo/politics.svg";
  a.image_caption = "The chamber";
  a.byline = "Staff reporter";
  a.status = ArticleStatus::kPublished;
  a.created_at = kT0 - 600;
  a.published_at = kT0;
  a.updated_at = kT0 + 60;
  a.revision = 4;
  return a;
}

void ExpectOnlyNinjsProperties(const json& item) {
  for (const auto& [key, value] : item.items()) {
    EXPECT_TRUE(kNinjsProperties.contains(key)) << "not a ninjs 2.1 property: " << key;
  }
}

TEST(NinjsTest, APublishedArticleIsAFullTextItem) {
  const std::vector<Section> sections = {Section{"en", "politics", "Politics", 1}};
  json item = NinjsItem(kSite, fixtures::EnglishEdition(), sections, Reference());
  ExpectOnlyNinjsProperties(item);
  EXPECT_EQ(item["uri"], "https://news.example/news/425881");
  EXPECT_EQ(item["standard"], json::parse(R"({"name": "ninjs", "version": "2.1",
      "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json"})"));
  EXPECT_EQ(item["type"], "text");
  EXPECT_EQ(item["representationtype"], "full");
  EXPECT_EQ(item["profile"], "text-photo");
  EXPECT_EQ(item["version"], "4");
  EXPECT_EQ(item["pubstatus"], "usable");
  EXPECT_EQ(item["language"], "en");
  EXPECT_EQ(item["firstcreated"], "2016-12-18T13:54:00Z");
  EXPECT_EQ(item["contentcreated"], "2016-12-18T14:04:00Z");
  EXPECT_EQ(item["versioncreated"], "2016-12-18T14:05:00Z");
  EXPECT_EQ(item["headlines"], json::parse(R"([{"role": "main", "value": "Truce will hold"}])"));
  EXPECT_EQ(item["descriptions"], json::parse(R"([{"role": "summary", "contenttype": "text/plain",
      "value": "Rasa - The truce must hold."}])"));
  ASSERT_EQ(item["bodies"].size(), 1u);
  EXPECT_EQ(item["bodies"][0]["contenttype"], "text/html");
  EXPECT_EQ(item["bodies"][0]["value"],
            "<p>RNA - <a href=\"https://news.example/en/news/1/x\">x</a></p>");
  EXPECT_EQ(item["by"], "Staff reporter");
  EXPECT_EQ(item["slugline"], "truce-will-hold");
  EXPECT_EQ(item["altids"], json::parse(R"([{"role": "newsid", "value": "425881"}])"));
  ASSERT_EQ(item["subjects"].size(), 2u);
  EXPECT_EQ(item["subjects"][0], json::parse(R"({"name": "Politics", "rel": "section",
      "literal": "politics", "uri": "https://news.example/en/politics/"})"));
  EXPECT_EQ(item["subjects"][1], json::parse(R"({"name": "Aleppo", "rel": "tag",
      "literal": "aleppo", "uri": "https://news.example/en/tag/aleppo/"})"));
  EXPECT_EQ(item["renditions"][0]["href"], "https://news.example/en/news/425881/truce-will-hold");
  ASSERT_EQ(item["associations"].size(), 1u);
  const json& picture = item["associations"][0];
  EXPECT_EQ(picture["name"], "featureimage");
  EXPECT_EQ(picture["uri"], "https://news.example/static/demo/politics.svg");
  EXPECT_EQ(picture["type"], "picture");
  EXPECT_EQ(picture["descriptions"][0]["value"], "The chamber");
  EXPECT_EQ(picture["renditions"][0]["contenttype"], "image/svg+xml");
  // An association is a ninjs object with a name.
  json without_name = picture;
  without_name.erase("name");
  ExpectOnlyNinjsProperties(without_name);
}

TEST(NinjsTest, CorrectionsTranslationsAndMissingPartsAreSaid) {
  Article a = Reference();
  a.image_url.clear();
  a.byline.clear();
  a.lead.clear();
  a.correction = "An earlier version misspelt a name.";
  a.corrected_at = kT0 + 300;
  a.translation_group = 425870;
  a.edition = "fa";
  json item = NinjsItem(kSite, fixtures::PersianEdition(), {}, a);
  ExpectOnlyNinjsProperties(item);
  EXPECT_EQ(item["profile"], "text-only");
  EXPECT_EQ(item["language"], "fa");
  EXPECT_EQ(item["versioncreated"], "2016-12-18T14:09:00Z");
  EXPECT_FALSE(item.contains("associations"));
  EXPECT_FALSE(item.contains("by"));
  EXPECT_FALSE(item.contains("descriptions"));
  ASSERT_EQ(item["bodies"].size(), 2u);
  EXPECT_EQ(item["bodies"][1]["role"], "correction");
  EXPECT_EQ(item["bodies"][1]["value"], "An earlier version misspelt a name.");
  EXPECT_EQ(item["altids"][1], json::parse(R"({"role": "story", "value": "425870"})"));
  // With no section list, the section is named by its slug.
  EXPECT_EQ(item["subjects"][0]["name"], "politics");
}

TEST(NinjsTest, AWithdrawnArticleIsWithheldAndGivesNoContent) {
  Article a = Reference();
  a.status = ArticleStatus::kUnpublished;
  a.updated_at = kT0 + 900;
  json item = NinjsItem(kSite, fixtures::EnglishEdition(), {}, a);
  ExpectOnlyNinjsProperties(item);
  EXPECT_EQ(item["pubstatus"], "withheld");
  EXPECT_EQ(item["representationtype"], "partial");
  EXPECT_EQ(item["uri"], "https://news.example/news/425881");
  EXPECT_EQ(item["versioncreated"], "2016-12-18T14:19:00Z");
  for (const char* gone : {"headlines", "bodies", "descriptions", "associations", "by", "subjects",
                           "renditions", "slugline"}) {
    EXPECT_FALSE(item.contains(gone)) << gone;
  }
}

TEST(NinjsTest, InvalidUtf8CannotBreakTheJson) {
  Article a = Reference();
  a.headline = "bad \xC3( byte";
  json item = NinjsItem(kSite, fixtures::EnglishEdition(), {}, a);
  std::string text = item.dump(-1, ' ', false, json::error_handler_t::replace);
  EXPECT_FALSE(json::parse(text, nullptr, false).is_discarded());
}

}  // namespace
}  // namespace herald::feeds
