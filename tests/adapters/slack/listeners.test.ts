/**
 * The handlers called directly, without a Bolt App (as bolt-ts-starter-template tests its
 * listeners): a real WebClient talks to the fake Slack; `ack` and `respond` are recorded. These
 * cover the failure paths the end-to-end tests cannot reach easily: Slack refusing even the
 * apology, the Assistant failing to record a vote.
 */
import { type AllMiddlewareArgs, webApi } from "@slack/bolt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SlackDeps } from "../../../src/adapters/slack/deps.js";
import { feedback } from "../../../src/adapters/slack/listeners/actions/feedback.js";
import { shareAnswer } from "../../../src/adapters/slack/listeners/actions/share-answer.js";
import { eigCommand } from "../../../src/adapters/slack/listeners/commands/eig-command.js";
import { appHomeOpened } from "../../../src/adapters/slack/listeners/events/app-home-opened.js";
import { appMention } from "../../../src/adapters/slack/listeners/events/app-mention.js";
import { message } from "../../../src/adapters/slack/listeners/messages/message.js";
import { SeenEvents } from "../../../src/adapters/slack/seen-events.js";
import { Assistant } from "../../../src/answer/assistant.js";
import type { KnowledgeBase } from "../../../src/knowledge/types.js";
import { shippedKnowledge } from "../../helpers/knowledge.js";
import { BOT_TOKEN, BOT_USER, capturingLogger, FakeEventSink, FakeSlack, nextTs, TEAM } from "./helpers.js";

let kb: KnowledgeBase;
let slack: FakeSlack;
let client: AllMiddlewareArgs["client"];

beforeAll(async () => {
  kb = await shippedKnowledge();
  slack = await FakeSlack.start();
  client = new webApi.WebClient(BOT_TOKEN, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
});

afterAll(async () => {
  await slack.close();
});

function deps(knowledge: () => KnowledgeBase = () => kb) {
  const { logger, lines } = capturingLogger();
  const sink = new FakeEventSink();
  const assistant = new Assistant({ knowledge, events: sink, rateLimitPerMinute: 0 });
  const d: SlackDeps = { assistant, logger, seen: new SeenEvents(), command: "/eig" };
  return { deps: d, logs: lines, sink, assistant };
}

const context = { botUserId: BOT_USER, botId: "B0BOT", teamId: TEAM, isEnterpriseInstall: false };

/** A `respond` that records its messages and fails the first `failures` times. */
function recordingRespond(failures = 0) {
  const sent: Array<Record<string, unknown>> = [];
  let left = failures;
  const respond = async (m: Record<string, unknown>) => {
    sent.push(m);
    if (left > 0) {
      left -= 1;
      throw new Error("Failed to respond to the response_url: 404 Not Found");
    }
    return new Response(JSON.stringify({ ok: true }));
  };
  return { respond, sent };
}

const acks: unknown[] = [];
const ack = async (response?: unknown) => {
  acks.push(response ?? "ack");
};

function errors(logs: ReturnType<typeof deps>["logs"]) {
  return logs.items.filter((l) => l.level === 50).map((l) => l.msg);
}

// Bolt's argument objects are large; the handlers read a few fields, built here by hand.
// biome-ignore lint/suspicious/noExplicitAny: hand-made Bolt arguments for direct calls.
type Loose = any;

describe("appMention", () => {
  it("strips the bot's mention, answers in a thread and keys the conversation on the thread", async () => {
    const { deps: d, sink } = deps();
    const ts = nextTs();
    await appMention(d)({
      event: {
        type: "app_mention",
        user: "U1",
        text: `<@${BOT_USER}|eig> Quel est le salaire ?`,
        ts,
        channel: "C0L1",
      },
      body: { event_id: "EvL1", team_id: TEAM },
      client,
      context,
    } as Loose);
    const post = await slack.waitFor("chat.postMessage", (c) => c.params.channel === "C0L1");
    expect(post.params.thread_ts).toBe(ts);
    expect(sink.events.items[0]).toMatchObject({ question: "Quel est le salaire ?" });
    expect(d.assistant.inConversation(`slack:${TEAM}:C0L1:${ts}`)).toBe(true);
  });

  it("logs both failures when Slack refuses the answer and the apology", async () => {
    const { deps: d, logs } = deps();
    slack.fail("chat.postMessage", "channel_not_found", 2);
    await appMention(d)({
      event: {
        type: "app_mention",
        user: "U1",
        text: `<@${BOT_USER}> Quel est le salaire ?`,
        ts: nextTs(),
        channel: "C0L2",
      },
      body: { event_id: "EvL2", team_id: TEAM },
      client,
      context,
    } as Loose);
    expect(errors(logs)).toEqual([
      "slack: posting the answer failed; apologising",
      "slack: posting the apology failed too",
    ]);
  });
});

describe("message", () => {
  it("answers a DM and apologises when answering throws", async () => {
    const { deps: d, logs } = deps(() => {
      throw new Error("no knowledge");
    });
    await message(d)({
      event: {
        type: "message",
        user: "U1",
        text: "Quel est le salaire ?",
        ts: nextTs(),
        channel: "D0L3",
        channel_type: "im",
      },
      body: { event_id: "EvL3", team_id: TEAM },
      client,
      context,
    } as Loose);
    const post = await slack.waitFor("chat.postMessage", (c) => c.params.channel === "D0L3");
    expect(String(post.params.text)).toMatch(/^Désolé/);
    expect(errors(logs)).toEqual(["slack: answering failed; apologising"]);
  });
});

describe("eigCommand", () => {
  const command = {
    command: "/eig",
    text: "Quel est le salaire ?",
    user_id: "U1",
    channel_id: "C0L4",
    team_id: TEAM,
  };

  it("acknowledges, then answers privately", async () => {
    const { deps: d } = deps();
    const { respond, sent } = recordingRespond();
    await eigCommand(d)({ command, ack, respond } as Loose);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ response_type: "ephemeral" });
  });

  it("logs when even the apology cannot be sent (expired response_url)", async () => {
    const { deps: d, logs } = deps();
    const { respond, sent } = recordingRespond(2);
    await eigCommand(d)({ command, ack, respond } as Loose);
    expect(sent).toHaveLength(2);
    expect(String(sent[1]?.text)).toMatch(/^Désolé/);
    expect(errors(logs)).toEqual(["slack: /eig reply failed; apologising", "slack: /eig apology failed too"]);
  });
});

describe("feedback", () => {
  it("still thanks when recording the vote fails", async () => {
    const { deps: d, logs, assistant } = deps();
    assistant.vote = () => {
      throw new Error("disk full");
    };
    const { respond, sent } = recordingRespond();
    await feedback(d)({
      ack,
      action: { type: "button", action_id: "eig_feedback_up", value: "id-1", block_id: "eig_actions:fr" },
      body: { user: { id: "U1" }, container: { is_ephemeral: true } },
      client,
      respond,
    } as Loose);
    expect(errors(logs)).toEqual(["slack: recording feedback failed"]);
    expect(sent).toEqual([expect.objectContaining({ response_type: "ephemeral", replace_original: false })]);
    expect(String(sent[0]?.text)).toMatch(/Merci pour votre retour/);
  });
});

describe("shareAnswer", () => {
  it("keeps the shared answer when only removing the private copy fails", async () => {
    const { deps: d, logs, assistant } = deps();
    const { answer } = assistant.ask({ text: "Quel est le salaire ?", channel: "slack" });
    const sent: Array<Record<string, unknown>> = [];
    const respond = async (m: Record<string, unknown>) => {
      sent.push(m);
      if (m.delete_original) throw new Error("Failed to respond to the response_url: 404 Not Found");
      return new Response("ok");
    };
    await shareAnswer(d)({
      ack,
      action: { type: "button", action_id: "eig_share", value: answer.id, block_id: "eig_actions:fr" },
      body: { user: { id: "U1" }, channel: { id: "C0L5" } },
      respond,
    } as Loose);
    expect(sent.map((m) => m.response_type ?? "delete")).toEqual(["in_channel", "delete"]);
    expect(errors(logs)).toEqual([]);
    expect(logs.items.some((l) => l.level === 40 && /private copy/.test(String(l.msg)))).toBe(true);
  });
});

describe("appHomeOpened", () => {
  it("logs when Slack refuses the view", async () => {
    const { deps: d, logs } = deps();
    slack.fail("views.publish", "invalid_arguments");
    await appHomeOpened(d)({
      event: { type: "app_home_opened", user: "U0L6", tab: "home" },
      client,
    } as Loose);
    await slack.waitFor("views.publish", (c) => c.params.user_id === "U0L6");
    expect(errors(logs)).toEqual(["slack: publishing the App Home failed"]);
  });
});
