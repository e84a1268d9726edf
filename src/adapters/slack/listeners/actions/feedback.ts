/**
 * 👍 / 👎 under an answer: acknowledged at once, recorded by the Assistant (question, kind,
 * sources and vote; the user only as a salted hash), then the message keeps its answer and shows
 * a thank-you where the buttons were. When the message cannot be edited, the voter is still
 * thanked privately.
 */
import type {
  AllMiddlewareArgs,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
  types,
} from "@slack/bolt";
import {
  ACTION_IDS,
  languageOfBlock,
  renderAnswer,
  renderFeedbackThanks,
  renderThanks,
  type SlackMessage,
} from "../../../../render/slack.js";
import type { SlackDeps } from "../../deps.js";
import { respondChecked } from "../../reply.js";

export type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

export function feedback(deps: SlackDeps) {
  return async ({ ack, action, body, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const vote = action.action_id === ACTION_IDS.feedbackUp ? "up" : "down";
    const answerId = action.value ?? "";
    const remembered = deps.assistant.recall(answerId);
    const language = remembered?.language ?? languageOfBlock(action.block_id);
    try {
      deps.assistant.feedback({ answerId, vote, channel: "slack", user: body.user.id });
    } catch (error) {
      // The vote is lost, not the courtesy: the user is still thanked below.
      deps.logger.error({ err: error, answerId }, "slack: recording feedback failed");
    }

    const ephemeral = body.container?.is_ephemeral === true;
    // Slack sends the message's blocks with the click, except for ephemeral messages: those are
    // rebuilt from the remembered answer.
    const original: Partial<SlackMessage> | undefined = Array.isArray(body.message?.blocks)
      ? { text: body.message?.text, blocks: body.message?.blocks as types.KnownBlock[] }
      : remembered
        ? renderAnswer(remembered, { share: ephemeral && remembered.answered })
        : undefined;
    const updated = original ? renderFeedbackThanks(original, vote, language) : renderThanks(vote, language);

    // Ways to say thanks, best first; each failure is logged and the next one tried. A public
    // message posted by the bot is edited with chat.update; one posted through a response_url
    // (a shared /eig answer) or an ephemeral one can only be replaced through the click's own.
    const channel = body.channel?.id;
    const ts = body.message?.ts;
    const attempts: Array<[string, () => Promise<unknown>]> = [];
    if (!ephemeral && channel && ts) {
      attempts.push([
        "chat.update",
        () => client.chat.update({ channel, ts, text: updated.text, blocks: updated.blocks }),
      ]);
    }
    if (original) {
      attempts.push([
        "replace through response_url",
        () => respondChecked(respond, { replace_original: true, text: updated.text, blocks: updated.blocks }),
      ]);
    }
    attempts.push([
      "private thanks",
      () =>
        respondChecked(respond, {
          response_type: "ephemeral",
          replace_original: false,
          ...renderThanks(vote, language),
        }),
    ]);
    for (const [how, attempt] of attempts) {
      try {
        await attempt();
        return;
      } catch (error) {
        deps.logger.error({ err: error, answerId, how }, "slack: thanking for a vote failed");
      }
    }
  };
}
