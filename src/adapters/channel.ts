/**
 * The contract between the one server (src/server) and the chat channels (src/adapters/*).
 * Hubot's shape: the core (Assistant) knows no platform; a channel only turns platform events
 * into `assistant.ask()` calls and Answers into platform messages (through src/render).
 */
import type { FastifyInstance } from "fastify";
import type { Assistant } from "../answer/assistant.js";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";

/** What every channel is given. */
export interface ChannelContext {
  assistant: Assistant;
  config: Config;
  logger: Logger;
}

export interface Channel {
  /** Shown in the start-up line: "slack (socket mode)", "mattermost slash command"… */
  readonly name: string;
  /** Adds HTTP routes to the shared server, before it listens. */
  register?(server: FastifyInstance): Promise<void> | void;
  /** Opens long-lived connections (Slack Socket Mode, Mattermost WebSocket), after the server listens. */
  start?(): Promise<void>;
  /** Closes them; called once on SIGINT/SIGTERM, before the server stops. */
  stop?(): Promise<void>;
}
