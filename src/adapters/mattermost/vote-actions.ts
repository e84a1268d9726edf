/**
 * 👍 / 👎 under answers of the slash command and the outgoing webhook: Mattermost's interactive
 * message buttons (developers.mattermost.com, "Interactive messages"). Each answer carries a
 * message attachment with two buttons whose `integration.url` is this bot's
 * `POST /mattermost/actions`; a click makes the Mattermost server post there
 * `{user_id, post_id, channel_id, team_id, context, …}` as JSON, and the reply
 * `{ephemeral_text}` is shown to the voter alone. No `update` is sent back: the post and its
 * buttons stay as they are for everyone else.
 *
 * Trust: the request comes from the Mattermost server, which keeps the buttons' `integration`
 * (url and context) to itself and never sends it to clients. The context carries a signature of
 * the answer id and the vote, keyed from the integration's token (MATTERMOST_COMMAND_TOKEN or
 * MATTERMOST_WEBHOOK_TOKEN), so a request that did not come through a button the bot made is
 * refused (401) and a person cannot vote in someone else's name. The answer id itself is signed
 * by the Assistant (src/answer/votes.ts), which accepts a vote for 7 days, once per person.
 *
 * The buttons' url is this server's address as Mattermost reached it for the command or webhook
 * (the request's host, and its scheme: behind a reverse proxy set TRUST_PROXY so that it is
 * https). Mattermost must be allowed to call it: a private address needs to be listed in
 * Mattermost's "Allow untrusted internal connections to" setting.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Assistant } from "../../answer/assistant.js";
import type { Answer, Language } from "../../answer/types.js";
import type { Logger } from "../../logger.js";
import type { Channel } from "../channel.js";
import { voteReply } from "../vote-replies.js";
import { sendUnauthorized } from "./http.js";

export const VOTE_ACTIONS_PATH = "/mattermost/actions";

/** Which integration made the buttons: its token keys their signature. */
export type VoteVia = "command" | "webhook";

/** What the buttons' integration context holds (all strings, as Mattermost echoes them). */
interface VoteContext {
  answer_id: string;
  vote: "up" | "down";
  lang: Language;
  via: VoteVia;
  sig: string;
}

/** A Mattermost message attachment with buttons (the "legacy" attachments, still supported). */
export interface VoteAttachment {
  fallback: string;
  text: string;
  actions: {
    id: string;
    name: string;
    type: "button";
    style: "default" | "primary";
    integration: { url: string; context: VoteContext };
  }[];
}

const LABELS: Record<Language, { question: string; up: string; down: string }> = {
  fr: { question: "Cette réponse vous a-t-elle aidé ?", up: "👍 Oui, utile", down: "👎 Non" },
  en: { question: "Did this answer help?", up: "👍 Yes, helpful", down: "👎 No" },
};

function sign(token: string, answerId: string, vote: string): string {
  const key = createHmac("sha256", token).update("eig-bot mattermost vote buttons").digest();
  return createHmac("sha256", key).update(`${answerId}\0${vote}`).digest("base64url");
}

/** The address of the vote route, as the Mattermost server reached this one. */
export function voteActionsUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}${VOTE_ACTIONS_PATH}`;
}

/** The 👍 / 👎 attachment for `answer`, its buttons pointing at `url`. */
export function voteAttachment(answer: Answer, url: string, via: VoteVia, token: string): VoteAttachment {
  const labels = LABELS[answer.language];
  const button = (vote: "up" | "down") => ({
    id: vote === "up" ? "eigvoteup" : "eigvotedown",
    name: vote === "up" ? labels.up : labels.down,
    type: "button" as const,
    style: vote === "up" ? ("primary" as const) : ("default" as const),
    integration: {
      url,
      context: { answer_id: answer.id, vote, lang: answer.language, via, sig: sign(token, answer.id, vote) },
    },
  });
  return { fallback: labels.question, text: labels.question, actions: [button("up"), button("down")] };
}

function readContext(body: unknown): (VoteContext & { user: string }) | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const { user_id: user, context } = body as { user_id?: unknown; context?: unknown };
  if (typeof user !== "string" || user === "" || typeof context !== "object" || context === null)
    return undefined;
  const c = context as Record<string, unknown>;
  if (typeof c.answer_id !== "string" || typeof c.sig !== "string") return undefined;
  if (c.vote !== "up" && c.vote !== "down") return undefined;
  if (c.via !== "command" && c.via !== "webhook") return undefined;
  const lang: Language = c.lang === "en" ? "en" : "fr";
  return { user, answer_id: c.answer_id, vote: c.vote, via: c.via, lang, sig: c.sig };
}

export interface VoteActionsOptions {
  assistant: Assistant;
  logger: Logger;
  /** The tokens that sign the buttons, per integration that makes them. */
  tokens: Partial<Record<VoteVia, string>>;
}

export function registerVoteActions(server: FastifyInstance, options: VoteActionsOptions): void {
  const { assistant, logger, tokens } = options;
  server.post(VOTE_ACTIONS_PATH, { bodyLimit: 16 * 1024 }, async (request, reply) => {
    const context = readContext(request.body);
    const token = context ? tokens[context.via] : undefined;
    const expected = context && token ? Buffer.from(sign(token, context.answer_id, context.vote)) : undefined;
    const given = Buffer.from(context?.sig ?? "");
    if (!context || !expected || expected.length !== given.length || !timingSafeEqual(expected, given)) {
      request.log.warn({ route: VOTE_ACTIONS_PATH }, "mattermost vote refused: not a button this bot made");
      return sendUnauthorized(reply, "Not a vote button of this bot: the request is refused.");
    }
    let status: ReturnType<Assistant["vote"]>["status"];
    try {
      status = assistant.vote({
        answerId: context.answer_id,
        vote: context.vote,
        channel: "mattermost",
        user: context.user,
      }).status;
    } catch (error) {
      // The vote is lost, not the courtesy.
      logger.error({ err: error, answerId: context.answer_id }, "mattermost: recording a vote failed");
      status = "recorded";
    }
    return reply
      .type("application/json; charset=utf-8")
      .send({ ephemeral_text: voteReply(status, context.vote, context.lang) });
  });
}

export function createVoteActionsChannel(options: VoteActionsOptions): Channel {
  return {
    name: "mattermost vote buttons",
    register: (server) => registerVoteActions(server, options),
  };
}
