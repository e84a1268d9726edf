/**
 * Messages without a mention: a direct message is always answered (in the DM, or in its thread);
 * in a channel, only a reply inside a thread where the bot already answered, from the person who
 * asked there, is; it is read against that thread's last question ("et pour la promo 2 ?"), and a
 * thank-you gets one short reply (Assistant.inThread). Everything else in a channel is none of
 * the bot's business: it needs `channels:history` to see thread replies, not to read
 * conversations. Text is decoded to what the person typed (decode-text.ts); `aide`, `help`, `?`
 * alone get the help.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { helpRequest } from "../../../help-request.js";
import { decodeSlackText } from "../../decode-text.js";
import { conversationKey, mentionsBot, type SlackDeps, stripBotMention } from "../../deps.js";
import { helpMessage, postAnswer, postOrApologise, shortReply } from "../../reply.js";
import { messageKeys } from "../../seen-events.js";

export type MessageArgs = AllMiddlewareArgs & SlackEventMiddlewareArgs<"message">;

export function message(deps: SlackDeps) {
  return async ({ event, body, client, context }: MessageArgs): Promise<void> => {
    // Debug lines say why a message was left alone: "why did the bot not answer?" has an answer.
    const ignore = (reason: string) =>
      deps.logger.debug({ eventId: body.event_id, channel: event.channel, reason }, "slack: message ignored");
    // Only a person writing: edits, deletions, joins and bot posts carry other subtypes.
    if (event.subtype !== undefined && event.subtype !== "file_share" && event.subtype !== "thread_broadcast")
      return ignore(`subtype ${event.subtype}`);
    if ("bot_id" in event && event.bot_id) return ignore("from a bot");
    if (!event.user || event.user === context.botUserId) return ignore("from the bot itself");
    const raw = event.text ?? "";
    const isDirect = event.channel_type === "im";
    const inThread = event.thread_ts !== undefined && event.thread_ts !== event.ts;

    let conversation: string;
    if (isDirect) {
      conversation = conversationKey(
        body.team_id,
        event.channel,
        inThread ? (event.thread_ts ?? "dm") : "dm",
      );
    } else {
      if (!inThread || !event.thread_ts) return ignore("channel message outside a thread (needs a mention)");
      if (mentionsBot(raw, context.botUserId)) return ignore("mention, answered as app_mention");
      conversation = conversationKey(body.team_id, event.channel, event.thread_ts);
      if (!deps.assistant.inConversation(conversation)) return ignore("thread the bot has not answered in");
    }
    if (!deps.seen.claim(messageKeys(body.event_id, event.channel, event.ts))) {
      deps.logger.debug({ eventId: body.event_id, retry: context.retryNum }, "slack: event already taken");
      return;
    }

    const threadTs = inThread ? event.thread_ts : undefined;
    const text = decodeSlackText(stripBotMention(raw, context.botUserId));
    const where = { channel: event.channel, threadTs, text };
    if (!isDirect) {
      const decision = deps.assistant.inThread({
        conversation,
        channel: "slack",
        user: event.user,
        text,
        mentioned: false,
      });
      if (decision.reply === "none") return ignore(decision.reason);
      if (decision.reply === "thanks") {
        await postOrApologise(deps, client, where, shortReply(decision.text));
        return;
      }
    }
    const helpLanguage = helpRequest(text);
    if (helpLanguage) {
      await postOrApologise(deps, client, where, helpMessage(deps, helpLanguage));
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
