/** What start-up says when Slack does not accept the configuration. */
import Fastify from "fastify";
import { describe, expect, it } from "vitest";
import { createSlackChannel } from "../../../src/adapters/slack/index.js";
import { describeStartupError, SlackStartupError } from "../../../src/adapters/slack/startup.js";
import { Assistant } from "../../../src/answer/assistant.js";
import type { KnowledgeBase } from "../../../src/knowledge/types.js";
import { capturingLogger, FakeSlack, slackConfig } from "./helpers.js";

const noKnowledge = (): KnowledgeBase => {
  throw new Error("not needed");
};

describe("Slack start-up", () => {
  it("HTTP mode: register() names SLACK_BOT_TOKEN when Slack refuses it, and mounts no route", async () => {
    const slack = await FakeSlack.start();
    try {
      slack.fail("auth.test", "token_revoked");
      const { logger } = capturingLogger();
      const channel = createSlackChannel({
        assistant: new Assistant({ knowledge: noKnowledge }),
        config: slackConfig(slack),
        logger,
      });
      expect(channel.name).toBe("slack (HTTP events at POST /slack/events)");
      expect(channel.start).toBeUndefined();
      const server = Fastify();
      await expect(channel.register?.(server)).rejects.toThrow(
        "Slack refused SLACK_BOT_TOKEN (token_revoked): use the Bot User OAuth Token (xoxb-…) from OAuth & Permissions, after installing the app",
      );
      await server.ready();
      expect(server.hasRoute({ method: "POST", url: "/slack/events" })).toBe(false);
      await server.close();
    } finally {
      await slack.close();
    }
  });

  it("refuses to build without a Slack configuration", () => {
    const { logger } = capturingLogger();
    const config = { ...slackConfig({ apiUrl: "http://127.0.0.1:9/api/" } as FakeSlack), slack: undefined };
    expect(() =>
      createSlackChannel({ assistant: new Assistant({ knowledge: noKnowledge }), config, logger }),
    ).toThrow("Slack is not configured: set SLACK_BOT_TOKEN and SLACK_APP_TOKEN or SLACK_SIGNING_SECRET");
  });

  it("describes a failure that is not a refusal with the API address and the reason", () => {
    const error = describeStartupError(
      new Error("connect ECONNREFUSED 127.0.0.1:9"),
      "SLACK_APP_TOKEN",
      "http://127.0.0.1:9/api/",
    );
    expect(error).toBeInstanceOf(SlackStartupError);
    expect(error.message).toBe(
      "Slack: could not open the Socket Mode connection with SLACK_APP_TOKEN through the Web API at http://127.0.0.1:9/api/ (connect ECONNREFUSED 127.0.0.1:9)",
    );
    const platform = Object.assign(new Error("An API error occurred: ratelimited"), {
      data: { ok: false, error: "ratelimited" },
    });
    expect(describeStartupError(platform, "SLACK_BOT_TOKEN").message).toBe(
      "Slack: could not check SLACK_BOT_TOKEN through the Web API at https://slack.com/api/ (ratelimited)",
    );
  });
});
