/**
 * 👍 / 👎 on answers of the slash command and the outgoing webhook: the answer carries
 * interactive message buttons pointing at this server; the test plays the Mattermost server,
 * posting a click's JSON to the button's integration url as Mattermost does.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMattermostChannels } from "../../../src/adapters/mattermost/index.js";
import type { VoteAttachment } from "../../../src/adapters/mattermost/vote-actions.js";
import { Assistant } from "../../../src/answer/assistant.js";
import type { BotEvent } from "../../../src/answer/events.js";
import type { Config } from "../../../src/config.js";
import { loadKnowledge } from "../../../src/knowledge/knowledge-base.js";
import { tempFolder } from "../../helpers/knowledge.js";
import { logger, postForm, postJson, type RunningServer, startServer } from "./helpers.js";

const COMMAND_TOKEN = "xbrkb8p393gjpq5cawei7npije";
const WEBHOOK_TOKEN = "9jrxak1ykp8q3m4stuyerjmq1e";
const FIXTURE = `---
title: Règlement du jardin
date: 2024-05-01
---
# Rémunération

Le salaire des jardiniers est de 4 000 € net par mois.
`;

interface Reply {
  text: string;
  response_type: string;
  attachments?: VoteAttachment[];
}

let running: RunningServer;
let cleanup: () => Promise<void>;
const events: BotEvent[] = [];

beforeAll(async () => {
  const folder = await tempFolder({ "jardin.md": FIXTURE });
  cleanup = folder.cleanup;
  const kb = await loadKnowledge(folder.dir);
  const assistant = new Assistant({
    knowledge: () => kb,
    rateLimitPerMinute: 0,
    events: { record: (e) => events.push(e) },
  });
  const config = { mattermost: { commandToken: COMMAND_TOKEN, webhookToken: WEBHOOK_TOKEN } } as Config;
  running = await startServer(createMattermostChannels({ assistant, logger, config }));
});
afterAll(async () => {
  await running.close();
  await cleanup();
});

async function slash(text: string): Promise<Reply> {
  const response = await postForm(
    `${running.url}/mattermost/command`,
    { token: COMMAND_TOKEN, text, command: "/eig", channel_id: "c1", user_id: "asker", user_name: "jdupont" },
    { authorization: `Token ${COMMAND_TOKEN}` },
  );
  expect(response.status).toBe(200);
  return (await response.json()) as Reply;
}

async function webhook(text: string): Promise<Reply> {
  const response = await postForm(`${running.url}/mattermost/webhook`, {
    token: WEBHOOK_TOKEN,
    text,
    trigger_word: "eig",
    channel_id: "c2",
    user_id: "asker",
    post_id: "p1",
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Reply;
}

/** What the Mattermost server posts to the integration when `user` clicks `button`. */
async function click(reply: Reply, button: 0 | 1, user: string, tamper?: Record<string, string>) {
  const action = reply.attachments?.[0]?.actions[button];
  if (!action) throw new Error("no vote button in the reply");
  const response = await postJson(action.integration.url, {
    user_id: user,
    user_name: user,
    channel_id: "c1",
    team_id: "t1",
    post_id: "answerpost",
    trigger_id: "trigger",
    type: "",
    data_source: "",
    context: { ...action.integration.context, ...tamper },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const votesOn = (reply: Reply) => {
  const id = reply.attachments?.[0]?.actions[0]?.integration.context.answer_id;
  return events.filter((e) => e.type === "feedback" && e.answerId === id);
};

describe("Mattermost vote buttons", () => {
  it("puts 👍 / 👎 buttons under a slash command answer, pointing at this server", async () => {
    const reply = await slash("Quel est le salaire ?");
    const actions = reply.attachments?.[0]?.actions ?? [];
    expect(actions.map((a) => [a.id, a.name])).toEqual([
      ["eigvoteup", "👍 Oui, utile"],
      ["eigvotedown", "👎 Non"],
    ]);
    expect(actions[0]?.integration.url).toBe(`${running.url}/mattermost/actions`);
    // The signature travels in the context, which Mattermost keeps to itself.
    expect(actions[0]?.integration.context).toMatchObject({ vote: "up", via: "command", lang: "fr" });
  });

  it("records one vote per person, thanks the voter privately and leaves the post as it is", async () => {
    const reply = await slash("Quel est le salaire ?");
    const first = await click(reply, 0, "alice");
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ ephemeral_text: expect.stringMatching(/^👍 Merci pour votre retour/) });
    const again = await click(reply, 1, "alice");
    expect(again.body.ephemeral_text).toMatch(/déjà voté/);
    const other = await click(reply, 1, "bob");
    expect(other.body.ephemeral_text).toMatch(/^👎 Merci pour votre retour/);
    expect(votesOn(reply).map((e) => e.type === "feedback" && [e.vote, e.channel])).toEqual([
      ["up", "mattermost"],
      ["down", "mattermost"],
    ]);
  });

  it("puts buttons under public answers and outgoing webhook answers too", async () => {
    const publicReply = await slash("public Quel est le salaire ?");
    expect(publicReply.response_type).toBe("in_channel");
    expect((await click(publicReply, 0, "carol")).body.ephemeral_text).toMatch(/Merci/);
    const hooked = await webhook("eig quel est le salaire ?");
    expect(hooked.attachments?.[0]?.actions[0]?.integration.context.via).toBe("webhook");
    expect((await click(hooked, 1, "dave")).body.ephemeral_text).toMatch(/^👎 Merci/);
    expect(votesOn(hooked)).toHaveLength(1);
  });

  it("refuses a click that did not come from one of its buttons", async () => {
    const reply = await slash("Quel est le salaire ?");
    expect((await click(reply, 0, "eve", { vote: "down" })).status).toBe(401);
    expect((await click(reply, 0, "eve", { via: "webhook" })).status).toBe(401);
    expect((await click(reply, 0, "eve", { answer_id: "another" })).status).toBe(401);
    const bare = await postJson(`${running.url}/mattermost/actions`, { user_id: "eve" });
    expect(bare.status).toBe(401);
    expect(votesOn(reply)).toHaveLength(0);
  });

  it("shows the help for aide, help and ? on the slash command and the webhook", async () => {
    for (const [word, intro] of [
      ["aide", /Je réponds aux questions/],
      ["?", /Je réponds aux questions/],
      ["help", /I answer questions/],
    ] as const) {
      expect((await slash(word)).text).toMatch(intro);
      expect((await webhook(`eig ${word}`)).text).toMatch(intro);
    }
  });
});
