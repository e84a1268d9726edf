/**
 * Logs a single client cannot flood: refused requests to the platforms' routes are limited per
 * client address (429 beyond REFUSALS_PER_MINUTE, before any logging), and repeated warnings are
 * written once per window with a count.
 */
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { createLogger, sweepThrottle } from "../../src/logger.js";
import { REFUSALS_PER_MINUTE } from "../../src/server/refusal-limit.js";
import { type Fixture, fixtureKnowledge, post, startTestServer, type TestServer } from "./helpers.js";

let fixture: Fixture | undefined;
let app: TestServer | undefined;
afterEach(async () => {
  await app?.close();
  await fixture?.cleanup();
  app = undefined;
  fixture = undefined;
});

describe("refused requests to /slack/events and /mattermost/*", () => {
  it("get 429 from an address refused too often, while its other requests and valid ones are served", async () => {
    fixture = await fixtureKnowledge();
    let reached = 0;
    app = await startTestServer({
      knowledgeDir: fixture.dir,
      beforeListen: (server) => {
        // Stand-ins for the platforms' routes: the Slack one writes its answer itself, as Bolt does.
        server.post("/slack/events", async (request, reply) => {
          reached++;
          reply.hijack();
          const ok = request.headers["x-slack-signature"] === "good";
          reply.raw.writeHead(ok ? 200 : 401).end();
        });
        server.post("/mattermost/webhook", async (request, reply) => {
          reached++;
          return reply.code((request.body as { token?: string }).token === "good" ? 200 : 401).send({});
        });
      },
    });
    const slack = (signature: string) =>
      fetch(`${app?.url}/slack/events`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-slack-signature": signature },
        body: "{}",
      });
    for (let i = 0; i < REFUSALS_PER_MINUTE / 2; i++) expect((await slack("bad")).status).toBe(401);
    for (let i = 0; i < REFUSALS_PER_MINUTE / 2; i++) {
      expect((await post(`${app.url}/mattermost/webhook`, JSON.stringify({ token: "bad" }))).status).toBe(
        401,
      );
    }
    expect(reached).toBe(REFUSALS_PER_MINUTE);

    const limited = await slack("bad");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(((await limited.json()) as { message: string }).message).toMatch(/^Too many refused requests/);
    expect((await post(`${app.url}/mattermost/webhook`, JSON.stringify({ token: "bad" }))).status).toBe(429);
    // Not even read by the route.
    expect(reached).toBe(REFUSALS_PER_MINUTE);
    // The web chat is another matter.
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  it("never limits an address whose requests are accepted", async () => {
    fixture = await fixtureKnowledge();
    app = await startTestServer({
      knowledgeDir: fixture.dir,
      beforeListen: (server) => {
        server.post("/mattermost/command", async () => ({ text: "ok" }));
      },
    });
    for (let i = 0; i < REFUSALS_PER_MINUTE * 2; i++) {
      expect((await post(`${app.url}/mattermost/command`, "{}")).status).toBe(200);
    }
  });
});

describe("the logger's throttle", () => {
  it("writes a repeated warning once per window, then one line with the count", () => {
    const lines: { level: number; msg: string; repeated?: number }[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split("\n")) if (line) lines.push(JSON.parse(line));
        done();
      },
    });
    let now = 1_000_000;
    const logger = createLogger("info", { destination, throttleMs: 5_000, now: () => now });
    const child = logger.child({ reqId: "r1" });
    for (let i = 0; i < 1000; i++) child.warn({ route: "/slack/events" }, "slack: bad signature");
    logger.info("an info line is never throttled");
    logger.info("an info line is never throttled");
    logger.error(new Error("something else"), "another warning");
    expect(lines.map((l) => l.msg)).toEqual([
      "slack: bad signature",
      "an info line is never throttled",
      "an info line is never throttled",
      "another warning",
    ]);
    now += 5_000;
    sweepThrottle(logger);
    expect(lines.at(-1)).toMatchObject({
      level: 40,
      repeated: 999,
      msg: "slack: bad signature (repeated 999 more times in 5 s)",
    });
    // A new window: the next one is written again.
    child.warn("slack: bad signature");
    expect(lines.at(-1)?.msg).toBe("slack: bad signature");
  });
});
