import type { App } from "@slack/bolt";
import type { SlackDeps } from "../deps.js";
import { registerActions } from "./actions/index.js";
import { registerCommands } from "./commands/index.js";
import { registerEvents } from "./events/index.js";
import { registerMessages } from "./messages/index.js";

/** Wires every listener; there are no modals, so no `views/` (App Home is an event). */
export function registerListeners(app: App, deps: SlackDeps): void {
  registerEvents(app, deps);
  registerMessages(app, deps);
  registerCommands(app, deps);
  registerActions(app, deps);
}
