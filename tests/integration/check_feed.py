#!/usr/bin/python3
"""Reads a feed or sitemap the way its consumers do and prints, as JSON, what
was understood, for tests/integration/feeds_test.cc to judge.

    check_feed.py feed FILE       RSS or Atom, through feedparser (Debian's
                                  python3-feedparser, as aggregators use it)
    check_feed.py json-feed FILE  JSON Feed 1.1 (feedparser 6.0 cannot read
                                  it): the spec's required fields and types
    check_feed.py xml FILE        any XML, through expat (a strict, conforming
                                  parser): namespaces, elements and text

Run it with /usr/bin/python3, the interpreter feedparser is installed for.
Exit status 0 whenever FILE could be read; "bozo" says whether the document
was well-formed and complete, and "bozo_exception" why not.
"""

import calendar
import datetime
import json
import sys
import xml.etree.ElementTree as ElementTree


def epoch(parsed):
    return calendar.timegm(parsed) if parsed else None


def check_feed(data):
    import feedparser  # Only this mode needs it.

    d = feedparser.parse(data)
    feed = d.get("feed", {})
    out = {
        "bozo": int(d.get("bozo", 0)),
        "bozo_exception": str(d.get("bozo_exception", "")),
        "version": d.get("version", ""),
        "feed": {
            "title": feed.get("title"),
            "link": feed.get("link"),
            "language": feed.get("language"),
            "self": next((l.get("href") for l in feed.get("links", []) if l.get("rel") == "self"),
                         None),
            "updated": epoch(feed.get("updated_parsed")),
        },
        "entries": [],
    }
    for e in d.get("entries", []):
        out["entries"].append({
            "id": e.get("id"),
            "link": e.get("link"),
            "title": e.get("title"),
            "published": epoch(e.get("published_parsed")),
            "updated": epoch(e.get("updated_parsed")),
            "author": e.get("author"),
            "tags": [t.get("label") or t.get("term") for t in e.get("tags", [])],
            "summary": e.get("summary"),
            "content": [c.get("value") for c in e.get("content", [])],
            "media": [m.get("url") for m in e.get("media_content", [])],
            "enclosures": [l.get("href") for l in e.get("links", []) if l.get("rel") == "enclosure"],
        })
    return out


def rfc3339(text):
    return int(datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


def check_json_feed(data):
    out = {"bozo": 0, "bozo_exception": "", "version": "", "feed": {}, "entries": []}
    try:
        doc = json.loads(data.decode("utf-8"))
        if not str(doc.get("version", "")).startswith("https://jsonfeed.org/version/1"):
            raise ValueError("version is not a JSON Feed version URL")
        if not isinstance(doc.get("title"), str) or not isinstance(doc.get("items"), list):
            raise ValueError("title and items are required")
        out["version"] = "json" + doc["version"].rsplit("/", 1)[-1].replace(".", "")
        out["feed"] = {"title": doc["title"], "link": doc.get("home_page_url"),
                       "language": doc.get("language"), "self": doc.get("feed_url"),
                       "updated": None}
        for item in doc["items"]:
            if not isinstance(item.get("id"), str) or not item["id"]:
                raise ValueError("an item's id must be a non-empty string")
            if "content_html" not in item and "content_text" not in item:
                raise ValueError("an item needs content_html or content_text")
            content = item.get("content_html", item.get("content_text"))
            out["entries"].append({
                "id": item["id"],
                "link": item.get("url"),
                "title": item.get("title"),
                "published": rfc3339(item["date_published"]) if "date_published" in item else None,
                "updated": rfc3339(item["date_modified"]) if "date_modified" in item else None,
                "author": ", ".join(a["name"] for a in item.get("authors", [])) or None,
                "tags": item.get("tags", []),
                "summary": item.get("summary"),
                "content": [content],
                "media": [item["image"]] if "image" in item else [],
                "enclosures": [],
            })
    except Exception as e:  # Whatever went wrong is the document's fault.
        out["bozo"] = 1
        out["bozo_exception"] = repr(e)
    return out


def element(e):
    return {
        "tag": e.tag,  # "{namespace}name"
        "attrib": dict(e.attrib),
        "text": (e.text or "").strip(),
        "children": [element(c) for c in e],
    }


def check_xml(data):
    try:
        return {"bozo": 0, "bozo_exception": "", "root": element(ElementTree.fromstring(data))}
    except ElementTree.ParseError as e:
        return {"bozo": 1, "bozo_exception": str(e), "root": None}


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("feed", "json-feed", "xml"):
        sys.exit(__doc__)
    with open(sys.argv[2], "rb") as f:
        data = f.read()
    check = {"feed": check_feed, "json-feed": check_json_feed, "xml": check_xml}[sys.argv[1]]
    json.dump(check(data), sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
