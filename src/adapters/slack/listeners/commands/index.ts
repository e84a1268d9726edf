import type { App } from "@slack/bolt";
import type { SlackDeps } from "../../deps.js";
import { eigCommand } from "./eig-command.js";

export function registerCommands(app: App, deps: SlackDeps): void {
  app.command(deps.command, eigCommand(deps));
}
