/**
 * `POST /mattermost/command`: Mattermost's custom slash command (`/eig <question>`).
 *
 * Mattermost posts a form (`channel_id, channel_name, command, response_url, team_domain,
 * team_id, text, token, trigger_id, user_id, user_name`) with `Authorization: Token <token>`, and
 * shows the JSON reply `{response_type, text}`. Answers are ephemeral (only the asker sees them):
 * a question is often a private doubt and should not fill the channel. `/eig public <question>`
 * posts question and answer for the whole channel. `/eig`, `/eig aide`, `/eig ?` and `/eig help`
 * show help. Each answer carries 👍 / 👎 buttons (vote-actions.ts): one vote per person, thanked
 * privately, the buttons left for the others.
 */
import type { FastifyInstance } from "fastify";
import type { Assistant } from "../../answer/assistant.js";
import { help } from "../../answer/help.js";
import { detectLanguage } from "../../answer/language.js";
import type { Language } from "../../answer/types.js";
import type { Logger } from "../../logger.js";
import {
  MATTERMOST_POST_LIMIT,
  renderMattermost,
  renderMattermostApology,
  renderMattermostHelp,
  renderMattermostQuestion,
} from "../../render/mattermost.js";
import type { Channel } from "../channel.js";
import { helpRequest } from "../help-request.js";
import {
  type Fields,
  MATTERMOST_BODY_LIMIT,
  readFields,
  registerWithForms,
  sendUnauthorized,
} from "./http.js";
import { headerToken, requestAuthentic } from "./token.js";
import { type VoteAttachment, voteActionsUrl, voteAttachment } from "./vote-actions.js";

export const SLASH_COMMAND_PATH = "/mattermost/command";

export interface SlashCommandResponse {
  response_type: "ephemeral" | "in_channel";
  text: string;
  /** The 👍 / 👎 buttons under an answer. */
  attachments?: VoteAttachment[];
}

/** Where vote buttons point and what signs them; without it, answers carry no buttons. */
export interface VoteButtons {
  url: string;
  token: string;
}

export interface ParsedCommand {
  /** Help asked for (empty text, `aide`, `help`, `?`), in this language. */
  help?: Language;
  question: string;
  visibility: SlashCommandResponse["response_type"];
}

/** Reads `/eig [public] <question>`. */
export function parseCommandText(raw: string): ParsedCommand {
  let text = raw.trim();
  let visibility: ParsedCommand["visibility"] = "ephemeral";
  const publicMatch = /^public(?:\s+|$)/i.exec(text);
  if (publicMatch) {
    visibility = "in_channel";
    text = text.slice(publicMatch[0].length).trim();
  }
  const helpLanguage = helpRequest(text);
  if (helpLanguage) return { help: helpLanguage, question: "", visibility: "ephemeral" };
  return { question: text, visibility };
}

/** The most of a question shown above a public answer. */
const ECHO_LIMIT = 300;

function echo(question: string): string {
  const chars = Array.from(question);
  return chars.length <= ECHO_LIMIT ? question : `${chars.slice(0, ECHO_LIMIT).join("")}…`;
}

/** Answers one authenticated slash command. Never throws: an error becomes a polite reply. */
export function answerSlashCommand(
  fields: Fields,
  assistant: Assistant,
  logger: Logger,
  votes?: VoteButtons,
): SlashCommandResponse {
  const parsed = parseCommandText(fields.text ?? "");
  const command = /^\/[\w-]{1,64}$/.test(fields.command ?? "") ? fields.command : "/eig";
  if (parsed.help) {
    return {
      response_type: "ephemeral",
      text: renderMattermostHelp(
        help(parsed.help, assistant.knowledge, { votes: votes !== undefined }),
        parsed.help,
        {
          prefix: command,
        },
      ),
    };
  }
  try {
    const outcome = assistant.ask({
      text: parsed.question,
      channel: "mattermost",
      user: fields.user_id || undefined,
      // A slash command has no thread: a user's next /eig in the same channel follows up on the last.
      conversation:
        fields.channel_id && fields.user_id
          ? `mattermost:command:${fields.channel_id}:${fields.user_id}`
          : undefined,
    });
    // No buttons under "please wait": there is no answer to judge.
    const buttons =
      votes && !outcome.rateLimited
        ? { attachments: [voteAttachment(outcome.answer, votes.url, "command", votes.token)] }
        : {};
    // "Please wait" is for the asker only, even when they asked in public.
    if (parsed.visibility === "ephemeral" || outcome.rateLimited) {
      return { response_type: "ephemeral", text: renderMattermost(outcome.answer), ...buttons };
    }
    const header = renderMattermostQuestion(
      fields.user_name ?? "",
      echo(parsed.question),
      outcome.answer.language,
    );
    const room = MATTERMOST_POST_LIMIT - Array.from(header).length - 400;
    return {
      response_type: "in_channel",
      text: `${header}\n\n${renderMattermost(outcome.answer, { maxLength: room })}`,
      ...buttons,
    };
  } catch (error) {
    logger.error({ err: error, channel: "mattermost slash command" }, "answering failed");
    return { response_type: "ephemeral", text: renderMattermostApology(detectLanguage(parsed.question)) };
  }
}

export interface SlashCommandOptions {
  assistant: Assistant;
  logger: Logger;
  /** The token Mattermost shows once the command is saved (`MATTERMOST_COMMAND_TOKEN`). */
  token: string;
}

export function registerSlashCommand(server: FastifyInstance, options: SlashCommandOptions): Promise<void> {
  const { assistant, logger, token } = options;
  return registerWithForms(server, (app) => {
    app.post(SLASH_COMMAND_PATH, { bodyLimit: MATTERMOST_BODY_LIMIT }, async (request, reply) => {
      const fields = readFields(request.body);
      if (!requestAuthentic(token, [fields.token, headerToken(request.headers.authorization)])) {
        request.log.warn(
          { route: SLASH_COMMAND_PATH },
          "mattermost slash command refused: wrong or missing token",
        );
        return sendUnauthorized(
          reply,
          "Wrong or missing token: set MATTERMOST_COMMAND_TOKEN to the token of this slash command.",
        );
      }
      return reply
        .type("application/json; charset=utf-8")
        .send(answerSlashCommand(fields, assistant, logger, { url: voteActionsUrl(request), token }));
    });
  });
}

export function createSlashCommandChannel(options: SlashCommandOptions): Channel {
  return {
    name: "mattermost slash command",
    register: (server) => registerSlashCommand(server, options),
  };
}
