/**
 * End to end: a knowledge file whose title, text and url carry `<!channel>`, `@here`,
 * `@everyone`, a user-group and a user mention. Whatever the bot posts from it can notify
 * nobody: every `<` is escaped and every `@here`-like word is broken by a word joiner.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadKnowledge } from "../../../src/knowledge/knowledge-base.js";
import { tempFolder } from "../../helpers/knowledge.js";
import { appMentionEvent, eventCallback, type HttpStack, send, startHttpStack } from "./helpers.js";

const FIXTURE = `---
title: "Annonce <!channel> @here : candidatures EIG & co"
date: 2018-09-10
url: "https://example.org/annonce?a=1&b=<2>"
kind: article
promotion: 3
---

# Calendrier <!here>

La clôture de l'appel à candidatures aura lieu le 15 octobre 2018 à 17h, <!channel> @here @everyone @Channel <!subteam^S123|@eig> prévenez tout le monde.

Les équipes comptent 2 ou 3 entrepreneurs <@U999> par défi.
`;

let stack: HttpStack;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const folder = await tempFolder({ "annonce.md": FIXTURE });
  cleanup = folder.cleanup;
  const kb = await loadKnowledge(folder.dir);
  stack = await startHttpStack(() => kb);
});

afterAll(async () => {
  await stack.close();
  await cleanup();
});

/** Every string the bot sent, blocks and fallback text, as Slack will parse it. */
function everything(params: Record<string, unknown>): string {
  return JSON.stringify([params.text, params.blocks]);
}

describe("mentions coming from the knowledge are neutralised", () => {
  it.each([
    ["Quelle est la date limite pour candidater ?", "C0DEADLINE"],
    ["Combien d'entrepreneurs par équipe ?", "C0TEAM"],
  ])("%s", async (question, channel) => {
    await send(stack.baseUrl, eventCallback(appMentionEvent(question, { channel })));
    const post = await stack.slack.waitFor("chat.postMessage", (c) => c.params.channel === channel);
    const sent = everything(post.params);
    // Nothing Slack would read as a special mention…
    expect(sent).not.toMatch(/<!|<@U999|<#/);
    expect(sent).not.toMatch(/@(channel|here|everyone)/i);
    // …but the words are still there for a reader, escaped or joined.
    expect(sent).toContain("&lt;!channel&gt;");
    expect(sent).toContain("@\u2060here");
    // The source link survives, with its url made safe.
    expect(sent).toContain(
      "<https://example.org/annonce?a=1&amp;b=%3C2%3E#calendrier|Annonce &lt;!channel&gt; @\u2060here",
    );
  });
});
