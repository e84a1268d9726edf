/**
 * What every Slack handler is given, and the small rules they share: how a Slack thread becomes
 * an Assistant conversation key, and how the bot's own mention is taken out of a question.
 * Handlers receive this through a factory (`appMention(deps)`) rather than Bolt's context, so
 * they stay plain typed functions that a test can call without an App.
 */
import type { Assistant } from "../../answer/assistant.js";
import type { Logger } from "../../logger.js";
import type { SeenEvents } from "./seen-events.js";

export interface SlackDeps {
  assistant: Assistant;
  logger: Logger;
  /** Events and messages already taken (retries, a mention that is also a thread message). */
  seen: SeenEvents;
  /** The slash command as declared in manifest.yml, shown in help texts. */
  command: string;
}

/**
 * One conversation per thread: `slack:T123:C456:1700000000.000100`. A direct message outside a
 * thread is one conversation per DM channel (`…:D789:dm`), so "et pour la promo 2 ?" works there
 * too.
 */
export function conversationKey(team: string | undefined, channel: string, thread: string): string {
  return `slack:${team ?? "-"}:${channel}:${thread}`;
}

/**
 * Removes mentions of the bot (`<@U0BOT>`, `<@U0BOT|eig>`) from a question. When the bot's user
 * id is unknown, a mention at the very start is taken as the bot's, which is how Slack writes
 * an `app_mention`.
 */
export function stripBotMention(text: string, botUserId: string | undefined): string {
  const stripped = botUserId
    ? text.replace(new RegExp(`<@${botUserId}(?:\\|[^>]*)?>`, "g"), " ")
    : text.replace(/^\s*<@[UW][A-Z0-9]+(?:\|[^>]*)?>/, " ");
  return stripped.replace(/\s+/g, " ").trim();
}

/** True when the text mentions the bot: such a message is answered through `app_mention`. */
export function mentionsBot(text: string, botUserId: string | undefined): boolean {
  return botUserId !== undefined && text.includes(`<@${botUserId}`);
}
