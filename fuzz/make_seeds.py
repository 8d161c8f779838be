#!/usr/bin/env python3
"""Writes the seed corpora under fuzz/corpus/ (run from anywhere; rewrites them).

Every seed is the project's own: requests, comment and API bodies, wire
articles, Markdown with hostile HTML, configs, and tiny images built here
byte by byte (with the metadata StripMetadata removes)."""
import pathlib
import struct
import zlib

ROOT = pathlib.Path(__file__).resolve().parent
CORPUS = ROOT / "corpus"
TOKEN = "hld_f0220f0220f0220f0220f0220f0220f0220f0220f0220f0220f0220f0220f022"
# The demo story FuzzSite comments on (the English edition's newest).
ARTICLE_ID = 425863
SLUG = "thousands-line-the-banks-of-the-selen-for-port-asters-lantern-festival-on-a"


def write(target, name, data):
    d = CORPUS / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data if isinstance(data, bytes) else data.encode())


def http(method, target, headers=(), body=b""):
    if isinstance(body, str):
        body = body.encode()
    lines = [f"{method} {target} HTTP/1.1", "Host: localhost"] + list(headers)
    if body:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


# --- http_request -----------------------------------------------------------
auth = f"Authorization: Bearer {TOKEN}"
json_type = "Content-Type: application/json"
form_type = "Content-Type: application/x-www-form-urlencoded"
requests = {
    "root": http("GET", "/"),
    "front": http("GET", "/en/?page=2", ["Accept-Encoding: br, gzip"]),
    "persian": http("GET", "/fa/", ["If-None-Match: W/\"abc\""]),
    "article": http("GET", f"/en/news/{ARTICLE_ID}/{SLUG}?comment=1&posted=pending&reasons=a,b"),
    "news_short": http("HEAD", f"/news/{ARTICLE_ID}"),
    "wrong_slug": http("GET", f"/fa/news/{ARTICLE_ID}/x"),
    "search": http("GET", "/en/search?q=%D8%A8%D9%88%D8%AF%D8%AC%D9%87+budget&page=1"),
    "feeds": http("GET", "/en/politics/rss.xml") + http("GET", "/en/atom.xml") + http("GET", "/en/feed.json"),
    "sitemap": http("GET", "/sitemap.xml") + http("GET", "/sitemap-news.xml") + http("GET", "/robots.txt"),
    "ninjs": http("GET", f"/api/v1/ninjs/{ARTICLE_ID}", [auth]),
    "api_list": http("GET", "/api/v1/articles?status=draft&order=updated&page=1", [auth]),
    "api_create": http("POST", "/api/v1/articles", [auth, json_type],
                       '{"edition":"en","section":"politics","headline":"Fuzz <b>head</b>",'
                       '"lead":"Lead","body":"Body *md* <script>x</script>"}'),
    "comment_api": http("POST", f"/api/v1/articles/{ARTICLE_ID}/comments", [json_type],
                        '{"name":"Ann","body":"A fair point about the budget."}'),
    "comment_form": http("POST", f"/en/news/{ARTICLE_ID}/{SLUG}/comments", [form_type],
                         "name=Ann&email=a%40example.org&body=Hello+there&confirm=1"),
    "chunked": b"POST /api/v1/preview HTTP/1.1\r\nHost: x\r\n" + (auth + "\r\n" + json_type).encode()
               + b"\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"edi\r\n0\r\n\r\n",
    "desk": http("GET", "/desk/", ["Cookie: herald_session=abc; herald_login=def"]),
    "desk_login": http("GET", "/desk/login"),
    "forwarded": http("GET", "/healthz", ["X-Forwarded-For: 203.0.113.9, 10.0.0.1, 127.0.0.1"]),
    "metrics": http("GET", "/metrics"),
    "static": http("GET", "/static/site.css"),
    "bad_escape": http("GET", "/en/%zz?q=%ff"),
    "media": http("GET", "/media/" + "0" * 64 + ".png"),
    "openapi": http("GET", "/api/v1/openapi.json"),
    "options": http("OPTIONS", "/api/v1/articles"),
}
for name, data in requests.items():
    write("http_request", name, data)

# --- comment_body (first byte: endpoint; see comment_body_fuzz.cc) ----------
comment_bodies = [
    (0, '{"name":"Ann","body":"I think the budget is fair.","email":"ann@example.org"}'),
    (0, '{"name":"Bob","body":"Reply <script>alert(1)</script>","parent_id":1,"nudge":true}'),
    (0, '{"name":"C","body":"check only","check":true,"website":""}'),
    (5, '{"name":"\\u0645\\u0631\\u06cc\\u0645","body":"\\u0628\\u0648\\u062f\\u062c\\u0647 \\u062e\\u0648\\u0628 \\u0627\\u0633\\u062a"}'),
    (1, "name=Ann&email=ann%40example.org&body=A+thoughtful+comment+on+this.&confirm=1"),
    (1, "name=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E&body=%3Cimg+src%3Dx+onerror%3Dalert(1)%3E"),
    (6, "name=Bob&body=Reply+text&parent_id=1&website=http%3A%2F%2Fspam.example"),
    (2, "reason=spam"),
    (3, "key=00&appeal=Please+reconsider"),
    (4, '{"key":"00","text":"Please look again"}'),
]
for i, (mode, body) in enumerate(comment_bodies):
    write("comment_body", f"seed{i:02d}", bytes([mode]) + body.encode())

# --- api_body (first byte: endpoint; see api_body_fuzz.cc) -------------------
api_bodies = [
    (0, '{"edition":"en","section":"politics","headline":"Budget talks","lead":"Lead.",'
        '"body":"Para one.\\n\\nPara **two** with [link](https://example.org).","tags":["budget"]}'),
    (0, '{"edition":"fa","section":"politics","headline":"\\u062a\\u0635\\u0648\\u06cc\\u0628",'
        '"lead":"x","body":"y","translation_of":425863}'),
    (1, '{"revision":1,"headline":"New headline","body":"<iframe src=javascript:alert(1)>"}'),
    (2, '{"at":"2030-01-01T00:00:00Z"}'),
    (3, '{"mode":"closed"}'),
    (4, '{"edition":"en","headline":"Preview \\"quoted\\"","lead":"</script><script>alert(1)</script>",'
        '"body":"# Title\\n\\n| a | b |\\n|---|---|\\n| 1 | 2 |"}'),
    (5, '{"slug":"world","name":"World","position":3}'),
    (7, '{"revision":2}'),
]
for i, (mode, body) in enumerate(api_bodies):
    write("api_body", f"seed{i:02d}", bytes([mode]) + body.encode())

# --- article_text --------------------------------------------------------------
write("article_text", "wire", """18 December 2016 - 17:34
News ID: 425881
Rasa - A top Iranian official called for guarantees that a truce will hold.
Ali Shamkhani in a meeting with an envoy

RNA - Given the misconduct by certain countries in previous rounds of talks, guarantees should be provided now.


Shamkhani called for efforts to boost relief aid for the people of the city.

End/ 101

Send comment
Your Name
""")
write("article_text", "markdown_chars", """1 January 2020 - 00:00
News ID: 7
Agency - *Lead* with _markdown_ [chars](x) and <b>html</b> & `ticks`.

# Not a heading
1. not a list
> not a quote
""")
write("article_text", "persian", """۲۸ آذر ۱۳۹۵ - ۱۷:۳۴
News ID: 425882
رسا - یک مقام ارشد ایرانی خواستار تضمین آتش‌بس شد.

متن خبر در اینجا.
""")
write("article_text", "crlf", "18 December 2016 - 17:34\r\nNews ID: 1\r\nLead\r\n\r\nBody\r\n")

# --- markdown --------------------------------------------------------------------
markdown = {
    "basic": "# Heading\n\nSome *emphasis*, **strong**, `code` and a [link](https://example.org \"title\").\n\n> quote\n\n- a\n- b\n\n1. one\n2. two\n\n---\n\n```js\nalert(1)\n```\n",
    "gfm": "| a | b |\n|:--|--:|\n| 1 | ~~2~~ |\n\nwww.example.org and https://example.org/x?y=1 and ann@example.org\n",
    "raw_html": "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n<div onclick=\"x\">hi</div> <a href=\"javascript:alert(1)\">x</a>\n",
    "schemes": "[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](vbscript:x) [d](data:text/html,<script>x</script>)\n\n![i](data:image/png;base64,AAAA) ![j](javascript:alert(1))\n\n[e](&#106;avascript:alert(1)) [f](<java\tscript:alert(1)>) [g](\x01javascript:x)\n",
    "refs": "[x][ref] and [y]\n\n[ref]: javascript:alert(1) \"t\"\n[y]: <data:text/html;base64,PHNjcmlwdD4=>\n",
    "autolink": "<javascript:alert(1)> <https://ok.example> <mailto:a@b.c> javascript:alert(1) www.x.com/\"onmouseover=\"alert(1)\n",
    "entities": "&lt;script&gt; &#60;script&#62; &quot;&amp; &#x3C;img src=x onerror=y&#x3E; \\<script>\n",
    "nested": "> - [link *with **nested** `code`*](https://x.example/\"><script>)\n>   > ![alt \"q\"](/img.png 'title \"x\"')\n",
}
for name, text in markdown.items():
    write("markdown", name, text)

# --- config -------------------------------------------------------------------------
write("config", "default", (ROOT.parent / "herald.toml").read_text())
write("config", "small", """data_dir = "/srv/herald"
log_level = "debug"

[server]
port = 9000
trusted_proxies = ["10.0.0.1"]
max_body_kib = 64

[site]
base_url = "https://news.example.org"
default_edition = "fa"

[[editions]]
code = "fa"
language = "fa"
name = "خبر"
time_zone = "Asia/Tehran"
calendar = "persian"

[editions.moderation]
phases = ["normalise", "spam", "house_rules"]
per_address_per_minute = 10
house_rules = [{ name = "no caps", pattern = "[A-Z]{20,}", outcome = "pending" }]
""")
write("config", "bad", "[server]\nport = \"eighty\"\nunknown = 1\n[site\n")

# --- query_cookie (first line: query; the rest: Cookie header) ----------------------
queries = [
    "q=budget&page=2\nherald_session=abc; herald_login=xyz",
    "q=%D8%A8%D9%88%D8%AF%D8%AC%D9%87+%22quoted%22+-not+OR*&edition=fa\n__Host-herald_session=0123",
    "comment=5&posted=published&reasons=spam,abuse&reply=3&reported=1\n a = b ;; c=;=d",
    "a&b=&=c&%zz=1&x=%ff%fe&y=%0a\nherald_session=\"quoted\"; herald_session=second",
]
for i, q in enumerate(queries):
    write("query_cookie", f"seed{i:02d}", q)


# --- image ----------------------------------------------------------------------------
def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width, height, extra=()):
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    out = b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr)
    for kind, data in extra:
        out += png_chunk(kind, data)
    return out + png_chunk(b"IDAT", zlib.compress(raw)) + png_chunk(b"IEND", b"")


def jpeg(width, height, exif=True):
    def seg(marker, data):
        return bytes([0xFF, marker]) + struct.pack(">H", len(data) + 2) + data
    out = b"\xff\xd8" + seg(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    if exif:
        out += seg(0xE1, b"Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\x00\x00")
    out += seg(0xDB, b"\x00" + bytes(range(1, 65)))
    out += seg(0xC0, b"\x08" + struct.pack(">HH", height, width) + b"\x01\x01\x11\x00")
    out += seg(0xC4, b"\x00" + bytes([0, 1] + [0] * 14) + b"\x00")
    out += seg(0xDA, b"\x01\x01\x00\x00\x3f\x00") + b"\x00\x00\xff\xd9"
    return out


def riff(chunks):
    body = b"WEBP"
    for kind, data in chunks:
        body += kind + struct.pack("<I", len(data)) + data + (b"\x00" if len(data) & 1 else b"")
    return b"RIFF" + struct.pack("<I", len(body)) + body


vp8 = b"\x10\x02\x00\x9d\x01\x2a" + struct.pack("<HH", 3, 2) + b"\x00" * 8
vp8l = b"\x2f" + struct.pack("<I", (3 - 1) | ((2 - 1) << 14)) + b"\x00" * 5
vp8x = bytes([0x0C, 0, 0, 0]) + (3 - 1).to_bytes(3, "little") + (2 - 1).to_bytes(3, "little")

write("image", "plain.png", png(3, 2))
write("image", "meta.png", png(2, 2, [(b"tEXt", b"Author\x00me"), (b"eXIf", b"MM\x00\x2a"),
                                       (b"iTXt", b"k\x00\x00\x00\x00\x00v")]))
write("image", "exif.jpg", jpeg(3, 2))
write("image", "plain.jpg", jpeg(1, 1, exif=False))
write("image", "tiny.gif", b"GIF89a\x03\x00\x02\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff"
      b"!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x03\x00\x02\x00\x00\x02\x02D\x01\x00;")
write("image", "lossy.webp", riff([(b"VP8 ", vp8)]))
write("image", "lossless.webp", riff([(b"VP8L", vp8l)]))
write("image", "extended.webp", riff([(b"VP8X", vp8x), (b"VP8 ", vp8), (b"EXIF", b"MM\x00\x2a\x00"),
                                      (b"XMP ", b"<x:xmpmeta/>")]))
