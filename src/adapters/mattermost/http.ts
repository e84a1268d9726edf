/**
 * What the slash command and the outgoing webhook share: reading Mattermost's form-urlencoded or
 * JSON bodies, the body size limit, and the one shape of error the server answers with.
 */
import formbody from "@fastify/formbody";
import type { FastifyInstance, FastifyReply } from "fastify";

/**
 * Largest body the Mattermost endpoints take. A post is at most 16,383 characters; percent-encoded
 * as UTF-8 a character takes at most 12 bytes, so the longest real request is under 200 KB.
 */
export const MATTERMOST_BODY_LIMIT = 256 * 1024;

/** The string fields of a parsed form or JSON body; anything else (numbers, arrays, objects) is ignored. */
export type Fields = Record<string, string>;

export function readFields(body: unknown): Fields {
  const fields: Fields = {};
  if (body === null || typeof body !== "object" || Array.isArray(body)) return fields;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    // A repeated form field arrives as an array: its first value counts, as in Go's FormValue.
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === "string") fields[key] = first;
    else if (typeof first === "number" || typeof first === "boolean") fields[key] = String(first);
  }
  return fields;
}

/**
 * The error shape of the whole server (`{statusCode, error, message}`, as src/server/errors.ts
 * sends), written here so this adapter does not depend on the server's internals.
 */
export function sendUnauthorized(reply: FastifyReply, message: string): FastifyReply {
  return reply
    .status(401)
    .type("application/json; charset=utf-8")
    .send({ statusCode: 401, error: "Unauthorized", message });
}

/**
 * Registers `routes` in their own encapsulated context with a form-urlencoded parser: Mattermost
 * posts forms, and a parser added here stays out of every other channel's routes. When a parent
 * context already parses forms, its parser is kept (adding a second one would throw).
 */
export async function registerWithForms(
  server: FastifyInstance,
  routes: (app: FastifyInstance) => void,
): Promise<void> {
  await server.register(async (app) => {
    if (!app.hasContentTypeParser("application/x-www-form-urlencoded")) {
      await app.register(formbody, { bodyLimit: MATTERMOST_BODY_LIMIT });
    }
    routes(app);
  });
}
