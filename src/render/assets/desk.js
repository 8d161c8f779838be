// Herald desk: the newsroom's web interface, drawn from the JSON API.
//
// The server sends a shell page (render/desk_pages.h) with the signed-in
// user, their permissions, the session's CSRF token and the editions in a
// <script type="application/json" id="desk-boot"> block; this script reads
// it, picks the view from location.pathname and builds it with the DOM API.
// Data is only ever put on the page as text (textContent), except the
// comment body_html and the article preview, which the server makes safe.
// No framework, no build step.
(function () {
  "use strict";

  const bootEl = document.getElementById("desk-boot");
  const root = document.getElementById("desk");
  if (!bootEl || !root) return;
  const boot = JSON.parse(bootEl.textContent);
  const perms = new Set(boot.permissions || []);
  const can = (p) => perms.has(p);

  // ---------------------------------------------------------------------
  // DOM helpers

  // h("button", {class: "x", onclick: fn, text: "Save"}, child...)
  function h(tag, props, ...children) {
    const el = document.createElement(tag);
    let value;
    if (props) {
      for (const [k, v] of Object.entries(props)) {
        if (v === undefined || v === null || v === false) continue;
        if (k === "text") el.textContent = v;
        else if (k === "class") el.className = v;
        else if (k === "value") value = v;
        else if (k === "checked") el.checked = !!v;
        else if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
        else if (k === "dataset") Object.assign(el.dataset, v);
        else el.setAttribute(k, v === true ? "" : String(v));
      }
    }
    for (const c of children.flat(Infinity)) {
      if (c === undefined || c === null || c === false) continue;
      el.append(c instanceof Node ? c : String(c));
    }
    if (value !== undefined) el.value = value;
    return el;
  }

  let idCounter = 0;
  const uid = (prefix) => `${prefix}-${++idCounter}`;

  // A labelled form field: <div class="field"><label>..</label><control><hint></div>.
  function field(label, control, hint) {
    if (!control.id) control.id = uid("f");
    const wrap = h("div", { class: "field" }, h("label", { for: control.id, text: label }), control);
    if (hint) {
      const hintEl = h("p", { class: "hint", id: uid("hint"), text: hint });
      control.setAttribute("aria-describedby", hintEl.id);
      wrap.append(hintEl);
    }
    return wrap;
  }

  function option(value, label, selected) {
    return h("option", { value, text: label, selected: !!selected });
  }

  function clear(el) {
    while (el.firstChild) el.firstChild.remove();
  }

  // RFC 3339 or Unix seconds -> "2026-03-01 14:05" in the browser's zone.
  function fmtTime(t) {
    if (t === null || t === undefined || t === "" || t === 0) return "";
    const d = typeof t === "number" ? new Date(t * 1000) : new Date(t);
    if (isNaN(d)) return String(t);
    const p = (n) => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
  }

  function timeEl(t) {
    const text = fmtTime(t);
    if (!text) return "";
    const d = typeof t === "number" ? new Date(t * 1000) : new Date(t);
    return h("time", { datetime: isNaN(d) ? null : d.toISOString(), text });
  }

  // Local "YYYY-MM-DDTHH:MM" (datetime-local) -> "2026-12-01T08:00:00Z".
  function localToRfc3339(value) {
    const d = new Date(value);
    if (isNaN(d)) return null;
    return d.toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  const editions = boot.editions || [];
  const editionByCode = (code) => editions.find((e) => e.code === code);
  function sectionName(editionCode, slug) {
    const e = editionByCode(editionCode);
    const s = e && (e.sections || []).find((x) => x.slug === slug);
    return s ? s.name : slug || "";
  }

  // ---------------------------------------------------------------------
  // The API

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  function loginUrl() {
    return "/desk/login?next=" + encodeURIComponent(location.pathname + location.search);
  }

  // Calls the API with the session cookie; non-GET requests carry the CSRF
  // token. Returns the parsed JSON (null for 204); throws ApiError.
  async function api(method, path, body, rawType) {
    const headers = { Accept: "application/json" };
    const init = { method, credentials: "same-origin", headers };
    if (method !== "GET" && method !== "HEAD") {
      headers["X-CSRF-Token"] = boot.csrf;
      if (rawType) {
        headers["Content-Type"] = rawType;
        init.body = body;
      } else {
        headers["Content-Type"] = "application/json";
        init.body = JSON.stringify(body === undefined ? {} : body);
      }
    }
    let resp;
    try {
      resp = await fetch(path, init);
    } catch (e) {
      throw new ApiError(0, "network", "The server could not be reached. Check your connection and try again.");
    }
    if (resp.status === 401) {
      location.assign(loginUrl());
      throw new ApiError(401, "unauthenticated", "Your session has ended. Please sign in again.");
    }
    if (resp.status === 204) return null;
    let data = null;
    try {
      data = await resp.json();
    } catch (e) {
      data = null;
    }
    if (!resp.ok) {
      const err = (data && data.error) || {};
      let message = err.message || `${resp.status} ${resp.statusText}`;
      if (resp.status === 403 && err.code === "forbidden" && !err.message) {
        message = "You do not have permission to do that.";
      }
      throw new ApiError(resp.status, err.code || String(resp.status), message);
    }
    return data;
  }

  function query(params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      if (v !== undefined && v !== null && v !== "" && v !== false) q.set(k, String(v));
    }
    const s = q.toString();
    return s ? "?" + s : "";
  }

  // ---------------------------------------------------------------------
  // Page frame: title, status line (aria-live) and the view's content.

  const statusEl = h("div", { class: "desk-status", role: "status", "aria-live": "polite" });
  const alertEl = h("div", { class: "desk-alert", role: "alert" });

  // Shows `message` in the status region; kind: info, ok, error.
  function say(message, kind, extra) {
    const target = kind === "error" ? alertEl : statusEl;
    const other = kind === "error" ? statusEl : alertEl;
    clear(other);
    clear(target);
    if (!message) return;
    target.append(h("p", { class: "msg msg-" + (kind || "info"), text: message }), extra || "");
  }

  function sayError(e) {
    say(e && e.message ? e.message : String(e), "error");
  }

  function page(title, ...actions) {
    clear(root);
    document.title = `${title} | ${(boot.site && boot.site.name) || "Herald"} desk`;
    const head = h("div", { class: "page-head" }, h("h1", { text: title }), h("div", { class: "page-actions" }, actions));
    root.append(head, alertEl, statusEl);
    const body = h("div", { class: "page-body" });
    root.append(body);
    return body;
  }

  function markNav(key) {
    for (const a of document.querySelectorAll(".desk-nav a[data-nav]")) {
      if (a.dataset.nav === key) a.setAttribute("aria-current", "page");
      else a.removeAttribute("aria-current");
    }
  }

  // ---------------------------------------------------------------------
  // Article list (newsroom)

  function statusLabel(a) {
    if (a.status === "draft" && a.submitted_at) return "in review";
    return a.status;
  }

  async function viewList() {
    markNav("articles");
    const body = page(
      "Articles",
      can("write_articles") ? h("a", { class: "button primary", href: "/desk/articles/new", text: "New article" }) : null
    );
    const params = new URLSearchParams(location.search);
    const state = {
      edition: params.get("edition") || "",
      section: params.get("section") || "",
      status: params.get("status") || "",
      mine: params.get("mine") === "1",
      q: params.get("q") || "",
      page: Math.max(1, parseInt(params.get("page") || "1", 10) || 1),
    };

    const editionSel = h("select", { name: "edition" }, option("", "All editions"), editions.map((e) => option(e.code, e.name, e.code === state.edition)));
    const sectionSel = h("select", { name: "section" });
    function fillSections() {
      const chosen = editionSel.value;
      clear(sectionSel);
      sectionSel.append(option("", "All sections"));
      const seen = new Set();
      for (const e of editions) {
        if (chosen && e.code !== chosen) continue;
        for (const s of e.sections || []) {
          if (seen.has(s.slug)) continue;
          seen.add(s.slug);
          sectionSel.append(option(s.slug, chosen ? s.name : `${s.name} (${s.slug})`, s.slug === state.section));
        }
      }
    }
    fillSections();
    editionSel.addEventListener("change", fillSections);
    const statusSel = h(
      "select",
      { name: "status" },
      [
        ["", "Any status"],
        ["draft", "Draft"],
        ["review", "In review"],
        ["scheduled", "Scheduled"],
        ["published", "Published"],
        ["unpublished", "Unpublished"],
      ].map(([v, l]) => option(v, l, v === state.status))
    );
    const mineBox = h("input", { type: "checkbox", name: "mine", checked: state.mine });
    const qInput = h("input", { type: "search", name: "q", value: state.q });
    const form = h(
      "form",
      { class: "filters", role: "search", "aria-label": "Filter articles" },
      field("Edition", editionSel),
      field("Section", sectionSel),
      field("Status", statusSel),
      field("Search", qInput),
      h("div", { class: "field check" }, mineBox, h("label", { for: (mineBox.id = uid("mine")), text: "Only mine" })),
      h("div", { class: "field" }, h("button", { type: "submit", text: "Filter" }))
    );
    const results = h("div", { class: "results" });
    body.append(form, results);

    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      state.edition = editionSel.value;
      state.section = sectionSel.value;
      state.status = statusSel.value;
      state.mine = mineBox.checked;
      state.q = qInput.value.trim();
      state.page = 1;
      load();
    });

    async function load() {
      const urlParams = { edition: state.edition, section: state.section, status: state.status, mine: state.mine ? "1" : "", q: state.q, page: state.page > 1 ? state.page : "" };
      history.replaceState(null, "", "/desk/" + query(urlParams));
      const apiParams = {
        edition: state.edition,
        section: state.section,
        q: state.q,
        author: state.mine ? boot.user.email : "",
        order: "updated",
        page: state.page,
        limit: 50,
      };
      if (state.status === "review") {
        apiParams.status = "draft";
        apiParams.submitted = "true";
      } else {
        apiParams.status = state.status;
      }
      clear(results);
      results.setAttribute("aria-busy", "true");
      try {
        const data = await api("GET", "/api/v1/articles" + query(apiParams));
        renderTable(data.articles || [], !!data.has_more);
      } catch (e) {
        sayError(e);
      } finally {
        results.removeAttribute("aria-busy");
      }
    }

    function renderTable(articles, hasMore) {
      clear(results);
      if (!articles.length) {
        results.append(h("p", { class: "empty", text: "No articles match." }));
      } else {
        const rows = articles.map((a) =>
          h(
            "tr",
            null,
            h("td", { class: "headline-cell" }, h("a", { href: `/desk/articles/${a.id}`, text: a.headline || "(no headline)", dir: "auto" })),
            h("td", { text: a.edition }),
            h("td", { text: sectionName(a.edition, a.section) }),
            h("td", null, h("span", { class: "badge status-" + statusLabel(a).replace(" ", "-"), text: statusLabel(a) })),
            h("td", { text: a.author || "" }),
            h("td", null, timeEl(a.updated_at))
          )
        );
        results.append(
          h(
            "table",
            { class: "data" },
            h("caption", { class: "visually-hidden", text: "Articles, latest change first" }),
            h("thead", null, h("tr", null, ["Headline", "Edition", "Section", "Status", "Author", "Updated"].map((t) => h("th", { scope: "col", text: t })))),
            h("tbody", null, rows)
          )
        );
      }
      const pager = h("nav", { class: "pager", "aria-label": "Pages" });
      if (state.page > 1)
        pager.append(h("button", { type: "button", text: "Newer", onclick: () => { state.page -= 1; load(); } }));
      if (hasMore)
        pager.append(h("button", { type: "button", text: "Older", onclick: () => { state.page += 1; load(); } }));
      if (pager.firstChild) results.append(pager);
    }

    load();
  }

  // ---------------------------------------------------------------------
  // Line diff (longest common subsequence)

  // Returns [{op: " " | "-" | "+", line}] turning `a` into `b`.
  function lineDiff(aText, bText) {
    const a = (aText || "").split("\n");
    const b = (bText || "").split("\n");
    // Trim the common head and tail so the table stays small.
    let start = 0;
    while (start < a.length && start < b.length && a[start] === b[start]) start++;
    let endA = a.length, endB = b.length;
    while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
      endA--;
      endB--;
    }
    const out = [];
    for (let i = 0; i < start; i++) out.push({ op: " ", line: a[i] });
    const n = endA - start, m = endB - start;
    if (n * m > 4000000) {
      // Too big for a table: show it as replaced.
      for (let i = start; i < endA; i++) out.push({ op: "-", line: a[i] });
      for (let j = start; j < endB; j++) out.push({ op: "+", line: b[j] });
    } else {
      const w = m + 1;
      const len = new Uint32Array((n + 1) * w);
      for (let i = n - 1; i >= 0; i--) {
        for (let j = m - 1; j >= 0; j--) {
          len[i * w + j] = a[start + i] === b[start + j] ? len[(i + 1) * w + j + 1] + 1 : Math.max(len[(i + 1) * w + j], len[i * w + j + 1]);
        }
      }
      let i = 0, j = 0;
      while (i < n && j < m) {
        if (a[start + i] === b[start + j]) {
          out.push({ op: " ", line: a[start + i] });
          i++;
          j++;
        } else if (len[(i + 1) * w + j] >= len[i * w + j + 1]) {
          out.push({ op: "-", line: a[start + i++] });
        } else {
          out.push({ op: "+", line: b[start + j++] });
        }
      }
      while (i < n) out.push({ op: "-", line: a[start + i++] });
      while (j < m) out.push({ op: "+", line: b[start + j++] });
    }
    for (let i = endA; i < a.length; i++) out.push({ op: " ", line: a[i] });
    return out;
  }

  // Renders a diff, folding long unchanged runs.
  function diffView(ops) {
    const pre = h("pre", { class: "diff" });
    const keep = 2;
    for (let k = 0; k < ops.length; k++) {
      const o = ops[k];
      if (o.op === " ") {
        let near = false;
        for (let d = -keep; d <= keep; d++) {
          const x = ops[k + d];
          if (x && x.op !== " ") near = true;
        }
        if (!near) {
          let run = k;
          while (run < ops.length && ops[run].op === " " && !ops.slice(run + 1, run + 1 + keep).some((x) => x.op !== " ")) run++;
          if (run - k > 1) {
            pre.append(h("span", { class: "diff-fold", text: `… ${run - k} unchanged lines …\n` }));
            k = run - 1;
            continue;
          }
        }
        pre.append(h("span", { class: "diff-same", text: "  " + o.line + "\n" }));
      } else if (o.op === "-") {
        pre.append(h("del", { class: "diff-del", text: "− " + o.line + "\n" }));
      } else {
        pre.append(h("ins", { class: "diff-ins", text: "+ " + o.line + "\n" }));
      }
    }
    return pre;
  }

  // ---------------------------------------------------------------------
  // Editor

  const ARTICLE_FIELDS = ["edition", "section", "headline", "lead", "body", "tags", "byline", "image_url", "image_caption", "image_credit"];
  const FIELD_LABELS = {
    edition: "Edition",
    section: "Section",
    headline: "Headline",
    lead: "Lead",
    body: "Body",
    tags: "Tags",
    byline: "Byline",
    image_url: "Image",
    image_caption: "Caption",
    image_credit: "Credit",
  };

  async function viewEditor(id) {
    markNav(id ? "articles" : "new");
    const body = page(id ? "Edit article" : "New article");
    let article = null;
    if (id) {
      try {
        article = await api("GET", `/api/v1/articles/${id}`);
      } catch (e) {
        sayError(e);
        return;
      }
    } else if (!can("write_articles")) {
      say("Your role cannot write articles.", "error");
      return;
    }
    drawEditor(body, article);
  }

  function drawEditor(body, initial) {
    let article = initial; // The saved state; null until created.
    let saving = false;
    document.title = `${article ? article.headline || "Article" : "New article"} | desk`;
    const h1 = root.querySelector(".page-head h1");

    const edition0 = article ? article.edition : editions[0] ? editions[0].code : "";
    const editionSel = h("select", { name: "edition", required: true }, editions.map((e) => option(e.code, e.name, e.code === edition0)));
    const sectionSel = h("select", { name: "section", required: true });
    const headline = h("input", { type: "text", name: "headline", required: true, maxlength: 300, autocomplete: "off" });
    const lead = h("textarea", { name: "lead", rows: 3, maxlength: 2000 });
    const bodyText = h("textarea", { name: "body", rows: 18, class: "markdown", spellcheck: "true" });
    const tags = h("input", { type: "text", name: "tags", autocomplete: "off" });
    const byline = h("input", { type: "text", name: "byline", autocomplete: "off" });
    const imageUrl = h("input", { type: "text", name: "image_url", autocomplete: "off", inputmode: "url" });
    const imageFile = h("input", { type: "file", name: "image_file", accept: "image/jpeg,image/png,image/webp,image/gif" });
    const thumb = h("img", { class: "thumb", alt: "", hidden: true });
    const caption = h("input", { type: "text", name: "image_caption", maxlength: 1000 });
    const credit = h("input", { type: "text", name: "image_credit", maxlength: 200 });
    const translationOf = h("input", { type: "text", name: "translation_of", inputmode: "numeric", pattern: "[0-9]*", autocomplete: "off" });
    const correctionText = h("textarea", { name: "correction", rows: 2 });
    const controls = { edition: editionSel, section: sectionSel, headline, lead, body: bodyText, tags, byline, image_url: imageUrl, image_caption: caption, image_credit: credit };
    const textControls = [headline, lead, bodyText, tags, byline, caption, credit];

    function fillSections(selected) {
      const e = editionByCode(editionSel.value);
      clear(sectionSel);
      for (const s of (e && e.sections) || []) sectionSel.append(option(s.slug, s.name, s.slug === selected));
      if (selected && ![...sectionSel.options].some((o) => o.value === selected)) sectionSel.append(option(selected, selected, true));
    }
    function applyDirection() {
      const e = editionByCode(editionSel.value);
      const dir = e && e.direction === "rtl" ? "rtl" : "ltr";
      for (const c of textControls) {
        c.setAttribute("dir", dir);
        if (e && e.language) c.setAttribute("lang", e.language);
      }
    }
    function setThumb() {
      const url = imageUrl.value.trim();
      if (url && (url.startsWith("/") || /^https:\/\//.test(url))) {
        thumb.src = url;
        thumb.hidden = false;
      } else {
        thumb.removeAttribute("src");
        thumb.hidden = true;
      }
    }

    function fill(a) {
      editionSel.value = a ? a.edition : edition0;
      fillSections(a ? a.section : "");
      headline.value = a ? a.headline || "" : "";
      lead.value = a ? a.lead || "" : "";
      bodyText.value = a ? a.body || "" : "";
      filledTags = a ? a.tags || [] : [];
      tags.value = filledTags.join(", ");
      byline.value = a ? a.byline || "" : boot.user.name ? "By " + boot.user.name : "";
      imageUrl.value = a ? a.image_url || "" : "";
      caption.value = a ? a.image_caption || "" : "";
      credit.value = a ? a.image_credit || "" : "";
      translationOf.value = "";
      correctionText.value = a ? a.correction || "" : "";
      applyDirection();
      setThumb();
    }
    // The tags as loaded: the field joins them with commas, so a tag that
    // holds a comma ("Smith, John") survives a save only if the field was
    // left as it was.
    let filledTags = [];
    fill(article);

    function values() {
      return {
        edition: editionSel.value,
        section: sectionSel.value,
        headline: headline.value.trim(),
        lead: lead.value,
        body: bodyText.value,
        tags: tags.value === filledTags.join(", ") ? filledTags.slice() : tags.value.split(",").map((t) => t.trim()).filter(Boolean),
        byline: byline.value.trim(),
        image_url: imageUrl.value.trim(),
        image_caption: caption.value,
        image_credit: credit.value,
      };
    }
    const snapshot = (v) => JSON.stringify(v);
    let savedSnapshot = snapshot(values());
    const isDirty = () => snapshot(values()) !== savedSnapshot || translationOf.value.trim() !== "";

    // --- status line and actions
    const statusLine = h("p", { class: "article-state" });
    function drawState() {
      clear(statusLine);
      if (!article) {
        statusLine.append("Not saved yet.");
        return;
      }
      const parts = [h("span", { class: "badge status-" + statusLabel(article).replace(" ", "-"), text: statusLabel(article) })];
      parts.push(` News ID ${article.id} · revision ${article.revision}`);
      if (article.updated_at) parts.push(" · saved ", timeEl(article.updated_at), article.updated_by ? ` by ${article.updated_by}` : "");
      if (article.status === "scheduled" && article.published_at) parts.push(" · goes live ", timeEl(article.published_at));
      if (article.submitted_at && article.status === "draft") parts.push(" · submitted ", timeEl(article.submitted_at));
      if (article.url && article.status === "published") parts.push(" · ", h("a", { href: article.url, text: "View on site" }));
      statusLine.append(...parts);
      if (h1) h1.textContent = "Edit article";
    }

    const canWrite = can("write_articles");
    const canPublish = can("publish_articles");
    const editable = () => canPublish || (canWrite && (!article || article.status === "draft"));

    const saveBtn = h("button", { type: "button", class: "primary", text: "Save draft", "aria-keyshortcuts": "Control+S" });
    const submitBtn = h("button", { type: "button", text: "Submit for review" });
    const publishBtn = h("button", { type: "button", class: "publish", text: "Publish" });
    const scheduleAt = h("input", { type: "datetime-local", name: "schedule_at" });
    const scheduleBtn = h("button", { type: "button", text: "Schedule" });
    const scheduleBox = h("div", { class: "schedule" }, field("Publish at", scheduleAt), scheduleBtn);
    const unpublishBtn = h("button", { type: "button", class: "danger", text: "Unpublish" });
    const correctionBtn = h("button", { type: "button", text: "Save correction" });
    const correctionBox = h(
      "fieldset",
      { class: "correction" },
      h("legend", { text: "Correction" }),
      field("Correction note (shown on the article with its time)", correctionText),
      correctionBtn
    );
    const actions = h("div", { class: "editor-actions" }, saveBtn, submitBtn, publishBtn, unpublishBtn);

    function drawActions() {
      const st = article ? article.status : "draft";
      saveBtn.hidden = !editable();
      saveBtn.textContent = st === "published" ? "Save changes" : "Save draft";
      submitBtn.hidden = !(canWrite && st === "draft" && !(article && article.submitted_at) && !canPublish);
      // Editors may still submit to review, but they usually publish.
      if (canWrite && canPublish && st === "draft" && !(article && article.submitted_at)) submitBtn.hidden = false;
      publishBtn.hidden = !(canPublish && st !== "published");
      scheduleBox.hidden = !(canPublish && st !== "published");
      unpublishBtn.hidden = !(canPublish && article && (st === "published" || st === "scheduled"));
      correctionBox.hidden = !(canPublish && article && st === "published");
      const ro = !editable();
      for (const c of Object.values(controls)) {
        if (c.tagName === "SELECT") c.disabled = ro;
        else c.readOnly = ro;
      }
      editionSel.disabled = ro || !!article;
      imageFile.disabled = ro;
      translationOf.readOnly = ro;
      if (ro && article) say(`This article is ${statusLabel(article)}; only an editor can change it.`, "info");
      for (const b of [saveBtn, submitBtn, publishBtn, scheduleBtn, unpublishBtn, correctionBtn]) b.disabled = saving;
    }

    // --- saving
    function conflict(e) {
      const reload = h("button", {
        type: "button",
        text: "Reload the article (discards your unsaved changes)",
        onclick: async () => {
          try {
            article = await api("GET", `/api/v1/articles/${article.id}`);
            fill(article);
            savedSnapshot = snapshot(values());
            drawState();
            drawActions();
            loadRevisions();
            say("Reloaded the latest version.", "ok");
            schedulePreview();
          } catch (err) {
            sayError(err);
          }
        },
      });
      say(e.message || "Someone else changed this article since you opened it.", "error", h("p", null, "Your changes were not saved. ", reload));
    }

    async function run(label, fn) {
      if (saving) return null;
      saving = true;
      drawActions();
      say(label + "…", "info");
      try {
        const r = await fn();
        return r;
      } catch (e) {
        if (e.status === 409) conflict(e);
        else sayError(e);
        return null;
      } finally {
        saving = false;
        drawActions();
      }
    }

    function afterSave(a) {
      const created = !article;
      article = a;
      fill(article);
      savedSnapshot = snapshot(values());
      drawState();
      drawActions();
      if (created) {
        history.replaceState(null, "", `/desk/articles/${a.id}`);
        markNav("articles");
        revisionsBox.hidden = false;
      }
      loadRevisions();
    }

    // Creates or updates the article from the form; returns it, or null.
    async function save() {
      const v = values();
      if (!v.headline) {
        say("A headline is needed before saving.", "error");
        headline.focus();
        return null;
      }
      const t = translationOf.value.trim();
      if (t) {
        if (!/^\d+$/.test(t)) {
          say("“Translation of” takes a News ID (digits only).", "error");
          translationOf.focus();
          return null;
        }
        v.translation_of = Number(t);
      }
      let a;
      if (!article) {
        a = await api("POST", "/api/v1/articles", v);
      } else {
        // An article's edition is fixed once created (a translation is a
        // new article with translation_of).
        delete v.edition;
        v.revision = article.revision;
        a = await api("PATCH", `/api/v1/articles/${article.id}`, v);
      }
      afterSave(a);
      return a;
    }

    async function saveIfDirty() {
      if (!article || isDirty()) return save();
      return article;
    }

    saveBtn.addEventListener("click", () =>
      run("Saving", async () => {
        const a = await save();
        if (a) say(`Saved (revision ${a.revision}).`, "ok");
      })
    );
    submitBtn.addEventListener("click", () =>
      run("Submitting", async () => {
        const a = await saveIfDirty();
        if (!a) return;
        afterSave(await api("POST", `/api/v1/articles/${a.id}/submit`, { revision: a.revision }));
        say("Submitted for review. An editor will see it as “in review”.", "ok");
      })
    );
    publishBtn.addEventListener("click", () =>
      run("Publishing", async () => {
        const a = await saveIfDirty();
        if (!a) return;
        afterSave(await api("POST", `/api/v1/articles/${a.id}/publish`, { revision: a.revision }));
        say("Published.", "ok", article.url ? h("p", null, h("a", { href: article.url, text: "View it on the site" })) : "");
      })
    );
    scheduleBtn.addEventListener("click", () =>
      run("Scheduling", async () => {
        const at = localToRfc3339(scheduleAt.value);
        if (!at) {
          say("Choose the date and time to publish at.", "error");
          scheduleAt.focus();
          return;
        }
        const a = await saveIfDirty();
        if (!a) return;
        afterSave(await api("POST", `/api/v1/articles/${a.id}/publish`, { at, revision: a.revision }));
        say(`Scheduled for ${fmtTime(at)}.`, "ok");
      })
    );
    unpublishBtn.addEventListener("click", () =>
      run("Unpublishing", async () => {
        afterSave(await api("POST", `/api/v1/articles/${article.id}/unpublish`, { revision: article.revision }));
        say("Withdrawn from the site.", "ok");
      })
    );
    correctionBtn.addEventListener("click", () =>
      run("Saving the correction", async () => {
        const a = await api("PATCH", `/api/v1/articles/${article.id}`, { correction: correctionText.value.trim(), revision: article.revision });
        afterSave(a);
        say("Correction saved; it is shown on the article.", "ok");
      })
    );

    // --- image upload
    imageFile.addEventListener("change", async () => {
      const file = imageFile.files && imageFile.files[0];
      if (!file) return;
      say(`Uploading ${file.name}…`, "info");
      try {
        const r = await api("POST", "/api/v1/media", file, file.type || "application/octet-stream");
        imageUrl.value = r.url;
        setThumb();
        say(`Uploaded ${file.name} (${r.width}×${r.height}). Save to keep it.`, "ok");
        schedulePreview();
      } catch (e) {
        sayError(e);
      } finally {
        imageFile.value = "";
      }
    });
    imageUrl.addEventListener("change", setThumb);

    // --- preview
    const preview = h("iframe", { class: "preview", sandbox: "", title: "Preview of the article page", srcdoc: "" });
    const previewNote = h("p", { class: "hint preview-note", "aria-live": "polite" });
    let previewTimer = 0;
    let previewSeq = 0;
    function schedulePreview() {
      clearTimeout(previewTimer);
      previewTimer = setTimeout(refreshPreview, 600);
    }
    async function refreshPreview() {
      const v = values();
      if (!v.edition || !v.section) return;
      if (!v.headline) v.headline = "(no headline)";
      if (article) v.id = article.id;
      const seq = ++previewSeq;
      try {
        const r = await api("POST", "/api/v1/preview", v);
        if (seq !== previewSeq) return;
        preview.srcdoc = r.html;
        previewNote.textContent = "Preview updated " + fmtTime(Date.now() / 1000) + ".";
      } catch (e) {
        if (seq !== previewSeq) return;
        previewNote.textContent = "Preview unavailable: " + e.message;
      }
    }

    editionSel.addEventListener("change", () => {
      fillSections("");
      applyDirection();
    });
    const form = h(
      "form",
      { class: "editor-form", "aria-label": "Article" },
      h("div", { class: "row" }, field("Edition", editionSel), field("Section", sectionSel)),
      field("Headline", headline),
      field("Lead", lead),
      field("Body", bodyText, "Markdown: blank line between paragraphs, **bold**, _italic_, [link](https://…), > quote."),
      field("Tags", tags, "Comma separated."),
      field("Byline", byline),
      h(
        "fieldset",
        { class: "image" },
        h("legend", { text: "Image" }),
        field("Upload an image", imageFile, "JPEG, PNG, WebP or GIF, at most 5 MiB."),
        field("Image URL", imageUrl),
        thumb,
        field("Caption", caption),
        field("Credit", credit)
      ),
      field("Translation of", translationOf, "News ID of the same story in another edition, to link the two.")
    );
    form.addEventListener("input", schedulePreview);
    form.addEventListener("change", schedulePreview);
    form.addEventListener("submit", (ev) => ev.preventDefault());

    // --- revisions
    const revList = h("ol", { class: "revisions" });
    const revDetail = h("div", { class: "revision-detail" });
    const revisionsBox = h("section", { class: "panel revisions-panel", "aria-labelledby": "rev-title", hidden: !article }, h("h2", { id: "rev-title", text: "Revisions" }), revList, revDetail);

    async function loadRevisions() {
      if (!article) return;
      try {
        const r = await api("GET", `/api/v1/articles/${article.id}/revisions`);
        clear(revList);
        for (const rev of r.revisions || []) {
          const current = rev.revision === article.revision;
          revList.append(
            h(
              "li",
              null,
              h(
                "button",
                { type: "button", class: "link-button", "aria-current": current ? "true" : null, onclick: () => showRevision(rev.revision) },
                `Revision ${rev.revision}`,
                current ? " (current)" : ""
              ),
              " ",
              h("span", { class: "muted" }, fmtTime(rev.at), rev.by ? ` · ${rev.by}` : "", rev.status ? ` · ${rev.status}` : "")
            )
          );
        }
      } catch (e) {
        clear(revList);
        revList.append(h("li", { class: "muted", text: "Revisions unavailable: " + e.message }));
      }
    }

    async function showRevision(rev) {
      clear(revDetail);
      let old;
      try {
        old = await api("GET", `/api/v1/articles/${article.id}/revisions/${rev}`);
      } catch (e) {
        sayError(e);
        return;
      }
      const now = values();
      const then = {
        edition: old.edition,
        section: old.section,
        headline: old.headline || "",
        lead: old.lead || "",
        body: old.body || "",
        tags: old.tags || [],
        byline: old.byline || "",
        image_url: old.image_url || "",
        image_caption: old.image_caption || "",
        image_credit: old.image_credit || "",
      };
      const title = h("h3", { text: `Revision ${rev}`, tabindex: "-1" });
      revDetail.append(title, h("p", { class: "muted" }, "Saved ", timeEl(old.at), old.by ? ` by ${old.by}` : "", ". Differences from the text in the editor now: ", h("del", { class: "diff-del", text: "− now" }), " ", h("ins", { class: "diff-ins", text: "+ in this revision" })));
      const changed = h("dl", { class: "changed-fields" });
      for (const f of ARTICLE_FIELDS) {
        if (f === "body") continue;
        const a = Array.isArray(now[f]) ? now[f].join(", ") : String(now[f] || "");
        const b = Array.isArray(then[f]) ? then[f].join(", ") : String(then[f] || "");
        if (a === b) continue;
        changed.append(h("dt", { text: FIELD_LABELS[f] }), h("dd", null, h("del", { class: "diff-del", text: a || "(empty)" }), " → ", h("ins", { class: "diff-ins", text: b || "(empty)" })));
      }
      if (changed.firstChild) revDetail.append(changed);
      if (now.body === then.body) revDetail.append(h("p", { text: "The body is the same." }));
      else revDetail.append(h("h4", { text: "Body" }), diffView(lineDiff(now.body, then.body)));
      if (!changed.firstChild && now.body === then.body) revDetail.append(h("p", { text: "This revision matches the editor." }));
      if (editable())
        revDetail.append(
          h("button", {
            type: "button",
            text: `Restore revision ${rev}`,
            onclick: () =>
              run("Restoring", async () => {
                const body = Object.assign({}, then, { revision: article.revision });
                delete body.edition;
                const a = await api("PATCH", `/api/v1/articles/${article.id}`, body);
                afterSave(a);
                clear(revDetail);
                say(`Restored revision ${rev} as revision ${a.revision}.`, "ok");
                schedulePreview();
              }),
          })
        );
      title.focus();
    }

    const side = h("div", { class: "editor-side" }, h("section", { class: "panel preview-panel", "aria-labelledby": "preview-title" }, h("h2", { id: "preview-title", text: "Preview" }), preview, previewNote), revisionsBox);
    const main = h("div", { class: "editor-main" }, statusLine, form, actions, scheduleBox, correctionBox);
    if (article && can("moderate_comments")) main.append(commentModeControl(article));
    body.append(h("div", { class: "editor" }, main, side));

    drawState();
    drawActions();
    loadRevisions();
    refreshPreview();

    document.addEventListener("keydown", (ev) => {
      if ((ev.ctrlKey || ev.metaKey) && !ev.altKey && (ev.key === "s" || ev.key === "S")) {
        ev.preventDefault();
        if (!saveBtn.hidden && !saveBtn.disabled) saveBtn.click();
      }
    });
    window.addEventListener("beforeunload", (ev) => {
      if (isDirty() && editable()) {
        ev.preventDefault();
        ev.returnValue = "";
      }
    });
    if (!article) headline.focus();
  }

  // Per-article comment mode: post, pre, closed, or the edition's default.
  function commentModeControl(art) {
    const sel = h(
      "select",
      { name: "comment_mode" },
      option("", "Edition default", !art.comments),
      option("post", "Open (post-moderation)", art.comments === "post"),
      option("pre", "Pre-moderated", art.comments === "pre"),
      option("closed", "Closed", art.comments === "closed")
    );
    const btn = h("button", { type: "button", text: "Set" });
    btn.addEventListener("click", async () => {
      btn.disabled = true;
      try {
        const a = await api("POST", `/api/v1/articles/${art.id}/comment-mode`, { mode: sel.value || null });
        art.comments = a.comments;
        say(`Comments on “${a.headline}”: ${a.comments || "edition default"}.`, "ok");
      } catch (e) {
        sayError(e);
      } finally {
        btn.disabled = false;
      }
    });
    return h("div", { class: "comment-mode" }, field("Comments on this article", sel), btn);
  }

  // ---------------------------------------------------------------------
  // Dialogs (native <dialog>: modal, Esc cancels, focus returns).

  // Opens a dialog with `fields` (elements) and resolves with true when
  // confirmed (button or Enter), false when cancelled.
  function openDialog(title, fields, confirmLabel, danger) {
    return new Promise((resolve) => {
      const titleId = uid("dlg");
      const before = document.activeElement;
      const form = h("form", { method: "dialog" });
      const confirm = h("button", { type: "submit", class: danger ? "danger" : "primary", text: confirmLabel || "Confirm" });
      const cancel = h("button", { type: "button", text: "Cancel" });
      form.append(h("h2", { id: titleId, text: title }), ...[fields].flat(), h("div", { class: "dialog-actions" }, confirm, cancel));
      const dlg = h("dialog", { class: "dialog", "aria-modal": "true", "aria-labelledby": titleId }, form);
      let result = false;
      form.addEventListener("submit", (ev) => {
        ev.preventDefault();
        result = true;
        dlg.close();
      });
      // Enter confirms from any field (selects included).
      form.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter" && !ev.shiftKey && ev.target.tagName !== "BUTTON" && ev.target.tagName !== "TEXTAREA") {
          ev.preventDefault();
          result = true;
          dlg.close();
        }
      });
      cancel.addEventListener("click", () => dlg.close());
      dlg.addEventListener("close", () => {
        dlg.remove();
        if (before && before.isConnected && before.focus) before.focus();
        resolve(result);
      });
      document.body.append(dlg);
      dlg.showModal();
      const first = form.querySelector("input, select, textarea") || confirm;
      first.focus();
    });
  }

  // ---------------------------------------------------------------------
  // Moderation queue

  const REJECT_REASONS = [
    ["abuse", "Abuse, insult or attack on a group"],
    ["libel_risk", "Libel risk"],
    ["banned_word", "Banned words"],
    ["house_rule", "Against the house rules (off topic, ...)"],
    ["spam", "Spam"],
    ["language", "Wrong language"],
  ];

  const SHORTCUTS = [
    ["j / k", "Next / previous comment"],
    ["a", "Approve"],
    ["r", "Reject (asks for a reason and a note)"],
    ["x", "Select or unselect for a bulk decision"],
    ["Shift+A", "Approve the selected"],
    ["Shift+R", "Reject the selected"],
    ["w", "Warn the commenter"],
    ["s", "Suspend the commenter"],
    ["b", "Ban the commenter"],
    ["p", "Always premoderate the commenter (toggle)"],
    ["?", "This help"],
  ];

  function pct(x) {
    return typeof x === "number" ? Math.round(x * 100) + "%" : "–";
  }

  async function viewModeration() {
    markNav("moderation");
    const helpBtn = h("button", { type: "button", text: "Keyboard shortcuts (?)", "aria-keyshortcuts": "?" });
    const body = page("Moderation", helpBtn);
    if (!can("moderate_comments")) {
      say("Your role cannot moderate comments.", "error");
      return;
    }
    const params = new URLSearchParams(location.search);
    const kinds = [
      ["held", "Held"],
      ["reported", "Reported"],
      ["appeals", "Appeals"],
    ];
    let kind = kinds.some(([k]) => k === params.get("kind")) ? params.get("kind") : "held";
    let items = [];
    let counts = { held: 0, reported: 0, appeals: 0 };
    let current = 0;
    const checked = new Set();
    let busy = false;

    const tabs = h("div", { class: "tabs", role: "tablist", "aria-label": "Queues" });
    const tabButtons = {};
    for (const [k, label] of kinds) {
      const b = h("button", { type: "button", role: "tab", id: `tab-${k}`, "aria-controls": "queue-panel" });
      b.addEventListener("click", () => switchTo(k));
      b.addEventListener("keydown", (ev) => {
        if (ev.key !== "ArrowRight" && ev.key !== "ArrowLeft") return;
        const i = kinds.findIndex(([x]) => x === k);
        const next = kinds[(i + (ev.key === "ArrowRight" ? 1 : kinds.length - 1)) % kinds.length][0];
        switchTo(next);
        tabButtons[next].focus();
      });
      tabButtons[k] = { button: b, label };
      tabs.append(b);
    }
    const bulkBar = h("div", { class: "bulk-bar" });
    const list = h("ol", { class: "queue", "aria-label": "Comments, riskiest first" });
    const panel = h("div", { id: "queue-panel", role: "tabpanel" }, bulkBar, list);
    body.append(tabs, panel);

    function drawTabs() {
      for (const [k] of kinds) {
        const { button, label } = tabButtons[k];
        const selected = k === kind;
        button.setAttribute("aria-selected", selected ? "true" : "false");
        button.tabIndex = selected ? 0 : -1;
        clear(button);
        button.append(label, " ", h("span", { class: "count", text: String(counts[k] ?? 0) }));
      }
      panel.setAttribute("aria-labelledby", `tab-${kind}`);
    }

    function drawBulk() {
      clear(bulkBar);
      const n = checked.size;
      bulkBar.append(
        h("span", { class: "muted", text: n ? `${n} selected` : "Select comments with x for a bulk decision." }),
        h("button", { type: "button", text: "Approve selected", disabled: !n, "aria-keyshortcuts": "Shift+A", onclick: () => bulk("approve") }),
        h("button", { type: "button", text: "Reject selected", disabled: !n, "aria-keyshortcuts": "Shift+R", onclick: () => bulk("reject") })
      );
    }

    async function load() {
      history.replaceState(null, "", "/desk/moderation" + query({ kind: kind === "held" ? "" : kind }));
      list.setAttribute("aria-busy", "true");
      try {
        const data = await api("GET", "/api/v1/moderation/queue" + query({ kind, limit: 100 }));
        items = data.items || [];
        counts = data.counts || counts;
        checked.clear();
        current = 0;
        drawTabs();
        drawBulk();
        drawList();
      } catch (e) {
        sayError(e);
      } finally {
        list.removeAttribute("aria-busy");
      }
    }

    function switchTo(k) {
      if (k === kind) return;
      kind = k;
      drawTabs();
      load();
    }

    function itemEl(it, index) {
      const c = it.comment || {};
      const art = it.article || {};
      const who = it.commenter || {};
      const selectBox = h("input", { type: "checkbox", class: "pick", checked: checked.has(c.id), "aria-label": `Select the comment by ${c.name || "anonymous"}` });
      selectBox.addEventListener("change", () => {
        if (selectBox.checked) checked.add(c.id);
        else checked.delete(c.id);
        drawBulk();
      });
      const scores = h("dl", { class: "scores" });
      for (const [k, label] of [
        ["abuse", "abuse"],
        ["insult", "insult"],
        ["identity_attack", "identity"],
        ["threat", "threat"],
        ["obscenity", "obscenity"],
      ]) {
        const v = c.scores ? c.scores[k] : undefined;
        scores.append(h("div", { class: typeof v === "number" && v >= 0.5 ? "high" : null }, h("dt", { text: label }), h("dd", { text: pct(v) })));
      }
      const reasons = h("ul", { class: "reasons" });
      for (const r of c.reasons || []) reasons.append(h("li", null, h("code", { text: r.code }), " ", r.message || ""));
      for (const f of c.findings || []) {
        if (f.detail && !(c.reasons || []).some((r) => r.code === f.reason && r.message === f.detail))
          reasons.append(h("li", { class: "finding" }, h("code", { text: f.reason }), " ", f.outcome ? `(${f.outcome}) ` : "", f.detail));
      }
      const bodyDiv = h("div", { class: "comment-body", dir: "auto", lang: c.language || null });
      // body_html is escaped text with <mark> around the offending words,
      // made safe by the server (contract): the one place data is HTML.
      bodyDiv.innerHTML = c.body_html || "";
      const record = h(
        "p",
        { class: "history" },
        h("span", { text: `approved ${who.approved ?? 0}` }),
        " · ",
        h("span", { text: `rejected ${who.rejected ?? 0}` }),
        " · ",
        h("span", { text: `pending ${who.pending ?? 0}` }),
        " · ",
        h("span", { text: `warnings ${who.warnings ?? 0}` }),
        who.banned_until ? [" · ", h("strong", { class: "banned", text: who.banned_until === "forever" ? "banned" : `suspended until ${fmtTime(who.banned_until)}` })] : "",
        who.always_premoderate ? [" · ", h("strong", { text: "always premoderated" })] : "",
        who.first_seen ? [" · first seen ", timeEl(who.first_seen)] : ""
      );
      const extra = [];
      if (c.reports) extra.push(h("p", { class: "reports", text: `Reported ${c.reports} time${c.reports === 1 ? "" : "s"}.` }));
      if (c.appeal && c.appeal.state && c.appeal.state !== "none")
        extra.push(h("div", { class: "appeal" }, h("p", null, h("strong", { text: `Appeal (${c.appeal.state})` }), c.appeal.at ? [" ", timeEl(c.appeal.at)] : ""), h("p", { class: "appeal-text", dir: "auto", text: c.appeal.text || "" })));
      const headingId = uid("ci");
      const btn = (label, key, fn, cls) => h("button", { type: "button", class: cls || null, "aria-keyshortcuts": key, onclick: () => { select(index); fn(); } }, label, h("kbd", { text: key.replace("Shift+", "⇧") }));
      const actionsBar = h(
        "div",
        { class: "item-actions" },
        btn(kind === "appeals" ? "Approve (overturn)" : "Approve", "a", () => approve(), "ok"),
        btn(kind === "appeals" ? "Reject (uphold)" : "Reject", "r", () => reject(), "danger"),
        btn("Warn", "w", () => warn()),
        btn("Suspend", "s", () => suspend()),
        who.banned_until === "forever" ? h("button", { type: "button", onclick: () => { select(index); unban(); } }, "Unban") : btn("Ban", "b", () => ban(), "danger"),
        btn(who.always_premoderate ? "Stop premoderating" : "Always premoderate", "p", () => premoderate())
      );
      const li = h(
        "li",
        { class: "queue-item", tabindex: "-1", "aria-labelledby": headingId, dataset: { id: String(c.id) } },
        h(
          "div",
          { class: "item-head" },
          selectBox,
          h(
            "h2",
            { class: "item-title", id: headingId },
            h("span", { class: "commenter", text: c.name || "anonymous" }),
            " on ",
            art.url ? h("a", { href: art.url, text: art.headline || `article ${art.id}`, dir: "auto" }) : h("span", { text: art.headline || "" })
          ),
          h("span", { class: "risk" }, h("label", { for: (headingId + "-risk"), text: "risk" }), " ", h("meter", { id: headingId + "-risk", min: 0, max: 1, low: 0.3, high: 0.7, optimum: 0, value: typeof c.risk === "number" ? c.risk : 0 }), " ", h("strong", { text: pct(c.risk) }))
        ),
        h("p", { class: "item-meta muted" }, timeEl(c.created_at), c.language ? ` · ${c.language}` : "", ` · comment ${c.id}`, c.parent_id ? ` · reply to ${c.parent_id}` : "", ` · ${c.status || ""}`),
        bodyDiv,
        reasons.firstChild ? reasons : "",
        scores,
        extra,
        record,
        actionsBar,
        art.id ? commentModeControl(art) : ""
      );
      li.addEventListener("click", (ev) => {
        if (ev.target.closest("button, a, input, select, label")) return;
        select(index);
      });
      return li;
    }

    function drawList() {
      clear(list);
      if (!items.length) {
        list.append(h("li", { class: "empty", text: kind === "held" ? "Nothing is held. The queue is empty." : kind === "reported" ? "No reported comments." : "No appeals waiting." }));
        return;
      }
      items.forEach((it, i) => list.append(itemEl(it, i)));
      select(Math.min(current, items.length - 1), true);
    }

    // Marks item `i` as the current one and focuses it.
    function select(i, noFocus) {
      if (!items.length) return;
      current = Math.max(0, Math.min(i, items.length - 1));
      const els = list.querySelectorAll(".queue-item");
      els.forEach((el, k) => {
        if (k === current) {
          el.setAttribute("aria-current", "true");
          el.classList.add("selected");
        } else {
          el.removeAttribute("aria-current");
          el.classList.remove("selected");
        }
      });
      const el = els[current];
      if (el && !noFocus) {
        el.focus({ preventScroll: true });
        el.scrollIntoView({ block: "nearest" });
      }
    }

    const cur = () => items[current];

    // Removes the decided comments and selects the next one.
    function removeIds(ids) {
      const set = new Set(ids);
      const before = items.length;
      items = items.filter((it) => !set.has(it.comment.id));
      for (const id of ids) checked.delete(id);
      counts[kind] = Math.max(0, (counts[kind] || 0) - (before - items.length));
      drawTabs();
      drawBulk();
      drawList();
      if (items.length) select(current);
      else tabButtons[kind].button.focus();
    }

    function updateCommenter(commenter) {
      if (!commenter) return;
      for (const it of items) if (it.commenter && it.commenter.id === commenter.id) it.commenter = commenter;
      const keep = current;
      drawList();
      select(keep);
    }

    async function act(label, fn) {
      if (busy) return;
      busy = true;
      try {
        await fn();
      } catch (e) {
        sayError(e);
      } finally {
        busy = false;
      }
    }

    function approve() {
      const it = cur();
      if (!it) return;
      act("approve", async () => {
        await api("POST", `/api/v1/comments/${it.comment.id}/approve`, {});
        say(`Approved the comment by ${it.comment.name || "anonymous"}.`, "ok");
        removeIds([it.comment.id]);
      });
    }

    function reasonFields(defaultReason) {
      const sel = h("select", { name: "reason" }, REJECT_REASONS.map(([v, l]) => option(v, l, v === defaultReason)));
      const note = h("input", { type: "text", name: "note", maxlength: 500, autocomplete: "off" });
      return { sel, note, els: [field("Reason", sel), field("Note for the commenter (optional)", note, "They see it on their comment's status page.")] };
    }

    function defaultReason(it) {
      const codes = ((it && it.comment.reasons) || []).map((r) => r.code);
      return (REJECT_REASONS.find(([v]) => codes.includes(v)) || REJECT_REASONS[0])[0];
    }

    async function reject() {
      const it = cur();
      if (!it || busy) return;
      const f = reasonFields(defaultReason(it));
      if (!(await openDialog(`Reject the comment by ${it.comment.name || "anonymous"}`, f.els, "Reject", true))) return;
      act("reject", async () => {
        await api("POST", `/api/v1/comments/${it.comment.id}/reject`, { reason: f.sel.value, note: f.note.value.trim() });
        say(`Rejected the comment by ${it.comment.name || "anonymous"}.`, "ok");
        removeIds([it.comment.id]);
      });
    }

    async function bulk(action) {
      const ids = items.map((it) => it.comment.id).filter((id) => checked.has(id));
      if (!ids.length || busy) {
        if (!ids.length) say("Select comments first (x).", "info");
        return;
      }
      const payload = { ids, action };
      if (action === "reject") {
        const f = reasonFields(defaultReason(items.find((it) => checked.has(it.comment.id))));
        if (!(await openDialog(`Reject ${ids.length} comment${ids.length === 1 ? "" : "s"}`, f.els, "Reject all", true))) return;
        payload.reason = f.sel.value;
        payload.note = f.note.value.trim();
      }
      act("bulk", async () => {
        const r = await api("POST", "/api/v1/moderation/bulk", payload);
        const done = [];
        const failed = [];
        for (const x of r.results || []) {
          if (x.error) failed.push(`${x.id}: ${x.error.message}`);
          else done.push(x.id);
        }
        say(`${action === "approve" ? "Approved" : "Rejected"} ${done.length} comment${done.length === 1 ? "" : "s"}.` + (failed.length ? ` Not done: ${failed.join("; ")}` : ""), failed.length ? "error" : "ok");
        removeIds(done);
      });
    }

    function commenterAction(path, payload, message) {
      const it = cur();
      if (!it || !it.commenter) return;
      act("commenter", async () => {
        const r = await api("POST", `/api/v1/commenters/${it.commenter.id}/${path}`, payload);
        say(message(it), "ok");
        updateCommenter(r && r.commenter);
      });
    }

    async function warn() {
      const it = cur();
      if (!it || busy) return;
      const note = h("input", { type: "text", name: "note", maxlength: 500, autocomplete: "off" });
      if (!(await openDialog(`Warn ${it.comment.name || "the commenter"}`, [field("Note for the commenter", note)], "Warn"))) return;
      commenterAction("warn", { note: note.value.trim() }, (x) => `Warned ${x.comment.name || "the commenter"}.`);
    }

    async function suspend() {
      const it = cur();
      if (!it || busy) return;
      const days = h("input", { type: "number", name: "days", min: 1, max: 365, value: "7", required: true });
      if (!(await openDialog(`Suspend ${it.comment.name || "the commenter"}`, [field("Days", days, "1 to 365.")], "Suspend", true))) return;
      const n = parseInt(days.value, 10);
      if (!(n >= 1 && n <= 365)) {
        say("Suspensions last 1 to 365 days.", "error");
        return;
      }
      commenterAction("suspend", { days: n }, (x) => `Suspended ${x.comment.name || "the commenter"} for ${n} day${n === 1 ? "" : "s"}.`);
    }

    async function ban() {
      const it = cur();
      if (!it || busy) return;
      if (!(await openDialog(`Ban ${it.comment.name || "the commenter"}?`, [h("p", { text: "They will not be able to comment again until unbanned." })], "Ban", true))) return;
      commenterAction("ban", {}, (x) => `Banned ${x.comment.name || "the commenter"}.`);
    }

    function unban() {
      commenterAction("unban", {}, (x) => `Unbanned ${x.comment.name || "the commenter"}.`);
    }

    function premoderate() {
      const it = cur();
      if (!it || !it.commenter) return;
      const on = !it.commenter.always_premoderate;
      commenterAction("premoderate", { on }, (x) => (on ? `Every comment by ${x.comment.name || "them"} will be held.` : `Comments by ${x.comment.name || "them"} are screened as usual.`));
    }

    function help() {
      const table = h(
        "table",
        { class: "shortcuts" },
        h("thead", null, h("tr", null, h("th", { scope: "col", text: "Key" }), h("th", { scope: "col", text: "Does" }))),
        h("tbody", null, SHORTCUTS.map(([k, d]) => h("tr", null, h("td", null, h("kbd", { text: k })), h("td", { text: d }))))
      );
      openDialog("Keyboard shortcuts", [table], "Close");
    }
    helpBtn.addEventListener("click", help);

    document.addEventListener("keydown", (ev) => {
      if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.defaultPrevented) return;
      if (document.querySelector("dialog[open]")) return;
      const t = ev.target;
      if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName)) && !(t.type === "checkbox")) return;
      const handlers = {
        j: () => select(current + 1),
        k: () => select(current - 1),
        a: approve,
        r: reject,
        A: () => bulk("approve"),
        R: () => bulk("reject"),
        w: warn,
        s: suspend,
        b: ban,
        p: premoderate,
        "?": help,
        x: () => {
          const it = cur();
          if (!it) return;
          const id = it.comment.id;
          if (checked.has(id)) checked.delete(id);
          else checked.add(id);
          const box = list.querySelectorAll(".queue-item")[current].querySelector(".pick");
          if (box) box.checked = checked.has(id);
          drawBulk();
        },
      };
      const fn = handlers[ev.key];
      if (!fn) return;
      ev.preventDefault();
      fn();
    });

    drawTabs();
    drawBulk();
    await load();
    if (items.length) select(0);
  }

  // ---------------------------------------------------------------------
  // Audit log

  async function viewAudit() {
    markNav("audit");
    const body = page("Audit log");
    if (!can("read_audit")) {
      say("Only administrators can read the audit log.", "error");
      return;
    }
    const actor = h("input", { type: "text", name: "actor", autocomplete: "off" });
    const action = h("input", { type: "text", name: "action", autocomplete: "off", placeholder: "article.publish" });
    const target = h("input", { type: "text", name: "target", autocomplete: "off", placeholder: "article:425881" });
    const form = h("form", { class: "filters", role: "search", "aria-label": "Filter the audit log" }, field("Actor", actor), field("Action", action), field("Target", target), h("div", { class: "field" }, h("button", { type: "submit", text: "Filter" })));
    const tbody = h("tbody");
    const table = h(
      "table",
      { class: "data" },
      h("caption", { class: "visually-hidden", text: "Audit log, newest first" }),
      h("thead", null, h("tr", null, ["Time", "Actor", "Action", "Target", "Detail"].map((t) => h("th", { scope: "col", text: t })))),
      tbody
    );
    const older = h("button", { type: "button", text: "Older", hidden: true });
    body.append(form, table, h("nav", { class: "pager", "aria-label": "Pages" }, older));
    let before = null;

    async function load(append) {
      try {
        const data = await api("GET", "/api/v1/audit" + query({ actor: actor.value.trim(), action: action.value.trim(), target: target.value.trim(), before: append ? before : "", limit: 100 }));
        if (!append) clear(tbody);
        for (const e of data.entries || []) {
          tbody.append(h("tr", null, h("td", null, timeEl(e.at)), h("td", { text: e.actor }), h("td", null, h("code", { text: e.action })), h("td", { text: e.target || "" }), h("td", { text: e.detail || "" })));
        }
        if (!tbody.firstChild) tbody.append(h("tr", null, h("td", { colspan: 5, class: "empty", text: "No entries." })));
        before = data.next_before;
        older.hidden = before === null || before === undefined;
      } catch (e) {
        sayError(e);
      }
    }
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      load(false);
    });
    older.addEventListener("click", () => load(true));
    load(false);
  }

  // ---------------------------------------------------------------------
  // Users

  const ROLES = ["reporter", "editor", "moderator", "admin"];

  async function viewUsers() {
    markNav("users");
    const body = page("Users");
    if (!can("manage_users")) {
      say("Only administrators can manage users.", "error");
      return;
    }
    const tbody = h("tbody");
    body.append(
      h(
        "table",
        { class: "data users" },
        h("caption", { class: "visually-hidden", text: "Desk users" }),
        h("thead", null, h("tr", null, ["Name", "Email", "Role", "Since", "Account"].map((t) => h("th", { scope: "col", text: t })))),
        tbody
      )
    );

    function row(u) {
      const roleSel = h("select", { "aria-label": `Role of ${u.name}` }, ROLES.map((r) => option(r, r, r === u.role)));
      const roleBtn = h("button", { type: "button", text: "Change role" });
      roleBtn.addEventListener("click", async () => {
        try {
          const nu = await api("PATCH", `/api/v1/users/${u.id}`, { role: roleSel.value });
          say(`${nu.name} is now ${nu.role}.`, "ok");
          tr.replaceWith(row(nu));
        } catch (e) {
          sayError(e);
        }
      });
      const toggle = h("button", { type: "button", class: u.disabled ? null : "danger", text: u.disabled ? "Enable" : "Disable" });
      toggle.addEventListener("click", async () => {
        try {
          const nu = await api("PATCH", `/api/v1/users/${u.id}`, { disabled: !u.disabled });
          say(`${nu.name} is ${nu.disabled ? "disabled" : "enabled"}.`, "ok");
          tr.replaceWith(row(nu));
        } catch (e) {
          sayError(e);
        }
      });
      const self = u.id === boot.user.id;
      const tr = h(
        "tr",
        { class: u.disabled ? "disabled" : null },
        h("td", { text: u.name }),
        h("td", { text: u.email }),
        h("td", null, roleSel, " ", roleBtn),
        h("td", null, timeEl(u.created_at)),
        h("td", null, u.disabled ? h("span", { class: "badge status-unpublished", text: "disabled" }) : h("span", { class: "badge status-published", text: "active" }), " ", self ? "" : toggle)
      );
      return tr;
    }

    async function load() {
      try {
        const data = await api("GET", "/api/v1/users");
        clear(tbody);
        for (const u of data.users || []) tbody.append(row(u));
      } catch (e) {
        sayError(e);
      }
    }

    const name = h("input", { type: "text", name: "name", required: true, autocomplete: "off" });
    const email = h("input", { type: "email", name: "email", required: true, autocomplete: "off" });
    const role = h("select", { name: "role" }, ROLES.map((r) => option(r, r, r === "reporter")));
    const password = h("input", { type: "password", name: "password", required: true, minlength: 12, autocomplete: "new-password" });
    const add = h(
      "form",
      { class: "panel add-user", "aria-labelledby": "add-user-title" },
      h("h2", { id: "add-user-title", text: "Add a user" }),
      h("div", { class: "row" }, field("Name", name), field("Email", email), field("Role", role), field("Password", password, "At least 12 characters; they can change it.")),
      h("button", { type: "submit", class: "primary", text: "Add user" })
    );
    add.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      try {
        const u = await api("POST", "/api/v1/users", { name: name.value.trim(), email: email.value.trim(), role: role.value, password: password.value });
        say(`Added ${u.name} (${u.role}).`, "ok");
        add.reset();
        load();
      } catch (e) {
        sayError(e);
      }
    });
    body.append(add);
    load();
  }

  // ---------------------------------------------------------------------
  // Account

  function viewAccount() {
    markNav("account");
    const body = page("Account");
    body.append(h("p", null, `Signed in as ${boot.user.name} (${boot.user.email}), ${boot.user.role}.`));
    const current = h("input", { type: "password", name: "current_password", required: true, autocomplete: "current-password" });
    const next = h("input", { type: "password", name: "new_password", required: true, minlength: 12, autocomplete: "new-password" });
    const again = h("input", { type: "password", name: "new_password_again", required: true, minlength: 12, autocomplete: "new-password" });
    const form = h(
      "form",
      { class: "panel narrow", "aria-labelledby": "pw-title" },
      h("h2", { id: "pw-title", text: "Change password" }),
      field("Current password", current),
      field("New password", next, "At least 12 characters."),
      field("New password again", again),
      h("button", { type: "submit", class: "primary", text: "Change password" })
    );
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      if (next.value !== again.value) {
        say("The two new passwords differ.", "error");
        again.focus();
        return;
      }
      try {
        await api("POST", "/api/v1/me/password", { current_password: current.value, new_password: next.value });
        form.reset();
        say("Password changed.", "ok");
      } catch (e) {
        if (e.status === 403 && e.code !== "csrf") say("The current password is wrong.", "error");
        else sayError(e);
      }
    });
    body.append(form);
  }

  // ---------------------------------------------------------------------
  // Router

  function route() {
    const p = location.pathname.replace(/\/+$/, "/");
    let m;
    if (p === "/desk/" || p === "/desk") {
      if (!can("read_drafts") && !can("write_articles") && can("moderate_comments")) return viewModeration();
      return viewList();
    }
    if (p === "/desk/articles/new" || p === "/desk/articles/new/") return viewEditor(null);
    if ((m = /^\/desk\/articles\/(\d+)\/?$/.exec(p))) return viewEditor(m[1]);
    if (/^\/desk\/moderation\/?$/.test(p)) return viewModeration();
    if (/^\/desk\/audit\/?$/.test(p)) return viewAudit();
    if (/^\/desk\/users\/?$/.test(p)) return viewUsers();
    if (/^\/desk\/account\/?$/.test(p)) return viewAccount();
    page("Not found");
    say("There is no desk page at this address.", "error");
  }

  // Exposed for the browser tests.
  window.HeraldDesk = { lineDiff };
  route();
})();
