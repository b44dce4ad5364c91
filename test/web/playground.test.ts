// The browser playground in Debian's headless Chromium (playwright-core): load, run the coin example and
// check its summary against the exact posterior, a syntax error shown with line:col and its line marked,
// Stop during a long run while the page stays responsive, and a screenshot (tmp/playground*.png).
// It runs in .ci/browser.sh (which installs Chromium and sets BOREL_BROWSER_TEST=1), not in `npm test`; without
// Chromium it is skipped with a message.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { serve } from "./serve.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const root = fileURLToPath(new URL("../..", import.meta.url));
const shots = join(root, "tmp");
const skip = !existsSync(CHROMIUM) ? `Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or run .ci/browser.sh)`
  : process.env.BOREL_BROWSER_TEST !== "1" ? "the browser test runs in .ci/browser.sh (or with BOREL_BROWSER_TEST=1)" : false;
if (skip) console.log(`# skipping the playground browser test: ${skip}`);

type Page = import("playwright-core").Page;
let browser: import("playwright-core").Browser | undefined, server: Awaited<ReturnType<typeof serve>> | undefined, page: Page;

before(async () => {
  if (skip) return;
  const { buildWeb } = (await import(join(root, "web", "build.mjs"))) as { buildWeb(): Promise<{ ms: number }> };
  await buildWeb();
  server = await serve(join(root, "web", "dist"));
  const { chromium } = await import("playwright-core");
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on("pageerror", (e) => console.log(`# page error: ${e.message}`));
  mkdirSync(shots, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const cell = (key: string, col: string) => page.locator(`.query tr[data-key="${key}"] td[data-col="${col}"]`).first().textContent();

test("the coin example answers after load, with the exact posterior's numbers", { skip }, async () => {
  await page.goto(server!.url);
  await page.waitForFunction(`document.querySelector("#status")?.textContent === "ready"`);
  await page.click("#run");
  await page.waitForSelector('.query tr[data-key="p"]', { timeout: 60_000 });
  const t = (await page.evaluate("window.borelPlayground")) as { firstAnswerAt: number; loadedAt: number };
  console.log(`# playground: worker ready ${t.loadedAt.toFixed(0)} ms after navigation; coin answer ${t.firstAnswerAt.toFixed(0)} ms after navigation`);
  // Beta(71, 31): mean 0.69608, sd 0.04532; importance sampling with 10,000 particles (ESS ~1,600) is within
  // 0.01 of the mean and 0.005 of the sd (about 4 Monte Carlo standard errors).
  assert.ok(Math.abs(Number(await cell("p", "mean")) - 0.69608) < 0.01);
  assert.ok(Math.abs(Number(await cell("p", "sd")) - 0.04532) < 0.005);
  assert.equal(await page.locator(".figure-marginal > svg").count(), 1);
  await page.screenshot({ path: join(shots, "playground-coin.png"), fullPage: true });
});

test("a syntax error is shown with line:col and its line marked in the editor", { skip }, async () => {
  const source = await page.inputValue("#source");
  await page.fill("#source", source.replace("len(flips)", "len(flips"));
  await page.click("#run");
  const error = page.locator("#errors .error").first();
  await error.waitFor();
  const text = (await error.textContent()) ?? "";
  assert.match(text, /^line 4:\d+/);
  assert.match(text, /playground\.borel:4:\d+: error:/);
  assert.equal(await page.locator(".gutter .err").textContent(), "4");
  assert.equal(await page.locator(".backdrop .err-line").count(), 1);
  await page.screenshot({ path: join(shots, "playground-error.png") });
});

test("Stop ends a long run and the page stays responsive meanwhile", { skip }, async () => {
  await page.selectOption("#example", "long_run");
  await page.click("#run");
  await page.waitForFunction(`/running|query 1/.test(document.querySelector("#status")?.textContent ?? "")`);
  await page.waitForTimeout(1500);
  // The page answers while the worker computes: evaluations return at once and the status keeps ticking.
  const before = await page.textContent("#status");
  const t0 = Date.now();
  const echoed = await page.evaluate("new Promise((r) => requestAnimationFrame(() => r(1 + 1)))");
  const latency = Date.now() - t0;
  await page.waitForTimeout(300);
  assert.equal(echoed, 2);
  assert.notEqual(await page.textContent("#status"), before);
  assert.equal(await page.isEnabled("#stop"), true);
  const t1 = Date.now();
  await page.click("#stop");
  await page.waitForFunction(`/^stopped/.test(document.querySelector("#status")?.textContent ?? "")`, undefined, { timeout: 10_000 });
  console.log(`# playground: a frame during the long run took ${latency} ms; Stop of MCMC (draws so far kept) took ${Date.now() - t1} ms`);
  assert.ok(latency < 1000, `the page took ${latency} ms to render a frame during the run`);
  assert.equal(await page.isEnabled("#run"), true);
  // MCMC yields, so the worker saw the stop and returned the draws so far.
  assert.match((await page.textContent(".query .meta")) ?? "", /stopped/);

  // A method that never yields: the page ends the worker and starts a fresh one.
  await page.fill("#source", "model m() { p ~ beta(2, 2) }\nquery m() using importance(particles: 9000000)");
  await page.click("#run");
  await page.waitForTimeout(1000);
  const t2 = Date.now();
  await page.click("#stop");
  await page.waitForFunction(`/^stopped/.test(document.querySelector("#status")?.textContent ?? "")`, undefined, { timeout: 10_000 });
  console.log(`# playground: Stop of a non-yielding run (worker restarted) took ${Date.now() - t2} ms`);
  await page.selectOption("#example", "eight_schools");
  await page.click("#run");
  await page.waitForSelector('.query tr[data-key="tau"]', { timeout: 120_000 });
  await page.screenshot({ path: join(shots, "playground-eight-schools.png"), fullPage: true });
});
