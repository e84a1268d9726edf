/**
 * The App Home tab: what the bot knows (its documents, with dates) and example questions,
 * published each time the tab is opened so that a knowledge reload shows at once.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { help } from "../../../../answer/help.js";
import { renderHome, renderHomeUnavailable } from "../../../../render/slack.js";
import type { SlackDeps } from "../../deps.js";

export type AppHomeOpenedArgs = AllMiddlewareArgs & SlackEventMiddlewareArgs<"app_home_opened">;

export function appHomeOpened(deps: SlackDeps) {
  return async ({ event, client }: AppHomeOpenedArgs): Promise<void> => {
    // The Messages tab is the DM itself: nothing to publish.
    if (event.tab !== "home") return;
    let view: ReturnType<typeof renderHome>;
    try {
      const kb = deps.assistant.knowledge;
      view = renderHome(kb, help("fr", kb), "fr", deps.command);
    } catch (error) {
      deps.logger.error({ err: error }, "slack: rendering the App Home failed; publishing a notice");
      view = renderHomeUnavailable("fr");
    }
    try {
      await client.views.publish({ user_id: event.user, view });
    } catch (error) {
      // Nobody asked anything: there is no one to apologise to, only something to fix.
      deps.logger.error({ err: error, user: event.user }, "slack: publishing the App Home failed");
    }
  };
}
