/**
 * Refused requests to the chat platforms' routes (`/slack/events`, `/mattermost/*`), limited per
 * client address. A request those routes refuse (401/403: no signature, a wrong token) costs a
 * signature check and a warning line; a client sending thousands of them a second would fill the
 * disk with warnings. So each address may be refused `perMinute` times a minute (a token bucket);
 * beyond that its requests to these routes get 429 at once, before any reading or logging, until
 * the bucket refills. The platforms themselves sign their requests and are never refused, so
 * they never meet the limit. The refusals over the limit are counted in one warning, which the
 * logger's throttle sums up (src/logger.ts).
 *
 * Hand-written rather than @fastify/rate-limit: that plugin counts every request, and what is
 * limited here is only the refused ones, known once the route has answered.
 */
import type { FastifyInstance } from "fastify";
import { clientKey } from "../adapters/web/client-key.js";
import { sendError } from "./errors.js";

export const LIMITED_PREFIXES = ["/slack/events", "/mattermost/"] as const;
/** Refusals an address may get per minute before its requests get 429. */
export const REFUSALS_PER_MINUTE = 20;
/** Addresses tracked at once; the oldest are forgotten beyond it. */
const MAX_ADDRESSES = 10_000;
const MINUTE = 60_000;

interface Bucket {
  tokens: number;
  at: number;
}

export interface RefusalLimitOptions {
  perMinute?: number;
  now?: () => number;
}

function limited(url: string): boolean {
  const path = url.split("?")[0] ?? "";
  return LIMITED_PREFIXES.some((prefix) => path === prefix || path.startsWith(prefix));
}

export function registerRefusalLimit(server: FastifyInstance, options: RefusalLimitOptions = {}): void {
  const perMinute = options.perMinute ?? REFUSALS_PER_MINUTE;
  const now = options.now ?? Date.now;
  const buckets = new Map<string, Bucket>();

  const refill = (key: string): Bucket => {
    const t = now();
    const bucket = buckets.get(key) ?? { tokens: perMinute, at: t };
    bucket.tokens = Math.min(perMinute, bucket.tokens + ((t - bucket.at) / MINUTE) * perMinute);
    bucket.at = t;
    return bucket;
  };

  server.addHook("onRequest", async (request, reply) => {
    if (perMinute <= 0 || !limited(request.url)) return;
    const key = clientKey(request.ip);
    const known = buckets.get(key);
    if (known && refill(key).tokens < 1) {
      request.log.warn(
        { route: request.url.split("?")[0], limit: perMinute },
        "refused requests rate-limited: this address was refused too often",
      );
      const wait = Math.ceil(((1 - known.tokens) / perMinute) * 60);
      reply.header("retry-after", String(Math.max(1, wait)));
      return sendError(
        reply,
        429,
        `Too many refused requests from this address: try again in ${Math.max(1, wait)} s, with a valid signature or token.`,
      );
    }
    // The status is known once the answer is written (the Slack route writes it itself).
    reply.raw.once("finish", () => {
      const status = reply.raw.statusCode;
      if (status !== 401 && status !== 403) return;
      const bucket = refill(key);
      bucket.tokens -= 1;
      buckets.delete(key);
      buckets.set(key, bucket);
      if (buckets.size > MAX_ADDRESSES) {
        const oldest = buckets.keys().next().value;
        if (oldest !== undefined) buckets.delete(oldest);
      }
    });
  });
}
