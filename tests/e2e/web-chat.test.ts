/**
 * The web chat in a real browser, used with the keyboard only: Tab to the question, type, Enter,
 * read the answer and its source link, vote with the keyboard, and find the focus back in the
 * question. Saves a screenshot under test-output/.
 */
import { mkdir } from "node:fs/promises";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Fixture,
  fixtureKnowledge,
  GARDEN_FACT,
  GARDEN_FILE,
  GARDEN_QUESTION,
  startTestServer,
  type TestServer,
} from "../server/helpers.js";
import { chromiumAvailable, INSTALL_HINT, launchChromium } from "./browser.js";

/** What the test reads of the page's globals (the test itself is compiled without DOM types). */
interface PageGlobals {
  document: { activeElement: unknown; documentElement: { lang: string } };
}
const available = chromiumAvailable();
if (!available && !process.env.CI) {
  console.warn(`\n⚠️  ⚠️  SKIPPING THE BROWSER TEST OF THE WEB CHAT ⚠️  ⚠️\n${INSTALL_HINT}\n`);
}

describe.runIf(!available && process.env.CI)("web chat in a browser (CI)", () => {
  it("needs Chromium", () => {
    throw new Error(`${INSTALL_HINT} On CI, .ci/run installs it.`);
  });
});

describe.runIf(available)("web chat in a browser", () => {
  let fixture: Fixture;
  let app: TestServer;
  let browser: Browser;
  let page: Page;
  /** Console errors, CSP violations included: the page must run clean under its own policy. */
  const problems: string[] = [];

  beforeAll(async () => {
    fixture = await fixtureKnowledge();
    app = await startTestServer({ knowledgeDir: fixture.dir, env: { RATE_LIMIT_PER_MINUTE: "0" } });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 800, height: 900 } });
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    await page.goto(`${app.url}/`);
    // The examples come from /api/help: once they are there the script has fully started.
    await page.locator("#examples button").first().waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await fixture?.cleanup();
  });

  const focusedId = () =>
    page.evaluate(
      () => ((globalThis as unknown as PageGlobals).document.activeElement as { id?: string })?.id ?? "",
    );
  const isFocused = (locator: Locator) =>
    locator.evaluate((node) => node === (globalThis as unknown as PageGlobals).document.activeElement);

  it("is used with the keyboard only: ask, read the answer and a working source link, vote", async () => {
    await page.keyboard.press("Tab");
    expect(await focusedId()).toBe("question");

    await page.keyboard.type(GARDEN_QUESTION);
    await page.keyboard.press("Enter");

    const answer = page.locator("#log > li").first().locator("article.answer");
    await answer.waitFor();
    expect(await answer.getAttribute("lang")).toBe("fr");
    expect(await answer.locator("blockquote p").allTextContents()).toContain(GARDEN_FACT);
    // The answer arrives in the live region, and the focus never left the question.
    expect(await page.locator("#log").getAttribute("aria-live")).toBe("polite");
    expect(await focusedId()).toBe("question");
    expect(await page.inputValue("#question")).toBe("");

    // A source without a public url links to its file, whose path is what the reader sees.
    const link = answer.locator(".sources a", { hasText: GARDEN_FILE });
    const href = await link.getAttribute("href");
    expect(href).toMatch(/^\/source\?file=.*jardin\.md$/);
    const opened = await page.request.get(new URL(href ?? "", app.url).href);
    expect(opened.status()).toBe(200);
    expect(await opened.text()).toContain(GARDEN_FACT);

    // Tab from the question into the answer, to the 👍 button, and press it.
    const up = answer.getByRole("button", { name: "Oui, utile" });
    for (let i = 0; i < 20 && !(await isFocused(up)); i++) await page.keyboard.press("Tab");
    expect(await isFocused(up)).toBe(true);
    await page.keyboard.press("Enter");
    await answer.locator(".feedback-status", { hasText: "Merci pour votre retour !" }).waitFor();
    expect(await up.getAttribute("aria-pressed")).toBe("true");
    expect(await focusedId()).toBe("question");

    await mkdir("test-output", { recursive: true });
    await page.screenshot({ path: "test-output/web-chat.png", fullPage: true });
  });

  it("switches its own words to English after an English answer", async () => {
    await page.keyboard.type("What is the name of the mascot of the lunar observatory?");
    await page.keyboard.press("Enter");
    await page.locator("#log > li").first().locator("article.answer[lang=en]").waitFor();
    expect(
      await page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.lang),
    ).toBe("en");
    expect(await page.locator("#question-label").textContent()).toBe("Your question");
    expect(await page.locator("#send").textContent()).toBe("Send");
    expect(await focusedId()).toBe("question");
  });

  it("asks an example question with one key press and keeps the focus in the question", async () => {
    const before = await page.locator("#log > li").count();
    await page.locator("#examples button").first().focus();
    await page.keyboard.press("Enter");
    await page.locator("#log > li").nth(before).waitFor();
    await page.locator("#log > li").first().locator("article.answer").waitFor();
    expect(await focusedId()).toBe("question");
  });

  it("says what to do when the question is empty, without sending it", async () => {
    const before = await page.locator("#log > li").count();
    await page.focus("#question");
    await page.keyboard.press("Enter");
    await page.locator("#question-error:not([hidden])").waitFor();
    expect(await page.locator("#question").getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#log > li").count()).toBe(before);
  });

  it("ran without a script error or a Content-Security-Policy violation", () => {
    expect(problems).toEqual([]);
  });
});
