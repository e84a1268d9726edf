/**
 * The web chat in a real browser, used with the keyboard only: Tab to the question, type, Enter,
 * read the answer and open its source at the section quoted, vote with the keyboard, and find the
 * focus back in the question. Then what people meet every day: a new answer brought into view
 * after scrolling, text typed while waiting or rate-limited kept, a multi-line box with the
 * server's limit, the page's own words in its language, vote buttons with words. Saves
 * screenshots at desktop and phone width under test-output/.
 */
import { mkdir } from "node:fs/promises";
import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Fixture,
  fixtureKnowledge,
  GARDEN_FACT,
  GARDEN_QUESTION,
  gardenDoc,
  otterDoc,
  startTestServer,
  type TestServer,
} from "../server/helpers.js";
import { chromiumAvailable, INSTALL_HINT, launchChromium } from "./browser.js";

/** What the test reads of the page's globals (the test itself is compiled without DOM types). */
interface PageGlobals {
  document: {
    activeElement: unknown;
    documentElement: { lang: string; scrollWidth: number };
    title: string;
    body: { scrollHeight: number };
  };
  innerWidth: number;
  innerHeight: number;
  scrollY: number;
  scrollTo(x: number, y: number): void;
}
const OTTER_QUESTION_TEXT = "Comment s'appelle la mascotte de l'observatoire lunaire ?";

/** A knowledge file whose HTML tries to run code on its page: a knowledge file is data. */
const HOSTILE_DOC = `---
title: Page piégée
---
# Piège

Le piège du jardin botanique est une page de test sans danger.

<div onmouseover="document.title='pwned'">
<img src="/favicon.svg" onload="document.title='pwned'">
<script>document.title = 'pwned'</script>
<a href="javascript:document.title='pwned'">lien piégé</a>
</div>
`;
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
    fixture = await fixtureKnowledge({
      "jardin.md": gardenDoc(),
      "observatoire.md": otterDoc(),
      "piege.md": HOSTILE_DOC,
    });
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

    // A source without a public url links to the bot's page of the document, at the section
    // quoted; the reader sees its title and section, not a file path.
    const link = answer.locator(".sources a", { hasText: "Note du jardin — Le jardin" });
    const href = await link.getAttribute("href");
    expect(href).toBe("docs/jardin#le-jardin");
    expect(await answer.locator(".sources").textContent()).not.toMatch(/\.md|ligne/);
    const docPage = await browser.newPage();
    const docProblems: string[] = [];
    docPage.on("console", (message) => {
      if (message.type() === "error") docProblems.push(message.text());
    });
    const opened = await docPage.goto(new URL(href ?? "", `${app.url}/`).href);
    expect(opened?.status()).toBe(200);
    expect(await docPage.locator("#le-jardin").textContent()).toBe("Le jardin");
    expect(await docPage.locator("article").textContent()).toContain(GARDEN_FACT);
    // The section linked to is the :target, highlighted by the page's own style sheet.
    expect(await docPage.locator("h1:target").count()).toBe(1);
    expect(docProblems).toEqual([]);
    await docPage.close();

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
    // "You:" before every question so far, the French ones included: page words follow the page.
    expect(new Set(await page.locator(".who").allTextContents())).toEqual(new Set(["You: "]));
    expect(await page.locator("#question-count").textContent()).toBe("0 / 20,000 characters");

    await page.keyboard.type(GARDEN_QUESTION);
    await page.keyboard.press("Enter");
    await page.locator("#log > li").first().locator("article.answer[lang=fr]").waitFor();
    expect(new Set(await page.locator(".who").allTextContents())).toEqual(new Set(["Vous : "]));
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

  it("brings a new answer into view after scrolling down, leaving the focus in the question", async () => {
    await page.setViewportSize({ width: 800, height: 600 });
    // Enough answers for the page to scroll.
    while (
      (await page.evaluate(() => (globalThis as unknown as PageGlobals).document.body.scrollHeight)) < 2000
    ) {
      const before = await page.locator("#log > li article.answer").count();
      await page.focus("#question");
      await page.keyboard.type(GARDEN_QUESTION);
      await page.keyboard.press("Enter");
      await page.locator("#log > li article.answer").nth(before).waitFor();
    }
    await page.evaluate(() =>
      (globalThis as unknown as PageGlobals).scrollTo(
        0,
        (globalThis as unknown as PageGlobals).document.body.scrollHeight,
      ),
    );
    const scrolled = await page.evaluate(() => (globalThis as unknown as PageGlobals).scrollY);
    expect(scrolled).toBeGreaterThan(1000);

    await page.focus("#question");
    await page.keyboard.type(OTTER_QUESTION_TEXT);
    await page.keyboard.press("Enter");
    const newest = page.locator("#log > li").first();
    await newest.locator("article.answer").waitFor();
    expect(await newest.locator(".asked").textContent()).toContain(OTTER_QUESTION_TEXT);
    const [top, formBottom, height] = await newest.evaluate((node) => [
      (node as unknown as { getBoundingClientRect(): { top: number } }).getBoundingClientRect().top,
      (
        (
          globalThis as unknown as { document: { getElementById(id: string): unknown } }
        ).document.getElementById("ask") as { getBoundingClientRect(): { bottom: number } }
      ).getBoundingClientRect().bottom,
      (globalThis as unknown as PageGlobals).innerHeight,
    ]);
    // Its top is in view, just under the sticky question box (not hidden behind it).
    expect(top).toBeGreaterThanOrEqual((formBottom ?? 0) - 1);
    expect(top).toBeLessThan((height ?? 0) - 100);
    expect(await focusedId()).toBe("question");

    // Keyboard order: from the question, the send button, then the newest answer's first link.
    await page.keyboard.press("Tab");
    expect(await focusedId()).toBe("send");
    await page.keyboard.press("Tab");
    expect(await isFocused(newest.locator("a").first())).toBe(true);
    await page.setViewportSize({ width: 800, height: 900 });
  });

  it("keeps what is typed while an answer loads", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route("**/api/ask", async (route) => {
      await gate;
      await route.continue();
    });
    try {
      await page.focus("#question");
      await page.keyboard.type(GARDEN_QUESTION);
      await page.keyboard.press("Enter");
      const newest = page.locator("#log > li").first();
      await newest.locator(".waiting").waitFor();
      // The question went to the conversation: the box is free for the next one.
      expect(await page.inputValue("#question")).toBe("");
      await page.keyboard.type("et la serre ?");
      // Enter while waiting sends nothing and loses nothing.
      await page.keyboard.press("Enter");
      release();
      await newest.locator("article.answer").waitFor();
      expect(await page.inputValue("#question")).toBe("et la serre ?");
      expect(await focusedId()).toBe("question");
    } finally {
      await page.unroute("**/api/ask");
      await page.fill("#question", "");
    }
  });

  it("keeps the question in the box when the answer is 'please wait' (rate limited)", async () => {
    await page.route("**/api/ask", (route) =>
      route.fulfill({
        status: 429,
        contentType: "application/json",
        body: JSON.stringify({
          id: "rate-limited",
          question: GARDEN_QUESTION,
          answered: false,
          text: "Vous avez posé beaucoup de questions : réessayez dans 42 s.",
          quotes: [],
          sources: [],
          notes: [],
          language: "fr",
          confidence: 0,
        }),
      }),
    );
    try {
      await page.focus("#question");
      await page.keyboard.type(GARDEN_QUESTION);
      await page.keyboard.press("Enter");
      const newest = page.locator("#log > li").first();
      await newest.locator("article.answer", { hasText: "réessayez dans 42 s" }).waitFor();
      expect(await newest.locator(".vote").count()).toBe(0);
      expect(await page.inputValue("#question")).toBe(GARDEN_QUESTION);
    } finally {
      await page.unroute("**/api/ask");
      await page.fill("#question", "");
    }
  });

  it("is a multi-line box: Shift+Enter writes a new line, the server's limit is shown", async () => {
    const box = page.locator("#question");
    expect(await box.evaluate((node) => (node as unknown as { tagName: string }).tagName)).toBe("TEXTAREA");
    expect(await box.getAttribute("maxlength")).toBe("20000");
    const before = await page.locator("#log > li").count();
    await page.focus("#question");
    await page.keyboard.type("Première ligne");
    await page.keyboard.press("Shift+Enter");
    await page.keyboard.type("deuxième");
    expect(await page.inputValue("#question")).toBe("Première ligne\ndeuxième");
    expect(await page.locator("#log > li").count()).toBe(before);
    expect(await page.locator("#question-count").textContent()).toBe("23 / 20\u202f000 caractères");
    expect(await box.getAttribute("aria-describedby")).toContain("question-count");
    await page.fill("#question", "");
  });

  it("labels the vote buttons with words, not an emoji alone", async () => {
    await page.focus("#question");
    await page.keyboard.type(GARDEN_QUESTION);
    await page.keyboard.press("Enter");
    const answer = page.locator("#log > li").first().locator("article.answer");
    await answer.locator(".vote").first().waitFor();
    const votes = answer.locator(".vote");
    expect((await votes.allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim())).toEqual([
      "👍 Oui, utile",
      "👎 Non, pas utile",
    ]);
    // The emoji is decoration: the button's name is its words.
    expect(await answer.getByRole("button", { name: "Oui, utile", exact: true }).count()).toBe(1);
    expect(await votes.first().locator(".vote-emoji").getAttribute("aria-hidden")).toBe("true");
  });

  it("fits a phone screen: no sideways scrolling", async () => {
    await page.setViewportSize({ width: 375, height: 740 });
    await page.evaluate(() => (globalThis as unknown as PageGlobals).scrollTo(0, 0));
    expect(
      await page.evaluate(() => (globalThis as unknown as PageGlobals).document.documentElement.scrollWidth),
    ).toBeLessThanOrEqual(375);
    await page.screenshot({ path: "test-output/web-chat-phone.png" });
    await page.setViewportSize({ width: 800, height: 900 });
  });

  it("serves a knowledge page whose HTML cannot run code", async () => {
    const docPage = await browser.newPage();
    const docProblems: string[] = [];
    docPage.on("console", (message) => {
      if (message.type() === "error") docProblems.push(message.text());
    });
    docPage.on("pageerror", (error) => docProblems.push(error.message));
    const response = await docPage.goto(`${app.url}/docs/piege#piege`);
    expect(response?.status()).toBe(200);
    await docPage.locator("a", { hasText: "lien piégé" }).hover();
    await docPage.locator("article div").first().hover();
    expect(await docPage.locator("img").count()).toBe(0);
    expect(await docPage.evaluate(() => (globalThis as unknown as PageGlobals).document.title)).toBe(
      "Page piégée",
    );
    expect(await docPage.locator("script").count()).toBe(0);
    expect(await docPage.locator("a", { hasText: "lien piégé" }).getAttribute("href")).toBeNull();
    // Nothing was even tried: no Content-Security-Policy violation either.
    expect(docProblems, docProblems.join("\n")).toEqual([]);
    await docPage.close();
  });

  it("ran without a script error or a Content-Security-Policy violation", () => {
    // The browser logs the rate-limit test's 429 itself; it is the answer under test, not a fault.
    expect(problems.filter((p) => !/status of 429/.test(p))).toEqual([]);
  });
});
