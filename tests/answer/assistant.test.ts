import { beforeAll, describe, expect, it } from "vitest";
import { Assistant } from "../../src/answer/assistant.js";
import { Conversations } from "../../src/answer/conversations.js";
import type { BotEvent } from "../../src/answer/events.js";
import { RateLimiter } from "../../src/answer/rate-limiter.js";
import { cleanQuestion } from "../../src/answer/sanitize.js";
import type { KnowledgeBase } from "../../src/knowledge/types.js";
import { shippedKnowledge, TODAY } from "../helpers/knowledge.js";

let kb: KnowledgeBase;
beforeAll(async () => {
  kb = await shippedKnowledge();
});

describe("cleanQuestion", () => {
  it("removes control, zero-width and bidi characters and collapses spaces", () => {
    expect(cleanQuestion("date\u0000 li\u200Bmite\u202E ?\n\n promo\t3", 100).text).toBe(
      "date limite ? promo 3",
    );
  });

  it("cuts long text on a word boundary and says so", () => {
    const long = `${"mot ".repeat(600)}fin`;
    const cleaned = cleanQuestion(long, 2000);
    expect(cleaned.truncated).toBe(true);
    expect(cleaned.originalLength).toBe(long.length);
    expect(cleaned.text.length).toBeLessThanOrEqual(2000);
    expect(cleaned.text.endsWith("mot")).toBe(true);
  });

  it("never cuts an emoji in half", () => {
    const { text } = cleanQuestion("😀".repeat(10), 5);
    expect(Array.from(text)).toHaveLength(5);
  });
});

describe("RateLimiter", () => {
  it("allows a burst, refuses the next one, and refills with time", () => {
    let now = 0;
    const limiter = new RateLimiter({ perMinute: 3, now: () => now });
    expect([1, 2, 3].map(() => limiter.take("u"))).toEqual([true, true, true]);
    expect(limiter.take("u")).toBe(false);
    expect(limiter.retryAfterSeconds("u")).toBe(20);
    expect(limiter.take("other")).toBe(true);
    now += 20_000;
    expect(limiter.take("u")).toBe(true);
  });

  it("is off at 0 and forgets the oldest users beyond its bound", () => {
    expect(new RateLimiter({ perMinute: 0 }).take("u")).toBe(true);
    const limiter = new RateLimiter({ perMinute: 1, maxUsers: 2, now: () => 0 });
    limiter.take("a");
    limiter.take("b");
    limiter.take("c");
    expect(limiter.take("a")).toBe(true); // "a" was forgotten: a fresh bucket
  });
});

describe("Conversations", () => {
  it("remembers the last question per thread, within a bound and an age", () => {
    let now = 0;
    const c = new Conversations({ max: 2, ttlMs: 1000, now: () => now });
    c.remember("t1", "q1");
    c.remember("t2", "q2");
    c.remember("t3", "q3");
    expect(c.last("t1")).toBeUndefined();
    expect(c.last("t3")).toBe("q3");
    now = 2000;
    expect(c.has("t3")).toBe(false);
  });
});

describe("Assistant", () => {
  const make = (events: BotEvent[] = [], perMinute = 10) =>
    new Assistant({
      knowledge: () => kb,
      today: () => TODAY,
      rateLimitPerMinute: perMinute,
      events: { record: (e) => events.push(e) },
      userHashSalt: "salt",
    });

  it("answers and records the question with a hashed user", () => {
    const events: BotEvent[] = [];
    const { answer } = make(events).ask({ text: "date limite promo 3 ?", channel: "slack", user: "U123" });
    expect(answer.answered).toBe(true);
    expect(events[0]).toMatchObject({
      type: "question",
      channel: "slack",
      answered: true,
      kind: "date",
      answerId: answer.id,
    });
    expect(JSON.stringify(events)).not.toContain("U123");
    expect((events[0] as { user: string }).user).toMatch(/^[0-9a-f]{16}$/);
  });

  it("reads a follow-up in the same conversation, not in another", () => {
    const assistant = make();
    assistant.ask({
      text: "Quelle est la date limite ?",
      channel: "slack",
      user: "U1",
      conversation: "slack:T:C:1",
    });
    expect(assistant.inConversation("slack:T:C:1")).toBe(true);
    const follow = assistant.ask({
      text: "et pour la promo 2 ?",
      channel: "slack",
      user: "U1",
      conversation: "slack:T:C:1",
    });
    expect(follow.answer.text).toContain("27 octobre 2017");
    const elsewhere = assistant.ask({
      text: "et pour la promo 2 ?",
      channel: "slack",
      user: "U1",
      conversation: "slack:T:C:2",
    });
    expect(elsewhere.answer.kind).not.toBe("date");
  });

  it("cuts a huge question and says so in the answer", () => {
    const { truncated, answer } = make().ask({
      text: `Quelle est la date limite ? ${"blabla ".repeat(2000)}`,
      channel: "web",
    });
    expect(truncated).toBe(true);
    expect(answer.notes.join(" ")).toMatch(/j'en ai lu les questions/);
  });

  it("limits each user's rate with a polite answer", () => {
    const events: BotEvent[] = [];
    const assistant = make(events, 2);
    assistant.ask({ text: "salaire ?", channel: "web", user: "w1" });
    assistant.ask({ text: "salaire ?", channel: "web", user: "w1" });
    const third = assistant.ask({ text: "salaire ?", channel: "web", user: "w1" });
    expect(third.rateLimited).toBe(true);
    expect(third.answer).toMatchObject({ answered: false });
    expect(third.answer.text).toMatch(/merci de patienter \d+ s/);
    expect(assistant.ask({ text: "salaire ?", channel: "web", user: "w2" }).rateLimited).toBe(false);
    expect(events.filter((e) => e.type === "question" && e.rateLimited)).toHaveLength(1);
  });

  it("records feedback with the question it answers, and knows recent answers", () => {
    const events: BotEvent[] = [];
    const assistant = make(events);
    const { answer } = assistant.ask({ text: "salaire ?", channel: "web", user: "w1" });
    expect(assistant.recall(answer.id)?.text).toBe(answer.text);
    expect(assistant.feedback({ answerId: answer.id, vote: "down", channel: "web", user: "w1" })).toBe(true);
    expect(events[1]).toMatchObject({
      type: "feedback",
      vote: "down",
      question: "salaire ?",
      kind: "amount",
    });
    expect(assistant.feedback({ answerId: "unknown", vote: "up", channel: "web" })).toBe(false);
  });
});
