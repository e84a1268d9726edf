/** Shared knowledge bases for tests: built once per test file, never modified. */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { loadKnowledge } from "../../src/knowledge/knowledge-base.js";
import type { KnowledgeBase } from "../../src/knowledge/types.js";

let shipped: Promise<KnowledgeBase> | undefined;
let site: Promise<KnowledgeBase> | undefined;

/** The bot's own knowledge folder. */
export function shippedKnowledge(): Promise<KnowledgeBase> {
  shipped ??= loadKnowledge("knowledge");
  return shipped;
}

/** The programme website's content (tests/fixtures/site-eig), a larger and messier folder. */
export function siteKnowledge(): Promise<KnowledgeBase> {
  site ??= loadKnowledge("tests/fixtures/site-eig");
  return site;
}

/** A day after every date in the knowledge, so that every date is past. */
export const TODAY = new Date("2026-11-24T12:00:00Z");

/** Writes `files` (path → content, string or bytes) into a new temporary folder. */
export async function tempFolder(
  files: Record<string, string | Uint8Array>,
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "eig-bot-"));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
