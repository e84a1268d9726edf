/**
 * Faults on Slack's side, injected by the local fake Web API at the HTTP level: 429 with
 * Retry-After, 5xx, and an outage longer than the retry budget. The real WebClient (configured in
 * src/adapters/slack/app.ts) retries; the asker gets one answer, or an apology, never two; and the
 * bot keeps answering afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SLACK_RETRY } from "../../../src/adapters/slack/app.js";
import { shippedKnowledge } from "../../helpers/knowledge.js";
import { appMentionEvent, eventCallback, type HttpStack, send, startHttpStack } from "./helpers.js";

let stack: HttpStack;

beforeAll(async () => {
  const kb = await shippedKnowledge();
  stack = await startHttpStack(() => kb);
});

afterAll(async () => {
  await stack.close();
});

function attempts(channel: string): { failed: number; ok: number } {
  const calls = stack.slack.calls.items.filter(
    (c) => c.method.startsWith("chat.postMessage") && c.params.channel === channel,
  );
  return {
    failed: calls.filter((c) => c.method !== "chat.postMessage").length,
    ok: calls.filter((c) => c.method === "chat.postMessage").length,
  };
}

describe("Slack Web API faults", () => {
  it("retries a 503 and posts the answer once", async () => {
    stack.slack.failHttp("chat.postMessage", 503, 2);
    const event = appMentionEvent("Combien d'entrepreneurs par équipe ?", { channel: "C0FLAKY" });
    expect((await send(stack.baseUrl, eventCallback(event))).status).toBe(200);
    const post = await stack.slack.calls.waitFor(
      (c) => c.method === "chat.postMessage" && c.params.channel === "C0FLAKY",
      "the answer after two 503s",
      15_000,
    );
    expect(post.params.thread_ts).toBe(event.ts);
    expect(String(post.params.text)).not.toMatch(/Désolé/);
    expect(attempts("C0FLAKY")).toEqual({ failed: 2, ok: 1 });
  }, 20_000);

  it("waits for Retry-After on a 429, then posts the answer once", async () => {
    stack.slack.failHttp("chat.postMessage", 429, 1, { "retry-after": "1" });
    const event = appMentionEvent("Quel est le salaire ?", { channel: "C0LIMITED" });
    const sent = Date.now();
    await send(stack.baseUrl, eventCallback(event));
    await stack.slack.calls.waitFor(
      (c) => c.method === "chat.postMessage" && c.params.channel === "C0LIMITED",
      "the answer after a 429",
      15_000,
    );
    expect(Date.now() - sent).toBeGreaterThanOrEqual(1_000);
    expect(attempts("C0LIMITED")).toEqual({ failed: 1, ok: 1 });
    await stack.logs.waitFor((l) => /rate limit/i.test(String(l.msg)), "the rate limit logged");
  }, 20_000);

  it("apologises once the retries are spent, and keeps answering afterwards", async () => {
    // One more failure than retries: the answer is lost; the apology is the next post.
    stack.slack.failHttp("chat.postMessage", 500, SLACK_RETRY.retries + 1);
    const event = appMentionEvent("Quelle est la date limite ?", { channel: "C0DOWN" });
    await send(stack.baseUrl, eventCallback(event));
    const apology = await stack.slack.calls.waitFor(
      (c) => c.method === "chat.postMessage" && c.params.channel === "C0DOWN",
      "the apology",
      20_000,
    );
    expect(String(apology.params.text)).toMatch(/Désolé/);
    expect(apology.params.thread_ts).toBe(event.ts);
    expect(attempts("C0DOWN")).toEqual({ failed: SLACK_RETRY.retries + 1, ok: 1 });
    await stack.logs.waitFor(
      (l) => l.level === 50 && /posting the answer failed/.test(String(l.msg)),
      "the failure logged",
    );

    const next = appMentionEvent("Combien d'entrepreneurs par équipe ?", { channel: "C0AFTER" });
    await send(stack.baseUrl, eventCallback(next));
    const answer = await stack.slack.waitFor("chat.postMessage", (c) => c.params.channel === "C0AFTER");
    expect(String(answer.params.text)).not.toMatch(/Désolé/);
  }, 30_000);

  it("rejects an oversized event body before signature checks, posting nothing", async () => {
    const big = eventCallback(appMentionEvent("x".repeat(600 * 1024), { channel: "C0HUGE" }));
    const res = await send(stack.baseUrl, big);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(stack.slack.callsOf("chat.postMessage").filter((c) => c.params.channel === "C0HUGE")).toHaveLength(
      0,
    );
  });
});
