/**
 * HTTP mode on the shared Fastify server: `POST /slack/events` (events, slash commands and
 * interactivity all use it) is handed, untouched, to Bolt's HTTPReceiver. Slack signs the raw
 * body, so Fastify must not parse it: inside this encapsulated plugin every content type is
 * "parsed" to nothing, leaving the request stream for Bolt to read, verify (signature, 5-minute
 * timestamp window) and acknowledge. Other routes of the server keep their parsers.
 */
import type { HTTPReceiver } from "@slack/bolt";
import type { FastifyInstance } from "fastify";
import type { Logger } from "../../logger.js";

export const SLACK_EVENTS_PATH = "/slack/events";

export function slackRoutes(receiver: HTTPReceiver, logger: Logger) {
  return async (scope: FastifyInstance): Promise<void> => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", (_request, _payload, done) => done(null));
    scope.post(SLACK_EVENTS_PATH, (request, reply) => {
      reply.hijack();
      try {
        receiver.requestListener(request.raw, reply.raw);
      } catch (error) {
        // Only thrown for a path or method the receiver does not serve, which the route rules out.
        logger.error({ err: error }, "slack: the receiver refused a request");
        if (!reply.raw.headersSent) reply.raw.writeHead(500).end();
      }
    });
  };
}
