/**
 * Shared fakes for the server, web and browser tests: a temporary knowledge folder holding
 * distinctive sentences (so tests can assert on facts they own while the answer engine's
 * wording evolves), and the real server on an ephemeral port.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import type { Channel } from "../../src/adapters/channel.js";
import { Assistant } from "../../src/answer/assistant.js";
import { type Config, loadConfig } from "../../src/config.js";
import { KnowledgeStore } from "../../src/knowledge/knowledge-store.js";
import { silentLogger } from "../../src/logger.js";
import { createServer } from "../../src/server/create-server.js";

/** A document without a public url: its source links to the bot's page of it, /docs/jardin. */
export const GARDEN_FILE = "jardin.md";
export const GARDEN_FACT = "Le code du portail du jardin botanique est zanzibar-quarante-deux.";
export const GARDEN_QUESTION = "Quel est le code du portail du jardin botanique ?";

/** A document with a public url. */
export const OTTER_FACT = "La mascotte de l'observatoire lunaire est une loutre nommée Perséphone.";
export const OTTER_URL = "https://example.org/observatoire-lunaire";
export const OTTER_QUESTION = "Comment s'appelle la mascotte de l'observatoire lunaire ?";

export function gardenDoc(fact = GARDEN_FACT): string {
  return `---\ntitle: Note du jardin\ndate: 2024-05-01\n---\n# Le jardin\n\n${fact}\n`;
}

export function otterDoc(): string {
  return `---\ntitle: Page de l'observatoire\ndate: 2024-06-01\nurl: ${OTTER_URL}\n---\n# L'observatoire\n\n${OTTER_FACT}\n`;
}

export interface Fixture {
  dir: string;
  write(name: string, text: string): Promise<void>;
  cleanup(): Promise<void>;
}

export async function fixtureKnowledge(
  files: Record<string, string> = { [GARDEN_FILE]: gardenDoc(), "observatoire.md": otterDoc() },
): Promise<Fixture> {
  const dir = await mkdtemp(join(tmpdir(), "eig-knowledge-"));
  const write = (name: string, text: string) => writeFile(join(dir, name), text);
  for (const [name, text] of Object.entries(files)) await write(name, text);
  return { dir, write, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export interface TestServer {
  server: FastifyInstance;
  /** "http://127.0.0.1:PORT" without a trailing slash. */
  url: string;
  assistant: Assistant;
  store: KnowledgeStore;
  config: Config;
  close(): Promise<void>;
}

export async function startTestServer(options: {
  knowledgeDir: string;
  env?: Record<string, string>;
  channels?: Channel[];
  /** Adds routes (a slow one, say) before the server listens. */
  beforeListen?: (server: FastifyInstance) => void;
}): Promise<TestServer> {
  const config = loadConfig({
    KNOWLEDGE_DIR: options.knowledgeDir,
    EVENT_LOG: "",
    LOG_LEVEL: "silent",
    HOST: "127.0.0.1",
    ...options.env,
  });
  const logger = silentLogger();
  const store = await KnowledgeStore.open(config.knowledgeDir);
  const assistant = new Assistant({
    knowledge: () => store.current,
    maxQuestionLength: config.maxQuestionLength,
    rateLimitPerMinute: config.rateLimitPerMinute,
  });
  const server = await createServer({ assistant, config, logger, channels: options.channels, store });
  options.beforeListen?.(server);
  await server.listen({ port: 0, host: "127.0.0.1" });
  const address = server.server.address();
  if (address === null || typeof address === "string") throw new Error("server has no TCP address");
  return {
    server,
    url: `http://127.0.0.1:${address.port}`,
    assistant,
    store,
    config,
    close: async () => {
      await server.close();
      await store.close();
    },
  };
}

/** POSTs a raw body to the server; `type` null sends no Content-Type at all. */
export function post(url: string, body: string, type: string | null = "application/json"): Promise<Response> {
  // Bytes, not a string: fetch would label a string body text/plain on its own.
  const bytes = new TextEncoder().encode(body);
  return fetch(url, { method: "POST", headers: type === null ? {} : { "content-type": type }, body: bytes });
}
