// The desk's article workflow, CSRF and roles, end to end in Chromium
// against the real server.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { PASSWORD, USERS, createToken, http, pathOf, launchBrowser, login, newPage, startHerald, waitForStatus } from "./support/herald.js";

let server;
let browser;

before(async () => {
  server = await startHerald();
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

// (a) A reporter writes and submits; an editor publishes and corrects; the
// public page shows the story and its correction.
test("reporter writes and submits, editor publishes and corrects", async () => {
  const headline = "Council agrees night-bus trial " + Date.now();
  const reporter = await newPage(browser, server.base);
  await login(reporter, USERS.reporter);
  await reporter.goto("/desk/articles/new");
  await reporter.getByLabel("Section").selectOption("politics");
  await reporter.getByLabel("Headline").fill(headline);
  await reporter.getByLabel("Lead").fill("The city council agreed on Tuesday to run night buses for six months.");
  await reporter.getByLabel("Body", { exact: true }).fill("The trial starts in March.\n\nCouncillors will review it in **September**.");
  await reporter.getByLabel("Tags").fill("transport, council");
  // The live preview is the real article page inside a sandboxed iframe.
  const preview = reporter.frameLocator("iframe.preview");
  await preview.getByText(headline).first().waitFor({ timeout: 15000 });
  await preview.locator("strong", { hasText: "September" }).first().waitFor();
  assert.equal(await reporter.locator("iframe.preview").getAttribute("sandbox"), "");

  await reporter.getByRole("button", { name: "Save draft" }).click();
  await waitForStatus(reporter, "Saved");
  await reporter.waitForURL(/\/desk\/articles\/\d+$/);
  const id = Number(/\/desk\/articles\/(\d+)$/.exec(reporter.url())[1]);
  await reporter.getByRole("button", { name: "Submit for review" }).click();
  await waitForStatus(reporter, "Submitted for review");
  assert.match(await reporter.locator(".article-state").textContent(), /in review/);
  // A reporter cannot publish: the button is not offered.
  assert.equal(await reporter.getByRole("button", { name: "Publish", exact: true }).count(), 0);
  assert.deepEqual(reporter.errors, []);
  await reporter.context().close();

  const editor = await newPage(browser, server.base);
  await login(editor, USERS.editor);
  await editor.goto("/desk/?status=review");
  const row = editor.getByRole("row").filter({ hasText: headline });
  await row.getByText("in review").waitFor();
  await row.getByRole("link", { name: headline }).click();
  await editor.waitForURL(`**/desk/articles/${id}`);
  await editor.getByRole("button", { name: "Publish", exact: true }).click();
  await waitForStatus(editor, "Published.");
  const correction = "An earlier version gave the wrong start month.";
  await editor.getByLabel("Correction note").fill(correction);
  await editor.getByRole("button", { name: "Save correction" }).click();
  await waitForStatus(editor, "Correction saved");
  // The revisions panel lists the saves; the first one diffs against now.
  await editor.getByRole("button", { name: /^Revision 1\b/ }).click();
  await editor.locator(".revision-detail").getByText("Revision 1").first().waitFor();
  assert.deepEqual(editor.errors, []);
  await editor.context().close();

  const art = await http(server.base, "GET", `/api/v1/articles/${id}`);
  assert.equal(art.status, 200, art.text);
  assert.equal(art.json.status, "published");
  const reader = await newPage(browser, server.base);
  const resp = await reader.goto(pathOf(art.json.url));
  assert.equal(resp.status(), 200);
  await reader.getByRole("heading", { name: headline }).waitFor();
  await reader.getByText(correction).waitFor();
  await reader.context().close();
});

// (d) CSRF, roles, logout and a wrong password.
test("CSRF token, role permissions, logout and wrong password", async () => {
  const page = await newPage(browser, server.base);
  await login(page, USERS.reporter);
  const boot = await page.evaluate(() => JSON.parse(document.getElementById("desk-boot").textContent));
  assert.equal(boot.user.role, "reporter");
  assert.ok(boot.csrf);

  const call = (method, url, body, csrf) =>
    page.evaluate(
      async ({ method, url, body, csrf }) => {
        const headers = { "Content-Type": "application/json" };
        if (csrf) headers["X-CSRF-Token"] = csrf;
        const r = await fetch(url, { method, credentials: "same-origin", headers, body: body === undefined ? undefined : JSON.stringify(body) });
        let json = null;
        try {
          json = await r.json();
        } catch {}
        return { status: r.status, json };
      },
      { method, url, body, csrf }
    );

  const draft = { edition: "en", section: "politics", headline: "CSRF probe" };
  const noToken = await call("POST", "/api/v1/articles", draft);
  assert.equal(noToken.status, 403, JSON.stringify(noToken.json));
  assert.equal(noToken.json?.error?.code, "csrf");
  const badToken = await call("POST", "/api/v1/articles", draft, "not-the-token");
  assert.equal(badToken.status, 403);

  const created = await call("POST", "/api/v1/articles", draft, boot.csrf);
  assert.equal(created.status, 201, JSON.stringify(created.json));
  const publish = await call("POST", `/api/v1/articles/${created.json.id}/publish`, {}, boot.csrf);
  assert.equal(publish.status, 403, JSON.stringify(publish.json));
  assert.equal(publish.json?.error?.code, "forbidden");
  const users = await call("GET", "/api/v1/users");
  assert.equal(users.status, 403);

  const me = await call("GET", "/api/v1/me");
  assert.equal(me.status, 200);
  assert.equal(me.json.user.email, USERS.reporter.email);
  assert.ok(!JSON.stringify(me.json).includes("argon2"));

  await Promise.all([page.waitForURL(/\/desk\/login/), page.getByRole("button", { name: "Sign out" }).click()]);
  const afterLogout = await call("GET", "/api/v1/me");
  assert.equal(afterLogout.status, 401);
  assert.equal(afterLogout.json?.error?.code, "unauthenticated");
  // The desk itself sends a signed-out browser to the login page.
  await page.goto("/desk/moderation");
  assert.match(page.url(), /\/desk\/login\?next=(%2F|\/)desk(%2F|\/)moderation$/);

  await page.getByLabel("Email").fill(USERS.editor.email);
  await page.getByLabel("Password").fill("not the password at all");
  const [resp] = await Promise.all([
    page.waitForResponse((r) => r.url().includes("/desk/login") && r.request().method() === "POST"),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
  assert.equal(resp.status(), 401);
  const alert = page.getByRole("alert");
  await alert.waitFor();
  assert.ok((await alert.textContent()).trim().length > 0);
  assert.match(page.url(), /\/desk\/login/);
  // The next= target survives a failed attempt.
  await page.getByLabel("Password").fill(PASSWORD);
  await Promise.all([page.waitForURL(/\/desk\/moderation$/), page.getByRole("button", { name: "Sign in" }).click()]);
  await page.context().close();
});

// Two editors on one article: the later save is refused with a clear
// message and a reload, never silently applied. Images upload and show.
test("a conflicting save is refused; an uploaded image fills image_url", async () => {
  const first = await newPage(browser, server.base);
  await login(first, USERS.editor);
  await first.goto("/desk/articles/new");
  await first.getByLabel("Headline").fill("Conflict probe " + Date.now());
  await first.getByRole("button", { name: "Save draft" }).click();
  await waitForStatus(first, "Saved");
  await first.waitForURL(/\/desk\/articles\/\d+$/);
  const url = first.url();

  const second = await newPage(browser, server.base);
  await login(second, USERS.admin);
  await second.goto(url);
  await second.getByLabel("Lead").fill("Written by the second editor.");
  await second.getByRole("button", { name: "Save draft" }).click();
  await waitForStatus(second, "Saved");

  await first.getByLabel("Lead").fill("Written by the first editor, who opened it earlier.");
  await first.keyboard.press("Control+s");
  await first.locator(".desk-alert").getByText("not saved").waitFor();
  await first.getByRole("button", { name: /Reload the article/ }).click();
  await waitForStatus(first, "Reloaded");
  assert.equal(await first.getByLabel("Lead").inputValue(), "Written by the second editor.");

  // A 1x1 PNG through POST /api/v1/media.
  const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");
  await first.getByLabel("Upload an image").setInputFiles({ name: "dot.png", mimeType: "image/png", buffer: png });
  await waitForStatus(first, "Uploaded dot.png");
  assert.match(await first.getByLabel("Image URL").inputValue(), /^\/media\/[0-9a-f]{64}\.png$/);
  assert.equal(await first.locator("img.thumb").isVisible(), true);
  await first.getByRole("button", { name: "Save draft" }).click();
  await waitForStatus(first, "Saved");
  assert.deepEqual(first.errors, []);
  assert.deepEqual(second.errors, []);
  await first.context().close();
  await second.context().close();
});

// A tag may hold a comma (the API allows it); the editor's comma-separated
// field must not split it when the article is saved with the tags untouched.
test("tags keep their commas when the desk saves an article", async () => {
  const auth = { Authorization: "Bearer " + createToken(server.dataDir, "editor") };
  const made = await http(server.base, "POST", "/api/v1/articles", { edition: "en", section: "politics", headline: "Tag probe " + Date.now(), tags: ["Smith, John", "Budget"] }, auth);
  assert.equal(made.status, 201, made.text);
  const page = await newPage(browser, server.base);
  await login(page, USERS.editor);
  await page.goto(`/desk/articles/${made.json.id}`);
  await page.getByLabel("Lead").fill("A lead written in the desk.");
  await page.getByRole("button", { name: "Save draft" }).click();
  await waitForStatus(page, "Saved");
  const saved = await http(server.base, "GET", `/api/v1/articles/${made.json.id}`, undefined, auth);
  assert.equal(saved.json.lead, "A lead written in the desk.");
  assert.deepEqual(saved.json.tags, ["Smith, John", "Budget"]);
  // Edited by hand, the field is split at its commas as it says.
  await page.getByLabel("Tags").fill("Budget, Council");
  await page.getByRole("button", { name: "Save draft" }).click();
  await waitForStatus(page, "Saved");
  const edited = await http(server.base, "GET", `/api/v1/articles/${made.json.id}`, undefined, auth);
  assert.deepEqual(edited.json.tags, ["Budget", "Council"]);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

// The line diff the revisions panel shows.
test("revisions diff is a line LCS", async () => {
  const page = await newPage(browser, server.base);
  await login(page, USERS.editor);
  // desk.js is a deferred script: on a slow machine it may not have run yet.
  await page.waitForFunction(() => window.HeraldDesk !== undefined);
  const ops = await page.evaluate(() => window.HeraldDesk.lineDiff("a\nb\nc\nd", "a\nc\nd\ne"));
  assert.deepEqual(
    ops.map((o) => o.op + o.line),
    [" a", "-b", " c", " d", "+e"]
  );
  await page.context().close();
});
