/**
 * The one HTTP server: `/healthz`, the web chat and its API, and whatever routes the other
 * channels register (Slack HTTP events, Mattermost endpoints). Built here, listened to by
 * src/main.ts, so tests build the very same server on port 0.
 */
import { createServer as createHttpServer } from "node:http";
import helmet from "@fastify/helmet";
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from "fastify";
import type { Channel } from "../adapters/channel.js";
import { createWebChannel } from "../adapters/web/index.js";
import type { Assistant } from "../answer/assistant.js";
import type { Config } from "../config.js";
import type { KnowledgeStore } from "../knowledge/knowledge-store.js";
import type { Logger } from "../logger.js";
import { trackConnections } from "./connections.js";
import { errorBody, installErrorHandlers } from "./errors.js";
import { registerHealthz } from "./healthz.js";
import { registerRefusalLimit } from "./refusal-limit.js";
import { helmetOptions } from "./security.js";

export interface ServerOptions {
  assistant: Assistant;
  config: Config;
  logger: Logger;
  /** Channels other than the web chat (always on): their `register()` adds their routes. */
  channels?: Channel[];
  /** The live knowledge, for /healthz's reload status. Without it /healthz reads the assistant's. */
  store?: KnowledgeStore;
  /**
   * Called when a channel's `register()` fails (Slack HTTP mode checks its token there); the
   * channel is left out and the others still serve. Without it the failure is thrown.
   */
  onChannelError?: (channel: Channel, error: unknown) => void;
  /**
   * Resolves true once everything the staff log was given is on disk (EventLog.sync). When set,
   * a vote is acknowledged only after it: the answer of the routes in DURABLE_ROUTES waits for
   * it, and is a 503 when the log could not write.
   */
  durable?: () => Promise<boolean>;
}

/**
 * Routes whose success says "written": `POST /api/feedback` answers `{"recorded": true}`. (Slack
 * and Mattermost votes are acknowledged by the platform before the bot sees them.)
 */
export const DURABLE_ROUTES: ReadonlySet<string> = new Set(["POST /api/feedback"]);

/**
 * Largest request body any route takes unless it sets its own. Slack interaction payloads and a
 * Mattermost message of 20,000 characters, percent-encoded, stay well under it.
 */
export const SERVER_BODY_LIMIT = 1024 * 1024;

/** Fastify's `trustProxy` takes a hop count as a function of the hop (its types omit the number). */
function trustProxy(
  value: Config["trustProxy"],
): boolean | string | ((address: string, hop: number) => boolean) {
  if (typeof value === "number") return (_address, hop) => hop < value;
  return value ?? false;
}

/** The limits when a test builds a Config by hand without them; the same as src/config.ts's defaults. */
export const DEFAULT_HTTP_LIMITS: NonNullable<Config["http"]> = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  maxConnections: 500,
  stopGraceMs: 3_000,
};

/**
 * How often Node checks the headers and request timeouts. Its default, 30 s, would let a
 * 10 s headers timeout run to 40 s; walking 500 connections once a second costs nothing.
 */
const TIMEOUT_CHECK_MS = 1_000;

export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  const { assistant, config, logger, store } = options;
  const limits = config.http ?? DEFAULT_HTTP_LIMITS;
  // Typed as Fastify's base logger so the instance is the plain `FastifyInstance` channels take.
  const server: FastifyInstance = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // One debug line per request (below) instead of Fastify's two info lines.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: SERVER_BODY_LIMIT,
    // Behind a reverse proxy, request.ip is the proxy's unless it is trusted (TRUST_PROXY).
    trustProxy: trustProxy(config.trustProxy),
    // A slow client cannot hold a connection open (slowloris): headers within
    // HEADERS_TIMEOUT_SECONDS, the whole request within REQUEST_TIMEOUT_SECONDS, checked every
    // second; at most MAX_CONNECTIONS open at once (more are closed on arrival).
    serverFactory: (handler) => {
      const http = createHttpServer(
        {
          headersTimeout: limits.headersTimeoutMs,
          requestTimeout: limits.requestTimeoutMs,
          connectionsCheckingInterval: TIMEOUT_CHECK_MS,
        },
        handler,
      );
      http.maxConnections = limits.maxConnections;
      return http;
    },
    // While stopping: new requests get 503, in-flight ones finish.
    return503OnClosing: true,
  });

  server.addHook("onResponse", async (request, reply) => {
    request.log.debug(
      {
        method: request.method,
        route: request.routeOptions.url ?? "(none)",
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      "request",
    );
  });

  // While stopping, every response closes its connection: a kept-alive browser connection would
  // otherwise hold the stop until its keep-alive timeout (72 s) ran out.
  let closing = false;
  server.addHook("preClose", async () => {
    closing = true;
  });
  server.addHook("onSend", async (_request, reply) => {
    if (closing) reply.header("connection", "close");
  });

  // Counts each connection's requests in progress, for a stop no client can hold up (stopServer).
  trackConnections(server);

  const durable = options.durable;
  if (durable) {
    server.addHook("onSend", async (request, reply, payload) => {
      if (reply.statusCode !== 200 || !DURABLE_ROUTES.has(`${request.method} ${request.routeOptions.url}`)) {
        return payload;
      }
      if (await durable()) return payload;
      reply.code(503).type("application/json; charset=utf-8");
      return JSON.stringify(
        errorBody(503, "The vote could not be written to the staff's log. Please try again in a moment."),
      );
    });
  }

  await server.register(helmet, helmetOptions);
  installErrorHandlers(server);
  // Before the channels add their routes: refused requests to them are limited per address.
  registerRefusalLimit(server);

  registerHealthz(server, {
    knowledge: () => store?.current ?? assistant.knowledge,
    rejection: () => store?.rejection,
    watching: () => store?.watching ?? false,
  });

  await createWebChannel({ assistant, config, logger }).register?.(server);
  for (const channel of options.channels ?? []) {
    try {
      await channel.register?.(server);
    } catch (error) {
      if (!options.onChannelError) throw error;
      options.onChannelError(channel, error);
    }
  }
  return server;
}
