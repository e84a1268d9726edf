/**
 * `/eig <question>`: a private (ephemeral) answer with a button to share it in the channel;
 * `/eig` or `/eig aide`: what the bot does, with example questions (`/eig help`: in English).
 * Acknowledged first, answered through `response_url`, which works in any conversation, even one
 * the bot is not a member of.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { detectLanguage } from "../../../../answer/language.js";
import type { Language } from "../../../../answer/types.js";
import { renderAnswer, renderApology } from "../../../../render/slack.js";
import { conversationKey, type SlackDeps } from "../../deps.js";
import { answerMessage, helpMessage, respondChecked } from "../../reply.js";

export type CommandArgs = AllMiddlewareArgs & SlackCommandMiddlewareArgs;

/** Asking for help: French by default, English for the English words (as on Mattermost). */
const HELP_WORDS = new Map<string, Language>([
  ["", "fr"],
  ["aide", "fr"],
  ["?", "fr"],
  ["help", "en"],
  ["-h", "en"],
  ["--help", "en"],
]);

export function eigCommand(deps: SlackDeps) {
  return async ({ command, ack, respond }: CommandArgs): Promise<void> => {
    await ack();
    const text = command.text.trim();
    let message: ReturnType<typeof renderAnswer>;
    const helpLanguage = HELP_WORDS.get(text.toLowerCase());
    if (helpLanguage) {
      message = helpMessage(deps, helpLanguage, command.command);
    } else {
      message = answerMessage(
        deps,
        {
          text,
          user: command.user_id,
          channel: command.channel_id,
          // One conversation per person and channel: "/eig et pour la promo 2 ?" follows up.
          conversation: conversationKey(command.team_id, command.channel_id, `command:${command.user_id}`),
        },
        (answer, options) =>
          renderAnswer(answer, { ...options, share: answer.answered && options?.feedback !== false }),
      );
    }
    try {
      await respondChecked(respond, {
        response_type: "ephemeral",
        text: message.text,
        blocks: message.blocks,
      });
    } catch (error) {
      deps.logger.error({ err: error, channel: command.channel_id }, "slack: /eig reply failed; apologising");
      const apology = renderApology(detectLanguage(text));
      try {
        await respondChecked(respond, {
          response_type: "ephemeral",
          text: apology.text,
          blocks: apology.blocks,
        });
      } catch (again) {
        deps.logger.error({ err: again, channel: command.channel_id }, "slack: /eig apology failed too");
      }
    }
  };
}
