import type { App } from "@slack/bolt";
import type { SlackDeps } from "../../deps.js";
import { message } from "./message.js";

export function registerMessages(app: App, deps: SlackDeps): void {
  app.event("message", message(deps));
}
