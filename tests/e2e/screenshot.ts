/**
 * Regenerates docs/web-chat.png, the README's picture of the web chat, from the shipped
 * knowledge: `npx tsx tests/e2e/screenshot.ts [question]`. A script, not a test: the picture
 * changes whenever the answer engine words things better, and that is no failure.
 */
import { mkdir } from "node:fs/promises";
import { startTestServer } from "../server/helpers.js";
import { chromiumAvailable, INSTALL_HINT, launchChromium } from "./browser.js";

const OUTPUT = "docs/web-chat.png";
const question = process.argv[2] ?? "Quelle est la date limite pour candidater ?";

if (!chromiumAvailable()) {
  console.error(INSTALL_HINT);
  process.exit(1);
}

const app = await startTestServer({ knowledgeDir: "knowledge", env: { RATE_LIMIT_PER_MINUTE: "0" } });
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 820, height: 900 }, deviceScaleFactor: 1 });
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
  await mkdir("docs", { recursive: true });
  await page.screenshot({ path: OUTPUT, fullPage: true });
  console.error(`saved ${OUTPUT}`);
} finally {
  await browser.close();
  await app.close();
}
