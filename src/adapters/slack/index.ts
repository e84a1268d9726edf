/**
 * The Slack channel: a Bolt App (Socket Mode when SLACK_APP_TOKEN is set, HTTP events otherwise)
 * whose listeners turn Slack events into `assistant.ask()` calls and Answers into Block Kit.
 *
 * - HTTP mode: `register(server)` checks the bot token (`auth.test`) and mounts
 *   `POST /slack/events` on the shared Fastify server; nothing to start or stop.
 * - Socket Mode: `start()` checks the bot token and opens the WebSocket (`apps.connections.open`
 *   with the app token); `stop()` closes it.
 */
import type { Channel, ChannelContext } from "../channel.js";
import { createSlackApp } from "./app.js";
import type { SlackDeps } from "./deps.js";
import { slackRoutes } from "./http-routes.js";
import { registerListeners } from "./listeners/index.js";
import { SeenEvents } from "./seen-events.js";
import { describeStartupError } from "./startup.js";

export { SlackStartupError } from "./startup.js";

/** The slash command declared in manifest.yml. */
export const SLASH_COMMAND = "/eig";

export function createSlackChannel(ctx: ChannelContext): Channel {
  const config = ctx.config.slack;
  if (!config) {
    throw new Error(
      "Slack is not configured: set SLACK_BOT_TOKEN and SLACK_APP_TOKEN or SLACK_SIGNING_SECRET",
    );
  }
  const logger = ctx.logger.child({ channel: "slack" });
  const { app, http } = createSlackApp(config, logger);
  const deps: SlackDeps = {
    assistant: ctx.assistant,
    logger,
    seen: new SeenEvents(),
    command: SLASH_COMMAND,
  };
  registerListeners(app, deps);

  // Bolt's own error handler only logs; ours adds the channel so the line is easy to find.
  app.error(async (error) => {
    logger.error({ err: error }, "slack: unhandled error in a listener");
  });

  let initialised: Promise<void> | undefined;
  const init = (): Promise<void> => {
    initialised ??= app.init().catch((error: unknown) => {
      initialised = undefined;
      throw describeStartupError(error, "SLACK_BOT_TOKEN", config.apiUrl);
    });
    return initialised;
  };

  if (http) {
    return {
      name: "slack (HTTP events at POST /slack/events)",
      async register(server) {
        await init();
        await server.register(slackRoutes(http, logger));
      },
    };
  }

  // Set as soon as a connection is attempted: the Socket Mode client keeps retrying on its own
  // after some failures, and stop() must end that too.
  let attempted = false;
  return {
    name: "slack (socket mode)",
    async start() {
      await init();
      attempted = true;
      try {
        await app.start();
      } catch (error) {
        throw describeStartupError(error, "SLACK_APP_TOKEN", config.apiUrl);
      }
    },
    async stop() {
      if (!attempted) return;
      attempted = false;
      try {
        await app.stop();
      } catch (error) {
        logger.warn({ err: error }, "slack: closing the Socket Mode connection failed");
      }
    },
  };
}
