/**
 * Shared fakes for the Mattermost tests: the knowledge and assistant, a real Fastify server on an
 * ephemeral port with the Mattermost channels registered, and a local HTTP + WebSocket server that
 * behaves like Mattermost's API v4 for what the bot account uses.
 */
import { randomUUID } from "node:crypto";
import { EventEmitter } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import Fastify, { type FastifyInstance } from "fastify";
import { type WebSocket, WebSocketServer } from "ws";
import type { Channel } from "../../../src/adapters/channel.js";
import type { MattermostPost } from "../../../src/adapters/mattermost/api.js";
import { Assistant, type AssistantOptions } from "../../../src/answer/assistant.js";
import { loadKnowledge } from "../../../src/knowledge/knowledge-base.js";
import type { KnowledgeBase } from "../../../src/knowledge/types.js";
import { silentLogger } from "../../../src/logger.js";

export const logger = silentLogger();

let shipped: Promise<KnowledgeBase> | undefined;
/** The shipped knowledge, loaded once per test file. */
export function shippedKnowledge(): Promise<KnowledgeBase> {
  shipped ??= loadKnowledge("knowledge");
  return shipped;
}

export function makeAssistant(kb: KnowledgeBase, options: Partial<AssistantOptions> = {}): Assistant {
  return new Assistant({
    knowledge: () => kb,
    today: () => new Date("2018-09-20T12:00:00Z"),
    rateLimitPerMinute: 0,
    ...options,
  });
}

/** An assistant whose every answer throws: the error paths. */
export class BrokenAssistant extends Assistant {
  override ask(): never {
    throw new Error("engine exploded");
  }
}

export interface RunningServer {
  server: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

/** A Fastify server like the real one (1 MB default body limit), with `channels` registered. */
export async function startServer(channels: Channel[]): Promise<RunningServer> {
  const server = Fastify({ bodyLimit: 1024 * 1024 });
  for (const channel of channels) await channel.register?.(server);
  await server.listen({ port: 0, host: "127.0.0.1" });
  const { port } = server.server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

export async function postForm(
  url: string,
  fields: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
  });
}

export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

/** A mention of @channel, @all or @here (or a Slack announcement) that would notify people. */
export const LIVE_MENTION = /(^|[^\p{L}\p{N}_])@(channel|all|here)\b|<!(channel|here|all|everyone)>/u;

// ---------------------------------------------------------------------------------------------
// A stand-in for a Mattermost server: REST (users/me, posts) and the WebSocket API.
// ---------------------------------------------------------------------------------------------

export interface FakeMattermostEvents {
  /** A socket passed the authentication challenge. */
  authenticated: [WebSocket];
  /** `POST /api/v4/posts` created this post. */
  post: [MattermostPost];
  /** A socket closed, with the code the client sent or the server used. */
  closed: [number];
}

export interface PostedExtras {
  channel_type?: string;
  /** User ids the post mentions: sent, as Mattermost does, as a JSON string. */
  mentions?: string[];
  sender_name?: string;
}

export class FakeMattermost extends EventEmitter<FakeMattermostEvents> {
  readonly bot = { id: "botuserid0000000000000000a", username: "eig-bot" };
  readonly token = "bot-access-token";
  readonly posts: MattermostPost[] = [];
  /** Every authentication challenge received, in order. */
  readonly challenges: { seq: number; token: string }[] = [];
  /** Set to make `POST /api/v4/posts` answer this status (once), e.g. 503. */
  failNextPostWith?: number;
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();
  private seq = 0;

  /** @param options.silent Never answer pings: a connection that died without closing. */
  constructor(options: { silent?: boolean } = {}) {
    super();
    this.http = createServer((req, res) => void this.route(req, res));
    this.wss = new WebSocketServer({
      server: this.http,
      path: "/api/v4/websocket",
      autoPong: !options.silent,
    });
    this.wss.on("connection", (socket) => this.onSocket(socket));
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.http.listen(0, "127.0.0.1", resolve));
    return this.url;
  }

  get url(): string {
    const { port } = this.http.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Sockets that passed the challenge and are still open. */
  get openSockets(): number {
    return this.sockets.size;
  }

  /** Sends a `posted` event for `post` to every authenticated socket, as Mattermost does. */
  emitPosted(post: Partial<MattermostPost> & { message: string }, extras: PostedExtras = {}): MattermostPost {
    const full: MattermostPost = {
      id: randomUUID().replace(/-/g, "").slice(0, 26),
      channel_id: "townsquare0000000000000000",
      user_id: "humanuserid000000000000000",
      root_id: "",
      type: "",
      props: {},
      ...post,
    };
    this.broadcast({
      event: "posted",
      data: {
        channel_display_name: "Town Square",
        channel_name: "town-square",
        channel_type: extras.channel_type ?? "O",
        post: JSON.stringify(full),
        sender_name: extras.sender_name ?? "@alice",
        team_id: "team0000000000000000000000",
        ...(extras.mentions ? { mentions: JSON.stringify(extras.mentions) } : {}),
      },
      broadcast: { omit_users: null, user_id: "", channel_id: full.channel_id, team_id: "" },
    });
    return full;
  }

  emitReaction(postId: string, emoji: string, userId = "humanuserid000000000000000"): void {
    this.broadcast({
      event: "reaction_added",
      data: {
        reaction: JSON.stringify({
          user_id: userId,
          post_id: postId,
          emoji_name: emoji,
          create_at: Date.now(),
        }),
      },
      broadcast: { omit_users: null, user_id: "", channel_id: "", team_id: "" },
    });
  }

  /** Closes every socket from the server side, as a restart or a proxy timeout would. */
  dropConnections(): void {
    for (const socket of this.sockets) socket.close(1001, "server going away");
  }

  async close(): Promise<void> {
    for (const socket of this.wss.clients) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private broadcast(event: Record<string, unknown>): void {
    for (const socket of this.sockets) socket.send(JSON.stringify({ ...event, seq: this.seq++ }));
  }

  private onSocket(socket: WebSocket): void {
    socket.on("message", (data) => {
      const frame = JSON.parse(String(data)) as { seq: number; action: string; data?: { token?: string } };
      if (frame.action !== "authentication_challenge") return;
      this.challenges.push({ seq: frame.seq, token: frame.data?.token ?? "" });
      // Mattermost closes the socket on a bad token, and answers a good one, then says hello.
      if (frame.data?.token !== this.token) {
        socket.close(1008, "bad token");
        return;
      }
      this.sockets.add(socket);
      socket.send(JSON.stringify({ status: "OK", seq_reply: frame.seq }));
      socket.send(
        JSON.stringify({
          event: "hello",
          data: { connection_id: randomUUID(), server_version: "9.11.0" },
          broadcast: { omit_users: null, user_id: this.bot.id, channel_id: "", team_id: "" },
          seq: this.seq++,
        }),
      );
      this.emit("authenticated", socket);
    });
    socket.on("close", (code) => {
      this.sockets.delete(socket);
      this.emit("closed", code);
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${this.token}`) {
      send(401, {
        id: "api.context.session_expired.app_error",
        message: "Invalid or expired session.",
        status_code: 401,
      });
      return;
    }
    if (req.method === "GET" && req.url === "/api/v4/users/me") {
      send(200, { ...this.bot, is_bot: true, roles: "system_user" });
      return;
    }
    if (req.method === "POST" && req.url === "/api/v4/posts") {
      let raw = "";
      for await (const chunk of req) raw += chunk;
      if (this.failNextPostWith) {
        const status = this.failNextPostWith;
        this.failNextPostWith = undefined;
        send(status, { message: "Service unavailable", status_code: status });
        return;
      }
      const body = JSON.parse(raw) as { channel_id: string; message: string; root_id?: string };
      const post: MattermostPost = {
        id: randomUUID().replace(/-/g, "").slice(0, 26),
        channel_id: body.channel_id,
        user_id: this.bot.id,
        root_id: body.root_id ?? "",
        message: body.message,
        type: "",
        props: {},
      };
      this.posts.push(post);
      send(201, post);
      this.emit("post", post);
      // Like Mattermost, the new post comes back to every socket, the author's included.
      this.emitPosted(post, { channel_type: "O", sender_name: `@${this.bot.username}` });
      return;
    }
    send(404, { message: "not found", status_code: 404 });
  }
}
