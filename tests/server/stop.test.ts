/**
 * A stop that no client can hold up, and one process to signal.
 *
 * - The server alone: a client stalled in its headers and an idle kept-alive connection are
 *   closed at once; a request in flight is answered, with `Connection: close`; the stop
 *   completes, and a request that outlives the grace period is cut.
 * - `npm start` for real: SIGTERM to the process npm is (what a shell's `kill`, Docker or
 *   supervisord signal) stops the bot, npm exits 0 and the port refuses connections — also with
 *   a client dripping its headers. Nothing sleeps: each step awaits its event.
 */
import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { once } from "node:events";
import { request } from "node:http";
import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { stopServer } from "../../src/server/connections.js";
import { type Fixture, fixtureKnowledge, startTestServer, type TestServer } from "./helpers.js";

let fixture: Fixture | undefined;
let running: TestServer | undefined;
afterEach(async () => {
  await running?.store.close();
  await fixture?.cleanup();
  running = undefined;
  fixture = undefined;
});

function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

function portOf(url: string): number {
  return Number(new URL(url).port);
}

/** Opens a connection and sends the start of a request's headers, never the end. */
async function stalledClient(port: number): Promise<Socket> {
  const socket = connect(port, "127.0.0.1");
  socket.on("error", () => {});
  await once(socket, "connect");
  socket.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a");
  return socket;
}

/**
 * Resolves when the socket is closed, by a FIN or a reset (events.once would reject on the
 * ECONNRESET a process exiting with unread bytes sends).
 */
function closed(socket: Socket): Promise<void> {
  return new Promise((resolve) => socket.once("close", () => resolve()));
}

/** Resolves "refused" once a connection to the port is refused (the listener is gone). */
function connectOutcome(port: number): Promise<"refused" | "accepted"> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve("accepted");
    });
    socket.once("error", (error: NodeJS.ErrnoException) =>
      resolve(error.code === "ECONNREFUSED" ? "refused" : "accepted"),
    );
  });
}

describe("stopServer", () => {
  it("closes stalled and idle connections at once, answers the request in flight with Connection: close", async () => {
    fixture = await fixtureKnowledge();
    const slow = deferred();
    const arrived = deferred();
    running = await startTestServer({
      knowledgeDir: fixture.dir,
      beforeListen: (server) => {
        server.get("/test/slow", async () => {
          arrived.resolve();
          await slow.promise;
          return { done: true };
        });
      },
    });
    const port = portOf(running.url);
    const stalled = await stalledClient(port);
    const stalledClosed = closed(stalled);

    // An idle kept-alive connection: one request answered, the socket left open.
    const idle = connect(port, "127.0.0.1");
    idle.on("error", () => {});
    await once(idle, "connect");
    idle.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    await once(idle, "data");
    const idleClosed = closed(idle);

    // A request in flight.
    const inFlight = new Promise<{ status?: number; connection?: string; body: string }>(
      (resolve, reject) => {
        const req = request({ port, host: "127.0.0.1", path: "/test/slow", agent: false }, (res) => {
          let body = "";
          res.on("data", (d) => {
            body += d;
          });
          res.on("end", () => resolve({ status: res.statusCode, connection: res.headers.connection, body }));
        });
        req.on("error", reject);
        req.end();
      },
    );
    await arrived.promise;

    const stopped = stopServer(running.server, 60_000);
    await stalledClosed;
    await idleClosed;
    expect(await connectOutcome(port)).toBe("refused");
    slow.resolve();
    const answer = await inFlight;
    expect(answer).toMatchObject({ status: 200, connection: "close" });
    expect(JSON.parse(answer.body)).toEqual({ done: true });
    expect(await stopped).toEqual({ idleClosed: 2, forced: 0 });
  });

  it("closes a request that outlives the grace period", async () => {
    fixture = await fixtureKnowledge();
    const arrived = deferred();
    running = await startTestServer({
      knowledgeDir: fixture.dir,
      beforeListen: (server) => {
        server.get("/test/never", async () => {
          arrived.resolve();
          await new Promise(() => {});
        });
      },
    });
    const port = portOf(running.url);
    const failed = new Promise<string>((resolve) => {
      const req = request({ port, host: "127.0.0.1", path: "/test/never", agent: false });
      req.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
      req.end();
    });
    await arrived.promise;
    expect(await stopServer(running.server, 0)).toEqual({ idleClosed: 0, forced: 1 });
    expect(await failed).toBe("ECONNRESET");
  });
});

describe("HTTP limits", () => {
  it("closes a client that does not finish its headers within HEADERS_TIMEOUT_SECONDS", async () => {
    fixture = await fixtureKnowledge();
    running = await startTestServer({
      knowledgeDir: fixture.dir,
      env: { HEADERS_TIMEOUT_SECONDS: "1", REQUEST_TIMEOUT_SECONDS: "1" },
    });
    const stalled = await stalledClient(portOf(running.url));
    let answer = "";
    stalled.on("data", (d) => {
      answer += d;
    });
    await closed(stalled);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    await stopServer(running.server, 0);
  });

  it("refuses connections beyond MAX_CONNECTIONS", async () => {
    fixture = await fixtureKnowledge();
    running = await startTestServer({ knowledgeDir: fixture.dir, env: { MAX_CONNECTIONS: "2" } });
    const port = portOf(running.url);
    const kept = [await stalledClient(port), await stalledClient(port)];
    const third = await stalledClient(port);
    await closed(third);
    for (const socket of kept) expect(socket.destroyed).toBe(false);
    await stopServer(running.server, 0);
  });
});

const CHAT_VARIABLES = [
  "SLACK_BOT_TOKEN",
  "SLACK_APP_TOKEN",
  "SLACK_SIGNING_SECRET",
  "MATTERMOST_URL",
  "MATTERMOST_BOT_TOKEN",
  "MATTERMOST_COMMAND_TOKEN",
  "MATTERMOST_WEBHOOK_TOKEN",
];

function npmStart(env: Record<string, string>): {
  child: ChildProcessWithoutNullStreams;
  stderr: () => string;
} {
  const { PATH, HOME } = process.env;
  const noChats = Object.fromEntries(CHAT_VARIABLES.map((name) => [name, ""]));
  const child = spawn("npm", ["start"], {
    env: {
      PATH: PATH ?? "",
      HOME: HOME ?? "",
      LOG_LEVEL: "warn",
      EVENT_LOG: "",
      PORT: "0",
      WATCH_KNOWLEDGE: "false",
      ...noChats,
      ...env,
    },
  });
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  child.stdout.resume();
  return { child, stderr: () => stderr };
}

function line(
  child: ChildProcessWithoutNullStreams,
  stderr: () => string,
  pattern: RegExp,
): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = stderr().match(pattern);
      if (!match) return;
      child.stderr.off("data", check);
      child.off("exit", early);
      resolve(match);
    };
    const early = (code: number | null) =>
      reject(new Error(`exited (${code}) before ${pattern}:\n${stderr()}`));
    child.stderr.on("data", check);
    child.once("exit", early);
    check();
  });
}

describe("npm start", () => {
  it("stops on SIGTERM to the npm process, with a client stalled in its headers, and frees the port", async () => {
    fixture = await fixtureKnowledge();
    const { child, stderr } = npmStart({ KNOWLEDGE_DIR: fixture.dir, INDEX_CACHE_DIR: "" });
    try {
      const [, port] = await line(
        child,
        stderr,
        /listening on http:\/\/127\.0\.0\.1:(\d+)\/ \(HOST=127\.0\.0\.1: this machine only; HOST=0\.0\.0\.0 serves other machines\)/,
      );
      const stalled = await stalledClient(Number(port));
      const stalledClosed = closed(stalled);
      const exited = once(child, "exit");
      // The pid of the process npm start made: npm itself.
      child.kill("SIGTERM");
      const [code, signal] = await exited;
      if (code !== 0) console.error("npm stderr:", stderr());
      expect({ code, signal }).toEqual({ code: 0, signal: null });
      await stalledClosed;
      expect(await connectOutcome(Number(port))).toBe("refused");
      expect(stderr()).toMatch(/SIGTERM: stopping[^\n]*\n(.*\n)*eig-bot: stopped\n/);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
