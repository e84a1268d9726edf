/**
 * Threads belong to people (Assistant.inThread), and a message longer than the limit is read by
 * its questions (cleanQuestion). The adapters' own tests check the same rules end to end.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Assistant } from "../../src/answer/assistant.js";
import { isThanks } from "../../src/answer/conversations.js";
import { cleanQuestion, isQuestionSentence } from "../../src/answer/sanitize.js";
import { loadKnowledge } from "../../src/knowledge/knowledge-base.js";
import type { KnowledgeBase } from "../../src/knowledge/types.js";
import { tempFolder } from "../helpers/knowledge.js";

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

const THREAD = "slack:T1:C1:1700000000.000100";

function opened() {
  const bot = new Assistant({ knowledge: () => kb, rateLimitPerMinute: 0 });
  bot.ask({ text: "code du portail ?", channel: "slack", user: "UASKER", conversation: THREAD });
  const say = (user: string, text: string, mentioned = false) =>
    bot.inThread({ conversation: THREAD, channel: "slack", user, text, mentioned });
  return { bot, say };
}

describe("threads belong to people", () => {
  it("follows the person who asked, without a mention", () => {
    const { say } = opened();
    expect(say("UASKER", "et pour la promo 2 ?")).toEqual({ reply: "answer" });
  });

  it("answers someone else only when they mention the bot, and never hands the thread over", () => {
    const { bot, say } = opened();
    expect(say("UOTHER", "tu candidates toi aussi ?")).toMatchObject({
      reply: "none",
      reason: "not the person who asked (a mention is needed)",
    });
    expect(say("UOTHER", "et le salaire ?", true)).toEqual({ reply: "answer" });
    bot.ask({ text: "et le salaire ?", channel: "slack", user: "UOTHER", conversation: THREAD });
    expect(say("UOTHER", "et la durée ?")).toMatchObject({ reply: "none" });
    expect(say("UASKER", "et la durée ?")).toEqual({ reply: "answer" });
  });

  it("answers a thank-you once, shortly, and only the asker's or a mention", () => {
    const { say } = opened();
    expect(say("UOTHER", "merci, super !")).toMatchObject({
      reply: "none",
      reason: "thank-you from someone else",
    });
    expect(say("UASKER", "merci, super !")).toEqual({
      reply: "thanks",
      text: "Avec plaisir !",
      language: "fr",
    });
    expect(say("UASKER", "merci encore !")).toMatchObject({
      reply: "none",
      reason: "a thank-you was already answered in this thread",
    });
    expect(say("UOTHER", "merci !", true)).toMatchObject({ reply: "none" });
  });

  it("leaves a thread it never answered in alone, unless mentioned", () => {
    const bot = new Assistant({ knowledge: () => kb, rateLimitPerMinute: 0 });
    const msg = { conversation: THREAD, channel: "slack" as const, user: "U1", mentioned: false };
    expect(bot.inThread({ ...msg, text: "et la promo 2 ?" })).toMatchObject({ reply: "none" });
    expect(bot.inThread({ ...msg, text: "thanks a lot", mentioned: true })).toEqual({
      reply: "thanks",
      text: "You're welcome!",
      language: "en",
    });
  });

  it("tells a thank-you from a question that thanks", () => {
    for (const text of ["merci", "Merci, super !", "Thanks a lot", "top merci 🙏", "thank you!"]) {
      expect(isThanks(text), text).toBe(true);
    }
    for (const text of ["merci, et pour la promo 2 ?", "super", "quel est le salaire", ""]) {
      expect(isThanks(text), text).toBe(false);
    }
  });
});

describe("a message longer than the limit is read by its questions", () => {
  const story =
    "Bonjour, je suis data scientist depuis six ans dans une collectivité territoriale. " +
    "J'ai travaillé sur des projets de données ouvertes, de cartographie et d'apprentissage automatique. ".repeat(
      30,
    );
  const tail = " Mon équipe m'encourage à postuler. Quel est le code du portail du jardin ? Merci d'avance.";
  const message = `${story.slice(0, 2_713 - tail.length - 1)}.${tail}`;

  it("keeps the question at the end of a 2,713-character message", () => {
    expect(message.length).toBe(2_713);
    const cleaned = cleanQuestion(message, 2000);
    expect(cleaned).toMatchObject({
      truncated: true,
      kept: "questions",
      text: "Quel est le code du portail du jardin ?",
    });
  });

  it("answers it, with a note that says how the message was read", () => {
    const bot = new Assistant({ knowledge: () => kb, rateLimitPerMinute: 0 });
    const text = `${"Voici mon parcours, long et varié. ".repeat(60)}Comment candidater ? Quel est le code du portail du jardin ?`;
    expect(Array.from(text).length).toBe(2_160);
    const { answer, truncated } = bot.ask({ text, channel: "web" });
    expect(truncated).toBe(true);
    expect(answer.question).toMatch(/code du portail du jardin/);
    expect(answer.notes.join(" ")).toContain("Votre message comptait 2160 caractères");
    expect(answer.notes.join(" ")).toContain("j'en ai lu les questions");
  });

  it("keeps the last question sentences that fit, in their order", () => {
    const many = Array.from({ length: 40 }, (_, i) => `Question numéro ${i} sur le programme ?`).join(" ");
    const cleaned = cleanQuestion(many, 200);
    expect(cleaned.text.length).toBeLessThanOrEqual(200);
    expect(cleaned.text.endsWith("Question numéro 39 sur le programme ?")).toBe(true);
    expect(cleaned.text.startsWith("Question numéro 3")).toBe(true);
  });

  it("recognises question sentences by their mark or their first word", () => {
    expect(isQuestionSentence("Combien d'entrepreneurs par équipe")).toBe(true);
    expect(isQuestionSentence("How do I apply")).toBe(true);
    expect(isQuestionSentence("Peut-on candidater deux fois ?")).toBe(true);
    expect(isQuestionSentence("Je suis data scientist.")).toBe(false);
  });
});
