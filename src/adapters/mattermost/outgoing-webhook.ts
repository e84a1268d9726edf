/**
 * `POST /mattermost/webhook`: Mattermost's outgoing webhook. A message in a public channel that
 * starts with the trigger word (say `eig`) is posted here as a form or JSON (`token, team_id,
 * team_domain, channel_id, channel_name, timestamp, user_id, user_name, post_id, text,
 * trigger_word, file_ids`); the reply `{text, response_type: "comment"}` makes Mattermost post
 * the answer as a reply in that message's thread, with 👍 / 👎 buttons (vote-actions.ts).
 */
import type { FastifyInstance } from "fastify";
import type { Assistant } from "../../answer/assistant.js";
import { help } from "../../answer/help.js";
import { detectLanguage } from "../../answer/language.js";
import type { Logger } from "../../logger.js";
import { renderMattermost, renderMattermostApology, renderMattermostHelp } from "../../render/mattermost.js";
import type { Channel } from "../channel.js";
import { helpRequest } from "../help-request.js";
import {
  type Fields,
  MATTERMOST_BODY_LIMIT,
  readFields,
  registerWithForms,
  sendUnauthorized,
} from "./http.js";
import type { VoteButtons } from "./slash-command.js";
import { headerToken, requestAuthentic } from "./token.js";
import { type VoteAttachment, voteActionsUrl, voteAttachment } from "./vote-actions.js";

export const OUTGOING_WEBHOOK_PATH = "/mattermost/webhook";

export interface OutgoingWebhookResponse {
  text: string;
  response_type: "comment";
  /** The 👍 / 👎 buttons under an answer. */
  attachments?: VoteAttachment[];
}

/** "eig: quelle est la date limite ?" → "quelle est la date limite ?" */
export function stripTriggerWord(text: string, triggerWord: string | undefined): string {
  const trimmed = text.trim();
  const word = triggerWord?.trim();
  if (word && trimmed.toLowerCase().startsWith(word.toLowerCase())) {
    return trimmed
      .slice(word.length)
      .replace(/^[\s:,]+/, "")
      .trim();
  }
  return trimmed;
}

/**
 * Why a webhook call is left unanswered, or undefined when it should be answered. Mattermost's
 * payload carries no "from a bot" flag today; these checks are for posts our own bot account
 * made (their author id is known) and for proxies or future versions that add one.
 */
export function ignoreReason(fields: Fields, botUserId?: string): string | undefined {
  if (botUserId && fields.user_id === botUserId) return "own post";
  if (fields.from_bot === "true") return "from a bot";
  if (fields.from_webhook === "true") return "from a webhook";
  return undefined;
}

/** Answers one authenticated webhook call. Never throws: an error becomes a polite reply. */
export function answerOutgoingWebhook(
  fields: Fields,
  assistant: Assistant,
  logger: Logger,
  votes?: VoteButtons,
): OutgoingWebhookResponse {
  const question = stripTriggerWord(fields.text ?? "", fields.trigger_word);
  const language = helpRequest(question);
  if (language) {
    const prefix = fields.trigger_word?.trim() || undefined;
    return {
      text: renderMattermostHelp(
        help(language, assistant.knowledge, { votes: votes !== undefined }),
        language,
        {
          prefix,
        },
      ),
      response_type: "comment",
    };
  }
  try {
    const outcome = assistant.ask({
      text: question,
      channel: "mattermost",
      user: fields.user_id || undefined,
      // Mattermost sends the post id but not its thread: the user's last question in this
      // channel is the best context there is for "et pour la promo 2 ?".
      conversation:
        fields.channel_id && fields.user_id
          ? `mattermost:webhook:${fields.channel_id}:${fields.user_id}`
          : undefined,
    });
    const buttons =
      votes && !outcome.rateLimited
        ? { attachments: [voteAttachment(outcome.answer, votes.url, "webhook", votes.token)] }
        : {};
    return { text: renderMattermost(outcome.answer), response_type: "comment", ...buttons };
  } catch (error) {
    logger.error({ err: error, channel: "mattermost outgoing webhook" }, "answering failed");
    return { text: renderMattermostApology(detectLanguage(question)), response_type: "comment" };
  }
}

export interface OutgoingWebhookOptions {
  assistant: Assistant;
  logger: Logger;
  /** The token Mattermost shows once the webhook is saved (`MATTERMOST_WEBHOOK_TOKEN`). */
  token: string;
  /** The bot account's user id once known, so the webhook never answers the bot's own posts. */
  botUserId?: () => string | undefined;
}

export function registerOutgoingWebhook(
  server: FastifyInstance,
  options: OutgoingWebhookOptions,
): Promise<void> {
  const { assistant, logger, token } = options;
  return registerWithForms(server, (app) => {
    app.post(OUTGOING_WEBHOOK_PATH, { bodyLimit: MATTERMOST_BODY_LIMIT }, async (request, reply) => {
      const fields = readFields(request.body);
      if (!requestAuthentic(token, [fields.token, headerToken(request.headers.authorization)])) {
        request.log.warn(
          { route: OUTGOING_WEBHOOK_PATH },
          "mattermost webhook refused: wrong or missing token",
        );
        return sendUnauthorized(
          reply,
          "Wrong or missing token: set MATTERMOST_WEBHOOK_TOKEN to the token of this outgoing webhook.",
        );
      }
      const reason = ignoreReason(fields, options.botUserId?.());
      if (reason) {
        request.log.debug({ reason, post: fields.post_id }, "mattermost webhook post ignored");
        // An empty body: Mattermost then posts nothing.
        return reply.status(200).send();
      }
      return reply
        .type("application/json; charset=utf-8")
        .send(answerOutgoingWebhook(fields, assistant, logger, { url: voteActionsUrl(request), token }));
    });
  });
}

export function createOutgoingWebhookChannel(options: OutgoingWebhookOptions): Channel {
  return {
    name: "mattermost outgoing webhook",
    register: (server) => registerOutgoingWebhook(server, options),
  };
}
