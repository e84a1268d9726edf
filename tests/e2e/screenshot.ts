/**
 * Regenerates the README's pictures of the web chat from the shipped knowledge, at desktop width
 * (docs/web-chat.png) and phone width (docs/web-chat-phone.png), and of the page a source links
 * to (docs/web-chat-source.png): `npx tsx tests/e2e/screenshot.ts [question]`. A script, not a
 * test: the pictures change whenever the answer engine words things better, and that is no failure.
 */
import { mkdir } from "node:fs/promises";
import { startTestServer } from "../server/helpers.js";
import { chromiumAvailable, INSTALL_HINT, launchChromium } from "./browser.js";

const SIZES = [
  { output: "docs/web-chat.png", width: 820, height: 900, deviceScaleFactor: 1 },
  { output: "docs/web-chat-phone.png", width: 390, height: 844, deviceScaleFactor: 2 },
];
const question = process.argv[2] ?? "Quelle est la date limite pour candidater ?";

if (!chromiumAvailable()) {
  console.error(INSTALL_HINT);
  process.exit(1);
}

const app = await startTestServer({ knowledgeDir: "knowledge", env: { RATE_LIMIT_PER_MINUTE: "0" } });
const browser = await launchChromium();
try {
  await mkdir("docs", { recursive: true });
  for (const { output, width, height, deviceScaleFactor } of SIZES) {
    const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor });
    await page.goto(`${app.url}/`);
    await page.locator("#examples button").first().waitFor();
    await page.keyboard.press("Tab");
    await page.keyboard.type(question);
    await page.keyboard.press("Enter");
    const answer = page.locator("#log > li").first().locator("article.answer");
    await answer.waitFor();
    await answer.getByRole("button", { name: "Oui, utile" }).click();
    await answer.locator(".feedback-status", { hasText: "Merci" }).waitFor();
    await page.focus("#question");
    // Clicking the vote scrolled a phone's page: a full-page picture is taken from the top, where
    // the sticky question box sits in its place.
    await page.evaluate(() =>
      (globalThis as unknown as { scrollTo(x: number, y: number): void }).scrollTo(0, 0),
    );
    await page.screenshot({ path: output, fullPage: true });
    console.error(`saved ${output}`);
    if (width > 600) {
      // The page of a source without a public url, opened at the section quoted.
      const href = await answer.locator(".sources a[href^='docs/']").first().getAttribute("href");
      if (href) {
        await page.goto(new URL(href, `${app.url}/`).href);
        await page.screenshot({ path: "docs/web-chat-source.png" });
        console.error("saved docs/web-chat-source.png");
      }
    }
    await page.close();
  }
} finally {
  await browser.close();
  await app.close();
}
