/**
 * The channels the configuration turns on get an Assistant whose url-less sources link under
 * PUBLIC_URL (src/adapters/source-links.ts): checked through the real Mattermost slash command
 * on the real server, and the link's page fetched from that server.
 */
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Assistant } from "../../src/answer/assistant.js";
import { loadConfig } from "../../src/config.js";
import { loadKnowledge } from "../../src/knowledge/knowledge-base.js";
import type { KnowledgeBase } from "../../src/knowledge/types.js";
import { silentLogger } from "../../src/logger.js";
import { configuredChannels } from "../../src/server/channels.js";
import { createServer } from "../../src/server/create-server.js";
import { type Fixture, fixtureKnowledge, GARDEN_QUESTION } from "./helpers.js";

const TOKEN = "xbrkb8p393gjpq5cawei7npije";
const PUBLIC_URL = "https://eig-bot.example.org/eig";

let fixture: Fixture;
let kb: KnowledgeBase;

beforeAll(async () => {
  fixture = await fixtureKnowledge();
  kb = await loadKnowledge(fixture.dir, { indexCache: false });
});
afterAll(() => fixture?.cleanup());

/** The real server with the configured channels; the text of `/eig <question>`. */
async function slashCommandReply(
  env: Record<string, string>,
): Promise<{ text: string; url: string; close(): Promise<void> }> {
  const config = loadConfig({ EVENT_LOG: "", LOG_LEVEL: "silent", MATTERMOST_COMMAND_TOKEN: TOKEN, ...env });
  const logger = silentLogger();
  const assistant = new Assistant({ knowledge: () => kb, rateLimitPerMinute: 0 });
  const channels = await configuredChannels({ assistant, config, logger });
  const server: FastifyInstance = await createServer({ assistant, config, logger, channels });
  await server.listen({ port: 0, host: "127.0.0.1" });
  const address = server.server.address();
  if (address === null || typeof address === "string") throw new Error("server has no TCP address");
  const url = `http://127.0.0.1:${address.port}`;
  const response = await fetch(`${url}/mattermost/command`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      token: TOKEN,
      text: GARDEN_QUESTION,
      user_id: "u1",
      channel_id: "c1",
    }).toString(),
  });
  expect(response.status).toBe(200);
  const { text } = (await response.json()) as { text: string };
  return { text, url, close: () => server.close() };
}

describe("configured channels", () => {
  it("link a source without a url to its page under PUBLIC_URL, at the section quoted", async () => {
    const reply = await slashCommandReply({ PUBLIC_URL: `${PUBLIC_URL}/` });
    try {
      expect(reply.text).toContain(`](${PUBLIC_URL}/docs/jardin#le-jardin)`);
      // The same path on the bot itself answers, with that anchor on the page.
      const page = await fetch(`${reply.url}/docs/jardin`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('id="le-jardin"');
    } finally {
      await reply.close();
    }
  });

  it("without PUBLIC_URL, name the source by title and section, never by file", async () => {
    const reply = await slashCommandReply({});
    try {
      expect(reply.text).toContain("Note du jardin — Le jardin · 2024-05-01");
      expect(reply.text).not.toMatch(/\.md|\/docs\//);
    } finally {
      await reply.close();
    }
  });
});
