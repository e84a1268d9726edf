/**
 * `/eig` and the buttons, through the real Bolt App in HTTP mode: private answers with a share
 * button, help, sharing in the channel, and 👍/👎 recorded and thanked.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KnowledgeBase } from "../../../src/knowledge/types.js";
import { shippedKnowledge } from "../../helpers/knowledge.js";
import {
  actionIds,
  answerIdOf,
  appMentionEvent,
  blockTexts,
  buttonClick,
  eventCallback,
  type HttpStack,
  send,
  slashCommand,
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

/** Runs `/eig <text>` and returns what was sent to its response_url. */
async function command(text: string, name: string) {
  const res = await send(stack.baseUrl, slashCommand(text, stack.slack.responseUrl(name)));
  expect(res.status).toBe(200);
  // Acknowledged with an empty body: the answer goes through response_url.
  expect(res.text).toBe("");
  return stack.slack.waitFor("response_url", (c) => c.path === name);
}

describe("/eig", () => {
  it("answers privately with a share button and the feedback buttons", async () => {
    const reply = await command("Quelle est la date limite pour candidater ?", "cmd-answer");
    expect(reply.params.response_type).toBe("ephemeral");
    expect(actionIds(reply.params.blocks)).toEqual(["eig_share", "eig_feedback_up", "eig_feedback_down"]);
    const share = (
      reply.params.blocks as Array<{ type: string; elements?: Array<{ text?: { text: string } }> }>
    ).find((b) => b.type === "actions")?.elements?.[0]?.text?.text;
    expect(share).toBe("Partager dans le canal");
    expect(blockTexts(reply.params.blocks).some((t) => t.includes("<https://"))).toBe(true);
    // Nothing was posted publicly.
    expect(stack.slack.callsOf("chat.postMessage")).toHaveLength(0);
  });

  it.each([
    ["", "cmd-empty", "`/eig Quelle est la date limite pour candidater ?`"],
    ["aide", "cmd-aide", "`/eig Quelle est la date limite pour candidater ?`"],
    ["help", "cmd-help", "`/eig What is the deadline to apply?`"],
  ])("shows the help with example questions for %j", async (text, name, example) => {
    const reply = await command(text, name);
    expect(reply.params.response_type).toBe("ephemeral");
    expect(blockTexts(reply.params.blocks).join("\n")).toContain(example);
    expect(actionIds(reply.params.blocks)).toEqual([]);
  });

  it("labels the buttons in English for an English answer", async () => {
    const reply = await command("What is the deadline to apply?", "cmd-english");
    const actions = (
      reply.params.blocks as Array<{
        type: string;
        block_id?: string;
        elements?: Array<{ text?: { text: string } }>;
      }>
    ).find((b) => b.type === "actions");
    expect(actions?.block_id).toBe("eig_actions:en");
    expect(actions?.elements?.[0]?.text?.text).toBe("Share in channel");
  });

  it("apologises privately when answering throws", async () => {
    broken = true;
    try {
      const reply = await command("Quelle est la date limite ?", "cmd-broken");
      expect(reply.params.response_type).toBe("ephemeral");
      expect(String(reply.params.text)).toMatch(/Désolé/);
    } finally {
      broken = false;
    }
  });

  it("apologises when the response_url refuses the answer", async () => {
    stack.slack.fail("response_url", "invalid_blocks");
    await send(
      stack.baseUrl,
      slashCommand("Quelle est la date limite ?", stack.slack.responseUrl("cmd-refused")),
    );
    const apology = await stack.slack.waitFor(
      "response_url",
      (c) => c.path === "cmd-refused" && /Désolé/.test(String(c.params.text)),
    );
    expect(apology.params.response_type).toBe("ephemeral");
    expect(stack.slack.callsOf("response_url").filter((c) => c.path === "cmd-refused")).toHaveLength(2);
  });
});

describe("share button", () => {
  it("posts the private answer in the channel, says who shared it, and removes the private copy", async () => {
    const reply = await command("Combien d'entrepreneurs par équipe ?", "share-source");
    const id = answerIdOf(reply.params.blocks);
    expect(id).toBeDefined();
    const click = buttonClick({
      actionId: "eig_share",
      value: id ?? "",
      responseUrl: stack.slack.responseUrl("share-click"),
      ephemeral: true,
    });
    expect((await send(stack.baseUrl, click)).status).toBe(200);
    const shared = await stack.slack.waitFor("response_url", (c) => c.path === "share-click");
    expect(shared.params.response_type).toBe("in_channel");
    expect(shared.params.replace_original).toBe(false);
    const texts = blockTexts(shared.params.blocks);
    expect(texts[0]).toMatch(/^Partagé par <@U0ASKER> · Question : Combien d'entrepreneurs par équipe \?$/);
    // The public copy has the feedback buttons, not the share button.
    expect(actionIds(shared.params.blocks)).toEqual(["eig_feedback_up", "eig_feedback_down"]);
    const removed = await stack.slack.waitFor(
      "response_url",
      (c) => c.path === "share-click" && c.params.delete_original === true,
    );
    expect(removed).toBeDefined();
  });

  it("says so privately when the answer is no longer remembered", async () => {
    const click = buttonClick({
      actionId: "eig_share",
      value: "00000000-forgotten",
      responseUrl: stack.slack.responseUrl("share-forgotten"),
      ephemeral: true,
    });
    await send(stack.baseUrl, click);
    const reply = await stack.slack.waitFor("response_url", (c) => c.path === "share-forgotten");
    expect(reply.params.response_type).toBe("ephemeral");
    expect(reply.params.replace_original).toBe(false);
    expect(String(reply.params.text)).toMatch(/ne retrouve plus/);
  });

  it("apologises privately when posting in the channel fails", async () => {
    const reply = await command("Quel est le salaire ?", "share-ko-source");
    stack.slack.fail("response_url", "expired_url");
    const click = buttonClick({
      actionId: "eig_share",
      value: answerIdOf(reply.params.blocks) ?? "",
      responseUrl: stack.slack.responseUrl("share-ko"),
      ephemeral: true,
    });
    await send(stack.baseUrl, click);
    const apology = await stack.slack.waitFor(
      "response_url",
      (c) => c.path === "share-ko" && c.params.response_type === "ephemeral",
    );
    expect(String(apology.params.text)).toMatch(/Désolé/);
  });
});

describe("feedback buttons", () => {
  async function publicAnswer(channel: string) {
    const event = appMentionEvent("Quelle est la date limite pour candidater ?", { channel });
    await send(stack.baseUrl, eventCallback(event));
    const post = await stack.slack.waitFor("chat.postMessage", (c) => c.params.channel === channel);
    return { post, id: answerIdOf(post.params.blocks) ?? "" };
  }

  function click(
    id: string,
    channel: string,
    name: string,
    fields: Partial<Parameters<typeof buttonClick>[0]> = {},
  ) {
    return buttonClick({
      actionId: "eig_feedback_up",
      value: id,
      channel,
      responseUrl: stack.slack.responseUrl(name),
      message: { ts: "1700000100.000042", text: "answer", blocks: [] },
      ...fields,
    });
  }

  const votesOn = (id: string) =>
    stack.sink.events.items.filter((e) => e.type === "feedback" && e.answerId === id);

  it("records a 👍 and thanks the voter alone: the shared message is not edited, its buttons stay", async () => {
    const { post, id } = await publicAnswer("C0VOTE");
    expect((await send(stack.baseUrl, click(id, "C0VOTE", "vote-up"))).status).toBe(200);
    const thanks = await stack.slack.waitFor("response_url", (c) => c.path === "vote-up");
    expect(thanks.params).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(String(thanks.params.text)).toMatch(/Merci pour votre retour/);
    expect(stack.slack.callsOf("chat.update")).toHaveLength(0);
    expect(actionIds(post.params.blocks)).toEqual(["eig_feedback_up", "eig_feedback_down"]);

    const vote = await stack.sink.events.waitFor(
      (e) => e.type === "feedback" && e.answerId === id,
      "feedback",
    );
    expect(vote).toMatchObject({ type: "feedback", vote: "up", channel: "slack", kind: "date" });
    expect(vote.type === "feedback" && vote.sources?.length).toBeGreaterThan(0);
    // The voter is only stored as a salted hash.
    expect(vote.user).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(vote)).not.toContain("U0ASKER");
  });

  it("one vote per person: a second click changes nothing, someone else still votes", async () => {
    const { id } = await publicAnswer("C0VOTETWICE");
    await send(stack.baseUrl, click(id, "C0VOTETWICE", "twice-1"));
    await stack.slack.waitFor("response_url", (c) => c.path === "twice-1");
    await send(stack.baseUrl, click(id, "C0VOTETWICE", "twice-2", { actionId: "eig_feedback_down" }));
    const again = await stack.slack.waitFor("response_url", (c) => c.path === "twice-2");
    expect(again.params).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(String(again.params.text)).toMatch(/déjà voté/);
    await send(
      stack.baseUrl,
      click(id, "C0VOTETWICE", "twice-3", { actionId: "eig_feedback_down", user: "U0OTHER" }),
    );
    await stack.slack.waitFor("response_url", (c) => c.path === "twice-3");
    expect(votesOn(id).map((e) => e.type === "feedback" && e.vote)).toEqual(["up", "down"]);
    expect(stack.slack.callsOf("chat.update")).toHaveLength(0);
  });

  it("records a 👎 on a private answer and thanks without replacing it", async () => {
    const reply = await command("Quel est le salaire ?", "vote-private-source");
    const id = answerIdOf(reply.params.blocks) ?? "";
    await send(
      stack.baseUrl,
      click(id, "C0GENERAL", "vote-private", {
        actionId: "eig_feedback_down",
        ephemeral: true,
        message: undefined,
      }),
    );
    const thanks = await stack.slack.waitFor("response_url", (c) => c.path === "vote-private");
    expect(thanks.params).toMatchObject({ response_type: "ephemeral", replace_original: false });
    const vote = await stack.sink.events.waitFor(
      (e) => e.type === "feedback" && e.answerId === id,
      "feedback",
    );
    expect(vote).toMatchObject({ vote: "down" });
  });

  it("refuses, in the answer's language, a vote on an id the bot never gave, and records nothing", async () => {
    await send(stack.baseUrl, click("forged-id", "C0VOTEEN", "vote-en", { blockId: "eig_actions:en" }));
    const refused = await stack.slack.waitFor("response_url", (c) => c.path === "vote-en");
    expect(String(refused.params.text)).toMatch(/does not know this answer/);
    expect(votesOn("forged-id")).toHaveLength(0);
  });

  it("thanks through chat.postEphemeral when the response_url is refused", async () => {
    const { id } = await publicAnswer("C0VOTEKO");
    stack.slack.fail("response_url", "expired_url");
    await send(stack.baseUrl, click(id, "C0VOTEKO", "vote-ko"));
    const thanks = await stack.slack.waitFor("chat.postEphemeral", (c) => c.params.channel === "C0VOTEKO");
    expect(thanks.params.user).toBe("U0ASKER");
    expect(String(thanks.params.text)).toMatch(/Merci pour votre retour/);
    const failures = stack.logs.items.filter(
      (l) => l.level === 50 && l.msg === "slack: answering a vote failed" && l.answerId === id,
    );
    expect(failures.map((l) => l.how)).toEqual(["response_url"]);
  });
});
