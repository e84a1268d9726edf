import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Channel } from "../../src/adapters/channel.js";
import type { ErrorBody } from "../../src/server/errors.js";
import type { Health } from "../../src/server/healthz.js";
import { type Fixture, fixtureKnowledge, post, startTestServer, type TestServer } from "./helpers.js";

let fixture: Fixture;
let app: TestServer;
const registered: string[] = [];

/** Stands in for Slack or Mattermost: its routes must land on the one server. */
const fakeChannel: Channel = {
  name: "fake chat",
  register(server) {
    registered.push("fake chat");
    server.post("/fake/events", async (request) => ({ echo: request.body }));
  },
};

beforeAll(async () => {
  fixture = await fixtureKnowledge();
  app = await startTestServer({ knowledgeDir: fixture.dir, channels: [fakeChannel] });
});

afterAll(async () => {
  await app?.close();
  await fixture?.cleanup();
});

describe("GET /healthz", () => {
  it("reports the documents, passages, load time, problems and uptime", async () => {
    const response = await fetch(`${app.url}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const health = (await response.json()) as Health;
    expect(health).toMatchObject({ status: "ok", documents: 2, problems: 0, watching: false });
    expect(health.passages).toBeGreaterThanOrEqual(2);
    expect(new Date(health.loadedAt).getTime()).toBe(app.store.current.loadedAt.getTime());
    expect(health.uptimeSeconds).toBeGreaterThanOrEqual(0);
    expect(health.lastReloadRejected).toBeUndefined();
  });

  it("says degraded when no document is loaded", async () => {
    const empty = await fixtureKnowledge({});
    const bare = await startTestServer({ knowledgeDir: empty.dir });
    try {
      const health = (await (await fetch(`${bare.url}/healthz`)).json()) as Health;
      expect(health).toMatchObject({ status: "degraded", documents: 0, passages: 0 });
    } finally {
      await bare.close();
      await empty.cleanup();
    }
  });
});

describe("security headers", () => {
  it("sends a strict Content-Security-Policy and the usual hardening headers", async () => {
    for (const path of ["/", "/healthz", "/nowhere"]) {
      const response = await fetch(`${app.url}${path}`);
      const csp = response.headers.get("content-security-policy") ?? "";
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain("unsafe-inline");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    }
  });

  it("has no CORS: no Access-Control header, and preflights find nothing", async () => {
    const response = await fetch(`${app.url}/api/help`, { headers: { origin: "https://evil.example" } });
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    const preflight = await fetch(`${app.url}/api/ask`, {
      method: "OPTIONS",
      headers: {
        origin: "https://evil.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type",
      },
    });
    expect(preflight.status).toBe(404);
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    expect(preflight.headers.get("access-control-allow-methods")).toBeNull();
  });
});

describe("errors and channels", () => {
  it("answers an unknown route with a JSON 404 that points at what exists", async () => {
    const response = await fetch(`${app.url}/nowhere?x=1`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      statusCode: 404,
      error: "Not Found",
      message:
        "Nothing at GET /nowhere. The web chat is at /, questions go to POST /api/ask, health to GET /healthz.",
    });
  });

  it("mounts other channels' routes on the same server, under the server-wide body limit", async () => {
    expect(registered).toEqual(["fake chat"]);
    const ok = await post(`${app.url}/fake/events`, JSON.stringify({ hello: "slack" }));
    expect(await ok.json()).toEqual({ echo: { hello: "slack" } });
    const huge = await post(`${app.url}/fake/events`, JSON.stringify({ text: "x".repeat(1_100_000) }));
    expect(huge.status).toBe(413);
  });

  it("hides the inside of an unexpected failure behind a plain 500", async () => {
    const failing: Channel = {
      name: "failing",
      register(server) {
        server.get("/boom", async () => {
          throw new Error("secret internals at /srv/app");
        });
      },
    };
    const other = await startTestServer({ knowledgeDir: fixture.dir, channels: [failing] });
    try {
      const response = await fetch(`${other.url}/boom`);
      expect(response.status).toBe(500);
      const body = (await response.json()) as ErrorBody;
      expect(body.message).toBe("Something went wrong on our side. Please try again in a moment.");
      expect(JSON.stringify(body)).not.toContain("secret");
    } finally {
      await other.close();
    }
  });
});

describe("stopping", () => {
  it("finishes a request in flight, refuses new ones, and closes its kept-alive connection", async () => {
    let arrived!: () => void;
    const inHandler = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow: Channel = {
      name: "slow",
      register(server) {
        server.get("/slow", async () => {
          arrived();
          await released;
          return { done: true };
        });
      },
    };
    const other = await startTestServer({ knowledgeDir: fixture.dir, channels: [slow] });
    const inFlight = fetch(`${other.url}/slow`);
    await inHandler;
    const closed = other.close();
    // No new request is served while the slow one finishes: refused, or 503 if it slipped in
    // before the listener closed.
    const attempt = await fetch(`${other.url}/healthz`).then(
      (r) => r.status,
      () => "refused",
    );
    expect([503, "refused"]).toContain(attempt);
    release();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ done: true });
    await closed;
  });
});
