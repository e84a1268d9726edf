import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  type BotAccountOptions,
  exponentialBackoff,
  MattermostBotAccount,
  websocketUrl,
} from "../../../src/adapters/mattermost/bot-account.js";
import { createMattermostChannels } from "../../../src/adapters/mattermost/index.js";
import type { Assistant } from "../../../src/answer/assistant.js";
import type { Config } from "../../../src/config.js";
import type { KnowledgeBase } from "../../../src/knowledge/types.js";
import {
  BrokenAssistant,
  FakeMattermost,
  LIVE_MENTION,
  logger,
  makeAssistant,
  shippedKnowledge,
} from "./helpers.js";

let kb: KnowledgeBase;
let assistant: Assistant;
let fake: FakeMattermost;
let bot: MattermostBotAccount;

beforeAll(async () => {
  kb = await shippedKnowledge();
});

afterEach(async () => {
  vi.restoreAllMocks();
  await bot?.stop();
  await fake?.close();
});

/** A fake Mattermost and a bot connected to it; reconnections are immediate, no heartbeat. */
async function connect(options: Partial<BotAccountOptions> = {}, fakeOptions: { silent?: boolean } = {}) {
  assistant = options.assistant ?? makeAssistant(kb);
  fake = new FakeMattermost(fakeOptions);
  await fake.listen();
  bot = new MattermostBotAccount({
    url: fake.url,
    token: fake.token,
    assistant,
    logger,
    backoff: () => 0,
    heartbeatMs: 0,
    ...options,
  });
  await bot.start();
  expect(bot.connected).toBe(true);
}

const SOURCE_LINK = /\]\(https:\/\/[^)\s]+\)/;

/** The next post the bot leaves alone for `reason` (its own replies echo back at any moment). */
function ignoredFor(reason: string): Promise<{ id: string; user_id: string }> {
  return new Promise((resolve) => {
    const listener = (event: { post: { id: string; user_id: string }; reason: string }) => {
      if (event.reason !== reason) return;
      bot.off("ignored", listener);
      resolve(event.post);
    };
    bot.on("ignored", listener);
  });
}

describe("Mattermost bot account", () => {
  it("answers a mention in the post's thread, with sources, the mention left out of the question", async () => {
    await connect();
    const ask = vi.spyOn(assistant, "ask");
    const replied = once(bot, "reply");
    const asked = fake.emitPosted(
      { message: "@eig-bot Quelle est la date limite pour candidater ?" },
      { mentions: [fake.bot.id] },
    );
    const [{ post, to }] = await replied;
    expect(to.id).toBe(asked.id);
    expect(post.root_id).toBe(asked.id);
    expect(post.channel_id).toBe(asked.channel_id);
    expect(post.message).toContain("**Sources**");
    expect(post.message).toMatch(SOURCE_LINK);
    expect(fake.posts).toEqual([post]);
    expect(ask).toHaveBeenCalledWith({
      text: "Quelle est la date limite pour candidater ?",
      channel: "mattermost",
      user: asked.user_id,
      conversation: `mattermost:${asked.channel_id}:${asked.id}`,
    });
  });

  it("replies under the thread's root when mentioned inside a thread", async () => {
    await connect();
    const replied = once(bot, "reply");
    // No `mentions` field: the @name in the text is enough.
    fake.emitPosted({
      message: "Et la taille des équipes, @eig-bot ?",
      root_id: "threadroot0000000000000000",
    });
    const [{ post }] = await replied;
    expect(post.root_id).toBe("threadroot0000000000000000");
  });

  it("answers a direct message without a mention", async () => {
    await connect();
    const replied = once(bot, "reply");
    const asked = fake.emitPosted(
      { message: "Combien d'entrepreneurs par équipe ?", channel_id: "dmchannel00000000000000000" },
      { channel_type: "D" },
    );
    const [{ post }] = await replied;
    expect(post.channel_id).toBe("dmchannel00000000000000000");
    expect(post.root_id).toBe(asked.id);
    expect(post.message.length).toBeGreaterThan(0);
  });

  it("never answers its own posts (its replies come back on the socket)", async () => {
    await connect();
    const ignored = ignoredFor("own post");
    fake.emitPosted({ message: "@eig-bot Quelle est la date limite ?" }, { mentions: [fake.bot.id] });
    const post = await ignored;
    expect(post.user_id).toBe(fake.bot.id);
    expect(post.id).toBe(fake.posts[0]?.id);
    expect(fake.posts).toHaveLength(1);
  });

  it.each([
    ["another bot", { props: { from_bot: "true" } }, "from a bot"],
    ["a webhook", { props: { from_webhook: "true" } }, "from a webhook"],
    ["a system message", { type: "system_join_channel" }, "system message"],
  ])("leaves posts from %s alone, even when they mention it", async (_label, fields, expected) => {
    await connect();
    const ignored = once(bot, "ignored");
    fake.emitPosted({ message: "@eig-bot quelle date ?", ...fields }, { mentions: [fake.bot.id] });
    const [{ reason }] = await ignored;
    expect(reason).toBe(expected);
    expect(fake.posts).toHaveLength(0);
  });

  it("follows up in its own thread without a mention, and stays out of other threads", async () => {
    await connect();
    const ask = vi.spyOn(assistant, "ask");
    let replied = once(bot, "reply");
    const first = fake.emitPosted({ message: "@eig-bot Quels sont les défis de la promotion 3 ?" });
    await replied;

    // Not its thread, no mention: left alone.
    const ignored = ignoredFor("not for me");
    const elsewhere = fake.emitPosted({
      message: "et pour la promo 2 ?",
      root_id: "someotherthread00000000000",
    });
    expect((await ignored).id).toBe(elsewhere.id);

    replied = once(bot, "reply");
    fake.emitPosted({ message: "et pour la promo 2 ?", root_id: first.id });
    const [{ post }] = await replied;
    expect(post.root_id).toBe(first.id);
    expect(ask).toHaveBeenLastCalledWith(
      expect.objectContaining({
        text: "et pour la promo 2 ?",
        conversation: `mattermost:${first.channel_id}:${first.id}`,
      }),
    );
    expect(fake.posts).toHaveLength(2);
  });

  it("follows only the person who asked: others need a mention, a thank-you gets one short reply", async () => {
    await connect();
    const alice = "humanuserid000000000000000";
    const bob = "otheruserid000000000000000";
    let replied = once(bot, "reply");
    const first = fake.emitPosted({
      message: "@eig-bot Combien d'entrepreneurs par équipe ?",
      user_id: alice,
    });
    await replied;

    let ignored = ignoredFor("not the person who asked (a mention is needed)");
    const fromBob = fake.emitPosted({
      message: "tu candidates toi aussi ?",
      root_id: first.id,
      user_id: bob,
    });
    expect((await ignored).id).toBe(fromBob.id);
    ignored = ignoredFor("thank-you from someone else");
    fake.emitPosted({ message: "merci, super !", root_id: first.id, user_id: bob });
    await ignored;

    replied = once(bot, "reply");
    fake.emitPosted({ message: "@eig-bot et le salaire ?", root_id: first.id, user_id: bob });
    expect((await replied)[0].answerId).toBeDefined();

    replied = once(bot, "reply");
    fake.emitPosted({ message: "et la durée ?", root_id: first.id, user_id: alice });
    expect((await replied)[0].answerId).toBeDefined();

    replied = once(bot, "reply");
    fake.emitPosted({ message: "merci, super !", root_id: first.id, user_id: alice });
    const [thanks] = await replied;
    expect(thanks.post.message).toBe("Avec plaisir !");
    expect(thanks.answerId).toBeUndefined();
    ignored = ignoredFor("a thank-you was already answered in this thread");
    fake.emitPosted({ message: "merci encore", root_id: first.id, user_id: alice });
    await ignored;
    expect(fake.posts).toHaveLength(4);
  });

  it.each([
    ["aide", /Je réponds aux questions/],
    ["?", /Je réponds aux questions/],
    ["help", /I answer questions/],
  ])("shows the help for '%s', mentioned or in a DM", async (word, intro) => {
    await connect();
    let replied = once(bot, "reply");
    fake.emitPosted({ message: `@eig-bot ${word}` }, { mentions: [fake.bot.id] });
    expect((await replied)[0].post.message).toMatch(intro);
    replied = once(bot, "reply");
    fake.emitPosted({ message: word }, { channel_type: "D" });
    expect((await replied)[0].post.message).toMatch(intro);
  });

  it("shows the help when mentioned with no question", async () => {
    await connect();
    const replied = once(bot, "reply");
    fake.emitPosted({ message: "@eig-bot" }, { mentions: [fake.bot.id] });
    const [{ post }] = await replied;
    expect(post.message).toContain("`@eig-bot ");
  });

  it("makes mentions in its replies inert", async () => {
    await connect();
    const replied = once(bot, "reply");
    fake.emitPosted(
      { message: "@eig-bot @channel @all <!here> quelle est la date limite ?" },
      { channel_type: "O" },
    );
    const [{ post }] = await replied;
    expect(post.message).not.toMatch(LIVE_MENTION);
  });

  it("apologises in the thread when answering fails", async () => {
    await connect({ assistant: new BrokenAssistant({ knowledge: () => kb }) });
    const replied = once(bot, "reply");
    const asked = fake.emitPosted({ message: "@eig-bot Quelle est la date limite ?" });
    const [{ post }] = await replied;
    expect(post.root_id).toBe(asked.id);
    expect(post.message).toMatch(/^Désolé/);
  });

  it("retries a reply once when Mattermost answers 503", async () => {
    await connect();
    fake.failNextPostWith = 503;
    const replied = once(bot, "reply");
    fake.emitPosted({ message: "Combien d'entrepreneurs par équipe ?" }, { channel_type: "D" });
    await replied;
    expect(fake.posts).toHaveLength(1);
  });

  it("records 👍 on its answers as feedback", async () => {
    await connect();
    const replied = once(bot, "reply");
    fake.emitPosted({ message: "Combien d'entrepreneurs par équipe ?" }, { channel_type: "D" });
    const [{ post, answerId }] = await replied;
    const voted = once(bot, "feedback");
    fake.emitReaction(post.id, "+1");
    expect((await voted)[0]).toEqual({ answerId, vote: "up", known: true });
  });

  it("counts one vote per person: the same person reacting twice is recorded once", async () => {
    await connect();
    const replied = once(bot, "reply");
    fake.emitPosted({ message: "Combien d'entrepreneurs par équipe ?" }, { channel_type: "D" });
    const [{ post, answerId }] = await replied;
    let voted = once(bot, "feedback");
    fake.emitReaction(post.id, "+1");
    expect((await voted)[0]).toEqual({ answerId, vote: "up", known: true });
    voted = once(bot, "feedback");
    fake.emitReaction(post.id, "-1");
    expect((await voted)[0]).toEqual({ answerId, vote: "down", known: false });
    voted = once(bot, "feedback");
    fake.emitReaction(post.id, "-1", "otheruserid000000000000000");
    expect((await voted)[0]).toEqual({ answerId, vote: "down", known: true });
  });

  it("reconnects after the server closes the socket", async () => {
    const backoff = vi.fn(() => 0);
    await connect({ backoff });
    const reconnected = once(bot, "connected");
    fake.dropConnections();
    await reconnected;
    expect(backoff).toHaveBeenCalledWith(0);
    expect(fake.challenges).toEqual([
      { seq: 1, token: fake.token },
      { seq: 1, token: fake.token },
    ]);
    // And it still answers.
    const replied = once(bot, "reply");
    fake.emitPosted({ message: "Quelle est la date limite ?" }, { channel_type: "D" });
    await replied;
  });

  it("reopens a socket that went silent (no pong)", async () => {
    await connect({ heartbeatMs: 20 }, { silent: true });
    const dropped = once(bot, "disconnected");
    const reconnected = once(bot, "connected");
    await dropped;
    await reconnected;
    expect(fake.challenges).toHaveLength(2);
  });

  it("stops cleanly: the socket closes with 1000 and no reconnection follows", async () => {
    const backoff = vi.fn(() => 0);
    await connect({ backoff });
    const closed = once(fake, "closed");
    await bot.stop();
    expect((await closed)[0]).toBe(1000);
    expect(backoff).not.toHaveBeenCalled();
    expect(bot.connected).toBe(false);
    expect(fake.openSockets).toBe(0);
  });

  it("refuses to start with a wrong token, naming the variable", async () => {
    fake = new FakeMattermost();
    await fake.listen();
    bot = new MattermostBotAccount({ url: fake.url, token: "wrong", assistant: makeAssistant(kb), logger });
    await expect(bot.start()).rejects.toThrow(/401.*MATTERMOST_BOT_TOKEN/);
    expect(fake.challenges).toHaveLength(0);
  });

  it("starts anyway when Mattermost is unreachable, and keeps trying", async () => {
    const closedServer = createServer();
    await new Promise<void>((resolve) => closedServer.listen(0, "127.0.0.1", resolve));
    const { port } = closedServer.address() as AddressInfo;
    await new Promise<void>((resolve) => closedServer.close(() => resolve()));
    const backoff = vi.fn(() => 60_000);
    bot = new MattermostBotAccount({
      url: `http://127.0.0.1:${port}`,
      token: "t",
      assistant: makeAssistant(kb),
      logger,
      backoff,
    });
    await bot.start();
    expect(bot.connected).toBe(false);
    expect(backoff).toHaveBeenCalledWith(0);
  });
});

describe("helpers of the bot account", () => {
  it("derives the WebSocket address from the server's", () => {
    expect(websocketUrl("https://chat.example.org")).toBe("wss://chat.example.org/api/v4/websocket");
    expect(websocketUrl("http://localhost:8065/")).toBe("ws://localhost:8065/api/v4/websocket");
    expect(websocketUrl("https://example.org/mattermost")).toBe(
      "wss://example.org/mattermost/api/v4/websocket",
    );
  });

  it("backs off exponentially, with jitter, up to a minute", () => {
    for (let attempt = 0; attempt < 30; attempt++) {
      const ceiling = Math.min(60_000, 1_000 * 2 ** attempt);
      const delay = exponentialBackoff(attempt);
      expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
      expect(delay).toBeLessThanOrEqual(ceiling);
    }
  });

  it("creates one channel per enabled integration", () => {
    const config = (mattermost: Config["mattermost"]) => ({ mattermost }) as Config;
    const ctx = { assistant: makeAssistant(kb), logger };
    expect(createMattermostChannels({ ...ctx, config: config(undefined) })).toEqual([]);
    expect(
      createMattermostChannels({
        ...ctx,
        config: config({
          commandToken: "c",
          webhookToken: "w",
          url: "https://chat.example.org",
          botToken: "b",
        }),
      }).map((c) => c.name),
    ).toEqual([
      "mattermost slash command",
      "mattermost outgoing webhook",
      "mattermost vote buttons",
      "mattermost bot account",
    ]);
    expect(
      createMattermostChannels({ ...ctx, config: config({ webhookToken: "w" }) }).map((c) => c.name),
    ).toEqual(["mattermost outgoing webhook", "mattermost vote buttons"]);
    expect(
      createMattermostChannels({
        ...ctx,
        config: config({ url: "https://chat.example.org", botToken: "b" }),
      }).map((c) => c.name),
    ).toEqual(["mattermost bot account"]);
  });
});
