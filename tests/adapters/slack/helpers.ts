/**
 * Shared fakes for the Slack tests:
 * - FakeSlack: a real local HTTP server standing in for Slack's Web API (`/api/<method>`), for
 *   `response_url`s (`/respond/<name>`) and for Socket Mode's WebSocket (`/link`). It records
 *   every call, answers like Slack, fails on demand, and lets a test await a given call;
 * - request signing as Slack does it, and payload builders for events, commands and clicks;
 * - a logger whose lines a test can await, and an EventSink that keeps events in an array;
 * - `startHttpStack()`: the real Bolt App in HTTP mode behind a real Fastify server on port 0.
 */
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import formbody from "@fastify/formbody";
import Fastify, { type FastifyInstance } from "fastify";
import { pino } from "pino";
import { type WebSocket, WebSocketServer } from "ws";
import type { Channel } from "../../../src/adapters/channel.js";
import { createSlackChannel } from "../../../src/adapters/slack/index.js";
import { Assistant } from "../../../src/answer/assistant.js";
import type { BotEvent, EventSink } from "../../../src/answer/events.js";
import type { Config, SlackConfig } from "../../../src/config.js";
import type { KnowledgeBase } from "../../../src/knowledge/types.js";
import type { Logger } from "../../../src/logger.js";

export const SIGNING_SECRET = "8f742231b10e8888abcd99000085a5c2";
export const BOT_TOKEN = "xoxb-111-222-test";
export const APP_TOKEN = "xapp-1-A0APP-333-test";
export const TEAM = "T0TEAM";
export const BOT_USER = "U0BOT";
export const BOT_ID = "B0BOT";

// ---------------------------------------------------------------------------------------------
// Waiting for something to happen, without sleeping

interface Waiter<T> {
  match: (item: T) => boolean;
  resolve: (item: T) => void;
}

/** A list that tests can await an item of: resolves at once when one already matches. */
class Recorder<T> {
  readonly items: T[] = [];
  private waiters: Waiter<T>[] = [];

  push(item: T): void {
    this.items.push(item);
    const ready = this.waiters.filter((w) => w.match(item));
    this.waiters = this.waiters.filter((w) => !w.match(item));
    for (const w of ready) w.resolve(item);
  }

  /** The first item matching (already here or still to come); fails after `timeoutMs`. */
  waitFor(match: (item: T) => boolean, what: string, timeoutMs = 5000): Promise<T> {
    const found = this.items.find(match);
    if (found) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      const done = (item: T) => {
        clearTimeout(timer);
        resolve(item);
      };
      this.waiters.push({ match, resolve: done });
    });
  }
}

// ---------------------------------------------------------------------------------------------
// The fake Slack

export interface ApiCall {
  /** Web API method ("chat.postMessage"), "response_url", or "socket.ack". */
  method: string;
  /** Parsed body: form fields (JSON-looking values decoded, as WebClient encodes blocks) or JSON. */
  params: Record<string, unknown>;
  headers: IncomingHttpHeaders;
  /** For "response_url": the name in `/respond/<name>`. */
  path: string;
}

type Reply = Record<string, unknown>;

function decodeForm(body: string): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(body)) {
    if (/^[[{]/.test(value)) {
      try {
        params[key] = JSON.parse(value);
        continue;
      } catch {
        // Not JSON after all: keep the string.
      }
    }
    params[key] = value;
  }
  return params;
}

export class FakeSlack {
  readonly calls = new Recorder<ApiCall>();
  private readonly failures = new Map<string, string[]>();
  private readonly outages = new Map<string, { status: number; headers: Record<string, string> }[]>();
  private readonly sockets = new Recorder<WebSocket>();
  private tsCounter = 0;
  private readonly wss: WebSocketServer;

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {
    this.wss = new WebSocketServer({ server, path: "/link" });
    this.wss.on("connection", (socket) => {
      socket.on("message", (data) => {
        const parsed = JSON.parse(String(data)) as Record<string, unknown>;
        this.calls.push({ method: "socket.ack", params: parsed, headers: {}, path: "/link" });
      });
      // Slack greets every new connection before sending anything else.
      socket.send(
        JSON.stringify({
          type: "hello",
          num_connections: 1,
          debug_info: { host: "fake", approximate_connection_time: 3600 },
          connection_info: { app_id: "A0APP" },
        }),
      );
      this.sockets.push(socket);
    });
  }

  static async start(): Promise<FakeSlack> {
    let fake: FakeSlack | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const json = String(req.headers["content-type"] ?? "").includes("application/json");
        const params =
          raw === "" ? {} : json ? (JSON.parse(raw) as Record<string, unknown>) : decodeForm(raw);
        const path = new URL(req.url ?? "/", "http://localhost").pathname;
        const method = path.replace(/^\/api\//, "");
        const outage = fake?.takeOutage(method);
        if (outage) {
          // Recorded too, so a test can count the attempts the client made.
          fake?.calls.push({
            method: `${method} (HTTP ${outage.status})`,
            params,
            headers: req.headers,
            path,
          });
          res.writeHead(outage.status, { "content-type": "text/plain", ...outage.headers });
          res.end(outage.status === 429 ? "rate limited" : "upstream error");
          return;
        }
        const reply = fake?.handle(path, params, req.headers) ?? { ok: false, error: "not_ready" };
        // An expired response_url is a 404, as on Slack; other errors come back as 200 + ok:false.
        res.writeHead(reply.error === "expired_url" ? 404 : 200, { "content-type": "application/json" });
        res.end(JSON.stringify(reply));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    fake = new FakeSlack(server, `http://127.0.0.1:${port}`);
    return fake;
  }

  /** Base URL for WebClient's `slackApiUrl` (SLACK_API_URL). */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A response_url whose posts are recorded as "response_url" calls under `name`. */
  responseUrl(name: string): string {
    return `${this.url}/respond/${name}`;
  }

  /** The next `times` calls of `method` answer `{ok: false, error}` (as Slack does). */
  fail(method: string, error = "channel_not_found", times = 1): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...Array(times).fill(error)]);
  }

  /**
   * The next `times` calls of `method` fail at the HTTP level, as Slack does under load: 429 with
   * a `Retry-After` header, or a 5xx. The WebClient retries these itself.
   */
  failHttp(method: string, status: number, times = 1, headers: Record<string, string> = {}): void {
    this.outages.set(method, [
      ...(this.outages.get(method) ?? []),
      ...Array(times).fill({ status, headers }),
    ]);
  }

  /** The pending HTTP failure for `method`, if any (used by the server above). */
  takeOutage(method: string): { status: number; headers: Record<string, string> } | undefined {
    return this.outages.get(method)?.shift();
  }

  /** Every call of `method` recorded so far. */
  callsOf(method: string): ApiCall[] {
    return this.calls.items.filter((c) => c.method === method);
  }

  waitFor(method: string, match: (call: ApiCall) => boolean = () => true): Promise<ApiCall> {
    return this.calls.waitFor((c) => c.method === method && match(c), method);
  }

  /** The Socket Mode connection, once the client has opened it. */
  socket(): Promise<WebSocket> {
    return this.sockets.waitFor(() => true, "a Socket Mode connection");
  }

  private handle(path: string, params: Record<string, unknown>, headers: IncomingHttpHeaders): Reply {
    if (path.startsWith("/respond/")) {
      const name = path.slice("/respond/".length);
      this.calls.push({ method: "response_url", params, headers, path: name });
      const failure = this.failures.get("response_url")?.shift();
      return failure ? { ok: false, error: failure } : { ok: true };
    }
    const method = path.replace(/^\/api\//, "");
    this.calls.push({ method, params, headers, path });
    const failure = this.failures.get(method)?.shift();
    if (failure) return { ok: false, error: failure };
    switch (method) {
      case "auth.test":
        return {
          ok: true,
          url: "https://eig.slack.com/",
          team: "EIG",
          user: "eig",
          team_id: TEAM,
          user_id: BOT_USER,
          bot_id: BOT_ID,
        };
      case "chat.postMessage": {
        this.tsCounter += 1;
        const ts = `1700000100.${String(this.tsCounter).padStart(6, "0")}`;
        return { ok: true, channel: params.channel, ts, message: { ts, text: params.text } };
      }
      case "chat.update":
        return { ok: true, channel: params.channel, ts: params.ts };
      case "views.publish":
        return { ok: true, view: { id: "V0HOME" } };
      case "apps.connections.open":
        return { ok: true, url: `${this.url.replace(/^http/, "ws")}/link` };
      default:
        return { ok: true };
    }
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

// ---------------------------------------------------------------------------------------------
// Signing and payloads

/** Slack's request signature: `v0=` HMAC-SHA256 of `v0:<timestamp>:<body>`. */
export function sign(body: string, timestamp: number, secret = SIGNING_SECRET): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export interface SendOptions {
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  /** Signs with another secret. */
  secret?: string;
  /** `X-Slack-Retry-Num`. */
  retryNum?: number;
}

export interface SlackRequest {
  body: string;
  contentType: string;
}

/** POSTs a signed request to `/slack/events` as Slack would. */
export async function send(
  baseUrl: string,
  request: SlackRequest,
  options: SendOptions = {},
): Promise<{ status: number; text: string }> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    "content-type": request.contentType,
    "x-slack-request-timestamp": String(timestamp),
    "x-slack-signature": sign(request.body, timestamp, options.secret),
  };
  if (options.retryNum !== undefined) {
    headers["x-slack-retry-num"] = String(options.retryNum);
    headers["x-slack-retry-reason"] = "http_timeout";
  }
  const res = await fetch(`${baseUrl}/slack/events`, { method: "POST", headers, body: request.body });
  return { status: res.status, text: await res.text() };
}

let eventCounter = 0;
let tsCounter = 0;

/** A fresh message ts ("1700000000.000001", "…002", …). */
export function nextTs(): string {
  tsCounter += 1;
  return `1700000000.${String(tsCounter).padStart(6, "0")}`;
}

/** An Events API `event_callback` envelope around `event`. */
export function eventCallback(
  event: Record<string, unknown>,
  eventId?: string,
): SlackRequest & { eventId: string } {
  eventCounter += 1;
  const id = eventId ?? `Ev${String(eventCounter).padStart(8, "0")}`;
  const body = {
    token: "legacy-verification-token",
    team_id: TEAM,
    api_app_id: "A0APP",
    event: { event_ts: event.ts, ...event },
    type: "event_callback",
    event_id: id,
    event_time: 1700000000,
    authorizations: [{ team_id: TEAM, user_id: BOT_USER, is_bot: true, is_enterprise_install: false }],
  };
  return { body: JSON.stringify(body), contentType: "application/json", eventId: id };
}

export function appMentionEvent(text: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: "app_mention",
    user: "U0ASKER",
    text: `<@${BOT_USER}> ${text}`,
    ts: nextTs(),
    channel: "C0GENERAL",
    team: TEAM,
    ...fields,
  };
}

export function messageEvent(text: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: "message",
    user: "U0ASKER",
    text,
    ts: nextTs(),
    channel: "D0DM",
    channel_type: "im",
    team: TEAM,
    ...fields,
  };
}

/** `/eig <text>` as Slack posts it (form-encoded). */
export function slashCommand(
  text: string,
  responseUrl: string,
  fields: Record<string, string> = {},
): SlackRequest {
  const form = new URLSearchParams({
    token: "legacy-verification-token",
    team_id: TEAM,
    team_domain: "eig",
    channel_id: "C0GENERAL",
    channel_name: "general",
    user_id: "U0ASKER",
    user_name: "asker",
    command: "/eig",
    text,
    api_app_id: "A0APP",
    is_enterprise_install: "false",
    response_url: responseUrl,
    trigger_id: "123.456.abc",
    ...fields,
  });
  return { body: form.toString(), contentType: "application/x-www-form-urlencoded" };
}

export interface ClickOptions {
  actionId: string;
  value: string;
  blockId?: string;
  responseUrl: string;
  /** The message the button is in; omitted for ephemeral messages (Slack does not send it). */
  message?: { ts: string; text?: string; blocks?: unknown[] };
  ephemeral?: boolean;
  channel?: string;
  /** Who clicks. Default: "U0ASKER". */
  user?: string;
}

/** A `block_actions` payload for a button click (form-encoded `payload=`). */
export function buttonClick(options: ClickOptions): SlackRequest {
  const channel = options.channel ?? "C0GENERAL";
  const payload = {
    type: "block_actions",
    team: { id: TEAM, domain: "eig" },
    user: { id: options.user ?? "U0ASKER", username: "asker", name: "asker", team_id: TEAM },
    api_app_id: "A0APP",
    token: "legacy-verification-token",
    container: {
      type: "message",
      message_ts: options.message?.ts ?? "1700000000.999999",
      channel_id: channel,
      is_ephemeral: options.ephemeral ?? false,
    },
    trigger_id: "123.456.abc",
    channel: { id: channel, name: "general" },
    message: options.message
      ? { type: "message", user: BOT_USER, bot_id: BOT_ID, ...options.message }
      : undefined,
    response_url: options.responseUrl,
    actions: [
      {
        type: "button",
        action_id: options.actionId,
        block_id: options.blockId ?? "eig_actions:fr",
        value: options.value,
        text: { type: "plain_text", text: "👍", emoji: true },
        action_ts: "1700000001.000001",
      },
    ],
  };
  return {
    body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    contentType: "application/x-www-form-urlencoded",
  };
}

// ---------------------------------------------------------------------------------------------
// Logs and events

export interface LogLine {
  level: number;
  msg?: string;
  [key: string]: unknown;
}

/** A pino logger at debug level whose lines a test can read and await. */
export function capturingLogger(): { logger: Logger; lines: Recorder<LogLine> } {
  const lines = new Recorder<LogLine>();
  const logger = pino(
    { level: "debug", base: undefined },
    {
      write(chunk: string) {
        lines.push(JSON.parse(chunk) as LogLine);
      },
    },
  );
  return { logger, lines };
}

export class FakeEventSink implements EventSink {
  readonly events = new Recorder<BotEvent>();
  record(event: BotEvent): void {
    this.events.push(event);
  }
}

// ---------------------------------------------------------------------------------------------
// The whole HTTP stack

export function slackConfig(slack: FakeSlack, fields: Partial<SlackConfig> = {}): Config {
  return {
    port: 0,
    host: "127.0.0.1",
    knowledgeDir: "knowledge",
    logLevel: "silent",
    watchKnowledge: false,
    maxQuestionLength: 2000,
    rateLimitPerMinute: 0,
    eventLog: "",
    eventLogRetentionDays: 90,
    slack: {
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      mode: "http",
      apiUrl: slack.apiUrl,
      ...fields,
    },
  };
}

export interface HttpStack {
  baseUrl: string;
  slack: FakeSlack;
  sink: FakeEventSink;
  assistant: Assistant;
  server: FastifyInstance;
  channel: Channel;
  logs: Recorder<LogLine>;
  close(): Promise<void>;
}

/**
 * Fake Slack, Assistant, the Slack channel registered on a Fastify server like the shared one
 * (form bodies parsed for other routes, a JSON route beside ours), listening on port 0.
 */
export async function startHttpStack(knowledge: () => KnowledgeBase): Promise<HttpStack> {
  const slack = await FakeSlack.start();
  const sink = new FakeEventSink();
  const { logger, lines } = capturingLogger();
  const assistant = new Assistant({ knowledge, events: sink, rateLimitPerMinute: 0 });
  const channel = createSlackChannel({ assistant, config: slackConfig(slack), logger });
  const server = Fastify();
  await server.register(formbody);
  server.post("/echo", async (request) => ({ got: request.body }));
  await channel.register?.(server);
  await server.listen({ port: 0, host: "127.0.0.1" });
  const { port } = server.server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    slack,
    sink,
    assistant,
    server,
    channel,
    logs: lines,
    async close() {
      await channel.stop?.();
      await server.close();
      await slack.close();
    },
  };
}

/** The mrkdwn texts of a message's blocks (sections, context elements), for assertions. */
export function blockTexts(blocks: unknown): string[] {
  const texts: string[] = [];
  for (const block of (blocks as Array<Record<string, unknown>>) ?? []) {
    const text = block.text as { text?: string } | undefined;
    if (text?.text) texts.push(text.text);
    for (const el of (block.elements as Array<Record<string, unknown>> | undefined) ?? []) {
      const t = el.text as string | { text?: string } | undefined;
      if (typeof t === "string") texts.push(t);
      else if (t?.text) texts.push(t.text);
    }
  }
  return texts;
}

/** The action ids of the buttons in a message's blocks. */
export function actionIds(blocks: unknown): string[] {
  return ((blocks as Array<Record<string, unknown>>) ?? [])
    .filter((b) => b.type === "actions")
    .flatMap((b) => (b.elements as Array<{ action_id?: string }>).map((e) => e.action_id ?? ""));
}

/** The answer id carried by a message's buttons (their `value`). */
export function answerIdOf(blocks: unknown): string | undefined {
  for (const block of (blocks as Array<Record<string, unknown>>) ?? []) {
    if (block.type !== "actions") continue;
    for (const el of block.elements as Array<{ value?: string }>) if (el.value) return el.value;
  }
  return undefined;
}
