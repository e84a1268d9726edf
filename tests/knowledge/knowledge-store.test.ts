import { once } from "node:events";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Assistant } from "../../src/answer/assistant.js";
import { loadKnowledge } from "../../src/knowledge/knowledge-base.js";
import { KnowledgeStore } from "../../src/knowledge/knowledge-store.js";
import {
  type Fixture,
  fixtureKnowledge,
  GARDEN_FACT,
  GARDEN_FILE,
  GARDEN_QUESTION,
  gardenDoc,
} from "../server/helpers.js";

const NEW_FACT = "Le code du portail du jardin botanique est capybara-dix-sept.";
const BROKEN = '---\ntitle: "Note du jardin\ndate: [2024\n---\n# Le jardin\n\nLe code est rhubarbe.\n';

let fixture: Fixture | undefined;
let store: KnowledgeStore | undefined;

afterEach(async () => {
  await store?.close();
  await fixture?.cleanup();
  store = undefined;
  fixture = undefined;
});

/**
 * Resolves with the first `reloaded` event after which `ready` holds. One save can reach the
 * watcher as two events (add, then change) far enough apart to make two reloads on a busy
 * machine; waiting for the state, not for "the next event", keeps the test exact.
 */
function reloadedUntil(store: KnowledgeStore, ready: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (!ready()) return;
      store.off("reloaded", check);
      resolve();
    };
    store.on("reloaded", check);
  });
}

function quotesFor(assistant: Assistant, question: string): string[] {
  return assistant.ask({ text: question, channel: "web" }).answer.quotes.map((q) => q.text);
}

async function watchedStore(files: Record<string, string>, debounceMs = 50) {
  fixture = await fixtureKnowledge(files);
  store = await KnowledgeStore.open(fixture.dir, { debounceMs });
  await store.watch();
  const current = store;
  const assistant = new Assistant({ knowledge: () => current.current, rateLimitPerMinute: 0 });
  return { fixture, store: current, assistant };
}

describe("KnowledgeStore", () => {
  it("answers a new fact after an edit, and keeps it when the next edit breaks the file", async () => {
    const { fixture, store, assistant } = await watchedStore({ [GARDEN_FILE]: gardenDoc() });
    expect(quotesFor(assistant, GARDEN_QUESTION)).toContain(GARDEN_FACT);

    const reloaded = once(store, "reloaded");
    await fixture.write(GARDEN_FILE, gardenDoc(NEW_FACT));
    const [event] = await reloaded;
    expect(event.changes.some((p: string) => p.endsWith(GARDEN_FILE))).toBe(true);
    expect(quotesFor(assistant, GARDEN_QUESTION)).toContain(NEW_FACT);
    const good = store.current;

    const rejected = once(store, "rejected");
    await fixture.write(GARDEN_FILE, BROKEN);
    const [refusal] = await rejected;
    expect(refusal.problems).toHaveLength(1);
    expect(refusal.problems[0].file).toMatch(/jardin\.md$/);
    expect(refusal.problems[0].reason).toBeTruthy();
    expect(store.current).toBe(good);
    expect(store.rejection?.problems).toEqual(refusal.problems);
    expect(quotesFor(assistant, GARDEN_QUESTION)).toContain(NEW_FACT);

    // Fixing the file clears the refusal.
    const fixed = once(store, "reloaded");
    await fixture.write(GARDEN_FILE, gardenDoc(GARDEN_FACT));
    await fixed;
    expect(store.rejection).toBeUndefined();
    expect(quotesFor(assistant, GARDEN_QUESTION)).toContain(GARDEN_FACT);
  });

  it("picks up an added file and a deleted one", async () => {
    const { fixture, store } = await watchedStore({ "a.md": gardenDoc() });
    const titles = () => store.current.documents.map((d) => d.title).sort();
    const added = reloadedUntil(store, () => titles().length === 2);
    await fixture.write("b.md", "---\ntitle: B\n---\nUn deuxième document sur les loutres.\n");
    await added;
    expect(titles()).toEqual(["B", "Note du jardin"]);

    const removed = reloadedUntil(store, () => titles().length === 1);
    await rm(join(fixture.dir, "b.md"));
    await removed;
    expect(titles()).toEqual(["Note du jardin"]);
  });

  it("refuses a reload that would leave no document at all", async () => {
    const { fixture, store } = await watchedStore({ [GARDEN_FILE]: gardenDoc() });
    const rejected = once(store, "rejected");
    await rm(join(fixture.dir, GARDEN_FILE));
    const [refusal] = await rejected;
    expect(refusal.problems[0].reason).toBe("no document could be loaded from the knowledge folder");
    expect(store.current.documents).toHaveLength(1);
  });

  it("ignores files that are not Markdown", async () => {
    fixture = await fixtureKnowledge({ [GARDEN_FILE]: gardenDoc() });
    store = await KnowledgeStore.open(fixture.dir, { debounceMs: 200 });
    await store.watch();
    const reloaded = once(store, "reloaded");
    await fixture.write("notes.txt", "not knowledge");
    await fixture.write(".jardin.md.swp", "editor swap file");
    // A Markdown edit after them: its reload is the only one.
    await fixture.write("c.md", "---\ntitle: C\n---\nTroisième document.\n");
    const [event] = await reloaded;
    // Only the Markdown file was seen; the other two never triggered a rebuild.
    expect(event.changes).toEqual([join(fixture.dir, "c.md")]);
  });

  it("rebuilds once for a burst of edits", async () => {
    let loads = 0;
    fixture = await fixtureKnowledge({ [GARDEN_FILE]: gardenDoc() });
    store = await KnowledgeStore.open(fixture.dir, {
      // Far longer than five small writes take, so they fall in one quiet period.
      debounceMs: 500,
      load: (dir) => {
        loads++;
        return loadKnowledge(dir);
      },
    });
    await store.watch();
    const reloaded = once(store, "reloaded");
    for (let i = 0; i < 5; i++)
      await fixture.write(`burst-${i}.md`, `---\ntitle: Burst ${i}\n---\nTexte ${i}.\n`);
    const [event] = await reloaded;
    expect(loads).toBe(2);
    expect(event.knowledge.documents).toHaveLength(6);
    expect(new Set(event.changes).size).toBe(5);
  });

  it("accepts reloads of a folder that started with a broken file", async () => {
    fixture = await fixtureKnowledge({ [GARDEN_FILE]: gardenDoc(), "broken.md": BROKEN });
    store = await KnowledgeStore.open(fixture.dir);
    expect(store.current.problems.filter((p) => p.severity === "error")).toHaveLength(1);
    const reloaded = once(store, "reloaded");
    await fixture.write(GARDEN_FILE, gardenDoc(NEW_FACT));
    await store.reload();
    await reloaded;
    expect(store.current.passages.some((p) => p.text.includes("capybara"))).toBe(true);
  });

  it("stops watching on close and keeps the knowledge readable", async () => {
    const { store } = await watchedStore({ [GARDEN_FILE]: gardenDoc() });
    expect(store.watching).toBe(true);
    await store.close();
    expect(store.watching).toBe(false);
    expect(store.current.documents).toHaveLength(1);
  });
});
