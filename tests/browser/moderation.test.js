// Reader comments through the moderation desk: held comments approved and
// rejected with the keyboard, the commenter's status page and an appeal.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { USERS, launchBrowser, login, newPage, postComment, publishedArticle, startHerald, waitForStatus } from "./support/herald.js";

let server;
let browser;
let article;

before(async () => {
  server = await startHerald();
  browser = await launchBrowser();
  article = await publishedArticle(server.base, "en");
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

// Opens the queue `kind` as the moderator and selects the comment `id`
// with j/k; returns its list item.
async function selectInQueue(page, id, kind = "held") {
  await page.goto("/desk/moderation" + (kind === "held" ? "" : "?kind=" + kind));
  const item = page.locator(`.queue-item[data-id="${id}"]`);
  await item.waitFor({ timeout: 15000 });
  const ids = await page.locator(".queue-item").evaluateAll((els) => els.map((e) => Number(e.dataset.id)));
  const index = ids.indexOf(id);
  assert.ok(index >= 0);
  // The first comment is selected and focused on load.
  assert.equal(await page.locator(".queue-item").first().getAttribute("aria-current"), "true");
  if (ids.length > 1) {
    // j moves down, k back up.
    await page.keyboard.press("j");
    assert.equal(await page.locator(".queue-item").nth(1).getAttribute("aria-current"), "true");
    await page.keyboard.press("k");
    assert.equal(await page.locator(".queue-item").first().getAttribute("aria-current"), "true");
  }
  for (let i = 0; i < index; i++) await page.keyboard.press("j");
  assert.equal(await item.getAttribute("aria-current"), "true");
  assert.ok(await item.evaluate((el) => el === document.activeElement));
  return item;
}

// (b) A held comment approved with the keyboard appears on the article.
test("moderator approves a held comment with the keyboard", async () => {
  const body = "Minister John Smith is a thief and a liar, and everyone in this town knows what he did.";
  const posted = await postComment(server.base, article.id, { name: "Pat Reader", email: "pat.reader@example.org", body });
  assert.equal(posted.status, "pending", JSON.stringify(posted));

  const page = await newPage(browser, server.base);
  await login(page, USERS.moderator);
  const item = await selectInQueue(page, posted.id);
  // What the moderator needs to decide: reasons, scores, highlighted words, history.
  assert.match(await item.textContent(), /libel_risk/);
  assert.ok((await item.locator(".comment-body").textContent()).includes("John Smith"));
  await item.locator(".history").getByText(/approved \d+/).waitFor();
  const before = Number(await page.locator("#tab-held .count").textContent());
  await page.keyboard.press("a");
  await waitForStatus(page, "Approved the comment by Pat Reader");
  await item.waitFor({ state: "detached" });
  assert.equal(Number(await page.locator("#tab-held .count").textContent()), before - 1);
  assert.deepEqual(page.errors, []);
  await page.context().close();

  const reader = await newPage(browser, server.base);
  await reader.goto(article.path);
  await reader.locator("#comments").getByText("everyone in this town knows").first().waitFor();
  await reader.context().close();
});

// (c) A rejected comment: the note reaches the commenter's status page, and
// their appeal reaches the appeals tab.
test("moderator rejects with a note; the commenter sees it and appeals", async () => {
  const body = "Background reading: https://a.example/one and https://b.example/two and https://c.example/three about the vote.";
  const posted = await postComment(server.base, article.id, { name: "Quinn Reader", email: "quinn.reader@example.org", body });
  assert.equal(posted.status, "pending", JSON.stringify(posted));
  assert.ok(posted.status_url, "the comment answer carries status_url: " + JSON.stringify(posted));

  const page = await newPage(browser, server.base);
  await login(page, USERS.moderator);
  const item = await selectInQueue(page, posted.id);
  await page.keyboard.press("r");
  const dialog = page.getByRole("dialog");
  await dialog.waitFor();
  // Esc cancels and leaves the comment where it was.
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  assert.equal(await item.getAttribute("aria-current"), "true");
  await page.keyboard.press("r");
  await dialog.waitFor();
  await dialog.getByLabel("Reason").selectOption("spam");
  const note = "Please do not post lists of links; say what you think of the vote.";
  await dialog.getByLabel("Note for the commenter").fill(note);
  await page.keyboard.press("Enter");
  await waitForStatus(page, "Rejected the comment by Quinn Reader");
  await item.waitFor({ state: "detached" });

  const reader = await newPage(browser, server.base);
  const resp = await reader.goto(posted.status_url);
  assert.equal(resp.status(), 200);
  await reader.getByText(/rejected/i).first().waitFor();
  await reader.getByText(note).waitFor();
  const appeal = "These are the council's own documents, not advertising.";
  const form = reader.locator("form").filter({ has: reader.locator("textarea") }).first();
  await form.locator("textarea").fill(appeal);
  await Promise.all([reader.waitForLoadState("load"), form.locator("button[type=submit], button:not([type])").first().click()]);
  await reader.getByText(appeal).first().waitFor({ timeout: 10000 }).catch(() => {});
  await reader.context().close();

  await page.getByRole("tab", { name: /Appeals/ }).click();
  const appealed = page.locator(`.queue-item[data-id="${posted.id}"]`);
  await appealed.waitFor({ timeout: 15000 });
  await appealed.getByText(appeal).waitFor();
  assert.ok(Number(await page.locator("#tab-appeals .count").textContent()) >= 1);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
