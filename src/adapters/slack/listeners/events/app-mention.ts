/**
 * `@eig …` in a channel: answered in a thread under the question (or in the thread it was asked
 * in). The text is decoded to what the person typed first (decode-text.ts). A mention with no
 * question, or with `aide`, `help`, `?`, gets the help; a thank-you gets one short reply per
 * thread (Assistant.inThread). Bolt has already acknowledged the event when this runs, so the
 * answer can take its time.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { helpRequest } from "../../../help-request.js";
import { decodeSlackText } from "../../decode-text.js";
import { conversationKey, type SlackDeps, stripBotMention } from "../../deps.js";
import { helpMessage, postAnswer, postOrApologise, shortReply } from "../../reply.js";
import { messageKeys } from "../../seen-events.js";

/** A mention can come with a file or be a thread reply also sent to the channel. */
const PERSON_SUBTYPES = new Set(["file_share", "thread_broadcast"]);

export type AppMentionArgs = AllMiddlewareArgs & SlackEventMiddlewareArgs<"app_mention">;

export function appMention(deps: SlackDeps) {
  return async ({ event, body, client, context }: AppMentionArgs): Promise<void> => {
    // Bolt's ignoreSelf drops our own user; other bots (and our own bot_id) are dropped here.
    const byPerson = event.subtype === undefined || PERSON_SUBTYPES.has(event.subtype);
    if (event.bot_id || !byPerson || !event.user) {
      deps.logger.debug(
        { eventId: body.event_id, channel: event.channel, subtype: event.subtype, bot: event.bot_id },
        "slack: mention ignored (not a person writing)",
      );
      return;
    }
    if (!deps.seen.claim(messageKeys(body.event_id, event.channel, event.ts))) {
      deps.logger.debug({ eventId: body.event_id, retry: context.retryNum }, "slack: event already taken");
      return;
    }
    const threadTs = event.thread_ts ?? event.ts;
    const text = decodeSlackText(stripBotMention(event.text, context.botUserId));
    const where = { channel: event.channel, threadTs, text };
    const helpLanguage = helpRequest(text);
    if (helpLanguage) {
      await postOrApologise(deps, client, where, helpMessage(deps, helpLanguage));
      return;
    }
    const conversation = conversationKey(body.team_id, event.channel, threadTs);
    const decision = deps.assistant.inThread({
      conversation,
      channel: "slack",
      user: event.user,
      text,
      mentioned: true,
    });
    if (decision.reply === "none") {
      deps.logger.debug(
        { eventId: body.event_id, reason: decision.reason },
        "slack: mention left unanswered",
      );
      return;
    }
    if (decision.reply === "thanks") {
      await postOrApologise(deps, client, where, shortReply(decision.text));
      return;
    }
    await postAnswer(deps, client, {
      text,
      user: event.user,
      channel: event.channel,
      threadTs,
      conversation,
    });
  };
}
