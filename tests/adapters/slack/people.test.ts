/**
 * What people meet in Slack, through the real Bolt App in HTTP mode and a fixture folder of its
 * own: escaped text read as it was typed, threads that follow the person who asked, one short
 * reply to a thank-you, and `aide` / `help` / `?` showing the help.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { QuestionEvent } from "../../../src/answer/events.js";
import { loadKnowledge } from "../../../src/knowledge/knowledge-base.js";
import { tempFolder } from "../../helpers/knowledge.js";
import {
  answerIdOf,
  appMentionEvent,
  blockTexts,
  eventCallback,
  type HttpStack,
  messageEvent,
  send,
  slashCommand,
  startHttpStack,
} from "./helpers.js";

const FIXTURE = `---
title: Règlement du jardin
date: 2024-05-01
---
# Rémunération

Le salaire des jardiniers est de 4 000 € net par mois, avec un contrat de dix mois.
`;

let stack: HttpStack;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const folder = await tempFolder({ "jardin.md": FIXTURE });
  cleanup = folder.cleanup;
  const kb = await loadKnowledge(folder.dir);
  stack = await startHttpStack(() => kb);
});

afterAll(async () => {
  await stack.close();
  await cleanup();
});

const postsIn = (channel: string) =>
  stack.slack.callsOf("chat.postMessage").filter((c) => c.params.channel === channel);

/** Waits until `count` messages were posted in `channel`. */
function posted(channel: string, count: number) {
  return stack.slack.calls.waitFor(() => postsIn(channel).length === count, `${count} posts in ${channel}`);
}

/** The question event of the first answer posted in `channel` (recorded before the post). */
async function questionEvent(channel: string): Promise<QuestionEvent> {
  const post = await posted(channel, 1);
  const id = answerIdOf(post.params.blocks);
  const event = stack.sink.events.items.find((e) => e.type === "question" && e.answerId === id);
  if (event?.type !== "question") throw new Error(`no question event for the answer in ${channel}`);
  return event;
}

/** Sends a message and waits for the debug line saying it was left alone. */
async function ignored(event: Record<string, unknown>, reason: string) {
  const request = eventCallback(event);
  await send(stack.baseUrl, request);
  await stack.logs.waitFor(
    (l) => l.eventId === request.eventId && l.msg === "slack: message ignored" && l.reason === reason,
    `ignored: ${reason}`,
  );
}

describe("Slack text is read as the person typed it", () => {
  it("decodes a mention's &lt; &amp; links, channels and people before answering and logging", async () => {
    const event = appMentionEvent(
      "Quel est le salaire ? &lt;3 <@U0FRIEND> <!here> voir <https://example.org/x?a=1&amp;b=2|le règlement> dans <#C0123|general>",
      { channel: "C0DECODE" },
    );
    await send(stack.baseUrl, eventCallback(event));
    const asked = await questionEvent("C0DECODE");
    expect(asked.question).toBe("Quel est le salaire ? <3 @here voir le règlement dans #general");
    const sent = JSON.stringify((await posted("C0DECODE", 1)).params);
    expect(sent).not.toMatch(/<@U0FRIEND|<!here|<#C0123/);
  });

  it("answers 'salaire &amp; contrat ?' in a DM as 'salaire & contrat ?'", async () => {
    await send(stack.baseUrl, eventCallback(messageEvent("salaire &amp; contrat ?", { channel: "D0AMP" })));
    const escaped = await questionEvent("D0AMP");
    await send(stack.baseUrl, eventCallback(messageEvent("salaire & contrat ?", { channel: "D0PLAIN" })));
    const plain = await questionEvent("D0PLAIN");
    expect(escaped.question).toBe("salaire & contrat ?");
    expect({ answered: escaped.answered, kind: escaped.kind }).toEqual({
      answered: plain.answered,
      kind: plain.kind,
    });
  });

  it("decodes /eig text too", async () => {
    await send(
      stack.baseUrl,
      slashCommand("Quel est le salaire ? &lt;3", stack.slack.responseUrl("decode-cmd"), {
        channel_id: "C0CMD",
      }),
    );
    await stack.slack.waitFor("response_url", (c) => c.path === "decode-cmd");
    const asked = stack.sink.events.items.filter((e) => e.type === "question").at(-1);
    expect(asked?.type === "question" && asked.question).toBe("Quel est le salaire ? <3");
  });
});

describe("threads belong to the person who asked", () => {
  it("follows the asker, answers others only on a mention, and thanks once", async () => {
    const channel = "C0THREAD";
    const first = appMentionEvent("Quel est le salaire ?", { channel, user: "U0ALICE" });
    const thread = first.ts as string;
    await send(stack.baseUrl, eventCallback(first));
    await posted(channel, 1);

    // Alice follows up without a mention: answered in the thread.
    await send(
      stack.baseUrl,
      eventCallback(
        messageEvent("et la durée du contrat ?", {
          channel,
          channel_type: "channel",
          thread_ts: thread,
          user: "U0ALICE",
        }),
      ),
    );
    expect((await posted(channel, 2)).params.thread_ts).toBe(thread);

    // Bob writes in Alice's thread without a mention: left alone, his thanks too.
    const inThread = { channel, channel_type: "channel", thread_ts: thread, user: "U0BOB" };
    await ignored(
      messageEvent("tu candidates toi aussi ?", inThread),
      "not the person who asked (a mention is needed)",
    );
    await ignored(messageEvent("merci, super !", inThread), "thank-you from someone else");
    expect(postsIn(channel)).toHaveLength(2);

    // Bob mentions the bot: answered.
    await send(
      stack.baseUrl,
      eventCallback(appMentionEvent("et le salaire ?", { channel, thread_ts: thread, user: "U0BOB" })),
    );
    await posted(channel, 3);

    // Alice thanks: one short reply, once.
    const alice = { channel, channel_type: "channel", thread_ts: thread, user: "U0ALICE" };
    await send(stack.baseUrl, eventCallback(messageEvent("merci, super !", alice)));
    const thanks = await posted(channel, 4);
    expect(thanks.params).toMatchObject({ text: "Avec plaisir !", thread_ts: thread });
    expect(thanks.params.blocks).toBeUndefined();
    await ignored(messageEvent("merci encore !", alice), "a thank-you was already answered in this thread");
    expect(postsIn(channel)).toHaveLength(4);
  });

  it("still answers every direct message, thank-yous included", async () => {
    await send(stack.baseUrl, eventCallback(messageEvent("Quel est le salaire ?", { channel: "D0THANKS" })));
    await posted("D0THANKS", 1);
    await send(
      stack.baseUrl,
      eventCallback(messageEvent("et la durée ?", { channel: "D0THANKS", user: "U0ALICE" })),
    );
    await posted("D0THANKS", 2);
  });
});

describe("aide, help and ? show the help", () => {
  it.each([
    ["aide", "C0HELPFR", /Je réponds aux questions/],
    ["help", "C0HELPEN", /I answer questions/],
    ["?", "C0HELPQ", /Je réponds aux questions/],
  ])("in a mention: %s", async (word, channel, intro) => {
    await send(stack.baseUrl, eventCallback(appMentionEvent(word, { channel })));
    const help = await posted(channel, 1);
    expect(blockTexts(help.params.blocks).join("\n")).toMatch(intro);
  });

  it.each([
    ["Aide !", "D0HELPFR", /Je réponds aux questions/],
    ["help", "D0HELPEN", /I answer questions/],
    ["?", "D0HELPQ", /Je réponds aux questions/],
  ])("in a DM: %s", async (word, channel, intro) => {
    await send(stack.baseUrl, eventCallback(messageEvent(word, { channel })));
    const help = await posted(channel, 1);
    expect(blockTexts(help.params.blocks).join("\n")).toMatch(intro);
    // The help is not a question: nothing for the staff report.
    expect(stack.sink.events.items.some((e) => e.type === "question" && e.question === word)).toBe(false);
  });
});
