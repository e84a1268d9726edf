/**
 * The running bot keeps its last good knowledge when an edit breaks the folder in the ways
 * knowledge-store.test.ts does not try (it tries bad YAML and an emptied folder): a binary file,
 * Latin-1 text, a 10 MB file, symbolic link loops. Broken contents are written outside the
 * watched folder and renamed into it, so the watcher sees one finished file, never half of one.
 */
import { once } from "node:events";
import { mkdir, mkdtemp, rename, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Assistant } from "../../src/answer/assistant.js";
import { KnowledgeStore } from "../../src/knowledge/knowledge-store.js";
import type { KnowledgeBase } from "../../src/knowledge/types.js";
import {
  type Fixture,
  fixtureKnowledge,
  GARDEN_FACT,
  GARDEN_FILE,
  GARDEN_QUESTION,
  gardenDoc,
} from "../server/helpers.js";

const NEW_FACT = "Le code du portail du jardin botanique est capybara-dix-sept.";
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49]);

let staging: string;
let fixture: Fixture | undefined;
let store: KnowledgeStore | undefined;

beforeAll(async () => {
  staging = await mkdtemp(join(tmpdir(), "eig-staging-"));
  // The 10 MB file, written once for this test file.
  await writeFile(
    join(staging, "huge"),
    Buffer.concat([Buffer.from(gardenDoc()), Buffer.alloc(10 * 1024 * 1024, "x")]),
  );
});
afterAll(() => rm(staging, { recursive: true, force: true }));

afterEach(async () => {
  await store?.close();
  await fixture?.cleanup();
  store = undefined;
  fixture = undefined;
});

async function watched() {
  fixture = await fixtureKnowledge({ [GARDEN_FILE]: gardenDoc() });
  store = await KnowledgeStore.open(fixture.dir, { debounceMs: 50 });
  await store.watch();
  const current = store;
  const assistant = new Assistant({ knowledge: () => current.current, rateLimitPerMinute: 0 });
  const quotes = () =>
    assistant.ask({ text: GARDEN_QUESTION, channel: "web" }).answer.quotes.map((q) => q.text);
  return { fixture, store: current, quotes };
}

/** Replaces the garden note by `content` in one rename. */
async function replaceGarden(dir: string, content: string | Uint8Array, name = "broken"): Promise<void> {
  const path = join(staging, name);
  if (name !== "huge") await writeFile(path, content);
  await rename(path, join(dir, GARDEN_FILE));
}

describe("KnowledgeStore, when an edit breaks the folder", () => {
  const cases: {
    name: string;
    content: string | Uint8Array;
    staged?: string;
    reason: RegExp;
    line?: number;
  }[] = [
    { name: "a binary file", content: PNG, reason: /^binary file/ },
    {
      name: "Latin-1 text",
      content: Buffer.from(
        "---\ntitle: Note du jardin\n---\n# Le jardin\n\nLe caf\xe9 est ferm\xe9.\n",
        "latin1",
      ),
      reason: /^not UTF-8 text/,
      line: 6,
    },
    { name: "a 10 MB file", content: "", staged: "huge", reason: /^file too large \(10\.0 MiB/ },
  ];
  for (const c of cases) {
    it(`keeps answering from the last good knowledge after ${c.name}`, async () => {
      const { fixture, store, quotes } = await watched();
      const good: KnowledgeBase = store.current;
      expect(quotes()).toContain(GARDEN_FACT);

      const rejected = once(store, "rejected");
      await replaceGarden(fixture.dir, c.content, c.staged);
      const [refusal] = await rejected;
      expect(refusal.problems).toHaveLength(1);
      expect(refusal.problems[0]).toMatchObject({
        file: expect.stringMatching(/jardin\.md$/),
        reason: expect.stringMatching(c.reason),
        severity: "error",
      });
      if (c.line !== undefined) expect(refusal.problems[0].line).toBe(c.line);
      expect(store.current).toBe(good);
      expect(quotes()).toContain(GARDEN_FACT);

      // Repairing the file is picked up.
      const fixed = once(store, "reloaded");
      await replaceGarden(fixture.dir, gardenDoc(NEW_FACT), "fixed");
      await fixed;
      expect(store.rejection).toBeUndefined();
      expect(quotes()).toContain(NEW_FACT);
    });
  }

  it("reads a folder linked to its parent once, and keeps reloading", async () => {
    const { fixture, store, quotes } = await watched();
    await mkdir(join(fixture.dir, "sous-dossier"));
    await symlink("..", join(fixture.dir, "sous-dossier", "boucle"));
    const reloaded = new Promise<void>((resolve) => {
      const check = () => {
        if (!store.current.passages.some((p) => p.text === NEW_FACT)) return;
        store.off("reloaded", check);
        resolve();
      };
      store.on("reloaded", check);
    });
    await replaceGarden(fixture.dir, gardenDoc(NEW_FACT), "edit");
    await reloaded;
    // The note is read once, not once per turn of the loop, and the loop is reported.
    expect(store.current.documents.map((d) => d.id)).toEqual(["jardin"]);
    expect(store.current.problems).toEqual([
      expect.objectContaining({ reason: expect.stringMatching(/^symbolic link loop/), severity: "warning" }),
    ]);
    expect(quotes()).toContain(NEW_FACT);
  });

  it("refuses reloads while a Markdown file links to itself, and recovers once it is gone", async () => {
    const { fixture, store, quotes } = await watched();
    const good = store.current;
    await symlink("boucle.md", join(fixture.dir, "boucle.md"));
    const rejected = once(store, "rejected");
    await replaceGarden(fixture.dir, gardenDoc(NEW_FACT), "edit");
    const [refusal] = await rejected;
    expect(refusal.problems).toEqual([
      expect.objectContaining({ file: expect.stringMatching(/boucle\.md$/), reason: "symbolic link loop" }),
    ]);
    expect(store.current).toBe(good);
    expect(quotes()).toContain(GARDEN_FACT);

    // The watcher never saw the looping link: the next edit after removing it reloads.
    await rm(join(fixture.dir, "boucle.md"));
    const reloaded = once(store, "reloaded");
    await replaceGarden(fixture.dir, gardenDoc(NEW_FACT), "edit-again");
    await reloaded;
    expect(store.rejection).toBeUndefined();
    expect(quotes()).toContain(NEW_FACT);
  });
});
