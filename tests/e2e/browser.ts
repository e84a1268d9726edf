/**
 * Debian's Chromium driven by playwright-core (no browser download): `.ci/run` installs it with
 * `apt-get install chromium`; locally, `sudo apt-get install chromium`, or point CHROMIUM_PATH
 * at another Chromium or Chrome binary.
 */
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/** Quiet and self-contained: no sandbox (containers, root), no network of its own. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export const INSTALL_HINT = `Chromium was not found at ${CHROMIUM_PATH}. Install it with "sudo apt-get install chromium" (Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium or Chrome binary.`;

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}
