/**
 * The chat page's few files (HTML, CSS, JS, icon, and the document pages' style sheet), read once at start and served from memory with
 * an ETag. Four files do not need @fastify/static; the CSP forbids inline code, so the script
 * and the style are files of their own.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { FastifyInstance } from "fastify";

interface StaticFile {
  route: string;
  file: string;
  type: string;
}

export const PUBLIC_DIR = new URL("./public/", import.meta.url);

const FILES: StaticFile[] = [
  { route: "/", file: "index.html", type: "text/html; charset=utf-8" },
  { route: "/chat.css", file: "chat.css", type: "text/css; charset=utf-8" },
  { route: "/docs.css", file: "docs.css", type: "text/css; charset=utf-8" },
  { route: "/chat.js", file: "chat.js", type: "text/javascript; charset=utf-8" },
  { route: "/favicon.svg", file: "favicon.svg", type: "image/svg+xml" },
];

export async function registerStaticFiles(server: FastifyInstance): Promise<void> {
  for (const { route, file, type } of FILES) {
    const body = await readFile(new URL(file, PUBLIC_DIR));
    const etag = `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`;
    server.get(route, async (request, reply) => {
      // no-cache: the browser revalidates, so an upgraded bot never runs yesterday's script.
      reply.header("cache-control", "no-cache").header("etag", etag);
      if (request.headers["if-none-match"] === etag) return reply.status(304).send();
      return reply.type(type).send(body);
    });
  }
}
