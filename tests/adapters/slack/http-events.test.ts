/**
 * The real Bolt App in HTTP mode behind a real Fastify server on port 0, talking to a real local
 * HTTP server standing in for Slack's Web API: mentions, direct messages, thread follow-ups,
 * signatures, retries and URL verification.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KnowledgeBase } from "../../../src/knowledge/types.js";
import { shippedKnowledge } from "../../helpers/knowledge.js";
import {
  actionIds,
  answerIdOf,
  appMentionEvent,
  BOT_TOKEN,
  BOT_USER,
  blockTexts,
  eventCallback,
  type HttpStack,
  messageEvent,
  nextTs,
  send,
  startHttpStack,
} from "./helpers.js";

let kb: KnowledgeBase;
let broken = false;
let stack: HttpStack;

beforeAll(async () => {
  kb = await shippedKnowledge();
  stack = await startHttpStack(() => {
    if (broken) throw new Error("knowledge exploded");
    return kb;
  });
});

afterAll(async () => {
  await stack.close();
});

describe("Slack HTTP mode: requests", () => {
  it("answers url_verification with the challenge", async () => {
    const body = JSON.stringify({
      token: "t",
      challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
      type: "url_verification",
    });
    const res = await send(stack.baseUrl, { body, contentType: "application/json" });
    expect(res.status).toBe(200);
    expect(res.text).toContain("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
  });

  it("rejects a bad signature and a stale timestamp with 401, and posts nothing", async () => {
    const bad = eventCallback(appMentionEvent("Quelle est la date limite ?", { channel: "C0BADSIG" }));
    expect((await send(stack.baseUrl, bad, { secret: "0000000000000000deadbeef" })).status).toBe(401);
    const stale = eventCallback(appMentionEvent("Quelle est la date limite ?", { channel: "C0STALE" }));
    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
    expect((await send(stack.baseUrl, stale, { timestamp: tenMinutesAgo })).status).toBe(401);
    // Without any signature at all.
    const res = await fetch(`${stack.baseUrl}/slack/events`, { method: "POST", body: bad.body });
    expect(res.status).toBe(401);
    // A good request afterwards is answered: the rejected ones never reached the app.
    const good = eventCallback(appMentionEvent("Quelle est la date limite ?", { channel: "C0GOOD" }));
    expect((await send(stack.baseUrl, good)).status).toBe(200);
    await stack.slack.waitFor("chat.postMessage", (c) => c.params.channel === "C0GOOD");
    const channels = stack.slack.callsOf("chat.postMessage").map((c) => c.params.channel);
    expect(channels).not.toContain("C0BADSIG");
    expect(channels).not.toContain("C0STALE");
  });

  it("leaves the other routes of the shared server their body parsers", async () => {
    const res = await fetch(`${stack.baseUrl}/echo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ a: 1 }),
    });
    expect(await res.json()).toEqual({ got: { a: 1 } });
  });
});

describe("Slack HTTP mode: mentions", () => {
  it("answers a mention in a thread under the question, with sources and buttons", async () => {
    const event = appMentionEvent("Quelle est la date limite pour candidater ?", { channel: "C0MENTION" });
    const res = await send(stack.baseUrl, eventCallback(event));
    expect(res.status).toBe(200);
    const post = await stack.slack.waitFor("chat.postMessage", (c) => c.params.channel === "C0MENTION");
    expect(post.headers.authorization).toBe(`Bearer ${BOT_TOKEN}`);
    expect(post.params.thread_ts).toBe(event.ts);
    expect(typeof post.params.text).toBe("string");
    expect(post.params.text).not.toBe("");
    const texts = blockTexts(post.params.blocks);
    // Sources as links with their dates.
    expect(texts.some((t) => /<https:\/\/[^|>]+\|[^>]+> · \d{1,2} \p{L}+ \d{4}/u.test(t))).toBe(true);
    expect(actionIds(post.params.blocks)).toEqual(["eig_feedback_up", "eig_feedback_down"]);
    // The question reached the assistant without the bot's mention.
    const id = answerIdOf(post.params.blocks);
    const asked = stack.sink.events.items.find((e) => e.type === "question" && e.answerId === id);
    expect(asked?.type === "question" && asked.question).toBe("Quelle est la date limite pour candidater ?");
  });

  it("answers a mention made inside a thread in that thread", async () => {
    const threadTs = nextTs();
    const event = appMentionEvent("Combien d'entrepreneurs par équipe ?", {
      channel: "C0THREAD",
      thread_ts: threadTs,
    });
    await send(stack.baseUrl, eventCallback(event));
    const post = await stack.slack.waitFor("chat.postMessage", (c) => c.params.channel === "C0THREAD");
    expect(post.params.thread_ts).toBe(threadTs);
  });

  it("shows the help for a mention without a question", async () => {
    const event = appMentionEvent("", { channel: "C0EMPTY" });
    await send(stack.baseUrl, eventCallback(event));
    const post = await stack.slack.waitFor("chat.postMessage", (c) => c.params.channel === "C0EMPTY");
    expect(blockTexts(post.params.blocks).join("\n")).toContain("`/eig ");
  });

  it("answers a retried event once (same event_id, X-Slack-Retry-Num)", async () => {
    const request = eventCallback(appMentionEvent("Quel est le salaire ?", { channel: "C0RETRY" }));
    await send(stack.baseUrl, request);
    await stack.slack.waitFor("chat.postMessage", (c) => c.params.channel === "C0RETRY");
    expect((await send(stack.baseUrl, request, { retryNum: 1 })).status).toBe(200);
    await stack.logs.waitFor(
      (l) => l.msg === "slack: event already taken" && l.eventId === request.eventId,
      "the retry to be dropped",
    );
    expect(
      stack.slack.callsOf("chat.postMessage").filter((c) => c.params.channel === "C0RETRY"),
    ).toHaveLength(1);
  });

  it("ignores mentions written by bots", async () => {
    const event = appMentionEvent("Quel est le salaire ?", { channel: "C0BOTS", bot_id: "B0OTHER" });
    const request = eventCallback(event);
    await send(stack.baseUrl, request);
    await stack.logs.waitFor(
      (l) => l.eventId === request.eventId && /mention ignored/.test(String(l.msg)),
      "ignore",
    );
    expect(stack.slack.callsOf("chat.postMessage").filter((c) => c.params.channel === "C0BOTS")).toHaveLength(
      0,
    );
  });

  it("apologises in the thread when answering throws", async () => {
    broken = true;
    try {
      const event = appMentionEvent("Quelle est la date limite ?", { channel: "C0BROKEN" });
      await send(stack.baseUrl, eventCallback(event));
      const post = await stack.slack.waitFor("chat.postMessage", (c) => c.params.channel === "C0BROKEN");
      expect(post.params.thread_ts).toBe(event.ts);
      expect(String(post.params.text)).toMatch(/Désolé/);
      await stack.logs.waitFor((l) => l.level === 50 && /answering failed/.test(String(l.msg)), "error log");
    } finally {
      broken = false;
    }
  });

  it("apologises when Slack refuses the answer's blocks", async () => {
    stack.slack.fail("chat.postMessage", "invalid_blocks");
    const event = appMentionEvent("Quelle est la date limite ?", { channel: "C0REFUSED" });
    await send(stack.baseUrl, eventCallback(event));
    // The first post was refused (recorded, answered ok:false); the second is the apology.
    await stack.slack.waitFor(
      "chat.postMessage",
      (c) => c.params.channel === "C0REFUSED" && /Désolé/.test(String(c.params.text)),
    );
    const posts = stack.slack.callsOf("chat.postMessage").filter((c) => c.params.channel === "C0REFUSED");
    expect(posts).toHaveLength(2);
    expect(posts[1]?.params.thread_ts).toBe(event.ts);
  });
});

describe("Slack HTTP mode: messages", () => {
  it("answers a direct message in the DM, not in a thread", async () => {
    const event = messageEvent("Quelle est la durée du programme ?", { channel: "D0DIRECT" });
    await send(stack.baseUrl, eventCallback(event));
    const post = await stack.slack.waitFor("chat.postMessage", (c) => c.params.channel === "D0DIRECT");
    expect(post.params.thread_ts).toBeUndefined();
    expect(actionIds(post.params.blocks)).toContain("eig_feedback_up");
  });

  it("answers a follow-up without mention in a thread it answered, in that thread", async () => {
    const first = appMentionEvent("Quelle est la date limite pour candidater à la promotion 3 ?", {
      channel: "C0FOLLOW",
    });
    await send(stack.baseUrl, eventCallback(first));
    await stack.slack.waitFor("chat.postMessage", (c) => c.params.channel === "C0FOLLOW");

    const followUp = messageEvent("et pour la promo 2 ?", {
      channel: "C0FOLLOW",
      channel_type: "channel",
      thread_ts: first.ts,
    });
    await send(stack.baseUrl, eventCallback(followUp));
    const posts = await stack.slack.calls.waitFor(
      () =>
        stack.slack.callsOf("chat.postMessage").filter((c) => c.params.channel === "C0FOLLOW").length === 2,
      "the follow-up's answer",
    );
    expect(posts.params.thread_ts).toBe(first.ts);
    // The follow-up reached the assistant as written; the engine reads it against the thread.
    const id = answerIdOf(posts.params.blocks);
    const asked = stack.sink.events.items.find((e) => e.type === "question" && e.answerId === id);
    expect(asked?.type === "question" && asked.question).toBe("et pour la promo 2 ?");
    // …and the engine read it against the thread's first question (the answer says so).
    const merged = id ? stack.assistant.recall(id)?.notes.join(" ") : undefined;
    expect(merged).toMatch(/suite de : « .*date limite/);
  });

  it("leaves alone channel messages outside threads and threads it never answered in", async () => {
    const topLevel = eventCallback(
      messageEvent("Quelle est la date limite ?", { channel: "C0QUIET", channel_type: "channel" }),
    );
    await send(stack.baseUrl, topLevel);
    await stack.logs.waitFor(
      (l) => l.eventId === topLevel.eventId && l.msg === "slack: message ignored",
      "ignored",
    );
    const otherThread = eventCallback(
      messageEvent("Quelle est la date limite ?", {
        channel: "C0QUIET",
        channel_type: "channel",
        thread_ts: nextTs(),
      }),
    );
    await send(stack.baseUrl, otherThread);
    await stack.logs.waitFor(
      (l) => l.eventId === otherThread.eventId && l.msg === "slack: message ignored",
      "ignored",
    );
    expect(
      stack.slack.callsOf("chat.postMessage").filter((c) => c.params.channel === "C0QUIET"),
    ).toHaveLength(0);
  });

  it("ignores bot messages, its own messages, edits and deletions", async () => {
    const cases = [
      messageEvent("Quel est le salaire ?", { channel: "D0NOISE", bot_id: "B0OTHER" }),
      messageEvent("Quel est le salaire ?", { channel: "D0NOISE", subtype: "bot_message", bot_id: "B0BOT" }),
      messageEvent("Quel est le salaire ?", { channel: "D0NOISE", user: BOT_USER }),
      messageEvent("Quel est le salaire ?", { channel: "D0NOISE", subtype: "message_changed" }),
      messageEvent("", { channel: "D0NOISE", subtype: "message_deleted" }),
    ];
    for (const event of cases) {
      const request = eventCallback(event);
      await send(stack.baseUrl, request);
      // Bolt's own ignoreSelf may drop the bot's messages before our handler logs anything;
      // the last case always reaches the handler, and events are handled in order.
    }
    const last = eventCallback(messageEvent("", { channel: "D0NOISE", subtype: "channel_join" }));
    await send(stack.baseUrl, last);
    await stack.logs.waitFor(
      (l) => l.eventId === last.eventId && l.msg === "slack: message ignored",
      "ignored",
    );
    expect(
      stack.slack.callsOf("chat.postMessage").filter((c) => c.params.channel === "D0NOISE"),
    ).toHaveLength(0);
  });

  it("answers once a mention in a followed thread that arrives as app_mention and as message", async () => {
    const first = appMentionEvent("Quel est le salaire ?", { channel: "C0TWICE" });
    await send(stack.baseUrl, eventCallback(first));
    await stack.slack.waitFor("chat.postMessage", (c) => c.params.channel === "C0TWICE");

    const ts = nextTs();
    const text = `<@${BOT_USER}> et la durée ?`;
    const asMessage = eventCallback(
      messageEvent(text, { channel: "C0TWICE", channel_type: "channel", thread_ts: first.ts, ts }),
    );
    const asMention = eventCallback(
      appMentionEvent("et la durée ?", { channel: "C0TWICE", thread_ts: first.ts, ts, text }),
    );
    await send(stack.baseUrl, asMessage);
    await send(stack.baseUrl, asMention);
    await stack.slack.calls.waitFor(
      () =>
        stack.slack.callsOf("chat.postMessage").filter((c) => c.params.channel === "C0TWICE").length === 2,
      "the second answer",
    );
    await stack.logs.waitFor(
      (l) => l.eventId === asMessage.eventId && l.msg === "slack: message ignored",
      "ignored",
    );
    expect(
      stack.slack.callsOf("chat.postMessage").filter((c) => c.params.channel === "C0TWICE"),
    ).toHaveLength(2);
  });

  it("apologises in the DM when answering throws", async () => {
    broken = true;
    try {
      await send(
        stack.baseUrl,
        eventCallback(messageEvent("Quel est le salaire ?", { channel: "D0BROKEN" })),
      );
      const post = await stack.slack.waitFor("chat.postMessage", (c) => c.params.channel === "D0BROKEN");
      expect(String(post.params.text)).toMatch(/Désolé/);
    } finally {
      broken = false;
    }
  });
});

describe("Slack HTTP mode: App Home", () => {
  it("publishes the documents with their dates and example questions", async () => {
    const event = { type: "app_home_opened", user: "U0HOME", channel: "D0HOME", tab: "home", ts: nextTs() };
    await send(stack.baseUrl, eventCallback(event));
    const call = await stack.slack.waitFor("views.publish", (c) => c.params.user_id === "U0HOME");
    const view = call.params.view as { type: string; blocks: unknown[] };
    expect(view.type).toBe("home");
    const all = blockTexts(view.blocks).join("\n");
    for (const doc of kb.documents) expect(all).toContain(doc.title.slice(0, 30).replace(/&/g, "&amp;"));
    expect(all).toMatch(/10 septembre 2018/);
    expect(all).toContain("`/eig ");
  });

  it("does nothing for the Messages tab", async () => {
    const request = eventCallback({
      type: "app_home_opened",
      user: "U0MSGTAB",
      channel: "D0HOME",
      tab: "messages",
      ts: nextTs(),
    });
    await send(stack.baseUrl, request);
    const after = eventCallback({
      type: "app_home_opened",
      user: "U0HOME2",
      channel: "D0HOME",
      tab: "home",
      ts: nextTs(),
    });
    await send(stack.baseUrl, after);
    await stack.slack.waitFor("views.publish", (c) => c.params.user_id === "U0HOME2");
    expect(stack.slack.callsOf("views.publish").filter((c) => c.params.user_id === "U0MSGTAB")).toHaveLength(
      0,
    );
  });

  it("publishes a notice when the knowledge cannot be read, and logs when publishing fails", async () => {
    broken = true;
    try {
      await send(
        stack.baseUrl,
        eventCallback({ type: "app_home_opened", user: "U0HOMEKO", tab: "home", ts: nextTs() }),
      );
      const call = await stack.slack.waitFor("views.publish", (c) => c.params.user_id === "U0HOMEKO");
      expect(blockTexts((call.params.view as { blocks: unknown[] }).blocks).join("\n")).toMatch(/Désolé/);
    } finally {
      broken = false;
    }
    stack.slack.fail("views.publish", "not_enabled");
    await send(
      stack.baseUrl,
      eventCallback({ type: "app_home_opened", user: "U0HOMEOFF", tab: "home", ts: nextTs() }),
    );
    await stack.logs.waitFor((l) => l.level === 50 && /App Home failed/.test(String(l.msg)), "error log");
  });
});
