import { cp, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answer } from "../../src/answer/answer.js";
import { cacheFile, type IndexCacheEvent, type IndexCacheOptions } from "../../src/knowledge/index-cache.js";
import { loadKnowledge } from "../../src/knowledge/knowledge-base.js";
import type { KnowledgeBase } from "../../src/knowledge/types.js";
import { SEARCH_DEFAULTS } from "../../src/search/index.js";
import { TODAY, tempFolder } from "../helpers/knowledge.js";

/** Cache options that record what happened instead of printing warnings. */
function recorder(dir: string): IndexCacheOptions & { events: IndexCacheEvent[]; warnings: string[] } {
  const events: IndexCacheEvent[] = [];
  const warnings: string[] = [];
  return { dir, events, warnings, onEvent: (e) => events.push(e), warn: (m) => warnings.push(m) };
}

const QUESTIONS = [
  "Quelle est la date limite pour candidater à la 3e promotion ?",
  "Combien d'entrepreneurs par défi ?",
  "Un fonctionnaire peut-il candidater ?",
  "Quels sont les défis de la 3e promotion ?",
  "Quelle administration porte le défi CibNAV ?",
  "What is the salary?",
  "candidatur",
  "Quelle est la capitale de l'Australie ?",
];

describe("persisted index: a hit gives the same knowledge", () => {
  let cacheDir: string;
  let built: KnowledgeBase;
  let cached: KnowledgeBase;
  let first: ReturnType<typeof recorder>;
  let second: ReturnType<typeof recorder>;

  beforeAll(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), "eig-index-cache-"));
    first = recorder(cacheDir);
    second = recorder(cacheDir);
    built = await loadKnowledge("knowledge", { indexCache: first });
    cached = await loadKnowledge("knowledge", { indexCache: second });
  });
  afterAll(() => rm(cacheDir, { recursive: true, force: true }));

  it("builds and writes on the first load, reads on the second", () => {
    expect(first.events.map((e) => e.type)).toEqual(["miss", "written"]);
    expect(second.events.map((e) => e.type)).toEqual(["hit"]);
    expect(first.warnings).toEqual([]);
    expect(second.warnings).toEqual([]);
  });

  it("holds the same documents, passages, problems and facts", () => {
    expect(cached.documents).toEqual(built.documents);
    expect(cached.passages).toEqual(built.passages);
    expect(cached.problems).toEqual(built.problems);
    expect(cached.skipped).toEqual(built.skipped);
    expect(cached.facts).toEqual(built.facts);
  });

  it("holds the very same index (same terms, in the same tree order)", () => {
    expect(JSON.stringify(cached.index)).toBe(JSON.stringify(built.index));
  });

  it("gives identical search results, scores to the last bit, and identical answers", () => {
    for (const q of QUESTIONS) {
      expect(cached.index.search(q, SEARCH_DEFAULTS)).toEqual(built.index.search(q, SEARCH_DEFAULTS));
      expect(cached.index.search(q)).toEqual(built.index.search(q));
      expect(cached.index.search(q, { prefix: true, fuzzy: 0.3 })).toEqual(
        built.index.search(q, { prefix: true, fuzzy: 0.3 }),
      );
      const x = answer(q, built, { today: TODAY });
      const y = answer(q, cached, { today: TODAY });
      expect({ ...y, id: "" }).toEqual({ ...x, id: "" });
    }
  });
});

describe("persisted index: invalidation", () => {
  let folder: Awaited<ReturnType<typeof tempFolder>>;
  let cacheDir: string;
  const doc = (title: string, body: string) => `---\ntitle: ${title}\ndate: 2019-05-04\n---\n${body}\n`;

  beforeAll(async () => {
    folder = await tempFolder({
      "a.md": doc("Premier", "Le défi Zéphyr est porté par la Direction des vents."),
      "sub/b.md": doc("Second", "Les candidatures ferment le 15 octobre 2018."),
    });
    cacheDir = await mkdtemp(join(tmpdir(), "eig-index-cache-"));
  });
  afterAll(async () => {
    await folder.cleanup();
    await rm(cacheDir, { recursive: true, force: true });
  });

  async function load(): Promise<{ kb: KnowledgeBase; events: string[]; warnings: string[] }> {
    const cache = recorder(cacheDir);
    const kb = await loadKnowledge(folder.dir, { cwd: folder.dir, indexCache: cache });
    return {
      kb,
      events: cache.events.map((e) => (e.type === "miss" ? `miss:${e.reason}` : e.type)),
      warnings: cache.warnings,
    };
  }

  it("is used while nothing changes", async () => {
    expect((await load()).events).toEqual(["miss:absent", "written"]);
    expect((await load()).events).toEqual(["hit"]);
  });

  it("is stale when a file's content changes, even with the same size", async () => {
    await writeFile(
      join(folder.dir, "a.md"),
      doc("Premier", "Le défi Zéphir est porté par la Direction des vents."),
    );
    const { kb, events } = await load();
    expect(events).toEqual(["miss:stale", "written"]);
    expect(kb.passages.some((p) => p.text.includes("Zéphir"))).toBe(true);
    expect(kb.index.search("zephir", { fuzzy: false, prefix: false }).length).toBeGreaterThan(0);
    expect((await load()).events).toEqual(["hit"]);
  });

  it("is stale when a file is added, renamed or removed", async () => {
    await writeFile(join(folder.dir, "c.md"), doc("Troisième", "Une équipe de 2 ou 3 entrepreneurs."));
    let { kb, events } = await load();
    expect(events).toEqual(["miss:stale", "written"]);
    expect(kb.documents.map((d) => d.id).sort()).toEqual(["a", "c", "sub/b"]);

    await rename(join(folder.dir, "c.md"), join(folder.dir, "d.md"));
    ({ kb, events } = await load());
    expect(events).toEqual(["miss:stale", "written"]);
    expect(kb.documents.map((d) => d.id).sort()).toEqual(["a", "d", "sub/b"]);

    await rm(join(folder.dir, "d.md"));
    ({ kb, events } = await load());
    expect(events).toEqual(["miss:stale", "written"]);
    expect(kb.documents.map((d) => d.id).sort()).toEqual(["a", "sub/b"]);
  });

  it("is not used for other load options (paths shown from another folder)", async () => {
    expect((await load()).events).toEqual(["hit"]);
    const cache = recorder(cacheDir);
    const kb = await loadKnowledge(folder.dir, { cwd: tmpdir(), indexCache: cache });
    expect(cache.events.map((e) => e.type)).toEqual(["miss", "written"]);
    expect(kb.documents[0]?.file).not.toBe("a.md");
  });
});

describe("persisted index: a damaged cache file is ignored with a warning", () => {
  let cacheDir: string;
  let file: string;
  let reference: KnowledgeBase;

  beforeAll(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), "eig-index-cache-"));
    reference = await loadKnowledge("knowledge", { indexCache: false });
    file = cacheFile({ dir: cacheDir }, "knowledge");
  });
  afterAll(() => rm(cacheDir, { recursive: true, force: true }));

  async function loadAfter(damage: (bytes: Buffer) => Buffer | string): Promise<ReturnType<typeof recorder>> {
    await loadKnowledge("knowledge", { indexCache: { dir: cacheDir, warn: () => {} } });
    await writeFile(file, damage(await readFile(file)));
    const cache = recorder(cacheDir);
    const kb = await loadKnowledge("knowledge", { indexCache: cache });
    expect(kb.passages).toEqual(reference.passages);
    expect(kb.index.search("date limite", SEARCH_DEFAULTS)).toEqual(
      reference.index.search("date limite", SEARCH_DEFAULTS),
    );
    // Written again: the next start hits.
    const again = recorder(cacheDir);
    await loadKnowledge("knowledge", { indexCache: again });
    expect(again.events.map((e) => e.type)).toEqual(["hit"]);
    return cache;
  }

  it.each([
    ["garbage", () => "not a cache file at all"],
    ["empty", () => ""],
    ["truncated", (b: Buffer) => b.subarray(0, Math.floor(b.length / 2))],
    [
      "a flipped byte",
      (b: Buffer) => {
        const copy = Buffer.from(b);
        const at = copy.length - 100;
        copy[at] = (copy[at] as number) ^ 0xff;
        return copy;
      },
    ],
  ])("%s: rebuilt, with a warning naming the file", async (_name, damage) => {
    const cache = await loadAfter(damage);
    expect(cache.events.map((e) => (e.type === "miss" ? `miss:${e.reason}` : e.type))).toEqual([
      "miss:unreadable",
      "written",
    ]);
    expect(cache.warnings).toHaveLength(1);
    expect(cache.warnings[0]).toContain(file);
    expect(cache.warnings[0]).toMatch(/unreadable/);
  });

  it("a cache folder that cannot be written is warned about, never fatal", async () => {
    const blocker = join(cacheDir, "not-a-folder");
    await writeFile(blocker, "a file where the cache folder should be");
    const cache = recorder(blocker);
    const kb = await loadKnowledge("knowledge", { indexCache: cache });
    expect(kb.passages).toEqual(reference.passages);
    expect(cache.events.map((e) => e.type)).toEqual(["miss", "not-written"]);
    expect(cache.warnings.join("\n")).toMatch(/cannot be (read|written)/);
  });
});

describe("persisted index: configuration", () => {
  it("uses INDEX_CACHE_DIR when no option is given, and `false` turns it off", async () => {
    const cacheDir = await mkdtemp(join(tmpdir(), "eig-index-cache-"));
    const knowledge = await mkdtemp(join(tmpdir(), "eig-index-knowledge-"));
    const saved = process.env.INDEX_CACHE_DIR;
    try {
      await cp("knowledge", knowledge, { recursive: true });
      process.env.INDEX_CACHE_DIR = cacheDir;
      await loadKnowledge(knowledge, { indexCache: false });
      await expect(readFile(cacheFile({ dir: cacheDir }, knowledge))).rejects.toThrow();
      await loadKnowledge(knowledge);
      expect((await readFile(cacheFile({ dir: cacheDir }, knowledge))).length).toBeGreaterThan(0);
    } finally {
      if (saved === undefined) delete process.env.INDEX_CACHE_DIR;
      else process.env.INDEX_CACHE_DIR = saved;
      await rm(cacheDir, { recursive: true, force: true });
      await rm(knowledge, { recursive: true, force: true });
    }
  });
});
