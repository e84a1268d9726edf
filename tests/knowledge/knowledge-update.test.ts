/**
 * The live reload that re-reads only the changed files must give the knowledge a full build
 * gives: the same documents, passages (ids = positions), facts, problems and search results,
 * in a new KnowledgeBase object. Checked on a copy of the programme's website (défi pages whose
 * promotion is inferred from their year), after an edit in the middle, a deletion and an addition.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadKnowledge } from "../../src/knowledge/knowledge-base.js";
import { KnowledgeStore, type ReloadedEvent } from "../../src/knowledge/knowledge-store.js";
import type { KnowledgeBase } from "../../src/knowledge/types.js";
import { SEARCH_DEFAULTS } from "../../src/search/index.js";

let dir: string | undefined;
let store: KnowledgeStore | undefined;
afterEach(async () => {
  await store?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  store = undefined;
  dir = undefined;
});

const QUERIES = [
  "date limite candidature promotion 3",
  "salaire des entrepreneurs",
  "défi cartographie des crues",
  "mentors accompagnement",
  "loutres du jardin botanique",
];

function results(kb: KnowledgeBase, query: string): [number, number][] {
  return kb.index
    .search(query, SEARCH_DEFAULTS)
    .map((h): [number, number] => [h.id as number, h.score])
    .sort((a, b) => b[1] - a[1] || a[0] - b[0]);
}

function expectSame(live: KnowledgeBase, full: KnowledgeBase): void {
  expect(live.documents).toEqual(full.documents);
  expect(live.passages).toEqual(full.passages);
  expect(live.facts).toEqual(full.facts);
  expect(live.problems).toEqual(full.problems);
  expect(live.skipped).toEqual(full.skipped);
  expect([...live.byId.keys()]).toEqual([...full.byId.keys()]);
  live.passages.forEach((p, i) => {
    expect(p.id).toBe(i);
    expect(live.passages[p.id]).toBe(p);
  });
  expect(live.index.documentCount).toBe(full.index.documentCount);
  for (const query of QUERIES) {
    const a = results(live, query);
    const b = results(full, query);
    expect(a.map(([id]) => id).sort((x, y) => x - y)).toEqual(b.map(([id]) => id).sort((x, y) => x - y));
    const scores = new Map(b);
    for (const [id, score] of a) expect(score).toBeCloseTo(scores.get(id) ?? Number.NaN, 9);
  }
}

async function reloaded(s: KnowledgeStore): Promise<ReloadedEvent> {
  const event = new Promise<ReloadedEvent>((resolve) => s.once("reloaded", resolve));
  await s.reload();
  const e = await event;
  await s.settled();
  return e;
}

describe("in-place reload", () => {
  it("gives what a full build gives, after an edit, a deletion and an addition", async () => {
    dir = await mkdtemp(join(tmpdir(), "eig-update-"));
    await cp("tests/fixtures/site-eig", dir, { recursive: true });
    store = await KnowledgeStore.open(dir, { load: (d) => loadKnowledge(d, { indexCache: false }) });
    const first = store.current;

    // An edit that adds passages to a file in the middle of the folder.
    const edited = join(dir, "_defis", "2017-01-01-bnf-catalogage.md");
    await writeFile(
      edited,
      `${await readFile(edited, "utf8")}\n\n## Jardin\n\nLes loutres du jardin botanique ont un défi.\n\n- premier point\n- second point\n`,
    );
    const edit = await reloaded(store);
    expect(edit.mode).toBe("update");
    expect(store.current).not.toBe(first);
    expectSame(store.current, await loadKnowledge(dir, { indexCache: false }));
    // Passages of the files before the edited one are the very same objects.
    expect(store.current.passages[0]).toBe(first.passages[0]);
    // …and those after it moved: copies with their new ids, found by the search under them.
    expect(store.current.passages.length).toBeGreaterThan(first.passages.length);
    expect(store.current.passages.at(-1)).not.toBe(first.passages.at(-1));
    expect(results(store.current, QUERIES[0] as string).length).toBeGreaterThan(10);

    // A deletion and an addition.
    await rm(join(dir, "_defis", "2017-01-01-afd-geodata.md"));
    await writeFile(
      join(dir, "_posts", "2020-01-01-loutres.md"),
      "---\ntitle: Les loutres\n---\nLes loutres du jardin botanique sont trois.\n",
    );
    const second = await reloaded(store);
    expect(second.mode).toBe("update");
    expectSame(store.current, await loadKnowledge(dir, { indexCache: false }));

    // A file that breaks is refused and the index is left alone; fixed, it reloads in place.
    const good = store.current;
    const goodText = await readFile(edited, "utf8");
    await writeFile(edited, '---\ntitle: "cassé\n---\nx\n');
    const refused = new Promise((resolve) => store?.once("rejected", resolve));
    await store.reload();
    await refused;
    expect(store.current).toBe(good);
    await writeFile(edited, goodText);
    expect((await reloaded(store)).mode).toBe("update");
    expectSame(store.current, await loadKnowledge(dir, { indexCache: false }));
  });
});
