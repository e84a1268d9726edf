/** One vote per person and answer, for any answer of the last 7 days, within a bound. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Assistant } from "../../src/answer/assistant.js";
import type { BotEvent } from "../../src/answer/events.js";
import { VoteLedger } from "../../src/answer/votes.js";
import { loadKnowledge } from "../../src/knowledge/knowledge-base.js";
import type { KnowledgeBase } from "../../src/knowledge/types.js";
import { tempFolder } from "../helpers/knowledge.js";

const DAY = 24 * 3600_000;

let kb: KnowledgeBase;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  const folder = await tempFolder({
    "jardin.md":
      "---\ntitle: Note du jardin\n---\n# Le jardin\n\nLe code du portail du jardin est zanzibar.\n",
  });
  cleanup = folder.cleanup;
  kb = await loadKnowledge(folder.dir);
});
afterAll(() => cleanup());

function assistant(options: { now: () => number; salt?: string; events?: BotEvent[] }) {
  return new Assistant({
    knowledge: () => kb,
    rateLimitPerMinute: 0,
    userHashSalt: options.salt ?? "salt",
    now: options.now,
    events: { record: (e) => options.events?.push(e) },
  });
}

describe("VoteLedger", () => {
  it("accepts a vote on an id it issued, once per voter, and refuses forged or old ids", () => {
    let now = Date.UTC(2026, 10, 1);
    const ledger = new VoteLedger({ secret: "s", now: () => now });
    const id = ledger.issueId();
    expect(id).toMatch(/^[0-9a-z]+\.[\w-]{12}\.[\w-]{16}$/);
    expect(ledger.vote(id, "alice").status).toBe("recorded");
    expect(ledger.vote(id, "alice").status).toBe("duplicate");
    expect(ledger.vote(id, "bob").status).toBe("recorded");
    const [time, random, signature] = id.split(".");
    expect(ledger.vote(`${time}.${random}.${"A".repeat(16)}`, "carol").status).toBe("unknown");
    expect(ledger.vote(`${(now + 1).toString(36)}.${random}.${signature}`, "carol").status).toBe("unknown");
    expect(ledger.vote("8d3f3c9e-0000-4000-8000-000000000000", "carol").status).toBe("unknown");
    now += 7 * DAY + 1;
    expect(ledger.vote(id, "carol").status).toBe("expired");
  });

  it("keeps at most its bounds, oldest dropped first, and still accepts an evicted answer", () => {
    let now = Date.UTC(2026, 10, 1);
    const ledger = new VoteLedger({ secret: "s", now: () => now, maxRecords: 3, maxVotes: 4 });
    const ids = Array.from({ length: 5 }, (_, i) => {
      now += 1000;
      const id = ledger.issueId();
      ledger.record(id, { question: `question ${i}`, kind: "amount", sources: ["Règlement"] });
      return id;
    });
    expect(ledger.size.records).toBe(3);
    expect(ledger.recordOf(ids[0] as string)).toBeUndefined();
    // Evicted from memory, but signed and recent: accepted, without the copy of its question.
    expect(ledger.vote(ids[0] as string, "alice")).toEqual({ status: "recorded" });
    expect(ledger.vote(ids[4] as string, "alice")).toMatchObject({
      status: "recorded",
      record: { question: "question 4" },
    });
    for (const voter of ["b", "c", "d", "e"]) ledger.vote(ids[4] as string, voter);
    expect(ledger.size.votes).toBe(4);
  });

  it("cuts the question it keeps, the staff log holding the whole of it", () => {
    const ledger = new VoteLedger({ secret: "s" });
    const id = ledger.issueId();
    ledger.record(id, { question: "é".repeat(500), kind: "amount", sources: [] });
    expect(Array.from(ledger.recordOf(id)?.question ?? "")).toHaveLength(121);
    expect(ledger.recordOf(id)?.questionCut).toBe(true);
  });
});

describe("Assistant votes", () => {
  it("records one vote per person and answer: a second click from the same person changes nothing", () => {
    const events: BotEvent[] = [];
    const bot = assistant({ now: Date.now, events });
    const { answer } = bot.ask({ text: "code du portail du jardin ?", channel: "slack", user: "U1" });
    expect(bot.vote({ answerId: answer.id, vote: "up", channel: "slack", user: "U2" }).status).toBe(
      "recorded",
    );
    expect(bot.vote({ answerId: answer.id, vote: "down", channel: "slack", user: "U2" }).status).toBe(
      "duplicate",
    );
    expect(bot.vote({ answerId: answer.id, vote: "down", channel: "slack", user: "U3" }).status).toBe(
      "recorded",
    );
    const votes = events.filter((e) => e.type === "feedback");
    expect(votes.map((e) => e.type === "feedback" && e.vote)).toEqual(["up", "down"]);
    expect(votes[0]).toMatchObject({ answerId: answer.id, question: answer.question, kind: answer.kind });
  });

  it("accepts a vote for an answer of the last 7 days, after 2,000 newer answers and after a restart", () => {
    let now = Date.UTC(2026, 10, 1);
    const events: BotEvent[] = [];
    const first = assistant({ now: () => now, events });
    const old = first.ask({ text: "code du portail du jardin ?", channel: "web", user: "w1" }).answer;
    for (let i = 0; i < 2_100; i++) first.ask({ text: `question ${i} ?`, channel: "web", user: `w${i}` });
    now += 6 * DAY;
    expect(first.vote({ answerId: old.id, vote: "up", channel: "web", user: "w1" }).status).toBe("recorded");
    // Same salt (kept by the staff log in <EVENT_LOG>.salt): the new process knows the id.
    const restarted = assistant({ now: () => now, events });
    expect(restarted.vote({ answerId: old.id, vote: "down", channel: "web", user: "w2" }).status).toBe(
      "recorded",
    );
    const other = assistant({ now: () => now, salt: "another salt" });
    expect(other.vote({ answerId: old.id, vote: "down", channel: "web", user: "w3" }).status).toBe("unknown");
    now += DAY + 1;
    expect(restarted.vote({ answerId: old.id, vote: "up", channel: "web", user: "w4" }).status).toBe(
      "expired",
    );
    expect(events.filter((e) => e.type === "feedback")).toHaveLength(2);
  });
});
