/**
 * Acknowledged means written: the web chat's `{"recorded": true}` is sent only after the vote's
 * line is synced to the disk, and a log that cannot write makes it a 503, never a false "recorded".
 */
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { Assistant } from "../../src/answer/assistant.js";
import { loadConfig } from "../../src/config.js";
import { KnowledgeStore } from "../../src/knowledge/knowledge-store.js";
import { silentLogger } from "../../src/logger.js";
import { createServer } from "../../src/server/create-server.js";
import { EventLog } from "../../src/staff/event-log.js";
import { type Fixture, fixtureKnowledge, GARDEN_QUESTION, post } from "../server/helpers.js";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(logPath: string, order: string[]) {
  const fixture: Fixture = await fixtureKnowledge();
  cleanups.push(() => fixture.cleanup());
  const config = loadConfig({ KNOWLEDGE_DIR: fixture.dir, EVENT_LOG: logPath, LOG_LEVEL: "silent" });
  const store = await KnowledgeStore.open(config.knowledgeDir);
  cleanups.push(() => store.close());
  const events = await EventLog.open({ path: logPath, retentionDays: 90 });
  cleanups.push(() => events.close());
  const assistant = new Assistant({ knowledge: () => store.current, rateLimitPerMinute: 0, events });
  const server = await createServer({
    assistant,
    config,
    logger: silentLogger(),
    store,
    durable: async () => {
      const ok = await events.sync();
      order.push(`synced ${ok}`);
      return ok;
    },
  });
  await server.listen({ port: 0, host: "127.0.0.1" });
  cleanups.push(() => server.close());
  const address = server.server.address();
  if (!address || typeof address === "string") throw new Error("no address");
  return { url: `http://127.0.0.1:${address.port}`, events };
}

describe("POST /api/feedback and the staff log", () => {
  it("answers recorded only once the vote is synced to the disk", async () => {
    const dir = await mkdtemp(join(tmpdir(), "eig-durable-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, "events.jsonl");
    const order: string[] = [];
    const { url } = await serve(path, order);
    const asked = (await (
      await post(`${url}/api/ask`, JSON.stringify({ question: GARDEN_QUESTION }))
    ).json()) as {
      id: string;
    };
    expect(order).toEqual([]);
    const voted = await post(`${url}/api/feedback`, JSON.stringify({ answerId: asked.id, vote: "up" }));
    order.push(`answered ${voted.status}`);
    expect(await voted.json()).toEqual({ recorded: true });
    expect(order).toEqual(["synced true", "answered 200"]);
    const lines = (await readFile(path, "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.type, l.vote])).toEqual([
      ["question", undefined],
      ["feedback", "up"],
    ]);
  });

  it("answers 503, not recorded, when the log cannot write", async () => {
    const dir = await mkdtemp(join(tmpdir(), "eig-durable-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const path = join(dir, "events.jsonl");
    await mkdir(path);
    const order: string[] = [];
    const { url } = await serve(path, order);
    const asked = (await (
      await post(`${url}/api/ask`, JSON.stringify({ question: GARDEN_QUESTION }))
    ).json()) as {
      id: string;
    };
    const voted = await post(`${url}/api/feedback`, JSON.stringify({ answerId: asked.id, vote: "down" }));
    expect(voted.status).toBe(503);
    expect(((await voted.json()) as { message: string }).message).toMatch(/could not be written/);
    expect(order).toEqual(["synced false"]);
  });
});
