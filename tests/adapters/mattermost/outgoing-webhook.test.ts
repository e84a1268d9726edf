import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createOutgoingWebhookChannel,
  stripTriggerWord,
} from "../../../src/adapters/mattermost/outgoing-webhook.js";
import type { Assistant } from "../../../src/answer/assistant.js";
import type { KnowledgeBase } from "../../../src/knowledge/types.js";
import {
  BrokenAssistant,
  LIVE_MENTION,
  logger,
  makeAssistant,
  postForm,
  postJson,
  type RunningServer,
  shippedKnowledge,
  startServer,
} from "./helpers.js";

const TOKEN = "zmigewsanbbsdf59xnmduzypjc";
const BOT_ID = "botuserid0000000000000000a";

/** The fields Mattermost sends (developers.mattermost.com, "Outgoing webhooks"). */
function payload(text: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    channel_id: "hawos4dqtby53pd64o4a4cmeoo",
    channel_name: "town-square",
    team_domain: "someteam",
    team_id: "kwoknj9nwpypzgzy78wkw516qe",
    post_id: "axdygg1957njfe5pu38saikdho",
    text,
    timestamp: "1445532266",
    token: TOKEN,
    trigger_word: "eig",
    user_id: "rnina9994bde8mua79zqcg5hmo",
    user_name: "somename",
    file_ids: "",
    ...extra,
  };
}

interface HookReply {
  response_type: string;
  text: string;
}

let kb: KnowledgeBase;
let assistant: Assistant;
let running: RunningServer;
let url: string;

beforeAll(async () => {
  kb = await shippedKnowledge();
  assistant = makeAssistant(kb);
  running = await startServer([
    createOutgoingWebhookChannel({ assistant, logger, token: TOKEN, botUserId: () => BOT_ID }),
  ]);
  url = `${running.url}/mattermost/webhook`;
});
afterAll(() => running.close());
afterEach(() => vi.restoreAllMocks());

describe("POST /mattermost/webhook", () => {
  it.each([
    ["form-urlencoded", postForm],
    ["JSON", postJson],
  ])("answers a %s call as a thread comment, trigger word removed", async (_label, send) => {
    const ask = vi.spyOn(assistant, "ask");
    const response = await send(url, payload("eig: Quelle est la date limite pour candidater ?"));
    expect(response.status).toBe(200);
    const body = (await response.json()) as HookReply;
    expect(body.response_type).toBe("comment");
    expect(body.text).toContain("**Sources**");
    expect(body.text).toMatch(/\]\(https:\/\/[^)\s]+\)/);
    expect(ask).toHaveBeenCalledWith(
      expect.objectContaining({ text: "Quelle est la date limite pour candidater ?", channel: "mattermost" }),
    );
  });

  it.each([
    ["a wrong token", payload("eig date ?", { token: "wrong" })],
    ["no token", payload("eig date ?", { token: "" })],
  ])("refuses %s with 401 and answers nothing", async (_label, fields) => {
    const ask = vi.spyOn(assistant, "ask");
    const response = await postForm(url, fields);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ statusCode: 401, error: "Unauthorized" });
    expect(ask).not.toHaveBeenCalled();
  });

  it("shows the help when only the trigger word was posted", async () => {
    const ask = vi.spyOn(assistant, "ask");
    const body = (await (await postForm(url, payload("eig"))).json()) as HookReply;
    expect(body.response_type).toBe("comment");
    expect(body.text).toContain("`eig ");
    expect(ask).not.toHaveBeenCalled();
  });

  it.each([
    ["the bot account's own posts", payload("eig date ?", { user_id: BOT_ID })],
    ["posts flagged as from a bot", payload("eig date ?", { from_bot: "true" })],
    ["posts flagged as from a webhook", payload("eig date ?", { from_webhook: "true" })],
  ])("leaves %s unanswered (200, empty body)", async (_label, fields) => {
    const ask = vi.spyOn(assistant, "ask");
    const response = await postForm(url, fields);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("");
    expect(ask).not.toHaveBeenCalled();
  });

  it("makes mentions in the answer inert", async () => {
    const response = await postJson(url, payload("eig @channel @all @here quelle est la date limite ?"));
    const body = (await response.json()) as HookReply;
    expect(body.text).not.toMatch(LIVE_MENTION);
  });

  it("answers a 20,000-character text within the post limit", async () => {
    const text = `eig Quelle est la date limite ? ${"é".repeat(20_000)}`.slice(0, 20_000);
    const response = await postForm(url, payload(text));
    expect(response.status).toBe(200);
    const body = (await response.json()) as HookReply;
    expect(Array.from(body.text).length).toBeLessThanOrEqual(16_383);
  });

  it("apologises in the thread when answering fails", async () => {
    const broken = new BrokenAssistant({ knowledge: () => kb });
    const server = await startServer([
      createOutgoingWebhookChannel({ assistant: broken, logger, token: TOKEN }),
    ]);
    try {
      const response = await postForm(`${server.url}/mattermost/webhook`, payload("eig which deadline?"));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        response_type: "comment",
        text: expect.stringMatching(/^Sorry/),
      });
    } finally {
      await server.close();
    }
  });
});

describe("stripTriggerWord", () => {
  it("removes the trigger word and the punctuation after it", () => {
    expect(stripTriggerWord("eig: Quelle date ?", "eig")).toBe("Quelle date ?");
    expect(stripTriggerWord("EIG, quelle date ?", "eig")).toBe("quelle date ?");
    expect(stripTriggerWord("#eig quelle date ?", "#eig")).toBe("quelle date ?");
    expect(stripTriggerWord("quelle date ?", "")).toBe("quelle date ?");
    expect(stripTriggerWord("  eig  ", "eig")).toBe("");
  });
});
