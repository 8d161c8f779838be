// axe-core on the public pages and the desk: no serious or critical
// violations. With HERALD_SCREENSHOTS=1 it also refreshes the pictures in
// docs/screenshots/ (1280x900).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { USERS, axeViolations, launchBrowser, login, newPage, postComment, publishedArticle, screenshot, startHerald } from "./support/herald.js";

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

function noSerious(violations, label) {
  assert.deepEqual(
    violations.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(", ")})`),
    [],
    `${label}: serious or critical accessibility violations`
  );
}

test("public article pages (en, fa)", async () => {
  const page = await newPage(browser, server.base, { bypassCSP: true });
  for (const edition of ["en", "fa"]) {
    const art = await publishedArticle(server.base, edition);
    const resp = await page.goto(art.path);
    assert.equal(resp.status(), 200);
    await screenshot(page, `article-${edition}.png`);
    noSerious(await axeViolations(page, `article ${edition}`), `article ${edition}`);
  }
  await page.context().close();
});

test("comment form and its outcome", async () => {
  const art = await publishedArticle(server.base, "en");
  const page = await newPage(browser, server.base, { bypassCSP: true });
  await page.goto(art.path);
  noSerious(await axeViolations(page, "comment form", { include: ["#comments"] }), "comment form");
  const form = page.locator("#comment-form");
  await form.locator("[name=name]").fill("Sam Reader");
  await form.locator("[name=email]").fill("sam.reader@example.org");
  await form.locator("[name=body]").fill("Thank you for the clear report; the timeline of the talks helps a lot.");
  // A form sent within 3 s of loading is held as likely spam.
  await page.waitForTimeout(3500);
  await form.locator("button[type=submit]").click();
  const notice = page.locator("#comment-notice");
  await notice.waitFor({ timeout: 15000 });
  await notice.scrollIntoViewIfNeeded();
  await page.evaluate(() => window.scrollBy(0, -200));
  await screenshot(page, "comment-outcome.png");
  noSerious(await axeViolations(page, "comment outcome", { include: ["#comments"] }), "comment outcome");
  await page.context().close();
});

test("desk login, article list and editor", async () => {
  const page = await newPage(browser, server.base, { bypassCSP: true });
  await page.goto("/desk/login");
  noSerious(await axeViolations(page, "desk login"), "desk login");
  await login(page, USERS.editor);
  await page.goto("/desk/");
  await page.locator("table.data tbody tr").first().waitFor();
  noSerious(await axeViolations(page, "desk list"), "desk list");

  const art = await publishedArticle(server.base, "en");
  await page.goto(`/desk/articles/${art.id}`);
  await page.frameLocator("iframe.preview").locator("h1").first().waitFor({ timeout: 15000 });
  await page.locator(".revisions li").first().waitFor();
  await screenshot(page, "desk-editor.png");
  noSerious(await axeViolations(page, "desk editor"), "desk editor");
  // The Persian edition's fields are right-to-left.
  await page.goto("/desk/articles/new");
  await page.getByLabel("Edition").selectOption("fa");
  assert.equal(await page.getByLabel("Headline").getAttribute("dir"), "rtl");
  assert.equal(await page.getByLabel("Body", { exact: true }).getAttribute("dir"), "rtl");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("moderation queue and its dialogs", async () => {
  const art = await publishedArticle(server.base, "en");
  await postComment(server.base, art.id, {
    name: "Lee Reader",
    email: "lee.reader@example.org",
    body: "Minister John Smith is a liar and a thief who should be in prison for what he did.",
  });
  await postComment(server.base, art.id, {
    name: "Kim Reader",
    email: "kim.reader@example.org",
    body: "More at https://a.example/x and https://b.example/y and https://c.example/z on this story.",
  });
  const page = await newPage(browser, server.base, { bypassCSP: true });
  await login(page, USERS.moderator);
  await page.goto("/desk/moderation");
  await page.locator(".queue-item").first().waitFor({ timeout: 15000 });
  await screenshot(page, "desk-moderation.png");
  noSerious(await axeViolations(page, "moderation queue"), "moderation queue");
  await page.keyboard.press("?");
  await page.getByRole("dialog").waitFor();
  noSerious(await axeViolations(page, "shortcut help"), "shortcut help");
  await page.keyboard.press("Escape");
  await page.keyboard.press("r");
  await page.getByRole("dialog").waitFor();
  noSerious(await axeViolations(page, "reject dialog"), "reject dialog");
  await page.keyboard.press("Escape");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test("admin pages: users, audit log, account", async () => {
  const page = await newPage(browser, server.base, { bypassCSP: true });
  await login(page, USERS.admin);
  await page.goto("/desk/users");
  await page.getByRole("cell", { name: USERS.reporter.email }).waitFor();
  noSerious(await axeViolations(page, "users"), "users");
  await page.goto("/desk/audit");
  await page.locator("table.data tbody tr").first().waitFor();
  noSerious(await axeViolations(page, "audit"), "audit");
  await page.goto("/desk/account");
  await page.getByLabel("Current password").waitFor();
  noSerious(await axeViolations(page, "account"), "account");
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
