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

/**
 * How the Web API client retries. WebClient already retries network errors and 5xx responses with
 * this policy, and on a 429 waits the `Retry-After` it was given before the next attempt; its
 * default policy (ten retries in about thirty minutes) suits batch jobs, not a chat. Here: three
 * quick retries with jitter (about 0.5, 1 and 2 s), then the asker gets an apology instead of an
 * answer minutes late. Tested against a local fake API in tests/adapters/slack/faults.test.ts.
 */
export const SLACK_RETRY = { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 2_000, randomize: true };

/** A Web API call that hangs this long is abandoned (and retried): WebClient's default is never. */
export const SLACK_REQUEST_TIMEOUT_MS = 10_000;

/** Slack's event and interaction payloads are a few kilobytes; Bolt's own default is 4 MB. */
export const SLACK_BODY_LIMIT = 512 * 1024;

export function createSlackApp(config: SlackConfig, logger: Logger): SlackApp {
  const log = boltLogger(logger);
  const slackApiUrl = config.apiUrl;
  const clientOptions = { slackApiUrl, retryConfig: SLACK_RETRY, timeout: SLACK_REQUEST_TIMEOUT_MS };
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
    bodyLimit: SLACK_BODY_LIMIT,
    logger: log,
  });
  const app = new App({ receiver: http, ...common });
  return { app, http };
}
