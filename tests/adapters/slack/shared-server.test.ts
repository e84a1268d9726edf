/**
 * The Slack channel mounted on the project's one server (src/server/create-server.ts), as
 * `npm start` does it: its security headers, error handlers and other routes stay as they are,
 * and signed Slack requests still reach Bolt with their raw body.
 */
import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSlackChannel } from "../../../src/adapters/slack/index.js";
import { Assistant } from "../../../src/answer/assistant.js";
import { createServer } from "../../../src/server/create-server.js";
import { shippedKnowledge } from "../../helpers/knowledge.js";
import { appMentionEvent, capturingLogger, eventCallback, FakeSlack, send, slackConfig } from "./helpers.js";

let slack: FakeSlack;
let server: FastifyInstance;
let baseUrl: string;

beforeAll(async () => {
  const kb = await shippedKnowledge();
  slack = await FakeSlack.start();
  const { logger } = capturingLogger();
  const assistant = new Assistant({ knowledge: () => kb, rateLimitPerMinute: 0 });
  const config = slackConfig(slack);
  const channel = createSlackChannel({ assistant, config, logger });
  server = await createServer({ assistant, config, logger, channels: [channel] });
  await server.listen({ port: 0, host: "127.0.0.1" });
  baseUrl = `http://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await server?.close();
  await slack?.close();
});

describe("Slack on the shared server", () => {
  it("answers a signed mention and rejects an unsigned one", async () => {
    const event = appMentionEvent("Quelle est la date limite pour candidater ?", { channel: "C0SHARED" });
    expect((await send(baseUrl, eventCallback(event))).status).toBe(200);
    const post = await slack.waitFor("chat.postMessage", (c) => c.params.channel === "C0SHARED");
    expect(post.params.thread_ts).toBe(event.ts);
    const unsigned = await fetch(`${baseUrl}/slack/events`, {
      method: "POST",
      body: eventCallback(event).body,
    });
    expect(unsigned.status).toBe(401);
  });

  it("leaves the server's other routes working", async () => {
    const res = await fetch(`${baseUrl}/healthz`);
    expect(res.status).toBeLessThan(500);
  });
});
