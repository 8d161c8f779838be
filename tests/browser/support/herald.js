// Starts the real herald binary for a browser test: a temporary data
// directory with the demo site and desk users, `herald serve` on an
// ephemeral loopback port, and a Chromium (Debian's) to drive it.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, "../../..");
const reference = path.resolve(repoRoot, "../shared/reference/seed-article.txt");

// The binary under test: HERALD_BIN (ctest sets it), else build/herald.
export function heraldBinary() {
  const bin = process.env.HERALD_BIN || path.join(repoRoot, "build/herald");
  if (!existsSync(bin)) {
    throw new Error(`herald binary not found at ${bin}; build it or set HERALD_BIN`);
  }
  return bin;
}

function run(bin, args, input) {
  const r = spawnSync(bin, args, { input: input ?? "", encoding: "utf8", timeout: 120000 });
  if (r.status !== 0) {
    throw new Error(`herald ${args.join(" ")} failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  }
  return r.stdout;
}

// The desk users every test file gets; the password is the same for all.
export const PASSWORD = "correct horse battery staple";
export const USERS = {
  reporter: { email: "rita.reporter@example.org", name: "Rita Reporter", role: "reporter" },
  editor: { email: "eddie.editor@example.org", name: "Eddie Editor", role: "editor" },
  moderator: { email: "mona.moderator@example.org", name: "Mona Moderator", role: "moderator" },
  admin: { email: "ada.admin@example.org", name: "Ada Admin", role: "admin" },
};

// Starts a server with the demo site loaded and USERS created. Returns
// {base, dataDir, log(), stop()}.
export async function startHerald() {
  const bin = heraldBinary();
  const dataDir = mkdtempSync(path.join(tmpdir(), "herald-browser-"));
  const demo = ["demo", "load", "--data", dataDir];
  if (existsSync(reference)) demo.push("--reference", reference);
  run(bin, demo);
  for (const u of Object.values(USERS)) {
    run(bin, ["user", "add", "--data", dataDir, "--role", u.role, "--name", u.name, "--password-stdin", u.email], PASSWORD + "\n");
  }
  const child = spawn(bin, ["serve", "--data", dataDir, "--port", "0", "--address", "127.0.0.1", "--threads", "2"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr.on("data", (d) => (output += d));
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("herald serve did not start in 60 s:\n" + output)), 60000);
    child.stdout.on("data", (d) => {
      output += d;
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`herald serve exited (${code ?? signal}):\n${output}`));
    });
  });
  child.removeAllListeners("exit");
  return {
    base: `http://127.0.0.1:${port}`,
    dataDir,
    log: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 10000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// Debian's chromium; a missing browser is a failure, not a skip (`make
// setup` installs it).
export async function launchBrowser() {
  const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  if (!existsSync(executablePath)) {
    throw new Error(`${executablePath} is missing: run \`make setup\` (Debian package chromium)`);
  }
  return chromium.launch({ executablePath, args: ["--no-sandbox"] });
}

// A fresh context (cookies of its own) at 1280x900, its console errors
// collected in `errors` so a test can show them.
// `options` go to newContext (the axe tests need bypassCSP: axe-core is
// injected as an inline script, which the site's CSP rightly forbids).
export async function newPage(browser, base, options = {}) {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  // Script errors, and answers of 404 or 5xx (4xx answers a test provokes
  // on purpose are not errors; the browser's own "Failed to load resource"
  // console line is replaced by the URL).
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) page.errors.push(m.text());
  });
  page.on("response", (r) => {
    if (r.status() === 404 || r.status() >= 500) page.errors.push(`${r.status()} ${r.request().method()} ${r.url()}`);
  });
  return page;
}

// Signs in on /desk/login and waits for the desk shell.
export async function login(page, who, password = PASSWORD) {
  await page.goto("/desk/login");
  await page.getByLabel("Email").fill(who.email);
  await page.getByLabel("Password").fill(password);
  await Promise.all([page.waitForURL(/\/desk\//), page.getByRole("button", { name: "Sign in" }).click()]);
}

// Waits until the desk's status (or alert) region shows `text`.
export async function waitForStatus(page, text, timeout = 15000) {
  try {
    await page.locator(".desk-status, .desk-alert").getByText(text).first().waitFor({ timeout });
  } catch (e) {
    const shown = await page.locator(".desk-status, .desk-alert").allTextContents();
    throw new Error(`status ${JSON.stringify(String(text))} did not appear; shown: ${JSON.stringify(shown)}; page errors: ${JSON.stringify(page.errors)}`);
  }
}

// An API token with a desk role, made the way an operator makes one.
export function createToken(dataDir, role = "admin") {
  const r = spawnSync(heraldBinary(), ["token", "create", "--data", dataDir, "--name", "test-" + role, "--role", role], { encoding: "utf8" });
  const token = (r.stdout || "").trim().split("\n").pop();
  if (r.status !== 0 || !token) throw new Error(`herald token create failed: ${r.stdout}\n${r.stderr}`);
  return token;
}

// JSON over HTTP from the test process (no cookies), with any extra headers.
export async function http(base, method, pathname, body, headers = {}) {
  const init = { method, headers: { Accept: "application/json", ...headers } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const resp = await fetch(base + pathname, init);
  const text = await resp.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: resp.status, json, text };
}

// The newest published article of `edition` (public API).
export async function publishedArticle(base, edition) {
  const r = await http(base, "GET", `/api/v1/articles?edition=${edition}&limit=5`);
  if (r.status !== 200 || !r.json.articles || !r.json.articles.length) {
    throw new Error(`no published ${edition} article: ${r.status} ${r.text.slice(0, 300)}`);
  }
  const a = r.json.articles.find((x) => x.id === 425881) || r.json.articles[0];
  return { ...a, path: pathOf(a.url) };
}

// The path of a public URL: the API answers absolute URLs on the
// configured base_url, which is not the test server's address.
export function pathOf(url) {
  return new URL(url, "http://localhost/").pathname;
}

// Posts a reader comment through the public API; returns the answer.
export async function postComment(base, articleId, comment) {
  const r = await http(base, "POST", `/api/v1/articles/${articleId}/comments`, comment);
  if (r.status !== 201) throw new Error(`comment not accepted: ${r.status} ${r.text}`);
  return r.json;
}

// Runs axe-core on the page; returns the violations of impact serious or
// critical, printing every violation found.
const axeSource = () => readFileSync(path.join(here, "../node_modules/axe-core/axe.min.js"), "utf8");
export async function axeViolations(page, label, options = {}) {
  await page.addScriptTag({ content: axeSource() });
  const result = await page.evaluate(async (opts) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(opts.include ? { include: opts.include } : document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })),
    }));
  }, options);
  for (const v of result) {
    console.log(`[axe] ${label}: ${v.impact} ${v.id}: ${v.help}`);
    for (const n of v.nodes) console.log(`        ${n.target}\n          ${(n.summary || "").replace(/\n/g, "\n          ")}`);
  }
  return result.filter((v) => v.impact === "serious" || v.impact === "critical");
}

// Saves a screenshot under docs/screenshots/ when HERALD_SCREENSHOTS=1,
// so ordinary runs do not rewrite the committed pictures.
export async function screenshot(page, name, options = {}) {
  if (process.env.HERALD_SCREENSHOTS !== "1") return;
  await page.screenshot({ path: path.join(repoRoot, "docs/screenshots", name), ...options });
}
