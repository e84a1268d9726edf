import type { App, BlockAction, ButtonAction } from "@slack/bolt";
import { ACTION_IDS } from "../../../../render/slack.js";
import type { SlackDeps } from "../../deps.js";
import { feedback } from "./feedback.js";
import { shareAnswer } from "./share-answer.js";

export function registerActions(app: App, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.feedbackUp, feedback(deps));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.feedbackDown, feedback(deps));
  app.action<BlockAction<ButtonAction>>(ACTION_IDS.share, shareAnswer(deps));
}
