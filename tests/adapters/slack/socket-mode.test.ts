/**
 * Socket Mode against the fake Slack: `apps.connections.open` with the app token returns a local
 * WebSocket URL; the fake greets with `hello`, sends event envelopes, and sees the acks and the
 * answers posted through the Web API. Also: what start-up says when Slack refuses a token.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Channel } from "../../../src/adapters/channel.js";
import { createSlackChannel, SlackStartupError } from "../../../src/adapters/slack/index.js";
import { Assistant } from "../../../src/answer/assistant.js";
import type { KnowledgeBase } from "../../../src/knowledge/types.js";
import { shippedKnowledge } from "../../helpers/knowledge.js";
import {
  APP_TOKEN,
  actionIds,
  appMentionEvent,
  BOT_TOKEN,
  capturingLogger,
  eventCallback,
  FakeEventSink,
  FakeSlack,
  slackConfig,
} from "./helpers.js";

let kb: KnowledgeBase;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  kb = await shippedKnowledge();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function socketChannel() {
  const slack = await FakeSlack.start();
  cleanups.push(() => slack.close());
  const { logger, lines } = capturingLogger();
  const sink = new FakeEventSink();
  const assistant = new Assistant({ knowledge: () => kb, rateLimitPerMinute: 0, events: sink });
  const config = slackConfig(slack, { mode: "socket", appToken: APP_TOKEN, signingSecret: undefined });
  const channel: Channel = createSlackChannel({ assistant, config, logger });
  return { slack, channel, logs: lines, sink };
}

function envelope(id: string, type: string, payload: unknown, retryAttempt = 0): string {
  return JSON.stringify({
    envelope_id: id,
    type,
    accepts_response_payload: type !== "events_api",
    retry_attempt: retryAttempt,
    retry_reason: retryAttempt ? "timeout" : "",
    payload,
  });
}

describe("Slack Socket Mode", () => {
  it("connects with the app token, acknowledges events and posts the answers", async () => {
    const { slack, channel, logs } = await socketChannel();
    expect(channel.name).toBe("slack (socket mode)");
    expect(channel.register).toBeUndefined();
    await channel.start?.();
    cleanups.push(async () => channel.stop?.());

    const auth = await slack.waitFor("auth.test");
    expect(auth.headers.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    const open = await slack.waitFor("apps.connections.open");
    expect(open.headers.authorization).toBe(`Bearer ${APP_TOKEN}`);

    const socket = await slack.socket();
    const event = appMentionEvent("Quelle est la date limite pour candidater ?", { channel: "C0SOCKET" });
    const payload = JSON.parse(eventCallback(event).body) as { event_id: string };
    socket.send(envelope("env-1", "events_api", payload));
    await slack.waitFor("socket.ack", (c) => c.params.envelope_id === "env-1");
    const post = await slack.waitFor("chat.postMessage", (c) => c.params.channel === "C0SOCKET");
    expect(post.params.thread_ts).toBe(event.ts);
    expect(actionIds(post.params.blocks)).toEqual(["eig_feedback_up", "eig_feedback_down"]);

    // Slack's retry of the same event (new envelope, same event_id) is acknowledged, not answered.
    socket.send(envelope("env-2", "events_api", payload, 1));
    await slack.waitFor("socket.ack", (c) => c.params.envelope_id === "env-2");
    await logs.waitFor(
      (l) => l.msg === "slack: event already taken" && l.eventId === payload.event_id,
      "drop",
    );
    expect(slack.callsOf("chat.postMessage").filter((c) => c.params.channel === "C0SOCKET")).toHaveLength(1);
  });

  it("reads escaped text as typed over the socket too (mentions and /eig)", async () => {
    const { slack, channel, sink } = await socketChannel();
    await channel.start?.();
    cleanups.push(async () => channel.stop?.());
    const socket = await slack.socket();
    const event = appMentionEvent("salaire &amp; contrat ? &lt;3 <@U0FRIEND> <!channel>", {
      channel: "C0SOCKDEC",
    });
    socket.send(envelope("env-dec", "events_api", JSON.parse(eventCallback(event).body)));
    await slack.waitFor("chat.postMessage", (c) => c.params.channel === "C0SOCKDEC");
    socket.send(
      envelope("env-dec-cmd", "slash_commands", {
        team_id: "T0TEAM",
        channel_id: "C0SOCKDEC",
        user_id: "U0ASKER",
        command: "/eig",
        text: "date limite &amp; salaire ?",
        api_app_id: "A0APP",
        response_url: slack.responseUrl("socket-dec-cmd"),
        trigger_id: "1.2.3",
      }),
    );
    await slack.waitFor("response_url", (c) => c.path === "socket-dec-cmd");
    const questions = sink.events.items.flatMap((e) => (e.type === "question" ? [e.question] : []));
    expect(questions).toEqual(["salaire & contrat ? <3 @channel", "date limite & salaire ?"]);
  });

  it("answers /eig over the socket through the response_url", async () => {
    const { slack, channel } = await socketChannel();
    await channel.start?.();
    cleanups.push(async () => channel.stop?.());
    const socket = await slack.socket();
    socket.send(
      envelope("env-cmd", "slash_commands", {
        team_id: "T0TEAM",
        channel_id: "C0SOCKET",
        user_id: "U0ASKER",
        command: "/eig",
        text: "Combien d'entrepreneurs par équipe ?",
        api_app_id: "A0APP",
        response_url: slack.responseUrl("socket-cmd"),
        trigger_id: "1.2.3",
      }),
    );
    await slack.waitFor("socket.ack", (c) => c.params.envelope_id === "env-cmd");
    const reply = await slack.waitFor("response_url", (c) => c.path === "socket-cmd");
    expect(reply.params.response_type).toBe("ephemeral");
    expect(actionIds(reply.params.blocks)).toContain("eig_share");
  });

  it("names SLACK_APP_TOKEN when Slack refuses it", async () => {
    const { slack, channel } = await socketChannel();
    slack.fail("apps.connections.open", "invalid_auth");
    const failure = await channel.start?.().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SlackStartupError);
    expect((failure as Error).message).toMatch(/^Slack refused SLACK_APP_TOKEN \(invalid_auth\): /);
    await channel.stop?.();
  });

  it("names SLACK_BOT_TOKEN when Slack refuses it", async () => {
    const { slack, channel } = await socketChannel();
    slack.fail("auth.test", "invalid_auth");
    await expect(channel.start?.()).rejects.toThrow(/^Slack refused SLACK_BOT_TOKEN \(invalid_auth\): /);
    expect(slack.callsOf("apps.connections.open")).toHaveLength(0);
  });
});
