/**
 * Builds a KnowledgeBase in one pass: files → documents and passages → index and facts. The
 * result is immutable; a reload builds a new one and swaps it in whole.
 */
import { resolve } from "node:path";
import { buildIndex } from "../search/index.js";
import { extractFacts } from "./facts.js";
import { type LoadOptions, loadKnowledgeFiles } from "./loader.js";
import { inferDefiPromotions } from "./promotion-years.js";
import type { KnowledgeBase } from "./types.js";

export async function loadKnowledge(dir: string, options: LoadOptions = {}): Promise<KnowledgeBase> {
  const absolute = resolve(dir);
  const loaded = await loadKnowledgeFiles(absolute, options);
  inferDefiPromotions(loaded.documents, loaded.passages);
  const byId = new Map(loaded.documents.map((d) => [d.id, d]));
  return {
    dir: absolute,
    documents: loaded.documents,
    byId,
    passages: loaded.passages,
    index: buildIndex(loaded.passages, byId),
    facts: extractFacts(loaded.passages, loaded.documents),
    problems: loaded.problems,
    skipped: loaded.skipped,
    loadedAt: new Date(),
  };
}
