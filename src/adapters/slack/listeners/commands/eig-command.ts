/**
 * `/eig <question>`: a private (ephemeral) answer with a button to share it in the channel;
 * `/eig` or `/eig aide`: what the bot does, with example questions (`/eig help`: in English).
 * The text is decoded to what the person typed (decode-text.ts), as for messages.
 * Acknowledged first, answered through `response_url`, which works in any conversation, even one
 * the bot is not a member of.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { detectLanguage } from "../../../../answer/language.js";
import { renderAnswer, renderApology } from "../../../../render/slack.js";
import { helpRequest } from "../../../help-request.js";
import { decodeSlackText } from "../../decode-text.js";
import { conversationKey, type SlackDeps } from "../../deps.js";
import { answerMessage, helpMessage, respondChecked } from "../../reply.js";

export type CommandArgs = AllMiddlewareArgs & SlackCommandMiddlewareArgs;

export function eigCommand(deps: SlackDeps) {
  return async ({ command, ack, respond }: CommandArgs): Promise<void> => {
    await ack();
    const text = decodeSlackText(command.text);
    let message: ReturnType<typeof renderAnswer>;
    const helpLanguage = helpRequest(text);
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
