/**
 * The web chat's JSON API:
 *   POST /api/ask       {question, conversation?}  → the Answer (429 with the Answer when rate limited);
 *                                                    `aide`, `help` or `?` alone → the help, as an Answer
 *   POST /api/feedback  {answerId, vote: up|down}  → {recorded: true}
 *   GET  /api/help                                 → intro and example questions, fr and en
 *
 * Only `Content-Type: application/json` is accepted (415 otherwise), which also keeps other
 * sites' HTML forms out: a form cannot send JSON without a CORS preflight, and there is no CORS.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Assistant } from "../../answer/assistant.js";
import { help } from "../../answer/help.js";
import type { Config } from "../../config.js";
import { sendError } from "../../server/errors.js";
import { helpAnswer, helpRequest } from "../help-request.js";
import { clientKey } from "./client-key.js";
import { askSchema, feedbackSchema, issuesMessage, WEB_QUESTION_HARD_LIMIT } from "./requests.js";

export interface WebApiOptions {
  assistant: Assistant;
  config: Config;
}

/** Checked before the body is read: a wrong type is refused without parsing it. */
async function requireJson(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const type = request.headers["content-type"]?.split(";")[0]?.trim().toLowerCase();
  if (type !== "application/json") {
    await sendError(
      reply,
      415,
      `Send the body as JSON with "Content-Type: application/json" (got ${type ? `"${type}"` : "no content type"}).`,
    );
  }
}

export function registerWebApi(server: FastifyInstance, { assistant, config }: WebApiOptions): void {
  const maxChars = Math.max(WEB_QUESTION_HARD_LIMIT, config.maxQuestionLength);
  const ask = askSchema(maxChars);
  // JSON may escape each character as \uXXXX (6 bytes); a little room for the rest of the object.
  const askBodyLimit = maxChars * 6 + 1024;

  server.post("/api/ask", { bodyLimit: askBodyLimit, onRequest: requireJson }, async (request, reply) => {
    const parsed = ask.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 400, issuesMessage(parsed.error));
    const user = clientKey(request.ip);
    reply.header("cache-control", "no-store");
    // The help is not a question: it is not rate limited, counted or voted on.
    const helpLanguage = helpRequest(parsed.data.question);
    if (helpLanguage) return helpAnswer(helpLanguage, assistant.knowledge, { votes: false });
    const { answer, rateLimited } = assistant.ask({
      text: parsed.data.question,
      channel: "web",
      user,
      // Scoped by the asker's address: a guessed conversation id cannot read someone else's thread.
      conversation: parsed.data.conversation ? `web:${user}:${parsed.data.conversation}` : undefined,
    });
    if (rateLimited) reply.status(429);
    return answer;
  });

  server.post("/api/feedback", { bodyLimit: 4096, onRequest: requireJson }, async (request, reply) => {
    const parsed = feedbackSchema.safeParse(request.body);
    if (!parsed.success) return sendError(reply, 400, issuesMessage(parsed.error));
    const { answerId, vote } = parsed.data;
    // One vote per visitor and answer, for answers of the last 7 days (the Assistant keeps count).
    const { status } = assistant.vote({ answerId, vote, channel: "web", user: clientKey(request.ip) });
    if (status === "unknown") {
      return sendError(
        reply,
        404,
        "This answer is no longer known (the bot may have restarted): ask again to vote on a new answer.",
      );
    }
    if (status === "expired") {
      return sendError(reply, 410, "This answer is more than 7 days old and can no longer be rated.");
    }
    if (status === "duplicate") return sendError(reply, 409, "This answer already has a vote.");
    reply.header("cache-control", "no-store");
    return { recorded: true };
  });

  server.get("/api/help", async (_request, reply) => {
    const kb = assistant.knowledge;
    reply.header("cache-control", "no-cache");
    return { fr: help("fr", kb), en: help("en", kb), maxQuestionLength: maxChars };
  });
}
