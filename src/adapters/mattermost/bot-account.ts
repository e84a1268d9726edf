/**
 * The bot account: a Mattermost user (System Console → Integrations → Bot Accounts) that listens
 * on the WebSocket API and answers like a colleague:
 * - a post that mentions it, in any channel it belongs to, and every direct message;
 * - follow-ups in a thread where it already answered, without a new mention (as on Slack);
 * - replies go in the asker's thread (`root_id`), through `POST /api/v4/posts`;
 * - it never answers itself, other bots, webhooks or system messages;
 * - 👍 / 👎 reactions on its answers are recorded as feedback.
 *
 * Protocol (Mattermost API v4): open `wss://host/api/v4/websocket`, send
 * `{seq: 1, action: "authentication_challenge", data: {token}}`, get `{status: "OK", seq_reply: 1}`
 * and a `hello` event, then events such as `posted`, whose `data.post` is the post as a JSON
 * string, `data.channel_type` "D" in a direct message and `data.mentions` the JSON array of the
 * ids of the users it mentions. A wrong token makes the server close the socket.
 *
 * `ws` rather than `@mattermost/client`: the protocol is the few lines above, and that client is
 * built for browsers (it expects a global WebSocket, which Node 20 lacks).
 */
import { EventEmitter } from "node:events";
import WebSocket from "ws";
import type { Assistant } from "../../answer/assistant.js";
import { help } from "../../answer/help.js";
import { detectLanguage } from "../../answer/language.js";
import type { Logger } from "../../logger.js";
import { renderMattermost, renderMattermostApology, renderMattermostHelp } from "../../render/mattermost.js";
import type { Channel } from "../channel.js";
import { helpRequest } from "../help-request.js";
import { MattermostApi, MattermostApiError, type MattermostPost, type MattermostUser } from "./api.js";

export interface BotAccountOptions {
  /** Server address without trailing slash (`MATTERMOST_URL`): https → wss, http → ws. */
  url: string;
  /** The bot account's access token (`MATTERMOST_BOT_TOKEN`). */
  token: string;
  assistant: Assistant;
  logger: Logger;
  /**
   * Milliseconds to wait before reconnection attempt `attempt` (0 for the first). Also the pause
   * before the one retry of a reply that failed. Default: `exponentialBackoff` (1 s doubling to
   * 60 s, with jitter so that many bots do not reconnect in step after a server restart).
   */
  backoff?: (attempt: number) => number;
  /**
   * The bot pings the server this often; a socket that answered nothing (no pong, no event) for a
   * whole period is deemed dead (a NAT or proxy dropped it silently) and reopened. 0 disables.
   * Default: 30 s.
   */
  heartbeatMs?: number;
}

/** What a bot account reports: for logs and for tests, which await these instead of sleeping. */
export interface BotAccountEvents {
  /** Authenticated on a new socket (the first time and after each reconnection). */
  connected: [];
  /** The socket closed; a reconnection follows unless the bot is stopping. */
  disconnected: [{ code: number; reason: string }];
  /** An answer (or the help, or an apology) was posted in reply to `to`. */
  reply: [{ to: MattermostPost; post: MattermostPost; answerId?: string }];
  /** A post was seen and left alone, and why ("own post", "not for me"…). */
  ignored: [{ post: MattermostPost; reason: string }];
  /** A 👍 / 👎 on one of the bot's answers was recorded. */
  feedback: [{ answerId: string; vote: "up" | "down"; known: boolean }];
}

/** 1 s, 2 s, 4 s… up to 60 s; each delay drawn between half and all of it. */
export function exponentialBackoff(attempt: number): number {
  const ceiling = Math.min(60_000, 1_000 * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/** "https://chat.example.org/sub" → "wss://chat.example.org/sub/api/v4/websocket" (http → ws). */
export function websocketUrl(serverUrl: string): string {
  const url = new URL(serverUrl);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/api/v4/websocket`;
  return url.href;
}

/** The conversation key of a Mattermost thread, unique across platforms. */
export function threadKey(channelId: string, rootId: string): string {
  return `mattermost:${channelId}:${rootId}`;
}

/** `@name` as a whole word (Mattermost usernames are letters, digits and `.`, `-`, `_`). */
function mentionPattern(username: string): RegExp {
  const name = username.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|[^\\p{L}\\p{N}_.-])@${name}(?![\\p{L}\\p{N}_-]|\\.[\\p{L}\\p{N}_-])`, "giu");
}

function parseJson(text: unknown): unknown {
  if (typeof text !== "string") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isPost(value: unknown): value is MattermostPost {
  const p = value as MattermostPost | undefined;
  return (
    typeof p === "object" &&
    p !== null &&
    typeof p.id === "string" &&
    typeof p.channel_id === "string" &&
    typeof p.user_id === "string" &&
    typeof p.message === "string"
  );
}

const flagged = (value: unknown): boolean => value === true || value === "true";

const UP = new Set(["+1", "thumbsup", "thumbs_up"]);
const DOWN = new Set(["-1", "thumbsdown", "thumbs_down"]);
/**
 * Answers whose post ids are kept for reactions: those of the last 7 days (a vote is accepted for
 * a week), at most 50,000 (about 5 MB: two ids and a time each); the oldest are forgotten first.
 */
const REMEMBERED_ANSWERS = 50_000;
const REMEMBERED_MS = 7 * 24 * 3600_000;
/** A socket not authenticated this long after opening is closed and opened again. */
const AUTH_TIMEOUT_MS = 10_000;
/** How long `stop()` waits for the server to acknowledge the close before cutting the socket. */
const CLOSE_GRACE_MS = 2_000;

export class MattermostBotAccount extends EventEmitter<BotAccountEvents> implements Channel {
  readonly name = "mattermost bot account";
  private readonly api: MattermostApi;
  private readonly log: Logger;
  private readonly backoff: (attempt: number) => number;
  private readonly heartbeatMs: number;
  private me?: MattermostUser;
  private mention?: RegExp;
  private socket?: WebSocket;
  private stopped = true;
  private attempt = 0;
  private reconnectTimer?: NodeJS.Timeout;
  private readonly inflight = new Set<Promise<void>>();
  /** Sockets that passed the authentication challenge. */
  private readonly authenticated = new WeakSet<WebSocket>();
  /** Reply post id → answer id, for 👍 / 👎. */
  private readonly answers = new Map<string, { answerId: string; at: number }>();

  constructor(private readonly options: BotAccountOptions) {
    super();
    this.api = new MattermostApi(options.url, options.token);
    this.log = options.logger.child({ channel: "mattermost bot account" });
    this.backoff = options.backoff ?? exponentialBackoff;
    this.heartbeatMs = options.heartbeatMs ?? 30_000;
  }

  /** The bot's user id, once `GET /users/me` answered. */
  get userId(): string | undefined {
    return this.me?.id;
  }

  /** True while a socket is open and authenticated. */
  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN && this.authenticated.has(this.socket);
  }

  /**
   * Learns who the bot is and opens the socket. Resolves once the first connection is made or has
   * failed (it is then retried in the background); rejects only when Mattermost refuses the token,
   * which no retry would fix.
   */
  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    try {
      await this.identify();
    } catch (error) {
      if (error instanceof MattermostApiError && !error.retryable) {
        this.stopped = true;
        throw error;
      }
      this.log.warn({ err: error }, "mattermost unreachable; retrying");
      this.scheduleReconnect();
      return;
    }
    await new Promise<void>((resolve) => {
      const settle = () => {
        this.off("connected", settle);
        this.off("disconnected", settle);
        resolve();
      };
      this.on("connected", settle);
      this.on("disconnected", settle);
      this.open();
    });
  }

  /** Closes the socket (no reconnection) and waits for replies being written. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const socket = this.socket;
    if (socket && socket.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        const cut = setTimeout(() => socket.terminate(), CLOSE_GRACE_MS);
        socket.once("close", () => {
          clearTimeout(cut);
          resolve();
        });
        socket.close(1000, "bot stopping");
      });
    }
    await Promise.allSettled([...this.inflight]);
  }

  private async identify(): Promise<void> {
    this.me = await this.api.me();
    this.mention = mentionPattern(this.me.username);
    this.log.info({ user: this.me.username }, "mattermost bot account identified");
  }

  private open(): void {
    const socket = new WebSocket(websocketUrl(this.options.url), { handshakeTimeout: 10_000 });
    this.socket = socket;
    let alive = true;
    let heartbeat: NodeJS.Timeout | undefined;
    let authTimer: NodeJS.Timeout | undefined;

    socket.on("open", () => {
      socket.send(
        JSON.stringify({ seq: 1, action: "authentication_challenge", data: { token: this.options.token } }),
      );
      // A server that accepts the socket but never answers the challenge must not hang the bot.
      authTimer = setTimeout(() => {
        if (!this.authenticated.has(socket)) {
          this.log.warn("mattermost did not answer the authentication challenge; reopening");
          socket.terminate();
        }
      }, AUTH_TIMEOUT_MS);
      authTimer.unref();
      if (this.heartbeatMs > 0) {
        heartbeat = setInterval(() => {
          if (!alive) {
            this.log.warn("mattermost socket silent; reopening");
            socket.terminate();
            return;
          }
          alive = false;
          socket.ping();
        }, this.heartbeatMs);
        heartbeat.unref();
      }
    });
    socket.on("pong", () => {
      alive = true;
    });
    socket.on("ping", () => {
      alive = true;
    });
    socket.on("message", (data) => {
      alive = true;
      this.onFrame(socket, String(data));
    });
    socket.on("error", (error) => {
      // A 'close' always follows: reconnection is decided there.
      this.log.warn({ err: error }, "mattermost socket error");
    });
    socket.on("close", (code, reason) => {
      clearInterval(heartbeat);
      clearTimeout(authTimer);
      if (this.socket === socket) this.socket = undefined;
      this.log.info({ code, reason: reason.toString() }, "mattermost socket closed");
      this.emit("disconnected", { code, reason: reason.toString() });
      if (!this.stopped) this.scheduleReconnect();
    });
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    const delay = this.backoff(this.attempt++);
    this.log.info({ attempt: this.attempt, delayMs: delay }, "mattermost reconnecting");
    this.reconnectTimer = setTimeout(async () => {
      this.reconnectTimer = undefined;
      if (this.stopped) return;
      if (!this.me) {
        try {
          await this.identify();
        } catch (error) {
          this.log.warn({ err: error }, "mattermost unreachable; retrying");
          this.scheduleReconnect();
          return;
        }
      }
      if (!this.stopped) this.open();
    }, delay);
  }

  private onFrame(socket: WebSocket, text: string): void {
    const frame = parseJson(text) as
      | { seq_reply?: number; status?: string; event?: string; data?: Record<string, unknown> }
      | undefined;
    if (!frame || typeof frame !== "object") return;
    if (frame.seq_reply === 1) {
      if (frame.status === "OK") this.onAuthenticated(socket);
      else {
        this.log.error({ status: frame.status }, "mattermost refused the bot token on the socket");
        socket.close();
      }
      return;
    }
    switch (frame.event) {
      case "hello":
        this.onAuthenticated(socket);
        break;
      case "posted":
        this.track(this.onPosted(frame.data ?? {}));
        break;
      case "reaction_added":
        this.onReaction(frame.data ?? {});
        break;
    }
  }

  private onAuthenticated(socket: WebSocket): void {
    if (this.authenticated.has(socket)) return;
    this.authenticated.add(socket);
    this.attempt = 0;
    this.log.info("mattermost socket connected");
    this.emit("connected");
  }

  private track(work: Promise<void>): void {
    this.inflight.add(work);
    void work.finally(() => this.inflight.delete(work));
  }

  /** Why `post` is none of the bot's business, or undefined when it must be answered. */
  private ignoreReason(post: MattermostPost, data: Record<string, unknown>): string | undefined {
    const me = this.me;
    if (!me) return "bot not identified yet";
    if (post.user_id === me.id) return "own post";
    if (flagged(post.props?.from_bot)) return "from a bot";
    // Webhook posts (ours included) are integrations talking, not people asking.
    if (flagged(post.props?.from_webhook)) return "from a webhook";
    if (post.type) return "system message";
    if (data.channel_type === "D") return undefined;
    if (this.mentioned(post, data)) return undefined;
    if (post.root_id && this.options.assistant.inConversation(threadKey(post.channel_id, post.root_id))) {
      return undefined;
    }
    return "not for me";
  }

  /** The post names the bot (Mattermost's own mention list, or `@name` in the text). */
  private mentioned(post: MattermostPost, data: Record<string, unknown>): boolean {
    const mentions = parseJson(data.mentions);
    if (Array.isArray(mentions) && this.me && mentions.includes(this.me.id)) return true;
    return this.mention !== undefined && new RegExp(this.mention).test(post.message);
  }

  private async onPosted(data: Record<string, unknown>): Promise<void> {
    const post = parseJson(data.post);
    if (!isPost(post)) return;
    const reason = this.ignoreReason(post, data);
    if (reason) {
      this.log.debug({ post: post.id, reason }, "mattermost post ignored");
      this.emit("ignored", { post, reason });
      return;
    }

    const rootId = post.root_id || post.id;
    const question = (this.mention ? post.message.replace(new RegExp(this.mention), "$1") : post.message)
      .replace(/^[\s,:;]+/, "")
      .trim();
    let message: string;
    let answerId: string | undefined;
    // Threads belong to people: in a channel, only the asker is followed without a mention, and
    // a thank-you gets one short reply (Assistant.inThread). Direct messages are all answered.
    const decision =
      data.channel_type === "D"
        ? ({ reply: "answer" } as const)
        : this.options.assistant.inThread({
            conversation: threadKey(post.channel_id, rootId),
            channel: "mattermost",
            user: post.user_id,
            text: question,
            mentioned: this.mentioned(post, data),
          });
    const helpLanguage = helpRequest(question);
    if (decision.reply === "none") {
      this.log.debug({ post: post.id, reason: decision.reason }, "mattermost post ignored");
      this.emit("ignored", { post, reason: decision.reason });
      return;
    }
    if (decision.reply === "thanks") {
      message = decision.text;
    } else if (helpLanguage) {
      const language = helpLanguage;
      const kb = this.options.assistant.knowledge;
      message = renderMattermostHelp(help(language, kb), language, { prefix: `@${this.me?.username}` });
    } else {
      try {
        const outcome = this.options.assistant.ask({
          text: question,
          channel: "mattermost",
          user: post.user_id,
          conversation: threadKey(post.channel_id, rootId),
        });
        message = renderMattermost(outcome.answer);
        answerId = outcome.answer.id;
      } catch (error) {
        this.log.error({ err: error, post: post.id }, "answering failed");
        message = renderMattermostApology(detectLanguage(question));
      }
    }

    try {
      const reply = await this.send({ channel_id: post.channel_id, root_id: rootId, message });
      if (answerId) this.rememberAnswer(reply.id, answerId);
      this.emit("reply", { to: post, post: reply, answerId });
    } catch (error) {
      this.log.error({ err: error, post: post.id }, "mattermost reply failed");
    }
  }

  /** Posts, retrying once after a pause when Mattermost was unreachable or overloaded. */
  private async send(post: {
    channel_id: string;
    root_id: string;
    message: string;
  }): Promise<MattermostPost> {
    try {
      return await this.api.createPost(post);
    } catch (error) {
      if (!(error instanceof MattermostApiError) || !error.retryable) throw error;
      this.log.warn({ err: error }, "mattermost reply failed; retrying once");
      await new Promise((resolve) => setTimeout(resolve, this.backoff(0)));
      return this.api.createPost(post);
    }
  }

  private rememberAnswer(postId: string, answerId: string): void {
    const now = Date.now();
    this.answers.set(postId, { answerId, at: now });
    // Insertion order is age order: forget from the front what is too old or too many.
    for (const [key, entry] of this.answers) {
      if (this.answers.size <= REMEMBERED_ANSWERS && now - entry.at <= REMEMBERED_MS) break;
      this.answers.delete(key);
    }
  }

  private onReaction(data: Record<string, unknown>): void {
    const reaction = parseJson(data.reaction) as
      | { user_id?: string; post_id?: string; emoji_name?: string }
      | undefined;
    if (!reaction?.post_id || !reaction.emoji_name || reaction.user_id === this.me?.id) return;
    const answerId = this.answers.get(reaction.post_id)?.answerId;
    if (!answerId) return;
    const vote = UP.has(reaction.emoji_name) ? "up" : DOWN.has(reaction.emoji_name) ? "down" : undefined;
    if (!vote) return;
    const known = this.options.assistant.feedback({
      answerId,
      vote,
      channel: "mattermost",
      user: reaction.user_id,
    });
    this.emit("feedback", { answerId, vote, known });
  }
}

export function createBotAccountChannel(options: BotAccountOptions): MattermostBotAccount {
  return new MattermostBotAccount(options);
}
