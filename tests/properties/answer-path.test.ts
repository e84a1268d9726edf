/**
 * Property-based tests (fast-check) over the whole answer path: whatever a user types goes through
 * the Assistant (cleaning, cutting, rate limit, follow-ups, answer) and every renderer (Slack Block
 * Kit, Mattermost Markdown, plain text, the web API's JSON). For any input:
 * - nothing throws, and the answer comes back within a generous bound (a guard against
 *   catastrophic backtracking, not a speed measure: speed is `npm run bench`'s job);
 * - the question the engine saw has no control or zero-width characters and is at most the limit;
 * - Slack blocks are valid Block Kit within its limits, Mattermost text under its post limit, and
 *   neither can notify a whole channel or anyone; no unescaped `<` reaches Slack;
 * - the Answer survives JSON (the web API and `--json`) unchanged.
 * The inputs mix random Unicode with the programme's own words, so that real answers (lists of
 * défis, quotes, sources) are rendered too, not only "I don't know".
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { Assistant } from "../../src/answer/assistant.js";
import type { Answer } from "../../src/answer/types.js";
import { loadKnowledge } from "../../src/knowledge/knowledge-base.js";
import type { KnowledgeBase } from "../../src/knowledge/types.js";
import { MATTERMOST_POST_LIMIT, renderMattermost } from "../../src/render/mattermost.js";
import { renderAnswer, SLACK_LIMITS } from "../../src/render/slack.js";
import { renderText } from "../../src/render/text.js";
import { shippedKnowledge, siteKnowledge, TODAY, tempFolder } from "../helpers/knowledge.js";

const MAX_QUESTION = 2_000;
/** Far above any real answer (a few ms): only a runaway regex or loop would reach it. */

let shipped: KnowledgeBase;
let site: KnowledgeBase;

beforeAll(async () => {
  [shipped, site] = await Promise.all([shippedKnowledge(), siteKnowledge()]);
});

// ---------------------------------------------------------------------------------------------
// Inputs

const vocabulary = fc.constantFrom(
  "date limite",
  "candidater",
  "promo 2",
  "promotion 3",
  "EIG 3",
  "défis",
  "combien",
  "équipe",
  "étudiant",
  "salaire",
  "deadline",
  "team",
  "how many",
  "CibNAV",
  "mentors",
  "contact",
  "durée",
  "critères",
  "et pour la promo 1 ?",
);
const hostile = fc.constantFrom(
  "<!channel>",
  "<!here>",
  "<!everyone>",
  "<!subteam^S123|@staff>",
  "<@U123>",
  "@channel",
  "@here",
  "@all",
  "@everyone",
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
  "[lien](javascript:alert(1))",
  "**gras** _it_ `code` ```bloc```",
  "> citation",
  "# titre",
  "(a+)+$",
  "^.*.*.*.*.*=$",
  "[[[[((((",
  "\\",
  "$&$1",
  "{{ site.baseurl }}",
  "{% raw %}",
  "&amp;&lt;&gt;",
  "\u0000\u0007\u001b[31m",
  "\u200b\u200c\u200d\u2060\ufeff",
  "\u202e\u2066",
  "\ud800",
  "👩🏽‍💻🇫🇷",
  "\r\n\t",
  "%00%0a",
  "' OR 1=1 --",
);
const anyText = fc.string({ unit: "binary", maxLength: 200 });
const graphemes = fc.string({ unit: "grapheme", maxLength: 200 });
const question = fc
  .array(fc.oneof(vocabulary, hostile, anyText, graphemes), { minLength: 0, maxLength: 12 })
  .map((parts) => parts.join(" "));

// ---------------------------------------------------------------------------------------------
// What a valid Slack message is: the block types and fields the renderer may use, with Slack's limits.

const mrkdwn = z.object({ type: z.literal("mrkdwn"), text: z.string().min(1).max(SLACK_LIMITS.sectionText) });
const plain = z.object({
  type: z.literal("plain_text"),
  text: z.string().min(1).max(75),
  emoji: z.boolean().optional(),
});
const button = z.object({
  type: z.literal("button"),
  action_id: z.string().min(1).max(255),
  text: plain,
  value: z.string().max(SLACK_LIMITS.buttonValue).optional(),
  style: z.enum(["primary", "danger"]).optional(),
  accessibility_label: z.string().max(75).optional(),
});
const blockId = z.string().min(1).max(255).optional();
const block = z.discriminatedUnion("type", [
  z.object({ type: z.literal("section"), block_id: blockId, text: mrkdwn }).strict(),
  z
    .object({
      type: z.literal("context"),
      block_id: blockId,
      elements: z
        .array(mrkdwn.extend({ text: z.string().min(1).max(SLACK_LIMITS.contextElementText) }))
        .min(1)
        .max(SLACK_LIMITS.contextElements),
    })
    .strict(),
  z
    .object({ type: z.literal("actions"), block_id: blockId, elements: z.array(button).min(1).max(25) })
    .strict(),
  z.object({ type: z.literal("divider"), block_id: blockId }).strict(),
  z
    .object({
      type: z.literal("header"),
      block_id: blockId,
      text: plain.extend({ text: z.string().min(1).max(150) }),
    })
    .strict(),
]);
const slackMessage = z.object({
  text: z.string().min(1).max(40_000),
  blocks: z.array(block).min(1).max(SLACK_LIMITS.messageBlocks),
});

/** Texts Slack reads as markup: the fallback and every mrkdwn field. */
function slackTexts(message: { text: string; blocks: unknown[] }): string[] {
  const texts = [message.text];
  for (const b of message.blocks as { text?: { text: string }; elements?: { text?: unknown }[] }[]) {
    if (b.text?.text) texts.push(b.text.text);
    for (const e of b.elements ?? []) if (typeof e.text === "string") texts.push(e.text);
  }
  return texts;
}

/**
 * True when Slack could read a mention or a broadcast in `text`, or when a `<` is left unescaped:
 * the only `<…>` allowed are the renderer's own links `<https://…|label>`, and `> ` opening a quote line.
 */
function unsafeForSlack(text: string): string | undefined {
  // A `>` opening a line is Slack's quote syntax, written by the renderer on purpose.
  const withoutLinks = text.replace(/<https?:\/\/[^\s|<>]+\|[^<>]*>/g, "").replace(/^> /gm, "");
  if (/[<>]/.test(withoutLinks)) return "unescaped < or >";
  if (/@(channel|here|everyone)/i.test(withoutLinks)) return "broadcast word";
  if (/&(?!amp;|lt;|gt;)/.test(withoutLinks)) return "unescaped &";
  return undefined;
}

/** A Mattermost mention left live: `@` not followed by the word joiner the renderer inserts. */
const LIVE_MATTERMOST = /(^|[^\p{L}\p{N}_])@(?!\u200D)|<!/u;

const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060\uFEFF]/;

function checkAll(answer: Answer, asked: string): void {
  expect(INVISIBLE.test(answer.question)).toBe(false);
  // No half of a UTF-16 pair left alone: the text stays valid once encoded as UTF-8.
  expect(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(answer.question)).toBe(
    false,
  );
  expect(Array.from(answer.question).length).toBeLessThanOrEqual(MAX_QUESTION);

  for (const share of [false, true]) {
    const message = renderAnswer(answer, { share });
    const parsed = slackMessage.safeParse(message);
    if (!parsed.success)
      throw new Error(`invalid Block Kit for ${JSON.stringify(asked)}: ${parsed.error.message}`);
    for (const text of slackTexts(message)) {
      const problem = unsafeForSlack(text);
      if (problem)
        throw new Error(`${problem} in Slack text for ${JSON.stringify(asked)}: ${JSON.stringify(text)}`);
    }
  }

  const mattermost = renderMattermost(answer);
  expect(Array.from(mattermost).length).toBeLessThanOrEqual(MATTERMOST_POST_LIMIT);
  if (LIVE_MATTERMOST.test(mattermost.replace(/\]\([^)]*\)/g, "]()"))) {
    throw new Error(`live mention in Mattermost text for ${JSON.stringify(asked)}: ${mattermost}`);
  }

  const text = renderText(answer);
  expect(text.length).toBeGreaterThan(0);

  // What goes out as JSON (the web API, --json) comes back as the same Answer: no Date, Map,
  // function, NaN or undefined hidden in it.
  const roundTrip: unknown = JSON.parse(JSON.stringify(answer));
  expect(roundTrip).toStrictEqual(answer);
}

/** One answer; a hang is caught by the test's own timeout, never by a clock read here. */
function askOnce(assistant: Assistant, text: string, conversation?: string): Answer {
  return assistant.ask({ text, channel: "web", user: "prop", conversation }).answer;
}

describe("the answer path, for any input (property)", () => {
  it("on the shipped knowledge: never throws, stays bounded, renders safely everywhere", () => {
    const assistant = new Assistant({
      knowledge: () => shipped,
      today: () => TODAY,
      rateLimitPerMinute: 0,
      maxQuestionLength: MAX_QUESTION,
    });
    let answered = 0;
    fc.assert(
      fc.property(question, fc.boolean(), (text, inThread) => {
        const answer = askOnce(assistant, text, inThread ? "thread-1" : undefined);
        if (answer.answered) answered += 1;
        checkAll(answer, text);
      }),
      { numRuns: 400 },
    );
    // The mixed inputs must reach real answers too, or the renderers were only shown refusals.
    expect(answered).toBeGreaterThan(20);
  });

  it("on the programme website's corpus as well", () => {
    const assistant = new Assistant({ knowledge: () => site, today: () => TODAY, rateLimitPerMinute: 0 });
    fc.assert(
      fc.property(question, (text) => checkAll(askOnce(assistant, text), text)),
      { numRuns: 150 },
    );
  });

  it("cuts huge inputs (100,000 characters of anything) with a note, without throwing", () => {
    const assistant = new Assistant({ knowledge: () => shipped, today: () => TODAY, rateLimitPerMinute: 0 });
    fc.assert(
      fc.property(fc.oneof(vocabulary, hostile, anyText), (unit) => {
        const repeats = Math.ceil(100_000 / Math.max(1, unit.length + 1));
        const text = `${unit} `.repeat(repeats).slice(0, 100_000);
        const answer = askOnce(assistant, text);
        checkAll(answer, text.slice(0, 80));
        if (Array.from(text.trim()).length > MAX_QUESTION && answer.question.length > 0) {
          expect(answer.notes.join(" ")).toMatch(/coupé|cut|que je lis|than the [0-9 ,]* I read/);
        }
      }),
      { numRuns: 25 },
    );
  });

  it("renders hostile knowledge safely: mentions, markup and odd characters in what it quotes", async () => {
    // The user's words are not echoed, so the renderers' escaping is exercised by what the bot
    // quotes: documents whose title, headings, text, table cells and url carry hostile pieces.
    const piece = fc.oneof(
      hostile,
      graphemes,
      anyText.map((t) => t.replace(/[\r\n]/g, " ")),
    );
    const line = fc.array(piece, { minLength: 1, maxLength: 4 }).map((parts) => parts.join(" "));
    let quoted = 0;
    await fc.assert(
      fc.asyncProperty(line, line, line, line, async (title, heading, text, cell) => {
        // Quoted YAML strings: control characters and lone surrogates would make the file unreadable.
        // biome-ignore lint/suspicious/noControlCharactersInRegex: replacing control characters is the point.
        const yaml = (v: string) => JSON.stringify(v.replace(/[\u0000-\u001f\u007f\ud800-\udfff]/g, " "));
        const document = [
          "---",
          `title: ${yaml(`Calendrier ${title}`)}`,
          "date: 2018-09-10",
          `url: ${yaml(`https://example.org/a?b=${cell}&c=<d>`)}`,
          "kind: article",
          "promotion: 3",
          "---",
          "",
          `# Candidatures ${heading}`,
          "",
          `La clôture de l'appel à candidatures aura lieu le 15 octobre 2018 à 17h ${text}.`,
          "",
          "| Défi | Administration |",
          "| --- | --- |",
          `| Zorglub ${cell.replace(/\|/g, " ")} | Ministère ${text.replace(/\|/g, " ")} |`,
          "",
        ].join("\n");
        const folder = await tempFolder({ "hostile.md": document });
        try {
          const kb = await loadKnowledge(folder.dir);
          const assistant = new Assistant({ knowledge: () => kb, today: () => TODAY, rateLimitPerMinute: 0 });
          for (const q of ["Quelle est la date limite de candidature ?", "C'est quoi le défi Zorglub ?"]) {
            const answer = askOnce(assistant, q);
            if (answer.quotes.length > 0) quoted += 1;
            checkAll(answer, q);
          }
        } finally {
          await folder.cleanup();
        }
      }),
      { numRuns: 40 },
    );
    expect(quoted).toBeGreaterThan(40);
  });

  it("answers a rate-limited user politely, in every renderer", () => {
    const assistant = new Assistant({ knowledge: () => shipped, today: () => TODAY, rateLimitPerMinute: 1 });
    fc.assert(
      fc.property(question, (text) => {
        const outcome = assistant.ask({ text, channel: "slack", user: "U-flood" });
        checkAll(outcome.answer, text);
      }),
      { numRuns: 50 },
    );
  });
});
