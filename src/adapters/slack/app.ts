/**
 * The Bolt App, for Socket Mode or HTTP. The receiver is built here rather than by Bolt so that
 * HTTP mode can be mounted on the one shared Fastify server (see http-routes.ts) instead of a
 * second listening port, and so that Socket Mode's `apps.connections.open` also goes to
 * `SLACK_API_URL`. `deferInitialization` keeps the constructor from calling `auth.test`: that
 * happens in `app.init()`, where a refused token can be reported clearly (startup.ts).
 */
import { App, HTTPReceiver, SocketModeReceiver } from "@slack/bolt";
import type { SlackConfig } from "../../config.js";
import type { Logger } from "../../logger.js";
import { boltLogger } from "./bolt-logger.js";

export interface SlackApp {
  app: App;
  /** Set in HTTP mode: its `requestListener` verifies signatures and hands events to the app. */
  http?: HTTPReceiver;
}

export function createSlackApp(config: SlackConfig, logger: Logger): SlackApp {
  const log = boltLogger(logger);
  const slackApiUrl = config.apiUrl;
  // A few quick retries: an answer minutes late in a chat is worse than an apology now.
  const clientOptions = { slackApiUrl, retryConfig: { retries: 3, factor: 2 } };
  const common = {
    token: config.botToken,
    clientOptions,
    logger: log,
    deferInitialization: true,
    // Bolt's conversation store keeps state per channel; threads are the Assistant's business.
    convoStore: false as const,
  };
  if (config.mode === "socket" && config.appToken) {
    const receiver = new SocketModeReceiver({
      appToken: config.appToken,
      logger: log,
      // A copy: the Socket Mode client writes its own retry policy into the object it is given.
      installerOptions: { clientOptions: { slackApiUrl } },
    });
    const app = new App({ receiver, ...common });
    return { app };
  }
  const http = new HTTPReceiver({
    signingSecret: config.signingSecret ?? "",
    // Acknowledge first, answer after: Slack wants its 200 within 3 seconds.
    processBeforeResponse: false,
    logger: log,
  });
  const app = new App({ receiver: http, ...common });
  return { app, http };
}
