/**
 * Builds a KnowledgeBase in one pass: files → documents and passages → index and facts. The
 * result is immutable; a reload builds a new one and swaps it in whole.
 *
 * With a persisted index (`indexCache`, see index-cache.ts), documents, passages, facts and the
 * index are read back from the cache when the files and the code are unchanged, and saved after a
 * build otherwise.
 */
import { resolve } from "node:path";
import {
  type IndexCacheOptions,
  type KnowledgeSnapshot,
  knowledgeKey,
  readIndexCache,
  writeIndexCache,
} from "./index-cache.js";
import type { LoadOptions } from "./loader.js";
import type { KnowledgeBase } from "./types.js";

export type { IndexCacheEvent, IndexCacheOptions } from "./index-cache.js";

export interface KnowledgeOptions extends LoadOptions {
  /**
   * Persisted index: a cache folder, or its options; `false` turns it off. Default: the folder
   * in the `INDEX_CACHE_DIR` environment variable when set, else no cache.
   */
  indexCache?: string | IndexCacheOptions | false;
}

function cacheOptions(option: KnowledgeOptions["indexCache"]): IndexCacheOptions | undefined {
  if (option === false) return undefined;
  if (typeof option === "string") return option.trim() ? { dir: option } : undefined;
  if (option) return option;
  const fromEnv = process.env.INDEX_CACHE_DIR?.trim();
  return fromEnv ? { dir: fromEnv } : undefined;
}

/**
 * Reads and indexes the files. The loader and what it needs (Markdown, HTML and YAML parsers)
 * are imported here, on first use: a start from the persisted index never loads them.
 */
async function build(dir: string, options: LoadOptions): Promise<KnowledgeSnapshot> {
  const [{ loadKnowledgeFiles }, { inferDefiPromotions }, { buildIndex }, { extractFacts }] =
    await Promise.all([
      import("./loader.js"),
      import("./promotion-years.js"),
      import("../search/index.js"),
      import("./facts.js"),
    ]);
  const loaded = await loadKnowledgeFiles(dir, options);
  inferDefiPromotions(loaded.documents, loaded.passages);
  const byId = new Map(loaded.documents.map((d) => [d.id, d]));
  return {
    ...loaded,
    index: buildIndex(loaded.passages, byId),
    facts: extractFacts(loaded.passages, loaded.documents),
  };
}

export async function loadKnowledge(dir: string, options: KnowledgeOptions = {}): Promise<KnowledgeBase> {
  const absolute = resolve(dir);
  const { indexCache, ...loadOptions } = options;
  const cache = cacheOptions(indexCache);
  let snapshot: KnowledgeSnapshot | undefined;
  if (cache) {
    const key = await knowledgeKey(absolute, loadOptions);
    snapshot = await readIndexCache(cache, absolute, key, loadOptions);
    if (!snapshot) {
      snapshot = await build(absolute, loadOptions);
      // Saved only when no file changed while it was being read: else the key would not say
      // which version of the files the snapshot holds.
      if ((await knowledgeKey(absolute, loadOptions)) === key) {
        await writeIndexCache(cache, absolute, key, snapshot, loadOptions);
      } else {
        cache.onEvent?.({ type: "not-written", file: absolute, reason: "files changed while loading" });
      }
    }
  } else {
    snapshot = await build(absolute, loadOptions);
  }
  const { documents, passages, index, facts, problems, skipped } = snapshot;
  return {
    dir: absolute,
    documents,
    byId: new Map(documents.map((d) => [d.id, d])),
    passages,
    index,
    facts,
    problems,
    skipped,
    loadedAt: new Date(),
  };
}
