/**
 * 👍 / 👎 under an answer: acknowledged at once, recorded by the Assistant (question, kind,
 * sources and vote; the user only as a salted hash), once per person and answer, for any answer
 * of the last 7 days. The shared message is never edited: the buttons stay for everyone else,
 * and the channel does not see who voted or how. The voter alone gets an ephemeral reply: thanks,
 * "you already voted", or "this answer is too old to be rated".
 */
import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import type { VoteOutcome } from "../../../../answer/assistant.js";
import { ACTION_IDS, escapeSlack, languageOfBlock, renderThanks } from "../../../../render/slack.js";
import { REFUSED_VOTE } from "../../../vote-replies.js";
import type { SlackDeps } from "../../deps.js";
import { respondChecked } from "../../reply.js";

export type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

export function feedback(deps: SlackDeps) {
  return async ({ ack, action, body, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const vote = action.action_id === ACTION_IDS.feedbackUp ? "up" : "down";
    const answerId = action.value ?? "";
    const language = deps.assistant.recall(answerId)?.language ?? languageOfBlock(action.block_id);
    let outcome: VoteOutcome;
    try {
      outcome = deps.assistant.vote({ answerId, vote, channel: "slack", user: body.user.id });
    } catch (error) {
      // The vote is lost, not the courtesy: the user is still thanked below.
      deps.logger.error({ err: error, answerId }, "slack: recording feedback failed");
      outcome = { status: "recorded" };
    }
    if (outcome.status !== "recorded") {
      deps.logger.debug({ answerId, status: outcome.status }, "slack: vote not recorded");
    }
    const reply =
      outcome.status === "recorded"
        ? renderThanks(vote, language)
        : { text: escapeSlack(REFUSED_VOTE[outcome.status][language]) };

    // To the voter only: through the click's response_url, else chat.postEphemeral.
    try {
      await respondChecked(respond, { response_type: "ephemeral", replace_original: false, ...reply });
      return;
    } catch (error) {
      deps.logger.error({ err: error, answerId, how: "response_url" }, "slack: answering a vote failed");
    }
    const channel = body.channel?.id;
    if (!channel) return;
    try {
      await client.chat.postEphemeral({
        channel,
        user: body.user.id,
        text: reply.text,
        ...("blocks" in reply ? { blocks: reply.blocks } : {}),
        ...(body.message?.thread_ts ? { thread_ts: body.message.thread_ts as string } : {}),
      });
    } catch (error) {
      deps.logger.error(
        { err: error, answerId, how: "chat.postEphemeral" },
        "slack: answering a vote failed",
      );
    }
  };
}
