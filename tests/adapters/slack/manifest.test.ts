/** manifest.yml promises what the code does, with the scopes it needs and no more. */
import { readFileSync } from "node:fs";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { SLASH_COMMAND } from "../../../src/adapters/slack/index.js";

interface Manifest {
  features: {
    app_home: {
      home_tab_enabled: boolean;
      messages_tab_enabled: boolean;
      messages_tab_read_only_enabled: boolean;
    };
    bot_user: { display_name: string };
    slash_commands: Array<{ command: string; usage_hint: string; description: string }>;
  };
  oauth_config: { scopes: { bot: string[]; user?: string[] } };
  settings: {
    event_subscriptions: { bot_events: string[]; request_url?: string };
    interactivity: { is_enabled: boolean };
    socket_mode_enabled: boolean;
  };
}

const manifest = load(readFileSync("manifest.yml", "utf8")) as Manifest;

describe("manifest.yml", () => {
  it("is set up for Socket Mode, with interactivity and the App Home's two tabs", () => {
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.request_url).toBeUndefined();
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.features.app_home).toEqual({
      home_tab_enabled: true,
      messages_tab_enabled: true,
      messages_tab_read_only_enabled: false,
    });
  });

  it("declares the slash command the code listens to, with a usage hint", () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual([SLASH_COMMAND]);
    expect(manifest.features.slash_commands[0]?.usage_hint).not.toBe("");
  });

  it("subscribes to the events the listeners handle, and asks for the scopes they need only", () => {
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([
      "app_home_opened",
      "app_mention",
      "message.channels",
      "message.groups",
      "message.im",
    ]);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([
      "app_mentions:read",
      "channels:history",
      "chat:write",
      "commands",
      "groups:history",
      "im:history",
    ]);
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
  });

  it("explains every scope with a comment", () => {
    const lines = readFileSync("manifest.yml", "utf8").split("\n");
    for (const scope of manifest.oauth_config.scopes.bot) {
      const at = lines.findIndex((l) => l.trim() === `- ${scope}`);
      expect(lines[at - 1]?.trim().startsWith("#"), scope).toBe(true);
    }
  });
});
