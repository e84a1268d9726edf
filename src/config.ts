/**
 * The environment, read once and validated. Every variable is documented in `.env.example`.
 * `loadConfig()` never throws a stack trace at the user: it throws a ConfigError whose message
 * names each missing or malformed variable, one per line, and never prints a secret.
 */
import { resolve } from "node:path";
import { z } from "zod";

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "ConfigError";
  }
}

export interface SlackConfig {
  botToken: string;
  /** Socket Mode when set. */
  appToken?: string;
  /** HTTP (Events API) when set and no app token. */
  signingSecret?: string;
  mode: "socket" | "http";
  /** Web API base URL, ending with a slash ("https://slack.com/api/"). */
  apiUrl?: string;
}

export interface MattermostConfig {
  /** Token of the slash command (`/eig`); enables `POST /mattermost/command`. */
  commandToken?: string;
  /** Token of the outgoing webhook; enables `POST /mattermost/webhook`. */
  webhookToken?: string;
  /** Bot account: server URL and its access token; enables the WebSocket connection. */
  url?: string;
  botToken?: string;
}

export interface Config {
  port: number;
  /** Interface to listen on: 127.0.0.1 (this machine only) unless HOST says otherwise (0.0.0.0). */
  host: string;
  /**
   * The HTTP server's limits (see docs/operations.md for why these values):
   *   - headersTimeoutMs: a client has this long to send a request's headers (slowloris);
   *   - requestTimeoutMs: and this long for the whole request, body included;
   *   - maxConnections: connections beyond this are refused at once;
   *   - stopGraceMs: on SIGTERM, requests in flight have this long to finish before every
   *     connection is closed and the process exits.
   * Always set by loadConfig; optional so a test may build a Config by hand without it.
   */
  http?: { headersTimeoutMs: number; requestTimeoutMs: number; maxConnections: number; stopGraceMs: number };
  /**
   * Which proxies in front of the bot to believe about the client's address (Fastify's
   * `trustProxy`): false (the default: the TCP peer is the client), true (any), a hop count, or a
   * list of addresses and CIDR ranges. The web chat's rate limit is keyed on that address.
   */
  trustProxy?: boolean | number | string;
  /**
   * The bot's public address (`PUBLIC_URL`), without a trailing slash: "https://eig-bot.example.org".
   * Sources without a `url` of their own link to the bot's page of the document,
   * `<publicUrl>/docs/<document id>#<anchor>`, in Slack and Mattermost. Unset: those chats show
   * the title and section only. The web chat links to its own `/docs/…` pages either way.
   */
  publicUrl?: string;
  /** Absolute path of the knowledge folder. */
  knowledgeDir: string;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** The day answers compare dates with; today unless `EIG_TODAY` pins it (demos, tests). */
  today?: Date;
  /** Absolute path of the persisted index's folder; undefined when turned off (`INDEX_CACHE_DIR=`). */
  indexCacheDir?: string;
  /** Watch the knowledge folder and reload on change. */
  watchKnowledge: boolean;
  /** Questions longer than this are cut, with a note. */
  maxQuestionLength: number;
  /** Per-user token bucket: questions per minute (0 disables). */
  rateLimitPerMinute: number;
  /** Append-only JSON-lines log of questions and feedback; empty string disables. */
  eventLog: string;
  /** Days of events kept in the log; older lines are pruned at start. */
  eventLogRetentionDays: number;
  /** Salt for hashing user ids in the event log. */
  userHashSalt?: string;
  slack?: SlackConfig;
  mattermost?: MattermostConfig;
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** Every variable is optional text; values are checked one by one below so that all problems are reported at once. */
const schema = z.object(
  Object.fromEntries(
    [
      "PORT",
      "HOST",
      "HEADERS_TIMEOUT_SECONDS",
      "REQUEST_TIMEOUT_SECONDS",
      "MAX_CONNECTIONS",
      "STOP_GRACE_SECONDS",
      "TRUST_PROXY",
      "PUBLIC_URL",
      "KNOWLEDGE_DIR",
      "INDEX_CACHE_DIR",
      "LOG_LEVEL",
      "EIG_TODAY",
      "WATCH_KNOWLEDGE",
      "MAX_QUESTION_LENGTH",
      "RATE_LIMIT_PER_MINUTE",
      "EVENT_LOG",
      "EVENT_LOG_RETENTION_DAYS",
      "USER_HASH_SALT",
      "SLACK_BOT_TOKEN",
      "SLACK_APP_TOKEN",
      "SLACK_SIGNING_SECRET",
      "SLACK_API_URL",
      "MATTERMOST_URL",
      "MATTERMOST_BOT_TOKEN",
      "MATTERMOST_COMMAND_TOKEN",
      "MATTERMOST_WEBHOOK_TOKEN",
    ].map((name) => [name, z.string().optional()]),
  ),
);

/** Trimmed text, or undefined when unset or blank. */
function text(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function integer(
  problems: string[],
  name: string,
  value: string | undefined,
  dflt: number,
  min: number,
  max: number,
): number {
  const v = text(value);
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${name} must be an integer from ${min} to ${max} (got "${v}")`);
    return dflt;
  }
  return n;
}

/** Shows the start of a secret so a user can tell which one is wrong, never the whole. */
export function redact(value: string): string {
  return value.length <= 6 ? "…" : `${value.slice(0, 5)}…`;
}

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}

/** TRUST_PROXY: unset/false, true, a hop count, or comma-separated addresses and CIDR ranges. */
function parseTrustProxy(problems: string[], value: string | undefined): boolean | number | string {
  if (value === undefined) return false;
  const v = value.toLowerCase();
  if (["0", "false", "no", "off"].includes(v)) return false;
  if (["true", "yes", "on"].includes(v)) return true;
  if (/^\d+$/.test(v)) return Number(v);
  const entries = value.split(",").map((x) => x.trim());
  const address = /^(?:[0-9.]+|[0-9a-f:]+)(?:\/\d{1,3})?$/i;
  const bad = entries.filter((x) => !address.test(x) || !/[.:]/.test(x));
  if (bad.length > 0) {
    problems.push(
      `TRUST_PROXY must be true, false, a number of proxies, or addresses/CIDR ranges separated by commas (got "${value}")`,
    );
    return false;
  }
  return entries.join(",");
}

/**
 * PUBLIC_URL: an http(s) address with no query or fragment; links are built under it, so a path
 * ("https://example.org/eig") is kept and the trailing slash dropped.
 */
function parsePublicUrl(problems: string[], value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.search || url.hash) {
    problems.push(
      `PUBLIC_URL must be the bot's public http(s) address, such as https://eig-bot.example.org, with no query or # (got "${value}")`,
    );
    return undefined;
  }
  return url.href.replace(/\/+$/, "");
}

/**
 * Reads and checks the environment. `env` defaults to `process.env` (after dotenv has run in
 * main.ts). Throws ConfigError listing every problem at once.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const raw = schema.parse(env) as Record<string, string | undefined>;
  const problems: string[] = [];
  const e = {
    PORT: integer(problems, "PORT", raw.PORT, 3000, 0, 65535),
    HOST: text(raw.HOST),
    HEADERS_TIMEOUT_SECONDS: integer(
      problems,
      "HEADERS_TIMEOUT_SECONDS",
      raw.HEADERS_TIMEOUT_SECONDS,
      10,
      1,
      600,
    ),
    REQUEST_TIMEOUT_SECONDS: integer(
      problems,
      "REQUEST_TIMEOUT_SECONDS",
      raw.REQUEST_TIMEOUT_SECONDS,
      30,
      1,
      3600,
    ),
    MAX_CONNECTIONS: integer(problems, "MAX_CONNECTIONS", raw.MAX_CONNECTIONS, 500, 1, 1_000_000),
    STOP_GRACE_SECONDS: integer(problems, "STOP_GRACE_SECONDS", raw.STOP_GRACE_SECONDS, 3, 0, 600),
    TRUST_PROXY: text(raw.TRUST_PROXY),
    PUBLIC_URL: text(raw.PUBLIC_URL),
    KNOWLEDGE_DIR: text(raw.KNOWLEDGE_DIR),
    INDEX_CACHE_DIR: raw.INDEX_CACHE_DIR,
    LOG_LEVEL: text(raw.LOG_LEVEL),
    EIG_TODAY: text(raw.EIG_TODAY),
    WATCH_KNOWLEDGE: text(raw.WATCH_KNOWLEDGE),
    MAX_QUESTION_LENGTH: integer(problems, "MAX_QUESTION_LENGTH", raw.MAX_QUESTION_LENGTH, 2000, 50, 100_000),
    RATE_LIMIT_PER_MINUTE: integer(
      problems,
      "RATE_LIMIT_PER_MINUTE",
      raw.RATE_LIMIT_PER_MINUTE,
      10,
      0,
      100_000,
    ),
    EVENT_LOG: raw.EVENT_LOG,
    EVENT_LOG_RETENTION_DAYS: integer(
      problems,
      "EVENT_LOG_RETENTION_DAYS",
      raw.EVENT_LOG_RETENTION_DAYS,
      90,
      1,
      36_500,
    ),
    USER_HASH_SALT: text(raw.USER_HASH_SALT),
    SLACK_BOT_TOKEN: text(raw.SLACK_BOT_TOKEN),
    SLACK_APP_TOKEN: text(raw.SLACK_APP_TOKEN),
    SLACK_SIGNING_SECRET: text(raw.SLACK_SIGNING_SECRET),
    SLACK_API_URL: text(raw.SLACK_API_URL),
    MATTERMOST_URL: text(raw.MATTERMOST_URL),
    MATTERMOST_BOT_TOKEN: text(raw.MATTERMOST_BOT_TOKEN),
    MATTERMOST_COMMAND_TOKEN: text(raw.MATTERMOST_COMMAND_TOKEN),
    MATTERMOST_WEBHOOK_TOKEN: text(raw.MATTERMOST_WEBHOOK_TOKEN),
  };
  if (e.LOG_LEVEL && !(LOG_LEVELS as readonly string[]).includes(e.LOG_LEVEL)) {
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")} (got "${e.LOG_LEVEL}")`);
  }

  const trustProxy = parseTrustProxy(problems, e.TRUST_PROXY);
  const publicUrl = parsePublicUrl(problems, e.PUBLIC_URL);
  if (e.HEADERS_TIMEOUT_SECONDS > e.REQUEST_TIMEOUT_SECONDS) {
    problems.push(
      `HEADERS_TIMEOUT_SECONDS (got "${e.HEADERS_TIMEOUT_SECONDS}") must not exceed REQUEST_TIMEOUT_SECONDS (got "${e.REQUEST_TIMEOUT_SECONDS}")`,
    );
  }

  let today: Date | undefined;
  if (e.EIG_TODAY) {
    today = new Date(`${e.EIG_TODAY}T12:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(e.EIG_TODAY) || Number.isNaN(today.getTime())) {
      problems.push(`EIG_TODAY must be a day as YYYY-MM-DD (got "${e.EIG_TODAY}")`);
    }
  }

  let slack: SlackConfig | undefined;
  if (e.SLACK_BOT_TOKEN || e.SLACK_APP_TOKEN || e.SLACK_SIGNING_SECRET) {
    if (!e.SLACK_BOT_TOKEN) {
      problems.push(
        "SLACK_BOT_TOKEN is missing: Slack needs the bot token (xoxb-…) from OAuth & Permissions",
      );
    } else if (!e.SLACK_BOT_TOKEN.startsWith("xoxb-")) {
      problems.push(`SLACK_BOT_TOKEN must start with "xoxb-" (got "${redact(e.SLACK_BOT_TOKEN)}")`);
    }
    if (e.SLACK_APP_TOKEN && !e.SLACK_APP_TOKEN.startsWith("xapp-")) {
      problems.push(`SLACK_APP_TOKEN must start with "xapp-" (got "${redact(e.SLACK_APP_TOKEN)}")`);
    }
    if (!e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET) {
      problems.push(
        "Slack needs SLACK_APP_TOKEN (xapp-…, Socket Mode) or SLACK_SIGNING_SECRET (HTTP events): neither is set",
      );
    }
    if (e.SLACK_SIGNING_SECRET && !/^[0-9a-f]{16,}$/i.test(e.SLACK_SIGNING_SECRET)) {
      problems.push(
        `SLACK_SIGNING_SECRET must be the hexadecimal secret from Basic Information (got "${redact(e.SLACK_SIGNING_SECRET)}")`,
      );
    }
    if (e.SLACK_API_URL && !isHttpUrl(e.SLACK_API_URL)) {
      problems.push(`SLACK_API_URL must be an http(s) URL (got "${e.SLACK_API_URL}")`);
    }
    if (e.SLACK_BOT_TOKEN) {
      slack = {
        botToken: e.SLACK_BOT_TOKEN,
        appToken: e.SLACK_APP_TOKEN,
        signingSecret: e.SLACK_SIGNING_SECRET,
        mode: e.SLACK_APP_TOKEN ? "socket" : "http",
        apiUrl: e.SLACK_API_URL ? e.SLACK_API_URL.replace(/\/?$/, "/") : undefined,
      };
    }
  }

  let mattermost: MattermostConfig | undefined;
  if (
    e.MATTERMOST_URL ||
    e.MATTERMOST_BOT_TOKEN ||
    e.MATTERMOST_COMMAND_TOKEN ||
    e.MATTERMOST_WEBHOOK_TOKEN
  ) {
    if (e.MATTERMOST_URL && !isHttpUrl(e.MATTERMOST_URL)) {
      problems.push(
        `MATTERMOST_URL must be an http(s) URL such as https://chat.example.org (got "${e.MATTERMOST_URL}")`,
      );
    }
    if (e.MATTERMOST_URL && !e.MATTERMOST_BOT_TOKEN) {
      problems.push("MATTERMOST_BOT_TOKEN is missing: the bot account needs its access token");
    }
    if (e.MATTERMOST_BOT_TOKEN && !e.MATTERMOST_URL) {
      problems.push("MATTERMOST_URL is missing: the bot account needs the server address");
    }
    mattermost = {
      commandToken: e.MATTERMOST_COMMAND_TOKEN,
      webhookToken: e.MATTERMOST_WEBHOOK_TOKEN,
      url: e.MATTERMOST_URL?.replace(/\/+$/, ""),
      botToken: e.MATTERMOST_BOT_TOKEN,
    };
  }

  if (problems.length > 0) throw new ConfigError(problems);

  const watch = (e.WATCH_KNOWLEDGE ?? "true").toLowerCase();
  return {
    port: e.PORT,
    // A trial on a laptop serves this machine only; servers and containers set HOST=0.0.0.0.
    host: e.HOST ?? "127.0.0.1",
    http: {
      headersTimeoutMs: e.HEADERS_TIMEOUT_SECONDS * 1000,
      requestTimeoutMs: e.REQUEST_TIMEOUT_SECONDS * 1000,
      maxConnections: e.MAX_CONNECTIONS,
      stopGraceMs: e.STOP_GRACE_SECONDS * 1000,
    },
    trustProxy,
    ...(publicUrl ? { publicUrl } : {}),
    knowledgeDir: resolve(cwd, e.KNOWLEDGE_DIR ?? "knowledge"),
    // Set but empty turns the persisted index off; unset means the default folder.
    indexCacheDir:
      e.INDEX_CACHE_DIR === undefined
        ? resolve(cwd, ".cache/index")
        : e.INDEX_CACHE_DIR.trim()
          ? resolve(cwd, e.INDEX_CACHE_DIR.trim())
          : undefined,
    logLevel: (e.LOG_LEVEL as Config["logLevel"] | undefined) ?? "info",
    today,
    watchKnowledge: !["0", "false", "no", "off"].includes(watch),
    maxQuestionLength: e.MAX_QUESTION_LENGTH,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    eventLog: e.EVENT_LOG === undefined ? "data/events.jsonl" : e.EVENT_LOG.trim(),
    eventLogRetentionDays: e.EVENT_LOG_RETENTION_DAYS,
    userHashSalt: e.USER_HASH_SALT,
    slack,
    mattermost,
  };
}
