/**
 * "Partager dans le canal" under a private `/eig` answer: posts the remembered answer publicly,
 * with who shared it and the question, then removes the private copy. Posted through the click's
 * `response_url`, which works in channels the bot has not joined. When the answer is no longer
 * in memory (restart, or too old), the user is told so privately.
 */
import { languageOfBlock, renderAnswer, renderApology, renderForgotten } from "../../../../render/slack.js";
import type { SlackDeps } from "../../deps.js";
import { respondChecked } from "../../reply.js";
import type { ButtonArgs } from "./feedback.js";

export function shareAnswer(deps: SlackDeps) {
  return async ({ ack, action, body, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const answer = deps.assistant.recall(action.value ?? "");
    const language = answer?.language ?? languageOfBlock(action.block_id);
    try {
      if (!answer) {
        await respondChecked(respond, {
          response_type: "ephemeral",
          replace_original: false,
          ...renderForgotten(language),
        });
        return;
      }
      const shared = renderAnswer(answer, { sharedBy: body.user.id });
      await respondChecked(respond, { response_type: "in_channel", replace_original: false, ...shared });
    } catch (error) {
      deps.logger.error(
        { err: error, channel: body.channel?.id },
        "slack: sharing an answer failed; apologising",
      );
      try {
        await respondChecked(respond, {
          response_type: "ephemeral",
          replace_original: false,
          ...renderApology(language),
        });
      } catch (again) {
        deps.logger.error({ err: again }, "slack: apologising for a failed share failed too");
      }
      return;
    }
    try {
      // The answer is now in the channel: the private copy would only be a duplicate.
      await respondChecked(respond, { delete_original: true });
    } catch (error) {
      deps.logger.warn({ err: error }, "slack: removing the private copy of a shared answer failed");
    }
  };
}
