/**
 * `GET /source?file=knowledge/…md`: the Markdown of a knowledge document, as plain text, so a
 * source without a public url is still a link that opens what the answer quoted. Only files that
 * are documents of the answering knowledge can be read: the path is looked up, never joined.
 */
import { readFile } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import type { FastifyInstance } from "fastify";
import type { Assistant } from "../../answer/assistant.js";
import { sendError } from "../../server/errors.js";

/** The web page's link for a source that has no url. */
export function sourceFileHref(file: string): string {
  return `/source?file=${encodeURIComponent(file)}`;
}

export function registerSourceFiles(server: FastifyInstance, assistant: Assistant): void {
  server.get<{ Querystring: { file?: string } }>("/source", async (request, reply) => {
    const file = request.query.file;
    if (typeof file !== "string" || file === "") {
      return sendError(reply, 400, "file is missing: /source?file=knowledge/<name>.md");
    }
    const doc = assistant.knowledge.documents.find((d) => d.file === file);
    if (!doc) return sendError(reply, 404, `${file.slice(0, 200)} is not a document the bot answers from.`);
    let text: Buffer;
    try {
      text = await readFile(isAbsolute(doc.file) ? doc.file : resolve(doc.file));
    } catch {
      // Deleted since the last reload: the reload will follow.
      return sendError(reply, 404, `${doc.file} can no longer be read.`);
    }
    return reply.header("cache-control", "no-cache").type("text/plain; charset=utf-8").send(text);
  });
}
